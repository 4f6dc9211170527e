"""The one real data set shipped with the project: the UCI 8x8 handwritten digits.

1797 images of the digits 0..9, each 8x8 pixels counting 0..16 "on" bits of a 32x32 scan:
big enough for a network to learn something real (about 97% test accuracy for a small MLP),
small enough (45 kB in dnn_core/data/digits.npz) to ship and train in seconds. Source and
licence (CC BY 4.0, E. Alpaydin and C. Kaynak, UCI) are in dnn_core/data/README.md.
"""

from importlib import resources

import numpy as np

N_EXAMPLES, N_PIXELS = 1797, 64


def digits(scale=True):
    """The digits as (X, labels): X has shape (64, 1797), one column per image, float64;
    labels has shape (1797,), integers 0..9.

    Pixel 8 r + c of a column is row r, column c of the image (``X[:, i].reshape(8, 8)``).
    With ``scale`` the counts 0..16 are divided by 16, so X lies in [0, 1]. For a network,
    use ``one_hot(labels)`` as Y.
    """
    if not isinstance(scale, (bool, np.bool_)):
        raise TypeError(f"scale must be True or False, got {scale!r}")
    path = resources.files("dnn_core").joinpath("data", "digits.npz")
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        images, labels = data["images"], data["labels"]
    if images.shape != (N_EXAMPLES, N_PIXELS) or labels.shape != (N_EXAMPLES,):
        raise ValueError(f"{path} is damaged: images {images.shape}, labels {labels.shape}")
    X = images.T.astype(np.float64)
    return (X / 16.0 if scale else X), labels.astype(np.int64)
