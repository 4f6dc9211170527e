"""Checks for the exercises of chapter 01, the forward pass.

    check_linear_forward(fn)             fn(A, W, b) -> (Z, cache): Z = W A + b, cache = (A, W, b)
    check_linear_activation_forward(fn)  fn(A_prev, W, b, activation) -> (A, ((A_prev, W, b), Z))
    check_L_model_forward(fn)            fn(X, parameters, hidden, output) -> (AL, caches)

Each check runs the learner's function on seeded cases against dnn_core's own function. Before
the generic comparison it looks for the usual slips -- W transposed, the bias forgotten or added
along the wrong axis, the activation not applied or the wrong one, a cache in the wrong order or
holding the wrong array, a loop that stops one layer early -- and names them.
"""
import copy

import numpy as np

from .. import forward as core
from ..activations import get_activation
from ..parameters import initialize_parameters
from . import ExerciseFailed, check_function, compare


def _same(got, expected):
    return (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray)
            and got.shape == expected.shape and np.allclose(got, expected, rtol=1e-6, atol=1e-9))


def _run(learner_fn, case):
    """The learner's result on a copy of ``case``, or None if it raised (check_function will
    then report the exception, or "not done yet")."""
    try:
        return learner_fn(*copy.deepcopy(case))
    except Exception:
        return None


def _pair(result, name, returns, where):
    """Unpack a 2-tuple result, or say precisely what came back instead."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        what = f"a {type(result).__name__}" + (f" of {len(result)} values" if isinstance(result, (tuple, list)) else "")
        raise ExerciseFailed(f"{where}: {name} must return two values, {returns}; got {what}")
    return result


def _check_linear_cache(cache, A, W, b, where, label="the cache", names=("A", "W", "b")):
    """cache must be (A, W, b): the inputs of Z = W A + b, unchanged and in that order."""
    wanted = f"({', '.join(names)})"
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        raise ExerciseFailed(f"{where}: {label} must be the tuple {wanted}, the inputs of "
                             f"Z = W A + b; got {_describe(cache)}")
    found = [next((n for n, x in zip(names, (A, W, b)) if _same(item, x)), "?") for item in cache]
    if found == list(names):
        return
    if sorted(found) == sorted(names):
        raise ExerciseFailed(f"{where}: {label} is ({', '.join(found)}); it must be {wanted} in that "
                             f"order, because the backward pass unpacks it as A_prev, W, b = cache")
    i = found.index("?")
    extra = " -- it is Z, the output; the cache keeps the inputs" if _same(cache[i], W @ A + b) else ""
    raise ExerciseFailed(f"{where}: {label} must be {wanted}, the inputs unchanged, but its entry "
                         f"{i} is not {names[i]}{extra}")


# --------------------------------------------------------------------------- linear_forward
def _linear_cases():
    """(A, W, b) with (n, n_prev, m): a square case first (a transposed W still runs there)."""
    rng = np.random.default_rng(101)
    cases = []
    for n, n_prev, m in [(3, 3, 3), (3, 2, 4), (1, 4, 5), (4, 3, 1), (2, 5, 6)]:
        cases.append((rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)),
                      rng.normal(size=(n, 1))))
    return cases


def _explain_linear_Z(Z, A, W, b):
    """A message naming the slip behind a wrong Z, or None."""
    if _same(Z, W @ A + b):
        return None
    if Z.shape == (W.shape[0], A.shape[1]) and _same(Z, W @ A):
        return "Z equals W @ A: the bias b is missing. Z = W @ A + b."
    if W.shape[0] == W.shape[1] and _same(Z, W.T @ A + b):
        return "Z equals W.T @ A + b: W is already (n, n_prev), so use W @ A without transposing."
    if A.shape[1] == W.shape[0] and _same(Z, A.T @ W.T + b):
        return "you computed A.T @ W.T: multiply in the order W @ A, so Z has shape (n, m)."
    if W.shape[0] == A.shape[1] and Z.shape == (W.shape[0], A.shape[1]) and _same(Z, W @ A + b.reshape(1, -1)):
        return ("b was added along the wrong axis (as a row, one value per example); b is (n, 1), "
                "one value per unit, and numpy copies that column across the m examples.")
    return None


def check_linear_forward(linear_forward):
    """Check ``linear_forward(A, W, b) -> (Z, cache)`` with Z = W A + b and cache = (A, W, b)."""
    cases = _linear_cases()
    for number, (A, W, b) in enumerate(cases, start=1):
        where = f"linear_forward, test case {number} of {len(cases)} (A {A.shape}, W {W.shape}, b {b.shape})"
        try:
            result = linear_forward(*copy.deepcopy((A, W, b)))
        except NotImplementedError:
            break  # check_function says "not done yet"
        except Exception as error:
            raise ExerciseFailed(f"{where}: your function raised {type(error).__name__}: {error}. "
                                 f"W is (n, n_prev) and A is (n_prev, m), so Z = W @ A + b has shape "
                                 f"{(W.shape[0], A.shape[1])}: W's columns meet A's rows.") from None
        Z, cache = _pair(result, "linear_forward", "(Z, cache)", where)
        if isinstance(Z, np.ndarray) and Z.shape == (W.shape[0], A.shape[1]):
            message = _explain_linear_Z(Z, A, W, b)
            if message:
                raise ExerciseFailed(f"{where}: {message}")
        compare(Z, W @ A + b, where, "the returned Z")
        _check_linear_cache(cache, A, W, b, where)
    check_function(linear_forward, core.linear_forward, cases, name="linear_forward",
                   returns=("Z", "cache"))


# --------------------------------------------------------------------------- linear_activation_forward
ACTIVATION_CASES = ["sigmoid", "relu", "tanh", "linear", "leaky_relu"]


def _activation_cases():
    rng = np.random.default_rng(102)
    cases = []
    for activation, (n, n_prev, m) in zip(ACTIVATION_CASES, [(3, 2, 4), (4, 3, 5), (2, 2, 3),
                                                              (1, 3, 4), (3, 4, 6)]):
        cases.append((rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)),
                      rng.normal(size=(n, 1)), activation))
    return cases


def check_linear_activation_forward(linear_activation_forward):
    """Check ``linear_activation_forward(A_prev, W, b, activation) -> (A, cache)`` with
    A = g(W A_prev + b) and cache = ((A_prev, W, b), Z)."""
    cases = _activation_cases()
    name = "linear_activation_forward"
    for number, (A_prev, W, b, activation) in enumerate(cases, start=1):
        where = f"{name}, test case {number} of {len(cases)} (activation={activation!r})"
        result = _run(linear_activation_forward, (A_prev, W, b, activation))
        if result is None:
            break  # an exception: check_function reports it
        A, cache = _pair(result, name, "(A, cache)", where)
        Z = W @ A_prev + b
        expected = get_activation(activation).forward(Z)[0]
        if _same(A, Z) and not _same(A, expected):
            raise ExerciseFailed(f"{where}: A equals Z; apply the activation: A, activation_cache = "
                                 "g.forward(Z) with g = dnn.get_activation(activation).")
        others = [g for g in ACTIVATION_CASES if g != activation and not _same(get_activation(g).forward(Z)[0], expected)]
        wrong = next((g for g in others if _same(A, get_activation(g).forward(Z)[0])), None)
        if wrong:
            raise ExerciseFailed(f"{where}: A equals {wrong}(Z); use the activation that was passed "
                                 f"in ({activation!r}), not a fixed one.")
        compare(A, expected, where, "the returned A")
        if not isinstance(cache, (tuple, list)) or len(cache) != 2:
            raise ExerciseFailed(f"{where}: the cache must be a pair (linear_cache, activation_cache) "
                                 f"= ((A_prev, W, b), Z); got {_describe(cache)}")
        _check_linear_cache(cache[0], A_prev, W, b, where, "the linear cache cache[0]", ("A_prev", "W", "b"))
        if _same(cache[1], A) and not _same(A, Z):
            raise ExerciseFailed(f"{where}: the activation cache, cache[1], holds A; it must hold Z, "
                                 "the input of g, because the backward pass evaluates g'(Z).")
        compare(cache[1], Z, where, "the activation cache, cache[1] (it should be Z),")
    check_function(linear_activation_forward, core.linear_activation_forward, cases, name=name,
                   returns=("A", "cache"))


def _describe(value):
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} values"
    return f"a {type(value).__name__}" + (f" of shape {value.shape}" if hasattr(value, "shape") else "")


# --------------------------------------------------------------------------- L_model_forward
MODEL_CASES = [([3, 4, 1], "relu", "sigmoid", 5), ([2, 5, 4, 3], "tanh", "linear", 4),
               ([4, 1], "relu", "sigmoid", 3), ([2, 3, 3, 3, 2], "leaky_relu", "softmax", 6)]


def _model_cases():
    rng = np.random.default_rng(103)
    cases = []
    for dims, hidden, output, m in MODEL_CASES:
        parameters = initialize_parameters(dims, "xavier", seed=rng)
        for l in range(1, len(dims)):  # non-zero biases, so a forgotten b shows
            parameters[f"b{l}"] = rng.normal(0, 0.5, parameters[f"b{l}"].shape)
        cases.append((rng.normal(size=(dims[0], m)), parameters, hidden, output))
    return cases


def _reference_model(X, parameters, hidden, output):
    AL, caches = core.L_model_forward(X, parameters, hidden, output)
    return AL, tuple(caches)


def _as_tuples(learner_fn):
    """The learner's function, with a list of caches turned into a tuple for the comparison."""
    def wrapped(*args):
        result = learner_fn(*args)
        if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], list):
            return result[0], tuple(result[1])
        return result
    return wrapped


def _explain_model(AL, caches, X, parameters, hidden, output):
    """A message naming the slip behind a wrong (AL, caches), or None."""
    L = len(parameters) // 2
    expected, expected_caches = core.L_model_forward(X, parameters, hidden, output)
    if not isinstance(caches, (list, tuple)):
        return f"caches must be a list with one cache per layer; got {_describe(caches)}"
    if len(caches) != L:
        hint = (" Your loop seems to stop before the last layer: range(1, L) leaves out layer L, "
                "which the output activation needs." if len(caches) == L - 1 else "")
        entries = "entry" if len(caches) == 1 else "entries"
        return f"caches has {len(caches)} {entries}; expected one per layer, L = {L}.{hint}"
    first = caches[0]
    try:
        first_input = first[0][0]
    except (TypeError, IndexError, KeyError):
        first_input = None
    if L > 1 and not _same(first_input, X) and _same(first_input, expected_caches[-1][0][0]):
        return "caches is in reverse order: caches[0] must be layer 1's cache (its A_prev is X)."
    if _same(AL, expected) or not isinstance(AL, np.ndarray):
        return None
    if hidden != output and L > 1 and _same(AL, core.L_model_forward(X, parameters, output, output)[0]):
        return (f"every layer used the output activation {output!r}; the hidden layers 1..L-1 "
                f"use hidden_layer_activation ({hidden!r}).")
    if hidden != output and _same(AL, core.L_model_forward(X, parameters, hidden, hidden)[0]):
        return (f"the last layer used {hidden!r}; layer L must use output_layer_activation "
                f"({output!r}).")
    return None


def check_L_model_forward(L_model_forward):
    """Check ``L_model_forward(X, parameters, hidden_layer_activation, output_layer_activation)
    -> (AL, caches)``: hidden layers use the first activation, layer L the second, and caches
    holds each layer's cache ((A_prev, W, b), Z), in order."""
    cases = _model_cases()
    name = "L_model_forward"
    for number, case in enumerate(cases, start=1):
        X, parameters, hidden, output = case
        where = (f"{name}, test case {number} of {len(cases)} (layer_dims "
                 f"{MODEL_CASES[number - 1][0]}, {hidden!r} hidden, {output!r} output)")
        try:
            result = L_model_forward(*copy.deepcopy(case))
        except KeyError as missing:
            raise ExerciseFailed(f"{where}: your function raised KeyError: {missing}. parameters holds "
                                 f"W1, b1, ..., WL, bL, so L = len(parameters) // 2 = "
                                 f"{len(parameters) // 2}") from None
        except Exception:
            break  # check_function reports it (or says "not done yet")
        AL, caches = _pair(result, name, "(AL, caches)", where)
        message = _explain_model(AL, caches, *case)
        if message:
            raise ExerciseFailed(f"{where}: {message}")
        expected, expected_caches = core.L_model_forward(*copy.deepcopy(case))
        compare(AL, expected, where, "the returned AL")
        for l, (got, want) in enumerate(zip(caches, expected_caches), start=1):
            if not isinstance(got, (tuple, list)) or len(got) != 2:
                raise ExerciseFailed(f"{where}: caches[{l - 1}] (layer {l}) must be the pair "
                                     f"((A_prev, W, b), Z) that linear_activation_forward returns; "
                                     f"got {_describe(got)}")
            (A_prev, W, b), Z = want
            _check_linear_cache(got[0], A_prev, W, b, where, f"layer {l}'s linear cache caches[{l - 1}][0]",
                                ("A_prev", "W", "b"))
            compare(got[1], Z, where, f"layer {l}'s activation cache, caches[{l - 1}][1] (it should be Z{l}),")
    check_function(_as_tuples(L_model_forward), _reference_model, cases, name=name,
                   returns=("AL", "caches"))
