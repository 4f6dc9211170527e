"""Small experiments that the chapters run, built only from dnn_core's own pieces.

``DeepNeuralNetwork.train`` keeps one cost per *epoch*. To see what happens inside an
epoch -- the noise of small batches, the time each update costs -- chapter 06 needs the cost
of every *iteration* (every mini-batch update). ``train_recording_iterations`` records it,
running the one training loop (``training.train_epoch``) with the same random draws as
``DeepNeuralNetwork.train``.

    run = train_recording_iterations(X, Y, [1, 16, 16, 1], batch_size=8, num_epochs=20)
    run.iteration_costs    # num_epochs * ceil(m / batch_size) numbers
    run.epoch_costs        # the same numbers as DeepNeuralNetwork.costs
    run.epoch_seconds      # wall-clock time of each epoch (varies from machine to machine)
    run.seconds_per_epoch  # the fastest of them

``gradient_vector`` flattens the gradient of one batch into one vector (to average and compare
batch gradients), and ``activation_bytes`` measures the memory a batch's forward pass keeps.

``document_task`` trains the source document's test network (the command line's ``train`` and
the figures both run it from here); ``document_run`` is its run as the document's Result.png
shows it, computed once per process.

numpy + the core only: no plotting here.
"""

import functools
import math
import time
from typing import NamedTuple

import numpy as np

from .activations import get_activation
from .backward import L_model_backward
from .checks import as_matrix, integer, positive_number, same_examples
from .datasets import attenuated_sine
from .divergence import TrainingDiverged
from .forward import L_model_forward
from .losses import get_loss
from .model import DeepNeuralNetwork
from .parameters import initialize_parameters
from .training import train_epoch


class IterationRun(NamedTuple):
    """What ``train_recording_iterations`` returns."""

    parameters: dict  # the trained W1, b1, ..., WL, bL
    iteration_costs: np.ndarray  # J_t of every mini-batch, measured before its own update
    epoch_costs: np.ndarray  # sum_t m_t J_t / m for every epoch, like DeepNeuralNetwork.costs
    epoch_seconds: np.ndarray  # time.perf_counter() seconds of every epoch
    iterations_per_epoch: int  # ceil(m / batch_size)

    @property
    def seconds_per_epoch(self):
        """The time of the fastest epoch: the one least disturbed by other work on the computer
        (the usual way to summarize repeated timings, as in Python's timeit)."""
        return float(self.epoch_seconds.min())


def iterations_per_epoch(m, batch_size):
    """ceil(m / batch_size): the full batches plus one smaller batch if batch_size does not divide m."""
    return math.ceil(integer("m", m, 1) / integer("batch_size", batch_size, 1))


def train_recording_iterations(
    X,
    Y,
    layer_dims,
    hidden="relu",
    output="sigmoid",
    loss="mse",
    learning_rate=0.1,
    num_epochs=10,
    batch_size=64,
    shuffle=True,
    seed=0,
    init="he",
    after_update=None,
    after_epoch=None,
):
    """Mini-batch gradient descent exactly as ``DeepNeuralNetwork(layer_dims, hidden, output,
    loss, seed=seed, init=init).train(X, Y, learning_rate, num_epochs, batch_size, shuffle)``
    runs it -- one generator seeded with ``seed`` draws the initial weights, then every epoch's
    shuffle -- but keeping the cost of every iteration. Returns an ``IterationRun``.

    ``after_update(parameters)``, if given, is called after every update, and
    ``after_epoch(parameters)`` after every epoch, outside its timing (to watch the network;
    they must not change ``parameters``)."""
    X, Y = as_matrix("X", X, np.float64), as_matrix("Y", Y, np.float64)
    same_examples(X, Y)
    hidden, output = get_activation(hidden, "hidden"), get_activation(output, "output")
    loss = get_loss(loss, "loss")
    learning_rate = positive_number("learning_rate", learning_rate)
    batch_size = integer("batch_size", batch_size, 1)
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(layer_dims, init, rng)
    iteration_costs, epoch_costs, epoch_seconds = [], [], []

    def record(cost, parameters):
        iteration_costs.append(cost)
        if after_update is not None:
            after_update(parameters)

    for _ in range(integer("num_epochs", num_epochs, 1)):
        start = time.perf_counter()
        epoch_costs.append(train_epoch(parameters, X, Y, hidden, output, loss, learning_rate,
                                       batch_size, shuffle, rng, after_step=record))  # fmt: skip
        epoch_seconds.append(time.perf_counter() - start)
        if after_epoch is not None:
            after_epoch(parameters)
    return IterationRun(parameters, np.array(iteration_costs), np.array(epoch_costs),
                        np.array(epoch_seconds), iterations_per_epoch(X.shape[1], batch_size))  # fmt: skip


def gradient_vector(parameters, X, Y, hidden="relu", output="sigmoid", loss="mse"):
    """The gradient of the cost of the batch (X, Y) at ``parameters``, as one flat vector:
    dW1, db1, ..., dWL, dbL, each flattened, in that order."""
    AL, caches = L_model_forward(X, parameters, hidden, output)
    grads = L_model_backward(AL, Y, caches, hidden, output, loss)
    L = len(caches)
    return np.concatenate([grads[f"d{p}{l}"].ravel() for l in range(1, L + 1) for p in "Wb"])


def activation_bytes(X_batch, parameters, hidden="relu", output="sigmoid"):
    """Bytes of the arrays that one forward pass on ``X_batch`` creates and keeps for the
    backward pass: Z[l] and A[l] of every layer l = 1..L (W, b and X_batch itself are not
    counted: they exist whatever the batch). For non-linear activations this is
    2 * batch_size * (n[1] + ... + n[L]) * itemsize."""
    AL, caches = L_model_forward(X_batch, parameters, hidden, output)
    arrays = [Z for _, Z in caches] + [A for (A, _, _), _ in caches[1:]] + [AL]
    distinct = {id(a): a for a in arrays if not np.shares_memory(a, X_batch)}
    return sum(a.nbytes for a in distinct.values())


# The source document's test: its network, its data and its hyper-parameters.
DOCUMENT_TASK = {
    "hidden": [20, 20],  # hidden layer widths: the network is 1-20-20-1
    "hidden_activation": "relu",
    "learning_rate": 0.1,
    "num_epochs": 3000,
    "batch_size": 8,
    "seed": 0,
    "l2": 0.0,  # no regularization (the document has none; chapter 09 adds it)
    "dropout": 0.0,
}
DOCUMENT_SNAPSHOTS = [10, 100, 500, 1000, 2000, 3000]  # the epochs its Result.png shows


def document_task(snapshots=(), callback=None, **changes):
    """Fit the document's network (sigmoid output, MSE) to the attenuated sine, with the
    settings of ``DOCUMENT_TASK`` except the ``changes`` given (e.g. ``num_epochs=100``).

    Returns (model, (X, Y, x), predictions, seconds): ``predictions`` maps each epoch of
    ``snapshots`` (and the last) to the network's output then. ``callback(model, epoch, cost)``
    is passed on to ``train``."""
    unknown = set(changes) - set(DOCUMENT_TASK)
    if unknown:
        raise TypeError(f"document_task: unknown setting(s) {', '.join(sorted(unknown))}; "
                        f"valid: {', '.join(DOCUMENT_TASK)}")  # fmt: skip
    task = {**DOCUMENT_TASK, **changes}
    X, Y, x = attenuated_sine()
    model = DeepNeuralNetwork([X.shape[0], *task["hidden"], Y.shape[0]],
                              task["hidden_activation"], "sigmoid", "mse", seed=task["seed"],
                              l2=task["l2"], dropout=task["dropout"])  # fmt: skip
    num_epochs = task["num_epochs"]
    wanted = {e for e in snapshots if e <= num_epochs} | {num_epochs}
    predictions = {0: model.predict(X)} if 0 in wanted else {}  # 0 epochs: the untrained fit

    def record(model, epoch, cost):
        if epoch in wanted:
            predictions[epoch] = model.predict(X)
        return None if callback is None else callback(model, epoch, cost)

    start = time.perf_counter()
    model.train(X, Y, task["learning_rate"], num_epochs, task["batch_size"], callback=record)
    return model, (X, Y, x), predictions, time.perf_counter() - start


@functools.lru_cache(maxsize=1)
def document_run():
    """The source document's test, exactly as ``python -m dnn_core train`` runs it (the settings
    of ``DOCUMENT_TASK``: 1-20-20-1, ReLU, sigmoid output, MSE, batch 8, rate 0.1, 3000 epochs,
    seed 0). Returns (x, Y, snapshots) with snapshots = {epoch: prediction} at the epochs of
    ``DOCUMENT_SNAPSHOTS``. Cached: result.png and chapter 07's thumbnail share one run."""
    _, (_, Y, x), snapshots, _ = document_task(DOCUMENT_SNAPSHOTS)
    return x, Y, snapshots


class OptimizerRun(NamedTuple):
    """One training run of ``compare_optimizers``."""

    optimizer: str  # a name of OPTIMIZERS
    learning_rate: float
    costs: np.ndarray  # the cost after every epoch (cut short if training diverged)
    seconds: float  # wall-clock time of the whole run (varies from machine to machine)
    diverged: bool

    def epochs_to(self, target):
        """The first epoch (1, 2, ...) whose cost is below ``target``, or None."""
        below = np.flatnonzero(self.costs < target)
        return int(below[0]) + 1 if below.size else None


def compare_optimizers(X, Y, layer_dims, optimizers, learning_rates, num_epochs, batch_size=32,
                       seed=0, **model_options):  # fmt: skip
    """Train the same network (same seed: the same starting weights and batches) with each
    optimizer name at each learning rate; returns {(name, learning_rate): OptimizerRun}.
    A run that diverges stops there (``diverged`` True, its costs up to that epoch)."""
    runs = {}
    for name in optimizers:
        for rate in learning_rates:
            model = DeepNeuralNetwork(layer_dims, seed=seed, **model_options)
            start, diverged = time.perf_counter(), False
            try:
                model.train(X, Y, rate, num_epochs, batch_size, optimizer=name)
            except TrainingDiverged:
                diverged = True
            seconds = time.perf_counter() - start
            runs[name, rate] = OptimizerRun(name, rate, np.array(model.costs), seconds, diverged)
    return runs
