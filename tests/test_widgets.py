"""What every explorer shares (one ``Explorer`` API, menus from the registries, one label
rule) and the playground's handling of difficult files and runs (issue 10), headless."""

import datetime
import math

import ipywidgets as w
import numpy as np
import pytest

from dnn_core import activations
from dnn_core.activations import ACTIVATIONS, Activation, hidden_activations
from dnn_core.datasets import moons
from dnn_core.losses import LOSSES, losses_for
from dnn_core.metrics import accuracy, labels
from dnn_core.model import TrainingDiverged
from dnn_core.widgets._base import Explorer
from dnn_core.widgets._choices import default_head, loss_choices, output_choices
from dnn_core.widgets.activations import activation_explorer
from dnn_core.widgets.batches import minibatch_explorer
from dnn_core.widgets.descent import descent_explorer
from dnn_core.widgets.losses import cost_explorer
from dnn_core.widgets.playground import playground
from dnn_core.widgets.playground_data import MAX_ROWS, MAX_UPLOAD_MB
from dnn_core.widgets.playground_session import FRAME_EXAMPLES, FRAME_UPDATES, PlaygroundSession
from dnn_core.widgets.training import training_explorer


def softplus(Z):
    """A = log(1 + e^Z), computed without overflow."""
    return np.logaddexp(0.0, Z), Z


def softplus_backward(dA, cache, *, A=None):
    """dZ = dA * sigmoid(Z)."""
    return dA / (1.0 + np.exp(-cache))


@pytest.fixture
def with_softplus():
    """softplus registered for one test, and removed afterwards."""
    activations.register(
        Activation(
            "softplus",
            softplus,
            softplus_backward,
            title="Softplus",
            label="softplus",
            bounds=(0.0, math.inf),
            init="he",
            color="sky",
        )  # fmt: skip
    )
    yield ACTIVATIONS["softplus"]
    del ACTIVATIONS["softplus"]


def menu_values(dropdown):
    return [value for _, value in dropdown.options]


def upload(pg, content, name="data.csv"):
    """What the browser does when the learner picks a file (ipywidgets 8 value format)."""
    pg.controls["upload"].value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
        },
    )


def csv_bytes(X, Y):
    rows = [",".join([f"x{i + 1}" for i in range(X.shape[0])] + ["y"])]
    rows += [",".join(f"{v:.6g}" for v in [*X[:, j], Y[0, j]]) for j in range(X.shape[1])]
    return ("\n".join(rows) + "\n").encode()


# --- one Explorer API ----------------------------------------------------------------------
BUILDERS = {
    "activation": lambda: activation_explorer(),
    "cost": lambda: cost_explorer(),
    "descent": lambda: descent_explorer(),
    "training": lambda: training_explorer(epochs_per_frame=2),
    "minibatch": lambda: minibatch_explorer(batch_size=128, epochs=1),
    "playground": lambda: playground(),
}
LOOPS = ("descent", "training", "playground")


@pytest.mark.parametrize("name", BUILDERS)
def test_every_explorer_has_the_same_api(name):
    explorer = BUILDERS[name]()
    assert isinstance(explorer, Explorer) and isinstance(explorer.ui, w.Widget)
    assert isinstance(explorer.controls, dict) and explorer.controls
    assert all(isinstance(widget, w.Widget) for widget in explorer.controls.values())
    assert isinstance(explorer.state, dict) and explorer.state
    if name in LOOPS:
        c = explorer.controls
        assert all(isinstance(c[b], w.Button) for b in ("train", "step", "reset"))
        before = dict(explorer.state)
        c["step"].click()  # one frame: the state moves on
        assert explorer.state != before and not explorer.state["running"]
        assert explorer.run_frames(2) is explorer
        c["train"].click()
        assert explorer.running and c["train"].description == "Pause"
        c["train"].click()
        assert not explorer.running and c["train"].description == explorer.run_label
        c["reset"].click()
        assert explorer.state.get("epoch", explorer.state.get("step")) == 0
    else:
        assert explorer.loop is None


# --- menus from the registries ---------------------------------------------------------------
def test_a_registered_activation_appears_in_every_menu_and_trains(with_softplus):
    explorer = activation_explorer()
    assert "softplus" in menu_values(explorer.controls["activation"])
    explorer.controls["activation"].value = "softplus"
    z, a = explorer.fig.axes[0].lines[2].get_data()
    np.testing.assert_allclose(a, np.log1p(np.exp(z)))
    assert explorer.state["activation"] == "softplus" and 0 < explorer.state["gradient_at_depth"]

    trainer = training_explorer(epochs_per_frame=5)
    assert "softplus" in menu_values(trainer.controls["hidden_activation"])
    trainer.controls["hidden_activation"].value = "softplus"
    assert trainer.model.hidden.name == "softplus"
    trainer.run_frames(4)
    assert trainer.state["epoch"] == 20 and trainer.model.costs[-1] < trainer.model.costs[0]

    pg = playground()
    assert "softplus" in menu_values(pg.controls["activation"])
    pg.controls["activation"].value = "softplus"
    assert pg.session.model.hidden.name == "softplus" and pg.state["activation"] == "softplus"
    start = pg.state["train_loss"]
    pg.run_frames(20)
    assert not pg.state["diverged"] and pg.state["train_loss"] < start / 2
    assert pg.state["accuracy"] > 0.85


def test_the_fixture_removed_softplus_again():
    assert "softplus" not in ACTIVATIONS
    assert "softplus" not in menu_values(playground().controls["activation"])


def test_hidden_menus_list_exactly_the_registrys_hidden_activations():
    expected = hidden_activations()
    assert "softmax" not in expected
    for dropdown in (
        activation_explorer().controls["activation"],
        training_explorer().controls["hidden_activation"],
        playground().controls["activation"],
    ):
        assert menu_values(dropdown) == expected
        labels_shown = [label for label, _ in dropdown.options]
        assert labels_shown == [ACTIVATIONS[name].label for name in expected]


def test_regression_outputs_are_the_activations_whose_bounds_hold_the_targets():
    in_unit = np.array([[0.0, 0.3, 1.0]])
    assert output_choices("regression", in_unit) == [
        name for name in hidden_activations() if ACTIVATIONS[name].bounds[0] <= 0.0
        and ACTIVATIONS[name].bounds[1] >= 1.0
    ]  # fmt: skip
    assert {"sigmoid", "tanh", "linear", "relu"} <= set(output_choices("regression", in_unit))
    wide = np.array([[-3.0, 0.5, 4.0]])
    assert output_choices("regression", wide) == [
        n for n in hidden_activations() if math.isinf(ACTIVATIONS[n].bounds[0])
    ]
    assert "tanh" in output_choices("regression", np.array([[-0.9, 0.9]]))
    assert "sigmoid" not in output_choices("regression", np.array([[-0.9, 0.9]]))
    assert output_choices("binary", in_unit) == ["sigmoid"]
    assert output_choices("multiclass", in_unit) == ["softmax"]


def test_default_heads_and_loss_menus_come_from_the_loss_registry():
    assert default_head("binary", None) == ("sigmoid", "binary_cross_entropy")
    assert default_head("multiclass", None) == ("softmax", "categorical_cross_entropy")
    assert default_head("regression", np.array([[0.1, 0.9]])) == ("sigmoid", "mse")
    assert default_head("regression", np.array([[-0.1, 0.9]])) == ("linear", "mse")
    for task in ("binary", "multiclass", "regression"):
        for output in ("sigmoid", "softmax", "linear"):
            offered = loss_choices(task, output)
            assert set(offered) <= set(losses_for(task))
            for loss in offered:
                needs = LOSSES[loss].output_activations
                assert not needs or output in needs
    assert loss_choices("regression", "linear") == ["mse", "mae"]


def test_the_training_explorers_outputs_hold_the_sines_targets():
    explorer = training_explorer()
    offered = menu_values(explorer.controls["output_activation"])
    assert offered[:1] == ["sigmoid"] and "linear" in offered and "softmax" not in offered
    low, high = explorer.Y.min(), explorer.Y.max()
    for name in offered:
        assert ACTIVATIONS[name].bounds[0] <= low and high <= ACTIVATIONS[name].bounds[1]


# --- one label rule ------------------------------------------------------------------------
def test_the_playground_counts_and_draws_classes_with_the_metrics_rule():
    pg = playground("blobs").run_frames(3)
    s = pg.session
    assert pg.state["accuracy"] == accuracy(s.model.predict(s.X_test), s.Y_test)
    for k, line in enumerate(pg.view.points["train"][:3]):
        x, y = line.get_data()
        mine = np.ravel(labels(s.Y_train)) == k
        np.testing.assert_allclose(np.column_stack([x, y]), s.X_train[:, mine].T)


# --- issue 10: difficult files ---------------------------------------------------------------
GOOD = csv_bytes(*moons(120, noise=0.1, seed=3))
BAD_FILES = {
    "a word among the numbers": b"x1,x2,y\n1,2,0\n3,abc,1\n5,6,0\n7,8,1\n9,10,0\n",
    "values too large": (
        b"x1,x2,y\n" + b"".join(b"%de300,%d,%d\n" % (i, i, i % 2) for i in range(1, 11))
    ),
    "a broken row": b"1,2,0\n3,4,1\n5,6\n7,8,1\n9,10,0\n",
}


@pytest.mark.parametrize("what", BAD_FILES)
def test_a_failed_upload_keeps_the_data_the_menu_and_the_earlier_file(what):
    pg = playground()
    upload(pg, GOOD, "good.csv")
    assert pg.state["dataset"] == "csv" and pg.state["name"] == "good.csv"
    pg.run_frames(2)
    pg.controls["train"].click()  # training runs while the bad file arrives
    X_before, epoch = pg.session.X_train.copy(), pg.state["epoch"]
    upload(pg, BAD_FILES[what], "bad.csv")
    message = pg.state["message"]
    assert message.startswith("Could not use bad.csv: ") and "data set is unchanged" in message
    assert pg.running and pg.state["running"]  # still training
    assert pg.state["name"] == "good.csv" and pg.state["epoch"] == epoch
    np.testing.assert_array_equal(pg.session.X_train, X_before)
    assert pg.controls["dataset"].value == "csv"
    assert ("CSV: good.csv", "csv") in pg.controls["dataset"].options
    pg.controls["train"].click()
    pg.controls["dataset"].value = "moons"  # and the good file can be chosen again
    pg.controls["dataset"].value = "csv"
    assert pg.state["name"] == "good.csv" and pg.state["task"] == "binary"


def test_the_huge_values_message_says_what_is_wrong():
    pg = playground()
    upload(pg, BAD_FILES["values too large"], "huge.csv")
    assert "too large to standardize" in pg.state["message"]
    assert pg.state["dataset"] == "moons"


def test_a_constant_target_is_refused_with_a_reason():
    pg = playground()
    X = np.random.default_rng(0).normal(size=(2, 20))
    upload(pg, csv_bytes(X, np.ones((1, 20))), "same.csv")
    message = pg.state["message"]
    assert "Could not use same.csv" in message and "holds 1 in every row" in message
    assert "nothing to learn" in message and pg.state["dataset"] == "moons"


def test_more_classes_than_the_playground_handles_says_so():
    pg = playground()
    X = np.random.default_rng(0).normal(size=(2, 60))
    upload(pg, csv_bytes(X, np.arange(60).reshape(1, -1) % 3), "three.csv")
    message = pg.state["message"]
    assert message.startswith("Loaded three.csv") and "3 different whole numbers" in message
    assert "only 0/1 targets (2 classes)" in message and pg.state["task"] == "regression"


def test_a_file_over_the_size_limit_is_refused_naming_the_limit():
    pg = playground()
    row = b"1.2345678,2.3456789,1\n"
    big = row * int(MAX_UPLOAD_MB * 1e6 / len(row) + 10)
    upload(pg, big, "big.csv")
    message = pg.state["message"]
    assert "Could not use big.csv" in message and f"up to {MAX_UPLOAD_MB} MB" in message
    assert pg.state["dataset"] == "moons"


def test_a_long_file_trains_on_a_sample_and_frames_stay_bounded():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, MAX_ROWS + 500))
    pg = playground()
    upload(pg, csv_bytes(X, (X[:1] * X[1:] > 0).astype(float)), "long.csv")
    message = pg.state["message"]
    assert f"a random sample of {MAX_ROWS} of its {MAX_ROWS + 500} rows" in message
    assert pg.state["n_train"] + pg.state["n_val"] + pg.state["n_test"] == MAX_ROWS
    pg.controls["batch_size"].value = 1
    pg.controls["epochs_per_frame"].value = 50
    s = pg.session
    updates = s.X_train.shape[1]  # per epoch, at batch size 1
    assert pg.state["epochs_this_frame"] == max(1, FRAME_UPDATES // updates) < 50
    assert "epochs/frame for data this size" in pg.controls["readout"].value
    pg.run_frames(1)
    assert pg.state["epoch"] == pg.state["epochs_this_frame"]
    pg.controls["batch_size"].value = 0  # full batch: bounded by the example passes
    assert pg.state["epochs_this_frame"] == FRAME_EXAMPLES // s.X_train.shape[1]


def test_the_default_frame_is_not_capped():
    s = PlaygroundSession()
    assert s.epochs_this_frame() == s.epochs_per_frame == 5


# --- issue 10: divergence ---------------------------------------------------------------------
def assert_shows_diverged(pg):
    assert pg.state["diverged"] and not pg.running
    assert "diverged" in pg.state["message"] and "diverged" in pg.controls["readout"].value
    assert "diverged" in pg.view.ax_loss.get_title()


def test_exploding_weights_under_a_finite_clipped_cost_show_diverged():
    pg = playground(activation="leaky_relu", hidden_layers=6, units=16, batch_size=0)
    pg.controls["learning_rate"].value = 10.0
    pg.controls["train"].click()
    pg.run_frames(10)
    assert all(np.isfinite(pg.session.model.costs))  # the clipped cost never overflowed
    assert_shows_diverged(pg)


def test_a_training_diverged_error_shows_diverged(monkeypatch):
    pg = playground().run_frames(1)

    def diverging(*args, **kwargs):
        raise TrainingDiverged("a parameter became inf")

    monkeypatch.setattr(pg.session.model, "train", diverging)
    pg.controls["train"].click()
    pg.run_frames(1)
    assert_shows_diverged(pg)
    assert pg.state["diverged_in"] == 6


def test_a_non_finite_parameter_after_a_frame_shows_diverged(monkeypatch):
    pg = playground().run_frames(1)
    model, train = pg.session.model, pg.session.model.train

    def overflowing(*args, **kwargs):  # what weights that overflowed leave behind
        train(*args, **kwargs)
        model.parameters["W1"][0, 0] = np.inf

    monkeypatch.setattr(model, "train", overflowing)
    pg.run_frames(1)
    assert_shows_diverged(pg)
    pg.controls["reset"].click()
    assert not pg.state["diverged"] and np.isfinite(model.parameters["W1"]).all()
