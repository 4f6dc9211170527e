"""Regularization: making a network that fits its training data also fit data it has not seen.

L2 (weight decay). The cost gains a penalty on the size of the weights (not the biases),

    J = loss(AL, Y) + (lam / 2m) * sum over l of ||W[l]||^2        (||W||^2: sum of W's squares)

with m the examples in the batch, so each weight's gradient gains the penalty's derivative:

    dW[l] = (the loss's dW[l]) + (lam / m) * W[l]

and a step of gradient descent first shrinks every weight by the factor (1 - learning_rate lam / m),
"decays" it, then takes the loss's step. PyTorch's ``weight_decay=wd`` adds wd * W to the gradient:
the same as ``l2=lam`` here when wd = lam / m (for the weights only; PyTorch decays the biases too
unless they are put in a parameter group of their own with ``weight_decay=0``).

Dropout. While training, each hidden unit's output is kept with probability 1 - p and set to 0
with probability p, a new draw for every example and every step:

    D[l] = (U >= p) / (1 - p)      U uniform in [0, 1), the shape of A[l]
    A[l] <- A[l] * D[l]            (element by element)

Dividing the kept outputs by 1 - p ("inverted" dropout) keeps each unit's expected output what it
was, E[A D] = A, so prediction uses the whole network as it is, with no rescaling. The backward pass
multiplies the gradient by the *same* mask: a dropped unit took no part in the cost, so it gets no
gradient, and a kept one was scaled by 1 / (1 - p) on the way out, so its gradient is too.
"""

import numpy as np


def l2_penalty(parameters, lam, m):
    """(lam / 2m) * sum over l of ||W[l]||^2: the cost's L2 term (weights only, never biases)."""
    if lam == 0:
        return 0.0
    squares = sum(float(np.sum(np.square(W))) for key, W in parameters.items() if key[0] == "W")
    return lam / (2 * m) * squares


def l2_gradients(grads, parameters, lam, m):
    """dW[l] += (lam / m) * W[l] for every layer, in place (db[l] unchanged); returns ``grads``."""
    if lam != 0:
        for key, W in parameters.items():
            if key[0] == "W":
                grads[f"d{key}"] += (lam / m) * W
    return grads


def dropout_forward(A, p, rng):
    """(A * D, D) with D = (U >= p) / (1 - p), U drawn from ``rng``; p = 0 gives (A, None)."""
    if p == 0:
        return A, None
    D = (rng.random(A.shape) >= p).astype(A.dtype) / A.dtype.type(1 - p)
    return A * D, D


def dropout_backward(dA, D):
    """dA * D: the gradient through the mask the forward pass drew (and its 1 / (1 - p))."""
    return dA * D
