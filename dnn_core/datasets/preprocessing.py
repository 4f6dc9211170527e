"""Getting data ready for a network: one-hot labels, a train/test split, standardized features.

Also ``task_of``, which tells from the targets Y which kind of problem it is (binary,
multiclass or regression), so that the playground can pick a matching output activation and
loss. Everything keeps the project's layout: one column per example.
"""

import numbers

import numpy as np

from ..checks import affordable, as_matrix, integer, same_examples
from ..checks import seed as check_seed


def one_hot(labels, n_classes=None):
    """Integer labels (shape (m,) or (1, m)) as a (n_classes, m) float matrix:

        Y[k, i] = 1 if labels[i] == k else 0.

    ``n_classes`` defaults to max(labels) + 1. Float labels are accepted if they are whole
    numbers (such as a 0.0/1.0 row Y).
    """
    array = np.asarray(labels)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"labels must be integers, got dtype {array.dtype}")
    if array.ndim == 2 and array.shape[0] == 1:
        array = array[0]
    if array.ndim != 1:
        raise ValueError(f"labels must have shape (m,) or (1, m), got shape {array.shape}")
    if array.size == 0:
        raise ValueError("labels is empty; it needs at least one example")
    if not np.isfinite(array).all() or (array != np.round(array)).any():
        raise ValueError("labels must be whole numbers (class indices 0, 1, 2, ...)")
    if array.min() < 0:
        raise ValueError(f"labels must be >= 0 (class indices), got {array.min()}")
    if n_classes is None:
        affordable(f"one_hot: a largest label of {array.max():g} (classes 0 .. that label)",
                   (float(array.max()) + 1) * array.size)  # fmt: skip
        n_classes = int(array.max()) + 1
    n_classes = integer("n_classes", n_classes, 1)
    affordable(
        f"one_hot: n_classes={n_classes} rows x {array.size} examples", n_classes * array.size
    )
    if array.max() >= n_classes:
        raise ValueError(
            f"labels contain {array.max()}, which needs n_classes > {array.max()}, "
            f"got n_classes={n_classes}"
        )
    array = array.astype(np.int64)
    Y = np.zeros((n_classes, array.size))
    Y[array, np.arange(array.size)] = 1.0
    return Y


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    """Split the columns of X and Y with a seeded random permutation.

    Returns (X_train, Y_train, X_test, Y_test); round(m * test_fraction) columns go to the test
    set, and every column lands in exactly one of the two parts.
    """
    X, Y = as_matrix("X", X), as_matrix("Y", Y)
    same_examples(X, Y)
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real):
        raise TypeError(f"test_fraction must be a number, got {type(test_fraction).__name__}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(
            f"test_fraction must be between 0 and 1 (exclusive), got {test_fraction!r}"
        )
    m = X.shape[1]
    n_test = int(round(m * test_fraction))
    if n_test == 0 or n_test == m:
        raise ValueError(
            f"test_fraction={test_fraction} of m={m} examples leaves "
            f"{'no test' if n_test == 0 else 'no training'} examples; "
            "use more examples or another test_fraction"
        )
    order = np.random.default_rng(check_seed("seed", seed)).permutation(m)  # None: a fresh draw
    test, train = order[:n_test], order[n_test:]
    return X[:, train], Y[:, train], X[:, test], Y[:, test]


def standardize(X, mean=None, std=None):
    """Per feature (row): X_std = (X - mean) / std, returning (X_std, mean, std).

    mean and std have shape (n_features, 1). Without them they are computed from X (do this on
    the training set, then pass them in for the test set). A constant feature has std 0: it is
    divided by 1 instead, and the returned std holds that 1. Each feature is first divided by a
    power of two near its largest magnitude -- exact in floating point, so ordinary data gives
    the same numbers -- so that values near 1e300 or 1e-300 cannot overflow or underflow.
    """
    X = as_matrix("X", X)
    if (mean is None) != (std is None):
        raise ValueError("pass both mean and std (from the training set) or neither")
    if mean is not None:
        mean, std = _per_feature("mean", mean, X.shape[0]), _per_feature("std", std, X.shape[0])
        if (std <= 0).any():
            raise ValueError("std must be > 0 for every feature")
        with np.errstate(over="ignore"):
            X_std = (X - mean) / std
            if not np.isfinite(X_std).all():  # X - mean overflowed? halving is exact
                X_std = (X / 2 - mean / 2) / std * 2
        if not np.isfinite(X_std).all():
            raise ValueError(
                "X standardized with this mean and std exceeds the float range: X is on another "
                "scale than the data that mean and std came from"
            )
        return X_std, mean, std
    scale = np.ldexp(1.0, np.frexp(np.abs(X).max(axis=1, keepdims=True))[1] - 1)
    scaled = X / scale  # exact: a power of two per feature, bringing it into [-2, 2]
    mean, std = scaled.mean(axis=1, keepdims=True), scaled.std(axis=1, keepdims=True)
    constant = X.max(axis=1, keepdims=True) == X.min(axis=1, keepdims=True)
    std = np.where(constant, 1.0, std)
    X_std = (scaled - mean) / std
    return X_std, mean * scale, np.where(constant, 1.0, std * scale)


def _per_feature(name, value, n):
    """``value`` as an (n, 1) column, one entry per feature; (n,) is accepted too."""
    if np.ndim(value) == 1 and np.size(value) == n:
        value = np.reshape(value, (n, 1))
    value = as_matrix(name, value)
    if value.shape != (n, 1):
        raise ValueError(
            f"{name} must have shape ({n}, 1), one value per feature of X, got shape {value.shape}"
        )
    return value


def task_of(Y):
    """ "binary", "multiclass" or "regression", from the targets Y (n_outputs, m).

    binary: one row holding only 0 and 1; multiclass: several rows, every column one-hot
    (only 0 and 1, summing to 1); anything else: regression.
    """
    Y = as_matrix("Y", Y)
    zeros_and_ones = bool(np.isin(Y, (0.0, 1.0)).all())
    if Y.shape[0] == 1:
        return "binary" if zeros_and_ones else "regression"
    if zeros_and_ones and (Y.sum(axis=0) == 1).all():
        return "multiclass"
    return "regression"
