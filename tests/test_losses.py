"""Losses: hand-computed costs and gradients, the mean over examples, numerical derivatives,
saturated probabilities, the fused shortcuts, and the checks in ``compute_cost``."""

import math
import warnings

import numpy as np
import pytest

from dnn_core import relative_error
from dnn_core.activations import ACTIVATIONS, Activation, sigmoid, sigmoid_backward, softmax
from dnn_core.losses import LOSSES, Loss, bce_gradient, compute_cost, fused_dZ, get_loss

BUILT_IN = ["binary_cross_entropy", "categorical_cross_entropy", "mse", "mae"]
NAMES = list(LOSSES)  # every registered loss, so one registered later is tested too


def central_difference(f, x, h=1e-6):
    """df/dx entry by entry for a scalar function f of the array x (x itself is not changed)."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        grad[i] = (f(xp) - f(xm)) / (2 * h)
    return grad


def example(name, m, seed=0):
    """(AL, Y) for a loss: probabilities away from 0/1 for the cross-entropies, one-hot labels
    for CCE, and for MAE residuals |AL - Y| >= 0.1 so no nudge crosses the kink of |x|."""
    rng = np.random.default_rng(seed)
    if name == "binary_cross_entropy":
        return rng.uniform(0.05, 0.95, (2, m)), rng.integers(0, 2, (2, m)).astype(float)
    if name == "categorical_cross_entropy":
        AL = softmax(rng.normal(size=(3, m)))[0]
        return AL, np.eye(3)[:, rng.integers(0, 3, m)]
    AL = rng.normal(size=(2, m))
    if name == "mse":
        return AL, rng.normal(size=(2, m))
    return AL, AL + rng.choice([-1.0, 1.0], (2, m)) * rng.uniform(0.1, 1.0, (2, m))


# --------------------------------------------------------------------------- hand values
def test_registry_holds_the_four_built_in_losses_first():
    assert list(LOSSES)[:4] == BUILT_IN
    for name, loss in LOSSES.items():
        assert isinstance(loss, Loss) and loss.name == name


def test_bce_hand_values():
    AL, Y = np.array([[0.8, 0.4]]), np.array([[1.0, 0.0]])
    # J = -(1/2) [log 0.8 + log(1 - 0.4)]
    assert compute_cost(AL, Y, "binary_cross_entropy") == pytest.approx(
        -(math.log(0.8) + math.log(0.6)) / 2, rel=1e-14
    )
    # dJ/dAL = -(1/m) (Y/AL - (1-Y)/(1-AL)) = (-(1/0.8)/2, (1/0.6)/2)
    np.testing.assert_allclose(
        LOSSES["binary_cross_entropy"].gradient(AL, Y), [[-0.625, 1 / 1.2]], rtol=1e-14
    )


def test_bce_soft_labels_hand_value():
    AL, Y = np.array([[0.5]]), np.array([[0.3]])
    # -(0.3 log 0.5 + 0.7 log 0.5) = log 2; gradient -(0.3/0.5 - 0.7/0.5) = 0.8
    assert compute_cost(AL, Y, "binary_cross_entropy") == pytest.approx(math.log(2), rel=1e-14)
    np.testing.assert_allclose(LOSSES["binary_cross_entropy"].gradient(AL, Y), [[0.8]], rtol=1e-14)


def test_cce_hand_values():
    AL = np.array([[0.7, 0.2], [0.2, 0.5], [0.1, 0.3]])
    Y = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    # J = -(1/2) (log 0.7 + log 0.3): only the true class counts
    assert compute_cost(AL, Y, "categorical_cross_entropy") == pytest.approx(
        -(math.log(0.7) + math.log(0.3)) / 2, rel=1e-14
    )
    # dJ/dAL = -(1/m) Y / AL
    np.testing.assert_allclose(
        LOSSES["categorical_cross_entropy"].gradient(AL, Y),
        [[-1 / 1.4, 0.0], [0.0, 0.0], [0.0, -1 / 0.6]],
        rtol=1e-14,
    )


def test_mse_hand_values():
    AL, Y = np.array([[0.5, 2.0]]), np.array([[1.0, 1.0]])
    # J = (1/2) (0.25 + 1) ; dJ/dAL = (2/2) (AL - Y)
    assert compute_cost(AL, Y, "mse") == pytest.approx(0.625, rel=1e-15)
    np.testing.assert_allclose(LOSSES["mse"].gradient(AL, Y), [[-0.5, 1.0]], rtol=1e-15)


def test_mse_sums_over_output_rows_and_averages_over_columns():
    """The gradient is element by element, (2/m)(AL - Y) -- not the source document's
    (2/m) sum(AL - Y), one number shared by every entry (its error 5)."""
    AL, Y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2))
    assert compute_cost(AL, Y, "mse") == pytest.approx((1 + 4 + 9 + 16) / 2, rel=1e-15)
    np.testing.assert_allclose(LOSSES["mse"].gradient(AL, Y), AL, rtol=1e-15)


def test_mae_hand_values():
    AL, Y = np.array([[0.5, 2.0, 1.0]]), np.array([[1.0, 1.0, 1.0]])
    # J = (0.5 + 1 + 0) / 3 ; dJ/dAL = sign(AL - Y) / 3, with 0 where AL = Y
    assert compute_cost(AL, Y, "mae") == pytest.approx(0.5, rel=1e-15)
    np.testing.assert_allclose(LOSSES["mae"].gradient(AL, Y), [[-1 / 3, 1 / 3, 0.0]], rtol=1e-15)


def test_compute_cost_returns_a_python_float():
    AL, Y = example("mse", 4)
    assert type(compute_cost(AL, Y, "mse")) is float


def test_compute_cost_accepts_a_loss_object():
    AL, Y = example("mse", 4)
    assert compute_cost(AL, Y, LOSSES["mse"]) == compute_cost(AL, Y, "mse")


# --------------------------------------------------------------------------- mean over examples
@pytest.mark.parametrize("name", NAMES)
def test_cost_is_mean_over_examples(name):
    AL, Y = example(name, 5)
    once = compute_cost(AL, Y, name)
    assert compute_cost(np.hstack([AL, AL]), np.hstack([Y, Y]), name) == pytest.approx(
        once, rel=1e-13
    )
    assert compute_cost(np.tile(AL, 7), np.tile(Y, 7), name) == pytest.approx(once, rel=1e-13)
    # and it is the average of the per-example costs
    per_example = [compute_cost(AL[:, [j]], Y[:, [j]], name) for j in range(5)]
    assert once == pytest.approx(np.mean(per_example), rel=1e-13)


# --------------------------------------------------------------------------- gradient = dJ/dAL
@pytest.mark.parametrize("m", [1, 8, 64])
@pytest.mark.parametrize("name", NAMES)
def test_gradient_is_numerical_derivative_of_cost(name, m):
    AL, Y = example(name, m, seed=m)
    loss = LOSSES[name]
    numeric = central_difference(lambda a: loss.cost(a, Y), AL)
    analytic = loss.gradient(AL, Y)
    assert analytic.shape == AL.shape
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


# --------------------------------------------------------------------------- saturated outputs
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_finite_when_AL_is_exactly_0_or_1(dtype):
    AL = np.array([[0.0, 1.0, 0.0, 1.0]], dtype=dtype)
    Y = np.array([[0.0, 1.0, 1.0, 0.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = compute_cost(AL, Y, "binary_cross_entropy")
        grad = LOSSES["binary_cross_entropy"].gradient(AL, Y)
        fused = LOSSES["binary_cross_entropy"].fused[ACTIVATIONS["sigmoid"]](AL, Y)
    # AL is clipped to [eps, 1 - eps]: two sure-and-wrong predictions cost -log(eps) each
    # (the right ones cost -log(1 - eps) ~ eps), averaged over m = 4
    eps = np.finfo(dtype).eps
    assert cost == pytest.approx(-math.log(eps) / 2, rel=1e-6)
    assert np.isfinite(grad).all() and np.isfinite(fused).all()


def test_bce_right_and_certain_costs_almost_nothing():
    AL, Y = np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert 0 <= compute_cost(AL, Y, "binary_cross_entropy") < 1e-12


def test_cce_finite_when_a_probability_is_exactly_0():
    AL = np.array([[1.0, 0.0], [0.0, 1.0]])
    Y = np.array([[0.0, 0.0], [1.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = compute_cost(AL, Y, "categorical_cross_entropy")
        grad = LOSSES["categorical_cross_entropy"].gradient(AL, Y)
    assert math.isfinite(cost) and cost > 30 / 2
    assert np.isfinite(grad).all()


# --------------------------------------------------------------------------- fused shortcuts
# (A - Y) / m is dJ/dZ for sigmoid + BCE and for softmax + CCE: checked against the numerical
# derivative of the cost of g(Z) (float64), and against the chain rule through the loss's dAL
# and the activation's backward (in float64 and float32, away from saturation).
TOLERANCE = {np.float64: 1e-9, np.float32: 1e-4}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("m", [1, 8, 64])
def test_fused_sigmoid_bce_is_dJ_dZ(m, dtype):
    rng = np.random.default_rng(m)
    Z = rng.normal(scale=2.0, size=(2, m)).astype(dtype)
    Y = rng.integers(0, 2, (2, m)).astype(dtype)
    sig, bce = ACTIVATIONS["sigmoid"], LOSSES["binary_cross_entropy"]
    AL, cache = sig.forward(Z)
    chain = sig.backward(bce.gradient(AL, Y), cache, A=AL)
    fused = bce.fused[sig](AL, Y)
    tol = TOLERANCE[dtype]
    np.testing.assert_allclose(fused, chain, rtol=tol, atol=tol * 1e-6)
    np.testing.assert_allclose(fused, (AL - Y) / m, rtol=1e-6 if dtype == np.float32 else 1e-15)
    if dtype == np.float64:
        numeric = central_difference(lambda z: bce.cost(sigmoid(z)[0], Y), Z)
        assert relative_error(fused, numeric) < 1e-7


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("soft", [False, True])
@pytest.mark.parametrize("m", [1, 8, 64])
def test_fused_softmax_cce_is_dJ_dZ(m, soft, dtype):
    rng = np.random.default_rng(m)
    Z = rng.normal(scale=2.0, size=(4, m))
    if soft:  # label smoothing: columns still sum to 1
        Y = softmax(rng.normal(size=(4, m)))[0]
    else:
        Y = np.eye(4)[:, rng.integers(0, 4, m)]
    Z, Y = Z.astype(dtype), Y.astype(dtype)
    smx, cce = ACTIVATIONS["softmax"], LOSSES["categorical_cross_entropy"]
    AL, cache = smx.forward(Z)
    chain = smx.backward(cce.gradient(AL, Y), cache, A=AL)
    fused = cce.fused[smx](AL, Y)
    tol = TOLERANCE[dtype]
    np.testing.assert_allclose(fused, chain, rtol=tol, atol=tol * 1e-6)
    if dtype == np.float64:
        numeric = central_difference(lambda z: cce.cost(softmax(z)[0], Y), Z)
        assert relative_error(fused, numeric) < 1e-7


def _sure_and_wrong_dZ(z, dtype):
    """(fused, chain rule, exact) dJ/dz for one example with sigmoid output sigma(z) and the label
    it is sure is wrong (y = 0 for z > 0, y = 1 for z < 0). Exact, without cancellation:
    sigma(z) - y = 1 / (1 + e^-z) for y = 0 and -1 / (1 + e^z) for y = 1."""
    y = 0.0 if z > 0 else 1.0
    Z, Y = np.array([[z]], dtype=dtype), np.array([[y]], dtype=dtype)
    A = sigmoid(Z)[0]
    fused = fused_dZ(A, Y)[0, 0]
    chain = sigmoid_backward(bce_gradient(A, Y), Z, A=A)[0, 0]
    exact = 1 / (1 + math.exp(-z)) if y == 0 else -1 / (1 + math.exp(z))
    return abs(fused - exact) / abs(exact), abs(chain - exact) / abs(exact)


def test_fused_gradient_stays_right_where_the_chain_rule_loses_it():
    """For a sure-and-wrong example, (A - Y)/m is right to rounding at every z, while the chain
    rule through the clipped cross-entropy gradient collapses once the sigmoid saturates: at
    |z| = 40 in float64, and already at |z| = 20 in float32 (chapter 11's table)."""
    zs = (-40.0, -20.0, -10.0, 10.0, 20.0, 40.0)
    fused, chain = zip(*(_sure_and_wrong_dZ(z, np.float64) for z in zs))
    fused, chain = dict(zip(zs, fused)), dict(zip(zs, chain))
    assert max(fused.values()) < 1e-15
    assert all(chain[z] < 1e-12 for z in (-20.0, -10.0, 10.0, 20.0))
    assert chain[40.0] == 1.0 and chain[-40.0] > 0.9  # 0 returned; a few % of the true size
    fused, chain = zip(*(_sure_and_wrong_dZ(z, np.float32) for z in zs))
    fused, chain = dict(zip(zs, fused)), dict(zip(zs, chain))
    assert max(fused.values()) < 1e-6
    assert all(chain[z] < 1e-5 for z in (-10.0, 10.0))
    assert chain[20.0] == 1.0 and chain[-20.0] > 0.9 and chain[40.0] == 1.0


def test_only_the_two_exact_shortcuts_exist():
    assert LOSSES["binary_cross_entropy"].fused == {ACTIVATIONS["sigmoid"]: fused_dZ}
    assert LOSSES["categorical_cross_entropy"].fused == {ACTIVATIONS["softmax"]: fused_dZ}
    assert set(LOSSES["binary_cross_entropy"].fused) == {ACTIVATIONS["sigmoid"]}
    assert set(LOSSES["categorical_cross_entropy"].fused) == {ACTIVATIONS["softmax"]}
    assert not LOSSES["mse"].fused and not LOSSES["mae"].fused


def test_home_made_sigmoid_takes_no_shortcut():
    home_made = Activation("sigmoid", lambda Z: sigmoid(Z), lambda dA, c, *, A=None: dA)
    assert home_made not in LOSSES["binary_cross_entropy"].fused


def test_losses_name_the_output_they_need():
    assert LOSSES["binary_cross_entropy"].output_activations == ("sigmoid",)
    assert LOSSES["categorical_cross_entropy"].output_activations == ("softmax",)
    assert LOSSES["mse"].output_activations == () and LOSSES["mae"].output_activations == ()


# --------------------------------------------------------------------------- compute_cost checks
@pytest.mark.parametrize("name", NAMES)
def test_shape_mismatch_names_Y_and_AL(name):
    AL, Y = example(name, 4)
    with pytest.raises(ValueError, match=r"Y has shape \(\d, 3\) but AL .* has shape \(\d, 4\)"):
        compute_cost(AL, Y[:, :3], name)


def test_transposed_Y_is_a_shape_error():
    AL, Y = example("mse", 4)
    with pytest.raises(ValueError, match="Y must be"):
        compute_cost(AL, Y.T, "mse")


@pytest.mark.parametrize("bad", [2.0, -1.0])
def test_bce_labels_outside_0_1(bad):
    AL, Y = np.array([[0.5, 0.5]]), np.array([[bad, 0.0]])
    with pytest.raises(ValueError, match=r"Y: binary cross-entropy needs labels in \[0, 1\]"):
        compute_cost(AL, Y, "binary_cross_entropy")


def test_cce_labels_whose_columns_do_not_sum_to_1():
    AL = np.full((2, 2), 0.5)
    Y = np.array([[1.0, 0.5], [1.0, 0.2]])
    with pytest.raises(ValueError, match=r"Y: categorical cross-entropy needs .* sums to 1"):
        compute_cost(AL, Y, "categorical_cross_entropy")


def test_cce_labels_outside_0_1_name_categorical_cross_entropy():
    AL = np.full((2, 1), 0.5)
    Y = np.array([[1.5], [-0.5]])  # sums to 1 but is not a distribution
    with pytest.raises(ValueError, match="categorical cross-entropy"):
        compute_cost(AL, Y, "categorical_cross_entropy")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("name", NAMES)
def test_non_finite_Y_is_rejected(name, bad):
    AL, Y = example(name, 3)
    Y = Y.copy()
    Y[0, 1] = bad
    with pytest.raises(ValueError, match="Y contains NaN or inf"):
        compute_cost(AL, Y, name)


def test_non_finite_AL_is_rejected():
    AL, Y = example("mse", 3)
    AL = AL.copy()
    AL[1, 2] = np.nan
    with pytest.raises(ValueError, match="AL contains NaN or inf"):
        compute_cost(AL, Y, "mse")


def test_unknown_loss_lists_valid_names():
    with pytest.raises(ValueError, match="unknown loss 'cross_entropy'") as info:
        compute_cost(np.ones((1, 2)) / 2, np.ones((1, 2)), "cross_entropy")
    for name in NAMES:
        assert name in str(info.value)


def test_get_loss_names_its_argument_and_rejects_non_str():
    with pytest.raises(ValueError, match="loss_function: unknown loss 'MSE'"):
        get_loss("MSE", "loss_function")
    with pytest.raises(TypeError, match=r"loss must be a name \(str\) or a Loss"):
        get_loss(None)
    assert get_loss(LOSSES["mae"]) is LOSSES["mae"]


@pytest.mark.parametrize("loss", ["mse", "mae"])
def test_a_cost_beyond_the_float_range_is_inf_without_a_warning(loss):
    AL, Y = np.array([[1e200, 0.0]]), np.array([[-1e200, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = compute_cost(AL, Y, loss)
    assert cost == (math.inf if loss == "mse" else 1e200)
