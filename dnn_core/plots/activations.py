"""Figures about activation functions: each g with its derivative, drawn from the code itself.

``plot_activation`` draws g(z) and g'(z) on one Axes. The derivative is not a
separately written formula: it is what the activation's own backward function
returns for dA = 1, so the picture shows exactly what the code runs.

What depth does to gradients (vanishing gradients, dead units) is drawn by
``depth.py``.
"""

import numpy as np
from matplotlib.figure import Figure

from ..activations import get_activation
from .style import COLORS, axes_or_new, style

Z_DEFAULT = np.linspace(-5, 5, 1001)  # step 0.01, so z = 0 is one of the points

# name -> (title, output range, label of g, label of g'); mathtext, readable on a slide
DESCRIPTIONS = {
    "sigmoid": (
        "Sigmoid",
        "(0, 1)",
        r"$\sigma(z) = 1\,/\,(1 + e^{-z})$",
        r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$",
    ),
    "relu": (
        "ReLU",
        "[0, ∞)",
        r"$\mathrm{ReLU}(z) = \max(0,\ z)$",
        r"$\mathrm{ReLU}'(z)$ = 1 if $z > 0$, else 0",
    ),
    "leaky_relu": (
        "Leaky ReLU",
        "(−∞, ∞)",
        r"$\max(\alpha z,\ z)$",
        r"derivative: 1 if $z > 0$, else $\alpha$",
    ),
    "tanh": (
        "Tanh",
        "(−1, 1)",
        r"$\tanh(z) = (e^{z} - e^{-z})\,/\,(e^{z} + e^{-z})$",
        r"$\tanh'(z) = 1 - \tanh^2(z)$",
    ),
    "linear": ("Linear (identity)", "(−∞, ∞)", r"$g(z) = z$", r"$g'(z) = 1$"),
}
KINKED = ("relu", "leaky_relu")  # not differentiable at 0: the code picks a value there


# Initialization that keeps signals at a steady size for each activation (see parameters.py).
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
        ax = axes_or_new(ax, (6, 4))
        ax.axhline(0, color="0.55", linewidth=0.9, zorder=1)
        ax.axvline(0, color="0.55", linewidth=0.9, zorder=1)
        ax.plot(z, A, color=COLORS["blue"], label=f_label, gid="activation", zorder=3)
        if show_derivative:
            ax.plot(
                z,
                dZ,
                color=COLORS["orange"],
                linestyle="--",
                label=df_label,
                gid="derivative",
                zorder=3,
            )
            if g.name in KINKED and z.min() < 0 < z.max():
                at_zero = activation_and_derivative(g, [0.0])[1][0]
                ax.plot(
                    [0],
                    [at_zero],
                    "o",
                    color=COLORS["orange"],
                    markersize=7,
                    zorder=4,
                    gid="convention",
                    label=f"the code's value at $z = 0$: {at_zero:g}",
                )
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
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    return fig


def compare_curves(z, curves, ax=None, title=None, xlabel="$z$", ylabel="value"):
    """Several curves y(z) on one Axes; ``curves`` maps a legend label to y values.
    Each line gets its label as gid, so tests and notebooks can find it."""
    z = np.asarray(z, dtype=float).ravel()
    styles = [
        ("-", COLORS["blue"]),
        ("--", COLORS["vermillion"]),
        (":", COLORS["green"]),
        ("-.", COLORS["purple"]),
    ]
    with style():
        ax = axes_or_new(ax, (6, 4))
        ax.axhline(0, color="0.55", linewidth=0.9, zorder=1)
        ax.axvline(0, color="0.55", linewidth=0.9, zorder=1)
        ys = [np.asarray(y, dtype=float).ravel() for y in curves.values()]
        for label, y, (linestyle, color) in zip(curves, ys, styles * len(curves)):
            ax.plot(z, y, linestyle=linestyle, color=color, label=label, gid=label)
        low, high = min(y.min() for y in ys), max(y.max() for y in ys)
        span = (high - low) or 1.0
        ax.set_ylim(
            low - 0.08 * span, high + (0.12 + 0.1 * len(curves)) * span
        )  # room for the legend
        ax.set(xlabel=xlabel, ylabel=ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
    return ax.figure
