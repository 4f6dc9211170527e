"""Figures for the notebooks and images/: each helper draws one picture.

Every helper takes an optional ``ax`` (draw into an existing Axes) and
returns the matplotlib Figure, so notebooks show it, tests inspect it and
``dnn_core.figures`` saves it. Nothing here runs when ``dnn_core`` is
imported: ``import dnn_core.plots`` explicitly (it needs matplotlib).
"""

from .style import COLORS, apply, style
from .training import plot_cost, plot_fit, plot_snapshots

__all__ = [
    "COLORS",
    "apply",
    "style",
    "plot_cost",
    "plot_fit",
    "plot_snapshots",
]
