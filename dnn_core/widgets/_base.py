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

import ipywidgets as w
from matplotlib.figure import Figure

from ..plots.style import RC, style


def live_figure(figsize=(8, 3.5), nrows=1, ncols=1, **subplot_kw):
    """A Figure on an ipympl canvas widget, without touching pyplot's state.

    Returns (fig, axes, canvas); put ``canvas`` in the widget tree.
    """
    from ipympl.backend_nbagg import Canvas, FigureManager

    with style():
        fig = Figure(figsize=figsize, dpi=RC["figure.dpi"], layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    canvas = Canvas(fig)
    FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    return fig, axes, canvas


class Explorer:
    """A widget tree, the state it shows and its figure, displayable in Jupyter."""

    def __init__(self, ui, fig, state=None):
        self.ui, self.fig, self.state = ui, fig, state if state is not None else {}

    def redraw(self):
        """Ask the canvas to redraw (the browser fetches the new image)."""
        self.fig.canvas.draw_idle()

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
    keeps handling button clicks and slider moves while training runs."""

    def __init__(self, frame, pause=0.01):
        self.frame, self.pause, self.task = frame, pause, None

    @property
    def running(self):
        return self.task is not None and not self.task.done()

    def start(self):
        if not self.running:
            self.task = asyncio.get_event_loop().create_task(self._run())
        return self.task

    def stop(self):
        if self.running:
            self.task.cancel()

    async def _run(self):
        while self.frame() is not False:
            await asyncio.sleep(self.pause)


def labelled(widget, label, width="110px"):
    """The widget with a fixed-width label on its left, for tidy control panels."""
    return w.HBox([w.Label(label, layout=w.Layout(width=width)), widget])
