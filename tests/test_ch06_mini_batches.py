"""Chapter 06, mini-batches: the iteration-recording loop is the real algorithm, the formulas the
notebook derives hold exactly, the figures draw what they claim, the explorer works headless,
and the checkers accept the reference and name the classic mistakes."""

import itertools
import math

import numpy as np
import pytest

from dnn_core import (
    DeepNeuralNetwork,
    L_model_backward,
    L_model_forward,
    batch_generator,
    compute_cost,
    initialize_parameters,
    update_parameters,
)
from dnn_core.datasets import attenuated_sine, moons, one_hot
from dnn_core.exercises import ExerciseFailed, ch06
from dnn_core.experiments import (
    activation_bytes,
    gradient_vector,
    iterations_per_epoch,
    train_recording_iterations,
)
from dnn_core.plots import batch_experiments
from dnn_core.plots import batches as plots
from dnn_core.widgets.batches import BATCH_SIZES, minibatch_explorer

SINE = attenuated_sine()[:2]


# --------------------------------------------------------------------------- the experiment loop
@pytest.mark.parametrize(
    "batch_size, shuffle, task",
    [
        (8, True, "sine"),
        (64, False, "sine"),
        (500, True, "sine"),
        (1, True, "sine"),
        (30, True, "moons"),
        (7, False, "moons"),
    ],
)
def test_recording_loop_is_exactly_deep_neural_network_train(batch_size, shuffle, task):
    if task == "sine":
        (X, Y), args = SINE, ([1, 8, 8, 1], "relu", "sigmoid", "mse")
    else:
        (X, Y), args = moons(120, seed=3), ([2, 6, 1], "tanh", "sigmoid", "binary_cross_entropy")
    epochs = 2 if batch_size == 1 else 4
    model = DeepNeuralNetwork(*args, seed=5).train(X, Y, 0.2, epochs, batch_size, shuffle)
    run = train_recording_iterations(
        X,
        Y,
        *args,
        learning_rate=0.2,
        num_epochs=epochs,
        batch_size=batch_size,
        shuffle=shuffle,
        seed=5,
    )
    for name, value in model.parameters.items():
        np.testing.assert_array_equal(run.parameters[name], value, err_msg=name)
    np.testing.assert_allclose(run.epoch_costs, model.costs, rtol=1e-12)
    n = math.ceil(X.shape[1] / batch_size)
    assert run.iterations_per_epoch == n and run.iteration_costs.shape == (epochs * n,)
    assert run.epoch_seconds.shape == (epochs,) and (run.epoch_seconds > 0).all()
    assert run.seconds_per_epoch == run.epoch_seconds.min()


def test_iteration_costs_are_the_batch_costs_before_each_update():
    X, Y = SINE
    seen = []
    run = train_recording_iterations(
        X,
        Y,
        [1, 4, 1],
        learning_rate=0.3,
        num_epochs=2,
        batch_size=64,
        shuffle=False,
        seed=1,
        after_update=lambda p: seen.append({k: v.copy() for k, v in p.items()}),
    )
    assert len(seen) == run.iteration_costs.size == 16
    parameters = initialize_parameters([1, 4, 1], "he", np.random.default_rng(1))
    for t, (X_batch, Y_batch) in enumerate(list(batch_generator(X, Y, 64, shuffle=False)) * 2):
        AL, caches = L_model_forward(X_batch, parameters, "relu", "sigmoid")
        assert run.iteration_costs[t] == pytest.approx(np.mean((AL - Y_batch) ** 2), rel=1e-12)
        update_parameters(
            parameters, L_model_backward(AL, Y_batch, caches, "relu", "sigmoid", "mse"), 0.3
        )
        np.testing.assert_array_equal(parameters["W1"], seen[t]["W1"])
    sizes = np.array([64] * 7 + [500 - 7 * 64])  # the epoch cost is the size-weighted mean
    assert run.epoch_costs[0] == pytest.approx(sizes @ run.iteration_costs[:8] / 500, rel=1e-12)


def test_recording_loop_checks_its_input():
    X, Y = SINE
    with pytest.raises(ValueError, match="examples"):
        train_recording_iterations(X, Y[:, :10], [1, 4, 1])
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        train_recording_iterations(X, Y, [1, 4, 1], batch_size=0)


@pytest.mark.parametrize(
    "m, b", [(500, 8), (500, 64), (500, 500), (10, 3), (7, 10), (12, 4), (1, 1)]
)
def test_iterations_per_epoch_counts_the_generator_batches(m, b):
    X = np.zeros((2, m))
    assert iterations_per_epoch(m, b) == len(list(batch_generator(X, X, b))) == -(-m // b)


# --------------------------------------------------------------------------- the notebook's formulas
def test_full_gradient_is_the_size_weighted_mean_of_the_batch_gradients():
    X, Y = SINE
    params = initialize_parameters([1, 6, 6, 1], seed=2)
    full = gradient_vector(params, X, Y)
    weighted = sum(
        Xb.shape[1] / 500 * gradient_vector(params, Xb, Yb)
        for Xb, Yb in batch_generator(X, Y, 64, seed=4)
    )
    np.testing.assert_allclose(weighted, full, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("loss, output", [("mse", "sigmoid"), ("binary_cross_entropy", "sigmoid")])
def test_batch_gradient_mean_and_scatter_over_every_batch(loss, output):
    """E[g_B] = g and E|g_B - g|^2 = sigma^2 / B * (m - B) / (m - 1), by listing every batch."""
    X, Y = moons(6, seed=1)
    params = initialize_parameters([2, 3, 1], seed=0)
    g = gradient_vector(params, X, Y, "tanh", output, loss)
    g_i = np.array(
        [gradient_vector(params, X[:, [i]], Y[:, [i]], "tanh", output, loss) for i in range(6)]
    )
    sigma2 = ((g_i - g) ** 2).sum(axis=1).mean()
    for B in range(1, 7):
        g_B = np.array(
            [
                gradient_vector(params, X[:, list(c)], Y[:, list(c)], "tanh", output, loss)
                for c in itertools.combinations(range(6), B)
            ]
        )
        np.testing.assert_allclose(g_B.mean(axis=0), g, rtol=1e-10, atol=1e-14)
        scatter = ((g_B - g) ** 2).sum(axis=1).mean()
        assert scatter == pytest.approx(sigma2 / B * (6 - B) / 5, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("k", [1, 2, 8, 64, 500])
def test_k_copies_of_one_example_give_the_same_update(k):
    X, Y = SINE
    x, y = X[:, [100]], Y[:, [100]]
    start = initialize_parameters([1, 16, 16, 1], seed=0)

    def one_update(X_batch, Y_batch):
        parameters = {name: value.copy() for name, value in start.items()}
        AL, caches = L_model_forward(X_batch, parameters, "relu", "sigmoid")
        return update_parameters(
            parameters, L_model_backward(AL, Y_batch, caches, "relu", "sigmoid", "mse"), 0.1
        )

    single, copies = one_update(x, y), one_update(np.tile(x, k), np.tile(y, k))
    moved = sum(np.abs(single[n] - start[n]).sum() for n in start)
    assert moved > 1e-4  # the update does something
    for name in single:
        np.testing.assert_allclose(copies[name], single[name], rtol=1e-12, atol=0, err_msg=name)


@pytest.mark.parametrize(
    "dims, hidden, output, dtype",
    [
        ([1, 16, 16, 1], "relu", "sigmoid", np.float64),
        ([64, 128, 128, 10], "relu", "softmax", np.float64),
        ([3, 5, 2], "tanh", "linear", np.float64),
        ([2, 7, 1], "relu", "sigmoid", np.float32),
    ],
)
@pytest.mark.parametrize("b", [1, 8, 33])
def test_activation_bytes_is_the_formula(dims, hidden, output, dtype, b):
    X = np.random.default_rng(0).normal(size=(dims[0], b)).astype(dtype)
    params = initialize_parameters(dims, seed=0, dtype=dtype)
    itemsize = np.dtype(dtype).itemsize
    arrays = 2 * sum(dims[1:]) - (dims[-1] if output == "linear" else 0)  # a linear output: A is Z
    assert activation_bytes(X, params, hidden, output) == itemsize * b * arrays


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


def test_after_epoch_is_called_once_per_epoch_with_the_current_parameters():
    seen = []
    run = train_recording_iterations(
        *SINE,
        [1, 4, 1],
        num_epochs=3,
        batch_size=100,
        after_epoch=lambda p: seen.append({k: v.copy() for k, v in p.items()}),
    )
    assert len(seen) == 3
    for name, value in run.parameters.items():
        np.testing.assert_array_equal(seen[-1][name], value)
    assert not np.array_equal(seen[0]["W1"], seen[-1]["W1"])


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
