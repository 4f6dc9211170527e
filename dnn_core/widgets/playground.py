"""The playground: change the data, the network or the learning rate and watch it learn.

    from dnn_core.widgets.playground import playground
    playground()                      # the last expression of a notebook cell

TensorFlow Playground's idea, inside JupyterLab, on the ``dnn_core`` code of the chapters.
Other modules do the work and this one connects them:

    playground_data       the data sets, the CSV upload, valid output/loss pairs (no widgets)
    playground_model      PlaygroundSession: data, DeepNeuralNetwork, training (no widgets)
    playground_figure     PlaygroundFigure: the live ipympl figure, updated in place
    playground_render     Blitter: redraws only what moves, sends only changed pixels
    playground_controls   the widgets, their layout and the readouts

Train/Pause runs frames on the kernel's event loop (``FrameLoop``); between frames the kernel
handles clicks and slider moves, so Pause works mid-run and sliders take effect at once.
"""

import contextlib
import functools
import weakref

from ._base import Explorer, FrameLoop
from .playground_controls import (
    control_panel,
    make_controls,
    set_dataset_option,
    show_state,
    update_head_options,
)
from .playground_figure import PlaygroundFigure
from .playground_model import DIVERGED, PlaygroundSession


def playground(dataset="moons", **settings):
    """A ``Playground`` on ``dataset`` ("moons", "circles", "spirals", "xor", "blobs",
    "sine"); ``settings`` are ``PlaygroundSession``'s (noise, hidden_layers, units,
    activation, learning_rate, batch_size, epochs_per_frame, ...)."""
    return Playground(PlaygroundSession(dataset, **settings))


def _safely(handler):
    """A widget callback that shows an unexpected error in the message line instead of
    raising into the notebook (where nobody would see it)."""

    @functools.wraps(handler)
    def wrapper(self, *args):
        if self._quiet:
            return None
        try:
            return handler(self, *args)
        except Exception as error:  # noqa: BLE001
            self._say(f"{type(error).__name__}: {error}", error=True)
            return None

    return wrapper


class Playground(Explorer):
    """The playground's widgets, figure and state; ``run_frames(n)`` trains without a loop."""

    _instances = weakref.WeakSet()

    def __init__(self, session):
        for older in list(Playground._instances):  # re-running the cell: the old one pauses
            older.loop.stop()
            older._publish()
        Playground._instances.add(self)
        self.session, self.view = session, PlaygroundFigure()
        self.controls = c = make_controls(session)
        super().__init__(control_panel(c, self.view.canvas), self.view.fig, {})
        # at most 20 frames a second: 100 epochs/s by default, as fast as a browser follows
        self.loop = FrameLoop(self.frame, pause=0.01, period=0.05)
        self._quiet, self._message = False, ("", False)
        c.train_button.on_click(self.toggle)
        c.step_button.on_click(self.step)
        c.reset_button.on_click(self.reset)
        for name in ("dataset", "noise", "test_fraction"):
            getattr(c, name).observe(self._on_data, "value")
        for name in ("hidden_layers", "units", "activation", "output", "loss"):
            getattr(c, name).observe(self._on_network, "value")
        for name in ("learning_rate", "batch_size", "epochs_per_frame"):
            getattr(c, name).observe(self._on_training, "value")
        c.upload.observe(self._on_upload, "value")
        self.view.show_data(session)
        self._publish()

    # --- training -----------------------------------------------------------------------
    def frame(self):
        """One frame: ``epochs_per_frame`` epochs, then the figure and readouts; False if the
        run diverged (which stops the loop)."""
        ok = self.session.train_frame()
        self.view.show_progress(self.session)
        if not ok:
            self.loop.stop()
            self._say(DIVERGED, error=True)
        self._publish()
        self.redraw()
        return ok

    def run_frames(self, n):
        """Run ``n`` frames now, synchronously (for tests, scripts and the benchmark)."""
        for _ in range(n):
            if self.frame() is False:
                break
        return self

    @_safely
    def toggle(self, _button=None):
        """Train/Pause: start the frame loop, or stop it."""
        if self.loop.running:
            self.loop.stop()
        elif self.session.diverged:
            self._say(DIVERGED, error=True)
        else:
            self.loop.start()
        self._publish()

    @_safely
    def step(self, _button=None):
        """Pause, then train exactly one frame."""
        self.loop.stop()
        self.frame()

    @_safely
    def reset(self, _button=None):
        """Pause and start again from the initial weights (the data stay)."""
        self.loop.stop()
        self.session.reset()
        self._say("")
        self._redraw_all()

    # --- reactions to the controls --------------------------------------------------------
    @_safely
    def _on_data(self, _change):
        c = self.controls
        self.session.load(c.dataset.value, noise=c.noise.value, test_fraction=c.test_fraction.value)
        self._say("")
        self._redraw_all()

    @_safely
    def _on_network(self, change):
        c, s = self.controls, self.session
        s.hidden_layers, s.units, s.activation = (
            c.hidden_layers.value,
            c.units.value,
            c.activation.value,
        )
        if change["owner"] is c.output:
            s.set_head(output=c.output.value)
        elif change["owner"] is c.loss:
            s.set_head(loss=c.loss.value)
        else:
            s.rebuild()
        self._say("")
        self._redraw_all()

    @_safely
    def _on_training(self, _change):
        c, s = self.controls, self.session
        s.learning_rate, s.batch_size = c.learning_rate.value, c.batch_size.value
        s.epochs_per_frame = c.epochs_per_frame.value
        self._publish()

    @_safely
    def _on_upload(self, change):
        files = change["new"]
        if not files:  # our own clearing below
            return
        name = files[0]["name"]
        try:
            csv = self.session.read_csv(bytes(files[0]["content"]), name)
        except (ValueError, TypeError) as error:
            self._say(f"Could not use {name}: {error}. The data set is unchanged.", error=True)
        else:
            with self._quietly():
                set_dataset_option(self.controls, self.session)
                self.controls.dataset.value = "csv"
            self.session.load("csv")
            n, m = csv.X.shape
            self._say(
                f"Loaded {name}: {n} feature{'s' * (n != 1)}, {m} rows, a {csv.task} "
                "task (features standardized)"
            )
            self._redraw_all()
        finally:
            with self._quietly():
                self.controls.upload.value = ()  # so the same file can be uploaded again

    # --- showing ------------------------------------------------------------------------
    def redraw(self):
        """Ask the browser for a new image, until it has it (``PlaygroundFigure.request``)."""
        self.view.request()

    def _redraw_all(self):
        """After new data or a new network: controls that depend on them, figure, readouts."""
        with self._quietly():
            update_head_options(self.controls, self.session)
        self.view.show_data(self.session)
        self._publish()
        self.redraw()

    @contextlib.contextmanager
    def _quietly(self):
        """Set widgets from Python without their callbacks reacting."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def _say(self, text, error=False):
        self._message = (text, error)
        self._publish()

    def _publish(self):
        """Copy the session into ``state``, the readout, the message and the Train button."""
        s, c = self.session, self.controls
        running = self.loop.running
        self.state.update(
            dataset=s.dataset,
            name=s.name,
            task=s.task,
            epoch=s.epoch,
            diverged=s.diverged,
            diverged_in=s.diverged_in,
            train_loss=s.train_losses[-1] if s.train_losses else None,
            test_loss=s.test_losses[-1] if s.test_losses else None,
            accuracy=s.accuracy,
            layer_dims=s.layer_dims,
            activation=s.activation,
            output=s.output,
            loss=s.loss,
            learning_rate=s.learning_rate,
            batch_size=s.batch_size,
            epochs_per_frame=s.epochs_per_frame,
            noise=s.noise,
            test_fraction=s.test_fraction,
            n_train=s.X_train.shape[1],
            n_test=s.X_test.shape[1],
            drawable=s.drawable,
            running=running,
            message=self._message[0],
        )
        show_state(c, self.state, error=self._message[1])
