"""Every chapter with an explorer runs in JupyterLab: its widgets render, nothing errs.

The headless tests drive each explorer from Python; this one checks what only a browser shows:
that running the whole notebook in JupyterLab renders every ipympl canvas and control, with no
error or warning output anywhere, and that a button started from the page runs its frames on the
kernel's event loop (the descent explorer's Run). Screenshots: artifacts/chapter_NN.png.
"""

import re

import pytest
from test_playground_browser import APP, ARTIFACTS, KERNEL, TIMEOUT, errors_on

CHAPTERS = [
    "02_activation_functions.ipynb",
    "03_cost_functions.ipynb",
    "05_gradient_descent.ipynb",
    "06_mini_batches.ipynb",
    "07_training_and_prediction.ipynb",
]


def run_all(page, lab_server, notebook):
    page.goto(lab_server.url(f"lab/tree/{notebook}?reset"), timeout=TIMEOUT)
    page.wait_for_function(
        f"{APP} && {APP}.shell.currentWidget?.sessionContext?.session?.kernel", timeout=TIMEOUT
    )
    page.wait_for_function(f"{KERNEL}.status === 'idle'", timeout=TIMEOUT)
    page.evaluate(f"{APP}.commands.execute('runmenu:run-all')")
    page.wait_for_function(f"{KERNEL}.status === 'busy'", timeout=TIMEOUT)
    page.wait_for_function(f"{KERNEL}.status === 'idle'", timeout=TIMEOUT)


@pytest.mark.notebooks(*CHAPTERS)
def test_chapter_explorers_render_without_errors(chromium, lab_server):
    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    for notebook in CHAPTERS:
        run_all(page, lab_server, notebook)
        canvases = page.locator(".jp-NotebookPanel:visible .jupyter-matplotlib-canvas-div canvas")
        canvases.first.wait_for(timeout=TIMEOUT)
        canvases.first.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"chapter_{notebook[:2]}.png"))
        assert errors_on(page) == [], f"{notebook}: error output in JupyterLab"
        if notebook.startswith("05"):
            readout = page.locator(".jp-NotebookPanel:visible :text-matches('step \\\\d+')").first
            before = int(re.search(r"step (\d+)", readout.inner_text()).group(1))
            page.locator(".jp-NotebookPanel:visible button:has-text('Run')").first.click()
            page.wait_for_function(
                """b => [...document.querySelectorAll('.widget-html-content')].some(e => {
                        const m = /step (\\d+)/.exec(e.innerText); return m && Number(m[1]) > b; })""",
                arg=before,
                timeout=TIMEOUT,
            )
        page.evaluate(f"{APP}.commands.execute('application:close-all')")
