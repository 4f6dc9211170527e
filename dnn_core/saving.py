"""Saving a trained DeepNeuralNetwork to one ``.npz`` file, and loading it back.

The file holds plain arrays only -- the architecture (layer widths and the names of the
activations, loss and initialization), the dtype, the seed, the regularization (l2, dropout), the
training and validation cost histories and the early-stopping epoch, the random generator's
state, whether training diverged, the optimizer's settings and memory, and W1, b1,
..., WL, bL -- so it is read with ``allow_pickle=False``: opening a model file from someone else
cannot run code. Save, load and train again gives the same numbers as training on without
stopping.

Loading trusts nothing it reads: a file from another program, a damaged file, a missing key,
weights of the wrong shape or dtype, NaN weights or unknown names raise ``ModelFileError`` (a
ValueError) naming the file and the key. Saving writes a temporary file first and then renames
it, so a save that fails never destroys an earlier file of that name.
"""

import json
import os
import zipfile
from pathlib import Path

import numpy as np

from .activations import ACTIVATIONS
from .losses import LOSSES
from .optimizers import optimizer_from_settings
from .parameters import INIT_SCALES

NAMES = {"hidden": ACTIVATIONS, "output": ACTIVATIONS, "loss": LOSSES, "init": INIT_SCALES}


class ModelFileError(ValueError):
    """A file that ``DeepNeuralNetwork.load`` cannot use; the message names the file and why."""


def save_model(model, path):
    """Write ``model`` to ``path`` (".npz" is added if missing). Returns the path."""
    named = all(ACTIVATIONS.get(a.name) == a for a in (model.hidden, model.output))
    if not named or LOSSES.get(model.loss.name) != model.loss:
        raise ValueError("only models built from named activations and losses can be saved")
    path = _npz(path)
    if path.is_dir():
        raise ValueError(f"cannot save to {str(path)!r}: it is a folder; give a file name")
    _folder_of(path)
    arrays = {
        "layer_dims": np.array(model.layer_dims, dtype=np.int64),
        **{key: np.str_(getattr(model, key).name) for key in ("hidden", "output", "loss")},
        "init": np.str_(model.init),
        "dtype": np.str_(model.dtype.name),
        "seed": np.str_("" if model.seed is None else str(model.seed)),  # any size of int
        "costs": np.array(model.costs, dtype=np.float64),
        "rng_state": np.str_(json.dumps(model.rng.bit_generator.state)),
        "diverged": np.bool_(model.diverged),
        "l2": np.float64(model.l2),
        "dropout": np.float64(model.dropout),
        "val_costs": np.array(model.val_costs, dtype=np.float64),
        "best_epoch": np.int64(0 if model.best_epoch is None else model.best_epoch),  # 0: none
        **model.parameters,
        **_optimizer_arrays(model),
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(temporary, "xb") as file:
            np.savez(file, **arrays)
        os.replace(temporary, path)
    except OSError as error:  # no permission, a full disk, ...
        raise OSError(
            f"cannot save the model to {str(path)!r}: {error.strerror or error}"
        ) from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


def load_model(path, cls):
    """The model of class ``cls`` that ``save_model`` wrote to ``path``."""
    if Path(_npz(path)).is_dir() or Path(path).is_dir():
        raise ModelFileError(f"{path} is a folder, not a model file")
    path = _npz(path)
    if not path.is_file():
        raise FileNotFoundError(f"no model file {str(path)!r}" + _folder_note(path))
    with _open(path) as saved:
        read = _Reader(saved, path)
        read.has(["layer_dims", *NAMES, "dtype", "seed", "costs"])
        settings = {key: read.name(key) for key in NAMES}
        model = read.model(cls, read.layer_dims(), settings, read.seed(), read.dtype())
        model.costs = read.costs()
        model.diverged = read.optional("diverged", "b", False)
        read.regularization(model)
        for key, theta in model.parameters.items():
            model.parameters[key] = read.parameter(key, theta, model.diverged)
        read.no_other_keys(model.parameters)
        read.rng_state(model.rng)
        read.optimizer(model)
    return model


def _optimizer_arrays(model):
    """The optimizer as arrays: "optimizer" = its name and settings as JSON text, and one
    "optimizer/<key>" per entry of its state (step count, velocities, averages, ...)."""
    if model.optimizer is None:
        return {}
    described = {"name": model.optimizer_name, "settings": model.optimizer.settings()}
    state = {
        f"optimizer/{key}": np.asarray(value) for key, value in model.optimizer.state().items()
    }
    return {"optimizer": np.str_(json.dumps(described)), **state}


class _Reader:
    """Reads one key of an open .npz file at a time, checking it; errors name file and key."""

    def __init__(self, saved, path):
        self.saved, self.path = saved, path

    def fail(self, key, problem):
        raise ModelFileError(f"{self.path}: '{key}' {problem}")

    def has(self, keys):
        missing = [key for key in keys if key not in self.saved.files]
        if missing:
            raise ModelFileError(
                f"{self.path} is not a model saved by DeepNeuralNetwork.save: it has no "
                f"{', '.join(map(repr, missing))} (it holds {', '.join(self.saved.files) or 'nothing'})"
            )

    def array(self, key, kinds, ndim):
        """The array ``key``, with a dtype kind in ``kinds`` and ``ndim`` dimensions."""
        self.has([key])
        try:
            value = self.saved[key]
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
            if "pickle" in str(error):  # an object array: it would need pickle, never used here
                self.fail(key, "holds Python objects, which are never loaded (that is unsafe)")
            self.fail(key, f"cannot be read: the file is damaged ({type(error).__name__})")
        if value.dtype.kind not in kinds or ndim not in (None, value.ndim):
            self.fail(key, f"has dtype {value.dtype} and shape {value.shape}, which is not valid")
        return value

    def name(self, key):
        value = str(self.array(key, "U", 0))
        if value not in NAMES[key]:
            self.fail(key, f"is {value!r}, not one of {', '.join(NAMES[key])}")
        return value

    def layer_dims(self):
        dims = self.array("layer_dims", "iu", 1)
        if len(dims) < 2 or (dims <= 0).any():
            self.fail("layer_dims", f"must be 2 or more positive widths, got {dims.tolist()}")
        return dims.tolist()

    def seed(self):
        seed = self.array("seed", "iufU", None)
        if seed.dtype.kind != "U":  # files of earlier versions: [] or [seed]
            if seed.shape not in ((0,), (1,)) or (seed.size and seed.dtype.kind == "f"):
                self.fail("seed", f"must be [] or [an integer], got {seed.tolist()}")
            return int(seed[0]) if seed.size else None
        text = str(seed)
        if seed.ndim or (text and not text.isdigit()):
            self.fail("seed", f"must be empty (no seed) or an integer >= 0, got {text!r}")
        return int(text) if text else None

    def dtype(self):
        value = str(self.array("dtype", "U", 0))
        if value not in ("float16", "float32", "float64", "longdouble", "float128"):
            self.fail("dtype", f"must name a float type such as 'float32', got {value!r}")
        return value

    def model(self, cls, dims, settings, seed, dtype):
        try:
            return cls(dims, settings["hidden"], settings["output"], settings["loss"],
                       seed=seed, init=settings["init"], dtype=dtype)  # fmt: skip
        except (ValueError, TypeError) as error:
            raise ModelFileError(f"{self.path}: {error}") from None

    def costs(self):
        costs = self.array("costs", "f", 1)
        if not np.isfinite(costs).all():
            self.fail("costs", "holds NaN or inf values")
        return costs.tolist()

    def optional(self, key, kinds, default):
        return self.array(key, kinds, 0).item() if key in self.saved.files else default

    def parameter(self, key, theta, diverged):
        value = self.array(key, "f", 2)
        if value.shape != theta.shape or value.dtype != theta.dtype:
            self.fail(key, f"has shape {value.shape} and dtype {value.dtype}; layer_dims and "
                           f"dtype need {theta.shape} and {theta.dtype}")  # fmt: skip
        if not diverged and not np.isfinite(value).all():
            self.fail(key, "holds NaN or inf values (the file says training did not diverge)")
        return value

    def no_other_keys(self, parameters):
        known = set(parameters) | set(NAMES) | {"layer_dims", "seed", "dtype", "costs"}
        known |= {"rng_state", "diverged", "optimizer", "l2", "dropout", "val_costs", "best_epoch"}
        unknown = sorted(set(self.saved.files) - known)
        unknown = [key for key in unknown if not key.startswith("optimizer/")]
        if unknown:
            raise ModelFileError(f"{self.path}: unexpected keys {unknown} for this layer_dims")

    def regularization(self, model):
        """l2, dropout, the validation costs and the best epoch (older files: none of them)."""
        for key in ("l2", "dropout"):
            try:
                setattr(model, key, self.optional(key, "f", 0.0))
            except ValueError as error:
                self.fail(key, f"is not valid: {error}")
        if "val_costs" in self.saved.files:
            val_costs = self.array("val_costs", "f", 1)
            if np.isinf(val_costs).any() or len(val_costs) > len(model.costs):
                self.fail("val_costs", "must hold finite costs (NaN: no validation), at most "
                                       "one per epoch of 'costs'")  # fmt: skip
            model.val_costs = val_costs.tolist()
        best = self.optional("best_epoch", "iu", 0)
        if not 0 <= best <= len(model.costs):
            self.fail(
                "best_epoch", f"must be 0 (none) or an epoch 1..{len(model.costs)}, got {best}"
            )
        model.best_epoch = best or None

    def rng_state(self, rng):
        """Continue the saved random stream (older files without one restart from the seed)."""
        if "rng_state" not in self.saved.files:
            return
        try:
            rng.bit_generator.state = json.loads(str(self.array("rng_state", "U", 0)))
        except (ValueError, TypeError, KeyError) as error:
            self.fail("rng_state", f"is not a state of numpy's PCG64 generator ({error})")

    def optimizer(self, model):
        """The optimizer the model trained with, its memory restored (older files: none)."""
        if "optimizer" not in self.saved.files:
            return
        prefix = "optimizer/"
        state = {key[len(prefix) :]: self.array(key, "iuf", None)
                 for key in self.saved.files if key.startswith(prefix)}  # fmt: skip
        try:
            described = json.loads(str(self.array("optimizer", "U", 0)))
            model.optimizer = optimizer_from_settings(described["settings"])
            model.optimizer.load_state(state)
            model.optimizer_name = described["name"]
        except (ValueError, TypeError, KeyError) as error:
            self.fail("optimizer", f"does not describe an optimizer and its state ({error})")


def _open(path):
    """np.load of a real .npz archive; anything else gets a clear ModelFileError."""
    with open(path, "rb") as file:
        start = file.read(6)
    if not start:
        raise ModelFileError(f"{path} is empty (0 bytes)")
    if start == b"\x93NUMPY":
        raise ModelFileError(f"{path} holds a single .npy array, not a saved model (.npz)")
    if not zipfile.is_zipfile(path):
        raise ModelFileError(f"{path} is not a .npz file (the zip archive that save writes)")
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise ModelFileError(f"{path} cannot be read as a .npz file: {error}") from None


def _npz(path):
    """``path`` with the ".npz" suffix that np.savez would add anyway."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name (str or Path), got {type(path).__name__}")
    if not os.fspath(path).strip():
        raise ValueError("path is empty; give a file name such as 'model.npz'")
    path = Path(path)
    if not path.name:
        raise ValueError(f"path {str(path)!r} names no file; give one such as 'model.npz'")
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def _folder_of(path):
    """Raise FileNotFoundError unless the folder that would hold ``path`` exists."""
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot save to {str(path)!r}" + _folder_note(path))


def _folder_note(path):
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            return f": {str(folder)!r} is a file, not a folder"
    return f": the folder {str(path.parent)!r} does not exist" if not path.parent.is_dir() else ""
