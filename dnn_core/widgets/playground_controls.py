"""The playground's controls: one widget per setting, set to the session's values, and the
panel that lays them out as TensorFlow Playground does -- buttons and readout on top, then three
columns (Data, Network, Training), the figure, the network view and the code. What each control
*does* is ``playground.Playground``'s business; this module only builds and places them.
"""

import ipywidgets as w

from ._base import labelled
from ._choices import OPTIMIZER_SLIDERS, hidden_menu, optimizer_menu
from .playground_data import GENERATED, MAX_UPLOAD_MB

L2_STRENGTHS = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCH_SIZES = [("1", 1), ("4", 4), ("8", 8), ("16", 16), ("32", 32), ("64", 64), ("128", 128),
               ("all (full batch)", 0)]  # fmt: skip
CSS_NAMES = {"train": "train-button", "step": "step-button", "reset": "reset-button",
             "show_code": "show-code-button"}  # fmt: skip


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
