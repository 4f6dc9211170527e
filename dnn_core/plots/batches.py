"""Figures of chapter 06, mini-batches.

    plot_minibatches        the data matrix X (n_features, m) cut into column blocks (images/minibatches.png)
    plot_shuffle_effect     training on data sorted by class, with and without shuffling
    plot_iteration_costs    the cost of every iteration for several batch sizes: the noise
    plot_seconds_per_epoch  measured seconds per epoch for each batch size
    plot_progress           the cost per epoch and per second of wall-clock time, by batch size

The runs come from ``dnn_core.experiments.train_recording_iterations`` (an ``IterationRun``
has ``iteration_costs``, ``epoch_costs``, ``epoch_seconds`` and ``iterations_per_epoch``).
"""
import math

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from .style import COLORS, CYCLE, style

GAP = 0.4  # horizontal space between two batches in plot_minibatches, in cell widths


def batch_color(k):
    """The colour of batch k (0-based) in plot_minibatches: the Okabe-Ito cycle, repeated."""
    return CYCLE[k % len(CYCLE)]


def size_colors(batch_sizes):
    """One colour per batch size, in the given order (the same in every figure of a chapter)."""
    return {b: CYCLE[i % len(CYCLE)] for i, b in enumerate(batch_sizes)}


def _axes(ax, figsize):
    return ax if ax is not None else Figure(figsize=figsize, layout="constrained").add_subplot()


def plain_log_ticks(ax, which="y", minor=True):
    """Tick labels such as 0.05 instead of 5 x 10^-2 on a log axis; with ``minor``, the minor
    ticks at 2 and 5 times a power of ten are labelled too."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda value, _: _plain(value)))
    axis.set_minor_formatter(FuncFormatter(lambda value, _: _plain(value) if _leading_digit(value) in (2, 5) else "")
                             if minor else NullFormatter())


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


def plot_minibatches(n_features, m, batch_size, shuffled=False, ax=None, seed=0, n_outputs=1):
    """X (n_features rows, m columns) and Y (n_outputs rows) cut into ceil(m / batch_size)
    column blocks, one colour per batch; the last block holds the m % batch_size leftover
    examples. Under each column: the index of the example (column of X) it holds -- 0, 1, 2, ...
    in order, or a permutation drawn with ``seed`` when ``shuffled``. Each X block is one
    Rectangle with gid "X batch k" (k = 1, 2, ...), each Y block one with gid "Y batch k"."""
    order = np.random.default_rng(seed).permutation(m) if shuffled else np.arange(m)
    n_batches, small = math.ceil(m / batch_size), m <= 48  # small: draw every cell and its index
    gap = GAP * max(1.0, m / 40)
    y_top = n_features + 0.55  # Y sits under X, with a gap
    bottom = y_top + n_outputs if n_outputs else n_features
    rows_total, lines = n_features + n_outputs, []  # a tall picture is drawn smaller: smaller labels
    with style():
        ax = _axes(ax, (10, 3.5))
        for k in range(n_batches):
            size, x0 = min(batch_size, m - k * batch_size), k * (batch_size + gap)
            for name, y0, rows, alpha in (("X", 0, n_features, 1.0), ("Y", y_top, n_outputs, 0.55)):
                if rows:
                    ax.add_patch(Rectangle((x0, y0), size, rows, facecolor=batch_color(k), alpha=alpha,
                                           edgecolor=COLORS["black"], linewidth=1.2, gid=f"{name} batch {k + 1}"))
                    lines += _cells(x0, y0, size, rows) if small else []
            roomy = size >= (2 if rows_total <= 6 and m <= 24 else 3 * max(1, m / 48, rows_total / 6))
            label = f"batch {k + 1}" if roomy else str(k + 1)  # a narrow block gets just its number
            ax.text(x0 + size / 2, -0.2, label, ha="center", va="bottom", fontsize=11, fontweight="bold",
                    color=batch_color(k) if batch_color(k) != COLORS["yellow"] else "#8a7d00")
            for j in range(size if small else 0):
                ax.text(x0 + j + 0.5, bottom + 0.12, str(order[k * batch_size + j]), ha="center", va="top",
                        fontsize=9 if m <= 24 and rows_total <= 8 else 6)
        ax.add_collection(LineCollection(lines, colors="white", linewidths=1.0))
        _row_labels(ax, n_features, n_outputs, y_top, -0.25 * gap / GAP)
        right = (n_batches - 1) * (batch_size + gap) + (m - (n_batches - 1) * batch_size)
        ax.set(xlim=(-0.16 * right - 1, 1.01 * right + 0.3), ylim=(bottom + (1.6 if small else 0.9), -0.9),
               aspect="equal" if small else "auto")
        ax.axis("off")
        ax.set_title(f"X ({n_features} × {m}) and Y in mini-batches of {batch_size}, "
                     f"{'shuffled' if shuffled else 'in order'}", fontsize=13)
        ax.text(right / 2, bottom + (1.05 if small else 0.35), _minibatch_note(m, batch_size, small),
                ha="center", va="top", fontsize=10, color="#333333")
    return ax.figure


def _row_labels(ax, n_features, n_outputs, y_top, x):
    """'feature 1', 'feature 2', ... (or 'X (n rows)') left of X, and 'Y' left of Y."""
    if n_features <= 6:
        for i in range(n_features):
            ax.text(x, i + 0.5, f"feature {i + 1}", ha="right", va="center", fontsize=10)
    else:
        ax.text(x, n_features / 2, f"X ({n_features} rows)", ha="right", va="center", fontsize=10)
    if n_outputs:
        ax.text(x, y_top + n_outputs / 2, "Y" if n_outputs == 1 else f"Y ({n_outputs} rows)",
                ha="right", va="center", fontsize=10)


def _minibatch_note(m, batch_size, small):
    n = math.ceil(m / batch_size)
    counts = "1 batch = 1 iteration per epoch" if n == 1 else f"{n} batches = {n} iterations per epoch"
    rest = f"the last one holds the {m % batch_size} left over" if m % batch_size and n > 1 else (
        "all of them full" if n > 1 else f"it holds all {m} examples")
    return f"{counts}; {rest}." + (" Numbers: the column of X each example comes from." if small else "")


def plot_shuffle_effect(runs, iterations_per_epoch, zoom_epochs=2, epoch_spans=()):
    """Left: the cost on all the data after every update, for each run in ``runs`` =
    {label: (costs, mean_outputs)}. Right: the network's mean output over all the data after
    every update, during the last ``zoom_epochs`` epochs. ``epoch_spans`` = [(start, stop,
    text), ...] shades parts of every zoomed epoch (fractions of an epoch, e.g. (0, 0.5,
    "class 0 batches")), to show which examples the unshuffled run was fed when."""
    with style():
        fig = Figure(figsize=(11, 3.9), layout="constrained")
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
    n_updates = len(next(iter(runs.values()))[0])
    last = n_updates // iterations_per_epoch
    for epoch in range(last - zoom_epochs, last):
        for i, (start, stop, text) in enumerate(epoch_spans):
            right.axvspan(epoch + start, epoch + stop, color=("#e8e8e8", "#f6f6f6")[i % 2], zorder=0)
            right.text(epoch + (start + stop) / 2, 0.97, text, transform=right.get_xaxis_transform(),
                       ha="center", va="top", fontsize=9, color="#444444")
    for (label, (costs, means)), color in zip(runs.items(), (COLORS["blue"], COLORS["vermillion"])):
        epochs = np.arange(1, len(costs) + 1) / iterations_per_epoch
        left.plot(epochs, costs, color=color, linewidth=1.3, label=label)
        tail = zoom_epochs * iterations_per_epoch
        right.plot(epochs[-tail:], np.asarray(means)[-tail:], color=color, linewidth=1.5, marker="o",
                   markersize=3, label=label)
    left.set(yscale="log", xlabel="epoch", ylabel="cost on all examples", title="Cost after every update")
    plain_log_ticks(left)
    left.legend()
    right.axhline(0.5, color=COLORS["black"], linewidth=0.8, linestyle=":")
    right.xaxis.set_major_locator(MaxNLocator(nbins=4 * zoom_epochs, steps=[1, 2, 2.5, 5, 10]))
    low, high = right.get_ylim()
    right.set(xlabel="epoch", ylabel="mean output $\\bar a^{[L]}$", xlim=(last - zoom_epochs, last),
              ylim=(low, high + 0.12 * (high - low)),
              title=f"Mean prediction over all examples, last {zoom_epochs} epochs")
    return fig


def plot_iteration_costs(runs, epochs=None, colors=None, floor=1e-6):
    """One panel per run in ``runs`` = {batch_size: IterationRun}: the cost J_t of every
    iteration and the cost of every epoch (dashed) against epochs, over the first ``epochs``
    epochs (default: all), on one shared log scale from ``floor`` to 1 (a single example's
    cost can come arbitrarily close to 0; lower values leave the panel at the bottom)."""
    colors = colors or size_colors(runs)
    with style():
        fig = Figure(figsize=(3.1 * len(runs) + 0.6, 3.6), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, len(runs), sharey=True))
    for ax, (batch_size, run) in zip(axes, runs.items()):
        n = len(run.epoch_costs) if epochs is None else epochs
        costs = run.iteration_costs[:n * run.iterations_per_epoch]
        x = np.arange(1, costs.size + 1) / run.iterations_per_epoch
        dense = run.iterations_per_epoch > 50
        ax.plot(x, costs, color=colors[batch_size], linewidth=0.6 if dense else 1.6,
                alpha=0.6 if dense else 1.0, label="each iteration $\\mathcal{J}_t$")
        ax.plot(np.arange(1, n + 1), run.epoch_costs[:n], color=COLORS["black"], linewidth=1.4,
                linestyle="--", label="each epoch (mean)")
        ax.set(yscale="log", xlabel="epoch", xlim=(0, n), ylim=(floor, 1),
               title=f"batch size {batch_size}\n{run.iterations_per_epoch} iteration"
                     f"{'s' if run.iterations_per_epoch > 1 else ''} per epoch")
    axes[0].set_ylabel("cost of the batch")
    axes[-1].legend(loc="lower left")
    return fig


def plot_seconds_per_epoch(seconds, ax=None, highlight=None, colors=None):
    """The measured seconds per epoch for each batch size, ``seconds`` = {batch_size: s}, as dots
    on log-log axes; ``highlight`` rings one batch size. ``colors`` = {batch_size: colour}."""
    sizes = sorted(seconds)
    with style():
        ax = _axes(ax, (5, 3.6))
        ax.plot(sizes, [seconds[b] for b in sizes], color="#999999", linewidth=1, zorder=1)
        ax.scatter(sizes, [seconds[b] for b in sizes], s=70, zorder=2,
                   color=[(colors or {}).get(b, COLORS["blue"]) for b in sizes])
        if highlight in seconds:
            ax.plot([highlight], [seconds[highlight]], "o", markersize=15, markerfacecolor="none",
                    markeredgecolor=COLORS["vermillion"], markeredgewidth=2, zorder=3)
        ax.set(xscale="log", yscale="log", xlabel="batch size", ylabel="seconds per epoch",
               title="Time for one pass over the data")
        ax.set_xticks(sizes, [str(b) for b in sizes], fontsize=10 if len(sizes) > 6 else None)
        ax.xaxis.set_minor_formatter(NullFormatter())
    return ax.figure


def plot_progress(runs, colors=None):
    """Three panels for ``runs`` = {batch_size: IterationRun}: seconds per epoch (the fastest
    epoch's), the epoch cost against epochs, and the epoch cost against the seconds spent."""
    colors = colors or size_colors(runs)
    with style():
        fig = Figure(figsize=(13, 3.9), layout="constrained")
        timing, per_epoch, per_second = fig.subplots(1, 3, gridspec_kw={"width_ratios": [0.8, 1, 1]})
    plot_seconds_per_epoch({b: run.seconds_per_epoch for b, run in runs.items()},
                           ax=timing, colors=colors)
    timing.set_title("Time per epoch (this machine)")
    for batch_size, run in runs.items():
        epochs = np.arange(1, len(run.epoch_costs) + 1)
        per_epoch.plot(epochs, run.epoch_costs, color=colors[batch_size], label=f"batch size {batch_size}")
        per_second.plot(np.cumsum(run.epoch_seconds), run.epoch_costs, color=colors[batch_size])
    per_epoch.set(xscale="log", yscale="log", xlabel="epoch", ylabel="cost $\\mathcal{J}$ of the epoch",
                  title="Progress per epoch")
    per_second.set(xscale="log", yscale="log", xlabel="seconds of training (this machine)",
                   ylabel="cost $\\mathcal{J}$ of the epoch", title="Progress per second")
    for ax in (per_epoch, per_second):
        plain_log_ticks(ax)
        plain_log_ticks(ax, "x", minor=False)
    per_epoch.legend()
    return fig
