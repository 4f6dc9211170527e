"""Small generated data sets, each chosen to show one thing a network can or cannot do.

All are in the project's layout: X has shape (2, m), one column per example, and Y has shape
(1, m) with the class as 0.0 or 1.0. The two classes are balanced (m // 2 each; for an odd m
class 1 gets the extra example), the columns are shuffled, the points lie roughly in [-2, 2] so
the same learning rates suit every set, and the same ``seed`` always gives the same arrays.
``noise`` is the standard deviation of the Gaussian jitter added to each coordinate, in the
units of X.

    moons, circles, spirals, xor   not linearly separable: a hidden layer is needed
    blobs                          Gaussian clusters; with n_classes > 2, Y is one-hot (K, m)
    attenuated_sine                the source document's 1-D regression task
"""

import numpy as np

from ..checks import integer, positive_number
from ._args import class_sizes, non_negative, rng_from_seed, size, two_classes
from .preprocessing import one_hot


def attenuated_sine(m=500):
    """The source document's regression task: x evenly spaced on [-2 pi, 2 pi],

        y = (0.25 sin x + 0.25) e^(-0.1 x),

    Returns (X, Y, x): X is x standardized (mean 0, std 1) with shape (1, m),
    Y has shape (1, m), and x (shape (m,)) is kept for plotting.
    """
    m = size(m)  # at least 2: X is standardized
    x = np.linspace(-2 * np.pi, 2 * np.pi, m)
    y = (0.25 * np.sin(x) + 0.25) * np.exp(-0.1 * x)
    X = ((x - x.mean()) / x.std()).reshape(1, m)
    return X, y.reshape(1, m), x


def _jitter(rng, points, noise):
    return points + rng.normal(0.0, noise, size=points.shape)


def moons(m=400, noise=0.1, seed=0):
    """Two interleaving half circles (like scikit-learn's make_moons).

    Class 0: (cos t, sin t), class 1: (1 - cos t, 1/2 - sin t), t uniform on [0, pi];
    then centred and scaled by 1.25, so X lies in about [-1.9, 1.9] x [-0.9, 0.9].
    """
    m, noise, rng = size(m), non_negative("noise", noise), rng_from_seed(seed)
    n0, n1 = class_sizes(m, 2)
    t0, t1 = rng.uniform(0.0, np.pi, n0), rng.uniform(0.0, np.pi, n1)
    upper = np.vstack([np.cos(t0), np.sin(t0)])
    lower = np.vstack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    centre = np.array([[0.5], [0.25]])
    return two_classes(
        rng,
        _jitter(rng, 1.25 * (upper - centre), noise),
        _jitter(rng, 1.25 * (lower - centre), noise),
    )


def circles(m=400, noise=0.05, factor=0.5, seed=0):
    """An outer circle of radius 1.5 (class 0) around an inner one of radius 1.5 * factor (class 1).

    Angles are uniform on [0, 2 pi); ``factor`` must lie strictly between 0 and 1.
    """
    m, noise, rng = size(m), non_negative("noise", noise), rng_from_seed(seed)
    factor = positive_number("factor", factor)
    if factor >= 1.0:
        raise ValueError(
            f"factor (inner radius / outer radius) must be between 0 and 1, got {factor}"
        )
    n0, n1 = class_sizes(m, 2)

    def ring(n, radius):
        angle = rng.uniform(0.0, 2 * np.pi, n)
        return _jitter(rng, radius * np.vstack([np.cos(angle), np.sin(angle)]), noise)

    return two_classes(rng, ring(n0, 1.5), ring(n1, 1.5 * factor))


def spirals(m=400, noise=0.1, turns=1.5, seed=0):
    """Two interleaved spirals that turn ``turns`` times around the origin.

    Class k: r = 2 t, angle = 2 pi turns t + k pi, for t = sqrt(u), u uniform on
    [0.02, 1] (the square root spreads the points evenly over the disc). Neighbouring arms are
    1 / turns apart. With the defaults a small MLP ([2, 16, 16, 1], tanh) reaches about 99%
    accuracy, while the best straight line stays near 65%.
    """
    m, noise, rng = size(m), non_negative("noise", noise), rng_from_seed(seed)
    turns = positive_number("turns", turns)
    n0, n1 = class_sizes(m, 2)

    def arm(n, phase):
        t = np.sqrt(rng.uniform(0.02, 1.0, n))
        angle = 2 * np.pi * turns * t + phase
        return _jitter(rng, 2 * t * np.vstack([np.cos(angle), np.sin(angle)]), noise)

    return two_classes(rng, arm(n0, 0.0), arm(n1, np.pi))


def xor(m=400, noise=0.1, seed=0):
    """Points filling the four quadrants of [-2, 2]^2, labelled y = (x1 > 0) XOR (x2 > 0).

    Class 0 fills the quadrants where the signs agree, class 1 those where they differ; the
    label is decided before the jitter, so with noise > 0 a few points cross an axis. No single
    line separates the classes: the classic problem a perceptron cannot solve.
    """
    m, noise, rng = size(m), non_negative("noise", noise), rng_from_seed(seed)
    n0, n1 = class_sizes(m, 2)

    def quadrants(n, same_sign):
        magnitude = 2.0 * (1.0 - rng.random((2, n)))  # in (0, 2], never exactly on an axis
        s1 = rng.choice([-1.0, 1.0], size=n)
        s2 = s1 if same_sign else -s1
        return _jitter(rng, magnitude * np.vstack([s1, s2]), noise)

    return two_classes(rng, quadrants(n0, True), quadrants(n1, False))


def blobs(m=400, n_classes=2, std=1.0, seed=0):
    """Gaussian blobs (like scikit-learn's make_blobs, with the centres placed on a circle).

    Class k is drawn around centre 4 (cos 2 pi k / K, sin 2 pi k / K) with standard deviation
    ``std``; the whole cloud is then scaled by 0.3 to sit in about [-2, 2]. For n_classes=2, Y is
    (1, m) of 0.0/1.0; for more, Y is the one-hot (n_classes, m) matrix of the labels.
    """
    m, rng = size(m), rng_from_seed(seed)
    n_classes, std = integer("n_classes", n_classes, 2), non_negative("std", std)
    if n_classes > m:
        raise ValueError(f"n_classes={n_classes} needs at least as many examples, got m={m}")
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = 4.0 * np.vstack([np.cos(angles), np.sin(angles)])
    sizes = class_sizes(m, n_classes)
    labels = np.repeat(np.arange(n_classes), sizes)
    X = 0.3 * (centres[:, labels] + rng.normal(0.0, std, size=(2, m)))
    order = rng.permutation(m)
    X, labels = X[:, order], labels[order]
    Y = labels.astype(np.float64).reshape(1, m) if n_classes == 2 else one_hot(labels, n_classes)
    return X, Y
