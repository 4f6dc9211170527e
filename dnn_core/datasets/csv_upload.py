"""Reading a user's own CSV file into (X, Y), for the playground's "upload your own data".

A file from outside can be wrong in many ways, and a learner should hear which one, where,
in words: an empty file, a single column, a word where a number belongs (with its row, column
and text), rows of different lengths, missing or infinite values, too few rows. So this reader
is strict and checks each of these itself (the csv module splits the lines; numpy stores the
numbers). Only numeric columns are supported; an optional header row is allowed.
"""

import csv
import io
import math
import os

import numpy as np

MISSING = {"", "na", "n/a", "nan", "null", "none", "?", "-"}
MIN_ROWS = 4


def _text_of(source):
    """The CSV text from a path, a str of CSV text, or bytes (decoded as UTF-8)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        try:
            return bytes(source).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValueError(
                f"source is not UTF-8 text ({error.reason} at byte {error.start})"
            ) from None
    if isinstance(source, (str, os.PathLike)) and os.path.isfile(source):
        with open(source, "rb") as handle:
            return _text_of(handle.read())
    if isinstance(source, str) and ("\n" in source or "," in source or not source.strip()):
        return source  # CSV text
    if isinstance(source, (str, os.PathLike)):
        raise FileNotFoundError(
            f"source: no such file {os.fspath(source)!r} (pass a path, CSV text or bytes)"
        )
    raise TypeError(
        f"source must be a path, a str of CSV text or bytes, got {type(source).__name__}"
    )


def _number(cell):
    """The cell as a float, or None when it is not a number."""
    if "_" in cell:  # float() would accept "1_000"; a CSV file should not
        return None
    try:
        return float(cell)
    except ValueError:
        return None


def _rows(text):
    """Non-blank rows as (line number, cells), split on commas (or ';' / tab if no comma)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "," if "," in first else ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [
        (reader.line_num, [cell.strip() for cell in row])
        for row in reader
        if any(cell.strip() for cell in row)
    ]


def _target_column(target, header, n_columns):
    if target == "last":
        return n_columns - 1
    if isinstance(target, str):
        if header is None or target not in header:
            found = f"the header has {header}" if header else "the file has no header row"
            raise ValueError(f"target={target!r} is not a column name; {found}")
        return header.index(target)
    if isinstance(target, bool) or not isinstance(target, int):
        raise TypeError(f"target must be 'last', a column name or a column index, got {target!r}")
    if not -n_columns <= target < n_columns:
        raise ValueError(f"target={target} is out of range for {n_columns} columns")
    return target % n_columns


def from_csv(source, target="last"):
    """Read numeric CSV data: each row one example, each column one feature, one column the target.

    ``source`` is a file path, a str of CSV text or bytes. The first row is a header when none
    of its cells is a number; blank lines are skipped. ``target`` is "last", a column index or
    a header name. Returns X with shape (n_features, m) and Y with shape (1, m), both float64.
    Error messages count rows as lines of the file and columns from 1, as a spreadsheet does.
    """
    rows = _rows(_text_of(source))
    if not rows:
        raise ValueError("the CSV file is empty (no rows with values)")
    header = None
    if all(_number(cell) is None for cell in rows[0][1]):
        header, rows = rows[0][1], rows[1:]
    n_columns = len(header) if header is not None else len(rows[0][1])
    if n_columns < 2:
        raise ValueError(
            f"the CSV file has {n_columns} column; it needs at least 2 "
            "(one or more features, then the target); is it separated by commas?"
        )
    values = np.empty((len(rows), n_columns))
    for i, (line, cells) in enumerate(rows):
        if len(cells) != n_columns:
            raise ValueError(
                f"row {line} has {len(cells)} values but the file has {n_columns} "
                "columns; every row needs the same number"
            )
        for j, cell in enumerate(cells):
            name = f" ({header[j]!r})" if header is not None and header[j] else ""
            where = f"row {line}, column {j + 1}{name}"
            if cell.lower() in MISSING:
                raise ValueError(f"missing value at {where}: {cell!r}; fill in or remove the row")
            number = _number(cell)
            if number is None:
                hint = " (if row 1 is a header, none of its cells may be a number)"
                hint = hint if line == 1 else ""
                raise ValueError(
                    f"non-numeric value at {where}: {cell!r}; only numbers are supported{hint}"
                )
            if not math.isfinite(number):
                raise ValueError(f"infinite value at {where}: {cell!r}")
            values[i, j] = number
    if len(rows) < MIN_ROWS:
        raise ValueError(f"the CSV file has {len(rows)} data rows; it needs at least {MIN_ROWS}")
    column = _target_column(target, header, n_columns)
    X = np.delete(values, column, axis=1).T.copy()
    return X, values[:, column].reshape(1, -1).copy()
