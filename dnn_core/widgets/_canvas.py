"""Showing a matplotlib Figure live in JupyterLab, on an ipympl canvas widget.

``live_figure`` makes the Figure and its canvas without touching pyplot's state.
``ImageRequests`` asks the browser for a new image until it has one. ``Blitter`` is for a
figure that changes many times a second (the playground): drawing a whole figure with Agg
and sending it as PNG costs more than a frame's budget (ticks, labels and legends are slow to
draw), so, as matplotlib's animations do, it draws everything that stays the same once into
a saved background and, for each new image, restores that background and draws only the
``moving`` artists on top; ipympl then sends only the pixels that changed.
"""

import asyncio
import warnings

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


class Blitter:
    """Renders ``fig`` on its ipympl ``canvas``: a saved background plus ``moving`` artists."""

    def __init__(self, fig, canvas, moving, retry_every=0.25):
        self.fig, self.canvas, self.moving = fig, canvas, moving
        self._background, self._renderer = None, None
        canvas.handle_draw = lambda event: self.render()  # ipympl: the browser wants an image
        self.request = ImageRequests(canvas, retry_every).request  # repeats until rendered

    def stale(self):
        """Something in the background changed: draw it again at the next ``render()``."""
        self._background = None

    def render(self):
        """Draw into the canvas and send the changed pixels to the browser. The background is
        drawn again after ``stale()`` or with a new renderer (the browser changed the size or
        the pixel ratio)."""
        canvas = self.canvas
        renderer = canvas.get_renderer()
        if self._background is None or self._renderer is not renderer:
            shown = [artist for artist in self.moving if artist.get_visible()]
            for artist in shown:
                artist.set_visible(False)
            try:
                self.fig.draw(renderer)
            finally:
                for artist in shown:
                    artist.set_visible(True)
            self._background, self._renderer = canvas.copy_from_bbox(self.fig.bbox), renderer
        else:
            canvas.restore_region(self._background)
        for artist in self.moving:
            if artist.get_visible():
                artist.axes.draw_artist(artist)
        canvas.blit()  # ipympl: encode the changed pixels as PNG, send them to the browser
