"""Figures about backpropagation and gradient checking.

    plot_layer_graph              one layer as a computational graph: the values flowing
                                  forward, the gradients flowing back with their formulas
    plot_finite_difference_errors how far forward and central differences land from the true
                                  derivative against the step eps, log-log (float64 and float32;
                                  the numbers: ``dnn_core.curves.finite_difference_errors``)
    plot_gradient_check_errors    the relative errors of several gradient checks as bars on a
                                  log scale, with the pass threshold drawn across them

Every helper takes an optional ``ax`` and returns the Figure.
"""

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..curves import finite_difference_errors
from .style import COLORS, axes_or_new, style

THRESHOLD = 1e-7  # a correct backward pass in float64 stays well below this


# ----------------------------------------------------------------------------- the layer graph
# name -> (x, y, label, shape): the nodes of one layer's graph, in axes coordinates
GRAPH_NODES = {
    "W": (0.10, 0.82, r"$W^{[l]}$", r"$(n^{[l]},\ n^{[l-1]})$"),
    "A_prev": (0.10, 0.50, r"$A^{[l-1]}$", r"$(n^{[l-1]},\ m)$"),
    "b": (0.10, 0.18, r"$b^{[l]}$", r"$(n^{[l]},\ 1)$"),
    "Z": (0.50, 0.50, r"$Z^{[l]}$", r"$(n^{[l]},\ m)$"),
    "A": (0.75, 0.50, r"$A^{[l]}$", r"$(n^{[l]},\ m)$"),
    "J": (0.935, 0.50, r"$\mathcal{J}$", "a number"),
}
# (from, to, label, label position, curvature, vertical offset of both ends):
# forward edges, then backward edges. The forward formula sits on the A_prev -> Z arrow near
# its start, where the arrows from W and b are still far above and below it.
FORWARD_EDGES = [
    ("W", "Z", None, None, 0.0, 0.0),
    ("A_prev", "Z", r"$Z = W A^{[l-1]} + b$", (0.265, 0.572), 0.0, 0.025),
    ("b", "Z", None, None, 0.0, 0.0),
    ("Z", "A", r"$A = g(Z)$", (0.625, 0.575), 0.0, 0.025),
    ("A", "J", "rest of the\nnetwork, loss", (0.845, 0.64), 0.0, 0.025),
]
BACKWARD_EDGES = [
    ("J", "A", r"$dA^{[l]}$", (0.845, 0.41), 0.0, -0.025),
    ("A", "Z", r"$dZ = dA \odot g'(Z)$", (0.625, 0.41), 0.0, -0.025),
    ("Z", "W", r"$dW = dZ\,A^{[l-1]\,\top}$", (0.35, 0.885), 0.30, 0.0),
    ("Z", "A_prev", r"$dA^{[l-1]} = W^{\top} dZ$", (0.28, 0.42), 0.0, -0.025),
    ("Z", "b", r"$db = \sum_{\mathrm{columns}} dZ$", (0.35, 0.115), -0.30, 0.0),
]


def plot_layer_graph(ax=None):
    """One layer Z = W A_prev + b, A = g(Z) drawn as a graph. Black arrows carry values
    forward (left to right); vermillion arrows carry gradients back, each labelled with
    the formula that computes it. Under each node: its shape, which its gradient shares."""
    with style():
        ax = axes_or_new(ax, (11, 4.6))
        ax.set(
            xlim=(0, 1), ylim=(0, 1), title="One layer, forward (black) and backward (vermillion)"
        )
        ax.axis("off")
        for key, (x, y, label, shape) in GRAPH_NODES.items():
            box = FancyBboxPatch(
                (x - 0.045, y - 0.065),
                0.09,
                0.13,
                boxstyle="round,pad=0.01",
                facecolor="#e8f1f8" if key != "J" else "#f2f2f2",
                edgecolor=COLORS["blue"] if key != "J" else COLORS["black"],
                linewidth=1.6,
                gid=f"node-{key}",
            )
            ax.add_patch(box)
            ax.text(x, y + 0.012, label, ha="center", va="center", fontsize=15)
            ax.text(x, y - 0.1, shape, ha="center", va="top", fontsize=10, color="#555555")
        for edges, color, style_ in (
            (FORWARD_EDGES, COLORS["black"], "-"),
            (BACKWARD_EDGES, COLORS["vermillion"], "--"),
        ):
            for start, end, label, where, rad, offset in edges:
                _arrow(ax, start, end, color, style_, rad, offset)
                if label is not None:
                    ax.text(
                        *where,
                        label,
                        ha="center",
                        va="center",
                        color=color,
                        fontsize=12 if "\n" not in label else 10,
                        bbox=dict(facecolor="white", edgecolor="none", alpha=0.85, pad=1.5),
                    )
        ax.text(
            0.5,
            0.0,
            "grey: each node's shape, which its gradient shares (dX has the shape of X)",
            ha="center",
            va="bottom",
            fontsize=10,
            color="#555555",
        )
    return ax.figure


def _arrow(ax, start, end, color, linestyle, rad, offset):
    (x0, y0), (x1, y1) = GRAPH_NODES[start][:2], GRAPH_NODES[end][:2]
    arrow = FancyArrowPatch(
        (x0, y0 + offset),
        (x1, y1 + offset),
        arrowstyle="-|>",
        mutation_scale=16,
        color=color,
        linewidth=1.6,
        linestyle=linestyle,
        connectionstyle=f"arc3,rad={rad}",
        shrinkA=30,
        shrinkB=30,
        gid=f"edge-{start}-{end}",
    )
    ax.add_patch(arrow)


# ----------------------------------------------------------------------------- finite differences
def plot_finite_difference_errors(epsilons=None, x=0.5, ax=None):
    """The errors of ``finite_difference_errors`` against eps, log-log. Right of each
    minimum the truncation error (~eps for forward, ~eps^2 for central) dominates; left of
    it the rounding error (~machine eps / eps) does. Zero errors are not drawn."""
    errors = finite_difference_errors(epsilons, x)
    eps = errors["epsilon"]
    lines = (
        ("forward", "forward difference, float64", COLORS["orange"], "-"),
        ("central", "central difference, float64", COLORS["blue"], "-"),
        ("central float32", "central difference, float32", COLORS["purple"], "--"),
    )
    with style():
        ax = axes_or_new(ax, (7, 4.4))
        for key, label, color, linestyle in lines:
            error = np.where(errors[key] > 0, errors[key], np.nan)  # log axes cannot show 0
            ax.plot(eps, error, color=color, linestyle=linestyle, label=label, gid=key)
        ax.axvline(1e-6, color=COLORS["black"], linestyle=":", linewidth=1.2)
        ax.text(1.3e-6, 0.3, r"dnn_core's $\varepsilon = 10^{-6}$", fontsize=10, va="top")
        ax.set(
            xscale="log",
            yscale="log",
            xlabel=r"step $\varepsilon$",
            ylabel="|estimate − true derivative|",
            ylim=(1e-13, 1),
            title=r"Estimating $\tanh'(0.5)$ by finite differences",
        )
        ax.legend(loc="lower left")
    return ax.figure


# ----------------------------------------------------------------------------- gradient checks
def plot_gradient_check_errors(results, ax=None, threshold=THRESHOLD):
    """One horizontal bar per gradient check, ``results`` = {label: relative error}, on a
    log scale, with the threshold drawn as a line: green bars pass, vermillion ones fail.
    Each bar is labelled with its error; an error of exactly 0 is drawn at 1e-16."""
    labels = list(results)
    errors = np.array([float(results[k]) for k in labels])
    shown = np.maximum(errors, 1e-16)
    with style():
        ax = axes_or_new(ax, (9, 0.8 + 0.7 * len(labels)))
        y = np.arange(len(labels))[::-1]  # the first result at the top
        colors = [COLORS["green"] if e < threshold else COLORS["vermillion"] for e in errors]
        bars = ax.barh(y, shown, left=1e-16, height=0.6, color=colors, gid="errors")
        for bar, error in zip(bars, errors):
            ax.text(
                (bar.get_x() + bar.get_width()) * 1.6,
                bar.get_y() + bar.get_height() / 2,
                f"{error:.1e}" if error else "0",
                va="center",
                fontsize=11,
            )
        ax.axvline(threshold, color=COLORS["black"], linestyle="--", linewidth=1.4, gid="threshold")
        ax.axvspan(threshold, 1e2, color=COLORS["vermillion"], alpha=0.07, linewidth=0)
        top = len(labels) - 0.45
        ax.text(
            threshold / 1.4, top, f"← passes   threshold {threshold:.0e}", fontsize=10, ha="right"
        )
        ax.text(threshold * 1.4, top, "fails →", fontsize=10)
        ax.set(
            xscale="log",
            xlim=(1e-16, 1e2),
            ylim=(-0.6, len(labels) - 0.2),
            yticks=y,
            yticklabels=labels,
            xlabel="relative error  (log scale)",
            title="Gradient check: backprop against central differences",
        )
        ax.grid(axis="y", visible=False)
    return ax.figure
