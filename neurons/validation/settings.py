"""Checks of settings: counts, numbers, flags, choices, seeds, paths, dtypes, train()'s settings."""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ArgumentTypeError, ParameterError, did_you_mean

__all__ = ["check_choice", "check_count", "check_dtype", "check_flag", "check_keywords",
           "check_number", "check_path", "check_seed", "check_training_settings"]


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


def check_keywords(given: Mapping[str, Any], function: Any, name: str) -> None:
    """Refuse keyword arguments ``function`` does not take, suggesting the closest one."""
    known = _keywords(function)
    for key in given:
        if key not in known:
            raise ArgumentTypeError(
                f"{name}() has no setting {key!r}{did_you_mean(key, known)}; its settings are "
                f"{', '.join(known)}")


@functools.cache
def _keywords(function: Any) -> list[str]:
    # Reading a signature costs about 0.1 ms; a training call should not pay it each time.
    return [p.name for p in inspect.signature(function).parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY]


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


def check_training_settings(epochs: Any, lr: Any, batch_size: Any, shuffle: Any, seed: Any,
                            path: Any, dtype: Any, l2: Any, progress: Any, validation: Any,
                            early_stopping: Any) -> tuple:
    """Check every setting of :func:`neurons.train` before anything runs; return them normalised.

    ``early_stopping`` comes back as an :class:`~neurons.history.EarlyStopping` or ``None``.
    """
    from ..history import EarlyStopping

    epochs = check_count(epochs, "epochs")
    lr = check_number(lr, "lr", positive=True)
    batch_size = check_count(batch_size, "batch_size", allow_none=True)
    shuffle = check_flag(shuffle, "shuffle")
    seed = check_seed(seed)
    path = check_choice(path, "path", ("vectorized", "neurons"))
    dtype = None if dtype is None else check_dtype(dtype)
    if path == "neurons" and dtype not in (None, np.float64):
        raise ParameterError("the per-neuron path computes in float64 (Python floats); "
                             "dtype applies to path='vectorized'")
    l2 = check_number(l2, "l2", non_negative=True)
    progress = check_flag(progress, "progress", allow_none=True)
    if early_stopping is None:
        stop = None
    elif isinstance(early_stopping, EarlyStopping):
        check_count(early_stopping.patience, "EarlyStopping.patience")
        check_number(early_stopping.min_delta, "EarlyStopping.min_delta", non_negative=True)
        stop = early_stopping
    elif isinstance(early_stopping, (bool, np.bool_)) or not isinstance(early_stopping, int):
        raise ArgumentTypeError(
            f"early_stopping must be a patience in epochs (an integer such as 5) or an "
            f"EarlyStopping, not {type(early_stopping).__name__} {early_stopping!r}")
    else:
        stop = EarlyStopping(check_count(early_stopping, "early_stopping"))
    if stop is not None and validation is None:
        raise ParameterError("early_stopping watches the validation loss: pass validation=")
    return epochs, lr, batch_size, shuffle, seed, path, dtype, l2, progress, stop
