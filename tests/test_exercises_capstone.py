"""The capstone (chapter 07, last part): independently written pieces and training loop pass every check
(the trained weights equal dnn_core's to 1e-10); typical wrong pieces fail with their hint, and
a wrong piece inside the loop is named as the first that differs."""

import numpy as np
import pytest

from dnn_core.activations import get_activation
from dnn_core.exercises import ExerciseFailed, capstone
from dnn_core.losses import get_loss

EPS = np.finfo(float).eps
SHORTCUTS = {("sigmoid", "binary_cross_entropy"), ("softmax", "categorical_cross_entropy")}


# --- an independently written right solution ------------------------------------------------
def initialize_parameters(layer_dims, rng):
    parameters = {}
    for l, (n_in, n_out) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        parameters[f"W{l}"] = rng.standard_normal((n_out, n_in)) * (2.0 / n_in) ** 0.5
        parameters[f"b{l}"] = np.zeros((n_out, 1))
    return parameters


def compute_cost(AL, Y, loss):
    m = Y.shape[1]
    if loss == "mse":
        return float(((AL - Y) ** 2).sum()) / m
    P = np.clip(AL, EPS, 1 - EPS)
    if loss == "categorical_cross_entropy":
        return -float((Y * np.log(P)).sum()) / m
    return -float((Y * np.log(P) + (1 - Y) * np.log(1 - P)).sum()) / m


def batch_generator(X, Y, batch_size, rng):
    order = rng.permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    return [
        (X[:, i : i + batch_size], Y[:, i : i + batch_size])
        for i in range(0, X.shape[1], batch_size)
    ]


def L_model_forward(X, parameters, hidden, output):
    caches, A, L = [], X, len(parameters) // 2
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = np.dot(W, A) + b
        caches.append(((A, W, b), Z))
        A = get_activation(hidden if l < L else output).forward(Z)[0]
    return A, caches


def L_model_backward(AL, Y, caches, hidden, output, loss):
    grads, L, dA = {}, len(caches), None
    for l in range(L, 0, -1):
        (A_prev, W, b), Z = caches[l - 1]
        if l == L and (output, loss) in SHORTCUTS:
            dZ = (AL - Y) / Y.shape[1]
        elif l == L:
            dZ = get_activation(output).backward(get_loss(loss).gradient(AL, Y), Z)
        else:
            dZ = get_activation(hidden).backward(dA, Z)
        grads[f"dW{l}"], grads[f"db{l}"] = dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)
        dA = W.T @ dZ
    return grads


def update_parameters(parameters, grads, learning_rate):
    return {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}


def make_train(pieces):
    def train(X, Y, layer_dims, hidden, output, loss, learning_rate, num_epochs, batch_size, seed):
        rng = np.random.default_rng(seed)
        parameters, costs = pieces["initialize_parameters"](layer_dims, rng), []
        for _ in range(num_epochs):
            total = 0.0
            for X_t, Y_t in pieces["batch_generator"](X, Y, batch_size, rng):
                AL, caches = pieces["L_model_forward"](X_t, parameters, hidden, output)
                total += pieces["compute_cost"](AL, Y_t, loss) * X_t.shape[1]
                grads = pieces["L_model_backward"](AL, Y_t, caches, hidden, output, loss)
                parameters = pieces["update_parameters"](parameters, grads, learning_rate)
            costs.append(total / X.shape[1])
        return parameters, costs

    return train


RIGHT = {
    "initialize_parameters": initialize_parameters,
    "batch_generator": batch_generator,
    "L_model_forward": L_model_forward,
    "compute_cost": compute_cost,
    "L_model_backward": L_model_backward,
    "update_parameters": update_parameters,
}


def test_the_right_pieces_pass_their_checks(capsys):
    capstone.check_initialize_parameters(initialize_parameters)
    capstone.check_compute_cost(compute_cost)
    capstone.check_batch_generator(batch_generator)
    assert capsys.readouterr().out.count("✔") == 3


def test_the_right_loop_trains_dnn_cores_weights(capsys):
    capstone.check_training(make_train(RIGHT), **RIGHT)
    assert capsys.readouterr().out.startswith("✔ train: on 2 networks")


# --- wrong pieces, each caught with its hint ----------------------------------------------------
def _init(scale=lambda n_in, n_out: (2 / n_in) ** 0.5, transpose=False):
    def init(layer_dims, rng):
        parameters = {}
        for l in range(1, len(layer_dims)):
            n_in, n_out = layer_dims[l - 1], layer_dims[l]
            shape = (n_in, n_out) if transpose else (n_out, n_in)
            parameters[f"W{l}"] = rng.standard_normal(shape) * scale(n_in, n_out)
            parameters[f"b{l}"] = np.zeros((n_out, 1))
        return parameters

    return init


def _init_with_new_generator(layer_dims, rng):
    return initialize_parameters(layer_dims, np.random.default_rng())


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (_init(lambda n_in, n_out: (2 / n_out) ** 0.5), r"sqrt\(2 / n\) with n this layer's"),
        (_init(lambda n_in, n_out: (2 / (n_in + n_out)) ** 0.5), "Xavier"),
        (_init(lambda n_in, n_out: (1 / n_in) ** 0.5), "doubles the variance"),
        (_init(lambda n_in, n_out: 0.01), "small start"),
        (_init(transpose=True), r"shape \(n\[l\], n\[l-1\]\)"),
        (_init_with_new_generator, "draw every W"),
    ],
)
def test_wrong_initializations_are_named(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        capstone.check_initialize_parameters(wrong)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda AL, Y, loss: compute_cost(AL, Y, loss) * Y.shape[1], "times too large"),
        (lambda AL, Y, loss: compute_cost(AL, Y, loss) * Y.shape[1] / len(Y), r"not Y.shape\[0\]"),
        (lambda AL, Y, loss: compute_cost(AL, Y, loss) * Y.shape[1] / Y.size, "np.mean"),
        (lambda AL, Y, loss: -compute_cost(AL, Y, loss), "minus sign"),
        (lambda AL, Y, loss: compute_cost(AL, Y, "binary_cross_entropy"), "another loss"),
    ],
)
def test_wrong_costs_are_named(wrong, hint):
    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed, match=hint):
        capstone.check_compute_cost(wrong)


def _unclipped(AL, Y, loss):
    return -float((Y * np.log(AL) + (1 - Y) * np.log(1 - AL)).sum()) / Y.shape[1]


def test_an_unclipped_cross_entropy_is_named():
    def cost(AL, Y, loss):
        return (
            _unclipped(AL, Y, loss) if loss == "binary_cross_entropy" else compute_cost(AL, Y, loss)
        )

    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed, match="not finite.*Clip"):
        capstone.check_compute_cost(cost)


def _batches(shuffle="one", drop_last=False):
    def generate(X, Y, batch_size, rng):
        m = X.shape[1]
        if shuffle == "one":
            order = rng.permutation(m)
            X, Y = X[:, order], Y[:, order]
        elif shuffle == "two":
            X, Y = X[:, rng.permutation(m)], Y[:, rng.permutation(m)]
        elif shuffle == "in place":
            order = np.arange(m)
            rng.shuffle(order)
            order = order[::-1]
            X, Y = X[:, order], Y[:, order]
        stop = m - m % batch_size if drop_last else m
        return [
            (X[:, i : i + batch_size], Y[:, i : i + batch_size]) for i in range(0, stop, batch_size)
        ]

    return generate


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (_batches(shuffle="none"), "not shuffled"),
        (_batches(shuffle="two"), "two different permutations"),
        (_batches(drop_last=True), "last, smaller batch is missing"),
        (_batches(shuffle="in place"), r"other ones: draw the order with rng.permutation"),
    ],
)
def test_wrong_batches_are_named(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        capstone.check_batch_generator(wrong)


@pytest.mark.parametrize(
    "piece, wrong, first",
    [
        ("initialize_parameters", _init(lambda n_in, n_out: 0.01), "initialize_parameters"),
        ("batch_generator", _batches(shuffle="none"), "batch_generator"),
        (
            "update_parameters",
            lambda p, g, r: {k: v + r * g["d" + k] for k, v in p.items()},
            "update_parameters",
        ),
        ("compute_cost", lambda AL, Y, loss: compute_cost(AL, Y, loss) * 2, "compute_cost"),
    ],
)
def test_a_wrong_piece_in_the_loop_is_named_as_the_first_that_differs(piece, wrong, first):
    pieces = dict(RIGHT, **{piece: wrong})
    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed) as failure:
        capstone.check_training(make_train(pieces), **pieces)
    assert f"The first piece that differs from dnn_core's: {first}." in str(failure.value)


def test_a_wrong_loop_with_right_pieces_is_blamed_on_the_loop():
    def train_with_two_generators(X, Y, dims, hidden, output, loss, rate, epochs, batch_size, seed):
        pieces = dict(RIGHT)
        parameters = initialize_parameters(dims, np.random.default_rng(seed))
        rng = np.random.default_rng(seed)  # a second generator: other shuffles than dnn_core's
        for _ in range(epochs):
            for X_t, Y_t in batch_generator(X, Y, batch_size, rng):
                AL, caches = L_model_forward(X_t, parameters, hidden, output)
                grads = pieces["L_model_backward"](AL, Y_t, caches, hidden, output, loss)
                parameters = update_parameters(parameters, grads, rate)
        return parameters, []

    with pytest.raises(ExerciseFailed, match="Every piece agrees with dnn_core's") as failure:
        capstone.check_training(train_with_two_generators, **RIGHT)
    assert "one generator" in str(failure.value)


def test_an_unfinished_piece_is_reported_not_done():
    def unfinished(*args):
        raise NotImplementedError()

    pieces = dict(RIGHT, L_model_backward=unfinished)
    with pytest.raises(ExerciseFailed, match="L_model_backward: not done yet"):
        capstone.check_training(make_train(pieces), **pieces)
    for check in (
        capstone.check_initialize_parameters,
        capstone.check_compute_cost,
        capstone.check_batch_generator,
    ):
        with pytest.raises(ExerciseFailed, match="not done yet"):
            check(unfinished)


# --- the learner copy, solved only with this file's code, trains the capstone network ---------
def predict_labels(AL):
    if AL.shape[0] == 1:
        return np.where(AL > 0.5, 1, 0)
    return np.argmax(AL, axis=0)


def accuracy(AL, Y):
    truth = np.where(Y > 0.5, 1, 0) if Y.shape[0] == 1 else np.argmax(Y, axis=0)
    return float(np.mean(predict_labels(AL) == truth))


def train_one_epoch(parameters, X, Y, learning_rate, batch_size, hidden, output, loss):
    total = 0.0
    for start in range(0, X.shape[1], batch_size):
        X_t, Y_t = X[:, start : start + batch_size], Y[:, start : start + batch_size]
        AL, caches = L_model_forward(X_t, parameters, hidden, output)
        total += compute_cost(AL, Y_t, loss) * X_t.shape[1]
        grads = L_model_backward(AL, Y_t, caches, hidden, output, loss)
        parameters.update(update_parameters(parameters, grads, learning_rate))
    return total / X.shape[1]


TRAIN_SOURCE = """
def train(X, Y, layer_dims, hidden, output, loss, learning_rate, num_epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    parameters, costs = initialize_parameters(layer_dims, rng), []
    for _ in range(num_epochs):
        total = 0.0
        for X_t, Y_t in batch_generator(X, Y, batch_size, rng):
            AL, caches = L_model_forward(X_t, parameters, hidden, output)
            total += compute_cost(AL, Y_t, loss) * X_t.shape[1]
            grads = L_model_backward(AL, Y_t, caches, hidden, output, loss)
            parameters = update_parameters(parameters, grads, learning_rate)
        costs.append(total / X.shape[1])
    return parameters, costs
"""
HEADER = (
    "import numpy as np\nEPS = np.finfo(float).eps\n"
    "from dnn_core.activations import get_activation\nfrom dnn_core.losses import get_loss\n"
    'SHORTCUTS = {("sigmoid", "binary_cross_entropy"), ("softmax", "categorical_cross_entropy")}\n'
)


def _source(*functions):
    import inspect

    return HEADER + "\n".join(inspect.getsource(f) for f in functions)


# what this file writes into each exercise cell of the learner copy of chapter 07
ANSWERS = {
    "ch07-train-one-epoch": _source(
        L_model_forward, compute_cost, L_model_backward, update_parameters, train_one_epoch
    ),
    "ch07-predict-labels": _source(predict_labels),
    "ch07-accuracy": _source(accuracy),
    "ch07-capstone-initialize": _source(initialize_parameters),
    "ch07-capstone-forward": _source(L_model_forward),
    "ch07-capstone-cost": _source(compute_cost),
    "ch07-capstone-backward": _source(L_model_backward),
    "ch07-capstone-update": _source(update_parameters),
    "ch07-capstone-batches": _source(batch_generator),
    "ch07-capstone-train": HEADER + TRAIN_SOURCE,
}


def test_a_learner_copy_solved_with_other_code_trains_the_capstone_and_passes_every_check(
    tmp_path,
):
    from make_student import make_student_copies
    from notebook_tools import NOTEBOOKS, execute, read, solution_cells

    (copy,) = make_student_copies(tmp_path, [NOTEBOOKS / "07_training_and_prediction.ipynb"])
    nb = read(copy)
    exercises = solution_cells(nb)
    assert {c.metadata.nbgrader.grade_id for c in exercises} == set(ANSWERS)
    for cell in exercises:
        assert "raise NotImplementedError()" in cell.source  # the learner copy starts unsolved
        cell.source = ANSWERS[cell.metadata.nbgrader.grade_id]
    execute(nb, cwd=NOTEBOOKS)  # raises on any error, a failed check included
    outputs = {
        c.source: "".join(o.get("text", "") for o in c.outputs)
        for c in nb.cells
        if c.cell_type == "code"
    }
    checks = [text for source, text in outputs.items() if "check_" in source]
    assert len(checks) == len(ANSWERS) and all(text.startswith("✔") for text in checks)
    result = next(text for source, text in outputs.items() if "yours, your_costs" in source)
    assert "test accuracy >= 95%: True" in result
    assert "equal section 5's DeepNeuralNetwork (seed 0) to 1e-10: True" in result


def test_independently_written_answers_to_chapter_07s_other_exercises_pass(capsys):
    """The same functions the learner copy above is solved with, straight through the checks."""
    from dnn_core.exercises import ch07

    ch07.check_predict_labels(predict_labels)
    ch07.check_accuracy(accuracy)
    ch07.check_train_one_epoch(train_one_epoch)
    assert capsys.readouterr().out.count("✔") == 3
