"""Drop the slide type "-" from every chapter, leaving such cells with no slideshow metadata.

In nbconvert's reveal.js decks (``make slides``) a cell without a slide type and a cell of type
"-" mean the same: continue the current slide. The live presenter in JupyterLab
(jupyterlab-slideshow, see the README's lecture section) shows a cell without a slide type on
the current slide too, but hides every cell of type "-" -- the continuation cells, among them
the explorers. So the chapters carry no "-": this tool removes it, and removes a ``slideshow``
entry left empty. It changes nothing else, so running it again changes nothing.

    python tools/normalize_slide_metadata.py            # every notebook in notebooks/
    python tools/normalize_slide_metadata.py --check    # exit 1 if a notebook still has "-"
"""

import argparse
import sys
from pathlib import Path

from notebook_tools import notebook_paths, read, write

CONTINUE = "-"


def normalize(nb):
    """Remove slide_type "-" (and an emptied ``slideshow`` dict) in place; return how many."""
    changed = 0
    for cell in nb.cells:
        slideshow = cell.metadata.get("slideshow")
        if slideshow is None:
            continue
        if slideshow.get("slide_type") == CONTINUE:
            del slideshow["slide_type"]
            changed += 1
        if not slideshow:
            del cell.metadata["slideshow"]
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter")
    parser.add_argument("--check", action="store_true", help="report, do not write")
    args = parser.parse_args(argv)
    paths = args.notebooks or notebook_paths()
    left = 0
    for path in paths:
        nb = read(path)
        changed = normalize(nb)
        if changed and not args.check:
            write(nb, path)
        left += changed
        verb = "has" if args.check else "fixed"
        print(f"{path.name}: {verb} {changed} cell(s) of slide type '-'")
    return 1 if args.check and left else 0


if __name__ == "__main__":
    sys.exit(main())
