"""Loss functions: each gives its value and its gradient with respect to the outputs.

A loss compares a batch of network outputs ``y_pred`` (samples x output
neurons) with the targets and is the *mean over samples* (the ``_sum`` forms of the
squared error: their sum); its gradient ``dL/dy_pred`` has the shape of ``y_pred`` and
already carries the 1/n of that mean. Both paths call the same two methods: the
vectorized path with the whole batch, the per-neuron path with its per-sample outputs
stacked into a batch. The interface is :class:`Loss` (:mod:`.base`); the losses are in
:mod:`.squared` (the squared error as each textbook writes it: see its table) and
:mod:`.cross_entropy`; this module holds the table :func:`get` looks names up in.

==========================  =========================================================
``mse``                     mean over samples *and* outputs of (y_pred - y_true)^2
``quadratic``               1/(2n) sum of (y_pred - y_true)^2: Nielsen's quadratic cost
                            (``quadratic_sum``: half the sum, Rumelhart's batch E)
``sse``                     1/n sum of (y_pred - y_true)^2: Hagan's F = e^T e per
                            sample (``sse_sum``: the sum over the batch)
``binary_cross_entropy``    -mean(y log p + (1 - y) log(1 - p)), p clipped into (0, 1)
``softmax_cross_entropy``   softmax over the output neurons, then -log p[correct class]
==========================  =========================================================

Examples
--------
>>> import numpy as np
>>> from neurons import losses
>>> mse = losses.get("mse")
>>> mse.value(np.zeros((4, 1)), np.array([[1.0], [0.0], [0.0], [1.0]]))
0.5
"""

from __future__ import annotations

from ..errors import lookup
from .base import Loss
from .cross_entropy import BinaryCrossEntropy, SoftmaxCrossEntropy, softmax
from .squared import MSE, SSE, Quadratic, SquaredError

__all__ = ["MSE", "SSE", "BinaryCrossEntropy", "Loss", "Quadratic", "SoftmaxCrossEntropy",
           "SquaredError", "get", "names", "softmax"]


_REGISTRY: dict[str, Loss] = {
    loss.name: loss for loss in (
        MSE(), Quadratic(), Quadratic("sum"), SSE(), SSE("sum"), BinaryCrossEntropy(),
        SoftmaxCrossEntropy())
}
_ALIASES = {
    "bce": "binary_cross_entropy",
    "cross_entropy": "softmax_cross_entropy",
    "categorical_cross_entropy": "softmax_cross_entropy",
    "mean_squared_error": "mse",
    "quadratic_cost": "quadratic",
    "sum_squared_error": "sse",
    "sum_of_squares": "sse",
}


def names() -> list[str]:
    """Return the names :func:`get` accepts (aliases excluded), sorted."""
    return sorted(_REGISTRY)


def get(loss: str | Loss) -> Loss:
    """Return the loss called ``loss`` (or the :class:`Loss` object itself).

    Raises
    ------
    UnknownNameError
        For an unknown name; the message lists the known ones.

    Examples
    --------
    >>> get("bce").name
    'binary_cross_entropy'
    """
    if isinstance(loss, Loss):
        return loss
    return lookup(_REGISTRY, loss, "loss", "losses", _ALIASES)
