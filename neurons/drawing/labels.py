"""Where :func:`neurons.drawing.network.draw` puts the numbers of the edges.

Each weight label stays centred on its own edge, so the edge it belongs to runs
through it; :func:`place_labels` slides it along that edge to the spot where

1. it covers no other label, no neuron and does not leave the axes (or, when no such
   spot exists, covers them least);
2. the fewest *other* edges pass under it (and the least of them runs close by), and
   the fewest labels and neurons are close by, so no neighbour could be mistaken for
   its edge (edges converging on a neuron are avoided near that neuron);
3. it is nearest the staggered fraction asked for, so neighbouring labels spread out.

Everything is measured in display pixels with the figure's renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.transforms import Bbox

__all__ = ["candidate_fractions", "crossings", "node_box", "place_labels", "stagger"]

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


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _outside(box: Bbox, bounds: Bbox | None) -> float:
    """The area of ``box`` that lies outside ``bounds``."""
    return 0.0 if bounds is None else box.width * box.height - _overlap(box, bounds)


def crossings(box: Bbox, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which segments (rows of ``starts`` -> ``ends``) pass through ``box`` (Liang-Barsky).

    Examples
    --------
    >>> box = Bbox([[0, 0], [1, 1]])
    >>> crossings(box, np.array([[-1, 0.5], [-1, 2]]), np.array([[2, 0.5], [2, 3]])).tolist()
    [True, False]
    """
    lo, hi = _clip(box, starts, ends)
    return lo <= hi


def _clip(box: Bbox, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The parameters (lo, hi) of each segment's part inside ``box``; lo > hi when none."""
    d = ends - starts
    lo, hi = np.zeros(len(d)), np.ones(len(d))
    for p, q in ((-d[:, 0], starts[:, 0] - box.x0), (d[:, 0], box.x1 - starts[:, 0]),
                 (-d[:, 1], starts[:, 1] - box.y0), (d[:, 1], box.y1 - starts[:, 1])):
        parallel = p == 0
        hi = np.where(parallel & (q < 0), -1.0, hi)  # parallel and outside: never inside
        r = np.divide(q, p, out=np.zeros_like(q, dtype=float), where=~parallel)
        lo = np.where(~parallel & (p < 0), np.maximum(lo, r), lo)
        hi = np.where(~parallel & (p > 0), np.minimum(hi, r), hi)
    return lo, hi


def _grazing(box: Bbox, starts: np.ndarray, ends: np.ndarray, others: np.ndarray) -> float:
    """How much of the other segments runs inside ``box``, in box diagonals."""
    lo, hi = _clip(box, starts, ends)
    inside = np.clip(hi - lo, 0.0, None) * np.hypot(*(ends - starts).T)
    return float(inside[others].sum() / np.hypot(box.width, box.height))


def _box_at(centre: np.ndarray, half: np.ndarray) -> Bbox:
    return Bbox([centre - half, centre + half])


def place_labels(items: Sequence[tuple[Any, np.ndarray, np.ndarray, float, int]],
                 obstacles: list[Bbox], renderer: Any, segments: np.ndarray,
                 to_display: Any, bounds: Bbox | None = None, pad: float = 3.0) -> None:
    """Slide each text label along its own edge to the best spot (see the module).

    Parameters
    ----------
    items : sequence of (Text, start, end, first fraction, edge index)
        ``start`` and ``end`` are the edge's ends in data coordinates; the index is its
        row in ``segments``. The texts are centred (``ha=va="center"``), unrotated.
    obstacles : list of Bbox
        Display boxes no label may cover (other texts, neurons). Each placed label is
        appended (padded), so later labels keep clear of it.
    renderer
        The figure canvas's renderer, to measure the texts.
    segments : array, shape (edges, 2, 2)
        Every drawn edge's ends in display pixels.
    to_display : callable
        Data to display coordinates (``ax.transData.transform``).
    bounds : Bbox, optional
        Where labels must stay (the axes' box).
    pad : float
        Display pixels kept free around each label.
    """
    starts, ends = segments[:, 0], segments[:, 1]
    for text, start, end, first, own in items:
        p, q = to_display(start), to_display(end)
        extent = text.get_window_extent(renderer)
        half = np.array([extent.width, extent.height]) / 2 + pad
        near = half + extent.height / 2  # a label closer than this looks crowded
        others = np.arange(len(segments)) != own
        best: tuple[tuple[float, float, float], float, Bbox] | None = None
        for t in candidate_fractions(first):
            centre = p + t * (q - p)
            box, wide = _box_at(centre, half), _box_at(centre, near)
            hard = sum(_overlap(box, o) for o in obstacles) + _outside(box, bounds)
            under = np.count_nonzero(crossings(box, starts, ends) & others)
            crowded = sum(_overlap(wide, o) for o in obstacles) / (wide.width * wide.height)
            soft = under + 0.5 * _grazing(wide, starts, ends, others) + crowded
            cost = (round(hard, 1), round(soft, 1), abs(t - first))
            if best is None or cost < best[0]:
                best = (cost, t, box)
        assert best is not None
        text.set_position(tuple(np.asarray(start) + best[1] * (np.asarray(end) - start)))
        obstacles.append(best[2])


def node_box(centre: np.ndarray, half: float) -> Bbox:
    """The display box of a node drawn ``half`` pixels wide around ``centre``."""
    return Bbox([[centre[0] - half, centre[1] - half], [centre[0] + half, centre[1] + half]])
