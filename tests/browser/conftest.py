"""Fixtures for tests in a real browser: a private JupyterLab server and Debian's Chromium.

The server runs from the project's venv on 127.0.0.1, on a free port, with a random token and
every Jupyter directory (config, data, runtime, user settings, workspaces) in a temporary folder,
so nothing of the developer's own set-up is used or changed. The notebooks under test are copied
into the server's root folder: whatever JupyterLab does to them (autosave is off anyway) cannot
touch the committed files. Playwright drives /usr/bin/chromium, because Playwright's own browser
download does not work everywhere; without Chromium the tests are skipped with the reason.
"""

import json
import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest
from services import Service, free_port

ROOT = Path(__file__).resolve().parents[2]
JUPYTER = Path(sys.executable).with_name("jupyter")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# JupyterLab settings for a quiet, predictable page: no news pop-up, no autosave, and every
# cell rendered (not only those in view), so that the test can find the widgets
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
}


def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.exists(path) else None


@pytest.fixture
def chromium():
    """A Playwright Chromium browser (Debian's), or a skip that says what is missing.

    Function-scoped on purpose: while Playwright's sync API is open, an asyncio loop counts as
    running in the main thread, which would mislead every later test that uses asyncio."""
    path = chromium_path()
    if path is None:
        pytest.skip(
            "Debian's chromium is not installed (`make browser` or "
            "`sudo apt-get install chromium`), so the real-browser test cannot run"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Python Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _write_settings(home):
    (home / "config" / "labconfig").mkdir(parents=True)
    (home / "config" / "labconfig" / "page_config.json").write_text(json.dumps(PAGE_CONFIG))
    for plugin, values in SETTINGS.items():
        path = home / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


class LabServer(Service):
    """A running JupyterLab: ``url(path)`` gives an address with the token."""

    name, health = "JupyterLab", "api/status"

    def __init__(self, home, notebooks):
        self.home, self.port, self.token = home, free_port(), secrets.token_hex(16)
        self.root = home / "root"
        self.root.mkdir()
        for notebook in notebooks:
            shutil.copy(notebook, self.root / notebook.name)
        _write_settings(home)
        env = dict(
            os.environ,
            JUPYTER_CONFIG_DIR=str(home / "config"),
            JUPYTER_DATA_DIR=str(home / "data"),
            JUPYTER_RUNTIME_DIR=str(home / "runtime"),
            IPYTHONDIR=str(home / "ipython"),
        )
        command = [
            str(JUPYTER),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            f"--IdentityProvider.token={self.token}",
            "--allow-root",
            f"--ServerApp.root_dir={self.root}",
            f"--LabServerApp.user_settings_dir={home / 'settings'}",
            f"--LabServerApp.workspaces_dir={home / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        self.start(command, home / "server.log", env=env, cwd=self.root)

    def url(self, path):
        separator = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path}{separator}token={self.token}"


@pytest.fixture
def lab_server(tmp_path, request):
    """JupyterLab serving copies of the notebooks named by the test's ``notebooks`` marker."""
    marker = request.node.get_closest_marker("notebooks")
    names = marker.args if marker else ()
    server = LabServer(tmp_path, [ROOT / "notebooks" / name for name in names])
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def pytest_configure(config):
    config.addinivalue_line("markers", "notebooks(*names): notebooks the JupyterLab server serves")
