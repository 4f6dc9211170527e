"""Argument checks shared by the data-set generators (on top of ``dnn_core.checks``).

Every generator takes a size ``m``, a ``seed`` and some spread (``noise``, ``std``); these turn
bad values into a ValueError/TypeError that names the argument, before any numpy call can fail
in a less readable way.
"""

import numbers

import numpy as np

from ..checks import affordable, integer

MAX_SPREAD = 1e100  # noise or std beyond this can overflow the points; no use to anyone anyway


def size(m, minimum=2):
    """``m`` (number of examples) as an int >= ``minimum`` (2: one example per class at least),
    refused before allocating if the arrays made on the way would not fit (64 bytes each)."""
    m = integer("m", m, minimum)
    affordable(f"m={m:,} examples", m, 64)
    return m


def rng_from_seed(seed):
    """A fresh ``np.random.default_rng(seed)``; ``seed`` must be an int >= 0 (runs repeat)."""
    return np.random.default_rng(integer("seed", seed, 0))


def non_negative(name, value):
    """``value`` as a float, which must be finite and >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    if value > MAX_SPREAD:
        raise ValueError(
            f"{name}={value:g} is too large: the points lie within about [-2, 2], and a spread "
            f"beyond {MAX_SPREAD:g} can overflow to inf"
        )
    return float(value)


def class_sizes(m, n_classes):
    """Balanced class sizes: m // n_classes each, the remainder to the last classes.

    For two classes and an odd m, class 1 gets the extra example.
    """
    base, extra = divmod(m, n_classes)
    return [base + (1 if k >= n_classes - extra else 0) for k in range(n_classes)]


def two_classes(rng, points_0, points_1):
    """Stack two (2, n_k) point sets into (X, Y), labels 0.0 then 1.0, columns shuffled."""
    X = np.hstack([points_0, points_1])
    Y = np.hstack([np.zeros(points_0.shape[1]), np.ones(points_1.shape[1])]).reshape(1, -1)
    order = rng.permutation(X.shape[1])
    return X[:, order], Y[:, order]
