"""Where the time of one training step goes: ``DeepNeuralNetwork.train``'s loop, with a clock.

Chapter 11 uses ``step_parts`` to split a step into its five parts at a small and at a large
batch size. The loop below is exactly the one in ``DeepNeuralNetwork.train`` (same functions,
same order, same arguments) with ``time.perf_counter()`` read between the parts; reading the
clock costs well under a microsecond, small next to any part.
"""

import time

import numpy as np

from dnn_core import L_model_backward, L_model_forward, batch_generator, update_parameters

PARTS = ("batching", "forward", "cost", "backward", "update")


def step_parts(model, X, Y, learning_rate, batch_size, epochs=3):
    """{part: seconds per training step} for ``model`` (a ``DeepNeuralNetwork``) training on
    (X, Y): batching, forward, cost, backward and update. The model trains for ``epochs``
    epochs; the fastest of them (the one least disturbed by other programs) is reported."""
    X = np.asfortranarray(X, dtype=model.dtype)  # what train() does before its first epoch
    Y = np.asfortranarray(Y, dtype=model.dtype)
    clock, best = time.perf_counter, None
    for _ in range(epochs):
        spent, steps = dict.fromkeys(PARTS, 0.0), 0
        start = clock()
        batches = iter(batch_generator(X, Y, batch_size, shuffle=True, rng=model.rng))
        spent["batching"] += clock() - start
        while True:
            t0 = clock()
            batch = next(batches, None)
            t1 = clock()
            if batch is None:
                break
            AL, caches = L_model_forward(batch[0], model.parameters, model.hidden, model.output)
            t2 = clock()
            model.loss.cost(AL, batch[1])
            t3 = clock()
            grads = L_model_backward(AL, batch[1], caches, model.hidden, model.output, model.loss)
            t4 = clock()
            update_parameters(model.parameters, grads, learning_rate)
            t5 = clock()
            for part, seconds in zip(PARTS, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                spent[part] += seconds
            steps += 1
        per_step = {part: seconds / steps for part, seconds in spent.items()}
        if best is None or sum(per_step.values()) < sum(best.values()):
            best = per_step
    return best
