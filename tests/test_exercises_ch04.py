"""Chapter 04's L_model_backward exercise and the relative-error hole: an independently written
backward pass passes (against dnn_core and a gradient check, on every architecture); the typical
wrong ones fail with the hint that names them."""

import numpy as np
import pytest

from dnn_core.activations import get_activation
from dnn_core.exercises import ExerciseFailed, ch04
from dnn_core.losses import get_loss

SHORTCUTS = {("sigmoid", "binary_cross_entropy"), ("softmax", "categorical_cross_entropy")}


def backward(
    *,
    one_over_m=1,
    sign=1.0,
    shortcut="pairs",
    hidden_slope=True,
    dW_input="A",
    stop=1,
    first_key=1,
    output_slope_again=False,
    swap=False,
):
    """A backward pass written from the formulas, independently of dnn_core's, with one knob
    per typical mistake (the defaults give the right one)."""

    def L_model_backward(AL, Y, caches, hidden, output, loss):
        L, m = len(caches), Y.shape[1]
        out, hid = get_activation(output), get_activation(hidden)
        if swap:
            out, hid = hid, out
        (A_prev, W, b), Z = caches[L - 1]
        if shortcut == "always" or (shortcut == "pairs" and (output, loss) in SHORTCUTS):
            dZ = (AL - Y) / m
            if output_slope_again:
                dZ = out.backward(dZ, Z)
        else:
            dZ = out.backward(get_loss(loss).gradient(AL, Y), Z)
        dZ = sign * dZ * {1: 1, 0: m, 2: 1 / m}[one_over_m]
        grads, dA = {}, None
        for l in range(L, stop - 1, -1):
            (A_prev, W, b), Z = caches[l - 1]
            if l < L:
                dZ = hid.backward(dA, Z) if hidden_slope else dA
            used = caches[l - 2][1] if (dW_input == "Z" and l > 1) else A_prev
            key = l - 1 + first_key
            grads[f"dW{key}"] = np.dot(dZ, used.T)
            grads[f"db{key}"] = dZ.sum(axis=1).reshape(-1, 1)
            dA = np.dot(W.T, dZ)
        return grads

    return L_model_backward


def test_an_independently_written_backward_pass_passes_and_is_gradient_checked(capsys):
    ch04.check_L_model_backward(backward())
    out = capsys.readouterr().out
    assert out.startswith("✔ L_model_backward: all 6 test cases pass.")
    assert "gradient check on the same 6 networks" in out


def test_dA_entries_in_the_dict_are_allowed(capsys):
    def with_dA(AL, Y, caches, hidden, output, loss):
        grads = backward()(AL, Y, caches, hidden, output, loss)
        grads["dA1"] = np.zeros(1)
        return grads

    ch04.check_L_model_backward(with_dA)
    assert capsys.readouterr().out.startswith("✔")


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (backward(one_over_m=0), "5 times too large: the 1/m of the mean cost is missing"),
        (backward(one_over_m=2), "5 times too small: the 1/m is in twice"),
        (backward(sign=-1.0), "wrong sign"),
        (backward(shortcut="always"), "holds only for sigmoid with binary cross-entropy"),
        (backward(output_slope_again=True), "already is dZ"),
        (backward(hidden_slope=False), "hidden layers' slope is missing"),
        (backward(dW_input="Z"), r"input A\[l-1\].*not Z\[l-1\]"),
        (backward(stop=2), "dW1 and db1 are missing"),
        (backward(first_key=0), "numbered from 0"),
    ],
)
def test_a_typical_wrong_backward_pass_gets_its_hint(wrong, hint):
    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed, match=hint):
        ch04.check_L_model_backward(wrong)


def test_the_documents_error_3_is_named():
    def always_bce(AL, Y, caches, hidden, output, loss):
        return backward()(AL, Y, caches, hidden, output, "binary_cross_entropy")

    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed, match="error 3"):
        ch04.check_L_model_backward(always_bce)


def test_swapped_activations_are_named():
    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed, match="swapped"):
        ch04.check_L_model_backward(backward(swap=True))


def test_unsolved_and_not_a_function():
    def unsolved(*args):
        raise NotImplementedError()

    with pytest.raises(ExerciseFailed, match="not done yet"):
        ch04.check_L_model_backward(unsolved)
    with pytest.raises(ExerciseFailed, match="expected a function"):
        ch04.check_L_model_backward(None)


def test_relative_error_divided_by_the_larger_norm_is_named():
    def by_max(g, g_approx):
        return float(
            np.linalg.norm(g - g_approx) / max(np.linalg.norm(g), np.linalg.norm(g_approx))
        )

    with pytest.raises(ExerciseFailed, match="larger of the two norms") as failure:
        ch04.check_relative_error(by_max)
    assert "alone" not in str(failure.value)


@pytest.mark.parametrize("alone", [lambda g, a: g, lambda g, a: a])
def test_relative_error_divided_by_one_norm_alone_still_gets_that_hint(alone):
    def one_norm(g, g_approx):
        return float(np.linalg.norm(g - g_approx) / np.linalg.norm(alone(g, g_approx)))

    with pytest.raises(ExerciseFailed, match="alone"):
        ch04.check_relative_error(one_norm)
