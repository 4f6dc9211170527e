"""The repository keeps its promise: CI runs exactly the test command the README gives
(the README's own commands and make targets are checked in test_readme.py)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_exactly_the_readme_test_command():
    commands = [
        line.strip()
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert "make test" in commands
    others = [
        c
        for c in commands
        if c not in ("make test",)
        and not c.startswith(("set ", "cd "))
        and "apt-get" not in c
        and "command -v make" not in c
    ]
    assert not others, f".ci/run does more than the README says: {others}"
