"""Chapter 09's experiments, plots and explorer: the split is what it says, the overfitting it is
built to show happens (and L2 and early stopping tame it), dropout's mean and its forgotten-at-
prediction noise are what the chapter claims, each figure draws the numbers it is given, and the
lambda explorer retrains and redraws when its slider moves."""

import numpy as np
import pytest

from dnn_core.metrics import accuracy
from dnn_core.overfitting import (
    LAYER_DIMS,
    dropout_mean,
    dropout_predictions,
    noisy_moons_split,
    train_lambdas,
    train_regularized,
    weights_of,
)
from dnn_core.plots import regularization as plots

FAST = {"num_epochs": 150}  # enough for the unregularized network to overfit


@pytest.fixture(scope="module")
def split():
    return noisy_moons_split()


@pytest.fixture(scope="module")
def runs(split):
    return {
        "none": train_regularized(split, **FAST),
        "l2": train_regularized(split, l2=1.0, **FAST),
        "stopped": train_regularized(split, patience=20, **FAST),
    }


def test_the_split_is_three_disjoint_sets_of_the_asked_sizes(split):
    sizes = [split.X_train.shape[1], split.X_val.shape[1], split.X_test.shape[1]]
    assert sizes == [50, 200, 200]
    columns = np.hstack([split.X_train, split.X_val, split.X_test]).T
    assert len({tuple(c) for c in columns}) == 450, "no example in two sets"
    again = noisy_moons_split()
    assert all(np.array_equal(a, b) for a, b in zip(split, again)), "seeded"
    assert not np.array_equal(noisy_moons_split(seed=9).X_train, split.X_train)
    assert split.validation[0] is split.X_val


def test_the_big_network_overfits_and_l2_and_early_stopping_tame_it(runs, split):
    none, l2, stopped = runs["none"], runs["l2"], runs["stopped"]
    assert none.layer_dims == LAYER_DIMS
    assert none.cost(split.X_train, split.Y_train) < 0.05, "it memorizes the training set"
    val = np.array(none.val_costs)
    assert len(val) == len(none.costs) == FAST["num_epochs"]
    assert val[-1] > 1.5 * val.min(), "the validation cost turns up"
    assert l2.val_costs[-1] < 0.6 * none.val_costs[-1]
    assert np.max(np.abs(weights_of(l2))) < 0.5 * np.max(np.abs(weights_of(none)))
    assert stopped.best_epoch is not None and len(stopped.costs) == stopped.best_epoch + 20
    assert stopped.cost(split.X_val, split.Y_val) == pytest.approx(min(stopped.val_costs))


def test_train_lambdas_trains_one_model_per_strength_from_the_same_start(split):
    models = train_lambdas(split, [0.0, 3.0], num_epochs=2)
    assert list(models) == [0.0, 3.0] and models[3.0].l2 == 3.0
    assert models[0.0].costs[0] < models[3.0].costs[0], "the same weights, plus a penalty"


def test_weights_of_holds_every_weight_and_no_bias(runs):
    model = runs["none"]
    assert weights_of(model).size == sum(a * b for a, b in zip(LAYER_DIMS, LAYER_DIMS[1:]))
    model_b = {k: v for k, v in model.parameters.items() if k[0] == "b"}
    assert weights_of(model).size + sum(b.size for b in model_b.values()) == sum(
        p.size for p in model.parameters.values()
    )


def test_dropout_mean_is_close_to_A_and_one_mask_is_not():
    A = np.random.default_rng(0).uniform(0.5, 2.0, size=(3, 4))
    assert np.allclose(dropout_mean(A, 0.5, draws=4000), A, rtol=0.1)
    assert not np.allclose(dropout_mean(A, 0.5, draws=1), A, rtol=0.1)


def test_dropout_left_on_gives_a_new_answer_at_every_call(runs, split):
    model, X = runs["none"], split.X_val[:, :5]
    outputs = dropout_predictions(model, X, p=0.5, calls=6)
    assert outputs.shape == (6, 1, 5)
    assert not np.allclose(outputs[0], outputs[1]), "each call draws new masks"
    assert np.array_equal(model.predict(X), model.predict(X)), "predict never drops"
    assert np.array_equal(outputs, dropout_predictions(model, X, p=0.5, calls=6)), "seeded"


# --- plots
def test_learning_curves_draw_both_costs_and_mark_the_best_epoch(runs):
    stopped = runs["stopped"]
    fig = plots.plot_learning_curves(stopped)
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert np.allclose(lines["training cost"].get_ydata(), stopped.costs)
    assert np.allclose(lines["validation cost"].get_ydata(), stopped.val_costs)
    marker = next(label for label in lines if label.startswith("best validation cost"))
    assert marker.endswith(f"epoch {stopped.best_epoch}")
    assert lines[marker].get_xdata()[0] == stopped.best_epoch


def test_learning_curves_without_validation_draw_the_training_cost_only(split):
    from dnn_core import DeepNeuralNetwork

    model = DeepNeuralNetwork([2, 3, 1], seed=0).train(split.X_train, split.Y_train, num_epochs=3)
    labels = [line.get_label() for line in plots.plot_learning_curves(model).axes[0].get_lines()]
    assert labels == ["training cost"]


def test_validation_curves_and_boundaries_draw_one_per_model(runs, split):
    models = {"none": runs["none"], "L2": runs["l2"]}
    ax = plots.plot_validation_curves(models).axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["none", "L2"]
    assert np.allclose(ax.get_lines()[1].get_ydata(), runs["l2"].val_costs)
    fig = plots.plot_boundaries(models, split.X_train, split.Y_train, resolution=30)
    assert [a.get_title() for a in fig.axes] == ["none", "L2"]


def test_weight_histograms_count_every_weight(runs):
    models = {"none": runs["none"], "L2": runs["l2"]}
    ax = plots.plot_weight_histograms(models, bins=20).axes[0]
    assert len(ax.patches) == 2
    for patch, model in zip(ax.patches, models.values()):
        heights = patch.get_xy()[1:-1:2, 1]  # a step outline: each bin's top, twice
        assert heights.sum() == pytest.approx(weights_of(model).size)
    assert "largest |w|" in ax.get_legend().get_texts()[0].get_text()


def test_dropout_predictions_plot_one_dot_per_call_and_one_bar_per_example(runs, split):
    X = split.X_val[:, :4]
    outputs = dropout_predictions(runs["none"], X, p=0.5, calls=7)
    ax = plots.plot_dropout_predictions(outputs, runs["none"].predict(X)).axes[0]
    dots, bars = ax.collections
    assert dots.get_offsets().shape == (28, 2) and bars.get_offsets().shape == (4, 2)
    assert np.allclose(bars.get_offsets()[:, 1], runs["none"].predict(X)[0])


# --- the explorer
def test_lambda_explorer_trains_each_lambda_once_and_redraws(split, runs):
    from dnn_core.widgets.regularization import lambda_explorer

    explorer = lambda_explorer(split, lambdas=(0.0, 1.0, 3.0), value=0.0,
                               trained={0.0: runs["none"]}, **FAST)  # fmt: skip
    assert explorer.state["models"][0.0] is runs["none"], "a model it was given is not retrained"
    assert explorer.state["val_cost"] == pytest.approx(runs["none"].val_costs[-1])
    explorer.controls["lam"].value = 3.0
    model = explorer.state["models"][3.0]
    assert model.l2 == 3.0 and explorer.state["lam"] == 3.0
    assert explorer.state["val_accuracy"] == accuracy(model.predict(split.X_val), split.Y_val)
    assert "λ = 3" in explorer.ax.get_title() and "<b>3</b>" in explorer.controls["readout"].value
    explorer.controls["lam"].value = 0.0
    explorer.controls["lam"].value = 3.0
    assert explorer.state["models"][3.0] is model, "moving back answers from the kept model"
    assert len(explorer.ax_cost.get_lines()) == 4  # training, validation, best line, best marker
    assert explorer.png().startswith(b"\x89PNG")


def test_lambda_explorer_refuses_a_value_off_its_ladder():
    from dnn_core.widgets.regularization import lambda_explorer

    with pytest.raises(ValueError, match="value: 0.5 is not one of the lambdas"):
        lambda_explorer(lambdas=(0.0, 1.0), value=0.5)
    with pytest.raises(ValueError, match="lambdas must be finite numbers >= 0"):
        lambda_explorer(lambdas=(0.0, -1.0), value=0.0)
