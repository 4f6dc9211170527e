"""Checks for the exercises of chapter 02 (activation functions).

The learner writes the backward pass of an activation, dZ = dA * g'(Z), as a
function ``(dA, Z) -> dZ`` (leaky ReLU also takes ``alpha``). Each check runs
it on seeded test cases -- random values plus the special points z = 0 and
|z| = 30 -- against dnn_core's own backward function. When they differ, the
known mistakes (dA forgotten, Z used where g(Z) belongs, the source document's
dZ = alpha, ...) name the slip.
"""

import numpy as np

from .. import activations as core
from . import check_function, gives, same

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


# --------------------------------------------------------------------------- sigmoid
def _s(Z):
    return core.sigmoid(Z)[0]


SIGMOID_MISTAKES = [
    (
        "you returned sigma'(Z) itself. The backward pass must multiply the local slope by the "
        "gradient arriving from above: dZ = dA * s * (1 - s).",
        gives(lambda dA, Z: _s(Z) * (1 - _s(Z))),
    ),
    (
        "you used Z in s (1 - s); s is the sigmoid's output, s = 1 / (1 + exp(-Z)).",
        gives(lambda dA, Z: dA * Z * (1 - Z)),
    ),
    ("the factor (1 - s) is missing: dZ = dA * s * (1 - s).", gives(lambda dA, Z: dA * _s(Z))),
]


def check_sigmoid_backward(sigmoid_backward):
    """Check ``sigmoid_backward(dA, Z) -> dZ = dA * sigma(Z) * (1 - sigma(Z))``."""
    check_function(
        sigmoid_backward,
        lambda dA, Z: core.sigmoid_backward(dA, Z),
        _cases(seed=21),
        name="sigmoid_backward",
        mistakes=SIGMOID_MISTAKES,
    )


# --------------------------------------------------------------------------- tanh
TANH_MISTAKES = [
    (
        "you returned tanh'(Z) itself. Multiply it by the gradient arriving from above: "
        "dZ = dA * (1 - tanh(Z)**2).",
        gives(lambda dA, Z: 1 - np.tanh(Z) ** 2),
    ),
    (
        "you used Z in 1 - t^2; t is the output tanh(Z), so dZ = dA * (1 - np.tanh(Z)**2).",
        gives(lambda dA, Z: dA * (1 - Z * Z)),
    ),
    (
        "the square is missing: tanh'(z) = 1 - tanh(z)^2, so dZ = dA * (1 - t**2).",
        gives(lambda dA, Z: dA * (1 - np.tanh(Z))),
    ),
]


def check_tanh_backward(tanh_backward):
    """Check ``tanh_backward(dA, Z) -> dZ = dA * (1 - tanh(Z)^2)``."""
    check_function(
        tanh_backward,
        lambda dA, Z: core.tanh_backward(dA, Z),
        _cases(seed=22),
        name="tanh_backward",
        mistakes=TANH_MISTAKES,
    )


# --------------------------------------------------------------------------- leaky ReLU
def _leaky_hint(got, args):
    """Where dZ is wrong (z > 0, z = 0 or z <= 0), one such entry, and the fix; None if no
    entry is wrong."""
    dA, Z, alpha = args if len(args) == 3 else (*args, 0.01)
    expected = core.leaky_relu_backward(dA, Z, alpha)
    wrong = ~np.isclose(got, expected, rtol=1e-6, atol=1e-9)
    if not wrong.any():
        return None
    first = tuple(np.argwhere(wrong)[0])
    example = (
        f"at z = {Z[first]:.4g} with dA = {dA[first]:.4g} you returned {got[first]:.4g}, "
        f"expected {expected[first]:.4g}"
    )
    if (Z[wrong] > 0).any():
        return (
            f"dZ is wrong where z > 0 ({int((wrong & (Z > 0)).sum())} entries); {example}. "
            "There the slope is 1, so dZ = dA."
        )
    if (Z[wrong] == 0).all():
        return (
            f"dZ is wrong at z = 0; {example}. dnn_core takes the slope alpha at z = 0 "
            "(the z <= 0 side): use the condition Z > 0 for the slope 1."
        )
    message = (
        f"dZ is wrong where z <= 0 ({int(wrong.sum())} of {Z.size} entries, "
        f"alpha = {alpha:g}); {example}. Where z <= 0 the local slope is alpha, and the "
        "chain rule multiplies it by the incoming gradient: dZ = alpha * dA."
    )
    if same(got[Z <= 0], np.full((Z <= 0).sum(), alpha)):
        message += (
            " Setting dZ = alpha there, as the source document did, drops dA: "
            "it is right only when dA happens to be 1."
        )
    elif not np.isclose(alpha, 0.01) and same(got, core.leaky_relu_backward(dA, Z, 0.01)):
        message += " Did you use 0.01 instead of the alpha that was passed in?"
    return message


LEAKY_MISTAKES = [(_leaky_hint, lambda got, args: np.shape(got) == np.shape(args[1]))]


def check_leaky_relu_backward(leaky_relu_backward):
    """Check ``leaky_relu_backward(dA, Z, alpha=0.01) -> dZ``: dA where Z > 0, alpha * dA
    elsewhere. Cases call it with the default alpha and with alpha = 0.2."""
    cases = _cases(seed=23) + _cases(seed=24, extra_args=(0.2,))
    check_function(
        leaky_relu_backward,
        lambda dA, Z, *alpha: core.leaky_relu_backward(dA, Z, *alpha),
        cases,
        name="leaky_relu_backward",
        mistakes=LEAKY_MISTAKES,
    )
