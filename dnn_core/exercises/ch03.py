"""Checks for the exercises of chapter 03 (cost functions).

Each check runs the learner's function and dnn_core's own on seeded test cases
(``check_function``). When they differ, it also tries the usual wrong answers --
a stray sum, a missing 1/m, no clipping, no max-shift, ... (the ``..._MISTAKES``
lists) -- and if the learner's result matches one of them, the message names that
mistake and how to fix it.
"""

import numpy as np

from ..activations import softmax as _softmax
from ..losses import bce_cost as _bce_cost
from ..losses import mse_gradient as _mse_gradient
from . import check_function, gives


def _random_cases(seed, shapes, low=-2.0, high=2.0):
    rng = np.random.default_rng(seed)
    return [(rng.uniform(low, high, shape), rng.uniform(low, high, shape)) for shape in shapes]


# ---------------------------------------------------------------- mse_gradient
def _m(Y):
    return Y.shape[1]


MSE_MISTAKES = [
    (
        "you summed over the examples (the stray sum in the source document's printed formula). "
        "Entry AL[i] appears only in its own term (AL[i] - Y[i])^2, so dAL = (2/m) * (AL - Y) "
        "element by element: an array with the shape of AL.",
        lambda got, args: (
            np.size(got) < args[0].size
            and (
                gives(lambda AL, Y: 2 / _m(Y) * np.sum(AL - Y))(got, args)
                or gives(lambda AL, Y: 2 / _m(Y) * np.sum(AL - Y, axis=1))(got, args)
            )
        ),
    ),
    (
        "the 1/m is missing. J is the mean over the m examples, so every entry of dAL carries 1/m "
        "(m = Y.shape[1], the number of columns): dAL = (2/m) * (AL - Y).",
        gives(lambda AL, Y: 2 * (AL - Y)),
    ),
    (
        "you divided by m twice (the source document's error 4). J has one 1/m, so dAL has one: "
        "(2/m) * (AL - Y). Dividing again makes the steps shrink as the batch grows.",
        gives(lambda AL, Y: 2 * (AL - Y) / _m(Y) ** 2),
    ),
    (
        "the factor 2 is missing: the derivative of (AL - Y)^2 is 2 (AL - Y).",
        gives(lambda AL, Y: (AL - Y) / _m(Y)),
    ),
    (
        "the sign is flipped: J grows when AL moves away from Y, so dJ/dAL is positive where "
        "AL > Y. Use (AL - Y), not (Y - AL).",
        gives(lambda AL, Y: 2 / _m(Y) * (Y - AL)),
    ),
    (
        "m is the number of examples, Y.shape[1] (columns), not Y.size: with several output rows "
        "they differ.",
        gives(lambda AL, Y: 2 / Y.size * (AL - Y)),
    ),
    (
        "m is the number of examples, Y.shape[1] (columns), not Y.shape[0] or len(Y) (the rows, "
        "one per output): here Y has several rows, and they differ.",
        gives(lambda AL, Y: 2 / Y.shape[0] * (AL - Y)),
    ),
]


def check_mse_gradient(learner_fn):
    """The learner's mse_gradient(AL, Y) must equal dJ/dAL = (2/m) (AL - Y)."""
    # several output rows first: with one row, Y.shape[0] = 1 hides an m taken from the rows
    cases = _random_cases(30, [(3, 4), (1, 5), (1, 1), (2, 7)])
    check_function(learner_fn, _mse_gradient, cases, name="mse_gradient", mistakes=MSE_MISTAKES)


# ---------------------------------------------------------------- bce_cost
def _bce_cases():
    rng = np.random.default_rng(31)
    cases = []
    for shape in [(2, 5), (1, 6), (1, 1)]:  # two rows first: an m taken from the rows shows
        cases.append((rng.uniform(0.05, 0.95, shape), rng.integers(0, 2, shape).astype(float)))
    sure_and_right = np.array([[1.0, 0.0, 1.0, 0.0]])  # the cost must be (about) 0, not nan
    cases.append((sure_and_right.copy(), sure_and_right.copy()))
    cases.append((np.array([[0.0, 1.0, 0.7]]), np.array([[1.0, 0.0, 1.0]])))  # sure and wrong
    return cases


def _exact_0_or_1(AL):
    return bool(np.any((AL == 0) | (AL == 1)))


def _finite(got):
    """Whether the answer holds numbers, all finite. (On an answer that is no numbers, such as
    the exception the learner's function raised, it raises: that is not this mistake.)"""
    return got is not None and bool(np.all(np.isfinite(np.asarray(got, dtype=float))))


def _not_finite(got, args):
    return got is not None and not _finite(got)


BCE_MISTAKES = [
    (
        "the result is not finite. With AL exactly 0 or 1, log(0) = -inf (and 0 * log 0 = nan). "
        "Clip first: AL = np.clip(AL, eps, 1 - eps) with eps = np.finfo(float).eps.",
        _not_finite,
    ),
    (
        "return one number (a float), not an array: e.g. float(np.sum(...)) / m.",
        lambda got, args: np.ndim(got) > 0 and gives(_bce_cost)(got, args),
    ),
    (
        "the cost is negative: log of a probability is <= 0, so the loss needs a minus sign "
        "in front: J = -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)).",
        gives(lambda AL, Y: -_bce_cost(AL, Y)),
    ),
    (
        "the 1/m is missing: J is the mean over the m = Y.shape[1] examples, not the sum.",
        gives(lambda AL, Y: _bce_cost(AL, Y) * Y.shape[1]),
    ),
    (
        "m is the number of examples, Y.shape[1] (columns), not Y.shape[0] or len(Y) (the rows, "
        "one per output): here Y has several rows, and they differ.",
        gives(lambda AL, Y: _bce_cost(AL, Y) * Y.shape[1] / Y.shape[0]),
    ),
    (
        "np.mean averages over the output rows too. J sums over all the entries and divides by "
        "the number of examples only: m = Y.shape[1] (columns).",
        gives(lambda AL, Y: _bce_cost(AL, Y) * Y.shape[1] / Y.size),
    ),
    (
        "your clipping uses a different eps. Use eps = np.finfo(float).eps, as dnn_core does, so "
        "that your cost matches dnn_core's when AL is exactly 0 or 1.",
        lambda got, args: _exact_0_or_1(args[0]) and _finite(got),
    ),
]


def check_bce_cost(learner_fn):
    """The learner's bce_cost(AL, Y) must equal dnn_core's, and stay finite at AL = 0 or 1."""
    check_function(learner_fn, _bce_cost, _bce_cases(), name="bce_cost", mistakes=BCE_MISTAKES)


# ---------------------------------------------------------------- softmax
def _softmax_reference(Z):
    return _softmax(Z)[0]


def _softmax_cases():
    rng = np.random.default_rng(32)
    return [
        (rng.normal(0, 2, (3, 4)),),
        (rng.normal(0, 1, (5, 1)),),
        (np.array([[1000.0], [999.0], [998.0]]),),  # exp(1000) overflows
        (np.array([[1000.0, -1000.0], [999.0, -1001.0], [998.0, -999.0]]),),  # columns far apart
        # large spreads inside a column, the largest entry in either row: only the column's
        # maximum keeps every exponent <= 0 (its minimum, its mean or its first row do not)
        (np.array([[1000.0, -1000.0, 0.0, 1000.0], [-1000.0, 1000.0, 1000.0, 0.0]]),),
    ]


def _normalised(E, axis):
    return E / E.sum(axis=axis, keepdims=axis is not None)


ROWS_HINT = (
    "normalise down each column (axis=0): a column is one example, and its entries "
    "(the probabilities of the classes) must sum to 1."
)
SOFTMAX_MISTAKES = [
    (
        "return only A, the probabilities (dnn_core's softmax returns (A, cache); this one "
        "returns just A).",
        lambda got, args: isinstance(got, tuple),
    ),
    (
        "you subtracted each column's minimum. Then the largest entry becomes z_max - z_min, "
        "2000 in a column like [1000, -1000], and exp(2000) = inf. Subtract the maximum, "
        "Z.max(axis=0, keepdims=True): then every exponent is <= 0 and exp stays <= 1.",
        gives(lambda Z: _normalised(np.exp(Z - Z.min(axis=0, keepdims=True)), 0)),
    ),
    (
        "you subtracted each column's mean. In a column like [1000, -1000] the mean is 0, so "
        "exp(1000) still overflows. Subtract the maximum, Z.max(axis=0, keepdims=True): then "
        "every exponent is <= 0.",
        gives(lambda Z: _normalised(np.exp(Z - Z.mean(axis=0, keepdims=True)), 0)),
    ),
    (
        "you subtracted the first row, Z[0]. Any shift works mathematically, but only the "
        "column's maximum keeps every exponent <= 0: in a column like [0, 1000] the first row "
        "leaves exp(1000) = inf. Use Z.max(axis=0, keepdims=True).",
        gives(lambda Z: _normalised(np.exp(Z - Z[:1]), 0)),
    ),
    (
        "exp(1000) overflows to inf, and inf / inf = nan. Subtract each column's maximum first: "
        "Z - Z.max(axis=0, keepdims=True) changes nothing mathematically and keeps exp <= 1.",
        gives(lambda Z: _normalised(np.exp(Z), 0)),
    ),
    (
        "subtract each column's own maximum, Z.max(axis=0, keepdims=True), not the maximum of the "
        "whole matrix: one column near 1000 pushes another near -1000 down to exp(-2000) = 0, "
        "and 0 / 0 = nan.",
        gives(lambda Z: _normalised(np.exp(Z - Z.max()), 0)),
    ),
    (ROWS_HINT, gives(lambda Z: _normalised(np.exp(Z - Z.max(axis=1, keepdims=True)), 1))),
    (ROWS_HINT, gives(lambda Z: _normalised(np.exp(Z - Z.max(axis=0, keepdims=True)), 1))),
    (ROWS_HINT, gives(lambda Z: _normalised(np.exp(Z), 1))),
    (
        "np.sum without an axis adds up the whole matrix; divide each column by its own sum: "
        "E.sum(axis=0, keepdims=True).",
        gives(lambda Z: _normalised(np.exp(Z - Z.max(axis=0, keepdims=True)), None)),
    ),
    (
        "not finite: exp overflowed somewhere. Subtract each column's maximum before exp.",
        _not_finite,
    ),
]


def check_softmax(learner_fn):
    """The learner's softmax(Z) must return A = exp(Z) / sum(exp(Z)) down each column,
    also for Z = 1000 (where exp overflows without the max-shift)."""
    check_function(
        learner_fn, _softmax_reference, _softmax_cases(), name="softmax", mistakes=SOFTMAX_MISTAKES
    )
