"""``training_explorer()``: watch a network learn the source document's attenuated sine, live.

Controls: the learning rate (0.001 to 30), the number of hidden layers and their width, the hidden
activation (every one registered for hidden layers) and the output activation (those whose bounds
hold every target); Train/Pause runs training on the kernel's event loop (``FrameLoop``), a
few epochs per frame (one call of ``DeepNeuralNetwork.train``), and redraws the fitted curve
and the cost curve in place; Step runs one frame; Reset starts again from the same initial
weights. Changing the architecture resets the model, changing
the learning rate does not (training carries on with the new step size).

A run whose cost becomes inf or NaN (``TrainingDiverged``) stops and says so in the readout;
Reset recovers. With the document's sigmoid output the prediction stays in (0, 1), so the cost
cannot blow up -- a too-large step (30 on the default network) saturates the output instead,
and the prediction freezes; choose the linear output to see a real divergence (from about 1).

Tests and scripts call ``run_frames(n)`` instead of the event loop (``run_frames(n, epochs=k)``
for exactly k epochs per frame, whatever the time budget: the notebook uses it to show a
trained network to readers without a kernel).
"""

import time

import ipywidgets as w
import numpy as np

from ..datasets import attenuated_sine
from ..model import DeepNeuralNetwork, TrainingDiverged
from ..plots.style import COLORS
from ._base import Explorer, labelled, live_figure
from ._choices import hidden_menu, menu, output_choices


class TrainingExplorer(Explorer):
    """The explorer built by ``training_explorer``; see the module docstring."""

    def __init__(
        self, batch_size=8, epochs_per_frame=None, frame_budget=0.04, max_epochs=5000, seed=0
    ):
        self.X, self.Y, self.x = attenuated_sine()
        self.batch_size, self.seed, self.max_epochs = batch_size, seed, max_epochs
        self.epochs_per_frame, self.frame_budget = epochs_per_frame, frame_budget
        fig, (self.ax_fit, self.ax_cost), canvas = live_figure(figsize=(10, 3.8), ncols=2)
        super().__init__(fig, self._make_controls(), state={"epoch": 0, "cost": None})
        buttons = self.add_loop()
        c = self.controls
        panel = w.HBox(
            [
                w.VBox(
                    [
                        labelled(c["learning_rate"], "learning rate"),
                        labelled(c["layers"], "hidden layers"),
                        labelled(c["units"], "units / layer"),
                    ]
                ),
                w.VBox(
                    [
                        labelled(c["hidden_activation"], "hidden"),
                        labelled(c["output_activation"], "output"),
                        w.HBox([buttons["train"], buttons["step"], buttons["reset"]]),
                        c["readout"],
                    ]
                ),
            ]
        )
        self.ui = w.VBox([panel, canvas])
        for name in ("learning_rate", "layers", "units", "hidden_activation", "output_activation"):
            setattr(self, name, c[name])  # the names the chapter's tests use
        self.readout, self.train_button = c["readout"], buttons["train"]
        self.step_button, self.reset_button = buttons["step"], buttons["reset"]
        self._build_figure()
        fig.draw_without_rendering()  # lay the panels out once, then keep that layout: the
        fig.set_layout_engine("none")  # constrained solver would cost ~200 ms on every redraw
        for name in ("layers", "units", "hidden_activation", "output_activation"):
            c[name].observe(lambda change: self.reset(), names="value")
        c["learning_rate"].observe(self._on_learning_rate, names="value")
        self.reset()

    # --- building -----------------------------------------------------------------------
    def _make_controls(self):
        wide, narrow = w.Layout(width="300px"), w.Layout(width="140px")
        return {
            "learning_rate": w.FloatLogSlider(
                value=0.1,
                base=10,
                min=-3,
                max=np.log10(30),
                step=0.05,
                readout_format=".3g",
                layout=wide,
            ),
            "layers": w.IntSlider(value=2, min=1, max=4, layout=wide),
            "units": w.IntSlider(value=20, min=2, max=64, layout=wide),
            "hidden_activation": w.Dropdown(options=hidden_menu(), value="relu", layout=narrow),
            # outputs whose range holds every target of the sine (sigmoid, linear, ...)
            "output_activation": w.Dropdown(
                options=menu(output_choices("regression", self.Y)), value="sigmoid", layout=narrow
            ),
            "readout": w.HTML(),
        }

    def _build_figure(self):
        ax = self.ax_fit
        ax.plot(self.x, self.Y[0], color=COLORS["black"], label="actual")
        (self.fit_line,) = ax.plot(
            self.x,
            np.zeros_like(self.x),
            color=COLORS["orange"],
            linestyle="--",
            label="prediction",
        )
        ax.set(xlabel="x", ylabel="y", xlim=(self.x[0], self.x[-1]), ylim=(-0.15, 1.1))
        ax.legend(loc="upper right")
        ax = self.ax_cost
        (self.cost_line,) = ax.plot([], [], color=COLORS["blue"], linewidth=1.4)
        ax.set(
            xlabel="epoch",
            ylabel="cost $\\mathcal{J}$ (MSE)",
            yscale="log",
            title="Cost per epoch",
            xlim=(0, 100),
            ylim=(1e-4, 1),
        )
        self.hint = ax.text(
            0.5,
            0.5,
            "press Train to start",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=13,
            color="#777777",
        )

    # --- actions ------------------------------------------------------------------------
    def reset(self):
        """A fresh model for the current controls (same seed, so the same first weights)."""
        super().reset()
        c = self.controls
        dims = [1] + [c["units"].value] * c["layers"].value + [1]
        self.model = DeepNeuralNetwork(
            dims,
            c["hidden_activation"].value,
            c["output_activation"].value,
            "mse",
            seed=self.seed,
        )
        self.state.update(
            epoch=0,
            cost=None,
            diverged=False,
            layer_dims=dims,
            learning_rate=c["learning_rate"].value,
            hidden_activation=c["hidden_activation"].value,
            output_activation=c["output_activation"].value,
        )
        self._message = ""
        self._show()

    def ready(self):
        if self.state["diverged"]:
            self._message = "Reset first: a diverged model cannot train on"
            self._show()
        return not self.state["diverged"]

    def frame(self, epochs=None):
        """Train a few epochs and redraw; returns False when the loop should stop.

        ``epochs``: exactly that many epochs (else ``epochs_per_frame``, or as many as fit in
        ``frame_budget`` seconds), all in one call of ``DeepNeuralNetwork.train``."""
        epochs = self.epochs_per_frame if epochs is None else epochs
        if self.state["diverged"] or self.state["epoch"] >= self.max_epochs:
            if not self.state["diverged"]:
                self._message = (
                    f"stopped after {self.max_epochs} epochs; press Reset to start again"
                )
                self._show()
            return False
        left = self.max_epochs - len(self.model.costs)
        deadline = time.perf_counter() + self.frame_budget

        def within_budget(model, epoch, cost):  # without a fixed count: stop when time is up
            return epochs is not None or time.perf_counter() < deadline

        try:
            self.model.train(
                self.X,
                self.Y,
                self.state["learning_rate"],
                left if epochs is None else min(epochs, left),
                self.batch_size,
                callback=within_budget,
            )
        except TrainingDiverged:
            self.state.update(diverged=True, epoch=len(self.model.costs), cost=float("inf"))
            self._message = ""
            self._show()
            return False
        self.state.update(epoch=len(self.model.costs), cost=self.model.costs[-1])
        self._show()
        return self.state["epoch"] < self.max_epochs or self.frame()

    # --- drawing ------------------------------------------------------------------------
    def _on_learning_rate(self, change):
        self.state["learning_rate"] = change["new"]
        self._show()

    def _readout_text(self):
        s = self.state
        if s["diverged"]:
            text = (
                f"<b style='color:{COLORS['vermillion']}'>diverged</b> in epoch {s['epoch'] + 1}: "
                f"the cost became inf/NaN; learning rate {s['learning_rate']:.3g} is too large. "
                "Press Reset."
            )
        else:
            cost = "–" if s["cost"] is None else f"{s['cost']:.3e}"
            text = f"<b>epoch</b> {s['epoch']} &nbsp; <b>cost</b> {cost}"
        return text + (f"<br>{self._message}" if self._message else "")

    def _show(self):
        """Update the readout and the artists in place, then ask for a redraw."""
        self.readout.value = self._readout_text()
        if not self.state["diverged"]:
            self.fit_line.set_ydata(self.model.predict(self.X)[0])
        costs = self.model.costs
        self.hint.set_visible(not costs)
        self.cost_line.set_data(np.arange(1, len(costs) + 1), costs)
        if costs:
            low, high = max(min(costs), 1e-12), max(costs)
            self.ax_cost.set_xlim(0, max(100, 1.05 * len(costs)))
            self.ax_cost.set_ylim(min(1e-4, low / 1.5), max(1.0, high * 1.5))
        else:
            self.ax_cost.set_xlim(0, 100)
            self.ax_cost.set_ylim(1e-4, 1)
        dims = "-".join(map(str, self.state["layer_dims"]))
        self.ax_fit.set_title(f"{dims} network after {self.state['epoch']} epochs")
        self.redraw()


def training_explorer(**options):
    """The live training explorer for the attenuated sine (see the module docstring).

    ``options`` go to ``TrainingExplorer``: batch_size (8), epochs_per_frame (None: as many
    as fit in frame_budget = 0.04 s), max_epochs (5000), seed (0).
    """
    return TrainingExplorer(**options)
