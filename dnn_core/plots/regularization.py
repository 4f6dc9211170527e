"""Figures of chapter 09, overfitting and regularization.

    plot_learning_curves      training and validation cost per epoch, the best epoch marked
    plot_validation_curves    the validation cost per epoch of several models on one axis
    plot_boundaries           several models' decision boundaries side by side, on one data set
    plot_weight_histograms    the distribution of every weight of several models
    plot_dropout_predictions  a few examples' outputs with dropout left on, call after call,
                              against ``predict``'s one answer

The numbers come from the models (``costs``, ``val_costs``, ``best_epoch``, ``predict``) and
from ``overfitting.py`` (``weights_of``, ``dropout_predictions``); here they are only drawn.
"""

import numpy as np
from matplotlib.figure import Figure

from ..overfitting import weights_of
from .decision import plot_decision_boundary
from .style import COLORS, axes_or_new, style

RUN_COLORS = (COLORS["vermillion"], COLORS["blue"], COLORS["green"], COLORS["purple"])


def _epochs(values):
    return np.arange(1, len(values) + 1)


def plot_learning_curves(model, ax=None, title="Training and validation cost", ylim=None,
                         mark_best=True):  # fmt: skip
    """``model.costs`` (what training minimises: the loss of the training batches, plus the L2
    penalty if any) and ``model.val_costs`` (the loss on the validation set) per epoch; the
    epoch of the lowest validation cost marked (``model.best_epoch`` if early stopping set it)."""
    val = np.asarray(model.val_costs, dtype=float)
    with style():
        ax = axes_or_new(ax, (7, 4))
        ax.plot(_epochs(model.costs), model.costs, color=COLORS["blue"], label="training cost")
        if val.size and not np.all(np.isnan(val)):
            ax.plot(_epochs(val), val, color=COLORS["vermillion"], label="validation cost")
            if mark_best:
                best = model.best_epoch or int(np.nanargmin(val)) + 1
                ax.axvline(best, color=COLORS["black"], linestyle="--", linewidth=1.2)
                ax.plot([best], [val[best - 1]], "o", color=COLORS["vermillion"], markersize=8,
                        markeredgecolor="black", label=f"best validation cost: epoch {best}")  # fmt: skip
        ax.set(xlabel="epoch", ylabel=r"cost $\mathcal{J}$", title=title)
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.legend()
    return ax.figure


def plot_validation_curves(models, ax=None, title="Validation cost per epoch", ylim=None):
    """``models`` = {label: trained model}: each one's ``val_costs`` on one axis."""
    with style():
        ax = axes_or_new(ax, (7, 4))
        for (label, model), color in zip(models.items(), RUN_COLORS):
            ax.plot(_epochs(model.val_costs), model.val_costs, color=color, label=label)
        ax.set(xlabel="epoch", ylabel=r"validation cost", title=title)
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.legend()
    return ax.figure


def plot_boundaries(models, X, Y, axes=None, resolution=120):
    """``models`` = {title: trained model}: one decision boundary each (``plot_decision_boundary``),
    side by side, over the same examples X, Y. ``axes``: as many Axes as models, or None."""
    if axes is None:
        with style():
            fig = Figure(figsize=(5 * len(models), 4.2), layout="constrained")
            axes = fig.subplots(1, len(models), squeeze=False)[0]
    for ax, (title, model) in zip(axes, models.items()):
        plot_decision_boundary(model, X, Y, ax=ax, title=title, colorbar=False,
                               resolution=resolution)  # fmt: skip
    return axes[0].figure


def plot_weight_histograms(models, ax=None, bins=60, title="Every weight of the network"):
    """``models`` = {label: trained model}: a histogram of each one's weights (``weights_of``:
    the W[l], not the biases) on shared bins, outlines only so that they read on top of each
    other; the legend gives each one's largest |w|."""
    weights = {label: weights_of(model) for label, model in models.items()}
    edges = np.histogram_bin_edges(np.concatenate(list(weights.values())), bins=bins)
    with style():
        ax = axes_or_new(ax, (7, 4))
        for (label, w), color in zip(weights.items(), RUN_COLORS):
            ax.hist(w, bins=edges, histtype="step", linewidth=2, color=color,
                    label=f"{label} (largest |w| {np.max(np.abs(w)):.2f})")  # fmt: skip
        ax.set_yscale("log")
        ax.set(xlabel="weight value $w$", ylabel="number of weights", title=title)
        ax.legend()
    return ax.figure


def plot_dropout_predictions(outputs, predicted, ax=None,
                             title="Dropout left on: a new answer at every call"):  # fmt: skip
    """``outputs`` (calls, 1, k): k examples' outputs from forward passes with dropout on
    (``overfitting.dropout_predictions``), one dot per call; ``predicted`` (1, k): ``predict``'s
    answer for them (dropout off), one bar each. The 0.5 line is the decision threshold."""
    outputs, predicted = np.asarray(outputs)[:, 0, :], np.asarray(predicted).reshape(-1)
    calls, k = outputs.shape
    jitter = np.random.default_rng(0).uniform(-0.15, 0.15, size=outputs.shape)
    with style():
        ax = axes_or_new(ax, (7, 3.8))
        ax.scatter(np.arange(k) + jitter, outputs, s=18, color=COLORS["vermillion"], alpha=0.7,
                   label=f"dropout left on: {calls} calls")  # fmt: skip
        ax.scatter(np.arange(k), predicted, marker="_", s=700, linewidths=3,
                   color=COLORS["black"], label="predict (dropout off)", zorder=3)  # fmt: skip
        ax.axhline(0.5, color=COLORS["black"], linewidth=0.8, linestyle=":")
        ax.set(xticks=np.arange(k), xticklabels=[str(i + 1) for i in range(k)], xlabel="example",
               ylabel="P(class 1)", ylim=(-0.05, 1.3), yticks=np.linspace(0, 1, 5), title=title)  # fmt: skip
        ax.legend(loc="upper center", ncols=2)
    return ax.figure
