"""What depth does to gradients: how much of dA survives the way back, and units that never fire.

``gradient_through_depth`` pushes a seeded random batch through a deep stack of layers with
``L_model_forward`` / ``L_model_backward`` and measures how big the gradient dA still is after
passing back through k layers (chapter 02's vanishing gradients). ``dead_units`` finds the
ReLU units that are off (z <= 0) for every example, whose gradient is therefore zero for good.

numpy + the core only: ``dnn_core.plots.depth`` draws these numbers, and
``dnn_core.widgets.activations`` animates them.
"""

import numpy as np

from .activations import get_activation
from .backward import L_model_backward, linear_activation_backward
from .forward import L_model_forward
from .parameters import initialize_parameters


def gradient_through_depth(activation, depth=20, width=32, m=64, seed=0, init=None):
    """How big the gradient stays on its way back through ``depth`` hidden layers.

    A network of ``depth`` hidden layers of ``width`` units (activation
    ``activation``, weights from ``initialize_parameters`` with ``init``, by
    default the one the activation is registered with: Xavier for sigmoid/tanh/linear,
    He for the ReLUs) and a linear output layer runs a seeded random batch of m examples
    forward and backward (mean squared error against random targets). Returns an array r
    of length depth + 1: r[k] is the mean |dA| of the hidden layer k layers below the top,
    divided by the same at the top, so r[0] = 1 and r[depth] is the gradient
    that reaches the input after passing back through every layer.
    """
    g = get_activation(activation)
    if not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a whole number >= 1, got {depth!r}")
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters([width] * (depth + 2), init or g.init, rng)
    X = rng.standard_normal((width, m))
    AL, caches = L_model_forward(X, parameters, g, "linear")
    Y = AL + rng.standard_normal(AL.shape)  # targets one unit away: a gradient of typical size
    grads = L_model_backward(AL, Y, caches, g, "linear", "mse")
    dA0, _, _ = linear_activation_backward(grads["dA1"], caches[0], g)  # on into the input
    sizes = [np.abs(grads[f"dA{l}"]).mean() for l in range(depth, 0, -1)] + [np.abs(dA0).mean()]
    return np.array(sizes) / sizes[0]


def dead_units(Z):
    """Boolean mask of the rows (units) of Z whose pre-activation is <= 0 for every
    example (column): a ReLU passes neither signal nor gradient through them."""
    return (np.asarray(Z) <= 0).all(axis=1)
