"""Regression tests, one per error of the source document ("Deep Neural Network From Scratch").

Each docstring says what the document did and why it was wrong; each test fails if dnn_core
ever goes back to the document's version.
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
    leaky_relu,
    leaky_relu_backward,
    linear_activation_backward,
    linear_backward,
    numerical_gradient,
    update_parameters,
)
from dnn_core.activations import ACTIVATIONS
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


# --------------------------------------------------------------------------- 1
def test_1_leaky_relu_forward_is_max_alpha_z_z():
    """Listed among the document's errors: a leaky ReLU written max(alpha, z) instead of
    max(alpha z, z). max(alpha, z) clamps every negative input (and every positive one below
    alpha) to the constant alpha, so that side of the unit carries no signal and no gradient --
    it is not a leaky ReLU at all. (Note: the version of the document this project started
    from already has np.maximum(alpha * z, z) in its leaky_relu code; its real leaky-ReLU error
    is the backward one, test 2. This test guards the forward all the same.)
    Right: max(alpha z, z), so leaky(-2) = -0.02 and leaky(0.001) = 0.001."""
    A, _ = leaky_relu(np.array([[-2.0, 0.001, -0.5, 3.0]]))
    np.testing.assert_allclose(A, [[-0.02, 0.001, -0.005, 3.0]], rtol=1e-15)
    assert A[0, 0] != 0.01 and A[0, 1] != 0.01  # what max(alpha, z) would give


# --------------------------------------------------------------------------- 2
def test_2_leaky_relu_backward_multiplies_dA_by_alpha():
    """The document wrote ``dZ[Z <= 0] = alpha``: the local slope alpha *replaced* the incoming
    gradient instead of multiplying it, so the chain rule dZ = dA * g'(Z) was broken for every
    negative pre-activation (the gradient no longer depended on the loss at all there).
    Right: dZ = alpha * dA where z <= 0; with dA = 3 at z = -1, dZ = 0.03 (not 0.01)."""
    dZ = leaky_relu_backward(np.array([[3.0, 3.0, -5.0]]), np.array([[-1.0, 2.0, -0.5]]))
    np.testing.assert_allclose(dZ, [[0.03, 3.0, -0.05]], rtol=1e-15)
    # and through the registry entry that the network uses
    dZ = ACTIVATIONS["leaky_relu"].backward(np.array([[3.0]]), np.array([[-1.0]]))
    assert dZ[0, 0] == pytest.approx(0.03, rel=1e-15)


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
@pytest.mark.parametrize("m", [1, 8, 64])
@pytest.mark.parametrize("loss", ["mse", "mae"])
def test_4_no_double_division_by_m(loss, m):
    """The document divided by m twice for MSE and MAE: once in dAL = (2/m)(AL - Y) (or
    (1/m) sign) and again in linear_backward (dW = (1/m) dZ A^T, db = (1/m) sum dZ). Its
    gradients were the true ones divided by m, so the effective learning rate shrank with the
    batch size. Now the gradients equal the numerical gradient of compute_cost's cost."""
    parameters, X, Y = small_network(loss, m, seed=m)
    AL, caches = L_model_forward(X, parameters, "tanh", "linear")
    grads = L_model_backward(AL, Y, caches, "tanh", "linear", loss)

    def cost():
        return compute_cost(L_model_forward(X, parameters, "tanh", "linear")[0], Y, loss)

    for key in parameters:
        numeric = numerical_gradient(cost, parameters[key])
        np.testing.assert_allclose(grads["d" + key], numeric, rtol=1e-6, atol=1e-9)


def test_4_linear_backward_holds_no_1_over_m():
    """The 1/m lives in dAL only: linear_backward is dW = dZ A^T, db = sum dZ, dA = W^T dZ."""
    rng = np.random.default_rng(0)
    A_prev, W, b, dZ = (rng.normal(size=s) for s in [(3, 5), (2, 3), (2, 1), (2, 5)])
    dA_prev, dW, db = linear_backward(dZ, (A_prev, W, b))
    np.testing.assert_allclose(dW, dZ @ A_prev.T, rtol=1e-14)
    np.testing.assert_allclose(db, dZ.sum(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(dA_prev, W.T @ dZ, rtol=1e-14)
    assert linear_backward(dZ, (A_prev, W, b), compute_dA_prev=False)[0] is None


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


def test_4_same_through_the_functions():
    """The same property one level down, with L_model_backward and update_parameters."""
    rng = np.random.default_rng(0)
    parameters = initialize_parameters([2, 3, 1], seed=1)
    x, y = rng.normal(size=(2, 1)), np.array([[5.0]])
    steps = {}
    for k in (1, 16):
        p = {key: v.copy() for key, v in parameters.items()}
        AL, caches = L_model_forward(np.tile(x, k), p, "relu", "linear")
        grads = L_model_backward(AL, np.tile(y, k), caches, "relu", "linear", "mse")
        steps[k] = update_parameters(p, grads, 0.01)
    for key in parameters:
        np.testing.assert_allclose(steps[16][key], steps[1][key], rtol=1e-12, atol=1e-15)


# --------------------------------------------------------------------------- 5
def test_5_mse_derivative_is_per_element():
    """The document's derivation wrote dL/dAL_i = (2/m) sum_i (AL_i - Y_i): a sum, i.e. one
    number shared by all examples, which would push every output by the *total* error. The
    derivative of (1/m) sum (AL - Y)^2 with respect to AL_i is (2/m)(AL_i - Y_i), element by
    element: an array of AL's shape."""
    AL = np.array([[1.0, 2.0, 3.0, 4.0, 5.0], [0.0, -1.0, 0.5, 2.0, 1.0]])
    Y = np.array([[1.5, 1.0, 3.0, 0.0, 5.5], [1.0, 1.0, 1.0, 1.0, 1.0]])
    dAL = LOSSES["mse"].gradient(AL, Y)
    assert dAL.shape == AL.shape
    expected = [
        [2 / 5 * -0.5, 2 / 5 * 1.0, 0.0, 2 / 5 * 4.0, 2 / 5 * -0.5],
        [2 / 5 * -1.0, 2 / 5 * -2.0, 2 / 5 * -0.5, 2 / 5 * 1.0, 0.0],
    ]
    np.testing.assert_allclose(dAL, expected, rtol=1e-15, atol=1e-16)
    assert len(np.unique(dAL)) > 1  # not one shared number


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


def test_6_epoch_cost_is_the_mean_over_examples():
    """The document averaged the batch costs, so a short last batch weighed as much as a full
    one. The epoch cost is the mean over all m examples of the cost at the time of each step."""
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(2, 10)), rng.random((1, 10))
    model = DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0)
    p = {k: v.copy() for k, v in model.parameters.items()}
    total = 0.0
    for Xb, Yb in batch_generator(X, Y, 4, shuffle=False):  # batches of 4, 4, 2
        AL, caches = L_model_forward(Xb, p, "relu", "sigmoid")
        total += compute_cost(AL, Yb, "mse") * Xb.shape[1]
        update_parameters(p, L_model_backward(AL, Yb, caches, "relu", "sigmoid", "mse"), 0.5)
    model.train(X, Y, learning_rate=0.5, num_epochs=1, batch_size=4, shuffle=False)
    assert model.costs[0] == pytest.approx(total / 10, rel=1e-12)


# --------------------------------------------------------------------------- batch generator
def test_batch_generator_keeps_every_row_of_Y():
    """The document reshaped Y to (1, m), which breaks (or silently scrambles) one-hot labels
    and any multi-output Y. Every row of Y must survive."""
    X = np.arange(20.0).reshape(2, 10)
    Y = np.arange(30.0).reshape(3, 10)
    batches = list(batch_generator(X, Y, 4, shuffle=False))
    assert all(Yb.shape[0] == 3 for _, Yb in batches)
    np.testing.assert_array_equal(np.hstack([Yb for _, Yb in batches]), Y)
    shuffled = list(batch_generator(X, Y, 4, shuffle=True, seed=0))
    Xs, Ys = np.hstack([b[0] for b in shuffled]), np.hstack([b[1] for b in shuffled])
    order = Xs[0].astype(int)  # column j of X holds j in row 0
    np.testing.assert_array_equal(Ys, Y[:, order])  # the rows of Y stay with their X column


def test_batch_generator_includes_the_last_partial_batch():
    """m % batch_size leftover examples form one last, smaller batch (no example is dropped)."""
    X, Y = np.arange(10.0).reshape(1, 10), np.arange(10.0).reshape(1, 10)
    sizes = [Xb.shape[1] for Xb, _ in batch_generator(X, Y, 4, shuffle=False)]
    assert sizes == [4, 4, 2]
    sizes = [Xb.shape[1] for Xb, _ in batch_generator(X, Y, 5, shuffle=False)]
    assert sizes == [5, 5]


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
