"""The shared machinery of the exercise checks (dnn_core/exercises/__init__.py): check_function
with its known mistakes, and the mistake tests gives, returned and raised."""

import warnings

import numpy as np
import pytest

from dnn_core.exercises import (
    ExerciseFailed,
    call_learner,
    check_function,
    check_value,
    compare,
    gives,
    raised,
    returned,
    same,
    with_hint,
)


def double(x):
    return 2 * x


CASES = [
    (np.array([1.0, 2.0, 3.0]),),
    (np.array([[1.0, -1.0], [0.5, 4.0]]),),
    (np.array([0.0, -2.0]),),
]
MISTAKES = [
    ("you added instead of multiplying.", gives(lambda x: x + 2)),
    ("you squared x.", gives(lambda x: x**2)),
    ("you returned x.", gives(lambda x: x)),
]


def fails(learner, mistakes=MISTAKES, cases=CASES, **options):
    with pytest.raises(ExerciseFailed) as failure:
        check_function(learner, double, cases, mistakes=mistakes, **options)
    return str(failure.value)


# --------------------------------------------------------------------------- check_function
def test_a_right_answer_passes_and_says_how_many_cases(capsys):
    check_function(lambda x: x + x, double, CASES, mistakes=MISTAKES)
    assert capsys.readouterr().out == "✔ double: all 3 test cases pass.\n"


def test_the_hint_of_the_first_matching_mistake_is_added():
    message = fails(lambda x: x + 2)
    assert message.startswith(
        "double, test case 1 of 3: the returned value differs in 2 of 3 entries"
    )
    assert message.endswith("\nHint: you added instead of multiplying.")
    # at x = 0 and 1, x ** 2 equals x: both mistakes explain the answer; the first one listed wins
    assert fails(lambda x: x, cases=[(np.array([0.0, 1.0]),)]).endswith("\nHint: you squared x.")


def test_the_hint_comes_from_the_first_case_the_learner_gets_wrong():
    def right_then_wrong(x):
        return 2 * x if x.ndim == 1 else x**2  # right on case 1, squares on case 2

    message = fails(right_then_wrong)
    assert message.startswith("double, test case 2 of 3:")
    assert message.endswith("\nHint: you squared x.")


def test_an_unknown_mistake_gets_no_hint():
    message = fails(lambda x: 3 * x)
    assert "differs" in message and "Hint" not in message


def test_a_test_or_hint_that_raises_counts_as_not_this_mistake():
    def broken_test(got, args):
        raise KeyError("boom")

    def broken_hint(got, args):
        return 1 / 0

    mistakes = [
        ("never shown", broken_test),
        (broken_hint, lambda got, args: True),
        (lambda got, args: None, lambda got, args: True),
    ] + MISTAKES
    assert fails(lambda x: x, mistakes).endswith("\nHint: you returned x.")


def test_a_hint_can_be_built_from_the_case():
    mistakes = [
        (
            lambda got, args: f"x has {args[0].size} entries and you returned {got.size}",
            lambda got, args: got.size != args[0].size,
        )
    ]
    assert fails(lambda x: x[:1], mistakes).endswith("\nHint: x has 3 entries and you returned 1")


def test_not_done_yet_gets_no_hint():
    def unsolved(x):
        raise NotImplementedError()

    message = fails(unsolved, [("always", lambda got, args: True)])
    assert message == (
        "double: not done yet -- replace `raise NotImplementedError()` with your code, "
        "then run this check again"
    )


def test_changing_an_argument_in_place_is_reported_without_a_hint():
    def in_place(x):
        x *= 2
        return x

    message = fails(in_place, [("always", lambda got, args: True)])
    assert message == (
        "double, test case 1 of 3: your function changed its argument 1 in place; "
        "work on new arrays instead (e.g. X = X + 1, not X += 1)"
    )


def test_an_exception_is_reported_and_can_be_a_known_mistake():
    def crashes(x):
        return x @ np.ones((5, 5))

    mistakes = [
        ("not this one", raised(kind=KeyError)),
        ("mind the shapes.", raised("matmul", kind=ValueError)),
    ]
    message = fails(crashes, mistakes)
    assert message.startswith("double, test case 1 of 3: your function raised ValueError: matmul")
    assert message.endswith("\nHint: mind the shapes.")
    assert "Hint" not in fails(crashes, MISTAKES)  # gives(...) never matches an exception


def test_the_forgotten_return_message_and_its_hint():
    def no_return(x):
        2 * x

    assert fails(no_return, []) == (
        "double, test case 1 of 3: your function returned None; did you forget the `return`?"
    )
    message = fails(no_return, MISTAKES + [("end with `return`.", lambda got, args: got is None)])
    assert message.endswith("did you forget the `return`?\nHint: end with `return`.")


def test_describe_names_the_case_and_returns_names_the_values():
    where = r"^pair, test case 1 of 1 \(x of shape \(2,\)\): "
    with pytest.raises(ExerciseFailed, match=where + "the returned A differs"):
        check_function(
            lambda x: (x, 2 * x),
            lambda x: (2 * x, 2 * x),
            [(np.ones(2),)],
            name="pair",
            returns=("A", "B"),
            describe=lambda x: f"x of shape {x.shape}",
        )


def test_numpy_warnings_of_a_wrong_answer_become_a_message_with_a_hint():
    def overflows(x):
        return np.exp(1000 * x) / np.exp(1000 * x)  # inf / inf = nan, with numpy warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        message = fails(overflows, [("nan!", lambda got, args: bool(np.isnan(got).any()))])
    assert message.endswith("\nHint: nan!")


def test_a_learner_that_is_not_a_function():
    assert fails(42) == "double: expected a function, got int"


def test_with_hint_and_call_learner_serve_checks_that_compare_in_their_own_way():
    assert str(with_hint("wrong", MISTAKES, np.array([3.0]), (np.array([1.0]),))) == (
        "wrong\nHint: you added instead of multiplying."
    )
    assert str(with_hint("wrong", MISTAKES, "?", (np.array([1.0]),))) == "wrong"
    assert call_learner(double, (np.ones(2),), "double", "case 1").tolist() == [2.0, 2.0]
    with pytest.raises(
        ExerciseFailed, match=r"^case 1: your function raised ZeroDivisionError.*\nHint: 0!"
    ):
        call_learner(lambda x: 1 / 0, (1,), "f", "case 1", [("0!", raised(kind=ZeroDivisionError))])


# --------------------------------------------------------------------------- gives, returned, raised
def test_gives_compares_values_within_its_tolerance():
    args = (np.array([1.0, 2.0]),)
    test = gives(lambda x: x + 2)
    assert test(np.array([3.0, 4.0]), args)
    assert test(np.array([3.0, 4.0 + 1e-7]), args)  # inside rtol = 1e-6
    assert not test(np.array([3.0, 4.001]), args)
    assert gives(lambda x: x + 2, rtol=1e-2)(np.array([3.0, 4.001]), args)
    assert gives(lambda x: x * 0, atol=1e-3)(np.array([1e-4, -1e-4]), args)
    assert not gives(lambda x: x * 0)(np.array([1e-4, -1e-4]), args)


def test_gives_tolerates_another_shape_with_as_many_entries():
    args = (np.arange(3.0),)
    test = gives(lambda x: x)
    assert test(np.arange(3.0).reshape(1, 3), args) and test(np.arange(3.0).reshape(3, 1), args)
    assert test([0.0, 1.0, 2.0], args)
    assert not test(np.arange(4.0), args) and not test(np.arange(2.0), args)
    assert gives(lambda x: x.sum())(np.array([[3.0]]), args) and gives(lambda x: x.sum())(3, args)


def test_gives_treats_nan_as_equal_and_non_numbers_as_different():
    args = (np.array([-1.0, 1.0]),)
    test = gives(lambda x: np.where(x < 0, np.nan, x))
    assert test(np.array([np.nan, 1.0]), args)
    assert not test(np.array([1.0, 1.0]), args)
    assert not gives(lambda x: np.nan)(None, args)
    assert not gives(lambda x: 1.0)("1.0", args)
    assert not gives(lambda x: 1.0)(ValueError("1.0"), args)


def test_gives_compares_tuples_and_dicts_entry_by_entry():
    args = (np.array([1.0, 2.0]),)
    pair = gives(lambda x: (x, {"s": x.sum()}))
    assert pair((np.array([1.0, 2.0]), {"s": 3.0}), args)
    assert pair([np.array([[1.0, 2.0]]), {"s": np.array(3.0)}], args)
    assert not pair((np.array([1.0, 2.0]), {"s": 4.0}), args)
    assert not pair((np.array([1.0, 2.0]), {"t": 3.0}), args)
    assert not pair((np.array([1.0, 2.0]),), args)
    assert not pair(np.array([1.0, 2.0]), args)


def test_returned_tests_one_returned_value():
    args = (np.array([1.0, 2.0]),)
    second_doubled = returned(1, gives(lambda x: 2 * x))
    assert second_doubled((0, np.array([2.0, 4.0])), args)
    assert not second_doubled((np.array([2.0, 4.0]), 0), args)
    assert not second_doubled((np.array([2.0, 4.0]),), args)
    assert not second_doubled(np.array([2.0, 4.0]), args)


def test_raised_matches_the_kind_and_the_text():
    assert raised()(ValueError("x"), ()) and raised()(KeyError("x"), ())
    assert not raised()(np.ones(2), ())
    assert raised("broadcast")(ValueError("operands could not be broadcast together"), ())
    assert not raised("broadcast")(ValueError("matmul: mismatch"), ())
    assert raised("matmul", "shape", kind=ValueError)(ValueError("bad shape"), ())
    assert not raised("shape", kind=ValueError)(TypeError("bad shape"), ())


# --------------------------------------------------------------------------- the comparison
def test_same_is_what_gives_uses():
    assert same(np.ones((2, 1)), np.ones(2)) and not same(np.ones(2), np.zeros(2))


def test_compare_and_check_value_still_work(capsys):
    check_value("answer", (1.0, np.ones(2)), (1.0, np.ones(2)))
    assert capsys.readouterr().out == "✔ answer: correct.\n"
    with pytest.raises(ExerciseFailed, match=r"^q: x\[1\] has shape \(3,\); expected \(2,\)$"):
        compare((1.0, np.ones(3)), (1.0, np.ones(2)), "q", "x")
    with pytest.raises(
        ExerciseFailed, match=r"expected x to be a tuple of 2 values, got list of 3 values"
    ):
        compare([1, 2, 3], (1, 2), "q", "x")
