"""One look for every figure: a colour-blind-safe palette, sizes that read on a projector.

``COLORS`` is the Okabe-Ito palette (safe for the common colour-vision
deficiencies). Use ``style()`` as a context manager around figure creation,
or call ``apply()`` once; every plotting helper in dnn_core does the former,
so a figure looks the same in a notebook, in images/ and on a slide.
"""

import contextlib

import matplotlib as mpl
from matplotlib.figure import Figure

COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
CYCLE = [COLORS[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")]
# two-class maps for decision regions: light orange <-> light blue, readable in grey too
DIVERGING = "PuOr"

RC = {
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.frameon": False,
    "lines.linewidth": 2.2,
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",
}


def color_of(item, default=None):
    """The colour an ``Activation`` or ``Loss`` is registered with (its ``color``, a name of
    ``COLORS``), as a hex string; ``default`` when it names none."""
    return COLORS.get(item.color, default)


@contextlib.contextmanager
def style():
    """Context manager: draw figures in the project's style."""
    with mpl.rc_context(RC):
        yield


def apply():
    """Set the project's style for the rest of the session."""
    mpl.rcParams.update(RC)


def axes_or_new(ax=None, figsize=(6, 4)):
    """``ax`` itself, or the single Axes of a new Figure in the project's style.

    Figures are made with ``matplotlib.figure.Figure``, not pyplot: nothing leaks
    into pyplot's global state, and a notebook still shows a returned Figure.
    """
    if ax is not None:
        return ax
    with style():
        return Figure(figsize=figsize, layout="constrained").add_subplot()
