"""The same network as dnn_core, trained the idiomatic PyTorch way (for comparisons only).

Not part of dnn_core: nothing in the package imports this, and PyTorch is optional.
``benchmarks/frameworks.py`` times it and chapter 11 compares it with dnn_core.

What makes the comparison fair:

- ``nn.Sequential`` of ``nn.Linear`` + activation modules, with dnn_core's initial weights
  copied in (or, without them, the same scheme: W ~ Normal(0, 2 / n_in), b = 0);
- the same maths: a ``Sigmoid`` module + ``BCELoss`` (or ``MSELoss``), which is what
  dnn_core computes (not ``BCEWithLogitsLoss``, which fuses differently);
- plain ``torch.optim.SGD`` without momentum or weight decay (or, with ``optimizer="adam"``,
  ``torch.optim.Adam`` with its defaults: betas 0.9 and 0.999, eps 1e-8);
- mini-batches as slices of tensors made before the clock starts, shuffled once per epoch
  with ``torch.randperm`` (a ``DataLoader`` would add per-batch Python work and be unfair
  to PyTorch); ``zero_grad(set_to_none=True)``; no anomaly detection;
- the epoch's cost accumulated as dnn_core does (``loss.item()`` times the batch size).
"""

import math

import numpy as np
import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "linear": nn.Identity}
LOSSES = {"binary_cross_entropy": nn.BCELoss, "mse": nn.MSELoss}
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def torch_mlp(layer_dims, hidden="relu", output="sigmoid", dtype="float64", parameters=None):
    """An ``nn.Sequential`` for ``layer_dims``; ``parameters`` (dnn_core's W1, b1, ...)
    are copied in when given, so both frameworks start from the same weights."""
    layers, L = [], len(layer_dims) - 1
    for l in range(1, L + 1):
        linear = nn.Linear(layer_dims[l - 1], layer_dims[l], dtype=DTYPES[str(dtype)])
        with torch.no_grad():
            if parameters is not None:  # dnn_core's W is (n_out, n_in), like nn.Linear's weight
                linear.weight.copy_(torch.from_numpy(np.asarray(parameters[f"W{l}"])))
                linear.bias.copy_(torch.from_numpy(np.asarray(parameters[f"b{l}"]).ravel()))
            else:
                nn.init.normal_(linear.weight, 0.0, math.sqrt(2 / layer_dims[l - 1]))
                nn.init.zeros_(linear.bias)
        layers += [linear, ACTIVATIONS[output if l == L else hidden]()]
    return nn.Sequential(*layers)


def torch_trainer(
    model,
    X,
    Y,
    loss="binary_cross_entropy",
    learning_rate=0.01,
    batch_size=64,
    seed=0,
    optimizer="sgd",
):
    """A function ``train(num_epochs) -> cost of the last epoch`` for ``model`` on dnn_core-layout
    data (X is (n_features, m), Y is (n_outputs, m)); PyTorch wants one row per example, so the
    data are transposed into tensors once, here, before any timing."""
    dtype = next(model.parameters()).dtype
    X_t = torch.from_numpy(np.ascontiguousarray(np.asarray(X).T)).to(dtype)
    Y_t = torch.from_numpy(np.ascontiguousarray(np.asarray(Y).T)).to(dtype)
    loss_fn = LOSSES[loss]()
    if optimizer == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)  # no momentum
    generator = torch.Generator().manual_seed(seed)
    m = X_t.shape[0]

    def train(num_epochs):
        cost = float("nan")
        for _ in range(num_epochs):
            order = torch.randperm(m, generator=generator)
            X_mixed, Y_mixed = X_t[order], Y_t[order]
            total = 0.0
            for start in range(0, m, batch_size):
                X_batch, Y_batch = (
                    X_mixed[start : start + batch_size],
                    Y_mixed[start : start + batch_size],
                )
                optimizer.zero_grad(set_to_none=True)
                batch_loss = loss_fn(model(X_batch), Y_batch)
                batch_loss.backward()
                optimizer.step()
                total += batch_loss.item() * X_batch.shape[0]
            cost = total / m
        return cost

    return train


def matmul_gflops(n=1024, dtype="float32", repeats=10):
    """GFLOP/s of PyTorch's own (n x n) @ (n x n) product (the BLAS inside libtorch)."""
    from bench_impls import product_gflops  # numpy and time only: safe in PyTorch's worker

    a = torch.rand(n, n, dtype=DTYPES[str(dtype)])
    b = torch.rand(n, n, dtype=DTYPES[str(dtype)])
    return product_gflops(a, b, repeats)
