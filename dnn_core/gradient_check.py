"""Gradient checking: is backprop's gradient the real derivative of the cost?

Nudge one parameter theta_i by +-epsilon, rerun the forward pass, and the
central difference

    (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)

approximates dJ/dtheta_i with an error of order eps^2. Compare all of them
with backprop's gradient g through the relative error

    ||g - g_approx|| / (||g|| + ||g_approx||)

In float64, a correct backward pass gives about 1e-9 or less; a wrong one
gives something like 1e-2 .. 1. Use float64: float32 rounding alone is ~1e-4.
"""

import numpy as np

from .activations import get_activation
from .backward import L_model_backward
from .checks import float_array, function, matching_shapes, positive_number
from .forward import L_model_forward
from .losses import get_loss


def numerical_gradient(f, x, epsilon=1e-6):
    """Central-difference estimate of df/dx for a function f() -> float that
    reads the float array ``x``. Each entry of x is nudged in place and restored."""
    function("f", f), float_array("x", x), positive_number("epsilon", epsilon)
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + epsilon
        f_plus = f()
        x[i] = saved - epsilon
        f_minus = f()
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * epsilon)
    return grad


def relative_error(g, g_approx):
    """||g - g_approx|| / (||g|| + ||g_approx||); 0 when both are zero."""
    matching_shapes("g", g, "g_approx", g_approx)
    denominator = np.linalg.norm(g) + np.linalg.norm(g_approx)
    return float(np.linalg.norm(g - g_approx) / denominator) if denominator else 0.0


def gradient_check(
    parameters,
    X,
    Y,
    hidden_layer_activation,
    output_layer_activation,
    loss,
    epsilon=1e-6,
    backward=L_model_backward,
):
    """Relative error between ``backward``'s gradients (backprop, by default
    ``L_model_backward``) and central differences of the loss's cost, over
    all parameters. The parameters are copied to float64 and left unchanged."""
    hidden = get_activation(hidden_layer_activation, "hidden_layer_activation")
    output = get_activation(output_layer_activation, "output_layer_activation")
    loss, epsilon = get_loss(loss), positive_number("epsilon", epsilon)
    params = {k: np.array(v, dtype=np.float64) for k, v in parameters.items()}
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)

    def cost():
        return loss.cost(L_model_forward(X, params, hidden, output)[0], Y)

    AL, caches = L_model_forward(X, params, hidden, output)
    grads = backward(AL, Y, caches, hidden, output, loss)
    analytic = np.concatenate([grads["d" + k].ravel() for k in params])
    numeric = np.concatenate([numerical_gradient(cost, params[k], epsilon).ravel() for k in params])
    return relative_error(analytic, numeric)
