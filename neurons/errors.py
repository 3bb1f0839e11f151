"""The ``NeuronsError`` family.

Every error the library raises on purpose is a :class:`NeuronsError`, so a
caller can catch them all with one ``except``. Each also derives from the
built-in exception a Python programmer would expect (``ValueError`` for bad
values, ``LookupError`` for unknown names), so code written against the
built-ins keeps working.

Messages name the thing that is wrong (the neuron, the parameter, the sample)
and, where it helps, what would have been right. An operation that raises
leaves the network exactly as it was.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "ArgumentTypeError",
    "CycleError",
    "DataError",
    "DivergenceError",
    "DuplicateNameError",
    "FileAccessError",
    "FileFormatError",
    "IncompatibleLossError",
    "MissingDependencyError",
    "NetworkStructureError",
    "NeuronsError",
    "ParameterError",
    "ShapeError",
    "UnknownNameError",
    "UnknownParameterError",
]


class NeuronsError(Exception):
    """Base class of every error raised by ``neurons``."""


class UnknownNameError(NeuronsError, LookupError):
    """A name (node, parameter, activation, loss, ...) that does not exist.

    Unlike ``KeyError`` the message is shown as written, without extra quotes.
    """


class NetworkStructureError(NeuronsError, ValueError):
    """A change to the network's wiring that is not allowed."""


class DuplicateNameError(NetworkStructureError):
    """A node name that is already taken."""


class CycleError(NetworkStructureError):
    """A connection that would make the graph cyclic (feedforward nets only)."""


class ShapeError(NeuronsError, ValueError):
    """Arrays or weight lists whose sizes do not fit the network."""


class ParameterError(NeuronsError, ValueError):
    """A parameter value or setting that is not allowed (NaN, a missing bias, ...)."""


class ArgumentTypeError(NeuronsError, TypeError):
    """An argument of the wrong type: a bool given as an epoch count, a string as a bias."""


class UnknownParameterError(UnknownNameError, ArgumentTypeError):
    """A string where a weight or bias goes that names no shared parameter.

    Both a :class:`UnknownNameError` (a misspelt shared parameter) and an
    :class:`ArgumentTypeError` (a number given as a string), since either may be meant.
    """


class DataError(NeuronsError, ValueError):
    """Samples or targets that cannot be used: empty, not finite, not numbers, bad labels."""


class IncompatibleLossError(NeuronsError, ValueError):
    """A loss that cannot work with the network's output layer (e.g. binary cross-entropy
    on outputs that are not probabilities)."""


class FileFormatError(NeuronsError, ValueError):
    """A saved network or checkpoint that cannot be read: not JSON, or not a valid document.

    Attributes ``file`` (the path, or ``None`` for an in-memory dict) and ``key``
    (where in the document, such as ``"neurons[3].inputs[1]"``; ``""`` for the
    whole file) say where the problem is.
    """

    def __init__(self, message: str, key: str = "", file: str | None = None) -> None:
        where = ", ".join(p for p in (f"file {file!r}" if file else "",
                                      f"at {key}" if key else "") if p)
        super().__init__(f"{where}: {message}" if where else message)
        self.key = key
        self.file = file


class FileAccessError(FileFormatError, OSError):
    """A file that cannot be read or written (missing, a directory, no permission).

    Also a :class:`FileFormatError` (either way the file cannot be loaded) and an
    ``OSError``; ``file`` is the path.
    """

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message, file=file)


class MissingDependencyError(NeuronsError, ImportError):
    """An optional extra (PyTorch for :mod:`neurons.torch`, scikit-learn for
    :mod:`neurons.sklearn`) that is not installed; the message says how to install it."""


class DivergenceError(NeuronsError, FloatingPointError):
    """Training stopped because the loss became NaN or infinite.

    Attributes ``epoch`` and ``step`` (both counted from 1) say where; the
    network keeps finite parameters (see the message for which).
    """

    def __init__(self, message: str, epoch: int, step: int) -> None:
        super().__init__(message)
        self.epoch = epoch
        self.step = step


def lookup(table: Mapping[str, T], name: object, kind: str, plural: str,
           aliases: Mapping[str, str] | None = None) -> T:
    """Return ``table[name]`` (case-insensitive, through ``aliases``), or raise an error
    that lists the known names. Shared by the activation, loss and initializer tables."""
    if isinstance(name, str):
        key = _norm(name)
        key = (aliases or {}).get(key, key)
        if key in table:
            return table[key]
    if not isinstance(name, str):
        raise ArgumentTypeError(
            f"{kind} must be a name ({', '.join(sorted(table))}) or {_a(kind)} object, "
            f"not {type(name).__name__} {name!r}"
        )
    raise UnknownNameError(
        f"unknown {kind} {name!r}{did_you_mean(name, [*table, *(aliases or {})])}; "
        f"known {plural}: {', '.join(sorted(table))} (or {_a(kind)} object)"
    )


def _norm(name: str) -> str:
    # "Leaky-ReLU", "leaky relu" and "leaky_relu" name the same thing.
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for a close match of ``name`` in ``known``, else ``""``.

    Case, surrounding spaces and the separators ``-``, `` `` and ``_`` are ignored.

    Examples
    --------
    >>> did_you_mean("sigmod", ["sigmoid", "tanh"])
    " (did you mean 'sigmoid'?)"
    >>> did_you_mean("swish", ["sigmoid", "tanh"])
    ''
    """
    by_norm = {_norm(k): k for k in known}
    if _norm(name) in by_norm:  # differs only in case or separators ("X1" for "x1")
        return f" (did you mean {by_norm[_norm(name)]!r}?)"
    if len(by_norm) > 2000:  # difflib compares with every name: keep a mistake cheap
        return ""
    close = difflib.get_close_matches(_norm(name), list(by_norm), n=1, cutoff=0.6)
    return f" (did you mean {by_norm[close[0]]!r}?)" if close else ""
