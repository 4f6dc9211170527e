"""`make assignments` builds a working nbgrader course: the teacher's whole round trip, in a
temporary course folder, on chapter 01 (three exercises, one point each).

Three learners hand in chapter 01: one the released copy untouched, one with the reference
solutions filled back in, one with a typical slip (the bias forgotten in linear_forward). One
``nbgrader autograde`` run grades all three; ``nbgrader generate_feedback`` writes their reports.
"""

import os
import re
import shutil

import pytest
from make_assignments import (
    BEGIN,
    END,
    NBGRADER,
    POINTS,
    add_grading_metadata,
    exercises,
    make_course,
    nbgrader,
)
from notebook_tools import NOTEBOOKS, notebook_paths, read, write

CHAPTER = "01_forward_pass"
SOURCE = NOTEBOOKS / f"{CHAPTER}.ipynb"
SLIP = ("Z = W @ A + b", "Z = W @ A")  # in linear_forward: the bias forgotten


def learner_code(solution_source):
    """The reference solution as a learner would hand it in: without nbgrader's markers."""
    return "\n".join(
        line for line in solution_source.splitlines() if line.strip() not in (BEGIN, END)
    )


def filled_in(release, source, slip=None):
    """The released copy with every exercise cell holding the source's solution (one of them
    with ``slip``'s replacement made)."""
    for (mine, _), (reference, _) in zip(exercises_of(release), exercises(source)):
        mine.source = learner_code(reference.source)
        if slip and slip[0] in mine.source:
            mine.source = mine.source.replace(*slip)
    return release


def exercises_of(nb):
    """The exercise cells of a released copy (their solutions are stubs, found by metadata)."""
    return [(c, None) for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course with chapter 01 released, handed in three times, autograded, fed back."""
    course = tmp_path_factory.mktemp("course")
    make_course(course, [SOURCE])
    release = course / "release" / CHAPTER / SOURCE.name
    source = read(SOURCE)
    handed_in = {
        "unsolved": read(release),
        "solved": filled_in(read(release), source),
        "slip": filled_in(read(release), source, SLIP),
    }
    for student, nb in handed_in.items():
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        write(nb, folder / SOURCE.name)
    log = nbgrader(course, "autograde", CHAPTER, "--create")
    nbgrader(course, "generate_feedback", CHAPTER)
    return course, log


def scores(course, student):
    """{grade id: points} of a learner's autograded exercises, from the course's gradebook."""
    from nbgrader.api import Gradebook

    path = os.environ.get("PATH", "")
    os.environ["PATH"] = f"{NBGRADER.parent}{os.pathsep}{path}"  # nbgrader runs alembic from PATH
    try:
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            submission = gb.find_submission_notebook(CHAPTER, CHAPTER, student)
            return {grade.name: grade.score for grade in submission.grades}
    finally:
        os.environ["PATH"] = path


def check_ids():
    return [check.metadata["nbgrader"]["grade_id"] for _, check in exercises(read_graded())]


def read_graded():
    nb = read(SOURCE)
    add_grading_metadata(nb, CHAPTER)
    return nb


def test_metadata_marks_every_exercise():
    """Each solution cell becomes an nbgrader solution cell, the check right after it a
    read-only autograded test cell with points, and the ids pair up."""
    for path in notebook_paths():
        nb = read(path)
        pairs = exercises(nb)
        assert add_grading_metadata(nb, path.stem) == POINTS * len(pairs)
        for solution, check in pairs:
            sol, test = solution.metadata["nbgrader"], check.metadata["nbgrader"]
            assert sol["solution"] and not sol["grade"]
            assert test["grade"] and test["locked"] and test["points"] == POINTS
            assert test["grade_id"] == sol["grade_id"] + "-check"
            assert re.search(r"check_\w+\(", check.source)


def test_a_new_exercise_is_picked_up(tmp_path):
    """An exercise added to a notebook, without any metadata, is graded too."""
    nb = read(SOURCE)
    before = add_grading_metadata(read(SOURCE), CHAPTER)
    from nbformat.v4 import new_code_cell

    nb.cells += [
        new_code_cell(f"def twice(x):\n    {BEGIN}\n    y = 2 * x\n    {END}\n    return y"),
        new_code_cell("check_twice(twice)"),
    ]
    assert add_grading_metadata(nb, CHAPTER) == before + POINTS
    assert nb.cells[-1].metadata["nbgrader"]["grade_id"] == "ch01-twice-check"


def test_an_exercise_without_check_is_refused():
    nb = read(SOURCE)
    _, check = exercises(nb)[0]
    nb.cells.remove(check)
    with pytest.raises(ValueError, match="no check_ cell"):
        add_grading_metadata(nb, CHAPTER)


def test_release_copy_is_made_by_nbgrader(course):
    course, _ = course
    release = read(course / "release" / CHAPTER / SOURCE.name)
    stubs = [c for c, _ in exercises_of(release)]
    assert len(stubs) == 3
    assert all("raise NotImplementedError()" in c.source and BEGIN not in c.source for c in stubs)
    locked = [c for c in release.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [c.metadata["nbgrader"]["grade_id"] for c in locked] == check_ids()
    assert all(c.metadata.get("editable") is False for c in locked)
    assert all(not c.get("outputs") for c in release.cells if c.cell_type == "code")


def test_unsolved_copy_scores_zero_and_runs_to_the_end(course):
    course, _ = course
    assert scores(course, "unsolved") == dict.fromkeys(check_ids(), 0)
    graded = read(course / "autograded" / "unsolved" / CHAPTER / SOURCE.name)
    code = [c for c in graded.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "every cell ran, after the failing checks too"
    errors = [o.ename for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == ["ExerciseFailed"] * 3, "only the three checks fail"


def test_reference_solutions_score_full_marks(course):
    course, _ = course
    assert scores(course, "solved") == dict.fromkeys(check_ids(), POINTS)


def test_a_slip_loses_exactly_its_exercise(course):
    course, _ = course
    expected = dict.fromkeys(check_ids(), POINTS)
    expected["ch01-linear-forward-check"] = 0
    assert scores(course, "slip") == expected


def test_feedback_reports_are_written(course):
    course, _ = course
    for student, score in (("unsolved", 0), ("solved", 3), ("slip", 2)):
        html = (course / "feedback" / student / CHAPTER / f"{CHAPTER}.html").read_text()
        assert re.search(rf"Score:\s*{score}(\.0)?\s*/\s*3(\.0)?", html), (
            f"{student}: score not shown"
        )
    slip = (course / "feedback" / "slip" / CHAPTER / f"{CHAPTER}.html").read_text()
    assert "ExerciseFailed" in slip, "the learner sees the checker's message"


def test_course_folder_can_be_rebuilt(course, tmp_path):
    """`make assignments` run twice: the second run replaces source and release cleanly."""
    copy = tmp_path / "again"
    shutil.copytree(course[0] / "source", copy / "source")
    assert make_course(copy, [SOURCE]) == {CHAPTER: 3 * POINTS}
    assert (copy / "release" / CHAPTER / SOURCE.name).is_file()
