"""Saving a trained DeepNeuralNetwork to one ``.npz`` file, and loading it back.

The file holds plain arrays only -- the architecture (layer widths and the
names of the activations, loss and initialization), the dtype, the seed, the
cost history and W1, b1, ..., WL, bL -- so it is read with
``allow_pickle=False``: opening a model file from someone else cannot run code.
"""

from pathlib import Path

import numpy as np

from .activations import ACTIVATIONS
from .losses import LOSSES


def save_model(model, path):
    """Write ``model`` to ``path`` (".npz" is added if missing). Returns the path."""
    named = all(ACTIVATIONS.get(a.name) == a for a in (model.hidden, model.output))
    if not named or LOSSES.get(model.loss.name) != model.loss:
        raise ValueError("only models built from named activations and losses can be saved")
    path = _npz(path)
    np.savez(
        path,
        layer_dims=np.array(model.layer_dims),
        hidden=model.hidden.name,
        output=model.output.name,
        loss=model.loss.name,
        init=model.init,
        dtype=model.dtype.name,
        seed=np.array([] if model.seed is None else [model.seed]),
        costs=np.array(model.costs),
        **model.parameters,
    )
    return path


def load_model(path, cls):
    """The model of class ``cls`` that ``save_model`` wrote to ``path``."""
    with np.load(_npz(path), allow_pickle=False) as saved:
        seed = [int(s) for s in saved["seed"]]
        model = cls(
            [int(n) for n in saved["layer_dims"]],
            str(saved["hidden"]),
            str(saved["output"]),
            str(saved["loss"]),
            seed=seed[0] if seed else None,
            init=str(saved["init"]),
            dtype=str(saved["dtype"]),
        )
        for key in model.parameters:
            model.parameters[key] = saved[key]
        model.costs = [float(c) for c in saved["costs"]]
    return model


def _npz(path):
    """``path`` with the ".npz" suffix that np.savez would add anyway."""
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")
