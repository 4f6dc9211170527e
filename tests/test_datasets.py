"""dnn_core.datasets: the generators' shapes, seeds, balance and geometry; the shipped digits;
one_hot, train_test_split, standardize, from_csv and task_of, with their error messages."""

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dnn_core
from dnn_core.datasets import (
    attenuated_sine,
    blobs,
    circles,
    digits,
    from_csv,
    moons,
    one_hot,
    spirals,
    standardize,
    task_of,
    train_test_split,
    xor,
)

TWO_CLASS = [moons, circles, spirals, xor, blobs]


def linear_accuracy(X, Y):
    """Training accuracy of the least-squares linear classifier sign(w . x + b) on (X, Y)."""
    A = np.vstack([X, np.ones(X.shape[1])]).T
    w = np.linalg.lstsq(A, 2 * Y[0] - 1, rcond=None)[0]
    return np.mean((A @ w > 0) == (Y[0] == 1))


# ---------------------------------------------------------------- every two-class generator


@pytest.mark.parametrize("make", TWO_CLASS, ids=lambda f: f.__name__)
def test_layout_dtype_and_labels(make):
    X, Y = make(m=50)
    assert X.shape == (2, 50) and Y.shape == (1, 50)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert np.isfinite(X).all()


@settings(max_examples=30, deadline=None)
@given(m=st.integers(2, 301), seed=st.integers(0, 2**32 - 1))
def test_classes_are_balanced_for_any_m(m, seed):
    for make in TWO_CLASS:
        X, Y = make(m=m, seed=seed)
        assert X.shape == (2, m) and Y.shape == (1, m), make.__name__
        assert Y.sum() == m - m // 2, f"{make.__name__}: class 1 should have {m - m // 2}"


@pytest.mark.parametrize("make", TWO_CLASS, ids=lambda f: f.__name__)
def test_same_seed_same_arrays_other_seed_other_arrays(make):
    X1, Y1 = make(seed=3)
    X2, Y2 = make(seed=3)
    X3, Y3 = make(seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("make", TWO_CLASS, ids=lambda f: f.__name__)
def test_columns_are_shuffled(make):
    _, Y = make(m=400)
    assert 0 < Y[0, :200].sum() < 200  # not all of class 0 first


@pytest.mark.parametrize("make", TWO_CLASS, ids=lambda f: f.__name__)
def test_inputs_are_scaled_to_about_minus_2_to_2(make):
    X, _ = make(m=1000)
    assert np.mean(np.abs(X) <= 2.0) > 0.97
    assert np.abs(X).max() < 3.0
    assert X.std(axis=1).max() > 0.5  # and not squeezed into a corner either


@pytest.mark.parametrize("make", TWO_CLASS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"m": 0}, ValueError, "m must be >= 2"),
        ({"m": 2.5}, TypeError, "m must be an integer"),
        ({"m": True}, TypeError, "m must be an integer"),
        ({"seed": -1}, ValueError, "seed must be >= 0"),
        ({"seed": 0.5}, TypeError, "seed must be an integer"),
    ],
)
def test_bad_size_or_seed(make, kwargs, error, message):
    with pytest.raises(error, match=message):
        make(**kwargs)


@pytest.mark.parametrize(
    "make, name",
    [(moons, "noise"), (circles, "noise"), (spirals, "noise"), (xor, "noise"), (blobs, "std")],
)
def test_bad_spread(make, name):
    with pytest.raises(ValueError, match=f"{name} must be a finite number >= 0, got -0.1"):
        make(**{name: -0.1})
    with pytest.raises(ValueError, match=f"{name} must be a finite number >= 0"):
        make(**{name: float("nan")})
    with pytest.raises(TypeError, match=f"{name} must be a number, got str"):
        make(**{name: "0.1"})


# ---------------------------------------------------------------- each generator's geometry


def test_moons_lie_on_two_half_circles_without_noise():
    X, Y = moons(m=300, noise=0.0)
    P = X / 1.25 + np.array([[0.5], [0.25]])  # undo the centring and scaling
    upper, lower = P[:, Y[0] == 0], P[:, Y[0] == 1]
    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[0] - 1.0, lower[1] - 0.5), 1.0)
    assert (upper[1] >= -1e-12).all() and (lower[1] <= 0.5 + 1e-12).all()


def test_moons_are_not_linearly_separable():
    X, Y = moons()
    accuracy = linear_accuracy(X, Y)
    assert 0.75 < accuracy < 0.95, accuracy  # a line gets most of it, but clearly not all


def test_circles_radii_and_factor():
    X, Y = circles(m=300, noise=0.0, factor=0.3)
    radius = np.hypot(X[0], X[1])
    np.testing.assert_allclose(radius[Y[0] == 0], 1.5)
    np.testing.assert_allclose(radius[Y[0] == 1], 0.45)
    X, Y = circles()  # with the default noise the inner class is still inside on average
    radius = np.hypot(X[0], X[1])
    assert radius[Y[0] == 1].mean() < 0.6 * radius[Y[0] == 0].mean()
    assert linear_accuracy(X, Y) < 0.7


@pytest.mark.parametrize("factor", [0, 1, 1.5])
def test_circles_factor_must_be_between_0_and_1(factor):
    with pytest.raises(ValueError, match="factor"):
        circles(factor=factor)


def test_spirals_follow_their_arms_without_noise():
    turns = 1.5
    X, Y = spirals(m=300, noise=0.0, turns=turns)
    radius = np.hypot(X[0], X[1])
    assert radius.max() <= 2.0 + 1e-12
    angle = 2 * np.pi * turns * radius / 2 + np.pi * Y[0]  # angle = 2 pi turns t + k pi, r = 2t
    np.testing.assert_allclose(X[0], radius * np.cos(angle), atol=1e-12)
    np.testing.assert_allclose(X[1], radius * np.sin(angle), atol=1e-12)


def test_spirals_defeat_a_straight_line():
    X, Y = spirals()
    assert linear_accuracy(X, Y) < 0.75


def test_spirals_turns_must_be_positive():
    with pytest.raises(ValueError, match="turns must be a finite number > 0"):
        spirals(turns=0)


def test_xor_label_is_xor_of_the_signs_without_noise():
    X, Y = xor(m=400, noise=0.0)
    np.testing.assert_array_equal(Y[0], (X[0] > 0) ^ (X[1] > 0))
    quadrant = (X[0] > 0) * 2 + (X[1] > 0)
    assert np.bincount(quadrant, minlength=4).min() > 70  # all four quadrants are filled
    assert np.abs(X).max() <= 2.0
    assert linear_accuracy(X, Y) < 0.7


def test_blobs_two_classes_sit_around_their_centres():
    X, Y = blobs(m=2000, std=1.0)
    for k, centre in enumerate([(1.2, 0.0), (-1.2, 0.0)]):  # 0.3 * 4 (cos, sin)(2 pi k / 2)
        points = X[:, Y[0] == k]
        np.testing.assert_allclose(points.mean(axis=1), centre, atol=0.05)
        np.testing.assert_allclose(points.std(axis=1), [0.3, 0.3], atol=0.03)
    assert linear_accuracy(X, Y) > 0.99


def test_blobs_many_classes_are_one_hot_and_balanced():
    X, Y = blobs(m=103, n_classes=5, std=0.0)
    assert X.shape == (2, 103) and Y.shape == (5, 103)
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    assert set(Y.sum(axis=1)) == {20.0, 21.0}
    labels = Y.argmax(axis=0)
    angles = 2 * np.pi * labels / 5
    np.testing.assert_allclose(X, 1.2 * np.vstack([np.cos(angles), np.sin(angles)]), atol=1e-12)


def test_blobs_n_classes_is_checked():
    with pytest.raises(ValueError, match="n_classes must be >= 2"):
        blobs(n_classes=1)
    with pytest.raises(TypeError, match="n_classes must be an integer"):
        blobs(n_classes=2.0)


# ---------------------------------------------------------------- the document's sine


def test_attenuated_sine_matches_the_formula():
    X, Y, x = attenuated_sine(m=501)
    assert X.shape == (1, 501) and Y.shape == (1, 501) and x.shape == (501,)
    assert x[0] == pytest.approx(-2 * np.pi) and x[-1] == pytest.approx(2 * np.pi)
    np.testing.assert_allclose(np.diff(x), 4 * np.pi / 500)
    assert Y[0, 250] == pytest.approx(0.25)  # x = 0: (0.25 * 0 + 0.25) * e^0
    assert Y[0, 0] == pytest.approx(0.25 * np.exp(0.2 * np.pi))  # x = -2 pi: sin = 0
    for i in (37, 125, 400):
        expected = (0.25 * np.sin(x[i]) + 0.25) * np.exp(-0.1 * x[i])
        assert Y[0, i] == pytest.approx(expected, rel=1e-12)
    assert X.mean() == pytest.approx(0.0, abs=1e-12)
    assert X.std() == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_allclose(X[0] * x.std() + x.mean(), x)  # X is x, standardized


# ---------------------------------------------------------------- the shipped digits


def test_digits_shape_range_and_labels():
    X, labels = digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype.kind == "i"
    assert X.min() == 0.0 and X.max() == 1.0
    counts = np.bincount(labels, minlength=10)
    assert len(counts) == 10 and ((170 <= counts) & (counts <= 190)).all(), counts
    # read from sklearn's digits.csv.gz: the counts of 0..9 and the sum of all raw pixels
    np.testing.assert_array_equal(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    assert digits(scale=False)[0].sum() == 561718


def test_digits_spot_check_against_the_original_csv():
    X, labels = digits(scale=False)
    assert X.max() == 16 and (X == np.round(X)).all()
    np.testing.assert_array_equal(X[:8, 0], [0, 0, 5, 13, 9, 1, 0, 0])  # row 1: a 0
    np.testing.assert_array_equal(X[:, 1000].reshape(8, 8)[6], [0, 0, 10, 14, 13, 16, 8, 3])
    np.testing.assert_array_equal(X[56:, 1796], [0, 1, 8, 12, 14, 12, 1, 0])  # last row: an 8
    assert (labels[0], labels[1], labels[1000], labels[1796]) == (0, 1, 1, 8)
    np.testing.assert_array_equal(digits()[0], X / 16)


def test_digits_file_is_small_and_pickle_free():
    path = Path(dnn_core.__file__).parent / "data" / "digits.npz"
    assert path.stat().st_size < 100_000
    with np.load(path, allow_pickle=False) as data:
        assert sorted(data.files) == ["images", "labels"]
        assert data["images"].dtype == np.uint8 and data["labels"].dtype == np.uint8


def test_digits_scale_must_be_a_bool():
    with pytest.raises(TypeError, match="scale must be True or False"):
        digits(scale="yes")


# ---------------------------------------------------------------- one_hot


def test_one_hot_puts_a_one_in_the_label_row():
    Y = one_hot([2, 0, 1, 2])
    np.testing.assert_array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    assert Y.dtype == np.float64
    assert one_hot(np.array([[0.0, 1.0, 1.0]]), n_classes=4).shape == (4, 3)


@given(st.lists(st.integers(0, 9), min_size=1, max_size=50))
def test_one_hot_round_trips_through_argmax(labels):
    Y = one_hot(labels, n_classes=10)
    np.testing.assert_array_equal(Y.argmax(axis=0), labels)
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)


@pytest.mark.parametrize(
    "labels, kwargs, error, message",
    [
        ([0, -1, 2], {}, ValueError, "labels must be >= 0"),
        ([0, 1.5], {}, ValueError, "labels must be whole numbers"),
        (["a", "b"], {}, TypeError, "labels must be integers"),
        ([], {}, ValueError, "labels is empty"),
        ([[0, 1], [1, 0]], {}, ValueError, r"labels must have shape \(m,\) or \(1, m\)"),
        ([0, 5], {"n_classes": 3}, ValueError, "labels contain 5, which needs n_classes > 5"),
        ([0, 1], {"n_classes": 0}, ValueError, "n_classes must be >= 1"),
    ],
)
def test_one_hot_errors(labels, kwargs, error, message):
    with pytest.raises(error, match=message):
        one_hot(labels, **kwargs)


# ---------------------------------------------------------------- train_test_split


@settings(max_examples=40, deadline=None)
@given(m=st.integers(2, 200), fraction=st.floats(0.05, 0.95), seed=st.integers(0, 1000))
def test_train_test_split_is_a_partition(m, fraction, seed):
    n_test = round(m * fraction)
    if n_test in (0, m):
        return
    X = np.vstack([np.arange(m), -np.arange(m)]).astype(float)
    Y = 10.0 * np.arange(m).reshape(1, m)
    X_train, Y_train, X_test, Y_test = train_test_split(X, Y, fraction, seed)
    assert X_test.shape == (2, n_test) and X_train.shape == (2, m - n_test)
    ids = np.concatenate([X_train[0], X_test[0]])
    np.testing.assert_array_equal(np.sort(ids), np.arange(m))  # none lost, none duplicated
    np.testing.assert_array_equal(Y_train, 10 * X_train[:1])  # columns stay paired
    np.testing.assert_array_equal(Y_test, 10 * X_test[:1])


def test_train_test_split_is_seeded_and_shuffles():
    X, Y = moons(m=100)
    first, again, other = (train_test_split(X, Y, seed=s) for s in (1, 1, 2))
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[2], other[2])
    assert not np.array_equal(first[2], X[:, :20]) and not np.array_equal(first[2], X[:, -20:])


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((np.ones((2, 10)), np.ones((1, 9))), ValueError, "X has 10 examples .* Y has 9"),
        (
            (np.ones((2, 10)), np.ones((1, 10)), 0.0),
            ValueError,
            "test_fraction must be between 0 an",
        ),
        (
            (np.ones((2, 10)), np.ones((1, 10)), 1.0),
            ValueError,
            "test_fraction must be between 0 an",
        ),
        ((np.ones((2, 10)), np.ones((1, 10)), "0.2"), TypeError, "test_fraction must be a number"),
        ((np.ones((2, 2)), np.ones((1, 2)), 0.1), ValueError, "leaves no test examples"),
        ((np.ones((2, 2)), np.ones((1, 2)), 0.9), ValueError, "leaves no training examples"),
        ((np.ones(10), np.ones((1, 10))), ValueError, "X must be 2-D"),
    ],
)
def test_train_test_split_errors(args, error, message):
    with pytest.raises(error, match=message):
        train_test_split(*args)


# ---------------------------------------------------------------- standardize


def test_standardize_per_feature_and_reuse_on_test_data():
    rng = np.random.default_rng(0)
    X = rng.normal([[5.0], [-3.0], [0.0]], [[2.0], [0.1], [7.0]], size=(3, 500))
    X_std, mean, std = standardize(X)
    assert mean.shape == (3, 1) and std.shape == (3, 1)
    np.testing.assert_allclose(X_std.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_std.std(axis=1), 1.0)
    X_test = X[:, :7] + 1.0
    np.testing.assert_allclose(standardize(X_test, mean, std)[0], (X_test - mean) / std)
    np.testing.assert_allclose(
        standardize(X_test, mean.ravel(), std.ravel())[0], (X_test - mean) / std
    )


def test_standardize_leaves_a_constant_feature_finite():
    X = np.vstack([np.full(1000, 0.1), np.arange(1000.0)])
    assert X[0].std() != 0.0  # rounding: a constant row's computed std is ~1e-17, not 0
    X_std, _, std = standardize(X)
    assert std[0, 0] == 1.0
    np.testing.assert_allclose(X_std[0], 0.0, atol=1e-15)
    np.testing.assert_allclose(X_std[1].std(), 1.0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"mean": np.zeros((2, 1))}, "pass both mean and std"),
        ({"mean": np.zeros((2, 1)), "std": np.array([[1.0], [0.0]])}, "std must be > 0"),
        ({"mean": np.zeros((3, 1)), "std": np.ones((2, 1))}, r"mean must have shape \(2, 1\)"),
    ],
)
def test_standardize_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        standardize(np.ones((2, 5)), **kwargs)
    with pytest.raises(ValueError, match="X contains NaN"):
        standardize(np.array([[1.0, np.nan]]))


# ---------------------------------------------------------------- from_csv

GOOD = "x1,x2,y\n1,2,0\n3,4.5,1\n-1,0,1\n2e1,7,0\n"


def test_from_csv_with_header():
    X, Y = from_csv(text=GOOD)
    np.testing.assert_array_equal(X, [[1, 3, -1, 20], [2, 4.5, 0, 7]])
    np.testing.assert_array_equal(Y, [[0, 1, 1, 0]])
    assert X.dtype == Y.dtype == np.float64


def test_from_csv_without_header_from_bytes_and_from_a_path(tmp_path):
    text = GOOD.split("\n", 1)[1]
    expected = from_csv(text=GOOD)
    path = tmp_path / "data.csv"
    path.write_text("\n" + GOOD.replace("\n", "\r\n") + "\n\n")  # blank lines, Windows endings
    old_mac = tmp_path / "old, mac.csv"  # a comma in the name: still a path
    old_mac.write_bytes(GOOD.replace("\n", "\r").encode())
    for source in (
        dict(text=text),
        dict(text=text.encode()),
        dict(text=b"\xef\xbb\xbf" + GOOD.encode()),
        dict(text="\ufeff" + GOOD),  # a str that starts with a byte-order mark
        dict(text="\ufeff" + text),
        dict(text=text.replace("\n", "\r")),  # CR-only line endings
        dict(path=path),
        dict(path=str(path)),
        dict(path=old_mac),
        dict(path=text.encode()),  # bytes as the first argument: contents, as before
        dict(text=text.replace(",", ";")),
    ):
        for got, want in zip(from_csv(**source), expected):
            np.testing.assert_array_equal(got, want)


def test_from_csv_target_by_name_or_index():
    X, Y = from_csv(text=GOOD, target="x1")
    np.testing.assert_array_equal(Y, [[1, 3, -1, 20]])
    np.testing.assert_array_equal(X[1], [0, 1, 1, 0])
    np.testing.assert_array_equal(from_csv(text=GOOD, target=1)[1], [[2, 4.5, 0, 7]])
    np.testing.assert_array_equal(from_csv(text=GOOD, target=np.int64(1))[1], [[2, 4.5, 0, 7]])
    with pytest.raises(ValueError, match="target='z' is not a column name"):
        from_csv(text=GOOD, target="z")
    with pytest.raises(ValueError, match="target=3 is out of range for 3 columns"):
        from_csv(text=GOOD, target=3)


@pytest.mark.parametrize(
    "source, message",
    [
        ("", "the CSV file is empty"),
        (b"", "the CSV file is empty"),
        ("\n \n", "the CSV file is empty"),
        ("y\n1\n2\n3\n4\n", "has 1 column; it needs at least 2"),
        ("a,b\n1,2\n3,x7\n5,6\n7,8\n", r"non-numeric value at row 3, column 2 \('b'\): 'x7'"),
        ("1,2\n3,4\n5,six\n7,8\n", r"non-numeric value at row 3, column 2: 'six'"),
        ("x,1\n1,2\n3,4\n5,6\n7,8\n", r"non-numeric value at row 1, column 1: 'x'.*is a header"),
        ("1,2\n3,1_000\n5,6\n7,8\n", r"non-numeric value at row 2, column 2: '1_000'"),
        ("1,2,3\n4,5\n6,7,8\n9,1,2\n", "row 2 has 2 values but the file has 3 columns"),
        ("a,b\n1,2\n3,4,\n5,6\n7,8\n", "row 3 has 3 values but the file has 2 columns"),
        ("1,2\n3,\n5,6\n7,8\n", r"missing value at row 2, column 2: ''"),
        ("1,2\nNaN,4\n5,6\n7,8\n", r"missing value at row 2, column 1: 'NaN'"),
        ("1,2\n3,NA\n5,6\n7,8\n", r"missing value at row 2, column 2: 'NA'"),
        ("1,2\n3,4\n5,-inf\n7,8\n", r"infinite value at row 3, column 2: '-inf'"),
        ("a,b\n1,2\n3,4\n5,6\n", "has 3 data rows; it needs at least 4"),
        ("a,b\n", "has 0 data rows; it needs at least 4"),
        (b"\xff\xfe1,2", "is not UTF-8 text"),
        ('1,2\n3,"4\n' + "5,6\n" * 50_000, r"row 2 cannot be split into cells .*quote"),
        ("1,2\n3,4\x00\n5,6\n7,8\n", r"non-numeric value at row 2, column 2: '4\\x00'"),
    ],
)
def test_from_csv_errors(source, message):
    with pytest.raises(ValueError, match="^the CSV text:? .*" + message):
        from_csv(text=source)


def test_from_csv_errors_name_the_file(tmp_path):
    path = tmp_path / "scores, 2024.csv"
    path.write_text("a,b\n1,2\n3,x\n5,6\n7,8\n")
    with pytest.raises(ValueError, match=r"^'.*scores, 2024.csv': non-numeric value at row 3"):
        from_csv(path)
    path.write_text('1,2\n3,"4\n' + "5,6\n" * 50_000)  # longer than the csv module's field limit
    with pytest.raises(ValueError, match=r"scores, 2024.csv': row 2 cannot be split"):
        from_csv(path)
    with pytest.raises(ValueError, match=r"^upload.csv: row 2 cannot be split"):
        from_csv(text=path.read_bytes(), name="upload.csv")


def test_from_csv_source_type_and_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"'.*nowhere.csv' does not exist"):
        from_csv(tmp_path / "nowhere.csv")
    with pytest.raises(FileNotFoundError, match=r"'a,b,c.csv' does not exist"):
        from_csv("a,b,c.csv")  # a missing file with a comma in its name is not CSV text
    with pytest.raises(FileNotFoundError, match=r"does not exist; to read CSV text, pass text="):
        from_csv(GOOD)
    with pytest.raises(FileNotFoundError, match="is a folder, not a CSV file"):
        from_csv(tmp_path)
    with pytest.raises(TypeError, match="path must be a file path"):
        from_csv(42)
    with pytest.raises(TypeError, match="text must be a str or bytes"):
        from_csv(text=42)
    with pytest.raises(TypeError, match="exactly one source"):
        from_csv()
    with pytest.raises(TypeError, match="exactly one source"):
        from_csv(tmp_path / "x.csv", text=GOOD)


# ---------------------------------------------------------------- task_of


def test_task_of():
    assert task_of(moons()[1]) == "binary"
    assert task_of(blobs(n_classes=3)[1]) == "multiclass"
    assert task_of(one_hot(digits()[1])) == "multiclass"
    assert task_of(attenuated_sine()[1]) == "regression"
    assert task_of(np.array([[0.0, 1.0, 2.0]])) == "regression"
    assert task_of(np.array([[1.0, 1.0], [1.0, 0.0]])) == "regression"  # a column sums to 2
    assert task_of(np.array([[0.5, 1.0], [0.5, 0.0]])) == "regression"
    with pytest.raises(ValueError, match="Y must be 2-D"):
        task_of(np.array([0.0, 1.0]))


def test_import_needs_no_plotting():
    code = (
        "import sys, dnn_core.datasets; "
        "print([m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- extreme values and sizes
@pytest.mark.parametrize(
    "row",
    [
        [1e300, 1.5e300, 1.7e300],
        [1.7e308, -1.7e308, 1e308],
        [1e-300, 2e-300, 3e-300],
        [1e-310, 2e-310, 3e-310],  # subnormal numbers
    ],
)
def test_standardize_values_at_the_ends_of_the_float_range(row):
    X = np.array([row, [1.0, 2.0, 3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X_std, mean, std = standardize(X)
        again = standardize(X, mean, std)[0]
    assert np.isfinite(X_std).all() and np.isfinite(mean).all() and np.isfinite(std).all()
    np.testing.assert_allclose(X_std.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_std.std(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(again, X_std, rtol=1e-12)


def test_standardize_ordinary_data_gives_exactly_the_textbook_numbers():
    X = np.random.default_rng(0).normal(3.0, 7.0, (4, 500))
    X_std, mean, std = standardize(X)
    np.testing.assert_array_equal(mean, X.mean(axis=1, keepdims=True))
    np.testing.assert_array_equal(std, X.std(axis=1, keepdims=True))
    np.testing.assert_array_equal(X_std, (X - mean) / std)


def test_standardize_with_the_mean_and_std_of_data_on_another_scale():
    _, mean, std = standardize(np.array([[1e-300, 2e-300, 3e-300]]))
    with pytest.raises(ValueError, match="X is on another scale than the data that mean and std"):
        standardize(np.array([[1e10, 2e10, 3e10]]), mean, std)


@pytest.mark.parametrize(
    "labels, kwargs",
    [([0, 10**18], {}), (np.array([0.0, 1e300]), {}), ([0, 1], {"n_classes": 10**12})],
)
def test_one_hot_refuses_what_would_not_fit_before_allocating(labels, kwargs):
    with pytest.raises(ValueError, match=r"one_hot: .* would need [\d,.]+ GiB"):
        one_hot(labels, **kwargs)


def test_train_test_split_seed_like_the_model():
    X, Y = np.arange(20.0).reshape(2, 10), np.arange(10.0).reshape(1, 10)
    parts = train_test_split(X, Y, seed=None)  # a fresh random split, as the model allows
    assert sorted(np.hstack([parts[1], parts[3]])[0]) == list(range(10))
    with pytest.raises(ValueError, match="seed must be >= 0"):
        train_test_split(X, Y, seed=-1)
    with pytest.raises(TypeError, match="seed must be an int >= 0 or None, got str"):
        train_test_split(X, Y, seed="0")


@pytest.mark.parametrize("make", [*TWO_CLASS, blobs, attenuated_sine], ids=lambda f: f.__name__)
def test_generators_refuse_sizes_that_would_not_fit_before_allocating(make):
    with pytest.raises(ValueError, match=r"m=1,000,000,000,000 examples would need [\d,.]+ GiB"):
        make(m=10**12)
    with pytest.raises(ValueError, match="m must be >= 2"):
        make(m=1)
    with pytest.raises(TypeError, match="m must be an integer, got str"):
        make(m="5")


@pytest.mark.parametrize(
    "make, name",
    [(moons, "noise"), (circles, "noise"), (spirals, "noise"), (xor, "noise"), (blobs, "std")],
)
def test_a_spread_that_could_overflow_is_refused(make, name):
    with pytest.raises(ValueError, match=f"{name}=1e\\+308 is too large"):
        make(**{name: 1e308})


def test_blobs_needs_an_example_per_class():
    with pytest.raises(ValueError, match="n_classes=3 needs at least as many examples, got m=2"):
        blobs(m=2, n_classes=3)
