"""dnn_core: a deep neural network from scratch, in numpy, small enough to read in one sitting.

Bottom layer, numpy only (read in this order):
    activations     g(Z) and g'(Z), side by side
    losses          each loss's cost and its gradient dAL, side by side
    forward         Z[l] = W[l] A[l-1] + b[l],  A[l] = g(Z[l])
    backward        dZ, dW, db, dA_prev by the chain rule
    parameters      initialization and the gradient-descent update
    batching        mini-batches of columns
    training        the one training loop: train_step, train_epoch
    metrics         class labels from outputs (AL > 0.5, or the arg-max row), accuracy
    model           DeepNeuralNetwork: train / predict (saving: save / load as .npz)
    divergence      noticing that training blew up (TrainingDiverged), and saying why
    optimizers      SGD (momentum, Nesterov), RMSProp, Adam; schedules: learning-rate decay
    regularization  the L2 penalty and its gradient; dropout's mask, forward and backward
    checks          the argument checks behind the clear error messages
    registry        Registry: name -> activation / loss / optimizer, each registered beside its code
    gradient_check  numerical derivatives that verify backprop
Beside it (numpy + the core):
    datasets        generated toy data and the shipped digits set
    experiments     the chapters' recorded runs and the source document's task
    depth, curves   the numbers behind the chapters' pictures; surfaces: chapter 05's valleys
    display         show_source: a notebook shows the code that runs
On top (import them explicitly; they need matplotlib / IPython), bottom to top:
    dnn_core.exercises, dnn_core.plots, dnn_core.widgets; then figures and the cli
(tests/test_layers.py checks that every import points down.)

Convention everywhere: one column per example, so X has shape (n_features, m).
"""

from .activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    hidden_activations,
    leaky_relu,
    leaky_relu_backward,
    leaky_relu_with,
    linear,
    linear_backward_activation,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
    tanh,
    tanh_backward,
)
from .backward import L_model_backward, linear_activation_backward, linear_backward
from .batching import batch_generator
from .forward import L_model_forward, linear_activation_forward, linear_forward
from .gradient_check import gradient_check, numerical_gradient, relative_error
from .losses import LOSSES, Loss, compute_cost, fused_dZ, get_loss, losses_for
from .metrics import accuracy, confusion_matrix, labels
from .model import DeepNeuralNetwork, TrainingDiverged
from .optimizers import (
    OPTIMIZERS,
    SGD,
    Adam,
    Optimizer,
    OptimizerKind,
    RMSProp,
    get_optimizer,
    optimizer_from_settings,
)
from .parameters import initialize_parameters, update_parameters
from .regularization import dropout_backward, dropout_forward, l2_gradients, l2_penalty
from .saving import ModelFileError
from .schedules import SCHEDULES, cosine_decay, exponential_decay, get_schedule, step_decay
from .training import train_epoch, train_step

__version__ = "1.0.0"

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "get_activation",
    "hidden_activations",
    "leaky_relu",
    "leaky_relu_backward",
    "leaky_relu_with",
    "linear",
    "linear_backward_activation",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
    "tanh",
    "tanh_backward",
    "L_model_backward",
    "linear_activation_backward",
    "linear_backward",
    "batch_generator",
    "L_model_forward",
    "linear_activation_forward",
    "linear_forward",
    "gradient_check",
    "numerical_gradient",
    "relative_error",
    "LOSSES",
    "Loss",
    "compute_cost",
    "fused_dZ",
    "get_loss",
    "losses_for",
    "accuracy",
    "confusion_matrix",
    "labels",
    "DeepNeuralNetwork",
    "TrainingDiverged",
    "ModelFileError",
    "OPTIMIZERS",
    "SGD",
    "Adam",
    "Optimizer",
    "OptimizerKind",
    "RMSProp",
    "get_optimizer",
    "optimizer_from_settings",
    "initialize_parameters",
    "update_parameters",
    "dropout_backward",
    "dropout_forward",
    "l2_gradients",
    "l2_penalty",
    "SCHEDULES",
    "cosine_decay",
    "exponential_decay",
    "get_schedule",
    "step_decay",
    "train_epoch",
    "train_step",
]
