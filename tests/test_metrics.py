"""The one label rule and accuracy (dnn_core/metrics.py), with hand-written expected labels.

One output row: label 1 where A > 0.5 (so exactly 0.5 is class 0), shape (1, m).
Several rows: the arg-max row of each column, shape (m,).
"""

import numpy as np
import pytest

from dnn_core.metrics import accuracy, confusion_matrix, labels


# --------------------------------------------------------------------------- labels
def test_one_row_is_thresholded_above_one_half():
    got = labels(np.array([[0.0, 0.2, 0.5, 0.5000001, 0.9, 1.0]]))
    np.testing.assert_array_equal(got, [[0, 0, 0, 1, 1, 1]])  # 0.5 itself is class 0
    assert got.shape == (1, 6)
    assert np.issubdtype(got.dtype, np.integer)


def test_several_rows_give_the_arg_max_row_of_each_column():
    A = np.array(
        [
            [0.7, 0.1, 0.2, 0.3],
            [0.2, 0.1, 0.5, 0.3],
            [0.1, 0.8, 0.3, 0.4],
        ]
    )
    got = labels(A)
    np.testing.assert_array_equal(got, [0, 2, 1, 2])
    assert got.shape == (4,)
    assert np.issubdtype(got.dtype, np.integer)


def test_two_rows_are_an_arg_max_too_not_a_threshold():
    # row 0 holds 0.6 > 0.5, but row 1 is larger in column 0
    np.testing.assert_array_equal(labels(np.array([[0.6, 0.9], [0.7, 0.1]])), [1, 0])


def test_one_hot_targets_give_their_class_and_0_1_targets_themselves():
    Y = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    np.testing.assert_array_equal(labels(Y), [2, 0, 1])
    np.testing.assert_array_equal(labels(np.array([[1.0, 0.0, 1.0]])), [[1, 0, 1]])


def test_labels_accept_a_nested_list():
    np.testing.assert_array_equal(labels([[0.4, 0.6]]), [[0, 1]])


@pytest.mark.parametrize("shape", [(5,), (), (2, 3, 4)])
def test_labels_of_an_array_that_is_not_2d_is_a_value_error(shape):
    with pytest.raises(ValueError, match=r"A must be 2-D \(n_outputs, m\), got shape"):
        labels(np.full(shape, 0.3))


# --------------------------------------------------------------------------- accuracy
def test_accuracy_on_one_sigmoid_output():
    AL = np.array([[0.9, 0.2, 0.6, 0.4, 0.5]])
    Y = np.array([[1.0, 0.0, 0.0, 0.0, 1.0]])
    # labels 1, 0, 1, 0, 0 against 1, 0, 0, 0, 1: three of five right
    got = accuracy(AL, Y)
    assert type(got) is float and got == pytest.approx(0.6)


def test_accuracy_on_one_hot_targets():
    AL = np.array([[0.7, 0.1, 0.2, 0.3], [0.2, 0.1, 0.5, 0.3], [0.1, 0.8, 0.3, 0.4]])
    Y = np.array([[1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
    # predicted 0, 2, 1, 2 against true 0, 2, 1, 0
    assert accuracy(AL, Y) == pytest.approx(0.75)
    assert accuracy(Y, Y) == 1.0


@pytest.mark.parametrize(
    "AL_shape, Y_shape", [((1, 4), (1, 3)), ((3, 4), (1, 4)), ((1, 4), (4, 1)), ((4,), (1, 4))]
)
def test_accuracy_of_mismatched_shapes_is_a_value_error_naming_both(AL_shape, Y_shape):
    with pytest.raises(ValueError, match=r"AL has shape .* but Y has shape .*; they must match"):
        accuracy(np.full(AL_shape, 0.6), np.ones(Y_shape))


def test_accuracy_of_1d_arrays_of_the_same_shape_is_a_value_error():
    with pytest.raises(ValueError, match="must be 2-D"):
        accuracy(np.array([0.6, 0.2]), np.array([1.0, 0.0]))


def test_labels_need_no_final_activation():
    """Why a model can label from Z: sigma(z) > 0.5 exactly where z > 0, and the softmax keeps
    the order of each column, so its arg-max is the arg-max of Z."""
    from dnn_core.activations import sigmoid, softmax

    z = np.linspace(-6, 6, 1201).reshape(1, -1)
    np.testing.assert_array_equal(labels(sigmoid(z)[0]), (z > 0).astype(int))
    Z = np.random.default_rng(0).normal(0, 3, (10, 1000))
    np.testing.assert_array_equal(labels(softmax(Z)[0]), Z.argmax(axis=0))


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    true = np.array([0, 0, 1, 2, 2, 2])
    pred = np.array([0, 1, 1, 2, 0, 2])
    expected = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    np.testing.assert_array_equal(confusion_matrix(true, pred), expected)
    assert confusion_matrix(true, pred, n_classes=4).shape == (4, 4)
    with pytest.raises(ValueError, match="must match"):
        confusion_matrix(true, pred[:-1])
