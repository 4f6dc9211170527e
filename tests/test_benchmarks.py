"""The benchmark baselines compute what they claim to, so their timings compare like with like."""

import sys
from pathlib import Path

import numpy as np

import dnn_core
from dnn_core.activations import relu_backward, sigmoid, sigmoid_backward
from dnn_core.datasets import attenuated_sine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import seed_style  # noqa: E402
from flat_ceiling import FlatCeilingNetwork  # noqa: E402


def test_flat_ceiling_trains_exactly_like_dnn_core():
    X, Y, _ = attenuated_sine()
    model = dnn_core.DeepNeuralNetwork([1, 20, 20, 1], "relu", "sigmoid", "mse", seed=0)
    model.train(X, Y, learning_rate=0.1, num_epochs=3, batch_size=8)
    flat = FlatCeilingNetwork([1, 20, 20, 1], seed=0).train(X, Y, 0.1, 3, 8)
    for l in range(3):
        np.testing.assert_allclose(flat.W[l], model.parameters[f"W{l + 1}"], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(flat.b[l], model.parameters[f"b{l + 1}"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(flat.predict(X), model.predict(X), rtol=1e-10)


def test_seed_style_backward_functions_compute_what_dnn_cores_compute():
    """Chapter 11's 'before / after' pairs: the seed-style ReLU and sigmoid backward (the slow
    versions the chapter times) give dnn_core's numbers, so only the time differs."""
    rng = np.random.default_rng(3)
    Z, dA = rng.normal(size=(16, 32)), rng.normal(size=(16, 32))
    np.testing.assert_array_equal(seed_style.relu_backward(dA, Z), relu_backward(dA, Z))
    A = sigmoid(Z)[0]
    np.testing.assert_allclose(
        sigmoid_backward(dA, Z, A=A), seed_style.sigmoid_backward(dA, Z), rtol=1e-15
    )
