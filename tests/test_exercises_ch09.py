"""Chapter 09's regularization checkers: each typical wrong answer (a penalty on the biases, a
missing 1/m or 1/2, a factor 2 in the gradient, dropout without 1/(1 - p), p read as the
probability to keep, a mask from np.random or a fresh generator, a mask redrawn in the backward
pass, dropout left on at prediction) fails with its hint; independently written right answers
pass; an unsolved exercise says it is not done yet."""

import numpy as np
import pytest

from dnn_core.exercises import ExerciseFailed, ch09


# --- L2, written here from the formulas (not from dnn_core)
def penalty(biases=False, per_m=True, half=True, squared=True):
    def l2_penalty(parameters, lam, m):
        total = 0.0
        for name, theta in parameters.items():
            if name.startswith("W") or (biases and name.startswith("b")):
                total += np.sum(theta * theta) if squared else np.sqrt(np.sum(theta * theta))
        return total * lam * (0.5 if half else 1.0) / (m if per_m else 1)

    return l2_penalty


def gradients(biases=False, per_m=True, factor=1.0, alone=False, in_place=True, returns=True):
    def l2_gradients(grads, parameters, lam, m):
        out = grads if in_place else dict(grads)
        for name, theta in parameters.items():
            if name.startswith("W") or (biases and name.startswith("b")):
                term = factor * lam * theta / (m if per_m else 1)
                out["d" + name] = term if alone else out["d" + name] + term
        if alone:
            out = {k: v for k, v in out.items() if k.startswith("dW")}
        return out if returns else None

    return l2_gradients


def test_a_right_l2_penalty_passes(capsys):
    ch09.check_l2_penalty(penalty())
    assert capsys.readouterr().out.startswith("✔ l2_penalty: all 2 test cases pass")


def test_a_right_l2_penalty_written_with_norms_passes(capsys):
    def l2_penalty(parameters, lam, m):
        weights = [parameters[f"W{l}"] for l in range(1, len(parameters) // 2 + 1)]
        return lam / (2 * m) * sum(np.linalg.norm(W, "fro") ** 2 for W in weights)

    ch09.check_l2_penalty(l2_penalty)
    assert "✔ l2_penalty" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (penalty(biases=True), r"Hint: you penalised the biases too"),
        (penalty(per_m=False), r"Hint: your value is m times too large"),
        (penalty(half=False), r"Hint: your value is twice too large(.|\n)*factor 1/2"),
        (penalty(squared=False), r"Hint: \|\|W\|\|\^2 is the sum of the squares"),
    ],
    ids=["biases", "no-1/m", "no-1/2", "not-squared"],
)
def test_wrong_l2_penalties_get_their_hint(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch09.check_l2_penalty(wrong)


def test_a_right_l2_gradients_passes_in_place_or_on_a_new_dict(capsys):
    ch09.check_l2_gradients(gradients())
    ch09.check_l2_gradients(gradients(in_place=False))
    assert capsys.readouterr().out.count("✔ l2_gradients: all 2 test cases pass") == 2


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (gradients(biases=True), r"Hint: you added lam/m \* b to db too"),
        (gradients(per_m=False), r"Hint: your added term is m times too large"),
        (gradients(factor=2.0), r"Hint: your added term is twice too large(.|\n)*cancel the 2"),
        (gradients(factor=-1.0), r"Hint: you subtracted the term"),
        (gradients(alone=True), r"Hint: you returned the penalty's gradient alone"),
    ],
    ids=["biases", "no-1/m", "factor-2", "sign", "alone"],
)
def test_wrong_l2_gradients_get_their_hint(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch09.check_l2_gradients(wrong)


def test_l2_gradients_that_return_nothing_are_told_to_return():
    with pytest.raises(ExerciseFailed, match="returned None; did you forget the `return`"):
        ch09.check_l2_gradients(gradients(returns=False))


# --- dropout, written here from the description (keep where u < 1 - p: another right draw)
def forward(scale=True, keep_p=False, global_rng=False, own_rng=False, on_at_predict=False,
            scale_at_predict=False, no_flag=False, one_mask_per_unit=False):  # fmt: skip
    def draw(rng, shape, p):
        if global_rng:
            return np.random.random_sample(shape)
        if own_rng:
            return np.random.default_rng(0).random(shape)
        return rng.random(shape)

    def dropout_forward(A, p, rng, training=True):
        if not training and not on_at_predict:
            return (A * (1 - p) if scale_at_predict else A), None
        keep = 1 - p
        shape = (A.shape[0], 1) if one_mask_per_unit else A.shape
        u = draw(rng, shape, p)
        mask = (u >= keep) if keep_p else (u < keep)
        D = mask / keep if scale else mask.astype(float)
        D = np.broadcast_to(D, A.shape).copy() if one_mask_per_unit else D
        return A * D, D

    if no_flag:
        return lambda A, p, rng: forward(scale=scale)(A, p, rng)
    return dropout_forward


def test_a_right_dropout_forward_passes(capsys):
    ch09.check_dropout_forward(forward())
    out = capsys.readouterr().out
    assert out.startswith("✔ dropout_forward: all 3 test cases pass")


def test_dnn_cores_own_dropout_forward_with_a_training_flag_passes(capsys):
    from dnn_core.regularization import dropout_forward

    ch09.check_dropout_forward(
        lambda A, p, rng, training=True: dropout_forward(A, p * training, rng)
    )
    assert "✔ dropout_forward" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (forward(scale=False), r"only 0 and 1\.\nHint: divide the kept units by 1 - p"),
        (forward(keep_p=True), r"Hint: p is the probability of DROPPING a unit"),
        (forward(global_rng=True), r"different masks\.\nHint: draw the mask from rng"),
        (forward(own_rng=True), r"the same mask\.\nHint: draw from the rng you are given"),
        (forward(on_at_predict=True), r"training=False(.|\n)*Hint: units were dropped at pred"),
        (forward(scale_at_predict=True), r"Hint: you scaled by 1 - p at prediction"),
        (forward(no_flag=True), r"Hint: your function must take a fourth argument, training"),
    ],
    ids=["no-scaling", "p-keeps", "np.random", "fresh-generator", "on-at-predict",
         "scaled-at-predict", "no-training-flag"],
)  # fmt: skip
def test_wrong_dropout_forwards_get_their_hint(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch09.check_dropout_forward(wrong)


def test_one_mask_shared_by_all_examples_is_refused():
    """Drawn (n, 1) and broadcast: the shapes fit, but every example loses the same units."""
    with pytest.raises(ExerciseFailed, match="Hint: draw one number per unit AND per example"):
        ch09.check_dropout_forward(forward(one_mask_per_unit=True))


def test_a_forward_that_changes_A_in_place_is_refused():
    def in_place(A, p, rng, training=True):
        if training:
            D = (rng.random(A.shape) >= p) / (1 - p)
            A *= D
            return A, D
        return A, None

    with pytest.raises(ExerciseFailed, match="changed A in place"):
        ch09.check_dropout_forward(in_place)


def backward_redrawn(dA, D):
    """The mistake: a fresh mask with the right keep probability, read back from D's scale."""
    p = 1 - 1 / D.max()
    return dA * (np.random.default_rng().random(dA.shape) >= p) / (1 - p)


def test_a_right_dropout_backward_passes(capsys):
    ch09.check_dropout_backward(lambda dA, D: np.where(D > 0, dA * D, 0.0))
    assert capsys.readouterr().out.startswith("✔ dropout_backward: all 3 test cases pass")


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda dA, D: dA * (D > 0), r"Hint: your gradient has its zeros in the right places"),
        (backward_redrawn, r"Hint: the zeros of your gradient are not where"),
    ],
    ids=["no-scaling", "redrawn-mask"],
)
def test_wrong_dropout_backwards_get_their_hint(wrong, hint):
    with pytest.raises(ExerciseFailed, match=hint):
        ch09.check_dropout_backward(wrong)


@pytest.mark.parametrize(
    "check",
    [ch09.check_l2_penalty, ch09.check_l2_gradients, ch09.check_dropout_forward,
     ch09.check_dropout_backward],
)  # fmt: skip
def test_an_unsolved_exercise_is_not_done_yet(check):
    def unsolved(*args, **kwargs):
        raise NotImplementedError()

    with pytest.raises(ExerciseFailed, match="not done yet"):
        check(unsolved)


def test_an_unexplained_wrong_answer_gets_the_difference_and_no_hint():
    with pytest.raises(ExerciseFailed, match="l2_penalty, test case 1") as failure:
        ch09.check_l2_penalty(lambda parameters, lam, m: 3 * penalty()(parameters, lam, m))
    assert "Hint" not in str(failure.value)
