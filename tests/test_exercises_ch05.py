"""Chapter 05's update_parameters checker: an update that flips the sign or skips the last layer
fails with a hint naming it; an independently written right update passes."""

import pytest

from dnn_core.exercises import ExerciseFailed, ch05


def _update(sign=-1.0, stop=0):
    def update(parameters, grads, learning_rate):
        L = len(parameters) // 2
        for l in range(1, L + 1 - stop):
            for name in (f"W{l}", f"b{l}"):
                parameters[name] = parameters[name] + sign * learning_rate * grads["d" + name]
        return parameters

    return update


def test_a_right_update_written_with_new_arrays_passes(capsys):
    ch05.check_update_parameters(_update())
    assert capsys.readouterr().out.startswith("✔ update_parameters")


def test_a_flipped_sign_is_named():
    with pytest.raises(ExerciseFailed, match=r"moved uphill(.|\n)*not \+"):
        ch05.check_update_parameters(_update(sign=1.0))


def test_skipping_the_last_layer_is_named():
    with pytest.raises(ExerciseFailed, match=r"last layer \(W2, b2\) did not move.*range\(1, L\)"):
        ch05.check_update_parameters(_update(stop=1))
