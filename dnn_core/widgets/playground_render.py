"""Showing a figure that changes many times a second on an ipympl canvas, cheaply.

Drawing a whole matplotlib figure with Agg and sending it to the browser as PNG costs more
than the playground's 100 ms budget for a frame (ticks, labels and legends are slow to draw).
``Blitter`` does what matplotlib's animations do instead: it draws everything that stays the
same once into a saved background, and for each new image restores that background and draws
only the ``moving`` artists on top. ipympl then sends only the pixels that changed.

The browser asks for each image (ipympl's ``draw_idle`` sends it a request) and asks again only
once the previous image has arrived, so every PNG of changed pixels lands on the picture it was
computed against. A request that comes while the browser still waits is dropped by the
browser, so ``request()`` repeats itself until an image has been rendered.
"""

from ._base import ImageRequests


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
