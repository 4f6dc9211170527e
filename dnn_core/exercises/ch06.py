"""Checks for chapter 06, mini-batches.

    check_iterations_per_epoch(fn)  fn(m, batch_size) -> ceil(m / batch_size), as an int
    check_make_batches(fn)          fn(X, Y, batch_size) -> [(X_batch, Y_batch), ...] in order,
                                    the same as list(batch_generator(X, Y, batch_size, shuffle=False))

The references are dnn_core's own ``batch_generator`` and ``math.ceil``. The test cases include a
Y with several rows and an m that the batch size does not divide, so the two classic mistakes --
reshaping Y to (1, m), as the source document did, and forgetting the last, smaller batch --
each fail with a message that names them.
"""

import math
import numbers

import numpy as np

from .. import batch_generator
from ..datasets import one_hot
from . import ExerciseFailed, call_learner, compare, raised

BATCH_MISTAKES = [
    (
        lambda got, args: (
            f"Y here has {args[1].shape[0]} rows. Keep every row of Y and cut only its "
            "columns, Y[:, start:stop]; the source document reshaped Y to (1, m), which "
            "works only for a single output row."
        ),
        raised("reshape"),
    ),
]


# --- iterations per epoch ---------------------------------------------------------------------
ITERATION_CASES = [(500, 8), (500, 64), (500, 1), (500, 500), (10, 3), (10, 4), (64, 8), (7, 10)]


def check_iterations_per_epoch(learner_fn):
    """ceil(m / batch_size) for every case, returned as an integer."""
    name = "iterations_per_epoch"
    for number, (m, b) in enumerate(ITERATION_CASES, start=1):
        where = f"{name}({m}, {b}), test case {number} of {len(ITERATION_CASES)}"
        got, expected = call_learner(learner_fn, (m, b), name, where), math.ceil(m / b)
        if isinstance(got, bool) or not isinstance(got, numbers.Real):
            raise ExerciseFailed(f"{where}: returned {got!r}; expected the number {expected}")
        if got == expected and not isinstance(got, numbers.Integral):
            raise ExerciseFailed(
                f"{where}: returned {got!r}, a {type(got).__name__}; return an int "
                "(a count of updates): math.ceil(m / batch_size) is one"
            )
        if got == expected:
            continue
        if got == m // b:
            hint = (
                f"That is rounding down: m // batch_size counts only the full batches, but the "
                f"{m % b} examples left over form one more, smaller batch -- one more update"
            )
        elif np.isclose(got, m / b):
            hint = "An epoch cannot hold part of an iteration: round m / batch_size up"
        else:
            hint = "Count the batches: the full ones of batch_size examples, plus one for any left over"
        raise ExerciseFailed(f"{where}: returned {got!r}; expected {expected}. {hint}.")
    print(f"✔ {name}: all {len(ITERATION_CASES)} test cases pass.")


# --- make_batches -----------------------------------------------------------------------------
def _batch_cases():
    rng = np.random.default_rng(6)
    return [
        (
            rng.normal(size=(2, 10)),
            one_hot(rng.integers(0, 3, 10), 3),
            4,
        ),  # 3 rows of Y; 10 = 4 + 4 + 2
        (rng.normal(size=(3, 12)), rng.normal(size=(1, 12)), 4),  # 12 = 4 + 4 + 4
        (rng.normal(size=(1, 7)), rng.normal(size=(1, 7)), 10),  # one batch, smaller than 10
        (rng.normal(size=(2, 5)), rng.normal(size=(2, 5)), 1),  # stochastic: one column each
    ]


def _check_batch(got, expected, X, Y, b, where):
    """Compare one (X_batch, Y_batch) pair with the reference, explaining the likely mistake."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise ExerciseFailed(
            f"{where}: expected a pair (X_batch, Y_batch), got {type(got).__name__}"
        )
    (gx, gy), (ex, ey) = got, expected
    for what, g, e, full in (("X_batch", gx, ex, X), ("Y_batch", gy, ey, Y)):
        shape = getattr(g, "shape", None)
        if shape == e.T.shape and shape != e.shape:
            raise ExerciseFailed(
                f"{where}: {what} has shape {shape}; expected {e.shape}. Columns are "
                f"examples: take the columns, {what[0]}[:, start:stop]"
            )
        if what == "Y_batch" and shape is not None and len(shape) == 2 and shape[0] != e.shape[0]:
            raise ExerciseFailed(
                f"{where}: Y_batch has {shape[0]} row(s), shape {shape}; expected all "
                f"{full.shape[0]} rows of Y, shape {e.shape}. Keep every row and cut "
                "only the columns; never reshape Y to (1, m) as the source document did"
            )
        try:
            compare(g, e, where, what)
        except ExerciseFailed as failure:
            if shape == e.shape:
                raise ExerciseFailed(
                    f"{failure}. The batches come in order, without shuffling: batch "
                    f"k (from 1) holds columns (k-1)*{b} to k*{b} - 1"
                ) from None
            raise


def check_make_batches(learner_fn):
    """The learner's list of (X_batch, Y_batch) against list(batch_generator(..., shuffle=False))."""
    name, cases = "make_batches", _batch_cases()
    for number, (X, Y, b) in enumerate(cases, start=1):
        where = (
            f"{name}, test case {number} of {len(cases)} (X {X.shape}, Y {Y.shape}, batch_size {b})"
        )
        got = call_learner(learner_fn, (X, Y, b), name, where, BATCH_MISTAKES)
        try:
            got = list(got)
        except TypeError:
            raise ExerciseFailed(
                f"{where}: returned {type(got).__name__}; expected a list of "
                "(X_batch, Y_batch) pairs"
            ) from None
        expected, m = list(batch_generator(X, Y, b, shuffle=False)), X.shape[1]
        if len(got) != len(expected):
            message = (
                f"{where}: returned {len(got)} batch{'es' if len(got) != 1 else ''}; expected "
                f"{len(expected)} = ceil({m} / {b})"
            )
            if len(got) == m // b and m % b:
                message += (
                    f". The last {m % b} examples (columns {m - m % b} to {m - 1}) are missing: "
                    "keep the last, smaller batch"
                )
            else:
                message += ". Cut the m columns (the examples) into blocks of batch_size columns"
            raise ExerciseFailed(message)
        for k, (got_batch, expected_batch) in enumerate(zip(got, expected), start=1):
            _check_batch(got_batch, expected_batch, X, Y, b, f"{where}, batch {k}")
    print(f"✔ {name}: all {len(cases)} test cases pass.")
