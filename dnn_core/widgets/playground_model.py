"""The playground's data, network and training, with no widget and no figure.

``PlaygroundSession`` holds what the playground shows: a data set split into a training and a
test part, a ``DeepNeuralNetwork`` built from the chosen architecture, and the loss history.
``train_frame()`` runs one chunk of training (``epochs_per_frame`` epochs through
``DeepNeuralNetwork.train``, which continues from the current parameters) and then measures
the train and test loss on the whole of each part. The data sets and the valid output/loss
pairs come from ``playground_data``. The widgets (``playground_controls``) and the figure
(``playground_figure``) only read and set this object, so it can be tested and benchmarked on
its own.
"""

import numpy as np

from .. import datasets
from ..model import DeepNeuralNetwork, TrainingDiverged
from .playground_data import default_head, generate, loss_choices, output_choices, read_csv

HIDDEN_ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "linear")
DIVERGED = "diverged — lower the learning rate and press Reset"


class PlaygroundSession:
    """Data + network + training for the playground (see the module docstring).

    The default learning rate, 10^-1.5 = 0.0316, sits on the grid of the log slider (steps
    of 0.1 in the exponent), so the slider shows exactly the rate that is used.
    """

    def __init__(
        self,
        dataset="moons",
        noise=0.1,
        test_fraction=0.25,
        hidden_layers=2,
        units=8,
        activation="tanh",
        learning_rate=10**-1.5,
        batch_size=16,
        epochs_per_frame=5,
        m=400,
        grid_size=60,
        seed=0,
    ):
        self.noise, self.test_fraction, self.m, self.seed = noise, test_fraction, m, seed
        self.hidden_layers, self.units, self.activation = hidden_layers, units, activation
        self.learning_rate, self.batch_size = learning_rate, batch_size
        self.epochs_per_frame, self.grid_size = epochs_per_frame, grid_size
        self.csv, self.output, self.loss = None, None, None
        self.load(dataset)

    # --- data -------------------------------------------------------------------------
    def load(self, dataset, noise=None, test_fraction=None):
        """Generate (or, for "csv", re-split the loaded file), then rebuild the network."""
        self.noise = self.noise if noise is None else noise
        self.test_fraction = self.test_fraction if test_fraction is None else test_fraction
        if dataset == "csv":
            if self.csv is None:
                raise ValueError("dataset 'csv': no CSV file has been loaded yet")
            X, Y, name = self.csv.X, self.csv.Y, self.csv.name
        else:
            X, Y, shift, scale = generate(dataset, self.noise, self.m, self.seed)
            name = dataset
        X_train, Y_train, X_test, Y_test = datasets.train_test_split(
            X, Y, self.test_fraction, seed=self.seed
        )
        if dataset == "csv":  # features (and a regression target) on the training set's scale
            X_train, mean, std = datasets.standardize(X_train)
            X_test = datasets.standardize(X_test, mean, std)[0]
            shift, scale = 0.0, 1.0
            if self.csv.task == "regression":
                Y_train, y_mean, y_std = datasets.standardize(Y_train)
                Y_test = datasets.standardize(Y_test, y_mean, y_std)[0]
        self.dataset, self.name = dataset, name
        self.task = datasets.task_of(np.hstack([Y_train, Y_test]))
        self.X_train, self.Y_train, self.X_test, self.Y_test = X_train, Y_train, X_test, Y_test
        self.shift, self.scale = shift, scale
        Y_all = np.hstack([Y_train, Y_test])
        if self.output not in output_choices(self.task, Y_all) or self.loss not in loss_choices(
            self.task, self.output
        ):
            self.output, self.loss = default_head(self.task, Y_all)
        self.rebuild()

    def read_csv(self, source, name="your file"):
        """Check and keep a CSV file (``playground_data.read_csv``); a bad one raises
        ValueError and changes nothing. Call ``load("csv")`` to switch to it."""
        self.csv = read_csv(source, name)
        return self.csv

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
        Y_all = np.hstack([self.Y_train, self.Y_test])
        if output is not None:
            if output not in output_choices(self.task, Y_all):
                raise ValueError(
                    f"output {output!r} does not suit this {self.task} data; "
                    f"choose one of {output_choices(self.task, Y_all)}"
                )
            self.output = output
        if loss is not None:
            self.loss = loss
        if self.loss not in loss_choices(self.task, self.output):
            self.loss = loss_choices(self.task, self.output)[0]
        self.rebuild()

    def rebuild(self):
        """A fresh network for the current data and architecture; the history starts again."""
        self.model = DeepNeuralNetwork(
            self.layer_dims, self.activation, self.output, self.loss, seed=self.seed
        )
        self.reset()

    def reset(self):
        """The same network with its initial weights again (same seed); the history cleared."""
        self.model.reset()
        self.epochs, self.train_losses, self.test_losses = [], [], []
        self.diverged, self.diverged_in, self.accuracy = False, None, None
        self._record()

    # --- training -----------------------------------------------------------------------
    def train_frame(self, epochs=None):
        """Train ``epochs`` (default ``epochs_per_frame``) more epochs, then measure the losses.

        Returns False if the cost became inf or NaN (then ``diverged`` is True and
        ``diverged_in`` the epoch where it happened), True otherwise.
        """
        if self.diverged:
            return False
        batch = self.batch_size if self.batch_size > 0 else self.X_train.shape[1]
        try:
            self.model.train(
                self.X_train,
                self.Y_train,
                learning_rate=self.learning_rate,
                num_epochs=self.epochs_per_frame if epochs is None else epochs,
                batch_size=batch,
            )
        except TrainingDiverged:  # the model kept the costs of the epochs before the bad one
            self.diverged, self.diverged_in = True, self.epoch + 1
            return False
        return self._record()

    @property
    def epoch(self):
        return len(self.model.costs)

    def _record(self):
        """Append (epoch, train loss, test loss); a non-finite loss counts as diverged."""
        with np.errstate(all="ignore"):  # huge weights: no warnings, the check below decides
            train_loss = self.model.loss.cost(self.model.predict(self.X_train), self.Y_train)
            AL_test = self.model.predict(self.X_test)
            test_loss = self.model.loss.cost(AL_test, self.Y_test)
        if not (np.isfinite(train_loss) and np.isfinite(test_loss)):
            self.diverged, self.diverged_in = True, self.epoch
            return False
        self.epochs.append(self.epoch)
        self.train_losses.append(train_loss)
        self.test_losses.append(test_loss)
        if self.task == "binary":
            self.accuracy = float(np.mean((AL_test > 0.5) == (self.Y_test > 0.5)))
        elif self.task == "multiclass":
            self.accuracy = float(np.mean(AL_test.argmax(0) == self.Y_test.argmax(0)))
        return True

    # --- what the figure draws ----------------------------------------------------------
    def extent(self):
        """(x_min, x_max, y_min, y_max) of the plotted region, a margin around all points."""
        X = np.hstack([self.X_train, self.X_test]) * self.scale + self.shift
        if self.drawable == "curve":
            Y = np.hstack([self.Y_train, self.Y_test])
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
