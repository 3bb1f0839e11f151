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

from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .core import NetworkCore

__all__ = ["BlockLayout", "Layout"]


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
        self.n_weights = int(counts.sum())
        # Neurons built together (add_layer, dense) share one inputs tuple: look it up once.
        by_inputs: dict[int, np.ndarray] = {}
        for n in neurons:
            if id(n.inputs) not in by_inputs:
                by_inputs[id(n.inputs)] = np.fromiter(map(code.__getitem__, n.inputs),
                                                      np.intp, len(n.inputs))
        src = np.concatenate([by_inputs[id(n.inputs)] for n in neurons])
        tgt = np.repeat(np.array([code[n.name] for n in neurons], dtype=np.intp), counts)
        S, T = node_layer[src], node_layer[tgt]
        pairs: set[tuple[int, int]] = set()
        for key, t in {(id(n.inputs), int(node_layer[code[n.name]])) for n in neurons}:
            pairs.update((s, t) for s in np.unique(node_layer[by_inputs[key]]).tolist())
        self.blocks: list[BlockLayout] = []
        offset = 0
        for s, t in sorted(pairs, key=lambda st: (st[1], st[0])):
            sel = np.flatnonzero((S == s) & (T == t))
            shape = (self.sizes[s], self.sizes[t])
            self.blocks.append(self._block(s, t, shape, offset, sel, node_row[src[sel]],
                                           node_row[tgt[sel]]))
            offset += shape[0] * shape[1]
        self._biases(net, code, node_row, offset)

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

    def _biases(self, net: NetworkCore, code: dict[str, int], node_row: np.ndarray,
                offset: int) -> None:
        n_layers = len(self.sizes) - 1
        cols: list[list[int]] = [[] for _ in range(n_layers)]
        pidx: list[list[int]] = [[] for _ in range(n_layers)]
        layer_of = {name: t for t, layer in enumerate(net.layers) for name in layer}
        p = self.n_weights
        for n in net.neurons:
            if n.has_bias:
                t = layer_of[n.name]
                cols[t - 1].append(int(node_row[code[n.name]]))
                pidx[t - 1].append(p)
                p += 1
        self.n_parameters = p
        self.bias_offsets, self.bias_cols, self.bias_pidx, self.bias_masks = [], [], [], []
        for t in range(1, n_layers + 1):
            self.bias_offsets.append(offset)
            self.bias_cols.append(np.array(cols[t - 1], dtype=np.intp))
            self.bias_pidx.append(np.array(pidx[t - 1], dtype=np.intp))
            mask = None
            if len(cols[t - 1]) < self.sizes[t]:
                mask = np.zeros(self.sizes[t])
                mask[cols[t - 1]] = 1.0
            self.bias_masks.append(mask)
            offset += self.sizes[t]
        self.size = offset

    # -- views and moving values ------------------------------------------------------------
    def views(self, flat: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The weight blocks and bias vectors inside ``flat`` (compiled order), as views."""
        W = [flat[b.offset:b.offset + b.shape[0] * b.shape[1]].reshape(b.shape)
             for b in self.blocks]
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
        return vector
