"""dnn_core's version of an exercise, shown after the learner's check and folded away.

    reference_listing(forward.linear_forward)

displays the same highlighted listing as ``display.show_source``, inside a collapsed
``<details>`` block (JupyterLab, GitHub and nbviewer all open it on a click): the answer is
there to compare with once the check has passed, but not in sight while the learner works.
"""

from ..display import Source

SUMMARY = "dnn_core's version, to compare with yours (click to open)"


class FoldedSource(Source):
    """A ``Source`` whose Markdown is folded into a ``<details>`` block."""

    def __init__(self, *objects, summary=SUMMARY):
        super().__init__(*objects)
        self.summary = summary

    def _repr_markdown_(self):
        return (
            f"<details><summary>{self.summary}</summary>\n\n"
            f"{super()._repr_markdown_()}\n\n</details>"
        )


def reference_listing(*objects, summary=SUMMARY):
    """Display the source of ``objects`` folded away, opened on a click."""
    return FoldedSource(*objects, summary=summary)
