"""Chapter 05, gradient descent: the figures and GIF, the explorer (headless) and the checkers.
(The surfaces and the descent loop themselves are tested in test_surfaces.py.)"""

import asyncio

import numpy as np
import pytest
from PIL import Image

from dnn_core import update_parameters
from dnn_core.exercises import ExerciseFailed, ch05
from dnn_core.plots import descent as plots
from dnn_core.plots.descent_animation import save_descent_animation
from dnn_core.surfaces import (
    SURFACES,
    double_well,
    gradient_descent,
    quadratic,
)
from dnn_core.widgets.descent import descent_explorer


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
