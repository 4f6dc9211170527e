"""The playground's network view: inside the network, live, as TensorFlow Playground shows it.

Left, the layers as columns of units, the inputs on the left and the output on the right.
Each unit is a small heat map of its own output A[l][j] over the input plane (the grid of
the decision regions; ``playground_maps.unit_maps``, one forward pass for all of them):
orange for low, white for 0 (the middle of a sigmoid), blue for high. Between the units, one
line per weight: blue if positive, orange if negative, wider and darker the larger |w|.
Right, one unit's map enlarged over the training points: the unit under the mouse, or else
the one last clicked (framed in black on the left).

Speed (benchmarks/playground_frame.py): all the small maps are ONE image, a mosaic at about
the screen's resolution whose pixels between the units are transparent; every frame writes
each unit's colours into its square (a look-up table, no colour mapping by matplotlib) and
calls ``set_data`` once. The weights are one ``LineCollection`` whose colours and widths are
set. A ``Blitter`` draws only these over a saved background (labels, titles, data points).
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle

from ..plots.style import COLORS, style
from ._canvas import Blitter, live_figure
from .playground_figure import TWO_CLASSES
from .playground_maps import colour_scale, layer_range, network_segments, unit_maps, weight_styles

BOX_MAX = 46.0  # the largest unit square, in points
LUT = (TWO_CLASSES(np.linspace(0, 1, 256)) * 255).round().astype(np.uint8)  # colour of 0..255
FRAME = np.array([140, 140, 140, 255], dtype=np.uint8)  # the grey edge of every unit square


def layer_name(l, L, short=False):
    return "input" if l == 0 else "output" if l == L else f"hidden{'' if short else ' layer'} {l}"


class NetworkView:
    """The network view's Figure, artists and selection, on its own ipympl canvas."""

    def __init__(self, figsize=(9.4, 3.4)):
        with style():
            self.fig, (self.ax_net, self.ax_unit), self.canvas = live_figure(
                figsize, 1, 2, layout=None
            )
            self.ax_net.set_position([0.005, 0.02, 0.66, 0.86])
            self.ax_unit.set_position([0.7, 0.08, 0.27, 0.76])
            self.size = (0.66 * figsize[0] * 72, 0.86 * figsize[1] * 72)  # points = data units
            self.ax_net.set_axis_off()
            self.ax_net.set(xlim=(0, self.size[0]), ylim=(0, self.size[1]))
            self.ax_net.set_title("each unit's output over the input plane · weights: blue +, "
                                  "orange −", fontsize=11, y=1.0, loc="left")  # fmt: skip
            self.ax_unit.set(xticks=[], yticks=[])
            self.ax_unit.grid(False)
            kw = dict(origin="lower", extent=(0, 1, 0, 1), aspect="auto", zorder=2)
            self.mosaic = self.ax_net.imshow(np.zeros((1, 1, 4), np.uint8),
                                             interpolation="nearest", **kw)  # fmt: skip
            self.big = self.ax_unit.imshow(np.full((2, 2), 0.5), cmap=TWO_CLASSES, vmin=0,
                                           vmax=1, interpolation="bilinear", **kw)  # fmt: skip
            (self.big_curve,) = self.ax_unit.plot([], [], color=COLORS["vermillion"], lw=2.2)
            (self.points,) = self.ax_unit.plot([], [], "o", ms=2.5, color="0.25", alpha=0.6)
            self.note = self.ax_unit.text(
                0.5, 0.5, "", transform=self.ax_unit.transAxes, ha="center", va="center", wrap=True
            )
            self.highlight = Rectangle((0, 0), 1, 1, fill=False, edgecolor="black", lw=2)
            self.ax_net.add_patch(self.highlight)
            self.lines = LineCollection([], zorder=1, capstyle="round")
            self.ax_net.add_collection(self.lines)
        self.labels, self.layout, self.maps, self.scaled, self.kind = [], None, None, None, None
        self.selected, self.hovered, self.session = (1, 0), None, None
        moving = [self.lines, self.mosaic, self.highlight, self.big, self.big_curve]
        self.blitter = Blitter(self.fig, self.canvas, moving)
        self.request, self.render, self.stale = (
            self.blitter.request, self.blitter.render, self.blitter.stale
        )  # fmt: skip
        self.canvas.mpl_connect("motion_notify_event", self._on_move)
        self.canvas.mpl_connect("button_press_event", self._on_click)
        self.canvas.mpl_connect("figure_leave_event", self._on_leave)

    # --- geometry ---------------------------------------------------------------------------
    def unit_boxes(self, layer_dims):
        """Per layer, an (n[l], 4) array of (x0, y0, x1, y1): the square of each unit, unit 0
        at the top of its column, the columns spread evenly over the width."""
        width, height = self.size
        pitch_x, pitch_y = width / len(layer_dims), (height - 14) / max(max(layer_dims), 3)
        box = min(BOX_MAX, 0.8 * pitch_y, 0.45 * pitch_x)
        boxes = []
        for l, n in enumerate(layer_dims):
            cx = (l + 0.5) * pitch_x
            cy = (height + 14) / 2 + ((n - 1) / 2 - np.arange(n)) * pitch_y
            boxes.append(np.column_stack([np.full(n, cx - box / 2), cy - box / 2,
                                          np.full(n, cx + box / 2), cy + box / 2]))  # fmt: skip
        return boxes

    def unit_at(self, x, y):
        """(layer, unit) whose square holds the point (x, y) of the diagram, or None."""
        for l, b in enumerate(self.layout or []):
            inside = (b[:, 0] <= x) & (x <= b[:, 2]) & (b[:, 1] <= y) & (y <= b[:, 3])
            if inside.any():
                return l, int(np.argmax(inside))
        return None

    def unit_pixels(self, l, j):
        """The square of unit j of layer l in the mosaic: its (rows, columns) slices."""
        x0, y0, x1, _ = self.layout[l][j] * self.pixels_per_point
        side, x0, y0 = round(x1 - x0), round(x0), round(y0)  # every square the same size
        return slice(y0, y0 + side), slice(x0, x0 + side)

    # --- updates ------------------------------------------------------------------------------
    def show_data(self, session):
        """After new data or a new network: new layout, lines, labels and mosaic."""
        for label in self.labels:
            label.remove()
        dims, self.kind, self.session = session.layer_dims, session.drawable, session
        L = len(dims) - 1
        self.layout = self.unit_boxes(dims)
        centres = [(b[:, :2] + b[:, 2:]) / 2 for b in self.layout]
        self.lines.set_segments(network_segments(centres))
        bottom = min(b[:, 1].min() for b in self.layout)
        self.labels = [
            self.ax_net.text((b[0, 0] + b[0, 2]) / 2, bottom - 3, layer_name(l, L, short=True),
                             ha="center", va="top", fontsize=9, color="0.3")
            for l, b in enumerate(self.layout)
        ]  # fmt: skip
        self.pixels_per_point = self.fig.dpi / 72
        width, height = (round(v * self.pixels_per_point) for v in self.size)
        self.pixels = np.zeros((height, width, 4), np.uint8)  # transparent between the units
        for l, n in enumerate(dims):
            for j in range(n):
                rows, cols = self.unit_pixels(l, j)
                self.pixels[rows, cols] = FRAME
        self.mosaic.set_extent(
            (0, width / self.pixels_per_point, 0, height / self.pixels_per_point)
        )
        if not (0 <= self.selected[0] <= L and self.selected[1] < dims[self.selected[0]]):
            self.selected = (min(1, L), 0)
        self.hovered = None
        self._data_points(session)
        self.stale()
        self.show_progress(session)

    def _data_points(self, session):
        """The training points under the enlarged map (the map only for a curve)."""
        self.big.set_visible(self.kind == "classes")
        self.big_curve.set_visible(self.kind == "curve")
        self.points.set_visible(self.kind == "classes")
        self.note.set_text("" if self.kind else "unit maps need one or two input features")
        if self.kind is None:
            return
        x0, x1, y0, y1 = session.extent()
        self.ax_unit.set_xlim(x0, x1)
        if self.kind == "classes":
            X = session.X_train * session.scale + session.shift
            self.points.set_data(X[0], X[1])
            self.big.set_extent((x0, x1, y0, y1))
            self.ax_unit.set_ylim(y0, y1)

    def show_progress(self, session):
        """After a frame: every unit's map, every weight's line, the enlarged unit."""
        if session.diverged:
            return
        model, L = session.model, len(session.layer_dims) - 1
        thin = min(1.0, 8 / max(session.layer_dims))  # 16 units a layer: half as wide and dark
        colours, widths = weight_styles(model.parameters, L, thin)
        self.lines.set_color(colours)
        self.lines.set_linewidth(widths)
        self.maps, self.scaled = unit_maps(session), []
        for l, A in enumerate(self.maps or []):
            bounds = (
                (-np.inf, np.inf) if l == 0 else (model.output if l == L else model.hidden).bounds
            )
            scaled = colour_scale(A, bounds)
            self.scaled.append((scaled, layer_range(A, bounds)))
            codes = (scaled * 255).round().astype(np.uint8)
            rows, cols = self.unit_pixels(l, 0)
            h, w = rows.stop - rows.start - 2, cols.stop - cols.start - 2  # inside the edge
            pick_r = (np.arange(h) + 0.5) * codes.shape[1] // h
            pick_c = (np.arange(w) + 0.5) * codes.shape[2] // w
            sampled = LUT[codes[:, pick_r.astype(int)][:, :, pick_c.astype(int)]]
            for j in range(len(A)):
                rows, cols = self.unit_pixels(l, j)
                self.pixels[rows.start + 1 : rows.stop - 1, cols.start + 1 : cols.stop - 1] = (
                    sampled[j]
                )
        self.mosaic.set_data(self.pixels)
        self._show_selected(session)

    def _show_selected(self, session):
        """The enlarged map (or curve), its title, and the frame around its unit."""
        L = len(session.layer_dims) - 1
        l, j = self.hovered or self.selected
        x0, y0, x1, y1 = self.layout[l][j]
        self.highlight.set_bounds(x0 - 2, y0 - 2, x1 - x0 + 4, y1 - y0 + 4)
        title = f"{layer_name(l, L)}, unit {j + 1}"
        if self.scaled:
            scaled, (low, high) = self.scaled[l]
            if self.kind == "classes":
                self.big.set_data(scaled[j])
            else:
                x_0, x_1 = session.extent()[:2]
                xs = x_0 + (np.arange(scaled.shape[-1]) + 0.5) * (x_1 - x_0) / scaled.shape[-1]
                self.big_curve.set_data(xs, self.maps[l][j, 0])
                self.ax_unit.set_ylim(low - 0.05 * (high - low), high + 0.05 * (high - low))
            title += f"\nfrom {low:g} (orange) to {high:g} (blue)"
        if title != self.ax_unit.get_title():  # the title is in the background: draw it again
            self.ax_unit.set_title(title, fontsize=10, y=1.0)
            self.stale()

    # --- the mouse ------------------------------------------------------------------------
    def select(self, unit, hover=False):
        """Show ``unit`` = (layer, index) enlarged: while hovered, or (a click) until another
        click; None for a hover that left the units. True if what is shown changed."""
        before = self.hovered or self.selected
        if hover:
            self.hovered = unit
        elif unit is not None:
            self.selected, self.hovered = unit, None
        if (self.hovered or self.selected) == before:
            return False
        self._show_selected(self.session)
        return True

    def _event_unit(self, event):
        if event.inaxes is not self.ax_net or event.xdata is None:
            return None
        return self.unit_at(event.xdata, event.ydata)

    def _on_move(self, event):
        if self.layout is not None and self.select(self._event_unit(event), hover=True):
            self.request()

    def _on_click(self, event):
        unit = self._event_unit(event)
        if unit is not None and self.select(unit):
            self.request()

    def _on_leave(self, _event):
        if self.hovered is not None and self.select(None, hover=True):
            self.request()
