"""DeepNeuralNetwork.train with an optimizer and a learning-rate schedule, and their memory
through save and load (the optimizers' own numbers are tested in test_optimizers.py)."""

import numpy as np
import pytest

from dnn_core import DeepNeuralNetwork, ModelFileError, TrainingDiverged
from dnn_core.datasets import moons
from dnn_core.optimizers import OPTIMIZERS, Adam
from dnn_core.schedules import get_schedule
from dnn_core.training import train_epoch

X, Y = moons(120, noise=0.1, seed=0)


def model():
    return DeepNeuralNetwork([2, 6, 1], "tanh", "sigmoid", "binary_cross_entropy", seed=3)


def test_the_default_is_plain_gradient_descent_bit_for_bit():
    trained = model().train(X, Y, 0.05, 4, 16)
    by_hand = model()
    for _ in range(4):  # a number: update_parameters' plain step, with the model's own shuffles
        train_epoch(by_hand.parameters, X, Y, by_hand.hidden, by_hand.output, by_hand.loss,
                    0.05, 16, rng=by_hand.rng)  # fmt: skip
    for key, theta in trained.parameters.items():
        assert np.array_equal(theta, by_hand.parameters[key]), key


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_two_calls_continue_the_optimizer_and_save_load_keeps_its_memory(name, tmp_path):
    straight = model().train(X, Y, 0.01, 6, 16, optimizer=name)
    first = model().train(X, Y, 0.01, 3, 16, optimizer=name)
    resumed = DeepNeuralNetwork.load(first.save(tmp_path / "half.npz"))
    resumed.train(X, Y, 0.01, 3, 16, optimizer=name)
    for key, theta in straight.parameters.items():
        np.testing.assert_array_equal(resumed.parameters[key], theta, err_msg=key)
    assert resumed.costs == straight.costs


def test_a_new_optimizer_name_starts_a_fresh_memory_and_reset_forgets_it():
    net = model().train(X, Y, 0.01, 2, 16, optimizer="adam")
    adam = net.optimizer
    assert adam.state()["t"] > 0
    net.train(X, Y, 0.01, 1, 16, optimizer="rmsprop")
    assert net.optimizer is not adam and net.optimizer_name == "rmsprop"
    assert net.reset().optimizer is None


def test_an_optimizer_object_is_used_as_it_is():
    adam = Adam(0.02, beta1=0.8)
    net = model().train(X, Y, 0.5, 2, 40, optimizer=adam)  # its own rate, not 0.5
    assert net.optimizer is adam and adam.learning_rate == 0.02
    assert adam.state()["t"] == 2 * 3  # 120 examples in batches of 40, two epochs


def test_the_schedule_sets_the_rate_of_every_epoch():
    schedule = get_schedule("step_decay", 0.1, drop=0.5, every=2)
    seen = []
    net = model()
    net.train(X, Y, 0.1, 5, 16, schedule=schedule,
              callback=lambda m, epoch, cost: seen.append(m.optimizer.learning_rate))  # fmt: skip
    assert seen == [schedule(epoch) for epoch in range(5)] == [0.1, 0.1, 0.05, 0.05, 0.025]


def test_bad_optimizer_and_schedule_arguments_are_named():
    with pytest.raises(
        ValueError, match="optimizer: unknown optimizer 'adamw'; valid names are sgd"
    ):
        model().train(X, Y, optimizer="adamw")
    with pytest.raises(TypeError, match="schedule must be a function"):
        model().train(X, Y, schedule=0.5)


def test_a_tampered_optimizer_entry_is_refused_naming_it(tmp_path):
    path = model().train(X, Y, 0.01, 1, 16, optimizer="adam").save(tmp_path / "m.npz")
    with np.load(path) as saved:
        arrays = dict(saved)
    arrays["optimizer"] = np.str_('{"name": "adam", "settings": {"name": "lion"}}')
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelFileError, match="'optimizer' does not describe an optimizer"):
        DeepNeuralNetwork.load(tmp_path / "bad.npz")


def test_a_divergence_message_names_the_rate_the_optimizer_used():
    net = DeepNeuralNetwork([2, 16, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    with pytest.raises(TrainingDiverged, match="learning_rate=10000 is too large"):
        net.train(X, Y, num_epochs=20, batch_size=16, optimizer=Adam(1e4))  # not train's 0.0075
