"""Creating the weights and biases, and one step of gradient descent on them.

``parameters`` is a dict {"W1": ..., "b1": ..., ..., "WL": ..., "bL": ...}
with W[l] of shape (n[l], n[l-1]) and b[l] of shape (n[l], 1), where
layer_dims = [n[0], n[1], ..., n[L]] lists the width of every layer
(n[0] = number of input features, n[L] = number of outputs).
"""

import numpy as np

from .checks import fits_in_memory, float_dtype, gradients_for, parameter_count, positive_number
from .checks import layer_dims as check_layer_dims
from .checks import seed as check_seed

# Standard deviation of the initial weights of a layer with n_in inputs and n_out units.
INIT_SCALES = {
    "he": lambda n_in, n_out: np.sqrt(2 / n_in),  # He et al. 2015: keeps ReLU signals' variance
    "xavier": lambda n_in, n_out: np.sqrt(2 / (n_in + n_out)),  # Glorot & Bengio 2010: tanh/sigmoid
    "small": lambda n_in, n_out: 0.01,  # the common small-random start, randn * 0.01
}


def initialize_parameters(layer_dims, method="he", seed=None, dtype=np.float64):
    """Random weights W[l] ~ Normal(0, scale^2), zero biases b[l].

    ``method`` is "he", "xavier" or "small" (see INIT_SCALES); ``seed`` makes
    the draw reproducible (an int, or a numpy Generator to draw from).
    """
    dims, dtype = check_layer_dims(layer_dims), float_dtype("dtype", dtype)
    if method not in INIT_SCALES:
        raise ValueError(
            f"unknown initialization method {method!r}; valid: {', '.join(INIT_SCALES)}"
        )
    fits_in_memory(dims, dtype)  # refuse before allocating what cannot fit
    rng = np.random.default_rng(check_seed("seed", seed, generator=True))
    parameters = {}
    for l in range(1, len(dims)):
        scale = INIT_SCALES[method](dims[l - 1], dims[l])
        parameters[f"W{l}"] = (rng.standard_normal((dims[l], dims[l - 1])) * scale).astype(dtype)
        parameters[f"b{l}"] = np.zeros((dims[l], 1), dtype=dtype)
    return parameters


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step, in place: theta <- theta - learning_rate * dtheta
    for every W[l] and b[l]. Returns ``parameters`` (the same dict)."""
    learning_rate = positive_number("learning_rate", learning_rate)
    parameter_count(parameters)  # W1, b1, ..., WL, bL
    gradients_for(parameters, grads)  # dW1, db1, ..., dWL, dbL: arrays of the same shapes
    for name, theta in parameters.items():
        theta -= learning_rate * grads["d" + name]  # in place: no new arrays for the parameters
    return parameters
