"""Chapter 01's L_model_forward checker: an output activation applied on the wrong layer fails
with a hint naming the layer; an independently written right forward pass passes."""

import numpy as np
import pytest

from dnn_core.activations import get_activation
from dnn_core.exercises import ExerciseFailed, ch01


def _forward(output_layer):
    """L_model_forward that applies the output activation on layer output_layer(L) instead of L
    (and the hidden one on layer L when output_layer(L) != L)."""

    def L_model_forward(X, parameters, hidden, output):
        L = len(parameters) // 2
        A, caches = X, []
        for l in range(1, L + 1):
            W, b = parameters[f"W{l}"], parameters[f"b{l}"]
            Z = W @ A + b
            caches.append(((A, W, b), Z))
            A = get_activation(output if l == output_layer(L) else hidden).forward(Z)[0]
        return A, caches

    return L_model_forward


def test_an_independently_written_forward_pass_passes(capsys):
    ch01.check_L_model_forward(_forward(lambda L: L))
    assert capsys.readouterr().out.startswith("✔ L_model_forward")


@pytest.mark.parametrize(
    "output_layer, layer", [(lambda L: 1, "layer 1"), (lambda L: L - 1, "layer 1")]
)
def test_the_output_activation_on_another_layer_is_named(output_layer, layer):
    with np.errstate(all="ignore"), pytest.raises(ExerciseFailed) as failure:
        ch01.check_L_model_forward(_forward(output_layer))
    message = str(failure.value)
    assert f"Hint: {layer} used the output activation" in message
    assert "Only layer L = 2, the last one" in message
