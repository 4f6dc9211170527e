"""Activation functions, each written as a forward/backward pair side by side.

Every activation g follows the same contract (the names of the source document):

    g(Z)                   -> (A, cache)   with A = g(Z) and cache = Z
    g_backward(dA, cache)  -> dZ           with dZ = dA * g'(Z)

Arrays have one column per example: Z and A are (n_units, m).

The backward functions take an optional keyword ``A``: the output that the
forward pass already computed. Sigmoid and tanh have derivatives written in
terms of their own output (s(1 - s), 1 - t^2), so passing A saves computing
the exponential twice. Leave it out and it is recomputed from the cache.

Each pair is registered once, right below it, as an ``Activation``: its
functions together with what the rest of the package needs to know about it
(a title, its formula, its range, the initialization that suits it, whether it
can serve in hidden layers). ``ACTIVATIONS`` maps names to them; every menu,
plot and test derives its list from there, so ``register`` adds an activation
everywhere at once. ``get_activation`` turns a name into the object and lists
the valid names when it does not know one.
"""

import math
import numbers
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .registry import Registry


class Activation(NamedTuple):
    """An activation: its forward and backward functions, and what is known about it."""

    name: str
    forward: Callable  # Z -> (A, cache)
    backward: Callable  # (dA, cache, *, A=None) -> dZ
    title: str = ""  # for headings, e.g. "Leaky ReLU"
    label: str = ""  # for menus and legends, e.g. "leaky ReLU"
    formula: str = ""  # g(z), in matplotlib's LaTeX (mathtext)
    derivative: str = ""  # g'(z), likewise
    output_range: str = "(−∞, ∞)"  # the values A can take, as written for a reader
    bounds: tuple = (-math.inf, math.inf)  # the same range as numbers (limits of A)
    init: str = "he"  # the weight initialization that suits it (see parameters.INIT_SCALES)
    hidden: bool = True  # usable in hidden layers (softmax is an output only)
    kinked: bool = False  # not differentiable at z = 0: the code picks a value there
    color: str = ""  # its colour in the course's plots, a name of plots.style.COLORS


ACTIVATIONS = Registry("activation", Activation, "an")
register = ACTIVATIONS.register  # every list of activations derives from ACTIVATIONS


def hidden_activations():
    """The names of the activations that can serve in hidden layers, in registry order."""
    return [name for name, g in ACTIVATIONS.items() if g.hidden]


# --- sigmoid:  A = 1 / (1 + e^-Z)          g'(Z) = A (1 - A)
def sigmoid(Z):
    """A = 1 / (1 + exp(-Z)). Returns (A, cache) with cache = Z."""
    with np.errstate(over="ignore"):  # exp(1000) = inf gives 1 / inf = 0: exact
        A = 1 / (1 + np.exp(-Z))
    return A, Z


def sigmoid_backward(dA, cache, *, A=None):
    """dZ = dA * A * (1 - A), because sigma'(z) = sigma(z) (1 - sigma(z))."""
    if A is None:
        A = sigmoid(cache)[0]
    return dA * A * (1 - A)


# fmt: off
register(Activation(
    "sigmoid", sigmoid, sigmoid_backward, title="Sigmoid", label="sigmoid",
    formula=r"$\sigma(z) = 1\,/\,(1 + e^{-z})$",
    derivative=r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$",
    output_range="(0, 1)", bounds=(0.0, 1.0), init="xavier", color="blue",
))
# fmt: on


# --- ReLU:  A = max(0, Z)                   g'(Z) = 1 if Z > 0 else 0
def relu(Z):
    """A = max(0, Z). Returns (A, cache) with cache = Z."""
    return np.maximum(Z, 0), Z


def relu_backward(dA, cache, *, A=None):
    """dZ = dA where Z > 0, else 0 (we take g'(0) = 0)."""
    return dA * (cache > 0)  # the boolean mask counts as 1 or 0


# fmt: off
register(Activation(
    "relu", relu, relu_backward, title="ReLU", label="ReLU",
    formula=r"$\mathrm{ReLU}(z) = \max(0,\ z)$",
    derivative=r"$\mathrm{ReLU}'(z)$ = 1 if $z > 0$, else 0",
    output_range="[0, ∞)", bounds=(0.0, math.inf), init="he", kinked=True, color="green",
))
# fmt: on


# --- leaky ReLU:  A = max(alpha Z, Z)       g'(Z) = 1 if Z > 0 else alpha
def leaky_relu(Z, alpha=0.01):
    """A = max(alpha * Z, Z) for 0 <= alpha < 1. Returns (A, cache = Z)."""
    return np.maximum(alpha * Z, Z), Z


def leaky_relu_backward(dA, cache, alpha=0.01, *, A=None):
    """dZ = dA where Z > 0, else alpha * dA (a slope, multiplied by dA)."""
    return np.where(cache > 0, dA, alpha * dA)


# fmt: off
register(Activation(
    "leaky_relu", leaky_relu, leaky_relu_backward, title="Leaky ReLU", label="leaky ReLU",
    formula=r"$\max(\alpha z,\ z)$",
    derivative=r"derivative: 1 if $z > 0$, else $\alpha$",
    init="he", kinked=True, color="vermillion",
))
# fmt: on


# --- tanh:  A = (e^Z - e^-Z) / (e^Z + e^-Z)   g'(Z) = 1 - A^2
def tanh(Z):
    """A = tanh(Z). Returns (A, cache) with cache = Z."""
    return np.tanh(Z), Z


def tanh_backward(dA, cache, *, A=None):
    """dZ = dA * (1 - A^2), because tanh'(z) = 1 - tanh(z)^2."""
    if A is None:
        A = np.tanh(cache)
    return dA * (1 - A * A)


# fmt: off
register(Activation(
    "tanh", tanh, tanh_backward, title="Tanh", label="tanh",
    formula=r"$\tanh(z) = (e^{z} - e^{-z})\,/\,(e^{z} + e^{-z})$",
    derivative=r"$\tanh'(z) = 1 - \tanh^2(z)$",
    output_range="(−1, 1)", bounds=(-1.0, 1.0), init="xavier", color="orange",
))
# fmt: on


# --- linear (identity):  A = Z              g'(Z) = 1
def linear(Z):
    """A = Z: no activation, for regression outputs. Returns (A, cache = Z)."""
    return Z, Z


def linear_backward_activation(dA, cache, *, A=None):
    """dZ = dA. (Not called ``linear_backward``: the source document already
    uses that name for the backward step of the linear part Z = W A + b.)"""
    return dA


# fmt: off
register(Activation(
    "linear", linear, linear_backward_activation, title="Linear (identity)", label="linear",
    formula=r"$g(z) = z$", derivative=r"$g'(z) = 1$", init="xavier", color="purple",
))
# fmt: on


# --- softmax over each column:  A_k = e^Z_k / sum_j e^Z_j
def softmax(Z):
    """A = exp(Z) / sum(exp(Z)) down each column; shifting Z by its column
    maximum first changes nothing mathematically and avoids overflow."""
    with np.errstate(over="ignore"):  # Z - max below -1.8e308 is -inf, and exp(-inf) = 0: exact
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True), Z


def softmax_backward(dA, cache, *, A=None):
    """dZ = A * (dA - sum_k A_k dA_k): the softmax Jacobian applied to dA.
    (Paired with categorical cross-entropy this collapses to A - Y; see
    ``losses.py``.)"""
    if A is None:
        A = softmax(cache)[0]
    A_dA = A * dA  # multiplied out (A <= 1 first), so dA near +-1.8e308 cannot overflow
    with np.errstate(over="ignore"):  # a dZ truly beyond float range is +-inf
        return A_dA - A * A_dA.sum(axis=0, keepdims=True)


# fmt: off
register(Activation(
    "softmax", softmax, softmax_backward, title="Softmax", label="softmax",
    formula=r"$a_k = e^{z_k}\,/\,\sum_j e^{z_j}$",
    derivative=r"$dZ = A * (dA - \sum_k A_k\,dA_k)$",
    output_range="(0, 1), each column sums to 1", bounds=(0.0, 1.0), init="xavier", hidden=False,
))
# fmt: on


def leaky_relu_with(alpha):
    """A leaky ReLU ``Activation`` with its own slope ``alpha`` (0 <= alpha < 1)."""
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError(f"alpha must be a number, got {type(alpha).__name__}")
    if not 0 <= alpha < 1:
        raise ValueError(f"alpha must be in [0, 1), got {alpha!r}")
    alpha = float(alpha)  # a Python float keeps float32 arrays float32
    return ACTIVATIONS["leaky_relu"]._replace(
        forward=lambda Z: leaky_relu(Z, alpha),
        backward=lambda dA, cache, *, A=None: leaky_relu_backward(dA, cache, alpha),
    )


def get_activation(activation, argument="activation"):
    """The ``Activation`` for a name such as "relu" (an Activation passes through)."""
    return ACTIVATIONS.lookup(activation, argument)
