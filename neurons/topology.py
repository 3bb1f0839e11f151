"""What the algorithms read from a network: forward order, sources, parameter slots, version.

:class:`Topology` is a base class of :class:`neurons.Network`. Every value here
follows from the wiring alone, so it is computed on first use and kept until
the wiring changes (``add_input``, ``add_neuron``, ``add_layer``, ``connect``);
parameter *values* never invalidate it. The per-neuron path, the compiled
path, derivations, training and drawing read the network through these
methods, never through its private attributes.

Examples
--------
>>> from neurons import Network
>>> net = Network.dense([2, 2, 1], seed=0)
>>> [n.name for n in net.forward_order()]
['h1', 'h2', 'o1']
>>> net.neuron_sources()["o1"]
(('h1', 0), ('h2', 1))
>>> net.parameter_slot("w5"), net.parameter_slot("b3")
(('o1', 0), ('o1', None))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx

from .errors import UnknownNameError, did_you_mean
from .validation import check_name

if TYPE_CHECKING:
    from .activations import Activation
    from .neuron import Neuron

__all__ = ["Topology"]

T = TypeVar("T")
Sources = Mapping[str, tuple[tuple[str, int], ...]]


class Topology:
    """Read-only views of the wiring, cached per wiring version (mixed into ``Network``)."""

    _graph: nx.DiGraph
    _inputs: list[str]
    _neurons: dict[str, Neuron]
    _cache: dict[str, Any]
    _version: int
    outputs: list[str]

    @property
    def wiring_version(self) -> int:
        """A number that changes whenever the wiring changes (not when values change).

        A compiled copy records it, and refuses to run on a network wired differently.
        """
        return self._version

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """Return ``compute()``, computed once per wiring: kept under ``key`` until the
        wiring changes. Algorithms keep what they derive from the wiring alone here (the
        compiled path keeps its :class:`neurons.layout.Layout`), so it costs once.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1], seed=0)
        >>> net.derived("depth", lambda: len(net.layers))
        3
        """
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @property
    def output_activation(self) -> Activation | None:
        """The activation the output neurons share, or ``None`` when they differ.

        Losses decide from it what happens at the output layer
        (:meth:`neurons.losses.Loss.at_outputs`).
        """
        first, *rest = (self._neurons[o].activation for o in self.outputs)
        return first if all(act == first for act in rest) else None

    def forward_order(self) -> tuple[Neuron, ...]:
        """The neurons in forward order: by layer, then by creation (a topological order).

        Every neuron comes after all the nodes it reads from; reversed, it is the
        order of the backward pass.
        """
        if "order" not in self._cache:
            rank = {name: i for i, name in enumerate(self._neurons)}
            layer = self._graph.nodes
            self._cache["order"] = tuple(sorted(
                self._neurons.values(), key=lambda n: (layer[n.name]["layer"], rank[n.name])))
        return self._cache["order"]

    def neuron_sources(self, *, inputs: bool = False) -> Sources:
        """For each neuron, the sources it reads that are neurons, with their input positions.

        Backpropagation carries a delta back along these edges only: inputs have no
        delta. ``inputs=True`` lists every source (for dL/dx).
        """
        key = "all_sources" if inputs else "neuron_sources"
        if key not in self._cache:
            is_input = set() if inputs else set(self._inputs)
            self._cache[key] = MappingProxyType({
                name: tuple((j, i) for i, j in enumerate(n.inputs) if j not in is_input)
                for name, n in self._neurons.items()
            })
        return self._cache[key]

    def parameter_slots(self) -> Mapping[str, tuple[str, int | None]]:
        """Parameter name -> (neuron name, input position), position ``None`` for a bias.

        In the order of :meth:`parameters`: weights ``w1, w2, ...`` by neuron creation
        and then input order, then biases ``b1, b2, ...`` of the neurons that have one.
        """
        if "slots" not in self._cache:
            slots: dict[str, tuple[str, int | None]] = {}
            n_w = 0
            for k, neuron in self._neurons.items():
                for i in range(len(neuron.inputs)):
                    n_w += 1
                    slots[f"w{n_w}"] = (k, i)
            n_b = 0
            for k, neuron in self._neurons.items():
                if neuron.has_bias:
                    n_b += 1
                    slots[f"b{n_b}"] = (k, None)
            self._cache["slots"] = MappingProxyType(slots)
        return self._cache["slots"]

    def parameter_names(self) -> tuple[str, ...]:
        """Every parameter's name, in :meth:`parameters` order (w1, w2, ..., b1, ...)."""
        return self.derived("parameter names", lambda: tuple(self.parameter_slots()))

    def parameter_slot(self, name: str) -> tuple[str, int | None]:
        """Return ``(neuron name, input position)`` of a parameter (position ``None``: bias).

        Raises
        ------
        UnknownNameError
            For a name the network does not have; the message gives the valid range.
        """
        slots = self.parameter_slots()
        if not isinstance(name, str) or name not in slots:
            check_name(name, "a parameter name")
            n_w = sum(1 for p in slots if p.startswith("w"))
            n_b = len(slots) - n_w
            hint = did_you_mean(name, [name.lower()] if name.lower() in slots else [])
            raise UnknownNameError(
                f"no parameter named {name!r}{hint}; this network has weights w1..w{n_w} "
                f"and biases " + (f"b1..b{n_b}" if n_b else "(none)")
            )
        return slots[name]
