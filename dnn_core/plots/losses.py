"""Figures about cost functions: each loss and its gradient against the prediction,
the sigmoid + cross-entropy shortcut against the chain rule, and a fit with an outlier.

Every number drawn here comes from dnn_core's own ``Loss`` objects (``LOSSES``) and
activations, called exactly as the network calls them (``dnn_core.curves``), so a figure
shows what the code runs; each loss's title and colour are the ones it is registered with.
Curves are per example: each prediction y_hat is a batch of m = 1, so the loss is
L(y_hat, y) and the gradient is dL/dy_hat with no 1/m to scale it.
"""

import numpy as np
from matplotlib.figure import Figure

from ..activations import ACTIVATIONS
from ..curves import fused_and_chain, per_example, sigmoid_saturated
from ..losses import LOSSES, get_loss
from .style import COLORS, axes_or_new, color_of, style

PREDICTIONS = np.linspace(0.001, 0.999, 499)  # y_hat in (0, 1), where every loss is defined
LOSS_YLIM, GRADIENT_YLIM = (0, 4), (-6, 6)


def curve_losses():
    """The losses that can be drawn against one prediction y_hat in (0, 1): those that need no
    particular output, or an element-wise one (sigmoid), in registry order -- binary
    cross-entropy, MSE and MAE; not categorical cross-entropy, whose softmax needs a column of
    several outputs. Read from ``LOSSES`` at every call."""
    return [
        name
        for name, loss in LOSSES.items()
        if all(ACTIVATIONS[g].hidden for g in loss.output_activations)
    ]


def loss_label(loss):
    """A loss's name for legends and tables: its registered title ("MSE"), else its name."""
    loss = get_loss(loss)
    return loss.title or loss.name


def row_of_axes(ncols, width=5.4, height=3.9):
    """A new Figure with ``ncols`` panels side by side, in the project style: (fig, axes)."""
    with style():
        fig = Figure(figsize=(width * ncols, height), layout="constrained")
        axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def _curves(kind, target, ax, losses, predictions):
    losses = curve_losses() if losses is None else losses
    predictions = PREDICTIONS if predictions is None else np.asarray(predictions, dtype=float)
    with style():
        ax = axes_or_new(ax, (5.6, 4))
        for name in losses:
            values, gradients = per_example(name, predictions, target)
            ax.plot(
                predictions,
                values if kind == "loss" else gradients,
                color=color_of(get_loss(name)),
                label=loss_label(name),
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


def plot_losses(target=1, ax=None, losses=None, predictions=None):
    """Each loss L(y_hat, y) (by default every one of ``curve_losses``) as a function of the
    prediction y_hat, for one target y. The dotted line marks y_hat = y, where every loss is
    smallest."""
    return _curves("loss", target, ax, losses, predictions)


def plot_loss_gradients(target=1, ax=None, losses=None, predictions=None):
    """Each loss's gradient dL/dy_hat (one example, m = 1) against the prediction y_hat."""
    return _curves("gradient", target, ax, losses, predictions)


def plot_losses_and_gradients(target=1, losses=None):
    """Two panels side by side: ``plot_losses`` and ``plot_loss_gradients`` for one target."""
    fig, (left, right) = row_of_axes(2)
    plot_losses(target, ax=left, losses=losses)
    plot_loss_gradients(target, ax=right, losses=losses)
    return fig


def plot_fused_vs_chain(target=0, ax=None, z=None):
    """dZ against the pre-activation z of a sigmoid output with binary cross-entropy: the fused
    (A - Y) / m and the chain rule dAL * sigma'(Z), one example per z. Where the sigmoid
    saturates (|z| > ~36) the chain rule's dZ collapses towards 0; the fused one stays right."""
    z = np.linspace(-50, 50, 401) if z is None else np.asarray(z, dtype=float)
    fused, chain = fused_and_chain(z, target)
    saturated = sigmoid_saturated(z)
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
