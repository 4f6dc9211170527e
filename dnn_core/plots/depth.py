"""What depth does to gradients, drawn: vanishing gradients, and units that never switch on.

The numbers come from ``dnn_core.depth``: ``gradient_through_depth`` measures how big the
gradient dA still is after passing back through k layers, and ``plot_gradient_through_depth``
draws that curve for several activations (``dnn_core.widgets.activations`` animates it).
``dead_units`` finds ReLU units that are off (z <= 0) for every example, whose gradient is
therefore zero for good, and ``plot_unit_activity`` shows them.
"""

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ..activations import get_activation
from ..curves import bending_activations
from ..depth import dead_units, gradient_through_depth
from .style import COLORS, axes_or_new, color_of, style


def plot_gradient_through_depth(
    activations=None,
    depth=20,
    width=32,
    m=64,
    seed=0,
    ax=None,
    show_bound=True,
):
    """``gradient_through_depth`` for each activation (by default every one that bends,
    ``bending_activations``), on a log scale, each in its registered colour and labelled with
    its registered initialization; with ``show_bound`` also the curve (1/4)^k, the most a
    sigmoid's slope lets through per layer."""
    if activations is None:
        activations = bending_activations()
    with style():
        ax = axes_or_new(ax, (7, 4.2))
        k = np.arange(depth + 1)
        if show_bound:
            ax.plot(
                k,
                0.25**k,
                color="0.45",
                linestyle=":",
                linewidth=1.8,
                gid="bound",
                label=r"$(1/4)^k$: the sigmoid's slope alone",
            )
        for name in activations:
            g = get_activation(name)
            ratio = gradient_through_depth(g, depth, width, m, seed)
            ax.plot(
                k,
                ratio,
                marker="o",
                markersize=3.5,
                color=color_of(g),
                linestyle="--" if g.name == "leaky_relu" else "-",  # it lies on ReLU's line
                gid=f"gradient:{g.name}",
                label=f"{g.name} ({g.init} init)",
            )
        ax.set_yscale("log")
        ax.set_xlim(0, depth)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(
            xlabel="layers the gradient has passed back through, $k$",
            ylabel="mean |dA|, relative to the top",
            title=f"Gradient size through {depth} layers of width {width}",
        )
        ax.legend(loc="upper right", bbox_to_anchor=(1, 0.88))
    return ax.figure


def _runs(mask):
    """(first, last) index of each block of consecutive True entries of a 1-d mask."""
    runs, start = [], None
    for i, flag in enumerate(list(mask) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


def plot_unit_activity(panels, figsize=None):
    """One panel per entry of ``panels`` = {title: Z}: a grid of units (rows) by
    examples (columns), coloured where z > 0, i.e. where a ReLU unit is active.
    An empty row is a dead unit: framed and labelled, and counted in the panel's title."""
    panels = dict(panels)
    with style():
        fig = Figure(figsize=figsize or (5.2 * len(panels), 3.8), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, len(panels), squeeze=False).ravel())
    cmap = ListedColormap(["#F2F2F2", COLORS["blue"]])
    for ax, (title, Z) in zip(axes, panels.items()):
        Z = np.asarray(Z)
        dead = dead_units(Z)
        with style():
            ax.imshow(Z > 0, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
            ax.grid(False)
            for first, last in _runs(dead):  # a frame and a label on each block of dead rows
                ax.add_patch(
                    Rectangle(
                        (-0.5, first - 0.5),
                        Z.shape[1],
                        last - first + 1,
                        fill=False,
                        edgecolor=COLORS["vermillion"],
                        linewidth=2.2,
                        gid="dead",
                    )
                )
                count = last - first + 1
                ax.text(
                    (Z.shape[1] - 1) / 2,
                    (first + last) / 2,
                    "dead unit" if count == 1 else f"{count} dead units: z ≤ 0 for every example",
                    color=COLORS["vermillion"],
                    fontsize=13 if count >= 3 else 11,
                    fontweight="bold",
                    ha="center",
                    va="center",
                )
            ax.set(
                xlabel=f"example (column), m = {Z.shape[1]}",
                ylabel="unit (row)",
                title=f"{title}\n{int(dead.sum())} of {Z.shape[0]} units dead (blue: z > 0, active)",
            )
    return fig
