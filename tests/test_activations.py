"""Activations: hand-computed values, the forward/backward contract and numerics (their dtypes
are tested in test_dtype.py).

Expected numbers are worked out here with the ``math`` module or by hand, never by calling
the code under test a second time.
"""

import math
import warnings

import numpy as np
import pytest

from dnn_core import activations as act
from dnn_core.activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    leaky_relu,
    leaky_relu_backward,
    leaky_relu_with,
    linear,
    linear_backward_activation,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
    tanh,
    tanh_backward,
)

Z_ROW = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0]])
DA_ROW = np.array([[1.0, 2.0, 3.0, 4.0, 5.0]])

# Every activation to test, by a readable id: the built-in six plus a leaky ReLU of another slope.
ALL = {name: ACTIVATIONS[name] for name in ACTIVATIONS}
ALL["leaky_relu_0.2"] = leaky_relu_with(0.2)
ELEMENTWISE = [name for name in ALL if name != "softmax"]


def _sig(z):
    return 1.0 / (1.0 + math.exp(-z))


# --------------------------------------------------------------------------- hand values
def test_registry_holds_the_six_built_in_activations_first():
    assert list(ACTIVATIONS)[:6] == ["sigmoid", "relu", "leaky_relu", "tanh", "linear", "softmax"]
    for name, a in ACTIVATIONS.items():
        assert isinstance(a, Activation) and a.name == name


def test_sigmoid_values():
    A, _ = sigmoid(np.array([[0.0, 2.0, -1.0]]))
    # sigmoid(0) = 1/2, sigmoid(2) = 1/(1+e^-2), sigmoid(-1) = 1/(1+e)
    np.testing.assert_allclose(A, [[0.5, 0.8807970779778823, 0.2689414213699951]], rtol=1e-15)


def test_sigmoid_backward_values():
    Z = np.array([[0.0, 2.0, -1.0]])
    dA = np.array([[1.0, 2.0, -3.0]])
    dZ = sigmoid_backward(dA, Z)
    # sigma'(0) = 0.25; sigma'(z) = s (1 - s)
    expected = [[0.25, 2.0 * _sig(2.0) * (1 - _sig(2.0)), -3.0 * _sig(-1.0) * (1 - _sig(-1.0))]]
    np.testing.assert_allclose(dZ, expected, rtol=1e-14)
    assert dZ[0, 0] == 0.25


def test_relu_values_and_backward():
    A, _ = relu(Z_ROW)
    np.testing.assert_array_equal(A, [[0.0, 0.0, 0.0, 0.5, 3.0]])
    # g'(z) = 1 for z > 0, else 0 (g'(0) is taken as 0)
    np.testing.assert_array_equal(relu_backward(DA_ROW, Z_ROW), [[0.0, 0.0, 0.0, 4.0, 5.0]])


def test_leaky_relu_default_alpha_values_and_backward():
    """Also the source document's errors 1 and 2: max(alpha, z) for max(alpha z, z) would give
    0.01 for every z <= 0, and its backward ``dZ[Z <= 0] = alpha`` (alpha replacing dA instead
    of multiplying it) would give 0.01, 0.01, 0.01 where dA * alpha is 0.01, 0.02, 0.03."""
    A, _ = leaky_relu(Z_ROW)
    np.testing.assert_allclose(A, [[-0.02, -0.005, 0.0, 0.5, 3.0]], rtol=1e-15)
    # slope alpha = 0.01 for z <= 0, multiplied by dA: 0.01*1, 0.01*2, 0.01*3
    np.testing.assert_allclose(
        leaky_relu_backward(DA_ROW, Z_ROW), [[0.01, 0.02, 0.03, 4.0, 5.0]], rtol=1e-15
    )


def test_leaky_relu_registry_entry_uses_alpha_001():
    a = ACTIVATIONS["leaky_relu"]
    np.testing.assert_allclose(a.forward(np.array([[-2.0]]))[0], [[-0.02]], rtol=1e-15)
    np.testing.assert_allclose(
        a.backward(np.array([[3.0]]), np.array([[-1.0]])), [[0.03]], rtol=1e-15
    )


def test_leaky_relu_with_another_alpha():
    a = leaky_relu_with(0.2)
    assert a.name == "leaky_relu"
    A, cache = a.forward(Z_ROW)
    np.testing.assert_allclose(A, [[-0.4, -0.1, 0.0, 0.5, 3.0]], rtol=1e-15)
    assert cache is Z_ROW
    np.testing.assert_allclose(a.backward(DA_ROW, Z_ROW), [[0.2, 0.4, 0.6, 4.0, 5.0]], rtol=1e-15)
    np.testing.assert_allclose(
        a.backward(DA_ROW, Z_ROW, A=A), [[0.2, 0.4, 0.6, 4.0, 5.0]], rtol=1e-15
    )


def test_leaky_relu_with_alpha_zero_is_relu():
    a = leaky_relu_with(0)
    np.testing.assert_array_equal(a.forward(Z_ROW)[0], relu(Z_ROW)[0])
    np.testing.assert_array_equal(a.backward(DA_ROW, Z_ROW), relu_backward(DA_ROW, Z_ROW))


@pytest.mark.parametrize("alpha", [1, 1.5, -0.1, float("nan")])
def test_leaky_relu_with_rejects_alpha_out_of_range(alpha):
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\)"):
        leaky_relu_with(alpha)


@pytest.mark.parametrize("alpha", ["0.1", None, True])
def test_leaky_relu_with_rejects_non_numbers(alpha):
    with pytest.raises(TypeError, match=r"alpha must be a number"):
        leaky_relu_with(alpha)


def test_tanh_values_and_backward():
    z = [0.0, 0.5, -2.0]
    A, _ = tanh(np.array([z]))
    np.testing.assert_allclose(A, [[math.tanh(v) for v in z]], rtol=1e-15)
    dA = np.array([[2.0, 1.0, -1.0]])
    dZ = tanh_backward(dA, np.array([z]))
    # tanh'(0) = 1; tanh'(0.5) = 1 - tanh(0.5)^2; tanh'(-2) = 4 / (e^-2 + e^2)^2
    expected = [[2.0, 1 - math.tanh(0.5) ** 2, -4 / (math.exp(-2) + math.exp(2)) ** 2]]
    np.testing.assert_allclose(dZ, expected, rtol=1e-14)


def test_linear_values_and_backward():
    A, cache = linear(Z_ROW)
    np.testing.assert_array_equal(A, Z_ROW)
    assert cache is Z_ROW
    np.testing.assert_array_equal(linear_backward_activation(DA_ROW, Z_ROW), DA_ROW)


def test_softmax_values():
    # column 0: e^Z = 1, 2, 3 -> 1/6, 2/6, 3/6; column 1: equal entries -> 1/3 each (even at 1000)
    Z = np.array([[0.0, 1000.0], [math.log(2), 1000.0], [math.log(3), 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A, _ = softmax(Z)
    np.testing.assert_allclose(A, [[1 / 6, 1 / 3], [2 / 6, 1 / 3], [3 / 6, 1 / 3]], rtol=1e-14)


def test_softmax_backward_values():
    # A = (1/6, 1/3, 1/2); dA = e_1 picks the first column of the Jacobian diag(A) - A A^T:
    # dZ_i = A_i (delta_i1 - A_1) = (5/36, -2/36, -3/36)
    Z = np.array([[0.0], [math.log(2)], [math.log(3)]])
    dZ = softmax_backward(np.array([[1.0], [0.0], [0.0]]), Z)
    np.testing.assert_allclose(dZ, [[5 / 36], [-2 / 36], [-3 / 36]], rtol=1e-13)


def test_softmax_columns_are_independent_distributions():
    Z = np.random.default_rng(0).normal(size=(4, 7)) * 5
    A, _ = softmax(Z)
    assert (A > 0).all()
    np.testing.assert_allclose(A.sum(axis=0), np.ones(7), rtol=1e-14)
    # each column depends on its own Z only
    A2, _ = softmax(np.hstack([Z[:, 3:4], Z]))
    np.testing.assert_allclose(A2[:, 1:], A, rtol=1e-14)
    np.testing.assert_allclose(A2[:, 0], A[:, 3], rtol=1e-14)


# --------------------------------------------------------------------------- contract
@pytest.mark.parametrize("name", list(ALL))
def test_cache_is_Z(name):
    Z = np.random.default_rng(1).normal(size=(3, 4))
    A, cache = ALL[name].forward(Z)
    assert cache is Z
    assert A.shape == Z.shape


@pytest.mark.parametrize("name", list(ALL))
def test_backward_with_and_without_A_agree(name):
    rng = np.random.default_rng(2)
    Z, dA = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    A, cache = ALL[name].forward(Z)
    without = ALL[name].backward(dA, cache)
    with_A = ALL[name].backward(dA, cache, A=A)
    assert without.shape == Z.shape
    np.testing.assert_allclose(with_A, without, rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("name", list(ALL))
def test_backward_does_not_modify_its_inputs(name):
    rng = np.random.default_rng(3)
    Z, dA = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    Z0, dA0 = Z.copy(), dA.copy()
    ALL[name].backward(dA, Z)
    ALL[name].forward(Z)
    np.testing.assert_array_equal(Z, Z0)
    np.testing.assert_array_equal(dA, dA0)


def _away_from_kinks(rng, shape):
    """Z values with |z| >= 0.1, so the +-h nudges never cross the ReLU kink at 0."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 3.0, size=shape)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_backward_is_central_difference_derivative(name):
    rng = np.random.default_rng(4)
    Z, dA = _away_from_kinks(rng, (3, 6)), rng.normal(size=(3, 6))
    g = ALL[name].forward
    h = 1e-6
    derivative = (g(Z + h)[0] - g(Z - h)[0]) / (2 * h)
    np.testing.assert_allclose(ALL[name].backward(dA, Z), dA * derivative, rtol=1e-7, atol=1e-9)


def test_softmax_backward_is_gradient_of_sum_dA_times_softmax():
    """backward(dA, Z) = d/dZ sum(dA * softmax(Z)), checked entry by entry."""
    rng = np.random.default_rng(5)
    Z, dA = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    h = 1e-6
    numeric = np.zeros_like(Z)
    for i in np.ndindex(Z.shape):
        Zp, Zm = Z.copy(), Z.copy()
        Zp[i] += h
        Zm[i] -= h
        numeric[i] = (np.sum(dA * softmax(Zp)[0]) - np.sum(dA * softmax(Zm)[0])) / (2 * h)
    np.testing.assert_allclose(softmax_backward(dA, Z), numeric, rtol=1e-7, atol=1e-10)


def test_softmax_backward_is_jacobian_vector_product():
    """The softmax Jacobian diag(a) - a a^T is symmetric, so J^T v (what backward computes)
    equals J v, the directional derivative (softmax(Z + h v) - softmax(Z - h v)) / 2h."""
    rng = np.random.default_rng(6)
    Z, V = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    h = 1e-6
    jvp = (softmax(Z + h * V)[0] - softmax(Z - h * V)[0]) / (2 * h)
    np.testing.assert_allclose(softmax_backward(V, Z), jvp, rtol=1e-7, atol=1e-10)


# --------------------------------------------------------------------------- numerics
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_saturates_exactly_without_warnings(dtype):
    Z = np.array([[1000.0, -1000.0, 800.0, -800.0, 40.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # exp(1000) overflows: to inf, silently, and 1 / inf = 0
        A, _ = sigmoid(Z)
        dZ = sigmoid_backward(np.ones_like(Z), Z)
        dZ_A = sigmoid_backward(np.ones_like(Z), Z, A=A)
    np.testing.assert_array_equal(A[0, :4], [1.0, 0.0, 1.0, 0.0])
    assert np.isfinite(dZ).all() and (dZ[0, :4] == 0.0).all()
    np.testing.assert_array_equal(dZ, dZ_A)


@pytest.mark.parametrize("name", [name for name in ACTIVATIONS if name != "sigmoid"])
def test_large_inputs_give_no_warnings(name):  # (the sigmoid has its own test above)
    Z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A, cache = ACTIVATIONS[name].forward(Z)
        dZ = ACTIVATIONS[name].backward(np.ones_like(Z), cache, A=A)
    assert np.isfinite(A).all() and np.isfinite(dZ).all()


# --------------------------------------------------------------------------- look-up
def test_get_activation_by_name_and_passthrough():
    assert get_activation("tanh") is ACTIVATIONS["tanh"]
    custom = leaky_relu_with(0.3)
    assert get_activation(custom) is custom


def test_get_activation_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="unknown activation 'swish'") as info:
        get_activation("swish")
    for name in ACTIVATIONS:
        assert name in str(info.value)


def test_get_activation_names_the_argument():
    with pytest.raises(ValueError, match="hidden_layer_activation"):
        get_activation("Relu", "hidden_layer_activation")


@pytest.mark.parametrize("bad", [None, 3, sigmoid, ["relu"]])
def test_get_activation_non_str_is_type_error(bad):
    with pytest.raises(TypeError, match=r"activation must be a name \(str\) or an Activation"):
        get_activation(bad)


def test_module_exports_the_documented_pairs():
    for name in ("sigmoid", "relu", "leaky_relu", "tanh", "softmax"):
        assert callable(getattr(act, name)) and callable(getattr(act, name + "_backward"))


def test_softmax_and_its_backward_at_the_ends_of_the_float_range_give_no_warning():
    Z = np.array([[1e308, -1e308, 0.0], [-1e308, 1e308, 0.0], [0.0, 0.0, -1e308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = act.softmax(Z)[0]
        np.testing.assert_array_equal(A[:, :2], [[1, 0], [0, 1], [0, 0]])
        for dA in (np.ones_like(Z), Z, -Z):
            dZ = act.softmax_backward(dA, Z)
            assert np.isfinite(dZ).all()
    np.testing.assert_array_equal(act.softmax_backward(Z, Z)[:, :2], 0.0)  # A is one-hot there
