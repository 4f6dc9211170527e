"""Bad input fails early with a ValueError/TypeError that names the argument and says what was
expected -- never a numpy traceback from deep inside, never a silent NaN.

Each test checks the exception type and, with ``match``, the words of the message.
"""

import warnings

import numpy as np
import pytest

from dnn_core import (
    ACTIVATIONS,
    LOSSES,
    DeepNeuralNetwork,
    L_model_backward,
    L_model_forward,
    batch_generator,
    compute_cost,
    initialize_parameters,
    linear_forward,
    update_parameters,
)

VALID_ACTIVATIONS = list(ACTIVATIONS)  # the error messages list the registries
VALID_LOSSES = list(LOSSES)


@pytest.fixture
def model():
    return DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(2, 6)), rng.random((1, 6))


def train(model, X, Y, **kwargs):
    options = dict(learning_rate=0.1, num_epochs=1, batch_size=4)
    options.update(kwargs)
    return model.train(X, Y, **options)


# --------------------------------------------------------------------------- shapes that do not chain
def test_forward_X_rows_do_not_match_W1_columns():
    parameters = initialize_parameters([3, 4, 1], seed=0)
    with pytest.raises(
        ValueError,
        match=r"layer 1 \(W1, b1, input X\): W has 3 columns but its "
        r"input has 2 rows .*W must have shape \(n_units, 2\)",
    ):
        L_model_forward(np.ones((2, 5)), parameters, "relu", "sigmoid")


def test_forward_hand_made_W2_does_not_match_W1():
    parameters = initialize_parameters([3, 4, 1], seed=0)
    parameters["W2"] = np.ones((1, 5))
    with pytest.raises(
        ValueError,
        match=r"layer 2 \(W2, b2, input A1\): W has 5 columns but its "
        r"input has 4 rows",
    ):
        L_model_forward(np.ones((3, 5)), parameters, "relu", "sigmoid")


@pytest.mark.parametrize("b_shape", [(4,), (1, 4), (4, 2), (1, 1)])
def test_forward_b_of_the_wrong_shape(b_shape):
    parameters = initialize_parameters([3, 4, 1], seed=0)
    parameters["b1"] = np.zeros(b_shape)
    with pytest.raises(ValueError, match=r"layer 1 .*b must have shape \(4, 1\) to match W, got"):
        L_model_forward(np.ones((3, 5)), parameters, "relu", "sigmoid")


def test_linear_forward_1d_input():
    with pytest.raises(ValueError, match="A and W must be 2-D"):
        linear_forward(np.ones(3), np.ones((2, 3)), np.zeros((2, 1)))


def test_forward_parameters_missing_a_key():
    parameters = initialize_parameters([3, 4, 1], seed=0)
    parameters["V2"] = parameters.pop("W2")
    with pytest.raises(
        ValueError,
        match=r"parameters must hold W1, b1, \.\.\., WL, bL; missing W2 \(got keys \['V2'",
    ):
        L_model_forward(np.ones((3, 5)), parameters, "relu", "sigmoid")


def test_forward_empty_parameters():
    with pytest.raises(
        ValueError,
        match=r"parameters must hold W1, b1, \.\.\., WL, bL; missing W1, b1 \(got keys \[\]\)",
    ):
        L_model_forward(np.ones((3, 5)), {}, "relu", "sigmoid")


def test_forward_parameters_missing_the_last_bias():
    parameters = initialize_parameters([3, 4, 1], seed=0)
    del parameters["b2"]
    with pytest.raises(ValueError, match="b2"):
        L_model_forward(np.ones((3, 5)), parameters, "relu", "sigmoid")


# --------------------------------------------------------------------------- Y vs AL
def test_compute_cost_Y_shape_differs_from_AL():
    with pytest.raises(
        ValueError,
        match=r"Y has shape \(1, 4\) but AL \(the network output\) has "
        r"shape \(1, 5\); Y must be \(n_outputs, m\) like AL",
    ):
        compute_cost(np.full((1, 5), 0.5), np.ones((1, 4)), "mse")


def test_L_model_backward_Y_shape_differs_from_AL():
    parameters = initialize_parameters([3, 4, 2], seed=0)
    AL, caches = L_model_forward(np.ones((3, 5)), parameters, "relu", "sigmoid")
    with pytest.raises(ValueError, match=r"Y has shape \(1, 5\) but AL .* has shape \(2, 5\)"):
        L_model_backward(AL, np.ones((1, 5)), caches, "relu", "sigmoid", "mse")


# --------------------------------------------------------------------------- X vs Y, features, rows
def test_train_X_and_Y_example_counts_differ(model, data):
    X, Y = data
    with pytest.raises(
        ValueError, match="X has 6 examples \\(columns\\) but Y has 5; they must match"
    ):
        train(model, X, Y[:, :5])


def test_batch_generator_X_and_Y_example_counts_differ():
    with pytest.raises(ValueError, match=r"X has 6 examples \(columns\) but Y has 4"):
        batch_generator(np.ones((2, 6)), np.ones((1, 4)), 2)


def test_predict_wrong_feature_count(model):
    with pytest.raises(
        ValueError,
        match=r"X has 3 rows \(features\) but this network takes 2 "
        r"\(layer_dims\[0\]\); X must be \(2, m\)",
    ):
        model.predict(np.ones((3, 4)))


def test_train_wrong_feature_count(model, data):
    X, Y = data
    with pytest.raises(ValueError, match=r"X has 1 rows \(features\) but this network takes 2"):
        train(model, X[:1], Y)


def test_train_Y_with_the_wrong_number_of_rows(model, data):
    X, _ = data
    with pytest.raises(
        ValueError,
        match=r"Y has 2 rows but the network has 1 output units "
        r"\(layer_dims\[-1\]\); Y must be \(1, m\)",
    ):
        train(model, X, np.zeros((2, 6)))


# --------------------------------------------------------------------------- 1-D arrays
def test_train_1d_X_suggests_reshape():
    model = DeepNeuralNetwork([1, 3, 1], "relu", "linear", "mse", seed=0)
    with pytest.raises(
        ValueError,
        match=r"X must be 2-D with shape \(n_features, m_examples\), got "
        r"shape \(5,\) \(for one feature or output use "
        r"X\.reshape\(1, -1\)\)",
    ):
        train(model, np.arange(5.0), np.ones((1, 5)))


def test_train_1d_Y_suggests_reshape(model, data):
    X, Y = data
    with pytest.raises(ValueError, match=r"Y must be 2-D .*got shape \(6,\) .*Y\.reshape\(1, -1\)"):
        train(model, X, Y.ravel())


def test_predict_1d_X_suggests_reshape():
    model = DeepNeuralNetwork([1, 3, 1], "relu", "linear", "mse", seed=0)
    with pytest.raises(ValueError, match=r"X must be 2-D .*X\.reshape\(1, -1\)"):
        model.predict(np.arange(5.0))


def test_compute_cost_1d_Y_suggests_reshape():
    with pytest.raises(ValueError, match=r"Y must be 2-D .*Y\.reshape\(1, -1\)"):
        compute_cost(np.full((1, 3), 0.5), np.ones(3), "mse")


def test_3d_X_is_rejected_without_the_reshape_hint(model):
    with pytest.raises(ValueError, match=r"X must be 2-D with shape .*got shape \(2, 3, 1\)$"):
        model.predict(np.ones((2, 3, 1)))


def test_batch_generator_1d_X():
    with pytest.raises(
        ValueError,
        match=r"X must be 2-D \(rows x examples\), got shape \(6,\); for a single row use X.reshape\(1, -1\)",
    ):
        batch_generator(np.ones(6), np.ones((1, 6)), 2)


# --------------------------------------------------------------------------- names
@pytest.mark.parametrize("argument", ["hidden_layer_activation", "output_layer_activation"])
def test_unknown_activation_lists_valid_names(argument):
    with pytest.raises(
        ValueError,
        match=f"{argument}: unknown activation 'gelu'; valid names are "
        + ", ".join(VALID_ACTIVATIONS),
    ):
        DeepNeuralNetwork([2, 3, 1], **{argument: "gelu"}, loss_function="mse")


def test_unknown_activation_in_L_model_forward():
    parameters = initialize_parameters([2, 1], seed=0)
    with pytest.raises(ValueError, match="output_layer_activation: unknown activation 'sigmod'"):
        L_model_forward(np.ones((2, 3)), parameters, "relu", "sigmod")


def test_activation_of_the_wrong_type():
    with pytest.raises(
        TypeError,
        match=r"hidden_layer_activation must be a name \(str\) or an "
        r"Activation, got int",
    ):
        DeepNeuralNetwork([2, 3, 1], hidden_layer_activation=1)


def test_unknown_loss_lists_valid_names():
    with pytest.raises(
        ValueError,
        match="loss_function: unknown loss 'cross_entropy'; valid names "
        "are " + ", ".join(VALID_LOSSES),
    ):
        DeepNeuralNetwork([2, 3, 1], loss_function="cross_entropy")


def test_unknown_loss_in_compute_cost_and_backward():
    with pytest.raises(ValueError, match="loss: unknown loss 'rmse'; valid names are"):
        compute_cost(np.ones((1, 2)), np.ones((1, 2)), "rmse")
    parameters = initialize_parameters([2, 1], seed=0)
    AL, caches = L_model_forward(np.ones((2, 3)), parameters, "relu", "linear")
    with pytest.raises(ValueError, match="loss: unknown loss 'rmse'; valid names are"):
        L_model_backward(AL, AL, caches, "relu", "linear", "rmse")


def test_loss_of_the_wrong_type():
    with pytest.raises(
        TypeError, match=r"loss_function must be a name \(str\) or a Loss, got NoneType"
    ):
        DeepNeuralNetwork([2, 3, 1], loss_function=None)


# --------------------------------------------------------------------------- NaN and inf
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_train_non_finite_X(model, data, bad):
    X, Y = data
    X = X.copy()
    X[1, 2] = bad
    with pytest.raises(
        ValueError, match="X contains NaN or inf values; clean or impute them first"
    ):
        train(model, X, Y)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_train_non_finite_Y(model, data, bad):
    X, Y = data
    Y = Y.copy()
    Y[0, 0] = bad
    with pytest.raises(ValueError, match="Y contains NaN or inf values"):
        train(model, X, Y)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_predict_non_finite_X(model, bad):
    X = np.ones((2, 3))
    X[0, 1] = bad
    with pytest.raises(ValueError, match="X contains NaN or inf values"):
        model.predict(X)


def test_float32_model_with_values_too_large_for_float32():
    model = DeepNeuralNetwork([1, 2, 1], "relu", "linear", "mse", seed=0, dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="X"):
            model.predict(np.array([[1.0, 1e300]]))


# --------------------------------------------------------------------------- labels vs loss
@pytest.mark.parametrize("bad", [-0.5, 1.5, 2.0])
def test_train_bce_labels_outside_0_1(data, bad):
    X, Y = data
    Y = Y.copy()
    Y[0, 3] = bad
    model = DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "binary_cross_entropy", seed=0)
    with pytest.raises(
        ValueError,
        match=r"Y: binary cross-entropy needs labels in \[0, 1\], got "
        r"values from",
    ):
        train(model, X, Y)


def test_train_cce_labels_not_one_hot(data):
    X, _ = data
    model = DeepNeuralNetwork([2, 3, 3], "relu", "softmax", "categorical_cross_entropy", seed=0)
    with pytest.raises(
        ValueError, match="Y: categorical cross-entropy needs one column per example that sums to 1"
    ):
        train(model, X, np.ones((3, 6)))


@pytest.mark.parametrize("output", ["sigmoid", "linear", "relu", "tanh"])
def test_cce_needs_a_softmax_output(output):
    with pytest.raises(
        ValueError,
        match=f"loss_function 'categorical_cross_entropy' needs "
        f"output_layer_activation 'softmax', got '{output}'",
    ):
        DeepNeuralNetwork([2, 3, 3], "relu", output, "categorical_cross_entropy")


@pytest.mark.parametrize("output", ["softmax", "linear", "tanh"])
def test_bce_needs_a_sigmoid_output(output):
    with pytest.raises(
        ValueError,
        match="loss_function 'binary_cross_entropy' needs output_layer_activation 'sigmoid'",
    ):
        DeepNeuralNetwork([2, 3, 1], "relu", output, "binary_cross_entropy")


# --------------------------------------------------------------------------- hyper-parameters
@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf")])
def test_learning_rate_must_be_finite_and_positive(model, data, lr):
    with pytest.raises(ValueError, match=r"learning_rate must be a finite number > 0, got"):
        train(model, *data, learning_rate=lr)


@pytest.mark.parametrize("lr", ["0.1", None, True, [0.1]])
def test_learning_rate_must_be_a_number(model, data, lr):
    with pytest.raises(TypeError, match="learning_rate must be a number, got"):
        train(model, *data, learning_rate=lr)


def test_update_parameters_checks_learning_rate_too():
    parameters = initialize_parameters([2, 1], seed=0)
    grads = {"dW1": np.ones((1, 2)), "db1": np.ones((1, 1))}
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0, got -1"):
        update_parameters(parameters, grads, -1)


def test_update_parameters_gradient_of_the_wrong_shape():
    parameters = initialize_parameters([2, 1], seed=0)
    with pytest.raises(
        ValueError,
        match=r"grads\['dW1'\] must exist and have the shape of W1, "
        r"\(1, 2\); got \(2, 1\)",
    ):
        update_parameters(parameters, {"dW1": np.ones((2, 1)), "db1": np.ones((1, 1))}, 0.1)
    with pytest.raises(ValueError, match=r"grads\['db1'\] must exist .* got None"):
        update_parameters(parameters, {"dW1": np.ones((1, 2))}, 0.1)


@pytest.mark.parametrize("size", [0, -3])
def test_batch_size_below_1(model, data, size):
    with pytest.raises(ValueError, match=f"batch_size must be >= 1, got {size}"):
        train(model, *data, batch_size=size)


@pytest.mark.parametrize("size", [2.5, 4.0, "4", None])
def test_batch_size_not_an_integer(model, data, size):
    with pytest.raises(TypeError, match="batch_size must be an integer, got"):
        train(model, *data, batch_size=size)


def test_numpy_integers_are_integers(model, data):
    train(model, *data, batch_size=np.int64(4), num_epochs=np.int32(2))
    assert len(model.costs) == 2


def test_num_epochs_below_0(model, data):
    with pytest.raises(ValueError, match="num_epochs must be >= 0, got -1"):
        train(model, *data, num_epochs=-1)


def test_num_epochs_not_an_integer(model, data):
    with pytest.raises(TypeError, match="num_epochs must be an integer, got float"):
        train(model, *data, num_epochs=10.0)


def test_epoch_verbose_below_1(model, data):
    with pytest.raises(ValueError, match="epoch_verbose must be >= 1, got 0"):
        train(model, *data, epoch_verbose=0)


@pytest.mark.parametrize(
    "size, error, message",
    [
        (0, ValueError, "batch_size must be >= 1, got 0"),
        (2.5, TypeError, "batch_size must be an integer, got float"),
    ],
)
def test_batch_generator_raises_at_call_time(size, error, message):
    """The checks run when batch_generator is called, not only once the batches are iterated."""
    with pytest.raises(error, match=message):
        batch_generator(np.ones((2, 6)), np.ones((1, 6)), size)  # never iterated


# --------------------------------------------------------------------------- empty, non-numeric
def test_train_empty_X(model):
    with pytest.raises(
        ValueError,
        match=r"X is empty \(shape \(2, 0\)\); it needs at least one "
        r"example",
    ):
        train(model, np.empty((2, 0)), np.empty((1, 0)))


def test_predict_empty_X(model):
    with pytest.raises(ValueError, match=r"X is empty \(shape \(2, 0\)\)"):
        model.predict(np.empty((2, 0)))


def test_train_string_X(model, data):
    _, Y = data
    X = np.array([["a", "b", "c", "d", "e", "f"], ["g", "h", "i", "j", "k", "l"]])
    with pytest.raises(TypeError, match="X must hold real numbers, got dtype <U"):
        train(model, X, Y)


def test_predict_string_X(model):
    with pytest.raises(TypeError, match="X must hold real numbers, got dtype <U"):
        model.predict([["a"], ["b"]])


def test_compute_cost_string_Y():
    with pytest.raises(TypeError, match="Y must hold real numbers, got dtype <U"):
        compute_cost(np.full((1, 2), 0.5), np.array([["1", "0"]]), "mse")


def test_train_ragged_X(model, data):
    _, Y = data
    with pytest.raises(TypeError, match="X must be a rectangular numeric array, got list"):
        train(model, [[1.0, 2.0], [3.0]], Y)


def test_predict_complex_X(model):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning: rejected before any cast
        with pytest.raises(TypeError, match="X must hold real numbers"):
            model.predict(np.array([[1 + 2j, 0.5], [0.0, 1.0]]))


# --------------------------------------------------------------------------- architecture
@pytest.mark.parametrize("dims", [[3], []])
def test_layer_dims_shorter_than_2(dims):
    with pytest.raises(
        ValueError,
        match=r"layer_dims needs at least 2 entries \(input size and "
        r"output size\), got",
    ):
        DeepNeuralNetwork(dims)


@pytest.mark.parametrize(
    "dims, index, value",
    [
        ([2, 0, 1], 1, "0"),
        ([2, 3, -1], 2, "-1"),
        ([2, 2.5, 1], 1, "2.5"),
        ([2.0, 3, 1], 0, "2.0"),
        ([2, True, 1], 1, "True"),
        ([2, "3", 1], 1, "'3'"),
    ],
)
def test_layer_dims_with_a_bad_width(dims, index, value):
    with pytest.raises(
        ValueError,
        match=rf"layer_dims\[{index}\] must be a positive integer "
        rf"\(units in layer {index}\), got {value}",
    ):
        DeepNeuralNetwork(dims)


@pytest.mark.parametrize("dims", [5, "2,3,1", None])
def test_layer_dims_not_a_list(dims):
    with pytest.raises(TypeError, match="layer_dims must be a list of layer widths, got"):
        initialize_parameters(dims)


def test_unknown_init_method_in_initialize_parameters():
    with pytest.raises(
        ValueError, match="unknown initialization method 'glorot'; valid: he, xavier, small"
    ):
        initialize_parameters([2, 3, 1], method="glorot")


def test_unknown_init_method_in_the_model_lists_valid_ones():
    with pytest.raises(
        ValueError, match="unknown initialization 'glorot'; valid: he, xavier, small"
    ):
        DeepNeuralNetwork([2, 3, 1], init="glorot")


def test_unknown_init_method_names_the_init_argument():
    with pytest.raises(ValueError, match=r"\binit\b"):
        DeepNeuralNetwork([2, 3, 1], init="glorot")


@pytest.mark.parametrize("dtype", [np.int32, int, np.bool_, "int64", np.complex128])
def test_non_float_dtype(dtype):
    with pytest.raises(
        TypeError, match="dtype must be a floating-point type such as np.float32, got"
    ):
        DeepNeuralNetwork([2, 3, 1], dtype=dtype)


# --------------------------------------------------------------------------- the API's edges
@pytest.mark.parametrize("dims", [[10**9, 1], [2, 100_000, 100_000, 1]])
def test_networks_too_big_for_memory_are_refused_before_allocating(dims):
    with pytest.raises(ValueError, match=r"weights and biases would need [\d,.]+ GiB"):
        DeepNeuralNetwork(dims)
    with pytest.raises(ValueError, match=r"GiB; dnn_core allocates at most 1 GiB at once"):
        initialize_parameters(dims, dtype=np.float32)


@pytest.mark.parametrize("make", [DeepNeuralNetwork, initialize_parameters])
@pytest.mark.parametrize("dims", [{2, 3, 1}, {2: 3, 1: 1}, np.ones((2, 2), dtype=int)])
def test_layer_dims_without_an_order_is_refused(make, dims):
    with pytest.raises(TypeError, match="layer_dims must be a list of layer widths, got"):
        make(dims)


def test_layer_dims_as_a_tuple_range_or_1d_array_is_fine():
    for dims in ((2, 3, 1), range(3, 0, -1), np.array([2, 3, 1])):
        assert DeepNeuralNetwork(dims).layer_dims == list(dims)


@pytest.mark.parametrize(
    "seed, error, message",
    [
        (-1, ValueError, r"seed must be >= 0 \(numpy seeds are non-negative\), got -1"),
        (1.5, TypeError, "seed must be an int >= 0"),
        ("42", TypeError, "seed must be an int >= 0"),
        (True, TypeError, "seed must be an int >= 0"),
    ],
)
def test_bad_seeds_are_named_everywhere(seed, error, message):
    with pytest.raises(error, match=message):
        DeepNeuralNetwork([2, 3, 1], seed=seed)
    with pytest.raises(error, match=message):
        initialize_parameters([2, 3, 1], seed=seed)
    with pytest.raises(error, match=message):
        batch_generator(np.ones((2, 4)), np.ones((1, 4)), 2, seed=seed)


def test_numpy_integer_seeds_and_generators_are_accepted():
    a = initialize_parameters([2, 3, 1], seed=np.int64(3))
    b = initialize_parameters([2, 3, 1], seed=np.random.default_rng(3))
    np.testing.assert_array_equal(a["W1"], b["W1"])
    assert DeepNeuralNetwork([2, 3, 1], seed=np.uint8(3)).seed == 3


@pytest.mark.parametrize("dtype", [int, np.int32, str, "abc", np.complex64])
def test_initialize_parameters_needs_a_float_dtype(dtype):
    with pytest.raises(TypeError, match="dtype must be a floating-point type such as np.float32"):
        initialize_parameters([2, 3, 1], dtype=dtype)


def test_batch_generator_refuses_a_seed_given_as_rng():
    with pytest.raises(TypeError, match=r"rng must be a numpy Generator .* pass seed=\.\.\."):
        list(batch_generator(np.ones((2, 4)), np.ones((1, 4)), 2, rng=42))


@pytest.mark.parametrize("callback", [42, "print", [print]])
def test_a_callback_that_cannot_be_called_is_refused_before_training(model, data, callback):
    with pytest.raises(TypeError, match="callback must be a function"):
        train(model, *data, callback=callback)
    assert model.costs == []  # refused before the first epoch


def test_learning_rate_as_a_fraction_works():
    from fractions import Fraction

    model = DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0)
    twin = DeepNeuralNetwork([2, 3, 1], "relu", "sigmoid", "mse", seed=0)
    X, Y = np.ones((2, 6)), np.full((1, 6), 0.5)
    train(model, X, Y, learning_rate=Fraction(1, 10))
    train(twin, X, Y, learning_rate=0.1)
    assert model.costs == twin.costs
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0"):
        train(model, X, Y, learning_rate=Fraction(-1, 10))


@pytest.mark.parametrize(
    "output, loss, Y",
    [
        ("sigmoid", "mse", [[0.0, 1.5, 0.5]]),
        ("sigmoid", "mae", [[-0.5, 1.0, 0.5]]),
        ("tanh", "mse", [[0.0, 2.0, -0.5]]),
        ("relu", "mae", [[0.0, -1.0, 3.0]]),
    ],
)
def test_targets_the_output_can_never_reach_are_refused(output, loss, Y):
    model = DeepNeuralNetwork([1, 3, 1], "relu", output, loss, seed=0)
    with pytest.raises(ValueError, match=f"Y has values from .* but a {output} output only takes"):
        train(model, np.ones((1, 3)), np.array(Y))


def test_targets_on_the_edge_of_the_outputs_range_are_fine():
    model = DeepNeuralNetwork([1, 3, 1], "relu", "sigmoid", "mse", seed=0)
    train(model, np.ones((1, 3)), np.array([[0.0, 1.0, 0.5]]))


@pytest.mark.parametrize("loss", ["categorical_cross_entropy", "mse"])
def test_softmax_over_one_output_unit_is_refused(loss):
    with pytest.raises(ValueError, match="a softmax over one output unit is always 1"):
        DeepNeuralNetwork([2, 3, 1], "relu", "softmax", loss)


# --------------------------------------------------------------------------- low-level functions
@pytest.mark.parametrize(
    "AL, Y, loss",
    [
        ([[1.5, 0.5]], [[1.0, 0.0]], "binary_cross_entropy"),
        ([[-0.1, 0.5]], [[1.0, 0.0]], "binary_cross_entropy"),
        ([[2.0, 0.5], [-1.0, 0.5]], [[1.0, 0.0], [0.0, 1.0]], "categorical_cross_entropy"),
        ([[0.5, 0.5], [0.4, 0.5]], [[1.0, 0.0], [0.0, 1.0]], "categorical_cross_entropy"),
    ],
)
def test_compute_cost_refuses_AL_that_no_such_output_gives(AL, Y, loss):
    with pytest.raises(ValueError, match="AL must be the output of a (sigmoid|softmax) .* for "):
        compute_cost(np.array(AL), np.array(Y), loss)


def test_gradient_check_needs_a_positive_epsilon():
    from dnn_core import gradient_check

    parameters = initialize_parameters([2, 3, 1], seed=0)
    X, Y = np.ones((2, 4)), np.full((1, 4), 0.5)
    for epsilon, error in ((0.0, ValueError), (-1e-6, ValueError), ("1e-6", TypeError)):
        with pytest.raises(error, match="epsilon must be a"):
            gradient_check(parameters, X, Y, "relu", "sigmoid", "mse", epsilon=epsilon)


def test_numerical_gradient_refuses_an_integer_array():
    from dnn_core import numerical_gradient

    x = np.array([1, 2, 3])
    with pytest.raises(TypeError, match=r"x must be a numpy float array .* got dtype int64"):
        numerical_gradient(lambda: float(np.sum(x**2)), x)
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3.0, np.ones(3))


def test_relative_error_of_arrays_of_different_shapes():
    from dnn_core import relative_error

    with pytest.raises(ValueError, match=r"g has shape \(3,\) but g_approx has shape \(2,\)"):
        relative_error(np.ones(3), np.ones(2))


def test_update_parameters_with_gradients_that_are_not_arrays():
    parameters = initialize_parameters([2, 1], seed=0)
    grads = {"dW1": [[0.1, 0.2]], "db1": np.zeros((1, 1))}
    with pytest.raises(ValueError, match=r"grads\['dW1'\] .* got a list, not a numpy array"):
        update_parameters(parameters, grads, 0.1)
    with pytest.raises(TypeError, match="grads must be a dict of arrays"):
        update_parameters(parameters, [np.zeros((1, 2)), np.zeros((1, 1))], 0.1)


@pytest.mark.parametrize("caches", [[], ()])
def test_L_model_backward_with_no_caches(caches):
    with pytest.raises(ValueError, match="caches must hold one cache per layer.* got an empty"):
        L_model_backward(np.full((1, 2), 0.5), np.ones((1, 2)), caches, "relu", "sigmoid", "mse")


def test_an_output_only_activation_in_hidden_layers_is_refused():
    with pytest.raises(
        ValueError, match="hidden_layer_activation: 'softmax' serves only as an output"
    ):
        DeepNeuralNetwork([2, 3, 2], "softmax", "softmax", "categorical_cross_entropy")
    DeepNeuralNetwork([2, 2], "softmax", "softmax", "categorical_cross_entropy")  # no hidden layer
