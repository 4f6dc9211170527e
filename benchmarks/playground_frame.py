"""How much kernel time does one frame of the playground cost, at its default settings?

A frame is what the Train button repeats: ``epochs_per_frame`` epochs of training plus the
train and test loss (``PlaygroundSession.train_frame``), the update of every artist and
readout of both figures (the data and loss curves, and the network view with a map per unit),
and the redraw. In JupyterLab the redraw happens when the browser asks for the new
image: ipympl renders the figure with Agg and encodes the changed pixels as a PNG, here with
the data-URL copy switched off, as ipympl does once a browser is connected. So the measured
time is what the kernel spends per frame. Two ways of redrawing are timed side by side, on two
identical playgrounds, frame after frame in turn (so a busy moment of the machine hits both):

    blit    what the playground does (``Blitter.render``): a saved background, only the
            moving artists drawn again; the background itself is redrawn when the loss axes
            grow (those frames make the maximum)
    full    ``fig.canvas.draw()``: the whole figure every frame, for comparison

The budget is 100 ms: a slider change then shows within a blink, and the kernel, which
handles clicks between frames, stays responsive.

    .venv/bin/python benchmarks/playground_frame.py             # 100 frames after 5 warm-up
    .venv/bin/python benchmarks/playground_frame.py --frames 300 --dataset spirals
    .venv/bin/python benchmarks/playground_frame.py --hidden-layers 4 --units 8

It prints the median and the maximum of each part, and the ratio median frame / budget
(below 1 is within budget); every frame is written to benchmarks/results/playground_frame.csv.
"""

import argparse
import csv
import os
import statistics
import time
from pathlib import Path

BUDGET_MS = 100.0
RESULTS = Path(__file__).resolve().parent / "results" / "playground_frame.csv"


def measure(frames, warmup, dataset, **settings):
    """Per frame: (training ms, blit ms, full-draw ms), on two identical playgrounds."""
    from dnn_core.widgets.playground import playground

    blitted, full = playground(dataset, **settings), playground(dataset, **settings)
    canvases = [full.view.canvas, full.network.canvas]
    for pg in (blitted, full):
        for canvas in (pg.view.canvas, pg.network.canvas):
            canvas.syncing_data_url = False  # what ipympl does when the browser is there
            canvas.draw()  # the first, full image

    def draw_all():
        for canvas in canvases:
            canvas.draw()

    rows = []
    for i in range(warmup + frames):
        times = []
        for pg, redraw in ((blitted, blitted.render), (full, draw_all)):
            start = time.perf_counter()
            pg.session.train_frame()
            trained = time.perf_counter()
            pg.show_progress()
            pg._publish()
            redraw()
            times.append(((trained - start) * 1e3, (time.perf_counter() - trained) * 1e3))
        if i >= warmup:
            rows.append((times[0][0], times[0][1], times[1][1]))
    return blitted, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--dataset", default="moons")
    parser.add_argument("--hidden-layers", type=int, default=None, help="default: the playground's")
    parser.add_argument("--units", type=int, default=None, help="per hidden layer")
    args = parser.parse_args()
    chosen = (("hidden_layers", args.hidden_layers), ("units", args.units))
    settings = {name: value for name, value in chosen if value is not None}
    pg, rows = measure(args.frames, args.warmup, args.dataset, **settings)
    s = pg.session
    train, blit, full = ([r[k] for r in rows] for k in range(3))
    sizes = " + ".join(
        "{:.0f}x{:.0f}".format(*(fig.get_size_inches() * fig.dpi))
        for fig in (pg.fig, pg.network.fig)
    )
    print(
        f"playground on {args.dataset!r}: layer_dims {s.layer_dims}, {s.activation}, "
        f"batch {s.batch_size}, {s.epochs_per_frame} epochs/frame, {s.X_train.shape[1]} + "
        f"{s.X_test.shape[1]} points, grid {s.grid_size}x{s.grid_size}, figures "
        f"{sizes} px; {os.cpu_count()} CPUs; {args.frames} frames"
    )
    median = statistics.median
    print(f"{'ms per frame':22s} {'median':>8s} {'max':>8s}")
    table = (
        ("training", train),
        ("drawing, blit", blit),
        ("drawing, full draw", full),
        ("frame, blit", [a + b for a, b in zip(train, blit)]),
        ("frame, full draw", [a + b for a, b in zip(train, full)]),
    )
    for name, values in table:
        print(f"{name:22s} {median(values):8.1f} {max(values):8.1f}")
    total = median(table[3][1])
    print(f"training share of the median frame: {median(train) / total:.0%}")
    print(
        f"median frame / {BUDGET_MS:.0f} ms budget = {total / BUDGET_MS:.2f} "
        f"({'within' if total <= BUDGET_MS else 'OVER'} budget); with a full draw every "
        f"frame it would be {median(table[4][1]) / BUDGET_MS:.2f}"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    with open(RESULTS, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["frame", "training_ms", "blit_ms", "full_draw_ms"])
        writer.writerows((i, *(f"{v:.3f}" for v in row)) for i, row in enumerate(rows))


if __name__ == "__main__":
    main()
