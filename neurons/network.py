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

Building lives in :mod:`neurons.wiring`, looking up nodes and weights in
:mod:`neurons.lookups`, names and parameters by name in :mod:`neurons.parameters`,
and the methods that run either path in :mod:`neurons.paths` (all base classes of
``Network``). The per-neuron forward and backward passes live in
:mod:`neurons.backprop`, derivations in :mod:`neurons.explain`, and so on;
``Network`` offers them as methods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from .activations import Activation
from .graph import NeuronGraph
from .neuron import Neuron
from .parameters import ParameterNames
from .paths import Paths
from .validation import check_keywords
from .wiring import Wiring

if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path

    from .training import History

__all__ = ["Network"]


class Network(Wiring, ParameterNames, Paths):
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
        self._graph = NeuronGraph()
        self._view = nx.graphviews.generic_graph_view(self._graph)
        self._inputs: list[str] = []
        self._neurons: dict[str, Neuron] = {}  # in creation order, which fixes w1, w2, ...
        self._cache: dict[str, Any] = {}  # derived from the wiring; cleared when it changes
        self._version = 0  # counts wiring changes, so compiled copies can tell they are stale

    def __getstate__(self) -> dict[str, Any]:
        # The cache is derived from the wiring (and holds read-only views pickle refuses).
        return {**self.__dict__, "_cache": {}}

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
        return [list(layer) for layer in self.derived("layers", self._layers)]

    def _layers(self) -> tuple[tuple[str, ...], ...]:
        by_layer: dict[int, list[str]] = {}
        for node, layer in self._graph.nodes(data="layer"):
            by_layer.setdefault(layer, []).append(node)
        return tuple(tuple(by_layer[i]) for i in sorted(by_layer))

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

    # -- display -----------------------------------------------------------------------------
    def _repr_png_(self) -> bytes | None:
        """Jupyter shows a network as its diagram (:func:`neurons.draw`), rendered to PNG."""
        from .drawing.display import png  # matplotlib loads only when a notebook asks

        return png(self)

    def __repr__(self) -> str:
        sizes = [len(layer) for layer in self.layers]
        return (
            f"<Network {'-'.join(map(str, sizes)) or 'empty'}: {len(self._inputs)} inputs, "
            f"{len(self._neurons)} neurons, {len(self.parameter_slots())} parameters>"
        )
