"""The command line (``python -m dnn_core train``) and the training plots it draws.

The source document's train.py accepted --num_epochs and then ignored it; here
every flag must change what is trained or drawn, and bad values must be refused
the way argparse refuses them (exit code 2, a message naming the flag).
"""

import json
import struct
import subprocess
import sys

import numpy as np
import pytest

from dnn_core.cli import main


def train(tmp_path, *flags, name="out"):
    """Run ``train`` in-process with ``flags``; return (metrics, saved model arrays)."""
    folder = tmp_path / name
    assert main(["train", "--output", str(folder), "--quiet", *flags]) == 0
    metrics = json.loads((folder / "metrics.json").read_text())
    with np.load(folder / "model.npz", allow_pickle=False) as saved:
        model = {key: saved[key] for key in saved.files}
    return metrics, model


def png_size(path):
    """(width, height) in pixels, read from the PNG header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


# --- the document's error 6: --num_epochs was ignored
@pytest.mark.parametrize("epochs", [7, 1, 0])
def test_num_epochs_is_honoured(tmp_path, epochs):
    metrics, model = train(tmp_path, "--num_epochs", str(epochs))
    assert metrics["epochs"] == epochs
    assert len(model["costs"]) == epochs
    assert metrics["flags"]["num_epochs"] == epochs


# --- every flag has an effect
def test_batch_size_and_learning_rate_change_training(tmp_path):
    base, _ = train(tmp_path, "--num_epochs", "5", name="base")
    again, _ = train(tmp_path, "--num_epochs", "5", name="again")
    bigger, _ = train(tmp_path, "--num_epochs", "5", "--batch_size", "32", name="batch")
    slower, _ = train(tmp_path, "--num_epochs", "5", "--learning_rate", "0.01", name="lr")
    assert again["final_mse"] == base["final_mse"]  # same flags, same result
    assert bigger["final_mse"] != base["final_mse"]
    assert slower["final_mse"] != base["final_mse"]
    assert (bigger["flags"]["batch_size"], slower["flags"]["learning_rate"]) == (32, 0.01)


def test_batch_size_sets_the_number_of_updates(tmp_path):
    # batch_size = m (500) is one update per epoch: far less progress than 63 updates of 8
    full, _ = train(tmp_path, "--num_epochs", "20", "--batch_size", "500", name="full")
    small, _ = train(tmp_path, "--num_epochs", "20", "--batch_size", "8", name="small")
    assert small["final_mse"] < full["final_mse"]


def test_hidden_widths_set_the_layers(tmp_path):
    metrics, model = train(tmp_path, "--num_epochs", "2", "--hidden", "5,4,3")
    assert list(model["layer_dims"]) == [1, 5, 4, 3, 1]
    assert metrics["layer_dims"] == [1, 5, 4, 3, 1]
    assert model["W2"].shape == (4, 5)


def test_hidden_activation_is_used(tmp_path):
    relu, relu_model = train(tmp_path, "--num_epochs", "3", name="relu")
    tanh, tanh_model = train(
        tmp_path, "--num_epochs", "3", "--hidden_activation", "tanh", name="tanh"
    )
    assert (str(relu_model["hidden"]), str(tanh_model["hidden"])) == ("relu", "tanh")
    assert tanh["final_mse"] != relu["final_mse"]


def test_seed_makes_runs_repeatable_and_different(tmp_path):
    a, model_a = train(tmp_path, "--num_epochs", "3", "--seed", "1", name="a")
    b, model_b = train(tmp_path, "--num_epochs", "3", "--seed", "1", name="b")
    c, model_c = train(tmp_path, "--num_epochs", "3", "--seed", "2", name="c")
    np.testing.assert_array_equal(model_a["W1"], model_b["W1"])
    assert a["final_mse"] == b["final_mse"]
    assert not np.array_equal(model_a["W1"], model_c["W1"])
    assert a["final_mse"] != c["final_mse"]


def test_l2_and_dropout_are_used_and_saved(tmp_path):
    plain, _ = train(tmp_path, "--num_epochs", "3", name="plain")
    l2, l2_model = train(tmp_path, "--num_epochs", "3", "--l2", "5", name="l2")
    drop, drop_model = train(tmp_path, "--num_epochs", "3", "--dropout", "0.2", name="drop")
    assert (float(l2_model["l2"]), float(drop_model["dropout"])) == (5.0, 0.2)
    assert (l2["flags"]["l2"], drop["flags"]["dropout"]) == (5.0, 0.2)
    assert len({plain["final_mse"], l2["final_mse"], drop["final_mse"]}) == 3
    assert np.abs(l2_model["W2"]).sum() < np.abs(drop_model["W2"]).sum()  # weights decayed


def test_snapshots_choose_the_panels_of_result_png(tmp_path):
    few, _ = train(tmp_path, "--num_epochs", "6", "--snapshots", "2,4", name="few")
    many, _ = train(tmp_path, "--num_epochs", "6", "--snapshots", "1,2,3,4,5,9", name="many")
    assert few["snapshot_epochs"] == [2, 4, 6]  # the last epoch is always added
    assert many["snapshot_epochs"] == [1, 2, 3, 4, 5, 6]  # 9 > num_epochs is dropped
    width, height = png_size(tmp_path / "few" / "result.png")
    assert 600 < width < 3000 and 200 < height < 1000  # one row of three panels
    assert png_size(tmp_path / "many" / "result.png")[1] > 1.6 * height  # two rows
    width, height = png_size(tmp_path / "few" / "cost.png")
    assert 300 < width < 2000 and 200 < height < 1500


def test_output_folder_holds_every_file(tmp_path):
    train(tmp_path, "--num_epochs", "2", name="nested/deeper")
    folder = tmp_path / "nested" / "deeper"
    assert {p.name for p in folder.iterdir()} == {
        "result.png",
        "cost.png",
        "model.npz",
        "metrics.json",
    }
    assert all((folder / f).stat().st_size > 1000 for f in ("result.png", "cost.png"))


# --- bad values: argparse-style errors
@pytest.mark.parametrize(
    "flag, value",
    [
        ("--num_epochs", "-1"),
        ("--num_epochs", "2.5"),
        ("--batch_size", "0"),
        ("--learning_rate", "0"),
        ("--learning_rate", "-0.1"),
        ("--learning_rate", "nan"),
        ("--hidden", "20,x"),
        ("--hidden", "20,0"),
        ("--hidden", "20,,20"),
        ("--hidden", ""),
        ("--hidden_activation", "softmax"),
        ("--seed", "-3"),
        ("--snapshots", "0,10"),
        ("--l2", "-1"),
        ("--l2", "inf"),
        ("--dropout", "1"),
        ("--dropout", "-0.1"),
    ],
)
def test_bad_values_exit_with_code_2_naming_the_flag(tmp_path, capsys, flag, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--output", str(tmp_path / "never"), f"{flag}={value}"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {flag}" in err and "Traceback" not in err
    assert not (tmp_path / "never").exists()


@pytest.mark.parametrize(
    "flag, value, says",
    [
        ("--num_epochs", "12345678901234567890", "must be <= 1000000"),
        ("--output", "", "expected a folder name, got an empty one"),
        ("--output", " ", "expected a folder name, got an empty one"),
    ],
)
def test_values_that_could_never_work_are_refused_up_front(capsys, flag, value, says):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", f"{flag}={value}"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and says in err and "Traceback" not in err


def one_line_error(capsys, *flags, code=2):
    assert main(["train", "--quiet", "--num_epochs", "1", *flags]) == code
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dnn_core train: error: "), captured.err
    assert captured.out == ""
    return lines[0]


def test_an_output_that_is_a_file_or_under_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    for output in (tmp_path / "notes.txt", tmp_path / "notes.txt" / "run"):
        line = one_line_error(capsys, "--output", str(output))
        assert "argument --output" in line and "notes.txt' is a file, not a folder" in line
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_an_earlier_run_is_kept_unless_force_is_given(tmp_path, capsys):
    folder = tmp_path / "run"
    assert main(["train", "--quiet", "--num_epochs", "2", "--output", str(folder)]) == 0
    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    line = one_line_error(capsys, "--output", str(folder), "--seed", "5")
    assert "already holds an earlier run" in line and "--force" in line
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing lost
    for flag in ("--force", "--overwrite"):
        assert main(["train", "--quiet", "--num_epochs", "3", "--output", str(folder), flag]) == 0
        assert json.loads((folder / "metrics.json").read_text())["epochs"] == 3


def test_a_folder_with_other_files_is_fine_and_they_stay(tmp_path):
    (tmp_path / "README.txt").write_text("my notes")
    assert main(["train", "--quiet", "--num_epochs", "1", "--output", str(tmp_path)]) == 0
    assert (tmp_path / "README.txt").read_text() == "my notes"


def test_a_network_too_big_for_memory_is_one_line(tmp_path, capsys):
    line = one_line_error(capsys, "--hidden", "100000,100000", "--output", str(tmp_path / "big"))
    assert "GiB" in line and "layer_dims [1, 100000, 100000, 1]" in line
    assert not (tmp_path / "big").exists()


def test_a_20_digit_seed_trains_saves_and_loads(tmp_path):
    from dnn_core import DeepNeuralNetwork

    seed = "12345678901234567890"
    metrics, _ = train(tmp_path, "--num_epochs", "1", "--seed", seed)
    assert metrics["flags"]["seed"] == int(seed)
    assert DeepNeuralNetwork.load(tmp_path / "out" / "model.npz").seed == int(seed)


def test_a_diverging_run_leaves_no_folder_behind(tmp_path, capsys):
    folder = tmp_path / "new" / "run"
    line = one_line_error(
        capsys, "--output", str(folder), "--learning_rate", "1e300", "--num_epochs", "5", code=1
    )
    assert "training diverged" in line
    assert not (tmp_path / "new").exists()


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


# --- progress and the final line
def test_progress_lines_every_tenth_and_final_mse(tmp_path, capsys):
    assert main(["train", "--num_epochs", "20", "--output", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    progress = [line for line in lines if line.startswith("epoch")]
    assert [line.split()[1] for line in progress] == [f"{e}/20" for e in range(2, 21, 2)]
    assert all("cost" in line and line.endswith(" s") for line in progress)
    final = float(lines[-1].split()[2])
    assert lines[-1].startswith("final MSE: ")
    assert final == pytest.approx(
        json.loads((tmp_path / "metrics.json").read_text())["final_mse"], abs=1e-6
    )


def test_quiet_suppresses_progress(tmp_path, capsys):
    assert main(["train", "--num_epochs", "20", "--output", str(tmp_path), "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("final MSE: ")


# --- the document's test itself, with every default
def test_default_run_fits_the_attenuated_sine(tmp_path):
    metrics, model = train(tmp_path)
    assert metrics["epochs"] == 3000 and len(model["costs"]) == 3000
    assert metrics["flags"]["batch_size"] == 8 and metrics["flags"]["learning_rate"] == 0.1
    assert list(model["layer_dims"]) == [1, 20, 20, 1]
    assert metrics["final_mse"] < 1e-3
    assert metrics["snapshot_epochs"] == [10, 100, 500, 1000, 2000, 3000]


# --- how the module is run and imported
def test_python_dash_m_runs_the_cli(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "dnn_core",
            "train",
            "--num_epochs",
            "2",
            "--quiet",
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("final MSE: ")


def test_importing_the_cli_does_not_import_matplotlib():
    code = "import sys, dnn_core.cli; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- dnn_core.plots.training
def test_plot_cost_draws_the_costs():
    from matplotlib.figure import Figure

    from dnn_core.plots import plot_cost

    costs = [0.5, 0.2, 0.1, 0.05]
    fig = plot_cost(costs, label="run")
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    (line,) = fig.axes[0].get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(line.get_ydata(), costs)
    assert fig.axes[0].get_yscale() == "log" and fig.axes[0].get_legend() is not None
    assert plot_cost(costs, log=False).axes[0].get_yscale() == "linear"


def test_plot_fit_draws_into_a_given_axes():
    from matplotlib.figure import Figure

    from dnn_core.plots import plot_fit

    x = np.linspace(0, 1, 5)
    y_true, y_pred = x**2, x.reshape(1, 5)
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_fit(x, y_true, y_pred, ax=ax, title="t") is fig
    actual, predicted = ax.get_lines()
    np.testing.assert_array_equal(actual.get_xdata(), x)
    np.testing.assert_array_equal(actual.get_ydata(), y_true)
    np.testing.assert_array_equal(predicted.get_ydata(), y_pred.ravel())
    assert ax.get_title() == "t"
    with pytest.raises(ValueError, match="same number of points"):
        plot_fit(x, y_true, y_pred[:, :3])


@pytest.mark.parametrize(
    "epochs, ncols, grid",
    [([3], 3, (1, 1)), ([1, 5, 2, 9], 3, (2, 3)), ([1, 2, 3, 4, 5, 6], 2, (3, 2))],
)
def test_plot_snapshots_has_one_panel_per_epoch(epochs, ncols, grid):
    from dnn_core.plots import plot_snapshots

    x = np.linspace(-1, 1, 50)
    y_true = np.sin(x)
    snapshots = {e: (y_true + 0.1 * e).reshape(1, -1) for e in epochs}
    fig = plot_snapshots(x, y_true, snapshots, ncols=ncols)
    assert len(fig.axes) == len(epochs)
    assert fig.axes[0].get_subplotspec().get_geometry()[:2] == grid
    for ax, e in zip(fig.axes, sorted(epochs)):
        mse = (0.1 * e) ** 2
        assert ax.get_title() == f"epoch {e} — MSE {mse:.2e}"
        np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), y_true + 0.1 * e)
    with pytest.raises(ValueError, match="at least one"):
        plot_snapshots(x, y_true, {})


def test_plots_leave_pyplot_alone():
    code = (
        "import sys, numpy as np; from dnn_core.plots import plot_snapshots; "
        "plot_snapshots(np.arange(3), np.arange(3), {1: np.arange(3)}); "
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
