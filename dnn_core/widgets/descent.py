"""``descent_explorer()``: pick a learning rate, then step or run gradient descent and watch.

Left: the surface (a curve for 1-D, contours for 2-D) with the path taken so far.
Right: the loss above its minimum at every step, on a log scale. A readout names
the regime (crawling, converging, oscillating, diverged) by ``classify_run``; the
figure repeats it (its title and a note on alpha times the curvature), so the static
picture that readers without a kernel see says the same.

Changing the learning rate or the surface starts over from the surface's
starting point, so the path on screen always belongs to one learning rate.
Run/Pause, Step and Reset are ``Explorer``'s frame loop; tests call
``explorer.run_frames(n)`` instead of pressing Run.
"""

import ipywidgets as w
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..plots.descent import draw_contours
from ..plots.style import COLORS, style
from ..surfaces import SURFACES, classify_run, gradient_descent
from ._base import Explorer, live_figure

CHOICES = [
    ("1-D bowl", "quadratic"),
    ("1-D two valleys", "double_well"),
    ("2-D long valley", "elongated_bowl"),
]
REGIMES = {
    "crawl": "crawling",
    "converge": "converging",
    "oscillate": "oscillating",
    "diverge": "diverged",
}
REGIME_COLORS = {
    "crawling": COLORS["orange"],
    "converging": COLORS["green"],
    "oscillating": COLORS["purple"],
    "diverged": COLORS["vermillion"],
    "starting": "#555",
}


class DescentExplorer(Explorer):
    """The explorer's widgets, state and drawing; built by ``descent_explorer``."""

    run_label = "Run"

    def __init__(self, surface, learning_rate, steps_per_frame, max_steps):
        fig, (self.ax, self.ax_loss), _ = live_figure(figsize=(10, 3.8), ncols=2)
        controls = {
            "surface": w.ToggleButtons(options=CHOICES, value=surface, description="surface"),
            "learning_rate": w.FloatLogSlider(
                value=learning_rate,
                base=10,
                min=-3,
                max=0.5,
                step=0.05,
                description="α",
                readout_format=".3g",
                continuous_update=False,
                layout=w.Layout(width="420px"),
            ),
            "readout": w.HTML(),
        }
        state = {"learning_rate": float(learning_rate), "surface": surface}
        super().__init__(fig, controls, state=state)
        buttons = self.add_loop(pause=0.05)
        c = self.controls
        self.ui = w.VBox(
            [
                c["surface"],
                w.HBox([c["learning_rate"], buttons["step"], buttons["train"], buttons["reset"]]),
                c["readout"],
                fig.canvas,
            ]
        )
        # the names the chapter's tests and text use
        self.rate, self.choice, self.readout = c["learning_rate"], c["surface"], c["readout"]
        self.step_button, self.run_button = buttons["step"], buttons["train"]
        self.reset_button = buttons["reset"]
        self.steps_per_frame, self.max_steps = steps_per_frame, max_steps
        self.rate.observe(self._on_rate, names="value")
        self.choice.observe(self._on_surface, names="value")
        self._draw_surface()
        self.reset()

    # --- drawing
    def _draw_surface(self):
        """Draw the chosen surface once and create the artists that steps will move."""
        surface = SURFACES[self.state["surface"]]
        with style():
            self.ax.clear()
            self.ax_loss.clear()
            if surface.dim == 1:
                theta = np.linspace(*surface.bounds[0], 300)
                J = surface.value(theta[None])
                self.ax.plot(theta, J, color=COLORS["black"], linewidth=1.6)
                pad = 0.08 * (J.max() - J.min())
                self.ax.set(
                    xlim=surface.bounds[0],
                    ylim=(J.min() - pad, J.max() + pad),
                    xlabel=r"$\theta$",
                    ylabel=r"$\mathcal{J}(\theta)$",
                    aspect="auto",
                )
            else:
                draw_contours(self.ax, surface, levels=10, n=120)
            self.ax.set_title(surface.formula, fontsize=12)
            (self.path_line,) = self.ax.plot(
                [], [], color=COLORS["vermillion"], marker="o", markersize=3.5, linewidth=1.2
            )
            (self.point,) = self.ax.plot(
                [],
                [],
                "o",
                color=COLORS["vermillion"],
                markersize=10,
                markeredgecolor="white",
                zorder=6,
            )
            (self.loss_line,) = self.ax_loss.plot(
                [], [], color=COLORS["blue"], marker="o", markersize=3
            )
            # fixed y-range: new log tick labels would cost a slow mathtext layout on every frame
            self.ax_loss.set(
                yscale="log",
                ylim=(1e-12, 1e9),
                xlim=(0, 20),
                xlabel="step $k$",
                title=" ",
                ylabel=r"loss above its minimum, $\mathcal{J}(\theta_k) - \mathcal{J}_{\min}$",
            )
            self.stability_note = self.ax_loss.text(
                0.98,
                0.97,
                "",
                transform=self.ax_loss.transAxes,
                ha="right",
                va="top",
                fontsize=10.5,
                bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#bbb", "alpha": 0.9},
            )
            self.ax_loss.set_yticks(10.0 ** np.arange(-12, 10, 3))
            self.ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))
            for ax in (self.ax, self.ax_loss):  # ticks made later, outside style(), keep this look
                ax.grid(True, alpha=0.3)
                ax.tick_params(labelsize=11)
        self.lowest = min(float(surface.value(np.array(m))) for m in surface.minima)
        # lay the figure out once for this surface, then keep it: a layout per frame is slow
        self.fig.set_layout_engine("constrained")
        self.fig.draw_without_rendering()
        self.fig.set_layout_engine("none")

    def _update_artists(self):
        path, losses = np.array(self.state["path"]), np.array(self.state["losses"])
        xy = (path[:, 0], losses) if path.shape[1] == 1 else (path[:, 0], path[:, 1])
        self.path_line.set_data(*xy)
        self.point.set_data(xy[0][-1:], xy[1][-1:])
        self.loss_line.set_data(np.arange(len(losses)), np.maximum(losses - self.lowest, 1e-17))
        if len(losses) > self.ax_loss.get_xlim()[1] or len(losses) <= 20:
            self.ax_loss.set_xlim(0, 20 if len(losses) <= 20 else 2 * len(losses))
        self._update_readout()
        self._update_figure_text()
        self.redraw()

    def _update_readout(self):
        s, surface = self.state, SURFACES[self.state["surface"]]
        theta = ", ".join(f"{t:.4g}" for t in s["theta"])
        product = s["learning_rate"] * surface.curvature
        note = ""
        if s["regime"] == "diverged":
            note = (
                " — the loss blew up, so the run stopped: lower α and press Reset"
                if s["blown_up"]
                else " — every step overshoots further than the last: the loss is growing"
            )
        color = REGIME_COLORS.get(s["regime"], "#555")
        self.readout.value = (
            f"step <b>{s['step']}</b> &nbsp;|&nbsp; θ = ({theta}) &nbsp;|&nbsp; loss <b>{s['loss']:.4g}</b>"
            f" &nbsp;|&nbsp; <b style='color:{color}'>{s['regime']}</b>{note}<br>"
            f"<small>α × (curvature at the lowest minimum, {surface.curvature:.3g}) = {product:.3g}: "
            f"{'below' if product < 2 else 'above'} 2, so the bottom is "
            f"{'stable' if product < 2 else 'unstable'}.</small>"
        )

    def _update_figure_text(self):
        s, surface = self.state, SURFACES[self.state["surface"]]
        product = s["learning_rate"] * surface.curvature
        self.ax_loss.set_title(
            f"α = {s['learning_rate']:.3g}, step {s['step']}: {s['regime']}",
            color=REGIME_COLORS.get(s["regime"], "#555"),
            fontsize=13,
            fontweight="bold",
        )
        self.stability_note.set_text(
            f"α × curvature at the lowest minimum\n= {s['learning_rate']:.3g} × "
            f"{surface.curvature:.3g} = {product:.3g} "
            f"{'< 2: stable' if product < 2 else '≥ 2: unstable'}"
        )

    # --- actions
    def reset(self):
        """Stop, and go back to the surface's starting point."""
        super().reset()
        surface = SURFACES[self.state["surface"]]
        theta = np.array(surface.start, dtype=float)
        loss = float(surface.value(theta))
        self.state.update(
            step=0,
            theta=theta,
            loss=loss,
            regime="starting",
            path=[theta],
            losses=[loss],
            blown_up=False,
        )
        self._update_artists()

    def take_steps(self, n):
        """n steps of gradient descent (fewer if the loss blows up past 1e8); returns False
        once there is nothing more to do: blown up, at the bottom, or past ``max_steps``."""
        s = self.state
        if s["blown_up"]:
            return False
        run = gradient_descent(SURFACES[s["surface"]], s["theta"], s["learning_rate"], n)
        s["path"] += list(run.path[1:])
        s["losses"] += list(run.losses[1:])
        s["step"] += len(run.path) - 1
        s["theta"], s["loss"] = run.path[-1].copy(), float(run.losses[-1])
        s["blown_up"] = run.diverged
        if run.diverged:
            s["regime"] = "diverged"
        elif len(s["path"]) >= 3:
            s["regime"] = REGIMES[classify_run(s["path"], s["losses"])]
        self._update_artists()
        moving = len(run.path) > 1 and np.abs(run.path[-1] - run.path[-2]).max() > 1e-12
        return bool(not run.diverged and moving and s["step"] < self.max_steps)

    def frame(self):
        """``steps_per_frame`` steps; False once there is nothing more to do."""
        return self.take_steps(self.steps_per_frame)

    def _on_rate(self, change):
        self.state["learning_rate"] = float(change["new"])
        self.reset()

    def _on_surface(self, change):
        self.pause()
        self.state["surface"] = change["new"]
        self._draw_surface()
        self.reset()


def descent_explorer(surface="quadratic", learning_rate=0.3, steps_per_frame=1, max_steps=400):
    """Gradient descent on a small surface ("quadratic", "double_well", "elongated_bowl"),
    with a log-scale learning-rate slider and Step / Run-Pause / Reset buttons.

    state: learning_rate, surface, step, theta, loss, regime ("starting", then by
    ``classify_run``: "crawling", "converging", "oscillating", "diverged"), path (list of
    points), losses, blown_up (the loss passed 1e8 and the run stopped).
    """
    if surface not in SURFACES:
        raise ValueError(f"surface: unknown surface {surface!r}; valid: {', '.join(SURFACES)}")
    return DescentExplorer(surface, learning_rate, steps_per_frame, max_steps)
