"""``FrameLoop``: run an explorer's frames on the kernel's event loop, so clicks still work."""

import asyncio
import time
import traceback


class FrameLoop:
    """Call ``frame()`` again and again on the kernel's event loop until it returns
    False or ``stop()`` is called, yielding between frames so that the kernel
    keeps handling button clicks and slider moves while training runs.

    In a kernel (ipykernel 6 and 7) cells and widget callbacks run inside the
    kernel's asyncio loop, so ``start()`` schedules an asyncio task there; the
    task sleeps ``pause`` seconds after each frame, and in that gap the kernel
    handles the widget messages that arrived during the frame (a Pause click, a
    slider move). Without a running event loop (a script, a headless test)
    nothing can run in the background: ``start()`` then only marks the loop as
    running, until ``stop()``; call ``frame()`` yourself there.

    ``period`` (optional) caps the frame rate: after a frame the loop sleeps
    until ``period`` seconds have passed since the frame began, and at least
    ``pause``. Frames much faster than the browser can show them only queue
    messages between kernel and browser, and a click then waits behind them.

    A frame that raises stops the loop; the exception is kept in ``error`` and
    its traceback printed (in JupyterLab it shows in the cell or the log console).
    """

    def __init__(self, frame, pause=0.01, period=0.0):
        self.frame, self.pause, self.period, self.task = frame, pause, period, None
        self.error, self._active = None, False

    @property
    def running(self):
        """True from ``start()`` until ``stop()``, a frame returning False, or an error."""
        return self._active and (self.task is None or not self.task.done())

    def start(self):
        """Start the frames (if not already running); returns the asyncio task, or None."""
        if not self.running:
            self._active, self.error, self.task = True, None, None
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no event loop runs here: headless
                return None
            self.task = loop.create_task(self._run())
        return self.task

    def stop(self):
        """Stop: no frame starts after this (a sleeping task is cancelled at once)."""
        self._active = False
        if self.task is not None and not self.task.done() and self.task is not _current_task():
            self.task.cancel()

    async def _run(self):
        try:
            while self._active:
                began = time.perf_counter()
                if self.frame() is False or not self._active:
                    break
                await asyncio.sleep(max(self.pause, began + self.period - time.perf_counter()))
        except Exception as error:  # noqa: BLE001 -- a background task must not fail silently
            self.error = error
            traceback.print_exc()
        finally:
            if self.task is asyncio.current_task():  # not a newer task started since
                self._active = False


def _current_task():
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running event loop
        return None


def _current_task():
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running event loop
        return None
