"""pytest, for the whole repository: report how long nbval spends in each notebook.

(The budget: each notebook under 20 s, all of them under 90 s, on two cores. This prints the
times; it does not fail on them -- timings on a shared machine are too noisy for a test.)
"""

from collections import defaultdict

_notebook_seconds = defaultdict(float)


def pytest_runtest_logreport(report):
    """Add up the time nbval spends in each notebook (kernel start-up included)."""
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook execution times (nbval)")
    for path, seconds in sorted(_notebook_seconds.items()):
        flag = "  <-- over the 20 s budget" if seconds > 20 else ""
        terminalreporter.write_line(f"{path:45s} {seconds:6.1f} s{flag}")
    total = sum(_notebook_seconds.values())
    flag = "  <-- over the 90 s budget" if total > 90 else ""
    terminalreporter.write_line(f"{'all notebooks':45s} {total:6.1f} s{flag}")
