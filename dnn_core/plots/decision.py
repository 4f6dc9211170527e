"""What a trained classifier has learned about the plane: its probability map and decision boundary.

``plot_decision_boundary(model, X, Y)`` evaluates the network on a grid of points covering the
data (``dnn_core.curves.probability_grid``), shows the predicted probability of class 1 as an
image (light orange = sure of class 0, white = undecided, light blue = sure of class 1), draws
the decision boundary -- the contour where that probability is 0.5 -- and puts the data on
top, each class with its own colour *and* marker so the picture also reads in grey or for
colour-blind readers.

For a sigmoid output, AL > 0.5 exactly where the last layer's Z > 0, so the boundary is the set
of inputs that the whole network maps to Z[L] = 0.
"""

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from ..curves import probability_grid
from .style import COLORS, style

# probability of class 1: light orange (0) -> white (0.5) -> light blue (1), Okabe-Ito hues
PROBABILITY_CMAP = LinearSegmentedColormap.from_list(
    "dnn_probability", ["#F5CB7A", "#FFFFFF", "#7FB6DC"]
)
CLASS_STYLES = (  # class 0, class 1: colour, marker
    {"color": COLORS["orange"], "marker": "o"},
    {"color": COLORS["blue"], "marker": "^"},
)


def plot_decision_boundary(
    model, X, Y, ax=None, resolution=150, title="Decision boundary", colorbar=True
):
    """The probability map of ``model`` over the plane of X (2, m), its 0.5 contour, and the
    examples coloured by their class Y (1, m) of 0/1. The image's data is the grid of
    probabilities from ``probability_grid``."""
    labels = np.asarray(Y).reshape(-1)
    if labels.size != np.shape(X)[1]:
        raise ValueError(
            f"Y must hold one label per column of X ({np.shape(X)[1]}), got {labels.size}"
        )
    xs, ys, P = probability_grid(model, X, resolution)
    with style():
        if ax is None:
            ax = Figure(figsize=(6.4, 4.6), layout="constrained").add_subplot()
        image = ax.imshow(
            P,
            origin="lower",
            extent=(xs[0], xs[-1], ys[0], ys[-1]),
            aspect="auto",
            cmap=PROBABILITY_CMAP,
            vmin=0.0,
            vmax=1.0,
            interpolation="bilinear",
        )
        ax.contour(xs, ys, P, levels=[0.5], colors=COLORS["black"], linewidths=2)
        for k, look in enumerate(CLASS_STYLES):
            points = np.asarray(X)[:, labels == k]
            ax.scatter(
                points[0],
                points[1],
                s=28,
                edgecolors="black",
                linewidths=0.6,
                label=f"class {k}",
                zorder=3,
                **look,
            )
        ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title)
        ax.grid(False)
        ax.legend(loc="upper right", frameon=True, framealpha=0.9)
        if colorbar:
            bar = ax.figure.colorbar(image, ax=ax, shrink=0.85)
            bar.set_label("P(class 1)")
            bar.ax.axhline(0.5, color=COLORS["black"], linewidth=2)
    return ax.figure
