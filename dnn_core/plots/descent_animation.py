"""The gradient-descent animation (images/gradient_descent.gif): descent on a 2-D loss surface.

One panel per learning rate: the point moves over the contours and leaves its trail, so a
small step is seen crawling and a large one zig-zagging across the valley. Made with
matplotlib and Pillow (which comes with matplotlib), drawn the same way as ``descent.py``'s
still figures.
"""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from ..surfaces import classify_run, get_surface, gradient_descent
from .descent import RUN_COLORS, VERBS, draw_contours
from .style import style


def save_descent_animation(
    path,
    surface="elongated_bowl",
    learning_rates=(0.2, 1.8),
    theta0=None,
    frames=50,
    fps=8,
    dpi=130,
):
    """Write an animated GIF: one panel per learning rate, the point moving over the contours
    of a 2-D surface and leaving its trail; frame k shows steps 0..k. Returns ``path``.

    The still parts (contours, axes, titles) are drawn once into a picture; each frame only
    draws the trails over it, which keeps making the GIF to a few seconds. All frames share
    one palette (taken from the last, fullest frame), so consecutive frames differ only where
    the trails grew and the GIF stays small at any size.
    """
    surface = get_surface(surface)
    if surface.dim != 2:
        raise ValueError(
            f"surface: the animation needs a 2-D surface, got {surface.name!r} ({surface.dim}-D)"
        )
    colors = RUN_COLORS  # the colours of plot_descent_2d, so the GIF and the figure match
    if not 1 <= len(learning_rates) <= len(colors):
        raise ValueError(
            f"learning_rates: give 1 to {len(colors)} of them, got {len(learning_rates)}"
        )
    theta0 = surface.start if theta0 is None else theta0
    runs = [gradient_descent(surface, theta0, rate, frames - 1) for rate in learning_rates]
    with style():
        still = Figure(figsize=(4.6 * len(runs), 3.0), dpi=dpi, layout="constrained")
        FigureCanvasAgg(still)
        for ax, run, rate in zip(np.atleast_1d(still.subplots(1, len(runs))), runs, learning_rates):
            draw_contours(ax, surface, levels=9, n=120)
            ax.set_title(rf"$\alpha$ = {rate:g}: {VERBS[classify_run(*run)]}")
        still.suptitle("Gradient descent on a long, narrow valley", fontsize=13)
        still.canvas.draw()
        # each run's points, and each panel's box, in the picture's pixels (rows from the top)
        height = still.canvas.get_width_height()[1]
        pixels = [
            ax.transData.transform(run.path) * [1, -1] + [0, height]
            for ax, run in zip(still.axes, runs)
        ]
        boxes = [
            (ax.bbox.x0, height - ax.bbox.y1, ax.bbox.width, ax.bbox.height) for ax in still.axes
        ]
        background = np.asarray(still.canvas.buffer_rgba())[..., :3].copy()
        fig = Figure(figsize=still.get_size_inches(), dpi=dpi)
        canvas = fig.add_axes((0, 0, 1, 1))
        canvas.imshow(background, interpolation="nearest")
        canvas.set_axis_off()
        trails, dots = [], []
        for color, (x, y, width, box_height) in zip(colors, boxes):
            trails += canvas.plot([], [], color=color, linewidth=1.6, marker="o", markersize=3)
            dots += canvas.plot([], [], "o", color=color, markersize=9, markeredgecolor="white")
            for artist in (trails[-1], dots[-1]):  # a run that flies off stays inside its panel
                artist.set_clip_path(
                    Rectangle((x, y), width, box_height, transform=canvas.transData)
                )
        # the step counter also makes every frame differ, so Pillow keeps all of them
        counter = canvas.text(0.01, 0.97, "", transform=canvas.transAxes, va="top", fontsize=12)

    def draw(k):
        for points, trail, dot in zip(pixels, trails, dots):
            shown = points[: min(k, len(points) - 1) + 1]
            trail.set_data(shown[:, 0], shown[:, 1])
            dot.set_data(shown[-1:, 0], shown[-1:, 1])
        counter.set_text(f"step {k}")
        return trails + dots + [counter]

    FigureCanvasAgg(fig)

    def picture(k):
        draw(k)
        fig.canvas.draw()
        return Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())

    palette = picture(frames - 1).quantize(256, method=Image.Quantize.MEDIANCUT)
    images = [picture(k).quantize(palette=palette, dither=Image.Dither.NONE) for k in range(frames)]
    images[0].save(
        path, save_all=True, append_images=images[1:], duration=round(1000 / fps), loop=0
    )
    return path
