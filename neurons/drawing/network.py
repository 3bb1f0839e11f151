"""Draw a :class:`neurons.Network` the way textbooks do: layers left to right.

Inputs stand on the left, outputs on the right, and each layer keeps the order in
which its neurons were built, top to bottom. Edges are coloured by their weight on
a diverging map centred on zero (or by dL/dw), and small networks carry the
numbers on the edges, so the picture can sit beside a hand derivation.

networkx places and draws nodes, edges and names; :mod:`neurons.drawing.layout`
adds what it lacks (elided wide layers, a figure sized for a slide),
:mod:`neurons.drawing.labels` puts each number on its own edge where it covers no
other label, and :mod:`neurons.drawing.parts` draws neurons, texts and the legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import CenteredNorm, Colormap

from ..errors import ArgumentTypeError
from .labels import node_box, place_labels, stagger
from .layout import add_colorbar, kept_rows, make_axes, positions
from .parts import FADED, NODE_PT, SIZES, Picture, draw_legend, draw_nodes, draw_texts
from .style import check_scale, sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..network import Network

__all__ = ["draw"]

DX, DY = 2.6, 1.0  # data units between layers and between neighbours in a layer


def draw(net: Network, ax: Axes | None = None, *, values: Any = None,
         gradients: Sequence[Any] | None = None, highlight: str | None = None,
         weight_labels: bool | str = "auto", names: bool = False,
         max_neurons: int | None = 8, max_labelled_edges: int = 16,
         cmap: str | Colormap = "RdBu_r", value_cmap: str | Colormap = "Greens",
         fmt: str = ".2f", grad_fmt: str = ".2g", legend: bool = True,
         scale: float = 1.0) -> Axes:
    """Draw ``net`` as a layered left-to-right diagram and return the Axes.

    Inputs are squares, hidden neurons circles and outputs hexagons; each neuron
    shows its name, its activation ("σ", "tanh", "ReLU", "lin", ...) and, when it
    has one, its bias (the value above it, and the rim coloured on the weight map).
    Edges are coloured by weight on a diverging map centred on zero (negative blue,
    positive red with "RdBu_r", near zero pale) and grow wider with ``|w|``.

    The edges set the colour scale. A bias beyond it (often dL/db of an output, which
    is larger than every dL/dw) is marked, not silently clipped: its number ends in
    "▲" (above the colour bar's top) or "▼" (below its bottom), its rim shows the
    bar's end colour, and the colour bar's end is an arrow.

    Parameters
    ----------
    net : Network
    ax : matplotlib Axes, optional
        Drawn into as given (colour bars take room beside it); texts are sized in
        points, so a small Axes crowds them. By default a new figure sized for a
        slide: at least 1200 pixels wide (``scale`` times that), smallest text 10
        points, no two labels overlapping.
    values : array-like, optional
        One sample: run it forward and show every neuron's z and a beside it, with
        the faces coloured by the activation a (sequential ``value_cmap``). The
        neurons' activations alone set that colour scale; the inputs show their
        numbers on plain faces, so an input of -2 cannot wash out a = 0.47 and 0.97.
    gradients : (x, y) or (x, y, loss), optional
        Colour and label edges (and bias rims) by dL/dw, dL/db for this sample
        (loss default "mse") instead of by the parameter values.
    highlight : str, optional
        A parameter name ("w1", "b2"): emphasise exactly the edges and neurons that
        ``net.explain(highlight, ...)`` walks (the parameter's own edge and every
        path from its neuron to an output) and fade the rest. The chain is
        structural; the sample of ``gradients`` is used when given.
    weight_labels : True, False or "auto"
        Write the values on the edges. "auto": only between layers joined by at
        most ``max_labelled_edges`` drawn edges.
    names : bool
        Prefix labels with the parameter names of the hand derivation ("w1=0.50",
        "b1=0.00").
    max_neurons : int or None, default 8
        Draw at most this many neurons per layer (the first and last ones) and mark
        the gap with how many were left out ("⋮ 776 more"). ``None`` draws all.
    cmap, value_cmap : colormap or name
        Diverging map for weights/gradients/biases; sequential map for activations.
    fmt, grad_fmt : str
        Format specs of the values and of the gradients.
    legend : bool
        Show the node-shape legend above the axes.
    scale : float, default 1.0
        Multiplies every text, node, line and figure size: 1.5 for a poster, 0.8 for
        a notebook.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.neurons_artists``, a dict of what was drawn: ``"edges"`` (the
        LineCollection, or None), ``"edge_list"`` (its (u, v) in segment order),
        ``"edge_values"`` (the mapped numbers), ``"nodes"`` (role -> PathCollection),
        ``"positions"``, ``"name_labels"``, ``"activation_labels"``,
        ``"bias_labels"``, ``"value_labels"`` (node -> Text), ``"weight_labels"``
        ((u, v) -> Text), ``"elided"`` (layer index -> Text), ``"colorbar"`` and
        ``"value_colorbar"`` (Colorbar or None), ``"norm"`` and ``"cmap"`` of the
        edge colours, ``"value_norm"`` (the activations' Normalize, or None),
        ``"overflow"`` (node -> "▲" or "▼" for biases beyond the colour bar) and
        ``"highlight"`` (None, or a dict with ``"parameter"``, ``"edges"``,
        ``"nodes"`` and ``"artists"``).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> ax = draw(net, values=[1.0, 2.0], gradients=([1.0, 2.0], [1.0]), highlight="w1")
    >>> len(ax.neurons_artists["edge_list"])
    6
    >>> ax.neurons_artists["weight_labels"]["h1", "o1"].get_text() == f"{-0.06434800:.2g}"
    True
    >>> ax.neurons_artists["overflow"]  # dL/db3 is beyond every dL/dw
    {'o1': '▼'}
    >>> int(ax.figure.get_size_inches()[0] * ax.figure.dpi) >= 1200
    True
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    pic = _layout(net, max_neurons, check_scale(scale), names)
    sample = _quantities(pic, gradients, fmt, grad_fmt, cmap)
    pic.hl = _chain(net, highlight, sample)
    pic.trace = net.forward_trace(values) if values is not None else None
    n_bars = 1 + (pic.trace is not None)
    pic.ax = ax = make_axes(ax, pic.pos, n_bars, legend, pic.scale, tall=values is not None)
    ax.set_axis_off()
    art = pic.art
    art.update({"edges": None, "positions": pic.pos, "norm": pic.norm, "cmap": pic.cmap,
                "highlight": pic.hl, "value_colorbar": None, "value_norm": None})
    colours = _draw_edges(pic)
    draw_nodes(pic, value_cmap)
    draw_texts(pic)
    # Colour bars and legend first: they move the axes, and labels are placed in pixels.
    over = set(pic.overflow.values())
    extend = {frozenset(): "neither", frozenset("▲"): "max",
              frozenset("▼"): "min"}.get(frozenset(over), "both")
    art["colorbar"] = add_colorbar(ax.figure, ax, ScalarMappable(norm=pic.norm, cmap=pic.cmap),
                                   pic.quantity, 0, pic.scale, extend)
    if pic.trace is not None:
        value_sm = ScalarMappable(norm=art["value_norm"], cmap=pic.value_map)
        art["value_colorbar"] = add_colorbar(ax.figure, ax, value_sm, "activation a", 1,
                                             pic.scale)
    if legend:
        draw_legend(pic)
    _weight_labels(pic, colours, weight_labels, max_labelled_edges)
    ax.neurons_artists = art
    return ax


def _layout(net: Network, max_neurons: int | None, scale: float, names: bool) -> Picture:
    """Which neurons and edges are drawn, where, and in which role."""
    rows = kept_rows(net.layers, max_neurons)
    pos = positions([row for row, _ in rows], DX, DY)
    kept = [n for row, _ in rows for n in row if isinstance(n, str)]
    kept_set = set(kept)
    layer_of = {n: i for i, (row, _) in enumerate(rows) for n in row}
    edges = [(u, v) for u in kept for v in net.graph.successors(u) if v in kept_set]
    outputs = set(net.outputs)
    role = {n: "input" if layer_of[n] == 0 else "output" if n in outputs else "hidden"
            for n in kept}
    pic = Picture(net=net, rows=rows, pos=pos, kept=kept, layer_of=layer_of, edges=edges,
                  role=role, scale=scale, names=names)
    pic.bias_name = {net.parameter_location(p)[0]: p for p in net.parameters() if p[0] == "b"}
    pic.neurons = {n: net.neuron(n) for n in kept if role[n] != "input"}
    pic.art.update({"edge_list": edges, "nodes": {}, "name_labels": {},
                    "activation_labels": {}, "bias_labels": {}, "value_labels": {},
                    "weight_labels": {}, "elided": {}})
    return pic


def _quantities(pic: Picture, gradients: Any, fmt: str, grad_fmt: str,
                cmap: str | Colormap) -> tuple[Any, Any, Any]:
    """What the edge colours and numbers mean: the parameters, or dL/dparam for one sample.

    Sets the values, their colour map and norm (the edges' range, centred on zero), and
    which biases lie beyond it; returns the sample the highlight should explain.
    """
    net, edges = pic.net, pic.edges
    pic.fmt = fmt
    if gradients is not None:
        sample = _sample(gradients)
        grads = net.gradients(*sample)
        pic.edge_vals = np.array([grads[net.weight_name(u, v)] for u, v in edges], dtype=float)
        pic.bias_vals = {n: grads[pic.bias_name[n]] for n in pic.neurons if n in pic.bias_name}
        pic.quantity, pic.efmt, pic.gradients = "dL/dw", grad_fmt, True
    else:
        sample = (np.zeros(len(net.inputs)), np.zeros(len(net.outputs)), "mse")
        pic.edge_vals = np.array([net.graph.edges[u, v]["weight"] for u, v in edges],
                                 dtype=float)
        pic.bias_vals = {n: float(k.bias) for n, k in pic.neurons.items() if k.bias is not None}
        pic.quantity, pic.efmt = "weight", fmt
    pic.cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
    # The edges set the scale, so that they stay readable when a bias (or its gradient, like
    # dL/db of an output) is much larger; such a bias is marked as beyond the colour bar.
    half = float(np.max(np.abs([*pic.edge_vals, 0.0]))) or float(
        np.max(np.abs([*pic.bias_vals.values(), 0.0]))) or 1.0
    pic.norm = CenteredNorm(vcenter=0.0, halfrange=half)  # zero is always the pale middle
    pic.overflow = {n: "▲" if b > 0 else "▼" for n, b in pic.bias_vals.items()
                    if abs(b) > half * (1 + 1e-9)}
    pic.art.update({"edge_values": pic.edge_vals, "overflow": pic.overflow})
    return sample


def _chain(net: Network, highlight: str | None, sample: Any) -> dict[str, Any] | None:
    """The chain explain() walks: the parameter's own edge plus every path to an output."""
    if highlight is None:
        return None
    d = net.explain(highlight, *sample)
    hl_nodes, hl_edges = {d.neuron}, set()
    if d.source is not None:
        hl_nodes.add(d.source)
        hl_edges.add((d.source, d.neuron))
    for path in d.paths():
        hl_nodes.update(path.nodes)
        hl_edges.update(zip(path.nodes, path.nodes[1:]))
    return {"parameter": highlight, "edges": hl_edges, "nodes": hl_nodes, "artists": []}


def _draw_edges(pic: Picture) -> np.ndarray:
    """One LineCollection; a highlight redraws its edges on top of a halo. Returns colours."""
    edges, hl, s = pic.edges, pic.hl, pic.scale
    widths = (0.8 + 3.2 * np.abs(pic.edge_vals) / pic.norm.halfrange) * s
    colours = pic.cmap(pic.norm(pic.edge_vals)) if len(edges) else np.zeros((0, 4))
    if hl is not None:
        colours[[e not in hl["edges"] for e in edges], 3] = FADED
    graph, pos, ax = pic.net.graph, pic.pos, pic.ax
    if edges:
        pic.art["edges"] = nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax,
                                                  edge_color=[tuple(c) for c in colours],
                                                  width=list(widths), arrows=False)
    on = [i for i, e in enumerate(edges) if hl is not None and e in hl["edges"]]
    if on:
        sel = [edges[i] for i in on]
        halo = nx.draw_networkx_edges(graph, pos, edgelist=sel, ax=ax, arrows=False,
                                      edge_color="#ffc107", width=list(widths[on] + 7 * s),
                                      alpha=0.6)
        top = nx.draw_networkx_edges(graph, pos, edgelist=sel, ax=ax, arrows=False,
                                     edge_color=[tuple(colours[i]) for i in on],
                                     width=list(widths[on] + 1.5 * s))
        halo.set_zorder(1.1)
        top.set_zorder(1.2)
        hl["artists"] += [halo, top]
    return colours


def _weight_labels(pic: Picture, colours: np.ndarray, weight_labels: bool | str,
                   max_labelled: int) -> None:
    """Write the edge values, each centred on its own edge, slid until it is free."""
    edges, layer_of, hl = pic.edges, pic.layer_of, pic.hl
    per_pair: dict[tuple[int, int], int] = {}
    for u, v in edges:
        per_pair[layer_of[u], layer_of[v]] = per_pair.get((layer_of[u], layer_of[v]), 0) + 1
    items = []
    for k, ((u, v), val, c) in enumerate(zip(edges, pic.edge_vals, colours)):
        if weight_labels is False or (weight_labels == "auto" and
                                      per_pair[layer_of[u], layer_of[v]] > max_labelled):
            continue
        srcs = [s for s, t in edges if t == v]
        first = stagger(srcs.index(u), len(srcs))  # staggered into each target
        prefix = f"{pic.net.weight_name(u, v)}=" if pic.names else ""
        if pic.names and pic.gradients:  # "w1=-0.04" would read as the weight itself
            prefix = f"dL/d{prefix}"
        start, end = np.array(pic.pos[u]), np.array(pic.pos[v])
        t = pic.ax.text(*(start + first * (end - start)), f"{prefix}{val:{pic.efmt}}",
                        fontsize=sizes(pic.scale)["small"], ha="center", va="center",
                        zorder=2.5, alpha=1.0 if hl is None or (u, v) in hl["edges"] else 0.45,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": tuple(c[:3]),
                              "lw": 0.8 * pic.scale, "alpha": 0.9})
        pic.art["weight_labels"][u, v] = t
        items.append((t, start, end, first, k))
    fig = pic.ax.figure
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if not items or get_renderer is None:
        return
    renderer = get_renderer()
    to_px = pic.ax.transData.transform
    px = fig.dpi / 72 * pic.scale  # pixels per point; a label's box reaches 2 points out
    boxes = [node_box(to_px(pic.pos[n]), SIZES[pic.role[n]] * NODE_PT * pic.scale / 2
                      * fig.dpi / 72) for n in pic.kept]
    for group in ("name_labels", "activation_labels", "bias_labels", "value_labels",
                  "elided"):
        boxes += [t.get_window_extent(renderer).padded(1.5 * px)
                  for t in pic.art[group].values()]
    segments = np.array([[to_px(pic.pos[u]), to_px(pic.pos[v])] for u, v in edges])
    place_labels(items, boxes, renderer, segments, to_px,
                 bounds=pic.ax.get_window_extent(renderer), pad=3.5 * px)


def _sample(gradients: Sequence[Any]) -> tuple[Any, Any, Any]:
    if isinstance(gradients, (str, bytes)) or not isinstance(gradients, Sequence):
        gradients = (gradients,)  # reported below
    if len(gradients) == 2:
        return gradients[0], gradients[1], "mse"
    if len(gradients) == 3:
        return gradients[0], gradients[1], gradients[2]
    raise ArgumentTypeError(
        f"gradients must be one sample as (x, y) or (x, y, loss), not {gradients!r}")
