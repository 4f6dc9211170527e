"""Argument checks shared by the numeric core.

Bad input should fail early, with a message that names the argument and says
what was expected -- not with a numpy broadcasting traceback three calls
deeper, and never with a silent NaN. These helpers do that and nothing else.
"""

import numbers

import numpy as np


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


def same_examples(X, Y, x_name="X", y_name="Y"):
    """Raise unless X and Y have the same number of columns (examples)."""
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"{x_name} has {X.shape[1]} examples (columns) but {y_name} has "
            f"{Y.shape[1]}; they must match"
        )


def same_shape(AL, Y):
    """Raise unless the prediction AL and the targets Y have the same shape."""
    if np.shape(AL) != np.shape(Y):
        raise ValueError(
            f"Y has shape {np.shape(Y)} but AL (the network output) has shape "
            f"{np.shape(AL)}; Y must be (n_outputs, m) like AL"
        )


def linear_shapes(A, W, b):
    """Raise unless A (n_prev, m), W (n, n_prev) and b (n, 1) fit Z = W A + b."""
    a_shape, w_shape, b_shape = _shape(A), _shape(W), _shape(b)
    if len(a_shape) != 2 or len(w_shape) != 2:
        raise ValueError(f"A and W must be 2-D, got shapes {a_shape} and {w_shape}")
    if w_shape[1] != a_shape[0]:
        raise ValueError(
            f"W has {w_shape[1]} columns but its input has {a_shape[0]} rows (features); "
            f"W must have shape (n_units, {a_shape[0]})"
        )
    if b_shape != (w_shape[0], 1):
        raise ValueError(f"b must have shape ({w_shape[0]}, 1) to match W, got {b_shape}")


def _shape(x):
    """x.shape for an array (fast: this runs for every layer of every step), else np.shape(x)."""
    return x.shape if isinstance(x, np.ndarray) else np.shape(x)


def positive_number(name, value):
    """``value`` as a float, which must be finite and > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def integer(name, value, minimum):
    """``value`` as an int, which must be >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def parameter_count(parameters):
    """L, the number of layers, for ``parameters`` = {W1, b1, ..., WL, bL} (a cheap
    check of the count and of WL, bL; a gap before them shows up as a KeyError)."""
    L = len(parameters) // 2
    if L < 1 or len(parameters) != 2 * L or f"W{L}" not in parameters or f"b{L}" not in parameters:
        L = max(1, (len(parameters) + 1) // 2)
        missing = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}") if k not in parameters]
        raise ValueError(
            f"parameters must hold W1, b1, ..., WL, bL; missing {', '.join(missing)} "
            f"(got keys {sorted(parameters)})"
        )
    return L


def layer_dims(dims):
    """``dims`` as a list of ints: at least 2 entries (input and output), all > 0."""
    if isinstance(dims, (str, bytes)) or not hasattr(dims, "__len__"):
        raise TypeError(f"layer_dims must be a list of layer widths, got {type(dims).__name__}")
    if len(dims) < 2:
        raise ValueError(
            f"layer_dims needs at least 2 entries (input size and output size), got {list(dims)}"
        )
    for l, n in enumerate(dims):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n <= 0:
            raise ValueError(
                f"layer_dims[{l}] must be a positive integer (units in layer {l}), got {n!r}"
            )
    return [int(n) for n in dims]
