"""Regression tests for the errors of the source document ("Deep Neural Network From Scratch")
that span several modules. Each docstring says what the document did and why it was wrong; each
test fails if dnn_core ever goes back to the document's version.

The errors that live in one function are tested with that function: 1 and 2 (the leaky ReLU's
forward and backward) in test_activations.py, 5 (the MSE gradient per element) in
test_losses.py, the 1/m of error 4 in test_gradients.py and test_properties.py, and the epoch
cost of error 6 in test_training.py.
"""

import inspect

import numpy as np
import pytest

from dnn_core import (
    DeepNeuralNetwork,
    L_model_backward,
    L_model_forward,
    batch_generator,
    compute_cost,
    gradient_check,
    initialize_parameters,
    linear_activation_backward,
    numerical_gradient,
)
from dnn_core.losses import LOSSES, Loss


def small_network(loss, m, seed=0, hidden="tanh", output="linear", dims=(3, 4, 4, 1)):
    """Parameters with non-zero biases, inputs X and targets Y with |AL - Y| >= 0.2 (so no
    numerical nudge crosses the kink of MAE)."""
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(list(dims), "xavier", rng)
    for key in parameters:
        if key.startswith("b"):
            parameters[key] += rng.uniform(0.1, 0.5, parameters[key].shape)
    X = rng.normal(size=(dims[0], m))
    AL, _ = L_model_forward(X, parameters, hidden, output)
    Y = AL + rng.choice([-1.0, 1.0], AL.shape) * rng.uniform(0.2, 0.6, AL.shape)
    return parameters, X, Y


# --------------------------------------------------------------------------- 3
def _document_dAL(AL, Y):
    """The document's L_model_backward: the cross-entropy gradient, whatever the loss."""
    return -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))


def test_3_backward_uses_the_losses_own_gradient():
    """The document's L_model_backward always started from the binary cross-entropy gradient
    dAL = -(Y/AL - (1-Y)/(1-AL)), even for a network trained with MSE or MAE, so an MSE network
    followed the gradient of a different cost (and one undefined for targets outside (0, 1)).
    Now the loss object supplies dAL: for MSE the gradients match the numerical gradient of the
    MSE cost and differ from what the cross-entropy dAL gives."""
    parameters, X, Y = small_network("mse", 8, output="sigmoid")
    AL, caches = L_model_forward(X, parameters, "tanh", "sigmoid")
    grads = L_model_backward(AL, Y, caches, "tanh", "sigmoid", "mse")

    # the document's way: the cross-entropy dAL (with the 1/m, to isolate this one error)
    _, dW3_document, _ = linear_activation_backward(
        _document_dAL(AL, Y) / 8, caches[-1], "sigmoid", A=AL
    )
    assert dW3_document.shape == grads["dW3"].shape
    assert not np.allclose(grads["dW3"], dW3_document, rtol=0.1)

    for key in parameters:
        numeric = numerical_gradient(
            lambda: compute_cost(L_model_forward(X, parameters, "tanh", "sigmoid")[0], Y, "mse"),
            parameters[key],
        )
        np.testing.assert_allclose(grads["d" + key], numeric, rtol=1e-6, atol=1e-9)
    assert gradient_check(parameters, X, Y, "tanh", "sigmoid", "mse") < 1e-7

    def document_backward(AL, Y, caches, hidden, output, loss):
        cross_entropy = Loss("document", LOSSES["mse"].cost, lambda a, y: _document_dAL(a, y) / 8)
        return L_model_backward(AL, Y, caches, hidden, output, cross_entropy)

    assert (
        gradient_check(parameters, X, Y, "tanh", "sigmoid", "mse", backward=document_backward)
        > 1e-2
    )


def test_3_a_loss_object_decides_the_gradient():
    """L_model_backward has no built-in gradient: a Loss passed in is what it differentiates."""
    parameters, X, Y = small_network("mse", 8)
    AL, caches = L_model_forward(X, parameters, "tanh", "linear")
    mse = L_model_backward(AL, Y, caches, "tanh", "linear", "mse")
    triple = Loss(
        "triple_mse",
        lambda a, y: 3 * LOSSES["mse"].cost(a, y),
        lambda a, y: 3 * LOSSES["mse"].gradient(a, y),
    )
    tripled = L_model_backward(AL, Y, caches, "tanh", "linear", triple)
    for key in mse:
        np.testing.assert_allclose(tripled[key], 3 * mse[key], rtol=1e-13)
    mae = L_model_backward(AL, Y, caches, "tanh", "linear", "mae")
    assert not np.allclose(mae["dW1"], mse["dW1"])
    assert gradient_check(parameters, X, Y, "tanh", "linear", triple) < 1e-7


# --------------------------------------------------------------------------- 4
@pytest.mark.parametrize("k", [2, 8, 64])
@pytest.mark.parametrize("loss", ["mse", "mae"])
def test_4_step_on_k_copies_equals_step_on_one_example(loss, k):
    """With the double 1/m, one step on a batch of k identical examples moved the parameters k
    times less than a step on that one example. The mean cost of k copies *is* the cost of one
    example, so the step must be the same."""
    rng = np.random.default_rng(k)
    x, y = rng.normal(size=(3, 1)), rng.normal(size=(1, 1)) + 2.0
    one = DeepNeuralNetwork([3, 4, 1], "tanh", "linear", loss, seed=5)
    many = DeepNeuralNetwork([3, 4, 1], "tanh", "linear", loss, seed=5)
    start = {key: v.copy() for key, v in one.parameters.items()}
    one.train(x, y, learning_rate=0.1, num_epochs=1, batch_size=1, shuffle=False)
    many.train(
        np.tile(x, k), np.tile(y, k), learning_rate=0.1, num_epochs=1, batch_size=k, shuffle=False
    )
    for key in start:
        assert not np.allclose(one.parameters[key], start[key])
        np.testing.assert_allclose(
            many.parameters[key], one.parameters[key], rtol=1e-12, atol=1e-14
        )


# --------------------------------------------------------------------------- 6
def test_6_train_records_exactly_num_epochs_costs():
    """The document's train.py did not honour ``--num_epochs`` (the CLI side is tested in
    tests/test_cli.py). Here: ``train(num_epochs=n)`` runs exactly n epochs, one cost each, and
    a second call adds k more instead of starting over."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(2, 30)), rng.random((1, 30))
    model = DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0)
    model.train(X, Y, learning_rate=0.1, num_epochs=7, batch_size=8)
    assert len(model.costs) == 7
    first = list(model.costs)
    model.train(X, Y, learning_rate=0.1, num_epochs=4, batch_size=8)
    assert len(model.costs) == 11
    assert model.costs[:7] == first
    model.train(X, Y, learning_rate=0.1, num_epochs=0)
    assert len(model.costs) == 11


# --------------------------------------------------------------------------- batch generator
def test_batch_generator_is_lazy():
    """The document built a list of all mini-batches (copies) up front; this one is a generator
    that yields views, one batch at a time."""
    X, Y = np.arange(12.0).reshape(2, 6), np.arange(6.0).reshape(1, 6)
    batches = batch_generator(X, Y, 4, shuffle=False)
    assert inspect.isgenerator(batches)
    assert not isinstance(batches, (list, tuple))
    Xb, Yb = next(batches)
    assert np.shares_memory(Xb, X) and np.shares_memory(Yb, Y)
    assert next(batches)[0].shape == (2, 2)
    with pytest.raises(StopIteration):
        next(batches)
