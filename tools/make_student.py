"""Write learner copies of the notebooks: solutions stripped, outputs cleared.

    python tools/make_student.py [output folder]      (make student; default: student/)

The copies are nbgrader's release copies (``nbgrader generate_assignment``, through
make_assignments.py, in a temporary course folder), flattened into one folder: the code between
"### BEGIN SOLUTION" and "### END SOLUTION" in every exercise cell becomes
"# YOUR CODE HERE / raise NotImplementedError()", so each check cell fails until the learner has
written the function, and the check cells are read-only. For grading, use ``make assignments``.
"""

import shutil
import sys
import tempfile
from pathlib import Path

from make_assignments import make_course
from notebook_tools import ROOT, notebook_paths


def make_student_copies(out_dir, paths=None):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = paths or notebook_paths()
    written = []
    with tempfile.TemporaryDirectory() as course:
        make_course(course, paths)
        for path in paths:
            target = out_dir / Path(path).name
            shutil.copy(Path(course) / "release" / Path(path).stem / Path(path).name, target)
            written.append(target)
    return written


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else ROOT / "student"
    for target in make_student_copies(out):
        print(target)
