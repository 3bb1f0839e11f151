"""Wiring a network: adding inputs, neurons and connections.

:class:`Wiring` is a base class of :class:`neurons.Network` and holds every
change to its graph, so the rules live in one place: names are new and
non-empty, sources exist, a neuron never reads from itself, the graph stays
acyclic, and the layers follow from the wiring (inputs are layer 0, a neuron
sits one layer after the deepest node it reads from). Every check runs before
anything changes, so a refused call leaves the network as it was. It keeps the
network's ``_graph``, ``_inputs`` and ``_neurons``, and after every change of the
wiring clears ``_cache`` (values derived from the wiring) and counts ``_version``
on (so compiled copies can tell they are stale). Finding nodes and weights by name
is its base class :class:`neurons.lookups.Lookups`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from .activations import Activation
from .errors import (
    ArgumentTypeError,
    CycleError,
    DuplicateNameError,
    NetworkStructureError,
    ShapeError,
)
from .graph import collection_paused
from .lookups import Lookups
from .neuron import Neuron
from .validation import check_name, check_number

__all__ = ["Wiring"]


class Wiring(Lookups):
    """Building the graph (mixed into :class:`Network`); the lookups are :class:`Lookups`'s."""

    _graph: nx.DiGraph
    _inputs: list[str]
    _neurons: dict[str, Neuron]
    _cache: dict[str, Any]
    _version: int

    # -- building ----------------------------------------------------------------------------
    def add_input(self, name: str) -> None:
        """Add an input node (layer 0). Inputs have no weights and no bias.

        Raises
        ------
        DuplicateNameError
            When a node of that name exists.
        """
        self._check_new_name(name)
        self._graph.add_node(name, layer=0, neuron=None)
        self._inputs.append(name)
        self._changed()

    def add_neuron(
        self,
        name: str,
        inputs: Mapping[str, float] | Sequence[str],
        bias: float | None = 0.0,
        activation: str | Activation = "sigmoid",
        *,
        weights: Sequence[float] | None = None,
    ) -> Neuron:
        """Add a neuron that reads from existing nodes, and return it.

        Parameters
        ----------
        name : str
            A new node name.
        inputs : mapping of str to float, or sequence of str
            Source name -> weight; the insertion order is the neuron's input
            order. Or a sequence of source names, with ``weights`` beside it.
        bias : float or None, default 0.0
            ``None`` builds a neuron without a bias parameter.
        activation : str or Activation, default "sigmoid"
        weights : sequence of float, optional
            The weights when ``inputs`` is a sequence of names.

        Raises
        ------
        DuplicateNameError, UnknownNameError, ShapeError, ParameterError
            The network is unchanged after any of them.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network()
        >>> net.add_input("x")
        >>> net.add_neuron("y", {"x": 2.0}, bias=None, activation="identity")
        Neuron('y', weights=[2.0], bias=None, activation='identity')
        """
        self._check_new_name(name)
        if isinstance(inputs, Mapping):
            if weights is not None:
                raise ShapeError(f"give the weights of {name!r} either in `inputs` or in `weights`")
            sources, weights = list(inputs.keys()), list(inputs.values())
        elif isinstance(inputs, str) or not isinstance(inputs, Iterable):
            raise ArgumentTypeError(
                f"inputs of {name!r} must be a mapping source -> weight (such as "
                f"{{'x1': 0.5}}) or a list of source names, not {type(inputs).__name__} "
                f"{inputs!r}")
        else:
            sources = list(inputs)
            if weights is None:
                raise ShapeError(f"neuron {name!r} was given source names without `weights`")
            weights = list(weights)
            if len(weights) != len(sources):
                raise ShapeError(
                    f"neuron {name!r} has {len(sources)} inputs but {len(weights)} weights"
                )
            if len(set(sources)) != len(sources):
                raise NetworkStructureError(f"neuron {name!r} lists a source twice: {sources}")
        if not sources:
            raise NetworkStructureError(f"neuron {name!r} needs at least one input")
        if name in sources:
            raise NetworkStructureError(
                f"neuron {name!r} cannot read from itself: a feedforward neuron reads from "
                f"inputs and earlier neurons only")
        for src in sources:
            self._check_node(src, role=f"source of {name!r}")
        neuron = Neuron(weights, bias, activation, name=name)  # validates values
        layer = 1 + max(self._graph.nodes[src]["layer"] for src in sources)

        self._attach(neuron, tuple(sources), layer)
        self._changed()
        return neuron

    def add_layer(self, names: Sequence[str], sources: Sequence[str], weights: Any = None,
                  bias: float | Sequence[float] | None = 0.0,
                  activation: str | Activation = "sigmoid") -> list[Neuron]:
        """Add neurons that all read the same sources (a fully connected layer), and return them.

        The same as one :meth:`add_neuron` per name, in order, but the sources are
        checked and the layer worked out once for all of them: ``Network.dense``
        builds this way.

        Parameters
        ----------
        names : sequence of str
            New node names, one per neuron, in creation order.
        sources : sequence of str
            Existing nodes every neuron reads, in input order.
        weights : array-like, (len(sources), len(names)), optional
            Entry [j, k] is w_jk, the weight from ``sources[j]`` into ``names[k]`` (the
            layout of the compiled weight blocks). Default: zeros.
        bias : float, sequence of float, or None, default 0.0
            One bias for every neuron, one per neuron, or ``None`` for no bias parameter.
        activation : str or Activation, default "sigmoid"

        Raises
        ------
        DuplicateNameError, UnknownNameError, NetworkStructureError, ShapeError, ParameterError
            Everything is checked before the first neuron is added: a refused layer
            leaves the network as it was.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network()
        >>> for x in ("x1", "x2"):
        ...     net.add_input(x)
        >>> h = net.add_layer(["h1", "h2"], ["x1", "x2"], [[1.0, 2.0], [3.0, 4.0]])
        >>> net.neuron("h2").weights.tolist(), net.weight("x2", "h1")
        ([2.0, 4.0], 3.0)
        """
        names, sources = list(names), list(sources)
        for name in names:
            self._check_new_name(name)
        if len(set(names)) != len(names) or not names:
            raise NetworkStructureError(f"add_layer needs distinct new names, got {names}")
        if not sources or len(set(sources)) != len(sources):
            raise NetworkStructureError(f"add_layer needs distinct sources, got {sources}")
        for src in sources:
            self._check_node(src, role="source")
        W = np.zeros((len(sources), len(names))) if weights is None else np.asarray(weights)
        if W.shape != (len(sources), len(names)):
            raise ShapeError(f"weights has shape {W.shape}; expected ({len(sources)}, "
                             f"{len(names)}): one row per source, one column per neuron")
        biases = bias if isinstance(bias, Sequence) else [bias] * len(names)
        if len(biases) != len(names):
            raise ShapeError(f"{len(names)} neurons but {len(biases)} biases")
        built = [Neuron(W[:, k], b, activation, name=name)  # each checks its own values
                 for k, (name, b) in enumerate(zip(names, biases))]
        layer = 1 + max(self._graph.nodes[src]["layer"] for src in sources)
        shared = tuple(sources)  # one tuple for the layer: less memory, one lookup to compile
        with collection_paused():
            for neuron in built:
                self._attach(neuron, shared, layer)
        self._changed()
        return built

    def connect(self, source: str, target: str, weight: float) -> None:
        """Add a connection ``source -> target`` to an existing neuron (a new last input).

        Raises
        ------
        UnknownNameError, ParameterError, NetworkStructureError, CycleError
            For unknown nodes, an input as target, an existing connection, or a
            connection that would close a cycle. The network is unchanged.
        """
        self.connect_many([(source, target, weight)])

    def connect_many(self, connections: Iterable[tuple[str, str, float]]) -> None:
        """Add several connections ``(source, target, weight)``, each a new last input, in order.

        All are checked before any is added, so either all are added or none, and
        the graph is searched for a cycle once, not once per connection (loading a
        file with many connections to earlier neurons relies on that).

        Raises
        ------
        UnknownNameError, ParameterError, NetworkStructureError, CycleError
            As :meth:`connect`, also for a connection listed twice. The network is unchanged.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1], seed=0)
        >>> net.connect_many([("x1", "o1", 0.5), ("x2", "o1", -0.5)])
        >>> net.neuron("o1").inputs
        ('h1', 'h2', 'x1', 'x2')
        """
        new: dict[tuple[str, str], float] = {}
        for source, target, weight in connections:
            self._check_node(source, role="source")
            self._target_neuron(target)
            w = check_number(weight, f"weight {source} -> {target}")
            if self._graph.has_edge(source, target) or (source, target) in new:
                raise NetworkStructureError(
                    f"{source} -> {target} exists already; use set_weight to change its weight")
            if source == target:
                raise CycleError(f"connecting {source} -> {target} would make the cycle "
                                 f"{source} -> {target}; a neuron cannot read from itself")
            new[source, target] = w
        self._graph.add_edges_from(new)  # tentatively: one search for a cycle for all of them
        if not nx.is_directed_acyclic_graph(self._graph):
            cycle = [u for u, _ in nx.find_cycle(self._graph)]
            self._graph.remove_edges_from(new)
            i = next(i for i, u in enumerate(cycle) if (u, cycle[(i + 1) % len(cycle)]) in new)
            loop = cycle[i + 1:] + cycle[:i + 1]  # from the new edge's target to its source
            raise CycleError(
                f"connecting {cycle[i]} -> {loop[0]} would make the cycle "
                f"{' -> '.join([*loop, loop[0]])}; a feedforward network must stay acyclic")
        self._graph.remove_edges_from(new)  # added again below, reading their neurons' weights
        by_target: dict[str, list[tuple[str, float]]] = {}
        for (source, target), w in new.items():
            by_target.setdefault(target, []).append((source, w))
        for target, added in by_target.items():
            neuron = self._neurons[target]
            first = len(neuron.inputs)
            neuron.inputs = (*neuron.inputs, *(s for s, _ in added))
            neuron.set_parameters(np.append(neuron.weights, [w for _, w in added]), check=False)
            self._graph.add_neuron_edges(neuron, [s for s, _ in added], first)
        for node in nx.topological_sort(self._graph):  # layers may have moved down
            preds = self._graph.pred[node]
            if preds:
                self._graph.nodes[node]["layer"] = 1 + max(
                    self._graph.nodes[p]["layer"] for p in preds
                )
        self._changed()

    # -- internals ---------------------------------------------------------------------------
    def _attach(self, neuron: Neuron, sources: tuple[str, ...], layer: int) -> None:
        # A checked neuron joins the graph; its edges read their weights from it.
        self._graph.add_node(neuron.name, layer=layer, neuron=neuron)
        neuron.inputs = sources
        self._graph.add_neuron_edges(neuron, sources)
        self._neurons[neuron.name] = neuron

    def _changed(self) -> None:
        self._cache.clear()
        self._version += 1

    def _check_new_name(self, name: Any) -> None:
        check_name(name, "a node name")
        if name in self._graph:
            kind = "an input" if name in self._inputs else "a neuron"
            raise DuplicateNameError(f"the network already has {kind} named {name!r}")
