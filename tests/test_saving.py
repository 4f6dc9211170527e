"""Saved models: what saves loads, training continues exactly, and every bad file -- another
program's, damaged, tampered with -- is refused with one clear error naming the file and the key
(never numpy's advice to load with allow_pickle). Impossible save paths get a clear error, and a
failed save leaves the earlier file in place."""

import zipfile

import numpy as np
import pytest

from dnn_core import DeepNeuralNetwork, TrainingDiverged, datasets
from dnn_core.saving import ModelFileError


@pytest.fixture
def data():
    return datasets.moons(m=64)


@pytest.fixture
def saved(tmp_path, data):
    """A trained model and the file it was saved to."""
    model = DeepNeuralNetwork([2, 4, 1], "relu", "sigmoid", "binary_cross_entropy", seed=3)
    model.train(*data, learning_rate=0.1, num_epochs=3, batch_size=16)
    return model, model.save(tmp_path / "model.npz")


def contents(path):
    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def rewrite(path, **changes):
    """The saved file with some keys changed (None removes one)."""
    arrays = {**contents(path), **changes}
    np.savez(path, **{k: v for k, v in arrays.items() if v is not None})
    return path


def refused(path, *words):
    with pytest.raises(ModelFileError) as info:
        DeepNeuralNetwork.load(path)
    message = str(info.value)
    assert str(path) in message and "allow_pickle" not in message
    for word in words:
        assert word in message, message
    return message


# --------------------------------------------------------------------------- what saves, loads
def test_save_load_train_equals_training_on_without_stopping(tmp_path, data):
    whole = DeepNeuralNetwork([2, 4, 1], "relu", "sigmoid", "binary_cross_entropy", seed=1)
    half = DeepNeuralNetwork([2, 4, 1], "relu", "sigmoid", "binary_cross_entropy", seed=1)
    whole.train(*data, learning_rate=0.1, num_epochs=6, batch_size=16)
    half.train(*data, learning_rate=0.1, num_epochs=3, batch_size=16)
    loaded = DeepNeuralNetwork.load(half.save(tmp_path / "half"))
    loaded.train(*data, learning_rate=0.1, num_epochs=3, batch_size=16)  # the same shuffles
    assert loaded.costs == whole.costs
    for key, theta in whole.parameters.items():
        np.testing.assert_array_equal(loaded.parameters[key], theta)


@pytest.mark.parametrize("seed", [2**70, 10**20 + 7, None, 0])
def test_any_seed_saves_and_loads(tmp_path, seed):
    model = DeepNeuralNetwork([2, 3, 1], seed=seed)
    loaded = DeepNeuralNetwork.load(model.save(tmp_path / "m.npz"))
    assert loaded.seed == seed
    if seed is not None:
        np.testing.assert_array_equal(loaded.reset().parameters["W1"], model.parameters["W1"])
    with np.load(tmp_path / "m.npz", allow_pickle=False) as archive:  # no pickled objects
        assert archive["seed"].dtype.kind == "U"


def test_a_diverged_model_saves_and_loads_still_diverged(tmp_path, data):
    model = DeepNeuralNetwork([2, 16, 16, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    with pytest.raises(TrainingDiverged):
        model.train(*data, learning_rate=1e3, num_epochs=3, batch_size=16)
    loaded = DeepNeuralNetwork.load(model.save(tmp_path / "wild.npz"))
    assert loaded.diverged
    with pytest.raises(TrainingDiverged, match="reset"):
        loaded.predict(data[0])
    assert loaded.reset().predict(data[0]).shape == (1, 64)


def test_a_file_of_the_previous_format_still_loads(tmp_path, saved):
    model, path = saved
    rewrite(path, seed=np.array([3]), rng_state=None, diverged=None)
    loaded = DeepNeuralNetwork.load(path)
    assert loaded.seed == 3 and loaded.costs == model.costs and not loaded.diverged
    rewrite(path, seed=np.array([]))
    assert DeepNeuralNetwork.load(path).seed is None


# --------------------------------------------------------------------------- files that are not models
def test_a_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="no model file .*nowhere.npz"):
        DeepNeuralNetwork.load(tmp_path / "nowhere.npz")
    (tmp_path / "data.csv").write_text("1,2\n")
    with pytest.raises(FileNotFoundError, match="data.csv' is a file, not a folder"):
        DeepNeuralNetwork.load(tmp_path / "data.csv" / "m.npz")


def test_not_model_files(tmp_path, saved):
    _, good = saved
    cases = {
        "empty.npz": b"",
        "text.npz": b"layer_dims,1,2\n",
        "truncated.npz": good.read_bytes()[: len(good.read_bytes()) // 2],
    }
    for name, raw in cases.items():
        (tmp_path / name).write_bytes(raw)
        refused(tmp_path / name)
    np.save(tmp_path / "array.npy", np.ones(3))
    (tmp_path / "array.npy").rename(tmp_path / "array.npz")
    refused(tmp_path / "array.npz", "single .npy array")
    with zipfile.ZipFile(tmp_path / "plain.npz", "w") as archive:
        archive.writestr("notes.txt", "hello")
    refused(tmp_path / "plain.npz", "has no 'layer_dims'", "notes.txt")
    np.savez(tmp_path / "other.npz", x=np.ones(3), y=np.zeros(2))
    refused(tmp_path / "other.npz", "not a model saved by DeepNeuralNetwork.save")
    (tmp_path / "folder.npz").mkdir()
    refused(tmp_path / "folder.npz", "is a folder")


@pytest.mark.parametrize("key", ["layer_dims", "hidden", "loss", "costs", "W2", "b1", "seed"])
def test_a_missing_key_is_named(saved, key):
    _, path = saved
    refused(rewrite(path, **{key: None}), f"'{key}'")


def test_a_damaged_member_is_refused(saved):
    _, path = saved
    raw = bytearray(path.read_bytes())
    start = raw.find(b"W1.npy") + 200  # inside the stored W1 array
    raw[start : start + 20] = b"\0" * 20
    path.write_bytes(bytes(raw))
    refused(path)


# --------------------------------------------------------------------------- tampered contents
TAMPERED = {
    "wrong shape": ("W1", np.ones((4, 3)), "'W1' has shape (4, 3)"),
    "NaN weight": ("W2", np.full((1, 4), np.nan), "'W2' holds NaN or inf"),
    "inf bias": ("b1", np.full((4, 1), np.inf), "'b1' holds NaN or inf"),
    "integer weights": ("W1", np.ones((4, 2), dtype=int), "'W1' has dtype int64"),
    "string weights": ("W1", np.full((4, 2), "1.0"), "'W1' has dtype <U3"),
    "other dtype": (
        "W1",
        np.ones((4, 2), dtype=np.float32),
        "'W1' has shape (4, 2) and dtype float32",
    ),
    "float layer_dims": ("layer_dims", np.array([2.0, 4.0, 1.0]), "'layer_dims' has dtype float64"),
    "2-D layer_dims": (
        "layer_dims",
        np.array([[2, 4, 1]]),
        "'layer_dims' has dtype int64 and shape (1, 3)",
    ),
    "bad layer_dims": (
        "layer_dims",
        np.array([2, 0, 1]),
        "'layer_dims' must be 2 or more positive",
    ),
    "other layer_dims": ("layer_dims", np.array([2, 5, 1]), "'W1' has shape (4, 2)"),
    "unknown activation": ("hidden", np.str_("swish"), "'hidden' is 'swish', not one of"),
    "unknown output": ("output", np.str_("step"), "'output' is 'step'"),
    "unknown loss": ("loss", np.str_("hinge"), "'loss' is 'hinge'"),
    "mismatched loss": (
        "loss",
        np.str_("categorical_cross_entropy"),
        "needs output_layer_activation",
    ),
    "number as a name": ("init", np.array(3), "'init' has dtype int64"),
    "negative seed": ("seed", np.str_("-5"), "'seed' must be empty (no seed) or an integer >= 0"),
    "old negative seed": ("seed", np.array([-5]), "seed must be >= 0"),
    "unknown dtype": ("dtype", np.str_("int64"), "'dtype' must name a float type"),
    "NaN cost": ("costs", np.array([1.0, np.nan]), "'costs' holds NaN or inf"),
    "bad rng state": ("rng_state", np.str_('{"bit_generator": "MT19937"}'), "'rng_state' is not"),
    "extra weights": ("W3", np.ones((1, 1)), "unexpected keys ['W3']"),
}


@pytest.mark.parametrize("case", TAMPERED)
def test_tampered_contents_are_refused_naming_the_key(saved, case):
    key, value, words = TAMPERED[case]
    _, path = saved
    refused(rewrite(path, **{key: value}), words)


def test_pickled_objects_are_refused_without_pickle_advice(saved):
    _, path = saved
    arrays = contents(path)
    arrays["seed"] = np.array([2**70], dtype=object)  # what the previous version wrote for 2**70
    np.savez(path, **arrays)
    refused(path, "'seed' holds Python objects")


# --------------------------------------------------------------------------- impossible save paths
def test_impossible_save_paths(tmp_path, saved):
    model, _ = saved
    with pytest.raises(ValueError, match="path is empty"):
        model.save("")
    with pytest.raises(TypeError, match="path must be a file name"):
        model.save(42)
    with pytest.raises(FileNotFoundError, match="the folder .*missing' does not exist"):
        model.save(tmp_path / "missing" / "m.npz")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(FileNotFoundError, match="file.txt' is a file, not a folder"):
        model.save(tmp_path / "file.txt" / "m.npz")
    (tmp_path / "folder.npz").mkdir()
    with pytest.raises(ValueError, match="it is a folder"):
        model.save(tmp_path / "folder.npz")


def test_a_failed_save_keeps_the_earlier_file(monkeypatch, saved):
    model, path = saved
    before = path.read_bytes()

    def broken(file, **arrays):
        file.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr("dnn_core.saving.np.savez", broken)
    with pytest.raises(OSError, match="disk full"):
        model.save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["model.npz"]  # no leftovers


def test_a_path_that_names_no_file_or_a_folder(tmp_path, saved):
    model, _ = saved
    with pytest.raises(ValueError, match="names no file"):
        model.save("/")
    with pytest.raises(ModelFileError, match="is a folder, not a model file"):
        DeepNeuralNetwork.load(tmp_path)
