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
    playground            this one: the controls, grouped as TensorFlow Playground does, and
                          what each of them does to the session and the figure

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

import ipywidgets as w
import numpy as np

from ._base import Explorer, labelled
from ._choices import (
    OPTIMIZER_SLIDERS,
    hidden_menu,
    loss_choices,
    menu,
    optimizer_menu,
    output_choices,
)
from .playground_code import run_code
from .playground_figure import PlaygroundFigure
from .playground_network import NetworkView
from .playground_session import DIVERGED, GENERATED, MAX_UPLOAD_MB, PlaygroundSession

L2_STRENGTHS = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCH_SIZES = [("1", 1), ("4", 4), ("8", 8), ("16", 16), ("32", 32), ("64", 64), ("128", 128),
               ("all (full batch)", 0)]  # fmt: skip
CSS_NAMES = {"train": "train-button", "step": "step-button", "reset": "reset-button",
             "show_code": "show-code-button"}  # fmt: skip


def playground(dataset="moons", **settings):
    """A ``Playground`` on ``dataset`` ("moons", "circles", "spirals", "xor", "blobs",
    "sine"); ``settings`` are ``PlaygroundSession``'s (noise, hidden_layers, units,
    activation, learning_rate, batch_size, epochs_per_frame, optimizer, beta2, ...)."""
    return Playground(PlaygroundSession(dataset, **settings))


def make_controls(session):
    """The setting widgets and readouts, set to the session's current values."""
    wide = w.Layout(width="190px")
    slider = dict(layout=wide, continuous_update=False)
    settings = {  # one slider per optimizer setting; only the chosen optimizer's are shown
        name: w.FloatSlider(
            value=session.optimizer_settings.get(name, low),
            min=low,
            max=high,
            step=step,
            readout_format=form,
            **slider,
        )  # fmt: skip
        for name, (low, high, step, form) in OPTIMIZER_SLIDERS.items()
    }
    return {
        **settings,
        "dataset": w.Dropdown(options=list(GENERATED.items()), value=session.dataset, layout=wide),
        "noise": w.FloatSlider(value=session.noise, min=0.0, max=0.5, step=0.01, **slider),
        "test_fraction": w.FloatSlider(
            value=session.test_fraction, min=0.1, max=0.5, step=0.05, readout_format=".0%", **slider
        ),
        "validation_fraction": w.FloatSlider(
            value=session.validation_fraction, min=0.0, max=0.5, step=0.05, readout_format=".0%",
            **slider,
        ),
        "upload": w.FileUpload(
            accept=".csv,text/csv",
            multiple=False,
            description="Your CSV",
            tooltip=f"a CSV file of up to {MAX_UPLOAD_MB} MB",
            layout=wide,
        ),
        "hidden_layers": w.IntSlider(value=session.hidden_layers, min=0, max=6, **slider),
        "units": w.IntSlider(value=session.units, min=1, max=16, **slider),
        "activation": w.Dropdown(options=hidden_menu(), value=session.activation, layout=wide),
        "output": w.Dropdown(layout=wide),
        "l2": w.Dropdown(
            options=[(f"{v:g}", v) for v in sorted({*L2_STRENGTHS, session.l2})],
            value=session.l2,
            layout=wide,
        ),
        "dropout": w.FloatSlider(value=session.dropout, min=0.0, max=0.8, step=0.05, **slider),
        "loss": w.Dropdown(layout=wide),
        "learning_rate": w.FloatLogSlider(
            value=session.learning_rate,
            base=10,
            min=-4,
            max=1,
            step=0.1,
            readout_format=".2g",
            layout=wide,
        ),  # fmt: skip
        "optimizer": w.Dropdown(options=optimizer_menu(), value=session.optimizer, layout=wide),
        "optimizer_settings": w.VBox(),
        "batch_size": w.Dropdown(options=BATCH_SIZES, value=session.batch_size, layout=wide),
        "epochs_per_frame": w.IntSlider(value=session.epochs_per_frame, min=1, max=50, layout=wide),
        "readout": w.HTML(layout=w.Layout(width="520px")),
        "message": w.HTML(layout=w.Layout(width="940px")),
        "show_code": w.Button(description="Show the code", icon="code",
                              tooltip="this run as a Python program that uses dnn_core",
                              layout=w.Layout(min_width="140px")),  # a longer label than the others
        "code": w.HTML(layout=w.Layout(width="940px")),
    }  # fmt: skip


def control_panel(c, canvas, network):
    """Buttons and readout on top, the message line, three columns of settings, the figure,
    the network view, then the code that "Show the code" writes. A row is (control name,
    label), or the name of a box that holds rows of its own (the optimizer's settings)."""

    def group(title, rows):
        return w.VBox([w.HTML(f"<b>{title}</b>"), *rows], layout=w.Layout(margin="0 18px 0 0"))

    buttons = w.HBox([c["train"], c["step"], c["reset"], c["show_code"]],
                     layout=w.Layout(margin="0 16px 0 0"))  # fmt: skip
    top = w.HBox([buttons, c["readout"]], layout=w.Layout(align_items="center"))
    rows = {
        "Data": [("dataset", "data set"), ("noise", "noise"), ("test_fraction", "test share"),
                 ("validation_fraction", "validation share"), ("upload", "or upload")],
        "Network": [("hidden_layers", "hidden layers"), ("units", "units / layer"),
                    ("activation", "activation"), ("output", "output"), ("loss", "loss"),
                    ("l2", "L2 strength λ"), ("dropout", "dropout rate")],
        "Training": [("learning_rate", "learning rate"), ("optimizer", "optimizer"),
                     "optimizer_settings", ("batch_size", "batch size"),
                     ("epochs_per_frame", "epochs / frame")],
    }  # fmt: skip
    columns = [group(title, [c[row] if isinstance(row, str) else labelled(c[row[0]], row[1])
                             for row in items])
               for title, items in rows.items()]  # fmt: skip
    return w.VBox([top, c["message"], w.HBox(columns), canvas, network, c["code"]])


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
