"""Figures about cost functions: each loss and its gradient against the prediction,
the sigmoid + cross-entropy shortcut against the chain rule, and a fit with an outlier.

Every number drawn here comes from dnn_core's own ``Loss`` objects (``LOSSES``) and
activations, called exactly as the network calls them, so a figure shows what the
code runs. Curves are per example: each prediction y_hat is a batch of m = 1, so the
loss is L(y_hat, y) and the gradient is dL/dy_hat with no 1/m to scale it.
"""

import numpy as np
from matplotlib.figure import Figure

from ..activations import ACTIVATIONS
from ..losses import LOSSES, get_loss
from .style import COLORS, axes_or_new, style

CURVE_LOSSES = ("binary_cross_entropy", "mse", "mae")
LABELS = {
    "binary_cross_entropy": "binary cross-entropy",
    "mse": "MSE",
    "mae": "MAE",
    "categorical_cross_entropy": "categorical cross-entropy",
}
LOSS_COLORS = {
    "binary_cross_entropy": COLORS["blue"],
    "mse": COLORS["orange"],
    "mae": COLORS["green"],
    "categorical_cross_entropy": COLORS["purple"],
}
PREDICTIONS = np.linspace(0.001, 0.999, 499)  # y_hat in (0, 1), where every loss is defined
LOSS_YLIM, GRADIENT_YLIM = (0, 4), (-6, 6)


def row_of_axes(ncols, width=5.4, height=3.9):
    """A new Figure with ``ncols`` panels side by side, in the project style: (fig, axes)."""
    with style():
        fig = Figure(figsize=(width * ncols, height), layout="constrained")
        axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def per_example(loss, predictions, target):
    """(losses, gradients): L(y_hat, y) and dL/dy_hat for every y_hat in ``predictions``,
    each computed by the loss object's cost and gradient on a batch of one example."""
    loss = get_loss(loss)
    Y = np.array([[float(target)]])
    values, gradients = [], []
    for p in np.asarray(predictions, dtype=float).ravel():
        AL = np.array([[p]])
        values.append(loss.cost(AL, Y))
        gradients.append(loss.gradient(AL, Y)[0, 0])
    return np.array(values), np.array(gradients)


def _curves(kind, target, ax, losses, predictions):
    predictions = PREDICTIONS if predictions is None else np.asarray(predictions, dtype=float)
    with style():
        ax = axes_or_new(ax, (5.6, 4))
        for name in losses:
            values, gradients = per_example(name, predictions, target)
            ax.plot(
                predictions,
                values if kind == "loss" else gradients,
                color=LOSS_COLORS.get(name),
                label=LABELS.get(name, name),
                gid=f"{kind}-{name}",
            )
        ax.axvline(target, color=COLORS["black"], linestyle=":", linewidth=1.2)
        ax.set_xlim(predictions.min(), predictions.max())
        if kind == "loss":
            ax.set(
                ylim=LOSS_YLIM,
                xlabel="prediction $\\hat y$",
                ylabel="loss $L(\\hat y, y)$",
                title=f"Each loss for target $y = {target:g}$",
            )
        else:
            ax.axhline(0, color=COLORS["black"], linewidth=0.8)
            ax.set(
                ylim=GRADIENT_YLIM,
                xlabel="prediction $\\hat y$",
                ylabel="gradient $\\partial L / \\partial \\hat y$",
                title=f"Its gradient for target $y = {target:g}$",
            )
        ax.legend(loc="upper center" if kind == "loss" else "lower right")
    return ax.figure


def plot_losses(target=1, ax=None, losses=CURVE_LOSSES, predictions=None):
    """Each loss L(y_hat, y) as a function of the prediction y_hat, for one target y.
    The dotted line marks y_hat = y, where every loss is smallest."""
    return _curves("loss", target, ax, losses, predictions)


def plot_loss_gradients(target=1, ax=None, losses=CURVE_LOSSES, predictions=None):
    """Each loss's gradient dL/dy_hat (one example, m = 1) against the prediction y_hat."""
    return _curves("gradient", target, ax, losses, predictions)


def plot_losses_and_gradients(target=1, losses=CURVE_LOSSES):
    """Two panels side by side: ``plot_losses`` and ``plot_loss_gradients`` for one target."""
    fig, (left, right) = row_of_axes(2)
    plot_losses(target, ax=left, losses=losses)
    plot_loss_gradients(target, ax=right, losses=losses)
    return fig


def fused_and_chain(Z, target):
    """(dZ_fused, dZ_chain) for a sigmoid output trained with binary cross-entropy, one example
    (m = 1) per entry of Z: the shortcut (A - Y) / m that the network uses, and the long way,
    the loss's dAL times sigma'(Z) through ``sigmoid_backward``."""
    loss, sigmoid = LOSSES["binary_cross_entropy"], ACTIVATIONS["sigmoid"]
    fused, chain = [], []
    for z in np.asarray(Z, dtype=float).ravel():
        Z1, Y1 = np.array([[z]]), np.array([[float(target)]])
        A1, cache = sigmoid.forward(Z1)
        fused.append(loss.fused[sigmoid](A1, Y1)[0, 0])
        chain.append(sigmoid.backward(loss.gradient(A1, Y1), cache, A=A1)[0, 0])
    return np.array(fused), np.array(chain)


def plot_fused_vs_chain(target=0, ax=None, z=None):
    """dZ against the pre-activation z of a sigmoid output with binary cross-entropy: the fused
    (A - Y) / m and the chain rule dAL * sigma'(Z), one example per z. Where the sigmoid
    saturates (|z| > ~36) the chain rule's dZ collapses towards 0; the fused one stays right."""
    z = np.linspace(-50, 50, 401) if z is None else np.asarray(z, dtype=float)
    fused, chain = fused_and_chain(z, target)
    A = ACTIVATIONS["sigmoid"].forward(z)[0]
    saturated = (A == 1.0) | (
        A < np.finfo(float).eps
    )  # rounded to 1, or clipped up to eps by _clip
    with style():
        ax = axes_or_new(ax, (5.6, 4))
        for start, stop in _runs(z, saturated):
            ax.axvspan(
                start,
                stop,
                color=COLORS["yellow"],
                alpha=0.35,
                linewidth=0,
                label="$A$ within eps of 0 or 1" if start == _runs(z, saturated)[0][0] else None,
            )
        ax.plot(z, fused, color=COLORS["blue"], label="fused: $(A - Y)/m$", gid="fused")
        ax.plot(
            z,
            chain,
            color=COLORS["vermillion"],
            linestyle="--",
            label="chain rule: $dA \\cdot \\sigma'(Z)$",
            gid="chain",
        )
        ax.set(
            xlabel="pre-activation $z$",
            ylabel="$dZ$ (one example)",
            ylim=(-1.15, 1.15),
            title=f"dZ for target $y = {target:g}$",
        )
        ax.legend(loc="upper left" if target == 0 else "lower right")
    return ax.figure


def _runs(x, mask):
    """[(x_start, x_stop), ...] for every run of consecutive True entries of ``mask``."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    return [(x[i], x[j - 1]) for i, j in zip(edges[::2], edges[1::2])]


def plot_outlier_fits(x, y, fits, outliers=(), ax=None):
    """Data points (the ``outliers`` indices highlighted) and one fitted line per entry of
    ``fits`` = {label: predictions at x}, e.g. a line trained with MSE and one with MAE."""
    x, y = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    colors = [COLORS["orange"], COLORS["green"], COLORS["purple"], COLORS["sky"]]
    with style():
        ax = axes_or_new(ax, (6.4, 4.2))
        normal = np.setdiff1d(np.arange(x.size), outliers)
        ax.scatter(x[normal], y[normal], color=COLORS["black"], s=22, label="data", zorder=3)
        if len(outliers):
            ax.scatter(
                x[list(outliers)],
                y[list(outliers)],
                color=COLORS["vermillion"],
                s=90,
                marker="X",
                label="outlier",
                zorder=3,
            )
        order = np.argsort(x)
        for color, (label, prediction) in zip(colors, fits.items()):
            prediction = np.asarray(prediction, dtype=float).ravel()
            ax.plot(x[order], prediction[order], color=color, label=label)
        ax.set(xlabel="x", ylabel="y", title="One outlier: MSE bends, MAE holds")
        ax.legend()
    return ax.figure
