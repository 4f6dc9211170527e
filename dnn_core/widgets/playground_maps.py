"""What every unit of the playground's network computes, and how its weights look (no widgets).

The network view (``playground_network``) draws unit j of layer l as a small heat map: its
output A[l][j] at every point of the grid that the decision regions are drawn on. All maps
come from ONE forward pass of the whole grid through the chapters' ``L_model_forward``:

    AL, caches = L_model_forward(X_grid, parameters, hidden, output)      X_grid = A[0]
    caches[l] = ((A[l], W[l+1], b[l+1]), Z[l+1])      the input of layer l + 1 is A[l]

so A[0], ..., A[L-1] are read from the caches and A[L] = AL; nothing is computed twice.
The weights W[l][j, i] (unit i of layer l-1 -> unit j of layer l) become lines: blue for a
positive weight, orange for a negative one, wider and more opaque the larger |w| is.
"""

import numpy as np
from matplotlib.colors import to_rgb

from ..forward import L_model_forward
from ..plots.style import COLORS
from .playground_figure import nice_ceiling

WIDTHS = (0.3, 3.5)  # line width (points) of w = 0 and of |w| -> infinity
ALPHAS = (0.25, 0.95)  # opacity likewise
POSITIVE, NEGATIVE = to_rgb(COLORS["blue"]), to_rgb(COLORS["orange"])


def map_grid(session):
    """(points, shape): the grid's pixel centres in the NETWORK's coordinates, (n_features,
    k), and the (rows, columns) shape of one map; None for data that is not drawn in 2-D.
    Two features: the decision image's G x G grid; one feature: G points along x (one row)."""
    if session.drawable == "classes":
        xx, yy = session.grid()
        points = np.vstack([xx.ravel(), yy.ravel()])
        shape = xx.shape
    elif session.drawable == "curve":
        x0, x1 = session.extent()[:2]
        n = session.grid_size
        points = (x0 + (np.arange(n) + 0.5) * (x1 - x0) / n).reshape(1, -1)
        shape = (1, n)
    else:
        return None
    return (points - session.shift) / session.scale, shape


def unit_maps(session):
    """[A[0], A[1], ..., A[L]] over the grid, A[l] of shape (n[l], rows, columns): the
    output of every unit of every layer (A[0]: the input features), from one forward pass;
    None when the data is not drawn in 2-D (more than two features)."""
    grid = map_grid(session)
    if grid is None:
        return None
    points, shape = grid
    model = session.model
    with np.errstate(all="ignore"):  # huge weights just before a divergence: no warnings
        AL, caches = L_model_forward(points, model.parameters, model.hidden, model.output)
    activations = [cache[0][0] for cache in caches] + [AL]  # cache[0] = (A_prev, W, b)
    return [A.reshape(A.shape[0], *shape) for A in activations]


def layer_range(A, bounds):
    """(low, high): the values at the two ends of the colour map for a layer's maps A: a
    bounded activation's range (tanh, sigmoid); for an unbounded one (ReLU, linear, the
    inputs) -top .. top, top the layer's largest |A| rounded up to 1, 2, 5, 10, 20, ... (so
    it changes now and then, not in every frame), which keeps 0 white."""
    low, high = bounds
    if np.isfinite(low) and np.isfinite(high):
        return float(low), float(high)
    with np.errstate(all="ignore"):
        top = float(np.nanmax(np.abs(A))) if A.size else 1.0
    top = nice_ceiling(top) if np.isfinite(top) and top > 1e-12 else 1.0
    return -top, top


def colour_scale(A, bounds):
    """A layer's maps as numbers in [0, 1] for the orange-white-blue colour map: 0 at
    ``layer_range``'s low end, 1 at its high end."""
    low, high = layer_range(A, bounds)
    with np.errstate(all="ignore"):
        scaled = (A - low) / (high - low)
    return np.clip(np.nan_to_num(scaled, nan=0.5), 0.0, 1.0)


def weight_styles(parameters, L, thin=1.0):
    """(colours (k, 4) RGBA, widths (k,)) of the k weight lines, in the order W1, ..., WL,
    each W[l] row by row (W[l][j, i] for j, then i): the order of ``network_segments``.
    ``thin`` (0 < thin <= 1) scales widths and opacities down for dense networks."""
    w = np.concatenate([parameters[f"W{l}"].ravel() for l in range(1, L + 1)])
    with np.errstate(all="ignore"):
        size = np.tanh(np.abs(np.nan_to_num(w, nan=0.0)))  # 0 .. 1, growing with |w|
    colours = np.empty((w.size, 4))
    colours[:, :3] = np.where((w >= 0)[:, None], POSITIVE, NEGATIVE)
    colours[:, 3] = thin * (ALPHAS[0] + (ALPHAS[1] - ALPHAS[0]) * size)
    return colours, thin * (WIDTHS[0] + (WIDTHS[1] - WIDTHS[0]) * size)


def network_segments(centres):
    """The line from unit i of layer l-1 to unit j of layer l, for every weight W[l][j, i],
    in ``weight_styles``' order; ``centres[l]`` is an (n[l], 2) array of unit centres."""
    return [
        (centres[l - 1][i], centres[l][j])
        for l in range(1, len(centres))
        for j in range(len(centres[l]))
        for i in range(len(centres[l - 1]))
    ]
