"""``cost_explorer()``: move a prediction y_hat and a target y, watch every loss and its gradient.

Left panel: binary cross-entropy, MSE and MAE as functions of y_hat for the chosen y, a
marker on each at the current y_hat. Right panel: their gradients dL/dy_hat (one example,
m = 1), with the same markers. A table reads out the exact values. Every number comes from
dnn_core's ``LOSSES`` (the cost and gradient the network trains with). A marker whose value
lies off the chart sits on the chart's edge as a triangle pointing the way it went.
"""

import ipywidgets as w
import numpy as np

from ..losses import LOSSES
from ..plots.losses import (
    GRADIENT_YLIM,
    LOSS_YLIM,
    PREDICTIONS,
    curve_losses,
    loss_label,
    per_example,
)
from ..plots.style import COLORS, color_of, style
from ._base import Explorer, labelled, live_figure


def _value_at(loss, prediction, target):
    """(L, dL/dy_hat) of one example, from the loss object itself."""
    AL, Y = np.array([[prediction]]), np.array([[target]])
    return LOSSES[loss].cost(AL, Y), float(LOSSES[loss].gradient(AL, Y)[0, 0])


def _place(marker, x, value, limits):
    """Put ``marker`` at (x, value); off the chart, on its edge as a triangle."""
    low, high = limits
    marker.set_data([x], [min(max(value, low), high)])
    marker.set_marker("^" if value > high else "v" if value < low else "o")


def _table(state):
    rows = "".join(
        f"<tr><td style='color:{color_of(LOSSES[name])};padding-right:14px'>"
        f"<b>{loss_label(name)}</b></td>"
        f"<td style='padding-right:14px'>{state['losses'][name]:.4f}</td>"
        f"<td>{state['gradients'][name]:+.4f}</td></tr>"
        for name in state["losses"]
    )
    head = (
        f"<p>prediction ŷ = {state['prediction']:.2f}, target y = {state['target']:.2f} "
        "(one example, m = 1)</p>"
    )
    return (
        head + "<table><tr><th align='left'>loss</th><th align='left'>L(ŷ, y)</th>"
        f"<th align='left'>dL/dŷ</th></tr>{rows}</table>"
    )


class CostExplorer(Explorer):
    """The explorer built by ``cost_explorer``; see the module docstring."""

    def __init__(self, prediction, target, losses):
        fig, (self.loss_ax, self.grad_ax), canvas = live_figure(figsize=(10.5, 3.9), ncols=2)
        self.losses = losses
        controls = {
            "prediction": w.FloatSlider(
                value=prediction,
                min=0.01,
                max=0.99,
                step=0.01,
                readout_format=".2f",
                continuous_update=True,
            ),
            "target": w.FloatSlider(
                value=target, min=0.0, max=1.0, step=0.05, readout_format=".2f"
            ),
            "readout": w.HTML(),
        }
        c = controls
        panel = w.VBox(
            [
                labelled(c["prediction"], "prediction ŷ"),
                labelled(c["target"], "target y"),
                c["readout"],
            ]
        )
        super().__init__(fig, controls, w.VBox([panel, canvas]), watch=("prediction", "target"))
        self._draw_axes(prediction, target)
        self.update()

    def _draw_axes(self, prediction, target):
        self.curves, self.markers = {}, {}
        loss_ax, grad_ax = self.loss_ax, self.grad_ax
        with style():
            for ax, kind, limits in (
                (loss_ax, "loss", LOSS_YLIM),
                (grad_ax, "gradient", GRADIENT_YLIM),
            ):
                for name in self.losses:
                    color = color_of(LOSSES[name])
                    (self.curves[kind, name],) = ax.plot(
                        [], [], color=color, label=loss_label(name)
                    )
                    (self.markers[kind, name],) = ax.plot(
                        [],
                        [],
                        "o",
                        color=color,
                        markersize=10,
                        markeredgecolor=COLORS["black"],
                        zorder=4,
                        clip_on=False,
                    )
                ax.set(xlim=(0, 1), ylim=limits, xlabel="prediction $\\hat y$")
            loss_ax.set(ylabel="loss $L(\\hat y, y)$", title="Each loss")
            grad_ax.set(ylabel="$\\partial L / \\partial \\hat y$", title="Its gradient (m = 1)")
            grad_ax.axhline(0, color=COLORS["black"], linewidth=0.8)
            self.target_lines = [
                ax.axvline(target, color=COLORS["black"], linestyle=":", linewidth=1.2)
                for ax in (loss_ax, grad_ax)
            ]
            self.prediction_lines = [
                ax.axvline(prediction, color=COLORS["vermillion"], linewidth=1)
                for ax in (loss_ax, grad_ax)
            ]
            loss_ax.legend(loc="upper center")
        self._drawn_for = None  # the target the curves were drawn for

    def update(self, change=None):
        p, y = self.controls["prediction"].value, self.controls["target"].value
        if y != self._drawn_for:  # the curves depend on the target only
            for name in self.losses:
                values, gradients = per_example(name, PREDICTIONS, y)
                self.curves["loss", name].set_data(PREDICTIONS, values)
                self.curves["gradient", name].set_data(PREDICTIONS, gradients)
            for line in self.target_lines:
                line.set_xdata([y, y])
            self.loss_ax.set_title(f"Each loss, target y = {y:.2f}")
            self.grad_ax.set_title(f"Its gradient (m = 1), target y = {y:.2f}")
            self._drawn_for = y
        self.state.update(prediction=p, target=y, losses={}, gradients={})
        for name in self.losses:
            value, gradient = _value_at(name, p, y)
            self.state["losses"][name], self.state["gradients"][name] = value, gradient
            _place(self.markers["loss", name], p, value, LOSS_YLIM)
            _place(self.markers["gradient", name], p, gradient, GRADIENT_YLIM)
        for line in self.prediction_lines:
            line.set_xdata([p, p])
        self.controls["readout"].value = _table(self.state)
        self.redraw()


def cost_explorer(prediction=0.3, target=1.0, losses=None):
    """A ``CostExplorer`` with sliders for the prediction y_hat and the target y.

    ``state``: "prediction", "target", "losses" {name: L(y_hat, y)} and "gradients"
    {name: dL/dy_hat}, for each name in ``losses`` (names of ``dnn_core.losses.LOSSES``;
    by default every loss that can be drawn against one prediction, ``curve_losses()``).
    """
    drawable = curve_losses()
    losses = drawable if losses is None else losses
    unknown = [name for name in losses if name not in drawable]
    if unknown:
        raise ValueError(
            f"losses: {unknown} cannot be drawn here; choose from {', '.join(drawable)}"
        )
    return CostExplorer(prediction, target, losses)
