"""The playground's data: the generated data sets of its menu and the learner's own CSV file.

``generate`` makes a data set by name with the plotting shift and scale; ``read_csv`` checks an
uploaded file and says in a sentence what is wrong with one the playground cannot use (too big,
too few rows, a constant target, values too large to standardize). A file may be at most
``MAX_UPLOAD_MB`` MB, and a longer one trains on a random sample of ``MAX_ROWS`` rows, so that
a frame stays short. ``PlaygroundSession`` (``playground_session``) splits what these return.
"""

from types import SimpleNamespace

import numpy as np

from .. import datasets
from ..datasets.csv_upload import MIN_ROWS

GENERATED = {  # menu label -> name
    "moons": "moons",
    "circles": "circles",
    "spirals": "spirals",
    "XOR": "xor",
    "Gaussian blobs (3 classes)": "blobs",
    "sine (regression)": "sine",
}
MAX_UPLOAD_MB = 1  # larger files are refused: reading 1 MB takes the kernel about a second
MAX_ROWS = 1500  # longer files train on a random sample: an epoch at batch size 1 stays < 1 s


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


def read_csv(source, name="your file", seed=0):
    """A learner's CSV file (``datasets.from_csv``) as a namespace with X, Y, name, task and
    note (what the learner should know, or ""); raises ValueError, saying what is wrong, for a
    file that the playground cannot use."""
    size = len(source) if isinstance(source, (bytes, bytearray, memoryview)) else None
    if size is not None and size > MAX_UPLOAD_MB * 1e6:
        raise ValueError(
            f"the file has {size / 1e6:.1f} MB; the playground takes files of up to "
            f"{MAX_UPLOAD_MB} MB"
        )
    X, Y = datasets.from_csv(text=source, name=name)
    if X.shape[1] < 2 * MIN_ROWS:
        raise ValueError(
            f"the CSV file has {X.shape[1]} data rows; the playground needs at "
            f"least {2 * MIN_ROWS} to split off a test set"
        )
    if np.ptp(Y) == 0:
        raise ValueError(
            f"the target (last) column holds {Y[0, 0]:g} in every row: there is nothing to "
            "learn (a target needs at least two different values)"
        )
    for what, values in (("feature", X), ("target", Y)):
        with np.errstate(all="ignore"):
            spread = values.std(axis=1)
        if not np.isfinite(spread).all():
            raise ValueError(
                f"a {what} column holds values too large to standardize (up to "
                f"{np.abs(values).max():.3g}); rescale it"
            )
    notes, sampled_from = [], None
    if X.shape[1] > MAX_ROWS:
        sampled_from = X.shape[1]
        rows = np.sort(np.random.default_rng(seed).choice(X.shape[1], MAX_ROWS, replace=False))
        notes.append(f"trained on a random sample of {MAX_ROWS} of its {X.shape[1]} rows")
        X, Y = X[:, rows], Y[:, rows]
    task = datasets.task_of(Y)
    whole = np.unique(Y) if np.all(Y == np.round(Y)) else ()
    if task == "regression" and 2 < len(whole) <= 20:
        notes.append(
            f"its target holds {len(whole)} different whole numbers; the playground classifies "
            "only 0/1 targets (2 classes), so it fits this one as a number (regression)"
        )
    return SimpleNamespace(
        X=X, Y=Y, name=name, task=task, note="; ".join(notes), sampled_from=sampled_from
    )
