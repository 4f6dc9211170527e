"""``optimizer_explorer()``: gradient descent, momentum, RMSProp and Adam racing down one valley.

Left: the contours of chapter 05's valley with each optimizer's path so far. Right: each one's
loss per step, on a log scale. Sliders set each optimizer's learning rate and the decay rates
mu (momentum), beta1 and beta2 (Adam); Step, Run/Pause and Reset are ``Explorer``'s frame loop.
Every step is ``surfaces.optimizer_descent``, i.e. dnn_core's own optimizer objects, which keep
their memory (velocity, averages, step count) from frame to frame. Moving a slider starts the
race again with the new settings, so the paths on screen always belong to the sliders.
"""

import ipywidgets as w
import numpy as np

from ..optimizers import SGD, Adam, RMSProp
from ..plots.descent import RUN_COLORS, draw_contours
from ..plots.style import style
from ..surfaces import get_surface, optimizer_descent
from ._base import Explorer, labelled, live_figure

LABELS = ("gradient descent", "momentum", "RMSProp", "Adam")
DEFAULTS = {
    "lr_sgd": 1.8, "lr_momentum": 0.6, "lr_rmsprop": 0.1, "lr_adam": 0.3,
    "momentum": 0.7, "beta1": 0.9, "beta2": 0.999,
}  # fmt: skip


def _rate_slider(value):
    return w.FloatLogSlider(value=value, base=10, min=-3, max=0.5, step=0.05,
                            readout_format=".3g", continuous_update=False)  # fmt: skip


def _decay_slider(value, high=0.999):
    return w.FloatSlider(value=value, min=0.0, max=high, step=0.001, readout_format=".3f",
                         continuous_update=False)  # fmt: skip


class OptimizerExplorer(Explorer):
    """The explorer's widgets, state and drawing; built by ``optimizer_explorer``."""

    run_label = "Run"

    def __init__(self, surface, steps_per_frame, max_steps, values):
        fig, (self.ax, self.ax_loss), _ = live_figure(figsize=(10, 3.8), ncols=2)
        controls = {name: _rate_slider(v) for name, v in values.items() if name.startswith("lr_")}
        controls.update(momentum=_decay_slider(values["momentum"], 0.99),
                        beta1=_decay_slider(values["beta1"], 0.99),
                        beta2=_decay_slider(values["beta2"]), readout=w.HTML())  # fmt: skip
        self.surface, self.steps_per_frame, self.max_steps = surface, steps_per_frame, max_steps
        sliders = [name for name in controls if name != "readout"]
        super().__init__(fig, controls, state={}, watch=sliders)
        buttons = self.add_loop(pause=0.05)
        c, names = self.controls, ("α SGD", "α momentum", "α RMSProp", "α Adam", "μ", "β1", "β2")
        panel = [labelled(c[key], label) for key, label in zip(sliders, names)]
        self.ui = w.VBox([
            w.HBox([w.VBox(panel[:4]), w.VBox(panel[4:])]),
            w.HBox([buttons["step"], buttons["train"], buttons["reset"]]), c["readout"], fig.canvas,
        ])  # fmt: skip
        self._draw_surface()
        self.reset()

    def optimizers(self):
        """{label: a fresh dnn_core optimizer} with the sliders' settings."""
        v = {name: self.controls[name].value for name in DEFAULTS}
        return dict(zip(LABELS, (
            SGD(v["lr_sgd"]),
            SGD(v["lr_momentum"], momentum=v["momentum"]),
            RMSProp(v["lr_rmsprop"]),
            Adam(v["lr_adam"], beta1=v["beta1"], beta2=v["beta2"]),
        )))  # fmt: skip

    def _draw_surface(self):
        with style():
            draw_contours(self.ax, self.surface, levels=10, n=120)
            self.ax.set_title(self.surface.formula, fontsize=12)
            self.lines, self.loss_lines = {}, {}
            for label, color in zip(LABELS, RUN_COLORS):
                (self.lines[label],) = self.ax.plot(
                    [], [], color=color, marker="o", markersize=3, linewidth=1.3, label=label
                )
                (self.loss_lines[label],) = self.ax_loss.plot([], [], color=color, linewidth=1.4)
            self.ax.legend(loc="upper right", fontsize=8)
            self.ax_loss.set(yscale="log", ylim=(1e-12, 1e3), xlim=(0, 40), xlabel="step $k$",
                             ylabel=r"$\mathcal{J}(\theta_k) - \mathcal{J}_{\min}$")  # fmt: skip
            self.ax_loss.set_yticks(10.0 ** np.arange(-12, 4, 3))
        self.fig.set_layout_engine("constrained")
        self.fig.draw_without_rendering()
        self.fig.set_layout_engine("none")

    def update(self, change=None):
        """A slider moved: start the race again with the new settings."""
        self.reset()

    def reset(self):
        """Stop, and put every optimizer back at the start with a fresh memory."""
        super().reset()
        start = np.array(self.surface.start, dtype=float)
        loss = float(self.surface.value(start))
        self.state.update(step=0, runs={
            label: {"optimizer": optimizer, "path": [start], "losses": [loss], "diverged": False}
            for label, optimizer in self.optimizers().items()
        })  # fmt: skip
        self._update_artists()

    def frame(self):
        """``steps_per_frame`` steps of every optimizer; False once all are done."""
        for run in self.state["runs"].values():
            if run["diverged"]:
                continue
            more = optimizer_descent(self.surface, run["path"][-1], run["optimizer"],
                                     self.steps_per_frame)  # fmt: skip
            run["path"] += list(more.path[1:])
            run["losses"] += list(more.losses[1:])
            run["diverged"] = more.diverged
        self.state["step"] += self.steps_per_frame
        self._update_artists()
        settled = all(r["diverged"] or r["losses"][-1] < 1e-12 for r in self.state["runs"].values())
        return not settled and self.state["step"] < self.max_steps

    def _update_artists(self):
        rows = []
        for label, run in self.state["runs"].items():
            path, losses = np.array(run["path"]), np.array(run["losses"])
            self.lines[label].set_data(path[:, 0], path[:, 1])
            self.loss_lines[label].set_data(np.arange(len(losses)), np.maximum(losses, 1e-17))
            rows.append(f"{label}: loss <b>{losses[-1]:.3g}</b>"
                        + (" (diverged)" if run["diverged"] else ""))  # fmt: skip
        self.ax_loss.set_xlim(0, max(40, 2 * self.state["step"]) if self.state["step"] > 40 else 40)
        self.controls["readout"].value = f"step <b>{self.state['step']}</b> | " + " | ".join(rows)
        self.redraw()


def optimizer_explorer(surface="elongated_bowl", steps_per_frame=1, max_steps=300, **values):
    """The four optimizers on a 2-D surface (default chapter 05's valley), with sliders for
    ``lr_sgd``, ``lr_momentum``, ``lr_rmsprop``, ``lr_adam``, ``momentum``, ``beta1``, ``beta2``
    (start values may be passed as keywords) and Step / Run-Pause / Reset.

    state: step; runs, {label: {"optimizer", "path" (list of points), "losses", "diverged"}}.
    """
    surface = get_surface(surface)
    if surface.dim != 2:
        raise ValueError(f"surface: the explorer draws 2-D surfaces, got {surface.name!r}")
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"optimizer_explorer: unknown settings {sorted(unknown)}; "
                        f"valid: {', '.join(DEFAULTS)}")  # fmt: skip
    return OptimizerExplorer(surface, steps_per_frame, max_steps, {**DEFAULTS, **values})
