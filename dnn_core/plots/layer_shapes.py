"""The shapes of one layer's computation, drawn: Z = W A_prev + b as grids of cells.

``plot_layer_shapes(n_prev, n, m)`` draws W (n x n_prev), A_prev (n_prev x m), b (n x 1) copied
across the m columns (broadcasting), and Z (n x m), with one entry of Z traced back to the row
of W and the column of A_prev that make it.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .style import COLORS, style


def _grid(ax, x0, rows, cols, face, gid, y_top, linestyle="-", alpha=1.0):
    """A rows x cols grid of unit cells with its top-left corner at (x0, y_top)."""
    cells = {}
    for r in range(rows):
        for c in range(cols):
            cell = Rectangle(
                (x0 + c, y_top - r - 1),
                1,
                1,
                facecolor=face,
                edgecolor="#333333",
                linewidth=1.0,
                linestyle=linestyle,
                alpha=alpha,
                gid=gid,
            )
            ax.add_patch(cell)
            cells[r, c] = cell
    return cells


def plot_layer_shapes(n_prev=2, n=3, m=5, ax=None, unit=1, example=2, layer=1):
    """One layer for m examples at once, as grids of cells: W (n, n_prev) times A_prev
    (n_prev, m) plus b (n, 1), copied across the m columns, gives Z (n, m). Entry
    (``unit``, ``example``) of Z is traced to row ``unit`` of W and column ``example`` of A_prev
    (0-based). Returns the Figure."""
    for name, value in (("n_prev", n_prev), ("n", n), ("m", m)):
        if not isinstance(value, (int, np.integer)) or not 1 <= value <= 12:
            raise ValueError(
                f"{name} must be an integer from 1 to 12 (cells are drawn), got {value!r}"
            )
    if not (0 <= unit < n and 0 <= example < m):
        raise ValueError(f"unit must be in [0, {n}) and example in [0, {m}), got {unit}, {example}")
    top = max(n, n_prev) / 2
    row_color, column_color, both_color = COLORS["orange"], COLORS["sky"], COLORS["green"]
    sup = f"^{{[{layer}]}}"
    prev = f"^{{[{layer - 1}]}}"
    with style():
        if ax is None:
            ax = Figure(figsize=(10, 3.3), layout="constrained").add_subplot()
        x = 0
        parts = [
            ("W", n, n_prev, f"$W{sup}$", f"({n}, {n_prev})"),
            ("A", n_prev, m, f"$A{prev}$", f"({n_prev}, {m})"),
            ("b", n, 1, f"$b{sup}$", f"({n}, 1) → ({n}, {m})"),
            ("Z", n, m, f"$Z{sup}$", f"({n}, {m})"),
        ]
        operators = ["×", "+", "="]
        for i, (key, rows, cols, symbol, shape) in enumerate(parts):
            y_top = rows / 2
            cells = _grid(ax, x, rows, cols, "white", f"{key}-cell", y_top)
            if key == "W":
                for c in range(cols):
                    cells[unit, c].set_facecolor(row_color)
            elif key == "A":
                for r in range(rows):
                    cells[r, example].set_facecolor(column_color)
            elif key == "b":
                cells[unit, 0].set_facecolor(row_color)
                _grid(
                    ax,
                    x + 1,
                    rows,
                    m - 1,
                    "#dddddd",
                    "b-broadcast",
                    y_top,
                    linestyle="--",
                    alpha=0.6,
                )
                cols = m
            else:
                cells[unit, example].set_facecolor(both_color)
            ax.text(
                x + cols / 2, -top - 0.35, f"{symbol}\n{shape}", ha="center", va="top", fontsize=13
            )
            x += cols
            if i < len(operators):
                ax.text(x + 0.75, 0, operators[i], ha="center", va="center", fontsize=22)
                x += 1.5
        ax.text(
            x - m - 1.5 - m / 2,
            top + 0.3,
            "b copied across the m columns (broadcasting)",
            ha="center",
            va="bottom",
            fontsize=13,
            color="#333333",
        )
        ax.set_xlim(-0.5, x + 0.5)
        ax.set_ylim(-top - 1.5, top + 1.3)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(
            f"One layer, m = {m} examples at once: $Z{sup} = W{sup} A{prev} + b{sup}$"
            f"  (example {example + 1}, unit {unit + 1} highlighted)",
            fontsize=13,
        )
    return ax.figure
