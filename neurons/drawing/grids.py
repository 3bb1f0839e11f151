"""Convolutional networks drawn as grids of neurons: a channel a grid, a kernel weight a colour.

A convolution layer (:class:`neurons.grids.Grid`) is a layer of neurons laid out as
channels x rows x columns, each reading a small window of the layer before with the same
kernel. :func:`draw_grids` draws it so: layers left to right as in
:func:`~neurons.drawing.network.draw`, each layer's channels one grid each, stacked top to
bottom (a 1-D channel is a column), the input image a grid too. An edge that uses a
kernel weight has that weight's colour (:mod:`neurons.drawing.ties`: one qualitative colour
per place in the kernel, so the edges of one weight run parallel between two grids); each
weight's name and value stand once, in a key under the diagram, one column per output
channel. Pooling edges are thin grey (a constant, no parameter); the edges of a dense
layer after the grids are coloured by their weight on the diverging map, as ``draw`` does.

``highlight`` (a neuron's name) draws its receptive field: the edges into it and their
sources, and theirs, back to the inputs (through pooling too), on a halo, the rest faded.
A shared parameter's name highlights its uses instead, every edge that carries it.

Grids too large for a slide are drawn as a window, the same rows and columns in every
channel, and the picture says so under the grid ("showing 4x4 of 24x24", with the rows and
columns when they do not start at the first: "rows 11-14, columns 17-20"; "channels 1-4 of
8"). The windows are chosen from the last grid back: the largest corner window of the last
grid whose receptive field, grid by grid back to the input, fits ``max_side`` rows and
columns. So every drawn neuron of a grid has all its edges drawn (within the channels
drawn), and a window never suggests more than it shows. With a highlighted neuron the
windows are centred on its field instead (followed forward through the grids that read it,
so the pooling neuron that reads it is drawn too). Channels beyond ``max_channels`` are left
out (the highlighted neuron's channel is kept).

A convolution whose drawn neurons would bring more than 200 edges (``MAX_FIELD_EDGES``)
draws only the edges into the first two neurons (``FIELDS``) of each channel's window
(neighbours: their windows show the kernel sliding) and into a highlight's field; the note
above the diagram says so, and counts the edges into drawn neurons from nodes left out.

=============================  ===============================================================
:func:`draw_grids`             the picture (``draw`` calls it for networks with grid layers)
:func:`grid_picture`           what it shows, decided before drawing (a :class:`GridPicture`)
:func:`draw_grid_picture`      draws a :class:`GridPicture`
:func:`uses_grid_layout`       whether ``draw`` draws a network as grids
=============================  ===============================================================
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import CenteredNorm, Colormap, ListedColormap, Normalize, to_rgba
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from .. import backprop
from ..checks import check_choice, check_count
from ..errors import ParameterError
from .edges import HALO
from .layout import BAR_INCH, add_colorbar, gap_node, kept_rows
from .nodes import FACES, FADED, RIM, SHAPES, SIZES
from .picture import NetworkDisplay, _chain, _sample
from .style import as_rgba, check_scale, figure_of, fit_figure, sizes
from .ties import CONSTANT_EDGE, edge_kinds, tie_colours

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from ..core import NetworkCore
    from ..grids import Grid

__all__ = ["Block", "GridPicture", "draw_grid_picture", "draw_grids", "grid_picture",
           "uses_grid_layout"]

CELL_INCH = 0.28  # inches between neighbours in a grid (times scale)
NODE_CELL = 0.6  # a neuron's diameter, in cells
CHANNEL_GAP = 1.7  # cells between the channels of a layer: room for "channel 2" above each
COLUMN_STEP = 1.5  # cells between the neurons of a layer that is no grid
KEY_ROWS = 12  # a kernel per output channel longer than this is keyed by place, not value
MAX_FIELD_EDGES = 200  # a convolution with more edges drawn shows a few neurons' fields
FIELDS = 2  # the neurons per channel whose fields it shows
_ROW_EM, _CHAR_EM = 1.65, 0.62  # a key's rows, and the width of a character, in font sizes


@dataclass
class Block:
    """One layer of a :class:`GridPicture`: a grid of channels, or a plain column.

    Attributes
    ----------
    layer : int
        Its index in ``net.layers``.
    title : str
        What the layer is: "input 8x8", "c1: conv 3x3, ReLU", "p1: max pool 2x2", "output, lin".
    nodes : tuple of str
        Every node of the layer, in shape order (channel by channel, row by row).
    shape : (channels, rows, columns) or None
        A 1-D grid's positions are rows of one column; None for a layer that is no grid.
    grid : Grid or None
        The grid whose neurons these are (None for the input image and for columns).
    channels : list of int
        The channels drawn (from 0).
    rows, cols : range
        The window drawn, the same in every channel drawn (from 0).
    kept : list
        A column's nodes drawn, with a gap placeholder where some are left out.
    left_out : int
        How many of a column's nodes are left out.
    fields : bool
        Whether only some of its neurons' edges are drawn (a few neurons' receptive fields,
        where drawing every edge would hide them all).
    """

    layer: int
    title: str
    nodes: tuple[str, ...]
    shape: tuple[int, int, int] | None = None
    grid: Grid | None = None
    channels: list[int] = field(default_factory=list)
    rows: range = range(0)
    cols: range = range(0)
    kept: list[Hashable] = field(default_factory=list)
    left_out: int = 0
    fields: bool = False

    def node(self, channel: int, row: int, col: int) -> str:
        """The node at (channel, row, column), all from 0."""
        _, h, w = self.shape  # type: ignore[misc]
        return self.nodes[(channel * h + row) * w + col]

    @property
    def drawn(self) -> list[str]:
        """The nodes drawn, channel by channel, row by row (a column's in order)."""
        if self.shape is None:
            return [n for n in self.kept if isinstance(n, str)]
        return [self.node(c, r, s) for c in self.channels for r in self.rows for s in self.cols]

    @property
    def cut(self) -> bool:
        """Whether the window or the channels leave some of the grid out."""
        if self.shape is None:
            return self.left_out > 0
        c, h, w = self.shape
        return len(self.channels) < c or len(self.rows) < h or len(self.cols) < w


@dataclass
class GridPicture:
    """What :func:`draw_grids` shows: made by :func:`grid_picture`, read by
    :func:`draw_grid_picture`.

    Attributes
    ----------
    net : Network
    blocks : list of Block
        One per layer, left to right.
    pos : dict
        Node (and gap placeholder) -> (x, y), in cells.
    role : dict
        Drawn node -> "input", "hidden" or "output".
    edges : list of (u, v)
        The edges drawn: between drawn nodes.
    edge_kinds, edge_parameters : list
        Each edge's kind and shared parameter (:func:`~neurons.drawing.ties.edge_kinds`).
    edge_values : array
        Each edge's weight, or dL/dw with ``gradients`` (0 for a constant).
    left_out_edges : int
        The edges into drawn neurons from nodes not drawn.
    ties : dict
        Shared weight drawn -> its colour.
    shared_values : dict
        Shared parameter drawn (weights, and the biases of drawn neurons) -> the number the
        key writes once: its value, or dL/dparam.
    cmap, norm : Colormap, CenteredNorm
        The diverging scale of the edges of own weights (a dense layer's).
    quantity : str
        "weight" or "dL/dw".
    gradients : bool
    fmt, edge_fmt : str
        Formats of a sample's values and of the parameters' numbers.
    chain : dict or None
        With a highlight: its ``"edges"``, ``"nodes"`` and ``"label"``.
    trace : Trace or None
        A sample's forward pass, with ``values``.
    value_map, value_norm, input_map, input_norm
        The colour scales of the neurons' activations and of the input's values.
    scale : float
    """

    net: NetworkCore
    blocks: list[Block]
    pos: dict[Hashable, tuple[float, float]]
    role: dict[str, str]
    edges: list[tuple[str, str]]
    edge_kinds: list[str]
    edge_parameters: list[str | None]
    edge_values: np.ndarray
    left_out_edges: int = 0
    ties: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    shared_values: dict[str, float] = field(default_factory=dict)
    cmap: Any = None
    norm: Any = None
    quantity: str = "weight"
    gradients: bool = False
    fmt: str = ".2f"
    edge_fmt: str = ".2f"
    chain: dict[str, Any] | None = None
    trace: Any = None
    value_map: Any = None
    value_norm: Any = None
    input_map: Any = None
    input_norm: Any = None
    scale: float = 1.0

    @property
    def kept(self) -> list[str]:
        """The nodes drawn, layer by layer."""
        return [n for b in self.blocks for n in b.drawn]

    def block_of(self, node: str) -> Block:
        """The block that draws ``node``."""
        return next(b for b in self.blocks if node in b.drawn)


def uses_grid_layout(net: NetworkCore, layout: str = "auto", max_neurons: int | None = 8,
                     step: Any = None) -> bool:
    """Whether :func:`~neurons.drawing.network.draw` draws ``net`` as grids of neurons.

    ``layout="auto"``: when the network has grid layers (``net.grids``), unless every grid
    is 1-D and every layer fits ``max_neurons`` (then the layered picture, with its names
    and numbers on every neuron, shows them as columns already), or a ``step`` is drawn
    (steps are the layered picture's). ``"grids"`` and ``"layers"`` choose.

    Raises
    ------
    ParameterError
        For ``layout="grids"`` on a network without grid layers, or with a step.

    Examples
    --------
    >>> from neurons.builders import from_architecture
    >>> small = from_architecture([{"type": "conv1d", "in_shape": (1, 5), "channels": 1,
    ...                             "kernel": 3}], seed=0)
    >>> uses_grid_layout(small), uses_grid_layout(small, "grids")
    (False, True)
    """
    layout = check_choice(layout, "layout", ("auto", "grids", "layers"))
    if layout == "layers":
        return False
    if layout == "grids":
        if not net.grids:
            raise ParameterError("layout='grids' draws grid layers, and this network has none "
                                 "(net.grids is empty): use layout='layers' or 'auto'")
        if step is not None:
            raise ParameterError("a step is drawn on the layered picture: use layout='layers' "
                                 "or 'auto' with step")
        return True
    if not net.grids or step is not None:
        return False
    if any(g.dims == 2 for g in net.grids):
        return True
    return max_neurons is not None and max(len(layer) for layer in net.layers) > max_neurons


# -- what the picture shows ---------------------------------------------------------------------
def grid_picture(net: NetworkCore, *, values: Any = None,
                 gradients: Sequence[Any] | None = None, highlight: str | None = None,
                 max_side: int = 8, max_channels: int = 4, max_neurons: int | None = 8,
                 cmap: str | Colormap = "RdBu_r", value_cmap: str | Colormap = "Greens",
                 fmt: str | None = None, grad_fmt: str = ".2g",
                 scale: float = 1.0) -> GridPicture:
    """Decide what :func:`draw_grids` shows, without drawing: the blocks and their windows,
    the positions, the edges with their kinds, colours and numbers, the highlight.

    Parameters are those of :func:`draw_grids`.

    Returns
    -------
    GridPicture

    Examples
    --------
    >>> from neurons.builders import from_architecture
    >>> net = from_architecture([{"type": "conv2d", "in_shape": (1, 12, 12), "channels": 2,
    ...                           "kernel": 3}, {"type": "maxpool2d", "size": 2}], seed=0)
    >>> pic = grid_picture(net)
    >>> [(b.title, len(b.rows), len(b.cols)) for b in pic.blocks]
    [('input 12x12', 8, 8), ('c1: conv 3x3, ReLU', 6, 6), ('p1: max pool 2x2', 3, 3)]
    >>> pic.left_out_edges  # every drawn neuron reads only drawn nodes
    0
    """
    scale = check_scale(scale)
    max_side = check_count(max_side, "max_side")
    max_channels = check_count(max_channels, "max_channels")
    if max_neurons is not None:
        max_neurons = check_count(max_neurons, "max_neurons")
    blocks = _blocks(net)
    focus = _focus(net, blocks, highlight)
    _windows(blocks, max_side, max_channels, max_neurons, focus)
    pos = _positions(blocks)
    drawn = {n for b in blocks for n in b.drawn}
    outputs = set(net.outputs)
    role = {n: "input" if b.layer == 0 else "output" if n in outputs else "hidden"
            for b in blocks for n in b.drawn}
    chain = None if highlight is None else _chain(net, highlight, _sample_of(net, gradients))
    edges, missing = [], 0
    for b in blocks[1:]:
        fields = _fields(b, chain)
        b.fields = fields is not None
        for v in b.drawn:
            sources = net.neuron(v).inputs
            if fields is not None and v not in fields:
                continue
            edges += [(u, v) for u in sources if u in drawn]
            missing += sum(1 for u in sources if u not in drawn)
    kinds, params = edge_kinds(net, edges)
    pic = GridPicture(net=net, blocks=blocks, pos=pos, role=role, edges=edges,
                      edge_kinds=kinds, edge_parameters=params, edge_values=np.zeros(len(edges)),
                      left_out_edges=missing, scale=scale, chain=chain)
    pic.fmt = ".2f" if fmt is None else fmt
    _numbers(pic, gradients, grad_fmt, cmap)
    if values is not None:
        pic.trace = backprop.forward_trace(net, values)
        _value_scales(pic, value_cmap)
    return pic


def _sample_of(net: NetworkCore, gradients: Any) -> tuple[Any, Any, Any]:
    """The sample a highlight's chain is explained with (zeros without ``gradients``)."""
    if gradients is not None:
        return _sample(gradients)
    return np.zeros(len(net.inputs)), np.zeros(len(net.outputs)), "mse"


def _fields(b: Block, chain: dict[str, Any] | None) -> set[str] | None:
    """The neurons of a convolution whose edges are drawn, when drawing them all would make
    more than ``MAX_FIELD_EDGES`` lines: the first ``FIELDS`` neurons of each channel's
    window (neighbours, so their windows show the kernel sliding), and the neurons of a
    highlight; None: every neuron's."""
    g = b.grid
    if g is None or g.kind != "conv":
        return None
    fan_in = math.prod(g.kernel) * g.in_shape[0]
    if len(b.drawn) * fan_in <= MAX_FIELD_EDGES:
        return None
    first = [(r, s) for r in b.rows for s in b.cols][:FIELDS]
    chosen = {b.node(c, r, s) for c in b.channels for r, s in first}
    if chain is not None:
        chosen |= set(chain["nodes"]) & set(b.nodes)
    return chosen


def _three(shape: Sequence[int]) -> tuple[int, int, int]:
    """A grid's shape as (channels, rows, columns): a 1-D grid's positions are rows."""
    return (shape[0], shape[1], 1) if len(shape) == 2 else (shape[0], shape[1], shape[2])


def _blocks(net: NetworkCore) -> list[Block]:
    """One block per layer: a grid where a layer is exactly a grid's neurons or its input."""
    shaped: dict[tuple[str, ...], tuple[tuple[int, int, int], Grid | None]] = {}
    for g in net.grids:
        shaped[g.neurons] = (_three(g.out_shape), g)
    for g in net.grids:
        shaped.setdefault(g.inputs, (_three(g.in_shape), None))
    blocks = []
    for i, layer in enumerate(net.layers):
        key = tuple(layer)
        if key in shaped:
            shape, grid = shaped[key]
            blocks.append(Block(i, _title(net, i, shape, grid), key, shape, grid))
        else:
            blocks.append(Block(i, _title(net, i, None, None), key))
    return blocks


def _size(shape: tuple[int, int, int]) -> str:
    return f"{shape[1]}" if shape[2] == 1 else f"{shape[1]}x{shape[2]}"


def _title(net: NetworkCore, i: int, shape: tuple[int, int, int] | None,
           grid: Grid | None) -> str:
    """What the layer is, in a few words."""
    if grid is not None:
        k = "x".join(map(str, grid.kernel))
        if grid.kind == "conv":
            act = net.neuron(grid.neurons[0]).activation
            return f"{grid.name}: conv {k}, {act.symbol or act.name}"
        return f"{grid.name}: {'max' if grid.kind == 'max' else 'average'} pool {k}"
    if shape is not None:
        channels = f", {shape[0]} channels" if shape[0] > 1 else ""
        return f"input {_size(shape)}{channels}"
    if i == 0:
        return "input"
    acts = {net.neuron(n).activation.symbol or net.neuron(n).activation.name
            for n in net.layers[i]}
    what = "output" if set(net.layers[i]) <= set(net.outputs) else f"layer {i}"
    return f"{what}, {acts.pop()}" if len(acts) == 1 else what


def _focus(net: NetworkCore, blocks: list[Block], highlight: str | None
           ) -> tuple[int, int, int, int] | None:
    """The block and (channel, row, column) of a highlighted grid neuron, or None."""
    if not isinstance(highlight, str) or highlight not in net.graph:
        return None
    for i, b in enumerate(blocks):
        if b.shape is not None and highlight in b.nodes:
            c, r, s = np.unravel_index(b.nodes.index(highlight), b.shape)
            return i, int(c), int(r), int(s)
    return None


Window = tuple[range, range, list[int]]


def _windows(blocks: list[Block], side: int, max_channels: int, max_neurons: int | None,
             focus: tuple[int, int, int, int] | None) -> None:
    """Choose each grid's window and channels (see the module) and each column's nodes.

    Without a focus, from the last grid back: the largest corner window whose receptive
    field, grid by grid back, fits ``side``. With one (a highlighted grid neuron), the focus
    is followed forward through the grids that read it (to a neuron whose field holds it),
    and the window of the last of them is centred there: every grid on the way then draws
    the neurons that lead to, and from, the focus.
    """
    index = {b.nodes: i for i, b in enumerate(blocks)}
    source = {i: index[b.grid.inputs] for i, b in enumerate(blocks)
              if b.grid is not None and b.grid.inputs in index}
    reads = {b.grid.name: b.grid.sources() for b in blocks if b.grid is not None}

    def upstream(i: int, window: Window, must: dict[int, int]) -> dict[int, Window]:
        """The window of block ``i`` and the receptive fields of its neurons, back."""
        out = {i: window}
        while i in source:
            j = source[i]
            grid = blocks[i].grid
            assert grid is not None  # source holds only the blocks of grids
            window = _field(blocks[i], blocks[j], window, reads[grid.name], max_channels,
                            must.get(j))
            out[j] = window
            i = j
        return out

    def search(i: int, anchor: tuple[int, int] | None, channels: list[int],
               must: dict[int, int]) -> dict[int, Window]:
        """The largest window of block ``i`` (around ``anchor``) whose field fits ``side``."""
        _, h, w = blocks[i].shape  # type: ignore[misc]
        found = None
        for n in range(min(max(h, w), side), 0, -1):
            rows = _span(None if anchor is None else anchor[0], n, h)
            cols = _span(None if anchor is None else anchor[1], n, w)
            found = upstream(i, (rows, cols, channels), must)
            if all(len(r) <= side and len(c) <= side for r, c, _ in found.values()):
                break
        assert found is not None
        return found

    chosen: dict[int, Window] = {}
    if focus is not None:
        path = _path(blocks, focus, source, reads)
        must = {i: c for i, c, _, _ in path}
        i, c, r, s = path[-1]
        count = blocks[i].shape[0]  # type: ignore[index]
        chosen = search(i, (r, s), _first(range(count), max_channels, must=(c,)), must)
    locked = set(chosen)
    for i in reversed(range(len(blocks))):
        b = blocks[i]
        if b.shape is None or i in chosen:
            continue
        found = search(i, None, list(range(min(b.shape[0], max_channels))), {})
        for j, window in found.items():
            if j not in locked:
                chosen[j] = window if j not in chosen else _union(chosen[j], window, max_channels)
    for i, b in enumerate(blocks):
        if b.shape is None:
            b.kept, b.left_out = kept_rows([b.nodes], max_neurons)[0]
            b.kept = [gap_node(i) if not isinstance(n, str) else n for n in b.kept]
        else:
            b.rows, b.cols, b.channels = chosen[i]


def _path(blocks: list[Block], focus: tuple[int, int, int, int], source: dict[int, int],
          reads: dict[str, list[list[int]]]) -> list[tuple[int, int, int, int]]:
    """The focus, and forward through each grid that reads its block, the neuron (of the
    focus's channel where it has one) whose window holds it most centrally: (block,
    channel, row, column) each."""
    path = [focus]
    while True:
        i, c, r, s = path[-1]
        _, h, w = blocks[i].shape  # type: ignore[misc]
        n = (c * h + r) * w + s
        step = None
        for k, j in source.items():
            if j != i:
                continue
            b = blocks[k]
            # source holds only the blocks of grids, and a grid's block has a shape
            assert b.grid is not None and b.shape is not None
            readers = [m for m, read in enumerate(reads[b.grid.name]) if n in read]
            if not readers:
                continue
            where = [tuple(int(v) for v in np.unravel_index(m, b.shape)) for m in readers]
            same = [p for p in where if p[0] == c] or where
            step = (k, *same[len(same) // 2])
            break
        if step is None:
            return path
        path.append(step)  # type: ignore[arg-type]


def _field(block: Block, src: Block, window: Window, reads: list[list[int]],
           max_channels: int, must: int | None = None) -> Window:
    """The rows, columns and channels of ``src`` that the neurons of ``window`` read (at
    most ``max_channels`` channels, with ``must`` among them)."""
    rows, cols, channels = window
    _, h, w = block.shape  # type: ignore[misc]
    read = [reads[(c * h + r) * w + s] for c in channels for r in rows for s in cols]
    flat = np.unique(np.concatenate([np.asarray(x, dtype=np.intp) for x in read]))
    c2, r2, s2 = np.unravel_index(flat, src.shape)  # type: ignore[arg-type]
    return (range(int(r2.min()), int(r2.max()) + 1), range(int(s2.min()), int(s2.max()) + 1),
            _first(sorted({int(c) for c in c2}), max_channels,
                   () if must is None else (must,)))


def _first(channels: Sequence[int], m: int, must: Sequence[int] = ()) -> list[int]:
    """The first ``m`` of ``channels``, with those in ``must`` among them."""
    others = [c for c in channels if c not in must]
    return sorted([*must, *others[:max(m - len(must), 0)]])


def _span(anchor: int | None, n: int, size: int) -> range:
    """``n`` consecutive positions of ``size``: from the first, or centred on ``anchor``."""
    n = min(n, size)
    start = 0 if anchor is None else min(max(anchor - n // 2, 0), size - n)
    return range(start, start + n)


def _union(a: Window, b: Window, max_channels: int) -> Window:
    return (range(min(a[0].start, b[0].start), max(a[0].stop, b[0].stop)),
            range(min(a[1].start, b[1].start), max(a[1].stop, b[1].stop)),
            _first(sorted(set(a[2]) | set(b[2])), max_channels))


def _height(b: Block) -> float:
    """A block's height in cells."""
    if b.shape is None:
        return (len(b.kept) - 1) * COLUMN_STEP + 1
    return len(b.channels) * len(b.rows) + (len(b.channels) - 1) * CHANNEL_GAP


def _width(b: Block) -> float:
    return 1.0 if b.shape is None else float(len(b.cols))


def _positions(blocks: list[Block]) -> dict[Hashable, tuple[float, float]]:
    """Every drawn node's place, in cells: layers left to right, each centred on y = 0,
    a grid's channels top to bottom, each row by row."""
    tallest = max(_height(b) for b in blocks)
    gap = min(max(0.22 * tallest, 4.5), 8.0)  # room for the edges to spread between layers
    pos: dict[Hashable, tuple[float, float]] = {}
    x = 0.0
    for b in blocks:
        top = _height(b) / 2
        if b.shape is None:
            for k, n in enumerate(b.kept):
                pos[n] = (x, top - 0.5 - k * COLUMN_STEP)
        else:
            for k, c in enumerate(b.channels):
                y0 = top - 0.5 - k * (len(b.rows) + CHANNEL_GAP)
                for i, r in enumerate(b.rows):
                    for j, s in enumerate(b.cols):
                        pos[b.node(c, r, s)] = (x + j, y0 - i)
        x += _width(b) + gap
    return pos


def _numbers(pic: GridPicture, gradients: Any, grad_fmt: str,
             cmap: str | Colormap) -> None:
    """The edges' numbers and colour scale, the shared parameters' numbers and colours."""
    net = pic.net
    grads = None
    if gradients is not None:
        grads = backprop.gradients(net, *_sample(gradients))
        pic.gradients, pic.quantity, pic.edge_fmt = True, "dL/dw", grad_fmt
    else:
        pic.edge_fmt = pic.fmt
    values = []
    for (u, v), kind in zip(pic.edges, pic.edge_kinds):
        if kind not in ("weight", "shared"):
            values.append(0.0 if grads is not None else net.graph.edges[u, v]["weight"])
        else:
            values.append(grads[net.weight_name(u, v)] if grads is not None
                          else net.graph.edges[u, v]["weight"])
    pic.edge_values = np.array(values, dtype=float)
    used = {p for p in pic.edge_parameters if p is not None}
    biases = {net.neuron(n).shared_bias for b in pic.blocks[1:] for n in b.drawn} - {None}
    order = [p for p in net.shared_parameters.names if p in used or p in biases]
    pic.shared_values = {p: float(grads[p] if grads is not None else net.parameter(p))
                         for p in order}
    pic.ties = tie_colours(net, [p for p in order if p in used])
    pic.cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
    own: np.ndarray | list[float] = (pic.edge_values[[k == "weight" for k in pic.edge_kinds]]
                                     if pic.edges else [])
    half = float(np.max(np.abs([*own, 0.0]))) or 1.0
    pic.norm = CenteredNorm(vcenter=0.0, halfrange=half)


def _value_scales(pic: GridPicture, value_cmap: str | Colormap) -> None:
    """The neurons' activations on the light part of ``value_cmap``; the input's values in
    greys, on their own scale (an image's pixels)."""
    a = pic.trace.a
    neurons = [a[n] for n in pic.kept if pic.role[n] != "input"] or [0.0]
    lo, hi = float(min(neurons)), float(max(neurons))
    base = colormaps[value_cmap] if isinstance(value_cmap, str) else value_cmap
    pic.value_map = ListedColormap(base(np.linspace(0.03, 0.6, 256)))
    pic.value_norm = Normalize(lo, hi) if hi > lo else Normalize(lo - 0.5, hi + 0.5)
    x = [a[n] for n in pic.net.inputs]
    lo, hi = float(min(x)), float(max(x))
    pic.input_map = ListedColormap(colormaps["Greys"](np.linspace(0.0, 0.85, 256)))
    pic.input_norm = Normalize(lo, hi) if hi > lo else Normalize(lo - 0.5, hi + 0.5)


# -- drawing -----------------------------------------------------------------------------------
def draw_grids(net: NetworkCore, ax: Axes | None = None, *, values: Any = None,
               gradients: Sequence[Any] | None = None, highlight: str | None = None,
               max_side: int = 8, max_channels: int = 4, max_neurons: int | None = 8,
               cmap: str | Colormap = "RdBu_r", value_cmap: str | Colormap = "Greens",
               fmt: str | None = None, grad_fmt: str = ".2g", legend: bool = True,
               scale: float = 1.0, figure: Figure | None = None) -> NetworkDisplay:
    """Draw a network with grid layers as grids of neurons (see the module).

    Parameters
    ----------
    net : Network
        With grid layers (``net.grids``); the layers that are no grid are drawn as columns.
    ax : matplotlib Axes, optional
        By default a new figure for a slide: at least 1200 pixels wide, text 10 points or
        more, a cell of the grids 0.32 inches (times ``scale``).
    values : array-like, optional
        One sample: the input grid's squares show its values in greys (the image), every
        neuron's face its activation a (the feature maps, in the grids).
    gradients : (x, y) or (x, y, loss), optional
        The key writes dL/dparam of each shared parameter, and a dense layer's edges are
        coloured by dL/dw, for this sample.
    highlight : str, optional
        A neuron's name: its receptive field, every edge and node it depends on, on a halo,
        the rest faded; its grid's window is centred on it. A shared parameter's name: every
        edge that uses it. Any other parameter: its chain, as :func:`draw` draws it.
    max_side : int, default 8
        The most rows (and columns) of a grid drawn: larger grids are drawn as a window.
    max_channels : int, default 4
        The most channels of a layer drawn.
    max_neurons : int or None, default 8
        The most neurons of a layer that is no grid (the first and last ones).
    cmap, value_cmap, fmt, grad_fmt, legend, scale
        As for :func:`~neurons.drawing.network.draw`.
    figure : Figure, optional
        An empty figure to size for the picture and draw into, instead of a new pyplot
        figure (a bare ``Figure`` for a notebook's PNG, that opens no window).

    Returns
    -------
    NetworkDisplay
        ``picture`` is the :class:`GridPicture`; ``artists`` holds ``"edges"`` (the
        LineCollection), ``"edge_list"``, ``"edge_kinds"``, ``"edge_parameters"``,
        ``"edge_values"``, ``"nodes"`` (role -> PathCollection), ``"positions"``,
        ``"titles"`` (layer index -> Text), ``"channel_labels"`` ((layer, channel) -> Text),
        ``"notes"`` (layer index -> Text: what a window leaves out), ``"name_labels"``
        (node -> Text), ``"elided"`` (layer index -> Text), ``"keys"`` (list of Legend: the
        shared parameters), ``"key_texts"`` (parameter -> Text, once each), ``"legend"``,
        ``"note"`` (Text or None: the edges left out), ``"colorbar"``, ``"value_colorbar"``,
        ``"input_colorbar"`` (each Colorbar or None), ``"highlight"`` (None, or a dict with
        ``"edges"``, ``"nodes"``, ``"label"`` and ``"artists"``: ``[halo, edges]``), ``"norm"``
        and ``"cmap"``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons.builders import from_architecture
    >>> net = from_architecture([{"type": "conv2d", "in_shape": (1, 8, 8), "channels": 2,
    ...                           "kernel": 3}, {"type": "maxpool2d", "size": 2}], seed=0)
    >>> disp = draw_grids(net, highlight="p1_2_1_1")
    >>> sorted(n for n in disp.artists["highlight"]["nodes"] if n.startswith("c1"))
    ['c1_2_1_1', 'c1_2_1_2', 'c1_2_2_1', 'c1_2_2_2']
    >>> value = net.parameter("k1_2_1_1_1")  # written once, in the key under the diagram
    >>> disp.artists["key_texts"]["k1_2_1_1_1"].get_text() == f"k1_2_1_1_1 = {value:.2f}"
    True
    >>> int(disp.figure.get_figwidth() * disp.figure.dpi) >= 1200
    True
    >>> plt.close(disp.figure)
    """
    pic = grid_picture(net, values=values, gradients=gradients, highlight=highlight,
                       max_side=max_side, max_channels=max_channels, max_neurons=max_neurons,
                       cmap=cmap, value_cmap=value_cmap, fmt=fmt, grad_fmt=grad_fmt, scale=scale,
)
    return draw_grid_picture(pic, ax, legend=legend, figure=figure)


def draw_grid_picture(pic: GridPicture, ax: Axes | None = None, *, legend: bool = True,
                      figure: Figure | None = None) -> NetworkDisplay:
    """Draw a :class:`GridPicture` (from :func:`grid_picture`): the grids, the edges, the
    texts, the keys and the colour bars.

    Parameters
    ----------
    pic : GridPicture
    ax : Axes, optional
        By default a new figure sized to the picture.
    legend : bool, default True
        The legend of the node shapes, the constants and the highlight above the diagram.
    figure : Figure, optional
        Without ``ax``: an empty figure to size and draw into instead of a new pyplot one.

    Returns
    -------
    NetworkDisplay
        As :func:`draw_grids` describes it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons.builders import from_architecture
    >>> net = from_architecture([{"type": "conv1d", "in_shape": (1, 12), "channels": 2,
    ...                           "kernel": 3}], seed=0)
    >>> disp = draw_grid_picture(grid_picture(net))
    >>> disp.artists["titles"][1].get_text(), len(disp.artists["edge_list"])
    ('c1: conv 3, ReLU', 36)
    >>> plt.close(disp.figure)
    """
    own = ax is None
    keys = _key_specs(pic)
    ax = _axes(pic, ax, keys, legend, figure)
    ax.set_axis_off()
    art: dict[str, Any] = {"edge_list": pic.edges, "edge_kinds": pic.edge_kinds,
                           "edge_parameters": pic.edge_parameters,
                           "edge_values": pic.edge_values, "positions": pic.pos,
                           "norm": pic.norm, "cmap": pic.cmap}
    unit = _unit_pt(ax)
    art["planes"] = _draw_planes(pic, ax)
    art["edges"] = _draw_edges(pic, ax)
    halo = _draw_highlight(pic, ax)
    art["highlight"] = None if pic.chain is None else {**pic.chain, "artists": halo}
    art["nodes"] = _draw_nodes(pic, ax, unit)
    art.update(_draw_texts(pic, ax, unit))
    art["colorbar"], art["value_colorbar"], art["input_colorbar"] = _draw_bars(pic, ax, own)
    art["legend"] = _draw_legend(pic, ax) if legend else None
    art["keys"], art["key_texts"] = _draw_keys(pic, ax, keys)
    art["note"] = _draw_note(pic, ax, art["legend"])
    return NetworkDisplay(ax, pic, art, own)  # type: ignore[arg-type]


def _font(pic: GridPicture, kind: str = "small") -> float:
    return sizes(pic.scale)[kind]


def _margins(pic: GridPicture) -> tuple[float, float]:
    """Room above the blocks (channel label and title) and below them (the notes), in
    points."""
    small, large = _font(pic), _font(pic, "large")
    titles = max(b.title.count("\n") + 1 for b in pic.blocks)
    above = 3 + 1.3 * small + 4 + 1.25 * large * titles + 4
    notes = max(_window_note(b).count("\n") + 1 if _window_note(b) else 0 for b in pic.blocks)
    below = 6 + 1.3 * small * notes + 4
    return above, below


def _extent(pic: GridPicture) -> tuple[float, float, float, float]:
    """The data limits: every node, with half a cell around and room for the names of the
    nodes of the last column."""
    xy = np.array(list(pic.pos.values()), dtype=float)
    right = 0.6 + (3.0 if pic.blocks[-1].shape is None else 0.0)
    return xy[:, 0].min() - 0.8, xy[:, 0].max() + right, xy[:, 1].min() - 0.6, \
        xy[:, 1].max() + 0.6


def _axes(pic: GridPicture, ax: Axes | None, keys: list[dict[str, Any]], legend: bool,
          figure: Figure | None = None) -> Axes:
    """The axes: given (limits set, square cells), or a new figure (or ``figure``) sized to
    the picture."""
    x0, x1, y0, y1 = _extent(pic)
    above, below = _margins(pic)
    if ax is not None:
        pad = (y1 - y0) * 0.08
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0 - pad, y1 + pad)
        ax.set_aspect("equal", adjustable="box")
        return ax
    cell = CELL_INCH * pic.scale
    w = (x1 - x0) * cell
    h = (y1 - y0) * cell + (above + below) / 72
    bars = sum(1 for _ in _bars(pic))
    left, right = 0.2 * pic.scale, (0.25 + BAR_INCH * bars) * pic.scale
    keys_h = sum(k["height"] for k in keys) + (0.1 if keys else 0.0)
    widest = max([k["width"] for k in keys] + [0.0])
    w_axes = max(w, widest)
    room = w_axes + right - 0.1 * pic.scale  # the legend starts at the axes' left end
    rows = math.ceil(len(_legend_handles(pic)) / _legend_columns(pic, room)) if legend else 0
    line = 1.75 * _font(pic) / 72  # a row of the legend or of the note
    top = (0.15 * pic.scale + (rows * line + 0.15 if rows else 0.0)
           + line * len(_note_lines(pic, room)))
    bottom = 0.15 * pic.scale + keys_h
    fw, fh = left + w_axes + right, bottom + h + top
    fig = fit_figure(figure, fw, fh, pic.scale)
    ax = fig.add_axes((left / fw, bottom / fh, w_axes / fw, h / fh))
    # The limits in cells: the same inches per cell across and up.
    extra = (w_axes - w) / cell / 2
    ax.set_xlim(x0 - extra, x1 + extra)
    ax.set_ylim(y0 - below / 72 / cell, y1 + above / 72 / cell)
    return ax


def _unit_pt(ax: Axes) -> float:
    """Points per cell in ``ax`` (the smaller of across and up)."""
    fig = figure_of(ax)
    box = ax.get_position()
    w_in, h_in = box.width * fig.get_figwidth(), box.height * fig.get_figheight()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return 72 * min(w_in / (x1 - x0), h_in / (y1 - y0))


def _bars(pic: GridPicture) -> list[str]:
    """The colour bars the picture needs, in order."""
    out = []
    if any(k == "weight" for k in pic.edge_kinds):
        out.append("edges")
    if pic.trace is not None:
        out += ["values", "inputs"]
    return out


def _draw_planes(pic: GridPicture, ax: Axes) -> dict[tuple[int, int], FancyBboxPatch]:
    """A pale plane behind each channel drawn, dashed where the window cuts the grid."""
    planes = {}
    for b in pic.blocks:
        if b.shape is None:
            continue
        for c in b.channels:
            xs, ys = zip(*(pic.pos[b.node(c, r, s)] for r in b.rows for s in b.cols))
            patch = FancyBboxPatch((min(xs) - 0.45, min(ys) - 0.45), max(xs) - min(xs) + 0.9,
                                   max(ys) - min(ys) + 0.9, boxstyle="round,pad=0.05",
                                   fc="#f3f3f3", ec="#9a9a9a" if b.cut else "#d0d0d0",
                                   lw=1.0 * pic.scale, ls="--" if b.cut else "-", zorder=0.5)
            ax.add_patch(patch)
            planes[b.layer, c] = patch
    return planes


def edge_colours(pic: GridPicture) -> np.ndarray:
    """Each drawn edge's RGBA: a shared weight's colour, grey for a constant, an own
    weight's on the diverging map; faded outside a highlight."""
    colours = np.zeros((len(pic.edges), 4))
    for i, (kind, p, v) in enumerate(zip(pic.edge_kinds, pic.edge_parameters, pic.edge_values)):
        if kind == "shared":
            assert p is not None  # a shared edge names its parameter (ties.edge_kinds)
            colours[i] = pic.ties[p]
        else:
            colours[i] = to_rgba(CONSTANT_EDGE) if kind != "weight" else pic.cmap(pic.norm(v))
    if pic.chain is not None:
        colours[[e not in pic.chain["edges"] for e in pic.edges], 3] = FADED
    return colours


def _widths(pic: GridPicture) -> np.ndarray:
    """Line widths in points: a shared weight's and an own weight's grow with the size of
    the number among its kind; a constant's are thin."""
    s, kinds, v = pic.scale, np.array(pic.edge_kinds), np.abs(pic.edge_values)
    widths = np.full(len(pic.edges), 0.8 * s)
    for kind, low, span in (("shared", 0.7, 1.8), ("weight", 0.4, 1.6)):
        on = kinds == kind
        if on.any():
            widths[on] = (low + span * v[on] / (v[on].max() or 1.0)) * s
    return widths


def _draw_edges(pic: GridPicture, ax: Axes) -> Any:
    if not pic.edges:
        return None
    lines = nx.draw_networkx_edges(pic.net.graph, pic.pos, edgelist=pic.edges, ax=ax,
                                   edge_color=[tuple(c) for c in edge_colours(pic)],
                                   width=list(_widths(pic)), arrows=False)
    lines.set_zorder(1)
    return lines


def _draw_highlight(pic: GridPicture, ax: Axes) -> list[Any]:
    """The highlighted edges again, wider, on a halo."""
    if pic.chain is None:
        return []
    on = [i for i, e in enumerate(pic.edges) if e in pic.chain["edges"]]
    if not on:
        return []
    sel, widths, colours = [pic.edges[i] for i in on], _widths(pic), edge_colours(pic)
    graph, s = pic.net.graph, pic.scale
    halo = nx.draw_networkx_edges(graph, pic.pos, edgelist=sel, ax=ax, arrows=False,
                                  edge_color=HALO, width=list(widths[on] + 5 * s), alpha=0.6)
    top = nx.draw_networkx_edges(graph, pic.pos, edgelist=sel, ax=ax, arrows=False,
                                 edge_color=[tuple(colours[i]) for i in on],
                                 width=list(widths[on] + 0.8 * s))
    halo.set_zorder(1.1)
    top.set_zorder(1.2)
    return [halo, top]


def face_colours(pic: GridPicture, nodes: Sequence[str]
                 ) -> list[tuple[float, float, float, float]]:
    """Each node's face: with values its activation (an input's value in greys), else its
    role's plain face; paled outside a highlight."""
    out = []
    for n in nodes:
        if pic.trace is None:
            rgba = np.array(to_rgba(FACES[pic.role[n]]))
        elif pic.role[n] == "input":
            rgba = np.array(pic.input_map(pic.input_norm(pic.trace.a[n])))
        else:
            rgba = np.array(pic.value_map(pic.value_norm(pic.trace.a[n])))
        if pic.chain is not None and n not in pic.chain["nodes"]:
            rgba[:3] = 0.3 * rgba[:3] + 0.7
        out.append(as_rgba(rgba))
    return out


def _draw_nodes(pic: GridPicture, ax: Axes, unit: float) -> dict[str, Any]:
    drawn = {}
    for role in SHAPES:
        members = [n for n in pic.kept if pic.role[n] == role]
        if not members:
            continue
        rims = [RIM if pic.chain is None or n in pic.chain["nodes"] else "#c8c8c8"
                for n in members]
        dots = nx.draw_networkx_nodes(
            pic.net.graph, pic.pos, nodelist=members, ax=ax, node_shape=SHAPES[role],
            node_size=(SIZES[role] * NODE_CELL * unit) ** 2, node_color=face_colours(pic, members),
            edgecolors=rims, linewidths=0.8 * pic.scale)
        dots.set_zorder(2)
        drawn[role] = dots
    return drawn


def _draw_texts(pic: GridPicture, ax: Axes, unit: float) -> dict[str, Any]:
    """The layers' titles, the channels' labels, the windows' notes, the names of the
    columns' neurons (and of a highlighted neuron) and the columns' gaps."""
    small, large = _font(pic), _font(pic, "large")
    grey, box = "#444444", {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none",
                            "alpha": 0.8}
    titles, channel_labels, notes, names, elided = {}, {}, {}, {}, {}
    for b in pic.blocks:
        xy = np.array([pic.pos[n] for n in b.drawn] or [(0.0, 0.0)])
        (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
        centre = (x0 + x1) / 2
        lift = 3 + 1.3 * small + 4 if b.shape is not None else 0.5 * NODE_CELL * unit + 4
        titles[b.layer] = ax.annotate(b.title, (centre, y1 + 0.5), xytext=(0, lift),
                                      textcoords="offset points", ha="center", va="bottom",
                                      fontsize=large, zorder=4, bbox=box)
        if b.shape is None:
            for n in b.drawn:
                names[n] = ax.annotate(n, pic.pos[n], xytext=(0.5 * NODE_CELL * unit + 3, 0),
                                       textcoords="offset points", ha="left", va="center",
                                       fontsize=small, alpha=_alpha(pic, n), zorder=4, bbox=box)
            if b.left_out:
                elided[b.layer] = ax.text(*pic.pos[gap_node(b.layer)],
                                          f"⋮\n{b.left_out} more", ha="center", va="center",
                                          fontsize=small, color=grey, bbox=box, zorder=4)
            continue
        for c in b.channels if b.shape[0] > 1 else ():
            top = max(pic.pos[b.node(c, r, s)][1] for r in b.rows for s in b.cols)
            channel_labels[b.layer, c] = ax.annotate(
                f"channel {c + 1}", (x0 - 0.45, top + 0.5), xytext=(0, 3),
                textcoords="offset points", ha="left", va="bottom", fontsize=small, color=grey,
                zorder=4, bbox=box)
        if _window_note(b):
            notes[b.layer] = ax.annotate(_window_note(b), (centre, y0 - 0.5), xytext=(0, -6),
                                         textcoords="offset points", ha="center", va="top",
                                         fontsize=small, color=grey, fontstyle="italic", zorder=4)
    if pic.chain is not None and pic.chain.get("neuron") in pic.pos:
        n = pic.chain["neuron"]
        if n not in names:
            names[n] = ax.annotate(n, pic.pos[n], xytext=(0.5 * NODE_CELL * unit + 2, 4),
                                   textcoords="offset points", ha="left", va="bottom",
                                   fontsize=small, fontweight="bold", zorder=5,
                                   bbox={**box, "alpha": 0.9, "ec": HALO})
    return {"titles": titles, "channel_labels": channel_labels, "notes": notes,
            "name_labels": names, "elided": elided}


def _alpha(pic: GridPicture, n: str) -> float:
    return 1.0 if pic.chain is None or n in pic.chain["nodes"] else 0.45


def _window_note(b: Block) -> str:
    """What a window leaves out: "showing 6x6 of 24x24" (with the rows and columns when
    they do not start at the first), and the channels drawn."""
    if b.shape is None:
        return ""
    count, h, w = b.shape
    lines = []
    if len(b.rows) < h or len(b.cols) < w:
        r, c = b.rows, b.cols
        if w == 1:
            shown = f"showing {len(r)} of {h}"
            where = f", {_between('position', r)}" if r.start else ""
        else:
            shown = f"showing {len(r)}x{len(c)} of {h}x{w}"
            where = (f",\n{_between('row', r)}, {_between('column', c)}"
                     if r.start or c.start else "")
        lines.append(shown + where)
    if len(b.channels) < count:
        lines.append(f"channels {_ranges(b.channels)} of {count}")
    return "\n".join(lines)


def _between(what: str, span: range) -> str:
    """ "rows 3-8" or "row 3", counted from 1."""
    if len(span) == 1:
        return f"{what} {span.start + 1}"
    return f"{what}s {span.start + 1}-{span.stop}"


def _ranges(channels: Sequence[int]) -> str:
    """Channels from 0 as the text counts them from 1: "1-3, 6"."""
    parts, start = [], None
    for k, c in enumerate(channels):
        if start is None:
            start = c
        if k + 1 == len(channels) or channels[k + 1] != c + 1:
            parts.append(f"{start + 1}" if start == c else f"{start + 1}-{c + 1}")
            start = None
    return ", ".join(parts)


def _draw_bars(pic: GridPicture, ax: Axes, own: bool) -> tuple[Any, Any, Any]:
    """The colour bars: of a dense layer's edges, of the activations, of the input."""
    out: dict[str, Any] = {"edges": None, "values": None, "inputs": None}
    s = pic.scale
    for k, which in enumerate(_bars(pic)):
        if which == "edges":
            sm, label = ScalarMappable(norm=pic.norm, cmap=pic.cmap), pic.quantity
        elif which == "values":
            sm, label = ScalarMappable(norm=pic.value_norm, cmap=pic.value_map), "activation a"
        else:
            sm, label = ScalarMappable(norm=pic.input_norm, cmap=pic.input_map), "input x"
        out[which] = add_colorbar(ax.figure, ax, sm, label, k, s, in_margin=own)
    return out["edges"], out["values"], out["inputs"]


def _legend_handles(pic: GridPicture) -> list[Line2D]:
    """The legend's entries: the node shapes, a shared weight's colour, the constants' grey,
    the highlight's halo."""
    s = pic.scale
    ms = 10 * s
    plain = pic.trace is not None
    handles = [Line2D([], [], marker=SHAPES[r], linestyle="", markersize=ms,
                      markerfacecolor="white" if plain else FACES[r], markeredgecolor=RIM,
                      label=r) for r in SHAPES if r in pic.role.values()]
    if pic.ties:
        handles.append(Line2D([], [], color=next(iter(pic.ties.values())), lw=2.5 * s,
                              label="shared weight: its colour (key below)"))
    if any(k in ("pooling", "constant") for k in pic.edge_kinds):
        handles.append(Line2D([], [], color=CONSTANT_EDGE, lw=1.5 * s,
                              label="constant (no parameter)"))
    if pic.chain is not None:
        label = pic.chain.get("label") or f"chain of dL/d{pic.chain['parameter']}"
        handles.append(Line2D([], [], color=HALO, lw=5 * s, alpha=0.6, label=label))
    return handles


def _legend_columns(pic: GridPicture, width: float) -> int:
    """How many of the legend's entries stand in one row ``width`` inches wide."""
    font, used, n = _font(pic), 0.0, 0
    for h in _legend_handles(pic):
        used += (len(str(h.get_label())) * 0.7 + 2.0 + 0.3 + 1.2) * font / 72  # on the wide side
        if used > width and n:
            break
        n += 1
    return max(n, 1)


def _draw_legend(pic: GridPicture, ax: Axes) -> Any:
    """The legend above ``ax``, in as few rows as fit in the figure's width."""
    handles = _legend_handles(pic)
    fig = figure_of(ax)
    width = (1 - ax.get_position().x0) * fig.get_figwidth() - 0.1 * pic.scale
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    # Measured when the canvas can: all in a row, then one fewer until it fits.
    ncol = _legend_columns(pic, width) if get_renderer is None else len(handles)
    while True:
        legend = ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1), ncol=ncol,
                           frameon=False, fontsize=_font(pic), handletextpad=0.3,
                           columnspacing=1.2)
        if get_renderer is None or ncol == 1:
            return legend
        if legend.get_window_extent(get_renderer()).x1 <= fig.bbox.x1:
            return legend
        ncol -= 1  # measured wider than the figure: one entry fewer a row


def _key_specs(pic: GridPicture) -> list[dict[str, Any]]:
    """The keys of the shared parameters: one per convolution drawn (a column per output
    channel: its kernel's weights and its bias, each once), one for any other; each with its
    entries, columns, title, and size in inches."""
    specs, done = [], set()
    for b in pic.blocks:
        g = b.grid
        if g is None or g.kind != "conv":
            continue
        taps, c_in = math.prod(g.kernel), g.in_shape[0]
        per_out = taps * c_in
        columns = []
        for o in b.channels:
            own = [p for p in g.kernel_names[o * per_out:(o + 1) * per_out]
                   if p in pic.shared_values]
            if g.bias_names and g.bias_names[o] in pic.shared_values:
                own.append(g.bias_names[o])
            columns.append(own)
            done.update(own)
        if per_out > KEY_ROWS:  # too many to list: the colours' places, values elsewhere
            places = list(np.ndindex(*g.kernel))
            first = g.kernel_names[:taps]
            entries = [(f"kernel[{','.join(str(i + 1) for i in t)}]", pic.ties.get(p), False)
                       for t, p in zip(places, first) if p in pic.ties]
            title = (f"{g.name}: an edge's colour is its weight's place in the kernel (row, "
                     f"column); the values: draw_kernels(net, layer={g.name!r})")
            specs.append(_spec(pic, title, entries, None))
            continue
        rows = max(len(col) for col in columns) if columns else 0
        entries = []
        for col in columns:  # column by column: the legend fills its columns top to bottom
            entries += [(p, pic.ties.get(p), p in g.bias_names) for p in col]
            entries += [("", None, False)] * (rows - len(col))
        what = "dL/d(kernel weight)" if pic.gradients else "kernel weights"
        title = f"{g.name}: {what} and bias, a column per output channel"
        specs.append(_spec(pic, title, entries, len(columns)))
    rest = [p for p in pic.shared_values if p not in done]
    if rest:
        biases = {pic.net.neuron(n).shared_bias for n in pic.kept if pic.role[n] != "input"}
        entries = [(p, pic.ties.get(p), p in biases) for p in rest]
        specs.append(_spec(pic, "shared parameters", entries, None))
    return specs


def _spec(pic: GridPicture, title: str, entries: list[tuple[str, Any, bool]],
          ncol: int | None) -> dict[str, Any]:
    """A key's entries, columns and size (inches): as many columns as ``ncol`` or as fit
    on a slide (about 11 inches)."""
    font = _font(pic)
    def text(name: str, bias: bool) -> str:
        if not name or name.startswith("kernel["):
            return name
        value = pic.shared_values[name]
        return f"{'dL/d' if pic.gradients else ''}{name} = {value:{pic.edge_fmt}}" + (
            " (bias)" if bias else "")
    labels = [text(name, bias) for name, _, bias in entries]
    entry = (max(len(t) for t in labels) * _CHAR_EM + 2.0 + 0.8 + 1.5) * font / 72
    if ncol is None:
        ncol = max(1, min(len(entries), int(11.0 * pic.scale // entry)))
    rows = math.ceil(len(entries) / ncol)
    width = max(ncol * entry, len(title) * _CHAR_EM * font / 72)
    return {"title": title, "entries": entries, "labels": labels, "ncol": ncol,
            "width": width, "height": ((rows + 1) * _ROW_EM + 0.5) * font / 72}


def _draw_keys(pic: GridPicture, ax: Axes, specs: list[dict[str, Any]]
               ) -> tuple[list[Legend], dict[str, Text]]:
    """The keys under the axes, one under the other; and each parameter's one text."""
    fig = figure_of(ax)
    font, s = _font(pic), pic.scale
    keys, texts = [], {}
    box = ax.get_position()
    y = box.y0 - 0.05 / fig.get_figheight()
    for spec in specs:
        handles = []
        for (name, colour, bias), label in zip(spec["entries"], spec["labels"]):
            if not name:
                handles.append(Line2D([], [], linestyle="", label=""))
            elif bias:
                handles.append(Line2D([], [], marker="o", linestyle="", markersize=8 * s,
                                      markerfacecolor="white", markeredgecolor=RIM,
                                      markeredgewidth=1.2 * s, label=label))
            else:
                handles.append(Line2D([], [], color=colour, lw=3 * s, label=label))
        key = Legend(ax, handles, spec["labels"], loc="upper center",
                     bbox_to_anchor=(box.x0 + box.width / 2, y),
                     bbox_transform=fig.transFigure, ncol=spec["ncol"], frameon=False,
                     fontsize=font, title=spec["title"], title_fontsize=font,
                     handletextpad=0.8, columnspacing=1.5)
        ax.add_artist(key)
        key.set_clip_on(False)  # add_artist clips it to the axes: it stands below them
        keys.append(key)
        for (name, _, _), t in zip(spec["entries"], key.get_texts()):
            if name and not name.startswith("kernel["):
                texts[name] = t
        y -= spec["height"] / fig.get_figheight()
    return keys, texts


def _note_lines(pic: GridPicture, width: float) -> list[str]:
    """What the picture leaves out of the edges: the convolutions drawn with a few neurons'
    fields, and the edges from nodes left out; lines wrapped to ``width`` inches."""
    lines = []
    sampled = [b.grid.name for b in pic.blocks if b.fields]  # type: ignore[union-attr]
    if sampled:
        lines.append(f"{', '.join(sampled)}: edges drawn into the first {FIELDS} neurons of each "
                     f"channel (every neuron reads its own window with the same kernel)")
    n = pic.left_out_edges
    if n:
        lines.append(f"not drawn: {n:,} edge{'s' if n > 1 else ''} into the neurons drawn from "
                     f"nodes left out")
    chars = max(int(width * 72 / (_CHAR_EM * _font(pic))), 20)
    return [part for line in lines for part in textwrap.wrap(line, chars)]


def _draw_note(pic: GridPicture, ax: Axes, legend: Any) -> Text | None:
    """Above the diagram (and its legend): :func:`_note_lines`."""
    fig = figure_of(ax)
    lines = _note_lines(pic, (1 - ax.get_position().x0) * fig.get_figwidth() - 0.1 * pic.scale)
    if not lines:
        return None
    note = "\n".join(lines)
    style: dict[str, Any] = {"fontsize": _font(pic), "color": "#444444", "fontstyle": "italic",
                             "textcoords": "offset points"}
    if legend is not None:
        return ax.annotate(note, (0, 1), xycoords=legend, xytext=(0, 2 * pic.scale),
                           ha="left", va="bottom", **style)
    return ax.annotate(note, (0, 1), xycoords="axes fraction", xytext=(0, 4 * pic.scale),
                       ha="left", va="bottom", **style)

