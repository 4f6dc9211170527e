"""The playground's controls: one widget per setting, grouped as TensorFlow Playground does.

``make_controls(session)`` returns a namespace of the widgets, their values taken from a
``PlaygroundSession``; ``control_panel(controls, canvas)`` lays them out around the figure.
Nothing here reacts to a change: ``playground.py`` connects the widgets to the session.
Each widget that a browser test needs to find carries a CSS class ``dnn-pg-<name>``.
"""

import html
from types import SimpleNamespace

import ipywidgets as w
import numpy as np

from ._base import labelled
from .playground_data import GENERATED, loss_choices, output_choices
from .playground_model import HIDDEN_ACTIVATIONS

BATCH_SIZES = [
    ("1", 1),
    ("4", 4),
    ("8", 8),
    ("16", 16),
    ("32", 32),
    ("64", 64),
    ("128", 128),
    ("all (full batch)", 0),
]
WIDE = w.Layout(width="190px")


def _tagged(widget, name):
    widget.add_class(f"dnn-pg-{name}")
    return widget


def make_controls(session):
    """The widgets, set to the session's current values."""
    slider = dict(layout=WIDE, continuous_update=False)
    c = SimpleNamespace(
        dataset=w.Dropdown(options=list(GENERATED.items()), value=session.dataset, layout=WIDE),
        noise=w.FloatSlider(value=session.noise, min=0.0, max=0.5, step=0.01, **slider),
        test_fraction=w.FloatSlider(
            value=session.test_fraction, min=0.1, max=0.5, step=0.05, readout_format=".0%", **slider
        ),
        upload=w.FileUpload(
            accept=".csv,text/csv", multiple=False, description="Your CSV", layout=WIDE
        ),
        hidden_layers=w.IntSlider(value=session.hidden_layers, min=0, max=6, **slider),
        units=w.IntSlider(value=session.units, min=1, max=16, **slider),
        activation=w.Dropdown(options=HIDDEN_ACTIVATIONS, value=session.activation, layout=WIDE),
        output=w.Dropdown(layout=WIDE),
        loss=w.Dropdown(layout=WIDE),
        learning_rate=w.FloatLogSlider(
            value=session.learning_rate,
            base=10,
            min=-4,
            max=1,
            step=0.1,
            readout_format=".2g",
            layout=WIDE,
        ),
        batch_size=w.Dropdown(options=BATCH_SIZES, value=session.batch_size, layout=WIDE),
        epochs_per_frame=w.IntSlider(value=session.epochs_per_frame, min=1, max=50, layout=WIDE),
        train_button=w.Button(
            description="Train",
            icon="play",
            button_style="success",
            tooltip="train continuously; press again to pause",
        ),
        step_button=w.Button(
            description="Step",
            icon="step-forward",
            tooltip="train one frame (epochs per frame) and stop",
        ),
        reset_button=w.Button(
            description="Reset", icon="undo", tooltip="start again from the initial random weights"
        ),
        readout=w.HTML(layout=w.Layout(width="520px")),
        message=w.HTML(layout=w.Layout(width="940px")),
    )
    for name in (
        "dataset",
        "learning_rate",
        "train_button",
        "step_button",
        "reset_button",
        "readout",
        "message",
        "upload",
    ):
        _tagged(getattr(c, name), name.replace("_", "-"))
    update_head_options(c, session)
    return c


def update_head_options(c, session):
    """Offer only the output activations and losses that fit the session's data."""
    Y_all = np.hstack([session.Y_train, session.Y_test])
    c.output.options = output_choices(session.task, Y_all)
    c.output.value = session.output
    c.loss.options = loss_choices(session.task, session.output)
    c.loss.value = session.loss


def set_dataset_option(c, session):
    """Add (or rename) the dropdown entry of a loaded CSV file."""
    options = [item for item in c.dataset.options if item[1] != "csv"]
    if session.csv is not None:
        options.append((f"CSV: {session.csv.name}", "csv"))
    c.dataset.options = options


def show_state(c, state, error=False):
    """The readout (epoch, losses, accuracy), the message line (red for an error) and the
    Train/Pause button, from the playground's ``state``."""
    parts = [f"<b>epoch {state['epoch']}</b>"]
    if state["diverged"]:
        parts.append(f"<span style='color:#D55E00'>diverged in epoch {state['diverged_in']}</span>")
    else:
        parts += [f"train loss {state['train_loss']:.4f}", f"test loss {state['test_loss']:.4f}"]
        if state["accuracy"] is not None:
            parts.append(f"test accuracy {100 * state['accuracy']:.1f}%")
    c.readout.value = " &nbsp;·&nbsp; ".join(parts)
    color = "#D55E00" if error else "#444"
    c.message.value = f"<span style='color:{color}'>{html.escape(state['message'])}</span>"
    running = state["running"]
    c.train_button.description = "Pause" if running else "Train"
    c.train_button.icon = "pause" if running else "play"
    c.train_button.button_style = "warning" if running else "success"


def _group(title, rows):
    head = w.HTML(f"<b>{title}</b>")
    return w.VBox([head, *rows], layout=w.Layout(margin="0 18px 0 0"))


def control_panel(c, canvas):
    """Buttons and readout on top, the message line, three columns of settings, the figure."""
    buttons = w.HBox(
        [c.train_button, c.step_button, c.reset_button], layout=w.Layout(margin="0 16px 0 0")
    )
    top = w.HBox([buttons, c.readout], layout=w.Layout(align_items="center"))
    data = _group(
        "Data",
        [
            labelled(c.dataset, "data set"),
            labelled(c.noise, "noise"),
            labelled(c.test_fraction, "test share"),
            labelled(c.upload, "or upload"),
        ],
    )
    network = _group(
        "Network",
        [
            labelled(c.hidden_layers, "hidden layers"),
            labelled(c.units, "units / layer"),
            labelled(c.activation, "activation"),
            labelled(c.output, "output"),
            labelled(c.loss, "loss"),
        ],
    )
    training = _group(
        "Training",
        [
            labelled(c.learning_rate, "learning rate"),
            labelled(c.batch_size, "batch size"),
            labelled(c.epochs_per_frame, "epochs / frame"),
        ],
    )
    return w.VBox([top, c.message, w.HBox([data, network, training]), canvas])
