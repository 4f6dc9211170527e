"""Mini-batches: cutting the columns (examples) of X and Y into blocks.

One *epoch* is one pass over all m examples; it takes ceil(m / batch_size)
*iterations* (parameter updates), one per mini-batch. batch_size = m is
batch gradient descent, batch_size = 1 is stochastic gradient descent.
"""

import numpy as np

from .checks import generator, integer, same_examples
from .checks import seed as check_seed


def batch_generator(X, Y, batch_size, shuffle=True, seed=None, rng=None):
    """Yield (X_batch, Y_batch) pairs of at most ``batch_size`` columns each.

    - Every row of Y is kept (Y may be (n_outputs, m), e.g. one-hot labels).
    - The last batch holds the m % batch_size leftover examples, if any.
    - With ``shuffle``, the columns are permuted first, using ``rng`` (a numpy
      Generator) or a new one made from ``seed``.

    Batches are produced lazily and are *views* (no per-batch copies): without
    shuffling, views of X and Y themselves; with shuffling, views of one
    shuffled copy made up front, which is freed once the loop is done.
    """
    batch_size = integer("batch_size", batch_size, 1)
    seed, rng = check_seed("seed", seed), generator("rng", rng)
    X, Y = np.asarray(X), np.asarray(Y)
    for name, array in (("X", X), ("Y", Y)):
        if array.ndim != 2:
            raise ValueError(
                f"{name} must be 2-D (rows x examples), got shape {array.shape}; "
                f"for a single row use {name}.reshape(1, -1)"
            )
    same_examples(X, Y)
    if shuffle:
        order = (rng if rng is not None else np.random.default_rng(seed)).permutation(X.shape[1])
        X, Y = X[:, order], Y[:, order]
    return _column_blocks(X, Y, batch_size)  # checked now, cut lazily


def _column_blocks(X, Y, batch_size):
    for start in range(0, X.shape[1], batch_size):
        yield X[:, start : start + batch_size], Y[:, start : start + batch_size]
