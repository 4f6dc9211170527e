"""Chapter 07 (training and prediction): its plots, its explorer and its exercise checks."""

import asyncio
import base64

import numpy as np
import pytest

from dnn_core import DeepNeuralNetwork, batch_generator
from dnn_core.curves import probability_grid
from dnn_core.datasets import digits, moons
from dnn_core.exercises import ExerciseFailed, ch07
from dnn_core.plots.decision import plot_decision_boundary
from dnn_core.plots.evaluation import (
    confusion_matrix,
    plot_confusion_matrix,
    plot_digits,
    plot_misclassified,
)
from dnn_core.widgets.training import training_explorer


@pytest.fixture(scope="module")
def moons_model():
    X, Y = moons(m=200, noise=0.2, seed=0)
    model = DeepNeuralNetwork([2, 8, 8, 1], "tanh", "sigmoid", "binary_cross_entropy", seed=0)
    model.train(X, Y, learning_rate=0.3, num_epochs=60, batch_size=32)
    return model, X, Y


# --- plots/decision.py ---------------------------------------------------------------------------
def test_decision_boundary_image_holds_the_predicted_probabilities(moons_model):
    model, X, Y = moons_model
    fig = plot_decision_boundary(model, X, Y, resolution=40)
    ax = fig.axes[0]
    image = ax.images[0]
    pad = 0.4
    xs = np.linspace(X[0].min() - pad, X[0].max() + pad, 40)
    ys = np.linspace(X[1].min() - pad, X[1].max() + pad, 40)
    points = np.array([[u, v] for v in ys for u in xs]).T  # row by row: y fixed, x varying
    expected = model.predict(points).reshape(len(ys), len(xs))
    np.testing.assert_allclose(np.asarray(image.get_array()), expected, rtol=1e-12)
    assert image.get_extent() == pytest.approx([xs[0], xs[-1], ys[0], ys[-1]])
    assert image.get_clim() == (0.0, 1.0)


def test_decision_boundary_draws_the_half_contour_and_both_classes(moons_model):
    model, X, Y = moons_model
    ax = plot_decision_boundary(model, X, Y, resolution=30).axes[0]
    contours = [c for c in ax.collections if hasattr(c, "levels")]
    assert len(contours) == 1 and list(contours[0].levels) == [0.5]
    scatters = [c for c in ax.collections if not hasattr(c, "levels")]
    for k, points in enumerate(scatters):
        np.testing.assert_array_equal(points.get_offsets(), X[:, Y[0] == k].T)
    assert len(scatters) == 2 and ax.get_title() == "Decision boundary"


def test_probability_grid_orientation(moons_model):
    """P[i, j] belongs to the point (xs[j], ys[i]), so the image is not transposed."""
    model, X, _ = moons_model
    xs, ys, P = probability_grid(model, X, resolution=7)
    assert P.shape == (7, 7)
    assert P[2, 5] == pytest.approx(model.predict(np.array([[xs[5]], [ys[2]]]))[0, 0])


def test_decision_boundary_needs_two_features_and_one_output(moons_model):
    model, X, Y = moons_model
    with pytest.raises(ValueError, match=r"shape \(2, m\)"):
        plot_decision_boundary(model, np.vstack([X, X[:1]]), Y)
    softmax_model = DeepNeuralNetwork(
        [2, 4, 3], "relu", "softmax", "categorical_cross_entropy", seed=0
    )
    with pytest.raises(ValueError, match="one .*output unit"):
        plot_decision_boundary(softmax_model, X, Y)
    with pytest.raises(ValueError, match="one label per column"):
        plot_decision_boundary(model, X, Y[:, :-1])


# --- plots/evaluation.py -------------------------------------------------------------------------
def test_plot_confusion_matrix_shows_the_counts():
    true = np.array([0, 0, 1, 2, 2, 2, 1])
    pred = np.array([0, 1, 1, 2, 0, 2, 1])
    ax = plot_confusion_matrix(true, pred).axes[0]
    np.testing.assert_array_equal(
        np.asarray(ax.images[0].get_array()), confusion_matrix(true, pred)
    )
    texts = sorted((t.get_position(), t.get_text()) for t in ax.texts)
    assert texts == [((0, 0), "1"), ((0, 2), "1"), ((1, 0), "1"), ((1, 1), "2"), ((2, 2), "2")]
    assert "accuracy 71.4%" in ax.get_title()


def test_plot_digits_and_misclassified_show_the_right_images():
    X, labels = digits()
    X, labels = X[:, :20], labels[:20]
    predicted = labels.copy()
    wrong = [3, 7, 11]
    predicted[wrong] = (labels[wrong] + 1) % 10
    fig = plot_misclassified(X, labels, predicted, ncols=2)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 3
    for ax, column in zip(shown, wrong):
        np.testing.assert_array_equal(
            np.asarray(ax.images[0].get_array()), X[:, column].reshape(8, 8)
        )
        assert ax.get_title() == f"pred {predicted[column]}\ntrue {labels[column]}"
    assert "3 of 20 wrong" in fig._suptitle.get_text()
    assert len(plot_misclassified(X, labels, predicted, max_images=2).axes) == 2
    grid = plot_digits(X[:, :5], labels[:5], ncols=3)
    assert [ax.get_title() for ax in grid.axes if ax.images] == [str(n) for n in labels[:5]]
    with pytest.raises(ValueError, match="nothing to show"):
        plot_misclassified(X, labels, labels)
    with pytest.raises(ValueError, match=r"\(64, k\)"):
        plot_digits(X[:10], labels)


# --- widgets/training.py -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared_explorer():
    return training_explorer(epochs_per_frame=5)


@pytest.fixture
def explorer(shared_explorer):
    """The shared explorer, back at its default controls and freshly reset (building one per
    test would cost most of this file's run time)."""
    e = shared_explorer
    e.pause()
    e.layers.value, e.units.value, e.learning_rate.value = 2, 20, 0.1
    e.hidden_activation.value, e.output_activation.value = "relu", "sigmoid"
    e.click(e.reset_button)
    return e


def test_explorer_starts_untrained(explorer):
    s = explorer.state
    assert s["epoch"] == 0 and s["cost"] is None and not s["diverged"]
    assert s["layer_dims"] == [1, 20, 20, 1] and s["hidden_activation"] == "relu"
    assert s["learning_rate"] == pytest.approx(0.1)
    assert explorer.learning_rate.min == -3 and 10**explorer.learning_rate.max == pytest.approx(30)


def test_run_frames_trains_and_updates_the_artists(explorer):
    explorer.run_frames(1)
    assert explorer.state["epoch"] == 5
    first = explorer.state["cost"]
    explorer.run_frames(8)
    assert explorer.state["epoch"] == 45
    assert explorer.state["cost"] < first
    assert explorer.state["cost"] == explorer.model.costs[-1]
    np.testing.assert_allclose(explorer.fit_line.get_ydata(), explorer.model.predict(explorer.X)[0])
    xdata, ydata = explorer.cost_line.get_data()
    np.testing.assert_array_equal(xdata, np.arange(1, 46))
    np.testing.assert_array_equal(ydata, explorer.model.costs)
    assert "epoch</b> 45" in explorer.readout.value
    assert "45 epochs" in explorer.ax_fit.get_title()


def test_architecture_changes_reset_the_model(explorer):
    explorer.run_frames(2)
    explorer.layers.value = 3
    assert explorer.state["epoch"] == 0 and explorer.model.costs == []
    assert explorer.state["layer_dims"] == [1, 20, 20, 20, 1] == explorer.model.layer_dims
    explorer.run_frames(1)
    explorer.units.value = 7
    assert explorer.state["epoch"] == 0 and explorer.state["layer_dims"] == [1, 7, 7, 7, 1]
    explorer.hidden_activation.value = "tanh"
    assert explorer.model.hidden_layer_activation == "tanh" == explorer.state["hidden_activation"]
    assert len(explorer.cost_line.get_xdata()) == 0


def test_learning_rate_change_keeps_training(explorer):
    explorer.run_frames(2)
    explorer.learning_rate.value = 0.01
    assert explorer.state["epoch"] == 10 and explorer.state["learning_rate"] == pytest.approx(0.01)
    explorer.run_frames(1)
    assert explorer.state["epoch"] == 15


def test_sigmoid_output_saturates_at_the_sliders_largest_rate_but_trains_at_10(explorer):
    """Chapter 07's second failure: with the sigmoid output the largest rate on the slider (30)
    does not diverge, it freezes the prediction; 10 still trains."""
    explorer.learning_rate.value = 10**explorer.learning_rate.max
    explorer.run_frames(4, epochs=10)
    prediction = explorer.fit_line.get_ydata()
    assert not explorer.state["diverged"] and np.isfinite(explorer.state["cost"])
    assert np.ptp(prediction) < 1e-6, "the output is stuck at one value"
    assert explorer.state["cost"] > 0.1 and np.ptp(explorer.model.costs[5:]) < 1e-6
    explorer.click(explorer.reset_button)
    explorer.learning_rate.value = 10.0
    explorer.run_frames(4, epochs=10)
    assert explorer.state["cost"] < 0.02 and np.ptp(explorer.fit_line.get_ydata()) > 0.5


def test_run_frames_can_fix_the_epochs_per_frame(explorer):
    explorer.run_frames(3, epochs=7)
    assert explorer.state["epoch"] == 21 == len(explorer.model.costs)
    explorer.run_frames(1)
    assert explorer.state["epoch"] == 26  # back to the explorer's own 5 per frame


def test_reset_returns_to_the_same_first_weights(explorer):
    before = {k: v.copy() for k, v in explorer.model.parameters.items()}
    explorer.run_frames(2)
    explorer.click(explorer.reset_button)
    assert explorer.state["epoch"] == 0
    for key, value in before.items():
        np.testing.assert_array_equal(explorer.model.parameters[key], value)


def test_a_huge_learning_rate_diverges_and_reset_recovers(explorer):
    explorer.output_activation.value = "linear"
    explorer.learning_rate.value = 1.0  # the chapter's claim: a linear output diverges near 1
    explorer.run_frames(3)
    assert explorer.state["diverged"] is True
    assert "diverged" in explorer.readout.value and "Reset" in explorer.readout.value
    assert explorer.frame() is False  # the loop would stop here
    explorer.click(explorer.train_button)  # cannot train on: it asks for Reset
    assert not explorer.loop.running and "Reset first" in explorer.readout.value
    explorer.click(explorer.reset_button)
    assert explorer.state["diverged"] is False and "diverged" not in explorer.readout.value
    explorer.learning_rate.value = 0.05
    explorer.run_frames(1)
    assert np.isfinite(explorer.state["cost"]) and explorer.state["epoch"] == 5


def test_the_sigmoid_output_saturates_instead_of_diverging(explorer):
    explorer.learning_rate.value = 3.0
    explorer.run_frames(2)
    assert explorer.state["diverged"] is False and np.isfinite(explorer.state["cost"])


def test_training_stops_at_max_epochs(explorer):
    explorer.max_epochs = 12
    try:
        explorer.run_frames(5)
    finally:
        explorer.max_epochs = 5000
    assert explorer.state["epoch"] == 12 and explorer.state["running"] is False
    assert "stopped after 12 epochs" in explorer.readout.value


def test_train_and_pause_run_the_frame_loop(explorer):
    async def press_train_then_pause():
        explorer.click(explorer.train_button)
        assert explorer.state["running"] and explorer.train_button.description == "Pause"
        for _ in range(100):
            await asyncio.sleep(0.01)
            if explorer.state["epoch"] >= 10:
                break
        explorer.click(explorer.train_button)
        await asyncio.sleep(0.05)  # let the cancelled task finish

    asyncio.run(press_train_then_pause())
    assert explorer.state["epoch"] >= 10
    assert not explorer.loop.running and explorer.state["running"] is False
    assert explorer.train_button.description == "Train"


def test_explorer_shows_a_png_to_static_readers(explorer):
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --- exercises/ch07.py ---------------------------------------------------------------------------
def test_the_references_pass_their_checks(capsys):
    ch07.check_predict_labels(ch07.predict_labels)
    ch07.check_accuracy(ch07.accuracy)
    ch07.check_train_one_epoch(ch07.train_one_epoch)
    assert capsys.readouterr().out.count("✔") == 3


@pytest.mark.parametrize(
    "wrong, message",
    [
        (
            lambda AL: (AL >= 0.5).astype(int) if AL.shape[0] == 1 else AL.argmax(axis=0),
            r"index \(0, 1\): got 1, expected 0\nHint: a probability of exactly 0.5",
        ),
        (
            lambda AL: (AL > 0.5).astype(int) if AL.shape[0] == 1 else AL.argmax(axis=1),
            r"test case 3 of 4: the returned value has shape \(4,\); expected \(7,\)\nHint: .*axis 0",
        ),
        (lambda AL: (AL > 0.5).astype(int), r"shape \(4, 7\); expected \(7,\)\nHint: .*arg-max"),
        (lambda AL: None, "returned None"),
        (
            lambda AL: AL > 0.5 if AL.shape[0] == 1 else AL.argmax(axis=0),
            r"dtype bool; expected an integer array\nHint: .*\.astype\(int\)",
        ),
        (
            lambda AL: (AL > 0.5).astype(float) if AL.shape[0] == 1 else AL.argmax(axis=0),
            r"dtype float64; expected an integer array\nHint: .*integers",
        ),
    ],
)
def test_check_predict_labels_explains_wrong_answers(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch07.check_predict_labels(wrong)


@pytest.mark.parametrize(
    "wrong, message",
    [
        (lambda AL, Y: float(np.mean(AL == Y)), "Hint: compare labels, not probabilities"),
        (
            lambda AL, Y: float(np.mean(ch07.predict_labels(AL) == Y)),
            r"Hint: .*Y\.argmax\(axis=0\)",
        ),
        (
            lambda AL, Y: 100 * ch07.accuracy(AL, Y),
            "is 50.0; expected 0.5\nHint: .*not a percentage",
        ),
    ],
)
def test_check_accuracy_explains_wrong_answers(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch07.check_accuracy(wrong)


def _epoch_averaging_batch_costs(parameters, X, Y, learning_rate, batch_size, hidden, output, loss):
    """The source document's epoch cost: the plain mean of the batch costs."""
    import dnn_core

    costs = []
    for X_batch, Y_batch in batch_generator(X, Y, batch_size, shuffle=False):
        AL, caches = dnn_core.L_model_forward(X_batch, parameters, hidden, output)
        costs.append(dnn_core.compute_cost(AL, Y_batch, loss))
        grads = dnn_core.L_model_backward(AL, Y_batch, caches, hidden, output, loss)
        dnn_core.update_parameters(parameters, grads, learning_rate)
    return float(np.mean(costs))


def _epoch_without_return(parameters, X, Y, *rest):
    ch07.train_one_epoch(parameters, X, Y, *rest)


def _epoch_on_new_dict(parameters, X, Y, learning_rate, batch_size, hidden, output, loss):
    return ch07.train_one_epoch(
        dict((k, v.copy()) for k, v in parameters.items()),
        X,
        Y,
        learning_rate,
        batch_size,
        hidden,
        output,
        loss,
    )


@pytest.mark.parametrize(
    "wrong, message",
    [
        (_epoch_averaging_batch_costs, r"returned cost is .*\nHint: you averaged the batch costs"),
        (
            lambda p, X, *rest: ch07.train_one_epoch(p, X, *rest) * X.shape[1],
            "Hint: divide .* by m",
        ),
        (_epoch_without_return, "returned None"),
        (_epoch_on_new_dict, r"the returned parameters\['W1'\] differs"),
    ],
)
def test_check_train_one_epoch_explains_wrong_answers(wrong, message):
    with pytest.raises(ExerciseFailed, match=message):
        ch07.check_train_one_epoch(wrong)


def test_unfinished_exercises_say_not_done_yet():
    def unfinished(*args):
        raise NotImplementedError()

    for check in (ch07.check_predict_labels, ch07.check_accuracy, ch07.check_train_one_epoch):
        with pytest.raises(ExerciseFailed, match="not done yet"):
            check(unfinished)
