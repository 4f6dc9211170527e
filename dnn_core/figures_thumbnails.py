"""The README's chapter thumbnails: one small picture per notebook, drawn by that chapter's helpers.

``THUMBNAILS`` maps a chapter number ("00" ... "11") to a function that writes
images/thumbnails/NN.png, exactly ``SIZE`` pixels (the picture scaled to fit, centred on
white). Each draws into a small Figure so its text stays legible at that size. Seeded.

Beside ``dnn_core.figures`` at the top of the package: ``figures`` imports this module, never
the other way round, and nothing else imports either (chapter 10's thumbnail drives the
playground widget, which only the top may do).
"""

import io

import numpy as np
from matplotlib.figure import Figure

from .plots.style import style

SIZE = (320, 200)  # width, height in pixels
RENDER_DPI = 100  # drawn at this resolution, then scaled down to SIZE


def small_axes(figsize=(4.8, 3.0)):
    """One Axes on a new thumbnail-sized Figure, in the project style."""
    with style():
        return Figure(figsize=figsize, layout="constrained").add_subplot()


def save_thumbnail(fig, path, size=SIZE):
    """Render ``fig``, scale it to fit ``size`` (keeping its proportions), pad with white."""
    from PIL import Image, ImageOps

    buffer = io.BytesIO()
    with style():
        fig.savefig(buffer, format="png", dpi=RENDER_DPI, facecolor="white")
    buffer.seek(0)
    with Image.open(buffer) as image:
        picture = ImageOps.pad(
            image.convert("RGB"), size, method=Image.Resampling.LANCZOS, color="white"
        )
    picture.save(path, optimize=True)
    return path


def ch00(path):
    """Start here: what the course builds, a network that separates two moons."""
    from .datasets import moons
    from .model import DeepNeuralNetwork
    from .plots.decision import plot_decision_boundary

    X, Y = moons(m=400, noise=0.15, seed=0)
    model = DeepNeuralNetwork([2, 16, 16, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    model.train(X, Y, learning_rate=0.3, num_epochs=300, batch_size=32)
    fig = plot_decision_boundary(
        model, X, Y, ax=small_axes(), title="A trained 2-16-16-1 network", colorbar=False
    )
    return save_thumbnail(fig, path)


def ch01(path):
    """The forward pass: a network's neurons and weights (width |w|, colour the sign)."""
    from .parameters import initialize_parameters
    from .plots.network import draw_network

    parameters = initialize_parameters([2, 3, 3, 1], "he", seed=0)
    fig = draw_network(
        [2, 3, 3, 1],
        parameters,
        show_flow=False,
        ax=small_axes((8, 4)),
        title="Weights: width |w|, colour the sign",
    )
    fig.axes[0].get_legend().remove()  # the title says it, in fewer pixels
    return save_thumbnail(fig, path)


def ch02(path):
    """Activation functions: every one that bends (sigmoid, tanh, ReLU, leaky ReLU) on one set
    of axes, labelled as registered; the leaky ReLU with alpha = 0.1, a slope one can see."""
    from .activations import ACTIVATIONS, leaky_relu_with
    from .curves import activation_and_derivative, bending_activations
    from .plots.activations import compare_curves

    z = np.linspace(-3, 3, 601)
    curves = {}
    for name in bending_activations():
        g = ACTIVATIONS[name]
        label = g.label or name
        if name == "leaky_relu":
            g, label = leaky_relu_with(0.1), f"{label}, α = 0.1"
        curves[label] = activation_and_derivative(g, z)[0]
    title = f"{in_words(len(curves))} activations $g(z)$"
    fig = compare_curves(z, curves, ax=small_axes(), title=title)
    return save_thumbnail(fig, path)


def in_words(n):
    """ "Four" for 4: a count from one to ten as a title starts it, else the digits."""
    words = "One Two Three Four Five Six Seven Eight Nine Ten".split()
    return words[n - 1] if 1 <= n <= len(words) else str(n)


def ch03(path):
    """Cost functions: binary cross-entropy, MSE and MAE against the prediction."""
    from .plots.losses import plot_losses

    return save_thumbnail(plot_losses(target=1, ax=small_axes()), path)


def ch04(path):
    """Backpropagation: one layer as a graph, values forward and gradients back."""
    from .plots.backprop import plot_layer_graph

    return save_thumbnail(plot_layer_graph(ax=small_axes((7.2, 4.5))), path)


def ch05(path):
    """Gradient descent: two step sizes on a long, narrow valley."""
    from .plots.descent import plot_path_2d
    from .surfaces import get_surface, gradient_descent

    valley = get_surface("elongated_bowl")
    runs = [gradient_descent(valley, valley.start, rate, 30) for rate in (0.3, 1.8)]
    fig = plot_path_2d(
        valley,
        runs,
        [r"$\alpha$ = 0.3", r"$\alpha$ = 1.8"],
        ax=small_axes(),
        title="Descent on a narrow valley",
    )
    return save_thumbnail(fig, path)


def ch06(path):
    """Mini-batches: the data matrix cut into shuffled column blocks."""
    from .plots.batches import plot_minibatches

    fig = plot_minibatches(n_features=3, m=10, batch_size=4, shuffled=True, ax=small_axes((9.5, 4)))
    return save_thumbnail(fig, path)


def ch07(path):
    """Training and prediction: the document's attenuated sine after 3000 epochs."""
    from .experiments import document_run
    from .plots.training import plot_fit

    x, Y, snapshots = document_run()
    last = max(snapshots)
    return save_thumbnail(
        plot_fit(x, Y, snapshots[last], ax=small_axes(), title=f"epoch {last}"), path
    )


def ch08(path):
    """Optimizers: gradient descent, momentum, RMSProp and Adam on chapter 05's valley."""
    from .optimizers import SGD, Adam, RMSProp
    from .plots.descent import plot_path_2d
    from .plots.optimizers import optimizer_runs

    runs = optimizer_runs(
        "elongated_bowl",
        {"SGD": SGD(1.8), "momentum": SGD(0.6, momentum=0.7), "RMSProp": RMSProp(0.1),
         "Adam": Adam(0.3)},
        steps=30,
    )  # fmt: skip
    ax = small_axes((6.4, 3.4))
    fig = plot_path_2d("elongated_bowl", list(runs.values()), list(runs), ax=ax, title="")
    with style():
        ax.legend(loc="lower right", fontsize=8, ncols=2)
    return save_thumbnail(fig, path)


def ch10(path):
    """The playground, headless: the default moons network after 40 frames of training."""
    from .widgets.playground import playground

    pg = playground()
    pg.run_frames(40)
    return save_thumbnail(pg.fig, path)


def ch11(path):
    """Making it fast: one matrix product computes a layer for all m examples at once."""
    from .plots.layer_shapes import plot_layer_shapes

    return save_thumbnail(plot_layer_shapes(n_prev=2, n=3, m=4, ax=small_axes((6.4, 4.0))), path)


THUMBNAILS = {
    function.__name__[2:]: function
    for function in (ch00, ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch10, ch11)
}  # chapter 09's (regularization) comes with the chapter
