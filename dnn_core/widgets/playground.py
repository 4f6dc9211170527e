"""The playground: change the data, the network or the learning rate and watch it learn.

    from dnn_core.widgets.playground import playground
    playground()                      # the last expression of a notebook cell

TensorFlow Playground's idea, inside JupyterLab, on the ``dnn_core`` code of the chapters.
Modules, one idea each:

    playground_session    PlaygroundSession: data, DeepNeuralNetwork, training (no widgets)
    playground_figure     PlaygroundFigure: the live ipympl figure, updated in place
    playground_code       run_code: the run so far as a Python program ("Show the code")
    playground_maps       unit_maps: every unit's output over the input plane (no widgets)
    playground_network    NetworkView: the network drawn live, a heat map per unit, a line
                          per weight; hover over or click a unit to see its map enlarged
    playground_data       generate, read_csv: the generated data sets and the learner's CSV file
    playground_controls   make_controls, control_panel: the widgets, grouped as TensorFlow
                          Playground groups them
    playground            this one: what each control does to the session and the figures

Train/Pause, Step and Reset are ``Explorer``'s frame loop: frames run on the kernel's event
loop, and between frames the kernel handles clicks and slider moves, so Pause works mid-run
and sliders take effect at once -- the learning rate, the optimizer and its settings too (a
slider for each setting of the chosen optimizer: momentum, RMSProp's alpha, Adam's beta1 and
beta2). Every menu of activations, losses and optimizers comes from the registries
(``_choices``). Each widget a browser test needs carries a CSS class
``dnn-pg-<name>``.
"""

import contextlib
import functools
import html
import io
import weakref

import numpy as np

from ._base import Explorer, labelled
from ._choices import OPTIMIZER_SLIDERS, loss_choices, menu, output_choices
from .playground_code import run_code
from .playground_controls import CSS_NAMES, control_panel, make_controls
from .playground_figure import PlaygroundFigure
from .playground_network import NetworkView
from .playground_session import DIVERGED, PlaygroundSession


def playground(dataset="moons", **settings):
    """A ``Playground`` on ``dataset`` ("moons", "circles", "spirals", "xor", "blobs",
    "sine"); ``settings`` are ``PlaygroundSession``'s (noise, hidden_layers, units,
    activation, learning_rate, batch_size, epochs_per_frame, optimizer, beta2, ...)."""
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
    """The playground's controls, figure and state; ``run_frames(n)`` trains without a loop."""

    _instances = weakref.WeakSet()

    def __init__(self, session):
        for older in list(Playground._instances):  # re-running the cell: the old one pauses
            older.pause()
        Playground._instances.add(self)
        self.session, self.view, self.network = session, PlaygroundFigure(), NetworkView()
        self._quiet, self._message = False, ("", False)
        super().__init__(self.view.fig, make_controls(session))
        # at most 20 frames a second: 100 epochs/s by default, as fast as a browser follows
        self.add_loop(pause=0.01, period=0.05)
        c = self.controls
        self.ui = control_panel(c, self.view.canvas, self.network.canvas)
        for name in ("dataset", "learning_rate", "train", "step", "reset", "readout", "message",
                     "upload", "optimizer", "show_code", "code", "l2", "dropout",
                     "validation_fraction", *OPTIMIZER_SLIDERS):  # fmt: skip
            c[name].add_class("dnn-pg-" + CSS_NAMES.get(name, name.replace("_", "-")))
        self.view.canvas.add_class("dnn-pg-figure")
        self.network.canvas.add_class("dnn-pg-network")
        for name in ("dataset", "noise", "test_fraction", "validation_fraction"):
            c[name].observe(self._on_data, "value")
        for name in ("l2", "dropout"):
            c[name].observe(self._on_regularization, "value")
        for name in ("hidden_layers", "units", "activation", "output", "loss"):
            c[name].observe(self._on_network, "value")
        for name in ("learning_rate", "batch_size", "epochs_per_frame"):
            c[name].observe(self._on_training, "value")
        c["upload"].observe(self._on_upload, "value")
        c["optimizer"].observe(self._on_optimizer, "value")
        for name in OPTIMIZER_SLIDERS:
            c[name].observe(self._on_optimizer, "value")
        c["show_code"].on_click(self.show_code)
        self._show_optimizer_settings()
        self._set_head_options()
        self.view.show_data(session)
        self.network.show_data(session)
        self._publish()

    # --- training -----------------------------------------------------------------------
    def frame(self):
        """One frame: ``epochs_this_frame()`` epochs, then the figure and readouts; False if
        the run diverged (which stops the loop)."""
        ok = self.session.train_frame()
        self.show_progress()
        if not ok:
            self._say(DIVERGED, error=True)
        self._publish()
        self.redraw()
        return ok

    def ready(self):
        if self.session.diverged:
            self._say(DIVERGED, error=True)
        return not self.session.diverged

    @_safely
    def toggle(self, _button=None):
        """Train/Pause: start the frame loop, or stop it."""
        super().toggle()
        self._publish()

    @_safely
    def step(self, _button=None):
        """Pause, then train exactly one frame."""
        super().step()

    @_safely
    def reset(self, _button=None):
        """Pause and start again from the initial weights (the data stay)."""
        super().reset()
        self.session.reset()
        self._say("")
        self._redraw_all()

    # --- reactions to the controls --------------------------------------------------------
    @_safely
    def _on_data(self, _change):
        c = self.controls
        self.session.load(
            c["dataset"].value,
            noise=c["noise"].value,
            test_fraction=c["test_fraction"].value,
            validation_fraction=c["validation_fraction"].value,
        )
        self._say("")
        self._redraw_all()

    @_safely
    def _on_network(self, change):
        c, s = self.controls, self.session
        s.hidden_layers, s.units = c["hidden_layers"].value, c["units"].value
        s.activation = c["activation"].value
        if change["owner"] is c["output"]:
            s.set_head(output=c["output"].value)
        elif change["owner"] is c["loss"]:
            s.set_head(loss=c["loss"].value)
        else:
            s.rebuild()
        self._say("")
        self._redraw_all()

    @_safely
    def _on_regularization(self, _change):
        """A new L2 strength or dropout rate: the same weights train on with it."""
        c = self.controls
        self.session.set_regularization(l2=c["l2"].value, dropout=c["dropout"].value)
        self._publish()

    @_safely
    def _on_training(self, _change):
        c, s = self.controls, self.session
        s.learning_rate, s.batch_size = c["learning_rate"].value, c["batch_size"].value
        s.epochs_per_frame = c["epochs_per_frame"].value
        self._publish()

    @_safely
    def _on_optimizer(self, change):
        """Another optimizer (its settings start at its defaults) or another value of one of
        its settings: the next frame trains with a new optimizer, a fresh memory."""
        c, s = self.controls, self.session
        if change["owner"] is c["optimizer"]:
            s.set_optimizer(change["new"])
            self._show_optimizer_settings()
        else:
            name = next(n for n in OPTIMIZER_SLIDERS if c[n] is change["owner"])
            s.set_optimizer(**{name: change["new"]})
        self._publish()

    @_safely
    def show_code(self, _button=None):
        """Write the run so far as a Python program (``run_code``) below the figure; it is
        also in ``state["code"]``. Once shown, it is kept current whenever training pauses."""
        code = run_code(self.session)
        self.state["code"] = code
        self.controls["code"].value = (
            "<b>This run as a program</b> (copy it into a notebook cell or a .py file):"
            f"<pre style='font-size:12px; line-height:1.3'>{html.escape(code)}</pre>"
        )

    @_safely
    def _on_upload(self, change):
        files = change["new"]
        if not files:  # our own clearing below
            return
        name = files[0]["name"]
        try:
            csv = self.session.read_csv(bytes(files[0]["content"]), name)
        except (ValueError, TypeError) as error:
            why = str(error).removeprefix(f"{name}: ")  # from_csv names the file too
            self._say(f"Could not use {name}: {why}. The data set is unchanged.", error=True)
        else:
            with self._quietly():
                options = [item for item in self.controls["dataset"].options if item[1] != "csv"]
                self.controls["dataset"].options = [*options, (f"CSV: {name}", "csv")]
                self.controls["dataset"].value = "csv"
            n, m = csv.X.shape
            note = f"; {csv.note}" if csv.note else ""
            self._say(
                f"Loaded {name}: {n} feature{'s' * (n != 1)}, {m} rows, a {csv.task} "
                f"task (features standardized){note}"
            )
            self._redraw_all()
        finally:
            with self._quietly():
                self.controls["upload"].value = ()  # so the same file can be uploaded again

    # --- showing ------------------------------------------------------------------------
    def show_progress(self):
        """After a frame: both figures show the network as it is now."""
        self.view.show_progress(self.session)
        self.network.show_progress(self.session)

    def redraw(self):
        """Ask the browser for new images, until it has them (``Blitter.request``)."""
        self.view.request()
        self.network.request()

    def render(self):
        """Draw both figures now (what the browser's request runs; for benchmarks)."""
        self.view.render()
        self.network.render()

    def png(self):
        """Both figures, the network view below the data and losses, as one PNG (what
        readers without a kernel see)."""
        from PIL import Image

        images = []
        for fig in (self.fig, self.network.fig):
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", bbox_inches=None)
            images.append(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
        width = max(image.width for image in images)
        both = Image.new("RGB", (width, sum(image.height for image in images)), "white")
        for image, top in zip(images, (0, images[0].height)):
            both.paste(image, (0, top))
        buffer = io.BytesIO()
        both.save(buffer, format="png")
        return buffer.getvalue()

    def _set_head_options(self):
        """Offer only the output activations and losses that fit the session's data."""
        c, s = self.controls, self.session
        with self._quietly():
            Y_all = np.hstack(s.parts("Y"))
            c["output"].options = menu(output_choices(s.task, Y_all))
            c["output"].value = s.output
            c["loss"].options = menu(loss_choices(s.task, s.output), kind="loss")
            c["loss"].value = s.loss

    def _show_optimizer_settings(self):
        """Show the sliders of the chosen optimizer's settings only, at the session's values."""
        c, s = self.controls, self.session
        with self._quietly():
            for name, value in s.optimizer_settings.items():
                if name in OPTIMIZER_SLIDERS:
                    c[name].value = value
        c["optimizer_settings"].children = [
            labelled(c[name], name) for name in s.optimizer_settings if name in OPTIMIZER_SLIDERS
        ]

    def _redraw_all(self):
        """After new data or a new network: controls that depend on them, figure, readouts."""
        self._set_head_options()
        self.view.show_data(self.session)
        self.network.show_data(self.session)
        self._publish()
        self.redraw()

    @contextlib.contextmanager
    def _quietly(self):
        """Set widgets from Python without their callbacks reacting."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def _say(self, text, error=False):
        self._message = (text, error)
        self._publish()

    def show_running(self):
        super().show_running()
        self._publish()

    def _publish(self):
        """Copy the session into ``state``, then show it: the readout and the message line
        (red for an error)."""
        s, c = self.session, self.controls
        self.state.update(
            dataset=s.dataset, name=s.name, task=s.task, epoch=s.epoch, diverged=s.diverged,
            diverged_in=s.diverged_in, accuracy=s.accuracy, layer_dims=s.layer_dims,
            train_loss=s.train_losses[-1] if s.train_losses else None,
            test_loss=s.test_losses[-1] if s.test_losses else None,
            activation=s.activation, output=s.output, loss=s.loss, optimizer=s.optimizer,
            optimizer_settings=dict(s.optimizer_settings),
            learning_rate=s.learning_rate, batch_size=s.batch_size,
            epochs_per_frame=s.epochs_per_frame, epochs_this_frame=s.epochs_this_frame(),
            noise=s.noise, test_fraction=s.test_fraction, n_train=s.X_train.shape[1],
            validation_fraction=s.validation_fraction, l2=s.model.l2, dropout=s.model.dropout,
            n_val=0 if s.X_val is None else s.X_val.shape[1],
            val_loss=s.model.val_costs[-1] if s.model.val_costs else None,
            n_test=s.X_test.shape[1], drawable=s.drawable, running=self.running,
            message=self._message[0],
        )  # fmt: skip
        state = self.state
        parts = [f"<b>epoch {state['epoch']}</b>"]
        if state["diverged"]:
            parts.append(f"<span style='color:#D55E00'>diverged in epoch {s.diverged_in}</span>")
        else:
            parts += [
                f"train loss {state['train_loss']:.4f}",
                f"test loss {state['test_loss']:.4f}",
            ]
            if state["val_loss"] is not None:
                parts.append(f"validation loss {state['val_loss']:.4f}")
            if state["accuracy"] is not None:
                parts.append(f"test accuracy {100 * state['accuracy']:.1f}%")
        if state["epochs_this_frame"] < state["epochs_per_frame"]:
            parts.append(f"{state['epochs_this_frame']} epochs/frame for data this size")
        c["readout"].value = " &nbsp;·&nbsp; ".join(parts)
        color = "#D55E00" if self._message[1] else "#444"
        c["message"].value = f"<span style='color:{color}'>{html.escape(self._message[0])}</span>"
        if c["code"].value and not self.running:  # shown: current whenever training pauses
            self.show_code()
