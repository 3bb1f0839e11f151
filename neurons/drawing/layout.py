"""Placement helpers for :func:`neurons.drawing.network.draw`.

networkx places the neurons (``multipartite_layout``, one column per layer); this
module adds what it lacks for a textbook picture:

* :func:`kept_rows` chooses which neurons of a wide layer are drawn (the first and
  last few) and marks the gap between them;
* :func:`positions` turns networkx's layout into a left-to-right picture with
  the first neuron of each layer on top and one unit between neighbours;
* :func:`edge_paths` gives each edge the line it is drawn along: straight between
  neighbouring layers, an arc around the layers a skip connection skips
  (:func:`keep_out` is what an arc keeps clear of);
* :func:`make_axes` and :func:`add_colorbar` size a new figure to the network and
  keep room for the colour bars (sizes for a slide, times ``scale``); :func:`fresh_axes`
  clears it for an animation's next frame.

Whether a diagram's figure was made here (so its colour bars go into the margin kept for
them) is not written on the Axes: :func:`~neurons.drawing.network.draw_picture` knows it,
keeps it in its :class:`~neurons.drawing.network.NetworkDisplay` (``own_figure``) and passes
it to :func:`add_colorbar` as ``in_margin``.

:mod:`neurons.drawing.labels` places the numbers on the edges.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from matplotlib.transforms import Bbox

from .labels import crossings
from .nodes import NODE_PT, SIZES
from .style import new_figure, sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.cm import ScalarMappable

    from .picture import Picture

__all__ = ["add_colorbar", "edge_paths", "fresh_axes", "gap_node", "keep_out", "kept_rows",
           "make_axes", "positions", "unit_inches"]

# Inches per data unit (times ``scale``) when draw() makes its own figure; a row with values
# (z and a under each neuron) needs more height.
X_INCH, Y_INCH, Y_INCH_VALUES = 1.15, 1.1, 1.4
Y_INCH_STEP = 1.75  # a step's values below a neuron and its bias's numbers above the next
BAR_INCH = 1.25  # room for one colour bar with its ticks and label
BAR_BELOW_INCH = 0.85  # the same for a bar lying under the axes

# Skip connections drawn as arcs (edge_paths). Sizes in points at scale 1: texts, neurons and
# the figure all grow with ``scale``, so in data units these do not depend on it.
SAMPLES = 33  # points of an arc's polyline: 32 straight pieces look smooth on a slide
CLEAR_PT = 10.0  # an arc's centre line to every box it passes around: a highlight's halo
#                  (the widest line, 11 pt) still leaves 4.5 pt free
LINE_PT = 12.5  # one line of the small (10 pt) text, with its white box (12.2 pt measured)
NOTE_PT = NODE_PT / 2 + 2  # where the texts above and below a neuron begin (nodes.py)
RIM_PT = 6.0  # beyond a neuron's marker: its bias rim, the ring around it, a step's halo
TEXT_HALF_PT = 66.0  # half the width kept for a neuron's texts: 22 characters of 10 pt
GAP_HALF_PT = 35.0  # half the width of a gap's "⋮ 776 more"
BOW_PT = 24.0  # the least an arc bows out from the straight line, so that it reads as one
ARC_ROOM_PT = 16.0  # room between an arc and the axes' edge for the number standing on it


def gap_node(layer: int) -> tuple[str, int]:
    """The placeholder node of a layer's gap (a tuple, so it can never clash with a name)."""
    return ("...", layer)


def kept_rows(layers: Sequence[Sequence[str]],
              max_neurons: int | None) -> list[tuple[list[Hashable], int]]:
    """Return, per layer, the nodes to draw (a gap placeholder where some are left out)
    and how many were left out.

    A layer wider than ``max_neurons`` keeps its first ``ceil(max/2)`` and last
    ``floor(max/2)`` nodes, so both ends of the layer stay visible.
    """
    rows: list[tuple[list[Hashable], int]] = []
    for i, layer in enumerate(layers):
        layer = list(layer)
        if max_neurons is None or len(layer) <= max_neurons:
            rows.append((list(layer), 0))
            continue
        head = (max_neurons + 1) // 2
        tail = max_neurons - head
        kept: list[Hashable] = [*layer[:head], gap_node(i), *(layer[-tail:] if tail else [])]
        rows.append((kept, len(layer) - max_neurons))
    return rows


def positions(rows: Sequence[Sequence[Hashable]], dx: float = 1.0,
              dy: float = 1.0) -> dict[Hashable, tuple[float, float]]:
    """Place the rows with ``networkx.multipartite_layout``, layer 0 at x = 0.

    Layers are ``dx`` apart and neighbours in a layer ``dy`` apart; each layer is
    centred on y = 0 and its first node is on top.
    """
    subsets = {i: list(row) for i, row in enumerate(rows)}  # a dict keeps the built order
    graph: nx.Graph[Hashable] = nx.Graph()
    for row in subsets.values():
        graph.add_nodes_from(row)
    pos = nx.multipartite_layout(graph, subset_key=subsets, scale=1)
    arr = np.array(list(pos.values()), dtype=float)
    width, height = len(subsets), max(len(row) for row in subsets.values())
    # multipartite_layout squeezes everything into [-1, 1] with one uniform factor and
    # counts rows upwards; undo the factor (one step = one unit), then flip y.
    span = np.ptp(arr, axis=0)
    if width > 1:
        unit = span[0] / (width - 1)
    elif height > 1:
        unit = span[1] / (height - 1)
    else:
        unit = 1.0
    x0 = arr[:, 0].min()
    return {n: (float((p[0] - x0) / unit * dx), float(-p[1] / unit * dy))
            for n, p in pos.items()}


def make_axes(ax: Axes | None, pos: dict[Hashable, tuple[float, float]], n_bars: int,
              legend: bool, scale: float = 1.0, tall: bool = False, below: float = 0.0,
              y_inch: float | None = None, paths: Sequence[np.ndarray] | None = None,
              x_inch: float | None = None, min_width: float = 0.0,
              slide_scale: float | None = None, bars_below: bool = False) -> Axes:
    """Set the limits, making a figure sized to the network when no Axes is given.

    The new figure has ``X_INCH`` by ``Y_INCH`` (``Y_INCH_VALUES`` when ``tall``, or
    ``y_inch``) inches per data unit, times ``scale``, a margin for ``n_bars`` colour bars
    and the legend, ``below`` inches more under the axes (for a caption), and the dpi of
    :func:`neurons.drawing.style.slide_dpi`. Colour bars go into that margin when
    :func:`add_colorbar` is told ``in_margin=True``. The limits hold every point of
    ``paths`` (the edges as drawn, :func:`edge_paths`), with room for the numbers on the
    arcs; without an arc they are the neurons' own. ``x_inch`` replaces ``X_INCH`` (a
    picture with a ``text_scale`` is as wide as one without), ``min_width`` is the least
    width of the figure in inches (the diagram stretches across to fill it), and
    ``slide_scale`` replaces ``scale`` in the figure's least width in pixels. With
    ``bars_below`` the colour bars' margin is under the axes instead of beside them (a
    picture for a small screen, :func:`add_colorbar` with ``below=True``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> pos = {"x1": (0.0, 0.0), "o1": (2.6, 0.0)}
    >>> ax = make_axes(None, pos, 1, True)
    >>> [float(round(y, 2)) for y in ax.get_ylim()]
    [-0.55, 0.55]
    >>> arc = np.array([[0.0, 0.0], [1.3, 1.0], [2.6, 0.0]])
    >>> [float(round(y, 2)) for y in make_axes(ax, pos, 1, True, paths=[arc]).get_ylim()]
    [-0.55, 1.2]
    >>> plt.close(ax.figure)
    """
    xy = np.array(list(pos.values()))
    # Room for the texts: bias numbers above the top row, z and a (when ``tall``) below.
    margin_low, margin_high = np.array([0.6, 0.75 if tall else 0.55]), np.array([0.5, 0.55])
    if y_inch:  # the same texts on taller rows
        margin_low[1], margin_high[1] = 0.55, 0.45
    if x_inch:  # the same room in inches beside the outer neurons, whatever a unit is
        margin_low[0], margin_high[0] = (m * X_INCH / x_inch for m in (0.6, 0.5))
    (x0, y0), (x1, y1) = xy.min(axis=0) - margin_low, xy.max(axis=0) + margin_high
    y_unit = y_inch or (Y_INCH_VALUES if tall else Y_INCH)
    if paths:  # arcs reach beyond the neurons; a straight edge never does (min keeps y0)
        ys, room = np.concatenate(list(paths))[:, 1], ARC_ROOM_PT / 72 / y_unit
        y0, y1 = min(y0, ys.min() - room), max(y1, ys.max() + room)
    if ax is None:
        w = (x1 - x0) * (x_inch or X_INCH) * scale
        h = (y1 - y0) * y_unit * scale
        left, bottom = 0.1 * scale, 0.1 * scale + below
        right, top = (0.2 + BAR_INCH * n_bars) * scale, (0.55 if legend else 0.1) * scale
        if bars_below:
            right, bottom = 0.2 * scale, bottom + BAR_BELOW_INCH * n_bars * scale
        w = max(w, min_width - left - right)
        fw, fh = w + left + right, h + bottom + top
        fig = new_figure(fw, fh, scale if slide_scale is None else slide_scale)
        ax = fig.add_axes((left / fw, bottom / fh, w / fw, h / fh))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return ax


def unit_inches(values: bool = False, step: bool = False,
                text_scale: float = 1.0) -> tuple[float, float]:
    """Inches per data unit (x, y), times the picture's ``scale``, of the figure ``draw``
    makes: taller rows with a sample's ``values`` and taller still with a ``step`` (as
    :func:`neurons.drawing.network.draw_picture` asks :func:`make_axes` for them). A
    ``text_scale`` makes the texts and rows larger on a diagram of the same width, so
    across, a unit is that many times fewer of the picture's inches.

    Examples
    --------
    >>> unit_inches(), unit_inches(values=True, step=True)
    ((1.15, 1.1), (1.15, 1.75))
    >>> unit_inches(text_scale=2.0)
    (0.575, 1.1)
    """
    return X_INCH / text_scale, Y_INCH_STEP if step else Y_INCH_VALUES if values else Y_INCH


def keep_out(pic: Picture) -> dict[Hashable, np.ndarray]:
    """The box around each drawn node (and gap) that holds it and its texts, in data units.

    What an arc (:func:`edge_paths`) passes around: the neuron's marker with its rim and a
    step's halo; above it, when it has a bias, the bias text (two lines with a step: the
    new value and dL/db); below it, with a sample's values, one line for an input and two
    (z and a) or, with a step, three (a, dL/da, delta) for a neuron; as wide as a text of
    22 characters when it has one. The texts are as big whichever numbers a step shows,
    so every frame of an animation keeps the same arcs. Sizes are in points and converted
    with the figure ``draw`` makes (:func:`unit_inches`); in an Axes of other proportions
    the boxes are as much too large or too small.

    Parameters
    ----------
    pic : Picture
        Its rows, positions, roles and biases, and whether it shows values or a step.

    Returns
    -------
    dict
        Node (or gap placeholder) -> array ``(x0, y0, x1, y1)``.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> box = keep_out(network_picture(Network.dense([2, 2, 1], seed=0)))["h1"]
    >>> [round(float(b), 2) for b in box]  # h1 stands at (2.6, 0.5): its bias text above
    [1.8, 0.13, 3.4, 0.97]
    """
    per_x, per_y = (72 * i for i in unit_inches(pic.trace is not None, pic.step is not None,
                                                    pic.text_scale))
    boxes = {}
    for row, _ in pic.rows:
        for n in row:
            if not isinstance(n, str):  # a gap: two centred lines
                half, up, down = GAP_HALF_PT, LINE_PT, LINE_PT
            else:
                half = up = down = SIZES[pic.role[n]] * NODE_PT / 2 + RIM_PT
                if n in pic.bias_values:
                    up, half = NOTE_PT + LINE_PT * (1 if pic.step is None else 2), TEXT_HALF_PT
                if pic.trace is not None:
                    lines = 1 if pic.role[n] == "input" else 2 if pic.step is None else 3
                    down, half = NOTE_PT + LINE_PT * lines, TEXT_HALF_PT
            x, y = pic.pos[n]
            boxes[n] = np.array([x - half / per_x, y - down / per_y,
                                 x + half / per_x, y + up / per_y])
    return boxes


def edge_paths(pic: Picture) -> list[np.ndarray]:
    """The line each edge of ``pic.edges`` is drawn along, in data units.

    An edge between neighbouring layers is straight: its two ends. A skip connection
    (layer i to layer j > i + 1) would run through the neurons between and their texts,
    so it is an arc around them: a quadratic Bézier curve from one end to the other,
    sampled at 33 points (``SAMPLES``), its control point straight above (or below) the
    middle of the straight line, bowed just far enough that the drawn polyline keeps
    10 points (``CLEAR_PT``) from the :func:`keep_out` box of every node and gap of the
    skipped layers. Above the boxes, the curve is concave: clearing the two top corners of a
    box widened by the clearance clears all of it, and the height needed there is linear
    in the bow, so the bow is computed, not searched for. The arc goes above the skipped
    layers or below them, whichever crosses fewer other boxes (the neighbours of its ends),
    then whichever bows less. Arcs are routed shortest first, and a longer one on the same
    side also clears the shorter ones where that costs at most half as much bow again.

    Parameters
    ----------
    pic : Picture
        Its edges, positions, layers and texts (:func:`keep_out`).

    Returns
    -------
    list of array
        In ``pic.edges`` order, shape (2, 2) for a straight edge and (SAMPLES, 2) for an
        arc; the first and last points are the two nodes' positions.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> net.connect("x1", "o1", 0.5)  # skips h1 and h2
    >>> pic = network_picture(net)
    >>> [len(p) for p in edge_paths(pic)]
    [2, 2, 33, 2, 2, 2, 2]
    >>> arc = edge_paths(pic)[2]
    >>> bool(arc[:, 1].max() > keep_out(pic)["h1"][3])  # over h1 and its bias
    True
    """
    layer = pic.layer_of
    paths = [np.array([pic.pos[u], pic.pos[v]], dtype=float) for u, v in pic.edges]
    skips = sorted((k for k, (u, v) in enumerate(pic.edges) if layer[v] - layer[u] > 1),
                   key=lambda k: (layer[pic.edges[k][1]] - layer[pic.edges[k][0]],
                                  abs(paths[k][1, 1] - paths[k][0, 1]), k))
    if not skips:
        return paths
    per_x, per_y = (72 * i for i in unit_inches(pic.trace is not None, pic.step is not None,
                                                    pic.text_scale))
    # The middle of a quadratic arc stands k / 2 off its chord, for a bow k.
    clear, least = np.array([CLEAR_PT / per_x, CLEAR_PT / per_y]), 2 * BOW_PT / per_y
    boxes = keep_out(pic)
    routed: dict[int, list[np.ndarray]] = {1: [], -1: []}
    for k in skips:
        u, v = pic.edges[k]
        between = {n for i in range(layer[u] + 1, layer[v]) for n in pic.rows[i][0]}
        around = np.array([boxes[n] for n in between])
        others = [Bbox(b.reshape(2, 2)) for n, b in boxes.items()
                  if n not in between and n not in (u, v)]
        best: tuple[tuple[int, float], int, np.ndarray] | None = None
        for side in (1, -1):
            arc, bow = _arc(paths[k][0], paths[k][1], around, routed[side], side, clear, least)
            hits = sum(bool(crossings(b, arc[:-1], arc[1:]).any()) for b in others)
            if best is None or (hits, abs(bow)) < best[0]:
                best = ((hits, abs(bow)), side, arc)
        assert best is not None
        paths[k] = best[2]
        routed[best[1]].append(best[2])
    return paths


def _arc(p0: np.ndarray, p2: np.ndarray, boxes: np.ndarray, arcs: list[np.ndarray],
         side: int, clear: np.ndarray, least: float) -> tuple[np.ndarray, float]:
    """The polyline of the arc from ``p0`` to ``p2`` around ``boxes`` on ``side`` (1: above),
    clear of them (and, where cheap, of ``arcs``), and its bow.

    The curve is ``chord(t) + 2 t (1 - t) k`` with x linear in t; ``k`` is the least that
    puts every constraint point under (over, below) the polyline.
    """
    t = np.linspace(0.0, 1.0, SAMPLES)
    xs, chord, bump = p0[0] + t * (p2[0] - p0[0]), p0[1] + t * (p2[1] - p0[1]), 2 * t * (1 - t)
    pick = np.max if side > 0 else np.min

    def needed(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The bow that brings the polyline to height ``y`` at ``x`` (piecewise linear in
        x, so interpolating the chord and the bump is exact)."""
        weight = np.interp(x, xs, bump)
        ok = weight > 1e-9  # a point beyond the ends constrains nothing
        return (y[ok] - np.interp(x[ok], xs, chord)) / weight[ok]

    corners_x = np.concatenate([boxes[:, 0] - clear[0], boxes[:, 2] + clear[0]])
    edge_y = boxes[:, 3] + clear[1] if side > 0 else boxes[:, 1] - clear[1]
    k = float(pick([*needed(corners_x, np.tile(edge_y, 2)), side * least]))
    if arcs:  # clear the arcs already on this side, over the same stretch, where cheap
        pts = np.concatenate(arcs)
        pts = pts[(pts[:, 0] > corners_x.min()) & (pts[:, 0] < corners_x.max())]
        over = float(pick([k, *needed(pts[:, 0], pts[:, 1] + side * clear[1])]))
        k = over if abs(over) <= 1.5 * abs(k) else k
    path = np.column_stack([xs, chord + k * bump])
    path[0], path[-1] = p0, p2  # the ends exactly on the nodes
    return path, k


def fresh_axes(ax: Axes) -> Axes:
    """Clear ``ax``'s figure and return a new Axes in its place: for the next frame of an
    animation, drawn on the same figure (with the ``own_figure`` of the frame before, so
    that its colour bars go where that frame's went)."""
    fig, box = ax.figure, ax.get_position().bounds
    fig.clear()
    return fig.add_axes(box)


def add_colorbar(fig: Any, ax: Axes, sm: ScalarMappable, label: str, k: int,
                 scale: float = 1.0, extend: str = "neither", in_margin: bool = False,
                 below: bool = False) -> Any:
    """Add the ``k``-th labelled colour bar: with ``in_margin``, in the margin
    :func:`make_axes` kept beside (with ``below``, under) the ``ax`` of a figure it made;
    else beside ``ax``, taking its room from it.

    ``extend="both"`` draws the bar's ends as arrows: values beyond them exist.
    """
    if in_margin and below:
        box = ax.get_position()
        fh = fig.get_figheight()
        cax = fig.add_axes((box.x0 + 0.15 * box.width,
                            box.y0 - (0.35 + BAR_BELOW_INCH * k) * scale / fh - 0.16 * scale / fh,
                            0.7 * box.width, 0.16 * scale / fh))
        cb = fig.colorbar(sm, cax=cax, extend=extend, orientation="horizontal")
    elif in_margin:
        box = ax.get_position()
        fw = fig.get_figwidth()
        cax = fig.add_axes((box.x1 + (0.25 + BAR_INCH * k) * scale / fw,
                            box.y0 + 0.15 * box.height, 0.16 * scale / fw, 0.7 * box.height))
        cb = fig.colorbar(sm, cax=cax, extend=extend)
    else:
        # Each bar takes its room from ``ax``; a second one goes below, where its ticks
        # cannot run into the first one's (nor into a neighbouring subplot).
        cb = fig.colorbar(sm, ax=ax, fraction=0.04, pad=0.02 if k == 0 else 0.04,
                          shrink=1.0 if k == 0 else 0.5, location="right" if k == 0 else "bottom",
                          extend=extend)
    size = sizes(scale)
    cb.set_label(label, fontsize=size["medium"])
    cb.ax.tick_params(labelsize=size["small"])
    return cb
