""" "Show the code": the playground's run so far as a short Python program that uses dnn_core.

``run_code(session)`` writes the program that a learner can paste into a fresh notebook (or a
file) to get the very same network: the same data (generated with the same name, noise, size and
seed, or read from their CSV file with ``datasets.from_csv``), the same train/test split, the
same network (architecture, activations, loss, seed, initialization, dtype), then one call of
``model.train`` for each segment of the run (``PlaygroundSession.segments``: a stretch of epochs
with one optimizer, learning rate and batch size). The model draws its shuffles from its own
random generator, seeded like the playground's, so the program's weights equal the playground's
exactly, bit for bit, and so do the losses it prints.
"""

import json

from .playground_data import MAX_ROWS


def _text(value):
    """A str as Python source, in double quotes as the project writes them."""
    return json.dumps(value, ensure_ascii=False)


def run_code(session):
    """The program (a str) that reproduces ``session``'s data, network and training so far."""
    s, model = session, session.model
    data, needs_numpy = _data_lines(s)
    imports = ["import numpy as np"] if needs_numpy else []
    imports += ["from dnn_core import DeepNeuralNetwork, datasets"]
    if s.segments:
        imports.append("from dnn_core.optimizers import get_optimizer")
    lines = [f"# The playground's run: {s.epoch} epochs, as a program", *imports, "", *data, ""]
    lines += [
        "# The network: layer sizes, activations (hidden, output), loss; the seed draws the",
        "# playground's initial weights and the order of the examples in every epoch",
        "model = DeepNeuralNetwork(",
        f"    {s.layer_dims}, {_text(model.hidden.name)}, {_text(model.output.name)}, "
        f"{_text(model.loss.name)},",
        f"    seed={model.seed!r}, init={_text(model.init)}, dtype={_text(str(model.dtype))},",
        *_regularization_argument(s),
        ")",
        "",
    ]
    lines += _training_lines(s)
    lines += [
        "",
        "# The losses (and the playground's readout) after these epochs",
        'print(f"train loss {model.loss.cost(model.predict(X_train), Y_train):.4f}")',
        'print(f"test loss {model.loss.cost(model.predict(X_test), Y_test):.4f}")',
    ]
    if s.X_val is not None:
        lines.append('print(f"validation loss {model.cost(X_val, Y_val):.4f}")')
    return "\n".join(lines) + "\n"


def _data_lines(s):
    """(lines that make X_train, Y_train, X_test, Y_test as the session has them, whether
    they need numpy)."""
    seed, share = s.seed, s.test_fraction
    if s.dataset == "csv":
        lines = [
            f"# The data: your CSV file {_text(s.csv.name)}; put it beside this program (or write",
            "# its path here). Each row is an example, the last column the target.",
            f"X, Y = datasets.from_csv({_text(s.csv.name)})",
        ]
        if s.csv.sampled_from is not None:
            lines += [
                f"# the playground trains on a random sample of {MAX_ROWS} of its rows",
                f"rows = np.sort(np.random.default_rng({seed!r}).choice("
                f"X.shape[1], {MAX_ROWS}, replace=False))",
                "X, Y = X[:, rows], Y[:, rows]",
            ]
    elif s.dataset == "sine":
        lines = [
            f"# The data: {s.m} points of the attenuated sine, y jittered by noise {s.noise!r}",
            "# times its amplitude 0.25",
            f"X, Y, x = datasets.attenuated_sine({s.m!r})",
            f"Y = Y + np.random.default_rng({seed!r}).normal(0.0, 0.25 * {s.noise!r}, "
            "size=Y.shape)",
        ]
    elif s.dataset == "blobs":
        lines = [
            f"# The data: {s.m} points in 3 Gaussian blobs; noise {s.noise!r} widens them",
            f"X, Y = datasets.blobs({s.m!r}, n_classes=3, std=1.0 + {s.noise!r} / 0.3, "
            f"seed={seed!r})",
        ]
    else:
        lines = [
            f"# The data: {s.m} {s.dataset} points with noise {s.noise!r}",
            f"X, Y = datasets.{s.dataset}({s.m!r}, noise={s.noise!r}, seed={seed!r})",
        ]
    lines += [
        "",
        f"# The split: {share:.0%} of the examples (chosen with the same seed) for testing",
        f"X_train, Y_train, X_test, Y_test = datasets.train_test_split(X, Y, {share!r}, "
        f"seed={seed!r})",
    ]
    if s.X_val is not None:
        vshare = s.validation_fraction
        lines += [
            f"# {vshare:.0%} of the training part set aside for validation: never trained on,",
            "# its loss recorded after every epoch (model.val_costs)",
            "X_train, Y_train, X_val, Y_val = datasets.train_test_split(X_train, Y_train, "
            f"{vshare!r}, seed={seed!r})",
        ]
    if s.dataset == "csv":
        lines += [
            "# features on the training set's scale: mean 0, standard deviation 1",
            "X_train, mean, std = datasets.standardize(X_train)",
            "X_test = datasets.standardize(X_test, mean, std)[0]",
        ]
        if s.X_val is not None:
            lines.append("X_val = datasets.standardize(X_val, mean, std)[0]")
        if s.csv.task == "regression":
            lines += [
                "# a number to predict (regression): the target on that scale too",
                "Y_train, y_mean, y_std = datasets.standardize(Y_train)",
                "Y_test = datasets.standardize(Y_test, y_mean, y_std)[0]",
            ]
            if s.X_val is not None:
                lines.append("Y_val = datasets.standardize(Y_val, y_mean, y_std)[0]")
    needs_numpy = s.dataset == "sine" or (s.dataset == "csv" and s.csv.sampled_from is not None)
    return lines, needs_numpy


def _training_lines(s):
    """One ``model.train`` per segment, each after what changed before it."""
    if not s.segments:
        return ["# Not trained yet: press Train (or Step), then Show the code again"]
    calls = len(s.segments)
    lines = [
        f"# The training: {s.epoch} epochs in {calls} call{'s' * (calls != 1)} of train(), one "
        "for each change of settings.",
        "# The optimizer object keeps its memory (velocities, averages, step count) between calls.",
    ]
    n_train = s.X_train.shape[1]
    validation = ", validation=(X_val, Y_val)" if s.X_val is not None else ""
    for number, segment in enumerate(s.segments, 1):
        rate = segment["learning_rate"]
        before = s.segments[number - 2] if number > 1 else None
        for name, what in (("l2", "L2 strength"), ("dropout", "dropout rate")):
            if before is not None and segment[name] != before[name]:
                lines += [
                    f"# a new {what}: the same weights train on",
                    f"model.{name} = {segment[name]!r}",
                ]
        if segment["fresh"]:
            settings = "".join(f", {k}={v!r}" for k, v in segment["settings"].items())
            if number > 1:
                lines.append("# another optimizer, or another setting: a fresh memory")
            lines.append(
                f"optimizer = get_optimizer({_text(segment['optimizer'])}, learning_rate={rate!r}"
                f"{settings})"
            )
        elif rate != s.segments[number - 2]["learning_rate"]:
            lines += [
                "# a new learning rate; the optimizer's memory continues",
                f"optimizer.learning_rate = {rate!r}",
            ]
        elif segment["batch_size"] != before["batch_size"]:
            lines.append("# a new batch size; the optimizer's memory continues")
        batch = segment["batch_size"]
        if batch == n_train:
            lines.append(f"# batch size {batch}: all the training examples (full batch)")
        if s.diverged and number == calls:
            lines.append("# this call diverges (it raises TrainingDiverged), as the playground did")
        call = (f"model.train(X_train, Y_train, num_epochs={segment['epochs']}, "
                f"batch_size={batch}, optimizer=optimizer")  # fmt: skip
        if validation:  # one line would pass 100 characters
            lines += [call + ",", f"            {validation[2:]})"]
        else:
            lines.append(call + ")")
    return lines


def _regularization_argument(s):
    """The constructor's l2= and dropout= line: the values the first segment trained with
    (the session's own before any training); nothing when both are 0."""
    first = s.segments[0] if s.segments else {"l2": s.l2, "dropout": s.dropout}
    pairs = [f"{name}={first[name]!r}" for name in ("l2", "dropout") if first[name]]
    return [f"    {', '.join(pairs)},"] if pairs else []
