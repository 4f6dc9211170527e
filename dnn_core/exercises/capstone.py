"""Checks for the capstone (the last part of chapter 07): the learner's own network, end to end.

    check_initialize_parameters(fn)  fn(layer_dims, rng) -> He-initialised {W1, b1, ...}
    check_compute_cost(fn)           fn(AL, Y, loss) -> J for BCE, CCE and MSE
    check_batch_generator(fn)        fn(X, Y, batch_size, rng) -> shuffled (X_t, Y_t) batches
    check_training(train, pieces)    the learner's loop against DeepNeuralNetwork.train

The learner's ``L_model_forward``, ``L_model_backward`` and ``update_parameters`` are checked by
chapters 01, 04 and 05's checks. ``check_training`` runs the learner's ``train`` and
dnn_core's ``DeepNeuralNetwork(...).train`` with the same seed: the trained weights must agree to
1e-10. When they do not, it runs each of the learner's ``pieces`` on the same inputs as
dnn_core's own, in the order a training step uses them, and names the first that differs.
"""

import copy

import numpy as np

from .. import batching, losses
from ..backward import L_model_backward
from ..datasets import moons, one_hot
from ..forward import L_model_forward
from ..model import DeepNeuralNetwork
from ..parameters import initialize_parameters
from . import ExerciseFailed, check_function, compare, gives, not_done, raised
from .ch01 import check_L_model_forward
from .ch04 import check_L_model_backward
from .ch05 import check_update_parameters

# the three pieces the earlier chapters already check, re-exported so the capstone needs one import
__all__ = [
    "check_L_model_backward",
    "check_L_model_forward",
    "check_batch_generator",
    "check_compute_cost",
    "check_initialize_parameters",
    "check_training",
    "check_update_parameters",
]

TOLERANCE = 1e-10  # the learner's trained weights against dnn_core's, same seed


# --------------------------------------------------------------------------- initialize_parameters
def _reference_init(layer_dims, rng):
    return initialize_parameters(layer_dims, "he", rng)


def _init_with(scale, transpose=False, flat_b=False):
    """A wrong initialization: weights drawn in the same order with another ``scale``
    (a function of n_prev and n), or W drawn with the shape (n_prev, n), or b of shape (n,)."""

    def init(layer_dims, rng):
        parameters = {}
        for l in range(1, len(layer_dims)):
            n_prev, n = layer_dims[l - 1], layer_dims[l]
            shape = (n_prev, n) if transpose else (n, n_prev)
            parameters[f"W{l}"] = rng.standard_normal(shape) * scale(n_prev, n)
            parameters[f"b{l}"] = np.zeros(n if flat_b else (n, 1))
        return parameters

    return init


def _he(n_prev, n):
    return np.sqrt(2 / n_prev)


INIT_MISTAKES = [
    (
        "the weights are scaled by sqrt(2 / n) with n this layer's width; He initialization "
        "uses the number of inputs of the layer, n[l-1]: sqrt(2 / layer_dims[l - 1]).",
        gives(_init_with(lambda n_prev, n: np.sqrt(2 / n))),
    ),
    (
        "that is Xavier's scale, sqrt(2 / (n_in + n_out)); the ReLU network here uses He's, "
        "sqrt(2 / n[l-1]).",
        gives(_init_with(lambda n_prev, n: np.sqrt(2 / (n_prev + n)))),
    ),
    (
        "the scale is sqrt(1 / n[l-1]); He initialization doubles the variance for ReLU: "
        "sqrt(2 / n[l-1]).",
        gives(_init_with(lambda n_prev, n: np.sqrt(1 / n_prev))),
    ),
    (
        "the weights are randn * 0.01, the small start; use He's scale sqrt(2 / n[l-1]).",
        gives(_init_with(lambda n_prev, n: 0.01)),
    ),
    (
        "W[l] must have the shape (n[l], n[l-1]): one row per unit of layer l, one column per "
        "input, so that Z = W A_prev + b works.",
        lambda got, args: (
            isinstance(got, dict)
            and all(
                np.shape(got.get(f"W{l}")) == (args[0][l - 1], args[0][l])
                for l in range(1, len(args[0]))
            )
            and args[0][0] != args[0][1]
        ),
    ),
    (
        "b[l] must be a column of zeros of shape (n[l], 1), so that it broadcasts across the "
        "m columns.",
        lambda got, args: isinstance(got, dict) and np.ndim(got.get("b1")) == 1,
    ),
    (
        "the weights differ from the draws of the generator you were given: draw every W[l] "
        "from rng (rng.standard_normal((n[l], n[l-1]))), layer 1 first, and nothing else from "
        "rng; np.random.randn or a new generator gives other numbers than dnn_core's.",
        lambda got, args: (
            isinstance(got, dict)
            and all(
                np.shape(got.get(k)) == v.shape
                for k, v in _reference_init(args[0], np.random.default_rng(0)).items()
            )
        ),
    ),
]


def _init_cases():
    return [([4, 3, 2], 1), ([2, 5, 1], 2), ([64, 32, 10], 3), ([3, 3, 3, 3], 4)]


def check_initialize_parameters(learner_fn):
    """``learner_fn(layer_dims, rng)`` must give dnn_core's He initialization from the same
    generator: W[l] = rng.standard_normal((n[l], n[l-1])) * sqrt(2 / n[l-1]), b[l] = 0."""
    cases = [(dims, np.random.default_rng(seed)) for dims, seed in _init_cases()]
    check_function(
        learner_fn,
        _reference_init,
        cases,
        name="initialize_parameters",
        mistakes=INIT_MISTAKES,
        describe=lambda dims, rng: f"layer_dims {dims}",
    )


# --------------------------------------------------------------------------- compute_cost
def _reference_cost(AL, Y, loss):
    return losses.get_loss(loss).cost(AL, Y)


def _cost_cases():
    rng = np.random.default_rng(81)
    Z = rng.normal(size=(3, 5))
    softmax = np.exp(Z) / np.exp(Z).sum(axis=0)
    return [
        (softmax, one_hot(rng.integers(0, 3, 5), 3), "categorical_cross_entropy"),
        (
            rng.uniform(0.05, 0.95, (1, 6)),
            rng.integers(0, 2, (1, 6)).astype(float),
            "binary_cross_entropy",
        ),  # fmt: skip
        (rng.normal(size=(2, 4)), rng.normal(size=(2, 4)), "mse"),
        (np.array([[1.0, 0.0, 0.7]]), np.array([[1.0, 0.0, 1.0]]), "binary_cross_entropy"),
    ]


def _times_m(AL, Y, loss):
    return _reference_cost(AL, Y, loss) * Y.shape[1]


COST_MISTAKES = [
    (
        lambda got, args: (
            f"the cost for {args[2]!r} is m = {args[1].shape[1]} times too large: J is the "
            "mean over the m examples (columns), not the sum."
        ),
        gives(_times_m),
    ),
    (
        "m is the number of examples, Y.shape[1] (columns), not Y.shape[0] or len(Y) (the "
        "rows, one per output or class).",
        gives(lambda AL, Y, loss: _times_m(AL, Y, loss) / Y.shape[0]),
    ),
    (
        "np.mean averages over the output rows too: sum over every entry, then divide by the "
        "number of examples m = Y.shape[1].",
        gives(lambda AL, Y, loss: _times_m(AL, Y, loss) / Y.size),
    ),
    (
        "the cost is negative: the log of a probability is <= 0, so cross-entropy has a minus "
        "sign in front.",
        gives(lambda AL, Y, loss: -_reference_cost(AL, Y, loss)),
    ),
    (
        lambda got, args: (
            f"with {args[2]!r} that is the cost of another loss. Pick the formula by the name "
            "in `loss`: binary cross-entropy, categorical cross-entropy or MSE."
        ),
        lambda got, args: any(
            np.isclose(got, _reference_cost(*args[:2], other))
            for other in ("binary_cross_entropy", "categorical_cross_entropy", "mse")
            if other != args[2]
        ),
    ),
    (
        "the result is not finite: log(0) = -inf where AL is exactly 0 or 1. Clip AL to "
        "[eps, 1 - eps] with eps = np.finfo(float).eps first, as in chapter 03.",
        lambda got, args: not np.all(np.isfinite(np.asarray(got, dtype=float))),
    ),
]


def check_compute_cost(learner_fn):
    """``learner_fn(AL, Y, loss)`` must equal dnn_core's cost for loss = "binary_cross_entropy",
    "categorical_cross_entropy" and "mse", and stay finite at AL = 0 or 1."""
    check_function(
        learner_fn,
        _reference_cost,
        _cost_cases(),
        name="compute_cost",
        mistakes=COST_MISTAKES,
        describe=lambda AL, Y, loss: f"{loss}, Y {Y.shape}",
    )


# --------------------------------------------------------------------------- batch_generator
def _reference_batches(X, Y, batch_size, rng):
    return tuple(batching.batch_generator(X, Y, batch_size, shuffle=True, rng=rng))


def _listed(learner_fn):
    """The learner's batches as a tuple of pairs (a generator is fine too)."""

    def run(X, Y, batch_size, rng):
        got = learner_fn(X, Y, batch_size, rng)
        if got is None:
            return None
        try:
            return tuple(tuple(pair) if isinstance(pair, list) else pair for pair in got)
        except TypeError:
            return got

    return run


def _unshuffled(X, Y, batch_size, rng):
    return tuple(batching.batch_generator(X, Y, batch_size, shuffle=False))


def _two_permutations(X, Y, batch_size, rng):
    X = X[:, rng.permutation(X.shape[1])]
    Y = Y[:, rng.permutation(Y.shape[1])]
    return _unshuffled(X, Y, batch_size, rng)


def _full_batches_only(X, Y, batch_size, rng):
    batches = _reference_batches(X, Y, batch_size, rng)
    return batches if X.shape[1] % batch_size == 0 else batches[:-1]


BATCH_MISTAKES = [
    (
        "the batches are not shuffled: permute the columns first, with order = "
        "rng.permutation(m), then cut X[:, order] and Y[:, order] into blocks.",
        gives(_unshuffled),
    ),
    (
        "X and Y were shuffled with two different permutations, so the examples no longer "
        "meet their labels. Draw one order = rng.permutation(m) and index both with it.",
        gives(_two_permutations),
    ),
    (
        "the last, smaller batch is missing: when batch_size does not divide m, the leftover "
        "columns form one more batch.",
        gives(_full_batches_only),
    ),
    (
        lambda got, args: (
            f"Y here has {args[1].shape[0]} rows: keep every row and cut only the columns, "
            "Y[:, start:stop]."
        ),
        raised("reshape"),
    ),
    (
        "the batches hold the right number of columns but other ones: draw the order with "
        "rng.permutation(m), once per call, and nothing else from rng (dnn_core does the same, "
        "so the two runs stay in step).",
        lambda got, args: (
            isinstance(got, tuple)
            and len(got) == len(_reference_batches(*copy.deepcopy(args)))
            and all(np.shape(g[0]) == e[0].shape for g, e in zip(got, _unshuffled(*args)))
        ),
    ),
]


def _batch_cases():
    rng = np.random.default_rng(82)
    return [
        (rng.normal(size=(2, 10)), one_hot(rng.integers(0, 3, 10), 3), 4, 5),
        (rng.normal(size=(3, 12)), rng.normal(size=(1, 12)), 4, 6),
        (rng.normal(size=(1, 7)), rng.normal(size=(1, 7)), 10, 7),
    ]


def check_batch_generator(learner_fn):
    """``learner_fn(X, Y, batch_size, rng)`` must give the (X_t, Y_t) batches of dnn_core's
    ``batch_generator(X, Y, batch_size, shuffle=True, rng=rng)`` from the same generator."""
    cases = [(X, Y, b, np.random.default_rng(seed)) for X, Y, b, seed in _batch_cases()]
    check_function(
        _listed(learner_fn),
        _reference_batches,
        cases,
        name="batch_generator",
        mistakes=BATCH_MISTAKES,
        describe=lambda X, Y, b, rng: f"X {X.shape}, Y {Y.shape}, batch_size {b}",
    )


# --------------------------------------------------------------------------- the training loop
PIECES = (
    "initialize_parameters",
    "batch_generator",
    "L_model_forward",
    "compute_cost",
    "L_model_backward",
    "update_parameters",
)


def training_cases():
    """(X, Y, layer_dims, hidden, output, loss, learning_rate, num_epochs, batch_size, seed):
    small, quick runs of both kinds of classifier, with a smaller last batch."""
    X, labels = moons(m=60, noise=0.2, seed=3)
    rng = np.random.default_rng(83)
    X3 = rng.normal(size=(4, 45))
    Y3 = one_hot((X3[0] > 0).astype(int) + (X3[1] > 0.5).astype(int), 3)
    return [
        (X, labels, [2, 8, 8, 1], "relu", "sigmoid", "binary_cross_entropy", 0.5, 4, 16, 1),
        (X3, Y3, [4, 6, 3], "relu", "softmax", "categorical_cross_entropy", 0.3, 3, 8, 2),
    ]


def reference_training(X, Y, layer_dims, hidden, output, loss, learning_rate, num_epochs,
                       batch_size, seed):  # fmt: skip
    """dnn_core's run: ``DeepNeuralNetwork(..., seed=seed).train(...)``; its parameters and
    its cost per epoch."""
    model = DeepNeuralNetwork(layer_dims, hidden, output, loss, seed=seed)
    model.train(X, Y, learning_rate, num_epochs, batch_size)
    return model.parameters, np.array(model.costs)


def _first_difference(pieces, case):
    """Replay dnn_core's first training step with the learner's pieces, each on dnn_core's own
    inputs: (name, message) for the first piece whose answer differs, or None. Raises the
    "not done yet" failure for a piece that still raises NotImplementedError."""
    X, Y, dims, hidden, output, loss, rate, _, batch_size, seed = copy.deepcopy(case)
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(dims, "he", rng)
    rng_after_init = copy.deepcopy(rng)
    batches = tuple(batching.batch_generator(X, Y, batch_size, True, rng=rng))
    X_t, Y_t = batches[0]
    AL, caches = L_model_forward(X_t, parameters, hidden, output)
    grads = L_model_backward(AL, Y_t, caches, hidden, output, loss)
    calls = [
        ("initialize_parameters", (dims, np.random.default_rng(seed)), parameters),
        ("batch_generator", (X, Y, batch_size, rng_after_init), batches),
        ("L_model_forward", (X_t, parameters, hidden, output), (AL, tuple(caches))),
        ("compute_cost", (AL, Y_t, loss), losses.get_loss(loss).cost(AL, Y_t)),
        ("L_model_backward", (AL, Y_t, caches, hidden, output, loss), _dW_db(grads)),
        ("update_parameters", (parameters, grads, rate),
         {k: v - rate * grads["d" + k] for k, v in parameters.items()}),
    ]  # fmt: skip
    for name, args, expected in calls:
        with np.errstate(all="ignore"):
            try:
                got = pieces[name](*copy.deepcopy(args))
                if name == "batch_generator" and got is not None:
                    got = tuple(tuple(pair) for pair in got)
                got = _dW_db(got) if name == "L_model_backward" else got
            except NotImplementedError:
                raise not_done(name) from None
            except Exception as error:  # noqa: BLE001 -- the learner's code: explain it
                return name, f"On dnn_core's inputs it raised {type(error).__name__}: {error}"
        try:
            compare(got, expected, f"your {name} on dnn_core's inputs", "its result",
                    rtol=TOLERANCE, atol=TOLERANCE)  # fmt: skip
        except ExerciseFailed as failure:
            return name, str(failure)
    return None


def _dW_db(grads):
    if not isinstance(grads, dict):
        return grads
    return {k: v for k, v in grads.items() if str(k).startswith(("dW", "db"))}


def check_training(train, **pieces):
    """``train(X, Y, layer_dims, hidden, output, loss, learning_rate, num_epochs, batch_size,
    seed)`` -> (parameters, costs), the trained weights and the cost of every epoch, built from
    the learner's ``pieces`` (the six functions of PIECES, by name), must give dnn_core's
    trained weights and epoch costs to 1e-10 on two small problems. On a difference, the first
    of the learner's pieces that disagrees with dnn_core's is named."""
    missing = [name for name in PIECES if not callable(pieces.get(name))]
    if missing or not callable(train):
        raise ExerciseFailed(
            "check_training(train, initialize_parameters=..., batch_generator=..., "
            "L_model_forward=..., compute_cost=..., L_model_backward=..., update_parameters=...)"
            f": missing {', '.join(missing or ['train'])}"
        )
    cases = training_cases()
    for number, case in enumerate(cases, start=1):
        where = f"train, test case {number} of {len(cases)} ({case[3]} hidden, {case[4]} output)"
        with np.errstate(all="ignore"):
            try:
                got = train(*copy.deepcopy(case))
            except NotImplementedError:
                _first_difference(pieces, case)  # names the first piece not done yet, if any
                raise not_done("train") from None
            except ExerciseFailed:
                raise
            except Exception as error:  # noqa: BLE001 -- the learner's code: explain, do not crash
                got = error
        expected = reference_training(*copy.deepcopy(case))
        try:
            if isinstance(got, Exception):
                raise ExerciseFailed(f"{where}: your train raised {type(got).__name__}: {got}")
            if not isinstance(got, (tuple, list)) or len(got) != 2:
                raise ExerciseFailed(
                    f"{where}: train must return two values, (parameters, costs); got "
                    f"{type(got).__name__}"
                )
            got = (got[0], np.asarray(got[1], dtype=float))
            compare(got, expected, where, "", TOLERANCE, TOLERANCE, ("parameters", "costs"))
        except ExerciseFailed as failure:
            first = _first_difference(pieces, case)
            if first:
                raise ExerciseFailed(
                    f"{failure}\nThe first piece that differs from dnn_core's: {first[0]}.\n"
                    f"{first[1]}"
                ) from None
            raise ExerciseFailed(
                f"{failure}\nEvery piece agrees with dnn_core's on the first step, so look at "
                "the loop itself: one generator rng = np.random.default_rng(seed), used first "
                "by initialize_parameters and then by batch_generator in every epoch; for each "
                "batch forward, cost, backward, update; num_epochs epochs; and each epoch's "
                "cost the mean over its m examples, sum_t m_t J_t / m (chapter 07)."
            ) from None
    print(
        f"✔ train: on {len(cases)} networks your trained weights and epoch costs equal dnn_core's "
        f"(DeepNeuralNetwork.train, same seed) to {TOLERANCE:g}."
    )
