"""Shared parameters in pictures: which edges use which parameter, and the colour of each.

An edge of a network is one of four kinds, and the pictures draw each kind its own way:

============  =====================================================================
``weight``    a parameter of the edge's own (``w5``): coloured by its value on the
              diverging map, its number on the edge
``shared``    a shared parameter (``k1``, a convolution's kernel weight): coloured by
              *which* parameter it is, one qualitative colour each, its name and value
              written once in a key (:func:`parameter_handles`), not on every edge
``pooling``   a constant of a pooling neuron (max pooling, or the 1/n of average
              pooling): neutral grey, no number (the neuron says "max" or "mean")
``constant``  another constant of a fixed neuron: neutral grey, its number on the edge
============  =====================================================================

A convolution's kernel weights (:class:`neurons.grids.Grid`) are coloured by their place
in the kernel: the weight at row 1, column 2 of every channel's kernel has one colour,
so each of a grid neuron's edges has its own colour, and the edges of one place in the
kernel run parallel between two grids. Other shared parameters get the colours in the
order they were added. The palette is matplotlib's ``tab10`` (``tab20``, then ``tab20b``
and ``tab20c`` for more) without its greys, which stay for the pooling edges.

=============================  ===============================================================
:func:`edge_kinds`             each edge's kind and shared parameter
:func:`tie_colours`            each shared weight's qualitative colour
:func:`qualitative`            ``n`` colours of the palette
:func:`parameter_handles`      the key's entries: each parameter's colour, name and value once
=============================  ===============================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from math import prod
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib import colormaps
from matplotlib.lines import Line2D

from .style import as_rgba

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = ["CONSTANT_EDGE", "EDGE_KINDS", "edge_kinds", "parameter_handles", "pooling_label",
           "qualitative", "tie_colours"]

EDGE_KINDS = ("weight", "shared", "pooling", "constant")
CONSTANT_EDGE = "#8c8c8c"  # the neutral grey of the edges whose weight is no parameter

# Greys left out of the qualitative palette: they would read as the constant edges' grey.
_GREYS = {"tab10": (7,), "tab20": (14, 15), "tab20b": (), "tab20c": (16, 17, 18, 19)}


def qualitative(n: int) -> list[tuple[float, float, float, float]]:
    """``n`` distinct colours from matplotlib's qualitative maps, greys left out: ``tab10``
    for up to 9, ``tab20`` for up to 18, beyond that ``tab20``, ``tab20b`` and ``tab20c``
    one after another (54 colours, repeated past that).

    Examples
    --------
    >>> [len(qualitative(n)) for n in (0, 3, 12, 60)]
    [0, 3, 12, 60]
    >>> qualitative(2)[1] == colormaps["tab10"](1)
    True
    """
    names = ("tab10",) if n <= 9 else ("tab20",) if n <= 18 else ("tab20", "tab20b", "tab20c")
    # A listed map called with an int gives its colour of that index, as to_rgba gives it.
    palette = [as_rgba(float(c) for c in colormaps[name](i)) for name in names
               for i in range(colormaps[name].N) if i not in _GREYS[name]]
    return [palette[i % len(palette)] for i in range(n)]


def edge_kinds(net: NetworkCore, edges: Iterable[tuple[str, str]]
               ) -> tuple[list[str], list[str | None]]:
    """Each edge's kind (:data:`EDGE_KINDS`) and the shared parameter it uses (or None).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network()
    >>> for x in ("x1", "x2"):
    ...     net.add_input(x)
    >>> net.add_parameter("k1", 0.5)
    >>> _ = net.add_neuron("h1", {"x1": "k1", "x2": 0.3})
    >>> _ = net.add_pooling_neuron("p", ["h1", "x2"])
    >>> edge_kinds(net, [("x1", "h1"), ("x2", "h1"), ("h1", "p")])
    (['shared', 'weight', 'pooling'], ['k1', None, None])
    """
    graph, kinds, params = net.graph, [], []
    for u, v in edges:
        p = graph.edges[u, v].get("parameter")
        params.append(p)
        if p is not None:
            kinds.append("shared")
            continue
        neuron = net.neuron(v)
        if not neuron.fixed:
            kinds.append("weight")
        elif neuron.kind == "max" or _equal_parts(neuron.weights):
            kinds.append("pooling")
        else:
            kinds.append("constant")
    return kinds, params


def _equal_parts(weights: np.ndarray) -> bool:
    """Whether the constants are the 1/n of average pooling."""
    return bool(len(weights)) and bool(np.allclose(weights, 1.0 / len(weights), rtol=1e-12))


def pooling_label(net: NetworkCore, neuron: str) -> str | None:
    """What a pooling neuron computes, for the text under its name: "max" or "mean" (with
    its activation after it when that is not the identity); None for other neurons.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network()
    >>> for x in ("x1", "x2"):
    ...     net.add_input(x)
    >>> _ = net.add_pooling_neuron("p", ["x1", "x2"], kind="average")
    >>> pooling_label(net, "p")
    'mean'
    """
    n = net.neuron(neuron)
    if not n.fixed:
        return None
    if n.kind == "max":
        what = "max"
    elif _equal_parts(n.weights) and n.bias in (None, 0.0):
        what = "mean"
    else:
        return None
    act = n.activation
    return what if act.name == "identity" else f"{what}, {act.symbol or act.name[:5]}"


def tie_colours(net: NetworkCore, names: Iterable[str]
                ) -> dict[str, tuple[float, float, float, float]]:
    """The qualitative colour of each shared weight in ``names`` (see the module): a grid's
    kernel weight by its place in the kernel, any other by its order among the others.

    Examples
    --------
    >>> from neurons.builders import from_architecture
    >>> net = from_architecture([{"type": "conv1d", "in_shape": (1, 5), "channels": 2,
    ...                           "kernel": 3}], seed=0)
    >>> colours = tie_colours(net, ["k1_1_1_1", "k1_1_1_2", "k1_2_1_1"])
    >>> colours["k1_1_1_1"] == colours["k1_2_1_1"] != colours["k1_1_1_2"]  # place 1, 1, 2
    True
    """
    place: dict[str, int] = {}
    for grid in net.grids:
        if grid.kind == "conv":
            taps = prod(grid.kernel)
            place.update((p, i % taps) for i, p in enumerate(grid.kernel_names))
    names = list(dict.fromkeys(names))
    others = [p for p in names if p not in place]
    order = {p: i for i, p in enumerate(others)}
    needed = max([*(place[p] + 1 for p in names if p in place), len(others)], default=0)
    palette = qualitative(needed)
    return {p: palette[place[p]] if p in place else palette[order[p]] for p in names}


def parameter_handles(values: Mapping[str, float], colours: Mapping[str, Any],
                      biases: Sequence[str] = (), *, fmt: str = ".2f",
                      gradients: bool = False, scale: float = 1.0) -> list[Line2D]:
    """The key's entries: a line in each shared weight's colour (for a shared bias a disc in
    its rim's colour) labelled with its name and value, once per parameter, in the order of
    ``values``.

    Parameters
    ----------
    values : mapping
        Parameter name -> the number to write (its value, or dL/dparam).
    colours : mapping
        Shared weight -> colour (:func:`tie_colours`); a bias -> its rim's colour.
    biases : sequence of str
        The names in ``values`` that are biases.
    fmt : str
        Format spec of the numbers.
    gradients : bool
        The numbers are dL/dparam: labels read ``dL/dk1 = ...``.
    scale : float
        Multiplies line widths and marker sizes.

    Examples
    --------
    >>> [h.get_label() for h in parameter_handles({"k1": 0.5, "c": -1.0},
    ...                                          {"k1": "tab:blue", "c": "red"}, ["c"])]
    ['k1 = 0.50', 'c = -1.00 (bias)']
    """
    handles = []
    for name, value in values.items():
        label = f"{'dL/d' if gradients else ''}{name} = {value:{fmt}}"
        if name in biases:
            handles.append(Line2D([], [], marker="o", linestyle="", markersize=9 * scale,
                                  markeredgewidth=1.0 * scale, markerfacecolor=colours[name],
                                  markeredgecolor="#555555", label=f"{label} (bias)"))
        else:
            handles.append(Line2D([], [], color=colours[name], lw=3 * scale, label=label))
    return handles
