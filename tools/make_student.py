"""Write learner copies of the notebooks: solutions stripped, outputs cleared.

    python tools/make_student.py [output folder]      (make student; default: student/)

Uses nbgrader's ClearSolutions preprocessor through nbconvert: the code
between "### BEGIN SOLUTION" and "### END SOLUTION" in every exercise cell
becomes "# YOUR CODE HERE / raise NotImplementedError()", so each check cell
fails until the learner has written the function.
"""

import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import ClearOutputPreprocessor
from nbgrader.preprocessors import ClearSolutions
from notebook_tools import ROOT, clean_metadata, notebook_paths, read, write


def make_student_copies(out_dir, paths=None):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = NotebookExporter()
    exporter.register_preprocessor(ClearSolutions(enforce_metadata=True), enabled=True)
    exporter.register_preprocessor(ClearOutputPreprocessor(), enabled=True)
    written = []
    for path in paths or notebook_paths():
        text, _ = exporter.from_notebook_node(read(path), resources={})
        nb = nbformat.reads(text, as_version=4)
        target = out_dir / Path(path).name
        write(clean_metadata(nb), target)
        written.append(target)
    return written


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else ROOT / "student"
    for target in make_student_copies(out):
        print(target)
