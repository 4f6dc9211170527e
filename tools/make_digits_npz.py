"""Make dnn_core/data/digits.npz from the copy of the UCI digits inside a scikit-learn wheel.

Provenance, not part of the package or the tests: this is the script that produced the shipped
file, kept so that anyone can check or redo it. The data set is "Optical Recognition of
Handwritten Digits" (E. Alpaydin and C. Kaynak, 1998, UCI Machine Learning Repository,
https://doi.org/10.24432/C50P49, CC BY 4.0). scikit-learn ships its 1797-example test part as
sklearn/datasets/data/digits.csv.gz: one row per image, 64 pixel counts 0..16, then the label.

    python -m pip download --no-deps scikit-learn -d /tmp/skl
    python tools/make_digits_npz.py /tmp/skl/scikit_learn-*.whl

Reads the wheel (a zip file) with the standard library; needs only numpy.
"""

import csv
import gzip
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

MEMBER = "sklearn/datasets/data/digits.csv.gz"
OUT = Path(__file__).resolve().parent.parent / "dnn_core" / "data" / "digits.npz"


def read_digits(wheel):
    """(images uint8 (1797, 64), labels uint8 (1797,), sha256 of the .csv.gz) from the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        packed = archive.read(MEMBER)
    rows = list(csv.reader(io.StringIO(gzip.decompress(packed).decode("ascii"))))
    table = np.array([[float(cell) for cell in row] for row in rows])
    if table.shape != (1797, 65) or (table != np.round(table)).any():
        raise SystemExit(f"unexpected table of shape {table.shape} in {MEMBER}")
    images, labels = table[:, :64], table[:, 64]
    if images.min() < 0 or images.max() > 16 or labels.min() < 0 or labels.max() > 9:
        raise SystemExit("pixel values must be 0..16 and labels 0..9")
    return images.astype(np.uint8), labels.astype(np.uint8), hashlib.sha256(packed).hexdigest()


def main(argv):
    if len(argv) != 2:
        raise SystemExit(f"usage: {argv[0]} path/to/scikit_learn-*.whl")
    images, labels, digest = read_digits(argv[1])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, images=images, labels=labels)
    print(f"{Path(argv[1]).name}: {MEMBER} sha256 {digest}")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): images {images.shape}, labels {labels.shape}")


if __name__ == "__main__":
    main(sys.argv)
