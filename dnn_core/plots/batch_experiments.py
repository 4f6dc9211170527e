"""Figures of chapter 06's experiments: what the batch size and shuffling do to training.

``plot_shuffle_effect`` (sorted data with and without shuffling), ``plot_iteration_costs``
(the noise of the per-iteration cost for several batch sizes), ``plot_seconds_per_epoch`` and
``plot_progress`` (time per epoch, and progress per epoch and per second). The runs they draw
come from ``dnn_core.experiments.train_recording_iterations`` (an ``IterationRun`` has
``iteration_costs``, ``epoch_costs``, ``epoch_seconds`` and ``iterations_per_epoch``).
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, NullFormatter

from .batches import plain_log_ticks, size_colors
from .style import COLORS, axes_or_new, style


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
            right.axvspan(
                epoch + start, epoch + stop, color=("#e8e8e8", "#f6f6f6")[i % 2], zorder=0
            )
            right.text(
                epoch + (start + stop) / 2,
                0.97,
                text,
                transform=right.get_xaxis_transform(),
                ha="center",
                va="top",
                fontsize=9,
                color="#444444",
            )
    for (label, (costs, means)), color in zip(runs.items(), (COLORS["blue"], COLORS["vermillion"])):
        epochs = np.arange(1, len(costs) + 1) / iterations_per_epoch
        left.plot(epochs, costs, color=color, linewidth=1.3, label=label)
        tail = zoom_epochs * iterations_per_epoch
        right.plot(
            epochs[-tail:],
            np.asarray(means)[-tail:],
            color=color,
            linewidth=1.5,
            marker="o",
            markersize=3,
            label=label,
        )
    left.set(
        yscale="log", xlabel="epoch", ylabel="cost on all examples", title="Cost after every update"
    )
    plain_log_ticks(left)
    left.legend()
    right.axhline(0.5, color=COLORS["black"], linewidth=0.8, linestyle=":")
    right.xaxis.set_major_locator(MaxNLocator(nbins=4 * zoom_epochs, steps=[1, 2, 2.5, 5, 10]))
    low, high = right.get_ylim()
    right.set(
        xlabel="epoch",
        ylabel="mean output $\\bar a^{[L]}$",
        xlim=(last - zoom_epochs, last),
        ylim=(low, high + 0.12 * (high - low)),
        title=f"Mean prediction over all examples, last {zoom_epochs} epochs",
    )
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
        costs = run.iteration_costs[: n * run.iterations_per_epoch]
        x = np.arange(1, costs.size + 1) / run.iterations_per_epoch
        dense = run.iterations_per_epoch > 50
        ax.plot(
            x,
            costs,
            color=colors[batch_size],
            linewidth=0.6 if dense else 1.6,
            alpha=0.6 if dense else 1.0,
            label="each iteration $\\mathcal{J}_t$",
        )
        ax.plot(
            np.arange(1, n + 1),
            run.epoch_costs[:n],
            color=COLORS["black"],
            linewidth=1.4,
            linestyle="--",
            label="each epoch (mean)",
        )
        ax.set(
            yscale="log",
            xlabel="epoch",
            xlim=(0, n),
            ylim=(floor, 1),
            title=f"batch size {batch_size}\n{run.iterations_per_epoch} iteration"
            f"{'s' if run.iterations_per_epoch > 1 else ''} per epoch",
        )
    axes[0].set_ylabel("cost of the batch")
    axes[-1].legend(loc="lower left")
    return fig


def plot_seconds_per_epoch(seconds, ax=None, highlight=None, colors=None):
    """The measured seconds per epoch for each batch size, ``seconds`` = {batch_size: s}, as dots
    on log-log axes; ``highlight`` rings one batch size. ``colors`` = {batch_size: colour}."""
    sizes = sorted(seconds)
    with style():
        ax = axes_or_new(ax, (5, 3.6))
        ax.plot(sizes, [seconds[b] for b in sizes], color="#999999", linewidth=1, zorder=1)
        ax.scatter(
            sizes,
            [seconds[b] for b in sizes],
            s=70,
            zorder=2,
            color=[(colors or {}).get(b, COLORS["blue"]) for b in sizes],
        )
        if highlight in seconds:
            ax.plot(
                [highlight],
                [seconds[highlight]],
                "o",
                markersize=15,
                markerfacecolor="none",
                markeredgecolor=COLORS["vermillion"],
                markeredgewidth=2,
                zorder=3,
            )
        ax.set(
            xscale="log",
            yscale="log",
            xlabel="batch size",
            ylabel="seconds per epoch",
            title="Time for one pass over the data",
        )
        ax.set_xticks(sizes, [str(b) for b in sizes], fontsize=10 if len(sizes) > 6 else None)
        ax.xaxis.set_minor_formatter(NullFormatter())
    return ax.figure


def plot_progress(runs, colors=None):
    """Three panels for ``runs`` = {batch_size: IterationRun}: seconds per epoch (the fastest
    epoch's), the epoch cost against epochs, and the epoch cost against the seconds spent."""
    colors = colors or size_colors(runs)
    with style():
        fig = Figure(figsize=(13, 3.9), layout="constrained")
        timing, per_epoch, per_second = fig.subplots(
            1, 3, gridspec_kw={"width_ratios": [0.8, 1, 1]}
        )
    plot_seconds_per_epoch(
        {b: run.seconds_per_epoch for b, run in runs.items()}, ax=timing, colors=colors
    )
    timing.set_title("Time per epoch (this machine)")
    for batch_size, run in runs.items():
        epochs = np.arange(1, len(run.epoch_costs) + 1)
        per_epoch.plot(
            epochs, run.epoch_costs, color=colors[batch_size], label=f"batch size {batch_size}"
        )
        per_second.plot(np.cumsum(run.epoch_seconds), run.epoch_costs, color=colors[batch_size])
    per_epoch.set(
        xscale="log",
        yscale="log",
        xlabel="epoch",
        ylabel="cost $\\mathcal{J}$ of the epoch",
        title="Progress per epoch",
    )
    per_second.set(
        xscale="log",
        yscale="log",
        xlabel="seconds of training (this machine)",
        ylabel="cost $\\mathcal{J}$ of the epoch",
        title="Progress per second",
    )
    for ax in (per_epoch, per_second):
        plain_log_ticks(ax)
        plain_log_ticks(ax, "x", minor=False)
    per_epoch.legend()
    return fig
