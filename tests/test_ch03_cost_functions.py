"""Chapter 03 (cost functions): its plots, its explorer and its exercise checks.

The plots must show what dnn_core's loss objects compute; the explorer must follow its sliders;
each checker must pass the reference and fail the usual wrong answers with a message that names
the mistake. (The losses' own numbers are tested in test_losses.py.)
"""

import numpy as np
import pytest

from dnn_core import (
    LOSSES,
    curves,
)
from dnn_core.exercises import ExerciseFailed, ch03
from dnn_core.plots import losses as loss_plots

CURVES = loss_plots.curve_losses()  # the registry's losses drawable against one prediction
CLOSED_FORM = {  # per-example loss and dL/dy_hat for m = 1, written independently of dnn_core
    "binary_cross_entropy": (
        lambda p, y: -(y * np.log(p) + (1 - y) * np.log(1 - p)),
        lambda p, y: -(y / p - (1 - y) / (1 - p)),
    ),
    "mse": (lambda p, y: (p - y) ** 2, lambda p, y: 2 * (p - y)),
    "mae": (lambda p, y: np.abs(p - y), lambda p, y: np.sign(p - y)),
}


def line(ax, gid):
    found = [artist for artist in ax.lines if artist.get_gid() == gid]
    assert len(found) == 1, f"expected one line with gid {gid!r}, found {len(found)}"
    return found[0]


# ------------------------------------------------------------------ plots
def test_every_built_in_curve_loss_is_checked_against_a_closed_form():
    assert set(CLOSED_FORM) <= set(CURVES) and len(CLOSED_FORM) == 3


@pytest.mark.parametrize("target", [0.0, 1.0, 0.3])
def test_plot_losses_draws_the_loss_objects_values(target):
    ax = loss_plots.plot_losses(target).axes[0]
    for name in CURVES:
        x, y = line(ax, f"loss-{name}").get_data()
        from_loss = [LOSSES[name].cost(np.array([[p]]), np.array([[target]])) for p in x]
        np.testing.assert_allclose(y, from_loss, rtol=1e-12)
        if name in CLOSED_FORM:  # the built-in losses, against formulas written here
            np.testing.assert_allclose(y, CLOSED_FORM[name][0](np.asarray(x), target), rtol=1e-9)


@pytest.mark.parametrize("target", [0.0, 1.0, 0.6])
def test_plot_loss_gradients_draws_the_loss_objects_gradients(target):
    ax = loss_plots.plot_loss_gradients(target).axes[0]
    for name in CURVES:
        x, y = line(ax, f"gradient-{name}").get_data()
        from_loss = [LOSSES[name].gradient(np.array([[p]]), np.array([[target]]))[0, 0] for p in x]
        np.testing.assert_allclose(y, from_loss, rtol=1e-12)
        if name in CLOSED_FORM:
            np.testing.assert_allclose(y, CLOSED_FORM[name][1](np.asarray(x), target), rtol=1e-9)


def test_plot_losses_and_gradients_has_two_titled_panels_and_draws_into_a_given_ax():
    fig = loss_plots.plot_losses_and_gradients(target=0)
    assert len(fig.axes) == 2 and all(ax.get_title() for ax in fig.axes)
    fig, axes = loss_plots.row_of_axes(3)
    assert loss_plots.plot_losses(1, ax=axes[1]) is fig and len(axes[1].lines) >= 3


def test_per_example_rejects_an_unknown_loss():
    with pytest.raises(ValueError, match="unknown loss"):
        curves.per_example("hinge", [0.5], 1)


def test_fused_vs_chain_plot_shows_the_saturation_failure():
    z = np.array([-40.0, -5.0, 0.0, 5.0, 40.0])
    for target in (0, 1):
        fused, chain = curves.fused_and_chain(z, target)
        np.testing.assert_allclose(fused, 1 / (1 + np.exp(-z)) - target, atol=1e-15)
        np.testing.assert_allclose(chain[1:4], fused[1:4], rtol=1e-9)  # agree where unsaturated
    fused, chain = curves.fused_and_chain([40.0], 0)  # sure of 1, truly 0
    assert fused[0] == 1.0 and chain[0] == 0.0  # the chain rule loses the whole gradient
    fused, chain = curves.fused_and_chain([-40.0], 1)
    assert fused[0] == -1.0 and abs(chain[0]) < 0.05
    ax = loss_plots.plot_fused_vs_chain(0, z=z).axes[0]
    np.testing.assert_array_equal(line(ax, "fused").get_ydata(), curves.fused_and_chain(z, 0)[0])
    np.testing.assert_array_equal(line(ax, "chain").get_ydata(), curves.fused_and_chain(z, 0)[1])


def test_plot_outlier_fits_draws_each_fit():
    x = np.linspace(-1, 1, 5)
    fits = {"a": 2 * x, "b": -x + 1}
    ax = loss_plots.plot_outlier_fits(x, x**2, fits, outliers=[2]).axes[0]
    drawn = {artist.get_label(): artist.get_ydata() for artist in ax.lines}
    for label, values in fits.items():
        np.testing.assert_array_equal(drawn[label], values)
    assert len(ax.collections) == 2  # data and outlier


# ------------------------------------------------------------------ the explorer
@pytest.fixture
def explorer():
    from dnn_core.widgets.losses import cost_explorer

    return cost_explorer()


def expected_values(prediction, target):
    AL, Y = np.array([[prediction]]), np.array([[target]])
    return (
        {name: LOSSES[name].cost(AL, Y) for name in CURVES},
        {name: LOSSES[name].gradient(AL, Y)[0, 0] for name in CURVES},
    )


def test_explorer_state_follows_the_prediction_slider(explorer):
    assert set(explorer.state) >= {"prediction", "target", "losses", "gradients"}
    before = dict(explorer.state["losses"])
    explorer.controls["prediction"].value = 0.8
    assert explorer.state["prediction"] == pytest.approx(0.8)
    losses, gradients = expected_values(0.8, explorer.state["target"])
    assert explorer.state["losses"] == pytest.approx(losses, rel=1e-12)
    assert explorer.state["gradients"] == pytest.approx(gradients, rel=1e-12)
    assert explorer.state["losses"] != before


def test_explorer_markers_move_with_the_prediction(explorer):
    explorer.controls["prediction"].value = 0.65
    for name in CURVES:
        x, y = explorer.markers["loss", name].get_data()
        assert x[0] == pytest.approx(0.65)
        assert y[0] == pytest.approx(explorer.state["losses"][name])
        x, y = explorer.markers["gradient", name].get_data()
        assert x[0] == pytest.approx(0.65)
        assert y[0] == pytest.approx(explorer.state["gradients"][name])


def test_explorer_target_slider_redraws_the_curves(explorer):
    explorer.controls["target"].value = 0.0
    assert explorer.state["target"] == 0.0
    for name in CURVES:
        x, y = explorer.curves["loss", name].get_data()
        values, gradients = loss_plots.per_example(name, x, 0.0)
        np.testing.assert_allclose(y, values)
        np.testing.assert_allclose(explorer.curves["gradient", name].get_ydata(), gradients)
    losses, _ = expected_values(explorer.state["prediction"], 0.0)
    assert explorer.state["losses"] == pytest.approx(losses)


def test_explorer_marks_values_off_the_chart_with_a_triangle(explorer):
    explorer.controls["target"].value = 1.0
    explorer.controls["prediction"].value = 0.01  # BCE gradient -100, far below the chart
    marker = explorer.markers["gradient", "binary_cross_entropy"]
    assert marker.get_marker() == "v"
    assert marker.get_ydata()[0] == loss_plots.GRADIENT_YLIM[0]
    assert explorer.state["gradients"]["binary_cross_entropy"] == pytest.approx(-100)
    explorer.controls["prediction"].value = 0.5
    assert marker.get_marker() == "o"


def test_explorer_readout_and_static_image(explorer):
    from dnn_core.widgets._base import Explorer

    explorer.controls["prediction"].value = 0.4
    assert isinstance(explorer, Explorer)
    readout = explorer.ui.children[0].children[-1].value
    assert f"{explorer.state['losses']['mse']:.4f}" in readout
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and len(bundle["image/png"]) > 1000


def test_explorer_rejects_losses_it_cannot_draw():
    from dnn_core.widgets.losses import cost_explorer

    with pytest.raises(ValueError, match="categorical_cross_entropy"):
        cost_explorer(losses=("categorical_cross_entropy",))


# ------------------------------------------------------------------ the exercise checkers
def m_of(Y):
    return Y.shape[1]


EPS = np.finfo(float).eps


def _clipped(AL, eps=EPS):
    return np.clip(AL, eps, 1 - eps)


def bce_reference(AL, Y):
    AL = _clipped(AL)
    return -float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))) / m_of(Y)


def softmax_reference(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


@pytest.mark.parametrize(
    "check, answer",
    [
        (ch03.check_mse_gradient, lambda AL, Y: (2 / m_of(Y)) * (AL - Y)),
        (ch03.check_bce_cost, bce_reference),
        (ch03.check_softmax, softmax_reference),
    ],
)
def test_checkers_pass_the_reference(check, answer, capsys):
    check(answer)
    assert capsys.readouterr().out.startswith("✔")


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda AL, Y: 2 / m_of(Y) * np.sum(AL - Y), "stray sum"),
        (lambda AL, Y: 2 / m_of(Y) * np.sum(AL - Y, axis=1, keepdims=True), "stray sum"),
        (lambda AL, Y: 2 * (AL - Y), "1/m is missing"),
        (lambda AL, Y: 2 * (AL - Y) / m_of(Y) ** 2, "divided by m twice"),
        (lambda AL, Y: (AL - Y) / m_of(Y), "factor 2 is missing"),
        (lambda AL, Y: 2 / m_of(Y) * (Y - AL), "sign is flipped"),
        (lambda AL, Y: 2 / Y.size * (AL - Y), "not Y.size"),
    ],
)
def test_mse_gradient_checker_names_the_mistake(answer, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch03.check_mse_gradient(answer)


def _bce_unclipped(AL, Y):
    return -float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))) / m_of(Y)


@pytest.mark.parametrize(
    "answer, message",
    [
        (_bce_unclipped, "not finite.*np.clip"),
        (lambda AL, Y: _bce_unclipped(_clipped(AL, 1e-15), Y), "different eps"),
        (lambda AL, Y: -bce_reference(AL, Y), "minus sign"),
        (lambda AL, Y: bce_reference(AL, Y) * m_of(Y), "1/m is missing"),
        (
            lambda AL, Y: bce_reference(AL, Y) * m_of(Y) / Y.size,
            "np.mean averages over the output rows",
        ),
        (lambda AL, Y: np.array([[bce_reference(AL, Y)]]), "return one number"),
    ],
)
def test_bce_cost_checker_names_the_mistake(answer, message):
    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed, match=message):
        ch03.check_bce_cost(answer)


def _normalise(E, axis):
    return E / E.sum(axis=axis, keepdims=axis is not None)


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda Z: _normalise(np.exp(Z), 0), "overflows to inf"),
        (lambda Z: _normalise(np.exp(Z - Z.max()), 0), "each column's own maximum"),
        (lambda Z: _normalise(np.exp(Z - Z.max(axis=0, keepdims=True)), 1), "down each column"),
        (lambda Z: _normalise(np.exp(Z - Z.max(axis=0, keepdims=True)), None), "without an axis"),
        (lambda Z: (softmax_reference(Z), Z), "return only A"),
    ],
)
def test_softmax_checker_names_the_mistake(answer, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch03.check_softmax(answer)


def test_checkers_say_not_done_yet_for_an_unsolved_exercise():
    def unsolved(*args):
        raise NotImplementedError()

    for check in (ch03.check_mse_gradient, ch03.check_bce_cost, ch03.check_softmax):
        with pytest.raises(ExerciseFailed, match="not done yet"):
            check(unsolved)


def test_checker_reports_an_unknown_mistake_without_a_wrong_hint():
    with pytest.raises(ExerciseFailed) as failure:
        ch03.check_mse_gradient(lambda AL, Y: 3 * (AL - Y) + 1)
    assert "differs" in str(failure.value) and "Hint" not in str(failure.value)
