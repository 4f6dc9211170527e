"""Figures of chapter 06, mini-batches: the picture of the data cut into column blocks.

plot_minibatches        the data matrix X (n_features, m) cut into column blocks (images/minibatches.png)
batch_color, size_colors, plain_log_ticks   colours and log-axis labels shared with the
                        experiment figures of ``batch_experiments.py``
"""

import math

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from ..batching import batch_generator
from .style import COLORS, CYCLE, axes_or_new, style

GAP = 0.4  # horizontal space between two batches in plot_minibatches, in cell widths


def batch_color(k):
    """The colour of batch k (0-based) in plot_minibatches: the Okabe-Ito cycle, repeated."""
    return CYCLE[k % len(CYCLE)]


def size_colors(batch_sizes):
    """One colour per batch size, in the given order (the same in every figure of a chapter)."""
    return {b: CYCLE[i % len(CYCLE)] for i, b in enumerate(batch_sizes)}


def plain_log_ticks(ax, which="y", minor=True):
    """Tick labels such as 0.05 instead of 5 x 10^-2 on a log axis; with ``minor``, the minor
    ticks at 2 and 5 times a power of ten are labelled too."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda value, _: _plain(value)))
    axis.set_minor_formatter(
        FuncFormatter(lambda value, _: _plain(value) if _leading_digit(value) in (2, 5) else "")
        if minor
        else NullFormatter()
    )


def _plain(value):
    """0.00005 rather than 5e-05; 1000 rather than 1e+03."""
    return f"{value:.10f}".rstrip("0").rstrip(".") if value < 1 else f"{value:.0f}"


def _leading_digit(value):
    return round(value / 10 ** math.floor(math.log10(value))) if value > 0 else 0


def _cells(x0, y0, width, height):
    """White separator lines between the cells of a width x height block."""
    lines = [[(x0 + j, y0), (x0 + j, y0 + height)] for j in range(1, width)]
    lines += [[(x0, y0 + i), (x0 + width, y0 + i)] for i in range(1, height)]
    return lines


def batch_order(m, batch_size, shuffled=False, seed=0):
    """The example (column) indices in the order ``batch_generator`` hands them out, batch after
    batch: asked of the generator itself, by cutting the row 0, 1, ..., m - 1."""
    index = np.arange(m).reshape(1, -1)
    batches = batch_generator(index, index, batch_size, shuffle=shuffled, seed=seed)
    return np.concatenate([X_batch[0] for X_batch, _ in batches])


def plot_minibatches(n_features, m, batch_size, shuffled=False, ax=None, seed=0, n_outputs=1):
    """X (n_features rows, m columns) and Y (n_outputs rows) cut into ceil(m / batch_size)
    column blocks, one colour per batch; the last block holds the m % batch_size leftover
    examples. Under each column: the index of the example (column of X) it holds -- 0, 1, 2, ...
    in order, or a permutation drawn with ``seed`` when ``shuffled``. Each X block is one
    Rectangle with gid "X batch k" (k = 1, 2, ...), each Y block one with gid "Y batch k"."""
    order = batch_order(m, batch_size, shuffled, seed)
    n_batches, small = math.ceil(m / batch_size), m <= 48  # small: draw every cell and its index
    gap = GAP * max(1.0, m / 40)
    y_top = n_features + 0.55  # Y sits under X, with a gap
    bottom = y_top + n_outputs if n_outputs else n_features
    rows_total, lines = (
        n_features + n_outputs,
        [],
    )  # a tall picture is drawn smaller: smaller labels
    with style():
        ax = axes_or_new(ax, (10, 3.5))
        for k in range(n_batches):
            size, x0 = min(batch_size, m - k * batch_size), k * (batch_size + gap)
            for name, y0, rows, alpha in (("X", 0, n_features, 1.0), ("Y", y_top, n_outputs, 0.55)):
                if rows:
                    ax.add_patch(
                        Rectangle(
                            (x0, y0),
                            size,
                            rows,
                            facecolor=batch_color(k),
                            alpha=alpha,
                            edgecolor=COLORS["black"],
                            linewidth=1.2,
                            gid=f"{name} batch {k + 1}",
                        )
                    )
                    lines += _cells(x0, y0, size, rows) if small else []
            roomy = size >= (
                2 if rows_total <= 6 and m <= 24 else 3 * max(1, m / 48, rows_total / 6)
            )
            label = f"batch {k + 1}" if roomy else str(k + 1)  # a narrow block gets just its number
            ax.text(
                x0 + size / 2,
                -0.2,
                label,
                ha="center",
                va="bottom",
                fontsize=11,
                fontweight="bold",
                color=batch_color(k) if batch_color(k) != COLORS["yellow"] else "#8a7d00",
            )
            for j in range(size if small else 0):
                ax.text(
                    x0 + j + 0.5,
                    bottom + 0.12,
                    str(order[k * batch_size + j]),
                    ha="center",
                    va="top",
                    fontsize=9 if m <= 24 and rows_total <= 8 else 6,
                )
        ax.add_collection(LineCollection(lines, colors="white", linewidths=1.0))
        _row_labels(ax, n_features, n_outputs, y_top, -0.25 * gap / GAP)
        right = (n_batches - 1) * (batch_size + gap) + (m - (n_batches - 1) * batch_size)
        ax.set(
            xlim=(-0.16 * right - 1, 1.01 * right + 0.3),
            ylim=(bottom + (1.6 if small else 0.9), -0.9),
            aspect="equal" if small else "auto",
        )
        ax.axis("off")
        ax.set_title(
            f"X ({n_features} × {m}) and Y in mini-batches of {batch_size}, "
            f"{'shuffled' if shuffled else 'in order'}",
            fontsize=13,
        )
        ax.text(
            right / 2,
            bottom + (1.05 if small else 0.35),
            _minibatch_note(m, batch_size, small),
            ha="center",
            va="top",
            fontsize=10,
            color="#333333",
        )
    return ax.figure


def _row_labels(ax, n_features, n_outputs, y_top, x):
    """'feature 1', 'feature 2', ... (or 'X (n rows)') left of X, and 'Y' left of Y."""
    if n_features <= 6:
        for i in range(n_features):
            ax.text(x, i + 0.5, f"feature {i + 1}", ha="right", va="center", fontsize=10)
    else:
        ax.text(x, n_features / 2, f"X ({n_features} rows)", ha="right", va="center", fontsize=10)
    if n_outputs:
        ax.text(
            x,
            y_top + n_outputs / 2,
            "Y" if n_outputs == 1 else f"Y ({n_outputs} rows)",
            ha="right",
            va="center",
            fontsize=10,
        )


def _minibatch_note(m, batch_size, small):
    n = math.ceil(m / batch_size)
    counts = (
        "1 batch = 1 iteration per epoch" if n == 1 else f"{n} batches = {n} iterations per epoch"
    )
    rest = (
        f"the last one holds the {m % batch_size} left over"
        if m % batch_size and n > 1
        else ("all of them full" if n > 1 else f"it holds all {m} examples")
    )
    return f"{counts}; {rest}." + (
        " Numbers: the column of X each example comes from." if small else ""
    )
