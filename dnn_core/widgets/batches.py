"""``minibatch_explorer()``: choose a batch size, press Run, and see the noise and the time it costs.

Every Run trains a fresh network with the same seed (the source document's sine task, a small
1-16-16-1 network, a fixed number of epochs) through ``train_recording_iterations`` -- the same
algorithm as ``DeepNeuralNetwork.train`` -- synchronously, in well under a second.

Left panel: the cost of every iteration (thin), of every epoch (dashed: the size-weighted mean of
its batch costs, each measured before its own update, as ``train`` records it) and of the network
on all the examples after every epoch (dotted), against epochs. The last two differ most without
shuffling: a sorted sweep scores each example just after fitting its neighbours.
Right panel: the measured seconds per epoch of every batch size run so far (they accumulate; the
current one is ringed). The readout gives the iterations per epoch, the final cost and the time.

``state``: "batch_size", "shuffle", "iterations_per_epoch", "iteration_costs", "epoch_costs",
"final_cost", "full_costs" (the cost on all the examples after every epoch), "final_full_cost",
"seconds_per_epoch" ({batch_size: seconds of the fastest epoch}, measured on this
machine) and "runs".
"""

import ipywidgets as w
import numpy as np
from matplotlib.ticker import NullFormatter

from ..datasets import attenuated_sine
from ..experiments import iterations_per_epoch, train_recording_iterations
from ..forward import L_model_forward
from ..losses import compute_cost
from ..plots.batches import plain_log_ticks
from ..plots.style import COLORS, style
from ._base import Explorer, labelled, live_figure

BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 500)


class MinibatchExplorer(Explorer):
    """The explorer built by ``minibatch_explorer``; see the module docstring."""

    def __init__(
        self,
        batch_size=8,
        shuffle=True,
        epochs=20,
        learning_rate=0.1,
        seed=0,
        layer_dims=(1, 16, 16, 1),
    ):
        if batch_size not in BATCH_SIZES:
            raise ValueError(f"batch_size must be one of {BATCH_SIZES}, got {batch_size!r}")
        self.X, self.Y, _ = attenuated_sine()
        self.epochs, self.learning_rate, self.seed = epochs, learning_rate, seed
        self.layer_dims = list(layer_dims)
        self.network = ("relu", "sigmoid", "mse")  # the document's hidden, output and loss
        controls = {
            "batch_size": w.SelectionSlider(
                options=BATCH_SIZES, value=batch_size, layout=w.Layout(width="360px")
            ),
            "shuffle": w.Checkbox(value=shuffle, description="shuffle every epoch", indent=False),
            "run": w.Button(description="Run", icon="play", button_style="success"),
            "readout": w.HTML(),
        }
        c = controls
        # the names the chapter's tests use
        self.batch_slider, self.shuffle_box = c["batch_size"], c["shuffle"]
        self.run_button, self.readout = c["run"], c["readout"]
        fig, (self.ax_cost, self.ax_time), canvas = live_figure(figsize=(10, 3.7), ncols=2)
        self._build_figure()
        fig.draw_without_rendering()  # lay out once, then keep it: redraws stay fast
        fig.set_layout_engine("none")
        panel = w.VBox(
            [
                labelled(c["batch_size"], "batch size"),
                w.HBox([c["shuffle"], c["run"]]),
                c["readout"],
            ]
        )
        state = {
            "batch_size": batch_size,
            "shuffle": shuffle,
            "seconds_per_epoch": {},
            "runs": 0,
            "iterations_per_epoch": iterations_per_epoch(self.X.shape[1], batch_size),
            "iteration_costs": np.array([]),
            "epoch_costs": np.array([]),
            "final_cost": None,
            "full_costs": np.array([]),
            "final_full_cost": None,
        }
        super().__init__(
            fig, controls, w.VBox([panel, canvas]), state, watch=("batch_size", "shuffle")
        )
        c["run"].on_click(lambda _: self.run())

    def _build_figure(self):
        with style():
            ax = self.ax_cost
            (self.iteration_line,) = ax.plot(
                [], [], color=COLORS["blue"], linewidth=0.8, label="each iteration"
            )
            (self.epoch_line,) = ax.plot(
                [],
                [],
                color=COLORS["black"],
                linewidth=1.4,
                linestyle="--",
                label="each epoch (mean of its batches)",
            )
            (self.full_line,) = ax.plot(
                [],
                [],
                color=COLORS["vermillion"],
                linewidth=2,
                linestyle=":",
                label=f"all {self.X.shape[1]} examples, after the epoch",
            )
            ax.set(
                yscale="log",
                xlim=(0, self.epochs),
                ylim=(1e-6, 1),
                xlabel="epoch",
                ylabel=r"cost $\mathcal{J}$",
                title="Press Run",
            )
            ax.legend(loc="lower left", frameon=True, framealpha=0.9, fontsize=9)
            ax = self.ax_time
            (self.time_line,) = ax.plot(
                [], [], color=COLORS["blue"], marker="o", markersize=8, linewidth=1
            )
            (self.time_mark,) = ax.plot(
                [],
                [],
                "o",
                markersize=15,
                markerfacecolor="none",
                markeredgecolor=COLORS["vermillion"],
                markeredgewidth=2,
            )
            ax.set(
                xscale="log",
                yscale="log",
                xlim=(0.7, 700),
                ylim=(1e-5, 1),
                xlabel="batch size",
                ylabel="seconds per epoch",
                title="Time per epoch (this machine)",
            )
            ax.set_xticks(BATCH_SIZES, [str(b) for b in BATCH_SIZES], fontsize=9)
            ax.xaxis.set_minor_formatter(NullFormatter())
            plain_log_ticks(ax)

    def update(self, change=None):
        """The settings into ``state`` and the readout (a Run trains with them)."""
        b, m = self.batch_slider.value, self.X.shape[1]
        self.state.update(
            batch_size=b,
            shuffle=self.shuffle_box.value,
            iterations_per_epoch=iterations_per_epoch(m, b),
        )
        self.readout.value = (
            f"<b>batch size {b}</b>: {self.state['iterations_per_epoch']} iterations "
            f"per epoch ({m} examples). Press <b>Run</b> to train."
        )

    def run(self):
        """Train a fresh seeded network with the chosen settings; update the state and panels."""
        self.update()
        b, shuffle = self.state["batch_size"], self.state["shuffle"]
        full_costs = []

        def measure(parameters):  # after each epoch, outside its timing
            AL, _ = L_model_forward(self.X, parameters, *self.network[:2])
            full_costs.append(compute_cost(AL, self.Y, self.network[2]))

        result = train_recording_iterations(
            self.X,
            self.Y,
            self.layer_dims,
            *self.network,
            self.learning_rate,
            self.epochs,
            b,
            shuffle,
            seed=self.seed,
            after_epoch=measure,
        )
        seconds = result.seconds_per_epoch
        self.state["seconds_per_epoch"][b] = seconds
        self.state.update(
            iteration_costs=result.iteration_costs,
            epoch_costs=result.epoch_costs,
            final_cost=float(result.epoch_costs[-1]),
            full_costs=np.array(full_costs),
            final_full_cost=float(full_costs[-1]),
            runs=self.state["runs"] + 1,
        )
        self._draw(result)
        self.readout.value = (
            f"<b>batch size {b}</b>{'' if shuffle else ' (not shuffled)'}: "
            f"{result.iterations_per_epoch} iterations per epoch, "
            f"{result.iterations_per_epoch * self.epochs} updates in {self.epochs} epochs · "
            f"cost of the last epoch {self.state['final_cost']:.4g}, on all {self.X.shape[1]} examples "
            f"after it {self.state['final_full_cost']:.4g} · {seconds * 1e3:.3g} ms per epoch"
        )
        return self

    def _draw(self, result):
        costs = result.iteration_costs
        self.iteration_line.set_data(
            np.arange(1, costs.size + 1) / result.iterations_per_epoch, costs
        )
        self.epoch_line.set_data(np.arange(1, self.epochs + 1), result.epoch_costs)
        self.full_line.set_data(np.arange(1, self.epochs + 1), self.state["full_costs"])
        self.ax_cost.set_title(
            f"batch size {self.state['batch_size']}"
            f"{'' if self.state['shuffle'] else ', not shuffled'}: "
            f"{result.iterations_per_epoch} iterations per epoch",
            fontsize=13,
        )
        seconds = self.state["seconds_per_epoch"]
        sizes = sorted(seconds)
        self.time_line.set_data(sizes, [seconds[b] for b in sizes])
        self.time_mark.set_data([self.state["batch_size"]], [seconds[self.state["batch_size"]]])
        low, high = min(seconds.values()), max(seconds.values())
        self.ax_time.set_ylim(low / 3, high * 3)
        self.redraw()


def minibatch_explorer(batch_size=8, shuffle=True, epochs=20, also_run=()):
    """A ``MinibatchExplorer`` that has already run ``also_run`` (batch sizes, in order) and then
    ``batch_size``, so the time panel starts with a few dots."""
    explorer = MinibatchExplorer(batch_size, shuffle, epochs)
    for b in (*also_run, batch_size):
        explorer.batch_slider.value = b
        explorer.run()
    return explorer
