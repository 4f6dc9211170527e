"""Turn the notebooks into an nbgrader course: one assignment per chapter, learner copies made
by ``nbgrader generate_assignment``.

    python tools/make_assignments.py [course folder]      (make assignments; default: course/)

The nbgrader metadata is derived from the notebooks each time, so a new exercise needs nothing
but the usual two cells:

- a solution cell: a code cell holding ``### BEGIN SOLUTION`` ... ``### END SOLUTION``;
- its autograded test cell: the first code cell after it that calls a ``check_`` function
  (``ch01.check_linear_forward(linear_forward)``), worth ``POINTS`` points, read-only.

The solution cell keeps the grade id it carries (``ch01-linear-forward``) or gets one from the
notebook and the function it defines; its test cell's id is that id plus ``-check``. Every
other cell is left as it is, so the source copies behave exactly like the notebooks.

The course folder is laid out the way nbgrader expects::

    course/nbgrader_config.py        course id; the exchange folder when NBGRADER_EXCHANGE is set
    course/source/<chapter>/<chapter>.ipynb     the notebooks with their nbgrader metadata
    course/release/<chapter>/<chapter>.ipynb    learner copies: solutions stripped, outputs cleared
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from notebook_tools import ROOT, notebook_paths, read, write

COURSE_ID = "dnn-from-scratch"
POINTS = 1
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
NBGRADER = Path(sys.executable).with_name("nbgrader")
CONFIG = """\
# nbgrader's settings for this course (written by tools/make_assignments.py).
import os

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# On a shared JupyterHub, point every user's nbgrader at the same exchange folder, e.g.
#   NBGRADER_EXCHANGE=/srv/nbgrader/exchange
if os.environ.get("NBGRADER_EXCHANGE"):
    c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
# a chapter runs in well under a minute; a learner's endless loop must not stall the grading
c.ExecutePreprocessor.timeout = 120
"""


def is_solution(cell):
    return cell.cell_type == "code" and BEGIN in cell.source and END in cell.source


def is_check(cell):
    return cell.cell_type == "code" and re.search(r"\bcheck_\w+\(", cell.source) is not None


def exercises(nb):
    """[(solution cell, its check cell or None)] in notebook order."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if is_solution(cell):
            following = next((c for c in nb.cells[i + 1 :] if c.cell_type == "code"), None)
            pairs.append(
                (
                    cell,
                    following if following is not None and is_check(following) else None,
                )
            )
    return pairs


def grade_id(cell, chapter):
    """The id nbgrader files the exercise under: the one the cell carries, else one made from
    the chapter number and the name of the function the cell defines."""
    given = cell.metadata.get("nbgrader", {}).get("grade_id")
    if given:
        return given
    name = re.search(r"def (\w+)", cell.source)
    return f"ch{chapter[:2]}-" + (name.group(1) if name else cell.id).replace("_", "-")


def add_grading_metadata(nb, chapter):
    """Mark every exercise's solution and test cell for nbgrader; returns the number of points.
    Raises ValueError for an exercise without a check cell or for two exercises with one id."""
    seen, points = set(), 0
    for solution, check in exercises(nb):
        gid = grade_id(solution, chapter)
        if check is None:
            raise ValueError(f"{chapter}: the exercise {gid} has no check_ cell right after it")
        if gid in seen:
            raise ValueError(f"{chapter}: two exercises have the grade id {gid}")
        seen.add(gid)
        solution.metadata["nbgrader"] = {
            "grade": False,
            "grade_id": gid,
            "locked": False,
            "schema_version": 3,
            "solution": True,
            "task": False,
        }
        check.metadata["nbgrader"] = {
            "grade": True,
            "grade_id": f"{gid}-check",
            "locked": True,
            "points": POINTS,
            "schema_version": 3,
            "solution": False,
            "task": False,
        }
        points += POINTS
    return points


def write_source(course, paths=None):
    """course/source/<chapter>/<chapter>.ipynb for every notebook; returns {chapter: points}."""
    course = Path(course)
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG.format(course_id=COURSE_ID))
    total = {}
    for path in paths or notebook_paths():
        nb = read(path)
        chapter = Path(path).stem
        total[chapter] = add_grading_metadata(nb, chapter)
        folder = course / "source" / chapter
        folder.mkdir(parents=True, exist_ok=True)
        write(nb, folder / Path(path).name)
    return total


def nbgrader(course, *args):
    """Run an nbgrader command in the course folder; its output on failure."""
    # nbgrader runs alembic (its database migrations) from PATH: the environment's own bin
    env = dict(os.environ, PATH=f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run(
        [str(NBGRADER), *args],
        check=False,
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def make_course(course, paths=None):
    """The course folder with source and release copies of every chapter; {chapter: points}."""
    course = Path(course)
    for generated in ("source", "release", "gradebook.db"):
        target = course / generated
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    total = write_source(course, paths)
    nbgrader(course, "generate_assignment", "*", "--force")  # every assignment in source/
    return total


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "course").resolve()
    for chapter, points in make_course(out).items():
        print(f"{out / 'release' / chapter}  ({points} points)")
