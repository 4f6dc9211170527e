"""``lambda_explorer()``: the L2 strength on a slider, the decision boundary redrawn.

Left: the decision boundary of chapter 09's network (``overfitting.LAYER_DIMS``, always the same
starting weights) trained on the few noisy training moons with L2 strength lambda. Right: its
training and validation cost per epoch, the best validation epoch marked. The readout gives the
final costs and the accuracies on the training and validation sets. The slider's values are a
fixed ladder of lambdas; each is trained once (``overfitting.train_regularized``, well under a
second) the first time it is shown and kept, so moving back to it answers at once.
"""

import ipywidgets as w
import numpy as np

from ..metrics import accuracy
from ..overfitting import noisy_moons_split, train_regularized
from ..plots.decision import plot_decision_boundary
from ..plots.regularization import plot_learning_curves
from ._base import Explorer, labelled, live_figure

LAMBDAS = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


class LambdaExplorer(Explorer):
    """The explorer's widgets, state and drawing; built by ``lambda_explorer``."""

    def __init__(self, split, lambdas, value, options, trained):
        fig, (self.ax, self.ax_cost), _ = live_figure(figsize=(10, 3.9), ncols=2)
        slider = w.SelectionSlider(options=[(f"{lam:g}", lam) for lam in lambdas], value=value,
                                   continuous_update=False)  # fmt: skip
        controls = {"lam": slider, "readout": w.HTML()}
        super().__init__(fig, controls, state={"models": trained}, watch=["lam"])
        self.split, self.options = split, options
        self.ui = w.VBox([labelled(slider, "L2 strength λ"), controls["readout"], fig.canvas])
        self.update()

    def model(self, lam):
        """The network trained with L2 strength ``lam`` (trained on first use, then kept)."""
        models = self.state["models"]
        if lam not in models:
            models[lam] = train_regularized(self.split, l2=lam, **self.options)
        return models[lam]

    def update(self, change=None):
        """Show the network trained with the slider's lambda."""
        lam = self.controls["lam"].value
        model, s = self.model(lam), self.split
        self.ax.clear()
        self.ax_cost.clear()
        plot_decision_boundary(model, s.X_train, s.Y_train, ax=self.ax, colorbar=False,
                               resolution=100, title=f"λ = {lam:g}: decision boundary")  # fmt: skip
        plot_learning_curves(model, ax=self.ax_cost, ylim=(0, 1.5), title="cost per epoch")
        self.state.update(
            lam=lam,
            train_cost=model.cost(s.X_train, s.Y_train),
            val_cost=model.val_costs[-1],
            train_accuracy=accuracy(model.predict(s.X_train), s.Y_train),
            val_accuracy=accuracy(model.predict(s.X_val), s.Y_val),
        )
        st = self.state
        self.controls["readout"].value = (
            f"λ = <b>{lam:g}</b> | training set: cost <b>{st['train_cost']:.3f}</b>, accuracy "
            f"<b>{st['train_accuracy']:.0%}</b> | validation set: cost <b>{st['val_cost']:.3f}</b>"
            f", accuracy <b>{st['val_accuracy']:.0%}</b>"
        )
        self.redraw()


def lambda_explorer(split=None, lambdas=LAMBDAS, value=0.0, trained=None, **options):
    """A slider over ``lambdas`` (default ``LAMBDAS``) redrawing the boundary and the cost curves
    of the network trained with that L2 strength on ``split`` (default ``noisy_moons_split()``).
    ``options`` go to ``overfitting.train_regularized`` (e.g. ``num_epochs``, ``dropout``).
    ``trained`` = {lam: model} of networks already trained that way on ``split`` (a notebook's
    own), shown instead of training them again.

    state: lam; models, {lam: trained model}; train_cost, val_cost (the last epoch's, no
    penalty), train_accuracy, val_accuracy.
    """
    lambdas = tuple(float(lam) for lam in lambdas)
    if float(value) not in lambdas:
        raise ValueError(f"value: {value!r} is not one of the lambdas {lambdas}")
    if any(not np.isfinite(lam) or lam < 0 for lam in lambdas):
        raise ValueError(f"lambdas must be finite numbers >= 0, got {lambdas}")
    split = noisy_moons_split() if split is None else split
    trained = {float(lam): model for lam, model in (trained or {}).items()}
    return LambdaExplorer(split, lambdas, float(value), options, trained)
