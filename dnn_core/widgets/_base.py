"""``Explorer``: what every interactive explorer of the notebooks is built on.

An explorer has
    controls   a dict, name -> widget (sliders, menus, buttons, readouts), one for every
               explorer, so a test or a script sets ``controls["depth"].value = 25``
    state      a plain dict of what it shows (tests read it)
    fig        its matplotlib Figure, on an ipympl canvas
    ui         the widget tree (the controls laid out around the canvas)
    update()   redraws from the controls; called whenever a control in ``watch`` changes

and, if it trains or steps (``add_loop``), Train/Pause, Step and Reset buttons that run
``frame()`` again and again on the kernel's event loop (``FrameLoop``). Tests drive it without
a browser: set a control, ``click`` a button or call ``run_frames(n)``, then read ``state`` and
the figure's artists. Displayed in a notebook, an explorer shows the live widget; readers
without a kernel (GitHub, nbviewer) see a PNG of the figure in its place.
"""

import base64
import io

import ipywidgets as w

from ._canvas import ImageRequests, live_figure
from ._loop import FrameLoop

__all__ = ["Explorer", "FrameLoop", "labelled", "live_figure"]


class Explorer:
    """Controls, state and a figure, displayable in Jupyter; see the module docstring."""

    run_label = "Train"  # the Train/Pause button's label when paused

    def __init__(self, fig, controls, ui=None, state=None, watch=()):
        self.fig, self.controls, self.ui = fig, dict(controls), ui
        self.state = {} if state is None else state
        self.loop, self._images = None, None
        for name in watch:
            self.controls[name].observe(self.update, names="value")

    def update(self, change=None):
        """Show what the controls now say (subclasses draw here)."""

    def redraw(self):
        """Ask the browser for a new image of the figure (see ``ImageRequests``)."""
        if self._images is None or self._images.canvas is not self.fig.canvas:
            self._images = ImageRequests(self.fig.canvas)
        self._images.request()

    # --- the optional frame loop -----------------------------------------------------------
    def add_loop(self, pause=0.01, period=0.0):
        """Add Train/Pause, Step and Reset buttons (``controls["train"]``, ``["step"]``,
        ``["reset"]``) that run ``frame()`` on a ``FrameLoop``; returns the three buttons."""
        buttons = {
            "train": w.Button(description=self.run_label, icon="play", button_style="success"),
            "step": w.Button(description="Step", icon="step-forward", tooltip="one frame"),
            "reset": w.Button(description="Reset", icon="undo", tooltip="start again"),
        }
        buttons["train"].on_click(lambda _: self.toggle())
        buttons["step"].on_click(lambda _: self.step())
        buttons["reset"].on_click(lambda _: self.reset())
        self.controls.update(buttons)
        self.loop = FrameLoop(self.advance, pause=pause, period=period)
        return buttons

    def frame(self):
        """One frame of work (subclasses); returning False stops the loop."""
        raise NotImplementedError

    def ready(self):
        """Whether Train may start (a subclass says why not, e.g. after a divergence)."""
        return True

    def advance(self, **options):
        """One frame as the loop runs it: ``frame(**options)``, and a stop when it says so."""
        going = self.frame(**options)
        if going is False:
            self.loop.stop()
            self.show_running()
        return going

    def run_frames(self, n, **options):
        """What Train does, ``n`` frames of it, now and synchronously (tests, scripts, the
        notebooks' pre-trained pictures); stops early when a frame returns False."""
        for _ in range(n):
            if self.advance(**options) is False:
                break
        return self

    @property
    def running(self):
        return self.loop is not None and self.loop.running

    def toggle(self):
        """The Train/Pause button."""
        self.pause() if self.running else self.run()

    def run(self):
        if self.ready():
            self.loop.start()
        self.show_running()

    def pause(self):
        if self.loop is not None:
            self.loop.stop()
            self.show_running()

    def step(self):
        """Pause, then exactly one frame."""
        self.pause()
        self.advance()

    def reset(self):
        """Pause and start again (subclasses restore their starting point after this)."""
        self.pause()

    def show_running(self):
        """The Train/Pause button and ``state["running"]`` follow the loop."""
        running = self.running
        self.state["running"] = running
        button = self.controls["train"]
        button.description = "Pause" if running else self.run_label
        button.icon = "pause" if running else "play"
        button.button_style = "warning" if running else "success"

    # --- showing ---------------------------------------------------------------------------
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


def labelled(widget, label, width="110px"):
    """The widget with a fixed-width label on its left, for tidy control panels."""
    return w.HBox([w.Label(label, layout=w.Layout(width=width)), widget])
