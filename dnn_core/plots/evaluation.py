"""Judging a trained classifier: where it is confused, and what its mistakes look like.

plot_confusion_matrix    metrics.confusion_matrix, C[true, predicted], as an annotated image
plot_digits              a grid of 8x8 digit images, titled with their labels
plot_misclassified       the first few examples the network got wrong, as such a grid
"""

import math

import numpy as np
from matplotlib.figure import Figure

from ..metrics import class_numbers, confusion_matrix
from .style import COLORS, style


def plot_confusion_matrix(y_true, y_pred, n_classes=None, ax=None, title="Confusion matrix"):
    """The confusion matrix as an image (rows: true class, columns: predicted class), every
    cell annotated with its count; the image's data is ``confusion_matrix(y_true, y_pred)``."""
    C = confusion_matrix(y_true, y_pred, n_classes)
    n = C.shape[0]
    with style():
        if ax is None:
            ax = Figure(figsize=(5.6, 5.0), layout="constrained").add_subplot()
        ax.imshow(C, cmap="Blues", vmin=0, vmax=max(int(C.max()), 1))
        for i in range(n):
            for j in range(n):
                if C[i, j]:
                    dark = C[i, j] > 0.6 * C.max()
                    ax.text(
                        j,
                        i,
                        str(C[i, j]),
                        ha="center",
                        va="center",
                        fontsize=10,
                        color="white" if dark else (COLORS["vermillion"] if i != j else "black"),
                        fontweight="bold" if i != j else "normal",
                    )
        ax.set(
            xticks=range(n),
            yticks=range(n),
            xlabel="predicted class",
            ylabel="true class",
            title=f"{title} (accuracy {np.trace(C) / C.sum():.1%})",
        )
        ax.grid(False)
    return ax.figure


def plot_digits(X, true_labels, predicted=None, ncols=6, title=None, figsize=None):
    """8x8 digit images from the columns of X (64, k), one panel each, titled with the true
    label (and the predicted one, in vermillion when it is wrong)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 64:
        raise ValueError(f"X must have shape (64, k): one 8x8 image per column, got {X.shape}")
    true_labels = class_numbers("true_labels", true_labels)
    predicted = None if predicted is None else class_numbers("predicted", predicted)
    k = X.shape[1]
    if k == 0:
        raise ValueError("X holds no images (0 columns)")
    ncols = min(ncols, k)
    nrows = math.ceil(k / ncols)
    with style():
        fig = Figure(figsize=figsize or (1.6 * ncols, 1.9 * nrows + 0.4), layout="constrained")
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for i, ax in enumerate(axes):
            if i >= k:
                ax.set_axis_off()
                continue
            ax.set(xticks=[], yticks=[])
            for spine in ax.spines.values():  # a thin frame, so white pixels show as pixels
                spine.set(visible=True, color="#BBBBBB", linewidth=1)
            ax.imshow(X[:, i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=X.max() or 1)
            if predicted is None:
                ax.set_title(f"{true_labels[i]}", fontsize=12)
            else:
                wrong = predicted[i] != true_labels[i]
                ax.set_title(
                    f"pred {predicted[i]}\ntrue {true_labels[i]}",
                    fontsize=11,
                    color=COLORS["vermillion"] if wrong else "black",
                )
        if title:
            fig.suptitle(title, fontsize=13)
    return fig


def plot_misclassified(
    X, y_true, y_pred, max_images=12, ncols=6, title="Misclassified test digits"
):
    """The first ``max_images`` columns of X (64, m) whose prediction is wrong, with both labels."""
    y_true, y_pred = class_numbers("y_true", y_true), class_numbers("y_pred", y_pred)
    wrong = np.flatnonzero(y_true != y_pred)[:max_images]
    if wrong.size == 0:
        raise ValueError("every prediction is correct: there is nothing to show")
    return plot_digits(
        np.asarray(X)[:, wrong],
        y_true[wrong],
        y_pred[wrong],
        ncols,
        f"{title} ({np.count_nonzero(y_true != y_pred)} of {y_true.size} wrong)",
    )
