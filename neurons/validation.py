"""Input checks at the public edge: every entry point checks its arguments here, once.

A teaching library is used by people who make every mistake once, so each
check names what is wrong (the argument, the sample, the input, the label, and
whether it belongs to the validation set) and says what would be right. The
public functions of :mod:`neurons.backprop`, :mod:`neurons.compiled`,
:mod:`neurons.training` and the drawing functions call these; their inner loops
take the checked arrays (``check_input=False``, as scikit-learn does), so a
training step pays for no check.

Every check raises before anything is changed, so a refused call leaves the
network as it was.

Examples
--------
>>> from neurons import Network
>>> from neurons.validation import check_samples
>>> net = Network.dense([2, 1], seed=0)
>>> check_samples(net, [1, 2]).tolist()
[[1.0, 2.0]]
>>> check_samples(net, [[1, 2, 3]])
Traceback (most recent call last):
...
neurons.errors.ShapeError: X has shape (1, 3); expected (samples, 2) for the inputs x1, x2
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import (
    ArgumentTypeError,
    DataError,
    NeuronsError,
    ParameterError,
    ShapeError,
    did_you_mean,
)

if TYPE_CHECKING:
    from .losses import Loss
    from .network import Network

__all__ = [
    "check_choice",
    "check_count",
    "check_data",
    "check_dtype",
    "check_flag",
    "check_number",
    "check_samples",
    "check_seed",
    "check_targets",
    "check_validation",
]


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
        raise NeuronsError("the network has no neurons yet: add some with add_neuron")
    arr = _numbers(X, what)
    n_in = len(net.inputs)
    if arr.ndim <= 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] != n_in or (single and arr.shape[0] > 1):
        want = f"({n_in},) for one sample" if single else f"(samples, {n_in})"
        raise ShapeError(
            f"{what} has shape {np.shape(X)}; expected {want} for the inputs "
            f"{_names(net.inputs)}"
        )
    if arr.shape[0] == 0:
        raise DataError(f"{what} has no samples; give at least one row of {n_in} inputs")
    bad = np.argwhere(~np.isfinite(arr))
    if bad.size:
        s, j = bad[0]
        raise DataError(
            f"{what}: sample {s}, input {net.inputs[j]!r} is {arr[s, j]}; inputs must be finite"
        )
    return arr


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


# -- settings ----------------------------------------------------------------------------------
def check_count(value: Any, name: str, *, minimum: int = 1, allow_none: bool = False) -> Any:
    """Return ``value`` as an int >= ``minimum`` (``None`` if allowed); a bool is not a count.

    Examples
    --------
    >>> check_count(10, "epochs")
    10
    >>> check_count(True, "epochs")
    Traceback (most recent call last):
    ...
    neurons.errors.ArgumentTypeError: epochs must be an integer, not True (a bool)
    """
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be an integer, not {value!r} (a bool)")
    if not isinstance(value, numbers.Integral):
        also = " or None" if allow_none else ""
        raise ArgumentTypeError(
            f"{name} must be an integer{also}, not {type(value).__name__} {value!r}")
    if value < minimum:
        raise ParameterError(f"{name} must be at least {minimum}, not {value}")
    return int(value)


def check_number(value: Any, name: str, *, positive: bool = False,
                 non_negative: bool = False) -> float:
    """Return ``value`` as a finite float (> 0 or >= 0 when asked); a string or bool is refused.

    Examples
    --------
    >>> check_number(0.5, "lr", positive=True)
    0.5
    >>> check_number("0.1", "lr")
    Traceback (most recent call last):
    ...
    neurons.errors.ArgumentTypeError: lr must be a number, not str '0.1'
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be a number, not {type(value).__name__} {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ParameterError(f"{name} must be finite, not {v}")
    if positive and v <= 0:
        raise ParameterError(f"{name} must be positive, not {v:g}")
    if non_negative and v < 0:
        raise ParameterError(f"{name} must be zero or positive, not {v:g}")
    return v


def check_flag(value: Any, name: str, *, allow_none: bool = False) -> bool | None:
    """Return ``value`` if it is a bool (``None`` if allowed); ``'no'`` is not a flag."""
    if value is None and allow_none:
        return None
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(
            f"{name} must be True or False, not {type(value).__name__} {value!r}")
    return bool(value)


def check_choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise list them (and suggest one)."""
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{name} must be one of {', '.join(map(repr, choices))}, "
            f"not {type(value).__name__} {value!r}")
    if value not in choices:
        raise ParameterError(
            f"{name} must be one of {', '.join(map(repr, choices))}, not {value!r}"
            f"{did_you_mean(value, choices)}")
    return value


def check_seed(seed: Any) -> int | None:
    """Return a seed for ``numpy.random.default_rng``: None or a non-negative integer."""
    if seed is None:
        return None
    return check_count(seed, "seed", minimum=0)


def check_dtype(dtype: Any, name: str = "dtype") -> np.dtype:
    """Return ``dtype`` as numpy.float32 or numpy.float64, the two the fast path computes in."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.float32, np.float64):
        raise ParameterError(
            f"{name} must be numpy.float64 or numpy.float32 (the vectorized path computes in "
            f"float32 and float64 only), not {dtype!r}")
    return dt
