"""Placement helpers for :func:`neurons.drawing.network.draw`.

networkx places the neurons (``multipartite_layout``, one column per layer); this
module adds what it lacks for a textbook picture:

* :func:`kept_rows` chooses which neurons of a wide layer are drawn (the first and
  last few) and marks the gap between them;
* :func:`positions` turns networkx's layout into a left-to-right picture with
  the first neuron of each layer on top and one unit between neighbours;
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

from .style import new_figure, sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.cm import ScalarMappable

__all__ = ["add_colorbar", "fresh_axes", "gap_node", "kept_rows", "make_axes", "positions"]

# Inches per data unit (times ``scale``) when draw() makes its own figure; a row with values
# (z and a under each neuron) needs more height.
X_INCH, Y_INCH, Y_INCH_VALUES = 1.15, 1.1, 1.4
Y_INCH_STEP = 1.75  # a step's values below a neuron and its bias's numbers above the next
BAR_INCH = 1.25  # room for one colour bar with its ticks and label


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


def make_axes(ax: Axes | None, pos: dict[Hashable, tuple[float, float]], n_bars: int,
              legend: bool, scale: float = 1.0, tall: bool = False, below: float = 0.0,
              y_inch: float | None = None) -> Axes:
    """Set the limits, making a figure sized to the network when no Axes is given.

    The new figure has ``X_INCH`` by ``Y_INCH`` (``Y_INCH_VALUES`` when ``tall``, or
    ``y_inch``) inches per data unit, times ``scale``, a margin for ``n_bars`` colour bars
    and the legend, ``below`` inches more under the axes (for a caption), and the dpi of
    :func:`neurons.drawing.style.slide_dpi`. Colour bars go into that margin when
    :func:`add_colorbar` is told ``in_margin=True``.
    """
    xy = np.array(list(pos.values()))
    # Room for the texts: bias numbers above the top row, z and a (when ``tall``) below.
    margin_low, margin_high = np.array([0.6, 0.75 if tall else 0.55]), np.array([0.5, 0.55])
    if y_inch:  # the same texts on taller rows
        margin_low[1], margin_high[1] = 0.55, 0.45
    (x0, y0), (x1, y1) = xy.min(axis=0) - margin_low, xy.max(axis=0) + margin_high
    if ax is None:
        w = (x1 - x0) * X_INCH * scale
        h = (y1 - y0) * (y_inch or (Y_INCH_VALUES if tall else Y_INCH)) * scale
        left, bottom = 0.1 * scale, 0.1 * scale + below
        right, top = (0.2 + BAR_INCH * n_bars) * scale, (0.55 if legend else 0.1) * scale
        fw, fh = w + left + right, h + bottom + top
        fig = new_figure(fw, fh, scale)
        ax = fig.add_axes((left / fw, bottom / fh, w / fw, h / fh))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return ax


def fresh_axes(ax: Axes) -> Axes:
    """Clear ``ax``'s figure and return a new Axes in its place: for the next frame of an
    animation, drawn on the same figure (with the ``own_figure`` of the frame before, so
    that its colour bars go where that frame's went)."""
    fig, box = ax.figure, ax.get_position().bounds
    fig.clear()
    return fig.add_axes(box)


def add_colorbar(fig: Any, ax: Axes, sm: ScalarMappable, label: str, k: int,
                 scale: float = 1.0, extend: str = "neither", in_margin: bool = False) -> Any:
    """Add the ``k``-th labelled colour bar: with ``in_margin``, in the margin
    :func:`make_axes` kept beside the ``ax`` of a figure it made; else beside ``ax``, taking
    its room from it.

    ``extend="both"`` draws the bar's ends as arrows: values beyond them exist.
    """
    if in_margin:
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
