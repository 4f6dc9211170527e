"""Chapter 04 (backpropagation and gradient checking): the claims the notebook makes, its plot
helpers, and its exercise checkers.

The notebook's numbers are repeated here on purpose: if dnn_core changed so that a formula in
the notebook's LaTeX no longer matched what the code runs, these tests fail even before the
notebook is re-executed.
"""

import math

import numpy as np
import pytest
from matplotlib.colors import to_hex

import dnn_core
from dnn_core import (
    Activation,
    L_model_backward,
    L_model_forward,
    Loss,
    compute_cost,
    gradient_check,
    linear_backward,
    losses,
    numerical_gradient,
    relative_error,
)
from dnn_core.exercises import ExerciseFailed, ch04
from dnn_core.plots import backprop as backprop_plots
from dnn_core.plots.style import COLORS


# ------------------------------------------------------------------ the notebook's networks
def worked_example(bias=0.2):
    """Section 6's 2-2-1 network (ReLU, linear output) and its one example."""
    x, y = np.array([[1.0], [2.0]]), np.array([[2.0]])
    parameters = {
        "W1": np.array([[0.5, 0.25], [-1.0, 0.25]]),
        "b1": np.array([[0.1], [bias]]),
        "W2": np.array([[2.0, -1.0]]),
        "b2": np.array([[0.5]]),
    }
    return parameters, x, y


@pytest.fixture(scope="module")
def checked_network():
    """Section 7's 3-5-4-1 network with random non-zero biases, 20 examples."""
    rng = np.random.default_rng(4)
    net = dnn_core.initialize_parameters([3, 5, 4, 1], "xavier", seed=rng)
    for l in (1, 2, 3):
        net[f"b{l}"] = rng.uniform(-0.5, 0.5, net[f"b{l}"].shape)
    X, Y = rng.normal(size=(3, 20)), rng.uniform(0.1, 0.9, (1, 20))
    return net, X, Y


def documents_leaky_relu_backward(dA, cache, *, A=None):
    return np.where(cache > 0, dA, 0.01)


LEAKY_AS_IN_THE_DOCUMENT = Activation(
    "leaky_relu", dnn_core.leaky_relu, documents_leaky_relu_backward
)
MSE_WITH_BCE_GRADIENT = Loss("mse", losses.mse_cost, losses.bce_gradient)


def backward_dividing_by_m_again(AL, Y, caches, hidden, output, loss):
    grads = L_model_backward(AL, Y, caches, hidden, output, loss)
    return {k: v / Y.shape[1] if k[:2] in ("dW", "db") else v for k, v in grads.items()}


# ------------------------------------------------------------------ sections 2 and 3: the formulas
def test_scalar_chain_rule_numbers():
    a, y, w, b = 1.5, 0.2, 0.8, -0.5
    y_hat = math.tanh(w * a + b)
    chain = 2 * (y_hat - y) * (1 - y_hat**2) * a
    assert (round(2 * (y_hat - y), 4), round(1 - y_hat**2, 4), round(chain, 4)) == (
        0.8087,
        0.6347,
        0.77,
    )
    W = np.array([[w]])
    numeric = numerical_gradient(
        lambda: compute_cost(np.tanh(W * a + b), np.array([[y]]), "mse"), W
    )
    assert numeric.item() == pytest.approx(chain, rel=1e-8)


def test_linear_backward_is_the_index_form_of_the_notebook():
    """dW_ij = sum_k dZ_ik A_prev_jk, db_i = sum_k dZ_ik, dA_prev_jk = sum_i W_ij dZ_ik."""
    rng = np.random.default_rng(0)
    n, n_prev, m = 3, 4, 5
    A_prev, W, b, dZ = (rng.normal(size=s) for s in [(n_prev, m), (n, n_prev), (n, 1), (n, m)])
    dA_prev, dW, db = linear_backward(dZ, (A_prev, W, b))
    for i in range(n):
        assert db[i, 0] == pytest.approx(sum(dZ[i, k] for k in range(m)))
        for j in range(n_prev):
            assert dW[i, j] == pytest.approx(sum(dZ[i, k] * A_prev[j, k] for k in range(m)))
    for j in range(n_prev):
        for k in range(m):
            assert dA_prev[j, k] == pytest.approx(sum(W[i, j] * dZ[i, k] for i in range(n)))
    assert (dA_prev.shape, dW.shape, db.shape) == (A_prev.shape, W.shape, b.shape)


def test_layer_formulas_are_derivatives_of_a_scalar_of_Z():
    """With J = sum(G * Z) for a fixed G, dJ/dZ = G, so linear_backward(G, cache) must return the
    numerical derivatives of J with respect to A_prev, W and b."""
    rng = np.random.default_rng(1)
    A_prev, W, b, G = (rng.normal(size=s) for s in [(2, 6), (3, 2), (3, 1), (3, 6)])

    def J():
        return float(np.sum(G * (W @ A_prev + b)))

    dA_prev, dW, db = linear_backward(G, (A_prev, W, b))
    for analytic, array in ((dA_prev, A_prev), (dW, W), (db, b)):
        assert relative_error(analytic, numerical_gradient(J, array)) < 1e-9


# ------------------------------------------------------------------ section 4: the 1/m
@pytest.mark.parametrize("m", [1, 8, 64, 512])
def test_document_style_mse_gradient_is_exactly_the_true_one_over_m(m):
    rng = np.random.default_rng(m)
    X, Y = rng.normal(size=(2, m)), rng.normal(size=(1, m))
    unit = {"W1": np.array([[0.5, -0.3]]), "b1": np.array([[0.1]])}
    AL, caches = L_model_forward(X, unit, "linear", "linear")
    grads = L_model_backward(AL, Y, caches, "linear", "linear", "mse")
    documents_dAL = (2 / m) * (AL - Y)
    np.testing.assert_allclose(grads["dW1"] / m, (1 / m) * documents_dAL @ X.T, rtol=1e-12)
    np.testing.assert_allclose(
        grads["db1"] / m, (1 / m) * documents_dAL.sum(axis=1, keepdims=True), rtol=1e-12
    )
    numeric = numerical_gradient(
        lambda: compute_cost(L_model_forward(X, unit, "linear", "linear")[0], Y, "mse"), unit["W1"]
    )
    assert relative_error(grads["dW1"], numeric) < 1e-7


# ------------------------------------------------------------------ section 5: L_model_backward
def test_every_gradient_has_the_shape_of_its_array_and_there_is_no_dA0():
    rng = np.random.default_rng(2)
    net = dnn_core.initialize_parameters([3, 5, 4, 1], "he", seed=2)
    X, Y = rng.normal(size=(3, 6)), rng.normal(size=(1, 6))
    AL, caches = L_model_forward(X, net, "relu", "linear")
    grads = L_model_backward(AL, Y, caches, "relu", "linear", "mse")
    assert list(grads) == ["dW3", "db3", "dA2", "dW2", "db2", "dA1", "dW1", "db1"]
    for key, gradient in grads.items():
        name = key[1:]
        array = net[name] if name in net else caches[int(name[1:])][0][0]
        assert gradient.shape == array.shape
    np.testing.assert_array_equal(
        caches[1][0][0], L_model_forward(X, {"W1": net["W1"], "b1": net["b1"]}, "relu", "relu")[0]
    )


# ------------------------------------------------------------------ section 6: by hand
def test_hand_computed_gradients_equal_L_model_backward():
    parameters, x, y = worked_example()
    AL, caches = L_model_forward(x, parameters, "relu", "linear")
    assert AL.item() == pytest.approx(2.7) and compute_cost(AL, y, "mse") == pytest.approx(0.49)
    grads = L_model_backward(AL, y, caches, "relu", "linear", "mse")
    by_hand = {
        "dW2": [[1.54, 0]],
        "db2": [[1.4]],
        "dA1": [[2.8], [-1.4]],
        "dW1": [[2.8, 5.6], [0, 0]],
        "db1": [[2.8], [0]],
    }
    for key, value in by_hand.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-12, atol=1e-15)
    assert gradient_check(parameters, x, y, "relu", "linear", "mse") < 1e-7


def test_document_error_3_on_the_worked_example_points_the_wrong_way():
    parameters, x, y = worked_example()
    AL, _ = L_model_forward(x, parameters, "relu", "linear")
    documents_dAL = -(y / AL - (1 - y) / (1 - AL))
    assert documents_dAL.item() == pytest.approx(-(2 / 2.7 - 1 / 1.7))
    assert round(documents_dAL.item(), 4) == -0.1525
    assert losses.mse_gradient(AL, y).item() == pytest.approx(1.4)
    assert np.sign(documents_dAL.item()) != np.sign(AL.item() - y.item())  # raises y_hat, too high


def test_a_relu_kink_gives_a_false_alarm_and_just_off_it_the_check_passes():
    kinked, x, y = worked_example(bias=0.5)
    assert (kinked["W1"] @ x + kinked["b1"])[1, 0] == 0.0
    assert gradient_check(kinked, x, y, "relu", "linear", "mse") > 1e-3
    near, x, y = worked_example(bias=0.51)
    assert gradient_check(near, x, y, "relu", "linear", "mse") < 1e-7


# ------------------------------------------------------------------ sections 7 and 8: the check
@pytest.mark.parametrize("hidden", ["tanh", "relu", "leaky_relu", "sigmoid"])
@pytest.mark.parametrize("output, loss", [("linear", "mse"), ("sigmoid", "binary_cross_entropy")])
def test_correct_backward_passes_on_the_notebooks_network(checked_network, hidden, output, loss):
    net, X, Y = checked_network
    assert gradient_check(net, X, Y, hidden, output, loss) < 1e-7


@pytest.mark.parametrize(
    "label, arguments",
    [
        ("(a) document's leaky ReLU backward", dict(hidden=LEAKY_AS_IN_THE_DOCUMENT)),
        ("(b) MSE cost with the BCE gradient", dict(loss=MSE_WITH_BCE_GRADIENT)),
        ("(c) 1/m twice", dict(backward=backward_dividing_by_m_again)),
    ],
)
def test_each_planted_bug_fails_the_check_clearly(checked_network, label, arguments):
    """The notebook prints "FAILS (relative error > 1e-1)": the error must be clearly above 0.1
    (and a relative error never exceeds 1), while the correct code stays below 1e-7."""
    net, X, Y = checked_network
    setup = dict(hidden="leaky_relu", output="sigmoid", loss="mse")
    arguments = dict(arguments)
    backward = arguments.pop("backward", L_model_backward)
    setup.update(arguments)
    assert gradient_check(net, X, Y, "leaky_relu", "sigmoid", "mse") < 1e-7
    error = gradient_check(
        net, X, Y, setup["hidden"], setup["output"], setup["loss"], backward=backward
    )
    assert error > 1e-3, label
    assert 0.12 < error < 1.0 and math.floor(math.log10(error)) == -1, label


def test_double_division_gives_exactly_m_minus_1_over_m_plus_1(checked_network):
    net, X, Y = checked_network
    error = gradient_check(
        net, X, Y, "leaky_relu", "sigmoid", "mse", backward=backward_dividing_by_m_again
    )
    assert error == pytest.approx(19 / 21, rel=1e-7)


def test_comparing_array_by_array_locates_the_leaky_relu_bug(checked_network):
    net, X, Y = checked_network
    net = {k: v.copy() for k, v in net.items()}
    AL, caches = L_model_forward(X, net, LEAKY_AS_IN_THE_DOCUMENT, "sigmoid")
    grads = L_model_backward(AL, Y, caches, LEAKY_AS_IN_THE_DOCUMENT, "sigmoid", "mse")

    def cost():
        return compute_cost(L_model_forward(X, net, "leaky_relu", "sigmoid")[0], Y, "mse")

    right = {
        k: relative_error(grads["d" + k], numerical_gradient(cost, net[k])) < 1e-7 for k in net
    }
    assert right == {"W1": False, "b1": False, "W2": False, "b2": False, "W3": True, "b3": True}


def test_a_bug_shared_by_forward_and_backward_passes_the_check(checked_network):
    net, X, Y = checked_network
    clamped = Activation(
        "leaky_relu",
        lambda Z: (np.maximum(0.01, Z), Z),
        lambda dA, cache, *, A=None: dA * (cache > 0.01),
    )
    assert gradient_check(net, X, Y, clamped, "sigmoid", "mse") < 1e-7
    A, _ = clamped.forward(np.array([[-3.0, -0.5, 2.0]]))
    assert not np.allclose(A, dnn_core.leaky_relu(np.array([[-3.0, -0.5, 2.0]]))[0])


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
    errors = backprop_plots.finite_difference_errors(eps, x=0.5)
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
    errors = backprop_plots.finite_difference_errors()
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
