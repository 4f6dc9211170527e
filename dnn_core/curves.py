"""The numbers behind the chapters' curves, computed by dnn_core's own code over a range of inputs.

Each function here evaluates the package exactly as the network calls it and returns arrays;
``dnn_core.plots`` draws them, the explorers in ``dnn_core.widgets`` update them, and tests
check them. Nothing here draws (numpy + the core only).

    activation_and_derivative   g(z) and g'(z) from an activation's forward and backward pair
    bending_activations         the hidden activations whose slope changes (all but the identity)
    per_example                 a loss L(y_hat, y) and its gradient, one prediction at a time
    fused_and_chain             dZ of sigmoid + cross-entropy: the shortcut and the chain rule
    sigmoid_saturated           where sigma(z) rounds to 1 or is clipped up to eps
    finite_difference_errors    how far forward and central differences land from the derivative
    probability_grid            a trained classifier's P(class 1) over a grid of the plane
"""

import numpy as np

from .activations import ACTIVATIONS, get_activation, hidden_activations
from .losses import LOSSES, get_loss

Z_DEFAULT = np.linspace(-5, 5, 1001)  # step 0.01, so z = 0 is one of the points


def activation_and_derivative(activation, z=None):
    """(g(z), g'(z)) for a name or an ``Activation``, both from dnn_core's own code:
    g from its forward function, g' from its backward function with dA = 1."""
    g = get_activation(activation)
    z = Z_DEFAULT if z is None else np.asarray(z, dtype=float)
    Z = z.reshape(1, -1)  # one row, one column per point: the (n, m) convention
    A, cache = g.forward(Z)
    dZ = g.backward(np.ones_like(Z), cache, A=A)
    return A.reshape(z.shape), dZ.reshape(z.shape)


def leaky_slope(activation):
    """The slope alpha that a leaky ReLU ``Activation`` uses for z < 0 (read off its backward)."""
    g = get_activation(activation)
    return float(g.backward(np.ones((1, 1)), -np.ones((1, 1)))[0, 0])


def bending_activations():
    """The names of the hidden activations whose slope g'(z) is not constant on ``Z_DEFAULT``
    (every one but the identity), in the order chapter 02 meets them: the smooth ones first,
    then those with a kink at 0, each group in registry order. Read from ``ACTIVATIONS`` at
    every call, so an activation added with ``register`` is included."""
    bending = [
        name for name in hidden_activations() if np.ptp(activation_and_derivative(name)[1]) > 0
    ]
    return sorted(bending, key=lambda name: ACTIVATIONS[name].kinked)


def per_example(loss, predictions, target):
    """(losses, gradients): L(y_hat, y) and dL/dy_hat for every y_hat in ``predictions``,
    each computed by the loss object's cost and gradient on a batch of one example."""
    loss = get_loss(loss)
    Y = np.array([[float(target)]])
    values, gradients = [], []
    for p in np.asarray(predictions, dtype=float).ravel():
        AL = np.array([[p]])
        values.append(loss.cost(AL, Y))
        gradients.append(loss.gradient(AL, Y)[0, 0])
    return np.array(values), np.array(gradients)


def fused_and_chain(Z, target):
    """(dZ_fused, dZ_chain) for a sigmoid output trained with binary cross-entropy, one example
    (m = 1) per entry of Z: the shortcut (A - Y) / m that the network uses, and the long way,
    the loss's dAL times sigma'(Z) through ``sigmoid_backward``."""
    loss, sigmoid = LOSSES["binary_cross_entropy"], ACTIVATIONS["sigmoid"]
    fused, chain = [], []
    for z in np.asarray(Z, dtype=float).ravel():
        Z1, Y1 = np.array([[z]]), np.array([[float(target)]])
        A1, cache = sigmoid.forward(Z1)
        fused.append(loss.fused[sigmoid](A1, Y1)[0, 0])
        chain.append(sigmoid.backward(loss.gradient(A1, Y1), cache, A=A1)[0, 0])
    return np.array(fused), np.array(chain)


def sigmoid_saturated(Z):
    """Where the sigmoid saturates in float64: A = sigma(z) rounds to exactly 1, or lies below
    eps, where the losses clip it up to eps (``losses.clip_probabilities``). A boolean mask."""
    A = ACTIVATIONS["sigmoid"].forward(np.asarray(Z, dtype=float))[0]
    return (A == 1.0) | (A < np.finfo(float).eps)


def finite_difference_errors(epsilons=None, x=0.5):
    """|estimate - f'(x)| for f = tanh at x, for each step eps in ``epsilons``:
    a dict with "epsilon", "forward" (f(x + eps) - f(x)) / eps in float64, "central"
    (f(x + eps) - f(x - eps)) / (2 eps) in float64, and "central float32", the same
    computed entirely in float32. The true derivative is 1 - tanh(x)^2."""
    eps = np.logspace(-13, -1, 49) if epsilons is None else np.asarray(epsilons, dtype=float)
    exact = 1 - np.tanh(x) ** 2
    forward = (np.tanh(x + eps) - np.tanh(x)) / eps
    central = (np.tanh(x + eps) - np.tanh(x - eps)) / (2 * eps)
    x32, eps32 = np.float32(x), eps.astype(np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):  # eps below float32's range is 0
        central32 = (np.tanh(x32 + eps32) - np.tanh(x32 - eps32)) / (np.float32(2) * eps32)
    return {
        "epsilon": eps,
        "forward": np.abs(forward - exact),
        "central": np.abs(central - exact),
        "central float32": np.abs(central32.astype(float) - exact),
    }


def probability_grid(model, X, resolution=150, padding=0.4):
    """The grid behind a decision-boundary picture: returns (xs, ys, P) where P[i, j] is the
    predicted probability of class 1 at the point (xs[j], ys[i]); the grid covers the two
    features of X (shape (2, m)) plus ``padding`` on every side."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(
            f"X must have shape (2, m): two features, one column per example; got {X.shape}"
        )
    if getattr(model, "layer_dims", [None, 1])[-1] != 1:
        raise ValueError(
            "plot_decision_boundary needs a network with one (sigmoid) output unit, "
            f"got layer_dims {model.layer_dims}"
        )
    low, high = X.min(axis=1) - padding, X.max(axis=1) + padding
    xs = np.linspace(low[0], high[0], resolution)
    ys = np.linspace(low[1], high[1], resolution)
    gx, gy = np.meshgrid(xs, ys)  # gx[i, j] = xs[j], gy[i, j] = ys[i]
    P = model.predict(np.vstack([gx.ravel(), gy.ravel()]))
    return xs, ys, P.reshape(gx.shape)
