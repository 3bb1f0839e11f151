"""Checks of plain values at the public edge: numbers, counts, flags, choices, names, paths,
arrays of numbers. The base of the package: it imports nothing but the errors.

A teaching library is used by people who make every mistake once, so each check
names what is wrong (the argument, the entry, the value) and says what would be
right. Checks that need a network (samples against its inputs, targets against
its outputs and loss) live in :mod:`neurons.data`; the training settings are
checked in :mod:`neurons.training`. Every check raises before anything is
changed, so a refused call leaves the network as it was.

Examples
--------
>>> check_count(10, "epochs")
10
>>> check_number("0.1", "lr")
Traceback (most recent call last):
...
neurons.errors.ArgumentTypeError: lr must be a number, not str '0.1'
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import numpy as np

from .errors import (
    ArgumentTypeError,
    DataError,
    NetworkStructureError,
    ParameterError,
    ShapeError,
    did_you_mean,
)

__all__ = ["as_numbers", "check_choice", "check_count", "check_dtype", "check_flag",
           "check_keywords", "check_name", "check_number", "check_path", "check_seed",
           "check_validation", "check_vector", "check_weights", "first_nonfinite",
           "keywords_checked"]


# -- settings ----------------------------------------------------------------------------------
def check_count(value: Any, name: str, *, minimum: int | None = 1,
                allow_none: bool = False) -> Any:
    """Return ``value`` as an int >= ``minimum`` (``None`` if allowed); a bool is not a count.

    ``minimum=None`` checks the type only.

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
    if minimum is not None and value < minimum:
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


@overload
def check_flag(value: Any, name: str, *, allow_none: Literal[False] = False) -> bool: ...
@overload
def check_flag(value: Any, name: str, *, allow_none: bool) -> bool | None: ...
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


F = TypeVar("F", bound=Callable[..., Any])


def keywords_checked(function: F) -> F:
    """Refuse a misspelled keyword of ``function`` as the library refuses any bad argument: an
    :class:`~neurons.errors.ArgumentTypeError` (a ``TypeError``) naming the closest keyword.

    The signature stays the function's own (``inspect.signature`` and ``help`` show it).

    Examples
    --------
    >>> @keywords_checked
    ... def fit(X, *, epochs=1, lr=0.1):
    ...     return epochs
    >>> fit([], epoch=3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    neurons.errors.ArgumentTypeError: fit() has no setting 'epoch' (did you mean 'epochs'?); ...
    """
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except TypeError:
            check_keywords(kwargs, function, function.__name__)  # names an unknown keyword
            raise
    return call  # type: ignore[return-value]


def check_keywords(given: Mapping[str, Any], function: Any, name: str) -> None:
    """Refuse keyword arguments ``function`` does not take, suggesting the closest one.

    The message lists its settings: its keyword-only parameters (``train``'s), or every
    parameter when it has none.
    """
    accepted, settings = _keywords(function)
    for key in given:
        if key not in accepted:
            raise ArgumentTypeError(
                f"{name}() has no setting {key!r}{did_you_mean(key, accepted)}; its settings "
                f"are {', '.join(settings)}")


@functools.cache
def _keywords(function: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Reading a signature costs about 0.1 ms; a training call should not pay it each time.
    params = [p for p in inspect.signature(function).parameters.values()
              if p.name not in ("self", "cls")]
    accepted = tuple(p.name for p in params if p.kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY))
    settings = tuple(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY)
    return accepted, settings or accepted


def check_seed(seed: Any) -> int | None:
    """Return a seed for ``numpy.random.default_rng``: None or a non-negative integer."""
    if seed is None:
        return None
    return check_count(seed, "seed", minimum=0)


def check_path(path: Any, name: str = "path") -> Path:
    """Return ``path`` (a str or os.PathLike) as a Path; refuse anything else."""
    if isinstance(path, (bool, np.bool_)) or not isinstance(path, (str, os.PathLike)) or (
            isinstance(path, str) and not path.strip()):
        raise ArgumentTypeError(
            f"{name} must be a file name (a str or pathlib.Path), not "
            f"{type(path).__name__} {path!r}")
    return Path(path)


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


# -- arrays of numbers -------------------------------------------------------------------------
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


def check_vector(values: Any, what: str) -> np.ndarray:
    """Return ``values`` as a flat float array of finite numbers (one neuron's inputs)."""
    arr = as_numbers(values, what).reshape(-1)
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise DataError(f"{what}: entry {bad[0]} is {arr[bad[0]]}; inputs must be finite")
    return arr


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


def as_numbers(values: Any, what: str, labels: bool = False) -> np.ndarray:
    """Return ``values`` as a float array, or raise a DataError naming the first entry that is
    not a number (``labels``: with a hint that class labels must be integers).

    Examples
    --------
    >>> as_numbers([[1, 2]], "X").tolist()
    [[1.0, 2.0]]
    """
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
