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
    CURVE_LOSSES,
    GRADIENT_YLIM,
    LABELS,
    LOSS_COLORS,
    LOSS_YLIM,
    PREDICTIONS,
    per_example,
)
from ..plots.style import COLORS, style
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
        f"<tr><td style='color:{LOSS_COLORS[name]};padding-right:14px'><b>{LABELS[name]}</b></td>"
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


def cost_explorer(prediction=0.3, target=1.0, losses=CURVE_LOSSES):
    """An ``Explorer`` with sliders for the prediction y_hat and the target y.

    ``state``: "prediction", "target", "losses" {name: L(y_hat, y)} and "gradients"
    {name: dL/dy_hat}, for each name in ``losses`` (names of ``dnn_core.losses.LOSSES``).
    """
    unknown = [name for name in losses if name not in CURVE_LOSSES]
    if unknown:
        raise ValueError(
            f"losses: {unknown} cannot be drawn here; choose from {', '.join(CURVE_LOSSES)}"
        )
    fig, (loss_ax, grad_ax), canvas = live_figure(figsize=(10.5, 3.9), ncols=2)
    curves, markers = {}, {}
    with style():
        for ax, kind, limits in (
            (loss_ax, "loss", LOSS_YLIM),
            (grad_ax, "gradient", GRADIENT_YLIM),
        ):
            for name in losses:
                color = LOSS_COLORS[name]
                (curves[kind, name],) = ax.plot([], [], color=color, label=LABELS[name])
                (markers[kind, name],) = ax.plot(
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
        target_lines = [
            ax.axvline(target, color=COLORS["black"], linestyle=":", linewidth=1.2)
            for ax in (loss_ax, grad_ax)
        ]
        prediction_lines = [
            ax.axvline(prediction, color=COLORS["vermillion"], linewidth=1)
            for ax in (loss_ax, grad_ax)
        ]
        loss_ax.legend(loc="upper center")

    prediction_slider = w.FloatSlider(
        value=prediction,
        min=0.01,
        max=0.99,
        step=0.01,
        readout_format=".2f",
        continuous_update=True,
    )
    target_slider = w.FloatSlider(value=target, min=0.0, max=1.0, step=0.05, readout_format=".2f")
    readout = w.HTML()
    state = {}
    explorer = Explorer(None, fig, state)

    def draw_curves():
        y = target_slider.value
        for name in losses:
            values, gradients = per_example(name, PREDICTIONS, y)
            curves["loss", name].set_data(PREDICTIONS, values)
            curves["gradient", name].set_data(PREDICTIONS, gradients)
        for line in target_lines:
            line.set_xdata([y, y])
        loss_ax.set_title(f"Each loss, target y = {y:.2f}")
        grad_ax.set_title(f"Its gradient (m = 1), target y = {y:.2f}")

    def draw_markers():
        p, y = prediction_slider.value, target_slider.value
        state.update(prediction=p, target=y, losses={}, gradients={})
        for name in losses:
            value, gradient = _value_at(name, p, y)
            state["losses"][name], state["gradients"][name] = value, gradient
            _place(markers["loss", name], p, value, LOSS_YLIM)
            _place(markers["gradient", name], p, gradient, GRADIENT_YLIM)
        for line in prediction_lines:
            line.set_xdata([p, p])
        readout.value = _table(state)
        explorer.redraw()

    def on_target(change):
        draw_curves()
        draw_markers()

    prediction_slider.observe(lambda change: draw_markers(), names="value")
    target_slider.observe(on_target, names="value")
    controls = w.VBox(
        [labelled(prediction_slider, "prediction ŷ"), labelled(target_slider, "target y"), readout]
    )
    explorer.ui = w.VBox([controls, canvas])
    explorer.controls = {"prediction": prediction_slider, "target": target_slider}
    explorer.markers, explorer.curves = markers, curves
    on_target(None)
    return explorer
