"""What every optimizer shares: the learning rate, the state arrays, the step, saving them.

An optimizer (``optimizers.py``) is a subclass of ``Optimizer`` that names its per-parameter
state arrays (``buffers``: ("v",) for momentum, ("s",) for RMSProp, ("m", "v") for Adam) and
writes ``step(theta, g, *arrays)``, the update of one parameter in place. This class does the
rest, once for all of them:

    update(parameters, grads)     t = t + 1; for each theta in parameters: step(theta, dtheta, ...)
    learning_rate                 checked when set: a schedule changes it between epochs
    state() / load_state(state)   the memory as a flat dict {"t": t, "m/W1": array, ...}
    settings()                    the hyper-parameters {"name": "adam", "learning_rate": ...}

The state arrays are made on the first update, zero and in each parameter's dtype (float32
stays float32), with one scratch array per parameter that every step reuses, so a step makes
no new arrays. state() and settings() hold only arrays, numbers and text: they fit in an .npz.
"""

import math
import numbers

import numpy as np

from .checks import positive_number


def fraction(name, value):
    """``value`` as a float in [0, 1): a decay rate such as mu, alpha, beta1 or beta2."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)  # a Python float keeps float32 arrays float32


class Optimizer:
    """What every optimizer shares: the learning rate, one state array per parameter and
    buffer (``buffers``, e.g. ("m", "v")), the step count t, and saving them."""

    name = ""  # its name in OPTIMIZERS
    buffers = ()  # the names of its per-parameter state arrays

    def __init__(self, learning_rate):
        self.learning_rate = positive_number("learning_rate", learning_rate)
        self.reset()

    @property
    def learning_rate(self):
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        """A schedule may set any finite rate >= 0 (a cosine decay ends at 0)."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"learning_rate must be a number, got {type(value).__name__}")
        if not 0 <= value < math.inf:
            raise ValueError(f"learning_rate must be a finite number >= 0, got {value!r}")
        self._learning_rate = float(value)

    def reset(self):
        """Forget the past: t = 0 and no state (it is made again, zero, on the next update)."""
        self.t, self._state, self._loaded = 0, {}, {}

    def update(self, parameters, grads):
        """One step for every parameter theta of ``parameters``, in place, with its gradient
        grads["d" + name]. Returns ``parameters`` (the same dict). Everything is checked
        before anything changes: a bad call leaves the parameters and the state as they were."""
        work = []
        for name, theta in parameters.items():
            g, arrays = grads.get("d" + name), self._state.get(name)
            shape = theta.shape
            if g is None or arrays is None or g.shape != shape or arrays[-1].shape != shape:
                g, arrays = self._check(grads, name, theta)  # the first step, or an error
            work.append((theta, g, arrays))
        self.t += 1
        for theta, g, arrays in work:
            self.step(theta, g, *arrays)
        return parameters

    def step(self, theta, g, *arrays):
        """The update of one parameter theta, in place, given its state arrays (in the order
        of ``buffers``) and a scratch array; each optimizer writes its own."""
        raise NotImplementedError

    def _check(self, grads, name, theta):
        """(gradient, state arrays) of ``name``: checked, and the arrays made if need be."""
        g = grads.get("d" + name)
        if g is None or g.shape != theta.shape:
            raise ValueError(
                f"grads['d{name}'] must exist and have the shape of {name}, "
                f"{theta.shape}; got {None if g is None else g.shape}"
            )
        arrays = self._state.get(name)
        if arrays is None:
            return g, self._start(name, theta)
        if arrays[-1].shape != theta.shape:
            raise ValueError(
                f"this optimizer's state for {name} has shape {arrays[-1].shape}, not "
                f"{theta.shape}: it belongs to another network (call reset() first)"
            )
        return g, arrays

    def _start(self, name, theta):
        """The state arrays of ``name`` (zero, or as loaded) and a scratch array that every
        step reuses instead of making temporary arrays."""
        arrays = []
        for buffer in self.buffers:
            key = f"{buffer}/{name}"
            array = self._loaded.pop(key, None)
            if array is None:
                array = np.zeros_like(theta)
            elif array.shape != theta.shape:
                raise ValueError(
                    f"the loaded optimizer state {key!r} has shape {array.shape}, but "
                    f"{name} has shape {theta.shape}; it belongs to another network"
                )
            arrays.append(array.astype(theta.dtype, copy=False))
        self._state[name] = arrays + [np.empty_like(theta)]
        return self._state[name]

    def settings(self):
        """The hyper-parameters: {"name": ..., "learning_rate": ..., ...}, numbers and text
        only; ``optimizer_from_settings`` makes the same optimizer from them."""
        return {"name": self.name, "learning_rate": self.learning_rate}

    def state(self):
        """The memory as a flat dict of copies: {"t": t, "m/W1": array, ...}."""
        out = {"t": self.t, **{k: a.copy() for k, a in self._loaded.items()}}
        for name, arrays in self._state.items():
            out.update({f"{b}/{name}": a.copy() for b, a in zip(self.buffers, arrays)})
        return out

    def load_state(self, state):
        """Restore what ``state()`` returned (a dict, or an .npz file's mapping), so the
        next update continues exactly where that optimizer stopped."""
        keys = [k for k in state if k != "t"]
        unknown = [k for k in keys if "/" not in k or k.split("/")[0] not in self.buffers]
        if "t" not in state or unknown:
            raise ValueError(
                f"state must have 't' and keys '<buffer>/<parameter>' with a buffer of "
                f"{self.buffers}; got keys {sorted(state)}"
            )
        t = np.asarray(state["t"])
        if t.shape != () or t.dtype.kind not in "iu" or t < 0:
            raise ValueError(f"state['t'] must be a step count (an integer >= 0), got {t!r}")
        loaded = {k: np.array(state[k]) for k in keys}
        for key, array in loaded.items():
            if array.dtype.kind != "f" or not np.isfinite(array).all():
                raise ValueError(f"state[{key!r}] must be an array of finite floats")
        self.reset()
        self.t, self._loaded = int(t), loaded  # the next update takes the arrays up

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in self.settings().items() if k != "name")
        return f"{type(self).__name__}({settings})"
