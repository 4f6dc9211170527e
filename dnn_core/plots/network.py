"""Pictures of a network's structure: its neurons, its weights and the two passes through it.

``draw_network(layer_dims)`` draws every layer as a column of neurons (input on the left,
output on the right), every weight as a line between two neurons, the cost J after the output,
and two arrows: the forward pass (A[0] = X -> Z[1] -> A[1] -> ... -> A[L] -> J) above the
network and the backward pass (dA[L] -> dZ[L] -> dW[L], db[L] -> dA[L-1] -> ...) below it.
Pass ``parameters`` and each line's width follows |w| and its colour the sign of w. A layer
wider than ``max_neurons`` is drawn as its first units, an ellipsis and its last unit.

(One layer's shapes, Z = W A_prev + b as grids of cells, are drawn by ``layer_shapes.py``.)

Artists carry gids so tests can find them: each neuron circle is a patch with gid "neuron",
each layer's weights one LineCollection with gid "weights<l>" whose segments are ordered like
the drawn entries of W[l] (row by row: unit j of layer l, then unit k of layer l-1).
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from ..checks import layer_dims as check_layer_dims
from ..checks import parameter_count
from .style import COLORS, style

FORWARD_COLOR, BACKWARD_COLOR = COLORS["blue"], COLORS["vermillion"]
POSITIVE_COLOR, NEGATIVE_COLOR = COLORS["green"], COLORS["purple"]
NEUTRAL_COLOR = "#8c8c8c"
MIN_WIDTH, MAX_WIDTH = 0.4, 6.0  # line widths (points) of the smallest and the largest |w|


def shown_units(n, max_neurons=8):
    """Indices of the units drawn for a layer of n units: all of them when n <= max_neurons,
    else the first max_neurons - 1 and the last one (an ellipsis marks the gap)."""
    if max_neurons < 2:
        raise ValueError(f"max_neurons must be at least 2, got {max_neurons}")
    return list(range(n)) if n <= max_neurons else list(range(max_neurons - 1)) + [n - 1]


def _layer_dims_of(layer_dims, parameters):
    """layer_dims, checked against the shapes in ``parameters`` (or read from them)."""
    if layer_dims is None:
        if parameters is None:
            raise ValueError("draw_network needs layer_dims or parameters")
        L = parameter_count(parameters)
        layer_dims = [np.shape(parameters["W1"])[1]] + [
            np.shape(parameters[f"W{l}"])[0] for l in range(1, L + 1)
        ]
    dims = check_layer_dims(layer_dims)
    for l in range(1, len(dims)):
        if parameters is not None and np.shape(parameters.get(f"W{l}")) != (dims[l], dims[l - 1]):
            raise ValueError(
                f"parameters['W{l}'] must have shape {(dims[l], dims[l - 1])} for "
                f"layer_dims {dims}, got {np.shape(parameters.get(f'W{l}'))}"
            )
    return dims


def _column(n, max_neurons, spacing):
    """{unit index: y} for the drawn units of a layer, centred on y = 0, and the y of the
    ellipsis (None if every unit is drawn)."""
    units = shown_units(n, max_neurons)
    slots = len(units) + (len(units) < n)  # one extra slot for the ellipsis
    top = (slots - 1) / 2 * spacing
    ys = {u: top - i * spacing for i, u in enumerate(units[:-1])}
    ys[units[-1]] = top - (slots - 1) * spacing
    return ys, (top - (slots - 2) * spacing if len(units) < n else None)


def _layer_name(l, L, short=False):
    return "input" if l == 0 else "output" if l == L else "hidden" if short else f"hidden {l}"


def _label_position(yk, yj, midpoints):
    """Where along a line from height yk to height yj its value is written: halfway, unless
    other lines share that midpoint (lines crossing there), then before or after the crossing."""
    if yk == yj or midpoints.count(round((yk + yj) / 2, 9)) < 2:
        return 0.5
    return 0.3 if yj < yk else 0.7


def _weights(ax, l, xs, cols, parameters, wmax, values=False):
    """One LineCollection for W[l]: a segment per drawn (j, k), width ~ |W[l][j, k]|; with
    ``values``, each weight's value written on its line, turned along it and clear of crossings."""
    segments, widths, colors = [], [], []
    n_lines = len(cols[l]) * len(cols[l - 1])
    midpoints = [round((yk + yj) / 2, 9) for yj in cols[l].values() for yk in cols[l - 1].values()]
    for j, yj in cols[l].items():
        for k, yk in cols[l - 1].items():
            segments.append([(xs[l - 1], yk), (xs[l], yj)])
            if parameters is None:
                widths.append(1.2 if n_lines <= 40 else 0.6)
                colors.append(NEUTRAL_COLOR)
            else:
                w = float(parameters[f"W{l}"][j, k])
                widths.append(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * abs(w) / wmax)
                colors.append(POSITIVE_COLOR if w >= 0 else NEGATIVE_COLOR)
                if values:
                    t = _label_position(yk, yj, midpoints)
                    angle = np.degrees(np.arctan2(yj - yk, xs[l] - xs[l - 1]))  # aspect is equal
                    ax.text(
                        xs[l - 1] + t * (xs[l] - xs[l - 1]),
                        yk + t * (yj - yk),
                        f"{w:.3g}",
                        ha="center",
                        va="center",
                        fontsize=11,
                        zorder=2,
                        gid="weight-value",
                        rotation=angle,
                        rotation_mode="anchor",
                        bbox={
                            "boxstyle": "round,pad=0.2",
                            "facecolor": "white",
                            "edgecolor": colors[-1],
                            "linewidth": 1.2,
                        },
                    )
    alpha = 0.85 if n_lines <= 40 else 0.5
    ax.add_collection(
        LineCollection(
            segments,
            linewidths=widths,
            colors=colors,
            alpha=alpha,
            zorder=1,
            gid=f"weights{l}",
            capstyle="round",
        )
    )


def _flow_band(ax, y, x_from, x_to, color, label):
    """A long arrow with the name of the pass at its start."""
    ax.add_patch(
        FancyArrowPatch(
            (x_from, y),
            (x_to, y),
            arrowstyle="-|>",
            mutation_scale=22,
            color=color,
            linewidth=2.4,
            zorder=2,
            gid=label,
        )
    )
    side = "right" if x_from < x_to else "left"
    ax.text(
        x_from - 0.08 if x_from < x_to else x_from + 0.08,
        y,
        label,
        color=color,
        ha=side,
        va="center",
        fontsize=12,
        fontweight="bold",
    )


def _flows(ax, L, xs, x_cost, y_top, y_bottom):
    """The forward pass above the network, the backward pass below it."""
    fontsize = 13 if L <= 3 else 12 if L <= 4 else 10.5
    _flow_band(ax, y_top, xs[0] - 0.15, x_cost + 0.15, FORWARD_COLOR, "forward")
    ax.text(
        xs[0],
        y_top + 0.12,
        "$A^{[0]} = X$",
        color=FORWARD_COLOR,
        ha="center",
        va="bottom",
        fontsize=fontsize,
    )
    for l in range(1, L + 1):
        ax.text(
            xs[l],
            y_top + 0.12,
            f"$Z^{{[{l}]}} \\to A^{{[{l}]}}$",
            color=FORWARD_COLOR,
            ha="center",
            va="bottom",
            fontsize=fontsize,
        )
    ax.text(
        x_cost,
        y_top + 0.12,
        r"$\mathcal{J}$",
        color=FORWARD_COLOR,
        ha="center",
        va="bottom",
        fontsize=fontsize + 1,
    )
    _flow_band(ax, y_bottom, x_cost + 0.15, (xs[0] + xs[1]) / 2, BACKWARD_COLOR, "backward")
    for l in range(L, 0, -1):
        ax.text(
            xs[l],
            y_bottom - 0.12,
            f"$dA^{{[{l}]}} \\to dZ^{{[{l}]}}$",
            color=BACKWARD_COLOR,
            ha="center",
            va="top",
            fontsize=fontsize,
        )
        ax.text(
            (xs[l - 1] + xs[l]) / 2,
            y_bottom - 0.5,
            f"$dW^{{[{l}]}},\\ db^{{[{l}]}}$",
            color=BACKWARD_COLOR,
            ha="center",
            va="top",
            fontsize=fontsize,
        )


def draw_network(
    layer_dims=None,
    parameters=None,
    ax=None,
    max_neurons=8,
    show_flow=True,
    title=None,
    values=False,
):
    """Neurons as circles in columns, weights as lines, the cost J, and the forward and backward
    flow. With ``parameters`` ({W1, b1, ...}) line widths follow |w| (scaled by the largest |w|
    of the whole network) and colours its sign; ``values=True`` also writes each weight on its
    line and each bias above its neuron (for small networks). ``layer_dims`` may be left out
    when ``parameters`` is given. Returns the Figure (10 x 5 inches, 10 x 3.8 without the flow)."""
    if values and parameters is None:
        raise ValueError("values=True writes the weights' values: pass parameters too")
    dims = _layer_dims_of(layer_dims, parameters)
    L = len(dims) - 1
    most = max(len(shown_units(n, max_neurons)) + (n > max_neurons) for n in dims)
    spacing = min(1.0, 2.0 / max(most - 1, 1))  # the tallest column spans at most [-1, 1]
    gap = min(2.4, max(1.2, 7.6 / (L + 0.75)))  # columns fill a 10 x 5 figure
    xs = [l * gap for l in range(L + 1)]
    x_cost = xs[-1] + 0.75 * gap
    cols, gaps = zip(*(_column(n, max_neurons, spacing) for n in dims))
    wmax = 1.0
    if parameters is not None:
        drawn = [
            abs(float(parameters[f"W{l}"][j, k]))
            for l in range(1, L + 1)
            for j in cols[l]
            for k in cols[l - 1]
        ]
        wmax = max(max(drawn), 1e-12)
    with style():
        if ax is None:
            ax = Figure(figsize=(10, 5 if show_flow else 3.8), layout="constrained").add_subplot()
        for l in range(1, L + 1):
            _weights(ax, l, xs, cols, parameters, wmax, values)
        radius = min(0.16, 0.36 * spacing)
        narrow = gap < 1.8  # many layers: smaller labels so neighbours do not touch
        for l, n in enumerate(dims):
            face = COLORS["sky"] if l == 0 else COLORS["orange"] if l == L else "white"
            for u, y in cols[l].items():
                ax.add_patch(
                    Circle(
                        (xs[l], y),
                        radius,
                        facecolor=face,
                        edgecolor=COLORS["black"],
                        linewidth=1.4,
                        zorder=3,
                        gid="neuron",
                    )
                )
                if values and l > 0:
                    ax.text(
                        xs[l],
                        y + radius + 0.04,
                        f"b = {float(parameters[f'b{l}'][u, 0]):.3g}",
                        ha="center",
                        va="bottom",
                        fontsize=10,
                        gid="bias-value",
                    )
                if l == 0:
                    ax.text(
                        xs[0] - radius - 0.05,
                        y,
                        f"$x_{{{u + 1}}}$",
                        ha="right",
                        va="center",
                        fontsize=11 if spacing > 0.25 else 9,
                    )
            if gaps[l] is not None:
                ax.text(
                    xs[l],
                    gaps[l],
                    "⋮",
                    ha="center",
                    va="center",
                    fontsize=18,
                    zorder=3,
                    gid="ellipsis",
                )
            ax.text(
                xs[l],
                -1.32,
                f"{_layer_name(l, L, narrow)}\n$n^{{[{l}]}} = {n}$",
                ha="center",
                va="top",
                fontsize=10.5 if narrow else 12,
            )
            if l:
                ax.text(
                    (xs[l - 1] + xs[l]) / 2,
                    -1.32,
                    f"$W^{{[{l}]}}$\n{(n, dims[l - 1])}",
                    ha="center",
                    va="top",
                    fontsize=9.5 if narrow else 11,
                    color="#444444",
                )
        for y in cols[L].values():
            ax.plot(
                [xs[L], x_cost],
                [y, 0],
                color=NEUTRAL_COLOR,
                linestyle=(0, (3, 3)),
                linewidth=1.0,
                zorder=1,
                gid="to-cost",
            )
        ax.add_patch(
            FancyBboxPatch(
                (x_cost - 0.13, -0.13),
                0.26,
                0.26,
                boxstyle="round,pad=0.03",
                facecolor="#eeeeee",
                edgecolor=COLORS["black"],
                zorder=3,
            )
        )
        ax.text(x_cost, 0, r"$\mathcal{J}$", ha="center", va="center", fontsize=15, zorder=4)
        ax.text(x_cost, -1.32, "cost", ha="center", va="top", fontsize=12)
        if show_flow:
            _flows(ax, L, xs, x_cost, 1.38, -2.05)
        if parameters is not None:
            for color, label in ((POSITIVE_COLOR, "w > 0"), (NEGATIVE_COLOR, "w < 0")):
                ax.plot([], [], color=color, linewidth=3, label=label)
            ax.legend(loc="center right", title="width ∝ |w|", fontsize=11, title_fontsize=11)
        ax.set_xlim(xs[0] - 0.85, x_cost + (1.4 if parameters is not None else 0.35))
        ax.set_ylim(-2.85 if show_flow else -1.85, 1.9 if show_flow else 1.3)
        ax.set_aspect("equal", adjustable="box")
        ax.axis("off")
        ax.set_title(title or f"A network with layer_dims = {dims}", fontsize=14)
    return ax.figure
