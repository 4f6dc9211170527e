"""Figures about activation functions: each g with its derivative, drawn from the code itself.

``plot_activation`` draws g(z) and g'(z) on one Axes. The derivative is not a
separately written formula: it is what the activation's own backward function
returns for dA = 1, so the picture shows exactly what the code runs (the numbers come
from ``dnn_core.curves``). Titles, formulas and ranges are the ones each activation is
registered with (``dnn_core.activations.ACTIVATIONS``).

What depth does to gradients (vanishing gradients, dead units) is drawn by
``depth.py``.
"""

import numpy as np
from matplotlib.figure import Figure

from ..activations import get_activation
from ..curves import Z_DEFAULT, activation_and_derivative, bending_activations, leaky_slope
from .style import COLORS, axes_or_new, style


def activation_title(activation):
    """A short title such as "Leaky ReLU (α = 0.01)"."""
    g = get_activation(activation)
    title = g.title or g.name
    if g.name == "leaky_relu":  # its slope is a parameter (leaky_relu_with): say which
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
    output_range, f_label, df_label = (
        g.output_range,
        g.formula or "$g(z)$",
        g.derivative or "$g'(z)$",
    )
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
            if g.kinked and z.min() < 0 < z.max():
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


def plot_activation_gallery(names=None, z=None):
    """``plot_activation`` for each of ``names`` in a grid of two columns; by default every
    activation that bends (``bending_activations``: sigmoid, tanh, ReLU, leaky ReLU)."""
    names = bending_activations() if names is None else list(names)
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
