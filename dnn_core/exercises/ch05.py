"""Checks for chapter 05, gradient descent.

check_gradient_descent_step(fn)         fn(theta, grad, learning_rate) -> theta - alpha * grad
check_largest_stable_learning_rate(fn)  fn(a) -> 2 / a, the limit on alpha for J = (a/2) theta^2
check_update_parameters(fn)             fn(parameters, grads, learning_rate), like dnn_core's
"""

import numpy as np

from .. import update_parameters
from ..surfaces import descent_step, gradient_descent, quadratic
from . import ExerciseFailed, check_function, gives, not_done


def _step_cases():
    rng = np.random.default_rng(5)
    return [
        (rng.normal(size=3), rng.normal(size=3), 0.1),
        (rng.normal(size=(2, 4)), rng.normal(size=(2, 4)), 0.5),
        (np.array([1.5]), np.array([3.0]), 0.25),
    ]


STEP_MISTAKES = [
    (
        "you stepped uphill: the gradient points up the slope, so subtract it.",
        gives(lambda theta, grad, rate: theta + rate * grad),
    )
]


def check_gradient_descent_step(learner_fn):
    """theta_new = theta - learning_rate * grad, returned as a new array (theta unchanged)."""
    check_function(
        learner_fn,
        descent_step,
        _step_cases(),
        name="gradient_descent_step",
        mistakes=STEP_MISTAKES,
    )


def _grows(a, rate, steps=200):
    """Does gradient descent on (a/2) theta^2 from theta0 = 1 move away from the minimum?"""
    run = gradient_descent(quadratic(a), 1.0, rate, steps)
    return run.diverged or abs(run.path[-1, 0]) > 1.0


def check_largest_stable_learning_rate(learner_fn):
    """For J = (a/2) theta^2 the limit is 2 / a: below it descent converges, above it diverges.
    A wrong answer is run through gradient descent, so the message says which side it is on."""
    values = (1.0, 4.0, 0.5, 10.0)
    for a in values:
        try:
            got = learner_fn(a)
        except NotImplementedError:
            raise not_done("largest_stable_learning_rate") from None
        if np.ndim(got) != 0 or not np.isfinite(float(got)) or float(got) <= 0:
            raise ExerciseFailed(
                f"largest_stable_learning_rate({a:g}) returned {got!r}; "
                "expected one positive number"
            )
        got = float(got)
        if np.isclose(got, 2 / a, rtol=1e-9):
            continue
        if np.isclose(got, 1 / a, rtol=1e-9):
            raise ExerciseFailed(
                f"largest_stable_learning_rate({a:g}) is {got:g} = 1/a: that is the rate "
                "that lands on the minimum in one jump. Larger rates still converge "
                "(oscillating) while |1 - alpha a| < 1."
            )
        side = (
            "diverges, so the limit is lower"
            if _grows(a, got)
            else "still converges, so the limit is higher"
        )
        raise ExerciseFailed(
            f"largest_stable_learning_rate({a:g}) is {got:g}; with that learning rate, "
            f"gradient descent on (a/2) theta^2 with a = {a:g} {side}. "
            "Solve |1 - alpha a| < 1 for alpha."
        )
    confirmed = all(not _grows(a, 0.99 * 2 / a) and _grows(a, 1.01 * 2 / a) for a in values)
    print(
        f"✔ largest_stable_learning_rate: all {len(values)} values of a are right"
        + (
            " (and descent settles just below each limit, runs away just above it)."
            if confirmed
            else "."
        )
    )


def _parameter_cases():
    rng = np.random.default_rng(7)
    cases = []
    for dims, rate in (([2, 3, 1], 0.1), ([3, 4, 4, 2], 0.75)):
        params, grads = {}, {}
        for l in range(1, len(dims)):
            params[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
            params[f"b{l}"] = rng.normal(size=(dims[l], 1))
            grads[f"dW{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
            grads[f"db{l}"] = rng.normal(size=(dims[l], 1))
        cases.append((params, grads, rate))
    return cases


def _updated(parameters, grads, rate, layers=None, sign=-1.0):
    """parameters after theta <- theta + sign * rate * dtheta, on ``layers`` only (default all)."""
    L = len(parameters) // 2
    new = {key: value.copy() for key, value in parameters.items()}
    for l in layers or range(1, L + 1):
        for name in (f"W{l}", f"b{l}"):
            new[name] = parameters[name] + sign * rate * grads["d" + name]
    return new


def _skipped_last_layer(parameters, grads, rate):
    return _updated(parameters, grads, rate, layers=range(1, len(parameters) // 2))


UPDATE_MISTAKES = [
    ("end your function with `return parameters`.", lambda got, args: got is None),
    (
        "every parameter moved uphill: the gradient points up the slope, so subtract it, "
        "theta - learning_rate * dtheta (not +).",
        gives(lambda parameters, grads, rate: _updated(parameters, grads, rate, sign=1.0)),
    ),
    (
        lambda got, args: (
            f"the last layer (W{len(args[0]) // 2}, b{len(args[0]) // 2}) did not move: with "
            "L = len(parameters) // 2 layers, loop over range(1, L + 1); range(1, L) stops "
            "one layer early."
        ),
        gives(_skipped_last_layer),
    ),
    (
        "the biases did not move: update every b[l] with db[l] too.",
        lambda got, args: np.allclose(got["b1"], args[0]["b1"]),
    ),
]


def check_update_parameters(learner_fn):
    """Every W[l] and b[l] moves by -learning_rate * dW[l] (db[l]); the dict is returned.
    dnn_core's ``update_parameters`` is the reference (the check calls it on copies)."""
    check_function(
        learner_fn,
        update_parameters,
        _parameter_cases(),
        name="update_parameters",
        mistakes=UPDATE_MISTAKES,
    )
