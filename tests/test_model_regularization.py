"""DeepNeuralNetwork with l2, dropout, a validation set and early stopping: what the model
reports, what it reproduces, what it restores, what it saves, and what it refuses."""

import numpy as np
import pytest

from dnn_core import DeepNeuralNetwork, ModelFileError, datasets
from dnn_core.forward import L_model_forward
from dnn_core.regularization import l2_penalty


def data(m=60, seed=0):
    X, Y = datasets.moons(m, noise=0.35, seed=seed)
    return X, Y


def model(**settings):
    return DeepNeuralNetwork([2, 16, 16, 1], "relu", "sigmoid", "binary_cross_entropy",
                             seed=settings.pop("seed", 0), **settings)  # fmt: skip


def test_no_regularization_gives_the_numbers_of_before():
    """l2=0 and dropout=0 draw nothing and add nothing: the same weights as a model built without
    the arguments (and, through the training loop, as before they existed)."""
    X, Y = data()
    plain = model().train(X, Y, learning_rate=0.1, num_epochs=20, batch_size=16)
    zero = model(l2=0.0, dropout=0.0).train(X, Y, learning_rate=0.1, num_epochs=20, batch_size=16)
    for k in plain.parameters:
        np.testing.assert_array_equal(plain.parameters[k], zero.parameters[k])
    assert plain.costs == zero.costs and plain.val_costs == [] and plain.best_epoch is None


def test_reported_cost_is_the_loss_plus_the_penalty_full_batch():
    X, Y = data()
    net = model(l2=2.0)
    AL = L_model_forward(X, net.parameters, net.hidden, net.output)[0]
    expected = net.loss.cost(AL, Y) + l2_penalty(net.parameters, 2.0, X.shape[1])
    net.train(X, Y, learning_rate=0.1, num_epochs=1, batch_size=X.shape[1])
    assert net.costs[0] == pytest.approx(expected, rel=1e-14)


def test_l2_shrinks_the_weights():
    X, Y = data()
    norms = {}
    for lam in (0.0, 1.0, 5.0):
        net = model(l2=lam).train(X, Y, learning_rate=0.1, num_epochs=150, batch_size=16)
        norms[lam] = sum(float((net.parameters[f"W{l}"] ** 2).sum()) for l in (1, 2, 3))
    assert norms[0.0] > norms[1.0] > norms[5.0]


def test_dropout_is_reproducible_with_a_seed_and_off_in_predict():
    X, Y = data()
    runs = [model(dropout=0.3, seed=s).train(X, Y, learning_rate=0.1, num_epochs=30,
                                             batch_size=16) for s in (5, 5, 6)]  # fmt: skip
    plain = model(seed=5).train(X, Y, learning_rate=0.1, num_epochs=30, batch_size=16)
    for k in plain.parameters:
        np.testing.assert_array_equal(runs[0].parameters[k], runs[1].parameters[k])
        assert not np.array_equal(runs[0].parameters[k], runs[2].parameters[k])
        assert not np.array_equal(runs[0].parameters[k], plain.parameters[k])
    net = runs[0]
    state = net.rng.bit_generator.state
    first, second = net.predict(X), net.predict(X)
    np.testing.assert_array_equal(first, second)  # no masks: the same answer every call
    np.testing.assert_array_equal(
        first, L_model_forward(X, net.parameters, net.hidden, net.output)[0]
    )
    assert net.rng.bit_generator.state == state  # predict draws nothing


def test_changing_l2_and_dropout_between_calls_continues_the_same_weights():
    X, Y = data()
    net = model().train(X, Y, learning_rate=0.1, num_epochs=5, batch_size=16)
    kept = {k: v.copy() for k, v in net.parameters.items()}
    net.l2, net.dropout = 0.5, 0.2
    assert all(np.array_equal(net.parameters[k], kept[k]) for k in kept)
    net.train(X, Y, learning_rate=0.1, num_epochs=5, batch_size=16)
    assert len(net.costs) == 10 and (net.l2, net.dropout) == (0.5, 0.2)


def test_validation_costs_are_the_whole_networks_cost_each_epoch():
    X, Y = data()
    X_val, Y_val = data(40, seed=1)
    seen = []
    net = model(dropout=0.2, l2=0.3)
    net.train(X, Y, learning_rate=0.1, num_epochs=12, batch_size=16, validation=(X_val, Y_val),
              callback=lambda m, epoch, cost: seen.append(m.cost(X_val, Y_val)))  # fmt: skip
    assert len(net.val_costs) == len(net.costs) == 12
    np.testing.assert_allclose(net.val_costs, seen, rtol=1e-14)


def test_epochs_without_a_validation_set_are_gaps():
    X, Y = data()
    net = model().train(X, Y, learning_rate=0.1, num_epochs=3, batch_size=16)
    net.train(X, Y, learning_rate=0.1, num_epochs=2, batch_size=16, validation=data(20, 1))
    assert len(net.val_costs) == 5
    assert np.isnan(net.val_costs[:3]).all() and np.isfinite(net.val_costs[3:]).all()


def test_early_stopping_stops_and_restores_the_best_epochs_weights():
    X, Y = data(40)  # small and noisy, a wide network, no regularization: it overfits
    X_val, Y_val = data(200, seed=1)
    snapshots = {}

    def remember(m, epoch, cost):
        snapshots[epoch] = {k: v.copy() for k, v in m.parameters.items()}

    net = DeepNeuralNetwork([2, 64, 64, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    net.train(X, Y, learning_rate=0.3, num_epochs=2000, batch_size=8,
              validation=(X_val, Y_val), patience=25, callback=remember)  # fmt: skip
    stopped = len(net.costs)
    best = net.best_epoch
    assert stopped < 2000 and stopped == best + 25
    assert best == int(np.argmin(net.val_costs)) + 1
    for k in net.parameters:
        np.testing.assert_array_equal(net.parameters[k], snapshots[best][k])
    assert net.cost(X_val, Y_val) == pytest.approx(net.val_costs[best - 1], rel=1e-14)
    assert net.val_costs[-1] > net.val_costs[best - 1]  # it had started to overfit


def test_a_callback_that_stops_early_still_gets_the_best_weights_back():
    X, Y = data()
    val = data(40, seed=1)
    net = model()
    net.train(X, Y, learning_rate=0.1, num_epochs=100, batch_size=16, validation=val,
              patience=50, callback=lambda m, epoch, cost: epoch < 8)  # fmt: skip
    assert len(net.costs) == 8 and net.best_epoch == int(np.argmin(net.val_costs)) + 1


@pytest.mark.parametrize(
    "settings, error, message",
    [
        (dict(l2=-0.1), ValueError, "l2 must be a finite number >= 0"),
        (dict(l2=float("inf")), ValueError, "l2 must be a finite number >= 0"),
        (dict(l2="0.1"), TypeError, "l2 must be a number"),
        (dict(dropout=1.0), ValueError, r"dropout must be in \[0, 1\)"),
        (dict(dropout=-0.2), ValueError, r"dropout must be in \[0, 1\)"),
        (dict(dropout=None), TypeError, "dropout must be a number"),
    ],
)
def test_bad_regularization_values_are_refused(settings, error, message):
    with pytest.raises(error, match=message):
        model(**settings)
    net = model(l2=0.25, dropout=0.1)
    (key, value), = settings.items()  # fmt: skip
    with pytest.raises(error, match=message):
        setattr(net, key, value)
    assert (net.l2, net.dropout) == (0.25, 0.1)  # the earlier values stay


@pytest.mark.parametrize(
    "validation, patience, error, message",
    [
        (None, 3, ValueError, "patience needs a validation set"),
        ("data", None, TypeError, "validation must be a pair"),
        ((np.ones((3, 5)), np.ones((1, 5))), None, ValueError, "X_val has 3 rows"),
        ((np.ones((2, 5)), np.ones((2, 5))), None, ValueError, "Y_val has 2 rows"),
        ((np.ones((2, 5)), np.ones((1, 4))), None, ValueError, "X_val"),
        ((np.ones((2, 5)), np.full((1, 5), 2.0)), None, ValueError, "Y_val"),
        (data(10, 1), 0, ValueError, "patience must be >= 1"),
        (data(10, 1), 2.5, TypeError, "patience must be an integer"),
    ],
)
def test_bad_validation_arguments_are_refused_before_training(validation, patience, error, message):
    X, Y = data()
    net = model()
    with pytest.raises(error, match=message):
        net.train(X, Y, num_epochs=3, validation=validation, patience=patience)
    assert net.costs == [] and net.val_costs == []


def test_save_and_load_keep_the_regularization_and_both_curves(tmp_path):
    X, Y = data()
    net = model(l2=0.4, dropout=0.25).train(X, Y, learning_rate=0.1, num_epochs=2, batch_size=16)
    net.train(X, Y, learning_rate=0.1, num_epochs=30, batch_size=16, validation=data(30, 1),
              patience=3)  # fmt: skip
    loaded = DeepNeuralNetwork.load(net.save(tmp_path / "m"))
    assert (loaded.l2, loaded.dropout, loaded.best_epoch) == (0.4, 0.25, net.best_epoch)
    assert loaded.costs == net.costs
    np.testing.assert_array_equal(loaded.val_costs, net.val_costs)  # NaN gaps too
    # and the dropout masks continue: save -> load -> train == training on
    for m in (net, loaded):
        m.train(X, Y, learning_rate=0.1, num_epochs=3, batch_size=16)
    for k in net.parameters:
        np.testing.assert_array_equal(loaded.parameters[k], net.parameters[k])


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("l2", np.float64(-1.0), "'l2' is not valid"),
        ("dropout", np.float64(1.0), "'dropout' is not valid"),
        ("val_costs", np.array([0.1, np.inf]), "'val_costs' must hold finite costs"),
        ("val_costs", np.ones(99), "'val_costs' must hold finite costs"),
        ("best_epoch", np.int64(50), "'best_epoch' must be 0"),
        ("l2", np.str_("big"), "'l2' has dtype"),
    ],
)
def test_load_refuses_bad_regularization_entries(tmp_path, key, value, message):
    X, Y = data()
    path = model().train(X, Y, num_epochs=2).save(tmp_path / "m.npz")
    with np.load(path) as saved:
        arrays = dict(saved)
    arrays[key] = value
    np.savez(path, **arrays)
    with pytest.raises(ModelFileError, match=message):
        DeepNeuralNetwork.load(path)


def test_files_of_the_previous_version_load_without_regularization(tmp_path):
    X, Y = data()
    path = model().train(X, Y, num_epochs=2).save(tmp_path / "m.npz")
    with np.load(path) as saved:
        arrays = {k: v for k, v in saved.items()
                  if k not in ("l2", "dropout", "val_costs", "best_epoch")}  # fmt: skip
    np.savez(path, **arrays)
    loaded = DeepNeuralNetwork.load(path)
    assert (loaded.l2, loaded.dropout, loaded.val_costs, loaded.best_epoch) == (0, 0, [], None)
