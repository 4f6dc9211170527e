"""DeepNeuralNetwork end to end: it learns, it is reproducible, float32 works, it saves and
loads, it stops cleanly when training diverges, and its hooks (reset, callback, print_cost)
do what they say."""

import warnings

import numpy as np
import pytest

from dnn_core import DeepNeuralNetwork, TrainingDiverged, datasets


def moons(m=200, noise=0.15, seed=0):
    """Two interleaving half circles, X (2, m), Y (1, m) of 0.0/1.0."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, m)
    label = rng.integers(0, 2, m)
    x = np.where(label == 0, np.cos(t), 1 - np.cos(t))
    y = np.where(label == 0, np.sin(t), 0.5 - np.sin(t))
    X = np.vstack([x - 0.5, y - 0.25]) + rng.normal(0, noise, (2, m))
    return X, label.reshape(1, m).astype(float)


def blobs(m=150, seed=0):
    """Three Gaussian blobs: X (2, m), one-hot Y (3, m), and the integer labels (m,)."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, m)
    centres = np.array([[0.0, 2.0, -2.0], [2.0, -1.0, -1.0]])
    X = centres[:, labels] + rng.normal(scale=0.7, size=(2, m))
    return X, np.eye(3)[:, labels], labels


def regression(m=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2, m))
    return X, np.sin(X[:1] + X[1:]) * 0.4 + 0.5


# --------------------------------------------------------------------------- it learns
def test_the_documents_sine_run_learns():
    X, Y, x = datasets.attenuated_sine()
    assert X.shape == Y.shape == (1, 500)
    model = DeepNeuralNetwork([1, 20, 20, 1], "relu", "sigmoid", "mse", seed=0)
    model.train(X, Y, learning_rate=0.1, num_epochs=300, batch_size=8)
    costs = np.array(model.costs)
    assert len(costs) == 300 and np.isfinite(costs).all()
    assert costs[-1] < 0.01
    assert costs[-1] < costs[0] / 5
    # mostly decreasing: the mean cost of each block of 30 epochs is (about) below the last one
    blocks = costs.reshape(10, 30).mean(axis=1)
    assert (blocks[1:] <= 1.05 * blocks[:-1]).all(), blocks
    assert model.predict(X).shape == (1, 500)


def test_moons_reach_90_percent_training_accuracy():
    X, Y = moons()
    model = DeepNeuralNetwork([2, 16, 16, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    model.train(X, Y, learning_rate=0.5, num_epochs=150, batch_size=16)
    labels = model.predict_labels(X)
    assert labels.shape == (1, 200) and set(np.unique(labels)) <= {0, 1}
    assert np.mean(labels == Y) > 0.9


def test_softmax_cce_on_three_blobs():
    X, Y, labels = blobs()
    model = DeepNeuralNetwork([2, 8, 3], "relu", "softmax", "categorical_cross_entropy", seed=0)
    model.train(X, Y, learning_rate=0.1, num_epochs=60, batch_size=16)
    AL = model.predict(X)
    assert AL.shape == (3, 150)
    np.testing.assert_allclose(AL.sum(axis=0), 1.0, rtol=1e-12)
    predicted = model.predict_labels(X)
    assert predicted.shape == (150,)
    np.testing.assert_array_equal(predicted, AL.argmax(axis=0))
    assert np.mean(predicted == labels) > 0.9
    assert model.costs[-1] < model.costs[0] / 2


def test_predict_labels_needs_a_classifier_output():
    model = DeepNeuralNetwork([2, 3, 1], "relu", "linear", "mse", seed=0)
    with pytest.raises(
        ValueError, match="predict_labels needs an output whose values are probabilities"
    ):
        model.predict_labels(np.zeros((2, 3)))


def test_predict_labels_thresholds_sigmoid_at_one_half():
    model = DeepNeuralNetwork([1, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    model.parameters["W1"][:] = 1.0
    model.parameters["b1"][:] = 0.0
    np.testing.assert_array_equal(
        model.predict_labels(np.array([[-2.0, -0.1, 0.1, 3.0]])), [[0, 0, 1, 1]]
    )


def test_predict_is_the_forward_pass_by_hand():
    model = DeepNeuralNetwork([2, 3, 1], "tanh", "linear", "mse", seed=4)
    X = np.array([[0.5, -1.0], [2.0, 0.0]])
    p = model.parameters
    expected = p["W2"] @ np.tanh(p["W1"] @ X + p["b1"]) + p["b2"]
    np.testing.assert_allclose(model.predict(X), expected, rtol=1e-14)


def test_the_source_documents_attribute_names():
    model = DeepNeuralNetwork([2, 3, 1], "tanh", "linear", "mae", seed=0)
    assert model.hidden_layer_activation == "tanh"
    assert model.output_layer_activation == "linear"
    assert model.loss_function == "mae"
    assert "DeepNeuralNetwork([2, 3, 1], 'tanh', 'linear', 'mae'" in repr(model)


# --------------------------------------------------------------------------- reproducible
def _run(seed, dtype=np.float64, epochs=10):
    X, Y = regression()
    model = DeepNeuralNetwork([2, 5, 5, 1], "relu", "sigmoid", "mse", seed=seed, dtype=dtype)
    model.train(X, Y, learning_rate=0.2, num_epochs=epochs, batch_size=8)
    return model


def test_same_seed_same_run():
    a, b = _run(3), _run(3)
    assert a.costs == b.costs
    for key in a.parameters:
        np.testing.assert_array_equal(a.parameters[key], b.parameters[key])


def test_different_seeds_differ():
    a, b = _run(3), _run(4)
    assert a.costs != b.costs
    assert not np.allclose(a.parameters["W1"], b.parameters["W1"])


def test_init_methods_and_zero_biases():
    for init, scale in [
        ("he", np.sqrt(2 / 50)),
        ("xavier", np.sqrt(2 / (50 + 40))),
        ("small", 0.01),
    ]:
        model = DeepNeuralNetwork([50, 40, 1], seed=0, init=init)
        assert model.parameters["W1"].std() == pytest.approx(scale, rel=0.05)
        assert not model.parameters["b1"].any() and not model.parameters["b2"].any()


# --------------------------------------------------------------------------- float32
def test_float32_model_keeps_float32_and_matches_float64():
    m32, m64 = _run(1, np.float32, epochs=20), _run(1, np.float64, epochs=20)
    for key, value in m32.parameters.items():
        assert value.dtype == np.float32, key
    X, _ = regression()
    assert m32.predict(X).dtype == np.float32
    assert m32.predict(X.astype(np.float32)).dtype == np.float32
    assert m64.predict(X.astype(np.float32)).dtype == np.float64
    np.testing.assert_allclose(m32.costs, m64.costs, rtol=1e-4)
    assert all(type(c) is float for c in m32.costs)


@pytest.mark.parametrize(
    "hidden, output, loss, Y_kind",
    [
        ("tanh", "softmax", "categorical_cross_entropy", "one_hot"),
        ("leaky_relu", "sigmoid", "binary_cross_entropy", "binary"),
        ("sigmoid", "linear", "mae", "real"),
    ],
)
def test_float32_every_loss(hidden, output, loss, Y_kind):
    X, Y, labels = blobs(60)
    Y = {"one_hot": Y, "binary": (labels == 0).astype(float).reshape(1, -1), "real": X[:1] * 0.5}[
        Y_kind
    ]
    dims = [2, 4, Y.shape[0]]
    m32 = DeepNeuralNetwork(dims, hidden, output, loss, seed=0, dtype="float32")
    m64 = DeepNeuralNetwork(dims, hidden, output, loss, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m32.train(X, Y, learning_rate=0.05, num_epochs=5, batch_size=16)
    m64.train(X, Y, learning_rate=0.05, num_epochs=5, batch_size=16)
    assert all(v.dtype == np.float32 for v in m32.parameters.values())
    assert m32.predict(X).dtype == np.float32
    np.testing.assert_allclose(m32.costs, m64.costs, rtol=1e-4)


# --------------------------------------------------------------------------- save / load
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_save_load_round_trip(tmp_path, dtype):
    model = DeepNeuralNetwork(
        [2, 5, 3],
        "tanh",
        "softmax",
        "categorical_cross_entropy",
        seed=2,
        init="xavier",
        dtype=dtype,
    )
    X, Y, _ = blobs(40)
    model.train(X, Y, learning_rate=0.1, num_epochs=4, batch_size=8)
    path = tmp_path / "model.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as saved:  # no pickle needed: safe to open
        assert {"W1", "b1", "W2", "b2", "costs", "layer_dims"} <= set(saved.files)
        np.testing.assert_array_equal(saved["W2"], model.parameters["W2"])
    loaded = DeepNeuralNetwork.load(path)
    assert loaded.layer_dims == [2, 5, 3]
    assert (
        loaded.hidden_layer_activation,
        loaded.output_layer_activation,
        loaded.loss_function,
    ) == ("tanh", "softmax", "categorical_cross_entropy")
    assert loaded.init == "xavier" and loaded.dtype == np.dtype(dtype)
    assert loaded.costs == model.costs
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert loaded.predict(X).dtype == np.dtype(dtype)
    loaded.train(X, Y, learning_rate=0.1, num_epochs=2, batch_size=8)  # training continues
    assert len(loaded.costs) == 6 and loaded.costs[:4] == model.costs


def test_save_load_untrained_model(tmp_path):
    model = DeepNeuralNetwork([3, 2, 1], "relu", "linear", "mse", seed=0)
    model.save(tmp_path / "fresh.npz")
    loaded = DeepNeuralNetwork.load(tmp_path / "fresh.npz")
    assert loaded.costs == []
    X = np.ones((3, 4))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_save_refuses_an_unnamed_activation(tmp_path):
    from dnn_core import leaky_relu_with

    model = DeepNeuralNetwork([2, 3, 1], leaky_relu_with(0.2), "linear", "mse", seed=0)
    with pytest.raises(ValueError, match="only models built from named activations"):
        model.save(tmp_path / "m.npz")


def test_save_load_round_trip_without_npz_suffix(tmp_path):
    model = DeepNeuralNetwork([2, 3, 1], "relu", "linear", "mse", seed=0)
    model.save(tmp_path / "model")
    loaded = DeepNeuralNetwork.load(tmp_path / "model")
    np.testing.assert_array_equal(loaded.parameters["W1"], model.parameters["W1"])


# --------------------------------------------------------------------------- divergence
def _diverging():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 64))
    Y = 100 * rng.normal(size=(1, 64))
    return X, Y, DeepNeuralNetwork([2, 8, 1], "relu", "linear", "mse", seed=0)


def test_divergence_raises_cleanly_without_warnings():
    X, Y, model = _diverging()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning flood (overflow, invalid value)
        with pytest.raises(TrainingDiverged, match="diverged") as info:
            model.train(X, Y, learning_rate=50, num_epochs=20, batch_size=8)
    assert "learning_rate=50" in str(info.value)
    assert isinstance(info.value, FloatingPointError)
    assert model.diverged is True
    assert all(np.isfinite(c) for c in model.costs)  # the non-finite cost is not recorded


def test_training_again_before_reset_raises():
    X, Y, model = _diverging()
    with pytest.raises(TrainingDiverged):
        model.train(X, Y, learning_rate=50, num_epochs=20, batch_size=8)
    with pytest.raises(TrainingDiverged, match="reset"):
        model.train(X, Y, learning_rate=1e-4, num_epochs=1, batch_size=8)
    model.reset()
    assert model.diverged is False and model.costs == []
    model.train(X, Y, learning_rate=1e-4, num_epochs=3, batch_size=8)
    assert len(model.costs) == 3 and np.isfinite(model.costs).all()


BOUNDED_HEADS = [
    ("sigmoid", "binary_cross_entropy", lambda: datasets.moons()),
    ("softmax", "categorical_cross_entropy", lambda: datasets.blobs(n_classes=3)),
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("output, loss, data", BOUNDED_HEADS, ids=["bce", "cce"])
def test_exploding_weights_are_caught_although_clipping_keeps_the_cost_finite(
    output, loss, data, dtype
):
    """Cross-entropy clips AL, so the cost stays below ~36 while the weights fly off: the
    parameters' growth must give the divergence away, within the epoch it happens in."""
    X, Y = data()
    model = DeepNeuralNetwork([2, 16, 16, Y.shape[0]], "relu", output, loss, seed=0, dtype=dtype)
    with pytest.raises(TrainingDiverged, match=r"in epoch 1: .*learning_rate=1000 is too large"):
        model.train(X, Y, learning_rate=1e3, num_epochs=20, batch_size=32)
    assert model.diverged and model.costs == []


@pytest.mark.parametrize("loss", ["mse", "mae"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_loss_and_dtype_diverges_within_the_first_epoch(loss, dtype):
    X, Y, _ = datasets.attenuated_sine()
    model = DeepNeuralNetwork([1, 20, 20, 1], "relu", "linear", loss, seed=0, dtype=dtype)
    with pytest.raises(TrainingDiverged, match="training diverged in epoch 1: "):
        model.train(X, Y, learning_rate=1e3, num_epochs=20, batch_size=8)


def test_a_cost_that_explodes_relative_to_its_start_is_divergence():
    X, Y, _ = datasets.attenuated_sine()
    model = DeepNeuralNetwork([1, 20, 20, 1], "relu", "linear", "mse", seed=0)
    model.train(X, Y, learning_rate=0.01, num_epochs=2, batch_size=8)
    model.parameters["b3"] += 1e5  # as if one wild step had thrown the output off by 1e5
    with pytest.raises(TrainingDiverged, match=r"epoch 3: the cost rose from .* \(epoch 1\)"):
        model.train(X, Y, learning_rate=1e-9, num_epochs=1, batch_size=8)


def test_non_finite_parameters_are_divergence_even_with_a_finite_cost():
    X, Y = datasets.moons()
    model = DeepNeuralNetwork([2, 4, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    model.parameters["b1"][0] = -np.inf  # a dead unit: relu(-inf) = 0 feeds nothing onwards,
    model.parameters["W2"][:, 0] = 0.0  # so the cost stays finite
    with pytest.raises(TrainingDiverged, match="the parameters became (inf|nan)"):
        model.train(X, Y, learning_rate=0.1, num_epochs=3, batch_size=32)


def test_healthy_runs_never_count_as_diverged():
    """The rules never fire on the course's runs, including the sigmoid output that
    saturates (chapter 07) instead of diverging."""
    X, Y, _ = datasets.attenuated_sine()
    for rate in (0.001, 0.1, 1.0, 30.0):
        model = DeepNeuralNetwork([1, 20, 20, 1], "relu", "sigmoid", "mse", seed=0)
        model.train(X, Y, learning_rate=rate, num_epochs=100, batch_size=8)
        assert not model.diverged and len(model.costs) == 100
    X, labels = datasets.digits()
    model = DeepNeuralNetwork([64, 64, 10], "relu", "softmax", "categorical_cross_entropy", seed=0)
    model.train(X, datasets.one_hot(labels), learning_rate=0.3, num_epochs=30, batch_size=32)
    assert not model.diverged


@pytest.mark.parametrize("method", ["predict", "predict_labels"])
def test_a_diverged_model_refuses_to_predict_until_reset(method):
    X, Y = datasets.moons()
    model = DeepNeuralNetwork([2, 16, 16, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    with pytest.raises(TrainingDiverged):
        model.train(X, Y, learning_rate=1e3, num_epochs=5, batch_size=32)
    with pytest.raises(TrainingDiverged, match=r"diverged .*call reset\(\) before"):
        getattr(model, method)(X)
    assert getattr(model.reset(), method)(X).shape[-1] == X.shape[1]


@pytest.mark.parametrize("scaled", ["X", "Y"])
def test_data_on_a_huge_scale_is_named_as_the_cause(scaled):
    X, Y, _ = datasets.attenuated_sine()
    X, Y = (X * 1e200, Y) if scaled == "X" else (X, Y * 1e200)
    model = DeepNeuralNetwork([1, 20, 1], "relu", "linear", "mse", seed=0)
    with pytest.raises(TrainingDiverged, match=f"{scaled} has values as large as .*e\\+(199|200)"):
        model.train(X, Y, learning_rate=1e-6, num_epochs=5, batch_size=8)
    with pytest.raises(TrainingDiverged) as info:
        model.reset().train(X, Y, learning_rate=1e-6, num_epochs=5, batch_size=8)
    assert "learning_rate" not in str(info.value)  # the data is the cause, not the rate


def test_reset_restores_the_initial_parameters_for_a_fixed_seed():
    model = DeepNeuralNetwork([2, 4, 1], "tanh", "sigmoid", "mse", seed=9)
    initial = {k: v.copy() for k, v in model.parameters.items()}
    X, Y = regression()
    model.train(X, Y, learning_rate=0.5, num_epochs=5, batch_size=8)
    assert not np.allclose(model.parameters["W1"], initial["W1"])
    first_costs = list(model.costs)
    assert model.reset() is model
    assert model.costs == []
    for key in initial:
        np.testing.assert_array_equal(model.parameters[key], initial[key])
    model.train(X, Y, learning_rate=0.5, num_epochs=5, batch_size=8)  # and the shuffles repeat
    assert model.costs == first_costs


# --------------------------------------------------------------------------- callback, printing
def test_callback_receives_model_epoch_cost():
    X, Y = regression()
    model = DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0)
    calls = []
    model.train(
        X,
        Y,
        learning_rate=0.1,
        num_epochs=4,
        batch_size=8,
        callback=lambda m, epoch, cost: calls.append((m, epoch, cost)),
    )
    assert [c[1] for c in calls] == [1, 2, 3, 4]
    assert all(c[0] is model for c in calls)
    assert [c[2] for c in calls] == model.costs
    model.train(
        X,
        Y,
        learning_rate=0.1,
        num_epochs=2,
        batch_size=8,
        callback=lambda m, epoch, cost: calls.append((m, epoch, cost)),
    )
    assert [c[1] for c in calls[4:]] == [5, 6]  # epochs count on across calls


def test_callback_returning_false_stops_training():
    X, Y = regression()
    model = DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0)
    model.train(
        X,
        Y,
        learning_rate=0.1,
        num_epochs=50,
        batch_size=8,
        callback=lambda m, epoch, cost: epoch < 3,
    )
    assert len(model.costs) == 3
    model.train(
        X, Y, learning_rate=0.1, num_epochs=2, batch_size=8, callback=lambda m, epoch, cost: None
    )  # None is not False: keep going
    assert len(model.costs) == 5


def test_print_cost_prints_epoch_1_and_every_epoch_verbose(capsys):
    X, Y = regression()
    model = DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0)
    model.train(
        X, Y, learning_rate=0.1, num_epochs=7, batch_size=8, epoch_verbose=3, print_cost=True
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"Cost after epoch {e}: {model.costs[e - 1]:.6f}" for e in (1, 3, 6)]
    model.train(
        X, Y, learning_rate=0.1, num_epochs=3, batch_size=8, epoch_verbose=3, print_cost=True
    )
    assert capsys.readouterr().out.splitlines() == [f"Cost after epoch 9: {model.costs[8]:.6f}"]


def test_no_printing_by_default(capsys):
    X, Y = regression()
    DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0).train(
        X, Y, learning_rate=0.1, num_epochs=12, batch_size=8
    )
    assert capsys.readouterr().out == ""


def test_train_does_not_modify_the_data():
    X, Y = regression()
    X0, Y0 = X.copy(), Y.copy()
    DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0).train(
        X, Y, learning_rate=0.1, num_epochs=3, batch_size=8
    )
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


def test_train_returns_the_model_and_accepts_lists_and_ints():
    model = DeepNeuralNetwork([1, 2, 1], "relu", "linear", "mse", seed=0)
    assert (
        model.train([[0, 1, 2, 3]], [[1, 0, 1, 0]], learning_rate=0.01, num_epochs=2, batch_size=2)
        is model
    )
    assert len(model.costs) == 2
