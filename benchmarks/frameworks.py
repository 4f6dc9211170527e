"""Seconds per training epoch: dnn_core next to PyTorch, scikit-learn and the source document's approach.

    make bench                                          # the whole run (about 5 minutes here)
    .venv/bin/python benchmarks/frameworks.py --quick   # a quarter of the epochs, 2 repeats (~1 minute)
    .venv/bin/python benchmarks/frameworks.py --cases sine playground --repeats 7
    .venv/bin/python benchmarks/frameworks.py --threads 2
    .venv/bin/python benchmarks/frameworks.py --plot-only   # redraw the plot from the last CSV
    .venv/bin/python benchmarks/frameworks.py --optimizer adam --quick   # Adam instead of SGD

Every implementation trains the same architecture on the same data with the same batch size,
learning rate, epochs and plain SGD (see ``bench_impls.py``): dnn_core, PyTorch CPU
(``bench_torch.py``), scikit-learn's MLP and ``seed_style.py`` (the document's approach). PyTorch
and scikit-learn are optional: without them the run says so and leaves them out. The cases are
784-128-64-1 (ReLU, sigmoid + cross-entropy) on 10,000 synthetic examples at batch 8, 64, 256 and
1024; the document's 1-20-20-1 sine task (batch 8, 3000 epochs); and the playground's default
network (2-8-8-1 tanh on the moons, batch 16); each in float32 and float64.

Design.

- One worker process per implementation, started once (``--worker NAME``): two libraries'
  thread pools in one process would distort each other. The parent sends each worker one
  request at a time as a JSON line and waits for its answer, so only one worker computes at any
  moment. Each request builds a fresh network (same seed), trains one warm-up epoch, then times
  N epochs with perf_counter (and process_time, the CPU seconds).
- Repeats are interleaved: for each case, repeat 1 of dnn_core, PyTorch, sklearn, seed_style,
  then repeat 2 of each, and so on, so a slow moment of a shared machine hits all of them.
  The table shows the median and the min-max of the seconds per epoch, and the ratio of the
  medians against PyTorch at the same dtype.
- Threads: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS are set to ``--threads``
  (default 1) in every worker, and the PyTorch worker calls ``torch.set_num_threads`` with the
  same number; each worker reports its thread pools and BLAS kernels via threadpoolctl.
  OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (which some machines set to pin a kernel) are removed
  from the workers' environment so that OpenBLAS picks its kernel for this CPU
  (``--keep-openblas-env`` keeps them); the report says which kernel it chose.
- The BLAS peak is measured in the same run by each worker: GFLOP/s of a 1024 x 1024 @ 1024 x
  1024 product in its own library (numpy's OpenBLAS, or PyTorch's MKL). A case's share of the
  peak is (matrix-product FLOPs of one epoch's forward and backward passes / seconds per epoch)
  divided by that peak.
- The sine task's 3000 epochs are measured on ``epochs`` of them and scaled; one full 3000-epoch
  run per implementation (float64) follows at the end, unless ``--no-full``.

- ``--optimizer adam`` times Adam instead of plain SGD (on the 784-128-64-1 cases unless
  ``--cases`` says otherwise, learning rate ``ADAM_LEARNING_RATE``, betas 0.9 and 0.999, eps 1e-8
  everywhere): dnn_core's ``optimizers.Adam``, ``torch.optim.Adam`` (its default, single-tensor
  implementation) and scikit-learn's ``solver="adam"``; seed_style has no Adam.

Writes benchmarks/results/frameworks.csv (one row per case, dtype and implementation),
frameworks_runs.csv (every timed run) and frameworks.png (the plot); with ``--optimizer adam``,
frameworks_adam.csv and frameworks_adam_runs.csv (no plot: its titles say SGD).
"""

import argparse
import csv
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
IMPLEMENTATIONS = ("dnn_core", "pytorch", "sklearn", "seed_style")
OPTIONAL = {"pytorch": "torch", "sklearn": "sklearn"}  # implementation -> module it needs
INSTALL = {"pytorch": "torch", "sklearn": "scikit-learn"}  # implementation -> what to pip install
DTYPES = ("float32", "float64")
BASELINE = "pytorch"
OPTIMIZERS = ("sgd", "adam")
ADAM_LEARNING_RATE = 0.001  # Adam's usual rate (the cases' rates are plain SGD's)

_MLP = dict(
    layer_dims=[784, 128, 64, 1],
    hidden="relu",
    output="sigmoid",
    loss="binary_cross_entropy",
    learning_rate=0.01,
    data="synthetic",
    m=10_000,
)
CASES = {
    "mlp-b8": dict(_MLP, title="784-128-64-1, batch 8", batch_size=8, epochs=2),
    "mlp-b64": dict(_MLP, title="784-128-64-1, batch 64", batch_size=64, epochs=8),
    "mlp-b256": dict(_MLP, title="784-128-64-1, batch 256", batch_size=256, epochs=12),
    "mlp-b1024": dict(_MLP, title="784-128-64-1, batch 1024", batch_size=1024, epochs=12),
    "sine": dict(
        title="document: 1-20-20-1 sine, batch 8",
        layer_dims=[1, 20, 20, 1],
        hidden="relu",
        output="sigmoid",
        loss="mse",
        learning_rate=0.1,
        batch_size=8,
        data="sine",
        m=500,
        epochs=300,
        full_epochs=3000,
    ),
    "playground": dict(
        title="playground: 2-8-8-1 tanh, batch 16",
        layer_dims=[2, 8, 8, 1],
        hidden="tanh",
        output="sigmoid",
        loss="binary_cross_entropy",
        learning_rate=0.03,
        batch_size=16,
        data="moons",
        m=400,
        epochs=400,
    ),
}


# ----------------------------------------------------------------------------- pure functions
def with_optimizer(case, optimizer="sgd"):
    """``case`` trained with ``optimizer``: "sgd" leaves it as it is, "adam" sets the
    optimizer and Adam's learning rate (bench_impls.build reads both)."""
    if optimizer == "sgd":
        return case
    if optimizer != "adam":
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    return dict(case, optimizer="adam", learning_rate=ADAM_LEARNING_RATE)


def matmul_flops_per_example(layer_dims):
    """FLOPs (2 per multiply-add) of the matrix products of one example's forward and backward
    pass: Z = W A (2 n_l n_l-1), dW = dZ A^T (the same) and dA_prev = W^T dZ (the same, but not
    for the first layer, whose input is the data)."""
    return sum(
        2 * layer_dims[l] * layer_dims[l - 1] * (2 if l == 1 else 3)
        for l in range(1, len(layer_dims))
    )


def examples_per_epoch(case):
    """The training examples of a case (the playground trains on 75 % of its points)."""
    return case["m"] - round(case["m"] * 0.25) if case["data"] == "moons" else case["m"]


def summarize(runs, cases=CASES, peaks=None, baseline=BASELINE):
    """One row per (case, dtype, implementation) from the timed runs (dicts with case, dtype,
    implementation, seconds, cpu_seconds, epochs, final_cost): median and min-max seconds per
    epoch, the ratio of the medians to ``baseline`` at the same dtype, and, given ``peaks``
    {(implementation, dtype): GFLOP/s}, the achieved GFLOP/s and its share of that peak."""
    groups = {}
    for run in runs:
        groups.setdefault((run["case"], run["dtype"], run["implementation"]), []).append(run)
    rows = []
    for (case, dtype, name), mine in groups.items():
        per_epoch = [r["seconds"] / r["epochs"] for r in mine]
        median = statistics.median(per_epoch)
        gflops = (
            matmul_flops_per_example(cases[case]["layer_dims"])
            * examples_per_epoch(cases[case])
            / median
            / 1e9
        )
        peak = (peaks or {}).get((name, dtype))
        rows.append(
            {
                "case": case,
                "title": cases[case]["title"],
                "dtype": dtype,
                "implementation": name,
                "repeats": len(mine),
                "epochs": mine[0]["epochs"],
                "median_s": median,
                "min_s": min(per_epoch),
                "max_s": max(per_epoch),
                "median_cpu_s": statistics.median(r["cpu_seconds"] / r["epochs"] for r in mine),
                "final_cost": mine[-1]["final_cost"],
                "gflops": gflops,
                "peak_gflops": peak,
                "peak_share": gflops / peak if peak else None,
            }
        )
    base = {(r["case"], r["dtype"]): r["median_s"] for r in rows if r["implementation"] == baseline}
    for row in rows:
        reference = base.get((row["case"], row["dtype"]))
        row[f"ratio_vs_{baseline}"] = row["median_s"] / reference if reference else None
    return rows


def _cell(row):
    if row is None:
        return "—"
    return f"{1e3 * row['median_s']:.3g} ({1e3 * row['min_s']:.3g}-{1e3 * row['max_s']:.3g})"


def format_table(rows, implementations=IMPLEMENTATIONS, cases=CASES, baseline=BASELINE):
    """The summary as text: milliseconds per epoch (median and min-max) per implementation,
    each implementation's ratio to ``baseline`` (below 1: faster), and the share of the BLAS peak."""
    index = {(r["case"], r["dtype"], r["implementation"]): r for r in rows}
    names = [n for n in implementations if any(r["implementation"] == n for r in rows)]
    others = [n for n in names if n != baseline]
    head = f"{'case':34s} {'dtype':8s}" + "".join(f" {n:>22s}" for n in names)
    head += (
        "".join(f" {n[:9] + '/torch':>15s}" for n in others)
        + "   % of BLAS peak ("
        + ", ".join(names)
        + ")"
    )
    lines = [
        "milliseconds per epoch: median (min-max); ratio = median / PyTorch's median at the same dtype",
        head,
    ]
    for case in cases:
        for dtype in DTYPES:
            if not any((case, dtype, n) in index for n in names):
                continue
            line = f"{cases[case]['title']:34s} {dtype:8s}"
            line += "".join(f" {_cell(index.get((case, dtype, n))):>22s}" for n in names)
            for n in others:
                ratio = index.get((case, dtype, n), {}).get(f"ratio_vs_{baseline}")
                line += f" {'—' if ratio is None else f'{ratio:.2f}x':>15s}"
            shares = [index.get((case, dtype, n), {}).get("peak_share") for n in names]
            line += "   " + ", ".join("—" if s is None else f"{100 * s:.1f}" for s in shares)
            lines.append(line)
    return "\n".join(lines)


def check_targets(rows, baseline=BASELINE, document_case="sine", min_speedup=3.0):
    """The issue's targets, as lines of text: dnn_core's median time <= the baseline's (ratio
    <= 1.0) in every case and dtype, and the document's task >= ``min_speedup`` times faster
    than seed_style (float64, the ratio of the medians)."""
    lines = []
    for row in rows:
        ratio = row.get(f"ratio_vs_{baseline}")
        if row["implementation"] == "dnn_core" and ratio is not None:
            verdict = "met" if ratio <= 1.0 else "MISSED"
            lines.append(
                f"{verdict:6s} dnn_core <= 1.0x {baseline}: {row['title']}, {row['dtype']}: {ratio:.2f}x"
            )
    mine = {
        r["implementation"]: r["median_s"]
        for r in rows
        if r["case"] == document_case and r["dtype"] == "float64"
    }
    if "dnn_core" in mine and "seed_style" in mine:
        speedup = mine["seed_style"] / mine["dnn_core"]
        verdict = "met" if speedup >= min_speedup else "MISSED"
        lines.append(
            f"{verdict:6s} the document's task >= {min_speedup:g}x faster than seed_style: {speedup:.2f}x "
            f"({CASES[document_case]['full_epochs']} epochs: dnn_core "
            f"{mine['dnn_core'] * CASES[document_case]['full_epochs']:.1f} s, seed_style "
            f"{mine['seed_style'] * CASES[document_case]['full_epochs']:.1f} s, scaled from the timed epochs)"
        )
    return lines


# ----------------------------------------------------------------------------- worker side
def worker(implementation, threads):
    """Answer JSON requests on stdin, one per line, until stdin closes (runs in a subprocess)."""
    import bench_impls

    hello = {"implementation": implementation, "available": True}
    try:
        if implementation == "pytorch":
            import torch

            torch.set_num_threads(threads)
            hello["torch_threads"] = torch.get_num_threads()
            blas = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
            hello["torch_blas"] = blas.group(1) if blas else "unknown"
            hello["version"] = torch.__version__
        elif implementation == "sklearn":
            import sklearn

            hello["version"] = sklearn.__version__
        else:
            import numpy

            hello["version"] = numpy.__version__
    except ImportError as error:
        hello.update(available=False, reason=str(error))
    from threadpoolctl import threadpool_info

    hello["pools"] = [
        {
            k: p.get(k)
            for k in ("user_api", "internal_api", "version", "architecture", "num_threads")
        }
        for p in threadpool_info()
    ]
    _reply(hello)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request["op"] == "peak":
                if implementation == "pytorch":
                    from bench_torch import matmul_gflops

                    _reply({"gflops": matmul_gflops(dtype=request["dtype"])})
                else:
                    _reply({"gflops": bench_impls.numpy_matmul_gflops(dtype=request["dtype"])})
            else:
                case = with_optimizer(CASES[request["case"]], request.get("optimizer", "sgd"))
                train = bench_impls.build(implementation, case, request["dtype"])
                _reply(bench_impls.timed(train, request["epochs"]))
        except bench_impls.Unsupported as why:
            _reply({"skip": str(why)})


def _reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def worker_env(threads, keep_openblas_env=False, base=None):
    """The environment of a worker: the thread counts pinned, the OpenBLAS kernel overrides gone."""
    env = dict(os.environ if base is None else base)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(threads)
    if not keep_openblas_env:
        for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            env.pop(name, None)
    return env


class Worker:
    """The parent's handle on one worker process."""

    def __init__(self, implementation, env, threads):
        self.name = implementation
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", implementation, "--threads", str(threads)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.hello = self._answer()

    def ask(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.name} worker stopped (see its error above)")
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


# ----------------------------------------------------------------------------- parent side
def start_workers(names, env, threads):
    """Workers for the implementations that can run here; prints why the others cannot."""
    workers = []
    for name in names:
        module = OPTIONAL.get(name)
        if module and importlib.util.find_spec(module) is None:
            print(f"{name}: not installed; skipping (pip install {INSTALL[name]})")
            continue
        w = Worker(name, env, threads)
        if not w.hello["available"]:
            print(f"{name}: cannot be imported ({w.hello['reason']}); skipping")
            w.close()
            continue
        pools = (
            "; ".join(
                f"{p['internal_api']} {p.get('version') or ''} kernel={p.get('architecture') or '-'} "
                f"threads={p['num_threads']}"
                for p in w.hello["pools"]
            )
            or "no pools found"
        )
        extra = (
            f"; its own BLAS: {w.hello['torch_blas']} (linked into libtorch, not listed by threadpoolctl), "
            f"torch.get_num_threads()={w.hello['torch_threads']}"
            if "torch_threads" in w.hello
            else ""
        )
        print(f"{name} {w.hello.get('version', '')}: {pools}{extra}")
        workers.append(w)
    return workers


def measure_peaks(workers, dtypes, before=None):
    """GFLOP/s of each worker's own 1024 x 1024 matrix product (the best so far, so measuring at
    the start and again at the end of the run keeps the less disturbed of the two)."""
    peaks = {(w.name, d): w.ask(op="peak", dtype=d)["gflops"] for w in workers for d in dtypes}
    if before:
        peaks = {key: max(g, before.get(key, 0.0)) for key, g in peaks.items()}
    print(
        ("BLAS peak (best of the start and the end of the run)" if before else "BLAS peak")
        + ", 1024 x 1024 matrix product, GFLOP/s: "
        + ", ".join(f"{n} {d} {g:.1f}" for (n, d), g in peaks.items())
    )
    return peaks


def measure(workers, case_names, dtypes, repeats, epochs_scale=1.0, optimizer="sgd"):
    """The timed runs, interleaved: for each case and dtype, each repeat asks every worker once."""
    runs = []
    for case in case_names:
        for dtype in dtypes:
            epochs = max(1, round(CASES[case]["epochs"] * epochs_scale))
            for repeat in range(1, repeats + 1):
                for w in workers:
                    answer = w.ask(
                        op="run", case=case, dtype=dtype, epochs=epochs, optimizer=optimizer
                    )
                    if "skip" in answer:
                        continue
                    runs.append(
                        {
                            "case": case,
                            "dtype": dtype,
                            "implementation": w.name,
                            "repeat": repeat,
                            **answer,
                        }
                    )
                    print(
                        f"  {CASES[case]['title']:34s} {dtype} run {repeat} {w.name:10s} "
                        f"{1e3 * answer['seconds'] / epochs:9.3f} ms/epoch  cost {answer['final_cost']:.4g}",
                        flush=True,
                    )
    return runs


def full_document_runs(workers):
    """One whole 3000-epoch run of the document's task per implementation (float64)."""
    epochs, out = CASES["sine"]["full_epochs"], []
    print(f"\nthe document's task, one full run of {epochs} epochs each (float64):")
    for w in workers:
        answer = w.ask(op="run", case="sine", dtype="float64", epochs=epochs)
        out.append({"implementation": w.name, **answer})
        print(
            f"  {w.name:10s} {answer['seconds']:7.2f} s  (CPU {answer['cpu_seconds']:.2f} s)"
            f"  final cost {answer['final_cost']:.3g}",
            flush=True,
        )
    times = {r["implementation"]: r["seconds"] for r in out}
    if "dnn_core" in times:
        print(
            "  "
            + ", ".join(
                f"{n} / dnn_core = {t / times['dnn_core']:.2f}x"
                for n, t in times.items()
                if n != "dnn_core"
            )
        )
    return out


def read_rows(path):
    """The summary rows of a frameworks.csv written earlier, with numbers as numbers."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        for key, value in row.items():
            if key not in ("case", "title", "dtype", "implementation"):
                row[key] = None if value in ("", "None") else float(value)
    return rows


def write_csv(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = list(dict.fromkeys(k for row in rows for k in row))
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--threads", type=int, default=1, help="BLAS/OpenMP/torch threads (default 1)"
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="interleaved runs per case (default 5)"
    )
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=None)
    parser.add_argument(
        "--optimizer",
        choices=OPTIMIZERS,
        default="sgd",
        help="sgd (default) or adam (then the 784-128-64-1 cases unless --cases)",
    )
    parser.add_argument("--dtypes", nargs="+", choices=DTYPES, default=list(DTYPES))
    parser.add_argument(
        "--implementations", nargs="+", choices=IMPLEMENTATIONS, default=list(IMPLEMENTATIONS)
    )
    parser.add_argument(
        "--quick", action="store_true", help="a quarter of the epochs, 2 repeats, no full run"
    )
    parser.add_argument(
        "--no-full", action="store_true", help="skip the full 3000-epoch document run"
    )
    parser.add_argument(
        "--keep-openblas-env",
        action="store_true",
        help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE in the workers' environment",
    )
    parser.add_argument(
        "--plot-only",
        action="store_true",
        help="redraw frameworks.png and reprint the table from the last frameworks.csv",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.threads)
    if args.plot_only:
        return replot(RESULTS / "frameworks.csv")
    if importlib.util.find_spec("threadpoolctl") is None:
        sys.exit(
            "benchmarks/frameworks.py needs threadpoolctl for its BLAS report: "
            ".venv/bin/python -m pip install threadpoolctl"
        )
    repeats, scale = (min(args.repeats, 2), 0.25) if args.quick else (args.repeats, 1.0)
    adam = args.optimizer == "adam"
    if args.cases is None:
        args.cases = [c for c in CASES if c.startswith("mlp-")] if adam else list(CASES)
    stem = "frameworks_adam" if adam else "frameworks"

    env = worker_env(args.threads, args.keep_openblas_env)
    removed = [
        n for n in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if n in os.environ and n not in env
    ]
    print(
        f"threads: OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS={args.threads}, "
        f"torch.set_num_threads({args.threads})"
    )
    print(
        "removed from the workers' environment: "
        + (", ".join(f"{n}={os.environ[n]}" for n in removed) if removed else "nothing")
    )
    workers = start_workers(args.implementations, env, args.threads)
    try:
        peaks = measure_peaks(workers, args.dtypes)
        if adam:
            print(
                f"optimizer: Adam, learning rate {ADAM_LEARNING_RATE}, betas (0.9, 0.999), eps 1e-8"
            )
        runs = measure(workers, args.cases, args.dtypes, repeats, scale, args.optimizer)
        full = (
            []
            if args.quick or args.no_full or adam or "sine" not in args.cases
            else full_document_runs(workers)
        )
        peaks = measure_peaks(workers, args.dtypes, peaks)
    finally:
        for w in workers:
            w.close()

    rows = summarize(runs, peaks=peaks)
    print("\n" + format_table(rows, [w.name for w in workers]))
    print(
        "\ntargets:\n"
        + ("\n".join(check_targets(rows)) or "(none to check: PyTorch or seed_style not measured)")
    )
    for row in full:
        rows.append(
            {
                "case": "sine-full",
                "title": "document: full 3000-epoch run",
                "dtype": "float64",
                "implementation": row["implementation"],
                "repeats": 1,
                "epochs": row["epochs"],
                "median_s": row["seconds"] / row["epochs"],
                "median_cpu_s": row["cpu_seconds"] / row["epochs"],
                "final_cost": row["final_cost"],
            }
        )
    write_csv(RESULTS / f"{stem}.csv", rows)
    write_csv(RESULTS / f"{stem}_runs.csv", runs)
    if adam:
        print(f"\nwrote {RESULTS / stem}.csv and {stem}_runs.csv")
        return
    from dnn_core.plots.speed import plot_framework_times

    plot_framework_times(rows).savefig(RESULTS / "frameworks.png")
    print(f"\nwrote {RESULTS / 'frameworks.csv'}, frameworks_runs.csv and frameworks.png")


def replot(path):
    rows = read_rows(path)
    timed_rows = [r for r in rows if r["case"] in CASES]
    print(format_table(timed_rows) + "\n\ntargets:\n" + "\n".join(check_targets(timed_rows)))
    from dnn_core.plots.speed import plot_framework_times

    plot_framework_times(rows).savefig(path.with_suffix(".png"))
    print(f"wrote {path.with_suffix('.png')}")


if __name__ == "__main__":
    main()
