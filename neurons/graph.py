"""The network's networkx graph, whose edge attribute ``weight`` reads the neuron's weight.

A :class:`Neuron` owns its weights (one NumPy array). The graph shows them on
its edges, so ``net.graph.edges["h1", "o1"]["weight"]`` is the weight w_h1,o1.
Keeping two copies in step would cost a Python write per edge whenever
parameters change (every training step on the per-neuron path, every
write-back of the compiled path, 1.86 million writes for a 784-1024-1024-10
network). Instead each edge's attribute mapping is an :class:`EdgeData` that
holds its neuron and input position and *reads* the weight when asked: there
is one copy, so the graph and the neurons cannot disagree at any moment.

networkx makes each edge's attribute mapping with the graph class's
``edge_attr_dict_factory`` (its documented hook for custom attribute
mappings); :meth:`NeuronGraph.add_neuron_edges` sets it to hand out a neuron's
:class:`EdgeData` objects while it adds the neuron's edges, and it makes plain
dicts otherwise (so copies of the graph made by networkx are ordinary graphs
holding the values of the moment).

Examples
--------
>>> from neurons import Network
>>> net = Network.dense([2, 2, 1], seed=0)
>>> net.set_weight("h1", "o1", 0.25)
>>> net.graph.edges["h1", "o1"]["weight"]
0.25
>>> dict(net.graph.edges["h1", "o1"])
{'weight': 0.25}
"""

from __future__ import annotations

import copy
import gc
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

import networkx as nx

from .errors import ParameterError

if TYPE_CHECKING:
    from .neuron import Neuron

__all__ = ["EdgeData", "NeuronGraph", "collection_paused"]

# Shared int objects for input positions: an int above 256 is a new 28-byte object each
# time it is made, so 1.86 million edges would otherwise carry 50 MB of equal numbers.
_POSITIONS: list[int] = []


def _positions(n: int) -> list[int]:
    if len(_POSITIONS) < n:
        _POSITIONS.extend(range(len(_POSITIONS), n))
    return _POSITIONS[:n]


class EdgeData(MutableMapping):
    """The attributes of the edge into ``neuron`` at input position ``index``.

    ``"weight"`` is read from the neuron (a Python float) and cannot be set here:
    change it with :meth:`neurons.Network.set_weight`. An edge that uses a shared
    parameter (:meth:`neurons.Network.add_parameter`) also has ``"parameter"``, the
    shared parameter's name. Any other attribute (a colour for networkx's drawing,
    say) is stored as in a dict.
    """

    __slots__ = ("extra", "index", "neuron")

    def __init__(self, neuron: Neuron, index: int) -> None:
        self.neuron, self.index = neuron, index
        self.extra: dict[str, Any] | None = None

    def __getitem__(self, key: str) -> Any:
        if key == "weight":
            return self.neuron.weights.item(self.index)
        if key == "parameter" and self._shared() is not None:
            return self._shared()
        if self.extra is None:
            raise KeyError(key)
        return self.extra[key]

    def _shared(self) -> str | None:
        # The name of the shared parameter this edge uses, if it uses one.
        neuron, at, table = self.neuron, self.neuron._shared_at, self.neuron._table
        if table is None or self.index not in at:  # no table: no shared position either
            return None
        return table.names[neuron._shared_index[at.index(self.index)]]

    def __setitem__(self, key: str, value: Any) -> None:
        if key == "weight" or (key == "parameter" and self._shared() is not None):
            name, source = self.neuron.name, self.neuron.inputs[self.index]
            raise ParameterError(
                f"the weight of {source} -> {name} belongs to neuron {name!r}: set it with "
                f"net.set_weight({source!r}, {name!r}, value)")
        if self.extra is None:
            self.extra = {}
        self.extra[key] = value

    def __delitem__(self, key: str) -> None:
        if key == "weight":
            raise ParameterError("an edge always has its weight; it cannot be deleted")
        if self.extra is None:
            raise KeyError(key)
        del self.extra[key]

    def __iter__(self) -> Iterator[str]:
        yield "weight"
        if self._shared() is not None:
            yield "parameter"
        if self.extra:
            yield from self.extra

    def __len__(self) -> int:
        return (1 + (self._shared() is not None)
                + (len(self.extra) if self.extra else 0))

    def update(self, other: Any = (), /, **kwargs: Any) -> None:
        # networkx calls update({}) twice for every edge it adds: return at once then.
        if other or kwargs:
            MutableMapping.update(self, other, **kwargs)

    def copy(self) -> dict[str, Any]:
        """A plain dict of the attributes now (networkx's graph copies call this)."""
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        if not memo:
            # Copied on its own, as networkx's reverse() and to_undirected() copy each
            # edge's attributes: the values of the moment, not a copy of the neuron per edge.
            return copy.deepcopy(dict(self))
        # Part of a larger copy (a whole Network): the copy reads the copied neuron.
        twin = EdgeData(copy.deepcopy(self.neuron, memo), self.index)
        twin.extra = copy.deepcopy(self.extra, memo)
        return twin

    def __repr__(self) -> str:
        return repr(dict(self))


class NeuronGraph(nx.DiGraph):
    """A networkx DiGraph whose neuron edges carry :class:`EdgeData` (see the module)."""

    def add_neuron_edges(self, neuron: Neuron, sources: Sequence[str], first: int = 0) -> None:
        """Add the edges ``source -> neuron.name``, the i-th reading the neuron's weight
        ``first + i``. The edges must be new (the caller has checked)."""
        positions = _positions(first + len(sources))[first:]
        # networkx asks self.edge_attr_dict_factory() for each new edge's mapping: for the
        # length of this call, it hands out this neuron's EdgeData (then dict again).
        # (The stubs type the factory as a method of the class; networkx reads it from the
        # instance, so an instance attribute overrides it, as networkx's docs describe.)
        self.edge_attr_dict_factory = map(  # type: ignore[method-assign, misc]
            EdgeData, repeat(neuron), positions).__next__
        try:
            self.add_edges_from(zip(sources, repeat(neuron.name)))
        finally:
            del self.edge_attr_dict_factory  # type: ignore[misc]


    def add_layer_edges(self, neurons: Sequence[Neuron]) -> None:
        """Add every edge into each of ``neurons`` (``source -> neuron.name`` for each of its
        inputs) in one networkx call, as :meth:`add_neuron_edges` adds one neuron's."""
        pairs = chain.from_iterable(zip(n.inputs, repeat(n.name)) for n in neurons)
        data = chain.from_iterable(map(EdgeData, repeat(n), _positions(len(n.inputs)))
                                   for n in neurons)
        self.edge_attr_dict_factory = data.__next__  # type: ignore[method-assign, misc]
        try:
            self.add_edges_from(pairs)
        finally:
            del self.edge_attr_dict_factory  # type: ignore[misc]


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many edges are made.

    Each :class:`EdgeData` refers to its neuron, so the collector tracks it, and a
    layer of a million of them would set off collections that look at every object
    again and again (a third of the time of building 784-1024-1024-10). They form no
    cycles, so nothing is lost by collecting after them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
