"""Argument checks shared by the numeric core.

Bad input should fail early, with a message that names the argument and says
what was expected -- not with a numpy broadcasting traceback three calls
deeper, and never with a silent NaN. These helpers do that and nothing else:

    values      one value: an array of examples, a number, a seed, a dtype, a function, a size
    networks    pieces that must fit together: shapes, layer widths, gradients, caches,
                the architecture, and targets the output can reach
"""

from .networks import (
    architecture,
    cache_count,
    fits_in_memory,
    gradients_for,
    layer_dims,
    linear_shapes,
    matching_shapes,
    network_output,
    parameter_count,
    reachable,
    same_examples,
    same_shape,
)
from .values import (
    MAX_ARRAY_BYTES,
    affordable,
    as_matrix,
    dropout_rate,
    float_array,
    float_dtype,
    function,
    generator,
    integer,
    non_negative_number,
    positive_number,
    seed,
)

__all__ = [
    "MAX_ARRAY_BYTES",
    "affordable",
    "architecture",
    "as_matrix",
    "cache_count",
    "dropout_rate",
    "fits_in_memory",
    "float_array",
    "float_dtype",
    "function",
    "generator",
    "gradients_for",
    "integer",
    "layer_dims",
    "linear_shapes",
    "matching_shapes",
    "network_output",
    "non_negative_number",
    "parameter_count",
    "positive_number",
    "reachable",
    "same_examples",
    "same_shape",
    "seed",
]
