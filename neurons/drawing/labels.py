"""Where :func:`neurons.drawing.network.draw` puts the numbers of the edges.

Each weight label stays centred on its own edge, so the edge it belongs to runs
through it; :func:`place_labels` slides it along that edge (a straight line, or the arc
of a skip connection: a polyline, measured by its length on the screen) to the spot where

1. it covers no other label, no neuron and does not leave the axes (or, when no such
   spot exists, covers them least);
2. the fewest *other* edges pass under it (and the least of them runs close by), and
   the fewest labels and neurons are close by, so no neighbour could be mistaken for
   its edge (edges converging on a neuron are avoided near that neuron);
3. it is nearest the staggered fraction asked for, so neighbouring labels spread out.

Everything is measured in display pixels with the figure's renderer, for all the
candidate spots of a label at once (NumPy arrays: the candidates against every obstacle
box and every segment), with the costs summed in the same order as one spot at a time
would, so the choice does not depend on how it was computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.transforms import Bbox

__all__ = ["candidate_fractions", "crossings", "node_box", "place_labels", "point_along",
           "stagger"]

LOW, HIGH = 0.15, 0.85  # labels stay between these fractions of their edge


def stagger(i: int, m: int) -> float:
    """The first fraction to try for the ``i``-th of ``m`` edges into one neuron.

    Examples
    --------
    >>> [round(stagger(i, 3), 2) for i in range(3)]
    [0.7, 0.5, 0.3]
    >>> stagger(0, 1)
    0.5
    """
    return 0.7 - 0.4 * i / (m - 1) if m > 1 else 0.5


def candidate_fractions(first: float, low: float = LOW, high: float = HIGH,
                        step: float = 0.025) -> list[float]:
    """Fractions along an edge to try for its label: ``first``, then ever further away.

    Examples
    --------
    >>> candidate_fractions(0.5, 0.4, 0.6, 0.05)
    [0.5, 0.55, 0.45, 0.6, 0.4]
    """
    out = [min(max(first, low), high)]
    k = 1
    while True:
        added = False
        for t in (first + k * step, first - k * step):
            if low - 1e-9 <= t <= high + 1e-9:
                out.append(round(t, 6))
                added = True
        if not added:
            return out
        k += 1


def point_along(path: np.ndarray, t: float) -> np.ndarray:
    """The point at fraction ``t`` of the length of the polyline ``path`` (k, 2).

    On a straight edge (k = 2) it is ``path[0] + t * (path[1] - path[0])``, exactly.

    Examples
    --------
    >>> point_along(np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 3.0]]), 0.5).tolist()
    [1.0, 1.0]
    >>> point_along(np.array([[0.0, 2.0], [4.0, 0.0]]), 0.25).tolist()
    [1.0, 1.5]
    """
    path = np.asarray(path, dtype=float)
    i, u = _locate(path, np.array([t]))
    return path[i[0]] + u[0] * (path[i[0] + 1] - path[i[0]])


def _locate(path: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The segment of the polyline ``path`` (k, 2) in which each fraction ``t`` of its
    length falls, and the fraction of that segment.

    A straight edge (one segment) returns ``t`` itself, so that its points are computed
    exactly as ``start + t * (end - start)``, as they were before edges could bend.
    """
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(path, axis=0).T))])
    if len(cum) == 2:
        return np.zeros(np.shape(t), dtype=int), t
    at = t * cum[-1]
    i = np.clip(np.searchsorted(cum, at, side="right") - 1, 0, len(cum) - 2)
    span = cum[i + 1] - cum[i]
    u = np.divide(at - cum[i], span, out=np.zeros_like(at), where=span > 0)
    return i, np.clip(u, 0.0, 1.0)


def crossings(box: Bbox, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which segments (rows of ``starts`` -> ``ends``) pass through ``box`` (Liang-Barsky).

    Examples
    --------
    >>> box = Bbox([[0, 0], [1, 1]])
    >>> crossings(box, np.array([[-1, 0.5], [-1, 2]]), np.array([[2, 0.5], [2, 3]])).tolist()
    [True, False]
    """
    lo, hi = _clip(np.array([box.extents]), starts, ends)
    return lo[0] <= hi[0]


def _clip(boxes: np.ndarray, starts: np.ndarray,
          ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The parameters (lo, hi) of each segment's part inside each box; lo > hi when none.

    ``boxes`` is (n, 4) of (x0, y0, x1, y1); the results are (n, segments).
    """
    d = ends - starts
    shape = (len(boxes), len(d))
    lo, hi = np.zeros(shape), np.ones(shape)
    x0, y0, x1, y1 = (boxes[:, k, None] for k in range(4))
    for p, q in ((-d[:, 0], starts[:, 0] - x0), (d[:, 0], x1 - starts[:, 0]),
                 (-d[:, 1], starts[:, 1] - y0), (d[:, 1], y1 - starts[:, 1])):
        parallel = np.broadcast_to(p == 0, shape)
        hi = np.where(parallel & (q < 0), -1.0, hi)  # parallel and outside: never inside
        r = np.divide(q, p, out=np.zeros(shape), where=~parallel)
        lo = np.where(~parallel & (p < 0), np.maximum(lo, r), lo)
        hi = np.where(~parallel & (p > 0), np.minimum(hi, r), hi)
    return lo, hi


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """The area each box (rows of (x0, y0, x1, y1)) shares with all ``others``, summed one
    after another (``np.cumsum``, as a Python ``sum`` would, so the rounding is the same)."""
    if not len(others):
        return np.zeros(len(boxes))
    w = (np.minimum(boxes[:, None, 2], others[None, :, 2])
         - np.maximum(boxes[:, None, 0], others[None, :, 0]))
    h = (np.minimum(boxes[:, None, 3], others[None, :, 3])
         - np.maximum(boxes[:, None, 1], others[None, :, 1]))
    area = np.where((w > 0) & (h > 0), w * h, 0.0)
    return np.cumsum(area, axis=1)[:, -1]


def place_labels(items: Sequence[tuple[Any, np.ndarray, float, int]],
                 obstacles: list[Bbox], renderer: Any, segments: np.ndarray,
                 to_display: Any, bounds: Bbox | None = None, pad: float = 3.0,
                 owners: np.ndarray | None = None) -> None:
    """Slide each text label along its own edge to the best spot (see the module).

    Parameters
    ----------
    items : sequence of (Text, path, first fraction, edge index)
        ``path`` is the edge as drawn, in data coordinates: its two ends, or the points
        of its arc, shape (k, 2); the fraction is of its length on the screen. The index
        is the edge's in ``owners``. The texts are centred (``ha=va="center"``), unrotated.
    obstacles : list of Bbox
        Display boxes no label may cover (other texts, neurons). Each placed label is
        appended (padded), so later labels keep clear of it.
    renderer
        The figure canvas's renderer, to measure the texts.
    segments : array, shape (m, 2, 2)
        Every straight piece of every drawn edge, in display pixels.
    to_display : callable
        Data to display coordinates (``ax.transData.transform``).
    bounds : Bbox, optional
        Where labels must stay (the axes' box).
    pad : float
        Display pixels kept free around each label.
    owners : array of int, shape (m,), optional
        The edge each segment belongs to, its pieces in a row; by default segment ``i``
        is edge ``i`` (every edge straight). A label counts the other *edges* under it,
        not their pieces.

    Examples
    --------
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> from matplotlib.figure import Figure
    >>> fig = FigureCanvasAgg(Figure(dpi=72)).figure
    >>> ax = fig.add_axes((0, 0, 1, 1), xlim=(0, 10), ylim=(0, 10))
    >>> edge = np.array([[0.0, 5.0], [10.0, 5.0]])
    >>> label = ax.text(5, 5, "0.5", ha="center", va="center")
    >>> px = ax.transData.transform
    >>> obstacle = Bbox([px((4.0, 4.0)), px((6.0, 6.0))])  # something in the middle
    >>> place_labels([(label, edge, 0.5, 0)], [obstacle], fig.canvas.get_renderer(),
    ...              px(edge)[None], px)
    >>> [float(c) for c in label.get_position()]  # off the obstacle, as near 0.5 as it can
    [6.5, 5.0]
    """
    starts, ends = segments[:, 0], segments[:, 1]
    owners = np.arange(len(segments)) if owners is None else np.asarray(owners)
    # A label counts the edges under it: the first piece of each edge opens its group.
    firsts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(owners) else owners
    seg_len = np.hypot(*(ends - starts).T)
    fixed = np.array([b.extents for b in obstacles]).reshape(-1, 4)
    placed: list[np.ndarray] = []
    for text, path, first, own in items:
        path = np.asarray(path, dtype=float)
        shown = np.asarray(to_display(path), dtype=float)
        extent = text.get_window_extent(renderer)
        half = np.array([extent.width, extent.height]) / 2 + pad
        near = half + extent.height / 2  # a label closer than this looks crowded
        others = owners != own
        ts = np.array(candidate_fractions(first))
        i, u = _locate(shown, ts)
        centres = shown[i] + u[:, None] * (shown[i + 1] - shown[i])
        box = np.hstack([centres - half, centres + half])
        wide = np.hstack([centres - near, centres + near])
        obst = np.vstack([fixed, *placed]) if placed else fixed
        hard = _overlaps(box, obst)
        if bounds is not None:  # the area outside the axes
            hard = hard + ((box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])
                           - _overlaps(box, np.array([bounds.extents])))
        lo, hi = _clip(box, starts, ends)
        hit = (lo <= hi) & others
        under = np.count_nonzero(np.logical_or.reduceat(hit, firsts, axis=1), axis=1) if (
            len(firsts)) else np.zeros(len(ts), dtype=int)
        lo, hi = _clip(wide, starts, ends)
        inside = (np.clip(hi - lo, 0.0, None) * seg_len)[:, others]
        diag = np.hypot(wide[:, 2] - wide[:, 0], wide[:, 3] - wide[:, 1])
        grazing = inside.sum(axis=1) / diag
        crowded = _overlaps(wide, obst) / ((wide[:, 2] - wide[:, 0]) * (wide[:, 3] - wide[:, 1]))
        soft = under + 0.5 * grazing + crowded
        # Python's round and a stable min: the first of the cheapest candidates wins.
        costs = [(round(float(h), 1), round(float(s), 1), abs(float(t) - first))
                 for h, s, t in zip(hard, soft, ts)]
        best = min(range(len(costs)), key=costs.__getitem__)
        j, v = int(i[best]), float(u[best])
        text.set_position(tuple(path[j] + v * (path[j + 1] - path[j])))
        chosen = Bbox([centres[best] - half, centres[best] + half])
        obstacles.append(chosen)
        placed.append(np.array([chosen.extents]))


def node_box(centre: np.ndarray, half: float) -> Bbox:
    """The display box of a node drawn ``half`` pixels wide around ``centre``."""
    return Bbox([[centre[0] - half, centre[1] - half], [centre[0] + half, centre[1] + half]])
