"""Checks for the exercises of chapter 04 (backpropagation and gradient checking).

    check_linear_backward     linear_backward(dZ, cache) -> (dA_prev, dW, db)
    check_L_model_backward    L_model_backward(AL, Y, caches, hidden, output, loss) -> grads
                              with dW1, db1, ..., dWL, dbL, for any depth and any supported
                              (output activation, loss) pair; confirmed by gradient checking
    check_relative_error      relative_error(g, g_approx) -> float

Each check runs the learner's function and dnn_core's own on seeded test cases
(``check_function``). When they differ, it looks at the first test case the answer
gets wrong and tries the usual mistakes -- the source document's extra 1/m, a missing
transpose, a sum over the wrong axis, a forgotten ReLU mask, ... If one of them
explains the answer, the message names it and says how to fix it.
"""

import numpy as np

from .. import losses
from ..activations import get_activation
from ..backward import L_model_backward
from ..backward import linear_backward as _linear_backward
from ..datasets import one_hot
from ..forward import L_model_forward
from ..gradient_check import gradient_check
from ..gradient_check import relative_error as _relative_error
from ..losses import get_loss
from ..parameters import initialize_parameters
from . import ExerciseFailed, acts_like, check_function, gives, raised, returned, same

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


# ----------------------------------------------------------------------------- L_model_backward
# (dims, hidden, output, loss, m): every supported kind of output layer, depths 1 to 4. The first
# case has three layers and ReLU units, so that most mistakes show in it and are named there.
BACKWARD_CASES = [
    ([3, 4, 4, 1], "relu", "sigmoid", "binary_cross_entropy", 5),
    ([2, 5, 4, 3, 1], "tanh", "linear", "mse", 4),
    ([4, 6, 3], "leaky_relu", "softmax", "categorical_cross_entropy", 6),
    ([2, 3, 2], "sigmoid", "sigmoid", "mse", 3),
    ([3, 2], "relu", "linear", "mae", 4),
    ([2, 3, 1], "relu", "sigmoid", "binary_cross_entropy", 1),
]
FUSED = {("sigmoid", "binary_cross_entropy"), ("softmax", "categorical_cross_entropy")}


def _backward_cases():
    rng = np.random.default_rng(43)
    cases = []
    for dims, hidden, output, loss, m in BACKWARD_CASES:
        parameters = initialize_parameters(dims, "xavier", seed=rng)
        for l in range(1, len(dims)):  # non-zero biases
            parameters[f"b{l}"] = rng.normal(0, 0.5, parameters[f"b{l}"].shape)
        X = rng.normal(size=(dims[0], m))
        if loss == "binary_cross_entropy":
            Y = rng.integers(0, 2, size=(dims[-1], m)).astype(float)
        elif loss == "categorical_cross_entropy":
            Y = one_hot(rng.integers(0, dims[-1], m), dims[-1])
        else:
            Y = rng.normal(size=(dims[-1], m))
        AL, caches = L_model_forward(X, parameters, hidden, output)
        cases.append((AL, Y, caches, hidden, output, loss))
    return cases


def _weights_and_biases(grads):
    """Only the dW and db entries of a gradient dict (the dA entries are optional)."""
    if not isinstance(grads, dict):
        return grads
    return {k: v for k, v in grads.items() if str(k).startswith(("dW", "db"))}


def _reference_backward(AL, Y, caches, hidden, output, loss):
    return _weights_and_biases(L_model_backward(AL, Y, caches, hidden, output, loss))


def _backward_variant(AL, Y, caches, hidden, output, loss, scale=1.0, fused="right",
                      output_again=False, hidden_slope=True, dW_from_Z=False, swap=False):  # fmt: skip
    """The backward pass with one thing changed (a known mistake): ``scale`` multiplies dZ[L]
    (m for a missing 1/m, 1/m for a second one, -1 for the sign); ``fused`` is "right",
    "always" (the shortcut (A - Y)/m for every pair) or "bce" (the binary cross-entropy
    gradient for every loss, the source document's error 3); ``output_again`` applies the output
    activation's slope after the shortcut; ``hidden_slope=False`` forgets g'(Z) in the hidden
    layers; ``dW_from_Z`` takes dW[l] from Z[l-1] instead of A[l-1]; ``swap`` uses the hidden
    activation on layer L and the output one below."""
    g_hidden, g_output = get_activation(hidden), get_activation(output)
    if swap:
        g_hidden, g_output = g_output, g_hidden
    L, m, grads = len(caches), Y.shape[1], {}
    (_, ZL) = caches[-1]
    if fused == "bce":
        dAL = losses.bce_gradient(AL, Y)
    else:
        dAL = get_loss(loss).gradient(AL, Y)
    if (fused == "right" and (output, loss) in FUSED) or fused == "always":
        dZ = (AL - Y) / m
        if output_again:
            dZ = g_output.backward(dZ, ZL)
    else:
        dZ = g_output.backward(dAL, ZL)
    dZ = {"m": m, "1/m": 1 / m}.get(scale, scale) * dZ
    dA = None
    for l in range(L, 0, -1):
        (A_prev, W, _), Z = caches[l - 1]
        if l < L:
            dZ = g_hidden.backward(dA, Z) if hidden_slope else dA
        source = caches[l - 2][1] if dW_from_Z and l > 1 else A_prev
        grads[f"dW{l}"] = dZ @ source.T
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True)
        dA = W.T @ dZ
    return grads


def _gives_backward(**change):
    return gives(lambda *args: _backward_variant(*args, **change))


def _m_of(args):
    return args[1].shape[1]


def _keys_hint(got, args):
    """What is wrong with the keys of the learner's dict: missing layers, numbering."""
    if not isinstance(got, dict):
        return None
    L = len(args[2])
    expected = {f"d{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    keys = set(_weights_and_biases(got))
    if keys == expected:
        return None
    if keys == {f"d{p}{l}" for l in range(2, L + 1) for p in "Wb"}:
        return (
            "dW1 and db1 are missing: the loop over the hidden layers must go down to layer 1, "
            "range(L - 1, 0, -1)."
        )
    if keys == {f"d{p}{l}" for l in range(0, L) for p in "Wb"}:
        return (
            "the keys are numbered from 0. Layers are numbered from 1, as in the parameters: "
            "caches[l - 1] is layer l's cache, and its gradients are dW{l} and db{l}."
        )
    return (
        f"the dict must hold dW1, db1, ..., dW{L}, db{L}, one pair per layer (L = len(caches) "
        f"= {L}); yours has {sorted(keys)}."
    )


BACKWARD_MISTAKES = [
    (
        "a shape error. Take the shapes from the cache: caches[l - 1] = ((A_prev, W, b), Z) is "
        "layer l's, with A_prev (n[l-1], m), W (n[l], n[l-1]) and Z (n[l], m). Every dX has the "
        "shape of X, and each layer hands dA_prev = W.T @ dZ to the layer below.",
        SHAPE_ERROR,
    ),
    (
        lambda got, args: (
            f"return a dict of gradients, {{'dW1': ..., 'db1': ...}}; got {type(got).__name__}"
        ),
        lambda got, args: got is not None and not isinstance(got, (dict, Exception)),
    ),
    (_keys_hint, lambda got, args: isinstance(got, dict)),
    (
        lambda got, args: (
            f"every gradient is m = {_m_of(args)} times too large: the 1/m of the mean cost is "
            "missing. It belongs in the output layer's start, dZ[L] = (A - Y)/m for the shortcut "
            "pairs (the loss's own gradient already has it), and nowhere else."
        ),
        _gives_backward(scale="m"),
    ),
    (
        lambda got, args: (
            f"every gradient is m = {_m_of(args)} times too small: the 1/m is in twice (the "
            "source document's error 4). The loss's gradient, or the shortcut (A - Y)/m, carries "
            "it; dW = dZ @ A_prev.T and db = np.sum(dZ, axis=1, keepdims=True) add none."
        ),
        _gives_backward(scale="1/m"),
    ),
    (
        "every gradient has the wrong sign: dZ[L] = (A - Y)/m, prediction minus target (and the "
        "loss's gradient as it is, not negated).",
        _gives_backward(scale=-1.0),
    ),
    (
        "the source document's error 3: the output layer started from the binary cross-entropy "
        "gradient whatever the loss. Ask the network's own loss: get_loss(loss).gradient(AL, Y).",
        _gives_backward(fused="bce"),
    ),
    (
        lambda got, args: (
            f"the shortcut dZ[L] = (A - Y)/m holds only for sigmoid with binary cross-entropy and "
            f"softmax with categorical cross-entropy. Here the output is {args[4]!r} with "
            f"{args[5]!r}: go through the chain rule, dA[L] = get_loss(loss).gradient(AL, Y), "
            "then dZ[L] = the output activation's backward of dA[L]."
        ),
        _gives_backward(fused="always"),
    ),
    (
        "the shortcut (A - Y)/m already is dZ[L]: it contains the output activation's slope. Do "
        "not apply the output activation's backward to it again.",
        _gives_backward(output_again=True),
    ),
    (
        "the hidden layers' slope is missing: going down through layer l, dZ[l] = dA[l] * g'(Z[l]) "
        "with the hidden activation's backward, before dW[l] and db[l].",
        _gives_backward(hidden_slope=False),
    ),
    (
        "dW[l] must use the layer's input A[l-1] (the A_prev of its cache), not Z[l-1]: "
        "Z[l] = W[l] A[l-1] + b[l], so dW[l] = dZ[l] @ A_prev.T.",
        _gives_backward(dW_from_Z=True),
    ),
    (
        "the activations are swapped: layer L uses output_layer_activation's backward, the "
        "hidden layers 1..L-1 use hidden_layer_activation's.",
        _gives_backward(swap=True),
    ),
]


def _gradient_check_errors(learner_fn, cases, epsilon=1e-6):
    """For each case, the relative error between the learner's gradients and central differences
    of the cost (the forward pass rerun with each parameter nudged)."""
    errors = []
    for AL, Y, caches, hidden, output, loss in cases:
        parameters = {}
        for l, ((_, W, b), _) in enumerate(caches, start=1):
            parameters[f"W{l}"], parameters[f"b{l}"] = W.copy(), b.copy()
        X = caches[0][0][0]

        def learner_backward(AL, Y, caches, *_, hidden=hidden, output=output, loss=loss):
            return learner_fn(AL, Y, caches, hidden, output, loss)

        errors.append(gradient_check(parameters, X, Y, hidden, output, loss, epsilon,
                                     backward=learner_backward))  # fmt: skip
    return errors


def check_L_model_backward(learner_fn):
    """The learner's L_model_backward(AL, Y, caches, hidden, output, loss) must return the
    gradients dW1, db1, ..., dWL, dbL of dnn_core's (dA entries are optional), on six networks
    of depth 1 to 4 with every kind of output layer; then a gradient check confirms them against
    central differences of the cost."""
    if not callable(learner_fn):
        raise ExerciseFailed(
            f"L_model_backward: expected a function, got {type(learner_fn).__name__}"
        )
    cases = _backward_cases()
    check_function(
        lambda *args: _weights_and_biases(learner_fn(*args)),
        _reference_backward,
        cases,
        name="L_model_backward",
        mistakes=BACKWARD_MISTAKES,
        describe=lambda AL, Y, caches, hidden, output, loss: (
            f"L = {len(caches)}, {hidden} hidden, {output} output, {loss}"
        ),
    )
    errors = _gradient_check_errors(learner_fn, cases)
    worst = max(errors)
    if worst > 1e-7:  # cannot happen when the gradients match dnn_core's, which pass the check
        raise ExerciseFailed(
            f"L_model_backward: the gradient check gives a relative error {worst:.2g}"
        )
    print(
        f"  gradient check on the same {len(cases)} networks: largest relative error {worst:.1e}."
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


def _by_larger_norm(g, a):
    return _norm(g - a) / max(_norm(g), _norm(a))


# one probe where g is the longer gradient, one where g_approx is
LENGTH_PROBES = [
    (np.array([3.0, 4.0]), np.array([0.0, 1.0])),
    (np.array([1.0, 0.0]), np.array([0.0, 2.0])),
]


def check_relative_error(learner_fn):
    """The learner's relative_error(g, g_approx) must return
    ||g - g_approx|| / (||g|| + ||g_approx||), and 0.0 when both are zero. Dividing by the
    larger norm equals dividing by one of them on any single case: two probes, one with each
    gradient the longer, tell the three apart."""
    larger = (
        "you divided by the larger of the two norms, max(||g||, ||g_approx||). That stays "
        "between 0 and 2 too, but it is not the quantity whose thresholds (1e-7, 1e-3) the "
        "chapter uses: divide by their sum, ||g|| + ||g_approx||.",
        acts_like(learner_fn, _by_larger_norm, LENGTH_PROBES),
    )
    check_function(
        learner_fn,
        _relative_error,
        _relative_cases(),
        name="relative_error",
        mistakes=[RELATIVE_MISTAKES[0], RELATIVE_MISTAKES[1], larger, *RELATIVE_MISTAKES[2:]],
    )
