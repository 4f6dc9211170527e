"""Checks for chapter 07, training and prediction.

    check_predict_labels(fn)   fn(AL) -> integer class labels: AL > 0.5 for one output row, arg-max otherwise
    check_accuracy(fn)         fn(AL, Y) -> the fraction of examples whose label is right
    check_train_one_epoch(fn)  fn(parameters, X, Y, learning_rate, batch_size, hidden, output, loss)
                               -> the epoch's mean cost, updating ``parameters`` in place

The references below are built from dnn_core's own pieces. ``train_one_epoch`` is one epoch of
exactly what ``DeepNeuralNetwork.train`` does without shuffling (tests/test_ch07_training.py
checks that they agree). When an answer is wrong, the checks compare it with a few typical
mistakes and add a hint when one of them matches.
"""

import copy

import numpy as np

from ..activations import get_activation
from ..batching import batch_generator
from ..datasets import one_hot
from ..forward import L_model_forward
from ..losses import compute_cost, get_loss
from ..metrics import accuracy as metrics_accuracy
from ..metrics import labels
from ..parameters import initialize_parameters
from ..training import train_epoch
from . import ExerciseFailed, check_function, gives

# --- references: dnn_core's own rule and loop ----------------------------------------------
predict_labels = labels  # metrics.labels: AL > 0.5 for one output row, else the arg-max row
accuracy = metrics_accuracy  # the fraction of columns whose labels from AL and Y agree


def train_one_epoch(parameters, X, Y, learning_rate, batch_size, hidden, output, loss):
    """One epoch of mini-batch gradient descent without shuffling (``training.train_epoch``):
    for every mini-batch, forward -> cost -> backward -> update (in place). Returns the mean
    cost over the epoch's m examples, sum_t m_t J_t / m."""
    return train_epoch(parameters, X, Y, get_activation(hidden), get_activation(output),
                       get_loss(loss), learning_rate, batch_size, shuffle=False)  # fmt: skip


# --- known mistakes: their hints and the wrong versions they match --------------------------
LABEL_MISTAKES = [
    (
        "a probability of exactly 0.5 is not enough for class 1: use AL > 0.5 (the same as Z > 0 "
        "before the sigmoid)",
        gives(lambda AL: (AL >= 0.5).astype(int) if AL.shape[0] == 1 else AL.argmax(axis=0)),
    ),
    (
        "the classes are the rows of AL and the examples its columns: take the arg-max over axis 0, "
        "one label per column",
        gives(lambda AL: (AL > 0.5).astype(int) if AL.shape[0] == 1 else AL.argmax(axis=1)),
    ),
    (
        "with several output rows (softmax), each column's label is the row with the largest "
        "probability (arg-max), not AL > 0.5",
        gives(lambda AL: (AL > 0.5).astype(int)),
    ),
]

ACCURACY_MISTAKES = [
    (
        "compare labels, not probabilities: turn AL into labels first (with your predict_labels)",
        gives(lambda AL, Y: float(np.mean(AL == Y))),
    ),
    (
        "with one-hot Y, the true label of a column is the row holding its 1: Y.argmax(axis=0)",
        gives(lambda AL, Y: float(np.mean(predict_labels(AL) == Y))),
    ),
    (
        "return a fraction between 0 and 1, not a percentage",
        gives(lambda AL, Y: 100 * accuracy(AL, Y)),
    ),
]


def _cost_and_parameters(fn):
    """Run ``fn`` and return what it computed: (its returned cost, the parameters after it), or
    None if it returned None (a forgotten ``return``)."""

    def run(parameters, *rest):
        cost = fn(parameters, *rest)
        return None if cost is None else (cost, parameters)

    return run


def _epoch_mean_of_batch_means(parameters, X, Y, learning_rate, batch_size, hidden, output, loss):
    costs = []
    train_epoch(parameters, X, Y, get_activation(hidden), get_activation(output), get_loss(loss),
                learning_rate, batch_size, shuffle=False,
                after_step=lambda cost, _: costs.append(cost))  # fmt: skip
    return sum(costs) / len(costs)


def _epoch_sum_of_batch_costs(parameters, X, Y, learning_rate, batch_size, hidden, output, loss):
    m = X.shape[1]
    return train_one_epoch(parameters, X, Y, learning_rate, batch_size, hidden, output, loss) * m


def _epoch_without_update(parameters, X, Y, learning_rate, batch_size, hidden, output, loss):
    frozen = copy.deepcopy(parameters)
    total = 0.0
    for X_batch, Y_batch in batch_generator(X, Y, batch_size, shuffle=False):
        AL, _ = L_model_forward(X_batch, frozen, hidden, output)
        total += compute_cost(AL, Y_batch, loss) * X_batch.shape[1]
    return total / X.shape[1]


def _epoch_shuffled(parameters, X, Y, learning_rate, batch_size, hidden, output, loss):
    return train_epoch(parameters, X, Y, get_activation(hidden), get_activation(output),
                       get_loss(loss), learning_rate, batch_size, shuffle=True,
                       rng=np.random.default_rng(0))  # fmt: skip


EPOCH_MISTAKES = [
    (
        "you averaged the batch costs, so the smaller last batch counts as much as a full one; weight "
        "each batch's cost by its number of examples: total += cost * X_batch.shape[1], then total / m",
        gives(_cost_and_parameters(_epoch_mean_of_batch_means)),
    ),
    (
        "divide the weighted total by m, the number of examples",
        gives(_cost_and_parameters(_epoch_sum_of_batch_costs)),
    ),
    (
        "the parameters never changed: call update_parameters after each backward pass (it updates "
        "the dict in place)",
        gives(_cost_and_parameters(_epoch_without_update)),
    ),
    (
        "use batch_generator(X, Y, batch_size, shuffle=False), so the batches come in the order of "
        "the columns",
        gives(_cost_and_parameters(_epoch_shuffled)),
    ),
]


# --- test cases ----------------------------------------------------------------------------
def _softmax_columns(rng, n, m):
    Z = rng.normal(0.0, 2.0, (n, m))
    E = np.exp(Z - Z.max(axis=0))
    return E / E.sum(axis=0)


def _label_cases():
    rng = np.random.default_rng(7)
    return [
        (np.array([[0.1, 0.5, 0.9, 0.5000001, 0.4999999, 0.73, 0.02]]),),
        (rng.uniform(0, 1, (1, 9)),),
        (_softmax_columns(rng, 4, 7),),
        (_softmax_columns(rng, 3, 1),),
    ]


def _accuracy_cases():
    rng = np.random.default_rng(8)
    AL = rng.uniform(0, 1, (1, 10))
    Y = (rng.uniform(0, 1, (1, 10)) > 0.5).astype(float)
    probs = _softmax_columns(rng, 5, 12)
    return [
        (AL, Y),
        (probs, one_hot(rng.integers(0, 5, 12), 5)),
        (probs, one_hot(probs.argmax(axis=0), 5)),
    ]


def _epoch_cases():
    rng = np.random.default_rng(9)
    cases = []
    for dims, hidden, output, loss, m, batch_size, learning_rate in [
        ([2, 5, 3, 1], "relu", "sigmoid", "binary_cross_entropy", 13, 4, 0.5),
        ([1, 6, 1], "tanh", "linear", "mse", 10, 3, 0.1),
        ([3, 4, 3], "relu", "softmax", "categorical_cross_entropy", 9, 4, 0.3),
    ]:
        X = rng.normal(0.0, 1.0, (dims[0], m))
        if loss == "binary_cross_entropy":
            Y = (rng.uniform(0, 1, (1, m)) > 0.5).astype(float)
        elif loss == "mse":
            Y = np.sin(2 * X)
        else:
            Y = one_hot(rng.integers(0, dims[-1], m), dims[-1])
        parameters = initialize_parameters(dims, "he", rng)
        cases.append((parameters, X, Y, learning_rate, batch_size, hidden, output, loss))
    return cases


# --- the checks ----------------------------------------------------------------------------
def _integer_labels(learner_fn):
    """``learner_fn``, made to fail unless it returns an array of integers (labels are class
    numbers, not True/False or floats)."""

    def run(AL):
        got = learner_fn(AL)
        dtype = getattr(got, "dtype", None)
        if dtype is not None and not np.issubdtype(dtype, np.integer):
            hint = (
                "AL > 0.5 gives True/False; turn it into 0/1 integers with .astype(int)"
                if np.issubdtype(dtype, np.bool_)
                else "labels are whole class numbers: return integers, e.g. with .astype(int)"
            )
            raise ExerciseFailed(
                f"predict_labels: your function returned an array of dtype {dtype}; "
                f"expected an integer array\nHint: {hint}"
            )
        return got

    return run


def check_predict_labels(learner_fn):
    """Compare ``learner_fn(AL)`` with ``predict_labels`` on sigmoid and softmax outputs; the
    labels must be an integer array."""
    if not callable(learner_fn):
        raise ExerciseFailed(
            f"predict_labels: expected a function, got {type(learner_fn).__name__}"
        )
    check_function(
        _integer_labels(learner_fn),
        predict_labels,
        _label_cases(),
        name="predict_labels",
        mistakes=LABEL_MISTAKES,
    )


def check_accuracy(learner_fn):
    """Compare ``learner_fn(AL, Y)`` with ``accuracy`` on binary and one-hot targets."""
    check_function(learner_fn, accuracy, _accuracy_cases(), mistakes=ACCURACY_MISTAKES)


def check_train_one_epoch(learner_fn):
    """Compare the learner's epoch (returned cost and updated parameters) with ``train_one_epoch``
    on three small networks (sigmoid + BCE, linear + MSE, softmax + CCE), each with a smaller
    last mini-batch."""
    if not callable(learner_fn):
        raise ExerciseFailed(
            f"train_one_epoch: expected a function, got {type(learner_fn).__name__}"
        )
    check_function(
        _cost_and_parameters(learner_fn),
        _cost_and_parameters(train_one_epoch),
        _epoch_cases(),
        name="train_one_epoch",
        returns=("cost", "parameters"),
        mistakes=EPOCH_MISTAKES,
    )
