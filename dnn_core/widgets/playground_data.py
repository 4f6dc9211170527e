"""The playground's data: the generated sets, the learner's CSV file, and which output
activation and loss suit each kind of task. numpy and dnn_core only.
"""

from types import SimpleNamespace

import numpy as np

from .. import datasets
from ..datasets.csv_upload import MIN_ROWS

GENERATED = {  # dropdown label -> name
    "moons": "moons",
    "circles": "circles",
    "spirals": "spirals",
    "XOR": "xor",
    "Gaussian blobs (3 classes)": "blobs",
    "sine (regression)": "sine",
}
DEFAULT_HEAD = {
    "binary": ("sigmoid", "binary_cross_entropy"),
    "multiclass": ("softmax", "categorical_cross_entropy"),
    "regression": ("linear", "mse"),
}


def generate(name, noise=0.1, m=400, seed=0):
    """A generated data set as (X, Y, shift, scale): X (n_features, m) is what the network
    sees, and ``X * scale + shift`` the coordinates to plot (the sine's x in radians)."""
    if name == "sine":  # the document's curve, its y jittered by noise x its amplitude 0.25
        X, Y, x = datasets.attenuated_sine(m)
        Y = Y + np.random.default_rng(seed).normal(0.0, 0.25 * noise, size=Y.shape)
        return X, Y, x.mean(), x.std()
    if name == "blobs":  # noise widens the blobs: their spread is 0.3 + noise in units of X
        X, Y = datasets.blobs(m, n_classes=3, std=1.0 + noise / 0.3, seed=seed)
        return X, Y, 0.0, 1.0
    makers = {
        "moons": datasets.moons,
        "circles": datasets.circles,
        "spirals": datasets.spirals,
        "xor": datasets.xor,
    }
    if name not in makers:
        raise ValueError(
            f"dataset: unknown name {name!r}; valid names are "
            f"{', '.join(GENERATED.values())} (or load a CSV file)"
        )
    X, Y = makers[name](m, noise=noise, seed=seed)
    return X, Y, 0.0, 1.0


def output_choices(task, Y):
    """Output activations that make sense for the task (and the range of Y)."""
    if task != "regression":
        return [DEFAULT_HEAD[task][0]]
    choices = ["linear"]
    if Y.min() >= 0 and Y.max() <= 1:
        choices.append("sigmoid")
    if Y.min() >= -1 and Y.max() <= 1:
        choices.append("tanh")
    return choices


def loss_choices(task, output):
    """Losses that ``DeepNeuralNetwork`` accepts with this output, and that suit the task."""
    return {
        "binary": ["binary_cross_entropy", "mse"],
        "multiclass": ["categorical_cross_entropy", "mse"],
    }.get(task, ["mse", "mae"])


def default_head(task, Y):
    """(output activation, loss) for the task: the document's sigmoid + MSE for targets in
    [0, 1], a linear output for any other regression, cross-entropy for classes."""
    if task == "regression" and "sigmoid" in output_choices(task, Y):
        return "sigmoid", "mse"
    return DEFAULT_HEAD[task]


def read_csv(source, name="your file"):
    """A learner's CSV file (``datasets.from_csv``) as a namespace with X, Y, name and task;
    raises ValueError, with from_csv's clear message, for a file that cannot be used."""
    X, Y = datasets.from_csv(source)
    if X.shape[1] < 2 * MIN_ROWS:
        raise ValueError(
            f"the CSV file has {X.shape[1]} data rows; the playground needs at "
            f"least {2 * MIN_ROWS} to split off a test set"
        )
    return SimpleNamespace(X=X, Y=Y, name=name, task=datasets.task_of(Y))
