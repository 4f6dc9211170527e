"""How fast is dnn_core on the source document's own test, next to the document's approach?

The task is the document's ``train.py --batch_size 8 --learning_rate 0.1
--num_epochs 3000``: a 1-20-20-1 network (ReLU hidden, sigmoid output, MSE)
fitted to the attenuated sine. It is trained by dnn_core and by
``seed_style.py`` (the document's approach, rebuilt as a baseline), each run
in a fresh subprocess with one BLAS thread, the runs interleaved
(dnn_core, seed_style, dnn_core, ...) so that a slow moment of the machine
hits both. Only the training loop is timed. A third implementation,
``flat_ceiling.py``, writes the same step with as few numpy calls as possible and
none of dnn_core's structure: it measures the ceiling for any numpy version of
the document's approach.

    .venv/bin/python benchmarks/document_task.py              # 3 repeats of 3000 epochs
    .venv/bin/python benchmarks/document_task.py --epochs 300 --repeats 5 --profile

It prints a table (median and min-max wall-clock seconds, median CPU seconds,
milliseconds per epoch, final MSE on all 500 points) and the ratio
seed_style / dnn_core of the medians, and writes every run to
benchmarks/results/document_task.csv. On a machine busy with other work the
wall-clock times swing; the CPU seconds (time.process_time of the worker) swing
much less, so both ratios are printed.

``--profile`` then splits one training step of each implementation into
batching / forward / cost / backward / update: each part is called on its own
many times (time.perf_counter, the fastest of 20 short rounds) and reported in
microseconds, next to a whole step of the uninstrumented ``train``.
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TASK = dict(layer_dims=[1, 20, 20, 1], learning_rate=0.1, batch_size=8, seed=0)
THREADS = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
NAMES = ("dnn_core", "seed_style", "flat_ceiling")


def build(name):
    """The network of the task, untrained, and a function that trains it for n epochs."""
    if name == "dnn_core":
        from dnn_core import DeepNeuralNetwork

        net = DeepNeuralNetwork(TASK["layer_dims"], "relu", "sigmoid", "mse", seed=TASK["seed"])
    elif name == "flat_ceiling":
        sys.path.insert(0, str(HERE))
        from flat_ceiling import FlatCeilingNetwork

        net = FlatCeilingNetwork(TASK["layer_dims"], seed=TASK["seed"])
        return net, lambda X, Y, n: net.train(X, Y, TASK["learning_rate"], n, TASK["batch_size"])
    else:
        sys.path.insert(0, str(HERE))
        from seed_style import SeedStyleNetwork

        net = SeedStyleNetwork(TASK["layer_dims"], "relu", "sigmoid", "mse", seed=TASK["seed"])
    return net, lambda X, Y, n: net.train(
        X, Y, learning_rate=TASK["learning_rate"], num_epochs=n, batch_size=TASK["batch_size"]
    )


def worker(name, epochs):
    """Train once; print the wall and CPU seconds and the final MSE as JSON (in a subprocess)."""
    from dnn_core.datasets import attenuated_sine

    X, Y, _ = attenuated_sine()
    net, train = build(name)
    wall, cpu = time.perf_counter(), time.process_time()
    train(X, Y, epochs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    mse = float(np.mean((net.predict(X) - Y) ** 2))
    print(json.dumps({"seconds": wall, "cpu_seconds": cpu, "final_mse": mse}))


def in_subprocess(mode, name, epochs):
    """Run this script as ``--worker``/``--parts`` NAME EPOCHS with one BLAS thread; its JSON."""
    out = subprocess.run(
        [sys.executable, __file__, mode, name, str(epochs)],
        env={**os.environ, **THREADS},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_time(fn, calls, rounds=20):
    """Seconds per call of fn(): ``calls`` calls in ``rounds`` short rounds timed with
    perf_counter; the fastest round counts (the one least disturbed by other processes)."""
    per_round = max(1, calls // rounds)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / per_round


def step_parts(name, epochs):
    """Microseconds per training step in each part, and in a whole step of train() (subprocess)."""
    from dnn_core.datasets import attenuated_sine

    X, Y, _ = attenuated_sine()
    net, train = build(name)
    lr, size = TASK["learning_rate"], TASK["batch_size"]
    if name == "dnn_core":
        from dnn_core import L_model_backward, L_model_forward, batch_generator, update_parameters

        batches = lambda: batch_generator(X, Y, size, rng=net.rng)
        forward = lambda Xb: L_model_forward(Xb, net.parameters, net.hidden, net.output)
        cost = lambda AL, Yb: net.loss.cost(AL, Yb)
        backward = lambda AL, Yb, caches: L_model_backward(
            AL, Yb, caches, net.hidden, net.output, net.loss
        )
        update = lambda grads: update_parameters(net.parameters, grads, lr)
    else:
        from seed_style import batch_generator as seed_batches

        batches = lambda: seed_batches(X, Y, size)
        forward, backward = net.L_model_forward, net.L_model_backward
        cost = lambda AL, Yb: net.compute_cost(AL, Yb, net.loss_function)
        update = lambda grads: net.update_parameters(grads, lr)
    per_epoch = -(-X.shape[1] // size)  # mini-batches (steps) per epoch
    steps = epochs * per_epoch
    result = {"train() per step": best_time(lambda: train(X, Y, 1), epochs) / per_epoch}
    Xb, Yb = next(iter(batches()))  # a typical mini-batch, and its forward / backward results
    AL, caches = forward(Xb)
    grads = backward(AL, Yb, caches)
    with np.errstate(all="ignore"):  # the repeated updates below may push the weights far
        result.update(
            {
                "batching": best_time(lambda: [b for b in batches()], epochs) / per_epoch,
                "forward": best_time(lambda: forward(Xb), steps),
                "cost": best_time(lambda: cost(AL, Yb), steps),
                "backward": best_time(lambda: backward(AL, Yb, caches), steps),
                "update": best_time(lambda: update(grads), steps),
            }
        )
    print(json.dumps({part: 1e6 * seconds for part, seconds in result.items()}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3000, help="epochs per run (default 3000)")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs per implementation (default 3)"
    )
    parser.add_argument("--profile", action="store_true", help="also split one step into its parts")
    parser.add_argument(
        "--profile_epochs", type=int, default=100, help="epochs profiled (default 100)"
    )
    parser.add_argument("--worker", nargs=2, metavar=("NAME", "EPOCHS"), help=argparse.SUPPRESS)
    parser.add_argument("--parts", nargs=2, metavar=("NAME", "EPOCHS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker[0], int(args.worker[1]))
    if args.parts:
        return step_parts(args.parts[0], int(args.parts[1]))
    timing(args.epochs, args.repeats)
    if args.profile:
        profile(args.profile_epochs)


def timing(epochs, repeats):
    print(f"task: {TASK}, {epochs} epochs, {repeats} interleaved runs each")
    print("worker env: " + " ".join(f"{k}={v}" for k, v in THREADS.items()))
    runs = []
    for repeat in range(1, repeats + 1):
        for name in NAMES:
            result = in_subprocess("--worker", name, epochs)
            runs.append(
                {
                    "implementation": name,
                    "repeat": repeat,
                    "epochs": epochs,
                    **result,
                    "seconds_per_epoch": result["seconds"] / epochs,
                }
            )
            print(
                f"  run {repeat} {name:<10} {result['seconds']:6.2f} s (CPU {result['cpu_seconds']:6.2f} s)"
                f"  final MSE {result['final_mse']:.3e}",
                flush=True,
            )

    print(
        f"\n{'implementation':<12} {'median s':>9} {'min-max s':>13} {'CPU s':>7} {'ms/epoch':>9}"
        f"  final MSE"
    )
    wall, cpu = {}, {}
    for name in NAMES:
        mine = [r for r in runs if r["implementation"] == name]
        seconds = [r["seconds"] for r in mine]
        wall[name] = statistics.median(seconds)
        cpu[name] = statistics.median(r["cpu_seconds"] for r in mine)
        mses = sorted({f"{r['final_mse']:.2e}" for r in mine})
        print(
            f"{name:<12} {wall[name]:9.2f} {min(seconds):6.2f}-{max(seconds):<6.2f} {cpu[name]:7.2f}"
            f" {1e3 * wall[name] / epochs:9.3f}  {', '.join(mses)}"
        )
    for name in ("dnn_core", "flat_ceiling"):
        print(
            f"ratio seed_style / {name} of the median seconds: {wall['seed_style'] / wall[name]:.2f}x"
            f" (of the median CPU seconds: {cpu['seed_style'] / cpu[name]:.2f}x)"
        )

    results = HERE / "results"
    results.mkdir(exist_ok=True)
    with open(results / "document_task.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, list(runs[0]))
        writer.writeheader()
        writer.writerows(runs)
    print(f"wrote {(results / 'document_task.csv').relative_to(HERE.parent)}")


def profile(epochs):
    """Where the time of one training step goes, for both implementations."""
    print(
        f"\nmicroseconds per training step (batch of {TASK['batch_size']}): each part called "
        f"{epochs} epochs' worth of times, perf_counter, fastest of 20 rounds"
    )
    table = {name: in_subprocess("--parts", name, epochs) for name in NAMES[:2]}
    parts = ["batching", "forward", "cost", "backward", "update"]
    print(f"{'part':<18}" + "".join(f"{name:>12}" for name in table))
    for part in parts:
        print(f"{part:<18}" + "".join(f"{table[name][part]:12.1f}" for name in table))
    print(
        f"{'sum of the parts':<18}"
        + "".join(f"{sum(table[name][p] for p in parts):12.1f}" for name in table)
    )
    print(
        f"{'train() per step':<18}"
        + "".join(f"{table[name]['train() per step']:12.1f}" for name in table)
    )
    ratio = table["seed_style"]["train() per step"] / table["dnn_core"]["train() per step"]
    print(f"ratio seed_style / dnn_core of a whole step: {ratio:.2f}x")


if __name__ == "__main__":
    main()
