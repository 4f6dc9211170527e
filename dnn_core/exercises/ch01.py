"""Checks for the exercises of chapter 01, the forward pass.

    check_linear_forward(fn)             fn(A, W, b) -> (Z, cache): Z = W A + b, cache = (A, W, b)
    check_linear_activation_forward(fn)  fn(A_prev, W, b, activation) -> (A, ((A_prev, W, b), Z))
    check_L_model_forward(fn)            fn(X, parameters, hidden, output) -> (AL, caches)

Each check runs the learner's function on seeded cases against dnn_core's own function
(``check_function``). When they differ, the known mistakes name the usual slips -- W transposed,
the bias forgotten or added along the wrong axis, the activation not applied or the wrong one, a
cache in the wrong order or holding the wrong array, a loop that stops one layer early. Most
hints here depend on the case (which entry of the cache is what), so they are functions
(got, args) -> text, None when they have nothing to say.
"""

import numpy as np

from .. import forward as core
from ..activations import get_activation
from ..parameters import initialize_parameters
from . import check_function, gives, raised, returned, same


def _describe(value):
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} values"
    return f"a {type(value).__name__}" + (
        f" of shape {value.shape}" if hasattr(value, "shape") else ""
    )


def _is_pair(got, args):
    return isinstance(got, (tuple, list)) and len(got) == 2


def _not_a_pair(name, returns):
    """The mistake of returning something other than the two values ``returns``."""
    return (
        lambda got, args: f"{name} must return two values, {returns}; got {_describe(got)}",
        lambda got, args: (
            got is not None and not isinstance(got, Exception) and not _is_pair(got, args)
        ),
    )


def _cache_hint(cache, A, W, b, label="the cache", names=("A", "W", "b")):
    """What is wrong with a linear cache, which must be (A, W, b): the inputs of Z = W A + b,
    unchanged and in that order. None if it is right."""
    wanted = f"({', '.join(names)})"
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        return (
            f"{label} must be the tuple {wanted}, the inputs of Z = W A + b; got {_describe(cache)}"
        )
    found = [next((n for n, x in zip(names, (A, W, b)) if same(item, x)), "?") for item in cache]
    if found == list(names):
        return None
    if sorted(found) == sorted(names):
        return (
            f"{label} is ({', '.join(found)}); it must be {wanted} in that order, because the "
            "backward pass unpacks it as A_prev, W, b = cache"
        )
    i = found.index("?")
    extra = (
        " -- it is Z, the output; the cache keeps the inputs" if same(cache[i], W @ A + b) else ""
    )
    return f"{label} must be {wanted}, the inputs unchanged, but its entry {i} is not {names[i]}{extra}"


def _activation_cache_hint(got, A, Z, label):
    """What is wrong with an activation cache ``got``, which must be Z. None if it is right."""
    if same(got, A) and not same(A, Z):
        return f"{label} holds A; it must hold Z, the input of g, because the backward pass evaluates g'(Z)."
    return None if same(got, Z) else f"{label} must be Z = W A_prev + b, the input of g."


# --------------------------------------------------------------------------- linear_forward
def _linear_cases():
    """(A, W, b) with (n, n_prev, m): a square case first (a transposed W still runs there)."""
    rng = np.random.default_rng(101)
    cases = []
    for n, n_prev, m in [(3, 3, 3), (3, 2, 4), (1, 4, 5), (4, 3, 1), (2, 5, 6)]:
        cases.append(
            (rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1)))
        )
    return cases


def _right_Z(got, args):
    A, W, b = args
    return _is_pair(got, args) and same(got[0], W @ A + b)


LINEAR_MISTAKES = [
    (
        lambda got, args: (
            f"W is (n, n_prev) and A is (n_prev, m), so Z = W @ A + b has shape "
            f"{(args[1].shape[0], args[0].shape[1])}: W's columns meet A's rows."
        ),
        raised(),
    ),
    _not_a_pair("linear_forward", "(Z, cache)"),
    (
        "Z equals W @ A: the bias b is missing. Z = W @ A + b.",
        returned(0, gives(lambda A, W, b: W @ A)),
    ),
    (
        "Z equals W.T @ A + b: W is already (n, n_prev), so use W @ A without transposing.",
        returned(0, gives(lambda A, W, b: W.T @ A + b)),
    ),
    (
        "you computed A.T @ W.T: multiply in the order W @ A, so Z has shape (n, m).",
        returned(0, gives(lambda A, W, b: A.T @ W.T + b)),
    ),
    (
        "b was added along the wrong axis (as a row, one value per example); b is (n, 1), one value per "
        "unit, and numpy copies that column across the m examples.",
        returned(0, gives(lambda A, W, b: W @ A + b.reshape(1, -1))),
    ),
    (lambda got, args: _cache_hint(got[1], *args), _right_Z),
]


def check_linear_forward(linear_forward):
    """Check ``linear_forward(A, W, b) -> (Z, cache)`` with Z = W A + b and cache = (A, W, b)."""
    check_function(
        linear_forward,
        core.linear_forward,
        _linear_cases(),
        name="linear_forward",
        returns=("Z", "cache"),
        mistakes=LINEAR_MISTAKES,
        describe=lambda A, W, b: f"A {A.shape}, W {W.shape}, b {b.shape}",
    )


# --------------------------------------------------------------------------- linear_activation_forward
ACTIVATION_CASES = ["sigmoid", "relu", "tanh", "linear", "leaky_relu"]


def _activation_cases():
    rng = np.random.default_rng(102)
    cases = []
    for activation, (n, n_prev, m) in zip(
        ACTIVATION_CASES, [(3, 2, 4), (4, 3, 5), (2, 2, 3), (1, 3, 4), (3, 4, 6)]
    ):
        cases.append(
            (
                rng.normal(size=(n_prev, m)),
                rng.normal(size=(n, n_prev)),
                rng.normal(size=(n, 1)),
                activation,
            )
        )
    return cases


def _Z_and_A(A_prev, W, b, activation):
    Z = W @ A_prev + b
    return Z, get_activation(activation).forward(Z)[0]


def _fixed_activation(got, args):
    """The hint when A is another activation of Z than the one passed in, else None."""
    Z, A = _Z_and_A(*args)
    others = [
        g for g in ACTIVATION_CASES if g != args[3] and not same(get_activation(g).forward(Z)[0], A)
    ]
    wrong = next((g for g in others if same(got[0], get_activation(g).forward(Z)[0])), None)
    return wrong and (
        f"A equals {wrong}(Z); use the activation that was passed in ({args[3]!r}), "
        "not a fixed one."
    )


def _right_A(got, args):
    return _is_pair(got, args) and same(got[0], _Z_and_A(*args)[1])


ACTIVATION_MISTAKES = [
    _not_a_pair("linear_activation_forward", "(A, cache)"),
    (
        "A equals Z; apply the activation: A, activation_cache = g.forward(Z) with "
        "g = get_activation(activation).",
        lambda got, args: same(got[0], _Z_and_A(*args)[0]) and not _right_A(got, args),
    ),
    (_fixed_activation, _is_pair),
    (
        lambda got, args: (
            "the cache must be a pair (linear_cache, activation_cache) = ((A_prev, W, b), Z); "
            f"got {_describe(got[1])}"
        ),
        lambda got, args: _right_A(got, args) and not _is_pair(got[1], args),
    ),
    (
        lambda got, args: _cache_hint(
            got[1][0], *args[:3], "the linear cache cache[0]", ("A_prev", "W", "b")
        ),
        _right_A,
    ),
    (
        lambda got, args: _activation_cache_hint(
            got[1][1], got[0], _Z_and_A(*args)[0], "the activation cache, cache[1],"
        ),
        _right_A,
    ),
]


def check_linear_activation_forward(linear_activation_forward):
    """Check ``linear_activation_forward(A_prev, W, b, activation) -> (A, cache)`` with
    A = g(W A_prev + b) and cache = ((A_prev, W, b), Z)."""
    check_function(
        linear_activation_forward,
        core.linear_activation_forward,
        _activation_cases(),
        name="linear_activation_forward",
        returns=("A", "cache"),
        mistakes=ACTIVATION_MISTAKES,
        describe=lambda A_prev, W, b, activation: f"activation={activation!r}",
    )


# --------------------------------------------------------------------------- L_model_forward
MODEL_CASES = [
    ([3, 4, 1], "relu", "sigmoid", 5),
    ([2, 5, 4, 3], "tanh", "linear", 4),
    ([4, 1], "relu", "sigmoid", 3),
    ([2, 3, 3, 3, 2], "leaky_relu", "softmax", 6),
]


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
    return AL, tuple(
        caches
    )  # a tuple, so that the learner's list of caches is compared entry by entry


def _describe_model(X, parameters, hidden, output):
    dims = [X.shape[0]] + [parameters[f"W{l}"].shape[0] for l in range(1, len(parameters) // 2 + 1)]
    return f"layer_dims {dims}, {hidden!r} hidden, {output!r} output"


def _model_hint(got, args):
    """The slip behind wrong (AL, caches): too few caches, caches reversed, activations mixed up."""
    (AL, caches), (X, parameters, hidden, output) = got, args
    L = len(parameters) // 2
    expected, expected_caches = core.L_model_forward(X, parameters, hidden, output)
    if not isinstance(caches, (list, tuple)):
        return f"caches must be a list with one cache per layer; got {_describe(caches)}"
    if len(caches) != L:
        hint = (
            " Your loop seems to stop before the last layer: range(1, L) leaves out layer L, "
            "which the output activation needs."
            if len(caches) == L - 1
            else ""
        )
        entries = "entry" if len(caches) == 1 else "entries"
        return f"caches has {len(caches)} {entries}; expected one per layer, L = {L}.{hint}"
    try:
        first_input = caches[0][0][0]
    except (TypeError, IndexError, KeyError):
        first_input = None
    if L > 1 and not same(first_input, X) and same(first_input, expected_caches[-1][0][0]):
        return "caches is in reverse order: caches[0] must be layer 1's cache (its A_prev is X)."
    if same(AL, expected):
        return None
    if (
        hidden != output
        and L > 1
        and same(AL, core.L_model_forward(X, parameters, output, output)[0])
    ):
        return (
            f"every layer used the output activation {output!r}; the hidden layers 1..L-1 "
            f"use hidden_layer_activation ({hidden!r})."
        )
    if hidden != output and same(AL, core.L_model_forward(X, parameters, hidden, hidden)[0]):
        return f"the last layer used {hidden!r}; layer L must use output_layer_activation ({output!r})."
    return _wrong_output_layer_hint(AL, X, parameters, hidden, output) if hidden != output else None


def _forward_with(X, parameters, activations):
    """AL when layer l uses activations[l - 1]."""
    A = X
    for l, name in enumerate(activations, start=1):
        A = core.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], name)[0]
    return A


def _wrong_output_layer_hint(AL, X, parameters, hidden, output):
    """The hint when the output activation went to another layer k than L (with layer L using
    the hidden one, or both), else None."""
    L = len(parameters) // 2
    for k in range(1, L):
        for last in (hidden, output):
            names = [output if l == k else hidden for l in range(1, L)] + [last]
            if same(AL, _forward_with(X, parameters, names)):
                return (
                    f"layer {k} used the output activation {output!r}. Only layer L = {L}, the "
                    f"last one, uses output_layer_activation; layers 1..{L - 1} use "
                    f"hidden_layer_activation ({hidden!r}). Check the condition that picks it "
                    "(the loop runs over l = 1..L-1, then layer L comes after the loop)."
                )
    return None


def _layer_caches_hint(got, args):
    """The first layer whose cache is not ((A_prev, W, b), Z), and what is wrong with it."""
    AL, expected_caches = core.L_model_forward(*args)
    for l, (cache, ((A_prev, W, b), Z)) in enumerate(zip(got[1], expected_caches), start=1):
        if not isinstance(cache, (tuple, list)) or len(cache) != 2:
            return (
                f"caches[{l - 1}] (layer {l}) must be the pair ((A_prev, W, b), Z) that "
                f"linear_activation_forward returns; got {_describe(cache)}"
            )
        A = expected_caches[l][0][0] if l < len(expected_caches) else AL
        hint = _cache_hint(
            cache[0],
            A_prev,
            W,
            b,
            f"layer {l}'s linear cache caches[{l - 1}][0]",
            ("A_prev", "W", "b"),
        ) or _activation_cache_hint(
            cache[1], A, Z, f"layer {l}'s activation cache, caches[{l - 1}][1] (it should be Z{l}),"
        )
        if hint:
            return hint
    return None


MODEL_MISTAKES = [
    (
        lambda got, args: (
            f"parameters holds W1, b1, ..., WL, bL, so L = len(parameters) // 2 = "
            f"{len(args[1]) // 2}"
        ),
        raised(kind=KeyError),
    ),
    _not_a_pair("L_model_forward", "(AL, caches)"),
    (_model_hint, _is_pair),
    (
        _layer_caches_hint,
        returned(0, gives(lambda *args: core.L_model_forward(*args)[0])),
    ),  # AL is right
]


def check_L_model_forward(L_model_forward):
    """Check ``L_model_forward(X, parameters, hidden_layer_activation, output_layer_activation)
    -> (AL, caches)``: hidden layers use the first activation, layer L the second, and caches
    holds each layer's cache ((A_prev, W, b), Z), in order."""
    check_function(
        L_model_forward,
        _reference_model,
        _model_cases(),
        name="L_model_forward",
        returns=("AL", "caches"),
        mistakes=MODEL_MISTAKES,
        describe=_describe_model,
    )
