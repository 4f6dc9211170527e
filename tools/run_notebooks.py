"""Re-execute the notebooks in place, in reading order, so their stored outputs are fresh.

python tools/run_notebooks.py                 # all of them (make notebooks)
python tools/run_notebooks.py notebooks/03_*.ipynb
"""

import sys
from pathlib import Path

from notebook_tools import clean_metadata, coalesce_streams, execute, notebook_paths, read, write


def main(paths):
    total = 0.0
    for path in paths or notebook_paths():
        nb = read(path)
        seconds = execute(nb, cwd=Path(path).resolve().parent)
        write(coalesce_streams(clean_metadata(nb)), path)
        total += seconds
        print(f"{Path(path).name:40s} {seconds:6.1f} s", flush=True)
    print(f"{'all':40s} {total:6.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
