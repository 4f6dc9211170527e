"""Chapter 06's experiments (dnn_core/experiments.py): the iteration-recording run, the batch
count, the flat gradient vector and the memory a forward pass keeps.

The training loop itself is tested in test_training.py; here, what ``train_recording_iterations``
adds around it: one generator seeded with ``seed`` draws the initial weights and then every
epoch's shuffle, every iteration's cost is kept, every epoch is timed.
"""

import itertools

import numpy as np
import pytest

from dnn_core import batch_generator, initialize_parameters, train_epoch
from dnn_core.activations import ACTIVATIONS
from dnn_core.datasets import attenuated_sine, moons
from dnn_core.experiments import (
    activation_bytes,
    gradient_vector,
    iterations_per_epoch,
    train_recording_iterations,
)
from dnn_core.losses import LOSSES

SINE = attenuated_sine()[:2]


# --------------------------------------------------------------------------- the recorded run
@pytest.mark.parametrize("batch_size, shuffle", [(64, True), (64, False), (500, True), (37, True)])
def test_a_run_is_initialize_parameters_then_train_epoch_from_one_generator(batch_size, shuffle):
    X, Y = SINE
    steps = []
    run = train_recording_iterations(
        X, Y, [1, 6, 1], "tanh", "sigmoid", "mse", learning_rate=0.2, num_epochs=3,
        batch_size=batch_size, shuffle=shuffle, seed=5, init="xavier",
        after_update=lambda p: steps.append(p["W1"].copy()),
    )  # fmt: skip

    rng = np.random.default_rng(5)
    parameters = initialize_parameters([1, 6, 1], "xavier", rng)
    tanh, sigmoid, mse = ACTIVATIONS["tanh"], ACTIVATIONS["sigmoid"], LOSSES["mse"]
    iteration_costs, epoch_costs, W1s = [], [], []

    def after_step(cost, p):
        iteration_costs.append(cost)
        W1s.append(p["W1"].copy())

    for _ in range(3):
        epoch_costs.append(train_epoch(parameters, X, Y, tanh, sigmoid, mse, 0.2, batch_size,
                                       shuffle, rng, after_step=after_step))  # fmt: skip

    n = -(-500 // batch_size)
    assert run.iterations_per_epoch == n
    assert run.iteration_costs.shape == (3 * n,) and run.epoch_costs.shape == (3,)
    np.testing.assert_array_equal(run.iteration_costs, iteration_costs)
    np.testing.assert_array_equal(run.epoch_costs, epoch_costs)
    for name, value in parameters.items():
        np.testing.assert_array_equal(run.parameters[name], value, err_msg=name)
    assert len(steps) == 3 * n  # after_update: once per iteration, after the update
    for seen, expected in zip(steps, W1s):
        np.testing.assert_array_equal(seen, expected)
    assert run.epoch_seconds.shape == (3,) and (run.epoch_seconds > 0).all()
    assert run.seconds_per_epoch == run.epoch_seconds.min()


def test_recording_loop_checks_its_input():
    X, Y = SINE
    with pytest.raises(ValueError, match="examples"):
        train_recording_iterations(X, Y[:, :10], [1, 4, 1])
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        train_recording_iterations(X, Y, [1, 4, 1], batch_size=0)


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


# --------------------------------------------------------------------------- memory
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
