"""Data sets in the (n_features, m) layout: generated with a seed, or shipped in the repo.

    toy             moons, circles, spirals, xor, blobs; the document's attenuated_sine
    uci_digits      digits(): the UCI 8x8 handwritten digits, shipped in dnn_core/data/
    preprocessing   one_hot, train_test_split, standardize, task_of
    csv_upload      from_csv: a learner's own numeric CSV file, with clear errors

Every generator is deterministic for a given seed, so notebooks give the same output every run.
numpy only: importing this package never imports a plotting library.
"""

from .csv_upload import from_csv
from .preprocessing import one_hot, standardize, task_of, train_test_split
from .toy import attenuated_sine, blobs, circles, moons, spirals, xor
from .uci_digits import digits

__all__ = [
    "attenuated_sine",
    "blobs",
    "circles",
    "digits",
    "from_csv",
    "moons",
    "one_hot",
    "spirals",
    "standardize",
    "task_of",
    "train_test_split",
    "xor",
]
