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

Building and looking up nodes and weights live in :mod:`neurons.wiring`, names
and parameters by name in :mod:`neurons.parameters` (both base classes of
``Network``). The per-neuron forward and backward passes live in
:mod:`neurons.backprop`, derivations in :mod:`neurons.explain`, and so on;
``Network`` offers them as methods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from .activations import Activation
from .errors import NetworkStructureError
from .graph import NeuronGraph
from .neuron import Neuron
from .parameters import ParameterNames
from .validation import check_keywords
from .wiring import Wiring

if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path

    from .backprop import Trace
    from .compiled import CompiledNetwork
    from .explain import Derivation
    from .losses import Loss
    from .training import History

__all__ = ["Network"]


class Network(Wiring, ParameterNames):
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

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return the outputs read as probabilities (samples x outputs), on the per-neuron path.

        The output neurons' activations decide how (their ``probability`` attribute):

        * all outputs are sigmoids: their values already are probabilities, returned
          as :meth:`predict` gives them. One output gives shape (n, 1), the probability
          of class 1, which ``binary_cross_entropy`` trains (scikit-learn's two columns
          are ``np.hstack([1 - p, p])``); several give one independent probability per
          output neuron (multi-label), so rows need not sum to 1.
        * two or more outputs that are not all sigmoids: the softmax of the outputs
          (:func:`neurons.losses.softmax`), the class probabilities that
          ``softmax_cross_entropy`` trains. Each row sums to 1.
        * one output that is not a sigmoid has no probability to give: an error.

        The network's activations decide, not the loss it was trained with: the class
        probabilities of sigmoid outputs trained with ``softmax_cross_entropy`` are
        ``losses.softmax(net.predict(X))``.

        Raises
        ------
        IncompatibleLossError
            For a single output that is not a sigmoid (e.g. ``identity``).

        Examples
        --------
        >>> net = Network.dense([2, 3], activation="identity", seed=0)
        >>> p = net.predict_proba([[1.0, 2.0], [0.0, -1.0]])
        >>> p.shape, p.sum(axis=1).round(12).tolist()
        ((2, 3), [1.0, 1.0])
        >>> Network.dense([2, 1], activation="sigmoid", seed=0).predict_proba([[0.0, 0.0]])
        array([[0.5]])
        """
        from .backprop import predict
        from .proba import output_probabilities

        return output_probabilities(self, X, lambda X: predict(self, X, check_input=False))

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

    def input_gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> np.ndarray:
        """Return dL/dx for every sample and input (samples x inputs), of the batch's mean loss.

        See :func:`neurons.backprop.input_gradients`: the deltas carried one edge further.
        """
        from .backprop import input_gradients

        return input_gradients(self, X, Y, loss)

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
        compiled.check_current()
        self.set_parameter_vector(compiled.parameter_vector())

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
