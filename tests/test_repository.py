"""The repository keeps its promises: two commands set up everything, CI runs the README's one."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```\w*\n(.*?)```", readme, re.S).group(1)
    assert "make lab" in first_block and "make test" in first_block


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


def test_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "notebooks", "student"):
        assert re.search(rf"^{target}:", makefile, re.M), f"make {target} is missing"
