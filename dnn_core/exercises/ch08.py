"""Checks for chapter 08, optimizers.

check_momentum_update(fn)  fn(parameters, grads, velocity, learning_rate, momentum): one step of
                           v = mu v + g, theta -= lr v for every parameter, in place
check_adam_update(fn)      fn(parameters, grads, state, learning_rate, beta1, beta2, eps): one
                           step of Adam; state = {"t": 0, "m": {...}, "v": {...}}, in place

A check runs the learner's function for several steps in a row on the same dicts, the way a
training loop calls it, and compares the parameters after every step with dnn_core's own
``SGD(momentum=...)`` / ``Adam`` fed the same gradients. The usual mistakes (a copy updated
instead of the parameters, a state that does not carry over from one step to the next, Adam
without its bias correction or with eps inside the square root) are recognized by running the
same steps with that mistake made, and named in a hint.
"""

import copy
import functools

import numpy as np

from ..optimizers import SGD, Adam
from . import ExerciseFailed, learner_code

STEPS = 4


def _case(seed, dims):
    """Parameters {"W1", "b1", ...} and STEPS gradients of the same shapes."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
        parameters[f"b{l}"] = rng.normal(size=(dims[l], 1))
    grads = [
        {"d" + name: rng.normal(scale=0.5, size=p.shape) for name, p in parameters.items()}
        for _ in range(STEPS)
    ]
    return parameters, grads


def _zeros(parameters):
    return {name: np.zeros_like(p) for name, p in parameters.items()}


def _optimizer_path(make, parameters, grads, fresh_each_step=False):
    """The parameters after each step of dnn_core's optimizer ``make()`` (a list of dicts)."""
    parameters, optimizer, path = copy.deepcopy(parameters), make(), []
    for g in grads:
        if fresh_each_step:
            optimizer.reset()
        optimizer.update(parameters, g)
        path.append(copy.deepcopy(parameters))
    return path


def _learner_path(learner_fn, name, parameters, grads, state, settings):
    """Run the learner's function STEPS times on the same dicts. Returns (path, problem), where
    path lists the parameters after each step and problem names an in-place mistake or None."""
    parameters = copy.deepcopy(parameters)
    arrays = dict(parameters)  # the array objects the caller holds
    path = []
    for step, g in enumerate(grads, start=1):
        before = copy.deepcopy(parameters)
        with learner_code(name, f"{name}, step {step}"):
            learner_fn(parameters, copy.deepcopy(g), state, **settings)
        if all(np.array_equal(parameters[k], before[k]) for k in parameters):
            return path, "copy"
        if any(parameters[k] is not arrays[k] for k in parameters):
            return path, "new arrays"
        path.append(copy.deepcopy(parameters))
    return path, None


IN_PLACE_HINTS = {
    "copy": (
        "the parameters did not change: your function updated a copy (a new dict or new "
        "arrays) that nobody sees. Change the caller's arrays in place: theta -= ..., with "
        "theta = parameters[name]."
    ),
    "new arrays": (
        "you put new arrays into the dict (parameters[name] = parameters[name] - ...). The model "
        "and anyone else holding the old arrays would not see the step: write "
        "parameters[name] -= ... (in place)."
    ),
}


def _same_path(got, expected, rtol=1e-7, atol=1e-10):
    return len(got) == len(expected) and all(
        np.allclose(a[k], b[k], rtol=rtol, atol=atol) for a, b in zip(got, expected) for k in b
    )


def _check(learner_fn, name, cases, reference, mistakes, make_state):
    """``cases``: [(parameters, grads, settings)]; ``reference(settings)`` makes dnn_core's
    optimizer; ``mistakes``: [(hint, wrong_path(parameters, grads, settings))]."""
    if not callable(learner_fn):
        raise ExerciseFailed(f"{name}: expected a function, got {type(learner_fn).__name__}")
    for number, (parameters, grads, settings) in enumerate(cases, start=1):
        where = f"{name}, test case {number} of {len(cases)}"
        state = make_state(parameters)
        got, problem = _learner_path(learner_fn, name, parameters, grads, state, settings)
        if problem:
            raise ExerciseFailed(f"{where}, step {len(got) + 1}: {IN_PLACE_HINTS[problem]}")
        expected = _optimizer_path(functools.partial(reference, settings), parameters, grads)
        if _same_path(got, expected):
            continue
        step = next(i for i in range(STEPS) if not _same_path(got[: i + 1], expected[: i + 1]))
        worst = max(
            (float(np.max(np.abs(got[step][k] - expected[step][k]))), k) for k in parameters
        )
        message = (
            f"{where} ({', '.join(f'{k}={v:g}' for k, v in settings.items())}): after step "
            f"{step + 1} of {STEPS}, {worst[1]} differs from dnn_core's by up to {worst[0]:.3g}"
        )
        for hint, wrong in mistakes:
            if _same_path(got, wrong(parameters, grads, settings)):
                raise ExerciseFailed(f"{message}\nHint: {hint}")
        raise ExerciseFailed(message)
    print(f"✔ {name}: all {len(cases)} test cases pass, {STEPS} steps each, in place.")


# --------------------------------------------------------------------------- momentum
def _momentum_cases():
    return [
        (*_case(1, [2, 3, 1]), {"learning_rate": 0.1, "momentum": 0.9}),
        (*_case(2, [3, 4, 2]), {"learning_rate": 0.5, "momentum": 0.5}),
    ]


def _sgd(settings):
    return SGD(settings["learning_rate"], momentum=settings["momentum"])


def _momentum_forgets(parameters, grads, settings):
    """v restarts at 0 every step: v = g, plain gradient descent."""
    return _optimizer_path(lambda: SGD(settings["learning_rate"]), parameters, grads)


def _momentum_averaged(parameters, grads, settings):
    """v = mu v + (1 - mu) g with the same lr: the path of SGD with lr (1 - mu)."""
    lr, mu = settings["learning_rate"], settings["momentum"]
    return _optimizer_path(lambda: SGD(lr * (1 - mu), momentum=mu), parameters, grads)


def _momentum_uphill(parameters, grads, settings):
    flipped = [{k: -g for k, g in step.items()} for step in grads]
    return _optimizer_path(lambda: _sgd(settings), parameters, flipped)


MOMENTUM_MISTAKES = [
    (
        "your steps are plain gradient descent: the velocity did not carry over from one step "
        "to the next. Store v back into velocity[name] (velocity[name] = mu * velocity[name] + g) "
        "so that the next call starts from it.",
        _momentum_forgets,
    ),
    (
        "you averaged, v = mu v + (1 - mu) g: that is the other common form, whose steps are "
        "(1 - mu) times smaller at the same learning rate. This exercise (like torch.optim.SGD "
        "and dnn_core) sums: v = mu v + g.",
        _momentum_averaged,
    ),
    ("every step went uphill: theta -= lr v, not +=.", _momentum_uphill),
]


def check_momentum_update(learner_fn):
    """v = mu v + g; theta -= lr v, for each parameter, the parameters and the velocity dict
    changed in place, several steps in a row; dnn_core's SGD(lr, momentum=mu) is the reference."""
    _check(learner_fn, "momentum_update", _momentum_cases(), _sgd, MOMENTUM_MISTAKES, _zeros)


# --------------------------------------------------------------------------- Adam
def _adam_cases():
    return [
        (*_case(3, [2, 3, 1]), {"learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
        # a large eps and small gradients make eps's place visible
        (*_case(4, [3, 2, 2]), {"learning_rate": 0.1, "beta1": 0.8, "beta2": 0.9, "eps": 0.1}),
    ]


def _adam(settings):
    return Adam(**settings)


def _adam_state(parameters):
    return {"t": 0, "m": _zeros(parameters), "v": _zeros(parameters)}


def _adam_by_hand(parameters, grads, settings, correct=True, eps_inside=False):
    """Adam written out, with one of its two usual mistakes made (for the hints only)."""
    lr, b1, b2, eps = (settings[k] for k in ("learning_rate", "beta1", "beta2", "eps"))
    parameters, path = copy.deepcopy(parameters), []
    m, v = _zeros(parameters), _zeros(parameters)
    for t, g in enumerate(grads, start=1):
        for name, theta in parameters.items():
            m[name] = b1 * m[name] + (1 - b1) * g["d" + name]
            v[name] = b2 * v[name] + (1 - b2) * g["d" + name] ** 2
            m_hat = m[name] / (1 - b1**t) if correct else m[name]
            v_hat = v[name] / (1 - b2**t) if correct else v[name]
            denominator = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
            theta -= lr * m_hat / denominator
        path.append(copy.deepcopy(parameters))
    return path


ADAM_MISTAKES = [
    (
        "the state did not carry over: every step looks like Adam's first one. Store m and v "
        "back into state['m'][name] and state['v'][name], and add 1 to state['t'] on each call.",
        lambda p, g, s: _optimizer_path(lambda: _adam(s), p, g, fresh_each_step=True),
    ),
    (
        "no bias correction: m and v start at 0, so divide them by (1 - beta1^t) and "
        "(1 - beta2^t) (t = the step count, 1 on the first step) before the update.",
        lambda p, g, s: _adam_by_hand(p, g, s, correct=False),
    ),
    (
        "eps is inside the square root: Adam (and dnn_core, and PyTorch) divides by "
        "sqrt(v_hat) + eps, not sqrt(v_hat + eps).",
        lambda p, g, s: _adam_by_hand(p, g, s, eps_inside=True),
    ),
]


def check_adam_update(learner_fn):
    """t += 1; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; theta -= lr m_hat /
    (sqrt(v_hat) + eps), several steps in a row, in place; dnn_core's Adam is the reference."""
    _check(learner_fn, "adam_update", _adam_cases(), _adam, ADAM_MISTAKES, _adam_state)
