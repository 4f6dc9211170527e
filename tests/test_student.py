"""`make student` writes valid learner copies (nbgrader's release copies, see
tests/test_assignments.py) whose exercise checks fail until done.

(That the solution copies pass is checked by nbval over notebooks/ and by
tests/test_notebooks.py::test_every_check_cell_passed.)
"""

import nbformat
import pytest
from make_student import make_student_copies
from notebook_tools import NOTEBOOKS, execute, notebook_paths, read, solution_cells

WITH_EXERCISES = [p for p in notebook_paths() if solution_cells(read(p))]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    return make_student_copies(out)


@pytest.fixture(scope="module")
def student_dir(written):
    return written[0].parent


def test_every_notebook_converts(written):
    """make student runs over every notebook, exercises or not."""
    assert [p.name for p in written] == [p.name for p in notebook_paths()]
    assert all(p.is_file() for p in written)


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=[p.stem for p in WITH_EXERCISES])
def test_learner_copy_is_valid_and_stripped(path, student_dir):
    copy = read(student_dir / path.name)
    nbformat.validate(copy)
    exercises = solution_cells(copy)
    assert len(exercises) == len(solution_cells(read(path)))
    for cell in exercises:
        assert "BEGIN SOLUTION" not in cell.source
        assert "raise NotImplementedError()" in cell.source
        assert cell.metadata.get("deletable") is False, "nbgrader keeps exercise cells in place"
    assert all(not c.get("outputs") for c in copy.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=[p.stem for p in WITH_EXERCISES])
def test_learner_checks_fail_until_done(path, student_dir):
    copy = read(student_dir / path.name)
    execute(copy, cwd=NOTEBOOKS, allow_errors=True)
    cells = copy.cells
    for cell in solution_cells(copy):
        later = cells[cells.index(cell) + 1 :]
        check = next(c for c in later if c.cell_type == "code" and "check_" in c.source)
        errors = [o for o in check.outputs if o.output_type == "error"]
        assert errors and errors[0].ename == "ExerciseFailed", (
            f"{path.name}: the check after an unsolved exercise should fail with ExerciseFailed"
        )
        assert "not done yet" in errors[0].evalue
