"""A lecture deck presents offline: ``make slides``' deck of chapter 03, opened from disk in
Chromium with every request that is not a file on this disk refused, runs reveal.js with all its
slides and typesets the equations with the local MathJax.

Skipped with a note when the npm packages (`make node`) or Chromium are missing.
Screenshot: artifacts/slides_offline.png.
"""

from pathlib import Path

import pytest
from make_slides import make_slides, missing_assets
from notebook_tools import NOTEBOOKS, read
from test_playground_browser import ARTIFACTS
from test_slides import expected_deck

DECK = NOTEBOOKS / "03_cost_functions.ipynb"
# the deck loads reveal.js as a require.js module, so the page has no global Reveal: ask require
REVEAL = """call => new Promise(done => require(["lib/reveal.js/dist/reveal.js"],
                                             Reveal => done(Reveal[call]())))"""


@pytest.fixture
def deck(tmp_path):
    if missing_assets():
        pytest.skip(
            "reveal.js and the other npm packages are not installed (`make node` needs "
            "npm), so make slides cannot build offline decks here"
        )
    return make_slides(tmp_path / "slides", [DECK])[0]


def test_deck_presents_with_the_network_blocked(chromium, deck):
    refused = []

    def only_local_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", only_local_files)
    page = context.new_page()
    page.goto(Path(deck).as_uri())
    page.wait_for_selector(".reveal.ready", timeout=30_000)
    assert page.evaluate(REVEAL, "isReady")
    slides, _ = expected_deck(read(DECK))
    assert page.evaluate(REVEAL, "getTotalSlides") == sum(map(len, slides))
    assert page.locator(".reveal .slides > section").count() == len(slides)
    # the equations are typeset by the local MathJax, not left as $...$
    page.wait_for_function("document.querySelectorAll('.mjx-chtml').length > 5", timeout=30_000)
    page.keyboard.press("ArrowRight")
    # reveal's history is on: the next slide shows in the address
    page.wait_for_function("location.hash.length > 2", timeout=10_000)
    # MathJax's MathML copy of each formula (for screen readers) is hidden: drawn once, not twice
    page.wait_for_function("document.querySelectorAll('.MJX_Assistive_MathML').length > 5")
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.MJX_Assistive_MathML')]
                 .map(e => getComputedStyle(e).clipPath)"""
    )
    assert set(hidden) == {"inset(50%)"}
    page.wait_for_timeout(1500)  # let the slide transition finish, for the screenshot only
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "slides_offline.png"))
    context.close()
    # refused, and not needed: the theme's web fonts (the browser's own fonts stand in) and the
    # module for mermaid diagrams (the course has none)
    optional = (
        "https://fonts.googleapis.com/",
        "https://cdnjs.cloudflare.com/ajax/libs/mermaid/",
    )
    assert [url for url in refused if not url.startswith(optional)] == []
