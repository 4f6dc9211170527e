"""Chapter 01: the network diagram and the layer-shapes figure, the hand computation of the
notebook, and the exercise checkers (the reference passes, the usual slips fail precisely)."""

import math
import re
from pathlib import Path

import matplotlib.colors as mcolors
import nbformat
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

import dnn_core as dnn
from dnn_core.exercises import ExerciseFailed, ch01
from dnn_core.plots import network
from dnn_core.plots.layer_shapes import plot_layer_shapes
from dnn_core.plots.network import draw_network, shown_units

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_forward_pass.ipynb"


def neurons(ax):
    return [p for p in ax.patches if p.get_gid() == "neuron"]


def weight_collections(ax):
    found = {
        c.get_gid(): c
        for c in ax.collections
        if isinstance(c, LineCollection) and (c.get_gid() or "").startswith("weights")
    }
    return [found[f"weights{l}"] for l in range(1, len(found) + 1)]


def texts(ax, gid=None):
    return [t for t in ax.texts if gid is None or t.get_gid() == gid]


# --------------------------------------------------------------------------- draw_network
@pytest.mark.parametrize(
    "dims",
    [[2, 1], [2, 3, 1], [2, 3, 3, 1], [3, 5, 4, 3, 2], [4, 6, 5, 4, 3, 2], [3, 5, 5, 5, 5, 5, 2]],
)
def test_one_circle_per_neuron_and_one_line_per_weight(dims):
    fig = draw_network(dims)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(neurons(ax)) == sum(dims)
    collections = weight_collections(ax)
    assert len(collections) == len(dims) - 1
    for l, lines in enumerate(collections, start=1):
        assert len(lines.get_segments()) == dims[l] * dims[l - 1]
    assert sum(len(c.get_segments()) for c in collections) == sum(
        a * b for a, b in zip(dims, dims[1:])
    )
    assert not texts(ax, "ellipsis")
    assert ax.get_title()
    assert tuple(fig.get_size_inches()) == (10, 5)


def test_circles_sit_in_one_column_per_layer_and_lines_join_them():
    dims = [2, 3, 3, 1]
    ax = draw_network(dims).axes[0]
    centres = np.array([c.center for c in neurons(ax)])
    xs = sorted(set(np.round(centres[:, 0], 9)))
    assert len(xs) == len(dims)
    for x, n in zip(xs, dims):
        assert np.sum(np.isclose(centres[:, 0], x)) == n
    for l, lines in enumerate(weight_collections(ax), start=1):
        for (x0, y0), (x1, y1) in lines.get_segments():
            assert np.isclose(x0, xs[l - 1]) and np.isclose(x1, xs[l])
            assert any(np.allclose((x0, y0), c) for c in centres)
            assert any(np.allclose((x1, y1), c) for c in centres)


def test_a_wide_layer_is_drawn_as_a_subset_with_an_ellipsis():
    dims = [64, 16, 5, 1]
    ax = draw_network(dims, max_neurons=8).axes[0]
    drawn = [min(n, 8) for n in dims]
    assert len(neurons(ax)) == sum(drawn) == 8 + 8 + 5 + 1
    counts = [len(c.get_segments()) for c in weight_collections(ax)]
    assert counts == [a * b for a, b in zip(drawn, drawn[1:])]
    ellipses = texts(ax, "ellipsis")
    assert len(ellipses) == 2  # the 64-wide input and the 16-wide hidden layer
    labels = [t.get_text() for t in ax.texts]
    assert "$x_{64}$" in labels and "$x_{7}$" in labels and "$x_{8}$" not in labels
    assert any("n^{[0]} = 64" in label for label in labels)
    inputs = sorted((c.center[1] for c in neurons(ax) if np.isclose(c.center[0], 0)), reverse=True)
    gap_y = [t.get_position()[1] for t in ellipses if np.isclose(t.get_position()[0], 0)]
    assert len(gap_y) == 1 and inputs[-1] < gap_y[0] < inputs[-2]  # between x_7 and x_64


def test_shown_units():
    assert shown_units(5, 8) == [0, 1, 2, 3, 4]
    assert shown_units(64, 8) == [0, 1, 2, 3, 4, 5, 6, 63]
    with pytest.raises(ValueError, match="max_neurons"):
        shown_units(5, 1)


@pytest.mark.parametrize("dims", [[3, 4, 2], [2, 16, 16, 1], [20, 6, 3]])
def test_line_widths_follow_the_size_of_the_weights(dims):
    parameters = dnn.initialize_parameters(dims, seed=3)
    ax = draw_network(dims, parameters, max_neurons=8).axes[0]
    drawn = [shown_units(n, 8) for n in dims]
    weights = [
        np.array([parameters[f"W{l}"][j, k] for j in drawn[l] for k in drawn[l - 1]])
        for l in range(1, len(dims))
    ]
    largest = max(np.abs(w).max() for w in weights)
    for w, lines in zip(weights, weight_collections(ax)):
        widths = np.asarray(lines.get_linewidths())
        assert widths.shape == w.shape
        np.testing.assert_allclose(
            widths,
            network.MIN_WIDTH + (network.MAX_WIDTH - network.MIN_WIDTH) * np.abs(w) / largest,
        )
        colors = lines.get_colors()
        positive = np.array(mcolors.to_rgba(network.POSITIVE_COLOR))[:3]
        assert np.all(np.isclose(colors[:, :3], positive).all(axis=1) == (w >= 0))
    assert (
        max(np.asarray(c.get_linewidths()).max() for c in weight_collections(ax))
        == network.MAX_WIDTH
    )
    assert ax.get_legend() is not None


def test_values_are_written_on_the_lines_and_above_the_neurons():
    hand = hand_parameters()
    ax = draw_network(parameters=hand, values=True, show_flow=False).axes[0]  # layer_dims inferred
    assert len(neurons(ax)) == 5
    written = sorted(float(t.get_text()) for t in texts(ax, "weight-value"))
    assert written == sorted(np.concatenate([hand["W1"].ravel(), hand["W2"].ravel()]).tolist())
    biases = sorted(t.get_text() for t in texts(ax, "bias-value"))
    assert biases == ["b = -1", "b = -1", "b = 0.5"]
    with pytest.raises(ValueError, match="pass parameters"):
        draw_network([2, 2, 1], values=True)


def test_weight_values_sit_on_their_own_lines_clear_of_each_other():
    """Each value is written on its line, turned along it, and no two values (on crossing
    lines, or where lines meet at a neuron) are drawn close together."""
    ax = draw_network(parameters=hand_parameters(), values=True, show_flow=False).axes[0]
    labels = texts(ax, "weight-value")
    segments = [np.asarray(s) for lines in weight_collections(ax) for s in lines.get_segments()]
    assert len(labels) == len(segments) == 6
    for label, (start, end) in zip(labels, segments):
        point, direction = np.asarray(label.get_position()) - start, end - start
        t = point @ direction / (direction @ direction)
        assert 0.2 < t < 0.8
        np.testing.assert_allclose(point, t * direction, atol=1e-9)
        angle = math.degrees(math.atan2(direction[1], direction[0]))
        assert math.isclose(label.get_rotation() % 360, angle % 360, abs_tol=1e-6)
    positions = np.array([label.get_position() for label in labels])
    gaps = np.linalg.norm(positions[:, None] - positions[None], axis=-1)[np.triu_indices(6, 1)]
    assert gaps.min() > 0.4


def test_forward_and_backward_flow():
    ax = draw_network([2, 3, 3, 1]).axes[0]
    labels = [t.get_text() for t in ax.texts]
    for expected in [
        "$A^{[0]} = X$",
        "$Z^{[3]} \\to A^{[3]}$",
        r"$\mathcal{J}$",
        "$dA^{[3]} \\to dZ^{[3]}$",
        "$dW^{[1]},\\ db^{[1]}$",
        "forward",
        "backward",
    ]:
        assert expected in labels
    arrows = {p.get_gid(): p for p in ax.patches if p.get_gid() in ("forward", "backward")}
    assert set(arrows) == {"forward", "backward"}
    assert arrows["forward"].get_edgecolor() != arrows["backward"].get_edgecolor()
    quiet = draw_network([2, 3, 3, 1], show_flow=False).axes[0]
    assert not any("dW" in t.get_text() or t.get_text() == "forward" for t in quiet.texts)


def test_draws_into_a_given_axes_and_checks_its_input():
    fig = Figure()
    ax = fig.add_subplot()
    assert draw_network([3, 2], ax=ax) is fig
    assert len(neurons(ax)) == 5
    with pytest.raises(ValueError, match="layer_dims"):
        draw_network([3])
    with pytest.raises(ValueError, match=r"parameters\['W1'\] must have shape \(4, 3\)"):
        draw_network([3, 4, 1], dnn.initialize_parameters([4, 3, 1], seed=0))
    with pytest.raises(ValueError, match="layer_dims or parameters"):
        draw_network()


# --------------------------------------------------------------------------- plot_layer_shapes
def test_layer_shapes_draw_one_cell_per_entry():
    n_prev, n, m = 2, 3, 5
    ax = plot_layer_shapes(n_prev, n, m, unit=1, example=2).axes[0]
    count = {}
    for patch in ax.patches:
        count[patch.get_gid()] = count.get(patch.get_gid(), 0) + 1
    assert count == {
        "W-cell": n * n_prev,
        "A-cell": n_prev * m,
        "b-cell": n,
        "b-broadcast": n * (m - 1),
        "Z-cell": n * m,
    }
    coloured = [
        p.get_gid()
        for p in ax.patches
        if p.get_gid().endswith("cell") and p.get_facecolor()[:3] != (1.0, 1.0, 1.0)
    ]
    assert sorted(coloured) == sorted(
        ["W-cell"] * n_prev + ["A-cell"] * n_prev + ["b-cell", "Z-cell"]
    )
    with pytest.raises(ValueError, match="example"):
        plot_layer_shapes(2, 3, 5, example=5)
    with pytest.raises(ValueError, match="n_prev"):
        plot_layer_shapes(0, 3, 5)


# --------------------------------------------------------------------------- the hand computation
def hand_parameters():
    return {
        "W1": np.array([[0.5, -2.0], [1.5, 0.5]]),
        "b1": np.array([[0.5], [-1.0]]),
        "W2": np.array([[-1.0, 0.6]]),
        "b2": np.array([[-1.0]]),
    }


def test_the_notebook_prints_the_hand_computed_numbers():
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    cell = next(
        c for c in nb.cells if c.cell_type == "code" and 'hand, "relu", "sigmoid"' in c.source
    )
    printed = "".join(o.get("text", "") for o in cell.outputs)
    values = dict(re.findall(r"^(\w+) = \[(.*)\]$", printed, flags=re.M))
    assert values == {"Z1": "-0.5, 2.5", "A1": "0.0, 2.5", "Z2": "0.5", "AL": "0.6225"}
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for step in [
        r"\begin{bmatrix} -0.5 \\ 2.5 \end{bmatrix}",
        r"\begin{bmatrix} 0 \\ 2.5 \end{bmatrix}",
        "= 0.5",
        r"\approx 0.6225",
    ]:
        assert step in markdown


# --------------------------------------------------------------------------- checkers: linear_forward
def test_reference_linear_forward_passes(capsys):
    ch01.check_linear_forward(dnn.linear_forward)
    assert "✔ linear_forward" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, message",
    [
        (lambda A, W, b: (W.T @ A + b, (A, W, b)), r"W\.T @ A \+ b: W is already \(n, n_prev\)"),
        (lambda A, W, b: (W @ A, (A, W, b)), "the bias b is missing"),
        (lambda A, W, b: (W @ A + b.ravel(), (A, W, b)), "b was added along the wrong axis"),
        (lambda A, W, b: (A.T @ W.T + b, (A, W, b)), r"multiply in the order W @ A"),
        (
            lambda A, W, b: (W @ A + b, (W, A, b)),
            r"the cache is \(W, A, b\); it must be \(A, W, b\)",
        ),
        (lambda A, W, b: (W @ A + b, (A, W, W @ A + b)), "entry 2 is not b -- it is Z, the output"),
        (
            lambda A, W, b: (W @ A + b, (A, W)),
            r"must be the tuple \(A, W, b\).*got a tuple of 2 values",
        ),
        (lambda A, W, b: W @ A + b, r"must return two values, \(Z, cache\); got a ndarray"),
        (
            lambda A, W, b: (W @ A + b + 0.1, (A, W, b)),
            r"the returned Z differs in \d+ of \d+ entries",
        ),
    ],
)
def test_wrong_linear_forward_fails_precisely(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch01.check_linear_forward(wrong)


def test_a_transposed_W_on_a_non_square_case_gets_a_shape_hint():
    calls = []

    def transposed(A, W, b):
        calls.append(W.shape)
        if W.shape[0] == W.shape[1]:
            return W @ A + b, (A, W, b)  # right on the square case, so the next one is reached
        return W.T @ A + b, (A, W, b)

    with pytest.raises(
        ExerciseFailed,
        match=r"test case 2 of 5 .*raised ValueError.*\nHint: .*has shape \(3, 4\): "
        r"W's columns meet A's rows",
    ):
        ch01.check_linear_forward(transposed)


def test_unsolved_linear_forward_is_not_done_yet():
    def unsolved(A, W, b):
        raise NotImplementedError()

    with pytest.raises(ExerciseFailed, match="not done yet"):
        ch01.check_linear_forward(unsolved)


# --------------------------------------------------------------------------- checkers: linear_activation_forward
def layer(activation_of=None, cache=None):
    """A linear_activation_forward with one slip: ``activation_of(Z, name) -> A`` and
    ``cache(A_prev, W, b, Z, A)`` replace the right ones."""

    def fn(A_prev, W, b, activation):
        Z = W @ A_prev + b
        A = (activation_of or (lambda Z, g: dnn.get_activation(g).forward(Z)[0]))(Z, activation)
        return A, (cache or (lambda A_prev, W, b, Z, A: ((A_prev, W, b), Z)))(A_prev, W, b, Z, A)

    return fn


def test_reference_linear_activation_forward_passes(capsys):
    ch01.check_linear_activation_forward(dnn.linear_activation_forward)
    ch01.check_linear_activation_forward(layer())
    assert capsys.readouterr().out.count("✔ linear_activation_forward") == 2


@pytest.mark.parametrize(
    "wrong, message",
    [
        (layer(activation_of=lambda Z, g: Z), "A equals Z; apply the activation"),
        (
            layer(activation_of=lambda Z, g: dnn.relu(Z)[0]),
            r"A equals relu\(Z\); use the activation that was passed",
        ),
        (
            layer(cache=lambda A_prev, W, b, Z, A: ((A_prev, W, b), A)),
            r"cache\[1\], holds A; it must hold Z",
        ),
        (
            layer(cache=lambda A_prev, W, b, Z, A: (A_prev, W, b, Z)),
            r"must be a pair \(linear_cache, activation_cache\)",
        ),
        (
            layer(cache=lambda A_prev, W, b, Z, A: ((W, A_prev, b), Z)),
            r"linear cache cache\[0\] is \(W, A_prev, b\)",
        ),
    ],
)
def test_wrong_linear_activation_forward_fails_precisely(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch01.check_linear_activation_forward(wrong)


# --------------------------------------------------------------------------- checkers: L_model_forward
def model(
    stop_early=False,
    hidden_everywhere=False,
    output_everywhere=False,
    reverse=False,
    L_of=lambda parameters: len(parameters) // 2,
    drop_bias=False,
):
    """An L_model_forward with the chosen slips."""

    def fn(X, parameters, hidden, output):
        L, A, caches = L_of(parameters), X, []
        for l in range(1, L if stop_early else L + 1):
            g = output if l == L else hidden
            g = hidden if hidden_everywhere else output if output_everywhere else g
            b = 0 * parameters[f"b{l}"] if drop_bias else parameters[f"b{l}"]
            A, cache = dnn.linear_activation_forward(A, parameters[f"W{l}"], b, g)
            caches.append(cache)
        return A, caches[::-1] if reverse else caches

    return fn


def test_reference_L_model_forward_passes(capsys):
    ch01.check_L_model_forward(dnn.L_model_forward)
    ch01.check_L_model_forward(model())
    assert capsys.readouterr().out.count("✔ L_model_forward: all 4 test cases pass") == 2


@pytest.mark.parametrize(
    "wrong, message",
    [
        (
            model(stop_early=True),
            r"caches has 1 entry; expected one per layer, L = 2\. .*range\(1, L\)",
        ),
        (model(output_everywhere=True), "every layer used the output activation 'sigmoid'"),
        (
            model(hidden_everywhere=True),
            "the last layer used 'relu'; layer L must use output_layer_activation",
        ),
        (model(reverse=True), r"caches is in reverse order"),
        (
            model(L_of=len),
            r"KeyError: '[Wb]3'\nHint: parameters holds W1, b1, \.\.\., WL, bL, so L = len\(parameters\) // 2",
        ),
        (model(drop_bias=True), r"the returned AL differs in \d+ of \d+ entries"),
    ],
)
def test_wrong_L_model_forward_fails_precisely(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch01.check_L_model_forward(wrong)


def test_wrong_caches_in_L_model_forward_are_named_by_layer():
    def swapped_cache(X, parameters, hidden, output):
        AL, caches = dnn.L_model_forward(X, parameters, hidden, output)
        return AL, [((W, A_prev, b), Z) for (A_prev, W, b), Z in caches]

    with pytest.raises(
        ExerciseFailed, match=r"layer 1's linear cache caches\[0\]\[0\] is \(W, A_prev, b\)"
    ):
        ch01.check_L_model_forward(swapped_cache)

    def activation_cache_is_A(X, parameters, hidden, output):
        AL, caches = dnn.L_model_forward(X, parameters, hidden, output)
        outputs = [c[0][0] for c in caches[1:]] + [AL]
        return AL, [(linear, A) for (linear, _), A in zip(caches, outputs)]

    with pytest.raises(
        ExerciseFailed, match=r"layer 1's activation cache, caches\[0\]\[1\] \(it should be Z1\)"
    ):
        ch01.check_L_model_forward(activation_cache_is_A)
