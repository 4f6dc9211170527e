"""``activation_explorer()``: pick an activation, see its slope, and watch what depth does to it.

Left panel: g(z) and g'(z) on [-5, 5] (g' from the backward function with
dA = 1, like ``plot_activation``). Right panel: the size of the gradient after
it has passed back through k = 0 .. n layers of a stack of n such layers
(``gradient_through_depth``, seeded, log scale), next to (1/4)^k, the most a
sigmoid's slope lets through. The leaky-ReLU slope alpha is a slider of its
own, enabled only when leaky ReLU is chosen. The menu lists every activation registered for
hidden layers (``dnn_core.activations.hidden_activations``).

``state`` holds "activation", "alpha", "depth", "gradient_at_depth" (the
relative gradient size that reaches the input, the number shown) and "curve".
"""

import ipywidgets as w
import numpy as np

from ..activations import get_activation, leaky_relu_with
from ..plots.activations import Z_DEFAULT, activation_and_derivative, activation_title
from ..plots.depth import gradient_through_depth
from ..plots.style import COLORS, style
from ._base import Explorer, labelled, live_figure
from ._choices import hidden_menu

MAX_DEPTH = 30


def _log_limits(values):
    """Round log-scale limits around ``values`` that always include 1e-3 .. 1, with two
    free decades on top for the legend."""
    low = min(float(np.min(values)), 1e-3)
    high = max(float(np.max(values)), 1.0)
    return 10 ** np.floor(np.log10(low) - 0.3), 10 ** (np.ceil(np.log10(high)) + 2)


class ActivationExplorer(Explorer):
    """The explorer built by ``activation_explorer``; see the module docstring."""

    def __init__(self, activation, alpha, depth):
        fig, (self.ax_f, self.ax_g), canvas = live_figure(figsize=(10.5, 4), nrows=1, ncols=2)
        controls = {
            "activation": w.Dropdown(
                options=hidden_menu(), value=activation, layout=w.Layout(width="160px")
            ),
            "alpha": w.FloatSlider(value=alpha, min=0.0, max=0.3, step=0.01, readout_format=".2f"),
            "depth": w.IntSlider(value=depth, min=1, max=MAX_DEPTH),
            "readout": w.HTML(),
        }
        c = controls
        panel = w.VBox(
            [
                labelled(c["activation"], "activation"),
                labelled(c["alpha"], "leaky α"),
                labelled(c["depth"], "depth n"),
                c["readout"],
            ]
        )
        ui = w.VBox([panel, canvas])
        super().__init__(fig, controls, ui, watch=("activation", "alpha", "depth"))
        self._draw_axes()
        self.update()

    def _draw_axes(self):
        ax_f, ax_g = self.ax_f, self.ax_g
        with style():
            ax_f.axhline(0, color="0.55", linewidth=0.9)
            ax_f.axvline(0, color="0.55", linewidth=0.9)
            (self.f_line,) = ax_f.plot(
                Z_DEFAULT, Z_DEFAULT, color=COLORS["blue"], label="$g(z)$", gid="activation"
            )
            (self.df_line,) = ax_f.plot(
                Z_DEFAULT,
                Z_DEFAULT,
                color=COLORS["orange"],
                linestyle="--",
                label="$g'(z)$ (backward, dA = 1)",
                gid="derivative",
            )
            ax_f.set(xlim=(-5, 5), xlabel="$z$", ylabel="value")
            ax_f.legend(loc="upper left")
            k_all = np.arange(MAX_DEPTH + 1)
            ax_g.plot(
                k_all,
                0.25**k_all,
                color="0.45",
                linestyle=":",
                linewidth=1.8,
                label="$(1/4)^k$: the sigmoid's slope alone",
                gid="bound",
            )
            (self.g_line,) = ax_g.plot(
                [0], [1], marker="o", markersize=3.5, label="this activation", gid="gradient"
            )
            (self.end_dot,) = ax_g.plot(
                [0], [1], "o", markersize=9, color=COLORS["black"], gid="end", clip_on=False
            )
            ax_g.set_yscale("log")
            ax_g.set(
                xlim=(0, MAX_DEPTH),
                xlabel="layers passed back through, $k$",
                ylabel="mean |dA|, relative to the top",
            )
            ax_g.legend(loc="upper right")

    def current(self):
        """The chosen ``Activation`` (a leaky ReLU with the slider's slope)."""
        c = self.controls
        if c["activation"].value == "leaky_relu":
            return leaky_relu_with(float(c["alpha"].value))
        return get_activation(c["activation"].value)

    def update(self, change=None):
        c = self.controls
        c["alpha"].disabled = c["activation"].value != "leaky_relu"
        g, n = self.current(), int(c["depth"].value)
        A, dZ = activation_and_derivative(g)
        self.f_line.set_ydata(A)
        self.df_line.set_ydata(dZ)
        low, high = min(A.min(), dZ.min()), max(A.max(), dZ.max(), 1.0)
        self.ax_f.set_ylim(low - 0.08 * (high - low), high + 0.35 * (high - low))
        self.ax_f.set_title(f"{activation_title(g)}: $g$ and $g'$")

        curve = gradient_through_depth(g, n)
        self.g_line.set_data(np.arange(n + 1), curve)
        self.g_line.set_color(COLORS.get(g.color, COLORS["black"]))
        self.end_dot.set_data([n], [curve[-1]])
        self.ax_g.set_ylim(*_log_limits(curve))
        self.ax_g.set_title(
            f"Through {n} layer{'s' if n > 1 else ''}: {curve[-1]:.2g} of the gradient is left"
        )
        self.state.update(
            activation=c["activation"].value,
            alpha=float(c["alpha"].value),
            depth=n,
            gradient_at_depth=float(curve[-1]),
            curve=curve,
        )
        c["readout"].value = (
            f"<b>{activation_title(g)}</b>, {n} layers: the gradient reaching the "
            f"input is <b>{curve[-1]:.3g}</b> × its size at the top"
        )
        self.redraw()


def activation_explorer(activation="sigmoid", alpha=0.01, depth=10):
    """An ``ActivationExplorer`` with a menu of the activations, a slider for the leaky slope
    alpha (active only for leaky ReLU) and one for the depth n (1 .. 30)."""
    return ActivationExplorer(activation, alpha, depth)
