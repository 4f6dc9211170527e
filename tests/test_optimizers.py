"""Optimizers and learning-rate schedules: hand-computed steps, PyTorch's numbers, saving the
state, the training loop, dtypes and bad arguments.

Expected numbers are worked out here by hand or with ``math``; the comparisons with
torch.optim run only where PyTorch is installed (it is not a dependency of the project).
"""

import io
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from dnn_core import datasets
from dnn_core.activations import get_activation
from dnn_core.backward import L_model_backward
from dnn_core.forward import L_model_forward
from dnn_core.losses import get_loss
from dnn_core.optimizers import (
    OPTIMIZERS,
    SGD,
    Adam,
    OptimizerKind,
    RMSProp,
    get_optimizer,
    optimizer_from_settings,
    register,
)
from dnn_core.parameters import initialize_parameters, update_parameters
from dnn_core.schedules import (
    SCHEDULES,
    cosine_decay,
    exponential_decay,
    get_schedule,
    step_decay,
)
from dnn_core.training import train_epoch, train_step

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_impls  # noqa: E402
import frameworks  # noqa: E402

TORCH_REASON = "PyTorch is optional (not a project dependency): pip install torch to compare"

# one (name -> maker) per optimizer kind and variant, with settings away from the defaults
MAKERS = {
    "sgd": lambda: SGD(0.1),
    "momentum": lambda: SGD(0.05, momentum=0.9),
    "nesterov": lambda: SGD(0.05, momentum=0.8, nesterov=True),
    "rmsprop": lambda: RMSProp(0.01, alpha=0.9, eps=1e-6),
    "adam": lambda: Adam(0.01, beta1=0.8, beta2=0.99, eps=1e-7),
}


def network(dtype=np.float64, seed=0):
    """A small 2-6-4-1 tanh network and the moons: (parameters, X, Y, hidden, output, loss)."""
    X, Y = datasets.moons(120, noise=0.2, seed=seed)
    parameters = initialize_parameters([2, 6, 4, 1], "xavier", seed=seed, dtype=dtype)
    return (parameters, X.astype(dtype), Y.astype(dtype), get_activation("tanh"),
            get_activation("sigmoid"), get_loss("binary_cross_entropy"))  # fmt: skip


def gradients(parameters, X, Y, hidden, output, loss):
    AL, caches = L_model_forward(X, parameters, hidden, output)
    return loss.cost(AL, Y), L_model_backward(AL, Y, caches, hidden, output, loss)


def one_parameter(theta0, gradients_list, optimizer):
    """theta after updating it with each gradient in turn (a 1 x n parameter "W1")."""
    parameters = {"W1": np.array([theta0], dtype=float)}
    history = []
    for g in gradients_list:
        optimizer.update(parameters, {"dW1": np.array([g], dtype=float)})
        history.append(parameters["W1"][0].copy())
    return history


# --- each update by hand, 3 steps ----------------------------------------------------------------
G = [[1.0, -0.5], [2.0, 0.25], [-1.0, 0.0]]  # the gradients of steps 1, 2, 3 for two weights


def test_sgd_by_hand():
    got = one_parameter([0.0, 1.0], G, SGD(0.1))
    assert np.allclose(got, [[-0.1, 1.05], [-0.3, 1.025], [-0.2, 1.025]], rtol=0, atol=1e-15)


def test_momentum_by_hand():
    # v1 = g1 = (1, -0.5); v2 = 0.9 v1 + g2 = (2.9, -0.2); v3 = 0.9 v2 + g3 = (1.61, -0.18)
    got = one_parameter([0.0, 1.0], G, SGD(0.1, momentum=0.9))
    want = [[-0.1, 1.05], [-0.1 - 0.29, 1.05 + 0.02], [-0.39 - 0.161, 1.07 + 0.018]]
    assert np.allclose(got, want, rtol=0, atol=1e-15)


def test_nesterov_by_hand():
    # the step is g + mu v with v already updated: (1.9, -0.95), (4.61, 0.07), (0.449, -0.162)
    got = one_parameter([0.0, 1.0], G, SGD(0.1, momentum=0.9, nesterov=True))
    want = [[-0.19, 1.095], [-0.19 - 0.461, 1.095 - 0.007], [-0.651 - 0.0449, 1.088 + 0.0162]]
    assert np.allclose(got, want, rtol=0, atol=1e-15)


def test_rmsprop_by_hand():
    lr, alpha, eps = 0.01, 0.9, 1e-8
    theta, s, want = [0.0, 1.0], [0.0, 0.0], []
    for g in G:
        for i in range(2):
            s[i] = alpha * s[i] + (1 - alpha) * g[i] ** 2
            theta[i] -= lr * g[i] / (math.sqrt(s[i]) + eps)
        want.append(list(theta))
    got = one_parameter([0.0, 1.0], G, RMSProp(lr, alpha, eps))
    assert np.allclose(got, want, rtol=0, atol=1e-15)
    # step 1 by hand: s = 0.1 g^2, so the step is lr g / (sqrt(0.1) |g|) = lr / sqrt(0.1) = 0.0316
    assert got[0][0] == pytest.approx(-0.01 / math.sqrt(0.1), abs=1e-9)


def test_adam_by_hand():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    # the first step of Adam is lr sign(g): m_hat = g and v_hat = g^2
    got = one_parameter([0.0, 1.0], G, Adam(lr, b1, b2, eps))
    assert np.allclose(got[0], [-0.1, 1.1], rtol=0, atol=1e-8)
    # step 2, weight 0: m = 0.9 (0.1) + 0.1 (2) = 0.29, v = 0.999 (0.001) + 0.001 (4) = 0.004999
    m_hat, v_hat = 0.29 / (1 - 0.9**2), 0.004999 / (1 - 0.999**2)
    assert got[1][0] == pytest.approx(got[0][0] - lr * m_hat / (math.sqrt(v_hat) + eps), abs=1e-15)
    # step 3, weight 1 (g = 0): m = 0.9 (0.9 (-0.05) + 0.025) = -0.018 and v stays positive
    m = 0.9 * (0.9 * -0.05 + 0.1 * 0.25)
    v = 0.999 * (0.999 * 0.00025 + 0.001 * 0.0625)
    step = lr * (m / (1 - 0.9**3)) / (math.sqrt(v / (1 - 0.999**3)) + eps)
    assert got[2][1] == pytest.approx(got[1][1] - step, abs=1e-15)


def test_the_averaging_form_of_momentum_is_the_same_path_with_lr_times_1_minus_beta():
    """u = beta u + (1 - beta) g, theta -= lr' u  equals  SGD(lr' (1 - beta), momentum=beta)."""
    beta, lr_prime = 0.9, 0.3
    rng = np.random.default_rng(1)
    grads = rng.standard_normal((50, 3))
    theta, u = np.zeros(3), np.zeros(3)
    for g in grads:
        u = beta * u + (1 - beta) * g
        theta = theta - lr_prime * u
    got = one_parameter(np.zeros(3), grads, SGD(lr_prime * (1 - beta), momentum=beta))[-1]
    assert np.allclose(got, theta, rtol=0, atol=1e-12)


# --- in place, plain SGD = update_parameters, dtypes ---------------------------------------------
@pytest.mark.parametrize("kind", MAKERS)
def test_update_changes_the_same_arrays_in_place(kind):
    parameters, *rest = network()
    arrays = dict(parameters)
    before = {k: a.copy() for k, a in parameters.items()}
    optimizer = MAKERS[kind]()
    for _ in range(3):
        assert optimizer.update(parameters, gradients(parameters, *rest)[1]) is parameters
    assert all(parameters[k] is arrays[k] for k in arrays)
    assert all(not np.array_equal(parameters[k], before[k]) for k in ("W1", "W2", "W3"))
    assert optimizer.t == 3


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_plain_sgd_is_update_parameters_bit_for_bit(dtype):
    ours, X, Y, hidden, output, loss = network(dtype)
    theirs = {k: a.copy() for k, a in ours.items()}
    optimizer = SGD(0.3)
    for _ in range(100):
        optimizer.update(ours, gradients(ours, X, Y, hidden, output, loss)[1])
        update_parameters(theirs, gradients(theirs, X, Y, hidden, output, loss)[1], 0.3)
    assert all(np.array_equal(ours[k], theirs[k]) and ours[k].dtype == dtype for k in ours)


def test_train_epoch_with_a_number_or_with_sgd_gives_the_same_bits():
    ours, X, Y, hidden, output, loss = network()
    theirs = {k: a.copy() for k, a in ours.items()}
    costs = [
        train_epoch(p, X, Y, hidden, output, loss, step, 16, rng=np.random.default_rng(5))
        for p, step in ((ours, SGD(0.2)), (theirs, 0.2))
    ]
    assert costs[0] == costs[1]
    assert all(np.array_equal(ours[k], theirs[k]) for k in ours)


@pytest.mark.parametrize("kind", MAKERS)
def test_float32_stays_float32(kind):
    parameters, *rest = network(np.float32)
    optimizer = MAKERS[kind]()
    for _ in range(5):
        optimizer.update(parameters, gradients(parameters, *rest)[1])
    assert all(a.dtype == np.float32 for a in parameters.values())
    arrays = [v for k, v in optimizer.state().items() if k != "t"]
    assert all(a.dtype == np.float32 for a in arrays)
    assert len(arrays) == 6 * len(optimizer.buffers)


@pytest.mark.parametrize("kind", MAKERS)
def test_each_optimizer_lowers_the_cost_of_a_small_network(kind):
    parameters, X, Y, hidden, output, loss = network()
    optimizer = MAKERS[kind]()
    first = train_step(parameters, X, Y, hidden, output, loss, optimizer)
    for _ in range(49):
        last = train_step(parameters, X, Y, hidden, output, loss, optimizer)
    assert last < 0.9 * first, (kind, first, last)


# --- saving and restoring the state --------------------------------------------------------------
@pytest.mark.parametrize("kind", MAKERS)
def test_stopping_saving_and_loading_continues_exactly(kind):
    uninterrupted, X, Y, hidden, output, loss = network()
    resumed = {k: a.copy() for k, a in uninterrupted.items()}
    optimizer = MAKERS[kind]()
    for _ in range(30):
        train_step(uninterrupted, X, Y, hidden, output, loss, optimizer)

    first = MAKERS[kind]()
    for _ in range(12):
        train_step(resumed, X, Y, hidden, output, loss, first)
    file = io.BytesIO()  # through an .npz file, without pickle
    np.savez(file, **{"settings/" + k: v for k, v in first.settings().items()},
             **{"state/" + k: v for k, v in first.state().items()})  # fmt: skip
    file.seek(0)
    with np.load(file, allow_pickle=False) as saved:
        settings = {k[9:]: saved[k] for k in saved.files if k.startswith("settings/")}
        state = {k[6:]: saved[k] for k in saved.files if k.startswith("state/")}
    second = optimizer_from_settings(settings)
    assert second.settings() == first.settings()
    second.load_state(state)
    assert second.state().keys() == first.state().keys()
    for _ in range(18):
        train_step(resumed, X, Y, hidden, output, loss, second)
    assert second.t == optimizer.t == 30
    assert all(np.array_equal(resumed[k], uninterrupted[k]) for k in resumed)


def test_state_is_a_copy_and_reset_forgets():
    parameters, *rest = network()
    optimizer = Adam(0.01)
    optimizer.update(parameters, gradients(parameters, *rest)[1])
    state = optimizer.state()
    assert set(state) == {"t"} | {f"{b}/{p}" for b in "mv" for p in parameters}
    state["m/W1"][...] = 123.0
    assert not np.any(optimizer.state()["m/W1"] == 123.0)
    optimizer.reset()
    assert optimizer.state() == {"t": 0}


# --- PyTorch's numbers ---------------------------------------------------------------------------
def torch_twins(torch):
    """(dnn_core kind, torch.optim maker) pairs with the same settings as MAKERS."""
    optim = torch.optim
    return {
        "sgd": lambda p: optim.SGD(p, lr=0.1),
        "momentum": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
        "nesterov": lambda p: optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True),
        "rmsprop": lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-6),
        "adam": lambda p: optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-7),
    }


@pytest.mark.parametrize("kind", MAKERS)
def test_same_weights_as_torch_optim_after_200_steps(kind):
    """The same 2-6-4-1 network trained by dnn_core (its own backprop and optimizer) and by
    PyTorch (autograd and torch.optim), 200 mini-batch steps in float64: same weights."""
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    parameters, X, Y, hidden, output, loss = network()
    tensors = {k: torch.tensor(a, requires_grad=True) for k, a in parameters.items()}
    twin = torch_twins(torch)[kind](list(tensors.values()))
    optimizer = MAKERS[kind]()
    X_t, Y_t = torch.tensor(X), torch.tensor(Y)
    for step in range(200):
        batch = slice(24 * (step % 5), 24 * (step % 5 + 1))
        train_step(parameters, X[:, batch], Y[:, batch], hidden, output, loss, optimizer)
        A = X_t[:, batch]
        for l in (1, 2):
            A = torch.tanh(tensors[f"W{l}"] @ A + tensors[f"b{l}"])
        AL = torch.sigmoid(tensors["W3"] @ A + tensors["b3"])
        twin.zero_grad()
        torch.nn.functional.binary_cross_entropy(AL, Y_t[:, batch]).backward()
        twin.step()
    gap = max(np.abs(parameters[k] - t.detach().numpy()).max() for k, t in tensors.items())
    moved = max(np.abs(parameters[k] - network()[0][k]).max() for k in parameters)
    print(f"{kind}: largest difference from torch.optim after 200 steps {gap:.1e}")
    assert gap < 1e-9 and moved > 0.1


@pytest.mark.parametrize(
    "name, settings, torch_name, torch_settings",
    [
        ("step_decay", dict(drop=0.5, every=3), "StepLR", dict(step_size=3, gamma=0.5)),
        ("exponential_decay", dict(rate=0.9), "ExponentialLR", dict(gamma=0.9)),
        ("cosine_decay", dict(total_epochs=7, lr_min=0.001), "CosineAnnealingLR",
         dict(T_max=7, eta_min=0.001)),
    ],
)  # fmt: skip
def test_schedules_are_torch_schedulers(name, settings, torch_name, torch_settings):
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    schedule = get_schedule(name, 0.1, **settings)
    sgd = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = getattr(torch.optim.lr_scheduler, torch_name)(sgd, **torch_settings)
    for epoch in range(8):  # the cosine runs one epoch past its end, where both stay at lr_min
        assert schedule(epoch) == pytest.approx(sgd.param_groups[0]["lr"], rel=1e-12, abs=1e-15)
        sgd.step()
        scheduler.step()


def test_the_adam_benchmark_compares_the_same_maths():
    """benchmarks/frameworks.py --optimizer adam: dnn_core's and PyTorch's trainers, from the same
    weights, reach the same cost (full batches, so the shuffles cannot differ)."""
    pytest.importorskip("torch", reason=TORCH_REASON)
    case = dict(frameworks.CASES["mlp-b64"], m=128, batch_size=128)
    adam = frameworks.with_optimizer(case, "adam")
    assert adam["optimizer"] == "adam" and frameworks.with_optimizer(case, "sgd") is case
    costs = [bench_impls.build(name, adam, "float64")(4) for name in ("dnn_core", "pytorch")]
    sgd_cost = bench_impls.build("dnn_core", dict(case, learning_rate=0.001), "float64")(4)
    assert costs[0] == pytest.approx(costs[1], rel=1e-10) and costs[0] != sgd_cost
    with pytest.raises(ValueError, match="optimizer must be one of"):
        frameworks.with_optimizer(case, "adagrad")


# --- schedules by hand, and applied by a loop ----------------------------------------------------
def test_schedules_by_hand():
    assert [step_decay(0.8, e, 0.5, 2) for e in range(5)] == [0.8, 0.8, 0.4, 0.4, 0.2]
    assert exponential_decay(2.0, 3, 0.5) == 0.25
    assert cosine_decay(1.0, 0, 10) == 1.0
    assert cosine_decay(1.0, 5, 10) == pytest.approx(0.5, abs=1e-15)
    assert cosine_decay(1.0, 10, 10) == pytest.approx(0.0, abs=1e-15)
    assert cosine_decay(1.0, 12, 10, lr_min=0.1) == pytest.approx(0.1, abs=1e-15)
    assert set(SCHEDULES) == {"step_decay", "exponential_decay", "cosine_decay"}


def test_a_loop_applies_a_schedule_through_the_learning_rate():
    parameters, X, Y, hidden, output, loss = network()
    optimizer, schedule = SGD(0.5, momentum=0.5), get_schedule("cosine_decay", 0.5, total_epochs=4)
    rates = []
    for epoch in range(6):
        optimizer.learning_rate = schedule(epoch)  # reaches 0 at epoch 4: then nothing moves
        before = parameters["W1"].copy()
        train_epoch(parameters, X, Y, hidden, output, loss, optimizer, 40, shuffle=False)
        rates.append(optimizer.learning_rate)
    assert rates[0] == 0.5 and rates[2] == pytest.approx(0.25) and rates[-1] == 0.0
    assert np.array_equal(before, parameters["W1"])  # lr 0: the last epoch changed nothing


# --- the registry --------------------------------------------------------------------------------
def test_names_build_optimizers_and_objects_pass_through():
    assert list(OPTIMIZERS)[:4] == ["sgd", "momentum", "rmsprop", "adam"]
    assert get_optimizer("momentum", 0.1).momentum == 0.9
    assert get_optimizer("momentum", 0.1, momentum=0.5, nesterov=True).nesterov
    assert isinstance(get_optimizer("adam", 0.001, beta2=0.99), Adam)
    adam = Adam(0.001)
    assert get_optimizer(adam) is adam
    for name in OPTIMIZERS:
        parameters, *rest = network()
        get_optimizer(name, 0.01).update(parameters, gradients(parameters, *rest)[1])


def test_a_registered_optimizer_is_found_by_name():
    class SignDescent(SGD):
        def step(self, theta, g, *arrays):
            theta -= self.learning_rate * np.sign(g)

    register(OptimizerKind("sign", SignDescent, "sign descent", "theta -= lr sign(g)"))
    try:
        assert one_parameter([0.0], [[-3.0]], get_optimizer("sign", 0.5)) == [[0.5]]
    finally:
        del OPTIMIZERS["sign"]


# --- bad arguments -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda: SGD(-0.1), ValueError, "learning_rate must be a finite number > 0"),
        (lambda: SGD(0), ValueError, "learning_rate"),
        (lambda: Adam(float("nan")), ValueError, "learning_rate"),
        (lambda: Adam("0.1"), TypeError, "learning_rate must be a number"),
        (lambda: SGD(0.1, momentum=-0.5), ValueError, "momentum must be in [0, 1)"),
        (lambda: SGD(0.1, momentum=1.0), ValueError, "momentum must be in [0, 1)"),
        (lambda: SGD(0.1, nesterov=True), ValueError, "nesterov=True needs a momentum > 0"),
        (lambda: SGD(0.1, 0.9, nesterov="yes"), TypeError, "nesterov must be True or False"),
        (lambda: RMSProp(0.1, alpha=1.0), ValueError, "alpha must be in [0, 1)"),
        (lambda: RMSProp(0.1, eps=0.0), ValueError, "eps must be a finite number > 0"),
        (lambda: Adam(0.1, beta1=-0.1), ValueError, "beta1 must be in [0, 1)"),
        (lambda: Adam(0.1, beta2=1.0), ValueError, "beta2 must be in [0, 1)"),
        (lambda: Adam(0.1, beta1=None), TypeError, "beta1 must be a number"),
        (lambda: Adam(0.1, eps=-1e-8), ValueError, "eps must be a finite number > 0"),
        (lambda: get_optimizer("adamw", 0.1), ValueError, "valid names are sgd, momentum, rmsprop, adam"),
        (lambda: get_optimizer("adam"), TypeError, "needs a learning_rate"),
        (lambda: get_optimizer(3, 0.1), TypeError, "optimizer must be a name (str) or an optimizer"),
        (lambda: get_optimizer("adam", 0.1, beta3=0.5), TypeError, "beta3"),
        (lambda: step_decay(0.1, 1, drop=1.5), ValueError, "drop must be in (0, 1]"),
        (lambda: step_decay(0.1, 1, every=0), ValueError, "every must be >= 1"),
        (lambda: step_decay(0.1, -1), ValueError, "epoch must be >= 0"),
        (lambda: exponential_decay(-0.1, 1), ValueError, "lr0 must be a finite number > 0"),
        (lambda: exponential_decay(0.1, 1.5), TypeError, "epoch must be an integer"),
        (lambda: cosine_decay(0.1, 1, 10, lr_min=0.2), ValueError, "lr_min must be in [0, lr0)"),
        (lambda: get_schedule("cos", 0.1), ValueError, "are step_decay, exponential_decay, cosine_decay"),
        (lambda: get_schedule("cosine_decay", 0.1), TypeError, "total_epochs"),
    ],
)  # fmt: skip
def test_bad_arguments_are_named(make, error, words):
    with pytest.raises(error) as caught:
        make()
    assert words in str(caught.value)


def test_bad_learning_rate_set_later_is_named():
    optimizer = Adam(0.1)
    optimizer.learning_rate = 0.0  # a schedule may end at 0
    for value, error in ((-0.1, ValueError), (float("inf"), ValueError), ("x", TypeError)):
        with pytest.raises(error, match="learning_rate"):
            optimizer.learning_rate = value
    assert optimizer.learning_rate == 0.0


def test_missing_gradients_or_another_network_are_named():
    parameters, *rest = network()
    grads = gradients(parameters, *rest)[1]
    optimizer = Adam(0.01)
    optimizer.update(parameters, grads)
    before, state = {k: a.copy() for k, a in parameters.items()}, optimizer.state()
    with pytest.raises(ValueError, match=r"grads\['dW2'\] must exist and have the shape of W2"):
        optimizer.update(parameters, {k: v for k, v in grads.items() if k != "dW2"})
    other = initialize_parameters([2, 5, 1], seed=0)
    with pytest.raises(ValueError, match="belongs to another network"):
        optimizer.update(other, gradients(other, *rest)[1])
    # the failed calls changed nothing: neither the parameters nor the optimizer's memory
    assert all(np.array_equal(parameters[k], before[k]) for k in before)
    after = optimizer.state()
    assert after["t"] == 1 and all(np.array_equal(after[k], state[k]) for k in state)


def test_bad_state_is_named():
    optimizer = Adam(0.01)
    with pytest.raises(ValueError, match="state must have 't'"):
        optimizer.load_state({"m/W1": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="a buffer of"):
        optimizer.load_state({"t": 3, "s/W1": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="step count"):
        optimizer.load_state({"t": 2.5})
    with pytest.raises(ValueError, match="finite floats"):
        optimizer.load_state({"t": 2, "m/W1": np.array([[np.nan]])})
    optimizer.load_state({"t": 3, "m/W1": np.zeros((4, 4)), "v/W1": np.zeros((4, 4))})
    parameters, *rest = network()
    with pytest.raises(ValueError, match="'m/W1' has shape"):
        optimizer.update(parameters, gradients(parameters, *rest)[1])
