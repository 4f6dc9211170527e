"""The one training loop (dnn_core/training.py): what one step and one epoch do.

train_step: the cost it returns is measured before the update, and the update is
W <- W - learning_rate * dW in place. train_epoch: one train_step per mini-batch, the epoch cost
sum_t m_t J_t / m (a smaller last batch weighs less), ``after_step`` once per batch with that
batch's cost, and the shuffle drawn from the ``rng`` it is given.
"""

import numpy as np
import pytest

from dnn_core import (
    L_model_backward,
    L_model_forward,
    batch_generator,
    initialize_parameters,
    train_epoch,
    train_step,
)
from dnn_core.activations import ACTIVATIONS
from dnn_core.losses import LOSSES

TANH, SIGMOID, MSE = ACTIVATIONS["tanh"], ACTIVATIONS["sigmoid"], LOSSES["mse"]
DIMS = [2, 4, 1]


def problem(m=10, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2, m))
    Y = rng.uniform(0.1, 0.9, (1, m))
    return initialize_parameters(DIMS, "xavier", seed=seed), X, Y


def copy(parameters):
    return {k: v.copy() for k, v in parameters.items()}


def cost_on(parameters, X, Y):
    """J over all the columns of (X, Y), computed directly (numpy, not the loop)."""
    AL, _ = L_model_forward(X, parameters, TANH, SIGMOID)
    return float(np.mean(np.sum((AL - Y) ** 2, axis=0)))


# --------------------------------------------------------------------------- train_step
def test_train_step_returns_the_cost_before_the_update_and_steps_in_place():
    parameters, X, Y = problem()
    before = copy(parameters)
    arrays = dict(parameters)
    AL, caches = L_model_forward(X, before, TANH, SIGMOID)
    grads = L_model_backward(AL, Y, caches, TANH, SIGMOID, MSE)

    cost = train_step(parameters, X, Y, TANH, SIGMOID, MSE, 0.3)

    assert type(cost) is float
    assert cost == pytest.approx(cost_on(before, X, Y), rel=1e-14)
    for key in before:
        assert parameters[key] is arrays[key]  # the same arrays, changed in place
        np.testing.assert_allclose(
            parameters[key], before[key] - 0.3 * grads["d" + key], rtol=1e-15, atol=1e-17
        )
    assert cost_on(parameters, X, Y) < cost  # a small step down the gradient lowers J


# --------------------------------------------------------------------------- train_epoch
def test_epoch_cost_weighs_each_batch_by_its_size():
    """m = 10 in batches of 4, 4, 2: J_epoch = (4 J_1 + 4 J_2 + 2 J_3) / 10, not their mean."""
    parameters, X, Y = problem()
    seen = []
    epoch = train_epoch(
        parameters, X, Y, TANH, SIGMOID, MSE, 0.5, 4, shuffle=False,
        after_step=lambda cost, p: seen.append(cost),
    )  # fmt: skip
    assert len(seen) == 3
    assert epoch == pytest.approx((4 * seen[0] + 4 * seen[1] + 2 * seen[2]) / 10, rel=1e-14)
    assert abs(epoch - np.mean(seen)) > 1e-6  # the plain mean would be another number


@pytest.mark.parametrize("batch_size", [1, 3, 4, 7, 10, 25])
def test_when_nothing_moves_the_epoch_cost_is_the_cost_of_all_m_examples(batch_size):
    """With a learning rate too small to change any weight (1e-300; 0 is refused), the epoch cost
    sum_t m_t J_t / m must be exactly the mean over the m examples, whatever the batches: a plain
    mean of the batch costs fails this for 3, 4 and 7."""
    parameters, X, Y = problem()
    before = copy(parameters)
    epoch = train_epoch(parameters, X, Y, TANH, SIGMOID, MSE, 1e-300, batch_size, shuffle=False)
    assert epoch == pytest.approx(cost_on(before, X, Y), rel=1e-13)
    for key in before:  # (a zero bias may become +-1e-300, which changes no Z)
        np.testing.assert_allclose(parameters[key], before[key], rtol=1e-15, atol=1e-290)


def test_after_step_gets_each_batch_cost_and_the_updated_parameters_once_per_batch():
    parameters, X, Y = problem(m=11)
    replay = copy(parameters)
    calls = []

    def after_step(cost, p):
        calls.append((cost, copy(p)))
        assert p is parameters  # the caller's own dict

    train_epoch(parameters, X, Y, TANH, SIGMOID, MSE, 0.2, 4, shuffle=False, after_step=after_step)
    batches = list(batch_generator(X, Y, 4, shuffle=False))  # 4, 4, 3 columns
    assert len(calls) == len(batches) == 3
    for (cost, after), (X_batch, Y_batch) in zip(calls, batches):
        assert cost == pytest.approx(cost_on(replay, X_batch, Y_batch), rel=1e-14)
        train_step(replay, X_batch, Y_batch, TANH, SIGMOID, MSE, 0.2)
        for key in replay:
            np.testing.assert_array_equal(after[key], replay[key])
    for key in replay:  # the epoch ends where the last step left the parameters
        np.testing.assert_array_equal(parameters[key], replay[key])


def test_the_shuffle_is_drawn_from_the_given_rng():
    parameters, X, Y = problem(m=12)
    start = copy(parameters)
    rng = np.random.default_rng(7)
    costs = []
    train_epoch(parameters, X, Y, TANH, SIGMOID, MSE, 0.2, 5, rng=rng,
                after_step=lambda cost, p: costs.append(cost))  # fmt: skip

    # the same batches, cut by batch_generator from a generator in the same state
    twin = np.random.default_rng(7)
    replay, expected = copy(start), []
    for X_batch, Y_batch in batch_generator(X, Y, 5, shuffle=True, rng=twin):
        expected.append(train_step(replay, X_batch, Y_batch, TANH, SIGMOID, MSE, 0.2))
    assert costs == pytest.approx(expected, rel=1e-14)
    for key in replay:
        np.testing.assert_array_equal(parameters[key], replay[key])
    assert rng.random() == twin.random()  # the given generator was used (and advanced)

    # another state of the generator: another order, so other batch costs
    other = []
    train_epoch(copy(start), X, Y, TANH, SIGMOID, MSE, 0.2, 5, rng=np.random.default_rng(8),
                after_step=lambda cost, p: other.append(cost))  # fmt: skip
    assert other != pytest.approx(costs, rel=1e-6)


def test_without_shuffle_the_columns_go_in_order_and_the_rng_is_not_touched():
    parameters, X, Y = problem(m=9)
    replay = copy(parameters)
    rng = np.random.default_rng(3)
    train_epoch(parameters, X, Y, TANH, SIGMOID, MSE, 0.2, 4, shuffle=False, rng=rng)
    for start in range(0, 9, 4):
        columns = slice(start, start + 4)
        train_step(replay, X[:, columns], Y[:, columns], TANH, SIGMOID, MSE, 0.2)
    for key in replay:
        np.testing.assert_array_equal(parameters[key], replay[key])
    assert rng.random() == np.random.default_rng(3).random()
