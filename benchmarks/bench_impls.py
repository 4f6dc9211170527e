"""The implementations that ``frameworks.py`` times, built inside a worker process.

``build(implementation, case, dtype)`` makes the data of a case and a fresh, untrained network,
and returns ``train(num_epochs) -> cost of the last epoch``. Every implementation trains the
same architecture on the same data with the same batch size, learning rate and plain SGD:

- ``dnn_core``: ``DeepNeuralNetwork(..., dtype=dtype).train``, exactly as a learner calls it;
- ``pytorch``: ``bench_torch.torch_mlp`` + ``torch_trainer`` (idiomatic; starts from dnn_core's
  initial weights);
- ``sklearn``: ``MLPClassifier``/``MLPRegressor`` with ``solver="sgd"``, no momentum, no L2
  (``alpha=0``), one ``partial_fit`` per epoch. Its regressor has no sigmoid output, so for the
  sine task it trains a linear output instead (the matrix work is the same);
- ``seed_style``: ``seed_style.SeedStyleNetwork`` (the source document's approach); float64
  only, because its weights are float64 whatever the data are.

A case with ``optimizer="adam"`` (``frameworks.with_optimizer``) trains with Adam instead, betas
0.9 and 0.999, eps 1e-8: dnn_core's ``train(..., optimizer="adam")`` (the
loop ``DeepNeuralNetwork.train`` runs, on the network's own parameters and random generator),
``torch.optim.Adam``, scikit-learn's ``solver="adam"``; seed_style has no Adam.
"""

import time

import numpy as np


class Unsupported(Exception):
    """This implementation cannot run this case (the message says why)."""


def make_data(case, dtype):
    """(X, Y) of a case in dnn_core's layout: X is (n_features, m), Y is (1, m)."""
    from dnn_core import datasets

    if case["data"] == "synthetic":  # uniform pixels in [0, 1], labels from a random linear teacher
        rng = np.random.default_rng(0)
        X = rng.random((case["layer_dims"][0], case["m"]))
        teacher = rng.standard_normal(case["layer_dims"][0])
        Y = (teacher @ (X - 0.5) > 0).reshape(1, -1)
    elif case["data"] == "sine":  # the document's train.py task
        X, Y, _ = datasets.attenuated_sine(case["m"])
    elif case["data"] == "moons":  # the playground's default data: moons, 25 % held out
        X, Y = datasets.moons(case["m"], noise=0.1, seed=0)
        X, Y, _, _ = datasets.train_test_split(X, Y, 0.25, seed=0)
    else:
        raise ValueError(f"unknown data {case['data']!r}")
    return X.astype(dtype), Y.astype(dtype)


def build(implementation, case, dtype):
    """``train(num_epochs) -> last epoch's cost`` for a fresh network of ``case``."""
    X, Y = make_data(case, dtype)
    dims, lr, size = case["layer_dims"], case["learning_rate"], case["batch_size"]
    optimizer = case.get("optimizer", "sgd")
    if implementation == "dnn_core":
        from dnn_core import DeepNeuralNetwork

        net = DeepNeuralNetwork(
            dims, case["hidden"], case["output"], case["loss"], seed=0, dtype=dtype
        )
        return lambda n: net.train(X, Y, lr, n, size, optimizer=optimizer).costs[-1]
    if implementation == "pytorch":
        from bench_torch import torch_mlp, torch_trainer

        from dnn_core import initialize_parameters

        start = initialize_parameters(dims, "he", seed=0, dtype=dtype)  # dnn_core's first weights
        model = torch_mlp(dims, case["hidden"], case["output"], dtype, parameters=start)
        return torch_trainer(model, X, Y, case["loss"], lr, size, optimizer=optimizer)
    if implementation == "sklearn":
        return _sklearn(case, X, Y)
    if implementation == "seed_style":
        if optimizer != "sgd":
            raise Unsupported(f"seed_style has plain SGD only, no {optimizer}")
        if np.dtype(dtype) != np.float64:
            raise Unsupported("seed_style is float64 only (its weights are float64)")
        from seed_style import SeedStyleNetwork

        net = SeedStyleNetwork(dims, case["hidden"], case["output"], case["loss"], seed=0)

        def train(n):
            with np.errstate(all="ignore"):  # its unclipped log may warn; the timing is what counts
                return float(net.train(X, Y, lr, n, size).costs[-1])

        return train
    raise ValueError(f"unknown implementation {implementation!r}")


def _sklearn(case, X, Y):
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    names = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic"}
    settings = dict(
        hidden_layer_sizes=tuple(case["layer_dims"][1:-1]),
        activation=names[case["hidden"]],
        solver=case.get("optimizer", "sgd"),  # "sgd" or "adam" (betas 0.9, 0.999, eps 1e-8)
        alpha=0.0,
        batch_size=case["batch_size"],
        momentum=0.0,
        nesterovs_momentum=False,
        learning_rate_init=case["learning_rate"],
        shuffle=True,
        random_state=0,
    )
    classify = case["loss"] == "binary_cross_entropy"
    net = MLPClassifier(**settings) if classify else MLPRegressor(**settings)
    X_rows, y = np.ascontiguousarray(X.T), Y.ravel()
    extra = {"classes": np.array([0.0, 1.0], dtype=y.dtype)} if classify else {}

    def train(n):
        for _ in range(n):
            net.partial_fit(X_rows, y, **extra)  # one epoch of mini-batch SGD per call
        return float(net.loss_)

    return train


def product_gflops(a, b, repeats=10):
    """GFLOP/s of the square product ``a @ b`` (numpy arrays or PyTorch tensors): the best of
    ``repeats`` timed products, after one warm-up."""
    n = a.shape[0]
    a @ b
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


def numpy_matmul_gflops(n=1024, dtype="float32", repeats=10):
    """GFLOP/s of numpy's (n x n) @ (n x n) product (its BLAS)."""
    rng = np.random.default_rng(0)
    return product_gflops(
        rng.random((n, n)).astype(dtype), rng.random((n, n)).astype(dtype), repeats
    )


def timed(train, epochs):
    """One warm-up epoch, then ``epochs`` timed epochs: wall and CPU seconds, final cost."""
    train(1)
    wall, cpu = time.perf_counter(), time.process_time()
    cost = train(epochs)
    return {
        "seconds": time.perf_counter() - wall,
        "cpu_seconds": time.process_time() - cpu,
        "epochs": epochs,
        "final_cost": float(cost),
    }
