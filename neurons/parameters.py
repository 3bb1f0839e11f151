"""Shared parameters: one value, one name, used on many edges (or by many neurons as a bias).

A convolution is a layer of neurons that all read their neighbourhoods with
the same kernel. In ``neurons`` that kernel is a set of *shared parameters*:
the network owns each one, once, in a :class:`SharedParameters` table, and a
neuron's input (or its bias) may name one instead of holding a number of its
own. The neuron's ``weights`` then read the table whenever they are asked for
(:class:`neurons.neuron.Neuron`), so no copy can drift from the one value.

The chain rule needs nothing new: a parameter used on several edges gets, from
each use, that edge's ``a_j delta_k``, and its gradient is their sum.

Examples
--------
>>> table = SharedParameters()
>>> table.add("k1", 0.5)
0
>>> table.set("k1", 2.0)
>>> table.value("k1"), table.names, table.version
(2.0, ('k1',), 2)
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from .checks import check_name, check_number
from .errors import DuplicateNameError, ParameterError, UnknownNameError, did_you_mean

__all__ = ["OWN_NAME", "SharedParameters"]

# The names the network gives its own parameters (w1, w2, ..., b1, b2, ...): a shared
# parameter must not look like one of them.
OWN_NAME = re.compile(r"[wb][0-9]+")


class SharedParameters:
    """The network's shared parameters, in the order they were added.

    ``version`` changes whenever a value changes, so a neuron that read the table
    knows when to read it again. ``role`` records what each parameter is used as
    (``"weight"`` on edges, ``"bias"`` of neurons), fixed by its first use: L2
    penalises weights only, and initializers draw weights and biases differently.
    """

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._values: list[float] = []
        self.role: dict[str, str] = {}
        self.version = 0
        self._array: np.ndarray | None = None
        self._names: tuple[str, ...] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every shared parameter's name, in the order they were added."""
        if self._names is None:
            self._names = tuple(self._index)
        return self._names

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def index(self, name: str, user: str = "") -> int:
        """The position of ``name`` in the table; ``user`` says who asked, for the message."""
        try:
            return self._index[name]
        except (KeyError, TypeError):
            check_name(name, "a shared parameter's name")
            known = list(self._index)
            shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
            raise UnknownNameError(
                f"{user + ' names ' if user else ''}no shared parameter {name!r}"
                f"{did_you_mean(name, known)}; add it first with net.add_parameter({name!r}, "
                f"value) (the network has: {shown or 'none'})") from None

    def add(self, name: str, value: float) -> int:
        """Add a parameter and return its position. Checked before anything changes."""
        check_name(name, "a shared parameter's name")
        if name in self._index:
            raise DuplicateNameError(f"the network already has a shared parameter {name!r}")
        if OWN_NAME.fullmatch(name):
            raise ParameterError(
                f"{name!r} looks like one of the names the network gives its own parameters "
                f"(w1, w2, ..., b1, b2, ...); choose another, such as 'k1' or 'c'")
        v = check_number(value, f"shared parameter {name!r}")
        self._index[name] = len(self._values)
        self._values.append(v)
        self._names = None
        self._touch()
        return self._index[name]

    def value(self, name: str) -> float:
        """The value of one parameter."""
        return self._values[self.index(name)]

    def set(self, name: str, value: float) -> None:
        """Set one parameter (checked)."""
        i = self.index(name)
        self._values[i] = check_number(value, f"shared parameter {name!r}")
        self._touch()

    def set_all(self, values: Any) -> None:
        """Set every value from a sequence of finite floats in table order (the caller checked)."""
        self._values = [float(v) for v in values]
        self._touch()

    def array(self) -> np.ndarray:
        """Every value as a read-only float64 array (made once per version)."""
        if self._array is None:
            self._array = np.array(self._values, dtype=float)
            self._array.flags.writeable = False
        return self._array

    def list(self) -> list[float]:
        """Every value as a list of Python floats (the table itself; do not change it)."""
        return self._values

    def _touch(self) -> None:
        self.version += 1
        self._array = None

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v:g}" for n, v in zip(self._index, self._values[:8]))
        return f"SharedParameters({shown}{', ...' if len(self) > 8 else ''})"
