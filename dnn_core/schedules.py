"""Learning-rate schedules: the learning rate as a function of the epoch (0, 1, 2, ...).

A large rate crosses the cost surface quickly; a small one settles into a minimum without
jumping around it. A schedule starts large and shrinks:

    step_decay         lr = lr0 drop^floor(epoch / every)                     (torch's StepLR)
    exponential_decay  lr = lr0 rate^epoch                                    (ExponentialLR)
    cosine_decay       lr = lr_min + (lr0 - lr_min) (1 + cos(pi epoch / total_epochs)) / 2
                       for epoch <= total_epochs, lr_min after               (CosineAnnealingLR)

The training loop applies one: before epoch e it sets ``optimizer.learning_rate =
schedule(e)``. ``get_schedule("cosine_decay", 0.1, total_epochs=50)`` makes that one-argument
``schedule`` (a functools.partial, whose .func, .args and .keywords say what it is).
"""

import functools
import math
import numbers

from .checks import integer, positive_number


def _rate(name, value):
    """``value`` as a float in (0, 1]: a factor the learning rate is multiplied by."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not 0 < value <= 1:
        raise ValueError(f"{name} must be in (0, 1], got {value!r}")
    return float(value)


def step_decay(lr0, epoch, drop=0.5, every=10):
    """lr0 drop^floor(epoch / every): the rate multiplied by ``drop`` every ``every`` epochs."""
    lr0, epoch = positive_number("lr0", lr0), integer("epoch", epoch, 0)
    return lr0 * _rate("drop", drop) ** (epoch // integer("every", every, 1))


def exponential_decay(lr0, epoch, rate=0.95):
    """lr0 rate^epoch: the rate multiplied by ``rate`` after every epoch."""
    lr0, epoch = positive_number("lr0", lr0), integer("epoch", epoch, 0)
    return lr0 * _rate("rate", rate) ** epoch


def cosine_decay(lr0, epoch, total_epochs, lr_min=0.0):
    """From lr0 at epoch 0 down to ``lr_min`` at ``total_epochs`` along half a cosine wave
    (slow at first, fastest midway, slow at the end); ``lr_min`` from then on."""
    lr0, epoch = positive_number("lr0", lr0), integer("epoch", epoch, 0)
    total_epochs = integer("total_epochs", total_epochs, 1)
    if isinstance(lr_min, bool) or not isinstance(lr_min, numbers.Real):
        raise TypeError(f"lr_min must be a number, got {type(lr_min).__name__}")
    if not 0 <= lr_min < lr0:
        raise ValueError(f"lr_min must be in [0, lr0) = [0, {lr0:g}), got {lr_min!r}")
    progress = min(epoch, total_epochs) / total_epochs
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * progress)) / 2


SCHEDULES = {f.__name__: f for f in (step_decay, exponential_decay, cosine_decay)}


def get_schedule(name, lr0, **settings):
    """``schedule(epoch) -> learning rate`` for a name of ``SCHEDULES``, starting at ``lr0``,
    with the schedule's ``settings`` (e.g. drop=0.1, every=30); checked once, at epoch 0."""
    if not isinstance(name, str):
        raise TypeError(f"schedule must be a name (str), got {type(name).__name__}")
    if name not in SCHEDULES:
        raise ValueError(
            f"schedule: unknown schedule {name!r}; valid names are {', '.join(SCHEDULES)}"
        )
    schedule = functools.partial(SCHEDULES[name], lr0, **settings)
    schedule(0)  # a missing or wrong setting fails here, not in the middle of training
    return schedule
