"""The playground's live figure: the data with what the network predicts, and the loss curves.

Left: for two-feature classes, the points (training points edged in white, test points in
black, validation points as hollow rings) over an image of the network's prediction on a
coarse grid -- the decision boundary is where the colour turns; for one-feature regression,
the points and the fitted curve. Right: the train and test loss against the epoch, on a log
scale, and with a validation set its loss after every epoch (``model.val_costs``): when it
turns up while the train loss still falls, the network is overfitting.

Every artist is made once in ``__init__`` and then only updated (``set_data``). A frame is cheap
to show (see benchmarks/playground_frame.py) because a ``Blitter`` (``_canvas.py``) redraws only
the moving artists over a saved background (axes, ticks, legends, the data title). The loss
axes' limits grow in steps (1-2-5 epochs, whole decades of loss), so the ticks, and with them
the background, change only now and then.
"""

import math

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator

from ..metrics import labels
from ..plots.style import COLORS, style
from ._canvas import Blitter, live_figure

CLASS_COLORS = [COLORS[c] for c in ("orange", "blue", "green", "vermillion", "purple", "sky")]


def lighten(color, amount=0.6):
    """The colour mixed with white: amount 0 keeps it, 1 gives white."""
    return (1 - amount) * np.array(to_rgb(color)) + amount


TWO_CLASSES = LinearSegmentedColormap.from_list(
    "playground", [lighten(CLASS_COLORS[0], 0.45), (1, 1, 1), lighten(CLASS_COLORS[1], 0.45)]
)


def nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is >= value (> 0)."""
    decade = 10.0 ** math.floor(math.log10(value))
    return next(step * decade for step in (1, 2, 5, 10) if step * decade >= value)


class PlaygroundFigure:
    """The playground's Figure and its artists, on one ipympl canvas."""

    def __init__(self, figsize=(9.4, 3.9), curve_points=200):
        self.curve_points = curve_points
        with style():
            # fixed margins: no layout pass in every frame
            self.fig, (self.ax_data, self.ax_loss), self.canvas = live_figure(
                figsize, 1, 2, layout=None
            )
            self.fig.subplots_adjust(left=0.035, right=0.97, bottom=0.16, top=0.9, wspace=0.2)
            self._data_panel(self.ax_data)
            self._loss_panel(self.ax_loss)
        moving = [
            self.image,
            *self.points["train"],
            *self.points["test"],
            *self.points["val"],
            self.fit,
            self.ax_data.spines["left"],
            self.ax_data.spines["bottom"],
            self.train_curve,
            self.test_curve,
            self.val_curve,
            *self.now,
            self.ax_loss.title,
        ]
        self.blitter = Blitter(self.fig, self.canvas, moving)
        self.request, self.render = self.blitter.request, self.blitter.render
        self.stale = self.blitter.stale

    def _data_panel(self, ax):
        self.image = ax.imshow(
            np.full((2, 2), 0.5),
            cmap=TWO_CLASSES,
            vmin=0.0,
            vmax=1.0,
            origin="lower",
            extent=(0, 1, 0, 1),
            aspect="auto",
            interpolation="bilinear",
            zorder=0,
        )
        # one Line2D of markers per class and part: much faster to draw than a scatter
        self.points = {
            part: [
                ax.plot(
                    [],
                    [],
                    linestyle="",
                    marker="o",
                    markersize=5,
                    markerfacecolor=color,
                    markeredgecolor=edge,
                    markeredgewidth=width,
                    zorder=zorder,
                )[0]
                for color in CLASS_COLORS
            ]
            for part, edge, width, zorder in (("train", "white", 0.7, 2), ("test", "black", 1.1, 3))
        }
        self.points["val"] = [  # hollow rings in the class colour: shown, never trained on
            ax.plot([], [], linestyle="", marker="o", markersize=5.5, markerfacecolor="none",
                    markeredgecolor=color, markeredgewidth=1.4, zorder=3)[0]
            for color in CLASS_COLORS
        ]  # fmt: skip
        (self.fit,) = ax.plot(
            [], [], color=COLORS["vermillion"], linewidth=2.8, zorder=4, label="network"
        )  # its legend entry: see below
        self.note = ax.text(
            0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=12, wrap=True
        )
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        grey = dict(marker="o", linestyle="", markersize=7, markerfacecolor="0.6")
        handles = [
            Line2D([], [], markeredgecolor="white", label="train", **grey),
            Line2D([], [], markeredgecolor="black", label="test", **grey),
        ]
        ring = Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor="none",
                      markeredgecolor="0.4", markeredgewidth=1.4, label="validation")  # fmt: skip
        where = dict(
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            borderaxespad=0.3,
            handletextpad=0.3,
            columnspacing=1.2,
        )
        self.legends = {  # made once, shown one at a time
            "classes": ax.legend(handles=handles, ncol=2, **where),
            "curve": ax.legend(handles=[*handles, self.fit], ncol=3, **where),
            "classes+val": ax.legend(handles=[*handles, ring], ncol=3, **where),
            "curve+val": ax.legend(handles=[*handles, ring, self.fit], ncol=4, **where),
        }
        ax.add_artist(self.legends["classes"])

    def _loss_panel(self, ax):
        (self.train_curve,) = ax.plot([], [], color=COLORS["blue"], label="train loss")
        (self.test_curve,) = ax.plot(
            [], [], color=COLORS["orange"], linestyle="--", label="test loss"
        )
        (self.val_curve,) = ax.plot(
            [], [], color=COLORS["green"], linestyle=":", linewidth=2.6, label="validation loss"
        )
        # the latest value of each curve as a dot (a one-point line shows nothing)
        self.now = [
            ax.plot([], [], "o", color=curve.get_color(), markersize=5)[0]
            for curve in (self.train_curve, self.test_curve)
        ]
        ax.set_yscale("log")
        ax.yaxis.set_minor_locator(NullLocator())  # minor log ticks cost drawing time
        ax.set_xlim(0, 10)
        ax.set_ylim(0.1, 1)
        ax.set_xlabel("epoch")
        curves = [self.train_curve, self.test_curve]
        self.loss_legends = {  # without and with a validation set
            False: ax.legend(handles=curves, loc="upper right"),
            True: ax.legend(handles=[*curves, self.val_curve], loc="upper right"),
        }
        ax.add_artist(self.loss_legends[False])

    # --- updates ------------------------------------------------------------------------
    def show_data(self, session):
        """After new data or a new network: the points, the limits, what is visible."""
        ax, kind = self.ax_data, session.drawable
        self.stale()
        for artist in (
            self.image,
            *self.points["train"],
            *self.points["test"],
            *self.points["val"],
        ):
            artist.set_visible(kind is not None)
        self.val_curve.set_visible(session.X_val is not None)
        for has_val, legend in self.loss_legends.items():
            legend.set_visible(has_val == (session.X_val is not None))
        self.fit.set_visible(kind == "curve")
        self.image.set_visible(kind == "classes")
        shown = f"{kind}{'+val' if session.X_val is not None else ''}"
        for name, legend in self.legends.items():
            legend.set_visible(name == shown)
        if kind is None:
            n = session.X_train.shape[0]
            self.note.set_text(
                f"This data has {n} feature{'s' * (n != 1)} and a {session.task} "
                "target:\nit can't be drawn in 2-D.\nThe loss curves show how "
                "training goes."
            )
            ax.set_title(f"{session.name}", y=1.0)
        else:
            self.note.set_text("")
            self._points(session, kind)
        self.show_progress(session)

    def _points(self, session, kind):
        ax = self.ax_data
        x0, x1, y0, y1 = session.extent()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        for part, X, Y in (
            ("train", session.X_train, session.Y_train),
            ("test", session.X_test, session.Y_test),
            ("val", session.X_val, session.Y_val),
        ):
            if X is None:  # no validation set
                for line in self.points[part]:
                    line.set_data([], [])
                continue
            X = X * session.scale + session.shift
            classes = np.ravel(labels(Y)) if kind == "classes" else np.zeros(Y.shape[1], dtype=int)
            for k, line in enumerate(self.points[part]):
                mine = classes == k
                line.set_data(X[0, mine], X[1, mine] if kind == "classes" else Y[0, mine])
                color = CLASS_COLORS[k] if kind == "classes" else COLORS["sky"]
                if part == "val":
                    line.set_markeredgecolor(color)
                else:
                    line.set_markerfacecolor(color)
        self.image.set_extent((x0, x1, y0, y1))
        what = "decision regions" if kind == "classes" else "fitted curve"
        ax.set_title(f"{session.name}: data and {what}", y=1.0)  # y given: no auto-placement

    def show_progress(self, session):
        """After a frame: the prediction image or curve, the loss curves, the epoch."""
        if not session.diverged:
            if session.drawable == "classes":
                self.image.set_data(self.class_image(session))
            elif session.drawable == "curve":
                x0, x1 = session.extent()[:2]
                xs = np.linspace(x0, x1, self.curve_points)
                self.fit.set_data(xs, session.predict_plotted(xs.reshape(1, -1))[0])
        for curve, now, losses in (
            (self.train_curve, self.now[0], session.train_losses),
            (self.test_curve, self.now[1], session.test_losses),
        ):
            curve.set_data(session.epochs, np.maximum(losses, 1e-12))
            now.set_data(session.epochs[-1:], np.maximum(losses[-1:], 1e-12))
        val = np.asarray(session.model.val_costs, dtype=float)
        self.val_curve.set_data(np.arange(1, val.size + 1), np.maximum(val, 1e-12))
        self._loss_limits(session)
        if session.diverged:
            self.ax_loss.set_title(
                f"loss: diverged in epoch {session.diverged_in}", color=COLORS["vermillion"], y=1.0
            )
        else:
            self.ax_loss.set_title(f"loss, epoch {session.epoch}", color="black", y=1.0)

    def _loss_limits(self, session):
        """Grow (or, after a reset, shrink) the loss axes in steps; a change means new ticks,
        so the background is drawn again."""
        xmax = nice_ceiling(max(session.epochs[-1] if session.epochs else 0, 10))
        val = np.asarray(session.model.val_costs, dtype=float)
        losses = np.concatenate([session.train_losses, session.test_losses, val[np.isfinite(val)]])
        losses = np.maximum(losses, 1e-12)
        low = 10.0 ** math.floor(math.log10(losses.min())) if losses.size else 0.1
        high = 10.0 ** math.ceil(math.log10(losses.max())) if losses.size else 1.0
        high = max(high, 10 * low)
        if self.ax_loss.get_xlim() != (0, xmax) or self.ax_loss.get_ylim() != (low, high):
            self.ax_loss.set_xlim(0, xmax)
            self.ax_loss.set_ylim(low, high)
            self.stale()

    def plotted_points(self, part):
        """All drawn points of "train" or "test" as an (m, 2) array (for tests)."""
        return np.vstack([np.column_stack(line.get_data()) for line in self.points[part]])

    def class_image(self, session):
        """The prediction on the grid: P(class 1) as a (G, G) array for two classes, or the
        class colours mixed by their probabilities as a (G, G, 3) RGB image."""
        xx, yy = session.grid()
        AL = session.predict_plotted(np.vstack([xx.ravel(), yy.ravel()]))
        if AL.shape[0] == 1:
            return AL[0].reshape(xx.shape)
        colors = np.array(
            [lighten(CLASS_COLORS[k % len(CLASS_COLORS)], 0.45) for k in range(AL.shape[0])]
        )
        return np.clip(AL.T @ colors, 0.0, 1.0).reshape(*xx.shape, 3)
