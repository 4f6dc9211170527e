"""float32 stays float32, everywhere, and trains like float64.

A float32 network is only faster if nothing in it quietly turns into float64: one np.float64
constant or one float64 array in an expression upcasts the result, and from then on every
product runs in double precision. These tests follow the arrays of a float32 model through
every activation and loss -- parameters, caches, gradients, outputs -- and check that a
short float32 training run gives the float64 run's costs to about 1e-4.
"""

import numpy as np
import pytest
from registry_cases import hidden_names, output_loss_pairs

from dnn_core import (
    DeepNeuralNetwork,
    L_model_backward,
    L_model_forward,
    batch_generator,
    datasets,
    initialize_parameters,
    leaky_relu_with,
    update_parameters,
)
from dnn_core.activations import ACTIVATIONS
from dnn_core.losses import LOSSES, fused_dZ


def problem(output, loss, m=13, seed=0):
    """float64 data (X (3, m), Y) that suit the output and the loss: Y inside the output's
    registered bounds (one-hot columns for softmax and categorical cross-entropy)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, m))
    if loss == "categorical_cross_entropy" or output == "softmax":
        return X, datasets.one_hot(rng.integers(0, 3, m), 3)
    if loss == "binary_cross_entropy":
        return X, rng.integers(0, 2, (2, m)).astype(float)
    low, high = ACTIVATIONS[output].bounds
    if np.isfinite(low) and np.isfinite(high):
        return X, rng.uniform(low + 0.05 * (high - low), high - 0.05 * (high - low), (2, m))
    if np.isfinite(low):
        return X, low + np.abs(rng.normal(size=(2, m)))
    return X, rng.normal(size=(2, m))


def arrays_in(value, where="value"):
    """Every numpy array inside nested tuples, lists and dicts, with a name saying where."""
    if isinstance(value, np.ndarray):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from arrays_in(item, f"{where}[{key!r}]")
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from arrays_in(item, f"{where}[{i}]")


def assert_all_float32(value, name):
    found = list(arrays_in(value, name))
    assert found, f"no arrays in {name}"
    wrong = [(where, a.dtype) for where, a in found if a.dtype != np.float32]
    assert not wrong, f"not float32: {wrong}"


@pytest.mark.parametrize("hidden", hidden_names() + ["leaky_relu alpha=0.2"])
@pytest.mark.parametrize("output, loss", output_loss_pairs())
def test_a_float32_model_stays_float32(hidden, output, loss):
    X, Y = problem(output, loss)  # float64 on purpose: the model must cast it
    activation = leaky_relu_with(0.2) if hidden.startswith("leaky_relu alpha") else hidden
    model = DeepNeuralNetwork(
        [3, 5, 4, Y.shape[0]], activation, output, loss, seed=0, dtype=np.float32
    )
    assert_all_float32(model.parameters, "initial parameters")

    X32, Y32 = X.astype(np.float32), Y.astype(np.float32)
    AL, caches = L_model_forward(X32, model.parameters, model.hidden, model.output)
    assert_all_float32(AL, "AL")
    assert_all_float32(caches, "caches")
    grads = L_model_backward(AL, Y32, caches, model.hidden, model.output, model.loss)
    assert_all_float32(grads, "grads")
    assert model.loss.gradient(AL, Y32).dtype == np.float32

    model.train(X, Y, learning_rate=0.05, num_epochs=3, batch_size=4)
    assert_all_float32(model.parameters, "trained parameters")
    assert all(type(cost) is float and np.isfinite(cost) for cost in model.costs)
    assert_all_float32(model.predict(X), "predict(X)")


@pytest.mark.parametrize("name", list(ACTIVATIONS) + ["leaky_relu alpha=0.2"])
def test_every_activation_keeps_float32(name):
    g = leaky_relu_with(0.2) if name == "leaky_relu alpha=0.2" else ACTIVATIONS[name]
    rng = np.random.default_rng(7)
    Z = rng.normal(size=(3, 4)).astype(np.float32)
    dA = rng.normal(size=(3, 4)).astype(np.float32)
    A, cache = g.forward(Z)
    assert A.dtype == np.float32
    assert g.backward(dA, cache).dtype == np.float32  # recomputing A from the cache
    assert g.backward(dA, cache, A=A).dtype == np.float32


def test_leaky_relu_with_a_numpy_scalar_alpha_keeps_float32():
    a = leaky_relu_with(np.float64(0.2))  # e.g. an alpha read from np.linspace
    Z = np.array([[-1.0, 2.0]], dtype=np.float32)
    A, cache = a.forward(Z)
    assert A.dtype == np.float32
    assert a.backward(Z, cache).dtype == np.float32


@pytest.mark.parametrize("name", list(LOSSES))
def test_loss_gradients_and_the_fused_shortcut_keep_float32(name):
    rng = np.random.default_rng(1)
    AL = rng.uniform(0.05, 0.95, (3, 5)).astype(np.float32)
    Y = datasets.one_hot(rng.integers(0, 3, 5), 3).astype(np.float32)
    assert LOSSES[name].gradient(AL, Y).dtype == np.float32
    assert fused_dZ(AL, Y).dtype == np.float32
    assert type(LOSSES[name].cost(AL, Y)) is float  # a Python float: adding it up upcasts nothing


def test_update_and_batches_keep_float32_even_with_a_numpy_float64_learning_rate():
    parameters = initialize_parameters([3, 4, 1], seed=0, dtype=np.float32)
    before = {k: v.copy() for k, v in parameters.items()}
    grads = {"d" + k: np.ones_like(v) for k, v in parameters.items()}
    update_parameters(parameters, grads, np.float64(0.125))
    assert_all_float32(parameters, "parameters")
    for k in parameters:
        np.testing.assert_array_equal(parameters[k], before[k] - np.float32(0.125))
    X, Y = np.ones((3, 10), np.float32), np.zeros((1, 10), np.float32)
    for X_batch, Y_batch in batch_generator(X, Y, 4, seed=0):
        assert X_batch.dtype == Y_batch.dtype == np.float32


@pytest.mark.parametrize(
    "dims, hidden, output, loss, data",
    [
        ([1, 20, 20, 1], "relu", "sigmoid", "mse", "sine"),
        ([2, 8, 8, 1], "tanh", "sigmoid", "binary_cross_entropy", "moons"),
        ([2, 6, 3], "leaky_relu", "softmax", "categorical_cross_entropy", "blobs"),
    ],
)
def test_float32_training_follows_float64(dims, hidden, output, loss, data):
    if data == "sine":
        X, Y, _ = datasets.attenuated_sine(200)
    elif data == "moons":
        X, Y = datasets.moons(200, seed=0)
    else:
        X, Y = datasets.blobs(150, n_classes=3, seed=0)
    costs = {}
    for dtype in (np.float32, np.float64):
        model = DeepNeuralNetwork(dims, hidden, output, loss, seed=0, dtype=dtype)
        model.train(X, Y, learning_rate=0.05, num_epochs=10, batch_size=16)
        costs[dtype] = np.array(model.costs)
    assert costs[np.float32][-1] < costs[np.float32][0]  # it learns
    np.testing.assert_allclose(costs[np.float32], costs[np.float64], rtol=1e-4)
