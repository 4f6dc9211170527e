"""Gradient checking: is backprop's gradient the real derivative of the cost?

Nudge one parameter theta_i by +-epsilon, rerun the forward pass, and the
central difference

    (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)

approximates dJ/dtheta_i with an error of order eps^2. Compare all of them
with backprop's gradient g through the relative error

    ||g - g_approx|| / (||g|| + ||g_approx||)

In float64, a correct backward pass gives about 1e-9 or less; a wrong one
gives something like 1e-2 .. 1. Use float64: float32 rounding alone is ~1e-4.

With regularization the checked cost is the one training minimizes: the loss plus the L2 penalty
(``l2``), through a network thinned by dropout (``dropout``). The dropout masks are random, so the
check fixes them: every forward pass draws from a generator re-made from ``mask_seed``, which
gives the same masks each time, and the cost is then a smooth function of the parameters.
"""

import numpy as np

from .activations import get_activation
from .backward import L_model_backward
from .checks import (
    dropout_rate,
    float_array,
    function,
    matching_shapes,
    non_negative_number,
    positive_number,
)
from .checks import seed as check_seed
from .forward import L_model_forward
from .losses import get_loss
from .regularization import l2_gradients, l2_penalty


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
    l2=0.0,
    dropout=0.0,
    mask_seed=0,
):
    """Relative error between ``backward``'s gradients (backprop, by default
    ``L_model_backward``) and central differences of the loss's cost, over
    all parameters. The parameters are copied to float64 and left unchanged.
    ``l2`` and ``dropout`` check the regularized cost (dropout with fixed masks, see above)."""
    hidden = get_activation(hidden_layer_activation, "hidden_layer_activation")
    output = get_activation(output_layer_activation, "output_layer_activation")
    loss, epsilon = get_loss(loss), positive_number("epsilon", epsilon)
    params = {k: np.array(v, dtype=np.float64) for k, v in parameters.items()}
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)

    l2, m = non_negative_number("l2", l2), X.shape[1]
    dropout, mask_seed = dropout_rate(dropout, rng=False), check_seed("mask_seed", mask_seed)

    def forward():  # the same masks every time: a generator made afresh from mask_seed
        return L_model_forward(X, params, hidden, output, dropout, np.random.default_rng(mask_seed))

    def cost():
        return loss.cost(forward()[0], Y) + l2_penalty(params, l2, m)

    AL, caches = forward()
    grads = l2_gradients(backward(AL, Y, caches, hidden, output, loss), params, l2, m)
    analytic = np.concatenate([grads["d" + k].ravel() for k in params])
    numeric = np.concatenate([numerical_gradient(cost, params[k], epsilon).ravel() for k in params])
    return relative_error(analytic, numeric)
