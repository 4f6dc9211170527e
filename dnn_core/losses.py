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
dZ = (A - Y) / m (``fused_dZ``). ``Loss.fused`` holds those shortcuts, keyed by
the built-in activation object (so a home-made "sigmoid" never takes the shortcut).

Each loss is registered once, right below its pair, as a ``Loss`` that also
says what the rest of the package needs: a title, its formula, the output
activations it needs and the kinds of task it suits. ``LOSSES`` maps names to
them, and every list of losses derives from it.
"""

from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np

from .activations import ACTIVATIONS
from .checks import as_matrix, network_output, same_shape
from .registry import Registry

TASKS = ("binary", "multiclass", "regression")  # what a target Y can be (datasets.task_of)


class Loss(NamedTuple):
    """A loss: cost(AL, Y) -> float and gradient(AL, Y) -> dAL, and what is known about it."""

    name: str
    cost: Callable
    gradient: Callable
    output_activations: tuple = ()  # outputs it needs; () means any
    fused: Mapping = {}  # output Activation -> (AL, Y) -> dZ (exact shortcut)
    check_labels: Callable = None  # (Y, name) raises ValueError for impossible labels
    title: str = ""  # for menus and legends, e.g. "binary cross-entropy"
    formula: str = ""  # the cost J, in matplotlib's LaTeX (mathtext)
    tasks: tuple = TASKS  # the kinds of target it suits
    color: str = ""  # its colour in the course's plots, a name of plots.style.COLORS


LOSSES = Registry("loss", Loss)
register = LOSSES.register  # every list of losses derives from LOSSES


def losses_for(task):
    """The names of the losses that suit ``task`` ("binary", "multiclass" or "regression")."""
    return [name for name, loss in LOSSES.items() if task in loss.tasks]


def clip_probabilities(AL):
    """Keep probabilities inside [eps, 1 - eps] so log() and 1/x stay finite."""
    eps = np.finfo(AL.dtype).eps if AL.dtype.kind == "f" else np.finfo(float).eps
    return np.clip(AL, eps, 1 - eps)


def fused_dZ(AL, Y):
    """dZ = (A - Y) / m, for sigmoid + BCE and for softmax + CCE."""
    return (AL - Y) / Y.shape[1]


# --- binary cross-entropy:  J = -(1/m) sum[ Y log AL + (1 - Y) log(1 - AL) ]
def bce_cost(AL, Y):
    AL = clip_probabilities(AL)
    return -float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))) / Y.shape[1]


def bce_gradient(AL, Y):
    """dJ/dAL = -(1/m) (Y / AL - (1 - Y) / (1 - AL))."""
    AL = clip_probabilities(AL)
    return -(Y / AL - (1 - Y) / (1 - AL)) / Y.shape[1]


def _check_binary_labels(Y, name="Y"):
    if Y.min() < 0 or Y.max() > 1:
        raise ValueError(
            f"{name}: binary cross-entropy needs labels in [0, 1], "
            f"got values from {Y.min():g} to {Y.max():g}"
        )


# fmt: off
register(Loss(
    "binary_cross_entropy", bce_cost, bce_gradient, ("sigmoid",),
    {ACTIVATIONS["sigmoid"]: fused_dZ}, _check_binary_labels, title="binary cross-entropy",
    formula=r"$J = -\frac{1}{m}\sum\,[\,y \log a + (1 - y) \log(1 - a)\,]$",
    tasks=("binary",), color="blue",
))
# fmt: on


# --- categorical cross-entropy:  J = -(1/m) sum_examples sum_k Y_k log AL_k
def cce_cost(AL, Y):
    return -float(np.sum(Y * np.log(clip_probabilities(AL)))) / Y.shape[1]


def cce_gradient(AL, Y):
    """dJ/dAL = -(1/m) Y / AL."""
    return -(Y / clip_probabilities(AL)) / Y.shape[1]


def _check_one_hot(Y, name="Y"):
    if Y.min() < 0 or Y.max() > 1 or not np.allclose(Y.sum(axis=0), 1):
        raise ValueError(
            f"{name}: categorical cross-entropy needs one column per example that sums "
            "to 1 (one-hot labels); use dnn_core.datasets.one_hot(labels, n_classes)"
        )


# fmt: off
register(Loss(
    "categorical_cross_entropy", cce_cost, cce_gradient, ("softmax",),
    {ACTIVATIONS["softmax"]: fused_dZ}, _check_one_hot, title="categorical cross-entropy",
    formula=r"$J = -\frac{1}{m}\sum\sum_k y_k \log a_k$", tasks=("multiclass",), color="purple",
))
# fmt: on


# --- mean squared error:  J = (1/m) sum (AL - Y)^2
def mse_cost(AL, Y):
    return float(np.sum((AL - Y) ** 2)) / Y.shape[1]


def mse_gradient(AL, Y):
    """dJ/dAL = (2/m) (AL - Y), element by element (no sum)."""
    return (2 / Y.shape[1]) * (AL - Y)


register(Loss("mse", mse_cost, mse_gradient, title="MSE", color="orange",
              formula=r"$J = \frac{1}{m}\sum\,(a - y)^2$"))  # fmt: skip


# --- mean absolute error:  J = (1/m) sum |AL - Y|
def mae_cost(AL, Y):
    return float(np.sum(np.abs(AL - Y))) / Y.shape[1]


def mae_gradient(AL, Y):
    """dJ/dAL = (1/m) sign(AL - Y); at AL = Y we take the subgradient 0."""
    return np.sign(AL - Y) / Y.shape[1]


register(Loss("mae", mae_cost, mae_gradient, title="MAE", tasks=("regression",), color="green",
              formula=r"$J = \frac{1}{m}\sum\,|a - y|$"))  # fmt: skip


def get_loss(loss, argument="loss"):
    """The ``Loss`` for a name such as "mse" (a Loss passes through)."""
    return LOSSES.lookup(loss, argument)


def compute_cost(AL, Y, loss):
    """The cost J(AL, Y): the mean over the m examples of the chosen loss."""
    loss = get_loss(loss)
    AL, Y = as_matrix("AL", AL), as_matrix("Y", Y)
    same_shape(AL, Y)
    if loss.check_labels is not None:
        loss.check_labels(Y)
    outputs = [ACTIVATIONS[name] for name in loss.output_activations]
    if outputs:  # cross-entropy: AL must be probabilities, as those outputs give
        network_output("AL", AL, outputs, loss.name)
    with np.errstate(over="ignore"):  # a cost beyond float range is inf, without a warning
        return loss.cost(AL, Y)
