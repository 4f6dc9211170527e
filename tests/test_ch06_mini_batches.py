"""Chapter 06, mini-batches: the figures draw what they claim, the explorer works headless, and
the checkers accept the reference and name the classic mistakes. (The experiments behind the
chapter are tested in test_experiments.py.)"""

import math

import numpy as np
import pytest

from dnn_core import (
    DeepNeuralNetwork,
    batch_generator,
    compute_cost,
)
from dnn_core.datasets import attenuated_sine, one_hot
from dnn_core.exercises import ExerciseFailed, ch06
from dnn_core.experiments import (
    train_recording_iterations,
)
from dnn_core.plots import batch_experiments
from dnn_core.plots import batches as plots
from dnn_core.widgets.batches import BATCH_SIZES, minibatch_explorer

SINE = attenuated_sine()[:2]


# --------------------------------------------------------------------------- figures
def _blocks(fig, kind="X"):
    ax = fig.axes[0]
    return [p for p in ax.patches if (p.get_gid() or "").startswith(f"{kind} batch")]


@pytest.mark.parametrize(
    "n_features, m, b, shuffled",
    [
        (4, 14, 4, False),
        (4, 14, 4, True),
        (2, 40, 8, True),
        (1, 500, 64, True),
        (3, 5, 5, False),
        (2, 7, 1, False),
        (3, 9, 20, True),
    ],
)
def test_plot_minibatches_draws_one_block_per_batch(n_features, m, b, shuffled):
    fig = plots.plot_minibatches(n_features, m, b, shuffled=shuffled)
    blocks, targets = _blocks(fig), _blocks(fig, "Y")
    n = math.ceil(m / b)
    assert len(blocks) == len(targets) == n
    widths = [p.get_width() for p in blocks]
    assert widths[:-1] == [b] * (n - 1)
    assert widths[-1] == (m % b if m % b else min(b, m))
    assert sum(widths) == m and all(p.get_height() == n_features for p in blocks)
    colours = [p.get_facecolor()[:3] for p in blocks]
    for k in range(n - 1):
        assert colours[k] != colours[k + 1], "neighbouring batches need different colours"
    assert [p.get_gid() for p in blocks] == [f"X batch {k}" for k in range(1, n + 1)]
    starts = [p.get_x() for p in blocks]
    assert all(later > earlier + w for earlier, w, later in zip(starts, widths, starts[1:]))  # gaps


def _column_labels(fig):
    return [
        int(t.get_text())
        for t in fig.axes[0].texts
        if t.get_text().isdigit() and t.get_va() == "top"
    ]


def test_plot_minibatches_numbers_the_examples_in_order_or_shuffled():
    in_order = _column_labels(plots.plot_minibatches(3, 14, 4, shuffled=False))
    shuffled = _column_labels(plots.plot_minibatches(3, 14, 4, shuffled=True, seed=0))
    assert in_order == list(range(14))
    assert sorted(shuffled) == in_order and shuffled != in_order
    assert shuffled == list(np.random.default_rng(0).permutation(14))  # seeded: the same every run
    assert shuffled == _column_labels(plots.plot_minibatches(3, 14, 4, shuffled=True, seed=0))
    assert "in order" in plots.plot_minibatches(3, 14, 4).axes[0].get_title()


def test_plot_minibatches_shows_the_order_batch_generator_uses():
    X = np.arange(10.0).reshape(1, -1) * 10  # column j holds 10 j: its index, readable back
    drawn = _column_labels(plots.plot_minibatches(1, 10, 3, shuffled=True, seed=7))
    cut = [int(x) // 10 for Xb, _ in batch_generator(X, X, 3, shuffle=True, seed=7) for x in Xb[0]]
    assert drawn == cut


def test_iteration_cost_and_progress_figures_plot_the_runs():
    X, Y = SINE
    runs = {
        b: train_recording_iterations(X, Y, [1, 4, 1], num_epochs=3, batch_size=b)
        for b in (50, 500)
    }
    fig = batch_experiments.plot_iteration_costs(runs, epochs=2)
    assert len(fig.axes) == 2
    for ax, (b, run) in zip(fig.axes, runs.items()):
        iterations, per_epoch = ax.get_lines()[:2]
        assert len(iterations.get_ydata()) == 2 * math.ceil(500 / b)
        np.testing.assert_array_equal(per_epoch.get_ydata(), run.epoch_costs[:2])
        assert f"batch size {b}" in ax.get_title()
    fig = batch_experiments.plot_progress(runs)
    timing, per_epoch, per_second = fig.axes
    np.testing.assert_allclose(
        per_second.get_lines()[1].get_xdata(), np.cumsum(runs[500].epoch_seconds)
    )
    np.testing.assert_array_equal(per_epoch.get_lines()[0].get_ydata(), runs[50].epoch_costs)
    assert [t.get_text() for t in timing.get_xticklabels()] == ["50", "500"]


def test_shuffle_effect_figure():
    costs = list(np.linspace(1, 0.1, 40))
    means = list(np.linspace(0.4, 0.6, 40))
    fig = batch_experiments.plot_shuffle_effect(
        {"a": (costs, means), "b": (costs, means)},
        iterations_per_epoch=10,
        zoom_epochs=2,
        epoch_spans=[(0, 0.5, "class 0"), (0.5, 1, "class 1")],
    )
    left, right = fig.axes
    assert len(left.get_lines()) == 2 and len(left.get_lines()[0].get_ydata()) == 40
    assert len(right.get_lines()[0].get_ydata()) == 20 and right.get_xlim() == (2, 4)
    assert [t.get_text() for t in right.texts] == ["class 0", "class 1"] * 2


# --------------------------------------------------------------------------- the explorer, headless
def test_explorer_runs_and_accumulates_timings():
    explorer = minibatch_explorer(batch_size=64, epochs=3)
    state = explorer.state
    assert state["batch_size"] == 64 and state["iterations_per_epoch"] == 8
    assert len(explorer.iteration_line.get_xdata()) == 3 * 8 and list(
        state["seconds_per_epoch"]
    ) == [64]
    explorer.batch_slider.value = 32
    assert state["iterations_per_epoch"] == 16
    explorer.run_button.click()
    assert len(explorer.iteration_line.get_ydata()) == 3 * 16 == len(state["iteration_costs"])
    np.testing.assert_array_equal(explorer.iteration_line.get_ydata(), state["iteration_costs"])
    assert sorted(state["seconds_per_epoch"]) == [32, 64] and state["runs"] == 2
    assert list(explorer.time_line.get_xdata()) == [32, 64]
    assert list(explorer.time_mark.get_xdata()) == [32]
    assert "16 iterations per epoch" in explorer.readout.value
    explorer.batch_slider.value = 500
    explorer.run_button.click()
    assert state["iterations_per_epoch"] == 1 and len(explorer.iteration_line.get_xdata()) == 3
    assert sorted(state["seconds_per_epoch"]) == [32, 64, 500]


def test_explorer_trains_the_real_network_and_shuffle_matters():
    explorer = minibatch_explorer(batch_size=128, epochs=2)
    model = DeepNeuralNetwork([1, 16, 16, 1], "relu", "sigmoid", "mse", seed=0)
    model.train(*SINE, learning_rate=0.1, num_epochs=2, batch_size=128, shuffle=True)
    assert explorer.state["final_cost"] == pytest.approx(model.costs[-1], rel=1e-12)
    shuffled_costs = explorer.state["iteration_costs"]
    explorer.shuffle_box.value = False
    explorer.run_button.click()
    assert explorer.state["shuffle"] is False and "not shuffled" in explorer.readout.value
    assert not np.array_equal(explorer.state["iteration_costs"], shuffled_costs)
    explorer.run_button.click()  # a fresh seeded network each run: the same result again
    unshuffled = model.reset().train(
        *SINE, learning_rate=0.1, num_epochs=2, batch_size=128, shuffle=False
    )
    assert explorer.state["final_cost"] == pytest.approx(unshuffled.costs[-1], rel=1e-12)


def test_explorer_also_measures_the_cost_on_all_the_examples_after_each_epoch():
    explorer = minibatch_explorer(batch_size=128, epochs=2)
    state = explorer.state
    model = DeepNeuralNetwork([1, 16, 16, 1], "relu", "sigmoid", "mse", seed=0)
    model.train(*SINE, learning_rate=0.1, num_epochs=2, batch_size=128)
    full = compute_cost(model.predict(SINE[0]), SINE[1], "mse")
    assert state["final_full_cost"] == pytest.approx(full, rel=1e-12) == state["full_costs"][-1]
    np.testing.assert_array_equal(explorer.full_line.get_ydata(), state["full_costs"])
    assert list(explorer.full_line.get_xdata()) == [1, 2]
    assert f"after it {full:.4g}" in explorer.readout.value


def test_explorer_shows_that_a_sorted_sweep_flatters_its_epoch_cost():
    """Unshuffled, B = 1 sweeps the sine curve left to right: each example is scored just after
    its neighbours were fitted, so the epoch cost looks far better than the network is."""
    sorted_sweep = minibatch_explorer(batch_size=1, shuffle=False, epochs=5).state
    assert sorted_sweep["final_full_cost"] > 1.5 * sorted_sweep["final_cost"]
    shuffled = minibatch_explorer(batch_size=1, shuffle=True, epochs=5).state
    assert shuffled["final_full_cost"] == pytest.approx(shuffled["final_cost"], rel=0.5)
    assert sorted_sweep["final_full_cost"] > 10 * shuffled["final_full_cost"]


def test_explorer_shows_a_png_and_offers_nice_batch_sizes():
    explorer = minibatch_explorer(batch_size=8, epochs=1, also_run=(500,))
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and bundle["image/png"]
    assert sorted(explorer.state["seconds_per_epoch"]) == [8, 500]
    assert explorer.batch_slider.options == BATCH_SIZES and BATCH_SIZES[-1] == 500
    with pytest.raises(ValueError, match="batch_size must be one of"):
        minibatch_explorer(batch_size=3)


# --------------------------------------------------------------------------- checkers
def _ceil(m, b):
    return math.ceil(m / b)


def test_iterations_per_epoch_checker_passes_the_reference(capsys):
    ch06.check_iterations_per_epoch(_ceil)
    ch06.check_iterations_per_epoch(lambda m, b: np.int64(-(-m // b)))  # numpy ints are ints
    assert capsys.readouterr().out.count("✔") == 2


@pytest.mark.parametrize(
    "wrong, message",
    [
        (
            lambda m, b: m // b,
            r"returned 62; expected 63\. That is rounding down.*4 examples left over",
        ),
        (
            lambda m, b: m / b,
            r"returned 62\.5; expected 63\. An epoch cannot hold part of an iteration",
        ),
        (lambda m, b: float(math.ceil(m / b)), r"returned 63\.0, a float; return an int"),
        (
            lambda m, b: m // b + 1,
            r"iterations_per_epoch\(500, 1\).*returned 501; expected 500\. Count the batches",
        ),
        (lambda m, b: "63", r"returned '63'; expected the number 63"),
    ],
)
def test_iterations_per_epoch_checker_names_the_mistake(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch06.check_iterations_per_epoch(wrong)


def test_iterations_per_epoch_checker_says_not_done():
    def unsolved(m, b):
        raise NotImplementedError()

    with pytest.raises(ExerciseFailed, match="not done yet"):
        ch06.check_iterations_per_epoch(unsolved)


def _reference(X, Y, b):
    return [(X[:, s : s + b], Y[:, s : s + b]) for s in range(0, X.shape[1], b)]


def test_make_batches_checker_passes_the_reference_a_generator_and_copies(capsys):
    ch06.check_make_batches(_reference)
    ch06.check_make_batches(lambda X, Y, b: (pair for pair in _reference(X, Y, b)))
    ch06.check_make_batches(
        lambda X, Y, b: [(xb.copy(), yb.copy()) for xb, yb in _reference(X, Y, b)]
    )
    assert capsys.readouterr().out.count("✔ make_batches: all 4 test cases pass") == 3


def _document_reshape(X, Y, b):  # the source document's Y.reshape((1, m))
    return _reference(X, Y.reshape((1, X.shape[1])), b)


def _flattened_y(X, Y, b):  # the tempting "fix" reshape(1, -1): runs, but Y loses its rows
    return _reference(X, Y.reshape(1, -1), b)


def _drops_partial(X, Y, b):
    return [(X[:, k * b : (k + 1) * b], Y[:, k * b : (k + 1) * b]) for k in range(X.shape[1] // b)]


def _transposed(X, Y, b):
    return [(xb.T, yb) for xb, yb in _reference(X, Y, b)]


def _shuffled(X, Y, b):
    order = np.random.default_rng(0).permutation(X.shape[1])
    return _reference(X[:, order], Y[:, order], b)


def _in_place(X, Y, b):
    X *= 2
    return _reference(X / 2, Y, b)


def _unsolved(X, Y, b):
    raise NotImplementedError()


@pytest.mark.parametrize(
    "wrong, message",
    [
        (
            _document_reshape,
            r"raised ValueError: cannot reshape.*\nHint: Y here has 3 rows.*reshaped Y to \(1, m\)",
        ),
        (
            _flattened_y,
            r"batch 1: Y_batch has 1 row\(s\), shape \(1, 4\); expected all 3 rows of Y, shape \(3, 4\)",
        ),
        (
            _drops_partial,
            r"returned 2 batches; expected 3 = ceil\(10 / 4\)\. The last 2 examples \(columns 8 to 9\) "
            r"are missing: keep the last, smaller batch",
        ),
        (_transposed, r"X_batch has shape \(4, 2\); expected \(2, 4\)\. Columns are examples"),
        (_shuffled, r"X_batch differs in .* The batches come in order, without shuffling"),
        (_in_place, r"changed its argument 1 in place; work on new arrays instead"),
        (_unsolved, r"make_batches: not done yet"),
        (lambda X, Y, b: 3, r"returned int; expected a list of \(X_batch, Y_batch\) pairs"),
        (
            lambda X, Y, b: [X[:, s : s + b] for s in range(0, X.shape[1], b)],
            r"expected a pair \(X_batch, Y_batch\)",
        ),
    ],
)
def test_make_batches_checker_names_the_mistake(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch06.check_make_batches(wrong)


def test_make_batches_cases_hold_both_traps():
    """The cases must include a several-row Y and an m the batch size does not divide."""
    cases = ch06._batch_cases()
    assert any(Y.shape[0] > 1 for _, Y, _ in cases)
    assert any(X.shape[1] % b for X, _, b in cases)
    assert any(Y.shape[0] > 1 and X.shape[1] % b for X, Y, b in cases)
    one_hot_Y = cases[0][1]
    np.testing.assert_array_equal(one_hot_Y.sum(axis=0), 1)
    assert one_hot(np.array([0, 2]), 3).shape == (3, 2)
