"""From outputs to class labels, and how many of them are right.

One rule turns a network's output AL (n_outputs, m) -- or one-hot / 0-1 targets Y -- into
class labels, everywhere in the course:

    one output row (sigmoid):       label = 1 where AL > 0.5, else 0      shape (1, m)
    several rows (softmax):         label = the row with the largest AL   shape (m,)

(A probability of exactly 0.5 is class 0: AL > 0.5 is the same as Z > 0 before the sigmoid.)

``accuracy`` counts the labels that agree; ``confusion_matrix`` says which classes are
mistaken for which.
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


def confusion_matrix(y_true, y_pred, n_classes=None):
    """C[i, j] = the number of examples of true class i that were predicted as class j.

    Both label arrays have shape (m,) or (1, m); the diagonal holds the correct predictions.
    """
    y_true, y_pred = class_numbers("y_true", y_true), class_numbers("y_pred", y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true has {y_true.size} labels but y_pred has {y_pred.size}; they must match"
        )
    n = n_classes if n_classes is not None else int(max(y_true.max(), y_pred.max())) + 1
    C = np.zeros((n, n), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def class_numbers(name, labels):
    """``labels`` (m,) or (1, m) as int64 class numbers; floats must be whole numbers."""
    array = np.asarray(labels).reshape(-1)
    whole = array.dtype.kind in "fb" and (array == np.round(array)).all()
    if array.dtype.kind not in "iu" and not whole:
        raise ValueError(f"{name} must hold integer class labels, got dtype {array.dtype}")
    return array.astype(np.int64)
