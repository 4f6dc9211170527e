"""The toy surfaces of chapter 05 and gradient descent on them (dnn_core/surfaces.py): each
surface's gradient passes a gradient check, the descent loop keeps its path, the closed forms the
chapter derives on the quadratic hold, and classify_run names the four regimes."""

import warnings

import numpy as np
import pytest

from dnn_core import numerical_gradient, relative_error
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
