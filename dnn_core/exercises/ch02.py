"""Checks for the exercises of chapter 02 (activation functions).

The learner writes the backward pass of an activation, dZ = dA * g'(Z), as a
function ``(dA, Z) -> dZ`` (leaky ReLU also takes ``alpha``). Each check runs
it on seeded test cases -- random values plus the special points z = 0 and
|z| = 30 -- against dnn_core's own backward function. Before the generic
comparison, it looks for the common slips (dA forgotten, Z used where g(Z)
belongs, the source document's dZ = alpha) and names them.
"""
import copy

import numpy as np

from .. import activations as core
from . import ExerciseFailed, check_function

SPECIAL_Z = np.array([[-30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 30.0]])
SPECIAL_DA = np.array([[1.5, -2.0, 3.0, 0.7, -1.0, 2.5, 4.0]])


def _cases(seed, extra_args=()):
    """(dA, Z, *extra_args) tuples: three random shapes, then the special points."""
    rng = np.random.default_rng(seed)
    cases = []
    for shape in [(3, 4), (1, 6), (5, 2)]:
        Z = rng.normal(0.0, 3.0, shape)
        dA = rng.normal(0.0, 1.0, shape)
        cases.append((dA, Z, *extra_args))
    cases.append((SPECIAL_DA.copy(), SPECIAL_Z.copy(), *extra_args))
    return cases


def _diagnose(learner_fn, cases, name, explain):
    """Run the learner on each case; where the result is an array of the right shape
    that is wrong in a recognisable way, raise ExerciseFailed with ``explain``'s text.
    Anything else (an exception, a wrong shape) is left to ``check_function``."""
    for number, case in enumerate(cases, start=1):
        try:
            got = learner_fn(*copy.deepcopy(case))
        except Exception:
            return
        dA, Z = case[0], case[1]
        if not isinstance(got, np.ndarray) or got.shape != Z.shape:
            return
        message = explain(got, *case)
        if message:
            raise ExerciseFailed(f"{name}, test case {number} of {len(cases)}: {message}")


def _same(a, b):
    return np.allclose(a, b, rtol=1e-6, atol=1e-9)


def _at(index, Z, dA, got, expected):
    return (f"at z = {Z[index]:.4g} with dA = {dA[index]:.4g} you returned {got[index]:.4g}, "
            f"expected {expected[index]:.4g}")


def _first_bad(got, expected):
    return tuple(np.argwhere(~np.isclose(got, expected, rtol=1e-6, atol=1e-9))[0])


# --------------------------------------------------------------------------- sigmoid
def _explain_sigmoid(got, dA, Z):
    s = core.sigmoid(Z)[0]
    expected = dA * s * (1 - s)
    if _same(got, expected):
        return None
    if _same(got, s * (1 - s)):
        return ("you returned sigma'(Z) itself. The backward pass must multiply the local "
                "slope by the gradient arriving from above: dZ = dA * s * (1 - s).")
    if _same(got, dA * Z * (1 - Z)):
        return ("you used Z in s (1 - s); s is the sigmoid's output, s = 1 / (1 + exp(-Z)).")
    if _same(got, dA * s):
        return "the factor (1 - s) is missing: dZ = dA * s * (1 - s)."
    return None


def check_sigmoid_backward(sigmoid_backward):
    """Check ``sigmoid_backward(dA, Z) -> dZ = dA * sigma(Z) * (1 - sigma(Z))``."""
    cases = _cases(seed=21)
    _diagnose(sigmoid_backward, cases, "sigmoid_backward", _explain_sigmoid)
    check_function(sigmoid_backward, lambda dA, Z: core.sigmoid_backward(dA, Z), cases,
                   name="sigmoid_backward")


# --------------------------------------------------------------------------- tanh
def _explain_tanh(got, dA, Z):
    t = np.tanh(Z)
    expected = dA * (1 - t * t)
    if _same(got, expected):
        return None
    if _same(got, 1 - t * t):
        return ("you returned tanh'(Z) itself. Multiply it by the gradient arriving from "
                "above: dZ = dA * (1 - tanh(Z)**2).")
    if _same(got, dA * (1 - Z * Z)):
        return "you used Z in 1 - t^2; t is the output tanh(Z), so dZ = dA * (1 - np.tanh(Z)**2)."
    if _same(got, dA * (1 - t)):
        return "the square is missing: tanh'(z) = 1 - tanh(z)^2, so dZ = dA * (1 - t**2)."
    return None


def check_tanh_backward(tanh_backward):
    """Check ``tanh_backward(dA, Z) -> dZ = dA * (1 - tanh(Z)^2)``."""
    cases = _cases(seed=22)
    _diagnose(tanh_backward, cases, "tanh_backward", _explain_tanh)
    check_function(tanh_backward, lambda dA, Z: core.tanh_backward(dA, Z), cases,
                   name="tanh_backward")


# --------------------------------------------------------------------------- leaky ReLU
def _explain_leaky(got, dA, Z, alpha=0.01):
    expected = core.leaky_relu_backward(dA, Z, alpha)
    wrong = ~np.isclose(got, expected, rtol=1e-6, atol=1e-9)
    if not wrong.any():
        return None
    where = _first_bad(got, expected)
    example = _at(where, Z, dA, got, expected)
    if (Z[wrong] > 0).any():
        return (f"dZ is wrong where z > 0 ({int((wrong & (Z > 0)).sum())} entries); {example}. "
                "There the slope is 1, so dZ = dA.")
    if (Z[wrong] == 0).all():
        return (f"dZ is wrong at z = 0; {example}. dnn_core takes the slope alpha at z = 0 "
                "(the z <= 0 side): use the condition Z > 0 for the slope 1.")
    message = (f"dZ is wrong where z <= 0 ({int(wrong.sum())} of {Z.size} entries, "
               f"alpha = {alpha:g}); {example}. Where z <= 0 the local slope is alpha, and the "
               "chain rule multiplies it by the incoming gradient: dZ = alpha * dA.")
    if _same(got[Z <= 0], np.full((Z <= 0).sum(), alpha)):
        message += (" Setting dZ = alpha there, as the source document did, drops dA: "
                    "it is right only when dA happens to be 1.")
    elif not np.isclose(alpha, 0.01) and _same(got, core.leaky_relu_backward(dA, Z, 0.01)):
        message += " Did you use 0.01 instead of the alpha that was passed in?"
    return message


def check_leaky_relu_backward(leaky_relu_backward):
    """Check ``leaky_relu_backward(dA, Z, alpha=0.01) -> dZ``: dA where Z > 0, alpha * dA
    elsewhere. Cases call it with the default alpha and with alpha = 0.2."""
    cases = _cases(seed=23) + _cases(seed=24, extra_args=(0.2,))
    _diagnose(leaky_relu_backward, cases, "leaky_relu_backward", _explain_leaky)
    check_function(leaky_relu_backward, lambda dA, Z, *alpha: core.leaky_relu_backward(dA, Z, *alpha),
                   cases, name="leaky_relu_backward")
