"""Optimizers: gradient descent, momentum, RMSProp and Adam, each a small object with a state.

Plain gradient descent moves every parameter theta (each W[l] and b[l]) against its gradient
g = dtheta. The others remember something about past gradients and use it to choose the step:

    SGD       theta -= lr g
    momentum  v = mu v + g                          theta -= lr v          (nesterov: lr (g + mu v))
    RMSProp   s = alpha s + (1 - alpha) g^2         theta -= lr g / (sqrt(s) + eps)
    Adam      m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,  t = t + 1
              theta -= lr m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t),  v_hat = v / (1 - b2^t)

(g^2, sqrt and / act element by element.) These are torch.optim's definitions, to the placement
of eps and of the bias corrections, and the tests check the same numbers as PyTorch's.

Every optimizer has ``update(parameters, grads)``, which changes the arrays of ``parameters`` in
place (theta -= ..., never a new array in the dict), and a ``learning_rate`` attribute that a
training loop may change between steps (a schedule: see ``schedules.py``). What they share --
the loop over the parameters, the memory (v, s, m and the step count t) and saving it with
``state()``, ``load_state()`` and ``settings()`` -- is written once, in ``optimizer_base.py``;
here each one writes only its ``step``. ``OPTIMIZERS`` registers each kind once;
``get_optimizer("adam", 0.001)`` builds one and lists the valid names when it does not know one.
"""

import functools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .checks import positive_number
from .optimizer_base import Optimizer, fraction
from .registry import Registry


# --- gradient descent, with momentum:  v = mu v + g,  theta -= lr v   (nesterov: lr (g + mu v))
class SGD(Optimizer):
    """Gradient descent; with ``momentum`` mu > 0, the heavy ball (torch.optim.SGD's form):

        v = mu v + g            (v starts at 0, so the first step has v = g)
        theta -= lr v           or, with nesterov, theta -= lr (g + mu v)

    For a steady gradient g, v grows to g / (1 - mu): the step tends to lr g / (1 - mu), ten
    times plain SGD's at mu = 0.9. The other common form averages instead of summing:
    u = beta u + (1 - beta) g, theta -= lr' u, whose step tends to lr' g. With beta = mu,
    u = (1 - beta) v at every step (both start at 0), so the two take exactly the same path,
    from the first step on, when lr = (1 - beta) lr'. With momentum 0 this is plain gradient
    descent: the same numbers as update_parameters, bit for bit.
    """

    name, buffers = "sgd", ("v",)

    def __init__(self, learning_rate, momentum=0.0, nesterov=False):
        self.momentum = fraction("momentum", momentum)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        if nesterov and self.momentum == 0:
            raise ValueError("nesterov=True needs a momentum > 0 (it looks ahead along v)")
        self.nesterov = nesterov
        if self.momentum == 0:
            self.buffers = ()  # plain gradient descent remembers nothing
        super().__init__(learning_rate)

    def step(self, theta, g, *arrays):
        if self.momentum == 0:
            theta -= self.learning_rate * g  # exactly update_parameters' line
            return
        v, tmp = arrays
        v *= self.momentum
        v += g  # v = mu v + g
        if self.nesterov:
            np.multiply(v, self.momentum, out=tmp)
            tmp += g  # g + mu v
            tmp *= self.learning_rate
        else:
            np.multiply(v, self.learning_rate, out=tmp)
        theta -= tmp

    def settings(self):
        return {**super().settings(), "momentum": self.momentum, "nesterov": self.nesterov}


# --- RMSProp:  s = alpha s + (1 - alpha) g^2,  theta -= lr g / (sqrt(s) + eps)
class RMSProp(Optimizer):
    """Divides each step by a running root-mean-square of its own gradients (torch.optim.RMSprop):

        s = alpha s + (1 - alpha) g^2         (s starts at 0)
        theta -= lr g / (sqrt(s) + eps)

    A weight whose gradients are large takes smaller steps, one whose gradients are small
    larger ones: every weight moves at a similar pace. eps (added after the square root, as
    PyTorch does) keeps the division finite where s is still 0.
    """

    name, buffers = "rmsprop", ("s",)

    def __init__(self, learning_rate, alpha=0.99, eps=1e-8):
        self.alpha = fraction("alpha", alpha)
        self.eps = positive_number("eps", eps)
        super().__init__(learning_rate)

    def step(self, theta, g, s, tmp):
        s *= self.alpha
        np.multiply(g, g, out=tmp)
        tmp *= 1 - self.alpha
        s += tmp  # s = alpha s + (1 - alpha) g^2
        np.sqrt(s, out=tmp)
        tmp += self.eps
        np.divide(g, tmp, out=tmp)  # g / (sqrt(s) + eps)
        tmp *= self.learning_rate
        theta -= tmp

    def settings(self):
        return {**super().settings(), "alpha": self.alpha, "eps": self.eps}


# --- Adam:  momentum's m and RMSProp's v, both corrected for starting at 0
class Adam(Optimizer):
    """Momentum and RMSProp together, with bias correction (torch.optim.Adam):

        t = t + 1
        m = b1 m + (1 - b1) g           m_hat = m / (1 - b1^t)       (m, v start at 0)
        v = b2 v + (1 - b2) g^2         v_hat = v / (1 - b2^t)
        theta -= lr m_hat / (sqrt(v_hat) + eps)

    m and v start at 0, so early on they are too small: after one step m = (1 - b1) g. Dividing
    by 1 - b^t (the total weight the average has given to the gradients so far) corrects that.
    The code computes the same number with one pass less (Kingma and Ba's second form):
    multiply the fraction's top and bottom by c2 = sqrt(1 - b2^t) to get
    theta -= (lr c2 / (1 - b1^t)) m / (sqrt(v) + eps c2).
    """

    name, buffers = "adam", ("m", "v")

    def __init__(self, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1 = fraction("beta1", beta1)
        self.beta2 = fraction("beta2", beta2)
        self.eps = positive_number("eps", eps)
        super().__init__(learning_rate)

    def step(self, theta, g, m, v, tmp):
        b1, b2 = self.beta1, self.beta2
        m *= b1
        np.multiply(g, 1 - b1, out=tmp)
        m += tmp  # m = b1 m + (1 - b1) g
        v *= b2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - b2
        v += tmp  # v = b2 v + (1 - b2) g^2
        c2 = (1 - b2**self.t) ** 0.5
        np.sqrt(v, out=tmp)
        tmp += self.eps * c2  # sqrt(v) + eps c2 = c2 (sqrt(v_hat) + eps)
        np.divide(m, tmp, out=tmp)
        tmp *= self.learning_rate * c2 / (1 - b1**self.t)
        theta -= tmp  # theta -= lr m_hat / (sqrt(v_hat) + eps)

    def settings(self):
        return {
            **super().settings(),
            "beta1": self.beta1,
            "beta2": self.beta2,
            "eps": self.eps,
        }


class OptimizerKind(NamedTuple):
    """A registered optimizer: ``make(learning_rate, **settings)`` builds one."""

    name: str
    make: Callable
    title: str = ""  # for menus and legends, e.g. "SGD with momentum"
    rule: str = ""  # its update, in one line of text


OPTIMIZERS = Registry("optimizer", OptimizerKind, "an")
register = OPTIMIZERS.register  # every list of optimizers derives from OPTIMIZERS


register(OptimizerKind("sgd", SGD, "gradient descent", "theta -= lr g"))
register(OptimizerKind(
    "momentum", functools.partial(SGD, momentum=0.9), "SGD with momentum",
    "v = mu v + g;  theta -= lr v",
))  # fmt: skip
register(OptimizerKind(
    "rmsprop", RMSProp, "RMSProp", "s = alpha s + (1 - alpha) g^2;  theta -= lr g / (sqrt(s) + eps)"
))  # fmt: skip
register(OptimizerKind(
    "adam", Adam, "Adam", "m, v: averages of g, g^2;  theta -= lr m_hat / (sqrt(v_hat) + eps)"
))  # fmt: skip


def get_optimizer(optimizer, learning_rate=None, argument="optimizer", **settings):
    """An optimizer from a name of ``OPTIMIZERS`` ("sgd", "momentum", "rmsprop", "adam"), with
    ``learning_rate`` and any ``settings`` (e.g. beta2=0.99); an object with an ``update``
    method passes through as it is, with its own learning rate and state."""
    if callable(getattr(optimizer, "update", None)) and not isinstance(optimizer, str):
        return optimizer
    if not isinstance(optimizer, str):
        raise TypeError(
            f"{argument} must be a name (str) or an optimizer (an object with "
            f"update(parameters, grads)), got {type(optimizer).__name__}"
        )
    kind = OPTIMIZERS.lookup(optimizer, argument)
    if learning_rate is None:
        raise TypeError(f"{argument}={optimizer!r} needs a learning_rate")
    return kind.make(learning_rate, **settings)


def optimizer_from_settings(settings):
    """The optimizer that ``settings()`` describes (a fresh one: restore its memory with
    ``load_state``)."""
    settings = {k: v.item() if isinstance(v, np.ndarray) else v for k, v in settings.items()}
    name = settings.pop("name", None)
    return get_optimizer(name, settings.pop("learning_rate", None), "settings['name']", **settings)
