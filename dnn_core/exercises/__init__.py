"""Automatic checks for the notebooks' exercises.

A learner writes a function; a check compares it with dnn_core's own
implementation (the reference) on a few seeded test cases and either prints
one line saying it passed, or raises ``ExerciseFailed`` saying precisely what
is wrong: which test case, which returned value, its shape or dtype, or which
entries differ and by how much.

Known mistakes. When the answer is wrong, the check also tries the chapter's
list of usual wrong versions -- the source document's bug, a missing 1/m, a
transposed matrix, ... -- and if one explains the answer, adds a line
``Hint: ...`` naming it. A mistake is a pair ``(hint, test)``: ``test(got, args)``
is true when the learner's result ``got`` on the case ``args`` shows it (``got``
is the exception if the function raised one). ``gives``, ``returned`` and
``raised`` build the usual tests; ``check_function(..., mistakes=...)`` applies
them, and a check that compares in its own way adds a hint with ``with_hint``.

Each chapter has a module here (``ch01``, ``ch02``, ...) with its test cases,
its known mistakes and its ``check_...`` functions.
"""

import contextlib
import copy

import numpy as np

from .comparison import ExerciseFailed, compare, same
from .listing import reference_listing

__all__ = [
    "ExerciseFailed",
    "acts_like",
    "call_learner",
    "learner_code",
    "check_function",
    "check_value",
    "compare",
    "gives",
    "not_done",
    "raised",
    "reference_listing",
    "returned",
    "same",
    "with_hint",
]


def check_function(
    learner_fn,
    reference_fn,
    cases,
    name=None,
    returns=None,
    rtol=1e-6,
    atol=1e-9,
    mistakes=(),
    describe=None,
):
    """Call ``learner_fn`` and ``reference_fn`` on every case and compare the results.

    ``cases`` is a list of argument tuples (or (args, kwargs) pairs); ``returns``
    names the returned values, e.g. ("Z", "cache"), for the messages; ``describe(*args)``
    may say what a case is, e.g. its shapes. ``mistakes`` is a list of (hint, test):
    on the first case the learner gets wrong, the first mistake whose test is true adds
    ``Hint: {hint}`` to the message. A hint may also be a function (got, args) -> text,
    for a text that depends on the case; when it returns None, the next mistake is tried.
    """
    name = name or getattr(reference_fn, "__name__", "your function")
    if not callable(learner_fn):
        raise ExerciseFailed(f"{name}: expected a function, got {type(learner_fn).__name__}")
    for number, case in enumerate(cases, start=1):
        args, kwargs = case if _is_args_kwargs(case) else (case, {})
        where = f"{name}, test case {number} of {len(cases)}" + (
            f" ({describe(*args)})" if describe else ""
        )
        got = call_learner(learner_fn, args, name, where, mistakes, kwargs)
        with np.errstate(all="ignore"):
            expected = reference_fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        try:
            if got is None and expected is not None:
                raise ExerciseFailed(
                    f"{where}: your function returned None; did you forget the `return`?"
                )
            compare(
                got,
                expected,
                where,
                "the returned values" if returns else "the returned value",
                rtol,
                atol,
                returns,
            )
        except ExerciseFailed as failure:
            raise with_hint(str(failure), mistakes, got, args) from None
    print(f"✔ {name}: all {len(cases)} test cases pass.")


def check_value(name, got, expected, rtol=1e-6, atol=1e-9):
    """Compare one value the learner computed (a number, array, tuple or dict)."""
    compare(got, expected, name, "your answer", rtol, atol)
    print(f"✔ {name}: correct.")


def call_learner(learner_fn, args, name, where, mistakes=(), kwargs=None):
    """``learner_fn(*args, **kwargs)`` on copies of the arguments. Raises ExerciseFailed if the
    function is not done yet, raises an exception (with the hint of a known mistake that explains
    it) or changes an argument array in place."""
    learner_args = copy.deepcopy(args)
    with learner_code(name, where, mistakes, args):
        got = learner_fn(*learner_args, **copy.deepcopy(kwargs or {}))
    for i, (before, after) in enumerate(zip(args, learner_args)):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after, equal_nan=True):
            raise ExerciseFailed(
                f"{where}: your function changed its argument {i + 1} in place; "
                "work on new arrays instead (e.g. X = X + 1, not X += 1)"
            )
    return got


@contextlib.contextmanager
def learner_code(name, where, mistakes=(), args=()):
    """Run the learner's code inside ``with``: not done yet, or an exception it raises, becomes
    an ExerciseFailed that says so (with the hint of a known mistake that explains the exception);
    numpy's warnings are silenced (a wrong answer gets a message, not a warning)."""
    with np.errstate(all="ignore"):
        try:
            yield
        except NotImplementedError:
            raise not_done(name) from None
        except ExerciseFailed:
            raise
        except Exception as error:  # noqa: BLE001 -- whatever the learner's code raises, explain it
            message = f"{where}: your function raised {type(error).__name__}: {error}"
            raise with_hint(message, mistakes, error, args) from None


def not_done(name):
    """The failure for an exercise whose function still raises NotImplementedError."""
    return ExerciseFailed(
        f"{name}: not done yet -- replace `raise NotImplementedError()` "
        "with your code, then run this check again"
    )


# --------------------------------------------------------------------------- known mistakes
def gives(wrong_fn, rtol=1e-6, atol=1e-9):
    """A mistake test: the answer has the values of ``wrong_fn(*args)``, a known wrong version
    (an array may have another shape with as many entries; NaN equals NaN)."""
    return lambda got, args: same(got, wrong_fn(*args), rtol, atol)


def acts_like(learner_fn, wrong_fn, probes, rtol=1e-6, atol=1e-9):
    """A mistake test for mistakes that one case cannot tell apart (dividing by the larger of two
    norms looks like dividing by either one alone): the answer has the values of ``wrong_fn``
    on the case, and the learner's function agrees with ``wrong_fn`` on every case of ``probes``
    too (cases chosen to separate the look-alikes)."""

    def test(got, args):
        if not same(got, wrong_fn(*args), rtol, atol):
            return False
        for probe in probes:
            with np.errstate(all="ignore"):
                answer = learner_fn(*copy.deepcopy(probe))
            if not same(answer, wrong_fn(*probe), rtol, atol):
                return False
        return True

    return test


def returned(i, test):
    """A mistake test on one returned value: ``test(got[i], args)``."""
    return lambda got, args: isinstance(got, (tuple, list)) and len(got) > i and test(got[i], args)


def raised(*texts, kind=Exception):
    """A mistake test: the function raised ``kind`` with one of ``texts`` in its message
    (any message if no text is given)."""
    return lambda got, args: (
        isinstance(got, kind) and (not texts or any(t in str(got) for t in texts))
    )


def with_hint(message, mistakes, got, args):
    """ExerciseFailed(message), with the hint of the first known mistake that explains ``got``
    (the learner's result on ``args``, or the exception it raised)."""
    with np.errstate(all="ignore"):
        for hint, test in mistakes:
            try:  # a test (or hint) that fails on an unexpected answer: not this mistake
                if not test(got, copy.deepcopy(args)):
                    continue
                text = hint(got, copy.deepcopy(args)) if callable(hint) else hint
            except Exception:  # noqa: BLE001
                continue
            if text:
                return ExerciseFailed(f"{message}\nHint: {text}")
    return ExerciseFailed(message)


def _is_args_kwargs(case):
    return len(case) == 2 and isinstance(case[0], tuple) and isinstance(case[1], dict)
