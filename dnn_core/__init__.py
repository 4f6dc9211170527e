"""dnn_core: a deep neural network from scratch, in numpy, small enough to read in one sitting.

Bottom layer, numpy only (read in this order):
    activations     g(Z) and g'(Z), side by side
    losses          each loss's cost and its gradient dAL, side by side
    forward         Z[l] = W[l] A[l-1] + b[l],  A[l] = g(Z[l])
    backward        dZ, dW, db, dA_prev by the chain rule
    parameters      initialization and the gradient-descent update
    batching        mini-batches of columns
    model           DeepNeuralNetwork: train / predict (saving: save / load as .npz)
    checks          the argument checks behind the clear error messages
Beside it:
    gradient_check  numerical derivatives that verify backprop
    datasets        generated toy data and the shipped digits set
On top (import them explicitly; they need matplotlib / IPython):
    dnn_core.plots, dnn_core.widgets, dnn_core.exercises, dnn_core.display

Convention everywhere: one column per example, so X has shape (n_features, m).
"""

from .activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
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
from .losses import LOSSES, Loss, compute_cost, get_loss
from .model import DeepNeuralNetwork, TrainingDiverged
from .parameters import initialize_parameters, update_parameters

__version__ = "1.0.0"
