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

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "CycleError",
    "DivergenceError",
    "DuplicateNameError",
    "NetworkStructureError",
    "NeuronsError",
    "ParameterError",
    "ShapeError",
    "UnknownNameError",
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
        key = name.lower()
        key = (aliases or {}).get(key, key)
        if key in table:
            return table[key]
    raise UnknownNameError(
        f"unknown {kind} {name!r}; known {plural}: {', '.join(sorted(table))} "
        f"(or a {kind} object)"
    )
