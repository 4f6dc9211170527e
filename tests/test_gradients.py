"""Gradient checks: backprop against central differences for every combination the registries
allow -- each hidden activation x each (output activation, loss) pair (registry_cases.py) -- at
several depths and batch sizes, and after training.

Inputs are kept away from the kinks where the derivative jumps, since a +-epsilon nudge that
crosses a kink makes the *numerical* gradient wrong, not backprop:
  - every bias gets a random non-zero value and every hidden pre-activation (and the output's,
    when the output activation is kinked) is checked to be at least ``MARGIN`` away from 0
    (the kink of ReLU and leaky ReLU);
  - for MAE the targets are placed so that |AL - Y| is at least 0.2 (the kink of |x|).
"""

import numpy as np
import pytest
from registry_cases import hidden_names, output_loss_pairs

from dnn_core import (
    DeepNeuralNetwork,
    L_model_backward,
    L_model_forward,
    gradient_check,
    initialize_parameters,
    linear_backward,
    numerical_gradient,
    relative_error,
)
from dnn_core.activations import ACTIVATIONS
from dnn_core.losses import LOSSES

N_FEATURES, WIDTHS = 3, [5, 4, 5]
MARGIN = 1e-3
TOLERANCE = 1e-7
# The central difference's rounding error is about 1e-16 * J / epsilon per entry; with deep
# sigmoid stacks the true gradient is small, so epsilon = 1e-5 keeps the relative error ~100x
# below TOLERANCE (its truncation error, ~epsilon^2, is still negligible). A nudge of 1e-5
# moves a pre-activation by well under MARGIN, so no nudge crosses a kink.
EPSILON = 1e-5
# A ReLU or leaky ReLU *output* passes back only 0 or alpha = 0.01 of the gradient on its negative
# side, so under a deep sigmoid stack the gradient is ~100x smaller again and the rounding error
# ~1e-16 * J / epsilon dominates; 1e-4 makes it 10x smaller. The output adds no curvature
# (piecewise linear), and a nudge of 1e-4 still moves a pre-activation by less than MARGIN.
EPSILON_KINKED_OUTPUT = 1e-4


def kinked_pre_activations(X, parameters, hidden, output):
    """The pre-activations Z that enter a kinked activation (whose derivative jumps at 0)."""
    _, caches = L_model_forward(X, parameters, hidden, output)
    g = [ACTIVATIONS[hidden]] * (len(caches) - 1) + [ACTIVATIONS[output]]
    return [Z for (_, Z), activation in zip(caches, g) if activation.kinked]


def make_problem(hidden, output, loss, n_hidden, m, seed=0):
    """(parameters, X, Y) with random non-zero biases, no hidden Z near 0, |AL - Y| >= 0.2 (MAE)."""
    n_out = 3 if output == "softmax" else 2
    dims = [N_FEATURES] + WIDTHS[:n_hidden] + [n_out]
    for attempt in range(50):
        rng = np.random.default_rng([seed, m, n_hidden, attempt])
        parameters = initialize_parameters(dims, "xavier", rng)
        for l in range(1, len(dims)):
            b = parameters[f"b{l}"]
            b[:] = rng.choice([-1.0, 1.0], b.shape) * rng.uniform(0.1, 0.5, b.shape)
        X = rng.normal(size=(N_FEATURES, m))
        if all(
            np.abs(Z).min() > MARGIN for Z in kinked_pre_activations(X, parameters, hidden, output)
        ):
            break
    else:
        raise AssertionError("could not draw a problem away from the kinks")
    AL, _ = L_model_forward(X, parameters, hidden, output)
    if loss == "binary_cross_entropy":
        Y = rng.integers(0, 2, AL.shape).astype(float)
    elif loss == "categorical_cross_entropy":
        Y = np.eye(n_out)[:, rng.integers(0, n_out, m)]
    elif loss == "mse":
        Y = AL + rng.normal(scale=0.5, size=AL.shape)
    else:  # mae: each residual at least 0.2 away from the kink
        Y = AL + rng.choice([-1.0, 1.0], AL.shape) * rng.uniform(0.2, 0.6, AL.shape)
    return parameters, X, Y


def test_linear_backward_is_the_derivative_of_a_scalar_of_Z_and_holds_no_1_over_m():
    """With J = sum(G * Z) for a fixed G, dJ/dZ = G, so linear_backward(G, cache) must return the
    derivatives of J with respect to A_prev, W and b: dA_prev = W^T G, dW = G A_prev^T,
    db = the row sums of G -- with no 1/m (the source document's error 4 divided here too)."""
    rng = np.random.default_rng(1)
    A_prev, W, b, G = (rng.normal(size=s) for s in [(2, 6), (3, 2), (3, 1), (3, 6)])

    def J():
        return float(np.sum(G * (W @ A_prev + b)))

    dA_prev, dW, db = linear_backward(G, (A_prev, W, b))
    for analytic, array in ((dA_prev, A_prev), (dW, W), (db, b)):
        assert analytic.shape == array.shape
        assert relative_error(analytic, numerical_gradient(J, array)) < 1e-9
    np.testing.assert_allclose(dW, G @ A_prev.T, rtol=1e-14)
    np.testing.assert_allclose(db, G.sum(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(dA_prev, W.T @ G, rtol=1e-14)
    none, dW_again, db_again = linear_backward(G, (A_prev, W, b), compute_dA_prev=False)
    assert none is None  # the first layer's input is the data: no gradient needed
    np.testing.assert_array_equal(dW_again, dW)
    np.testing.assert_array_equal(db_again, db)


@pytest.mark.parametrize("m", [1, 8, 64])
@pytest.mark.parametrize("n_hidden", [1, 2, 3])
@pytest.mark.parametrize("output, loss", output_loss_pairs())
@pytest.mark.parametrize("hidden", hidden_names())
def test_gradient_check(hidden, output, loss, n_hidden, m):
    parameters, X, Y = make_problem(hidden, output, loss, n_hidden, m)
    before = {k: v.copy() for k, v in parameters.items()}
    epsilon = EPSILON_KINKED_OUTPUT if ACTIVATIONS[output].kinked else EPSILON
    error = gradient_check(parameters, X, Y, hidden, output, loss, epsilon=epsilon)
    assert error < TOLERANCE, f"relative error {error:.2e}"
    for k in parameters:  # gradient_check works on a copy
        np.testing.assert_array_equal(parameters[k], before[k])


@pytest.mark.parametrize("m", [1, 8])
def test_gradient_check_leaky_relu_with_other_alpha(m):
    from dnn_core import leaky_relu_with

    parameters, X, Y = make_problem("leaky_relu", "linear", "mse", 2, m, seed=1)
    assert gradient_check(parameters, X, Y, leaky_relu_with(0.2), "linear", "mse") < TOLERANCE


@pytest.mark.parametrize(
    "hidden, output, loss, dims",
    [
        ("relu", "sigmoid", "binary_cross_entropy", [2, 5, 4, 1]),
        ("tanh", "softmax", "categorical_cross_entropy", [2, 5, 3]),
        ("leaky_relu", "linear", "mse", [2, 4, 4, 2]),
        ("sigmoid", "tanh", "mae", [2, 5, 1]),
    ],
)
def test_gradient_check_after_training(hidden, output, loss, dims):
    """Not just at initialization: after some steps of gradient descent the gradients are
    still the derivatives of the cost."""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(2, 40))
    if loss == "categorical_cross_entropy":
        Y = np.eye(dims[-1])[:, (X[0] > 0).astype(int) + (X[1] > 0.5)]
    elif loss == "binary_cross_entropy":
        Y = (X[0] * X[1] > 0).astype(float).reshape(1, -1)
    else:
        Y = np.tanh(np.vstack([X[0] - X[1], X[0] * X[1]]))[: dims[-1]] * 0.8
    model = DeepNeuralNetwork(dims, hidden, output, loss, seed=3)
    model.train(X, Y, learning_rate=0.1, num_epochs=15, batch_size=8)
    assert len(model.costs) == 15 and model.costs[-1] < model.costs[0]
    initial = DeepNeuralNetwork(dims, hidden, output, loss, seed=3).parameters
    assert any(not np.allclose(model.parameters[k], initial[k]) for k in initial)
    # The check is only meaningful away from the kinks: a +-1e-6 nudge of one parameter moves
    # Z and AL by a few 1e-6 at most, so a margin of 2e-5 keeps every nudge on one side.
    for Z in kinked_pre_activations(X, model.parameters, hidden, output):
        assert np.abs(Z).min() > 2e-5
    AL = model.predict(X)
    if loss == "mae":
        assert np.abs(AL - Y).min() > 2e-5
    error = gradient_check(model.parameters, X, Y, hidden, output, loss)
    assert error < TOLERANCE, f"relative error {error:.2e}"


@pytest.mark.parametrize("m", [4, 8, 32])
def test_gradient_check_detects_a_wrong_backward(m):
    """The check can fail: the source document's extra 1/m in linear_backward is caught, with
    the relative error |g - g/m| / (|g| + |g/m|) = (m - 1) / (m + 1) exactly."""
    parameters, X, Y = make_problem("tanh", "linear", "mse", 2, m)

    def backward_with_double_mean(AL, Y, caches, hidden, output, loss):
        grads = L_model_backward(AL, Y, caches, hidden, output, loss)
        return {k: v / Y.shape[1] for k, v in grads.items()}

    assert gradient_check(parameters, X, Y, "tanh", "linear", "mse") < TOLERANCE
    error = gradient_check(
        parameters, X, Y, "tanh", "linear", "mse", backward=backward_with_double_mean
    )
    assert error == pytest.approx((m - 1) / (m + 1), rel=1e-6)


def test_gradient_check_detects_wrong_leaky_relu_derivative():
    """The document's leaky ReLU backward (dZ = alpha where z <= 0, without dA) is caught."""
    parameters, X, Y = make_problem("leaky_relu", "linear", "mse", 2, 8)
    leaky = ACTIVATIONS["leaky_relu"]

    def document_backward(AL, Y, caches, hidden, output, loss):
        grads, L = {}, len(caches)
        dZ = LOSSES[loss if isinstance(loss, str) else loss.name].gradient(AL, Y)
        dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, caches[L - 1][0])
        for l in range(L - 1, 0, -1):
            Z = caches[l - 1][1]
            dZ = np.where(Z > 0, dA, 0.01)  # the document's constant alpha
            dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, caches[l - 1][0])
        return grads

    assert gradient_check(parameters, X, Y, leaky, "linear", "mse") < TOLERANCE
    assert (
        gradient_check(parameters, X, Y, leaky, "linear", "mse", backward=document_backward) > 1e-2
    )
