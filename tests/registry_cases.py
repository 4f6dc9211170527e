"""The combinations the registries allow, read from them when a test module is collected, so a
newly registered activation or loss is tested everywhere without editing a list.

    hidden_names()       every activation usable in hidden layers (activations.hidden_activations)
    output_loss_pairs()  every (output activation, loss): an output the loss names in its
                         output_activations, or any activation when it names none
"""

from dnn_core.activations import ACTIVATIONS, hidden_activations
from dnn_core.losses import LOSSES


def hidden_names():
    return hidden_activations()


def output_loss_pairs():
    return [
        (output, name)
        for name, loss in LOSSES.items()
        for output in (loss.output_activations or ACTIVATIONS)
    ]
