"""Shared helpers for the notebook tools and tests: which notebooks there are,
how to execute one reproducibly, and how to strip its volatile metadata."""

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors.coalescestreams import CoalesceStreamsPreprocessor

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def notebook_paths(folder=NOTEBOOKS):
    """Every notebook of the course, in reading order (00_..., 01_..., ...)."""
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def solution_cells(nb):
    """The exercise cells (nbgrader solution cells) of a notebook."""
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]


SHOWS_CODE = "show_source("
FOLDS_CODE = "reference_listing("  # show_source folded away, after an exercise's check
CHECK_TAG = "nbval-check-output"  # nbval compares this cell's stored output with a fresh run


def clean_metadata(nb):
    """Keep only stable metadata (the python3 kernelspec, no widget state, no timings), and
    tag every cell that shows dnn_core's code so nbval fails when the listing goes stale."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        tags = cell.metadata.get("tags", [])
        shows = SHOWS_CODE in cell.source or FOLDS_CODE in cell.source
        if cell.cell_type == "code" and shows and CHECK_TAG not in tags:
            cell.metadata["tags"] = tags + [CHECK_TAG]
    return nb


def coalesce_streams(nb):
    """Merge consecutive outputs of the same stream (one block of text, not several, on GitHub)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            CoalesceStreamsPreprocessor().preprocess_cell(cell, {}, 0)
    return nb


def execute(nb, cwd=NOTEBOOKS, timeout=600, allow_errors=False):
    """Run a notebook top to bottom in a fresh python3 kernel; returns seconds taken."""
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def read(path):
    return nbformat.read(str(path), as_version=4)


def write(nb, path):
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
