"""A teacher presents a chapter live: JupyterLab's slideshow mode (jupyterlab-slideshow) on a
running kernel, in Chromium, with the chapter's own slide metadata.

Chapter 02 is run, the deck is started from the notebook toolbar's deck button, and the right
arrow key steps through the slides until the explorer's slide ("8 · Explore") is on screen. That
slide must show its heading and, below it, the explorer (a continuation cell: no slide type),
with live controls, not a static picture. Dragging the "depth n" slider must change the readout
and the ipympl canvas's pixels, which only a kernel that answers can do. No error output
anywhere. Skipped, with the reason, without Chromium. Screenshot: artifacts/live_slides.png.
"""

import re

import pytest
from test_chapters_browser import run_all
from test_playground_browser import APP, ARTIFACTS, TIMEOUT, errors_on

NOTEBOOK = "02_activation_functions.ipynb"
EXPLORE = "8 · Explore"
ON_SCREEN = ".jp-Deck .jp-Cell.jp-deck-mod-onscreen"
# the explorer's output area, found from its readout ("<b>Sigmoid</b>, 10 layers: ...")
EXPLORER = f"{ON_SCREEN} .jp-OutputArea-output:has(.widget-html-content:text-matches('layers:'))"
# in the page: the explorer's readout text and a data URL of its ipympl canvas (the picture)
SHOWN = """() => {
    const out = [...document.querySelectorAll('ON_SCREEN .jp-OutputArea-output')].find(o =>
        /layers:/.test(o.querySelector('.widget-html-content')?.innerText || ''));
    const canvas = out?.querySelector('.jupyter-matplotlib-canvas-div canvas');
    return out && canvas && {readout: out.querySelector('.widget-html-content').innerText,
                             picture: canvas.toDataURL()};
}""".replace("ON_SCREEN", ON_SCREEN)


def on_screen(page):
    """The first line of each cell the deck shows now."""
    return page.locator(ON_SCREEN).evaluate_all(
        "cells => cells.map(c => c.innerText.trim().split('\\n')[0])"
    )


def depth(readout):
    found = re.search(r"(\d+) layers:", readout)
    assert found, f"no depth in the explorer's readout: {readout!r}"
    return int(found.group(1))


@pytest.mark.notebooks(NOTEBOOK)
def test_teacher_moves_an_explorer_slider_in_slideshow_mode(chromium, lab_server):
    page = chromium.new_page(viewport={"width": 1300, "height": 950})
    run_all(page, lab_server, NOTEBOOK)
    # the deck opens at the active cell's slide: the teacher starts from the title
    page.evaluate(f"{APP}.shell.currentWidget.content.activeCellIndex = 0")
    page.locator(".jp-NotebookPanel-toolbar [data-jp-item-name='deck'] button").click()
    page.wait_for_selector(ON_SCREEN, timeout=TIMEOUT)
    assert on_screen(page)[0].startswith("02 · Activation functions"), on_screen(page)

    page.locator(ON_SCREEN).first.click()  # focus the slide (command mode) for the arrow keys
    for _ in range(40):  # a press shows the next fragment or slide: 16 of them reach section 8
        if on_screen(page)[0] == EXPLORE:
            break
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)
    shown = on_screen(page)
    assert shown[0] == EXPLORE, f"ArrowRight never reached the explorer's slide: {shown}"
    assert shown[1:2] == ["activation_explorer()"], f"the explorer is not on its slide: {shown}"

    explorer = page.locator(EXPLORER)
    explorer.locator(".jupyter-matplotlib-canvas-div canvas").first.wait_for(timeout=TIMEOUT)
    page.wait_for_function(f"({SHOWN})()?.picture.length > 1000", timeout=TIMEOUT)
    before = page.evaluate(SHOWN)

    handle = explorer.locator(".widget-hbox:has(.widget-label:text-is('depth n')) .noUi-handle")
    box = handle.bounding_box()
    assert box, "the depth slider's handle is not on screen"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 80, y, steps=8)
    page.mouse.up()

    # the kernel answers: a new readout, and then a new picture on the canvas
    page.wait_for_function(
        f"old => {{ const now = ({SHOWN})(); return now && now.readout !== old.readout "
        "&& now.picture !== old.picture; }",
        arg=before,
        timeout=TIMEOUT,
    )
    after = page.evaluate(SHOWN)
    assert depth(after["readout"]) > depth(before["readout"]), (before["readout"], after["readout"])
    assert on_screen(page)[0] == EXPLORE, "moving the slider must not leave the slide"
    page.wait_for_timeout(500)  # let the canvas settle, for the screenshot only
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live_slides.png"))
    assert errors_on(page) == [], "error output in JupyterLab"
