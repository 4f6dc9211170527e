"""The menus of activations and losses, derived from the registries when a menu is built.

Nothing here lists names: ``dnn_core.activations.ACTIVATIONS`` and ``dnn_core.losses.LOSSES``
say what exists and what each one suits, so an activation added with ``register`` appears in
every explorer's menu. Menus are lists of (label, name) pairs, as ipywidgets' Dropdown takes them.

    hidden_menu()              the activations usable in hidden layers
    output_choices(task, Y)    output activations for a task; for regression, those whose
                               bounds hold every target (a sigmoid's outputs lie in [0, 1])
    loss_choices(task, output) the losses for the task that accept this output
    default_head(task, Y)      (output, loss) to start with
"""

import numpy as np

from ..activations import ACTIVATIONS, hidden_activations
from ..losses import LOSSES, losses_for

DOCUMENT_OUTPUT = "sigmoid"  # the source document's output, used while the targets fit in it
UNBOUNDED_OUTPUT = "linear"  # the identity, for any other regression target


def menu(names, kind="activation"):
    """(label, name) pairs for a Dropdown, labelled from the registry."""
    registry, field = (ACTIVATIONS, "label") if kind == "activation" else (LOSSES, "title")
    return [(getattr(registry[name], field) or name, name) for name in names]


def hidden_menu():
    """(label, name) of every activation usable in hidden layers, in registry order."""
    return menu(hidden_activations())


def fits(activation, Y):
    """Whether every target in Y lies within the activation's bounds (its outputs' range)."""
    low, high = ACTIVATIONS[activation].bounds
    return bool(low <= np.min(Y) and np.max(Y) <= high)


def output_choices(task, Y):
    """Names of the output activations that suit ``task`` with targets ``Y``.

    Classes: the outputs their losses need (sigmoid for binary cross-entropy, softmax for
    categorical). Regression: every element-wise activation (one usable in hidden layers)
    whose bounds hold all the targets."""
    if task != "regression":
        needed = [g for loss in losses_for(task) for g in LOSSES[loss].output_activations]
        if needed:
            return list(dict.fromkeys(needed))
    return [name for name in hidden_activations() if fits(name, Y)]


def loss_choices(task, output):
    """Names of the losses that suit ``task`` and accept ``output`` (``DeepNeuralNetwork``
    refuses the others)."""
    return [
        name
        for name in losses_for(task)
        if not LOSSES[name].output_activations or output in LOSSES[name].output_activations
    ]


def default_head(task, Y):
    """(output, loss): the first loss for the task and the output it needs; with no such
    need, the document's sigmoid for targets within its bounds, else the identity."""
    loss = losses_for(task)[0]
    needed = LOSSES[loss].output_activations
    if needed:
        return needed[0], loss
    output = DOCUMENT_OUTPUT if fits(DOCUMENT_OUTPUT, Y) else UNBOUNDED_OUTPUT
    return output, loss
