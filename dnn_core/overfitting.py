"""Chapter 09's experiments: a network too big for its data, with and without regularization.

    noisy_moons_split       few noisy training examples; many validation and test examples
    train_regularized       the chapter's network trained on a split, with l2 / dropout / patience
    train_lambdas           the same network (same seed) trained once for each L2 strength
    dropout_mean            the average of many dropout_forward draws: E[A * D] = A
    dropout_predictions     what predict would say if it forgot to turn dropout off
    weights_of              every weight of a model in one flat array (no biases)

Every number comes from dnn_core's own code (``DeepNeuralNetwork``, ``regularization.py``,
``datasets``); ``plots.regularization`` and ``widgets.regularization`` only draw them.
Everything is seeded: the same call gives the same models and numbers.
"""

from typing import NamedTuple

import numpy as np

from .datasets import moons, train_test_split
from .forward import L_model_forward
from .model import DeepNeuralNetwork
from .regularization import dropout_forward

LAYER_DIMS = [2, 64, 64, 1]  # about 4,400 weights for 50 examples: room to memorize each one
SETTINGS = {"learning_rate": 0.01, "num_epochs": 800, "optimizer": "adam"}  # full batch


class Split(NamedTuple):
    """The three sets, each (X, Y) in the (n_features, m) layout."""

    X_train: np.ndarray
    Y_train: np.ndarray
    X_val: np.ndarray
    Y_val: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray

    @property
    def validation(self):
        return self.X_val, self.Y_val


def noisy_moons_split(m_train=50, m_val=200, m_test=200, noise=0.4, seed=8):
    """Moons with ``noise``, shuffled and cut into a training, a validation and a test set
    (``datasets.train_test_split`` twice): few training examples, so single noisy points
    matter, and enough held-out ones that their costs are steady."""
    X, Y = moons(m_train + m_val + m_test, noise=noise, seed=seed)
    X_train, Y_train, X_rest, Y_rest = train_test_split(
        X, Y, test_fraction=(m_val + m_test) / X.shape[1], seed=seed
    )
    X_val, Y_val, X_test, Y_test = train_test_split(
        X_rest, Y_rest, test_fraction=m_test / (m_val + m_test), seed=seed
    )
    return Split(X_train, Y_train, X_val, Y_val, X_test, Y_test)


def train_regularized(split, l2=0.0, dropout=0.0, patience=None, seed=0, **settings):
    """A ``LAYER_DIMS`` ReLU network (``seed``: the same starting weights for every call) trained
    full-batch on the split's training set with Adam, recording the validation cost of every
    epoch; ``patience`` stops early on it. ``settings`` override ``SETTINGS``."""
    settings = {**SETTINGS, **settings}
    model = DeepNeuralNetwork(LAYER_DIMS, seed=seed, l2=l2, dropout=dropout)
    settings.setdefault("batch_size", split.X_train.shape[1])
    return model.train(split.X_train, split.Y_train, **settings, validation=split.validation,
                       patience=patience)  # fmt: skip


def train_lambdas(split, lambdas, **options):
    """{lam: model}: ``train_regularized(split, l2=lam, **options)`` for each L2 strength."""
    return {lam: train_regularized(split, l2=lam, **options) for lam in lambdas}


def dropout_mean(A, p, draws=10_000, seed=0):
    """The mean of ``dropout_forward(A, p, rng)[0]`` over ``draws`` independent masks: close
    to A itself, because each kept output is divided by 1 - p (inverted dropout)."""
    rng = np.random.default_rng(seed)
    return sum(dropout_forward(A, p, rng)[0] for _ in range(draws)) / draws


def dropout_predictions(model, X, p, calls=20, seed=0):
    """(calls, n_outputs, m): the model's output on X as a forward pass with dropout left on
    (``L_model_forward(..., dropout=p)``) would give it, ``calls`` times, each with new masks.
    ``model.predict`` (dropout off) gives one answer; these scatter around it."""
    rng = np.random.default_rng(seed)
    forward = [L_model_forward(X, model.parameters, model.hidden, model.output, dropout=p,
                               rng=rng)[0] for _ in range(calls)]  # fmt: skip
    return np.stack(forward)


def weights_of(model):
    """Every weight of ``model`` (the W[l], not the biases) in one flat array."""
    return np.concatenate([W.ravel() for key, W in model.parameters.items() if key[0] == "W"])
