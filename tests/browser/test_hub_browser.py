"""The README's JupyterHub route, walked for real: a hub on 127.0.0.1, a learner logs in, clicks
the nbgitpuller link in exactly the README's form and works in the pulled copy.

The hub: the ``jupyterhub`` package with its proxy, configurable-http-proxy (npm, `make node`),
the dummy authenticator (any password) and the simple local-process spawner, whose users'
homes live in this test's temporary folder and whose single-user servers run from this
environment, with ``--allow-root`` (the test may run as root). The course repository: a local
clone of this repository on a branch ``main``, reached by a ``file://`` URL (to nbgitpuller it
is just a git URL). Steps: log in; open the link; JupyterLab shows the start notebook of the
copy in the learner's home; run a chapter with an explorer there, with no error output; the
learner edits a notebook; a new commit lands in the course repository; the second click pulls
it and leaves the learner's edit alone. Screenshots: artifacts/hub_*.png.

Skipped with a note when Chromium, configurable-http-proxy, git, JupyterHub or nbgitpuller is
missing.
"""

import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import nbformat
import pytest
from services import Service, free_port
from test_playground_browser import APP, ARTIFACTS, KERNEL, TIMEOUT, errors_on

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
README = (ROOT / "README.md").read_text()
USER = "learner"
CHAPTER = "02_activation_functions.ipynb"  # a chapter with explorers, quick to run
EDIT = "My own note: sigmoid saturates, so its slope vanishes."


def proxy_command():
    """configurable-http-proxy from `make node` (.venv/node) or from PATH, or None."""
    local = Path(sys.prefix) / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def readme_link(hub, repo_url):
    """The README's nbgitpuller example with only its hub and repository swapped for ours."""
    example = re.search(r"https://hub\.example\.edu/hub/user-redirect/git-pull\?\S+", README)
    assert example, "the README gives an nbgitpuller link for hub.example.edu"
    link = urlparse(example.group(0))
    name = repo_url.rstrip("/").rsplit("/", 1)[-1]
    query = re.sub(r"repo=[^&]+", "repo=" + quote(repo_url, safe=""), link.query)
    query = query.replace("dnn-from-scratch/", f"{name}/")
    return f"{hub}{link.path}?{query}"


CONFIG = """
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
c.Spawner.args = ["--allow-root", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
                  "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
"""


class Hub(Service):
    """A JupyterHub in ``folder``: ``url(path)``; ``stop()`` ends it and its users' servers."""

    name, health = "JupyterHub", "hub/health"

    def __init__(self, folder):
        self.folder, self.port = folder, free_port()
        config = folder / "jupyterhub_config.py"
        config.write_text(
            CONFIG.format(
                port=self.port,
                hub_port=free_port(),
                proxy_port=free_port(),
                proxy=proxy_command(),
                folder=folder,
                singleuser=str(BIN / "jupyterhub-singleuser"),
            )
        )
        env = dict(
            os.environ,
            PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
            CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(16),
        )
        self.start(
            [str(BIN / "jupyterhub"), "-f", str(config)], folder / "hub.log", cwd=folder, env=env
        )

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}/{path}"

    def leftover_processes(self):
        """Processes started for this hub's users (their HOME is in our folder: single-user
        servers and their kernels) still alive; zombies, which are already dead, don't count."""
        home = f"HOME={self.folder}/home/".encode()
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state not in "ZX" and home in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except (OSError, IndexError):
                continue
        return found

    def stop(self, wait=10):
        """SIGTERM the hub (it stops its users' servers and its proxy). A Jupyter kernel notices
        its server has gone a second or so later and exits; whatever is still alive after
        ``wait`` seconds gets SIGKILL, and we wait (as long again at most) until it is gone."""
        super().stop(grace=30)
        start = time.monotonic()
        while (left := self.leftover_processes()) and time.monotonic() < start + 2 * wait:
            if time.monotonic() > start + wait:  # they did not go by themselves
                for pid in left:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture
def course_repo(tmp_path):
    """A clone of this repository, as the course's repository, with a branch main."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "served" / "dnn-from-scratch"
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(repo), cwd=tmp_path)
    git("checkout", "--quiet", "-B", "main", cwd=repo)
    git("config", "user.email", "teacher@example.org", cwd=repo)
    git("config", "user.name", "Teacher", cwd=repo)
    return repo


@pytest.fixture
def hub(tmp_path):
    for module in ("jupyterhub", "nbgitpuller"):
        if importlib_missing(module):
            pytest.skip(f"{module} is not installed (pip install -e '.[test]')")
    if proxy_command() is None:
        pytest.skip(
            "configurable-http-proxy is not installed (`make node` needs npm), so "
            "the JupyterHub test cannot run"
        )
    folder = tmp_path / "hub"
    folder.mkdir()
    hub = Hub(folder)
    try:
        hub.wait_until_up()
        yield hub
    finally:
        hub.stop()
        assert hub.leftover_processes() == [], "a single-user server or kernel outlived the test"


def importlib_missing(module):
    import importlib.util

    return importlib.util.find_spec(module) is None


def wait_for_notebook(page, path):
    """JupyterLab is up, with ``path`` (relative to the server's root) open and its kernel idle."""
    page.wait_for_function(
        f"{APP} && {APP}.shell.currentWidget?.context?.path === {path!r}", timeout=TIMEOUT
    )
    session = f"{APP}.shell.currentWidget.sessionContext.session"
    page.wait_for_function(f"{session}?.kernel?.status === 'idle'", timeout=TIMEOUT)


def test_nbgitpuller_link_on_a_hub(chromium, hub, course_repo, tmp_path):
    home = hub.folder / "home" / USER
    link = readme_link(hub.url().rstrip("/"), course_repo.as_uri())
    page = chromium.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)

    # log in (the dummy authenticator takes any password)
    page.goto(hub.url("hub/login"))
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", "any password")
    page.click("[type=submit]")
    page.wait_for_url(re.compile(r".*/(hub/spawn-pending|user)/.*"), timeout=TIMEOUT)

    # first click: clone into the learner's home, open the start notebook
    page.goto(link)
    wait_for_notebook(page, "dnn-from-scratch/notebooks/00_start_here.ipynb")
    assert (home / "dnn-from-scratch" / "notebooks" / "00_start_here.ipynb").is_file()
    assert (home / "dnn-from-scratch" / ".git").is_dir(), "a git clone, so later clicks can pull"
    page.screenshot(path=str(ARTIFACTS / "hub_start.png"))

    # a chapter with explorers runs in the pulled copy without error output
    page.goto(hub.url(f"user/{USER}/lab/tree/dnn-from-scratch/notebooks/{CHAPTER}"))
    wait_for_notebook(page, f"dnn-from-scratch/notebooks/{CHAPTER}")
    # the command's promise settles when every cell has run
    assert page.evaluate(f"async () => await {APP}.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"{KERNEL}.status === 'idle'")
    unrun = page.evaluate(f"""() => [...{APP}.shell.currentWidget.content.model.cells]
                                   .filter(c => c.type === 'code' && !c.executionCount).length""")
    assert unrun == 0, f"{unrun} code cells did not run"
    canvases = page.locator(".jp-NotebookPanel:visible .jupyter-matplotlib-canvas-div canvas")
    canvases.first.wait_for()
    assert errors_on(page) == [], f"{CHAPTER}: error output on the hub"
    page.screenshot(path=str(ARTIFACTS / "hub_chapter.png"))

    # the learner edits a notebook (as JupyterLab would save it); the teacher commits a change
    mine = home / "dnn-from-scratch" / "notebooks" / "01_forward_pass.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(EDIT))
    nbformat.write(nb, mine)
    (course_repo / "notebooks" / "NEWS.md").write_text("Chapter 10 comes next week.\n")
    readme = course_repo / "README.md"
    readme.write_text(readme.read_text() + "\nA line the teacher added.\n")
    git("add", "-A", cwd=course_repo)
    git("commit", "--quiet", "-m", "Next week's news", cwd=course_repo)

    # second click: the new commit arrives, the learner's edit stays
    page.goto(link)
    wait_for_notebook(page, "dnn-from-scratch/notebooks/00_start_here.ipynb")
    pulled = home / "dnn-from-scratch"
    assert (pulled / "notebooks" / "NEWS.md").read_text() == "Chapter 10 comes next week.\n"
    assert (pulled / "README.md").read_text().endswith("A line the teacher added.\n")
    assert EDIT in mine.read_text(), "the pull overwrote the learner's edit"
    page.screenshot(path=str(ARTIFACTS / "hub_second_pull.png"))
    page.close()
