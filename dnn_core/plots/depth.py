"""What depth does to gradients: vanishing gradients, and units that never switch on.

``gradient_through_depth`` pushes a seeded random batch through a deep stack of
layers with ``L_model_forward`` / ``L_model_backward`` and measures how big the
gradient dA still is after passing back through k layers; the plot helpers
draw that curve for several activations, and ``dnn_core.widgets.activations``
animates it. ``dead_units`` and ``plot_unit_activity`` show ReLU units that are
off (z <= 0) for every example, whose gradient is therefore zero for good.
"""

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ..activations import get_activation
from ..backward import L_model_backward, linear_activation_backward
from ..forward import L_model_forward
from ..parameters import initialize_parameters
from .style import COLORS, axes_or_new, style

DEFAULT_INIT = {
    "sigmoid": "xavier",
    "tanh": "xavier",
    "linear": "xavier",
    "relu": "he",
    "leaky_relu": "he",
}
DEPTH_COLORS = {
    "sigmoid": COLORS["blue"],
    "tanh": COLORS["orange"],
    "relu": COLORS["green"],
    "leaky_relu": COLORS["vermillion"],
    "linear": COLORS["purple"],
}


def gradient_through_depth(activation, depth=20, width=32, m=64, seed=0, init=None):
    """How big the gradient stays on its way back through ``depth`` hidden layers.

    A network of ``depth`` hidden layers of ``width`` units (activation
    ``activation``, weights from ``initialize_parameters`` with ``init``, by
    default Xavier for sigmoid/tanh/linear and He for the ReLUs) and a linear
    output layer runs a seeded random batch of m examples forward and backward
    (mean squared error against random targets). Returns an array r of length
    depth + 1: r[k] is the mean |dA| of the hidden layer k layers below the top,
    divided by the same at the top, so r[0] = 1 and r[depth] is the gradient
    that reaches the input after passing back through every layer.
    """
    g = get_activation(activation)
    if not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a whole number >= 1, got {depth!r}")
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(
        [width] * (depth + 2), init or DEFAULT_INIT.get(g.name, "xavier"), rng
    )
    X = rng.standard_normal((width, m))
    AL, caches = L_model_forward(X, parameters, g, "linear")
    Y = AL + rng.standard_normal(AL.shape)  # targets one unit away: a gradient of typical size
    grads = L_model_backward(AL, Y, caches, g, "linear", "mse")
    dA0, _, _ = linear_activation_backward(grads["dA1"], caches[0], g)  # on into the input
    sizes = [np.abs(grads[f"dA{l}"]).mean() for l in range(depth, 0, -1)] + [np.abs(dA0).mean()]
    return np.array(sizes) / sizes[0]


def plot_gradient_through_depth(
    activations=("sigmoid", "tanh", "relu", "leaky_relu"),
    depth=20,
    width=32,
    m=64,
    seed=0,
    ax=None,
    show_bound=True,
):
    """``gradient_through_depth`` for each activation, on a log scale; with ``show_bound``
    also the curve (1/4)^k, the most a sigmoid's slope lets through per layer."""
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
                color=DEPTH_COLORS.get(g.name),
                linestyle="--" if g.name == "leaky_relu" else "-",
                gid=f"gradient:{g.name}",
                label=f"{g.name} ({DEFAULT_INIT.get(g.name, 'xavier')} init)",
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


def dead_units(Z):
    """Boolean mask of the rows (units) of Z whose pre-activation is <= 0 for every
    example (column): a ReLU passes neither signal nor gradient through them."""
    return (np.asarray(Z) <= 0).all(axis=1)


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
