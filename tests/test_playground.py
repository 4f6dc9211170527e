"""The playground (notebooks/10_playground), driven without a browser: set a control, press a
button, then check the model, the state and the plotted data. Also the guided experiments the
notebook promises, and FrameLoop (dnn_core/widgets/_loop.py), which runs Train in a kernel."""

import asyncio
import base64
import datetime
import functools
import html
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.colors import to_rgb

from dnn_core import SGD, DeepNeuralNetwork, OptimizerKind, TrainingDiverged, get_optimizer
from dnn_core.datasets import moons
from dnn_core.optimizers import OPTIMIZERS
from dnn_core.plots.style import COLORS
from dnn_core.widgets._base import Explorer, FrameLoop
from dnn_core.widgets.playground import playground
from dnn_core.widgets.playground_figure import CLASS_COLORS, TWO_CLASSES, lighten, nice_ceiling
from dnn_core.widgets.playground_maps import unit_maps
from dnn_core.widgets.playground_session import DIVERGED, PlaygroundSession

ROOT = Path(__file__).resolve().parent.parent

CONTROLS = (
    "dataset",
    "noise",
    "test_fraction",
    "validation_fraction",
    "upload",
    "hidden_layers",
    "units",
    "activation",
    "output",
    "loss",
    "l2",
    "dropout",
    "learning_rate",
    "optimizer",
    "momentum",
    "alpha",
    "beta1",
    "beta2",
    "batch_size",
    "epochs_per_frame",
    "train",
    "step",
    "reset",
    "readout",
    "message",
    "show_code",
    "code",
)


@pytest.fixture
def pg():
    return playground()


def upload(pg, content, name="data.csv"):
    """What the browser does when the learner picks a file (ipywidgets 8 value format)."""
    entry = {
        "name": name,
        "type": "text/csv",
        "size": len(content),
        "content": memoryview(content),
        "last_modified": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
    }
    pg.controls["upload"].value = (entry,)


def csv_bytes(X, Y, header=True):
    rows = [",".join([f"x{i + 1}" for i in range(X.shape[0])] + ["y"])] if header else []
    rows += [",".join(f"{v:.6f}" for v in [*X[:, j], Y[0, j]]) for j in range(X.shape[1])]
    return ("\n".join(rows) + "\n").encode()


def sorted_rows(points):
    points = np.asarray(points)
    return points[np.lexsort(points.T[::-1])]


# --- the builder --------------------------------------------------------------------------
def test_builder_returns_an_explorer_with_every_control(pg):
    assert isinstance(pg, Explorer)
    assert pg.fig is pg.view.fig and pg.ui is not None
    for name in CONTROLS:
        assert name in pg.controls, name
    assert pg.state["dataset"] == "moons" and pg.state["task"] == "binary"
    assert pg.state["epoch"] == 0 and pg.state["layer_dims"] == [2, 8, 8, 1]
    assert "epoch 0" in pg.controls["readout"].value


def test_static_readers_get_a_png(pg):
    bundle = pg.run_frames(2)._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    height = int.from_bytes(png[20:24], "big")  # the IHDR chunk: the data, then the network
    shown = sum(fig.get_size_inches()[1] * fig.dpi for fig in (pg.fig, pg.network.fig))
    assert height >= shown - 2  # both figures, one above the other
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --- data ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, task, output, loss, drawable",
    [
        ("circles", "binary", "sigmoid", "binary_cross_entropy", "classes"),
        ("spirals", "binary", "sigmoid", "binary_cross_entropy", "classes"),
        ("xor", "binary", "sigmoid", "binary_cross_entropy", "classes"),
        ("blobs", "multiclass", "softmax", "categorical_cross_entropy", "classes"),
        ("sine", "regression", "linear", "mse", "curve"),
    ],
)
def test_dataset_change_draws_new_points_and_sets_defaults(pg, name, task, output, loss, drawable):
    before = pg.view.plotted_points("train").copy()
    pg.run_frames(2)
    pg.controls["dataset"].value = name
    s = pg.session
    assert (pg.state["dataset"], pg.state["task"], pg.state["drawable"]) == (name, task, drawable)
    assert (s.model.output.name, s.model.loss.name) == (output, loss)
    assert (pg.controls["output"].value, pg.controls["loss"].value) == (output, loss)
    assert pg.state["epoch"] == 0 and pg.state["layer_dims"][-1] == s.Y_train.shape[0]
    drawn = pg.view.plotted_points("train")
    expected = (
        s.X_train
        if drawable == "classes"
        else np.vstack([s.X_train * s.scale + s.shift, s.Y_train])
    )
    np.testing.assert_allclose(sorted_rows(drawn), sorted_rows(expected.T))
    assert drawn.shape != before.shape or not np.allclose(drawn, before)
    assert pg.view.image.get_visible() == (drawable == "classes")
    assert pg.view.fit.get_visible() == (drawable == "curve")


def test_noise_regenerates_the_data(pg):
    X_before = pg.session.X_train.copy()
    pg.controls["noise"].value = 0.3
    assert pg.state["noise"] == 0.3
    assert not np.allclose(pg.session.X_train, X_before)
    np.testing.assert_allclose(
        sorted_rows(pg.view.plotted_points("train")), sorted_rows(pg.session.X_train.T)
    )
    X_clean = PlaygroundSession("moons", noise=0.0).X_train
    assert 0.25 < (pg.session.X_train - X_clean).std() < 0.45  # a jitter of std 0.3 (x1.25)


def test_test_share_splits_again(pg):
    pg.controls["test_fraction"].value = 0.5  # and the validation share (20 %) of the rest
    assert (pg.state["n_train"], pg.state["n_val"], pg.state["n_test"]) == (160, 40, 200)
    assert pg.view.plotted_points("test").shape == (200, 2)


# --- network ------------------------------------------------------------------------------
@pytest.mark.parametrize("layers", range(7))
def test_hidden_layers_set_layer_dims(pg, layers):
    pg.run_frames(1)
    pg.controls["units"].value = 5
    pg.controls["hidden_layers"].value = layers
    expected = [2] + [5] * layers + [1]
    assert pg.state["layer_dims"] == expected == pg.session.model.layer_dims
    assert pg.state["epoch"] == 0  # a new network


def test_activation_builds_a_new_network(pg):
    pg.controls["activation"].value = "relu"
    assert pg.session.model.hidden.name == "relu" and pg.state["activation"] == "relu"


def test_only_valid_output_and_loss_pairs_are_offered():
    pg = playground("moons")
    c = pg.controls
    offered = {}
    for name in ("moons", "blobs", "sine"):
        for noise in (0.0, 0.1):
            c["noise"].value = noise
            c["dataset"].value = name
            for _, output in c["output"].options:
                c["output"].value = output
                for _, loss in c["loss"].options:
                    c["loss"].value = loss  # DeepNeuralNetwork would raise for an invalid pair
                    model = pg.session.model
                    assert (model.output.name, model.loss.name) == (output, loss)
                    assert pg.state["message"] == ""
                    offered.setdefault(name, set()).add((output, loss))
    assert offered["moons"] == {("sigmoid", "binary_cross_entropy"), ("sigmoid", "mse")}
    assert offered["blobs"] == {("softmax", "categorical_cross_entropy"), ("softmax", "mse")}
    # the noise-free sine lies in [0, 1]: a sigmoid output is offered then, never cross-entropy
    assert {("linear", "mse"), ("linear", "mae"), ("sigmoid", "mse")} <= offered["sine"]
    assert not any("cross" in loss for _, loss in offered["sine"])


# --- training settings ---------------------------------------------------------------------
def test_learning_rate_and_batch_size_act_on_the_running_model():
    pg = playground().run_frames(2)
    pg.controls["learning_rate"].value = 0.2
    pg.controls["batch_size"].value = 0  # all (full batch)
    assert pg.state["epoch"] == 10 and pg.state["learning_rate"] == pytest.approx(0.2)
    reference = DeepNeuralNetwork([2, 8, 8, 1], "tanh", "sigmoid", "binary_cross_entropy", seed=0)
    reference.train(pg.session.X_train, pg.session.Y_train, 10**-1.5, 10, 16)
    for key, value in reference.parameters.items():
        np.testing.assert_allclose(pg.session.model.parameters[key], value)
    pg.run_frames(1)
    reference.train(pg.session.X_train, pg.session.Y_train, 0.2, 5, 300)
    for key, value in reference.parameters.items():
        np.testing.assert_allclose(pg.session.model.parameters[key], value)


def test_epochs_per_frame(pg):
    pg.controls["epochs_per_frame"].value = 7
    pg.run_frames(1)
    assert pg.state["epoch"] == 7 == len(pg.session.model.costs)
    pg.controls["step"].click()
    assert pg.state["epoch"] == 14


# --- the optimizer and its settings ----------------------------------------------------------
def shown_settings(pg):
    """The labels of the optimizer setting sliders the panel shows now."""
    return [row.children[0].value for row in pg.controls["optimizer_settings"].children]


def test_the_optimizer_menu_comes_from_the_registry_with_only_its_settings(pg, monkeypatch):
    assert [name for _, name in pg.controls["optimizer"].options] == list(OPTIMIZERS)
    assert ("Adam", "adam") in pg.controls["optimizer"].options
    assert pg.state["optimizer"] == "sgd" and shown_settings(pg) == []
    expected = {"momentum": ["momentum"], "rmsprop": ["alpha"], "adam": ["beta1", "beta2"]}
    for name, sliders in expected.items():
        pg.controls["optimizer"].value = name
        assert shown_settings(pg) == sliders, name
        for slider in sliders:  # each at the optimizer's default
            assert pg.controls[slider].value == pytest.approx(
                get_optimizer(name, 1.0).settings()[slider]
            )
    # an optimizer registered later is in the next playground's menu (read at call time)
    monkeypatch.setitem(OPTIMIZERS, "nesterov", OptimizerKind(
        "nesterov", functools.partial(SGD, momentum=0.9, nesterov=True), "Nesterov momentum"
    ))  # fmt: skip
    newer = playground()
    assert ("Nesterov momentum", "nesterov") in newer.controls["optimizer"].options
    newer.controls["optimizer"].value = "nesterov"
    assert shown_settings(newer) == ["momentum"] and newer.state["message"] == ""


def test_the_optimizer_acts_mid_run_and_the_rate_keeps_its_memory():
    pg = playground().run_frames(2)  # 10 epochs of plain SGD
    pg.controls["optimizer"].value = "adam"
    pg.run_frames(1)
    pg.controls["learning_rate"].value = 0.01  # Adam's m, v and t continue
    pg.run_frames(1)
    pg.controls["beta2"].value = 0.99  # a new Adam: a fresh memory
    pg.run_frames(1)
    assert pg.state["epoch"] == 25 and pg.state["optimizer_settings"]["beta2"] == 0.99
    X, Y = pg.session.X_train, pg.session.Y_train
    reference = DeepNeuralNetwork([2, 8, 8, 1], "tanh", "sigmoid", "binary_cross_entropy", seed=0)
    reference.train(X, Y, 10**-1.5, 10, 16, optimizer="sgd")
    reference.train(X, Y, 10**-1.5, 5, 16, optimizer="adam")
    reference.train(X, Y, 0.01, 5, 16, optimizer="adam")  # the same name: its memory continues
    reference.train(X, Y, 0.01, 5, 16, optimizer=get_optimizer("adam", 0.01, beta2=0.99))
    for key, value in reference.parameters.items():
        np.testing.assert_array_equal(pg.session.model.parameters[key], value)
    steps_per_epoch = -(-X.shape[1] // 16)  # 240 training points: 15 batches of 16
    assert pg.session.optimizer == "adam" and pg.session.model.optimizer.t == 5 * steps_per_epoch


def test_reset_forgets_the_optimizers_memory(pg):
    pg.controls["optimizer"].value = "momentum"
    pg.run_frames(2)
    first = {k: v.copy() for k, v in pg.session.model.parameters.items()}
    pg.controls["reset"].click()
    assert pg.session.segments == [] and pg.session._optimizer.t == 0
    pg.run_frames(2)
    for key, value in first.items():
        np.testing.assert_array_equal(pg.session.model.parameters[key], value)


def test_a_bad_optimizer_setting_changes_nothing():
    session = PlaygroundSession(optimizer="adam")
    with pytest.raises(ValueError, match="beta2 must be in"):
        session.set_optimizer(beta2=1.0)
    with pytest.raises(ValueError, match="unknown optimizer 'lbfgs'"):
        session.set_optimizer("lbfgs")
    assert session.optimizer == "adam" and session.optimizer_settings["beta2"] == 0.999


# --- show the code ----------------------------------------------------------------------------
def run_fresh(code, tmp_path):
    """Run ``code`` in a fresh Python (a fresh kernel's state) in ``tmp_path``; returns its
    printed output and the weights of its ``model``."""
    script = tmp_path / "run.py"
    script.write_text(code + "\nimport numpy\nnumpy.savez('weights.npz', **model.parameters)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with np.load(tmp_path / "weights.npz") as weights:
        return done.stdout, dict(weights)


def assert_same_weights(parameters, session):
    assert parameters.keys() == session.model.parameters.keys()
    for key, value in session.model.parameters.items():
        assert np.array_equal(parameters[key], value), key


def change_settings_mid_run(pg):
    pg.run_frames(2)
    pg.controls["learning_rate"].value = 0.1
    pg.run_frames(1)
    pg.controls["optimizer"].value = "adam"
    pg.controls["batch_size"].value = 0  # full batch
    pg.run_frames(2)
    pg.controls["optimizer"].value = "momentum"
    pg.controls["momentum"].value = 0.5
    pg.run_frames(1)


def test_show_the_code_reproduces_the_run_in_a_fresh_python(pg, tmp_path):
    change_settings_mid_run(pg)
    assert pg.controls["code"].value == ""  # nothing until the click
    pg.controls["show_code"].click()
    code = pg.state["code"]
    assert html.escape(code) in pg.controls["code"].value
    assert "datasets.moons(400, noise=0.1, seed=0)" in code
    assert code.count("model.train(") == 4 and code.count("get_optimizer(") == 3
    assert 'get_optimizer("momentum", learning_rate=0.1, momentum=0.5)' in code
    assert "optimizer.learning_rate = 0.1" in code and "batch_size=240" in code
    assert max(len(line) for line in code.splitlines()) <= 100
    printed, weights = run_fresh(code, tmp_path)
    assert_same_weights(weights, pg.session)
    assert f"train loss {pg.state['train_loss']:.4f}" in printed
    assert f"test loss {pg.state['test_loss']:.4f}" in printed


def test_the_code_shown_follows_the_run_while_paused(pg):
    pg.controls["show_code"].click()
    assert "Not trained yet" in pg.controls["code"].value
    pg.controls["step"].click()
    assert "num_epochs=5," in pg.state["code"] and "Not trained" not in pg.controls["code"].value
    pg.controls["train"].click()  # running: the frames do not rewrite it
    pg.run_frames(1)
    assert "num_epochs=5," in pg.state["code"]
    pg.controls["train"].click()  # paused: it catches up
    assert "num_epochs=10," in pg.state["code"]
    pg.controls["dataset"].value = "circles"
    assert "datasets.circles(400" in pg.state["code"] and "Not trained" in pg.state["code"]


@pytest.mark.parametrize("dataset", ["sine", "blobs", "spirals"])
def test_show_the_code_reproduces_every_generated_data_set(dataset):
    pg = playground(dataset, noise=0.2, optimizer="rmsprop", alpha=0.9).run_frames(1)
    pg.controls["learning_rate"].value = 0.01
    pg.run_frames(1)
    pg.controls["show_code"].click()
    namespace = {}
    exec(pg.state["code"], namespace)  # noqa: S102 - the code the playground wrote
    assert_same_weights(namespace["model"].parameters, pg.session)
    np.testing.assert_array_equal(namespace["X_test"], pg.session.X_test)


@pytest.mark.parametrize("n_rows, task", [(120, "binary"), (1600, "regression")])
def test_show_the_code_reproduces_a_csv_run_from_the_file(pg, tmp_path, n_rows, task):
    X, Y = moons(n_rows, noise=0.1, seed=3)
    if task == "regression":
        Y = 3 * X[:1] + np.sin(X[1:])
    content = csv_bytes(10 * X + 5, Y)
    (tmp_path / "my moons.csv").write_bytes(content)
    upload(pg, content, "my moons.csv")
    assert pg.state["task"] == task
    change_settings_mid_run(pg)
    pg.controls["show_code"].click()
    code = pg.state["code"]
    assert 'datasets.from_csv("my moons.csv")' in code
    assert ("default_rng(0).choice" in code) == (n_rows > 1500)  # the playground's sample
    printed, weights = run_fresh(code, tmp_path)
    assert_same_weights(weights, pg.session)
    assert f"test loss {pg.state['test_loss']:.4f}" in printed


def test_show_the_code_before_training_and_after_a_divergence():
    pg = playground("sine")
    pg.controls["show_code"].click()
    assert "Not trained yet" in pg.state["code"] and "model.train(" not in pg.state["code"]
    namespace = {}
    exec(pg.state["code"], namespace)  # noqa: S102
    assert_same_weights(namespace["model"].parameters, pg.session)
    pg.controls["learning_rate"].value = 10.0
    pg.run_frames(10)
    assert pg.state["diverged"]
    pg.controls["show_code"].click()
    assert "this call diverges" in pg.state["code"]
    with pytest.raises(TrainingDiverged, match=f"epoch {pg.state['diverged_in']}"):
        exec(pg.state["code"], {})  # noqa: S102


def test_training_lowers_the_loss_on_moons(pg):
    start = pg.state["train_loss"]
    pg.run_frames(20)
    assert pg.state["epoch"] == 100
    assert pg.state["train_loss"] < start / 5 and pg.state["test_loss"] < start / 5
    assert pg.state["accuracy"] > 0.95
    assert "epoch 100" in pg.controls["readout"].value


# --- the figure shows the model --------------------------------------------------------------
def grid_centres(image):
    x0, x1, y0, y1 = image.get_extent()
    n_rows, n_cols = image.get_array().shape[:2]
    xs = x0 + (np.arange(n_cols) + 0.5) * (x1 - x0) / n_cols
    ys = y0 + (np.arange(n_rows) + 0.5) * (y1 - y0) / n_rows
    xx, yy = np.meshgrid(xs, ys)
    return np.vstack([xx.ravel(), yy.ravel()]), xx.shape


def test_decision_image_is_the_models_prediction_on_the_grid(pg):
    pg.run_frames(5)
    image = pg.view.image
    points, shape = grid_centres(image)
    x0, x1, y0, y1 = image.get_extent()
    X = np.hstack([pg.session.X_train, pg.session.X_test])
    assert x0 < X[0].min() and X[0].max() < x1 and y0 < X[1].min() and X[1].max() < y1
    expected = pg.session.model.predict(points)[0].reshape(shape)
    np.testing.assert_allclose(np.asarray(image.get_array()), expected)
    assert image.origin == "lower"


def test_three_classes_mix_the_class_colours():
    pg = playground("blobs").run_frames(3)
    points, shape = grid_centres(pg.view.image)
    AL = pg.session.model.predict(points)
    colors = np.array([lighten(CLASS_COLORS[k], 0.45) for k in range(3)])
    np.testing.assert_allclose(
        np.asarray(pg.view.image.get_array()), (AL.T @ colors).reshape(*shape, 3)
    )


def test_regression_shows_the_fitted_curve():
    pg = playground("sine").run_frames(4)
    xs, ys = pg.view.fit.get_data()
    s = pg.session
    np.testing.assert_allclose(ys, s.model.predict(((np.asarray(xs) - s.shift) / s.scale)[None])[0])
    x = np.hstack([s.X_train, s.X_test]) * s.scale + s.shift
    assert xs[0] < x.min() and xs[-1] > x.max()  # the whole range of the data
    assert abs(x.max() - 2 * np.pi) < 1e-9  # plotted against the original x, in radians


def test_loss_curves_plot_the_history(pg):
    pg.run_frames(6)
    epochs, train = pg.view.train_curve.get_data()
    assert list(epochs) == list(range(0, 31, 5)) == pg.session.epochs
    np.testing.assert_allclose(train, pg.session.train_losses)
    np.testing.assert_allclose(pg.view.test_curve.get_data()[1], pg.session.test_losses)
    assert pg.view.ax_loss.get_yscale() == "log"
    low, high = pg.view.ax_loss.get_ylim()
    assert low <= min(pg.session.train_losses) and max(pg.session.test_losses) <= high
    assert pg.view.ax_loss.get_xlim() == (0, 50)
    assert [nice_ceiling(v) for v in (10, 11, 30, 51, 200)] == [10, 20, 50, 100, 200]


# --- buttons ------------------------------------------------------------------------------
def test_train_button_toggles_and_step_trains_one_frame(pg):
    pg.controls["train"].click()
    assert pg.state["running"] and pg.controls["train"].description == "Pause"
    pg.controls["train"].click()
    assert not pg.state["running"] and pg.controls["train"].description == "Train"
    pg.controls["step"].click()
    assert pg.state["epoch"] == 5 and not pg.state["running"]


def test_a_new_playground_pauses_the_old_one(pg):
    pg.controls["train"].click()
    newer = playground()
    assert not pg.state["running"] and pg.controls["train"].description == "Train"
    assert not newer.state["running"]


def test_reset_goes_back_to_the_initial_weights(pg):
    initial = {k: v.copy() for k, v in pg.session.model.parameters.items()}
    pg.run_frames(3)
    pg.controls["reset"].click()
    assert pg.state["epoch"] == 0 and pg.session.train_losses == [pg.state["train_loss"]]
    for key, value in initial.items():
        np.testing.assert_array_equal(pg.session.model.parameters[key], value)


def test_a_diverged_run_says_so_and_reset_recovers():
    pg = playground("sine")
    pg.controls["learning_rate"].value = 10.0
    pg.controls["train"].click()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        pg.run_frames(10)
    assert pg.state["diverged"] and pg.state["epoch"] < 10
    assert pg.state["diverged_in"] == pg.state["epoch"] + 1 == len(pg.session.model.costs) + 1
    assert pg.view.ax_loss.get_title() == f"loss: diverged in epoch {pg.state['diverged_in']}"
    assert pg.state["message"] == DIVERGED and "diverged" in pg.controls["message"].value
    assert "diverged" in pg.controls["readout"].value and not pg.state["running"]
    assert "diverged" in pg.view.ax_loss.get_title()
    pg.controls["train"].click()  # refuses, and says why
    assert not pg.state["running"] and "diverged" in pg.state["message"]
    pg.controls["learning_rate"].value = 0.03
    pg.controls["reset"].click()
    assert not pg.state["diverged"] and pg.state["epoch"] == 0 and pg.state["message"] == ""
    pg.run_frames(4)
    assert not pg.state["diverged"] and np.isfinite(pg.state["train_loss"])


# --- your own CSV file --------------------------------------------------------------------
@pytest.mark.parametrize(
    "content, says",
    [
        (
            b"x1,x2,y\n1,2,0\n3,abc,1\n5,6,0\n7,8,1\n9,10,0\n",
            "non-numeric value at row 3, column 2",
        ),
        (b"x1,x2,y\n1,2,0\n3,4,1\n", "it needs at least 4"),
        (b"1,2,0\n3,4,1\n5,6\n7,8,1\n9,10,0\n", "row 3 has 2 values but the file has 3 columns"),
        (b"1,0\n2,1\n3,0\n4,1\n5,0\n", "the playground needs at least 8"),
        (b"", "empty"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_a_bad_csv_is_explained_and_changes_nothing(pg, content, says):
    pg.run_frames(2)
    X_before = pg.session.X_train.copy()
    upload(pg, content, "bad.csv")
    assert says in pg.state["message"] and "bad.csv" in pg.state["message"]
    assert "#D55E00" in pg.controls["message"].value  # shown in red
    assert pg.state["dataset"] == "moons" and pg.state["epoch"] == 10
    np.testing.assert_array_equal(pg.session.X_train, X_before)
    assert pg.controls["upload"].value == ()
    assert [v for _, v in pg.controls["dataset"].options].count("csv") == 0


def test_a_good_two_feature_csv_loads_and_trains(pg):
    X, Y = moons(120, noise=0.1, seed=3)
    upload(pg, csv_bytes(10 * X + 5, Y), "my moons.csv")
    assert pg.state["dataset"] == "csv" and pg.controls["dataset"].value == "csv"
    assert ("CSV: my moons.csv", "csv") in pg.controls["dataset"].options
    assert "Loaded my moons.csv: 2 features, 120 rows" in pg.state["message"]
    assert pg.state["task"] == "binary" and pg.state["drawable"] == "classes"
    assert (pg.state["n_train"], pg.state["n_val"], pg.state["n_test"]) == (72, 18, 30)
    np.testing.assert_allclose(pg.session.X_train.mean(axis=1), 0, atol=1e-12)  # standardized
    start = pg.state["train_loss"]
    pg.run_frames(20)
    assert pg.state["train_loss"] < start / 2
    pg.controls["dataset"].value = "spirals"  # and back again
    pg.controls["dataset"].value = "csv"
    assert pg.state["name"] == "my moons.csv" and pg.state["epoch"] == 0


def test_csv_regression_draws_a_curve_and_other_shapes_say_why_not(pg):
    x = np.linspace(0, 5, 40).reshape(1, -1)
    upload(pg, csv_bytes(x, 100 * np.sin(x)), "wave.csv")
    assert pg.state["task"] == "regression" and pg.state["drawable"] == "curve"
    assert pg.state["output"] == "linear" and pg.view.fit.get_visible()
    np.testing.assert_allclose(pg.session.Y_train.std(), 1, rtol=1e-12)  # standardized target
    X3 = np.random.default_rng(0).normal(size=(3, 30))
    upload(pg, csv_bytes(X3, (X3[:1] > 0).astype(float)), "three.csv")
    assert pg.state["layer_dims"][0] == 3 and pg.state["drawable"] is None
    assert "can't be drawn in 2-D" in pg.view.note.get_text()
    assert not pg.view.image.get_visible() and not pg.view.points["train"][0].get_visible()
    pg.run_frames(2)
    assert pg.state["epoch"] == 10 and len(pg.view.train_curve.get_data()[0]) == 3


def test_an_unexpected_error_in_a_callback_is_shown_not_raised(pg, monkeypatch):
    def broken(*args):
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(pg.session, "read_csv", broken)
    upload(pg, b"1,2\n", "odd.csv")
    assert pg.state["message"] == "RuntimeError: something unforeseen"
    assert pg.state["dataset"] == "moons" and pg.controls["upload"].value == ()


# --- the guided experiments of the notebook ---------------------------------------------------
def trained(dataset, epochs, **settings):
    session = PlaygroundSession(dataset, **settings)
    while session.epoch < epochs and session.train_frame():
        pass
    return session


def test_no_hidden_layer_cannot_solve_xor():
    assert trained("xor", 300, hidden_layers=0).accuracy < 0.65
    assert trained("xor", 300, hidden_layers=1).accuracy > 0.9


def test_spirals_need_depth():
    assert trained("spirals", 500, hidden_layers=1).accuracy <= 0.8
    assert trained("spirals", 500, hidden_layers=1, units=16).accuracy <= 0.8
    assert trained("spirals", 500, hidden_layers=3).accuracy > 0.95


def test_sigmoid_hidden_units_learn_slowly():
    assert trained("circles", 200, activation="sigmoid").accuracy < 0.7
    assert trained("circles", 200, activation="linear").accuracy < 0.7
    assert trained("circles", 200, activation="tanh").accuracy > 0.95


def test_a_learning_rate_of_10_diverges_on_the_sine_and_overshoots_on_moons():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        assert trained("sine", 50, learning_rate=10.0).diverged
        wild = trained("moons", 50, learning_rate=10.0)
    assert not wild.diverged and wild.train_losses[-1] > 2 * wild.train_losses[0]


def test_batch_size_1_is_noisy_but_goes_further_per_epoch():
    rises = {}
    for batch in (1, 16):
        s = trained("moons", 20, batch_size=batch, epochs_per_frame=1)
        rises[batch] = int(np.sum(np.diff(s.train_losses) > 0))
        rises[f"loss{batch}"] = s.train_losses[-1]
    assert rises[1] >= 3 and rises[16] == 0 and rises["loss1"] < rises["loss16"]


def test_a_big_network_overfits_noisy_moons():
    s = trained(
        "moons",
        250,
        noise=0.4,
        test_fraction=0.5,
        hidden_layers=6,
        units=16,
        learning_rate=0.1,
        validation_fraction=0.0,
    )
    best = int(np.argmin(s.test_losses))
    assert s.epochs[best] <= 40 and s.test_losses[-1] > 1.4 * s.test_losses[best]
    assert s.train_losses[-1] < s.train_losses[best]


# --- FrameLoop: what Train runs in a kernel ---------------------------------------------------
def test_frame_loop_runs_frames_on_the_event_loop_until_stopped():
    frames = []

    async def scenario():
        loop = FrameLoop(lambda: frames.append(len(frames)), pause=0.001)
        loop.start()
        assert loop.running
        while len(frames) < 5:
            await asyncio.sleep(0.001)
        loop.stop()
        assert not loop.running
        count = len(frames)
        await asyncio.sleep(0.02)
        return count

    assert asyncio.run(scenario()) == len(frames) >= 5


def test_frame_loop_ends_on_false_and_keeps_an_error():
    async def scenario(frame):
        loop = FrameLoop(frame, pause=0.001)
        await loop.start()
        return loop

    calls = []
    loop = asyncio.run(scenario(lambda: calls.append(1) or len(calls) < 3))
    assert len(calls) == 3 and not loop.running and loop.error is None
    loop = asyncio.run(scenario(lambda: 1 / 0))
    assert isinstance(loop.error, ZeroDivisionError) and not loop.running


def test_frame_loop_without_an_event_loop_only_marks_running():
    loop = FrameLoop(lambda: pytest.fail("no frame may run without an event loop"))
    assert loop.start() is None and loop.running
    loop.stop()
    assert not loop.running


# --- the network view: every unit's map, every weight's line ------------------------------------
def hand_forward(session, points):
    """The activations of every layer of the playground's tanh/sigmoid network on ``points``,
    written out here without dnn_core's forward pass."""
    p, A = session.model.parameters, [points]
    L = len(session.layer_dims) - 1
    for l in range(1, L + 1):
        Z = p[f"W{l}"] @ A[-1] + p[f"b{l}"]
        A.append(1 / (1 + np.exp(-Z)) if l == L else np.tanh(Z))
    return A


def test_unit_maps_are_every_layers_activations_on_the_decision_grid(pg):
    pg.run_frames(3)
    maps = unit_maps(pg.session)
    xx, yy = pg.session.grid()
    expected = hand_forward(pg.session, np.vstack([xx.ravel(), yy.ravel()]))
    assert [A.shape for A in maps] == [(n, 60, 60) for n in pg.session.layer_dims]
    for l, j in [(0, 0), (0, 1), (1, 3), (1, 7), (2, 5), (3, 0)]:
        np.testing.assert_allclose(maps[l][j], expected[l][j].reshape(xx.shape), atol=1e-12)
    np.testing.assert_array_equal(maps[0][1], yy)  # the input's second feature is y
    np.testing.assert_allclose(np.asarray(pg.view.image.get_array()), maps[-1][0], atol=1e-12)


def test_each_units_square_shows_its_map_the_right_way_up():
    pg = playground(hidden_layers=4).run_frames(4)
    net, maps = pg.network, unit_maps(pg.session)
    for l, j in [(1, 0), (2, 6), (4, 7), (5, 0)]:
        rows, cols = net.unit_pixels(l, j)
        square = np.asarray(pg.network.mosaic.get_array())[rows, cols]
        low, high = (-1.0, 1.0) if l < 5 else (0.0, 1.0)  # tanh units, the sigmoid output
        inner = square.shape[0] - 2  # the map's pixels, inside the grey edge
        for r, c in [(0, 0), (inner - 1, inner - 1), (0, inner - 1), (inner // 2, 3)]:
            g_r, g_c = (int((k + 0.5) * 60 / inner) for k in (r, c))  # the nearest grid point
            value = (maps[l][j][g_r, g_c] - low) / (high - low)
            expected = np.round(255 * np.array(TWO_CLASSES(value)))
            np.testing.assert_allclose(square[1 + r, 1 + c], expected, atol=2, err_msg=f"{l}{j}")
        assert (square[0, :, :3] == 140).all() and (square[:, -1, :3] == 140).all()  # grey edge
    # the input y (unit 2 of the input layer): orange at the bottom, blue at the top
    rows, cols = net.unit_pixels(0, 1)
    square = np.asarray(pg.network.mosaic.get_array())[rows, cols].astype(int)
    bottom, top = square[1, 1:-1, :3].mean(axis=0), square[-2, 1:-1, :3].mean(axis=0)
    assert bottom[0] > bottom[2] + 20 and top[2] > top[0] + 20


def test_weight_lines_are_coloured_by_sign_and_widened_by_size():
    pg = playground(hidden_layers=4).run_frames(2)
    net, p = pg.network, pg.session.model.parameters
    before = np.array(net.lines.get_linewidths())
    pg.run_frames(3)
    colours, widths = net.lines.get_colors(), np.asarray(net.lines.get_linewidths())
    assert not np.allclose(widths, before)  # live: it follows the training
    w = np.concatenate([p[f"W{l}"].ravel() for l in range(1, 6)])
    assert len(w) == len(colours) == len(widths) == 2 * 8 + 3 * 64 + 8
    blue, orange = np.array(to_rgb(COLORS["blue"])), np.array(to_rgb(COLORS["orange"]))
    np.testing.assert_allclose(colours[w > 0, :3], np.tile(blue, ((w > 0).sum(), 1)))
    np.testing.assert_allclose(colours[w < 0, :3], np.tile(orange, ((w < 0).sum(), 1)))
    order = np.argsort(np.abs(w))
    assert np.all(np.diff(widths[order]) >= 0) and np.all(np.diff(colours[order, 3]) >= 0)
    assert widths[order[-1]] > 3 * widths[order[0]]
    # the line of W3[j, i] joins unit i of layer 2 to unit j of layer 3
    segment = net.lines.get_segments()[2 * 8 + 64 + 5 * 8 + 2]
    centre = lambda l, j: net.layout[l][j].reshape(2, 2).mean(axis=0)  # noqa: E731
    np.testing.assert_allclose(segment, [centre(2, 2), centre(3, 5)])


def mouse(net, name, unit=None, where=None):
    """A mouse event over the network view, at the centre of ``unit`` = (layer, index)."""
    if unit is not None:
        where = net.layout[unit[0]][unit[1]].reshape(2, 2).mean(axis=0)
    x, y = net.ax_net.transData.transform(where)
    event = MouseEvent(name, net.canvas, x, y, button=1 if "press" in name else None)
    net.canvas.callbacks.process(name, event)


def test_hover_and_click_enlarge_the_right_unit(pg):
    pg.run_frames(2)
    net, maps = pg.network, unit_maps(pg.session)
    assert net.selected == (1, 0) and "hidden layer 1, unit 1" in net.ax_unit.get_title()
    mouse(net, "motion_notify_event", (2, 3))
    assert net.hovered == (2, 3) and "hidden layer 2, unit 4" in net.ax_unit.get_title()
    np.testing.assert_allclose(np.asarray(net.big.get_array()), (maps[2][3] + 1) / 2)
    mouse(net, "button_press_event", (0, 1))  # a click pins the unit
    assert net.selected == (0, 1) and "input, unit 2" in net.ax_unit.get_title()
    mouse(net, "motion_notify_event", (3, 0))
    assert "output, unit 1" in net.ax_unit.get_title()
    np.testing.assert_allclose(np.asarray(net.big.get_array()), maps[3][0])
    mouse(net, "motion_notify_event", where=(1.0, 1.0))  # off the units: the pinned one again
    assert net.hovered is None and "input, unit 2" in net.ax_unit.get_title()
    x0, y0, x1, y1 = net.layout[0][1]
    assert net.highlight.get_x() < x0 and net.highlight.get_x() + net.highlight.get_width() > x1
    pg.run_frames(1)  # the pinned unit stays through training and a new network
    assert "input, unit 2" in net.ax_unit.get_title()
    pg.controls["hidden_layers"].value = 1
    assert net.selected == (0, 1) and net.unit_at(*net.layout[2][0][:2] + 1) == (2, 0)


@pytest.mark.parametrize("layers, units", [(4, 8), (6, 16), (0, 1)])
def test_big_networks_keep_their_squares_apart_and_inside(layers, units):
    pg = playground(hidden_layers=layers, units=units).run_frames(1)
    net = pg.network
    width, height = net.size
    side = net.layout[0][0][2] - net.layout[0][0][0]
    assert side >= 9  # points (1/8 inch): still a map one can read
    for boxes in net.layout:
        assert (boxes[:, :2] >= 0).all() and (boxes[:, 2] <= width).all()
        assert (boxes[:, 3] <= height).all()
        assert np.all(boxes[:-1, 1] > boxes[1:, 3])  # unit j above unit j + 1, with a gap
    assert len(net.lines.get_segments()) == sum(
        a * b for a, b in zip(pg.session.layer_dims, pg.session.layer_dims[1:])
    )


def test_the_network_view_for_a_curve_three_classes_and_three_features(pg):
    pg.controls["dataset"].value = "sine"
    pg.run_frames(2)
    net, maps = pg.network, unit_maps(pg.session)
    assert [A.shape for A in maps] == [(1, 1, 60), (8, 1, 60), (8, 1, 60), (1, 1, 60)]
    mouse(net, "button_press_event", (2, 4))
    np.testing.assert_allclose(net.big_curve.get_data()[1], maps[2][4, 0])
    assert net.big_curve.get_visible() and not net.big.get_visible()
    pg.controls["dataset"].value = "blobs"
    assert [A.shape[0] for A in unit_maps(pg.session)] == [2, 8, 8, 3]
    X3 = np.random.default_rng(0).normal(size=(3, 30))
    upload(pg, csv_bytes(X3, (X3[:1] > 0).astype(float)), "three.csv")
    pg.run_frames(1)
    assert unit_maps(pg.session) is None and "need one or two" in net.note.get_text()
    assert len(net.lines.get_segments()) == 3 * 8 + 8 * 8 + 8


# --- regularization and the validation set ----------------------------------------------------
def weights_of(session):
    return {key: value.copy() for key, value in session.model.parameters.items()}


def test_l2_and_dropout_act_on_the_run_in_progress(pg):
    pg.run_frames(2)
    weights = weights_of(pg.session)
    pg.controls["l2"].value = 0.1
    assert pg.session.model.l2 == 0.1 == pg.state["l2"] and pg.state["epoch"] == 10
    for key, value in weights.items():  # the same weights: nothing was reset
        np.testing.assert_array_equal(pg.session.model.parameters[key], value)
    pg.run_frames(1)
    pg.controls["dropout"].value = 0.3
    assert pg.session.model.dropout == 0.3 == pg.state["dropout"] and pg.state["epoch"] == 15
    pg.run_frames(1)
    pg.controls["l2"].value = 0.0
    pg.run_frames(1)
    reference = DeepNeuralNetwork([2, 8, 8, 1], "tanh", "sigmoid", "binary_cross_entropy", seed=0)
    X, Y = pg.session.X_train, pg.session.Y_train
    reference.train(X, Y, 10**-1.5, 10, 16)
    reference.l2 = 0.1
    reference.train(X, Y, 10**-1.5, 5, 16)
    reference.dropout = 0.3
    reference.train(X, Y, 10**-1.5, 5, 16)
    reference.l2 = 0.0
    reference.train(X, Y, 10**-1.5, 5, 16)
    for key, value in reference.parameters.items():
        np.testing.assert_array_equal(pg.session.model.parameters[key], value)
    assert [(seg["l2"], seg["dropout"]) for seg in pg.session.segments] == [
        (0.0, 0.0),
        (0.1, 0.0),
        (0.1, 0.3),
        (0.0, 0.3),
    ]
    pg.controls["reset"].click()  # Reset keeps the chosen values, on the initial weights
    assert pg.session.model.l2 == 0.0 and pg.session.model.dropout == 0.3
    pg.controls["hidden_layers"].value = 3  # and so does a new network
    assert pg.session.model.dropout == 0.3


def test_bad_regularization_values_are_refused_and_change_nothing():
    session = PlaygroundSession(l2=0.01)
    session.train_frame()
    weights, X_val = weights_of(session), session.X_val
    for bad, says in [(dict(l2=-1.0), "l2"), (dict(dropout=1.0), "dropout"),
                      (dict(l2=0.5, dropout=-0.2), "dropout"), (dict(l2=float("nan")), "l2")]:  # fmt: skip
        with pytest.raises((ValueError, TypeError), match=says):
            session.set_regularization(**bad)
        assert (session.model.l2, session.model.dropout) == (0.01, 0.0) == (session.l2, 0.0)
    with pytest.raises(ValueError, match="validation_fraction must be between 0 and 0.5"):
        session.load("moons", validation_fraction=0.7)
    assert session.X_val is X_val and session.validation_fraction == 0.2 and session.epoch == 5
    for key, value in weights.items():
        np.testing.assert_array_equal(session.model.parameters[key], value)


def test_the_validation_points_are_shown_but_never_trained_on(pg):
    pg.controls["validation_fraction"].value = 0.2
    s = pg.session
    assert (pg.state["n_train"], pg.state["n_val"], pg.state["n_test"]) == (240, 60, 100)
    everything = sorted_rows(np.hstack([s.X_train, s.X_val, s.X_test]).T)
    np.testing.assert_array_equal(everything, sorted_rows(moons(400, noise=0.1, seed=0)[0].T))
    np.testing.assert_allclose(sorted_rows(pg.view.plotted_points("val")), sorted_rows(s.X_val.T))
    assert pg.view.points["val"][0].get_markerfacecolor() == "none"  # hollow rings
    pg.run_frames(3)
    reference = DeepNeuralNetwork([2, 8, 8, 1], "tanh", "sigmoid", "binary_cross_entropy", seed=0)
    reference.train(s.X_train, s.Y_train, 10**-1.5, 15, 16)  # the training part only
    for key, value in reference.parameters.items():
        np.testing.assert_array_equal(s.model.parameters[key], value)
    assert len(s.model.val_costs) == 15 and s.model.val_costs[-1] == s.model.cost(s.X_val, s.Y_val)
    epochs, losses = pg.view.val_curve.get_data()
    assert list(epochs) == list(range(1, 16)) and np.allclose(losses, s.model.val_costs)
    assert pg.view.val_curve.get_visible() and pg.view.loss_legends[True].get_visible()
    assert f"validation loss {s.model.val_costs[-1]:.4f}" in pg.controls["readout"].value
    pg.controls["validation_fraction"].value = 0.0
    assert s.X_val is None and not pg.view.val_curve.get_visible()
    assert pg.view.plotted_points("val").shape == (0, 2) and pg.state["n_train"] == 300


def test_show_the_code_reproduces_validation_and_mid_run_regularization(tmp_path):
    pg = playground(validation_fraction=0.25, l2=0.03).run_frames(1)
    pg.controls["dropout"].value = 0.2
    pg.run_frames(1)
    pg.controls["l2"].value = 0.3
    pg.controls["learning_rate"].value = 0.1
    pg.run_frames(1)
    pg.controls["dropout"].value = 0.0
    pg.run_frames(1)
    pg.controls["show_code"].click()
    code = pg.state["code"]
    assert "l2=0.03," in code and "model.dropout = 0.2" in code and "model.l2 = 0.3" in code
    assert "model.dropout = 0.0" in code and code.count("validation=(X_val, Y_val)") == 4
    printed, weights = run_fresh(code, tmp_path)
    assert_same_weights(weights, pg.session)
    assert f"validation loss {pg.state['val_loss']:.4f}" in printed


def test_show_the_code_splits_a_csv_into_the_same_validation_set(pg, tmp_path):
    X, Y = moons(120, noise=0.1, seed=3)
    (tmp_path / "mine.csv").write_bytes(csv_bytes(10 * X + 5, Y))
    upload(pg, csv_bytes(10 * X + 5, Y), "mine.csv")
    pg.controls["validation_fraction"].value = 0.3
    pg.controls["dropout"].value = 0.1
    pg.run_frames(2)
    pg.controls["show_code"].click()
    printed, weights = run_fresh(pg.state["code"], tmp_path)
    assert_same_weights(weights, pg.session)
    assert f"validation loss {pg.state['val_loss']:.4f}" in printed


def test_without_regularization_the_validation_loss_turns_up_and_l2_holds_it_down():
    settings = dict(noise=0.4, test_fraction=0.5, validation_fraction=0.5, hidden_layers=3,
                    units=16, activation="relu", learning_rate=0.1)  # fmt: skip
    free, l2 = trained("moons", 300, **settings), trained("moons", 300, l2=0.1, **settings)
    val = np.array(free.model.val_costs)
    assert val.argmin() < 150 and val[-1] > 1.8 * val.min()  # it turned back up
    assert free.train_losses[-1] < 0.5 * val[-1]  # while the train loss kept falling
    assert l2.model.val_costs[-1] < 0.6 * val[-1]
    assert l2.model.val_costs[-1] < 1.2 * min(l2.model.val_costs)
