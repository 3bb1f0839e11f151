"""``Network``: neurons wired together in a networkx graph of layers.

A network is built one node at a time. Inputs come first (``add_input``);
every neuron names the nodes it reads from and the weight on each connection
(``add_neuron``). The graph is a :class:`networkx.DiGraph` with one node per
input and neuron and one edge per connection, and it is always acyclic, so
there is a forward order (topological) and a backward one (its reverse).

Layers follow from the wiring: inputs are layer 0 and a neuron sits one layer
after the deepest node it reads from. Inside a layer, nodes keep the order in
which they were added.

Parameters carry the names of the hand derivation: weights ``w1, w2, ...`` in
order of neuron creation and then input order, biases ``b1, b2, ...`` in order
of neuron creation, counting only neurons that have a bias.

The per-neuron forward and backward passes live in :mod:`neurons.backprop`,
and derivations in :mod:`neurons.explain`; ``Network`` offers them as methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from .activations import Activation
from .errors import (
    ArgumentTypeError,
    CycleError,
    DuplicateNameError,
    NetworkStructureError,
    ParameterError,
    ShapeError,
    UnknownNameError,
    did_you_mean,
)
from .neuron import Neuron
from .parameters import ParameterNames
from .validation import check_keywords, check_name, check_number

if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path

    from .backprop import Trace
    from .compiled import CompiledNetwork
    from .explain import Derivation
    from .losses import Loss
    from .training import History

__all__ = ["Network"]


class Network(ParameterNames):
    """A feedforward network of :class:`Neuron` objects in a networkx graph.

    Examples
    --------
    The classic 2-2-1 network, every neuron with weights [0, 1] and bias 0:

    >>> net = Network()
    >>> for x in ("x1", "x2"):
    ...     net.add_input(x)
    >>> h1 = net.add_neuron("h1", {"x1": 0, "x2": 1})
    >>> h2 = net.add_neuron("h2", {"x1": 0, "x2": 1})
    >>> o1 = net.add_neuron("o1", {"h1": 0, "h2": 1})
    >>> float(net.feedforward([2, 3])[0])
    0.7216325609518421
    >>> list(net.parameters())
    ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'b1', 'b2', 'b3']
    """

    def __init__(self) -> None:
        self._graph = nx.DiGraph()
        self._view = nx.graphviews.generic_graph_view(self._graph)
        self._inputs: list[str] = []
        self._neurons: dict[str, Neuron] = {}  # in creation order, which fixes w1, w2, ...
        self._cache: dict[str, Any] = {}  # derived from the wiring; cleared when it changes
        self._version = 0  # counts wiring changes, so compiled copies can tell they are stale

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

        self._graph.add_node(name, layer=layer, neuron=neuron)
        w = neuron.weights.tolist()
        self._graph.add_edges_from((src, name, {"weight": w_jk}) for src, w_jk in zip(sources, w))
        neuron.inputs = tuple(sources)
        neuron._edge_data = [self._graph.pred[name][src] for src in sources]
        self._neurons[name] = neuron
        self._changed()
        return neuron

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
        by_target: dict[str, list[tuple[str, float]]] = {}
        for (source, target), w in new.items():
            self._graph.edges[source, target]["weight"] = w
            by_target.setdefault(target, []).append((source, w))
        for target, added in by_target.items():
            neuron = self._neurons[target]
            neuron.inputs = (*neuron.inputs, *(s for s, _ in added))
            neuron._edge_data.extend(self._graph.pred[target][s] for s, _ in added)
            neuron._set_weights(np.append(neuron.weights, [w for _, w in added]))
        for node in nx.topological_sort(self._graph):  # layers may have moved down
            preds = self._graph.pred[node]
            if preds:
                self._graph.nodes[node]["layer"] = 1 + max(
                    self._graph.nodes[p]["layer"] for p in preds
                )
        self._changed()

    # -- looking things up -------------------------------------------------------------------
    def neuron(self, name: str) -> Neuron:
        """Return the :class:`Neuron` called ``name``."""
        self._check_node(name, role="neuron")
        if name not in self._neurons:
            raise UnknownNameError(f"{name!r} is an input, not a neuron")
        return self._neurons[name]

    def weight(self, source: str, target: str) -> float:
        """Return the weight of the connection ``source -> target``."""
        neuron = self._target_neuron(target)
        return float(neuron.weights[self._input_position(source, target)])

    def set_weight(self, source: str, target: str, value: float) -> None:
        """Set the weight of the connection ``source -> target`` (neuron and graph edge)."""
        neuron = self._target_neuron(target)
        i = self._input_position(source, target)
        w = np.array(neuron.weights)
        w[i] = check_number(value, f"weight {source} -> {target}")
        neuron._set_weights(w)

    @property
    def graph(self) -> nx.DiGraph:
        """The network as a read-only networkx view (live; change it through the network).

        Nodes carry ``layer`` (int) and ``neuron`` (the :class:`Neuron`, ``None``
        for inputs); edges carry ``weight``, always equal to the neuron's weight.
        """
        return self._view

    @property
    def inputs(self) -> list[str]:
        """Input names, in order."""
        return list(self._inputs)

    @property
    def outputs(self) -> list[str]:
        """Output neuron names: the neurons nothing reads from, in creation order."""
        if "outputs" not in self._cache:
            self._cache["outputs"] = [n for n in self._neurons if self._graph.out_degree(n) == 0]
        return list(self._cache["outputs"])

    @property
    def neurons(self) -> list[Neuron]:
        """All neurons, in creation order."""
        return list(self._neurons.values())

    @property
    def layers(self) -> list[list[str]]:
        """Node names layer by layer; layer 0 holds the inputs."""
        by_layer: dict[int, list[str]] = {}
        for node, layer in self._graph.nodes(data="layer"):
            by_layer.setdefault(layer, []).append(node)
        return [by_layer[i] for i in sorted(by_layer)]

    # -- the per-neuron path (see neurons.backprop and neurons.explain) ----------------------
    def feedforward(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        """Return the output neurons' values for one sample (1-D array, one per output)."""
        from .backprop import forward_trace

        return forward_trace(self, x).output

    def forward_trace(self, x: Sequence[float] | np.ndarray) -> Trace:
        """Return every neuron's z and a for one sample (a :class:`neurons.backprop.Trace`)."""
        from .backprop import forward_trace

        return forward_trace(self, x)

    def predict(self, X: Any) -> np.ndarray:
        """Return the outputs for a batch on the per-neuron path (samples x outputs)."""
        from .backprop import predict

        return predict(self, X)

    def loss(self, X: Any, Y: Any, loss: str | Loss = "mse") -> float:
        """Return the loss of the network on (X, Y), computed on the per-neuron path."""
        from .backprop import loss_value

        return loss_value(self, X, Y, loss)

    def gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> dict[str, float]:
        """Return dL/dparam for every parameter, averaged over the samples.

        See :func:`neurons.backprop.gradients` for the per-edge delta propagation.
        """
        from .backprop import gradients

        return gradients(self, X, Y, loss)

    def explain(self, name: str, x: Any, y: Any, loss: str | Loss = "mse") -> Derivation:
        """Return the chain-rule derivation of dL/d``name`` for one sample (x, y).

        See :class:`neurons.explain.Derivation`.
        """
        from .explain import explain

        return explain(self, name, x, y, loss)

    # -- the vectorized path (see neurons.compiled) ------------------------------------------
    def compile(self, dtype: Any = np.float64) -> CompiledNetwork:
        """Gather the network into per-layer arrays for fast batched computation.

        The result is a snapshot: write trained values back with
        :meth:`update_from`, and call ``compiled.refresh()`` after changing the network.

        Parameters
        ----------
        dtype : numpy.float64 (default) or numpy.float32
        """
        from .compiled import CompiledNetwork

        return CompiledNetwork(self, dtype)

    def update_from(self, compiled: CompiledNetwork) -> None:
        """Write a compiled network's parameter values back into the neurons and edges.

        Raises
        ------
        NeuronsError
            When ``compiled`` belongs to another network, or the wiring changed since.
        """
        if compiled.net is not self:
            raise NetworkStructureError("this compiled network was made from a different Network")
        compiled._check_current()
        self.set_parameters(compiled.parameters())

    # -- training (see neurons.training) ------------------------------------------------------
    def initialize(self, init: str | None = None, seed: int | None = None) -> None:
        """Draw new weights (biases to zero); see :func:`neurons.initializers.initialize`."""
        from .initializers import initialize

        initialize(self, init, seed)

    def train(self, X: Any, Y: Any, **settings: Any) -> History:
        """Train the network on (X, Y); see :func:`neurons.training.train` for the settings.

        Examples
        --------
        >>> net = Network.dense([2, 3, 1], seed=0)
        >>> history = net.train([[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0], epochs=3, lr=0.5)
        >>> history.epochs
        3
        """
        from .training import train

        check_keywords(settings, train, "train")
        return train(self, X, Y, **settings)

    # -- keeping work (see neurons.io) --------------------------------------------------------
    def save(self, path: str | PathLike) -> Path:
        """Save the network as a JSON document (see :mod:`neurons.io`), atomically.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> net = Network.dense([2, 2, 1], seed=0)
        >>> path = net.save(pathlib.Path(tempfile.mkdtemp()) / "net.json")
        >>> Network.load(path).parameters() == net.parameters()
        True
        """
        from .io import save

        return save(self, path)

    @classmethod
    def load(cls, path: str | PathLike) -> Network:
        """Load a network saved with :meth:`save` (or a training checkpoint's network).

        Raises
        ------
        FileFormatError
            For a missing, unreadable or invalid file, naming where in it the problem is.
        """
        from .io import load

        return load(path)

    def to_dict(self) -> dict[str, Any]:
        """Return the network as the JSON-ready dict that :meth:`save` writes."""
        from .io import to_dict

        return to_dict(self)

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Network:
        """Build a network from :meth:`to_dict`'s dict, checked whole before anything is built."""
        from .io import from_dict

        return from_dict(doc)

    # -- shortcuts ---------------------------------------------------------------------------
    @classmethod
    def dense(cls, sizes: Sequence[int], activation: str | Activation = "sigmoid",
              output_activation: str | Activation | None = None, init: str | None = None,
              seed: int | None = None, bias: bool = True) -> Network:
        """Build a fully connected network; see :func:`neurons.builders.dense`."""
        from .builders import dense

        return dense(sizes, activation, output_activation, init, seed, bias)

    @classmethod
    def from_architecture(cls, layers: Sequence[Mapping[str, Any]],
                          seed: int | None = None) -> Network:
        """Build from a list of layer dicts; see :func:`neurons.builders.from_architecture`."""
        from .builders import from_architecture

        return from_architecture(layers, seed)

    # -- internals ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self._cache.clear()
        self._version += 1

    def _check_new_name(self, name: Any) -> None:
        check_name(name, "a node name")
        if name in self._graph:
            kind = "an input" if name in self._inputs else "a neuron"
            raise DuplicateNameError(f"the network already has {kind} named {name!r}")

    def _check_node(self, name: Any, role: str) -> None:
        if not isinstance(name, str) or name not in self._graph:
            check_name(name, f"the {role}")
            known = list(self._graph)
            shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
            raise UnknownNameError(f"unknown {role} {name!r}{did_you_mean(name, known)}; "
                                   f"the nodes are: {shown or '(none)'}")

    def _target_neuron(self, target: str) -> Neuron:
        self._check_node(target, role="target")
        if target in self._inputs:
            raise ParameterError(
                f"{target!r} is an input: inputs have no weights (only neurons do)"
            )
        return self._neurons[target]

    def _input_position(self, source: str, target: str) -> int:
        self._check_node(source, role="source")
        try:
            return self._neurons[target].inputs.index(source)
        except ValueError:
            raise UnknownNameError(f"there is no connection {source} -> {target}") from None

    def _repr_png_(self) -> bytes | None:
        """Jupyter shows a network as its diagram (:func:`neurons.draw`), rendered to PNG."""
        if not self._neurons:
            return None
        import io

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from .drawing.network import draw

        # A bare Figure, not pyplot: displaying must not open windows or leave figures behind.
        fig = Figure(figsize=(8, 4.5))
        FigureCanvasAgg(fig)
        draw(self, ax=fig.add_subplot())
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
        return buffer.getvalue()

    def __repr__(self) -> str:
        sizes = [len(layer) for layer in self.layers]
        return (
            f"<Network {'-'.join(map(str, sizes)) or 'empty'}: {len(self._inputs)} inputs, "
            f"{len(self._neurons)} neurons, {len(self._parameter_slots())} parameters>"
        )
