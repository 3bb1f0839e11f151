"""The network core: one class that holds the wiring and answers every question about it.

:class:`NetworkCore` keeps the networkx graph of :class:`~neurons.neuron.Neuron`
objects and is the one place where it changes. Building (``add_input``,
``add_neuron``, ``add_layer``, ``connect``) checks everything before anything
changes, so a refused call leaves the network as it was: names are new and
non-empty, sources exist, a neuron never reads from itself, the graph stays
acyclic. Layers follow from the wiring: inputs are layer 0 and a neuron sits one
layer after the deepest node it reads from; inside a layer, nodes keep the order
in which they were added.

The algorithms (the per-neuron path, the compiled path, derivations, training,
files, drawing) are functions of a network core, in the networkx style: they read
it through the public methods here (``forward_order``, ``neuron_sources``,
``parameter_slots``, ``wiring_version``, ``derived``), never through its private
attributes. :class:`neurons.Network` adds them as methods.

Who owns a value
----------------
Every parameter has one owner and one name. A weight belongs to the neuron it
feeds (``neuron.weights[i]``, input position i), a bias to its neuron; the graph's
edges read their ``weight`` from the neuron (:mod:`neurons.graph`), so there is no
second copy. Names follow the hand derivation: weights ``w1, w2, ...`` in order of
neuron creation and then input order, biases ``b1, b2, ...`` in order of neuron
creation, counting only neurons that have a bias (in the classic 2-2-1 network w1
and w2 feed h1, w3 and w4 feed h2, w5 and w6 feed o1, and b1, b2, b3 belong to h1,
h2, o1). :meth:`NetworkCore.parameter_slots` is the one map from a name to its
owner, ``(neuron, input position)`` (``None`` for a bias); every read and write by
name (``parameters``, ``set_parameters``, the parameter vector, the compiled
layout) goes through it. Names follow from the wiring, so they are derived and
cached until the wiring changes, never stored.

A *shared* parameter (a convolution's kernel weight, :meth:`NetworkCore.add_parameter`)
is owned by the network's table (:mod:`neurons.parameters`) under the name it was given;
the neurons that use it read it there, and :meth:`NetworkCore.parameter_uses` lists its
places. Shared parameters follow the biases in :meth:`NetworkCore.parameters` order. A
fixed neuron's weights (pooling) are constants, no parameters at all; :mod:`neurons.grids`
lays out whole convolution and pooling layers (:meth:`NetworkCore.add_grid`).

Everything derived from the wiring alone (forward order, sources, parameter
slots, layers, the compiled layout) is computed on first use and kept until the
wiring changes; parameter *values* never invalidate it.

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

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, TypeVar, overload

import networkx as nx
import numpy as np

from .activations import Activation
from .activations import get as activations_get
from .checks import check_choice, check_flag, check_name, check_number, first_nonfinite
from .errors import (
    ArgumentTypeError,
    CycleError,
    DuplicateNameError,
    NetworkStructureError,
    ParameterError,
    ShapeError,
    UnknownNameError,
    UnknownParameterError,
    did_you_mean,
)
from .graph import NeuronGraph, collection_paused
from .grids import Grid
from .neuron import Neuron
from .parameters import SharedParameters
from .recurrence import Recurrence

__all__ = ["NetworkCore", "Sources", "new_network", "set_default_network_class"]

T = TypeVar("T")
Sources = Mapping[str, tuple[tuple[str, int], ...]]


class NetworkCore:
    """A feedforward network of :class:`Neuron` objects in a networkx graph: its wiring,
    lookups by name, the views algorithms read, and its parameters by name.

    :class:`neurons.Network` is this class with the algorithms as methods; functions
    that take a network (``neurons.backprop.gradients(net, X, Y)``) accept either.

    Examples
    --------
    Who owns each value: a weight its neuron and input position, a bias its neuron.

    >>> net = NetworkCore()
    >>> net.add_input("x1")
    >>> h = net.add_layer(["h1", "h2"], ["x1"], [[0.5, -0.5]])
    >>> o1 = net.add_neuron("o1", {"h1": 1.0, "h2": 2.0}, bias=None)
    >>> net.parameter_slots()["w4"], net.parameter_slots()["b2"], net.weight_name("h2", "o1")
    (('o1', 1), ('h2', None), 'w4')
    >>> net
    <NetworkCore 1-2-1: 1 inputs, 3 neurons, 6 parameters>
    """

    def __init__(self) -> None:
        self._graph = NeuronGraph()
        # (The stubs bound the view's graph type invariantly to Mapping data, which no
        # subclass of DiGraph, whose data are dicts, meets; networkx accepts any graph.)
        self._view = nx.graphviews.generic_graph_view(self._graph)  # type: ignore[type-var]
        self._inputs: list[str] = []
        self._neurons: dict[str, Neuron] = {}  # in creation order, which fixes w1, w2, ...
        self._shared = SharedParameters()  # parameters used in many places (convolutions)
        self._grids: list[Grid] = []  # convolution and pooling layers, for the compiled path
        self._recurrences: list[Recurrence] = []  # unrolled recurrent layers, likewise
        self._cache: dict[str, Any] = {}  # derived from the wiring; cleared when it changes
        self._version = 0  # counts wiring changes, so compiled copies can tell they are stale

    def __getstate__(self) -> dict[str, Any]:
        # The cache is derived from the wiring (and holds read-only views pickle refuses).
        return {**self.__dict__, "_cache": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        # A network pickled before shared parameters, grids or recurrences existed has none.
        self.__dict__.update({"_shared": SharedParameters(), "_grids": [], "_recurrences": [],
                              **state})

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
        for node, data in self._graph.nodes(data=True):
            by_layer.setdefault(data["layer"], []).append(node)
        return tuple(tuple(by_layer[i]) for i in sorted(by_layer))

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

    def add_parameter(self, name: str, value: float) -> None:
        """Add a shared parameter: one value that several edges (or several neurons' biases)
        use, as a convolution's kernel does.

        Name it in :meth:`add_neuron` where a weight or a bias would go
        (``{"x1": "k1"}``, ``bias="c"``). The network owns it once; every edge that uses
        it reads its value, and its gradient is the sum over its uses.

        Raises
        ------
        DuplicateNameError
            For a name already taken by a shared parameter or a node.
        ParameterError
            For a name like the network's own (``w3``, ``b1``) or a value that is not finite.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network()
        >>> for x in ("x1", "x2", "x3"):
        ...     net.add_input(x)
        >>> net.add_parameter("k1", 0.5)
        >>> net.add_parameter("k2", -1.0)
        >>> h = net.add_neuron("h1", {"x1": "k1", "x2": "k2"}, bias=None)
        >>> h = net.add_neuron("h2", {"x2": "k1", "x3": "k2"}, bias=None)
        >>> net.parameters(), net.parameter_uses("k1")
        ({'k1': 0.5, 'k2': -1.0}, (('h1', 0), ('h2', 0)))
        """
        if isinstance(name, str) and name in self._graph:
            raise DuplicateNameError(f"{name!r} is a node of the network; a shared parameter "
                                     f"needs a name of its own")
        self._shared.add(name, value)
        self._changed()

    @property
    def shared_parameters(self) -> SharedParameters:
        """The table of shared parameters (read it; change values with
        :meth:`set_parameters`)."""
        return self._shared

    def add_neuron(
        self,
        name: str,
        inputs: Mapping[str, float | str] | Sequence[str],
        bias: float | str | None = 0.0,
        activation: str | Activation = "sigmoid",
        *,
        weights: Sequence[float | str] | None = None,
        fixed: bool = False,
        repeat: bool = False,
    ) -> Neuron:
        """Add a neuron that reads from existing nodes, and return it.

        Parameters
        ----------
        name : str
            A new node name.
        inputs : mapping of str to float or str, or sequence of str
            Source name -> weight; the insertion order is the neuron's input
            order. A string names a shared parameter (:meth:`add_parameter`)
            instead of a weight of the neuron's own. Or a sequence of source
            names, with ``weights`` beside it.
        bias : float, str or None, default 0.0
            ``None`` builds a neuron without a bias parameter; a string names a
            shared parameter.
        activation : str or Activation, default "sigmoid"
        weights : sequence of float or str, optional
            The weights when ``inputs`` is a sequence of names.
        fixed : bool, default False
            The weights and bias are constants, not parameters (average pooling).
        repeat : bool, default False
            Allow one shared parameter on two of this neuron's edges (a symmetric
            kernel, say); without it that is refused as a likely slip.

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
        self._check_sources(name, sources)
        numbers, shared, bias_value, bias_index = self._split_shared(
            name, weights, bias, fixed=check_flag(fixed, "fixed"),
            repeat=check_flag(repeat, "repeat"))
        neuron = Neuron(numbers, bias_value, activation, name=name, fixed=fixed)  # checks values
        layer = 1 + max(self._graph.nodes[src]["layer"] for src in sources)

        self._attach(neuron, tuple(sources), layer, shared, bias_index)
        self._changed()
        return neuron

    def add_pooling_neuron(self, name: str, inputs: Sequence[str], kind: str = "max",
                           activation: str | Activation = "identity") -> Neuron:
        """Add a pooling neuron: the largest of its inputs (``"max"``) or their mean
        (``"average"``, fixed weights 1/n). It has no parameters.

        A max neuron's derivative goes to the input that won (the first, on a tie):
        dL/da_j = delta_k for that input and 0 for the others.

        Raises
        ------
        DuplicateNameError, UnknownNameError, NetworkStructureError
            The network is unchanged.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network()
        >>> for x in ("x1", "x2"):
        ...     net.add_input(x)
        >>> p = net.add_pooling_neuron("p", ["x1", "x2"])
        >>> net.feedforward([3.0, 5.0]).tolist(), net.parameters()
        ([5.0], {})
        """
        kind = check_choice(kind, "kind", ("max", "average"))
        self._check_new_name(name)
        if isinstance(inputs, (str, Mapping)) or not isinstance(inputs, Iterable):
            raise ArgumentTypeError(f"inputs of pooling neuron {name!r} must be a list of "
                                    f"source names, not {type(inputs).__name__} {inputs!r}")
        sources = list(inputs)
        if len(set(sources)) != len(sources):
            raise NetworkStructureError(f"neuron {name!r} lists a source twice: {sources}")
        self._check_sources(name, sources)
        n = len(sources)
        neuron = (Neuron([1.0] * n, None, activation, name=name, kind="max") if kind == "max"
                  else Neuron([1.0 / n] * n, None, activation, name=name, fixed=True))
        layer = 1 + max(self._graph.nodes[src]["layer"] for src in sources)
        self._attach(neuron, tuple(sources), layer, None, None)
        self._changed()
        return neuron

    def add_grid(self, grid: Grid, kernel: Any = None, bias: Any = None,
                 activation: str | Activation = "identity") -> list[Neuron]:
        """Add a convolution or pooling layer laid out by ``grid`` (:mod:`neurons.grids`):
        its shared parameters and its neurons, and return the neurons.

        Parameters
        ----------
        grid : Grid
            From :meth:`Grid.convolution <neurons.grids.Grid.convolution>` or
            :meth:`Grid.pooling <neurons.grids.Grid.pooling>`; its inputs must exist.
        kernel : array-like, optional
            A convolution's kernel values, one per ``grid.kernel_names`` (out channels x in
            channels x kernel, row-major). Default: zeros.
        bias : array-like, optional
            A convolution's biases, one per output channel. Default: zeros.
        activation : str or Activation, default "identity"

        Raises
        ------
        DuplicateNameError, UnknownNameError, ShapeError, ParameterError
            Everything is checked before anything is added: the network is unchanged.

        Examples
        --------
        >>> from neurons import Network
        >>> from neurons.grids import Grid
        >>> net = Network()
        >>> for i in range(1, 5):
        ...     net.add_input(f"x{i}")
        >>> grid = Grid.convolution("c1", net.inputs, (1, 4), channels=1, kernel=2)
        >>> _ = net.add_grid(grid, kernel=[1.0, -1.0], bias=[0.5])
        >>> net.feedforward([1.0, 3.0, 2.0, 2.0]).tolist()
        [-1.5, 1.5, 0.5]
        """
        grid.check_network_inputs(self)
        for name in grid.neurons:
            self._check_new_name(name)
        table = self._shared
        names = (*grid.kernel_names, *grid.bias_names)
        for name in names:
            if name in table or name in self._graph:
                raise DuplicateNameError(f"layer {grid.name}: the network already has a "
                                         f"{'node' if name in self._graph else 'parameter'} "
                                         f"named {name!r}")
        k_values = self._grid_values(grid, kernel, len(grid.kernel_names), "kernel")
        b_values = self._grid_values(grid, bias, len(grid.bias_names), "bias")
        act = activations_get(activation)
        layer_of = self._graph.nodes
        rows = grid.sources()
        inputs = grid.inputs
        kind = grid.kind
        templates: dict[int, Neuron] = {}  # one checked neuron per fan-in; the rest are twins
        sources_of: dict[tuple[int, ...], tuple[tuple[str, ...], int]] = {}
        for row in rows:
            key = tuple(row)
            if key not in sources_of:  # neurons at one place in every channel read alike
                src = tuple(inputs[i] for i in row)
                sources_of[key] = (src, 1 + max(layer_of[j]["layer"] for j in src))
            n = len(row)
            if n not in templates:
                templates[n] = Neuron(
                    np.zeros(n) if kind == "conv" else np.full(n, 1.0 if kind == "max" else 1 / n),
                    None if kind != "conv" or not grid.bias_names else 0.0, act,
                    name=grid.neurons[0], kind="max" if kind == "max" else "sum",
                    fixed=kind != "conv")
        # Checked: from here on nothing can fail.
        first = len(table)
        for name, v in zip(names, (*k_values, *b_values)):
            table.add(name, v)
        for name in grid.kernel_names:
            table.role[name] = "weight"
        for name in grid.bias_names:
            table.role[name] = "bias"
        with collection_paused():  # thousands of neurons and their edges, no cycles among them
            self._add_grid_neurons(grid, rows, templates, sources_of, first)
        self._grids.append(grid)
        self._changed()
        return list(map(self._neurons.__getitem__, grid.neurons))

    def _add_grid_neurons(self, grid: Grid, rows: list[list[int]],
                          templates: dict[int, Neuron],
                          sources_of: dict[tuple[int, ...], tuple[tuple[str, ...], int]],
                          first: int) -> None:
        table = self._shared
        taps = grid.kernel_taps() if grid.kind == "conv" else None
        per_channel = len(grid.neurons) // grid.out_shape[0]
        n_kernel = len(grid.kernel_names)
        built: list[Neuron] = []
        tied: dict[tuple[int, ...], Neuron] = {}  # one template per kernel window
        nodes = []
        for n, (name, row) in enumerate(zip(grid.neurons, rows)):
            if taps is None:
                neuron = templates[len(row)].twin(name)
            else:
                key = tuple(taps[n])
                if key not in tied:
                    tied[key] = templates[len(row)].twin(name)
                    tied[key].use_shared(table, range(len(row)), [first + t for t in key], None)
                neuron = tied[key].twin(
                    name, first + n_kernel + n // per_channel if grid.bias_names else None)
            src, layer = sources_of[tuple(row)]
            neuron.inputs = src
            nodes.append((name, {"layer": layer, "neuron": neuron}))
            built.append(neuron)
        self._graph.add_nodes_from(nodes)
        self._graph.add_layer_edges(built)
        self._neurons.update((n.name, n) for n in built)

    @property
    def grids(self) -> tuple[Grid, ...]:
        """The convolution and pooling layers added with :meth:`add_grid`, in order."""
        return tuple(self._grids)

    def add_recurrence(self, recurrence: Recurrence, W_xh: Any = None, W_hh: Any = None,
                       W_hy: Any = None, b_h: Any = None, b_y: Any = None,
                       activation: str | Activation = "tanh",
                       output_activation: str | Activation = "identity") -> list[Neuron]:
        """Add an Elman network unrolled over time (:mod:`neurons.recurrence`): its input
        nodes (those not in the network yet), its shared parameters and its neurons, step
        after step; return the neurons.

        Parameters
        ----------
        recurrence : Recurrence
            From :meth:`Recurrence.elman <neurons.recurrence.Recurrence.elman>`.
        W_xh, W_hh, W_hy : array-like, optional
            hidden x inputs, hidden x hidden and outputs x hidden, indexed (to, from) as
            PyTorch's ``weight_ih_l0``, ``weight_hh_l0`` and a ``Linear``'s weight. Default 0.
        b_h, b_y : array-like, optional
            The hidden and output biases. Default 0.
        activation, output_activation : str or Activation
            f (default tanh) and g (default identity).

        Raises
        ------
        DuplicateNameError, ShapeError, ParameterError
            Everything is checked before anything is added: the network is unchanged.

        Examples
        --------
        >>> from neurons import Network
        >>> from neurons.recurrence import Recurrence
        >>> net = Network()
        >>> _ = net.add_recurrence(Recurrence.elman(1, 1, 1, steps=2), W_xh=[[1.0]],
        ...                        W_hh=[[0.5]], W_hy=[[2.0]], activation="identity")
        >>> net.feedforward([1.0, 1.0]).tolist()   # y1 = 2 * 1, y2 = 2 * (1 + 0.5 * 1)
        [2.0, 3.0]
        """
        r = recurrence
        if not isinstance(r, Recurrence):
            raise ArgumentTypeError(f"add_recurrence needs a Recurrence (Recurrence.elman(...)), "
                                    f"not {type(r).__name__}")
        names = r.parameter_names
        for name in names:
            if name in self._shared or name in self._graph:
                raise DuplicateNameError(
                    f"{r.name}: the network already has a "
                    f"{'node' if name in self._graph else 'parameter'} named {name!r}; one "
                    f"network holds one recurrence of these names")
        for name in (*r.hidden, *r.output_names):
            self._check_new_name(name)
        for x in r.inputs:
            if x in self._graph and x not in self._inputs and x not in self._neurons:
                self._check_node(x, role=f"input of {r.name}")
        values = [self._recurrence_values(r, v, shape, what) for v, shape, what in zip(
            (W_xh, W_hh, W_hy, b_h, b_y), r.shapes, ("W_xh", "W_hh", "W_hy", "b_h", "b_y"))]
        f, g = activations_get(activation), activations_get(output_activation)
        # Checked: from here on nothing can fail.
        for x in r.inputs:
            if x not in self._graph:
                self.add_input(x)
        table = self._shared
        n_weights = len(r.w_xh) + len(r.w_hh) + len(r.w_hy)
        for i, (name, v) in enumerate(zip(names, (v for vs in values for v in vs))):
            table.add(name, v)
            table.role[name] = "weight" if i < n_weights else "bias"
        made = []
        for t in range(1, r.steps + 1):
            for i, (name, reads, bias) in enumerate(r.neurons_at(t)):
                made.append(self.add_neuron(name, reads, bias=bias,
                                            activation=f if i < r.n_hidden else g))
        self._recurrences.append(r)
        self._changed()
        return made

    @staticmethod
    def _recurrence_values(r: Recurrence, values: Any, shape: tuple[int, ...],
                           what: str) -> list[float]:
        if values is None:
            return [0.0] * int(np.prod(shape))
        v = None if isinstance(values, str) else np.asarray(values, dtype=float)
        if v is None or v.shape != shape:
            raise ShapeError(f"{r.name}: {what} must be {' x '.join(map(str, shape))} "
                             f"({r.describe()}), not {values!r:.60}")
        v = v.reshape(-1)
        bad = first_nonfinite(v)
        if bad is not None:
            raise ParameterError(f"{r.name}: {what} value {bad[0]} is {v[bad]}; parameters "
                                 f"must be finite")
        return v.tolist()

    @property
    def recurrences(self) -> tuple[Recurrence, ...]:
        """The unrolled recurrent networks added with :meth:`add_recurrence`, in order."""
        return tuple(self._recurrences)

    @staticmethod
    def _grid_values(grid: Grid, values: Any, n: int, what: str) -> list[float]:
        if values is None:
            return [0.0] * n
        v = np.asarray(values, dtype=float).reshape(-1) if not isinstance(values, str) else None
        if v is None or v.shape[0] != n:
            raise ShapeError(f"layer {grid.name}: the {what} needs {n} values "
                             f"({grid.describe()}), not {values!r:.60}")
        bad = first_nonfinite(v)
        if bad is not None:
            raise ParameterError(f"layer {grid.name}: {what} value {bad[0]} is {v[bad]}; "
                                 f"parameters must be finite")
        return v.tolist()

    def _check_sources(self, name: str, sources: list[str]) -> None:
        if not sources:
            raise NetworkStructureError(f"neuron {name!r} needs at least one input")
        if name in sources:
            raise NetworkStructureError(
                f"neuron {name!r} cannot read from itself: a feedforward neuron reads from "
                f"inputs and earlier neurons only")
        for src in sources:
            self._check_node(src, role=f"source of {name!r}")

    def _split_shared(self, name: str, weights: Sequence[Any], bias: Any, *, fixed: bool,
                      repeat: bool) -> tuple[list[Any], tuple[tuple[int, int], ...] | None,
                                           Any, int | None]:
        """Separate the names of shared parameters from numbers, checking them: the numbers
        (0.0 where a shared parameter goes), the (position, table index) pairs or None,
        the bias's number and its table index."""
        table = self._shared
        shared: list[tuple[int, int]] = []
        numbers = list(weights)
        who = f"neuron {name!r}"
        for i, w in enumerate(numbers):
            if isinstance(w, str):
                shared.append((i, self._use_shared(w, "weight", who, fixed, i)))
                numbers[i] = 0.0
        if not repeat and len({p for _, p in shared}) < len(shared):
            seen: dict[int, int] = {}
            for i, p in shared:
                if p in seen:
                    raise ParameterError(
                        f"{who} uses the shared parameter {table.names[p]!r} on two of its "
                        f"edges (inputs {seen[p]} and {i}); if that is meant (a symmetric "
                        f"kernel), pass repeat=True")
                seen[p] = i
        bias_index = None
        if isinstance(bias, str):
            bias_index = self._use_shared(bias, "bias", who, fixed)
            bias = 0.0
        return numbers, tuple(shared) or None, bias, bias_index

    def _use_shared(self, parameter: str, role: str, who: str, fixed: bool,
                    position: int | None = None) -> int:
        if parameter not in self._shared:
            what = f"weight {position}" if position is not None else role
            known = self._shared.names
            raise UnknownParameterError(
                f"the {what} of {who} is the string {parameter!r}, which names no shared "
                f"parameter{did_you_mean(parameter, known)}: give a number, or add the "
                f"parameter first with net.add_parameter({parameter!r}, value) (shared "
                f"parameters: {', '.join(known[:8]) if known else 'none yet'})")
        if fixed:
            raise ParameterError(f"{who} is fixed (its weights are constants) and cannot use "
                                 f"the shared parameter {parameter!r}; give it numbers")
        index = self._shared.index(parameter, who)
        used_as = self._shared.role.get(parameter, role)
        if used_as != role:
            raise ParameterError(
                f"{who} uses {parameter!r} as a {role}, but it is a shared {used_as} "
                f"already; add a separate parameter for the {role}")
        return index

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

    def connect(self, source: str, target: str, weight: float | str, *,
                repeat: bool = False) -> None:
        """Add a connection ``source -> target`` to an existing neuron (a new last input).

        ``weight`` is a number, or the name of a shared parameter; ``repeat=True`` allows
        one the neuron already uses on another edge (as in :meth:`add_neuron`).

        Raises
        ------
        UnknownNameError, ParameterError, NetworkStructureError, CycleError
            For unknown nodes, an input as target, an existing connection, or a
            connection that would close a cycle. The network is unchanged.
        """
        self.connect_many([(source, target, weight)], repeat=repeat)

    def connect_many(self, connections: Iterable[tuple[str, str, float | str]], *,
                     repeat: bool = False) -> None:
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
        new: dict[tuple[str, str], float | int] = {}
        source_weights: dict[tuple[str, str], Any] = {}  # as given: a number or a name
        for source, target, weight in connections:
            self._check_node(source, role="source")
            neuron = self._target_neuron(target)
            w = (self._use_shared(weight, "weight", f"neuron {target!r}", neuron.fixed)
                 if isinstance(weight, str)
                 else check_number(weight, f"weight {source} -> {target}"))
            if isinstance(weight, str) and not check_flag(repeat, "repeat") and (
                    weight in neuron.shared
                    or any(t == target and v == weight for (_, t), v in source_weights.items())):
                raise ParameterError(
                    f"neuron {target!r} uses the shared parameter {weight!r} on another edge "
                    f"already; if that is meant (a symmetric kernel), pass repeat=True")
            if self._graph.has_edge(source, target) or (source, target) in new:
                raise NetworkStructureError(
                    f"{source} -> {target} exists already; use set_weight to change its weight")
            if source == target:
                raise CycleError(f"connecting {source} -> {target} would make the cycle "
                                 f"{source} -> {target}; a neuron cannot read from itself")
            new[source, target] = w
            source_weights[source, target] = weight
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
        by_target: dict[str, list[tuple[str, float | int]]] = {}
        for (source, target), w in new.items():
            by_target.setdefault(target, []).append((source, w))
        for target, added in by_target.items():
            neuron = self._neurons[target]
            first = len(neuron.inputs)
            neuron.inputs = (*neuron.inputs, *(s for s, _ in added))
            tied = [(first + n, int(w)) for n, (src, w) in enumerate(added)  # w: its index
                    if isinstance(source_weights[src, target], str)]
            neuron.set_parameters(np.append(neuron.weights, [
                0.0 if isinstance(source_weights[s, target], str) else w for s, w in added]),
                check=False)
            if tied:
                pairs = (*zip(neuron._shared_at, neuron._shared_index), *tied)
                neuron.use_shared(self._shared, [i for i, _ in pairs], [p for _, p in pairs],
                                  neuron._shared_bias)
                for _, p in tied:
                    self._shared.role.setdefault(self._shared.names[p], "weight")
            self._graph.add_neuron_edges(neuron, [s for s, _ in added], first)
        for node in nx.topological_sort(self._graph):  # layers may have moved down
            preds = self._graph.pred[node]
            if preds:
                self._graph.nodes[node]["layer"] = 1 + max(
                    self._graph.nodes[p]["layer"] for p in preds
                )
        self._changed()

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
        v = check_number(value, f"weight {source} -> {target}")
        shared = neuron.shared[i]
        if shared is not None:
            raise ParameterError(
                f"{source} -> {target} uses the shared parameter {shared!r} (with "
                f"{len(self.parameter_uses(shared))} uses): set it for all of them with "
                f"net.set_parameters({{{shared!r}: {v!r}}})")
        if neuron.fixed:
            raise ParameterError(f"the weight of {source} -> {target} is a constant of a fixed "
                                 f"neuron (pooling), not a parameter")
        w = np.array(neuron.weights)
        w[i] = v
        neuron.set_own_parameters(w[list(neuron.own_positions)], None)


    # -- what the algorithms read (cached per wiring) ---------------------------------------
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
        """The network's own parameters: name -> (neuron name, input position), position
        ``None`` for a bias.

        In the order of :meth:`parameters`: weights ``w1, w2, ...`` by neuron creation
        and then input order, then biases ``b1, b2, ...`` of the neurons that have one.
        Shared parameters (:meth:`add_parameter`) have many uses and are not here: see
        :meth:`parameter_uses`; fixed weights (pooling) are constants and have no name.
        """
        if "slots" not in self._cache:
            slots: dict[str, tuple[str, int | None]] = {}
            n_w = 0
            for k, neuron in self._neurons.items():
                for i in neuron.own_positions:
                    n_w += 1
                    slots[f"w{n_w}"] = (k, i)
            n_b = 0
            for k, neuron in self._neurons.items():
                if neuron.has_own_bias:
                    n_b += 1
                    slots[f"b{n_b}"] = (k, None)
            self._cache["slots"] = MappingProxyType(slots)
        return self._cache["slots"]

    def parameter_names(self) -> tuple[str, ...]:
        """Every parameter's name, in :meth:`parameters` order (w1, w2, ..., b1, ..., then
        the shared parameters in the order they were added)."""
        return self.derived("parameter names",
                            lambda: (*self.parameter_slots(), *self._shared.names))

    def parameter_uses(self, name: str) -> tuple[tuple[str, int | None], ...]:
        """Every place a parameter is used: ``(neuron, input position)``, position ``None``
        for a bias. A parameter of the network's own has one use; a shared one has one per
        edge (or bias) that names it, in neuron creation and input order.

        Examples
        --------
        >>> from neurons import Network
        >>> Network.dense([2, 2, 1], seed=0).parameter_uses("w5")
        (('o1', 0),)
        """
        if name in self._shared:
            uses = self.derived("shared uses", self._shared_uses)
            return uses.get(name, ())
        return (self.parameter_slot(name),)

    def _shared_uses(self) -> dict[str, tuple[tuple[str, int | None], ...]]:
        found: dict[str, list[tuple[str, int | None]]] = {}
        for k, neuron in self._neurons.items():
            for i, p in enumerate(neuron.shared):
                if p is not None:
                    found.setdefault(p, []).append((k, i))
            if neuron.shared_bias is not None:
                found.setdefault(neuron.shared_bias, []).append((k, None))
        return {p: tuple(u) for p, u in found.items()}

    def parameter_slot(self, name: str) -> tuple[str, int | None]:
        """Return ``(neuron name, input position)`` of a parameter (position ``None``: bias).

        Raises
        ------
        UnknownNameError
            For a name the network does not have; the message gives the valid range.
        ParameterError
            For a shared parameter, which has many places: see :meth:`parameter_uses`.
        """
        slots = self.parameter_slots()
        if not isinstance(name, str) or name not in slots:
            check_name(name, "a parameter name")
            if name in self._shared:
                raise ParameterError(
                    f"{name!r} is a shared parameter with {len(self.parameter_uses(name))} "
                    f"uses, not one place: see net.parameter_uses({name!r})")
            n_w = sum(1 for p in slots if p.startswith("w"))
            n_b = len(slots) - n_w
            hint = did_you_mean(name, [name.lower()] if name.lower() in slots else
                                list(self._shared.names))
            shared = self._shared.names
            raise UnknownNameError(
                f"no parameter named {name!r}{hint}; this network has weights "
                + (f"w1..w{n_w}" if n_w else "(none of its own)") + " and biases "
                + (f"b1..b{n_b}" if n_b else "(none)")
                + (f", and shared parameters {', '.join(shared[:8])}"
                   f"{', ...' if len(shared) > 8 else ''}" if shared else "")
            )
        return slots[name]

    def edge_parameters(self) -> tuple[np.ndarray, np.ndarray]:
        """Where each edge and each bias finds its value in :meth:`parameter_vector`.

        Returns ``(edges, biases)``: ``edges[e]`` for every edge, neurons in creation
        order and each neuron's inputs in order (the order of
        ``chain(*(n.inputs for n in net.neurons))``), and ``biases[k]`` for every neuron
        in creation order; -1 where the value is a constant (a fixed neuron, or no bias).
        A shared parameter's index appears once per use.

        Examples
        --------
        >>> from neurons import Network
        >>> edges, biases = Network.dense([2, 2, 1], seed=0).edge_parameters()
        >>> edges.tolist(), biases.tolist()
        ([0, 1, 2, 3, 4, 5], [6, 7, 8])
        """
        return self.derived("edge parameters", self._edge_parameters)

    def _edge_parameters(self) -> tuple[np.ndarray, np.ndarray]:
        neurons = self._neurons.values()
        counts = [len(n.inputs) for n in neurons]
        edges = np.full(sum(counts), -1, dtype=np.intp)
        biases = np.full(len(counts), -1, dtype=np.intp)
        n_own = self.n_weights
        n_bias = n_own + sum(1 for n in neurons if n.has_own_bias)
        start = own = b = 0
        for k, (n, count) in enumerate(zip(neurons, counts)):
            if not n.fixed:
                positions = n.own_positions
                if len(positions) == count:
                    edges[start:start + count] = np.arange(own, own + count)
                else:
                    edges[[start + i for i in positions]] = np.arange(own, own + len(positions))
                    for i, p in zip(n._shared_at, n._shared_index):
                        edges[start + i] = n_bias + p
                own += len(positions)
                if n.has_own_bias:
                    biases[k] = n_own + b
                    b += 1
                elif n._shared_bias is not None:
                    biases[k] = n_bias + n._shared_bias
            start += count
        return edges, biases

    @property
    def edges_are_parameters(self) -> bool:
        """Whether every edge is a weight of its own and every bias its neuron's (no shared
        parameters, no pooling constants): then the parameter vector is the edges' weights
        in edge order, then the biases, and the algorithms take their shortest way.

        Examples
        --------
        >>> from neurons import Network
        >>> Network.dense([2, 2, 1]).edges_are_parameters
        True
        """
        return self.derived("edges are parameters", lambda: not len(self._shared)
                            and not any(n.fixed for n in self._neurons.values()))

    def weight_indices(self) -> slice | np.ndarray:
        """The positions in :meth:`parameter_vector` of the parameters used as weights (L2
        penalises them, not the biases): a slice when they are the first :attr:`n_weights`.
        """
        def compute() -> slice | np.ndarray:
            table = self._shared
            tied = [self.n_parameters - len(table) + i for i, p in enumerate(table.names)
                    if table.role.get(p) == "weight"]
            if not tied:
                return slice(0, self.n_weights)
            return np.concatenate([np.arange(self.n_weights), tied]).astype(np.intp)
        return self.derived("weight indices", compute)

    # -- parameters by name ------------------------------------------------------------------
    def weight_name(self, source: str, target: str) -> str:
        """Return the parameter name (``"w5"``, or a shared parameter's name) of the
        connection ``source -> target``.

        Raises
        ------
        UnknownNameError
            For a connection the network does not have.
        ParameterError
            For a fixed connection (pooling), whose weight is a constant, not a parameter.
        """
        if "weight_names" not in self._cache:
            names: dict[tuple[str, str], str] = {
                (self._neurons[k].inputs[i], k): name
                for name, (k, i) in self.parameter_slots().items() if i is not None
            }
            for name, uses in self.derived("shared uses", self._shared_uses).items():
                names.update(((self._neurons[k].inputs[i], k), name)
                             for k, i in uses if i is not None)
            self._cache["weight_names"] = names
        try:
            return self._cache["weight_names"][source, target]
        except KeyError:
            neuron = self._neurons.get(target)
            if neuron is not None and neuron.fixed and source in neuron.inputs:
                what = "max pooling" if neuron.kind == "max" else "a fixed neuron"
                raise ParameterError(f"the weight of {source} -> {target} is a constant of "
                                     f"{what}, not a parameter: it has no name") from None
            raise UnknownNameError(f"there is no connection {source} -> {target}") from None

    def bias_name(self, neuron: str) -> str:
        """Return the parameter name (``"b2"``, or a shared parameter's name) of a neuron's
        bias.

        Raises
        ------
        UnknownNameError
            For a node that is not a neuron of the network.
        ParameterError
            For a neuron built without a bias (``bias=None``), or a fixed one.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1], seed=0)
        >>> net.bias_name("h2"), net.weight_name("h2", "o1")
        ('b2', 'w6')
        """
        if "bias_names" not in self._cache:
            self._cache["bias_names"] = {
                k: name for name, (k, i) in self.parameter_slots().items() if i is None}
        names = self._cache["bias_names"]
        if neuron not in names:
            n = self.neuron(neuron)  # also refuses an unknown name or an input
            if n.shared_bias is not None:
                return n.shared_bias
            if not n.has_bias:
                raise ParameterError(f"neuron {neuron!r} was built with bias=None: it has no "
                                     f"bias parameter")
            raise ParameterError(f"neuron {neuron!r} is fixed: its bias is a constant, not a "
                                 f"parameter")
        return names[neuron]

    def parameters(self) -> dict[str, float]:
        """Return every parameter as an ordered name -> value mapping (w1.., then b1.., then
        the shared parameters), each parameter once."""
        values = {name: self._get(k, i) for name, (k, i) in self.parameter_slots().items()}
        values.update(zip(self._shared.names, self._shared.list()))
        return values

    def parameter(self, name: str) -> float:
        """Return the value of one parameter (``"w1"``, ``"b2"``, a shared ``"k1"``, ...)."""
        if isinstance(name, str) and name in self._shared:
            return self._shared.value(name)
        return self._get(*self.parameter_slot(name))

    def parameter_location(self, name: str) -> tuple[str, str | None]:
        """Return where a parameter sits: ``(source, neuron)`` for a weight, ``(neuron, None)``
        for a bias. A shared parameter sits in many places: see :meth:`parameter_uses`."""
        k, i = self.parameter_slot(name)
        return (k, None) if i is None else (self._neurons[k].inputs[i], k)

    def set_parameters(self, values: Mapping[str, float]) -> None:
        """Set any subset of the parameters by name; all are checked before any is written.

        A shared parameter is set once and every edge that uses it reads the new value.

        Raises
        ------
        UnknownNameError, ParameterError
            The network is unchanged.
        """
        if not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"set_parameters takes a mapping of parameter names to values (such as "
                f"{{'w1': 0.5}}), not {type(values).__name__}")
        table = self._shared
        checked = {name: (None if isinstance(name, str) and name in table
                          else self.parameter_slot(name), check_number(v, name))
                   for name, v in values.items()}
        new_weights: dict[str, np.ndarray] = {}
        for name, (slot, v) in checked.items():
            if slot is None:
                table.set(name, v)
                continue
            k, i = slot
            if i is None:
                self._neurons[k].set_own_parameters(self._neurons[k].own_weights, v)
            else:
                new_weights.setdefault(k, np.array(self._neurons[k].weights))[i] = v
        for k, w in new_weights.items():
            neuron = self._neurons[k]
            neuron.set_own_parameters(w[list(neuron.own_positions)], None)

    def parameter_vector(self) -> np.ndarray:
        """Return every parameter's value as one float64 array, in :meth:`parameters` order.

        Weights come first (w1, w2, ...: each neuron's own weights in creation order), then
        the biases, then the shared parameters. It is gathered neuron by neuron, one array
        copy each, so it costs what the arrays cost, not a Python step per parameter.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1], seed=0)
        >>> net.parameter_vector().tolist() == list(net.parameters().values())
        True
        """
        neurons = self._neurons.values()
        biases = np.array([n.bias for n in neurons if n.has_own_bias], dtype=float)
        return np.concatenate([*(n.own_weights for n in neurons), biases,
                               self._shared.array()])

    def set_parameter_vector(self, values: Any) -> None:
        """Set every parameter from one array in :meth:`parameters` order (the inverse of
        :meth:`parameter_vector`); checked whole before anything is written.

        Each neuron receives its weights as one array (a view of a copy of ``values``),
        so writing back a trained network costs one step per neuron.

        Raises
        ------
        ShapeError, ParameterError
            For the wrong length or a value that is not finite. The network is unchanged.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1], seed=0)
        >>> net.set_parameter_vector(np.arange(9.0))
        >>> net.parameter("w3"), net.parameter("b1")
        (2.0, 6.0)
        """
        v = np.array(values, dtype=float).reshape(-1)
        if v.shape[0] != self.n_parameters:
            raise ShapeError(f"the network has {self.n_parameters} parameters; got "
                             f"{v.shape[0]} values")
        bad = first_nonfinite(v)
        if bad is not None:
            name = self.parameter_names()[bad[0]]
            raise ParameterError(f"{name} would be {v[bad]}; parameters must be finite")
        v.flags.writeable = False  # each neuron keeps a read-only view of its slice
        start = 0
        n_shared = len(self._shared)
        end_biases = v.shape[0] - n_shared
        biases = iter(v[self.n_weights:end_biases].tolist())
        for neuron, count in zip(self._neurons.values(), self._own_counts()):
            if count or neuron.has_own_bias:
                neuron.set_own_parameters(v[start:start + count],
                                          next(biases) if neuron.has_own_bias else None)
            start += count
        if n_shared:
            self._shared.set_all(v[end_biases:].tolist())

    def _own_counts(self) -> list[int]:
        return self.derived("own counts", lambda: [len(n.own_positions) if n._shared_at
                                                   else 0 if n.fixed else len(n.inputs)
                                                   for n in self._neurons.values()])

    @property
    def n_weights(self) -> int:
        """How many weights of their own the neurons have (they come first in
        :meth:`parameter_vector`); shared parameters are counted in :attr:`n_parameters`."""
        return self.derived("n_weights", lambda: sum(self._own_counts()))

    @property
    def n_parameters(self) -> int:
        """How many parameters (weights, biases, shared parameters) the network has."""
        # Whether a neuron has a bias is fixed when it is made: this follows from the wiring.
        return self.derived("n_parameters", lambda: self.n_weights + sum(
            1 for n in self._neurons.values() if n.has_own_bias) + len(self._shared))

    def _get(self, k: str, i: int | None) -> float:
        neuron = self._neurons[k]
        if i is not None:
            return float(neuron.weights[i])
        assert neuron.bias is not None  # a bias's slot exists only for a neuron with one
        return float(neuron.bias)

    # -- internals ---------------------------------------------------------------------------
    def _attach(self, neuron: Neuron, sources: tuple[str, ...], layer: int,
                shared: tuple[tuple[int, int], ...] | None = None,
                bias_index: int | None = None) -> None:
        # A checked neuron joins the graph; its edges read their weights from it.
        self._graph.add_node(neuron.name, layer=layer, neuron=neuron)
        neuron.inputs = sources
        if shared or bias_index is not None:
            table = self._shared
            pairs = shared or ()
            neuron.use_shared(table, [i for i, _ in pairs], [p for _, p in pairs], bias_index)
            names = table.names
            for _, p in pairs:
                table.role.setdefault(names[p], "weight")
            if bias_index is not None:
                table.role.setdefault(names[bias_index], "bias")
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
        if name in self._shared:
            raise DuplicateNameError(f"{name!r} is a shared parameter of the network; a node "
                                     f"needs a name of its own")
    # -- checks ------------------------------------------------------------------------------
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

    def __repr__(self) -> str:
        sizes = [len(layer) for layer in self.layers]
        shape = '-'.join(map(str, sizes)) or 'empty'
        for r in self._recurrences:  # layers by depth say little of a recurrence: its sizes
            if len(self._neurons) == len(r.hidden) + len(r.output_names):
                shape = (f"{r.n_inputs}-{r.n_hidden}-{r.n_outputs} recurrent, unrolled over "
                         f"{r.steps} steps")
        return (
            f"<{type(self).__name__} {shape}: "
            f"{len(self._inputs)} inputs, {len(self._neurons)} neurons, "
            f"{self.n_parameters} parameters>"
        )


N = TypeVar("N", bound=NetworkCore)
# What functions that build a network (builders, files, checkpoints, the bridges) make when
# no class is given. Algorithms sit below the facade and cannot import it, so the facade
# names itself here when it is defined (neurons.network); until then it is NetworkCore.
_default_class: list[type[NetworkCore]] = [NetworkCore]


def set_default_network_class(cls: type[NetworkCore]) -> None:
    """Make ``cls`` what :func:`new_network` builds by default (:class:`neurons.Network` calls
    this once, when it is defined)."""
    if not (isinstance(cls, type) and issubclass(cls, NetworkCore)):
        raise ArgumentTypeError(f"the default network class must be a subclass of "
                                f"NetworkCore, not {cls!r}")
    _default_class[0] = cls


@overload
def new_network(cls: None = None) -> NetworkCore: ...
@overload
def new_network(cls: type[N]) -> N: ...
def new_network(cls: type[N] | None = None) -> N | NetworkCore:
    """Return an empty network of class ``cls`` (default: :class:`neurons.Network`).

    Functions that build networks take ``cls`` and pass it here, so that
    ``MyNetwork.dense(...)`` and ``MyNetwork.load(...)`` give a ``MyNetwork``.

    Examples
    --------
    >>> import neurons
    >>> type(new_network()).__name__, type(new_network(NetworkCore)).__name__
    ('Network', 'NetworkCore')
    """
    made = (cls or _default_class[0])()
    if not isinstance(made, NetworkCore):
        raise ArgumentTypeError(f"cls must be a network class (a subclass of NetworkCore), "
                                f"not {cls!r}")
    return made
