"""The backward pass (backpropagation): gradients of the cost J for every layer.

Notation: dX means dJ/dX, an array of the same shape as X. Going backwards
through layer l, the chain rule gives

    dZ[l]   = dA[l] * g'(Z[l])           (element by element)
    dW[l]   = dZ[l] A[l-1]^T
    db[l]   = sum of dZ[l] over the m columns
    dA[l-1] = W[l]^T dZ[l]

Where the forward pass dropped units (dropout), layer l's cache ends with its mask D[l] and the
gradient reaching A[l] first goes back through the same mask: dA[l] <- dA[l] * D[l].

There is no 1/m in these lines: J is already a mean over the examples, so the
loss's gradient dA[L] = dJ/dA[L] carries the 1/m (see ``losses.py``). The
source document divided by m here *and* in the MSE/MAE gradients, which made
the effective learning rate shrink as the batch grew.
"""

from .activations import get_activation
from .checks import cache_count, same_shape
from .losses import get_loss
from .regularization import dropout_backward


def linear_backward(dZ, cache, compute_dA_prev=True):
    """From dZ of the layer Z = W A_prev + b to (dA_prev, dW, db).

    With ``compute_dA_prev=False`` (the first layer, whose input is the data)
    dA_prev is not needed and None is returned in its place.
    """
    A_prev, W, b = cache
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ if compute_dA_prev else None
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation, *, A=None, compute_dA_prev=True):
    """dZ = dA * g'(Z), then ``linear_backward``. Returns (dA_prev, dW, db).

    ``A`` is this layer's output if the caller has it (it saves recomputing g).
    """
    linear_cache, activation_cache = cache
    dZ = get_activation(activation).backward(dA, activation_cache, A=A)
    return linear_backward(dZ, linear_cache, compute_dA_prev)


def L_model_backward(AL, Y, caches, hidden_layer_activation, output_layer_activation, loss):
    """Gradients of the cost for every layer: a dict with dW1, db1, ..., dWL, dbL
    (and dA1 ... dA[L-1], the gradients flowing into each hidden layer's output).

    The output layer starts from the *loss's own* gradient dAL, or from its
    fused shortcut dZ = (A - Y) / m where one exists (sigmoid + binary
    cross-entropy, softmax + categorical cross-entropy).
    """
    loss = get_loss(loss)
    hidden = get_activation(hidden_layer_activation, "hidden_layer_activation")
    output = get_activation(output_layer_activation, "output_layer_activation")
    same_shape(AL, Y)
    L = cache_count(caches)  # one cache per layer
    grads = {}

    linear_cache, ZL = caches[L - 1]
    fused = loss.fused.get(output)
    dZ = fused(AL, Y) if fused else output.backward(loss.gradient(AL, Y), ZL, A=AL)
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, linear_cache, L > 1)

    for l in range(L - 1, 0, -1):  # hidden layers, last to first
        grads[f"dA{l}"] = dA
        A = caches[l][0][0]  # layer l's output A[l] is cached as layer l+1's input
        linear_cache, Z, *mask = caches[l - 1]
        if mask:  # dropout: A[l] * D[l] went on, so dA[l] comes back through D[l]
            dA, A = dropout_backward(dA, mask[0]), None  # (the cached A is dropped: g' from Z)
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, (linear_cache, Z), hidden, A=A, compute_dA_prev=l > 1
        )
    return grads
