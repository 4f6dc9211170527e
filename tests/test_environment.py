"""environment.yml (Binder, conda) agrees with pyproject.toml (pip, make).

No conda solver is reachable from the test machines, so this test proves the
agreement by parsing both files: the same packages, every pin inside the range
pyproject.toml declares, conda-forge as the only channel, and the repository
itself installed by the pip section.
"""

import re
from pathlib import Path

import pytest
import tomllib
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
ENV = yaml.safe_load((ROOT / "environment.yml").read_text())
TOOLS = {"python", "pip"}  # conda's own needs, not project requirements


def requirements():
    listed = PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]
    return {canonicalize_name(r.name): r for r in map(Requirement, listed)}


def pinned():
    """{name: version} for every conda and pip package of environment.yml."""
    pins = {}
    for entry in ENV["dependencies"]:
        if isinstance(entry, dict):
            for line in entry["pip"]:
                if not line.startswith("-e") and line not in (".",):
                    name, version = re.fullmatch(r"([\w.-]+)==([\w.]+)", line).groups()
                    pins[canonicalize_name(name)] = version
        else:
            match = re.fullmatch(r"([\w.-]+)=([\w.]+)", entry)
            assert match, f"environment.yml: {entry!r} is not pinned as name=version"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_only_conda_forge():
    assert ENV["channels"][0] == "conda-forge"
    assert set(ENV["channels"]) <= {"conda-forge", "nodefaults"}


def test_same_packages():
    assert set(pinned()) - TOOLS == set(requirements())


@pytest.mark.parametrize("name", sorted(requirements()))
def test_pin_inside_declared_range(name):
    version = pinned()[name]
    assert requirements()[name].specifier.contains(Version(version)), (
        f"{name}={version} in environment.yml is outside pyproject.toml's {requirements()[name]}"
    )


def test_python_pin_satisfies_requires_python():
    from packaging.specifiers import SpecifierSet

    assert SpecifierSet(PROJECT["requires-python"]).contains(Version(pinned()["python"] + ".0"))


def test_pip_section_installs_the_repository():
    pip = next(e["pip"] for e in ENV["dependencies"] if isinstance(e, dict))
    assert "-e ." in pip or "." in pip
