"""Showing dnn_core's own source inside a notebook, instead of pasting it.

    from dnn_core.display import show_source
    show_source(dnn_core.linear_forward)

The notebook then displays the code that actually runs, highlighted, with the
file it comes from, so prose and package cannot drift apart. (No line numbers in
the title: an edit elsewhere in the file would change them, and every stored
listing would go stale for nothing. A change to the listed code itself does
make the stored output stale, and nbval then says so.)
The output is Markdown with a fenced code block: JupyterLab highlights it,
and GitHub and nbviewer show it too.
"""

import inspect
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class Source:
    """The source of one or more functions or classes, displayable in Jupyter."""

    def __init__(self, *objects):
        if not objects:
            raise TypeError("show_source needs at least one function, class or module")
        self.parts = [_describe(obj) for obj in objects]

    def _repr_markdown_(self):
        blocks = []
        for title, code in self.parts:
            blocks.append(f"{title}\n\n```python\n{code.rstrip()}\n```")
        return "\n\n".join(blocks)

    def __repr__(self):
        return "\n\n".join(f"# {title}\n{code}" for title, code in self.parts)


def _describe(obj):
    """(title, source) for a function, class or module."""
    target = inspect.unwrap(obj)
    try:
        lines, _ = inspect.getsourcelines(target)
        path = Path(inspect.getsourcefile(target)).resolve()
    except (TypeError, OSError):
        raise TypeError(
            f"cannot show the source of {obj!r}: pass a function, class or module"
        ) from None
    try:
        where = path.relative_to(_PACKAGE_ROOT).as_posix()
    except ValueError:
        where = path.name
    name = getattr(target, "__qualname__", getattr(target, "__name__", ""))
    return f"`{name}` — from `{where}`", "".join(lines)


def show_source(*objects):
    """Display the highlighted source of ``objects`` (functions, classes, modules)."""
    return Source(*objects)
