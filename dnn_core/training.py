"""One training loop: mini-batch gradient descent, for everything in the course that trains.

    train_epoch                                  one pass over the m examples (columns)
        for each mini-batch (X_t, Y_t):          batching.batch_generator
            train_step                           one update:
                AL, caches = L_model_forward(X_t, parameters, ..., dropout, rng)
                J_t        = loss.cost(AL, Y_t) + l2_penalty(parameters, l2, m_t)
                grads      = L_model_backward(AL, Y_t, caches, ...)
                             + l2_gradients: dW[l] += (l2 / m_t) W[l]     regularization.py
                optimizer.update(parameters, grads)      optimizers.py; or, given a number:
                W[l] <- W[l] - learning_rate * dW[l],  b[l] <- b[l] - learning_rate * db[l]
            after_step(J_t, parameters)          the per-batch hook, if given
    J_epoch = sum_t m_t J_t / m                  the epoch's cost: the mean over its m examples

``DeepNeuralNetwork.train`` calls ``train_epoch`` once per epoch (and its ``callback`` is the
per-epoch hook); chapter 06's recorded runs, chapter 07's checks and the playground train
through the same two functions, so they all give the same numbers, random draw for random draw.
Both functions trust their arguments: the caller checks them once (``DeepNeuralNetwork.train``
does), not once per mini-batch.

``optimizer`` is an object with ``update(parameters, grads)`` (``optimizers.SGD``, ``RMSProp``,
``Adam``), or a number: a learning rate, for plain gradient descent through
``update_parameters``, exactly as before optimizers existed. A learning-rate schedule
(``schedules.py``) is applied by the loop over the epochs: before each one it sets
``optimizer.learning_rate = schedule(epoch)``.
"""

import numbers

from .backward import L_model_backward
from .batching import batch_generator
from .forward import L_model_forward
from .parameters import update_parameters
from .regularization import l2_gradients, l2_penalty


def train_step(parameters, X, Y, hidden, output, loss, optimizer, l2=0.0, dropout=0.0, rng=None):
    """One update on the batch (X, Y), in place; returns the batch's cost J measured before
    the update. ``hidden`` and ``output`` are activations, ``loss`` a Loss, ``optimizer`` an
    optimizer or a learning rate (a number: plain gradient descent). ``l2`` adds the L2 penalty
    to the cost and its gradient; ``dropout`` drops hidden units with masks drawn from ``rng``."""
    m = X.shape[1]
    AL, caches = L_model_forward(X, parameters, hidden, output, dropout, rng)
    cost = loss.cost(AL, Y) + l2_penalty(parameters, l2, m)
    grads = l2_gradients(L_model_backward(AL, Y, caches, hidden, output, loss), parameters, l2, m)
    if isinstance(optimizer, numbers.Real):
        update_parameters(parameters, grads, optimizer)
    else:
        optimizer.update(parameters, grads)
    return cost


def train_epoch(parameters, X, Y, hidden, output, loss, optimizer, batch_size,
                shuffle=True, rng=None, after_step=None, l2=0.0, dropout=0.0):  # fmt: skip
    """One epoch of ``train_step`` over the mini-batches of (X, Y), shuffled with ``rng`` (a
    numpy Generator) if ``shuffle``, each updated by ``optimizer`` (or with plain gradient
    descent, given a learning rate); returns the epoch's cost, sum_t m_t J_t / m.
    ``after_step(cost, parameters)`` is called after every update, if given. The same ``rng``
    draws the dropout masks (after the epoch's shuffle), so a seed reproduces the whole run."""
    total = 0.0
    for X_batch, Y_batch in batch_generator(X, Y, batch_size, shuffle, rng=rng):
        cost = train_step(parameters, X_batch, Y_batch, hidden, output, loss, optimizer,
                          l2, dropout, rng)  # fmt: skip
        total += cost * X_batch.shape[1]
        if after_step is not None:
            after_step(cost, parameters)
    return total / X.shape[1]
