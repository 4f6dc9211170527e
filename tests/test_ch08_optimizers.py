"""Chapter 08, optimizers: the surface runner, the network sweep, the figures and the explorer
(headless). The optimizers' numbers themselves are tested in test_optimizers.py, the exercise
checkers in test_exercises_ch08.py."""

import numpy as np
import pytest

from dnn_core.datasets import moons
from dnn_core.experiments import compare_optimizers
from dnn_core.optimizers import SGD, Adam, RMSProp
from dnn_core.plots import optimizers as plots
from dnn_core.surfaces import SURFACES, elongated_bowl, gradient_descent, optimizer_descent
from dnn_core.widgets.optimizers import optimizer_explorer

VALLEY = SURFACES["elongated_bowl"]


def test_plain_sgd_on_a_surface_is_gradient_descent():
    run = optimizer_descent(VALLEY, VALLEY.start, SGD(0.7), 25)
    expected = gradient_descent(VALLEY, VALLEY.start, 0.7, 25)
    np.testing.assert_allclose(run.path, expected.path, rtol=0, atol=1e-15)
    np.testing.assert_allclose(run.losses, expected.losses, rtol=0, atol=1e-15)


def test_momentum_on_a_surface_follows_the_heavy_ball_equations():
    lr, mu, theta, v = 0.3, 0.8, np.array(VALLEY.start), np.zeros(2)
    points = [theta]
    for _ in range(10):
        v = mu * v + VALLEY.gradient(theta)
        theta = theta - lr * v
        points.append(theta)
    run = optimizer_descent(VALLEY, VALLEY.start, SGD(lr, momentum=mu), 10)
    np.testing.assert_allclose(run.path, points, rtol=1e-12)


def test_a_run_that_blows_up_stops_and_says_so():
    run = optimizer_descent(elongated_bowl(steep=10.0), (1.0, 1.0), SGD(0.5), 200)
    assert run.diverged and len(run.path) < 201 and np.isfinite(run.path).all()


def test_optimizer_descent_refuses_what_is_not_an_optimizer():
    with pytest.raises(TypeError, match="optimizer must have an update"):
        optimizer_descent(VALLEY, VALLEY.start, 0.1, 5)


def test_compare_optimizers_starts_every_run_from_the_same_weights():
    X, Y = moons(120, noise=0.2, seed=1)
    runs = compare_optimizers(X, Y, [2, 4, 1], ["sgd", "adam"], [0.01, 0.1], num_epochs=3)
    assert set(runs) == {(n, r) for n in ("sgd", "adam") for r in (0.01, 0.1)}
    assert all(len(r.costs) == 3 and not r.diverged for r in runs.values())
    first = {round(float(r.costs[0]), 12) for r in runs.values()}
    assert len(first) == 4  # different optimizers and rates move differently from epoch 1
    assert runs["adam", 0.1].epochs_to(np.inf) == 1
    assert runs["adam", 0.1].epochs_to(0.0) is None


def test_the_sweep_figure_draws_one_curve_per_optimizer():
    X, Y = moons(120, noise=0.2, seed=1)
    runs = compare_optimizers(X, Y, [2, 4, 1], ["sgd", "rmsprop"], [0.01, 0.1], num_epochs=2)
    ax = plots.plot_learning_rate_sweep(runs).axes[0]
    curves = [line for line in ax.lines if line.get_label() in ("sgd", "rmsprop")]
    assert [c.get_label() for c in curves] == ["sgd", "rmsprop"]
    np.testing.assert_allclose(
        curves[1].get_ydata(), [runs["rmsprop", r].costs[-1] for r in (0.01, 0.1)]
    )
    assert ax.get_xscale() == "log"


def test_optimizer_runs_start_each_optimizer_afresh():
    adam = Adam(0.3)
    adam.update({"theta": np.ones(2)}, {"dtheta": np.ones(2)})  # some memory to forget
    runs = plots.optimizer_runs(VALLEY, {"Adam": adam}, steps=5)
    fresh = optimizer_descent(VALLEY, VALLEY.start, Adam(0.3), 5)
    np.testing.assert_allclose(runs["Adam"].path, fresh.path)


def test_the_explorer_runs_dnn_core_optimizers_with_the_sliders_settings():
    explorer = optimizer_explorer()
    explorer.controls["lr_rmsprop"].value = 0.05
    explorer.controls["beta1"].value = 0.8
    explorer.run_frames(12)
    runs = explorer.state["runs"]
    assert explorer.state["step"] == 12
    expected = {
        "RMSProp": RMSProp(0.05),
        "Adam": Adam(explorer.controls["lr_adam"].value, beta1=0.8),
        "momentum": SGD(explorer.controls["lr_momentum"].value, momentum=0.7),
    }
    for label, optimizer in expected.items():
        run = optimizer_descent(VALLEY, VALLEY.start, optimizer, 12)
        np.testing.assert_allclose(runs[label]["path"], run.path, rtol=1e-12)
        np.testing.assert_allclose(explorer.lines[label].get_xdata(), run.path[:, 0])


def test_moving_a_slider_or_reset_starts_the_race_again():
    explorer = optimizer_explorer(steps_per_frame=3)
    explorer.click(explorer.controls["step"])
    assert explorer.state["step"] == 3
    explorer.controls["momentum"].value = 0.5
    assert explorer.state["step"] == 0
    assert explorer.state["runs"]["momentum"]["optimizer"].momentum == 0.5
    explorer.run_frames(2)
    explorer.click(explorer.controls["reset"])
    assert explorer.state["step"] == 0
    assert all(len(r["path"]) == 1 for r in explorer.state["runs"].values())


def test_the_explorer_refuses_a_1d_surface_and_unknown_settings():
    with pytest.raises(ValueError, match="2-D"):
        optimizer_explorer("quadratic")
    with pytest.raises(TypeError, match="unknown settings"):
        optimizer_explorer(lr_nesterov=0.1)
