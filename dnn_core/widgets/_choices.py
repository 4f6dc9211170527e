"""The menus of activations, losses and optimizers, derived from the registries when built.

Nothing here lists names: ``dnn_core.activations.ACTIVATIONS``, ``dnn_core.losses.LOSSES`` and
``dnn_core.optimizers.OPTIMIZERS`` say what exists and what each one suits, so an activation
added with ``register`` appears in every explorer's menu. Menus are lists of (label, name)
pairs, as ipywidgets' Dropdown takes them.

    hidden_menu()              the activations usable in hidden layers
    output_choices(task, Y)    output activations for a task; for regression, those whose
                               bounds hold every target (a sigmoid's outputs lie in [0, 1])
    loss_choices(task, output) the losses for the task that accept this output
    default_head(task, Y)      (output, loss) to start with
    optimizer_menu()           the optimizers of ``dnn_core.optimizers.OPTIMIZERS``
    optimizer_settings(name)   the settings of an optimizer that have a slider, with defaults
"""

import numpy as np

from ..activations import ACTIVATIONS, hidden_activations
from ..losses import LOSSES, losses_for
from ..optimizers import OPTIMIZERS, get_optimizer

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


# --- optimizers: the menu and the settings each kind has a slider for ----------------------
OPTIMIZER_SLIDERS = {  # setting -> (min, max, step, readout format) of its slider
    "momentum": (0.0, 0.99, 0.01, ".2f"),
    "alpha": (0.5, 0.999, 0.001, ".3f"),
    "beta1": (0.0, 0.99, 0.01, ".2f"),
    "beta2": (0.9, 0.9999, 0.0001, ".4f"),
}


def optimizer_menu():
    """(title, name) of every registered optimizer, in registry order."""
    return [(kind.title or name, name) for name, kind in OPTIMIZERS.items()]


def optimizer_settings(name):
    """{setting: default} of the optimizer ``name`` that have a slider: those of its
    ``settings()`` in ``OPTIMIZER_SLIDERS`` whose default is not 0 (plain SGD's momentum 0 is
    switched off: it belongs to the "momentum" kind)."""
    made = get_optimizer(name, 1.0).settings()
    return {key: made[key] for key in OPTIMIZER_SLIDERS if made.get(key, 0) != 0}
