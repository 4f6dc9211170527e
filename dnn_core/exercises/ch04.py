"""Checks for the exercises of chapter 04 (backpropagation and gradient checking).

    check_linear_backward     linear_backward(dZ, cache) -> (dA_prev, dW, db)
    check_two_layer_backward  two_layer_backward(X, Y, parameters) -> {dW1, db1, dW2, db2}
                              for ReLU -> sigmoid with binary cross-entropy
    check_relative_error      relative_error(g, g_approx) -> float

Each check runs the learner's function and dnn_core's own on seeded test cases
(``check_function``). When they differ, it looks at the first test case the answer
gets wrong and tries the usual mistakes -- the source document's extra 1/m, a missing
transpose, a sum over the wrong axis, a forgotten ReLU mask, ... If one of them
explains the answer, the message names it and says how to fix it.
"""

import numpy as np

from ..backward import L_model_backward
from ..backward import linear_backward as _linear_backward
from ..forward import L_model_forward
from ..gradient_check import relative_error as _relative_error
from . import check_function, gives, raised, returned, same

SHAPE_ERROR = raised("matmul", "shape", kind=ValueError)


# ----------------------------------------------------------------------------- linear_backward
def _linear_cases():
    """(dZ, (A_prev, W, b)) for layers of several shapes. The first is square (n = n_prev = m),
    so a missing transpose gives wrong numbers rather than a shape error, and can be named."""
    rng = np.random.default_rng(40)
    cases = []
    for n, n_prev, m in [(3, 3, 3), (4, 3, 5), (1, 2, 1), (2, 5, 7)]:
        A_prev, W = rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev))
        b, dZ = rng.normal(size=(n, 1)), rng.normal(size=(n, m))
        cases.append((dZ, (A_prev, W, b)))
    return cases


def _wrong_in(i, wrong_fn):
    """A mistake test: returned value i is not right, and it equals wrong_fn(dZ, A_prev, W)."""
    right = returned(i, gives(lambda dZ, cache: _linear_backward(dZ, cache)[i]))
    wrong = returned(i, gives(lambda dZ, cache: wrong_fn(dZ, *cache[:2])))
    return lambda got, args: wrong(got, args) and not right(got, args)


def _divided_by_m(i):
    return _wrong_in(
        i,
        lambda dZ, A_prev, W: (
            (W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True))[i] / dZ.shape[1]
        ),
    )


def _is_permutation(got, args):
    expected = _linear_backward(*args)
    if not isinstance(got, (tuple, list)) or len(got) != 3 or same(got[0], expected[0]):
        return False
    return all(any(same(g, e) for g in got) for e in expected)


DOCUMENT_1_OVER_M = (
    "you divided dW and db by m -- the source document's linear_backward did that (its error 4). "
    "In dnn_core the cost J is the mean over the m examples and the loss's gradient dAL = dJ/dAL "
    "already carries that 1/m; it flows down into dZ. Dividing again makes every gradient m times "
    "too small. Use dW = dZ @ A_prev.T and db = np.sum(dZ, axis=1, keepdims=True)."
)

LINEAR_MISTAKES = [
    (
        "a shape error. Write down the shapes: dZ is (n, m), A_prev (n_prev, m), W (n, n_prev). "
        "dW must be (n, n_prev) like W: dZ @ A_prev.T. dA_prev must be (n_prev, m) like A_prev: "
        "W.T @ dZ.",
        SHAPE_ERROR,
    ),
    ("return the three gradients in the order (dA_prev, dW, db).", _is_permutation),
    (
        DOCUMENT_1_OVER_M,
        lambda got, args: _divided_by_m(1)(got, args) and _divided_by_m(2)(got, args),
    ),
    (
        "dW is divided by m. dZ already carries the 1/m of the mean cost (it came from dAL), so "
        "dW = dZ @ A_prev.T with no further 1/m.",
        _divided_by_m(1),
    ),
    (
        "db is divided by m (np.mean instead of np.sum?). dZ already carries the 1/m of the mean "
        "cost, so db = np.sum(dZ, axis=1, keepdims=True).",
        _divided_by_m(2),
    ),
    ("dA_prev carries no 1/m: dA_prev = W.T @ dZ.", _divided_by_m(0)),
    (
        "dW is missing a transpose: dW = dZ @ A_prev.T. By shapes: dZ is (n, m) and dW must be "
        "(n, n_prev) like W, so the m columns of dZ must meet the m columns of A_prev -- "
        "A_prev.T is (m, n_prev).",
        _wrong_in(1, lambda dZ, A_prev, W: dZ @ A_prev),
    ),
    (
        "your dW is the transpose of the right one (A_prev @ dZ.T has shape (n_prev, n)). dW must "
        "have the shape of W, (n, n_prev): dW = dZ @ A_prev.T.",
        _wrong_in(1, lambda dZ, A_prev, W: A_prev @ dZ.T),
    ),
    (
        "the transposes are misplaced in dW: dW = dZ @ A_prev.T (entry i, j sums dZ[i, k] * "
        "A_prev[j, k] over the examples k).",
        _wrong_in(1, lambda dZ, A_prev, W: A_prev.T @ dZ),
    ),
    (
        "dA_prev is missing a transpose: dA_prev = W.T @ dZ. By shapes: W is (n, n_prev) and dZ is "
        "(n, m); dA_prev must be (n_prev, m) like A_prev, so W.T (n_prev, n) comes first.",
        _wrong_in(0, lambda dZ, A_prev, W: W @ dZ),
    ),
    (
        "dA_prev is the transpose of the right one: dA_prev = W.T @ dZ has the shape of A_prev, "
        "(n_prev, m).",
        _wrong_in(0, lambda dZ, A_prev, W: dZ.T @ W),
    ),
    (
        "db must be summed over the examples. b is added to every column of Z, so every column "
        "contributes to its gradient: db = np.sum(dZ, axis=1, keepdims=True), shape (n, 1).",
        _wrong_in(2, lambda dZ, A_prev, W: dZ),
    ),
    (
        "db is summed over the wrong axis: the examples are the columns, so sum along axis=1 "
        "(keepdims=True gives the shape of b, (n, 1)).",
        _wrong_in(2, lambda dZ, A_prev, W: dZ.sum(axis=0)),
    ),
    (
        "db has lost its second dimension: add keepdims=True, so db has the shape of b, (n, 1).",
        returned(2, lambda db, args: np.ndim(db) == 1 and same(db, args[0].sum(axis=1))),
    ),
    (
        "db adds up the whole of dZ (one number). Each unit has its own bias: sum each row over "
        "the examples, np.sum(dZ, axis=1, keepdims=True).",
        returned(2, lambda db, args: args[0].shape[0] > 1 and same(db, args[0].sum())),
    ),
]


def check_linear_backward(learner_fn):
    """The learner's linear_backward(dZ, cache) must return (dA_prev, dW, db) =
    (W^T dZ, dZ A_prev^T, sum of dZ over the columns), with cache = (A_prev, W, b)."""
    check_function(
        learner_fn,
        _linear_backward,
        _linear_cases(),
        name="linear_backward",
        returns=("dA_prev", "dW", "db"),
        mistakes=LINEAR_MISTAKES,
    )


# ----------------------------------------------------------------------------- two_layer_backward
GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2")


def _reference_two_layer(X, Y, parameters):
    AL, caches = L_model_forward(X, parameters, "relu", "sigmoid")
    grads = L_model_backward(AL, Y, caches, "relu", "sigmoid", "binary_cross_entropy")
    return {key: grads[key] for key in GRADIENT_KEYS}


def _two_layer_variant(
    X,
    Y,
    parameters,
    dZ2_scale=None,
    extra_1_over_m=False,
    mask="relu",
    sigmoid_again=False,
    sign=1.0,
):
    """The 2-layer backward pass with one thing changed (a known mistake)."""
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = np.maximum(Z1, 0)
    A2 = 1 / (1 + np.exp(-(W2 @ A1 + b2)))
    dZ2 = sign * (A2 - Y) * (1 / m if dZ2_scale is None else dZ2_scale)
    if sigmoid_again:
        dZ2 = dZ2 * A2 * (1 - A2)
    k = 1 / m if extra_1_over_m else 1.0
    dA1 = W2.T @ dZ2
    dZ1 = {"relu": dA1 * (Z1 > 0), "none": dA1, "A1": dA1 * A1}[mask]
    return {
        "dW1": k * dZ1 @ X.T,
        "db1": k * dZ1.sum(axis=1, keepdims=True),
        "dW2": k * dZ2 @ A1.T,
        "db2": k * dZ2.sum(axis=1, keepdims=True),
    }


def _gives(**change):
    return gives(lambda X, Y, parameters: _two_layer_variant(X, Y, parameters, **change))


def _two_layer_cases():
    rng = np.random.default_rng(41)
    cases = []
    for dims, m in [([3, 4, 1], 5), ([2, 3, 1], 1), ([4, 5, 2], 6), ([2, 6, 1], 8)]:
        parameters = {}
        for l in (1, 2):
            parameters[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
            parameters[f"b{l}"] = rng.normal(0, 0.5, size=(dims[l], 1))
        X = rng.normal(size=(dims[0], m))
        Y = rng.integers(0, 2, size=(dims[2], m)).astype(float)
        cases.append((X, Y, parameters))
    return cases


TWO_LAYER_MISTAKES = [
    (
        "a shape error. Write down the shapes: X (n0, m), W1 (n1, n0), Z1 and A1 (n1, m), "
        "W2 (n2, n1), A2 and dZ2 (n2, m). Then dW2 = dZ2 @ A1.T is (n2, n1), dA1 = W2.T @ dZ2 is "
        "(n1, m) and dW1 = dZ1 @ X.T is (n1, n0).",
        SHAPE_ERROR,
    ),
    (
        "every gradient is m times too large: the 1/m is missing. The cost is the mean over the m "
        "examples, so the output layer starts from dZ2 = (A2 - Y) / m.",
        _gives(dZ2_scale=1.0),
    ),
    (
        "every gradient is m times too small: you divided by m twice, as the source document did "
        "(its error 4: a 1/m in the gradient of the cost and another in linear_backward). "
        "dZ2 = (A2 - Y) / m carries the one 1/m of the mean cost; dW = dZ @ A_prev.T and "
        "db = np.sum(dZ, axis=1, keepdims=True) add none.",
        _gives(extra_1_over_m=True),
    ),
    (
        "dW1 and db1 are off: the ReLU's slope is missing. Going back through the hidden layer, "
        "dZ1 = dA1 * relu'(Z1), where relu'(Z1) is 1 where Z1 > 0 and 0 elsewhere: "
        "dZ1 = dA1 * (Z1 > 0).",
        _gives(mask="none"),
    ),
    (
        "dZ1 = dA1 * relu'(Z1): multiply by the ReLU's slope (Z1 > 0), which is 0 or 1, not by "
        "its output A1.",
        _gives(mask="A1"),
    ),
    (
        "the shortcut dZ2 = (A2 - Y) / m already contains the sigmoid's derivative (it is "
        "dA2 * A2 (1 - A2) simplified); do not multiply by A2 (1 - A2) again.",
        _gives(sigmoid_again=True),
    ),
    ("the signs are flipped: dZ2 = (A2 - Y) / m, prediction minus target.", _gives(sign=-1.0)),
]


def check_two_layer_backward(learner_fn):
    """The learner's two_layer_backward(X, Y, parameters) must return the gradients dW1, db1,
    dW2, db2 of the binary cross-entropy cost of a ReLU -> sigmoid network."""
    check_function(
        learner_fn,
        _reference_two_layer,
        _two_layer_cases(),
        name="two_layer_backward",
        mistakes=TWO_LAYER_MISTAKES,
    )


# ----------------------------------------------------------------------------- relative_error
def _relative_cases():
    rng = np.random.default_rng(42)
    g = rng.normal(size=(6,))
    h = rng.normal(size=(3, 4))
    return [
        (g, g + 1e-3 * rng.normal(size=g.shape)),  # close, as from a correct backward pass
        (h, 0.5 * h + rng.normal(size=h.shape)),  # far apart, as from a bug
        (2 * h, h),  # one is twice the other: 1/3
        (np.zeros((2, 3)), rng.normal(size=(2, 3))),  # one of them zero: 1
        (np.zeros(4), np.zeros(4)),  # both zero: define the error as 0
    ]


def _norm(x):
    return np.linalg.norm(x)


RELATIVE_MISTAKES = [
    (
        "return one number, not an array: the norms ||.|| turn each gradient (and their difference) "
        "into a single length, e.g. np.linalg.norm(g - g_approx).",
        lambda got, args: np.ndim(got) > 0,
    ),
    (
        "when both gradients are zero, ||g|| + ||g_approx|| is 0 and 0 / 0 gives nan (or a "
        "ZeroDivisionError). Two zero gradients agree perfectly: return 0.0 in that case.",
        lambda got, args: (
            not np.any(args[0])
            and not np.any(args[1])
            and (isinstance(got, ZeroDivisionError) or np.isnan(float(got)))
        ),
    ),
    (
        "divide by ||g|| + ||g_approx||, not by ||g|| alone: the sum is symmetric in the two "
        "gradients, and it is 0 only when both are.",
        gives(lambda g, a: _norm(g - a) / _norm(g)),
    ),
    (
        "divide by ||g|| + ||g_approx||, not by ||g_approx|| alone: the sum is symmetric in the "
        "two gradients, and it is 0 only when both are.",
        gives(lambda g, a: _norm(g - a) / _norm(a)),
    ),
    (
        "the denominator is ||g|| + ||g_approx|| -- take each norm separately, then add -- not "
        "||g + g_approx||.",
        gives(lambda g, a: _norm(g - a) / _norm(g + a)),
    ),
    (
        "||g - g_approx|| alone is an absolute error: it grows and shrinks with the size of the "
        "gradients. Divide by ||g|| + ||g_approx|| to make it relative.",
        gives(lambda g, a: _norm(g - a)),
    ),
    (
        "use the Euclidean norm, np.linalg.norm(x) = sqrt(sum of x**2), not the sum of absolute "
        "values.",
        gives(lambda g, a: np.abs(g - a).sum() / (np.abs(g).sum() + np.abs(a).sum())),
    ),
    (
        "the norms need their square root: np.linalg.norm(x) = sqrt(sum of x**2), not the sum of "
        "squares.",
        gives(lambda g, a: ((g - a) ** 2).sum() / ((g**2).sum() + (a**2).sum())),
    ),
]


def check_relative_error(learner_fn):
    """The learner's relative_error(g, g_approx) must return
    ||g - g_approx|| / (||g|| + ||g_approx||), and 0.0 when both are zero."""
    check_function(
        learner_fn,
        _relative_error,
        _relative_cases(),
        name="relative_error",
        mistakes=RELATIVE_MISTAKES,
    )
