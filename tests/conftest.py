"""Shared test set-up: the notebook tools in tools/ are importable from the tests."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
