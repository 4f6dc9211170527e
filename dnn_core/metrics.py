"""From outputs to class labels, and how many of them are right.

One rule turns a network's output AL (n_outputs, m) -- or one-hot / 0-1 targets Y -- into
class labels, everywhere in the course:

    one output row (sigmoid):       label = 1 where AL > 0.5, else 0      shape (1, m)
    several rows (softmax):         label = the row with the largest AL   shape (m,)

(A probability of exactly 0.5 is class 0: AL > 0.5 is the same as Z > 0 before the sigmoid.)
"""

import numpy as np


def labels(A):
    """Class labels of the columns of A (n, m): ``A > 0.5`` as 0/1 for one row, else the
    arg-max row of each column."""
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError(f"A must be 2-D (n_outputs, m), got shape {A.shape}")
    if A.shape[0] == 1:
        return (A > 0.5).astype(int)
    return A.argmax(axis=0)


def accuracy(AL, Y):
    """The fraction of the m examples whose label from AL equals the label from Y."""
    AL, Y = np.asarray(AL), np.asarray(Y)
    if AL.shape != Y.shape:
        raise ValueError(f"AL has shape {AL.shape} but Y has shape {Y.shape}; they must match")
    return float(np.mean(labels(AL) == labels(Y)))
