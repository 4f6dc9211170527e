"""Chapter 03's checkers against the holes a learner's review found: softmax shifted by something
other than the column's maximum, and an m taken from the rows of Y (hidden by a single-row Y)."""

import numpy as np
import pytest

from dnn_core.exercises import ExerciseFailed, ch03


def _softmax_shifted_by(shift):
    def softmax(Z):
        E = np.exp(Z - shift(Z))
        return E / E.sum(axis=0, keepdims=True)

    return softmax


@pytest.mark.parametrize(
    "shift, message",
    [
        (lambda Z: Z.min(axis=0, keepdims=True), "column's minimum"),
        (lambda Z: Z.mean(axis=0, keepdims=True), "column's mean"),
        (lambda Z: Z[0], "first row"),
        (lambda Z: Z[:1, :], "first row"),
    ],
)
def test_softmax_shifted_by_anything_but_the_maximum_fails_with_its_hint(shift, message):
    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed, match=message) as failure:
        ch03.check_softmax(_softmax_shifted_by(shift))
    assert "Z.max(axis=0, keepdims=True)" in str(failure.value)


def test_softmax_shifted_by_the_column_maximum_passes(capsys):
    ch03.check_softmax(_softmax_shifted_by(lambda Z: np.max(Z, axis=0)))
    assert capsys.readouterr().out.startswith("✔ softmax")


def test_the_softmax_cases_hold_large_spreads_in_both_directions():
    spreads = [Z[0] - Z[-1] for (Z,) in ch03._softmax_cases()]
    assert max(np.max(s) for s in spreads) >= 1000 and min(np.min(s) for s in spreads) <= -1000


@pytest.mark.parametrize("rows", [lambda Y: Y.shape[0], len])
def test_mse_gradient_with_m_from_the_rows_names_the_rows(rows):
    with pytest.raises(ExerciseFailed, match=r"not Y.shape\[0\] or len\(Y\)") as failure:
        ch03.check_mse_gradient(lambda AL, Y: 2 / rows(Y) * (AL - Y))
    assert "1/m is missing" not in str(failure.value)


@pytest.mark.parametrize("rows", [lambda Y: Y.shape[0], len])
def test_bce_cost_with_m_from_the_rows_names_the_rows(rows):
    def bce(AL, Y):
        AL = np.clip(AL, np.finfo(float).eps, 1 - np.finfo(float).eps)
        return -float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))) / rows(Y)

    with pytest.raises(ExerciseFailed, match=r"not Y.shape\[0\] or len\(Y\)") as failure:
        ch03.check_bce_cost(bce)
    assert "1/m is missing" not in str(failure.value)


def test_a_failed_check_renders_as_its_message_alone_in_ipython():
    failure = ExerciseFailed("softmax, test case 1 of 5: wrong\nHint: subtract the maximum")
    lines = failure._render_traceback_()
    text = "\n".join(lines)
    assert "ExerciseFailed" in text and "Hint: subtract the maximum" in text
    assert "Traceback" not in text and "File " not in text and len(text.splitlines()) == 2
