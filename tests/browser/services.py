"""Servers the browser tests start on 127.0.0.1 (JupyterLab, JupyterHub): one way to start a
process with its output in a log file, wait until it answers, read its log, and stop it."""

import socket
import subprocess
import time
import urllib.request


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """A server process started by a test. Subclasses set ``name`` and ``health`` (the path
    that answers 200 once it is up) and give ``url(path)``."""

    name, health = "the server", ""

    def start(self, command, log_path, **popen):
        self.log_path = log_path
        self.log = open(log_path, "w")  # closed by stop()
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, **popen)

    def wait_until_up(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url(self.health), timeout=3) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"{self.name} did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, n=40):
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])

    def stop(self, grace=20):
        """SIGTERM (a server shuts its kernels or its users' servers down), then SIGKILL."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
