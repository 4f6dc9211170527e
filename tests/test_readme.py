"""README.md keeps its promises: every link, picture, path, `make` target and `python -m` module it
names exists; the Binder and nbgitpuller links open the start notebook; every chapter is listed
with its thumbnail; the layout tree matches the repository."""

import importlib.util
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from notebook_tools import notebook_paths

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
START = "notebooks/00_start_here.ipynb"
GENERATED = (
    ".venv/",  # made by `make lab` / `make test`; absent in a conda or Binder environment
    "student/",
    "slides/",
    "output/",
    "./dnn-from-scratch",
)  # made by commands, not committed


def code_blocks(text):
    return re.findall(r"```\w*\n(.*?)```", text, re.S)


def links(text):
    """Targets of markdown links and images, e.g. [x](target) and ![x](target)."""
    return re.findall(r"\]\(\s*<?([^)\s>]+)>?\s*\)", text)


def local_links(text):
    return [t for t in links(text) if not re.match(r"[a-z]+:", t) and not t.startswith("#")]


def missing_paths(targets, base=ROOT):
    return [t for t in targets if not (base / t.split("#")[0]).exists()]


def test_first_code_block_is_exactly_the_two_commands():
    lines = [
        line.split("#")[0].strip() for line in code_blocks(README)[0].splitlines() if line.strip()
    ]
    assert lines == ["make lab", "make test"]


def test_every_local_link_and_picture_exists():
    assert len(local_links(README)) >= 30
    assert not missing_paths(local_links(README))


def test_the_link_check_can_fail():
    assert missing_paths(local_links("see [this](notebooks/no_such.ipynb)")) == [
        "notebooks/no_such.ipynb"
    ]


def test_every_make_target_named_exists():
    makefile = (ROOT / "Makefile").read_text()
    named = set(re.findall(r"`make (\w+)", README))  # `make x` in the text ...
    named |= {m for block in code_blocks(README) for m in re.findall(r"^make (\w+)", block, re.M)}
    assert {"lab", "test", "student", "slides", "images", "notebooks"} <= named
    for target in named:
        assert re.search(rf"^{target}:", makefile, re.M), (
            f"README names `make {target}`: no such target"
        )


def test_every_python_module_named_exists():
    modules = set(re.findall(r"python -m ([\w.]+)", README))
    assert {"dnn_core", "dnn_core.figures", "pytest"} <= modules
    for module in modules:
        assert importlib.util.find_spec(module) is not None, f"python -m {module}: no such module"


def test_every_path_in_backticks_exists():
    """`dnn_core/figures.py`, `tools/install_chromium.sh`, ...: any backticked word that looks
    like a path of this repository (outputs of commands and placeholders aside)."""
    tokens = set(re.findall(r"`([^`\s]+)`", README))
    paths = [
        t
        for t in tokens
        if re.fullmatch(r"\.?[\w./-]+", t)
        and ("/" in t or re.search(r"\.(py|ipynb|yml|toml|md|sh|png|gif|npz)$", t))
        and not t.startswith(GENERATED)
    ]
    # files the CLI writes into output/, the document's own train.py, the Binder placeholder
    elsewhere = (
        "result.png",
        "cost.png",
        "model.npz",
        "metrics.json",
        "train.py",
        "OWNER/dnn-from-scratch",
    )
    paths = [p for p in paths if p not in elsewhere]
    assert len(paths) >= 10
    assert not missing_paths(paths)


def test_binder_badge_opens_the_start_notebook():
    badge = re.search(
        r"\[!\[[^\]]+\]\((https://mybinder\.org/badge_logo\.svg)\)\]\((\S+?)\)", README
    )
    assert badge, "a Binder badge: [![...](https://mybinder.org/badge_logo.svg)](binder link)"
    url = urlparse(badge.group(2))
    assert url.netloc == "mybinder.org"
    assert re.fullmatch(r"/v2/gh/[\w.-]+/[\w.-]+/HEAD", url.path), url.path
    assert parse_qs(url.query)["urlpath"] == [f"lab/tree/{START}"]
    assert (ROOT / START).is_file()


def test_nbgitpuller_example_opens_the_start_notebook():
    example = re.search(r"https://hub\.example\.edu/hub/user-redirect/git-pull\?\S+", README)
    assert example
    query = parse_qs(urlparse(example.group(0)).query)
    repository = unquote(query["repo"][0])
    name = repository.rstrip("/").rsplit("/", 1)[-1]
    assert repository.startswith("https://github.com/")
    assert query["urlpath"] == [f"lab/tree/{name}/{START}"]
    assert query["branch"] == ["main"]


def test_every_chapter_is_listed_with_its_thumbnail():
    rows = [line for line in README.splitlines() if line.startswith("| [![")]
    chapters = [re.search(r"\]\((notebooks/[^)]+)\)", row.split("|")[2]).group(1) for row in rows]
    # the appendix (the source document's errors) is listed in the table without a thumbnail
    appendix = re.findall(r"^\| \| \[\*\*[^|]*\]\((notebooks/\d\d_appendix[^)]*)\)", README, re.M)
    listed = {p.name for p in notebook_paths()}
    assert listed <= {Path(c).name for c in chapters + appendix}, (
        "a notebook is missing from the chapter table"
    )
    for row, chapter in zip(rows, chapters):
        number = Path(chapter).name[:2]
        assert f"](images/thumbnails/{number}.png)](notebooks/{number}_" in row, row[:80]
        alt = re.search(r"\[!\[([^\]]*)\]", row).group(1)
        assert len(alt) > 40, f"chapter {number}: describe the thumbnail in its alt text"


def tree_paths(block):
    """Paths named by a `tree`-style block: entries at depth d sit under the last folder at d - 1;
    the name column ends at two spaces and may list several names, comma-separated."""
    parents, paths = [], []
    for line in block.splitlines()[1:]:
        match = re.match(r"^((?:[│ ]   )*)[├└]── (.+?)(?:\s{2,}.*)?$", line)
        assert match, f"not a tree line: {line!r}"
        depth = len(match.group(1)) // 4
        parents = parents[:depth]
        names = [n.strip() for n in match.group(2).split(",")]
        paths += ["/".join(parents + [n]) for n in names]
        if len(names) == 1 and names[0].endswith("/"):
            parents.append(names[0].rstrip("/"))
    return paths


def test_layout_tree_matches_the_repository():
    block = next(b for b in code_blocks(README) if b.startswith(".\n├── "))
    paths = tree_paths(block)
    assert "dnn_core/figures.py" in paths and ".ci/run" in paths and len(paths) >= 30
    assert not missing_paths(paths)


def test_tree_reader_finds_nested_paths():
    block = ".\n├── a/      folder\n│   ├── b.py, c/  two\n│   └── d.py\n└── e.md   file\n"
    assert tree_paths(block) == ["a/", "a/b.py", "a/c/", "a/d.py", "e.md"]


@pytest.mark.parametrize("name", ["LICENSE", "LICENSE-content.md"])
def test_licence_files(name):
    text = (ROOT / name).read_text()
    assert "Copyright (c) 2026 the Deep Neural Networks from Scratch contributors" in text
    assert (
        ("MIT License" in text)
        if name == "LICENSE"
        else ("creativecommons.org/licenses/by/4.0" in text)
    )


def test_data_set_is_attributed():
    assert "Alpaydin" in README and "Kaynak" in README and "CC BY 4.0" in README
    assert "dnn_core/data/README.md" in local_links(README)
