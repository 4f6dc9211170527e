"""Interactive explorers for the notebooks (ipywidgets 8 + ipympl).

Each builder returns an ``Explorer`` (see ``_base.py``) with ``.controls`` (a dict, name ->
widget), ``.state``, ``.fig`` and ``.ui``; those that train or step add Train/Pause, Step and
Reset buttons on a ``FrameLoop``. A notebook shows one with one short cell. Import the
builders from their modules, e.g. ``from dnn_core.widgets.activations import
activation_explorer``.
"""

from ._base import Explorer, FrameLoop, live_figure

__all__ = [
    "Explorer",
    "FrameLoop",
    "live_figure",
]
