"""Placement helpers for :func:`neurons.drawing.network.draw`.

networkx places the neurons (``multipartite_layout``, one column per layer); this
module adds what it lacks for a textbook picture:

* :func:`kept_rows` chooses which neurons of a wide layer are drawn (the first and
  last few) and marks the gap between them;
* :func:`positions` turns networkx's layout into a left-to-right picture with
  the first neuron of each layer on top and one unit between neighbours;
* :func:`make_axes` and :func:`add_colorbar` size a new figure to the network and
  keep room for the colour bars;
* :func:`place_labels` slides each edge label along its own edge until its box
  covers no other label and no neuron.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from matplotlib.transforms import Bbox

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.cm import ScalarMappable

__all__ = ["add_colorbar", "candidate_fractions", "gap_node", "kept_rows", "make_axes", "node_box",
           "place_labels", "positions"]

X_INCH, Y_INCH = 0.85, 1.05  # inches per data unit when draw() makes its own figure


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
    graph = nx.Graph()
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


def candidate_fractions(first: float, low: float = 0.2, high: float = 0.82,
                        step: float = 0.05) -> list[float]:
    """Fractions along an edge to try for its label: ``first``, then ever further away."""
    out = [min(max(first, low), high)]
    k = 1
    while True:
        added = False
        for t in (first + k * step, first - k * step):
            if low <= t <= high:
                out.append(t)
                added = True
        if not added:
            return out
        k += 1


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(items: Sequence[tuple[Any, np.ndarray, np.ndarray, float]],
                 obstacles: list[Bbox], renderer: Any, pad: float = 2.0) -> None:
    """Slide each text label along its edge to the first free spot.

    Parameters
    ----------
    items : sequence of (Text, start, end, first fraction)
        ``start`` and ``end`` are the edge's ends in data coordinates.
    obstacles : list of Bbox
        Display-coordinate boxes that no label may cover (other texts, neurons).
        Each placed label is appended, so later labels avoid it too.
    renderer
        The figure canvas's renderer, to measure the texts.
    pad : float
        Extra display units kept free around each label.

    A label with no free spot goes where it overlaps least. Labels stay centred on
    their own edge, so each one visibly belongs to its edge.
    """
    for text, start, end, first in items:
        best: tuple[float, float, Bbox] | None = None
        for t in candidate_fractions(first):
            text.set_position(tuple(start + t * (end - start)))
            box = text.get_window_extent(renderer).padded(pad)
            cost = sum(_overlap(box, other) for other in obstacles)
            if best is None or cost < best[0]:
                best = (cost, t, box)
            if cost == 0:
                break
        assert best is not None
        text.set_position(tuple(start + best[1] * (end - start)))
        obstacles.append(best[2])


def node_box(centre: np.ndarray, half: float) -> Any:
    """The display box of a node drawn ``half`` pixels wide around ``centre``."""
    return Bbox([[centre[0] - half, centre[1] - half], [centre[0] + half, centre[1] + half]])


def make_axes(ax: Axes | None, pos: dict[Hashable, tuple[float, float]], n_bars: int,
          legend: bool) -> Axes:
    """Set the limits, making a figure sized to the network when no Axes is given."""
    xy = np.array(list(pos.values()))
    margin_low, margin_high = np.array([0.6, 0.75]), np.array([0.5, 0.55])  # room for texts
    (x0, y0), (x1, y1) = xy.min(axis=0) - margin_low, xy.max(axis=0) + margin_high
    if ax is None:
        w, h = (x1 - x0) * X_INCH, (y1 - y0) * Y_INCH
        left, right, bottom, top = 0.1, 0.3 + 1.0 * n_bars, 0.1, 0.45 if legend else 0.1
        fw, fh = w + left + right, h + bottom + top
        fig = plt.figure(figsize=(fw, fh))
        ax = fig.add_axes((left / fw, bottom / fh, w / fw, h / fh))
        ax._neurons_own_figure = True  # colour bars then go into the reserved margin
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return ax


def add_colorbar(fig: Any, ax: Axes, sm: ScalarMappable, label: str, k: int) -> Any:
    """Add a labelled colour bar: in the margin make_axes reserved, else beside ``ax``."""
    if getattr(ax, "_neurons_own_figure", False):
        box = ax.get_position()
        fw = fig.get_figwidth()
        cax = fig.add_axes((box.x1 + (0.25 + 1.0 * k) / fw, box.y0 + 0.15 * box.height,
                            0.14 / fw, 0.7 * box.height))
        cb = fig.colorbar(sm, cax=cax)
    else:
        # Each bar takes its room from ``ax``; a second one goes below, where its ticks
        # cannot run into the first one's (nor into a neighbouring subplot).
        cb = fig.colorbar(sm, ax=ax, fraction=0.04, pad=0.02 if k == 0 else 0.04,
                          shrink=1.0 if k == 0 else 0.5, location="right" if k == 0 else "bottom")
    cb.set_label(label)
    return cb
