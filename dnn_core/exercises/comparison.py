"""Comparing a learner's answer with the expected one, for the exercise checks.

``compare`` raises ``ExerciseFailed`` describing the first difference (which
returned value, its kind, shape or dtype, which entries differ and by how
much); ``same`` only says whether an answer has the values of another, which
is what the tests of known mistakes need. Both are re-exported by
``dnn_core.exercises``.
"""

import numpy as np


class ExerciseFailed(AssertionError):
    """The learner's answer is not right yet; the message says what differs."""

    def _render_traceback_(self):
        """How IPython (a notebook) shows the failure: the checker's message alone, in red, not
        a traceback through the checker's own code, which says nothing about the learner's."""
        return [f"\x1b[1;31m{type(self).__name__}\x1b[0m: {self}"]


def compare(got, expected, where, what, rtol=1e-6, atol=1e-9, returns=None):
    """Raise ExerciseFailed describing the first difference between got and expected."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            raise ExerciseFailed(
                f"{where}: expected {what} to be a tuple of {len(expected)} values, "
                f"got {_kind(got)}" + (" (did you forget `return`?)" if got is None else "")
            )
        for i, (g, e) in enumerate(zip(got, expected)):
            compare(g, e, where, _value_name(returns, i) if returns else f"{what}[{i}]", rtol, atol)
    elif isinstance(expected, dict):
        if not isinstance(got, dict):
            raise ExerciseFailed(f"{where}: expected {what} to be a dict, got {_kind(got)}")
        missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
        if missing or extra:
            raise ExerciseFailed(
                f"{where}: {what} has keys {sorted(got)}; expected {sorted(expected)}"
            )
        for key in expected:
            compare(got[key], expected[key], where, f"{what}[{key!r}]", rtol, atol)
    elif isinstance(expected, np.ndarray):
        _compare_arrays(got, expected, where, what, rtol, atol)
    elif expected is None or isinstance(expected, (str, bool)):
        if got != expected:
            raise ExerciseFailed(f"{where}: {what} is {got!r}; expected {expected!r}")
    else:  # a number
        if got is None or isinstance(got, (str, bytes)) or np.ndim(got) != 0:
            raise ExerciseFailed(
                f"{where}: {what} is {_kind(got)}; expected a number"
                + (" (did you forget `return`?)" if got is None else "")
            )
        if not np.isclose(float(got), float(expected), rtol=rtol, atol=atol):
            raise ExerciseFailed(f"{where}: {what} is {got!r}; expected {float(expected):.6g}")


def same(got, expected, rtol=1e-6, atol=1e-9):
    """Whether ``got`` has the values of ``expected``: tuples, lists and dicts entry by entry,
    numbers and arrays by value, NaN equal to NaN. An array may have another shape with as
    many entries (a (1, m) row for an (m,) vector), so that a known mistake is still named."""
    if isinstance(expected, (tuple, list)):
        return (
            isinstance(got, (tuple, list))
            and len(got) == len(expected)
            and all(same(g, e, rtol, atol) for g, e in zip(got, expected))
        )
    if isinstance(expected, dict):
        return (
            isinstance(got, dict)
            and got.keys() == expected.keys()
            and all(same(got[k], expected[k], rtol, atol) for k in expected)
        )
    if got is None or isinstance(got, (str, bytes)):
        return False
    try:
        got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.size == expected.size and bool(
        np.allclose(got.ravel(), expected.ravel(), rtol=rtol, atol=atol, equal_nan=True)
    )


def _compare_arrays(got, expected, where, what, rtol, atol):
    if not isinstance(got, np.ndarray):
        hint = " (did you forget `return`?)" if got is None else ""
        raise ExerciseFailed(f"{where}: {what} should be a numpy array, got {_kind(got)}{hint}")
    if got.shape != expected.shape:
        raise ExerciseFailed(f"{where}: {what} has shape {got.shape}; expected {expected.shape}")
    if got.dtype.kind != expected.dtype.kind and not (
        got.dtype.kind in "biuf" and expected.dtype.kind in "biuf"
    ):
        raise ExerciseFailed(f"{where}: {what} has dtype {got.dtype}; expected {expected.dtype}")
    if expected.dtype.kind == "f" and got.dtype.kind not in "f":
        raise ExerciseFailed(
            f"{where}: {what} has dtype {got.dtype}; expected floats ({expected.dtype})"
        )
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not close.all():
        bad = np.argwhere(~close)
        first = tuple(int(i) for i in bad[0])
        raise ExerciseFailed(
            f"{where}: {what} differs in {len(bad)} of {got.size} entries; first at index {first}: "
            f"got {got[first]:.6g}, expected {expected[first]:.6g}"
        )


def _value_name(returns, i):
    return (
        f"the returned {returns[i]}" if returns and i < len(returns) else f"returned value {i + 1}"
    )


def _kind(value):
    """'None', 'tuple of 3 values', 'ndarray of shape (2, 4)', 'float', ..."""
    if value is None:
        return "None"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of {len(value)} values"
    shape = getattr(value, "shape", None)
    return f"{type(value).__name__}" + (f" of shape {shape}" if shape is not None else "")
