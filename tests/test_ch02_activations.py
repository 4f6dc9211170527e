"""Chapter 02: the activation figures, the gradient-through-depth numbers, the explorer
widget (driven headless) and the exercise checkers (the reference passes, slips fail)."""

import numpy as np
import pytest
from matplotlib.figure import Figure
from registry_cases import hidden_names

from dnn_core import activations as core
from dnn_core.curves import activation_and_derivative
from dnn_core.depth import dead_units, gradient_through_depth
from dnn_core.exercises import ExerciseFailed, ch02
from dnn_core.plots.activations import compare_curves, plot_activation, plot_activation_gallery
from dnn_core.plots.depth import plot_gradient_through_depth, plot_unit_activity
from dnn_core.widgets.activations import activation_explorer

NAMES = hidden_names()  # every hidden activation in the registry
FORMULAS = {  # g and g' written independently of dnn_core, per element
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "relu": (lambda z: np.where(z > 0, z, 0.0), lambda z: np.where(z > 0, 1.0, 0.0)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "tanh": (
        lambda z: (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)),
        lambda z: 4 / (np.exp(z) + np.exp(-z)) ** 2,
    ),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def line(ax, gid):
    found = [artist for artist in ax.lines if artist.get_gid() == gid]
    assert len(found) == 1, f"expected one line with gid {gid!r}, found {len(found)}"
    return found[0]


# --------------------------------------------------------------------------- plot_activation
@pytest.mark.parametrize("name", NAMES)
def test_plot_activation_draws_g_and_its_derivative(name):
    fig = plot_activation(name)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    f, df = FORMULAS[name]
    z, a = line(ax, "activation").get_data()
    np.testing.assert_allclose(a, f(z), atol=1e-12)
    z2, d = line(ax, "derivative").get_data()
    np.testing.assert_array_equal(z, z2)
    np.testing.assert_allclose(d, df(z), atol=1e-12)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "leaky_relu", "relu"])
def test_derivative_curve_equals_a_central_difference(name):
    ax = plot_activation(name).axes[0]
    z, d = line(ax, "derivative").get_data()
    keep = np.abs(z) > 1e-3  # away from the kink of the ReLUs
    h = 1e-5
    forward = core.get_activation(name).forward
    numerical = (forward(z + h)[0] - forward(z - h)[0]) / (2 * h)
    np.testing.assert_allclose(d[keep], numerical[keep], atol=1e-8)


def test_plot_activation_uses_the_given_axes_and_an_activation_object():
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_activation(core.leaky_relu_with(0.2), ax=ax, z=np.linspace(-2, 2, 41)) is fig
    z, a = line(ax, "activation").get_data()
    np.testing.assert_allclose(a, np.where(z > 0, z, 0.2 * z))
    assert "0.2" in ax.get_title()
    assert line(ax, "convention").get_ydata()[0] == pytest.approx(0.2)  # the code's g'(0)


def test_plot_activation_without_derivative():
    ax = plot_activation("tanh", show_derivative=False).axes[0]
    assert [l.get_gid() for l in ax.lines if l.get_gid()] == ["activation"]


def test_relu_convention_dot_sits_at_zero():
    ax = plot_activation("relu").axes[0]
    assert tuple(np.ravel(line(ax, "convention").get_data())) == (0.0, 0.0)


def test_gallery_has_one_panel_per_activation():
    fig = plot_activation_gallery()
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 4
    assert [ax.get_title().split(" ")[0] for ax in visible] == ["Sigmoid", "Tanh", "ReLU", "Leaky"]
    three = plot_activation_gallery(["sigmoid", "relu", "linear"])
    assert sum(ax.get_visible() for ax in three.axes) == 3


def test_activation_and_derivative_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        activation_and_derivative("swish")


# --------------------------------------------------------------------------- depth
def test_sigmoid_gradient_shrinks_at_least_like_a_quarter_per_layer():
    r = gradient_through_depth("sigmoid", depth=20)
    assert r.shape == (21,) and r[0] == 1.0
    assert np.all(np.diff(r) < 0), "the sigmoid's gradient must shrink at every layer"
    per_layer = r[1:] / r[:-1]
    assert np.all(per_layer < 0.3)  # sigma' <= 1/4, Xavier weights keep |W^T v| ~ |v|
    assert r[-1] < 1e-10


def test_relu_and_linear_keep_the_gradient_alive():
    for name in ("relu", "leaky_relu", "linear"):
        r = gradient_through_depth(name, depth=20)
        assert 0.1 < r[-1] < 10, f"{name}: {r[-1]}"
    assert gradient_through_depth("tanh", 20)[-1] > 1e3 * gradient_through_depth("sigmoid", 20)[-1]


def test_gradient_through_depth_is_seeded_and_checks_depth():
    np.testing.assert_array_equal(
        gradient_through_depth("tanh", 5), gradient_through_depth("tanh", 5)
    )
    assert not np.array_equal(
        gradient_through_depth("tanh", 5, seed=1), gradient_through_depth("tanh", 5)
    )
    with pytest.raises(ValueError, match="depth"):
        gradient_through_depth("relu", 0)


def test_plot_gradient_through_depth_lines_hold_the_numbers():
    fig = plot_gradient_through_depth(("sigmoid", "relu"), depth=8)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    k, r = line(ax, "gradient:sigmoid").get_data()
    np.testing.assert_array_equal(k, np.arange(9))
    np.testing.assert_allclose(r, gradient_through_depth("sigmoid", 8))
    np.testing.assert_allclose(line(ax, "bound").get_ydata(), 0.25 ** np.arange(9))
    assert line(ax, "gradient:relu").get_ydata()[-1] > 0.1


# --------------------------------------------------------------------------- other helpers
def test_compare_curves_and_dead_units():
    z = np.linspace(-3, 3, 7)
    ax = compare_curves(z, {"a": z, "b": 2 * z}, title="t").axes[0]
    np.testing.assert_allclose(line(ax, "b").get_ydata(), 2 * z)
    Z = np.array([[-1.0, -2.0, -0.1], [1.0, -1.0, 0.0], [0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(dead_units(Z), [True, False, True])
    fig = plot_unit_activity({"layer": Z})
    assert "2 of 3 units dead" in fig.axes[0].get_title()
    frames = [p for p in fig.axes[0].patches if p.get_gid() == "dead"]
    assert sorted((p.get_y(), p.get_height()) for p in frames) == [(-0.5, 1), (1.5, 1)]
    Z_block = np.vstack([-np.ones((3, 4)), np.ones((2, 4))])  # rows 0-2 dead: one frame, one label
    ax = plot_unit_activity({"layer": Z_block}).axes[0]
    assert [(p.get_y(), p.get_height()) for p in ax.patches if p.get_gid() == "dead"] == [(-0.5, 3)]
    assert any(t.get_text().startswith("3 dead units") for t in ax.texts)
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), Z > 0)


# --------------------------------------------------------------------------- widget
@pytest.fixture
def explorer():
    return activation_explorer()


def test_explorer_dropdown_changes_the_curves(explorer):
    ax_f = explorer.fig.axes[0]
    before = line(ax_f, "activation").get_ydata().copy()
    explorer.controls["activation"].value = "tanh"
    z, a = line(ax_f, "activation").get_data()
    np.testing.assert_allclose(a, np.tanh(z))
    np.testing.assert_allclose(line(ax_f, "derivative").get_ydata(), 1 - np.tanh(z) ** 2)
    assert not np.allclose(a, before)
    assert explorer.state["activation"] == "tanh"


def test_explorer_alpha_slider_only_for_leaky_relu(explorer):
    alpha = explorer.controls["alpha"]
    assert alpha.disabled
    explorer.controls["activation"].value = "leaky_relu"
    assert not alpha.disabled
    alpha.value = 0.2
    z, a = line(explorer.fig.axes[0], "activation").get_data()
    np.testing.assert_allclose(a, np.where(z > 0, z, 0.2 * z))
    assert explorer.state["alpha"] == pytest.approx(0.2)
    explorer.controls["activation"].value = "relu"
    assert alpha.disabled


def test_explorer_depth_slider_changes_the_gradient(explorer):
    depth = explorer.controls["depth"]
    depth.value = 3
    shallow = explorer.state["gradient_at_depth"]
    depth.value = 25
    deep = explorer.state["gradient_at_depth"]
    assert explorer.state["depth"] == 25
    assert deep < shallow * 1e-10  # sigmoid: each layer takes at least a factor 4
    assert deep == pytest.approx(gradient_through_depth("sigmoid", 25)[-1])
    k, r = line(explorer.fig.axes[1], "gradient").get_data()
    assert len(k) == 26 and r[-1] == pytest.approx(deep)


def test_explorer_shows_a_png_to_static_readers(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --------------------------------------------------------------------------- checkers
def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)


def tanh_backward(dA, Z):
    return dA * (1 - np.tanh(Z) ** 2)


def leaky_relu_backward(dA, Z, alpha=0.01):
    return np.where(Z > 0, dA, alpha * dA)


def test_checkers_pass_right_answers(capsys):
    ch02.check_sigmoid_backward(sigmoid_backward)
    ch02.check_tanh_backward(tanh_backward)
    ch02.check_leaky_relu_backward(leaky_relu_backward)
    ch02.check_leaky_relu_backward(lambda dA, Z, alpha=0.01: core.leaky_relu_backward(dA, Z, alpha))
    assert capsys.readouterr().out.count("✔") == 4


@pytest.mark.parametrize(
    "wrong, message",
    [
        (lambda dA, Z: sigmoid_backward(np.ones_like(dA), Z), "multiply the local slope"),
        (lambda dA, Z: dA * Z * (1 - Z), "you used Z in s"),
        (lambda dA, Z: dA / (1 + np.exp(-Z)), r"factor \(1 - s\) is missing"),
        (lambda dA, Z: sigmoid_backward(dA, Z).T, "has shape"),
        (lambda dA, Z: dA * np.tanh(Z), "differs in"),
    ],
)
def test_sigmoid_checker_names_the_mistake(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch02.check_sigmoid_backward(wrong)


@pytest.mark.parametrize(
    "wrong, message",
    [
        (lambda dA, Z: 1 - np.tanh(Z) ** 2, "tanh'\\(Z\\) itself"),
        (lambda dA, Z: dA * (1 - Z**2), "you used Z"),
        (lambda dA, Z: dA * (1 - np.tanh(Z)), "the square is missing"),
    ],
)
def test_tanh_checker_names_the_mistake(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch02.check_tanh_backward(wrong)


def document_leaky_relu_backward(dA, Z, alpha=0.01):
    """The source document's version: dZ = alpha where z <= 0, whatever dA is."""
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = alpha
    return dZ


def test_leaky_checker_rejects_the_documents_version():
    with pytest.raises(
        ExerciseFailed, match=r"wrong where z <= 0 .*dZ = alpha \* dA.*source document"
    ):
        ch02.check_leaky_relu_backward(document_leaky_relu_backward)


@pytest.mark.parametrize(
    "wrong, message",
    [
        (lambda dA, Z, alpha=0.01: np.where(Z >= 0, dA, alpha * dA), "wrong at z = 0"),
        (lambda dA, Z, alpha=0.01: np.where(Z > 0, 1.0, alpha * dA), "wrong where z > 0"),
        (lambda dA, Z, alpha=0.01: np.where(Z > 0, dA, 0.01 * dA), "instead of the alpha"),
        (lambda dA, Z: np.where(Z > 0, dA, 0.01 * dA), "raised TypeError"),
    ],
)
def test_leaky_checker_names_the_mistake(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch02.check_leaky_relu_backward(wrong)


def test_checkers_report_an_unsolved_exercise():
    def unsolved(dA, Z, alpha=0.01):
        raise NotImplementedError()

    for check in (
        ch02.check_sigmoid_backward,
        ch02.check_tanh_backward,
        ch02.check_leaky_relu_backward,
    ):
        with pytest.raises(ExerciseFailed, match="not done yet"):
            check(unsolved)


def test_checker_rejects_changing_the_input_in_place():
    def in_place(dA, Z):
        dA *= 1 - np.tanh(Z) ** 2
        return dA

    with pytest.raises(ExerciseFailed, match="in place"):
        ch02.check_tanh_backward(in_place)
