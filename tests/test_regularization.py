"""regularization.py and its place in the forward pass, the backward pass, the training step and
the gradient check: the L2 penalty and its gradient, dropout's masks, and PyTorch's numbers.

Expected values are worked out by hand here; the comparisons with PyTorch run only where it is
installed (it is not a dependency of the project).
"""

import numpy as np
import pytest
from registry_cases import hidden_names, output_loss_pairs

from dnn_core import datasets
from dnn_core.activations import get_activation
from dnn_core.backward import L_model_backward
from dnn_core.forward import L_model_forward
from dnn_core.gradient_check import gradient_check, numerical_gradient
from dnn_core.losses import get_loss
from dnn_core.parameters import initialize_parameters
from dnn_core.regularization import dropout_backward, dropout_forward, l2_gradients, l2_penalty
from dnn_core.training import train_step

TORCH_REASON = "PyTorch is optional (not a project dependency): pip install torch to compare"


def small_parameters():
    """Two layers with round numbers: ||W1||^2 = 1 + 4 + 9 + 16 = 30, ||W2||^2 = 25 + 1 = 26."""
    return {
        "W1": np.array([[1.0, -2.0], [3.0, 4.0]]),
        "b1": np.array([[100.0], [-100.0]]),  # large on purpose: biases are never penalized
        "W2": np.array([[5.0, -1.0]]),
        "b2": np.array([[7.0]]),
    }


# --- L2 --------------------------------------------------------------------------------------
def test_l2_penalty_by_hand_weights_only():
    # (lam / 2m) * (30 + 26) with lam = 0.5, m = 4: 0.5 / 8 * 56 = 3.5
    assert l2_penalty(small_parameters(), 0.5, 4) == pytest.approx(3.5, rel=1e-15)
    assert l2_penalty(small_parameters(), 0.0, 4) == 0.0


def test_l2_gradients_add_lam_over_m_times_w_and_leave_biases():
    params = small_parameters()
    grads = {f"d{k}": np.ones_like(v) for k, v in params.items()}
    out = l2_gradients(grads, params, 0.5, 4)
    assert out is grads
    np.testing.assert_array_equal(grads["dW1"], 1 + 0.125 * params["W1"])
    np.testing.assert_array_equal(grads["dW2"], 1 + 0.125 * params["W2"])
    np.testing.assert_array_equal(grads["db1"], np.ones((2, 1)))
    np.testing.assert_array_equal(grads["db2"], np.ones((1, 1)))


def test_l2_gradient_is_the_derivative_of_the_penalty():
    params = initialize_parameters([3, 4, 2], "he", seed=1)
    zeros = {f"d{k}": np.zeros_like(v) for k, v in params.items()}
    analytic = l2_gradients(zeros, params, 0.3, 5)
    for key in params:
        numeric = numerical_gradient(lambda: l2_penalty(params, 0.3, 5), params[key])
        np.testing.assert_allclose(analytic[f"d{key}"], numeric, atol=1e-8)


# --- dropout ---------------------------------------------------------------------------------
def test_dropout_mask_holds_zeros_and_one_over_keep_and_drops_about_p():
    A = np.ones((50, 400))
    A_drop, D = dropout_forward(A, 0.3, np.random.default_rng(0))
    assert set(np.unique(D)) == {0.0, 1 / 0.7}
    np.testing.assert_array_equal(A_drop, A * D)
    assert (D == 0).mean() == pytest.approx(0.3, abs=0.01)
    assert A_drop.mean() == pytest.approx(1.0, abs=0.02)  # inverted scaling: E[A D] = A


def test_dropout_zero_is_the_identity_and_draws_nothing():
    rng = np.random.default_rng(3)
    before = rng.bit_generator.state
    A = np.arange(6.0).reshape(2, 3)
    A_out, D = dropout_forward(A, 0.0, rng)
    assert A_out is A and D is None and rng.bit_generator.state == before


def test_dropout_is_reproducible_with_a_seed_and_keeps_float32():
    A = np.ones((4, 10), dtype=np.float32)
    first = dropout_forward(A, 0.5, np.random.default_rng(7))
    again = dropout_forward(A, 0.5, np.random.default_rng(7))
    other = dropout_forward(A, 0.5, np.random.default_rng(8))
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[1], other[1])
    assert first[0].dtype == first[1].dtype == np.float32


def test_dropout_backward_uses_the_same_mask_and_scale():
    D = np.array([[0.0, 2.0], [2.0, 0.0]])  # p = 0.5
    np.testing.assert_array_equal(dropout_backward(np.array([[1.0, 3.0], [5.0, 7.0]]), D),
                                  [[0.0, 6.0], [10.0, 0.0]])  # fmt: skip


def test_forward_masks_hidden_layers_only_and_caches_the_mask():
    params = initialize_parameters([3, 5, 4, 2], "he", seed=0)
    X = np.random.default_rng(1).standard_normal((3, 8))
    AL, caches = L_model_forward(X, params, "relu", "softmax", 0.5, np.random.default_rng(2))
    assert [len(c) for c in caches] == [3, 3, 2]
    for l in (1, 2):  # the next layer's input is the dropped output A[l] * D[l]
        Z, D = caches[l - 1][1], caches[l - 1][2]
        np.testing.assert_array_equal(caches[l][0][0], np.maximum(Z, 0) * D)
    _, plain = L_model_forward(X, params, "relu", "softmax")
    assert [len(c) for c in plain] == [2, 2, 2]
    np.testing.assert_allclose(AL.sum(axis=0), 1.0)  # the output layer is never dropped


def test_dropout_needs_a_generator_and_a_rate_below_one():
    params = initialize_parameters([2, 3, 1], "he", seed=0)
    X = np.ones((2, 4))
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        L_model_forward(X, params, "relu", "sigmoid", 0.5)
    for p in (1.0, -0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\)"):
            L_model_forward(X, params, "relu", "sigmoid", p, np.random.default_rng(0))
    with pytest.raises(TypeError, match="dropout must be a number"):
        L_model_forward(X, params, "relu", "sigmoid", "0.5", np.random.default_rng(0))


# --- gradient checks of the regularized cost -------------------------------------------------
def problem(output, loss, m=6, seed=0):
    rng = np.random.default_rng(seed)
    n_out = 3 if output == "softmax" else 1
    X = rng.standard_normal((3, m))
    if loss == "categorical_cross_entropy":
        Y = np.eye(n_out)[:, rng.integers(0, n_out, m)]
    elif output in ("sigmoid", "softmax"):
        Y = (rng.random((n_out, m)) > 0.5).astype(float)
    else:
        Y = rng.uniform(-0.5, 0.5, (n_out, m))
    return initialize_parameters([3, 5, 4, n_out], "xavier", seed=seed), X, Y


@pytest.mark.parametrize("hidden", hidden_names())
@pytest.mark.parametrize("output, loss", output_loss_pairs())
def test_gradient_check_with_l2_and_a_fixed_dropout_mask(hidden, output, loss):
    params, X, Y = problem(output, loss)
    if get_activation(hidden).kinked or loss == "mae":  # avoid sitting on a kink: shift a little
        params = {k: v + 0.013 for k, v in params.items()}
    error = gradient_check(params, X, Y, hidden, output, loss, l2=0.7, dropout=0.4, mask_seed=5)
    assert error < 1e-6, error


def strip_masks(AL, Y, caches, hidden, output, loss):
    """A backward pass that forgets the masks (as if dropout were not there)."""
    return L_model_backward(AL, Y, [c[:2] for c in caches], hidden, output, loss)


def test_gradient_check_catches_a_backward_that_forgets_the_mask_or_doubles_the_penalty():
    params, X, Y = problem("sigmoid", "binary_cross_entropy")
    args = (params, X, Y, "tanh", "sigmoid", "binary_cross_entropy")
    assert gradient_check(*args, dropout=0.5, backward=strip_masks) > 1e-2
    assert gradient_check(*args, dropout=0.5) < 1e-7

    def twice_the_l2_term(AL, Y, caches, *names):  # gradient_check adds the term once more
        return l2_gradients(L_model_backward(AL, Y, caches, *names), params, 2.0, X.shape[1])

    assert gradient_check(*args, l2=2.0, backward=twice_the_l2_term) > 1e-2
    assert gradient_check(*args, l2=2.0) < 1e-7


def test_train_step_cost_and_update_include_the_penalty():
    params = initialize_parameters([2, 4, 1], "he", seed=0)
    X, Y = datasets.moons(10, noise=0.1, seed=0)
    hidden, output, loss = (
        get_activation("relu"),
        get_activation("sigmoid"),
        get_loss("binary_cross_entropy"),
    )
    before = {k: v.copy() for k, v in params.items()}
    AL, caches = L_model_forward(X, before, hidden, output)
    grads = L_model_backward(AL, Y, caches, hidden, output, loss)
    cost = train_step(params, X, Y, hidden, output, loss, 0.1, l2=0.8)
    assert cost == pytest.approx(loss.cost(AL, Y) + 0.8 / 20 * sum(
        (before[k] ** 2).sum() for k in ("W1", "W2")), rel=1e-14)  # fmt: skip
    for k in before:
        extra = 0.8 / 10 * before[k] if k[0] == "W" else 0
        np.testing.assert_allclose(params[k], before[k] - 0.1 * (grads["d" + k] + extra),
                                   rtol=1e-14, atol=1e-15)  # fmt: skip


# --- PyTorch ---------------------------------------------------------------------------------
def torch_network(torch, params):
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}

    def forward(X):
        A = torch.tanh(tensors["W1"] @ X + tensors["b1"])
        return torch.sigmoid(tensors["W2"] @ A + tensors["b2"])

    return tensors, forward


def test_l2_cost_and_gradient_match_pytorch_autograd():
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    params = initialize_parameters([2, 6, 1], "xavier", seed=3)
    X, Y = datasets.moons(30, noise=0.2, seed=3)
    lam, m = 0.6, X.shape[1]
    tensors, forward = torch_network(torch, params)
    penalty = lam / (2 * m) * sum((tensors[k] ** 2).sum() for k in ("W1", "W2"))
    J = torch.nn.functional.binary_cross_entropy(forward(torch.tensor(X)), torch.tensor(Y))
    (J + penalty).backward()
    hidden, output, loss = (
        get_activation("tanh"),
        get_activation("sigmoid"),
        get_loss("binary_cross_entropy"),
    )
    AL, caches = L_model_forward(X, params, hidden, output)
    ours = loss.cost(AL, Y) + l2_penalty(params, lam, m)
    grads = l2_gradients(L_model_backward(AL, Y, caches, hidden, output, loss), params, lam, m)
    assert ours == pytest.approx((J + penalty).item(), rel=1e-12)
    for k, t in tensors.items():
        np.testing.assert_allclose(grads["d" + k], t.grad.numpy(), rtol=1e-10, atol=1e-13)


def test_l2_is_pytorch_weight_decay_of_lam_over_m_on_the_weights_only():
    """SGD with weight_decay = lam / m in a parameter group of the weights (biases: 0) takes the
    steps that dnn_core takes with l2 = lam, batch after batch."""
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    params = initialize_parameters([2, 6, 1], "xavier", seed=4)
    X, Y = datasets.moons(40, noise=0.2, seed=4)
    lam, batch = 0.9, 10
    tensors, forward = torch_network(torch, params)
    sgd = torch.optim.SGD([
        {"params": [tensors["W1"], tensors["W2"]], "weight_decay": lam / batch},
        {"params": [tensors["b1"], tensors["b2"]], "weight_decay": 0.0},
    ], lr=0.5)  # fmt: skip
    hidden, output, loss = (
        get_activation("tanh"),
        get_activation("sigmoid"),
        get_loss("binary_cross_entropy"),
    )
    for step in range(40):
        cut = slice(batch * (step % 4), batch * (step % 4 + 1))
        train_step(params, X[:, cut], Y[:, cut], hidden, output, loss, 0.5, l2=lam)
        sgd.zero_grad()
        torch.nn.functional.binary_cross_entropy(
            forward(torch.tensor(X[:, cut])), torch.tensor(Y[:, cut])
        ).backward()
        sgd.step()
    for k, t in tensors.items():
        np.testing.assert_allclose(params[k], t.detach().numpy(), rtol=1e-10, atol=1e-12)
