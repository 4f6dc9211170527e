"""Noticing that training has diverged, and saying why.

Gradient descent diverges when its steps overshoot: each step lands further up the cost
surface than the last, and the parameters grow without bound. ``DeepNeuralNetwork.train``
asks ``diagnose`` after every epoch. Training has diverged when

- the epoch's cost is inf or NaN, or any parameter is;
- the cost exceeds EXPLOSION (10^6) times the model's first epoch's cost; or
- the parameters' largest magnitude grew more than GROWTH (10^3) times in this one epoch
  while the cost went up.

The last rule matters for the bounded losses: cross-entropy clips AL away from 0 and 1, so
its cost stays below -log(eps) (about 36 per output) however far the weights fly off. Healthy
runs stay far from both limits: in the chapters' runs (the sine at learning rates 0.001 to 30,
where the sigmoid output saturates instead of diverging; moons; the digits) the parameters'
largest magnitude changes less than 3 times over a whole run, and the cost never rises above
its first epoch's. A sigmoid output trained with MSE or MAE at a huge learning rate saturates:
its weights grow while its cost stays flat, which is a stuck run but not a diverging one.

When the data's scale is the cause -- inputs or targets of magnitude 10^200 overflow whatever
the learning rate -- the message says so instead of blaming the learning rate.
"""

import numpy as np

GROWTH = 1e3  # largest |parameter| growing this much in one epoch, with the cost rising
EXPLOSION = 1e6  # cost / the first epoch's cost
DATA_SCALE = 1e3  # data with larger magnitudes is named as the likely cause


class TrainingDiverged(FloatingPointError):
    """Training diverged: the cost or the parameters blew up (the steps were too large)."""


def largest(parameters):
    """max |theta| over all parameters (inf or NaN if any entry is)."""
    return max(float(np.max(np.abs(theta))) for theta in parameters.values())


def diagnose(cost, before, parameters, costs):
    """Why training has diverged in the epoch that just ended, or None if it has not.

    ``cost`` is that epoch's cost, ``before`` = (largest parameter, cost) at its start and
    ``costs`` the earlier epochs' costs."""
    size = largest(parameters)
    if not np.isfinite(cost):
        return f"the cost became {cost}"
    if not np.isfinite(size):
        return f"the parameters became {size} (the cost was still {cost:.6g})"
    if costs and cost > EXPLOSION * costs[0] > 0:
        return f"the cost rose from {costs[0]:.6g} (epoch 1) to {cost:.6g}"
    start_size, start_cost = before
    if size > GROWTH * start_size and cost > start_cost:
        return (
            f"the largest parameter grew from {start_size:.3g} to {size:.3g} in one epoch "
            f"while the cost rose from {start_cost:.6g} to {cost:.6g}"
        )
    return None


def advice(learning_rate, X, Y):
    """What to change: the data's scale if it is huge, otherwise the learning rate."""
    scales = {"X": float(np.max(np.abs(X))), "Y": float(np.max(np.abs(Y)))}
    name, scale = max(scales.items(), key=lambda item: item[1])
    if scale > DATA_SCALE:
        fix = "standardize X (datasets.standardize)" if name == "X" else "rescale Y"
        return (
            f"{name} has values as large as {scale:.3g}: on that scale every step is huge, "
            f"whatever the learning rate; {fix} first, then call reset() and train again"
        )
    return (
        f"learning_rate={learning_rate:g} is too large for this problem; "
        "try a smaller one (call reset() first)"
    )
