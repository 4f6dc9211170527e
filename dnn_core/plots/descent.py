"""Figures of gradient descent on the small surfaces of ``dnn_core.surfaces``.

    plot_path_1d          a 1-D curve J(theta) with the path of one run drawn on it
    plot_regimes          2 x 2 panels: crawl, converge, oscillate, diverge on one curve
    plot_starting_points  on a curve with two valleys, the start decides where a run ends
    plot_path_2d          contours of a 2-D surface with the paths of several runs
    plot_losses           J per step of several runs (log scale, above the minimum)
    plot_descent_2d       both of those side by side, one run per learning rate
    plot_cost_curves      a network's cost per epoch for several learning rates

The animated GIF (images/gradient_descent.gif) is made by ``descent_animation.py``.
"""

import numpy as np
from matplotlib.figure import Figure

from ..surfaces import classify_run, get_surface, gradient_descent
from .style import COLORS, CYCLE, axes_or_new, style

RUN_COLORS = (COLORS["orange"], COLORS["green"], COLORS["purple"], COLORS["vermillion"])
VERBS = {
    "crawl": "crawls",
    "converge": "converges",
    "oscillate": "oscillates",
    "diverge": "diverges",
}


def _grid_1d(surface, n=400):
    theta = np.linspace(*surface.bounds[0], n)
    return theta, surface.value(theta[None])


def plot_path_1d(surface, run, ax=None, color=COLORS["vermillion"], title=None, curve=True):
    """J(theta) over the surface's bounds and the run's points (theta_k, J(theta_k)),
    joined in order; the start is a ring, the last point a filled dot."""
    surface = get_surface(surface)
    theta, J = _grid_1d(surface)
    with style():
        ax = axes_or_new(ax, (5, 3.6))
        if curve:
            ax.plot(theta, J, color=COLORS["black"], linewidth=1.6, zorder=1)
            span = J.max() - J.min()
            ax.set(
                xlim=surface.bounds[0],
                ylim=(J.min() - 0.08 * span, J.max() + 0.08 * span),
                xlabel=r"$\theta$",
                ylabel=r"$\mathcal{J}(\theta)$",
            )
        x, y = run.path[:, 0], run.losses
        ax.plot(x, y, color=color, linewidth=1.1, alpha=0.7, marker="o", markersize=4, zorder=2)
        ax.plot(
            x[0],
            y[0],
            "o",
            markersize=10,
            markerfacecolor="white",
            markeredgecolor=color,
            markeredgewidth=2,
            zorder=3,
            label="start",
        )
        ax.plot(x[-1], y[-1], "o", markersize=8, color=color, zorder=3)
        if title is not None:
            ax.set_title(title)
    return ax.figure


def plot_regimes(surface, learning_rates, theta0=None, steps=20):
    """One panel per learning rate (2 x 2 for four), each titled with what the run did."""
    surface = get_surface(surface)
    theta0 = float(np.ravel(surface.start if theta0 is None else theta0)[0])
    ncols = 2 if len(learning_rates) > 1 else 1
    nrows = -(-len(learning_rates) // ncols)
    with style():
        fig = Figure(figsize=(5.2 * ncols, 3.5 * nrows), layout="constrained")
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True)).ravel()
    for ax, rate, color in zip(axes, learning_rates, CYCLE):
        run = gradient_descent(surface, theta0, rate, steps)
        regime = classify_run(*run)
        plot_path_1d(
            surface,
            run,
            ax=ax,
            color=color,
            title=rf"$\alpha$ = {rate:g} ($\alpha a$ = {rate * surface.curvature:.3g}): {VERBS[regime]}",
        )
        if ax.get_subplotspec().is_first_row():
            ax.set_xlabel("")
    fig.suptitle(
        f"{steps} steps of gradient descent on {surface.formula}, from $\\theta_0$ = {theta0:g}",
        fontsize=14,
    )
    return fig


def plot_starting_points(surface, starts, learning_rate=0.1, steps=60):
    """Runs from several starting points on a 1-D surface, each labelled with where it ended."""
    surface = get_surface(surface)
    lowest = min(surface.minima, key=lambda m: float(surface.value(np.array(m))))
    with style():
        ax = axes_or_new(None, (7, 4.4))
    for i, (theta0, color) in enumerate(
        zip(starts, (COLORS["vermillion"], COLORS["blue"], COLORS["green"]))
    ):
        run = gradient_descent(surface, theta0, learning_rate, steps)
        end = run.path[-1, 0]
        kind = "the lowest minimum" if abs(end - lowest[0]) < 1e-2 else "a higher minimum"
        plot_path_1d(surface, run, ax=ax, color=color, curve=(i == 0))
        ax.lines[-2].set_label(
            rf"from $\theta_0$ = {theta0:g}: ends at $\theta$ = {end:.3f}, {kind}"
        )
    with style():
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16))
        ax.set_title(rf"{steps} steps with $\alpha$ = {learning_rate:g} on {surface.formula}")
    return ax.figure


def draw_contours(ax, surface, levels=12, n=200):
    """Filled contours of a 2-D surface over its bounds, a star at each minimum, equal axes."""
    (x0, x1), (y0, y1) = surface.bounds
    grid = np.stack(np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n)))
    J = surface.value(grid)
    lines = np.quantile(J, np.linspace(0.0, 0.97, levels) ** 2)
    ax.contourf(grid[0], grid[1], J, levels=lines, cmap="Blues_r", alpha=0.35, extend="max")
    ax.contour(grid[0], grid[1], J, levels=lines, colors=COLORS["blue"], linewidths=0.7, alpha=0.6)
    for minimum in surface.minima:
        ax.plot(*minimum, marker="*", markersize=14, color=COLORS["black"], zorder=4)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=r"$\theta_1$", ylabel=r"$\theta_2$", aspect="equal")


def _until_off_chart(path, bounds):
    """The path up to and including its first point outside the drawn box."""
    low, high = np.array(bounds).T
    outside = np.flatnonzero(((path < low) | (path > high)).any(axis=1))
    return path if outside.size == 0 else path[: outside[0] + 1]


def plot_path_2d(surface, runs, labels, ax=None, title=None):
    """Contours of a 2-D surface (star: the minimum) and each run's path, start ringed;
    a path that leaves the box is drawn up to that point and marked with a cross there."""
    surface = get_surface(surface)
    with style():
        ax = axes_or_new(ax, (8, 4))
        draw_contours(ax, surface)
        for run, label, color in zip(runs, labels, RUN_COLORS):
            shown = _until_off_chart(run.path, surface.bounds)
            ax.plot(
                shown[:, 0],
                shown[:, 1],
                marker="o",
                markersize=3.5,
                linewidth=1.4,
                color=color,
                label=label,
                zorder=3,
            )
            if len(shown) < len(run.path):
                ax.plot(
                    *np.clip(shown[-1], *np.array(surface.bounds).T),
                    "X",
                    color=color,
                    markersize=11,
                    clip_on=False,
                    zorder=5,
                )
        ax.plot(
            *runs[0].path[0],
            "o",
            markersize=10,
            markerfacecolor="white",
            markeredgecolor=COLORS["black"],
            zorder=5,
        )
        ax.set_title(title if title is not None else f"Paths on {surface.formula}")
    return ax.figure


def plot_losses(runs, labels, ax=None, minimum=0.0, title="Loss per step"):
    """J(theta_k) - ``minimum`` against the step k, one line per run, on a log scale."""
    with style():
        ax = axes_or_new(ax, (5, 3.6))
        for run, label, color in zip(runs, labels, RUN_COLORS):
            gap = np.maximum(run.losses - minimum, 1e-17)
            ax.plot(
                np.arange(len(gap)),
                gap,
                color=color,
                marker="o",
                markersize=3,
                linewidth=1.4,
                label=label,
            )
        ax.set_yscale("log")
        ax.set(
            xlabel="step $k$", ylabel=r"$\mathcal{J}(\theta_k) - \mathcal{J}_{\min}$", title=title
        )
    return ax.figure


def plot_descent_2d(surface, learning_rates, steps=30, theta0=None):
    """Side by side: the paths of one run per learning rate on a 2-D surface's contours,
    and their losses per step; each run is labelled with what it did (``classify_run``)."""
    surface = get_surface(surface)
    theta0 = surface.start if theta0 is None else theta0
    runs = [gradient_descent(surface, theta0, rate, steps) for rate in learning_rates]
    labels = [
        rf"$\alpha$ = {rate:g}: {VERBS[classify_run(*run)]}"
        for rate, run in zip(learning_rates, runs)
    ]
    with style():
        fig = Figure(figsize=(12, 4.2), layout="constrained")
        left, right = fig.subplots(1, 2, width_ratios=[2.1, 1])
    plot_path_2d(surface, runs, labels, ax=left)
    plot_losses(
        runs,
        labels,
        ax=right,
        minimum=min(float(surface.value(np.array(m))) for m in surface.minima),
    )
    with style():
        fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=len(runs))
    return fig


def plot_cost_curves(
    costs, ax=None, diverged=(), title="Cost per epoch, one line per learning rate"
):
    """``costs`` = {learning_rate: list of costs per epoch}; a learning rate listed in
    ``diverged`` gets a cross where its training stopped."""
    with style():
        ax = axes_or_new(ax, (7, 4))
        for (rate, curve), color in zip(costs.items(), CYCLE):
            curve = np.asarray(curve, dtype=float)
            epochs = np.arange(1, len(curve) + 1)
            label = rf"$\alpha$ = {rate:g}" + (" (diverged)" if rate in diverged else "")
            ax.plot(epochs, curve, color=color, label=label)
            if rate in diverged and len(curve):
                ax.plot(epochs[-1], curve[-1], "X", color=color, markersize=12)
        ax.set_yscale("log")
        ax.set(xlabel="epoch", ylabel=r"cost $\mathcal{J}$", title=title)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax.figure
