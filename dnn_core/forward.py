"""The forward pass: from the input X to the output AL, one layer at a time.

For each layer l = 1 .. L:

    Z[l] = W[l] A[l-1] + b[l]        (linear part; A[0] = X)
    A[l] = g(Z[l])                   (activation)

Shapes, with m examples as columns: A[l-1] is (n[l-1], m), W[l] is
(n[l], n[l-1]), b[l] is (n[l], 1) and is broadcast across the m columns.

Each layer keeps a cache ((A[l-1], W[l], b[l]), Z[l]): exactly the values the
backward pass needs to compute the gradients without redoing the forward pass.

With dropout (``regularization.py``; training only) each hidden layer's output is then
multiplied by a random mask D[l], A[l] <- A[l] * D[l], and its cache keeps the mask as one more
entry: ((A[l-1], W[l], b[l]), Z[l], D[l]).
"""

from .activations import get_activation
from .checks import dropout_rate, linear_shapes, parameter_count
from .regularization import dropout_forward


def linear_forward(A, W, b):
    """Z = W A + b. Returns (Z, cache) with cache = (A, W, b)."""
    linear_shapes(A, W, b)  # clear errors instead of a broadcasting traceback
    Z = W @ A + b
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b). Returns (A, (linear_cache, activation_cache))."""
    g = get_activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = g.forward(Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(
    X, parameters, hidden_layer_activation, output_layer_activation, dropout=0.0, rng=None
):
    """Run X through all L layers: the hidden ones use ``hidden_layer_activation``,
    the last one ``output_layer_activation``. Returns (AL, caches), one cache
    per layer in order.

    ``dropout`` = p > 0 (while training; chapter 09) drops each hidden unit's output with
    probability p, masks drawn from ``rng`` (a numpy Generator); each hidden layer's cache then
    ends with its mask D[l].
    """
    L = parameter_count(parameters)
    hidden = get_activation(hidden_layer_activation, "hidden_layer_activation")
    output = get_activation(output_layer_activation, "output_layer_activation")
    dropout_rate(dropout, rng)  # p in [0, 1), and a generator to draw the masks from
    caches = []
    A = X
    for l in range(1, L + 1):
        g = output if l == L else hidden
        try:
            A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], g)
        except KeyError as missing:
            raise ValueError(
                f"parameters has no {missing}; expected W1, b1, ..., W{L}, b{L}"
            ) from None
        except ValueError as error:
            where = "X" if l == 1 else f"A{l - 1}"
            raise ValueError(f"layer {l} (W{l}, b{l}, input {where}): {error}") from None
        if dropout and l < L:  # hidden layers only: A[l] <- A[l] * D[l]
            A, D = dropout_forward(A, dropout, rng)
            cache = (*cache, D)
        caches.append(cache)
    return A, caches
