"""Checks that pieces of a network fit together: shapes of X, Y, W, b and AL, layer widths,
parameters and gradients, caches, the architecture, and targets the output can reach."""

import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from .values import affordable


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
    """``dims`` as a list of ints: at least 2 entries (input and output), all > 0, in order
    (a list, tuple, range or 1-D array; a set or dict has no order, so it is refused)."""
    in_order = isinstance(dims, Sequence) or (isinstance(dims, np.ndarray) and dims.ndim == 1)
    if isinstance(dims, (str, bytes)) or not in_order:
        raise TypeError(
            f"layer_dims must be a list of layer widths, got {type(dims).__name__} "
            "(the widths in order, such as [2, 16, 1]; a set or dict has no order)"
        )
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


def fits_in_memory(dims, dtype):
    """Raise, before allocating, if the weights and biases of ``dims`` exceed MAX_ARRAY_BYTES."""
    count = sum(n_out * (n_in + 1) for n_in, n_out in zip(dims, dims[1:]))
    itemsize = max(np.dtype(dtype).itemsize, 8)  # the draw is float64 before any cast
    affordable(f"layer_dims {dims}: {count:,} weights and biases", count, itemsize)


def architecture(dims, hidden, output, loss):
    """Raise unless the activations and the loss can work together in a network of ``dims``."""
    if loss.output_activations and output.name not in loss.output_activations:
        raise ValueError(
            f"loss_function {loss.name!r} needs output_layer_activation "
            f"{' or '.join(map(repr, loss.output_activations))}, got {output.name!r}"
        )
    if len(dims) > 2 and not hidden.hidden:
        raise ValueError(
            f"hidden_layer_activation: {hidden.name!r} serves only as an output layer's "
            "activation (it makes the layer's units compete); choose a hidden activation"
        )
    if output.name == "softmax" and dims[-1] == 1:
        raise ValueError(
            "a softmax over one output unit is always 1, so it learns nothing; for two "
            "classes use one sigmoid unit (binary_cross_entropy), or give softmax 2+ units"
        )


def reachable(name, values, activation, reason):
    """Raise if ``values`` lie outside what ``activation`` can output (its ``bounds``).
    ``reason`` completes the message, e.g. "the network can never fit them"."""
    low, high = activation.bounds
    if values.min() < low or values.max() > high:
        raise ValueError(
            f"{name} has values from {values.min():g} to {values.max():g}, but a "
            f"{activation.name} output only takes values in {activation.output_range}: {reason}"
        )


def network_output(name, AL, outputs, loss_name):
    """Raise unless AL could come from one of ``outputs`` (the activations a loss needs):
    inside its bounds and, for softmax, with columns that sum to 1."""
    for activation in outputs:
        low, high = activation.bounds
        in_range = AL.min() >= low and AL.max() <= high
        if in_range and (activation.name != "softmax" or np.allclose(AL.sum(axis=0), 1)):
            return
    wanted = " or ".join(f"{g.name} ({g.output_range})" for g in outputs)
    sums = AL.sum(axis=0)
    raise ValueError(
        f"{name} must be the output of a {wanted} for {loss_name}; got values from "
        f"{AL.min():g} to {AL.max():g}, column sums from {sums.min():g} to {sums.max():g}"
    )


def matching_shapes(a_name, a, b_name, b):
    """Raise unless the arrays a and b have the same shape."""
    if np.shape(a) != np.shape(b):
        raise ValueError(
            f"{a_name} has shape {np.shape(a)} but {b_name} has shape {np.shape(b)}; "
            "they must match"
        )


def gradients_for(parameters, grads):
    """Raise unless ``grads`` holds an array dtheta of theta's shape for each theta."""
    if not isinstance(grads, Mapping):
        raise TypeError(
            f"grads must be a dict of arrays (dW1, db1, ...), got {type(grads).__name__}"
        )
    for name, theta in parameters.items():
        dtheta = grads.get("d" + name)
        if not isinstance(dtheta, np.ndarray) or dtheta.shape != theta.shape:
            got = dtheta.shape if isinstance(dtheta, np.ndarray) else dtheta
            if dtheta is not None and not isinstance(dtheta, np.ndarray):
                got = f"a {type(dtheta).__name__}, not a numpy array"
            raise ValueError(
                f"grads['d{name}'] must exist and have the shape of {name}, {theta.shape}; "
                f"got {got}"
            )


def cache_count(caches):
    """L, the number of layers: one cache per layer, as L_model_forward returns them."""
    if not isinstance(caches, (list, tuple)) or not caches:
        got = "an empty list" if isinstance(caches, (list, tuple)) else type(caches).__name__
        raise ValueError(
            f"caches must hold one cache per layer, as L_model_forward returns them; got {got}"
        )
    return len(caches)
