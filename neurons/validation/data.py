"""Checks of data: samples, targets and labels, a neuron's weights and inputs, and names."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import (
    ArgumentTypeError,
    DataError,
    NetworkStructureError,
    ParameterError,
    ShapeError,
)

if TYPE_CHECKING:
    from ..losses import Loss
    from ..network import Network

__all__ = ["check_data", "check_labelled", "check_name", "check_samples", "check_targets",
           "check_validation", "check_vector", "check_weights", "first_nonfinite"]


# -- samples and targets -----------------------------------------------------------------------
def check_samples(net: Network, X: Any, *, single: bool = False, what: str = "X") -> np.ndarray:
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
    arr = _numbers(X, what)
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


def first_nonfinite(arr: np.ndarray) -> tuple[int, ...] | None:
    """The index of the first entry that is NaN or infinite, or ``None``.

    One sum of squares (a BLAS dot product) decides in the common case: a NaN or an
    infinity makes it non-finite. Only when it is not finite (or huge finite numbers
    overflow it) is every entry looked at.

    Examples
    --------
    >>> first_nonfinite(np.array([[1.0, 2.0], [np.nan, 0.0]])), first_nonfinite(np.ones(3))
    ((1, 0), None)
    """
    if math.isfinite(np.vdot(arr, arr)):
        return None
    bad = np.argwhere(~np.isfinite(arr))
    return tuple(int(i) for i in bad[0]) if bad.size else None


def check_targets(net: Network, Y: Any, n_samples: int, loss: Loss, *,
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
    arr = _numbers(Y, what, labels=True)
    if n_samples == 1 and arr.ndim <= 1:
        # One sample given as a vector: its target may be a scalar or a vector of outputs.
        arr = arr.reshape(1, -1)
    return loss.targets(arr, n_samples, len(net.outputs), what)


def check_data(net: Network, X: Any, Y: Any, loss: Loss, *, single: bool = False,
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


def check_vector(values: Any, what: str) -> np.ndarray:
    """Return ``values`` as a flat float array of finite numbers (one neuron's inputs)."""
    arr = _numbers(values, what).reshape(-1)
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise DataError(f"{what}: entry {bad[0]} is {arr[bad[0]]}; inputs must be finite")
    return arr


def check_labelled(net: Network, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check samples and class labels for scoring or drawing a classifier; return (X, T).

    One output: ``y`` holds 0/1 labels (or probabilities). Several outputs:
    class indices or one-hot rows. ``T`` is as the matching classification
    loss makes it (samples x outputs); any output activation may be scored.
    """
    from ..losses import get

    loss = get("binary_cross_entropy" if len(net.outputs) == 1 else "softmax_cross_entropy")
    return check_data(net, X, y, loss, check_fit=False)


def check_validation(validation: Any) -> tuple[Any, Any]:
    """Check that ``validation=`` is a pair (X_val, Y_val) and return it."""
    if (not isinstance(validation, (tuple, list)) or len(validation) != 2):
        kind = (f"a {type(validation).__name__} of length {len(validation)}"
                if isinstance(validation, (tuple, list)) else type(validation).__name__)
        raise ArgumentTypeError(
            f"validation must be a pair (X_val, Y_val), not {kind}; "
            f"e.g. validation=(X_val, y_val)"
        )
    return validation[0], validation[1]


def _numbers(values: Any, what: str, labels: bool = False) -> np.ndarray:
    """``values`` as a float array, or a DataError naming the first entry that is no number."""
    if values is None:
        raise DataError(f"{what} is None; give an array of numbers")
    if isinstance(values, (str, bytes, dict, set)):
        raise DataError(f"{what} must be an array of numbers, not a {type(values).__name__}")
    try:
        arr = np.asarray(values)
    except ValueError as error:  # ragged nested lists
        raise ShapeError(f"{what} is ragged: its rows have different lengths ({error})") from None
    if arr.dtype.kind in "biuf":
        return arr.astype(float, copy=False)
    if arr.dtype.kind == "O" and all(
            isinstance(v, numbers.Real) for v in arr.reshape(-1).tolist()):
        return arr.astype(float)
    flat = arr.reshape(-1)
    i = next((i for i, v in enumerate(flat.tolist()) if not isinstance(v, numbers.Real)), 0)
    where = ", ".join(map(str, np.unravel_index(i, arr.shape))) if arr.ndim else ""
    hint = ("; class labels must be integers 0, 1, ... (map names such as "
            "'cat' to numbers first)" if labels else "")
    raise DataError(
        f"{what}[{where}] = {flat[i]!r} is not a number{hint}" if arr.size else
        f"{what} must be an array of numbers"
    )


def _names(names: list[str], limit: int = 12) -> str:
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")


# -- parameters and names ----------------------------------------------------------------------
def check_weights(values: Any, owner: str, expected: int | None = None) -> np.ndarray:
    """Return weights as a read-only flat float array; every entry must be a finite number.

    ``owner`` names whose weights they are in messages (``"neuron 'h1'"``).

    Examples
    --------
    >>> check_weights([1, 2.5], "neuron 'h1'").tolist()
    [1.0, 2.5]
    >>> check_weights([1, "a"], "neuron 'h1'")
    Traceback (most recent call last):
    ...
    neurons.errors.ArgumentTypeError: weight 1 of neuron 'h1' must be a number, not str 'a'
    """
    if isinstance(values, numbers.Real) and not isinstance(values, (bool, np.bool_)):
        values = [values]
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        w = values.astype(float).reshape(-1) if values.ndim <= 1 else None
    elif isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        w = None
    else:
        items = list(values)
        for i, v in enumerate(items):
            if isinstance(v, Iterable) and not isinstance(v, str):
                raise ShapeError(f"weights of {owner} must be a flat list of numbers, one per "
                                 f"input; weight {i} is {v!r}")
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
                raise ArgumentTypeError(
                    f"weight {i} of {owner} must be a number, not {type(v).__name__} {v!r}")
        w = np.array(items, dtype=float)
    if w is None:
        raise ShapeError(f"weights of {owner} must be a flat list of numbers, one per input")
    if expected is not None and w.shape[0] != expected:
        raise ShapeError(f"{owner} has {expected} inputs but {w.shape[0]} weights were given")
    bad = np.flatnonzero(~np.isfinite(w))
    if bad.size:
        raise ParameterError(f"weight {bad[0]} of {owner} is {w[bad[0]]}; weights must be finite")
    w.flags.writeable = False
    return w


def check_name(name: Any, what: str) -> str:
    """Return ``name`` if it is a non-empty string (node and parameter names)."""
    if not isinstance(name, str):
        raise ArgumentTypeError(f"{what} must be a string, not {type(name).__name__} {name!r}")
    if not name:
        raise NetworkStructureError(f"{what} must be a non-empty string, not ''")
    return name
