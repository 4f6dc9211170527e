"""Figures about speed: chapter 11's measurements and benchmarks/frameworks.py's results.

    plot_timings           one bar per way of computing the same thing, with its speed-up
    plot_speedup_pairs     "before / after" pairs: a slower way (often the source document's) next to dnn_core's
    plot_step_parts        where the time of one training step goes, for several batch sizes
    plot_framework_times   seconds per epoch of dnn_core, PyTorch, ... for every benchmark case

Every timing is measured on the reader's machine, so these figures differ from run to run;
their layout, labels and colours do not.
"""

import numpy as np
from matplotlib import colors as mcolors
from matplotlib import ticker

from .style import COLORS, CYCLE, axes_or_new, style

PART_COLORS = {
    "batching": COLORS["sky"],
    "forward": COLORS["blue"],
    "cost": COLORS["yellow"],
    "backward": COLORS["vermillion"],
    "update": COLORS["green"],
}
IMPLEMENTATION_COLORS = {
    "dnn_core": COLORS["blue"],
    "pytorch": COLORS["vermillion"],
    "sklearn": COLORS["green"],
    "seed_style": COLORS["orange"],
}


def label_color(background):
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""
    rgb = np.array(mcolors.to_rgb(background))
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    luminance = linear @ [0.2126, 0.7152, 0.0722]
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def format_seconds(seconds):
    """A duration with a unit that keeps 3 significant digits readable: 12.3 µs, 4.56 ms, 1.23 s."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_factor(factor):
    """A speed-up factor for a label: 1.7x, 23x, 3,410x."""
    return f"{factor:,.0f}x" if factor >= 100 else f"{factor:.2g}x"


def speedups(seconds, baseline=None):
    """{label: time of ``baseline`` / time of label}; the baseline defaults to the first entry."""
    reference = seconds[baseline if baseline is not None else next(iter(seconds))]
    return {label: reference / t for label, t in seconds.items()}


def plot_timings(seconds, title="Time per call", baseline=None, ax=None):
    """Horizontal bars of ``seconds`` {label: seconds}, each labelled with its time and its
    speed-up over ``baseline`` (the first entry by default); log scale when they span > 20x."""
    ax = axes_or_new(ax, (8, 0.6 * len(seconds) + 1.4))
    fig = ax.figure
    with style():
        labels, times = list(seconds), np.array(list(seconds.values()), dtype=float)
        factor = speedups(seconds, baseline)
        y = np.arange(len(labels))[::-1]
        ax.barh(y, times, color=[CYCLE[i % len(CYCLE)] for i in range(len(labels))], gid="timings")
        ax.set_yticks(y, labels)
        if times.max() / times.min() > 20:
            ax.set_xscale("log")
        for yi, label, t in zip(y, labels, times):
            note = (
                ""
                if np.isclose(factor[label], 1)
                else f"  ({format_factor(factor[label])} faster)"
                if factor[label] > 1
                else f"  ({format_factor(1 / factor[label])} slower)"
            )
            ax.text(t, yi, f" {format_seconds(t)}{note}", va="center", fontsize=11)
        ax.set_xlim(right=times.max() * (8 if ax.get_xscale() == "log" else 1.6))
        ax.xaxis.set_major_formatter(
            ticker.FuncFormatter(lambda v, _: format_seconds(v) if v > 0 else "0")
        )
        ax.set_xlabel("time per call (measured on this machine)")
        ax.set_title(title)
        ax.grid(axis="y", visible=False)
    return fig


def plot_speedup_pairs(pairs, labels=("the slower way", "dnn_core's way"), ax=None):
    """For each step {name: (seconds before, seconds after)}: two bars, relative to 'before'
    (so every 'before' bar is 1), with the measured speed-up written next to them."""
    ax = axes_or_new(ax, (8, 0.75 * len(pairs) + 1.5))
    fig = ax.figure
    with style():
        names = list(pairs)
        y = np.arange(len(names))[::-1]
        before = np.array([pairs[n][0] for n in names], dtype=float)
        after = np.array([pairs[n][1] for n in names], dtype=float)
        ax.barh(
            y + 0.2,
            np.ones_like(before),
            height=0.38,
            color=COLORS["orange"],
            label=labels[0],
            gid="before",
        )
        ax.barh(
            y - 0.2, after / before, height=0.38, color=COLORS["blue"], label=labels[1], gid="after"
        )
        for yi, b, a in zip(y, before, after):
            ax.text(
                1.02,
                yi,
                f"{format_factor(b / a)} faster\n{format_seconds(b)} -> {format_seconds(a)}",
                va="center",
                fontsize=10,
            )
        ax.set_yticks(y, names)
        ax.set_xlim(0, 1.6)
        ax.set_xlabel(f"time relative to {labels[0]} (1 = the same)")
        ax.set_title("Each speed-up on its own, measured")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncols=2)
        ax.grid(axis="y", visible=False)
    return fig


def plot_step_parts(parts, ax=None):
    """Where the time of one training step goes: ``parts`` is {label: {part: seconds per step}}
    (e.g. one entry per batch size); one 100 % bar per label, split into its parts."""
    ax = axes_or_new(ax, (8, 0.9 * len(parts) + 1.8))
    fig = ax.figure
    with style():
        labels = list(parts)
        y = np.arange(len(labels))[::-1]
        names = list(dict.fromkeys(name for p in parts.values() for name in p))
        totals = np.array([sum(parts[label].values()) for label in labels])
        left = np.zeros(len(labels))
        for name in names:
            share = np.array([parts[label].get(name, 0.0) for label in labels]) / totals
            bars = ax.barh(
                y, share, left=left, color=PART_COLORS.get(name), label=name, gid=f"part-{name}"
            )
            text_color = label_color(bars.patches[0].get_facecolor())  # white on dark bars
            for yi, l, s in zip(y, left, share):
                if s > 0.06:
                    ax.text(
                        l + s / 2,
                        yi,
                        f"{100 * s:.0f}%",
                        ha="center",
                        va="center",
                        fontsize=10,
                        color=text_color,
                        fontweight="bold",
                    )
            left += share
        ax.set_yticks(
            y, [f"{label}\n{format_seconds(t)} per step" for label, t in zip(labels, totals)]
        )
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0))
        ax.set_xlabel("share of one training step")
        ax.set_title("Where the time of one training step goes")
        ax.legend(ncols=len(names), loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=10)
        ax.grid(axis="y", visible=False)
    return fig


def plot_framework_times(rows, ax=None):
    """benchmarks/frameworks.py's summary rows as grouped bars: milliseconds per epoch (log
    scale) for every case and dtype, one colour per implementation, min-max as whiskers."""
    rows = [r for r in rows if r.get("min_s") is not None]
    groups = list(dict.fromkeys((r["title"], r["dtype"]) for r in rows))
    names = [n for n in IMPLEMENTATION_COLORS if any(r["implementation"] == n for r in rows)]
    ax = axes_or_new(ax, (10, 0.25 * len(groups) * max(len(names), 2) + 1.5))
    fig = ax.figure
    with style():
        index = {(r["title"], r["dtype"], r["implementation"]): r for r in rows}
        height = 0.8 / max(len(names), 1)
        y = np.arange(len(groups))[::-1]
        for k, name in enumerate(names):
            offset, label = 0.4 - height * (k + 0.5), name
            for yi, (title, dtype) in zip(y, groups):
                r = index.get((title, dtype, name))
                if r is None:
                    continue
                ms = 1e3 * r["median_s"]
                whiskers = [[ms - 1e3 * r["min_s"]], [1e3 * r["max_s"] - ms]]
                ax.barh(
                    yi + offset,
                    ms,
                    height=height,
                    xerr=whiskers,
                    color=IMPLEMENTATION_COLORS[name],
                    error_kw={"elinewidth": 1, "capsize": 2},
                    label=label,
                    gid=f"bar-{name}",
                )
                label = None  # one legend entry per implementation
                ratio = r.get("ratio_vs_pytorch")
                if name == "dnn_core" and ratio not in (None, ""):
                    ax.text(
                        1e3 * r["max_s"] * 1.04,
                        yi + offset,
                        f"{float(ratio):.2f}x PyTorch's time",
                        va="center",
                        fontsize=9,
                        color=COLORS["blue"],
                    )
        ax.set_xscale("log")
        ax.set_xlim(right=3 * max(1e3 * r["max_s"] for r in rows))  # room for the ratio labels
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(
            ticker.FuncFormatter(lambda v, _: f"{v:g}" if str(v)[0] in "25" else "")
        )
        ax.set_yticks(y, [f"{title}  ({dtype})" for title, dtype in groups], fontsize=10)
        ax.set_xlabel("milliseconds per epoch (median; whiskers: min-max) — shorter is faster")
        ax.set_title("One training epoch, same network, data and SGD in each implementation")
        ax.legend(loc="lower right")
        ax.grid(axis="y", visible=False)
    return fig
