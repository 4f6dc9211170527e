"""Plumbing shared by every interactive explorer.

An explorer is built by one function (``activation_explorer()``, ...) and is
an ``Explorer``: ``.ui`` is its ipywidgets tree, ``.state`` a plain dict of
what it shows, ``.fig`` its matplotlib Figure (drawn on an ipympl canvas).
Tests drive an explorer without a browser: set widget values, call
``.click(button)``, then read ``.state`` and the figure's artists.

Displayed in a notebook, an explorer shows the live widget; readers without
a kernel (GitHub, nbviewer) see a PNG of the figure in its place.
"""

import asyncio
import base64
import io
import time
import traceback
import warnings

import ipywidgets as w
from matplotlib.figure import Figure

from ..plots.style import RC, style

MAX_WIDTH_PX = 840  # fits JupyterLab's output area on a laptop with the file browser open


def live_figure(figsize=(8, 3.5), nrows=1, ncols=1, layout="constrained", **subplot_kw):
    """A Figure on an ipympl canvas widget, without touching pyplot's state.

    Returns (fig, axes, canvas); put ``canvas`` in the widget tree. ``layout`` is
    matplotlib's layout engine; pass None for fixed margins (``fig.subplots_adjust``),
    which spares a figure redrawn many times a second the layout pass of every draw.
    A figure wider than ``MAX_WIDTH_PX`` pixels is drawn at a lower dpi (everything
    scales together), so the canvas is never cut off at the output area's edge.
    """
    from ipympl.backend_nbagg import Canvas, FigureManager

    dpi = min(RC["figure.dpi"], MAX_WIDTH_PX / figsize[0])
    with style():
        fig = Figure(figsize=figsize, dpi=dpi, layout=layout)
        axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    with warnings.catch_warnings():  # ipympl's Toolbar passes traitlets an argument it warns about
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        canvas = Canvas(fig)
        FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    return fig, axes, canvas


class ImageRequests:
    """Ask the browser view of an ipympl canvas for a new image, until it has one.

    ``canvas.draw_idle()`` sends the browser a request, and the browser fetches
    the image. A request that arrives while the browser still waits for the
    previous image is dropped, so a figure changed many times a second could
    stay one image behind when the changes stop (after Pause, say). ``request()``
    therefore repeats itself every ``retry_every`` seconds until the canvas has
    drawn. Without a running event loop (a script, a headless test) it only sends
    the one request.
    """

    def __init__(self, canvas, retry_every=0.25):
        self.canvas, self.retry_every, self.pending, self._retry = canvas, retry_every, False, None
        handle_draw = canvas.handle_draw  # ipympl calls it when the browser wants the image

        def drawn(event):
            self.pending = False
            return handle_draw(event)

        canvas.handle_draw = drawn

    def request(self, retries=8):
        self.pending = True
        self.canvas.draw_idle()
        if self._retry is None and retries > 0:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            self._retry = loop.call_later(self.retry_every, self._ask_again, retries - 1)

    def _ask_again(self, retries):
        self._retry = None
        if self.pending:
            self.request(retries)


class Explorer:
    """A widget tree, the state it shows and its figure, displayable in Jupyter."""

    def __init__(self, ui, fig, state=None):
        self.ui, self.fig, self.state = ui, fig, state if state is not None else {}
        self._images = None

    def redraw(self):
        """Ask the browser for a new image of the figure (see ``ImageRequests``)."""
        if self._images is None or self._images.canvas is not self.fig.canvas:
            self._images = ImageRequests(self.fig.canvas)
        self._images.request()

    def png(self):
        """The figure as PNG bytes (what static readers see)."""
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png")
        return buffer.getvalue()

    @staticmethod
    def click(button):
        """Press a Button from Python, as a test or a script would."""
        button.click()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.ui._repr_mimebundle_(include=include, exclude=exclude)
        bundle["image/png"] = base64.b64encode(self.png()).decode("ascii")
        bundle["text/plain"] = f"{type(self).__name__}: run this notebook in JupyterLab to interact"
        return bundle


class FrameLoop:
    """Call ``frame()`` again and again on the kernel's event loop until it returns
    False or ``stop()`` is called, yielding between frames so that the kernel
    keeps handling button clicks and slider moves while training runs.

    In a kernel (ipykernel 6 and 7) cells and widget callbacks run inside the
    kernel's asyncio loop, so ``start()`` schedules an asyncio task there; the
    task sleeps ``pause`` seconds after each frame, and in that gap the kernel
    handles the widget messages that arrived during the frame (a Pause click, a
    slider move). Without a running event loop (a script, a headless test)
    nothing can run in the background: ``start()`` then only marks the loop as
    running, until ``stop()``; call ``frame()`` yourself there.

    ``period`` (optional) caps the frame rate: after a frame the loop sleeps
    until ``period`` seconds have passed since the frame began, and at least
    ``pause``. Frames much faster than the browser can show them only queue
    messages between kernel and browser, and a click then waits behind them.

    A frame that raises stops the loop; the exception is kept in ``error`` and
    its traceback printed (in JupyterLab it shows in the cell or the log console).
    """

    def __init__(self, frame, pause=0.01, period=0.0):
        self.frame, self.pause, self.period, self.task = frame, pause, period, None
        self.error, self._active = None, False

    @property
    def running(self):
        """True from ``start()`` until ``stop()``, a frame returning False, or an error."""
        return self._active and (self.task is None or not self.task.done())

    def start(self):
        """Start the frames (if not already running); returns the asyncio task, or None."""
        if not self.running:
            self._active, self.error, self.task = True, None, None
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no event loop runs here: headless
                return None
            self.task = loop.create_task(self._run())
        return self.task

    def stop(self):
        """Stop: no frame starts after this (a sleeping task is cancelled at once)."""
        self._active = False
        if self.task is not None and not self.task.done() and self.task is not _current_task():
            self.task.cancel()

    async def _run(self):
        try:
            while self._active:
                began = time.perf_counter()
                if self.frame() is False or not self._active:
                    break
                await asyncio.sleep(max(self.pause, began + self.period - time.perf_counter()))
        except Exception as error:  # noqa: BLE001 -- a background task must not fail silently
            self.error = error
            traceback.print_exc()
        finally:
            if self.task is asyncio.current_task():  # not a newer task started since
                self._active = False


def _current_task():
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running event loop
        return None


def labelled(widget, label, width="110px"):
    """The widget with a fixed-width label on its left, for tidy control panels."""
    return w.HBox([w.Label(label, layout=w.Layout(width=width)), widget])
