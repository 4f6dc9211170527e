"""The committed notebooks are fresh, complete chapters.

nbval (``make test``) re-runs every notebook and compares the cells marked
``# NBVAL_CHECK_OUTPUT``; these tests check what nbval does not: that the
stored outputs come from one clean top-to-bottom run, and that every chapter
has the parts a chapter must have.
"""

import re

import pytest
from notebook_tools import CHECK_TAG, SHOWS_CODE, notebook_paths, read, solution_cells

import dnn_core

NOTEBOOKS = notebook_paths()
# the start page, the playground and the appendix (the source document's errors) are not chapters
CHAPTERS = [p for p in NOTEBOOKS if p.name[:2] not in ("00", "10") and "appendix" not in p.name]
FOLDED_CODE = "reference_listing("  # show_source folded away, after an exercise's check
CORE_NAMES = [
    name for name in dir(dnn_core) if callable(getattr(dnn_core, name)) and not name.startswith("_")
]


def ids(paths):
    return [p.stem for p in paths]


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_executed_top_to_bottom_without_errors(path):
    nb = read(path)
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: re-run it with `make notebooks`"
    )
    for cell in code_cells(nb):
        assert cell.source.strip(), f"{path.name}: empty code cell"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{path.name}: error output in cell {cell.execution_count}"
        streams = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr")
        assert "Warning" not in streams, f"{path.name}: a warning in cell {cell.execution_count}"
    assert nb.metadata.kernelspec.name == "python3"
    assert "widgets" not in nb.metadata, "widget state must not be stored"
    for cell in code_cells(nb):
        streams = [(o.output_type, o.get("name")) for o in cell.outputs]
        assert all(a != b or a[0] != "stream" for a, b in zip(streams, streams[1:])), (
            f"{path.name}: split stream outputs in cell {cell.execution_count}; re-run `make notebooks`"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_code_listings_are_checked_for_staleness(path):
    """Cells that show dnn_core's source carry nbval's check tag (added by make notebooks),
    so a listing that no longer matches the package fails the notebook tests."""
    for cell in code_cells(read(path)):
        if SHOWS_CODE in cell.source or FOLDED_CODE in cell.source:
            assert CHECK_TAG in cell.metadata.get("tags", []), (
                f"{path.name}: re-run `make notebooks`"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_cells_stay_short(path):
    for cell in code_cells(read(path)):
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert len(lines) <= 20, f"{path.name}: a {len(lines)}-line cell; move code into dnn_core"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_does_not_reimplement_dnn_core(path):
    """Outside exercise cells, a notebook never re-defines a dnn_core function."""
    nb = read(path)
    exercises = {id(c) for c in solution_cells(nb)}
    for cell in code_cells(nb):
        if id(cell) in exercises:
            continue
        for name in re.findall(r"^\s*def\s+(\w+)", cell.source, flags=re.M):
            assert name not in CORE_NAMES, f"{path.name} re-implements dnn_core.{name}"


@pytest.mark.parametrize("path", CHAPTERS, ids=ids(CHAPTERS))
def test_chapter_has_every_part(path):
    nb = read(path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    sources = "\n".join(c.source for c in code_cells(nb))
    assert re.search(r"learning objectives", nb.cells[0].source, re.I), "objectives at the top"
    assert re.search(r"summary", text, re.I), "a summary"
    assert SHOWS_CODE in sources or FOLDED_CODE in sources, "dnn_core code shown with show_source"
    assert "$" in text, "derivations in LaTeX"
    images = [o for c in code_cells(nb) for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, "at least one figure"
    exercises = solution_cells(nb)
    assert len(exercises) >= 2, "at least two exercises"
    for cell in exercises:
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source


@pytest.mark.parametrize("path", NOTEBOOKS[:-1], ids=ids(NOTEBOOKS[:-1]))
def test_links_to_the_next_chapter(path):
    nb = read(path)
    following = NOTEBOOKS[NOTEBOOKS.index(path) + 1].name
    last_markdown = [c.source for c in nb.cells if c.cell_type == "markdown"][-1]
    assert following in last_markdown, f"{path.name} should end with a link to {following}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_check_cell_passed(path):
    """In the solution notebooks each exercise's check printed its pass line."""
    nb = read(path)
    cells = nb.cells
    for cell in solution_cells(nb):
        later = cells[cells.index(cell) + 1 :]
        check = next((c for c in later if c.cell_type == "code" and "check_" in c.source), None)
        assert check is not None, f"{path.name}: an exercise without a check cell after it"
        printed = "".join(o.get("text", "") for o in check.outputs)
        assert "✔" in printed, f"{path.name}: the check after an exercise did not pass"
