"""The playground in a real browser: JupyterLab + Chromium, as a learner would use it.

Open notebooks/10_playground in JupyterLab, run all cells, wait for the widget, move the
learning-rate slider, press Train and watch the readout change; move the slider again while
training runs (the kernel must take it), press Pause and check that training stops; upload a
bad and a good CSV file; choose Adam in the optimizer menu (its beta sliders appear) and train
on; press Show the code and find the program on the page; the network view is drawn, changes after
a frame, and a click on a unit enlarges that unit; the L2 and dropout controls reach the
kernel's model mid-run, and a validation share adds the validation loss; no error output
anywhere. This is
what a headless test cannot show: that Train runs on the kernel's event loop after the cell has
finished, and that the kernel still answers while it does. Screenshots of the playground are
kept as artifacts/playground.png, after the CSV upload artifacts/playground_csv.png, and with
the code shown artifacts/playground_code.png, the network view with a clicked unit
artifacts/playground_network.png, and with a validation set artifacts/playground_validation.png
(artifacts/ is ignored by git).
"""

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"

NOTEBOOK = "10_playground.ipynb"
TIMEOUT = 60_000  # ms, for anything that waits on the kernel
APP = "window.jupyterapp"
KERNEL = f"{APP}.shell.currentWidget.sessionContext.session.kernel"


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def epoch(page):
    text = page.locator(".dnn-pg-readout").inner_text()
    found = re.search(r"epoch (\d+)", text)
    assert found, f"no epoch in the readout: {text!r}"
    return int(found.group(1))


def train_loss(page):
    text = page.locator(".dnn-pg-readout").inner_text()
    found = re.search(r"train loss (\S+)", text)
    assert found, f"no train loss in the readout: {text!r}"
    return found.group(1)


def wait_for_epoch_above(page, value):
    page.wait_for_function(
        """v => { const text = document.querySelector('.dnn-pg-readout').innerText;
                  const m = /epoch (\\d+)/.exec(text);
                  return m && Number(m[1]) > v; }""",
        arg=value,
        timeout=TIMEOUT,
    )


def in_kernel(page, code):
    """Run ``code`` in the notebook's kernel (now, between frames) and return what it printed."""
    return page.evaluate(
        """async code => {
            const future = KERNEL.requestExecute({code, silent: false, store_history: false});
            let out = '';
            future.onIOPub = msg => {
                if (msg.header.msg_type === 'stream') out += msg.content.text;
            };
            await future.done;
            return out;
        }""".replace("KERNEL", KERNEL),
        code,
    )


def kernel_agrees(page, code, expected, seconds=30):
    """Ask the kernel until ``code`` prints ``expected`` (the browser batches widget updates
    while the kernel is busy, so the last slider position may arrive a moment later)."""
    for _ in range(int(seconds / 0.25)):
        printed = in_kernel(page, code).strip()
        if printed == expected:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the kernel printed {printed!r}, not {expected!r}")


def press_right(page, selector, times):
    """Move a slider with the keyboard, as a learner can, and return its new readout."""
    slider = page.locator(f"{selector} .noUi-handle")
    readout = page.locator(f"{selector} .widget-readout")
    before = readout.inner_text()
    slider.focus()
    for _ in range(times):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([s, b]) => document.querySelector(s).innerText !== b",
        arg=[f"{selector} .widget-readout", before],
        timeout=TIMEOUT,
    )
    return readout.inner_text()


def errors_on(page):
    outputs = page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],'
        ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"],'
        ' .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'
    )
    return [outputs.nth(i).inner_text()[:500] for i in range(outputs.count())]


# the RGBA pixels of the playground's ipympl canvas (null until it exists)
PIXELS_OF_CANVAS = """(() => {
    const out = document.querySelector('.dnn-pg-readout')?.closest('.jp-OutputArea-output');
    const canvas = out && [...out.querySelectorAll('canvas')].find(c => c.width >= 600);
    return canvas ? canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
                  : null;
})()"""
# share of non-white pixels: 0 until the canvas shows an image
DRAWN = f"""() => {{
    const data = {PIXELS_OF_CANVAS};
    if (!data) return 0;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 0 && Math.min(data[i], data[i + 1], data[i + 2]) < 235) coloured++;
    return coloured / (data.length / 4);
}}"""
# a checksum of the pixels, to see that a new image has arrived
CHECKSUM = f"""() => {{
    const data = {PIXELS_OF_CANVAS};
    let sum = 0;
    for (let i = 0; data && i < data.length; i += 4)
        sum = (sum * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) % 1000000007;
    return sum;
}}"""


# the network view's canvas: its pixels' checksum, its share of coloured pixels, its rectangle
NETWORK_CANVAS = """(() => {
    const net = document.querySelector('.dnn-pg-network');
    return net && [...net.querySelectorAll('canvas')].find(c => c.width >= 600);
})()"""
NETWORK_PIXELS = f"""(() => {{
    const canvas = {NETWORK_CANVAS};
    return canvas ? canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
                  : null;
}})()"""
NETWORK_DRAWN = DRAWN.replace(PIXELS_OF_CANVAS, NETWORK_PIXELS)
NETWORK_CHECKSUM = CHECKSUM.replace(PIXELS_OF_CANVAS, NETWORK_PIXELS)
NETWORK_RECT = f"""() => {{ const r = {NETWORK_CANVAS}.getBoundingClientRect();
                            return [r.x, r.y, r.width, r.height]; }}"""


def click_unit(page, layer, unit):
    """Click the centre of a unit of the network view, where the kernel says it is drawn."""
    fx, fy = map(float, in_kernel(page, (
        f"c = pg.network.layout[{layer}][{unit}].reshape(2, 2).mean(axis=0)\n"
        "x, y = pg.network.ax_net.transData.transform(c)\n"
        "w, h = pg.network.fig.bbox.width, pg.network.fig.bbox.height\n"
        "print(x / w, 1 - y / h)"
    )).split())  # fmt: skip
    page.locator(".dnn-pg-network").scroll_into_view_if_needed()  # a button click scrolled away
    x, y, width, height = page.evaluate(NETWORK_RECT)
    page.mouse.click(x + fx * width, y + fy * height)


@pytest.mark.notebooks(NOTEBOOK)
def test_playground_trains_in_jupyterlab(chromium, lab_server):
    committed = sha256(ROOT / "notebooks" / NOTEBOOK)
    served = lab_server.root / NOTEBOOK
    served_before = sha256(served)
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1400, "height": 1100})
    try:
        page.goto(lab_server.url(f"lab/tree/{NOTEBOOK}?reset"), timeout=TIMEOUT)
        page.wait_for_selector(".jp-NotebookPanel", timeout=TIMEOUT)
        page.wait_for_function(
            f"{APP} && {APP}.shell.currentWidget?.sessionContext?.session"
            f"?.kernel?.status === 'idle'",
            timeout=TIMEOUT,
        )
        page.evaluate(f"{APP}.commands.execute('runmenu:run-all')")

        # the widget renders: readout after the 40 frames of the cell, and a drawn canvas
        readout = page.locator(".dnn-pg-readout")
        readout.wait_for(timeout=TIMEOUT)
        readout.scroll_into_view_if_needed()
        page.wait_for_function(
            "document.querySelector('.dnn-pg-readout').innerText.includes('epoch 200')",
            timeout=TIMEOUT,
        )
        page.wait_for_function(f"{KERNEL}.status === 'idle'", timeout=TIMEOUT)
        page.wait_for_function(f"({DRAWN})() > 0.2", timeout=TIMEOUT)
        assert errors_on(page) == []

        # a learner moves the learning-rate slider, then presses Train
        rate = press_right(page, ".dnn-pg-learning-rate", 3)
        assert rate != "0.032", rate
        page.locator(".dnn-pg-train-button").click()
        wait_for_epoch_above(page, 200)
        page.wait_for_function(
            "document.querySelector('.dnn-pg-train-button').innerText.includes('Pause')",
            timeout=TIMEOUT,
        )
        running_epoch = epoch(page)
        wait_for_epoch_above(page, running_epoch)  # it keeps going after the cell has finished

        # mid-run: the slider moves, the kernel answers at once and takes the new rate
        rate = press_right(page, ".dnn-pg-learning-rate", 3)
        kernel_agrees(
            page, "print(pg.loop.running, f\"{pg.state['learning_rate']:.2g}\")", f"True {rate}"
        )
        wait_for_epoch_above(page, epoch(page))
        assert page.evaluate(DRAWN) > 0.2

        # Pause stops it
        page.locator(".dnn-pg-train-button").click()
        page.wait_for_function(
            "document.querySelector('.dnn-pg-train-button').innerText.includes('Train')",
            timeout=TIMEOUT,
        )
        kernel_agrees(page, "print(pg.loop.running)", "False", seconds=2)
        stopped = epoch(page)
        page.wait_for_timeout(1500)  # nothing to wait for: this checks that nothing happens
        assert epoch(page) == stopped
        output = page.locator(".jp-OutputArea-output", has=readout)
        output.scroll_into_view_if_needed()
        output.screenshot(path=str(ARTIFACTS / "playground.png"))

        # the learner's own CSV file, through the real upload button: a bad one is explained
        # in red and changes nothing, a good one becomes the data set
        def upload(name, content):
            with page.expect_file_chooser(timeout=TIMEOUT) as chooser:
                page.locator(".dnn-pg-upload").click()
            chooser.value.set_files(
                files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
            )

        upload("bad.csv", b"x1,x2,y\n1,2,0\n3,abc,1\n5,6,0\n7,8,1\n")
        page.wait_for_function(
            "document.querySelector('.dnn-pg-message').innerText"
            ".includes('non-numeric value at row 3, column 2')",
            timeout=TIMEOUT,
        )
        assert epoch(page) == stopped
        pixels = page.evaluate(CHECKSUM)
        rows = "".join(f"{i % 7},{(i * 3) % 5},{int(i % 7 > 3)}\n" for i in range(40))
        upload("mine.csv", ("a,b,label\n" + rows).encode())
        page.wait_for_function(
            "document.querySelector('.dnn-pg-message').innerText"
            ".includes('Loaded mine.csv: 2 features, 40 rows')",
            timeout=TIMEOUT,
        )
        assert epoch(page) == 0
        page.wait_for_function(f"({CHECKSUM})() !== {pixels}", timeout=TIMEOUT)  # the new data
        assert errors_on(page) == []
        output.screenshot(path=str(ARTIFACTS / "playground_csv.png"))

        # Adam from the optimizer menu: its two sliders appear, momentum's does not; Train
        # trains with it (the kernel says so) and the loss moves
        page.locator(".dnn-pg-optimizer select").select_option(label="Adam")
        page.locator(".dnn-pg-beta2").wait_for(state="visible", timeout=TIMEOUT)
        assert page.locator(".dnn-pg-beta1").is_visible()
        assert page.locator(".dnn-pg-momentum").count() == 0
        kernel_agrees(page, "print(pg.state['optimizer'])", "adam")
        loss_before = train_loss(page)
        page.locator(".dnn-pg-train-button").click()
        wait_for_epoch_above(page, 10)
        page.locator(".dnn-pg-train-button").click()
        kernel_agrees(page, "print(pg.loop.running)", "False", seconds=10)
        page.wait_for_function(
            "b => /train loss (\\S+)/.exec(document.querySelector('.dnn-pg-readout')"
            ".innerText)[1] !== b",
            arg=loss_before,
            timeout=TIMEOUT,
        )
        kernel_agrees(
            page,
            "print(pg.session.segments[-1]['optimizer'], pg.session.model.optimizer.t > 0)",
            "adam True",
        )

        # Show the code: the program appears under the figure
        page.locator(".dnn-pg-show-code-button").click()
        code = page.locator(".dnn-pg-code pre")
        code.wait_for(timeout=TIMEOUT)
        text = code.inner_text()
        for piece in (
            "DeepNeuralNetwork(",
            "optimizer=",
            'get_optimizer("adam"',
            'datasets.from_csv("mine.csv")',
            "model.train(X_train, Y_train",
        ):
            assert piece in text, (piece, text)  # fmt: skip
        assert errors_on(page) == []
        code.scroll_into_view_if_needed()
        output.screenshot(path=str(ARTIFACTS / "playground_code.png"))

        # the network view: drawn, new after a frame of training, and a click on a unit
        # shows that unit enlarged (the kernel says which; the pixels change)
        network = page.locator(".dnn-pg-network")
        network.scroll_into_view_if_needed()
        page.wait_for_function(f"({NETWORK_DRAWN})() > 0.05", timeout=TIMEOUT)
        pixels = page.evaluate(NETWORK_CHECKSUM)
        trained_to = epoch(page)
        page.locator(".dnn-pg-step-button").click()
        wait_for_epoch_above(page, trained_to)
        page.wait_for_function(f"({NETWORK_CHECKSUM})() !== {pixels}", timeout=TIMEOUT)
        page.wait_for_timeout(500)  # let the last image of the frame arrive
        pixels = page.evaluate(NETWORK_CHECKSUM)
        click_unit(page, 2, 3)
        kernel_agrees(page, "print(pg.network.selected)", "(2, 3)")
        kernel_agrees(page, "print(pg.network.ax_unit.get_title().splitlines()[0])",
                      "hidden layer 2, unit 4")  # fmt: skip
        page.wait_for_function(f"({NETWORK_CHECKSUM})() !== {pixels}", timeout=TIMEOUT)
        network.screenshot(path=str(ARTIFACTS / "playground_network.png"))

        # L2 and dropout act on the run in progress: the kernel's model takes them, and the
        # next frame trains on from the same weights (the epoch count goes on)
        page.locator(".dnn-pg-l2 select").select_option(label="0.1")
        kernel_agrees(page, "print(pg.session.model.l2)", "0.1")
        rate = press_right(page, ".dnn-pg-dropout", 4)
        assert rate == "0.20", rate
        kernel_agrees(page, "print(pg.session.model.dropout)", "0.2")
        trained_to = epoch(page)
        page.locator(".dnn-pg-step-button").click()
        wait_for_epoch_above(page, trained_to)
        kernel_agrees(
            page,
            "s = pg.session.segments[-1]; print(s['l2'], s['dropout'], s['fresh'], pg.state['epoch'])",
            f"0.1 0.2 False {epoch(page)}",
        )

        # a validation share: the readout gains the validation loss after training
        share = press_right(page, ".dnn-pg-validation-fraction", 4)
        assert share == "40%", share  # from the default 20 %
        # (each key press sent a value and split again: wait for the last one)
        kernel_agrees(
            page,
            "print(f\"{pg.state['validation_fraction']:.2f}\", pg.state['n_val'] > 0)",
            "0.40 True",
        )
        page.locator(".dnn-pg-step-button").click()
        page.wait_for_function(
            "document.querySelector('.dnn-pg-readout').innerText.includes('validation loss')",
            timeout=TIMEOUT,
        )
        kernel_agrees(page, "print(pg.state['epoch'], len(pg.session.model.val_costs))", "5 5")
        assert errors_on(page) == []
        output.screenshot(path=str(ARTIFACTS / "playground_validation.png"))
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "playground_failure.png"))
        print(lab_server.log_tail())
        raise
    finally:
        page.close()
    # neither the committed notebook nor the served copy was saved over
    assert sha256(ROOT / "notebooks" / NOTEBOOK) == committed
    assert sha256(served) == served_before
