"""A speed ceiling for the document's task, not a teaching example: how fast can plain numpy go?

The document's test (1-20-20-1, ReLU hidden, sigmoid output, MSE, batch 8) spends almost all of
each step in the fixed cost of small numpy calls, not in arithmetic. This module writes one
training step for exactly that network with as few calls as numpy allows and none of dnn_core's
structure: no argument checks, no functions per layer, no dictionaries, all parameters and all
gradients in two flat buffers (W1, b1, ... are views into them) so the update is one call, and
``out=`` for the gradient products. Its speed bounds what any numpy implementation of the
document's approach (one sequence of numpy calls per mini-batch) can reach;
``document_task.py`` times it next to dnn_core and seed_style.

Same maths as dnn_core: He initialization from the same seed, the cost as the mean over the
epoch's examples, shuffling with the network's own Generator.
"""

import numpy as np


class FlatCeilingNetwork:
    """1-20-20-1 (or any [n0, n1, n2, 1]) ReLU/ReLU/sigmoid network trained on MSE, flat and fast."""

    def __init__(self, layer_dims, seed=0):
        self.rng = np.random.default_rng(seed)
        shapes = [(layer_dims[l], layer_dims[l - 1]) for l in range(1, 4)]
        size = sum(n * k + n for n, k in shapes)
        self.theta, self.grad = np.zeros(size), np.zeros(size)
        self.W, self.b, self.dW, self.db, start = [], [], [], [], 0
        for n, k in shapes:
            self.W.append(self.theta[start : start + n * k].reshape(n, k))
            self.dW.append(self.grad[start : start + n * k].reshape(n, k))
            start += n * k
            self.b.append(self.theta[start : start + n].reshape(n, 1))
            self.db.append(self.grad[start : start + n].reshape(n, 1))
            start += n
        for W, (n, k) in zip(self.W, shapes):
            W[...] = self.rng.standard_normal((n, k)) * np.sqrt(2 / k)

    def predict(self, X):
        W, b = self.W, self.b
        A1 = np.maximum(W[0] @ X + b[0], 0)
        A2 = np.maximum(W[1] @ A1 + b[1], 0)
        return 1 / (1 + np.exp(-(W[2] @ A2 + b[2])))

    def train(self, X, Y, learning_rate, num_epochs, batch_size):
        W, b, dW, db, m = self.W, self.b, self.dW, self.db, X.shape[1]
        for _ in range(num_epochs):
            order = self.rng.permutation(m)
            Xs, Ys, total = np.asfortranarray(X[:, order]), Y[:, order], 0.0
            for s in range(0, m, batch_size):
                Xb, Yb = Xs[:, s : s + batch_size], Ys[:, s : s + batch_size]
                Z1 = np.dot(W[0], Xb)
                Z1 += b[0]
                A1 = np.maximum(Z1, 0)  # noqa: E702
                Z2 = np.dot(W[1], A1)
                Z2 += b[1]
                A2 = np.maximum(Z2, 0)  # noqa: E702
                A3 = 1 / (1 + np.exp(-(np.dot(W[2], A2) + b[2])))
                d = A3 - Yb
                total += float(np.dot(d[0], d[0]))
                dZ3 = d * (A3 * (1 - A3))
                dZ3 *= 2 / Xb.shape[1]  # noqa: E702
                np.dot(dZ3, A2.T, out=dW[2])
                np.sum(dZ3, 1, keepdims=True, out=db[2])  # noqa: E702
                dZ2 = np.dot(W[2].T, dZ3)
                dZ2 *= Z2 > 0  # noqa: E702
                np.dot(dZ2, A1.T, out=dW[1])
                np.sum(dZ2, 1, keepdims=True, out=db[1])  # noqa: E702
                dZ1 = np.dot(W[1].T, dZ2)
                dZ1 *= Z1 > 0  # noqa: E702
                np.dot(dZ1, Xb.T, out=dW[0])
                np.sum(dZ1, 1, keepdims=True, out=db[0])  # noqa: E702
                self.grad *= learning_rate
                self.theta -= self.grad  # every W and b at once
        return self
