"""Checks for chapter 09, regularization.

check_l2_penalty(fn)        fn(parameters, lam, m) -> (lam / 2m) sum_l ||W[l]||^2, weights only
check_l2_gradients(fn)      fn(grads, parameters, lam, m) -> grads, with dW[l] += (lam / m) W[l]
check_dropout_forward(fn)   fn(A, p, rng, training=True) -> (A * D, D), D = (U >= p) / (1 - p);
                            with training=False, (A, None): prediction never drops a unit
check_dropout_backward(fn)  fn(dA, D) -> dA * D, the forward pass's own mask

The L2 pair is compared with dnn_core's ``regularization.l2_penalty`` / ``l2_gradients``. A
dropout mask is random, so the forward check does not ask for dnn_core's draw: it checks what
any right draw has -- a mask of A's shape with entries 0 and 1/(1 - p), about a fraction p of
zeros, the returned A equal to A * D, masks that come from ``rng`` (the same seed gives the
same mask, the next call a new one) -- and that nothing is dropped at prediction. The usual
mistakes (a penalty on the biases, a missing 1/m or 1/2, a factor 2 in the gradient, dropout
without the 1/(1 - p), p taken as the probability to keep, a new mask in the backward pass,
dropout left on at prediction) are named in a hint.
"""

import numpy as np

from ..regularization import dropout_backward, dropout_forward, l2_gradients, l2_penalty
from . import ExerciseFailed, check_function, gives, learner_code, raised


def _parameters(seed, dims):
    """{"W1", "b1", ...} of random values; the biases far from 0, so that a penalty on them shows."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
        parameters[f"b{l}"] = rng.normal(1.0, 0.5, size=(dims[l], 1))
    return parameters


def _grads(seed, parameters):
    rng = np.random.default_rng(seed)
    return {"d" + k: rng.normal(scale=0.3, size=p.shape) for k, p in parameters.items()}


def _squares(parameters, keys="W"):
    return sum(float(np.sum(np.square(p))) for k, p in parameters.items() if k[0] in keys)


def _describe(*args):
    *_, lam, m = args
    return f"lam={lam:g}, m={m}"


# --------------------------------------------------------------------------- L2: the cost
def _penalty_cases():
    return [(_parameters(1, [3, 4, 2]), 0.7, 5), (_parameters(2, [2, 5, 3, 1]), 2.0, 8)]


PENALTY_MISTAKES = [
    (
        "you penalised the biases too. L2 sums the squares of the weights W[l] only: a bias "
        "only shifts a unit's threshold, it does not make the function steeper.",
        gives(lambda params, lam, m: lam / (2 * m) * _squares(params, "Wb")),
    ),
    (
        "your value is m times too large: the penalty is divided by m, like the loss, which "
        "is a mean over the m examples: (lam / (2 m)) sum ||W||^2.",
        gives(lambda params, lam, m: lam / 2 * _squares(params)),
    ),
    (
        "your value is twice too large: the penalty has a factor 1/2, (lam / (2 m)) sum "
        "||W||^2, so that its derivative is (lam / m) W, without a 2.",
        gives(lambda params, lam, m: lam / m * _squares(params)),
    ),
    (
        "||W||^2 is the sum of the squares of W's entries: square them (np.square or W**2) "
        "before summing, or square the norm.",
        gives(
            lambda p, lam, m: (
                lam / (2 * m) * sum(np.linalg.norm(W) for k, W in p.items() if k[0] == "W")
            )
        ),  # fmt: skip
    ),
]


def check_l2_penalty(learner_fn):
    """l2_penalty(parameters, lam, m) = (lam / 2m) * sum over the layers of the squares of W[l]'s
    entries (a float); dnn_core's ``regularization.l2_penalty`` is the reference."""
    check_function(learner_fn, l2_penalty, _penalty_cases(), name="l2_penalty",
                   mistakes=PENALTY_MISTAKES, describe=_describe)  # fmt: skip


# --------------------------------------------------------------------------- L2: the gradient
def _gradient_cases():
    cases = []
    for seed, dims, lam, m in ((3, [3, 4, 2], 0.7, 5), (4, [2, 5, 3, 1], 2.0, 8)):
        parameters = _parameters(seed, dims)
        cases.append((_grads(seed + 10, parameters), parameters, lam, m))
    return cases


def _added(scale, keys="W"):
    """The gradients with scale(lam, m) * theta added to d theta for the parameters ``keys``."""

    def wrong(grads, params, lam, m):
        return {k: g + (scale(lam, m) * params[k[1:]] if k[1] in keys else 0) for k, g in
                grads.items()}  # fmt: skip

    return wrong


GRADIENT_MISTAKES = [
    (
        "you added lam/m * b to db too. The penalty holds only the weights, so only dW[l] "
        "gains (lam / m) W[l]; db[l] stays as backprop gave it.",
        gives(_added(lambda lam, m: lam / m, keys="Wb")),
    ),
    (
        "your added term is m times too large: the derivative of (lam / (2 m)) ||W||^2 is "
        "(lam / m) W -- keep the 1/m.",
        gives(_added(lambda lam, m: lam)),
    ),
    (
        "your added term is twice too large: d/dW of (lam / (2 m)) ||W||^2 is (lam / m) W. The "
        "1/2 in the cost is there to cancel the 2 that comes down from the square.",
        gives(_added(lambda lam, m: 2 * lam / m)),
    ),
    (
        "you subtracted the term: the gradient of the penalty points away from 0, "
        "dW += (lam / m) W; the update theta -= lr dW then pulls the weights towards 0.",
        gives(_added(lambda lam, m: -lam / m)),
    ),
    (
        "you returned the penalty's gradient alone: add it to the gradient of the loss that "
        "backprop computed, dW[l] = dW[l] + (lam / m) W[l].",
        gives(
            lambda grads, params, lam, m: {k: lam / m * params[k[1:]] for k in grads if k[1] == "W"}
        ),  # fmt: skip
    ),
]


def check_l2_gradients(learner_fn):
    """l2_gradients(grads, parameters, lam, m): dW[l] += (lam / m) W[l] for every layer, db
    unchanged; returns grads. dnn_core's ``regularization.l2_gradients`` is the reference."""
    check_function(learner_fn, l2_gradients, _gradient_cases(), name="l2_gradients",
                   mistakes=GRADIENT_MISTAKES, describe=_describe)  # fmt: skip


# --------------------------------------------------------------------------- dropout forward
FORWARD_CASES = [((20, 500), 0.5, 11), ((30, 400), 0.2, 12), ((16, 250), 0.8, 13)]
SIGMAS = 5  # the share of zeros may differ from p by this many standard deviations


def _forward(learner_fn, where, A, p, seed, **kwargs):
    """The learner's (A_dropped, D) for A, p and a generator seeded with ``seed``."""
    A_in = A.copy()
    mistakes = [("your function must take a fourth argument, training=True: with "
                 "training=False it returns (A, None).", raised("training", kind=TypeError))]  # fmt: skip
    with learner_code("dropout_forward", where, mistakes):
        got = learner_fn(A_in, p, np.random.default_rng(seed), **kwargs)
    if not np.array_equal(A_in, A):
        raise ExerciseFailed(f"{where}: your function changed A in place; return a new array, "
                             "A * D")  # fmt: skip
    if not (isinstance(got, tuple) and len(got) == 2):
        raise ExerciseFailed(f"{where}: return the pair (A_dropped, D), got {_kind(got)}")
    return got


def _kind(value):
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    return "None (did you forget the `return`?)" if value is None else type(value).__name__


def _check_mask(where, A, p, A_out, D):
    """Everything a right (A * D, D) has, for any draw."""
    A_out, D = np.asarray(A_out, dtype=float), np.asarray(D, dtype=float)
    if D.shape != A.shape or A_out.shape != A.shape:
        raise ExerciseFailed(
            f"{where}: A_dropped and D must have A's shape {A.shape}, got {A_out.shape} and "
            f"{D.shape}. Draw one number per unit and per example: rng.random(A.shape)."
        )
    if np.all(D == D[:, :1]):
        raise ExerciseFailed(
            f"{where}: every example lost the same units (each row of D is constant).\nHint: "
            "draw one number per unit AND per example, rng.random(A.shape), not one per unit."
        )
    values = np.unique(np.round(D, 9))
    keep = 1.0 / (1.0 - p)
    if set(values) <= {0.0, 1.0}:
        raise ExerciseFailed(
            f"{where}: the mask D holds only 0 and 1.\nHint: divide the kept units by 1 - p "
            f"(here {1 - p:g}), D = (rng.random(A.shape) >= p) / (1 - p): without it the "
            "layer's expected output shrinks to (1 - p) A, and prediction (no dropout) would "
            "see larger outputs than training did."
        )
    if not set(values) <= {0.0, round(keep, 9)}:
        shown = ", ".join(f"{v:.4g}" for v in values[:4]) + (", ..." if len(values) > 4 else "")
        raise ExerciseFailed(f"{where}: D should hold only 0 and 1/(1 - p) = {keep:.4g}, but "
                             f"holds {shown}")  # fmt: skip
    if not np.allclose(A_out, A * D, rtol=1e-9, atol=1e-12):
        raise ExerciseFailed(f"{where}: A_dropped is not A * D: return the mask you applied")
    dropped, n = float(np.mean(D == 0)), D.size
    sigma = np.sqrt(p * (1 - p) / n)
    if abs(dropped - p) > SIGMAS * sigma:
        hint = ""
        if abs(dropped - (1 - p)) <= SIGMAS * sigma:
            hint = ("\nHint: p is the probability of DROPPING a unit, not of keeping it: keep "
                    "the units where rng.random(A.shape) >= p.")  # fmt: skip
        raise ExerciseFailed(f"{where}: {dropped:.1%} of the units were dropped, expected "
                             f"about p = {p:.0%}{hint}")  # fmt: skip


def check_dropout_forward(learner_fn):
    """dropout_forward(A, p, rng, training=True) -> (A * D, D) with D = (U >= p) / (1 - p), U
    drawn from ``rng``; with training=False -> (A, None). See the module docstring."""
    if not callable(learner_fn):
        raise ExerciseFailed(
            f"dropout_forward: expected a function, got {type(learner_fn).__name__}"
        )
    for number, (shape, p, seed) in enumerate(FORWARD_CASES, start=1):
        where = f"dropout_forward, test case {number} of {len(FORWARD_CASES)} (A {shape}, p={p:g})"
        A = np.random.default_rng(seed).normal(size=shape)
        A_out, D = _forward(learner_fn, where, A, p, seed)
        _check_mask(where, A, p, A_out, D)
        again = _forward(learner_fn, where, A, p, seed)
        if not np.array_equal(np.asarray(again[1]), np.asarray(D)):
            raise ExerciseFailed(
                f"{where}: two calls with generators seeded alike drew different masks.\nHint: "
                "draw the mask from rng, the generator passed in (rng.random(A.shape)), not "
                "from np.random: then a seed makes training repeatable."
            )
        rng = np.random.default_rng(seed)
        with learner_code("dropout_forward", where):
            first, second = learner_fn(A.copy(), p, rng)[1], learner_fn(A.copy(), p, rng)[1]
        if np.array_equal(np.asarray(first), np.asarray(second)):
            raise ExerciseFailed(
                f"{where}: two calls in a row with the same rng drew the same mask.\nHint: draw "
                "from the rng you are given, a new mask on every call (a new generator seeded "
                "inside your function repeats the same mask at every step)."
            )
        _check_prediction(learner_fn, where, A, p, seed)
    print(f"✔ dropout_forward: all {len(FORWARD_CASES)} test cases pass, and nothing is dropped "
          "with training=False.")  # fmt: skip


def _check_prediction(learner_fn, where, A, p, seed):
    """With training=False the layer's output is A itself."""
    where = f"{where}, training=False"
    A_out, _ = _forward(learner_fn, where, A, p, seed, training=False)
    A_out = np.asarray(A_out, dtype=float)
    if A_out.shape == A.shape and np.allclose(A_out, A, rtol=1e-12, atol=0):
        return
    hint = ""
    if A_out.shape == A.shape and np.mean(A_out == 0) > p / 2:
        hint = ("\nHint: units were dropped at prediction (training=False): dropout is for "
                "training only. At prediction return (A, None): every unit, unscaled, so that "
                "the same input always gets the same answer.")  # fmt: skip
    elif A_out.shape == A.shape and np.allclose(A_out, (1 - p) * A):
        hint = ("\nHint: you scaled by 1 - p at prediction: that is the other, older form of "
                "dropout. Inverted dropout already divides by 1 - p while training, so "
                "prediction uses A as it is.")  # fmt: skip
    raise ExerciseFailed(f"{where}: the output should be A unchanged{hint}")


# --------------------------------------------------------------------------- dropout backward
def _backward_cases():
    cases = []
    for shape, p, seed in ((6, 40), 0.5, 21), ((10, 30), 0.2, 22), ((5, 60), 0.7, 23):
        rng = np.random.default_rng(seed)
        _, D = dropout_forward(rng.normal(size=shape), p, rng)
        cases.append((rng.normal(size=shape), D))
    return cases


def _zero_pattern_differs(got, args):
    dA, D = args
    got = np.asarray(got, dtype=float)
    return got.shape == D.shape and not np.array_equal(got == 0, D == 0)


BACKWARD_MISTAKES = [
    (
        "your gradient has its zeros in the right places but is 1 - p times too small: the "
        "forward pass multiplied the kept units by 1/(1 - p), so their gradient is scaled "
        "the same way. Multiply by D itself: dA * D.",
        gives(lambda dA, D: dA * (D != 0)),
    ),
    (
        "the zeros of your gradient are not where the forward pass dropped units: a new mask "
        "was drawn. Use the D that the forward pass returned (the same draw): a dropped unit "
        "took no part in the cost, so its gradient is 0, and only it.",
        _zero_pattern_differs,
    ),
]


def check_dropout_backward(learner_fn):
    """dropout_backward(dA, D) = dA * D with the forward pass's mask D (dnn_core's
    ``regularization.dropout_backward`` is the reference)."""
    check_function(learner_fn, dropout_backward, _backward_cases(), name="dropout_backward",
                   mistakes=BACKWARD_MISTAKES,
                   describe=lambda dA, D: f"dA {dA.shape}, p={1 - 1 / D.max():.1g}")  # fmt: skip
