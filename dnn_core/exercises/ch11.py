"""Checks for chapter 11, making it fast.

    check_layer_forward_vectorized(fn)  fn(A, W, b) -> Z = W A + b for all m columns at once
    check_sigmoid_bce_dZ(fn)            fn(AL, Y) -> dZ = (AL - Y) / m, the fused output gradient
    check_flops_per_example(fn)         fn(layer_dims) -> FLOPs of one example's matrix products,
                                        forward and backward

The references are dnn_core's ``linear_forward`` and its sigmoid + cross-entropy shortcut, and
``flops_per_example`` below. When the learner's answer is wrong, each check also tries the usual
mistakes (a missing bias or 1/m, a transposed result, the chain rule instead of the shortcut, a
gradient for the input layer, ...) and names the one that explains the answer.
"""

import numpy as np

from ..forward import linear_forward
from ..losses import bce_gradient, fused_dZ
from . import check_function, gives, raised


# ---------------------------------------------------------------- layer_forward_vectorized
def _z_reference(A, W, b):
    return linear_forward(A, W, b)[0]


def _layer_cases():
    rng = np.random.default_rng(90)
    cases = []
    for n, n_prev, m in [
        (4, 3, 5),
        (2, 6, 1),
        (3, 3, 3),
        (5, 2, 7),
    ]:  # (3, 3, 3): transposes fit too
        cases.append(
            (rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.uniform(-1, 1, (n, 1)))
        )
    return cases


LAYER_MISTAKES = [
    (
        "return only Z, the array of shape (n, m); linear_forward also returns a cache, this one does not.",
        lambda got, args: isinstance(got, (tuple, list)),
    ),
    (
        "the bias is missing: Z = W A + b, and b (shape (n, 1)) is added to every column.",
        gives(lambda A, W, b: W @ A),
    ),
    (
        "the result is transposed: one column per example, so Z has shape (n, m) = (rows of W, columns of A). "
        "W @ A + b gives exactly that.",
        gives(lambda A, W, b: (W @ A + b).T),
    ),
    (
        "W is used transposed: Z = W A, where W has one row per unit of this layer.",
        gives(lambda A, W, b: W.T @ A + b),
    ),
    (
        "keep b as it comes, an (n, 1) column: numpy then adds it to each of the m columns of W @ A. "
        "Flattened to shape (n,), it would be added along the rows instead.",
        raised("broadcast"),
    ),
    (
        "check the order of the product: W is (n, n_prev) and A is (n_prev, m), so W @ A (not A @ W, "
        "not W.T @ A) is (n, m).",
        raised("mismatch in its core dimension"),
    ),
]


def check_layer_forward_vectorized(learner_fn):
    """The learner's layer_forward_vectorized(A, W, b) must equal linear_forward's Z = W A + b."""
    check_function(
        learner_fn,
        _z_reference,
        _layer_cases(),
        name="layer_forward_vectorized",
        mistakes=LAYER_MISTAKES,
    )


# ---------------------------------------------------------------- sigmoid_bce_dZ
def _dz_cases():
    rng = np.random.default_rng(91)
    cases = [
        (rng.uniform(0.05, 0.95, shape), rng.integers(0, 2, shape).astype(float))
        for shape in [(1, 6), (3, 4), (1, 1)]
    ]
    # sure and wrong: AL is exactly 1.0 (sigmoid(40) in float64) for a label 0, and ~1e-18 for a 1
    cases.append((np.array([[1.0, 1e-18, 0.7]]), np.array([[0.0, 1.0, 1.0]])))
    return cases


def _chain_rule(AL, Y):
    return bce_gradient(AL, Y) * AL * (1 - AL)


DZ_MISTAKES = [
    (
        "the 1/m is missing: J is the mean over the m = Y.shape[1] examples (columns), so "
        "dZ = (AL - Y) / m.",
        gives(lambda AL, Y: AL - Y),
    ),
    (
        "the sign is flipped: dZ = (AL - Y) / m, prediction minus truth.",
        gives(lambda AL, Y: (Y - AL) / Y.shape[1]),
    ),
    (
        "m is the number of examples, Y.shape[1] (columns), not Y.size: with several output rows "
        "they differ.",
        gives(lambda AL, Y: (AL - Y) / Y.size),
    ),
    (
        "this is the chain rule, dA * A (1 - A): right in theory, but where the sigmoid saturates "
        "(AL exactly 1, or ~1e-18) the clipped dA and A (1 - A) no longer cancel, and the most wrong "
        "examples lose their gradient. The product simplifies to (AL - Y) / m: use that.",
        gives(_chain_rule),
    ),
    (
        "that is MSE's gradient through the sigmoid, (2/m)(AL - Y) A (1 - A). With cross-entropy the "
        "A (1 - A) cancels: dZ = (AL - Y) / m.",
        gives(lambda AL, Y: 2 / Y.shape[1] * (AL - Y) * AL * (1 - AL)),
    ),
]


def check_sigmoid_bce_dZ(learner_fn):
    """The learner's sigmoid_bce_dZ(AL, Y) must equal (AL - Y) / m, also where AL saturates."""
    check_function(learner_fn, fused_dZ, _dz_cases(), name="sigmoid_bce_dZ", mistakes=DZ_MISTAKES)


# ---------------------------------------------------------------- flops_per_example
def flops_per_example(layer_dims):
    """FLOPs (a multiply and an add count as 2) of the matrix products of one training step,
    per example: for every layer l, Z = W A costs 2 n[l] n[l-1], and so do dW = dZ A^T and
    dA_prev = W^T dZ -- except that layer 1 has no dA_prev (its input is the data)."""
    return sum(
        2 * layer_dims[l] * layer_dims[l - 1] * (2 if l == 1 else 3)
        for l in range(1, len(layer_dims))
    )


FLOP_CASES = [([784, 128, 64, 1],), ([1, 20, 20, 1],), ([2, 1],), ([3, 5, 4, 2],), ([10, 10, 10],)]


def _pairs(dims):
    return [dims[l] * dims[l - 1] for l in range(1, len(dims))]


FLOP_MISTAKES = [
    (
        "you counted dA_prev for the first layer too. Its input is the data X, whose gradient nobody "
        "needs, so dnn_core skips it (compute_dA_prev=False): layer 1 costs 2 products, the others 3.",
        gives(lambda dims: 6 * sum(_pairs(dims))),
    ),
    (
        "you counted multiply-adds. A FLOP is one multiplication or one addition, so each entry of "
        "an (n x k) @ (k x m) product costs 2k FLOPs: multiply by 2.",
        gives(lambda dims: flops_per_example(dims) // 2),
    ),
    (
        "that is the forward pass only. Training also runs the backward pass: dW = dZ A^T for every "
        "layer and dA_prev = W^T dZ for every layer but the first, each as costly as Z = W A.",
        gives(lambda dims: 2 * sum(_pairs(dims))),
    ),
    (
        "you counted multiply-adds and dA_prev for the first layer: count 2 FLOPs per multiply-add, "
        "and no dA_prev for layer 1.",
        gives(lambda dims: 3 * sum(_pairs(dims))),
    ),
]


def check_flops_per_example(learner_fn):
    """The learner's flops_per_example(layer_dims) must count the forward and backward matrix
    products of one example: 2 n[l] n[l-1] per product, 2 products for layer 1, 3 for the others."""
    check_function(
        learner_fn, flops_per_example, FLOP_CASES, name="flops_per_example", mistakes=FLOP_MISTAKES
    )
