"""A timing baseline: the source document's network, rebuilt the way the document builds it.

This module is *not* part of dnn_core and nothing imports it except
``benchmarks/document_task.py``. It exists only so that the benchmark can say
how fast dnn_core is relative to the approach the source document takes, measured
in the same run on the same machine. Do not learn from it: its errors are kept on
purpose, and dnn_core (with its tests) is the reference.

What it keeps from the document, so that the timing is fair:

- activations picked by an if/elif chain on the name, in every layer, every step;
- sigmoid_backward and tanh_backward recompute g(Z) from the cached Z;
- relu_backward copies dA with ``np.array(dA, copy=True)`` and zeroes it with a
  boolean mask (leaky ReLU's backward keeps the document's slip: it *sets* the
  negative entries to alpha instead of multiplying dA by alpha);
- products with ``np.dot``; the network's steps are methods called through ``self``;
- a ``batch_generator`` that, every epoch, draws ``list(np.random.permutation(m))``,
  makes shuffled copies of X and Y, and returns a Python list of all mini-batches;
- the cost formulas of the document, and an epoch cost that is the plain mean of
  the mini-batch costs (a short last batch counts as much as a full one);
- the double 1/m: the MSE gradient dAL already holds 1/m and ``linear_backward``
  divides dW and db by m once more. With batch_size 8 this makes every step 8x
  smaller than intended, so this version learns more slowly than dnn_core at the
  same learning rate (its final MSE after 3000 epochs is clearly worse, and the
  benchmark prints it);
- the MAE gradient that takes -1 (not 0) where AL == Y.

The one change: the document's ``L_model_backward`` always starts from the
binary cross-entropy gradient -(Y/AL - (1-Y)/(1-AL)), whatever the loss. Here
dAL follows the loss that is being trained, as in the document's own MSE and MAE
sections -- for MSE, dAL = (2/m)(AL - Y). Otherwise the MSE task would be
minimising a different function and the comparison would be meaningless.

The document's text does not show how it initialises the weights; this uses
He scaling (randn * sqrt(2 / n_prev)), like dnn_core's default, drawn from
numpy's global random state after ``np.random.seed(seed)``.
"""

import numpy as np


# ----- activations: the forward returns (A, Z); the backward gets dA and the cached Z
def sigmoid(z):
    return 1 / (1 + np.exp(-z)), z


def sigmoid_backward(dA, z):
    s = 1 / (1 + np.exp(-z))  # computed again from Z, as in the document
    return dA * s * (1 - s)


def relu(z):
    return np.maximum(0, z), z


def relu_backward(dA, z):
    dZ = np.array(dA, copy=True)
    dZ[z <= 0] = 0
    return dZ


def leaky_relu(z, alpha=0.01):
    return np.maximum(alpha * z, z), z


def leaky_relu_backward(dA, z, alpha=0.01):
    dZ = np.array(dA, copy=True)
    dZ[z <= 0] = alpha  # the document's slip, kept: should be alpha * dA
    return dZ


def tanh(z):
    return np.tanh(z), z


def tanh_backward(dA, z):
    return dA * (1 - np.tanh(z) ** 2)


def batch_generator(X, Y, batch_size, shuffle=True):
    """All mini-batches of one epoch, as a list of (X_batch, Y_batch) copies."""
    m = X.shape[1]
    if shuffle:
        order = list(np.random.permutation(m))
        X_mixed, Y_mixed = X[:, order], Y[:, order].reshape((1, m))
    else:
        X_mixed, Y_mixed = X, Y.reshape((1, m))
    batches = []
    full = m // batch_size
    for k in range(full):
        columns = slice(k * batch_size, (k + 1) * batch_size)
        batches.append((X_mixed[:, columns], Y_mixed[:, columns]))
    if m % batch_size:
        batches.append((X_mixed[:, full * batch_size :], Y_mixed[:, full * batch_size :]))
    return batches


class SeedStyleNetwork:
    """The document's DeepNeuralNetwork, step for step (see the module docstring)."""

    def __init__(
        self,
        layer_dims,
        hidden_layer_activation="relu",
        output_layer_activation="sigmoid",
        loss_function="mse",
        seed=0,
    ):
        self.layer_dims = list(layer_dims)
        self.hidden_layer_activation = hidden_layer_activation
        self.output_layer_activation = output_layer_activation
        self.loss_function = loss_function
        np.random.seed(seed)
        self.parameters = {}
        for l in range(1, len(layer_dims)):
            n_prev, n = layer_dims[l - 1], layer_dims[l]
            self.parameters["W" + str(l)] = np.random.randn(n, n_prev) * np.sqrt(2 / n_prev)
            self.parameters["b" + str(l)] = np.zeros((n, 1))
        self.costs = []

    # ----- forward
    def linear_forward(self, A, W, b):
        return np.dot(W, A) + b, (A, W, b)

    def linear_activation_forward(self, A_prev, W, b, activation):
        if activation == "sigmoid":
            Z, linear_cache = self.linear_forward(A_prev, W, b)
            A, activation_cache = sigmoid(Z)
        elif activation == "relu":
            Z, linear_cache = self.linear_forward(A_prev, W, b)
            A, activation_cache = relu(Z)
        elif activation == "leaky_relu":
            Z, linear_cache = self.linear_forward(A_prev, W, b)
            A, activation_cache = leaky_relu(Z)
        elif activation == "tanh":
            Z, linear_cache = self.linear_forward(A_prev, W, b)
            A, activation_cache = tanh(Z)
        elif activation == "linear":
            Z, linear_cache = self.linear_forward(A_prev, W, b)
            A, activation_cache = Z, Z
        else:
            raise ValueError(f"unknown activation {activation!r}")
        return A, (linear_cache, activation_cache)

    def L_model_forward(self, X):
        caches = []
        A = X
        L = len(self.parameters) // 2
        for l in range(1, L):
            A, cache = self.linear_activation_forward(
                A,
                self.parameters["W" + str(l)],
                self.parameters["b" + str(l)],
                self.hidden_layer_activation,
            )
            caches.append(cache)
        AL, cache = self.linear_activation_forward(
            A,
            self.parameters["W" + str(L)],
            self.parameters["b" + str(L)],
            self.output_layer_activation,
        )
        caches.append(cache)
        return AL, caches

    # ----- cost, with the document's formulas
    def compute_cost(self, AL, Y, loss_type):
        m = Y.shape[1]
        if loss_type == "binary_cross_entropy":
            return -(1 / m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
        if loss_type == "mse":
            return (1 / m) * np.sum((AL - Y) ** 2)
        if loss_type == "mae":
            return (1 / m) * np.sum(np.abs(AL - Y))
        raise ValueError(f"unknown loss {loss_type!r}")

    # ----- backward
    def linear_backward(self, dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = 1 / m * np.dot(dZ, A_prev.T)  # second 1/m (kept from the document)
        db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
        return np.dot(W.T, dZ), dW, db

    def linear_activation_backward(self, dA, cache, activation):
        linear_cache, Z = cache
        if activation == "sigmoid":
            dZ = sigmoid_backward(dA, Z)
        elif activation == "relu":
            dZ = relu_backward(dA, Z)
        elif activation == "leaky_relu":
            dZ = leaky_relu_backward(dA, Z)
        elif activation == "tanh":
            dZ = tanh_backward(dA, Z)
        elif activation == "linear":
            dZ = dA
        else:
            raise ValueError(f"unknown activation {activation!r}")
        return self.linear_backward(dZ, linear_cache)

    def L_model_backward(self, AL, Y, caches):
        grads = {}
        L = len(caches)
        m = AL.shape[1]
        Y = Y.reshape(AL.shape)
        if self.loss_function == "mse":  # the one change (see the module docstring)
            dAL = (2 / m) * (AL - Y)
        elif self.loss_function == "mae":
            dAL = (1 / m) * np.where(AL > Y, 1, -1)
        else:
            dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = (
            self.linear_activation_backward(dAL, caches[L - 1], self.output_layer_activation)
        )
        for l in reversed(range(L - 1)):
            dA_prev, dW, db = self.linear_activation_backward(
                grads["dA" + str(l + 1)], caches[l], self.hidden_layer_activation
            )
            grads["dA" + str(l)] = dA_prev
            grads["dW" + str(l + 1)] = dW
            grads["db" + str(l + 1)] = db
        return grads

    def update_parameters(self, grads, learning_rate):
        for l in range(len(self.parameters) // 2):
            self.parameters["W" + str(l + 1)] -= learning_rate * grads["dW" + str(l + 1)]
            self.parameters["b" + str(l + 1)] -= learning_rate * grads["db" + str(l + 1)]
        return self.parameters

    # ----- training and prediction
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
    ):
        self.costs = []
        for epoch in range(num_epochs):
            batches = batch_generator(X, Y, batch_size=batch_size, shuffle=shuffle)
            total = 0
            for X_batch, Y_batch in batches:
                AL, caches = self.L_model_forward(X_batch)
                total += self.compute_cost(AL, Y_batch, loss_type=self.loss_function)
                grads = self.L_model_backward(AL, Y_batch, caches)
                self.parameters = self.update_parameters(grads, learning_rate)
            cost = total / len(batches)
            if print_cost and epoch % epoch_verbose == 0:
                print(f"Cost after epoch {epoch}: {cost}")
            self.costs.append(cost)
        return self

    def predict(self, X):
        return self.L_model_forward(X)[0]
