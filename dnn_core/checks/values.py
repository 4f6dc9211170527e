"""Checks of single values: arrays of examples, numbers, seeds, dtypes, functions, sizes.

Bad input should fail early, with a message that names the argument and says what was
expected -- not with a numpy traceback three calls deeper, and never with a silent NaN.
"""

import numbers

import numpy as np

# The most dnn_core allocates at once: 2**30 bytes (1 GiB) of weights and biases, or of generated
# data. Training needs several times that again (gradients, activations, a shuffled copy of the
# data), and numpy on a laptop would take days per epoch at that size anyway; raise it if needed.
MAX_ARRAY_BYTES = 2**30


def as_matrix(name, value, dtype=None):
    """``value`` as a finite, non-empty 2-D float array (columns are examples).

    Raises TypeError for anything but real numbers (strings and complex numbers
    included) and ValueError for the wrong number of dimensions, an empty
    array, NaN/inf entries, or values too large for ``dtype``.
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # e.g. ragged nested lists
        raise TypeError(
            f"{name} must be a rectangular numeric array, got {type(value).__name__}"
        ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.ndim != 2:
        hint = f" (for one feature or output use {name}.reshape(1, -1))" if array.ndim == 1 else ""
        raise ValueError(
            f"{name} must be 2-D with shape (n_features, m_examples), got shape {array.shape}{hint}"
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); it needs at least one example")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or inf values; clean or impute them first")
    target = np.dtype(
        dtype if dtype is not None else array.dtype if array.dtype.kind == "f" else float
    )
    if array.dtype != target:
        with np.errstate(over="ignore"):
            array = array.astype(target)
        if not np.isfinite(array).all():
            raise ValueError(f"{name} has values too large for {target}; rescale them first")
    return array


def positive_number(name, value):
    """``value`` as a float, which must be finite and > 0 (a Fraction or numpy number is fine)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    number = float(value)
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return number


def non_negative_number(name, value):
    """``value`` as a float, which must be finite and >= 0 (an L2 strength, say)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    number = float(value)
    if not np.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def dropout_rate(value, rng=None, name="dropout"):
    """``value`` as a float p in [0, 1): the probability of dropping a unit. With p > 0 the masks
    are random, so ``rng`` must be a numpy Generator (pass ``rng=False`` to skip that check)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__}")
    p = float(value)
    if not 0 <= p < 1:  # also refuses NaN
        raise ValueError(
            f"{name} must be in [0, 1): the probability of dropping a hidden unit (0: no "
            f"dropout; 1 would drop them all), got {value!r}"
        )
    if p > 0 and rng is not False and not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name}={p:g} draws random masks: rng must be a numpy Generator such as "
            f"np.random.default_rng(0), got {type(rng).__name__}"
        )
    return p


def integer(name, value, minimum):
    """``value`` as an int, which must be >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def seed(name, value, generator=False):
    """``value`` as a seed for np.random.default_rng: None or an int >= 0 (and, if
    ``generator``, a numpy Generator, returned as it is)."""
    if generator and isinstance(value, np.random.Generator):
        return value
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        expected = "an int >= 0, a numpy Generator or None" if generator else "an int >= 0 or None"
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0 (numpy seeds are non-negative), got {value}")
    return int(value)


def generator(name, value):
    """Raise unless ``value`` is a numpy Generator or None."""
    if value is not None and not isinstance(value, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy Generator such as np.random.default_rng(42), or None; "
            f"got {type(value).__name__} (to give a seed, pass seed=...)"
        )
    return value


def float_dtype(name, dtype):
    """``dtype`` as a numpy floating-point dtype (np.float32, np.float64, "float32", ...)."""
    try:
        kind = np.dtype(dtype).kind
    except TypeError:
        kind = None
    if kind != "f":
        raise TypeError(f"{name} must be a floating-point type such as np.float32, got {dtype!r}")
    return np.dtype(dtype)


def affordable(what, count, itemsize=8):
    """Raise, before allocating, if ``count`` numbers of ``itemsize`` bytes exceed MAX_ARRAY_BYTES."""
    size = count * itemsize
    if size > MAX_ARRAY_BYTES:
        raise ValueError(
            f"{what} would need {size / 2**30:,.1f} GiB; dnn_core allocates at most "
            f"{MAX_ARRAY_BYTES / 2**30:g} GiB at once (checks.MAX_ARRAY_BYTES)"
        )


def function(name, value):
    """Raise unless ``value`` can be called (a function), or is None."""
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be a function (or None), got {type(value).__name__}")


def float_array(name, x):
    """Raise unless ``x`` is a numpy array of floats (a nudge of epsilon can be stored in it)."""
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        got = f"dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(
            f"{name} must be a numpy float array (an integer entry + epsilon rounds back "
            f"to the same integer), got {got}; use {name}.astype(float)"
        )
