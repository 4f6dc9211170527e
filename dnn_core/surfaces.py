"""Small loss surfaces J(theta) for watching gradient descent, each value beside its gradient.

A network's cost lives over thousands of parameters; these live over one or
two, so every step of gradient descent can be drawn:

    quadratic(a)          J = (a/2) theta^2                     1-D, one minimum
    double_well()         J = theta^4/4 - theta^2/2 + theta/10  1-D, two minima
    elongated_bowl(f, s)  J = (f theta1^2 + s theta2^2) / 2     2-D, a long narrow valley

``value`` and ``gradient`` read theta along its first axis (theta[0],
theta[1]), so they take one point of shape (d,) or a whole grid of shape
(d, ...) for contour plots. ``gradient_descent`` runs theta <- theta - alpha dJ/dtheta
and keeps the path; ``classify_run`` names what the path did.
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .checks import integer, positive_number


def _times(c):
    """A coefficient as LaTeX: nothing for 1, else the number and a thin space."""
    return "" if c == 1 else rf"{c:g}\,"


class Surface(NamedTuple):
    name: str
    formula: str  # J in LaTeX, for titles
    value: Callable  # theta (d, ...) -> J, shape (...)
    gradient: Callable  # theta (d, ...) -> dJ/dtheta, shape (d, ...)
    start: tuple  # a default starting point theta0
    bounds: tuple  # ((low, high), ...) per coordinate: the box to draw
    minima: tuple  # the points where J is (locally) smallest
    curvature: float  # largest second derivative (Hessian eigenvalue) at the lowest minimum

    @property
    def dim(self):
        return len(self.start)


# --- quadratic:  J = (a/2) theta^2          dJ/dtheta = a theta
def quadratic(a=1.0):
    """The simplest bowl, curvature J'' = a everywhere. Descent multiplies theta by (1 - alpha a)."""
    a = positive_number("a", a)
    return Surface(
        "quadratic",
        rf"$\mathcal{{J}} = \frac{{a}}{{2}}\theta^2$ with $a$ = {a:g}",
        lambda t: 0.5 * a * t[0] ** 2,
        lambda t: a * np.asarray(t, dtype=float),
        (1.0,),
        ((-2.0, 2.0),),
        ((0.0,),),
        a,
    )


# --- double well:  J = theta^4/4 - theta^2/2 + theta/10     dJ/dtheta = theta^3 - theta + 1/10
_WELL = np.polynomial.Polynomial([0.0, 0.1, -0.5, 0.0, 0.25])
_WELL_MINIMA = tuple(
    sorted(
        float(r.real)
        for r in _WELL.deriv().roots()
        if abs(r.imag) < 1e-12 and _WELL.deriv(2)(r.real) > 0
    )
)


def double_well():
    """Two valleys: a deeper one left of theta = 0.1 (a hump), a shallower one right of it."""

    def value(t):
        return t[0] ** 4 / 4 - t[0] ** 2 / 2 + t[0] / 10

    def gradient(t):
        t = np.asarray(t, dtype=float)
        return t**3 - t + 0.1

    return Surface(
        "double_well",
        r"$\mathcal{J} = \frac{\theta^4}{4} - \frac{\theta^2}{2} + \frac{\theta}{10}$",
        value,
        gradient,
        (-0.3,),
        ((-1.7, 1.7),),
        tuple((m,) for m in _WELL_MINIMA),
        float(_WELL.deriv(2)(_WELL_MINIMA[0])),
    )


# --- elongated bowl:  J = (f theta1^2 + s theta2^2)/2     dJ/dtheta = (f theta1, s theta2)
def elongated_bowl(flat=0.1, steep=1.0):
    """A valley along theta1: curvature ``flat`` along it, ``steep`` across it.
    With the defaults the condition number steep/flat is 10."""
    flat, steep = positive_number("flat", flat), positive_number("steep", steep)

    def gradient(t):
        t = np.asarray(t, dtype=float)
        return np.stack([flat * t[0], steep * t[1]])

    return Surface(
        "elongated_bowl",
        rf"$\mathcal{{J}} = \frac{{1}}{{2}}({_times(flat)}\theta_1^2 + {_times(steep)}\theta_2^2)$",
        lambda t: 0.5 * (flat * t[0] ** 2 + steep * t[1] ** 2),
        gradient,
        (-4.5, 1.5),
        ((-5.0, 5.0), (-2.2, 2.2)),
        ((0.0, 0.0),),
        max(flat, steep),
    )


SURFACES = {
    "quadratic": quadratic(),
    "double_well": double_well(),
    "elongated_bowl": elongated_bowl(),
}


def get_surface(surface):
    """A Surface, or the name of one in SURFACES."""
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ValueError(f"surface: unknown surface {surface!r}; valid: {', '.join(SURFACES)}")
    return SURFACES[surface]


class DescentRun(NamedTuple):
    path: np.ndarray  # (k + 1, d): theta0, theta1, ..., theta_k
    losses: np.ndarray  # (k + 1,): J at every point of the path
    diverged: bool  # True if the run was stopped because J blew up


def descent_step(theta, gradient, learning_rate):
    """One step of gradient descent, theta - alpha * dJ/dtheta, as a new array."""
    return theta - learning_rate * gradient


def gradient_descent(surface, theta0, learning_rate, steps, limit=1e8):
    """Run ``steps`` steps of theta <- theta - alpha dJ/dtheta from theta0 on ``surface``.

    Returns a DescentRun(path, losses, diverged). The run stops early, with
    diverged=True, as soon as theta or J is not finite or |J| > ``limit``;
    the last finite point is kept so a plot shows the run flying off.
    Overflow is expected there and caught, so numpy prints no warnings.
    """
    surface = get_surface(surface)
    learning_rate = positive_number("learning_rate", learning_rate)
    steps = integer("steps", steps, 0)
    theta = np.array(theta0, dtype=float).reshape(surface.dim)
    path, losses, diverged = [theta], [float(surface.value(theta))], False
    with np.errstate(all="ignore"):
        for _ in range(steps):
            theta = descent_step(theta, surface.gradient(theta), learning_rate)
            loss = float(surface.value(theta))
            finite = np.isfinite(theta).all() and np.isfinite(loss)
            if finite:
                path.append(theta)
                losses.append(loss)
            if not finite or abs(loss) > limit:
                diverged = True
                break
    return DescentRun(np.array(path), np.array(losses), diverged)


def classify_run(path, losses, diverged=False):
    """Name what a run of gradient descent did, from its path (k + 1, d) and losses (k + 1,);
    ``classify_run(*gradient_descent(...))`` passes the run's ``diverged`` flag too.

    With the steps s_i = theta_(i+1) - theta_i (each is -alpha times the slope), in this order:

    "diverge"    ``diverged`` is set, a loss is not finite, or the last step is longer than
                 the first (|s_last| > |s_first|) and the loss has gone up: each step
                 overshoots further than the one before.
    "oscillate"  in some coordinate, consecutive steps point in opposite directions in at
                 least half of the pairs: the run bounces across the valley (converging or not).
    "crawl"      the last step is still longer than a tenth of the longest step:
                 the slope under theta is still steep, the run is far from the bottom.
    "converge"   otherwise: steady progress, and the steps have died down.

    On J = (a/2) theta^2 the steps scale by (1 - alpha a) each time, so (away from the
    boundaries, where rounding decides) this says: diverge iff alpha > 2/a; oscillate iff
    1/a < alpha < 2/a; for alpha < 1/a, crawl iff |1 - alpha a|^(k-1) > 1/10 after k steps.
    """
    if diverged:
        return "diverge"
    path = np.asarray(path, dtype=float)
    path = path.reshape(len(path), -1)
    losses = np.asarray(losses, dtype=float)
    if len(path) < 3:
        raise ValueError(
            f"path: classify_run needs at least 2 steps (3 points), got {len(path)} points"
        )
    if not np.isfinite(losses).all() or not np.isfinite(path).all():
        return "diverge"
    steps = np.diff(path, axis=0)
    lengths = np.linalg.norm(steps, axis=1)
    if lengths[-1] > lengths[0] and losses[-1] > losses[0]:
        return "diverge"
    signs = np.sign(steps)
    reversals = (signs[1:] * signs[:-1] < 0).sum(axis=0)
    if reversals.max() >= (len(steps) - 1) / 2 and reversals.max() > 0:
        return "oscillate"
    if lengths[-1] > 0.1 * lengths.max():
        return "crawl"
    return "converge"


def optimizer_descent(surface, theta0, optimizer, steps, limit=1e8):
    """Like ``gradient_descent``, but each step is ``optimizer.update`` (any optimizer of
    ``optimizers.py``: momentum, RMSProp, Adam...) on the 2-D point seen as one parameter:
    {"theta": theta} with its gradient {"dtheta": dJ/dtheta}. The optimizer's own code moves
    theta (in place) and keeps its memory between steps; call ``optimizer.reset()`` (or make a
    new one) to run again from scratch. Returns a DescentRun(path, losses, diverged)."""
    surface = get_surface(surface)
    steps = integer("steps", steps, 0)
    if not callable(getattr(optimizer, "update", None)):
        raise TypeError(
            f"optimizer must have an update(parameters, grads) method, got "
            f"{type(optimizer).__name__}"
        )
    theta = np.array(theta0, dtype=float).reshape(surface.dim)
    path, losses, diverged = [theta.copy()], [float(surface.value(theta))], False
    parameters = {"theta": theta}
    with np.errstate(all="ignore"):
        for _ in range(steps):
            optimizer.update(parameters, {"dtheta": surface.gradient(theta)})
            loss = float(surface.value(theta))
            finite = np.isfinite(theta).all() and np.isfinite(loss)
            if finite:
                path.append(theta.copy())
                losses.append(loss)
            if not finite or abs(loss) > limit:
                diverged = True
                break
    return DescentRun(np.array(path), np.array(losses), diverged)
