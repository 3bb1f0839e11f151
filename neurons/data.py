"""The data a network takes: samples and targets, checked against the network and the loss.

Every public function that takes X (and Y) checks them here, once: the message
names the array, the sample and the input (or output, or label), and whether it
belongs to the validation set. Inner loops (a training step, a batch of the
compiled path) take the arrays these return and check nothing again.

Examples
--------
>>> from neurons import Network
>>> net = Network.dense([2, 1], seed=0)
>>> check_samples(net, [1, 2]).tolist()
[[1.0, 2.0]]
>>> check_samples(net, [[1, 2, 3]])
Traceback (most recent call last):
...
neurons.errors.ShapeError: X has shape (1, 3); expected (samples, 2) for the inputs x1, x2
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from . import losses
from .checks import as_numbers, first_nonfinite
from .errors import DataError, NetworkStructureError, ShapeError

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss

__all__ = ["check_data", "check_labelled", "check_samples", "check_targets"]


def check_samples(net: NetworkCore, X: Any, *, single: bool = False, what: str = "X") -> np.ndarray:
    """Return X as a float64 array (samples x inputs), or raise naming what is wrong.

    Parameters
    ----------
    net : Network
    X : array-like, (samples, inputs) or (inputs,)
        A 1-D X is one sample.
    single : bool, default False
        Require exactly one sample (``feedforward``, ``explain``).
    what : str, default "X"
        How messages name the array (``"validation X"`` for the validation set).

    Raises
    ------
    NeuronsError
        The network has no neurons yet.
    ShapeError, DataError
        Wrong shape; no samples; a value that is not a finite number (the
        message names the sample and the input).
    """
    if not net.outputs:
        raise NetworkStructureError("the network has no neurons yet: add some with add_neuron")
    arr = as_numbers(X, what)
    n_in = len(net.inputs)
    if arr.size == 0 and arr.ndim <= 2 and arr.shape[-1:] in ((0,), (n_in,)):
        raise DataError(f"{what} has no samples; give at least one row of {n_in} inputs")
    if arr.ndim <= 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] != n_in or (single and arr.shape[0] > 1):
        want = f"({n_in},) for one sample" if single else f"(samples, {n_in})"
        raise ShapeError(
            f"{what} has shape {np.shape(X)}; expected {want} for the inputs "
            f"{_names(net.inputs)}"
        )
    bad = first_nonfinite(arr)
    if bad is not None:
        s, j = bad
        raise DataError(
            f"{what}: sample {s}, input {net.inputs[j]!r} is {arr[s, j]}; inputs must be finite"
        )
    return arr


def check_targets(net: NetworkCore, Y: Any, n_samples: int, loss: Loss, *,
                  what: str = "Y", check_fit: bool = True) -> np.ndarray:
    """Return the targets as the loss uses them (float, samples x outputs), or raise.

    The loss defines the forms it accepts (:meth:`neurons.losses.Loss.targets`);
    here the targets are first checked to be numbers, and (with ``check_fit``)
    the loss is checked to fit the output layer.

    Raises
    ------
    IncompatibleLossError, ShapeError, DataError
    """
    if check_fit:
        loss.check_outputs([net.neuron(o).activation for o in net.outputs], net.outputs)
    if isinstance(Y, numbers.Number) and not isinstance(Y, bool):
        Y = [Y]  # one sample's single target
    arr = as_numbers(Y, what, labels=True)
    if n_samples == 1 and arr.ndim <= 1:
        # One sample given as a vector: its target may be a scalar or a vector of outputs.
        arr = arr.reshape(1, -1)
    return loss.targets(arr, n_samples, len(net.outputs), what)


def check_data(net: NetworkCore, X: Any, Y: Any, loss: Loss, *, single: bool = False,
               what: str = "", check_fit: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Check samples and targets together; return (X, T) as float64 arrays.

    ``what`` prefixes the names in messages (``"validation"`` gives
    "validation X", "validation Y").

    Examples
    --------
    >>> from neurons import Network, losses
    >>> net = Network.dense([2, 1], seed=0)
    >>> X, T = check_data(net, [[0, 1], [1, 0]], [1, 0], losses.get("mse"))
    >>> T.tolist()
    [[1.0], [0.0]]
    """
    prefix = f"{what} " if what else ""
    X = check_samples(net, X, single=single, what=f"{prefix}X")
    return X, check_targets(net, Y, X.shape[0], loss, what=f"{prefix}Y", check_fit=check_fit)


def check_labelled(net: NetworkCore, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check samples and class labels for scoring or drawing a classifier; return (X, T).

    One output: ``y`` holds 0/1 labels (or probabilities). Several outputs:
    class indices or one-hot rows. ``T`` is as the matching classification
    loss makes it (samples x outputs); any output activation may be scored.
    """
    loss = losses.get("binary_cross_entropy" if len(net.outputs) == 1 else "softmax_cross_entropy")
    return check_data(net, X, y, loss, check_fit=False)


def _names(names: list[str], limit: int = 12) -> str:
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")
