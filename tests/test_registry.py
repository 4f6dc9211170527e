"""The registries know everything: an activation added with ``register`` shows up in every
plot and computation that means "all activations", with the title, formula, range,
initialization and colour it was registered with -- no list elsewhere needs editing.

The example is softplus, A = log(1 + e^Z), whose derivative is the sigmoid: dZ = dA * sigma(Z).
"""

import math

import numpy as np
import pytest

from dnn_core.activations import ACTIVATIONS, Activation, hidden_activations, register
from dnn_core.curves import activation_and_derivative, bending_activations
from dnn_core.depth import gradient_through_depth
from dnn_core.losses import LOSSES
from dnn_core.plots.activations import (
    activation_title,
    plot_activation,
    plot_activation_gallery,
)
from dnn_core.plots.depth import plot_gradient_through_depth
from dnn_core.plots.losses import curve_losses, loss_label, plot_losses
from dnn_core.plots.style import COLORS

THE_FOUR = ["sigmoid", "tanh", "relu", "leaky_relu"]  # what the course's figures show today


def softplus(Z):
    """A = log(1 + e^Z), computed as logaddexp(0, Z) so large Z does not overflow."""
    return np.logaddexp(0, Z), Z


def softplus_backward(dA, cache, *, A=None):
    """dZ = dA * sigma(Z)."""
    return dA / (1 + np.exp(-cache))


SOFTPLUS = Activation(
    "softplus",
    softplus,
    softplus_backward,
    title="Softplus",
    label="softplus",
    formula=r"$\log(1 + e^{z})$",
    derivative=r"$\sigma(z)$",
    output_range="(0, ∞)",
    bounds=(0.0, math.inf),
    init="he",
    color="sky",
)


@pytest.fixture
def with_softplus():
    """softplus registered for one test, removed afterwards (the registry as it was)."""
    before = dict(ACTIVATIONS)
    register(SOFTPLUS)
    yield SOFTPLUS
    ACTIVATIONS.clear()
    ACTIVATIONS.update(before)


def lines_by_gid(ax):
    return {line.get_gid(): line for line in ax.lines}


def test_without_it_the_figures_show_the_course_four():
    assert "softplus" not in ACTIVATIONS
    assert bending_activations() == THE_FOUR
    titles = [ax.get_title() for ax in plot_activation_gallery().axes if ax.get_visible()]
    assert [t.split(" — ")[0] for t in titles] == [
        "Sigmoid",
        "Tanh",
        "ReLU",
        "Leaky ReLU (α = 0.01)",
    ]


def test_a_registered_activation_is_listed_everywhere(with_softplus):
    assert "softplus" in hidden_activations()
    # smooth, so after tanh and before the kinked ReLUs
    assert bending_activations() == ["sigmoid", "tanh", "softplus", "relu", "leaky_relu"]


def test_its_curves_come_from_its_own_code(with_softplus):
    z = np.linspace(-4, 4, 81)
    A, dZ = activation_and_derivative("softplus", z)
    np.testing.assert_allclose(A, np.log1p(np.exp(z)), rtol=1e-12)
    np.testing.assert_allclose(dZ, 1 / (1 + np.exp(-z)), rtol=1e-12)


def test_plot_activation_uses_its_title_formula_and_range(with_softplus):
    assert activation_title("softplus") == "Softplus"
    ax = plot_activation("softplus").axes[0]
    assert ax.get_title() == "Softplus — output in (0, ∞)"
    lines = lines_by_gid(ax)
    assert lines["activation"].get_label() == r"$\log(1 + e^{z})$"
    assert lines["derivative"].get_label() == r"$\sigma(z)$"
    assert "convention" not in lines  # not kinked: no dot at z = 0


def test_the_gallery_shows_it(with_softplus):
    visible = [ax for ax in plot_activation_gallery().axes if ax.get_visible()]
    assert len(visible) == 5
    assert any(ax.get_title().startswith("Softplus") for ax in visible)


def test_gradient_through_depth_uses_its_initialization(with_softplus):
    r = gradient_through_depth("softplus", depth=6)
    assert r.shape == (7,) and r[0] == 1.0 and np.all(np.isfinite(r))
    np.testing.assert_array_equal(r, gradient_through_depth("softplus", depth=6, init="he"))
    assert not np.array_equal(r, gradient_through_depth("softplus", depth=6, init="xavier"))


def test_the_depth_figure_draws_it_in_its_colour(with_softplus):
    lines = lines_by_gid(plot_gradient_through_depth(depth=6).axes[0])
    softplus_line = lines["gradient:softplus"]
    assert softplus_line.get_color() == COLORS["sky"]
    assert softplus_line.get_label() == "softplus (he init)"
    np.testing.assert_allclose(softplus_line.get_ydata(), gradient_through_depth("softplus", 6))
    assert {f"gradient:{name}" for name in THE_FOUR} < set(lines)


def test_the_images_include_it(with_softplus):
    from dnn_core import figures
    from dnn_core.figures_thumbnails import in_words

    names = figures.all_figures()
    assert "activation_softplus.png" in names
    assert figures.select(["activation_softplus"]) == ["activation_softplus.png"]
    assert in_words(len(bending_activations())) == "Five"  # chapter 02's thumbnail title


def test_removing_it_removes_it_everywhere():
    assert "softplus" not in ACTIVATIONS
    from dnn_core import figures

    assert "activation_softplus.png" not in figures.all_figures()


def test_loss_curves_read_titles_and_colours_from_the_registry():
    assert curve_losses() == ["binary_cross_entropy", "mse", "mae"]  # not the softmax one
    assert loss_label("mse") == LOSSES["mse"].title == "MSE"
    lines = lines_by_gid(plot_losses(target=1).axes[0])
    for name in curve_losses():
        assert lines[f"loss-{name}"].get_label() == LOSSES[name].title
        assert lines[f"loss-{name}"].get_color() == COLORS[LOSSES[name].color]


def test_a_registered_loss_is_drawn_with_its_title(monkeypatch):
    from dnn_core.losses import Loss

    def log_cosh_cost(AL, Y):
        return float(np.sum(np.log(np.cosh(AL - Y)))) / Y.shape[1]

    def log_cosh_gradient(AL, Y):
        return np.tanh(AL - Y) / Y.shape[1]

    log_cosh = Loss("log_cosh", log_cosh_cost, log_cosh_gradient, title="log-cosh", color="sky")
    monkeypatch.setitem(LOSSES, "log_cosh", log_cosh)
    assert curve_losses() == ["binary_cross_entropy", "mse", "mae", "log_cosh"]
    line = lines_by_gid(plot_losses(target=0.5).axes[0])["loss-log_cosh"]
    assert line.get_label() == "log-cosh" and line.get_color() == COLORS["sky"]
    np.testing.assert_allclose(line.get_ydata()[0], np.log(np.cosh(0.001 - 0.5)))
