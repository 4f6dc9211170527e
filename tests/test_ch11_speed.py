"""Chapter 11 (making it fast): its exercise checks, its plots, and the pure parts of the
benchmarks (FLOP counting, the summary table, the targets, the worker
environment). No test here measures time: speed is measured by `make bench`, never asserted.
"""

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from dnn_core import (
    DeepNeuralNetwork,
    L_model_backward,
    L_model_forward,
    datasets,
    initialize_parameters,
    losses,
)
from dnn_core.exercises import ExerciseFailed, ch11
from dnn_core.plots import speed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_impls  # noqa: E402
import bench_parts  # noqa: E402
import frameworks  # noqa: E402

HAS_TORCH = importlib.util.find_spec("torch") is not None


def bars(ax, gid):
    return [p for p in ax.patches if p.get_gid() == gid]


# ------------------------------------------------------------------ exercise checks, both ways
def test_check_layer_forward_vectorized_passes_the_reference(capsys):
    ch11.check_layer_forward_vectorized(lambda A, W, b: W @ A + b)
    assert "✔" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda A, W, b: W @ A, "bias is missing"),
        (lambda A, W, b: (W @ A + b).T, "transposed"),
        (lambda A, W, b: (W @ A + b, (A, W, b)), "return only Z"),
        (lambda A, W, b: W @ A + b.ravel(), r"\(n, 1\) column"),
        (lambda A, W, b: A.T @ W.T + b.T, "order of the product|transposed"),
    ],
)
def test_check_layer_forward_vectorized_names_the_mistake(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch11.check_layer_forward_vectorized(wrong)


def test_check_sigmoid_bce_dZ_passes_the_reference_and_dnn_cores_shortcut(capsys):
    ch11.check_sigmoid_bce_dZ(lambda AL, Y: (AL - Y) / Y.shape[1])
    ch11.check_sigmoid_bce_dZ(losses.fused_dZ)
    assert capsys.readouterr().out.count("✔") == 2


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda AL, Y: AL - Y, "1/m is missing"),
        (lambda AL, Y: (Y - AL) / Y.shape[1], "sign is flipped"),
        (lambda AL, Y: (AL - Y) / Y.size, "not Y.size"),
        (lambda AL, Y: losses.bce_gradient(AL, Y) * AL * (1 - AL), "chain rule"),
        (lambda AL, Y: 2 / Y.shape[1] * (AL - Y) * AL * (1 - AL), "MSE's gradient"),
    ],
)
def test_check_sigmoid_bce_dZ_names_the_mistake(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch11.check_sigmoid_bce_dZ(wrong)


def test_check_flops_per_example_passes_the_reference(capsys):
    ch11.check_flops_per_example(ch11.flops_per_example)
    assert "✔" in capsys.readouterr().out


def pairs(dims):
    return sum(dims[l] * dims[l - 1] for l in range(1, len(dims)))


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda dims: 6 * pairs(dims), "dA_prev for the first layer"),
        (lambda dims: ch11.flops_per_example(dims) // 2, "multiply by 2"),
        (lambda dims: 2 * pairs(dims), "forward pass only"),
        (lambda dims: 3 * pairs(dims), "multiply-adds and dA_prev"),
    ],
)
def test_check_flops_per_example_names_the_mistake(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch11.check_flops_per_example(wrong)


def test_unsolved_exercises_say_not_done_yet():
    def unsolved(*args):
        raise NotImplementedError()

    for check in (
        ch11.check_layer_forward_vectorized,
        ch11.check_sigmoid_bce_dZ,
        ch11.check_flops_per_example,
    ):
        with pytest.raises(ExerciseFailed, match="not done yet"):
            check(unsolved)


# ------------------------------------------------------------------ FLOP counting
def count_flops_by_running(layer_dims, m=3):
    """FLOPs of the matrix products that one forward + backward pass really runs, counted by
    wrapping the products (2 n k m per (n x k) @ (k x m))."""
    parameters = initialize_parameters(layer_dims, seed=0)
    X = np.random.default_rng(0).normal(size=(layer_dims[0], m))
    AL, caches = L_model_forward(X, parameters, "relu", "sigmoid")
    Y = (AL > 0.5).astype(float)
    total = 0
    for (_, W, _), _ in caches:
        total += 2 * W.shape[0] * W.shape[1] * m  # Z = W A_prev
    grads = L_model_backward(AL, Y, caches, "relu", "sigmoid", "binary_cross_entropy")
    for l in range(1, len(layer_dims)):
        total += 2 * grads[f"dW{l}"].size * m  # dW = dZ A_prev^T
        if l > 1:
            total += 2 * grads[f"dA{l - 1}"].shape[0] * layer_dims[l] * m  # dA_prev = W^T dZ
    assert "dA0" not in grads  # the input layer gets no gradient
    return total // m


@pytest.mark.parametrize("dims", [[784, 128, 64, 1], [1, 20, 20, 1], [2, 8, 8, 1], [5, 1]])
def test_flop_counts_agree_with_each_other_and_with_the_backward_pass(dims):
    assert ch11.flops_per_example(dims) == frameworks.matmul_flops_per_example(dims)
    assert ch11.flops_per_example(dims) == count_flops_by_running(dims)


def test_flop_count_of_the_two_networks_the_chapter_prints():
    assert ch11.flops_per_example([784, 128, 64, 1]) == 450_944
    assert ch11.flops_per_example([1, 20, 20, 1]) == 2_600


# ------------------------------------------------------------------ plots
def test_format_seconds_factors_and_speedups():
    assert speed.format_factor(3421.4) == "3,421x" and speed.format_factor(4.44) == "4.4x"
    assert speed.format_seconds(2.5) == "2.5 s"
    assert speed.format_seconds(0.0123) == "12.3 ms"
    assert speed.format_seconds(4.56e-6) == "4.56 µs"
    assert speed.format_seconds(3e-9) == "3 ns"
    assert speed.speedups({"slow": 2.0, "fast": 0.5}) == {"slow": 1.0, "fast": 4.0}
    assert speed.speedups({"slow": 2.0, "fast": 0.5}, baseline="fast") == {
        "slow": 0.25,
        "fast": 1.0,
    }


def test_plot_timings_draws_one_bar_per_time_and_labels_the_speed_up():
    seconds = {"Python loops": 0.05, "loop over examples": 1e-3, "one matrix product": 1e-5}
    fig = speed.plot_timings(seconds, title="t")
    ax = fig.axes[0]
    widths = [p.get_width() for p in bars(ax, "timings")]
    np.testing.assert_allclose(widths, list(seconds.values()))
    assert ax.get_xscale() == "log"  # they span 5000x
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "(5,000x faster)" in texts and "(50x faster)" in texts and ax.get_title() == "t"
    assert speed.plot_timings({"a": 1.0, "b": 0.5}).axes[0].get_xscale() == "linear"


def test_plot_speedup_pairs_draws_after_relative_to_before():
    pairs = {"ReLU backward": (4e-6, 1e-6), "update": (3e-5, 2e-5)}
    ax = speed.plot_speedup_pairs(pairs).axes[0]
    assert [p.get_width() for p in bars(ax, "before")] == [1.0, 1.0]
    np.testing.assert_allclose([p.get_width() for p in bars(ax, "after")], [0.25, 2 / 3])
    assert any("4x faster" in t.get_text() for t in ax.texts)


def test_plot_step_parts_shows_shares_that_add_up_to_one():
    parts = {
        "batch 8": {
            "batching": 1e-6,
            "forward": 4e-5,
            "cost": 1e-5,
            "backward": 4e-5,
            "update": 9e-6,
        },
        "batch 256": {
            "batching": 1e-5,
            "forward": 1e-3,
            "cost": 2e-5,
            "backward": 1e-3,
            "update": 1e-4,
        },
    }
    ax = speed.plot_step_parts(parts).axes[0]
    for row, label in enumerate(parts):  # bars are drawn part by part; sum each label's shares
        y = len(parts) - 1 - row
        mine = [
            p
            for p in ax.patches
            if p.get_gid().startswith("part-") and p.get_y() < y < p.get_y() + p.get_height()
        ]
        assert len(mine) == 5 and math.isclose(sum(p.get_width() for p in mine), 1.0)
        forward = [p for p in mine if p.get_gid() == "part-forward"][0]
        assert math.isclose(
            forward.get_width(), parts[label]["forward"] / sum(parts[label].values())
        )
    assert "per step" in ax.get_yticklabels()[0].get_text()
    on_forward = [t for t in ax.texts if t.get_position()[0] < 0.5 and t.get_text() == "47%"]
    assert on_forward and on_forward[0].get_color() == "white", "a light label on the dark blue bar"


def test_label_color_contrasts_with_the_bar():
    assert speed.label_color(speed.PART_COLORS["forward"]) == "white"  # dark blue
    assert speed.label_color(speed.PART_COLORS["cost"]) == "black"  # yellow
    assert speed.label_color("#000000") == "white" and speed.label_color("#ffffff") == "black"


def fake_runs():
    """Timed runs as the workers report them: seconds for `epochs` epochs."""
    runs = []
    for repeat, factor in enumerate((1.0, 1.2, 0.9), start=1):
        for name, seconds in (("dnn_core", 0.1), ("pytorch", 0.2), ("seed_style", 0.4)):
            runs.append(
                {
                    "case": "sine",
                    "dtype": "float64",
                    "implementation": name,
                    "repeat": repeat,
                    "seconds": seconds * factor * 10,
                    "cpu_seconds": seconds * 10,
                    "epochs": 10,
                    "final_cost": 0.01,
                }
            )
        runs.append(
            {
                "case": "mlp-b64",
                "dtype": "float32",
                "implementation": "dnn_core",
                "repeat": repeat,
                "seconds": 0.05 * factor * 4,
                "cpu_seconds": 0.2,
                "epochs": 4,
                "final_cost": 0.6,
            }
        )
        runs.append(
            {
                "case": "mlp-b64",
                "dtype": "float32",
                "implementation": "pytorch",
                "repeat": repeat,
                "seconds": 0.04 * factor * 4,
                "cpu_seconds": 0.16,
                "epochs": 4,
                "final_cost": 0.6,
            }
        )
    return runs


def test_plot_framework_times_draws_the_median_of_every_implementation():
    rows = frameworks.summarize(fake_runs())
    ax = speed.plot_framework_times(rows).axes[0]
    dnn = sorted(p.get_width() for p in bars(ax, "bar-dnn_core"))
    assert dnn == pytest.approx([50.0, 100.0])  # milliseconds per epoch, the medians
    assert len(bars(ax, "bar-pytorch")) == 2 and len(bars(ax, "bar-seed_style")) == 1
    assert any("PyTorch's time" in t.get_text() for t in ax.texts)


# ------------------------------------------------------------------ benchmark: pure functions
def test_summarize_medians_ranges_ratios_and_peak_shares():
    peaks = {("dnn_core", "float64"): 10.0, ("pytorch", "float64"): 5.0}
    rows = {
        (r["case"], r["dtype"], r["implementation"]): r
        for r in frameworks.summarize(fake_runs(), peaks=peaks)
    }
    sine = rows[("sine", "float64", "dnn_core")]
    assert sine["median_s"] == pytest.approx(0.1) and sine["min_s"] == pytest.approx(0.09)
    assert sine["max_s"] == pytest.approx(0.12) and sine["repeats"] == 3
    assert sine["ratio_vs_pytorch"] == pytest.approx(0.5)
    assert rows[("sine", "float64", "seed_style")]["ratio_vs_pytorch"] == pytest.approx(2.0)
    assert rows[("mlp-b64", "float32", "dnn_core")]["ratio_vs_pytorch"] == pytest.approx(1.25)
    flops = 2600 * 500  # per epoch of the sine task
    assert sine["gflops"] == pytest.approx(flops / 0.1 / 1e9)
    assert sine["peak_share"] == pytest.approx(flops / 0.1 / 1e9 / 10.0)
    assert rows[("mlp-b64", "float32", "dnn_core")]["peak_share"] is None  # no peak given


def test_format_table_and_targets_report_what_was_measured():
    rows = frameworks.summarize(fake_runs())
    table = frameworks.format_table(rows, ["dnn_core", "pytorch", "seed_style"])
    assert "0.50x" in table and "1.25x" in table and "2.00x" in table
    assert "100 (90-120)" in table  # ms per epoch: median (min-max)
    targets = frameworks.check_targets(rows)
    assert any(line.startswith("met") and "0.50x" in line for line in targets)
    assert any(line.startswith("MISSED") and "1.25x" in line for line in targets)
    assert (
        targets[-1].startswith("met")
        and "4.00x faster" not in targets[-1]
        and ": 4.00x" in targets[-1]
    )
    slower = [
        dict(r, seconds=r["seconds"] * 2) if r["implementation"] == "dnn_core" else r
        for r in fake_runs()
    ]
    assert frameworks.check_targets(frameworks.summarize(slower))[-1].startswith("MISSED")


def test_examples_per_epoch_and_the_cases():
    assert frameworks.examples_per_epoch(frameworks.CASES["playground"]) == 300  # 25 % held out
    assert frameworks.examples_per_epoch(frameworks.CASES["sine"]) == 500
    sizes = [frameworks.CASES[f"mlp-b{b}"]["batch_size"] for b in (8, 64, 256, 1024)]
    assert sizes == [8, 64, 256, 1024]
    for case in frameworks.CASES.values():
        X, Y = bench_impls.make_data(dict(case, m=min(case["m"], 400)), "float32")
        assert X.dtype == Y.dtype == np.float32 and X.shape[0] == case["layer_dims"][0]
        assert set(np.unique(Y)) <= {0.0, 1.0} or case["data"] == "sine"


def test_worker_environment_pins_threads_and_drops_the_openblas_overrides():
    base = {"OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_L2_SIZE": "512", "PATH": "/bin"}
    env = frameworks.worker_env(2, base=base)
    assert env["OMP_NUM_THREADS"] == env["OPENBLAS_NUM_THREADS"] == env["MKL_NUM_THREADS"] == "2"
    assert (
        "OPENBLAS_CORETYPE" not in env and "OPENBLAS_L2_SIZE" not in env and env["PATH"] == "/bin"
    )
    kept = frameworks.worker_env(1, keep_openblas_env=True, base=base)
    assert kept["OPENBLAS_CORETYPE"] == "Haswell" and kept["OPENBLAS_NUM_THREADS"] == "1"


def test_seed_style_is_float64_only_and_dnn_core_trains_in_a_worker_build():
    with pytest.raises(bench_impls.Unsupported):
        bench_impls.build("seed_style", frameworks.CASES["sine"], "float32")
    train = bench_impls.build("dnn_core", dict(frameworks.CASES["sine"], m=64), "float64")
    first, later = train(1), train(5)
    assert later < first


def test_step_parts_is_exactly_trains_loop():
    """Timing the parts must not change the training: the same parameters as train()."""
    X, Y, _ = datasets.attenuated_sine(60)
    timed, plain = (
        DeepNeuralNetwork([1, 6, 1], "tanh", "sigmoid", "mse", seed=3) for _ in range(2)
    )
    parts = bench_parts.step_parts(timed, X, Y, learning_rate=0.1, batch_size=8, epochs=2)
    plain.train(X, Y, learning_rate=0.1, num_epochs=2, batch_size=8)
    assert list(parts) == list(bench_parts.PARTS) and all(v > 0 for v in parts.values())
    for name in plain.parameters:
        np.testing.assert_array_equal(timed.parameters[name], plain.parameters[name])


# ------------------------------------------------------------------ PyTorch: the same maths
@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed (optional)")
def test_the_pytorch_network_computes_what_dnn_core_computes():
    """Same weights in, same outputs out, and one full-batch SGD step lands on the same weights:
    the benchmark compares the same maths, not two different networks."""
    import torch
    from bench_torch import torch_mlp, torch_trainer

    X, Y = datasets.moons(40, seed=1)
    model = DeepNeuralNetwork([2, 5, 4, 1], "tanh", "sigmoid", "binary_cross_entropy", seed=0)
    net = torch_mlp([2, 5, 4, 1], "tanh", "sigmoid", "float64", parameters=model.parameters)
    with torch.no_grad():
        out = net(torch.from_numpy(X.T.copy())).numpy().T
    np.testing.assert_allclose(out, model.predict(X), rtol=1e-12)
    train = torch_trainer(net, X, Y, "binary_cross_entropy", learning_rate=0.5, batch_size=40)
    cost = train(1)  # one full batch: the order of the examples does not matter
    model.train(X, Y, learning_rate=0.5, num_epochs=1, batch_size=40)
    assert cost == pytest.approx(model.costs[0], rel=1e-12)
    np.testing.assert_allclose(net[0].weight.detach().numpy(), model.parameters["W1"], rtol=1e-10)
    np.testing.assert_allclose(
        net[4].bias.detach().numpy(), model.parameters["b3"].ravel(), rtol=1e-10
    )


def test_the_csv_round_trip_keeps_numbers_numbers(tmp_path):
    rows = frameworks.summarize(fake_runs(), peaks={("dnn_core", "float64"): 10.0})
    frameworks.write_csv(tmp_path / "frameworks.csv", rows)
    back = frameworks.read_rows(tmp_path / "frameworks.csv")
    assert len(back) == len(rows)
    for before, after in zip(rows, back):
        assert (
            after["implementation"] == before["implementation"]
            and after["dtype"] == before["dtype"]
        )
        assert after["median_s"] == pytest.approx(before["median_s"])
        assert after["peak_share"] == (
            None if before["peak_share"] is None else pytest.approx(before["peak_share"])
        )
    assert frameworks.format_table(back) == frameworks.format_table(rows)
