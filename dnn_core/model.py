"""``DeepNeuralNetwork``: the pieces of the other modules, put together.

    model = DeepNeuralNetwork([1, 20, 20, 1], "relu", "sigmoid", "mse", seed=0)
    model.train(X, Y, learning_rate=0.1, num_epochs=3000, batch_size=8)
    Y_hat = model.predict(X)

Training is mini-batch gradient descent: for every epoch, for every
mini-batch, forward pass -> cost -> backward pass -> update. ``costs`` keeps
the cost of every epoch (the mean over the epoch's examples), across calls to
``train``, so calling ``train`` again continues where it stopped.

Regularization (``regularization.py``): ``l2`` adds (l2 / 2m) sum ||W[l]||^2 to the cost and
(l2 / m) W[l] to each dW[l]; ``dropout`` drops each hidden unit with that probability while
training (never in ``predict``). ``train(..., validation=(X_val, Y_val))`` records the
validation cost of every epoch in ``val_costs``; with ``patience=k`` training stops after k
epochs without a new best one and the model goes back to the best epoch's weights.
"""

import numpy as np

from .activations import get_activation
from .checks import (
    architecture,
    as_matrix,
    dropout_rate,
    float_dtype,
    function,
    integer,
    non_negative_number,
    positive_number,
    reachable,
    same_examples,
)
from .checks import layer_dims as check_layer_dims
from .checks import seed as check_seed
from .divergence import TrainingDiverged, advice, diagnose, largest
from .forward import L_model_forward
from .losses import get_loss
from .metrics import labels
from .optimizers import get_optimizer
from .parameters import INIT_SCALES, initialize_parameters
from .saving import load_model, save_model
from .training import train_epoch


class DeepNeuralNetwork:
    """A fully connected network: ``layer_dims`` = [n_inputs, hidden widths..., n_outputs]."""

    def __init__(
        self,
        layer_dims,
        hidden_layer_activation="relu",
        output_layer_activation="sigmoid",
        loss_function="binary_cross_entropy",
        seed=None,
        init="he",
        dtype=np.float64,
        l2=0.0,
        dropout=0.0,
    ):
        self.layer_dims = check_layer_dims(layer_dims)
        self.hidden = get_activation(hidden_layer_activation, "hidden_layer_activation")
        self.output = get_activation(output_layer_activation, "output_layer_activation")
        self.loss = get_loss(loss_function, "loss_function")
        architecture(self.layer_dims, self.hidden, self.output, self.loss)
        if init not in INIT_SCALES:
            raise ValueError(
                f"init: unknown initialization {init!r}; valid: {', '.join(INIT_SCALES)}"
            )
        self.seed, self.init = check_seed("seed", seed), init
        self.dtype = float_dtype("dtype", dtype)
        self.l2, self.dropout = l2, dropout
        self.reset()

    # the source document's attribute names, for readers who come from it
    hidden_layer_activation = property(lambda self: self.hidden.name)
    output_layer_activation = property(lambda self: self.output.name)
    loss_function = property(lambda self: self.loss.name)

    # checked whenever they are set: between calls to train, or from a callback during one
    l2 = property(lambda self: self._l2)
    dropout = property(lambda self: self._dropout)

    @l2.setter
    def l2(self, value):
        self._l2 = non_negative_number("l2", value)

    @dropout.setter
    def dropout(self, value):
        self._dropout = dropout_rate(value, rng=False)

    def reset(self):
        """Fresh random weights (the same ones again for a fixed seed); forget the costs."""
        self.rng = np.random.default_rng(self.seed)
        self.parameters = initialize_parameters(self.layer_dims, self.init, self.rng, self.dtype)
        self.costs, self.diverged = [], False
        self.val_costs, self.best_epoch = [], None
        self.optimizer, self.optimizer_name = None, None  # made by train, kept between its calls
        return self

    def train(
        self,
        X,
        Y,
        learning_rate=0.0075,
        num_epochs=100,
        batch_size=64,
        shuffle=True,
        epoch_verbose=10,
        print_cost=False,
        callback=None,
        optimizer="sgd",
        schedule=None,
        validation=None,
        patience=None,
    ):
        """Run ``num_epochs`` epochs of mini-batch gradient descent on (X, Y).

        ``optimizer`` is "sgd" (plain gradient descent: theta -= learning_rate * dtheta),
        "momentum", "rmsprop", "adam" (``optimizers.py``) or an optimizer object. Its memory
        (velocities, averages, step count) is kept on the model, so another call to ``train``
        with the same optimizer continues it; ``reset()`` forgets it. ``schedule(epoch)``, if
        given, sets the learning rate before each epoch (``schedules.py``), epochs counted from 0.

        ``validation=(X_val, Y_val)``: after each epoch the whole network's cost on it (no
        dropout, no penalty: ``cost``) is appended to ``val_costs`` (``val_costs[i]`` is epoch
        i + 1's; epochs trained without a validation set hold NaN, a gap in a plot). With
        ``patience=k`` as well, training stops once k epochs in a row bring no new lowest
        validation cost, and the parameters go back to the best epoch's (``best_epoch``).

        ``callback(model, epoch, cost)`` is called after each epoch; returning
        False stops training. With ``print_cost``, the cost is printed after
        epoch 1 and after every ``epoch_verbose``-th epoch. Raises
        ``TrainingDiverged`` if the cost or the parameters blow up (see
        ``divergence.py``) and sets ``diverged``; call ``reset()`` to start again.
        """
        X, Y = self._check_data(X, Y)
        # each example's features side by side in memory: a shuffle then copies whole columns
        X, Y = np.asfortranarray(X), np.asfortranarray(Y)
        learning_rate = positive_number("learning_rate", learning_rate)
        num_epochs = integer("num_epochs", num_epochs, 0)
        batch_size = integer("batch_size", batch_size, 1)
        epoch_verbose = integer("epoch_verbose", epoch_verbose, 1)
        function("callback", callback)
        function("schedule", schedule)
        X_val, Y_val, patience = self._check_validation(validation, patience)
        step = self._optimizer(optimizer, learning_rate)
        best = None  # (validation cost, epoch, parameters) of the best epoch so far, with patience
        with np.errstate(all="ignore"):  # divergence is caught below, without a flood of warnings
            before = self._starting_point(X, Y)
            for _ in range(num_epochs):
                if schedule is not None:
                    step.learning_rate = schedule(len(self.costs))
                cost = train_epoch(self.parameters, X, Y, self.hidden, self.output, self.loss,
                                   step, batch_size, shuffle, self.rng,
                                   l2=self.l2, dropout=self.dropout)  # fmt: skip
                why = diagnose(cost, before, self.parameters, self.costs)
                if why is not None:
                    self.diverged = True
                    raise TrainingDiverged(
                        f"training diverged in epoch {len(self.costs) + 1}: {why}. "
                        f"{advice(step.learning_rate, X, Y)}"  # the rate in use
                    )
                self.costs.append(cost)
                before = largest(self.parameters), cost
                epoch = len(self.costs)
                if X_val is not None:
                    self._record_validation(X_val, Y_val)
                if print_cost and (epoch % epoch_verbose == 0 or epoch == 1):
                    print(f"Cost after epoch {epoch}: {cost:.6f}")
                if patience is not None:
                    if best is None or self.val_costs[-1] < best[0]:
                        weights = {key: value.copy() for key, value in self.parameters.items()}
                        best = self.val_costs[-1], epoch, weights
                    elif epoch - best[1] >= patience:
                        break  # early stopping
                if callback is not None and callback(self, epoch, cost) is False:
                    break
        if best is not None:  # go back to the best epoch's weights
            for key, value in best[2].items():
                self.parameters[key][...] = value
            self.best_epoch = best[1]
        return self

    def cost(self, X, Y):
        """The whole network's cost on (X, Y): the loss of ``predict(X)``, without dropout and
        without the L2 penalty (what ``val_costs`` records)."""
        X, Y = self._check_data(X, Y)
        with np.errstate(all="ignore"):
            return float(self.loss.cost(self.predict(X), Y))

    def _record_validation(self, X_val, Y_val):
        """Append the validation cost of the epoch just trained, NaN for epochs trained without."""
        self.val_costs += [np.nan] * (len(self.costs) - 1 - len(self.val_costs))
        AL = L_model_forward(X_val, self.parameters, self.hidden, self.output)[0]
        self.val_costs.append(float(self.loss.cost(AL, Y_val)))

    def _check_validation(self, validation, patience):
        """(X_val, Y_val, patience) checked: a pair of arrays like X and Y, patience an int >= 1."""
        if patience is not None:
            patience = integer("patience", patience, 1)
            if validation is None:
                raise ValueError(
                    "patience needs a validation set to watch: train(..., "
                    "validation=(X_val, Y_val), patience=...)"
                )
        if validation is None:
            return None, None, patience
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(
                "validation must be a pair (X_val, Y_val), with examples as columns like X and "
                f"Y; got {type(validation).__name__}"
            )
        return (*self._check_data(*validation, names=("X_val", "Y_val")), patience)

    def _optimizer(self, choice, learning_rate):
        """The optimizer to train with: the model's own if ``choice`` names the one it has (its
        memory continues, at ``learning_rate``), else a new one; an object is used as it is."""
        if isinstance(choice, str) and choice == self.optimizer_name:
            self.optimizer.learning_rate = learning_rate
        else:
            self.optimizer = get_optimizer(choice, learning_rate)
            self.optimizer_name = choice if isinstance(choice, str) else None
        return self.optimizer

    def predict(self, X):
        """The network's output AL for the examples in the columns of X."""
        X = self._check_features(as_matrix("X", X, self.dtype))
        return L_model_forward(X, self.parameters, self.hidden, self.output)[0]

    def predict_labels(self, X):
        """Class labels (``metrics.labels``): AL > 0.5 for one sigmoid output, else the arg-max row."""
        if self.output.bounds != (0.0, 1.0):  # sigmoid, softmax: outputs that are probabilities
            raise ValueError(
                "predict_labels needs an output whose values are probabilities, in [0, 1] "
                f"(sigmoid or softmax), not {self.output.name!r}"
            )
        return labels(self.predict(X))

    def save(self, path):
        """Write the model to one ``.npz`` file; returns the path (see ``saving.py``)."""
        return save_model(self, path)

    @classmethod
    def load(cls, path):
        """A model written by ``save`` (read without pickle, so safe to open)."""
        return load_model(path, cls)

    def __repr__(self):
        return (
            f"DeepNeuralNetwork({self.layer_dims}, {self.hidden.name!r}, {self.output.name!r}, "
            f"{self.loss.name!r}, epochs trained: {len(self.costs)})"
        )

    def _starting_point(self, X, Y):
        """(largest |parameter|, cost) before the next epoch: what ``diagnose`` compares with."""
        if self.costs:
            return largest(self.parameters), self.costs[-1]
        AL = L_model_forward(X, self.parameters, self.hidden, self.output)[0]
        return largest(self.parameters), self.loss.cost(AL, Y)

    def _check_features(self, X, name="X"):
        """X, checked for this model: n_features rows, and a model that has not diverged."""
        if self.diverged:
            raise TrainingDiverged(
                "this model diverged in training, so its parameters are meaningless; "
                "call reset() before training or predicting again"
            )
        if X.shape[0] != self.layer_dims[0]:
            raise ValueError(
                f"{name} has {X.shape[0]} rows (features) but this network takes "
                f"{self.layer_dims[0]} (layer_dims[0]); {name} must be ({self.layer_dims[0]}, m)"
            )
        return X

    def _check_data(self, X, Y, names=("X", "Y")):
        x, y = names
        X = self._check_features(as_matrix(x, X, self.dtype), x)
        Y = as_matrix(y, Y, self.dtype)
        if Y.shape[0] != self.layer_dims[-1]:
            raise ValueError(
                f"{y} has {Y.shape[0]} rows but the network has {self.layer_dims[-1]} "
                f"output units (layer_dims[-1]); {y} must be ({self.layer_dims[-1]}, m)"
            )
        same_examples(X, Y, x, y)
        if self.loss.check_labels is not None:
            self.loss.check_labels(Y, y)
        reachable(y, Y, self.output, "the network can never reach them; rescale " + y)
        return X, Y
