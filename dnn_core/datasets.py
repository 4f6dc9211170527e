"""Data sets in the (n_features, m) layout: generated with a seed, or shipped in the repo."""
import numpy as np


def attenuated_sine(m=500):
    """The source document's regression task: x evenly spaced on [-2 pi, 2 pi],

        y = (0.25 sin x + 0.25) e^(-0.1 x),

    Returns (X, Y, x): X is x standardized (mean 0, std 1) with shape (1, m),
    Y has shape (1, m), and x (shape (m,)) is kept for plotting.
    """
    x = np.linspace(-2 * np.pi, 2 * np.pi, m)
    y = (0.25 * np.sin(x) + 0.25) * np.exp(-0.1 * x)
    X = ((x - x.mean()) / x.std()).reshape(1, m)
    return X, y.reshape(1, m), x
