"""Figures of chapter 08, optimizers: each one's path on a valley, and on a real network.

    optimizer_runs          each optimizer's run on a 2-D surface (``surfaces.optimizer_descent``)
    plot_optimizer_paths    their paths on the contours beside their losses per step
    plot_learning_rate_sweep  final cost against the learning rate, one curve per optimizer
    plot_cost_comparison    cost per epoch of several runs on one log axis (e.g. with and
                            without a learning-rate schedule)

The numbers come from ``surfaces.optimizer_descent`` and ``experiments.compare_optimizers``,
which run dnn_core's own optimizers; here they are only drawn. An optimizer keeps its colour
(its place in ``RUN_COLORS``) in every figure.
"""

import numpy as np
from matplotlib.figure import Figure

from ..surfaces import get_surface, optimizer_descent
from .descent import RUN_COLORS, plot_losses, plot_path_2d
from .style import COLORS, axes_or_new, style


def optimizer_runs(surface, optimizers, steps=40, theta0=None):
    """{label: DescentRun} of each optimizer object of ``optimizers`` ({label: optimizer}) on
    ``surface`` from ``theta0`` (default: the surface's start), each from a fresh memory."""
    surface = get_surface(surface)
    theta0 = surface.start if theta0 is None else theta0
    runs = {}
    for label, optimizer in optimizers.items():
        optimizer.reset()
        runs[label] = optimizer_descent(surface, theta0, optimizer, steps)
    return runs


def plot_optimizer_paths(surface, optimizers, steps=40, theta0=None, title=None):
    """Side by side: each optimizer's path on the contours of ``surface``, and its loss per
    step (log scale). ``optimizers`` is {label: optimizer object}, at most four."""
    surface = get_surface(surface)
    runs = optimizer_runs(surface, optimizers, steps, theta0)
    with style():
        fig = Figure(figsize=(12, 4.2), layout="constrained")
        left, right = fig.subplots(1, 2, width_ratios=[2.1, 1])
    plot_path_2d(surface, list(runs.values()), list(runs), ax=left, title=title)
    plot_losses(list(runs.values()), list(runs), ax=right)
    with style():
        fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=len(runs))
    return fig


def plot_learning_rate_sweep(runs, ax=None, title="Final cost against the learning rate"):
    """``runs`` = {(optimizer name, learning rate): OptimizerRun} (``compare_optimizers``):
    one curve per optimizer, its last cost at each learning rate, both axes logarithmic.
    A run that diverged gets a cross at the top of the axes."""
    names = list(dict.fromkeys(name for name, _ in runs))
    with style():
        ax = axes_or_new(ax, (7, 4))
        top = max(float(r.costs.max()) for r in runs.values() if len(r.costs))
        for name, color in zip(names, RUN_COLORS):
            rates = sorted(rate for n, rate in runs if n == name)
            finals = [np.nan if runs[name, r].diverged else runs[name, r].costs[-1] for r in rates]
            ax.plot(rates, finals, marker="o", color=color, linewidth=1.6, label=name)
            lost = [r for r in rates if runs[name, r].diverged]
            ax.plot(lost, [top] * len(lost), "X", color=color, markersize=11, clip_on=False)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set(xlabel=r"learning rate $\alpha$", ylabel=r"cost $\mathcal{J}$ after training",
               title=title)  # fmt: skip
        ax.legend()
    return ax.figure


def plot_cost_comparison(costs, ax=None, title="Cost per epoch"):
    """``costs`` = {label: costs per epoch}: one line each, on a log y-axis."""
    colors = (COLORS["blue"], COLORS["vermillion"], COLORS["green"], COLORS["orange"])
    with style():
        ax = axes_or_new(ax, (7, 4))
        for (label, curve), color in zip(costs.items(), colors):
            curve = np.asarray(curve, dtype=float)
            ax.plot(np.arange(1, len(curve) + 1), curve, color=color, linewidth=1.5, label=label)
        ax.set_yscale("log")
        ax.set(xlabel="epoch", ylabel=r"cost $\mathcal{J}$", title=title)
        ax.legend()
    return ax.figure
