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
import numbers
import os

import numpy as np

MISSING = {"", "na", "n/a", "nan", "null", "none", "?", "-"}
MIN_ROWS = 4


def _text_of(path, text):
    """(the CSV text, a name for messages) from exactly one of ``path`` and ``text``."""
    if (path is None) == (text is None):
        raise TypeError(
            "from_csv needs exactly one source: a file path (from_csv(path)) or the file's "
            "contents (from_csv(text=...))"
        )
    if isinstance(path, (bytes, bytearray, memoryview)):  # contents, as earlier versions read
        path, text = None, path
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a file path (str or Path), got {type(path).__name__}")
        name = os.fspath(path)
        if not os.path.isfile(name):
            hint = "; to read CSV text, pass text=..." if "\n" in name else ""
            problem = "is a folder, not a CSV file" if os.path.isdir(name) else "does not exist"
            raise FileNotFoundError(f"{name!r} {problem}{hint}")
        with open(name, "rb") as handle:
            return _decoded(handle.read(), repr(name)), repr(name)
    if isinstance(text, (bytes, bytearray, memoryview)):
        return _decoded(bytes(text), "the CSV text"), "the CSV text"
    if not isinstance(text, str):
        raise TypeError(f"text must be a str or bytes of CSV text, got {type(text).__name__}")
    return text.removeprefix("\ufeff"), "the CSV text"  # a byte-order mark is not data


def _decoded(raw, name):
    """UTF-8 bytes as text (a byte-order mark removed)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{name} is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8 CSV"
        ) from None


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
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)  # \r, \r\n, \n
    rows, line = [], 0
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, [cell.strip() for cell in row]))
            line = reader.line_num
    except csv.Error as error:  # e.g. an unterminated quote swallowing the rest of the file
        raise ValueError(
            f'row {line + 1} cannot be split into cells ({error}); is a quote (") left open?'
        ) from None
    return rows


def _target_column(target, header, n_columns):
    if target == "last":
        return n_columns - 1
    if isinstance(target, str):
        if header is None or target not in header:
            found = f"the header has {header}" if header else "the file has no header row"
            raise ValueError(f"target={target!r} is not a column name; {found}")
        return header.index(target)
    if isinstance(target, bool) or not isinstance(target, numbers.Integral):
        raise TypeError(f"target must be 'last', a column name or a column index, got {target!r}")
    if not -n_columns <= target < n_columns:
        raise ValueError(f"target={target} is out of range for {n_columns} columns")
    return target % n_columns


def from_csv(path=None, target="last", *, text=None, name=None):
    """Read numeric CSV data: each row one example, each column one feature, one column the target.

    Give either ``path``, a file's path, or ``text``, the CSV text itself (a str, or bytes
    decoded as UTF-8); bytes given as ``path`` are read as contents too, as before. The first row
    is a header when none of its cells is a number; blank lines are skipped; lines may end in
    LF, CRLF or CR alone. ``target`` is "last", a column index or a header name. Returns X with
    shape (n_features, m) and Y with shape (1, m), both float64. Error messages name the file,
    count rows as lines of the file and columns from 1, as a spreadsheet does; ``name`` (such
    as an uploaded file's name) replaces the path or "the CSV text" in them.
    """
    text, source = _text_of(path, text)
    name = source if name is None else str(name)
    try:
        return _parse(text, target)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None


def _parse(text, target):
    rows = _rows(text)
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
