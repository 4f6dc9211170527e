"""Figures about training: the cost per epoch, and a fitted curve against the true one.

``plot_snapshots`` draws the picture of the source document's test (its
Result.png): one panel per chosen epoch, the actual curve against what the
network predicted at that point of training, so one can watch the fit form.

Figures are made with ``matplotlib.figure.Figure``, not pyplot: nothing is
left in pyplot's global state, they render headless, and a notebook still
shows a returned Figure.
"""

import math

import numpy as np
from matplotlib.figure import Figure

from ..losses import LOSSES
from .style import COLORS, axes_or_new, style


def plot_cost(costs, ax=None, log=True, label=None, title="Cost per epoch"):
    """The cost J after each epoch (epochs counted from 1), on a log y-axis by default."""
    costs = np.asarray(costs, dtype=float).ravel()
    with style():
        ax = axes_or_new(ax, (6, 4))
        ax.plot(
            np.arange(1, costs.size + 1), costs, color=COLORS["blue"], linewidth=1.4, label=label
        )
        if log:
            ax.set_yscale("log")
        ax.set(xlabel="epoch", ylabel="cost $\\mathcal{J}$", title=title)
        if label is not None:
            ax.legend()
    return ax.figure


def plot_fit(x, y_true, y_pred, ax=None, title=None):
    """A regression fit: the actual curve y_true(x) and the network's y_pred(x)."""
    x, y_true, y_pred = (np.asarray(a, dtype=float).ravel() for a in (x, y_true, y_pred))
    if not x.size == y_true.size == y_pred.size:
        raise ValueError(
            f"x, y_true and y_pred must have the same number of points, "
            f"got {x.size}, {y_true.size} and {y_pred.size}"
        )
    with style():
        ax = axes_or_new(ax, (6, 4))
        ax.plot(x, y_true, color=COLORS["black"], label="actual")
        ax.plot(x, y_pred, color=COLORS["orange"], linestyle="--", label="prediction")
        ax.set(xlabel="x", ylabel="y")
        if title is not None:
            ax.set_title(title)
        ax.legend()
    return ax.figure


def plot_snapshots(x, y_true, snapshots, ncols=3):
    """A grid of ``plot_fit`` panels, one per entry of ``snapshots`` = {epoch: y_pred},
    in epoch order, each titled with its epoch and its MSE = mean((y_pred - y_true)^2), as the
    network's own MSE loss computes it."""
    if not snapshots:
        raise ValueError("snapshots must hold at least one {epoch: y_pred} entry")
    y_true = np.asarray(y_true, dtype=float).ravel()
    ncols = min(ncols, len(snapshots))
    nrows = math.ceil(len(snapshots) / ncols)
    fig = Figure(figsize=(4.2 * ncols, 3.3 * nrows), layout="constrained")
    for i, epoch in enumerate(sorted(snapshots)):
        y_pred = np.asarray(snapshots[epoch], dtype=float).ravel()
        mse = LOSSES["mse"].cost(y_pred.reshape(1, -1), y_true.reshape(1, -1))
        with style():
            ax = fig.add_subplot(nrows, ncols, i + 1)
        plot_fit(x, y_true, y_pred, ax=ax, title=f"epoch {epoch} — MSE {mse:.2e}")
        if i:
            ax.get_legend().remove()  # one legend, in the first panel, is enough
    return fig
