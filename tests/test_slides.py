"""Lecture slides: every notebook cell says how it is presented (no slide type: on the current
slide), and ``make slides``' command turns that into a reveal.js deck with exactly the slides,
vertical subslides and fragments the metadata asks for, without the skipped set-up cells, and
loading its scripts from lib/ beside it (tests/browser/test_slides_browser.py opens such a deck
with the network blocked)."""

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from make_slides import ASSETS, LOCAL, nbconvert_command
from normalize_slide_metadata import normalize
from notebook_tools import notebook_paths, read

ROOT = Path(__file__).resolve().parent.parent
# None (no slideshow metadata) continues the current slide, in nbconvert's decks and in the live
# presenter alike; "-" means the same to nbconvert, but the live presenter (jupyterlab-slideshow)
# hides such cells, so the chapters never use it (tools/normalize_slide_metadata.py removes it)
SLIDE_TYPES = {"slide", "subslide", "fragment", None, "skip", "notes"}
NOTEBOOKS = notebook_paths()
DECK = ROOT / "notebooks" / "03_cost_functions.ipynb"


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type")


def expected_deck(nb):
    """[[cell ids of each vertical subslide] for each slide], as the metadata lays them out,
    and the number of fragment cells shown."""
    deck, fragments = [], 0
    for cell in nb.cells:
        kind = slide_type(cell)
        if kind in ("skip", "notes"):
            continue
        if kind == "slide" or not deck:
            deck.append([[]])
        elif kind == "subslide":
            deck[-1].append([])
        deck[-1][-1].append(cell.id)
        fragments += kind == "fragment"
    return deck, fragments


class DeckParser(HTMLParser):
    """Reads the deck's structure: <section> (a slide) holding <section>s (its vertical
    subslides), each holding cells (div id="cell-id=...") and fragments (div class="fragment")."""

    def __init__(self):
        super().__init__()
        self.deck, self.fragments, self.depth, self.stray = [], 0, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.depth += 1
            if self.depth == 1:
                self.deck.append([])
            elif self.depth == 2:
                self.deck[-1].append([])
        elif tag == "div" and (attrs.get("id") or "").startswith("cell-id="):
            cell_id = attrs["id"].removeprefix("cell-id=")
            (self.deck[-1][-1] if self.depth == 2 else self.stray).append(cell_id)
        elif tag == "div" and "fragment" in (attrs.get("class") or "").split():
            self.fragments += 1

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """03_cost_functions as ``make slides`` builds it (the same command), parsed."""
    out = tmp_path_factory.mktemp("slides")
    subprocess.run(
        nbconvert_command(out, [DECK]),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    html = (out / f"{DECK.stem}.slides.html").read_text()
    parser = DeckParser()
    parser.feed(html)
    return parser, html


def test_deck_has_one_section_per_slide_and_subslide(deck):
    parser, _ = deck
    expected, _ = expected_deck(read(DECK))
    assert len(parser.deck) == len(expected) >= 8, "top-level <section>s = cells of type slide"
    assert [len(slide) for slide in parser.deck] == [len(slide) for slide in expected]
    assert parser.deck == expected, "every shown cell sits in the (sub)slide its metadata names"
    assert not parser.stray, f"cells outside any slide: {parser.stray}"


def test_deck_reveals_the_fragments_step_by_step(deck):
    parser, _ = deck
    _, fragments = expected_deck(read(DECK))
    assert parser.fragments == fragments >= 3


def test_deck_leaves_out_the_skipped_cells(deck):
    _, html = deck
    skipped = [c for c in read(DECK).cells if slide_type(c) == "skip"]
    assert skipped, "the set-up cell should be skipped"
    for cell in skipped:
        assert f"cell-id={cell.id}" not in html


def test_deck_parser_notices_a_wrong_layout():
    """The comparison above can fail: a fragment turned into a subslide changes the layout."""
    nb = read(DECK)
    before, _ = expected_deck(nb)
    next(c for c in nb.cells if slide_type(c) == "fragment").metadata["slideshow"]["slide_type"] = (
        "subslide"
    )
    after, _ = expected_deck(nb)
    assert sum(map(len, after)) == sum(map(len, before)) + 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_cell_has_slide_metadata(path):
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        assert slide_type(cell) in SLIDE_TYPES, (
            f"{path.name} cell {i}: slide_type {slide_type(cell)!r}"
            + (" (run tools/normalize_slide_metadata.py)" if slide_type(cell) == "-" else "")
        )
        assert cell.metadata.get("slideshow", True), f"{path.name} cell {i}: empty slideshow {{}}"
    assert slide_type(nb.cells[0]) == "slide", "the title opens the deck"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert slide_type(first_code) == "skip", "the set-up cell (imports) is not a slide"


def test_cells_without_a_slide_type_continue_the_slide(deck):
    """A cell with no slideshow metadata sits on the slide before it in nbconvert's deck, as
    the live presenter shows it: the layout test above counts it there, and here it is."""
    parser, _ = deck
    cells = read(DECK).cells
    placed = {
        cell: (s, v)
        for s, slide in enumerate(parser.deck)
        for v, sub in enumerate(slide)
        for cell in sub
    }
    plain = [i for i, c in enumerate(cells) if i and slide_type(c) is None]
    assert len(plain) >= 10
    for i in plain:
        before = next(
            j for j in range(i - 1, -1, -1) if slide_type(cells[j]) not in ("skip", "notes")
        )
        assert placed[cells[i].id] == placed[cells[before].id], f"cell {i} left its slide"


def test_deck_loads_its_scripts_from_lib(deck):
    """reveal.js, require.js, jQuery and MathJax come from lib/ next to the deck, no CDN."""
    _, html = deck
    loaded = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    loaded += re.findall(r'<link[^>]*\shref="([^"]+\.css)"', html)
    loaded += re.findall(
        r'"([^"\s]+\.js)",?\s*$', html, re.MULTILINE
    )  # require([...]) of reveal.js
    assert len(loaded) >= 6, loaded
    assert all(url.startswith("lib/") for url in loaded), [
        u for u in loaded if not u.startswith("lib/")
    ]
    for value in LOCAL.values():
        package = value.split("/")[1]
        assert package in ASSETS, f"{value}: make_slides copies no package {package}"


def test_normalize_removes_only_the_continue_type_and_is_idempotent():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("t", metadata={"slideshow": {"slide_type": "slide"}})]
    nb.cells += [nbformat.v4.new_code_cell("x", metadata={"slideshow": {"slide_type": "-"}})]
    nb.cells += [nbformat.v4.new_code_cell("y", metadata={"slideshow": {"slide_type": "skip"}})]
    nb.cells += [
        nbformat.v4.new_code_cell("z", metadata={"slideshow": {"slide_type": "-", "x": 1}})
    ]
    nb.cells += [nbformat.v4.new_markdown_cell("u")]
    assert normalize(nb) == 2
    assert [slide_type(c) for c in nb.cells] == ["slide", None, "skip", None, None]
    assert "slideshow" not in nb.cells[1].metadata, "no empty slideshow {} left behind"
    assert nb.cells[3].metadata["slideshow"] == {"x": 1}, "other slideshow keys are kept"
    before = nbformat.writes(nb)
    assert normalize(nb) == 0 and nbformat.writes(nb) == before
