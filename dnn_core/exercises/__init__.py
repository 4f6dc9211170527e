"""Automatic checks for the notebooks' exercises.

A learner writes a function; a check compares it with dnn_core's own
implementation (the reference) on a few seeded test cases and either prints
one line saying it passed, or raises ``ExerciseFailed`` saying precisely what
is wrong: which test case, which returned value, its shape or dtype, or which
entries differ and by how much.

Each chapter has a module here (``ch01``, ``ch02``, ...) with its
``check_...`` functions, built on ``check_function`` and ``check_value``.
"""
import copy

import numpy as np


class ExerciseFailed(AssertionError):
    """The learner's answer is not right yet; the message says what differs."""


def check_function(learner_fn, reference_fn, cases, name=None, returns=None, rtol=1e-6, atol=1e-9):
    """Call ``learner_fn`` and ``reference_fn`` on every case and compare the results.

    ``cases`` is a list of argument tuples (or (args, kwargs) pairs); ``returns``
    names the returned values, e.g. ("Z", "cache"), for the messages.
    """
    name = name or getattr(reference_fn, "__name__", "your function")
    if not callable(learner_fn):
        raise ExerciseFailed(f"{name}: expected a function, got {type(learner_fn).__name__}")
    for number, case in enumerate(cases, start=1):
        args, kwargs = case if _is_args_kwargs(case) else (case, {})
        where = f"{name}, test case {number} of {len(cases)}"
        learner_args = copy.deepcopy(args)
        try:
            got = learner_fn(*learner_args, **copy.deepcopy(kwargs))
        except NotImplementedError:
            raise ExerciseFailed(f"{name}: not done yet -- replace `raise NotImplementedError()` "
                                 "with your code, then run this check again") from None
        except ExerciseFailed:
            raise
        except Exception as error:
            raise ExerciseFailed(f"{where}: your function raised {type(error).__name__}: {error}") from None
        for i, (before, after) in enumerate(zip(args, learner_args)):
            if isinstance(before, np.ndarray) and not np.array_equal(before, after, equal_nan=True):
                raise ExerciseFailed(f"{where}: your function changed its argument {i + 1} in place; "
                                     "work on new arrays instead (e.g. X = X + 1, not X += 1)")
        expected = reference_fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        compare(got, expected, where, _value_name(returns, None), rtol, atol, returns)
    print(f"✔ {name}: all {len(cases)} test cases pass.")


def check_value(name, got, expected, rtol=1e-6, atol=1e-9):
    """Compare one value the learner computed (a number, array, tuple or dict)."""
    compare(got, expected, name, "your answer", rtol, atol)
    print(f"✔ {name}: correct.")


def compare(got, expected, where, what, rtol=1e-6, atol=1e-9, returns=None):
    """Raise ExerciseFailed describing the first difference between got and expected."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            raise ExerciseFailed(f"{where}: expected {what} to be a tuple of {len(expected)} values, "
                                 f"got {_kind(got)}" + (" (did you forget `return`?)" if got is None else ""))
        for i, (g, e) in enumerate(zip(got, expected)):
            compare(g, e, where, _value_name(returns, i) if returns else f"{what}[{i}]", rtol, atol)
    elif isinstance(expected, dict):
        if not isinstance(got, dict):
            raise ExerciseFailed(f"{where}: expected {what} to be a dict, got {_kind(got)}")
        missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
        if missing or extra:
            raise ExerciseFailed(f"{where}: {what} has keys {sorted(got)}; expected {sorted(expected)}")
        for key in expected:
            compare(got[key], expected[key], where, f"{what}[{key!r}]", rtol, atol)
    elif isinstance(expected, np.ndarray):
        _compare_arrays(got, expected, where, what, rtol, atol)
    elif expected is None or isinstance(expected, (str, bool)):
        if got != expected:
            raise ExerciseFailed(f"{where}: {what} is {got!r}; expected {expected!r}")
    else:  # a number
        if got is None or isinstance(got, (str, bytes)) or np.ndim(got) != 0:
            raise ExerciseFailed(f"{where}: {what} is {_kind(got)}; expected a number"
                                 + (" (did you forget `return`?)" if got is None else ""))
        if not np.isclose(float(got), float(expected), rtol=rtol, atol=atol):
            raise ExerciseFailed(f"{where}: {what} is {got!r}; expected {float(expected):.6g}")


def _compare_arrays(got, expected, where, what, rtol, atol):
    if not isinstance(got, np.ndarray):
        hint = " (did you forget `return`?)" if got is None else ""
        raise ExerciseFailed(f"{where}: {what} should be a numpy array, got {_kind(got)}{hint}")
    if got.shape != expected.shape:
        raise ExerciseFailed(f"{where}: {what} has shape {got.shape}; expected {expected.shape}")
    if got.dtype.kind != expected.dtype.kind and not (got.dtype.kind in "biuf" and expected.dtype.kind in "biuf"):
        raise ExerciseFailed(f"{where}: {what} has dtype {got.dtype}; expected {expected.dtype}")
    if expected.dtype.kind == "f" and got.dtype.kind not in "f":
        raise ExerciseFailed(f"{where}: {what} has dtype {got.dtype}; expected floats ({expected.dtype})")
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not close.all():
        bad = np.argwhere(~close)
        first = tuple(int(i) for i in bad[0])
        raise ExerciseFailed(
            f"{where}: {what} differs in {len(bad)} of {got.size} entries; first at index {first}: "
            f"got {got[first]:.6g}, expected {expected[first]:.6g}"
        )


def _is_args_kwargs(case):
    return len(case) == 2 and isinstance(case[0], tuple) and isinstance(case[1], dict)


def _value_name(returns, i):
    if i is None:
        return "the returned value" if not returns else "the returned values"
    return f"the returned {returns[i]}" if returns and i < len(returns) else f"returned value {i + 1}"


def _kind(value):
    if value is None:
        return "None"
    shape = getattr(value, "shape", None)
    return f"{type(value).__name__}" + (f" of shape {shape}" if shape is not None else "")
