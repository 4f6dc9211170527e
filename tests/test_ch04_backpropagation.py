"""Chapter 04 (backpropagation and gradient checking): its plot helpers and its exercise checkers.

(The backward pass and the gradient check are tested in test_gradients.py and
test_document_errors.py; the notebook's worked numbers are in its output-checked cells.)
"""

import numpy as np
import pytest
from matplotlib.colors import to_hex

from dnn_core.curves import finite_difference_errors
from dnn_core.exercises import ExerciseFailed, ch04
from dnn_core.plots import backprop as backprop_plots
from dnn_core.plots.style import COLORS


# ------------------------------------------------------------------ plot helpers
def test_gradient_check_bars_show_the_errors_with_pass_and_fail_colours():
    results = {"right": 3e-10, "wrong": 0.4, "zero": 0.0, "borderline": 2e-7}
    ax = backprop_plots.plot_gradient_check_errors(results).axes[0]
    bars = list(ax.containers[0])
    assert len(bars) == 4
    right_ends = [bar.get_x() + bar.get_width() for bar in bars]
    np.testing.assert_allclose(
        right_ends, [3e-10 + 1e-16, 0.4 + 1e-16, 2e-16, 2e-7 + 1e-16], rtol=1e-12
    )
    colours = [to_hex(bar.get_facecolor()) for bar in bars]
    assert colours == [
        COLORS["green"].lower(),
        COLORS["vermillion"].lower(),
        COLORS["green"].lower(),
        COLORS["vermillion"].lower(),
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(results)
    threshold = next(line for line in ax.lines if line.get_gid() == "threshold")
    assert threshold.get_xdata()[0] == 1e-7
    assert ax.get_xscale() == "log" and ax.get_title()
    assert bars[0].get_y() > bars[1].get_y()  # the first result at the top


def test_gradient_check_plot_draws_into_a_given_ax():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert backprop_plots.plot_gradient_check_errors({"a": 1e-9}, ax=ax) is fig
    assert len(ax.containers[0]) == 1


def test_finite_difference_errors_follow_eps_and_eps_squared():
    eps = np.array([1e-2, 1e-3, 1e-6])
    errors = finite_difference_errors(eps, x=0.5)
    exact = 1 - np.tanh(0.5) ** 2
    np.testing.assert_allclose(
        errors["central"], np.abs((np.tanh(0.5 + eps) - np.tanh(0.5 - eps)) / (2 * eps) - exact)
    )
    # truncation: forward ~ eps, central ~ eps^2 (ten times smaller eps -> 10x and 100x smaller)
    assert errors["forward"][0] / errors["forward"][1] == pytest.approx(10, rel=0.05)
    assert errors["central"][0] / errors["central"][1] == pytest.approx(100, rel=0.05)
    # at dnn_core's eps = 1e-6: central in float64 is far better than forward and than float32
    assert errors["central"][2] < 1e-9 < errors["forward"][2]
    assert errors["central float32"][2] > 1e-4


def test_finite_difference_plot_draws_the_errors():
    errors = finite_difference_errors()
    ax = backprop_plots.plot_finite_difference_errors().axes[0]
    for key in ("forward", "central", "central float32"):
        line = next(line for line in ax.lines if line.get_gid() == key)
        np.testing.assert_array_equal(line.get_xdata(), errors["epsilon"])
        drawn = line.get_ydata()
        shown = errors[key] > 0
        np.testing.assert_array_equal(drawn[shown], errors[key][shown])
        assert np.isnan(drawn[~shown]).all()
    assert ax.get_xscale() == ax.get_yscale() == "log" and ax.get_title()


def test_layer_graph_draws_every_node_and_both_directions():
    ax = backprop_plots.plot_layer_graph().axes[0]
    gids = {patch.get_gid() for patch in ax.patches}
    assert {f"node-{key}" for key in backprop_plots.GRAPH_NODES} <= gids
    for start, end, *_ in backprop_plots.FORWARD_EDGES + backprop_plots.BACKWARD_EDGES:
        assert f"edge-{start}-{end}" in gids
    texts = [t.get_text() for t in ax.texts]
    for _, _, label, *_ in backprop_plots.BACKWARD_EDGES:
        assert label in texts
    assert ax.get_title()


# ------------------------------------------------------------------ exercise checkers
def reference_linear_backward(dZ, cache):
    A_prev, W, b = cache
    return W.T @ dZ, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True)


def reference_relative_error(g, g_approx):
    denominator = np.linalg.norm(g) + np.linalg.norm(g_approx)
    return 0.0 if denominator == 0 else float(np.linalg.norm(g - g_approx) / denominator)


@pytest.mark.parametrize(
    "check, answer",
    [
        (ch04.check_linear_backward, reference_linear_backward),
        (ch04.check_relative_error, reference_relative_error),
    ],
)
def test_checkers_pass_the_reference(check, answer, capsys):
    check(answer)
    assert capsys.readouterr().out.startswith("✔")


def _m(dZ):
    return dZ.shape[1]


@pytest.mark.parametrize(
    "answer, message",
    [
        (
            lambda dZ, c: (
                c[1].T @ dZ,
                dZ @ c[0].T / _m(dZ),
                dZ.sum(axis=1, keepdims=True) / _m(dZ),
            ),
            "you divided dW and db by m -- the source document",
        ),
        (
            lambda dZ, c: (c[1].T @ dZ, dZ @ c[0], dZ.sum(axis=1, keepdims=True)),
            r"dW is missing a transpose: dW = dZ @ A_prev.T",
        ),
        (
            lambda dZ, c: (c[1].T @ dZ, c[0] @ dZ.T, dZ.sum(axis=1, keepdims=True)),
            "your dW is the transpose of the right one",
        ),
        (
            lambda dZ, c: (c[1] @ dZ, dZ @ c[0].T, dZ.sum(axis=1, keepdims=True)),
            r"dA_prev is missing a transpose: dA_prev = W.T @ dZ",
        ),
        (
            lambda dZ, c: (c[1].T @ dZ, dZ @ c[0].T, dZ.mean(axis=1, keepdims=True)),
            r"db is divided by m \(np.mean instead of np.sum\?\)",
        ),
        (lambda dZ, c: (c[1].T @ dZ, dZ @ c[0].T, dZ), "db must be summed over the examples"),
        (lambda dZ, c: (c[1].T @ dZ, dZ @ c[0].T, dZ.sum(axis=0, keepdims=True)), "wrong axis"),
        (lambda dZ, c: (c[1].T @ dZ, dZ @ c[0].T, dZ.sum(axis=1)), "keepdims=True"),
        (
            lambda dZ, c: (dZ @ c[0].T, dZ.sum(axis=1, keepdims=True), c[1].T @ dZ),
            r"order \(dA_prev, dW, db\)",
        ),
    ],
)
def test_linear_backward_checker_names_the_mistake(answer, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch04.check_linear_backward(answer)


def test_linear_backward_checker_catches_the_transpose_in_the_square_case_first():
    """The missing transpose would crash on non-square shapes; the square first case turns it
    into wrong numbers, reported with the value that differs and the hint."""
    with pytest.raises(ExerciseFailed) as failure:
        ch04.check_linear_backward(
            lambda dZ, c: (c[1].T @ dZ, dZ @ c[0], dZ.sum(axis=1, keepdims=True))
        )
    assert "test case 1 of 4: the returned dW differs" in str(failure.value)


def _norm(x):
    return np.linalg.norm(x)


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda g, a: _norm(g - a) / (_norm(g) + _norm(a)), "both gradients are zero"),
        (
            lambda g, a: float(_norm(g - a)) / (float(_norm(g)) + float(_norm(a))),
            "ZeroDivisionError",
        ),
        (lambda g, a: _norm(g - a) / _norm(g), r"not by \|\|g\|\| alone"),
        (lambda g, a: _norm(g - a) / _norm(g + a), r"not \|\|g \+ g_approx\|\|"),
        (lambda g, a: _norm(g - a), "absolute error"),
        (lambda g, a: np.abs(g - a) / (np.abs(g) + np.abs(a)), "return one number"),
    ],
)
def test_relative_error_checker_names_the_mistake(answer, message):
    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed, match=message):
        ch04.check_relative_error(answer)


def test_checkers_say_not_done_yet_for_an_unsolved_exercise():
    def unsolved(*args):
        raise NotImplementedError()

    for check in (ch04.check_linear_backward, ch04.check_relative_error):
        with pytest.raises(ExerciseFailed, match="not done yet"):
            check(unsolved)


def test_checker_reports_an_unknown_mistake_without_a_wrong_hint():
    with pytest.raises(ExerciseFailed) as failure:
        ch04.check_linear_backward(
            lambda dZ, c: (c[1].T @ dZ, 2 * dZ @ c[0].T, dZ.sum(axis=1, keepdims=True))
        )
    assert "differs" in str(failure.value) and "Hint" not in str(failure.value)
