"""Chapter 08's optimizer checkers: each typical wrong update (a copy updated, new arrays put in
the dict, a state that does not carry over, the averaged momentum, a flipped sign, Adam without
bias correction, eps inside the square root) fails with its hint; independently written right
updates pass; an unsolved exercise says it is not done yet."""

import copy

import numpy as np
import pytest

from dnn_core.exercises import ExerciseFailed, ch08


# --- momentum, written here from the equations (not from dnn_core)
def momentum(forget=False, average=False, sign=-1.0, on_copy=False, new_arrays=False):
    def update(parameters, grads, velocity, learning_rate, momentum):
        if on_copy:
            parameters = copy.deepcopy(parameters)
        for name in parameters:
            g = grads["d" + name]
            previous = 0.0 if forget else velocity[name]
            v = momentum * previous + ((1 - momentum) * g if average else g)
            velocity[name] = v
            if new_arrays:
                parameters[name] = parameters[name] + sign * learning_rate * v
            else:
                parameters[name] += sign * learning_rate * v
        return parameters

    return update


def test_a_right_momentum_update_passes(capsys):
    ch08.check_momentum_update(momentum())
    assert capsys.readouterr().out.startswith("✔ momentum_update")


def test_a_right_momentum_update_with_in_place_velocity_passes(capsys):
    def update(parameters, grads, velocity, learning_rate, momentum):
        for name, theta in parameters.items():
            velocity[name] *= momentum
            velocity[name] += grads["d" + name]
            theta -= learning_rate * velocity[name]

    ch08.check_momentum_update(update)
    assert "all 2 test cases pass" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (momentum(forget=True), r"plain gradient descent(.|\n)*did not carry over"),
        (momentum(average=True), r"you averaged(.|\n)*v = mu v \+ g"),
        (momentum(sign=1.0), r"uphill"),
        (momentum(on_copy=True), r"did not change: your function updated a copy"),
        (momentum(new_arrays=True), r"new arrays into the dict"),
    ],
    ids=["state-not-carried", "averaged", "uphill", "copy", "new-arrays"],
)
def test_wrong_momentum_updates_get_their_hint(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch08.check_momentum_update(wrong)


# --- Adam, written here from Kingma and Ba's first form
def adam(correct=True, eps_inside=False, forget=False, on_copy=False):
    def update(parameters, grads, state, learning_rate, beta1, beta2, eps):
        if on_copy:
            parameters = {k: p.copy() for k, p in parameters.items()}
        t = 1 if forget else state["t"] + 1
        state["t"] = t
        for name, theta in parameters.items():
            g = grads["d" + name]
            m = beta1 * (0.0 if forget else state["m"][name]) + (1 - beta1) * g
            v = beta2 * (0.0 if forget else state["v"][name]) + (1 - beta2) * np.square(g)
            if not forget:
                state["m"][name], state["v"][name] = m, v
            if correct:
                m, v = m / (1 - beta1**t), v / (1 - beta2**t)
            root = np.sqrt(v + eps) if eps_inside else np.sqrt(v) + eps
            theta -= learning_rate * m / root

    return update


def test_a_right_adam_update_passes(capsys):
    ch08.check_adam_update(adam())
    assert capsys.readouterr().out.startswith("✔ adam_update")


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (adam(correct=False), r"Hint: no bias correction"),
        (adam(eps_inside=True), r"Hint: eps is inside the square root"),
        (adam(forget=True), r"Hint: the state did not carry over"),
        (adam(on_copy=True), r"did not change: your function updated a copy"),
    ],
    ids=["no-bias-correction", "eps-inside", "state-not-carried", "copy"],
)
def test_wrong_adam_updates_get_their_hint(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch08.check_adam_update(wrong)


def test_an_unexplained_wrong_answer_gets_the_difference_and_no_hint():
    def half_steps(parameters, grads, state, learning_rate, beta1, beta2, eps):
        adam()(parameters, grads, state, learning_rate / 2, beta1, beta2, eps)

    with pytest.raises(ExerciseFailed, match=r"after step 1 of 4, \w+ differs") as failure:
        ch08.check_adam_update(half_steps)
    assert "Hint" not in str(failure.value)


@pytest.mark.parametrize("check", [ch08.check_momentum_update, ch08.check_adam_update])
def test_an_unsolved_exercise_is_not_done_yet(check):
    def unsolved(*args, **kwargs):
        raise NotImplementedError()

    with pytest.raises(ExerciseFailed, match="not done yet"):
        check(unsolved)


def test_a_function_that_raises_is_reported_with_the_step():
    def broken(parameters, grads, velocity, learning_rate, momentum):
        raise KeyError("dW9")

    with pytest.raises(ExerciseFailed, match=r"step 1: your function raised KeyError"):
        ch08.check_momentum_update(broken)
