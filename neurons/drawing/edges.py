"""The edges of :func:`neurons.drawing.network.draw`, the highlighted chain, and the numbers.

Edges are coloured by their value (a weight, or dL/dw) on the picture's diverging map
and grow wider with its size; a highlight fades the edges its chain leaves out and draws
the chain again on a halo. Each edge is drawn along its path in ``Picture.paths``: a
straight line, or for a skip connection an arc around the layers it skips
(:func:`neurons.drawing.layout.edge_paths`). The numbers stand on their own edges (on the
arc, for a skip connection), where :func:`neurons.drawing.labels.place_labels` finds them
a free spot.

=============================  ===============================================================
:func:`draw_edges`             every drawn edge, one LineCollection
:func:`draw_highlight`         the highlighted chain again, on a halo
:func:`draw_weight_labels`     the value of each edge, on the edge
=============================  ===============================================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from matplotlib.colors import to_rgba

from .labels import node_box, place_labels, point_along, stagger
from .nodes import FADED, NODE_PT, SIZES
from .style import sizes
from .ties import CONSTANT_EDGE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import LineCollection
    from matplotlib.text import Text

    from .picture import Picture

__all__ = ["HALO", "draw_edges", "draw_highlight", "draw_weight_labels", "edge_colours",
           "labelled_edges"]

HALO = "#ffc107"  # the glow under a highlighted chain


def draw_edges(pic: Picture, ax: Axes) -> LineCollection | None:
    """Draw the edges, coloured by value on ``pic.cmap`` and wider with ``|value|``.

    Parameters
    ----------
    pic : Picture
        :func:`~neurons.drawing.picture.network_picture`'s edges, values and colour scale.
    ax : Axes
        Drawn into, below the neurons (zorder 1).

    Returns
    -------
    LineCollection or None
        One segment per edge of ``pic.edges``, in that order, along ``pic.paths``: two
        points for a straight edge, the arc's points for a skip connection; None without
        edges.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> ax = Figure().add_subplot()
    >>> net = Network.dense([2, 3, 1], seed=0)
    >>> lines = draw_edges(network_picture(net), ax)
    >>> len(lines.get_segments()), len(lines.get_segments()[0])
    (9, 2)
    >>> net.connect("x2", "o1", -0.5)  # a skip connection: an arc around h1, h2, h3
    >>> pic = network_picture(net)
    >>> len(draw_edges(pic, ax).get_segments()[pic.edges.index(("x2", "o1"))])
    33
    """
    if not pic.edges:
        return None
    lines = nx.draw_networkx_edges(pic.net.graph, pic.pos, edgelist=pic.edges, ax=ax,
                                   edge_color=[tuple(c) for c in edge_colours(pic)],
                                   width=list(_widths(pic)), arrows=False)
    # networkx draws straight lines between the nodes; the arcs replace those of the skip
    # connections (a straight edge's path is its two ends: the same segment again).
    lines.set_segments(_paths(pic))
    return lines


def draw_highlight(pic: Picture, ax: Axes) -> list[LineCollection]:
    """Draw the edges of the highlighted chain again, wider and on a halo, above the rest.

    Parameters
    ----------
    pic : Picture
        Made with ``highlight``; without one (or with an empty chain) nothing is drawn.
    ax : Axes
        The chain goes above the other edges and below the neurons.

    Returns
    -------
    list of LineCollection
        ``[halo, edges]``, or ``[]``.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> halo, top = draw_highlight(network_picture(net, highlight="w5"), ax)
    >>> len(top.get_segments())  # w5's own edge, h1 -> o1
    1
    >>> plt.close(fig)
    """
    chain, edges, s = pic.chain, pic.edges, pic.scale
    on = [i for i, e in enumerate(edges) if chain is not None and e in chain["edges"]]
    if not on:
        return []
    sel, widths, colours = [edges[i] for i in on], _widths(pic), edge_colours(pic)
    graph, pos, paths = pic.net.graph, pic.pos, _paths(pic)
    halo = nx.draw_networkx_edges(graph, pos, edgelist=sel, ax=ax, arrows=False,
                                  edge_color=HALO, width=list(widths[on] + 7 * s), alpha=0.6)
    top = nx.draw_networkx_edges(graph, pos, edgelist=sel, ax=ax, arrows=False,
                                 edge_color=[tuple(colours[i]) for i in on],
                                 width=list(widths[on] + 1.5 * s))
    for lines in (halo, top):  # along the arcs, as draw_edges
        lines.set_segments([paths[i] for i in on])
    halo.set_zorder(1.1)
    top.set_zorder(1.2)
    return [halo, top]


def draw_weight_labels(pic: Picture, ax: Axes, max_labelled_edges: int | None = 16,
                       avoid: Iterable[Any] | None = None) -> dict[tuple[str, str], Text]:
    """Write each edge's value on the edge, slid along it to where it covers nothing.

    The labels start staggered (the edges into one neuron at different fractions) and
    are placed in display pixels, so draw them last: colour bars and legends move the
    axes.

    Parameters
    ----------
    pic : Picture
        The values are ``pic.edge_values`` in ``pic.edge_fmt``, named when ``pic.names``.
    ax : Axes
        With its final size and limits: the labels are placed in its pixels.
    max_labelled_edges : int or None, default 16
        Label only the pairs of layers joined by at most this many drawn edges; None
        labels every edge.
    avoid : iterable of Text, optional
        Texts the labels must keep clear of; by default every text already on ``ax``.
        The neurons are always avoided.

    Returns
    -------
    dict
        (u, v) -> Text.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> fig, ax = plt.subplots()
    >>> pic = network_picture(Network.dense([5, 4, 1], seed=0), names=True)
    >>> labels = draw_weight_labels(pic, ax)  # 20 edges x -> h: too many; 4 h -> o
    >>> sorted(labels)
    [('h1', 'o1'), ('h2', 'o1'), ('h3', 'o1'), ('h4', 'o1')]
    >>> labels["h1", "o1"].get_text()
    'w21=-1.03'
    >>> plt.close(fig)
    """
    edges, layer_of, chain = pic.edges, pic.layer_of, pic.chain
    avoid = list(ax.texts if avoid is None else avoid)
    numbered = set(labelled_edges(pic))
    per_pair = Counter((layer_of[u], layer_of[v]) for u, v in edges if (u, v) in numbered)
    labels, items, paths = {}, [], _paths(pic)
    kinds = pic.edge_kinds or ["weight"] * len(edges)
    for k, ((u, v), val, c) in enumerate(zip(edges, pic.edge_values, edge_colours(pic))):
        pair = layer_of[u], layer_of[v]
        if (u, v) not in numbered or (max_labelled_edges is not None
                                      and per_pair[pair] > max_labelled_edges):
            continue
        srcs = [s for s, t in edges if t == v]
        first = stagger(srcs.index(u), len(srcs))  # staggered into each target
        named = pic.names and kinds[k] in ("weight", "shared")  # a constant has no name
        prefix = f"{pic.net.weight_name(u, v)}=" if named else ""
        if pic.names and pic.gradients:  # "w1=-0.04" would read as the weight itself
            prefix = f"dL/d{prefix}"
        text = pic.edge_text.get((u, v), f"{prefix}{val:{pic.edge_fmt}}")  # a step's own
        x, y = point_along(paths[k], first)
        labels[u, v] = t = ax.text(
            x, y, text,
            fontsize=sizes(pic.scale)["small"], ha="center", va="center", zorder=2.5,
            alpha=1.0 if chain is None or (u, v) in chain["edges"] or
            not chain.get("fade_texts", True) else 0.45,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": tuple(c[:3]),
                  "lw": 0.8 * pic.scale, "alpha": 0.9})
        items.append((t, paths[k], first, k))
    _place(pic, ax, items, avoid)
    return labels


def labelled_edges(pic: Picture) -> list[tuple[str, str]]:
    """The edges that carry a number, in ``pic.edges`` order: every edge of its own weight
    and every constant that is not pooling's (with values, not gradients: constants have
    none); a shared weight's number stands once in the key instead, and a pooling neuron
    says "max" or "mean". With a step, every edge it writes a text for.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> net = Network()
    >>> for x in ("x1", "x2"):
    ...     net.add_input(x)
    >>> net.add_parameter("k1", 0.5)
    >>> _ = net.add_neuron("h1", {"x1": "k1", "x2": 0.3})
    >>> labelled_edges(network_picture(net))
    [('x2', 'h1')]
    """
    if not pic.edge_kinds or pic.edge_text:
        return [e for e in pic.edges if not pic.edge_text or e in pic.edge_text]
    keep = ("weight",) if pic.gradients else ("weight", "constant")
    return [e for e, kind in zip(pic.edges, pic.edge_kinds) if kind in keep]


def edge_colours(pic: Picture) -> np.ndarray:
    """Each edge's RGBA on the picture's map, in ``pic.edges`` order (a shared weight's in
    its own qualitative colour, a constant's in grey: :mod:`neurons.drawing.ties`); faded
    outside a highlighted chain (an animation sets them frame by frame).

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> edge_colours(network_picture(Network.dense([2, 1], seed=0))).shape
    (2, 4)
    """
    colours = pic.cmap(pic.norm(pic.edge_values)) if len(pic.edges) else np.zeros((0, 4))
    for i, (kind, p) in enumerate(zip(pic.edge_kinds, pic.edge_parameters)):
        if kind == "shared":
            assert p is not None  # a shared edge names its parameter (ties.edge_kinds)
            colours[i] = pic.ties[p]
        elif kind != "weight":
            colours[i] = to_rgba(CONSTANT_EDGE)
    if pic.chain is not None:
        colours[[e not in pic.chain["edges"] for e in pic.edges], 3] = FADED
    return colours


def _widths(pic: Picture) -> np.ndarray:
    """Each edge's line width in points: wider with |value|; a constant's thin."""
    widths = (0.8 + 3.2 * np.abs(pic.edge_values) / pic.norm.halfrange) * pic.scale
    constant = [kind in ("pooling", "constant") for kind in pic.edge_kinds]
    if any(constant):
        widths[constant] = 1.2 * pic.scale
    return widths


def _paths(pic: Picture) -> list[np.ndarray]:
    """``pic.paths``; straight lines for a Picture made without them (by hand)."""
    if len(pic.paths) == len(pic.edges):
        return pic.paths
    return [np.array([pic.pos[u], pic.pos[v]], dtype=float) for u, v in pic.edges]


def _place(pic: Picture, ax: Axes, items: list[Any], avoid: list[Any]) -> None:
    """Slide the labels to their spots, clear of the neurons and of ``avoid``."""
    fig = ax.figure
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if not items or get_renderer is None:
        return
    renderer = get_renderer()
    to_px = ax.transData.transform
    px = fig.dpi / 72 * pic.scale  # pixels per point; a label's box reaches 2 points out
    boxes = [node_box(to_px(pic.pos[n]), SIZES[pic.role[n]] * NODE_PT * pic.scale / 2
                      * fig.dpi / 72) for n in pic.kept]
    boxes += [t.get_window_extent(renderer).padded(1.5 * px) for t in avoid]
    paths = [to_px(path) for path in _paths(pic)]  # each edge's polyline on the screen
    segments = np.concatenate([np.stack([p[:-1], p[1:]], axis=1) for p in paths])
    owners = np.repeat(np.arange(len(paths)), [len(p) - 1 for p in paths])
    place_labels(items, boxes, renderer, segments, to_px,
                 bounds=ax.get_window_extent(renderer), pad=3.5 * px, owners=owners)
