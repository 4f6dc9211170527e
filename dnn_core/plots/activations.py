"""Figures about activation functions: each g with its derivative, and what depth does to gradients.

``plot_activation`` draws g(z) and g'(z) on one Axes. The derivative is not a
separately written formula: it is what the activation's own backward function
returns for dA = 1, so the picture shows exactly what the code runs.

``gradient_through_depth`` pushes a seeded random batch through a deep stack of
layers with ``L_model_forward`` / ``L_model_backward`` and measures how big the
gradient dA still is after passing back through k layers; the plot helpers
draw that curve for several activations, and ``dnn_core.widgets.activations``
animates it.
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
from .style import COLORS, style

Z_DEFAULT = np.linspace(-5, 5, 1001)  # step 0.01, so z = 0 is one of the points

# name -> (title, output range, label of g, label of g'); mathtext, readable on a slide
DESCRIPTIONS = {
    "sigmoid": ("Sigmoid", "(0, 1)", r"$\sigma(z) = 1\,/\,(1 + e^{-z})$",
                r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$"),
    "relu": ("ReLU", "[0, ∞)", r"$\mathrm{ReLU}(z) = \max(0,\ z)$",
             r"$\mathrm{ReLU}'(z)$ = 1 if $z > 0$, else 0"),
    "leaky_relu": ("Leaky ReLU", "(−∞, ∞)", r"$\max(\alpha z,\ z)$",
                   r"derivative: 1 if $z > 0$, else $\alpha$"),
    "tanh": ("Tanh", "(−1, 1)", r"$\tanh(z) = (e^{z} - e^{-z})\,/\,(e^{z} + e^{-z})$",
             r"$\tanh'(z) = 1 - \tanh^2(z)$"),
    "linear": ("Linear (identity)", "(−∞, ∞)", r"$g(z) = z$", r"$g'(z) = 1$"),
}
KINKED = ("relu", "leaky_relu")  # not differentiable at 0: the code picks a value there

# Initialization that keeps signals at a steady size for each activation (see parameters.py).
DEFAULT_INIT = {"sigmoid": "xavier", "tanh": "xavier", "linear": "xavier",
                "relu": "he", "leaky_relu": "he"}
DEPTH_COLORS = {"sigmoid": COLORS["blue"], "tanh": COLORS["orange"], "relu": COLORS["green"],
                "leaky_relu": COLORS["vermillion"], "linear": COLORS["purple"]}


def _axes(ax, figsize):
    """The given Axes, or the single Axes of a new Figure (made in the project's style)."""
    if ax is not None:
        return ax
    with style():
        return Figure(figsize=figsize, layout="constrained").add_subplot()


def activation_and_derivative(activation, z=None):
    """(g(z), g'(z)) for a name or an ``Activation``, both from dnn_core's own code:
    g from its forward function, g' from its backward function with dA = 1."""
    g = get_activation(activation)
    z = Z_DEFAULT if z is None else np.asarray(z, dtype=float)
    Z = z.reshape(1, -1)  # one row, one column per point: the (n, m) convention
    A, cache = g.forward(Z)
    dZ = g.backward(np.ones_like(Z), cache, A=A)
    return A.reshape(z.shape), dZ.reshape(z.shape)


def leaky_slope(activation):
    """The slope alpha that a leaky ReLU ``Activation`` uses for z < 0 (read off its backward)."""
    g = get_activation(activation)
    return float(g.backward(np.ones((1, 1)), -np.ones((1, 1)))[0, 0])


def activation_title(activation):
    """A short title such as "Leaky ReLU (α = 0.01)"."""
    g = get_activation(activation)
    title = DESCRIPTIONS.get(g.name, (g.name,))[0]
    if g.name == "leaky_relu":
        title += f" (α = {leaky_slope(g):g})"
    return title


def plot_activation(activation, ax=None, z=None, show_derivative=True):
    """g(z) (solid) and g'(z) (dashed) for ``activation``, a name or an ``Activation``.

    The line with gid "activation" holds g, the one with gid "derivative" holds
    g' as computed by the backward function with dA = 1; for ReLU and leaky
    ReLU a dot (gid "convention") marks the value the code uses at z = 0.
    """
    g = get_activation(activation)
    z = Z_DEFAULT if z is None else np.asarray(z, dtype=float).ravel()
    A, dZ = activation_and_derivative(g, z)
    _, output_range, f_label, df_label = DESCRIPTIONS.get(g.name, (g.name, "", "$g(z)$", "$g'(z)$"))
    with style():
        ax = _axes(ax, (6, 4))
        ax.axhline(0, color="0.55", linewidth=0.9, zorder=1)
        ax.axvline(0, color="0.55", linewidth=0.9, zorder=1)
        ax.plot(z, A, color=COLORS["blue"], label=f_label, gid="activation", zorder=3)
        if show_derivative:
            ax.plot(z, dZ, color=COLORS["orange"], linestyle="--", label=df_label,
                    gid="derivative", zorder=3)
            if g.name in KINKED and z.min() < 0 < z.max():
                at_zero = activation_and_derivative(g, [0.0])[1][0]
                ax.plot([0], [at_zero], "o", color=COLORS["orange"], markersize=7, zorder=4,
                        gid="convention", label=f"the code's value at $z = 0$: {at_zero:g}")
        title = activation_title(g)
        ax.set_title(f"{title} — output in {output_range}" if output_range else title)
        ax.set(xlabel="$z$", ylabel="value")
        ax.legend(loc="upper left")
        low = min(A.min(), dZ.min() if show_derivative else 0)
        high = max(A.max(), dZ.max() if show_derivative else 0, 1.0)
        pad = 0.08 * (high - low)
        ax.set_ylim(low - pad, high + 0.45 * (high - low))  # head-room for the legend
    return ax.figure


def plot_activation_gallery(names=("sigmoid", "tanh", "relu", "leaky_relu"), z=None):
    """``plot_activation`` for each of ``names`` in a grid of two columns."""
    names = list(names)
    nrows = (len(names) + 1) // 2
    with style():
        fig = Figure(figsize=(11, 3.9 * nrows), layout="constrained")
        axes = fig.subplots(nrows, 2, squeeze=False).ravel()
    for ax, name in zip(axes, names):
        plot_activation(name, ax=ax, z=z)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    return fig


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
    parameters = initialize_parameters([width] * (depth + 2), init or DEFAULT_INIT.get(g.name, "xavier"), rng)
    X = rng.standard_normal((width, m))
    AL, caches = L_model_forward(X, parameters, g, "linear")
    Y = AL + rng.standard_normal(AL.shape)  # targets one unit away: a gradient of typical size
    grads = L_model_backward(AL, Y, caches, g, "linear", "mse")
    dA0, _, _ = linear_activation_backward(grads["dA1"], caches[0], g)  # on into the input
    sizes = [np.abs(grads[f"dA{l}"]).mean() for l in range(depth, 0, -1)] + [np.abs(dA0).mean()]
    return np.array(sizes) / sizes[0]


def plot_gradient_through_depth(activations=("sigmoid", "tanh", "relu", "leaky_relu"), depth=20,
                                width=32, m=64, seed=0, ax=None, show_bound=True):
    """``gradient_through_depth`` for each activation, on a log scale; with ``show_bound``
    also the curve (1/4)^k, the most a sigmoid's slope lets through per layer."""
    with style():
        ax = _axes(ax, (7, 4.2))
        k = np.arange(depth + 1)
        if show_bound:
            ax.plot(k, 0.25 ** k, color="0.45", linestyle=":", linewidth=1.8, gid="bound",
                    label=r"$(1/4)^k$: the sigmoid's slope alone")
        for name in activations:
            g = get_activation(name)
            ratio = gradient_through_depth(g, depth, width, m, seed)
            ax.plot(k, ratio, marker="o", markersize=3.5, color=DEPTH_COLORS.get(g.name),
                    linestyle="--" if g.name == "leaky_relu" else "-", gid=f"gradient:{g.name}",
                    label=f"{g.name} ({DEFAULT_INIT.get(g.name, 'xavier')} init)")
        ax.set_yscale("log")
        ax.set_xlim(0, depth)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(xlabel="layers the gradient has passed back through, $k$",
               ylabel="mean |dA|, relative to the top",
               title=f"Gradient size through {depth} layers of width {width}")
        ax.legend(loc="upper right", bbox_to_anchor=(1, 0.88))
    return ax.figure


def compare_curves(z, curves, ax=None, title=None, xlabel="$z$", ylabel="value"):
    """Several curves y(z) on one Axes; ``curves`` maps a legend label to y values.
    Each line gets its label as gid, so tests and notebooks can find it."""
    z = np.asarray(z, dtype=float).ravel()
    styles = [("-", COLORS["blue"]), ("--", COLORS["vermillion"]), (":", COLORS["green"]),
              ("-.", COLORS["purple"])]
    with style():
        ax = _axes(ax, (6, 4))
        ax.axhline(0, color="0.55", linewidth=0.9, zorder=1)
        ax.axvline(0, color="0.55", linewidth=0.9, zorder=1)
        ys = [np.asarray(y, dtype=float).ravel() for y in curves.values()]
        for label, y, (linestyle, color) in zip(curves, ys, styles * len(curves)):
            ax.plot(z, y, linestyle=linestyle, color=color, label=label, gid=label)
        low, high = min(y.min() for y in ys), max(y.max() for y in ys)
        span = (high - low) or 1.0
        ax.set_ylim(low - 0.08 * span, high + (0.12 + 0.1 * len(curves)) * span)  # room for the legend
        ax.set(xlabel=xlabel, ylabel=ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
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
                ax.add_patch(Rectangle((-0.5, first - 0.5), Z.shape[1], last - first + 1, fill=False,
                                       edgecolor=COLORS["vermillion"], linewidth=2.2, gid="dead"))
                count = last - first + 1
                ax.text((Z.shape[1] - 1) / 2, (first + last) / 2,
                        "dead unit" if count == 1 else f"{count} dead units: z ≤ 0 for every example",
                        color=COLORS["vermillion"], fontsize=13 if count >= 3 else 11,
                        fontweight="bold", ha="center", va="center")
            ax.set(xlabel=f"example (column), m = {Z.shape[1]}", ylabel="unit (row)",
                   title=f"{title}\n{int(dead.sum())} of {Z.shape[0]} units dead (blue: z > 0, active)")
    return fig
