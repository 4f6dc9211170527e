"""Chapter 05, gradient descent: the toy surfaces, the descent loop and its verdicts, the
formulas the notebook derives, the figures and GIF, the explorer (headless) and the checkers."""

import asyncio
import warnings

import numpy as np
import pytest
from PIL import Image

from dnn_core import numerical_gradient, relative_error, update_parameters
from dnn_core.exercises import ExerciseFailed, ch05
from dnn_core.plots import descent as plots
from dnn_core.plots.descent_animation import save_descent_animation
from dnn_core.surfaces import (
    SURFACES,
    DescentRun,
    classify_run,
    double_well,
    elongated_bowl,
    get_surface,
    gradient_descent,
    quadratic,
)
from dnn_core.widgets.descent import descent_explorer

ALL_SURFACES = {
    **SURFACES,
    "quadratic a=3.7": quadratic(3.7),
    "bowl 0.2/3": elongated_bowl(0.2, 3.0),
}


# --------------------------------------------------------------------------- surfaces
@pytest.mark.parametrize("name", ALL_SURFACES)
def test_surface_gradient_passes_a_gradient_check(name):
    surface = ALL_SURFACES[name]
    rng = np.random.default_rng(0)
    for _ in range(5):
        low, high = np.array(surface.bounds).T
        theta = rng.uniform(low, high)
        numeric = numerical_gradient(lambda theta=theta: float(surface.value(theta)), theta)
        analytic = surface.gradient(theta)
        assert analytic.shape == theta.shape
        assert relative_error(analytic, numeric) < 1e-7, f"{name} at {theta}"


@pytest.mark.parametrize("name", ALL_SURFACES)
def test_surface_works_on_grids_and_lists_its_minima(name):
    surface = ALL_SURFACES[name]
    grid = np.stack(np.meshgrid(*[np.linspace(lo, hi, 7) for lo, hi in surface.bounds]))
    values, gradients = surface.value(grid), surface.gradient(grid)
    assert values.shape == grid.shape[1:] and gradients.shape == grid.shape
    point = grid[(slice(None),) + (3,) * surface.dim]
    assert values[(3,) * surface.dim] == pytest.approx(float(surface.value(point)))
    for minimum in surface.minima:
        assert np.allclose(surface.gradient(np.array(minimum)), 0, atol=1e-12)
    assert surface.curvature > 0


def test_double_well_has_two_minima_and_the_left_one_is_lower():
    well = double_well()
    (left,), (right,) = well.minima
    assert left == pytest.approx(-1.0467, abs=1e-4) and right == pytest.approx(0.9456, abs=1e-4)
    assert well.value(np.array([left])) < well.value(np.array([right]))
    assert well.curvature == pytest.approx(3 * left**2 - 1)


def test_get_surface_names_the_valid_choices():
    assert get_surface("elongated_bowl") is SURFACES["elongated_bowl"]
    with pytest.raises(ValueError, match="valid: quadratic, double_well, elongated_bowl"):
        get_surface("rosenbrock")
    with pytest.raises(ValueError, match="a must be a finite number > 0"):
        quadratic(-1)


# --------------------------------------------------------------------------- gradient_descent
def test_gradient_descent_keeps_the_path_and_its_losses():
    surface = SURFACES["elongated_bowl"]
    theta0 = np.array(surface.start)
    run = gradient_descent(surface, theta0, 0.5, 7)
    assert isinstance(run, DescentRun) and not run.diverged
    assert run.path.shape == (8, 2) and run.losses.shape == (8,)
    assert np.array_equal(run.path[0], theta0) and np.array_equal(theta0, surface.start)
    np.testing.assert_allclose(run.losses, surface.value(run.path.T))
    for k in range(7):  # each point is one update theta <- theta - alpha * grad
        np.testing.assert_allclose(
            run.path[k + 1], run.path[k] - 0.5 * surface.gradient(run.path[k])
        )


@pytest.mark.parametrize(
    "bad, error", [(0, ValueError), (-0.1, ValueError), (np.nan, ValueError), ("0.1", TypeError)]
)
def test_gradient_descent_rejects_a_bad_learning_rate(bad, error):
    with pytest.raises(error, match="learning_rate"):
        gradient_descent("quadratic", 1.0, bad, 5)


def test_first_order_decrease_is_alpha_times_squared_gradient():
    """J(theta - alpha g) ~ J(theta) - alpha |g|^2 for small alpha (the notebook's Taylor step)."""
    surface = SURFACES["elongated_bowl"]
    theta = np.array([-3.0, 1.2])
    g = surface.gradient(theta)
    for alpha in (1e-3, 1e-4):
        drop = surface.value(theta) - surface.value(theta - alpha * g)
        assert drop / (alpha * g @ g) == pytest.approx(1, abs=2 * alpha * 10)


@pytest.mark.parametrize("a", [0.5, 1.0, 2.0, 4.0, 10.0])
def test_quadratic_path_is_the_closed_form(a):
    """theta_k = (1 - alpha a)^k theta_0 and J_k = (1 - alpha a)^(2k) J_0, as derived."""
    alpha, k = 0.37 / a, np.arange(13)
    run = gradient_descent(quadratic(a), 1.5, alpha, 12)
    np.testing.assert_allclose(run.path[:, 0], (1 - alpha * a) ** k * 1.5, rtol=1e-12)
    np.testing.assert_allclose(run.losses, (1 - alpha * a) ** (2 * k) * run.losses[0], rtol=1e-12)


@pytest.mark.parametrize("a", [0.5, 1.0, 4.0, 10.0])
def test_two_over_a_separates_converging_from_diverging(a):
    below = gradient_descent(quadratic(a), 1.0, 0.99 * 2 / a, 3000)
    above = gradient_descent(quadratic(a), 1.0, 1.01 * 2 / a, 3000)
    assert not below.diverged and abs(below.path[-1, 0]) < 1e-9
    assert above.diverged and len(above.path) < 3001


def test_one_over_a_lands_in_one_step():
    run = gradient_descent(quadratic(4.0), 1.3, 0.25, 3)
    assert run.path[1, 0] == 0.0 and classify_run(*run) == "converge"


def test_elongated_bowl_factors_and_condition_number_bound():
    surface = SURFACES["elongated_bowl"]
    run = gradient_descent(surface, surface.start, 1.8, 5)
    np.testing.assert_allclose(run.path[1:] / run.path[:-1], [[0.82, -0.8]] * 5, rtol=1e-12)
    rates = np.linspace(1e-3, 2 - 1e-9, 1000)  # every stable rate: alpha < 2 / lambda_max
    assert (np.abs(1 - rates * 0.1) > 1 - 2 / 10).all()


def test_divergence_stops_the_run_without_runtime_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning (overflow, invalid) fails the test
        for surface, rate in (("double_well", 3.0), ("quadratic", 50.0), ("elongated_bowl", 1e6)):
            run = gradient_descent(surface, get_surface(surface).start, rate, 500)
            assert run.diverged, surface
            assert (
                len(run.path) < 501
                and np.isfinite(run.path).all()
                and np.isfinite(run.losses).all()
            )
            assert classify_run(*run) == "diverge"


# --------------------------------------------------------------------------- classify_run
@pytest.mark.parametrize(
    "rate, regime", [(0.025, "crawl"), (0.3, "converge"), (0.8, "oscillate"), (1.02, "diverge")]
)
def test_classify_run_names_the_four_regimes_on_the_quadratic(rate, regime):
    run = gradient_descent(quadratic(2.0), 1.5, rate, 20)
    assert classify_run(*run) == regime
    assert classify_run(run.path, run.losses) == regime  # the flag is optional


def test_classify_run_matches_the_theory_on_the_quadratic():
    a, steps = 2.0, 20
    for product in np.linspace(0.01, 2.6, 140):  # product = alpha * a
        if min(abs(product - 1), abs(product - 2)) < 1e-3:
            continue
        expected = (
            "diverge"
            if product > 2
            else "oscillate"
            if product > 1
            else "crawl"
            if (1 - product) ** (steps - 1) > 0.1
            else "converge"
        )
        assert classify_run(*gradient_descent(quadratic(a), 1.0, product / a, steps)) == expected, (
            product
        )


@pytest.mark.parametrize(
    "surface, theta0, rate, regime",
    [
        ("elongated_bowl", None, 0.3, "crawl"),
        ("elongated_bowl", None, 1.8, "oscillate"),
        ("elongated_bowl", None, 2.05, "diverge"),
        ("double_well", -0.3, 0.1, "converge"),
        ("double_well", 0.4, 0.1, "converge"),
    ],
)
def test_classify_run_on_the_other_surfaces(surface, theta0, rate, regime):
    theta0 = get_surface(surface).start if theta0 is None else theta0
    assert classify_run(*gradient_descent(surface, theta0, rate, 30)) == regime


def test_classify_run_needs_two_steps():
    with pytest.raises(ValueError, match="at least 2 steps"):
        classify_run(np.zeros((2, 1)), np.zeros(2))
    assert classify_run(np.zeros((2, 1)), np.zeros(2), diverged=True) == "diverge"
    assert classify_run([[1.0], [2.0], [np.inf]], [1.0, 2.0, np.inf]) == "diverge"


def test_the_start_decides_the_minimum_on_the_double_well():
    well = double_well()
    ends = [gradient_descent(well, start, 0.1, 200).path[-1, 0] for start in (-0.3, 0.4)]
    np.testing.assert_allclose(ends, [m[0] for m in well.minima], atol=1e-6)


# --------------------------------------------------------------------------- figures and GIF
def test_plot_regimes_titles_each_panel_with_its_regime():
    fig = plots.plot_regimes(quadratic(2.0), [0.025, 0.3, 0.8, 1.02], theta0=1.5, steps=20)
    titles = [ax.get_title() for ax in fig.axes]
    for verb, title in zip(("crawls", "converges", "oscillates", "diverges"), titles):
        assert title.endswith(verb)
    path = fig.axes[1].lines[1]  # the converging run's points on the curve
    np.testing.assert_allclose(
        path.get_xdata(), gradient_descent(quadratic(2.0), 1.5, 0.3, 20).path[:, 0]
    )


def test_plot_descent_2d_draws_every_run_and_cuts_the_diverging_one():
    fig = plots.plot_descent_2d("elongated_bowl", [0.3, 1.8, 2.05], steps=30)
    contour_ax, loss_ax = fig.axes
    labels = [line.get_label() for line in contour_ax.lines if not line.get_label().startswith("_")]
    assert [label.split(": ")[1] for label in labels] == ["crawls", "oscillates", "diverges"]
    diverging = [line for line in contour_ax.lines if line.get_label().endswith("diverges")][0]
    assert len(diverging.get_xdata()) < 31  # drawn only up to where it leaves the box
    assert loss_ax.get_yscale() == "log" and len(loss_ax.lines) == 3


def test_plot_cost_curves_one_line_per_rate():
    fig = plots.plot_cost_curves({0.1: [0.5, 0.2, 0.1], 30.0: [0.4, 0.4]}, diverged=(30.0,))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        r"$\alpha$ = 0.1",
        r"$\alpha$ = 30 (diverged)",
    ]


def test_starting_points_figure_labels_where_each_run_ends():
    fig = plots.plot_starting_points("double_well", [-0.3, 0.4])
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "lowest minimum" in texts[0] and "higher minimum" in texts[1]


def test_descent_animation_writes_a_gif(tmp_path):
    path = save_descent_animation(tmp_path / "descent.gif", frames=6, dpi=50)
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.n_frames == 6 and gif.is_animated
        assert gif.size == (round(4.6 * 2 * 50), round(3.0 * 50))
        first = np.asarray(gif.convert("RGB")).copy()
        gif.seek(5)
        last = np.asarray(gif.convert("RGB"))
    assert (first != last).any(), "the frames should differ: the point moves"


def test_descent_animation_default_is_a_small_gif(tmp_path):
    path = save_descent_animation(tmp_path / "gradient_descent.gif")
    with Image.open(path) as gif:
        assert gif.n_frames == 50
        assert gif.width >= 1100, "large enough for a projector"
    assert path.stat().st_size < 1.5e6


def test_descent_animation_needs_a_2d_surface(tmp_path):
    with pytest.raises(ValueError, match="2-D surface"):
        save_descent_animation(tmp_path / "x.gif", surface="quadratic")


# --------------------------------------------------------------------------- explorer
def test_explorer_slider_then_step_moves_theta_and_the_path_artist():
    explorer = descent_explorer()
    assert explorer.state["surface"] == "quadratic" and explorer.state["step"] == 0
    explorer.rate.value = 0.5
    assert explorer.state["learning_rate"] == pytest.approx(0.5, rel=1e-3)
    alpha = explorer.state["learning_rate"]
    explorer.click(explorer.step_button)
    assert explorer.state["step"] == 1
    np.testing.assert_allclose(explorer.state["theta"], [1.0 - alpha * 1.0])
    x, y = explorer.path_line.get_data()
    np.testing.assert_allclose(x, [1.0, 1.0 - alpha])
    np.testing.assert_allclose(y, [0.5, 0.5 * (1.0 - alpha) ** 2])
    explorer.click(explorer.step_button)
    assert len(explorer.path_line.get_xdata()) == 3 and len(explorer.state["path"]) == 3
    assert explorer.state["regime"] == "crawling"  # the last step is still half the first
    assert "step <b>2</b>" in explorer.readout.value
    explorer.run_frames(3)
    assert explorer.state["step"] == 5 and explorer.state["regime"] == "converging"


def test_explorer_huge_learning_rate_ends_diverged_and_reset_restores_the_start():
    explorer = descent_explorer()
    explorer.rate.value = 3.0
    explorer.run_frames(200)
    state = explorer.state
    assert state["regime"] == "diverged" and state["blown_up"] and state["step"] < 200
    assert "blew up" in explorer.readout.value
    stuck_at = state["step"]
    explorer.run_frames(5)  # nothing more happens after the loss blew up
    assert explorer.state["step"] == stuck_at
    explorer.click(explorer.reset_button)
    assert state["step"] == 0 and state["regime"] == "starting" and not state["blown_up"]
    np.testing.assert_array_equal(state["theta"], SURFACES["quadratic"].start)
    assert len(state["path"]) == 1 and len(explorer.path_line.get_xdata()) == 1


def test_explorer_regimes_on_the_valley_and_a_rate_change_starts_over():
    explorer = descent_explorer("elongated_bowl", learning_rate=1.8)
    assert explorer.ax.collections, "the contours are drawn"
    explorer.run_frames(20)
    assert explorer.state["regime"] == "oscillating" and explorer.state["step"] == 20
    path = np.array(explorer.state["path"])
    np.testing.assert_allclose(np.column_stack(explorer.path_line.get_data()), path)
    np.testing.assert_allclose(
        path[-1], gradient_descent("elongated_bowl", (-4.5, 1.5), 1.8, 20).path[-1]
    )
    explorer.rate.value = 0.2
    assert explorer.state["step"] == 0 and len(explorer.state["path"]) == 1
    explorer.run_frames(30)
    assert explorer.state["regime"] == "crawling"


def test_explorer_figure_itself_names_the_rate_the_step_and_the_regime():
    """Readers without a kernel see only the PNG, so the figure repeats the readout."""
    explorer = descent_explorer(learning_rate=1.7).run_frames(12)
    title = explorer.ax_loss.get_title()
    assert "α = 1.7" in title and "step 12" in title and "oscillating" in title
    assert "1.7 < 2: stable" in explorer.stability_note.get_text()
    explorer.rate.value = 3.0
    explorer.run_frames(200)
    assert "diverged" in explorer.ax_loss.get_title()
    assert "unstable" in explorer.stability_note.get_text()
    explorer.click(explorer.reset_button)
    assert "step 0: starting" in explorer.ax_loss.get_title()


def test_explorer_surface_choice_redraws_and_starts_over():
    explorer = descent_explorer(learning_rate=0.1)
    explorer.run_frames(3)
    explorer.choice.value = "double_well"
    assert explorer.state["surface"] == "double_well" and explorer.state["step"] == 0
    explorer.run_frames(1000)  # stops by itself once the steps die out (or at max_steps)
    assert explorer.state["step"] <= 400
    assert explorer.state["theta"][0] == pytest.approx(double_well().minima[0][0], abs=1e-6)
    assert explorer.state["regime"] == "converging"


def test_explorer_run_and_pause_buttons_drive_the_frame_loop():
    explorer = descent_explorer(learning_rate=0.05)

    async def press_run_then_pause():
        explorer.click(explorer.run_button)
        assert explorer.loop.running and explorer.run_button.description == "Pause"
        for _ in range(500):  # the loop pauses 0.05 s between frames; give up after ~5 s
            if explorer.state["step"] >= 3:
                break
            await asyncio.sleep(0.01)
        explorer.click(explorer.run_button)
        await asyncio.sleep(0)
        assert not explorer.loop.running and explorer.run_button.description == "Run"

    asyncio.run(press_run_then_pause())
    assert explorer.state["step"] >= 3


def test_explorer_rejects_an_unknown_surface():
    with pytest.raises(ValueError, match="valid: quadratic"):
        descent_explorer("bowl")


# --------------------------------------------------------------------------- checkers
def test_check_gradient_descent_step(capsys):
    ch05.check_gradient_descent_step(lambda theta, grad, rate: theta - rate * grad)
    assert "✔ gradient_descent_step" in capsys.readouterr().out
    with pytest.raises(ExerciseFailed, match="differs in 3 of 3 entries(.|\n)*stepped uphill"):
        ch05.check_gradient_descent_step(lambda theta, grad, rate: theta + rate * grad)

    def in_place(theta, grad, rate):
        theta -= rate * grad
        return theta

    with pytest.raises(ExerciseFailed, match="changed its argument 1 in place"):
        ch05.check_gradient_descent_step(in_place)
    with pytest.raises(ExerciseFailed, match="differs"):
        ch05.check_gradient_descent_step(lambda theta, grad, rate: theta - grad)


def test_check_largest_stable_learning_rate(capsys):
    ch05.check_largest_stable_learning_rate(lambda a: 2 / a)
    assert "settles just below each limit" in capsys.readouterr().out
    with pytest.raises(
        ExerciseFailed, match="= 1/a: that is the rate that lands on the minimum in one jump"
    ):
        ch05.check_largest_stable_learning_rate(lambda a: 1 / a)
    with pytest.raises(
        ExerciseFailed, match=r"\(1\) is 1.5; .* still converges, so the limit is higher"
    ):
        ch05.check_largest_stable_learning_rate(lambda a: 1.5 / a)
    with pytest.raises(ExerciseFailed, match=r"\(4\) is 8; .* diverges, so the limit is lower"):
        ch05.check_largest_stable_learning_rate(lambda a: 2 * a)
    with pytest.raises(ExerciseFailed, match="expected one positive number"):
        ch05.check_largest_stable_learning_rate(lambda a: np.array([2 / a, 1 / a]))

    def not_done(a):
        raise NotImplementedError()

    with pytest.raises(ExerciseFailed, match="not done yet"):
        ch05.check_largest_stable_learning_rate(not_done)


def test_check_update_parameters(capsys):
    def right(parameters, grads, rate):
        return {k: v - rate * grads["d" + k] for k, v in parameters.items()}

    ch05.check_update_parameters(right)
    ch05.check_update_parameters(update_parameters)
    assert capsys.readouterr().out.count("✔ update_parameters") == 2

    def weights_only(parameters, grads, rate):
        return {k: (v - rate * grads["d" + k] if k[0] == "W" else v) for k, v in parameters.items()}

    with pytest.raises(ExerciseFailed, match=r"value\['b1'\] differs(.|\n)*biases did not move"):
        ch05.check_update_parameters(weights_only)

    def no_return(parameters, grads, rate):
        update_parameters(parameters, grads, rate)

    with pytest.raises(
        ExerciseFailed,
        match=r"returned None; did you forget the `return`\?\nHint: end your function with `return parameters`",
    ):
        ch05.check_update_parameters(no_return)

    def off_by_one(parameters, grads, rate):  # range(L) with names from 0
        for l in range(len(parameters) // 2):
            parameters[f"W{l}"] -= rate * grads[f"dW{l}"]
        return parameters

    with pytest.raises(ExerciseFailed, match="raised KeyError: 'W0'"):
        ch05.check_update_parameters(off_by_one)
