"""The playground's data, network and training, with no widget and no figure.

``PlaygroundSession`` holds what the playground shows: a data set (generated, or the learner's
CSV file, both from ``playground_data``) split into a training and a test part (and, with
``validation_fraction`` > 0, a validation part of the training part that is never trained on:
``train(validation=...)`` records its loss after every epoch), a ``DeepNeuralNetwork`` built
from the chosen architecture, and the loss history. ``train_frame()`` runs one chunk of training
through ``DeepNeuralNetwork.train`` (which continues from the current parameters) and then
measures the train and test loss on the whole of each part. It trains with an optimizer object
of its own (``dnn_core.optimizers``): a new learning rate is set on it before the next frame, so
its memory continues; another optimizer, or another value of one of its settings, makes a new
one (a fresh memory). The L2 strength and the dropout rate (``set_regularization``) are the
model's own attributes, changed between frames: the same weights train on. ``segments`` records
the run as the calls of ``train`` that reproduce it -- one per stretch of epochs with the same
settings -- for "Show the code" (``playground_code``). The widget (``playground``) and the
figures (``playground_figure``, ``playground_network``) only read and set this object, so it is
tested and benchmarked alone.

A frame must stay short (the kernel handles clicks between frames): ``playground_data`` caps the
size of a CSV file and samples a long one, and a frame runs fewer epochs than asked when they
would exceed ``FRAME_UPDATES`` mini-batch updates or ``FRAME_EXAMPLES`` example passes (always
at least one epoch).
"""

import math

import numpy as np

from .. import datasets
from ..metrics import accuracy
from ..model import DeepNeuralNetwork, TrainingDiverged
from ..optimizers import get_optimizer
from ._choices import default_head, loss_choices, optimizer_settings, output_choices
from .playground_data import generate, read_csv

FRAME_UPDATES = 1500  # per frame at most this many updates ...
FRAME_EXAMPLES = 20000  # ... and this many example passes (but at least one epoch)
DIVERGED = "diverged — lower the learning rate and press Reset"


class PlaygroundSession:
    """Data + network + training for the playground (see the module docstring).

    The default learning rate, 10^-1.5 = 0.0316, sits on the grid of the log slider (steps
    of 0.1 in the exponent), so the slider shows exactly the rate that is used. ``optimizer``
    is a name of ``dnn_core.optimizers.OPTIMIZERS``; ``optimizer_settings`` (e.g. beta2=0.99)
    change its defaults (``set_optimizer``).
    """

    def __init__(self, dataset="moons", noise=0.1, test_fraction=0.25, hidden_layers=2, units=8,
                 activation="tanh", learning_rate=10**-1.5, batch_size=16, epochs_per_frame=5,
                 m=400, grid_size=60, seed=0, optimizer="sgd", validation_fraction=0.2, l2=0.0,
                 dropout=0.0, **optimizer_settings):  # fmt: skip
        self.noise, self.test_fraction, self.m, self.seed = noise, test_fraction, m, seed
        self.validation_fraction, self.l2, self.dropout = validation_fraction, l2, dropout
        self.hidden_layers, self.units, self.activation = hidden_layers, units, activation
        self.learning_rate, self.batch_size = learning_rate, batch_size
        self.epochs_per_frame, self.grid_size = epochs_per_frame, grid_size
        self.csv, self.output, self.loss = None, None, None
        self.optimizer, self.optimizer_settings, self._memory = None, {}, 0
        self.set_optimizer(optimizer, **optimizer_settings)
        self.load(dataset)

    # --- data -------------------------------------------------------------------------
    def load(self, dataset, noise=None, test_fraction=None, csv=None, validation_fraction=None):
        """Generate (or, for "csv", split ``csv`` or the file loaded before), then rebuild the
        network. ``validation_fraction`` of the training part (0: none) is set aside as a
        validation set: never trained on, its loss recorded after every epoch
        (``model.val_costs``). Everything is computed first: if anything fails, nothing has
        changed."""
        noise = self.noise if noise is None else noise
        test_fraction = self.test_fraction if test_fraction is None else test_fraction
        if validation_fraction is None:
            validation_fraction = self.validation_fraction
        if not 0.0 <= validation_fraction <= 0.5:
            raise ValueError(
                f"validation_fraction must be between 0 and 0.5, got {validation_fraction!r}"
            )
        csv = self.csv if csv is None else csv
        if dataset == "csv":
            if csv is None:
                raise ValueError("dataset 'csv': no CSV file has been loaded yet")
            X, Y, name, shift, scale = csv.X, csv.Y, csv.name, 0.0, 1.0
        else:
            X, Y, shift, scale = generate(dataset, noise, self.m, self.seed)
            name = dataset
        X_train, Y_train, X_test, Y_test = datasets.train_test_split(
            X, Y, test_fraction, seed=self.seed
        )
        X_val = Y_val = None
        if validation_fraction > 0:
            X_train, Y_train, X_val, Y_val = datasets.train_test_split(
                X_train, Y_train, validation_fraction, seed=self.seed
            )
        if dataset == "csv":  # features (and a regression target) on the training set's scale
            X_train, mean, std = datasets.standardize(X_train)
            X_test = datasets.standardize(X_test, mean, std)[0]
            X_val = None if X_val is None else datasets.standardize(X_val, mean, std)[0]
            if csv.task == "regression":
                Y_train, y_mean, y_std = datasets.standardize(Y_train)
                Y_test = datasets.standardize(Y_test, y_mean, y_std)[0]
                Y_val = None if Y_val is None else datasets.standardize(Y_val, y_mean, y_std)[0]
        Y_all = np.hstack([Y_train, Y_test] + ([] if Y_val is None else [Y_val]))
        task = datasets.task_of(Y_all)
        output, loss = self.output, self.loss
        if output not in output_choices(task, Y_all) or loss not in loss_choices(task, output):
            output, loss = default_head(task, Y_all)
        model = DeepNeuralNetwork(
            [X.shape[0]] + [self.units] * self.hidden_layers + [Y.shape[0]],
            self.activation,
            output,
            loss,
            seed=self.seed,
            l2=self.l2,
            dropout=self.dropout,
        )
        self.noise, self.test_fraction, self.csv = noise, test_fraction, csv
        self.validation_fraction, self.X_val, self.Y_val = validation_fraction, X_val, Y_val
        self.dataset, self.name, self.task = dataset, name, task
        self.X_train, self.Y_train, self.X_test, self.Y_test = X_train, Y_train, X_test, Y_test
        self.shift, self.scale, self.output, self.loss = shift, scale, output, loss
        self.model = model
        self.reset()

    def read_csv(self, source, name="your file"):
        """Read, check and switch to a CSV file (``read_csv``); a file that cannot be used
        raises ValueError and changes nothing: the data set and the file loaded before stay."""
        csv = read_csv(source, name, self.seed)
        self.load("csv", csv=csv)
        return csv

    @property
    def drawable(self):
        """ "classes" (2-D points), "curve" (1-D regression) or None (not drawable in 2-D)."""
        n_features = self.X_train.shape[0]
        if n_features == 2 and self.task != "regression":
            return "classes"
        if n_features == 1 and self.task == "regression":
            return "curve"
        return None

    # --- network ------------------------------------------------------------------------
    @property
    def layer_dims(self):
        return [self.X_train.shape[0]] + [self.units] * self.hidden_layers + [self.Y_train.shape[0]]

    def set_head(self, output=None, loss=None):
        """Choose the output activation and/or loss; an invalid pair falls back to a valid one."""
        choices = output_choices(self.task, np.hstack(self.parts("Y")))
        if output is not None:
            if output not in choices:
                raise ValueError(
                    f"output {output!r} does not suit this {self.task} data; choose one of "
                    f"{choices}"
                )
            self.output = output
        if loss is not None:
            self.loss = loss
        if self.loss not in loss_choices(self.task, self.output):
            self.loss = loss_choices(self.task, self.output)[0]
        self.rebuild()

    def rebuild(self):
        """A fresh network for the current data and architecture; the history starts again."""
        regularization = dict(l2=self.l2, dropout=self.dropout)
        self.model = DeepNeuralNetwork(
            self.layer_dims,
            self.activation,
            self.output,
            self.loss,
            seed=self.seed,
            **regularization,
        )
        self.reset()

    def reset(self):
        """The same network with its initial weights again (same seed), a fresh optimizer
        memory; the history cleared."""
        self.model.reset()
        self._optimizer.reset()
        self._memory += 1  # what the next segment trains with: a fresh memory
        self.segments = []
        self.epochs, self.train_losses, self.test_losses = [], [], []
        self.diverged, self.diverged_in, self.accuracy = False, None, None
        self._record()

    # --- optimizer ----------------------------------------------------------------------
    def set_optimizer(self, name=None, **settings):
        """Train on with optimizer ``name`` (default: the current one) and ``settings`` (e.g.
        beta2=0.99; another kind starts from its defaults, ``optimizer_settings``). Makes a new
        optimizer: a fresh memory. A bad name or value raises and changes nothing."""
        name = self.optimizer if name is None else name
        base = self.optimizer_settings if name == self.optimizer else optimizer_settings(name)
        settings = {**base, **settings}
        optimizer = get_optimizer(name, self.learning_rate, **settings)
        self.optimizer, self.optimizer_settings, self._optimizer = name, settings, optimizer
        self._memory += 1

    # --- regularization -------------------------------------------------------------------
    def set_regularization(self, l2=None, dropout=None):
        """Train on with another L2 strength and/or dropout rate: the same weights, the same
        optimizer memory; the next frame starts a new segment. The model checks the values
        (l2 a number >= 0, dropout in [0, 1)); a bad one raises and changes nothing."""
        model = self.model
        before = model.l2, model.dropout
        try:
            if l2 is not None:
                model.l2 = l2
            if dropout is not None:
                model.dropout = dropout
        except (ValueError, TypeError):
            model.l2, model.dropout = before
            raise
        self.l2, self.dropout = model.l2, model.dropout

    # --- training -----------------------------------------------------------------------
    def epochs_this_frame(self):
        """``epochs_per_frame``, fewer if they would exceed the frame's budget of updates
        (``FRAME_UPDATES``) or example passes (``FRAME_EXAMPLES``); at least 1."""
        m = self.X_train.shape[1]
        updates = math.ceil(m / self.batch_size) if self.batch_size > 0 else 1
        return max(1, min(self.epochs_per_frame, FRAME_UPDATES // updates, FRAME_EXAMPLES // m))

    def train_frame(self, epochs=None):
        """Train ``epochs`` (default ``epochs_this_frame()``) more epochs, then measure the losses.

        Returns False if training diverged -- the cost or a parameter became inf or NaN (then
        ``diverged`` is True and ``diverged_in`` the epoch where it was found) -- True otherwise.
        """
        if self.diverged:
            return False
        batch = self.batch_size if self.batch_size > 0 else self.X_train.shape[1]
        self._optimizer.learning_rate = self.learning_rate  # the memory continues
        before = self.epoch
        try:
            self.model.train(
                self.X_train,
                self.Y_train,
                learning_rate=self.learning_rate,
                num_epochs=self.epochs_this_frame() if epochs is None else epochs,
                batch_size=batch,
                optimizer=self._optimizer,
                validation=None if self.X_val is None else (self.X_val, self.Y_val),
            )
        except TrainingDiverged:  # the model kept the costs of the epochs before the bad one
            self.diverged, self.diverged_in = True, self.epoch + 1
            self._add_segment(batch, self.epoch + 1 - before)  # the bad epoch ran too
            return False
        self._add_segment(batch, self.epoch - before)
        return self._record()

    def _add_segment(self, batch_size, epochs):
        """Count ``epochs`` in the last segment if it trained with the same optimizer object,
        learning rate and batch size; else start a new one."""
        if epochs <= 0:
            return
        settings = dict(optimizer=self.optimizer, settings=dict(self.optimizer_settings),
                        learning_rate=self.learning_rate, batch_size=batch_size,
                        memory=self._memory, l2=self.model.l2,
                        dropout=self.model.dropout)  # fmt: skip
        last = self.segments[-1] if self.segments else None
        if last is not None and all(last[key] == value for key, value in settings.items()):
            last["epochs"] += epochs
        else:
            fresh = last is None or last["memory"] != self._memory
            self.segments.append({**settings, "epochs": epochs, "fresh": fresh})

    @property
    def epoch(self):
        return len(self.model.costs)

    def _record(self):
        """Append (epoch, train loss, test loss); a non-finite loss or parameter (weights can
        blow up while a clipped cross-entropy stays finite) counts as diverged."""
        with np.errstate(all="ignore"):  # huge weights: no warnings, the check below decides
            finite = all(np.isfinite(p).all() for p in self.model.parameters.values())
            train_loss = self.model.loss.cost(self.model.predict(self.X_train), self.Y_train)
            AL_test = self.model.predict(self.X_test)
            test_loss = self.model.loss.cost(AL_test, self.Y_test)
        if not (finite and np.isfinite(train_loss) and np.isfinite(test_loss)):
            self.diverged, self.diverged_in = True, self.epoch
            return False
        self.epochs.append(self.epoch)
        self.train_losses.append(train_loss)
        self.test_losses.append(test_loss)
        if self.task != "regression":
            self.accuracy = accuracy(AL_test, self.Y_test)
        return True

    # --- what the figure draws ----------------------------------------------------------
    def parts(self, name):
        """The training, test and (if any) validation arrays of ``name`` ("X" or "Y")."""
        arrays = [getattr(self, f"{name}_{part}") for part in ("train", "test", "val")]
        return [array for array in arrays if array is not None]

    def extent(self):
        """(x_min, x_max, y_min, y_max) of the plotted region, a margin around all points."""
        X = np.hstack(self.parts("X")) * self.scale + self.shift
        if self.drawable == "curve":
            Y = np.hstack(self.parts("Y"))
            X = np.vstack([X, Y])
        low, high = X.min(axis=1), X.max(axis=1)
        pad = 0.08 * np.maximum(high - low, 1e-9)
        return low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1]

    def grid(self):
        """Pixel centres of a grid_size x grid_size image over ``extent()``: (G, G) arrays of
        plotted coordinates, row 0 at the bottom."""
        x0, x1, y0, y1 = self.extent()
        n = self.grid_size
        xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
        ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
        return np.meshgrid(xs, ys)

    def predict_plotted(self, points):
        """The network's output AL for points given in plotted coordinates (n_features, k)."""
        with np.errstate(all="ignore"):
            return self.model.predict((points - self.shift) / self.scale)
