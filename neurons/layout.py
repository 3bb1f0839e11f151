"""Where each parameter of a network sits in the compiled arrays, and moving values at array speed.

The vectorized path (:mod:`neurons.compiled`) keeps one weight block ``W[s, t]``
per pair of layers that has a connection, rows the nodes of layer s, columns the
neurons of layer t, and one bias vector per layer, all of them views into one
flat array (the *compiled order*: the blocks one after another, row by row, then
the biases). The network lists the same parameters in its own order
(:meth:`neurons.Network.parameter_vector`: w1, w2, ... neuron by neuron, then
b1, b2, ...). A :class:`Layout` holds the map between the two, computed once
from the wiring, so that compiling and writing back are a few array copies:

* a block whose neurons were created one after another and each read the whole
  source layer in order (every block of ``Network.dense``) is, transposed, one
  contiguous run of the parameter vector: ``W.T == vector[start:end].reshape(...)``;
* any other block keeps index arrays: ``W[rows[i], cols[i]]`` is parameter ``pidx[i]``,
  and a mask that holds the absent connections at zero.

Shared parameters (:mod:`neurons.parameters`) sit once each, after the biases,
in the table's order: the last ``n_shared`` entries of the compiled order are
the last ``n_shared`` of the parameter vector. An edge that uses one is not an
entry of its block's ``W``: the block lists it (``tied_rows``, ``tied_cols``,
``tied_index`` into the shared section), and the compiled path gathers it into
the block before each product and sums the block's gradient back into it. An
edge of a fixed neuron is a constant the block lists the same way. A layer laid
out by a :class:`~neurons.grids.Grid` whose neurons are still wired as the grid
says runs as one :class:`GridOp` (a convolution, or pooling), not as a block; a
max neuron elsewhere joins a :class:`MaxOp` of its layer. A network that is one
:class:`~neurons.recurrence.Recurrence`, still wired as it says, runs as a
:class:`RecurrentOp`: a loop over time with one product per step, and no blocks.

Examples
--------
>>> from neurons import Network
>>> layout = Layout(Network.dense([2, 3, 1], seed=0))
>>> [(b.s, b.t, b.shape, b.start) for b in layout.blocks]
[(0, 1, (2, 3), 0), (1, 2, (3, 1), 6)]
>>> layout.size, layout.n_parameters
(13, 13)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from math import prod
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .activations import Activation
    from .core import NetworkCore
    from .grids import Grid
    from .recurrence import Recurrence

__all__ = ["BlockLayout", "GridOp", "Layout", "MaxOp", "RecurrentOp"]

_EMPTY = np.zeros(0, dtype=np.intp)


@dataclass
class BlockLayout:
    """The connections from layer ``s`` into layer ``t``: one (nodes in s) x (neurons in t)
    block at ``offset`` in the compiled order."""

    s: int
    t: int
    shape: tuple[int, int]
    offset: int
    start: int | None  # contiguous: W.T is parameters[start:start + size], else None
    rows: np.ndarray | None = None  # otherwise W[rows[i], cols[i]] is parameter pidx[i]
    cols: np.ndarray | None = None
    pidx: np.ndarray | None = None
    mask: np.ndarray | None = None  # 1.0 where a connection exists (None: all of them)
    # Edges that use a shared parameter: W[tied_rows[i], tied_cols[i]] is shared[tied_index[i]].
    tied_rows: np.ndarray = field(default_factory=lambda: _EMPTY)
    tied_cols: np.ndarray = field(default_factory=lambda: _EMPTY)
    tied_index: np.ndarray = field(default_factory=lambda: _EMPTY)
    # Edges of fixed neurons: constants, read from edge number fixed_edges[i] at compile time.
    fixed_rows: np.ndarray = field(default_factory=lambda: _EMPTY)
    fixed_cols: np.ndarray = field(default_factory=lambda: _EMPTY)
    fixed_edges: np.ndarray = field(default_factory=lambda: _EMPTY)


@dataclass
class GridOp:
    """A convolution or pooling layer (:class:`~neurons.grids.Grid`) run as one operation:
    it reads layer ``s`` (columns ``src``, or all of it in order when None) and writes
    layer ``t`` (columns ``out``, or all of it). A convolution's kernel and biases are at
    ``kernel_offset`` and ``bias_offset`` in the compiled order (``bias_offset`` None: no
    bias); a pooling layer's windows are ``windows`` (neurons x taps), columns of layer s
    (a convolution has none: 0 x 0).
    """

    grid: Grid
    s: int
    t: int
    src: np.ndarray | None
    out: np.ndarray | None
    kernel_offset: int = 0
    bias_offset: int | None = None
    windows: np.ndarray = field(default_factory=lambda: np.empty((0, 0), dtype=np.intp))
    neurons: tuple[str, ...] = ()
    unique: tuple[bool, ...] = ()  # per tap of ``windows``: no input column twice


@dataclass
class MaxOp:
    """Max neurons of layer ``t`` built by hand, with ``fan_in`` inputs each: neuron
    ``out[r]``'s input ``p`` is column ``cols[i]`` of layer ``layers[i]`` where
    ``(rows[i], taps[i]) == (r, p)``."""

    t: int
    fan_in: int
    out: np.ndarray
    layers: np.ndarray
    rows: np.ndarray
    taps: np.ndarray
    cols: np.ndarray


@dataclass
class RecurrentOp:
    """A whole network that is one unrolled :class:`~neurons.recurrence.Recurrence`.

    Its parameters sit in the shared section, in the record's order from ``offset``
    (compiled order): W_xh, W_hh, W_hy (each row by row, (to, from)), b_h, b_y.
    ``hidden_at[t]`` and ``output_at[t]`` are (layer, first column) of step t + 1's
    hidden and output neurons in ``net.layers`` (output_at: None at a step without
    outputs); each step's neurons are side by side in their layer.
    """

    recurrence: Recurrence
    f: Activation
    g: Activation
    offset: int
    hidden_at: list[tuple[int, int]]
    output_at: list[tuple[int, int] | None]

    def views(self, flat: np.ndarray) -> tuple[np.ndarray, ...]:
        """W_xh, W_hh, W_hy, b_h and b_y inside ``flat`` (compiled order), as views."""
        out, at = [], self.offset
        for shape in self.recurrence.shapes:
            size = prod(shape)
            out.append(flat[at:at + size].reshape(shape))
            at += size
        return tuple(out)


class Layout:
    """The compiled order of a network's parameters (see the module).

    Attributes
    ----------
    sizes : list of int
        Nodes per layer, inputs first (``net.layers``).
    blocks : list of BlockLayout
        By target layer, then source layer.
    bias_offsets : list of int
        Where layer t's bias vector starts in the compiled order (``bias_offsets[t - 1]``).
    bias_cols, bias_pidx : list of ndarray
        Layer t's neurons with a bias (columns) and their positions in parameter order.
    bias_masks : list of ndarray or None
        1.0 where a neuron of the layer has a bias (None: all have one).
    size, n_parameters, n_weights : int
        Entries of the compiled order (absent connections included), of the parameter
        vector, and how many of those are weights (they come first).
    """

    def __init__(self, net: NetworkCore) -> None:
        layers = net.layers
        self.sizes = [len(layer) for layer in layers]
        code = {name: i for i, name in enumerate(chain.from_iterable(layers))}
        node_layer = np.repeat(np.arange(len(layers)), self.sizes)
        node_row = np.concatenate([np.arange(n) for n in self.sizes])
        neurons = net.neurons
        counts = np.array([len(n.inputs) for n in neurons], dtype=np.intp)
        self.n_weights = net.n_weights
        self.n_parameters = net.n_parameters
        self.n_shared = len(net.shared_parameters)
        # Neurons built together (add_layer, dense) share one inputs tuple: look it up once.
        by_inputs: dict[int, np.ndarray] = {}
        for n in neurons:
            if id(n.inputs) not in by_inputs:
                by_inputs[id(n.inputs)] = np.fromiter(map(code.__getitem__, n.inputs),
                                                      np.intp, len(n.inputs))
        src = np.concatenate([by_inputs[id(n.inputs)] for n in neurons])
        tgt = np.repeat(np.array([code[n.name] for n in neurons], dtype=np.intp), counts)
        S, T = node_layer[src], node_layer[tgt]
        self.grid_ops: list[GridOp] = []
        self.max_ops: list[MaxOp] = []
        self.recurrent: RecurrentOp | None = None
        self.plain = net.edges_are_parameters
        if self.plain:  # every edge is its own weight, in parameter order
            pairs: set[tuple[int, int]] = set()
            for key, t in {(id(n.inputs), int(node_layer[code[n.name]])) for n in neurons}:
                pairs.update((s, t) for s in np.unique(node_layer[by_inputs[key]]).tolist())
            param = None
            kept = None
            excluded: set[str] = set()
        else:
            param, _ = net.edge_parameters()
            excluded = self._ops(net, code, node_layer, node_row)
            kept = np.repeat(np.array([n.name not in excluded for n in neurons]), counts)
            pairs = set(zip(S[kept].tolist(), T[kept].tolist()))
        self.blocks: list[BlockLayout] = []
        offset = 0
        first_shared = self.n_parameters - self.n_shared
        for s, t in sorted(pairs, key=lambda st: (st[1], st[0])):
            sel = (S == s) & (T == t)
            if kept is not None:
                sel &= kept
            sel = np.flatnonzero(sel)
            shape = (self.sizes[s], self.sizes[t])
            rows, cols = node_row[src[sel]], node_row[tgt[sel]]
            if param is None:
                block = self._block(s, t, shape, offset, sel, rows, cols)
            else:
                p = param[sel]
                own = (p >= 0) & (p < first_shared)
                block = self._block(s, t, shape, offset, p[own], rows[own], cols[own])
                tied, fixed = p >= first_shared, p < 0
                block.tied_rows, block.tied_cols = rows[tied], cols[tied]
                block.tied_index = p[tied] - first_shared
                block.fixed_rows, block.fixed_cols = rows[fixed], cols[fixed]
                block.fixed_edges = sel[fixed]
            self.blocks.append(block)
            offset += shape[0] * shape[1]
        self._biases(net, code, node_row, offset, excluded)
        self.shared_offset = self.size
        self.size += self.n_shared
        for op in self.grid_ops:  # table positions -> compiled order
            op.kernel_offset += self.shared_offset
            if op.bias_offset is not None:
                op.bias_offset += self.shared_offset
        if self.recurrent is not None:
            self.recurrent.offset += self.shared_offset

    @staticmethod
    def _block(s: int, t: int, shape: tuple[int, int], offset: int, pidx: np.ndarray,
               rows: np.ndarray, cols: np.ndarray) -> BlockLayout:
        n_s, n_t = shape
        if (pidx.size == n_s * n_t and pidx[-1] - pidx[0] == pidx.size - 1
                and np.array_equal(rows, np.tile(np.arange(n_s), n_t))
                and np.array_equal(cols, np.repeat(np.arange(n_t), n_s))):
            return BlockLayout(s, t, shape, offset, int(pidx[0]))
        mask = None
        if pidx.size < n_s * n_t:
            mask = np.zeros(shape)
            mask[rows, cols] = 1.0
        return BlockLayout(s, t, shape, offset, None, rows, cols, pidx, mask)

    # -- grids and max neurons ----------------------------------------------------------------
    def _ops(self, net: NetworkCore, code: dict[str, int], node_layer: np.ndarray,
             node_row: np.ndarray) -> set[str]:
        """Find the grid layers still wired as their grids say, and the other max neurons;
        return the names of the neurons they compute (left out of the blocks)."""
        recurrent = self._recurrent_op(net, code, node_layer, node_row)
        if recurrent is not None:
            self.recurrent = recurrent
            return {n.name for n in net.neurons}
        covered: set[str] = set()
        for grid in net.grids:
            op = self._grid_op(net, grid, code, node_layer, node_row, covered)
            if op is not None:
                self.grid_ops.append(op)
                covered.update(grid.neurons)
        groups: dict[tuple[int, int], list] = {}
        for n in net.neurons:
            if n.kind == "max" and n.name not in covered:
                t = int(node_layer[code[n.name]])
                groups.setdefault((t, len(n.inputs)), []).append(n)
                covered.add(n.name)
        for (t, fan_in), members in sorted(groups.items(), key=lambda kv: kv[0]):
            at = np.array([[code[j] for j in n.inputs] for n in members], dtype=np.intp)
            rows, taps = np.indices(at.shape).reshape(2, -1)
            self.max_ops.append(MaxOp(
                t, fan_in, node_row[[code[n.name] for n in members]],
                node_layer[at.reshape(-1)], rows, taps, node_row[at.reshape(-1)]))
        return covered

    @staticmethod
    def _recurrent_op(net: NetworkCore, code: dict[str, int], node_layer: np.ndarray,
                      node_row: np.ndarray) -> RecurrentOp | None:
        """The network as one loop over time, or None unless it is exactly one recurrence
        still wired as its record says (else its neurons run in blocks, as any others)."""
        if len(net.recurrences) != 1:
            return None
        r = net.recurrences[0]
        table = net.shared_parameters
        names = r.parameter_names
        if (tuple(net.inputs) != r.inputs or tuple(net.outputs) != r.output_names
                or len(net.neurons) != len(r.hidden) + len(r.output_names)
                or names[0] not in table):
            return None
        first = table.index(names[0])
        if table.names[first:first + len(names)] != names:
            return None
        if r.misfit(net) is not None:
            return None
        f = net.neuron(r.hidden_at(1)[0]).activation
        g = net.neuron(r.output_names[0]).activation
        hidden_at: list[tuple[int, int]] = []
        output_at: list[tuple[int, int] | None] = []
        for t in range(1, r.steps + 1):
            for group, at, act in ((r.hidden_at(t), hidden_at, f),
                                   (r.outputs_at(t), output_at, g)):
                if not group:
                    at.append(None)  # type: ignore[arg-type]
                    continue
                if any(net.neuron(k).activation is not act for k in group):
                    return None  # one activation per kind of neuron, as one array op applies
                rows = node_row[[code[k] for k in group]]
                layers = node_layer[[code[k] for k in group]]
                if (layers != layers[0]).any() or not np.array_equal(
                        rows, np.arange(rows[0], rows[0] + len(group))):
                    return None
                at.append((int(layers[0]), int(rows[0])))
        return RecurrentOp(r, f, g, first, hidden_at, output_at)

    def _grid_op(self, net: NetworkCore, grid: Grid, code: dict[str, int],
                 node_layer: np.ndarray, node_row: np.ndarray,
                 covered: set[str]) -> GridOp | None:
        """The grid as one operation, or None when its neurons were rewired since."""
        if any(name not in code for name in (*grid.inputs, *grid.neurons)) \
                or covered.intersection(grid.neurons):
            return None
        at_in = np.array([code[j] for j in grid.inputs], dtype=np.intp)
        at_out = np.array([code[j] for j in grid.neurons], dtype=np.intp)
        s_layers, t_layers = np.unique(node_layer[at_in]), np.unique(node_layer[at_out])
        if len(s_layers) != 1 or len(t_layers) != 1:
            return None
        rows = grid.sources()
        table = net.shared_parameters
        kernel = bias = 0
        if grid.kind == "conv":
            if not grid.kernel_names or grid.kernel_names[0] not in table:
                return None
            kernel = table.index(grid.kernel_names[0])
            names = table.names
            n_k, n_b = len(grid.kernel_names), len(grid.bias_names)
            if names[kernel:kernel + n_k + n_b] != (*grid.kernel_names, *grid.bias_names):
                return None
            bias = kernel + n_k
            taps = grid.kernel_taps()
            per_channel = len(grid.neurons) // grid.out_shape[0]
        inputs = grid.inputs
        for n, (name, row) in enumerate(zip(grid.neurons, rows)):
            neuron = net.neuron(name)
            if neuron.inputs != tuple(inputs[i] for i in row):
                return None
            if grid.kind == "conv":
                if (neuron.kind != "sum" or neuron.fixed
                        or neuron.shared != tuple(names[kernel + i] for i in taps[n])
                        or neuron.shared_bias != (grid.bias_names[n // per_channel]
                                                  if grid.bias_names else None)
                        or (not grid.bias_names and neuron.has_bias)):
                    return None
            elif (neuron.kind == "max") != (grid.kind == "max") or not neuron.fixed \
                    or neuron.has_bias:
                return None
        s, t = int(s_layers[0]), int(t_layers[0])
        src, out = node_row[at_in], node_row[at_out]
        op = GridOp(grid, s, t, None if np.array_equal(src, np.arange(self.sizes[s])) else src,
                    None if np.array_equal(out, np.arange(self.sizes[t])) else out,
                    kernel, bias if grid.kind == "conv" and grid.bias_names else None,
                    neurons=grid.neurons)
        if grid.kind != "conv":
            op.windows = src[np.array(rows, dtype=np.intp)]
            op.unique = tuple(np.unique(col).size == col.size for col in op.windows.T)
        return op

    def _biases(self, net: NetworkCore, code: dict[str, int], node_row: np.ndarray,
                offset: int, excluded: set[str]) -> None:
        n_layers = len(self.sizes) - 1
        cols: list[list[int]] = [[] for _ in range(n_layers)]
        pidx: list[list[int]] = [[] for _ in range(n_layers)]
        tied: list[list[tuple[int, int]]] = [[] for _ in range(n_layers)]
        fixed: list[list[tuple[int, str]]] = [[] for _ in range(n_layers)]
        layer_of = {name: t for t, layer in enumerate(net.layers) for name in layer}
        p = self.n_weights
        table = net.shared_parameters
        for n in net.neurons:
            if n.name in excluded or not n.has_bias:
                continue
            t, col = layer_of[n.name], int(node_row[code[n.name]])
            if n.has_own_bias:
                cols[t - 1].append(col)
                pidx[t - 1].append(p)
                p += 1
            elif n.shared_bias is not None:
                tied[t - 1].append((col, table.index(n.shared_bias)))
            else:
                fixed[t - 1].append((col, n.name))
        self.bias_offsets, self.bias_cols, self.bias_pidx, self.bias_masks = [], [], [], []
        self.bias_tied: list[tuple[np.ndarray, np.ndarray]] = []
        self.bias_fixed: list[tuple[np.ndarray, list[str]]] = []
        for t in range(1, n_layers + 1):
            self.bias_offsets.append(offset)
            self.bias_cols.append(np.array(cols[t - 1], dtype=np.intp))
            self.bias_pidx.append(np.array(pidx[t - 1], dtype=np.intp))
            mask = None
            if len(cols[t - 1]) < self.sizes[t]:
                mask = np.zeros(self.sizes[t])
                mask[cols[t - 1]] = 1.0
            self.bias_masks.append(mask)
            self.bias_tied.append((np.array([c for c, _ in tied[t - 1]], dtype=np.intp),
                                   np.array([i for _, i in tied[t - 1]], dtype=np.intp)))
            self.bias_fixed.append((np.array([c for c, _ in fixed[t - 1]], dtype=np.intp),
                                    [k for _, k in fixed[t - 1]]))
            offset += self.sizes[t]
        self.size = offset

    def weight_positions(self, net: NetworkCore) -> slice | np.ndarray:
        """Where the weights sit in the compiled order (the blocks, and the shared
        parameters used as weights): what L2 penalises. A slice when there are no shared
        weights."""
        table = net.shared_parameters
        tied = [self.shared_offset + i for i, p in enumerate(table.names)
                if table.role.get(p) == "weight"]
        end = self.bias_offsets[0] if self.bias_offsets else self.size
        if not tied:
            return slice(0, end)
        return np.concatenate([np.arange(end), tied]).astype(np.intp)

    # -- views and moving values ------------------------------------------------------------
    def views(self, flat: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The weight blocks and bias vectors inside ``flat`` (compiled order), as views."""
        W = [flat[b.offset:b.offset + b.shape[0] * b.shape[1]].reshape(b.shape)
             for b in self.blocks]  # the shared section is flat[shared_offset:]
        biases = [flat[o:o + n] for o, n in zip(self.bias_offsets, self.sizes[1:])]
        return W, biases

    def to_compiled(self, vector: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Put a vector in parameter order into ``out`` (compiled order; absent entries 0)."""
        W, biases = self.views(out)
        for block, w in zip(self.blocks, W):
            if block.start is not None:
                n_s, n_t = block.shape
                w[...] = vector[block.start:block.start + n_s * n_t].reshape(n_t, n_s).T
            else:
                w[...] = 0.0
                w[block.rows, block.cols] = vector[block.pidx]
        for b, cols, pidx in zip(biases, self.bias_cols, self.bias_pidx):
            b[...] = 0.0
            b[cols] = vector[pidx]
        out[self.shared_offset:] = vector[self.n_parameters - self.n_shared:]
        return out

    def to_parameters(self, flat: np.ndarray) -> np.ndarray:
        """The inverse: a new float64 vector in parameter order from ``flat`` (compiled order)."""
        vector = np.empty(self.n_parameters)
        W, biases = self.views(flat)
        for block, w in zip(self.blocks, W):
            if block.start is not None:
                n_s, n_t = block.shape
                vector[block.start:block.start + n_s * n_t].reshape(n_t, n_s)[...] = w.T
            else:
                vector[block.pidx] = w[block.rows, block.cols]
        for b, cols, pidx in zip(biases, self.bias_cols, self.bias_pidx):
            vector[pidx] = b[cols]
        vector[self.n_parameters - self.n_shared:] = flat[self.shared_offset:]
        return vector
