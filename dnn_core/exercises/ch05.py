"""Checks for chapter 05, gradient descent.

    check_gradient_descent_step(fn)         fn(theta, grad, learning_rate) -> theta - alpha * grad
    check_largest_stable_learning_rate(fn)  fn(a) -> 2 / a, the limit on alpha for J = (a/2) theta^2
    check_update_parameters(fn)             fn(parameters, grads, learning_rate), like dnn_core's
"""
import numpy as np

from .. import update_parameters
from ..surfaces import descent_step, gradient_descent, quadratic
from . import ExerciseFailed, check_function


def _with_hint(check, hints):
    """Run ``check``; if it fails and the learner's answer matches a known mistake, say which."""
    try:
        check()
    except ExerciseFailed as failure:
        for matches, hint in hints:
            try:
                matched = matches()
            except Exception:  # the learner's function may fail in other ways too
                matched = False
            if matched:
                raise ExerciseFailed(f"{failure}\nHint: {hint}") from None
        raise


def _step_cases():
    rng = np.random.default_rng(5)
    return [(rng.normal(size=3), rng.normal(size=3), 0.1),
            (rng.normal(size=(2, 4)), rng.normal(size=(2, 4)), 0.5),
            (np.array([1.5]), np.array([3.0]), 0.25)]


def check_gradient_descent_step(learner_fn):
    """theta_new = theta - learning_rate * grad, returned as a new array (theta unchanged)."""
    cases = _step_cases()
    theta, grad, rate = cases[0]

    def uphill():
        return np.allclose(learner_fn(theta.copy(), grad, rate), theta + rate * grad)

    _with_hint(lambda: check_function(learner_fn, descent_step, cases, name="gradient_descent_step"),
               [(uphill, "you stepped uphill: the gradient points up the slope, so subtract it.")])


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
            raise ExerciseFailed("largest_stable_learning_rate: not done yet -- replace "
                                 "`raise NotImplementedError()` with your code, then run this check again") from None
        if np.ndim(got) != 0 or not np.isfinite(float(got)) or float(got) <= 0:
            raise ExerciseFailed(f"largest_stable_learning_rate({a:g}) returned {got!r}; "
                                 "expected one positive number")
        got = float(got)
        if np.isclose(got, 2 / a, rtol=1e-9):
            continue
        if np.isclose(got, 1 / a, rtol=1e-9):
            raise ExerciseFailed(f"largest_stable_learning_rate({a:g}) is {got:g} = 1/a: that is the rate "
                                 "that lands on the minimum in one jump. Larger rates still converge "
                                 "(oscillating) while |1 - alpha a| < 1.")
        side = ("diverges, so the limit is lower" if _grows(a, got)
                else "still converges, so the limit is higher")
        raise ExerciseFailed(f"largest_stable_learning_rate({a:g}) is {got:g}; with that learning rate, "
                             f"gradient descent on (a/2) theta^2 with a = {a:g} {side}. "
                             "Solve |1 - alpha a| < 1 for alpha.")
    confirmed = all(not _grows(a, 0.99 * 2 / a) and _grows(a, 1.01 * 2 / a) for a in values)
    print(f"✔ largest_stable_learning_rate: all {len(values)} values of a are right"
          + (" (and descent settles just below each limit, runs away just above it)." if confirmed else "."))


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


def check_update_parameters(learner_fn):
    """Every W[l] and b[l] moves by -learning_rate * dW[l] (db[l]); the dict is returned.
    dnn_core's ``update_parameters`` is the reference (the check calls it on copies)."""
    cases = _parameter_cases()
    params, grads, rate = cases[0]

    def biases_left_alone():
        got = learner_fn({k: v.copy() for k, v in params.items()}, grads, rate)
        return isinstance(got, dict) and "b1" in got and np.allclose(got["b1"], params["b1"])

    def returns_nothing():
        return learner_fn({k: v.copy() for k, v in params.items()}, grads, rate) is None

    _with_hint(lambda: check_function(learner_fn, update_parameters, cases, name="update_parameters"),
               [(returns_nothing, "end your function with `return parameters`."),
                (biases_left_alone, "the biases did not move: update every b[l] with db[l] too.")])
