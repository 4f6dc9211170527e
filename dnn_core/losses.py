"""Loss functions: each one owns its cost *and* its gradient.

The cost J is the mean over the m examples (columns) of a per-example loss,
summed over the output units. The gradient ``dAL`` is exactly dJ/dAL, the
derivative of that mean cost -- so it already carries the factor 1/m, and
nothing downstream divides by m again. (The source document divided twice for
MSE and MAE; and its backward pass used the cross-entropy gradient whatever
the loss. Keeping cost and gradient in one object makes both mistakes hard.)

Some (output activation, loss) pairs have a gradient with respect to Z that
is simpler and more accurate than the chain rule through dAL: sigmoid with
binary cross-entropy and softmax with categorical cross-entropy both give
dZ = (A - Y) / m. ``Loss.fused`` holds those shortcuts, keyed by the built-in
activation object (so a home-made "sigmoid" never takes the shortcut).
"""

from typing import Callable, Mapping, NamedTuple

import numpy as np

from .activations import ACTIVATIONS
from .checks import as_matrix, same_shape


def _clip(AL):
    """Keep probabilities inside [eps, 1 - eps] so log() and 1/x stay finite."""
    eps = np.finfo(AL.dtype).eps if AL.dtype.kind == "f" else np.finfo(float).eps
    return np.clip(AL, eps, 1 - eps)


def _fused_A_minus_Y(AL, Y):
    """dZ = (A - Y) / m, for sigmoid + BCE and for softmax + CCE."""
    return (AL - Y) / Y.shape[1]


# --- binary cross-entropy:  J = -(1/m) sum[ Y log AL + (1 - Y) log(1 - AL) ]
def bce_cost(AL, Y):
    AL = _clip(AL)
    return -float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))) / Y.shape[1]


def bce_gradient(AL, Y):
    """dJ/dAL = -(1/m) (Y / AL - (1 - Y) / (1 - AL))."""
    AL = _clip(AL)
    return -(Y / AL - (1 - Y) / (1 - AL)) / Y.shape[1]


def _check_binary_labels(Y):
    if Y.min() < 0 or Y.max() > 1:
        raise ValueError(
            "Y: binary cross-entropy needs labels in [0, 1], "
            f"got values from {Y.min():g} to {Y.max():g}"
        )


# --- categorical cross-entropy:  J = -(1/m) sum_examples sum_k Y_k log AL_k
def cce_cost(AL, Y):
    return -float(np.sum(Y * np.log(_clip(AL)))) / Y.shape[1]


def cce_gradient(AL, Y):
    """dJ/dAL = -(1/m) Y / AL."""
    return -(Y / _clip(AL)) / Y.shape[1]


def _check_one_hot(Y):
    if Y.min() < 0 or Y.max() > 1 or not np.allclose(Y.sum(axis=0), 1):
        raise ValueError(
            "Y: categorical cross-entropy needs one column per example that sums "
            "to 1 (one-hot labels); use dnn_core.datasets.one_hot(labels, n_classes)"
        )


# --- mean squared error:  J = (1/m) sum (AL - Y)^2
def mse_cost(AL, Y):
    return float(np.sum((AL - Y) ** 2)) / Y.shape[1]


def mse_gradient(AL, Y):
    """dJ/dAL = (2/m) (AL - Y), element by element (no sum)."""
    return (2 / Y.shape[1]) * (AL - Y)


# --- mean absolute error:  J = (1/m) sum |AL - Y|
def mae_cost(AL, Y):
    return float(np.sum(np.abs(AL - Y))) / Y.shape[1]


def mae_gradient(AL, Y):
    """dJ/dAL = (1/m) sign(AL - Y); at AL = Y we take the subgradient 0."""
    return np.sign(AL - Y) / Y.shape[1]


class Loss(NamedTuple):
    """A loss by name: cost(AL, Y) -> float and gradient(AL, Y) -> dAL."""

    name: str
    cost: Callable
    gradient: Callable
    output_activations: tuple = ()  # outputs it needs; () means any
    fused: Mapping = {}  # output Activation -> (AL, Y) -> dZ (exact shortcut)
    check_labels: Callable = None  # raises ValueError for impossible labels


LOSSES = {
    loss.name: loss
    for loss in (
        Loss(
            "binary_cross_entropy",
            bce_cost,
            bce_gradient,
            ("sigmoid",),
            {ACTIVATIONS["sigmoid"]: _fused_A_minus_Y},
            _check_binary_labels,
        ),
        Loss(
            "categorical_cross_entropy",
            cce_cost,
            cce_gradient,
            ("softmax",),
            {ACTIVATIONS["softmax"]: _fused_A_minus_Y},
            _check_one_hot,
        ),
        Loss("mse", mse_cost, mse_gradient),
        Loss("mae", mae_cost, mae_gradient),
    )
}


def get_loss(loss, argument="loss"):
    """The ``Loss`` for a name such as "mse" (a Loss passes through)."""
    if isinstance(loss, Loss):
        return loss
    if not isinstance(loss, str):
        raise TypeError(f"{argument} must be a name (str) or a Loss, got {type(loss).__name__}")
    if loss not in LOSSES:
        raise ValueError(f"{argument}: unknown loss {loss!r}; valid names are {', '.join(LOSSES)}")
    return LOSSES[loss]


def compute_cost(AL, Y, loss):
    """The cost J(AL, Y): the mean over the m examples of the chosen loss."""
    loss = get_loss(loss)
    AL, Y = as_matrix("AL", AL), as_matrix("Y", Y)
    same_shape(AL, Y)
    if loss.check_labels is not None:
        loss.check_labels(Y)
    return loss.cost(AL, Y)
