"""Property tests (hypothesis) over random architectures, batch sizes and activations.

Derandomized, so every run (and CI) tries the same examples.
"""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from registry_cases import hidden_names, output_loss_pairs

from dnn_core import (
    L_model_backward,
    L_model_forward,
    batch_generator,
    initialize_parameters,
    update_parameters,
)
from dnn_core.activations import ACTIVATIONS

SETTINGS = settings(max_examples=100, deadline=None, derandomize=True)


@st.composite
def networks(draw):
    """A random problem: layer_dims with 1-3 hidden layers of 1-6 units, m in 1..40, the
    activations and loss, parameters with random biases, and data X, Y fit for the loss."""
    hidden = draw(st.sampled_from(hidden_names()))
    output, loss = draw(st.sampled_from(output_loss_pairs()))
    n_in = draw(st.integers(1, 6))
    widths = draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))
    n_out = draw(st.integers(2, 4)) if output == "softmax" else draw(st.integers(1, 3))
    dims = [n_in] + widths + [n_out]
    m = draw(st.integers(1, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    parameters = initialize_parameters(dims, "xavier", rng)
    for key in parameters:
        if key.startswith("b"):
            parameters[key] += rng.normal(scale=0.5, size=parameters[key].shape)
    X = rng.normal(size=(n_in, m))
    if loss == "categorical_cross_entropy":
        Y = np.eye(n_out)[:, rng.integers(0, n_out, m)]
    elif loss == "binary_cross_entropy":
        Y = rng.integers(0, 2, (n_out, m)).astype(float)
    else:
        Y = rng.normal(size=(n_out, m))
    return dict(
        dims=dims, m=m, hidden=hidden, output=output, loss=loss, parameters=parameters, X=X, Y=Y
    )


# --------------------------------------------------------------------------- (a) forward shapes
@SETTINGS
@given(networks())
def test_forward_shapes_and_caches(net):
    dims, m = net["dims"], net["m"]
    AL, caches = L_model_forward(net["X"], net["parameters"], net["hidden"], net["output"])
    L = len(dims) - 1
    assert AL.shape == (dims[-1], m)
    assert len(caches) == L
    A_prev = net["X"]
    for l, ((A_in, W, b), Z) in enumerate(caches, start=1):
        assert A_in.shape == (dims[l - 1], m)
        assert W.shape == (dims[l], dims[l - 1]) and W is net["parameters"][f"W{l}"]
        assert b.shape == (dims[l], 1) and b is net["parameters"][f"b{l}"]
        assert Z.shape == (dims[l], m)
        np.testing.assert_array_equal(A_in, A_prev)  # each layer's input is the last one's output
        np.testing.assert_allclose(Z, W @ A_in + b, rtol=1e-14, atol=1e-15)
        g = ACTIVATIONS[net["output"] if l == L else net["hidden"]]
        A_prev = g.forward(Z)[0]
    np.testing.assert_array_equal(AL, A_prev)


# --------------------------------------------------------------------------- (b) gradient shapes
@SETTINGS
@given(networks())
def test_every_gradient_has_its_parameters_shape(net):
    AL, caches = L_model_forward(net["X"], net["parameters"], net["hidden"], net["output"])
    grads = L_model_backward(AL, net["Y"], caches, net["hidden"], net["output"], net["loss"])
    L = len(net["dims"]) - 1
    for key, value in net["parameters"].items():
        assert grads["d" + key].shape == value.shape, key
        assert np.isfinite(grads["d" + key]).all()
    for l in range(1, L):
        assert grads[f"dA{l}"].shape == (net["dims"][l], net["m"])
    expected = {f"d{p}{l}" for l in range(1, L + 1) for p in "Wb"} | {f"dA{l}" for l in range(1, L)}
    assert set(grads) == expected


# --------------------------------------------------------------------------- (c) batches
@st.composite
def batch_problems(draw):
    m = draw(st.integers(1, 40))
    n_x, n_y = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    batch_size = draw(st.integers(1, 45))
    # distinct entries: column j of X holds j, j + m, ...; Y holds -j, ...
    X = np.arange(n_x * m, dtype=float).reshape(n_x, m) % m + np.arange(n_x)[:, None] * 1000
    Y = -(np.arange(m, dtype=float) + np.arange(n_y)[:, None] * 1000)
    return X, Y, batch_size, draw(st.integers(0, 1000))


@SETTINGS
@given(batch_problems())
def test_batches_without_shuffle_cut_X_and_Y_in_order(problem):
    X, Y, batch_size, _ = problem
    batches = list(batch_generator(X, Y, batch_size, shuffle=False))
    m = X.shape[1]
    assert len(batches) == math.ceil(m / batch_size)
    assert all(1 <= Xb.shape[1] <= batch_size for Xb, _ in batches)
    assert all(Xb.shape[1] == Yb.shape[1] for Xb, Yb in batches)
    assert all(Xb.shape[1] == batch_size for Xb, _ in batches[:-1])  # only the last is short
    np.testing.assert_array_equal(np.hstack([Xb for Xb, _ in batches]), X)
    np.testing.assert_array_equal(np.hstack([Yb for _, Yb in batches]), Y)


@SETTINGS
@given(batch_problems())
def test_shuffled_batches_keep_the_multiset_of_columns(problem):
    X, Y, batch_size, seed = problem
    batches = list(batch_generator(X, Y, batch_size, shuffle=True, seed=seed))
    m = X.shape[1]
    assert len(batches) == math.ceil(m / batch_size)
    assert all(Xb.shape[1] <= batch_size for Xb, _ in batches)
    Xs, Ys = np.hstack([b[0] for b in batches]), np.hstack([b[1] for b in batches])
    order = Xs[0].astype(int)  # row 0 of X numbers the columns 0 .. m-1
    np.testing.assert_array_equal(
        np.sort(order), np.arange(m)
    )  # a permutation: none lost, none twice
    np.testing.assert_array_equal(Xs, X[:, order])
    np.testing.assert_array_equal(Ys, Y[:, order])  # each Y column stays with its X column
    again = np.hstack([b[0] for b in batch_generator(X, Y, batch_size, shuffle=True, seed=seed)])
    np.testing.assert_array_equal(again, Xs)  # the same seed gives the same order


# --------------------------------------------------------------------------- (d) the 1/m is right
@SETTINGS
@given(networks())
def test_gradient_is_invariant_to_duplicating_the_batch(net):
    p, h, o, loss = net["parameters"], net["hidden"], net["output"], net["loss"]
    X, Y = net["X"], net["Y"]
    AL, caches = L_model_forward(X, p, h, o)
    once = L_model_backward(AL, Y, caches, h, o, loss)
    AL2, caches2 = L_model_forward(np.hstack([X, X]), p, h, o)
    twice = L_model_backward(AL2, np.hstack([Y, Y]), caches2, h, o, loss)
    for key in p:
        np.testing.assert_allclose(twice["d" + key], once["d" + key], rtol=1e-9, atol=1e-13)


# --------------------------------------------------------------------------- (e) the update step
@SETTINGS
@given(networks(), st.floats(1e-4, 10.0), st.integers(0, 1000))
def test_update_moves_each_parameter_by_minus_lr_times_grad(net, lr, seed):
    parameters = net["parameters"]
    rng = np.random.default_rng(seed)
    grads = {"d" + key: rng.normal(size=value.shape) for key, value in parameters.items()}
    before = {key: value.copy() for key, value in parameters.items()}
    arrays = {key: value for key, value in parameters.items()}
    result = update_parameters(parameters, grads, lr)
    assert result is parameters
    for key in before:
        assert parameters[key] is arrays[key]  # in place
        np.testing.assert_array_equal(parameters[key], before[key] - lr * grads["d" + key])
