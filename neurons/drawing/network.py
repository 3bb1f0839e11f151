"""Draw a :class:`neurons.Network` the way textbooks do: layers left to right.

Inputs stand on the left, outputs on the right, and each layer keeps the order in
which its neurons were built, top to bottom. Edges are coloured by their weight on
a diverging map centred on zero (or by dL/dw), and small networks carry the
numbers on the edges, so the picture can sit beside a hand derivation.

networkx places and draws nodes, edges and names; :mod:`neurons.drawing.layout`
adds what it lacks (elided wide layers, labels that never cover each other).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import CenteredNorm, Colormap, ListedColormap, Normalize, to_rgba
from matplotlib.lines import Line2D

from ..errors import ArgumentTypeError
from .layout import add_colorbar, kept_rows, make_axes, node_box, place_labels, positions

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..network import Network

__all__ = ["draw"]

DX, DY = 2.6, 1.0  # data units between layers and between neighbours in a layer
NODE_PT = 36.0  # node diameter in points; text offsets are in points too, so they fit any zoom
SHAPES = {"input": "s", "hidden": "o", "output": "h"}
SIZES = {"input": 0.8, "hidden": 1.0, "output": 1.05}  # squares look bigger than circles
FACES = {"input": "#e6e6e6", "hidden": "#ffffff", "output": "#fff0c2"}
GLYPHS = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "lReLU",
          "identity": "lin", "softplus": "sp+"}
FADED = 0.2  # alpha of what a highlight leaves out


def draw(net: Network, ax: Axes | None = None, *, values: Any = None,
         gradients: Sequence[Any] | None = None, highlight: str | None = None,
         weight_labels: bool | str = "auto", names: bool = False,
         max_neurons: int | None = 8, max_labelled_edges: int = 16,
         cmap: str | Colormap = "RdBu_r", value_cmap: str | Colormap = "Greens",
         fmt: str = ".2f", grad_fmt: str = ".2g", legend: bool = True) -> Axes:
    """Draw ``net`` as a layered left-to-right diagram and return the Axes.

    Inputs are squares, hidden neurons circles and outputs hexagons; each neuron
    shows its name, its activation ("σ", "tanh", "ReLU", "lin", ...) and, when it
    has one, its bias (the value above it, and the rim coloured on the weight map).
    Edges are coloured by weight on a diverging map centred on zero (negative blue,
    positive red with "RdBu_r", near zero pale) and grow wider with ``|w|``.

    Parameters
    ----------
    net : Network
    ax : matplotlib Axes, optional
        Drawn into as given (colour bars take room beside it); texts are sized in
        points, so a small Axes crowds them. By default a new figure sized to the
        network, in which no two labels overlap.
    values : array-like, optional
        One sample: run it forward and show every neuron's z and a beside it, with
        the faces coloured by the activation a (sequential ``value_cmap``).
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
        edge colours, and ``"highlight"`` (None, or a dict with ``"parameter"``,
        ``"edges"``, ``"nodes"`` and ``"artists"``).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> ax = draw(net, values=[1.0, 2.0], gradients=([1.0, 2.0], [1.0]), highlight="w1")
    >>> len(ax.neurons_artists["edge_list"])
    6
    >>> ax.neurons_artists["weight_labels"]["h1", "o1"].get_text() == f"{-0.06434800:.2g}"
    True
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    rows = kept_rows(net.layers, max_neurons)
    pos = positions([row for row, _ in rows], DX, DY)
    kept = [n for row, _ in rows for n in row if isinstance(n, str)]
    kept_set = set(kept)
    layer_of = {n: i for i, (row, _) in enumerate(rows) for n in row}
    edges = [(u, v) for u in kept for v in net.graph.successors(u) if v in kept_set]
    outputs = set(net.outputs)
    role = {n: "input" if layer_of[n] == 0 else "output" if n in outputs else "hidden"
            for n in kept}
    bias_name = {net.parameter_location(p)[0]: p for p in net.parameters() if p[0] == "b"}
    neurons = {n: net.neuron(n) for n in kept if role[n] != "input"}

    # What the edge colours and numbers mean: the parameters, or dL/dparam for one sample.
    if gradients is not None:
        sample = _sample(gradients)
        grads = net.gradients(*sample)
        edge_vals = np.array([grads[net.weight_name(u, v)] for u, v in edges], dtype=float)
        bias_vals = {n: grads[bias_name[n]] for n in neurons if n in bias_name}
        quantity, efmt = "dL/dw", grad_fmt
    else:
        sample = (np.zeros(len(net.inputs)), np.zeros(len(net.outputs)), "mse")
        edge_vals = np.array([net.graph.edges[u, v]["weight"] for u, v in edges], dtype=float)
        bias_vals = {n: float(k.bias) for n, k in neurons.items() if k.bias is not None}
        quantity, efmt = "weight", fmt
    cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
    # The edges set the scale, so that they stay readable when a bias (or its gradient, like
    # dL/db of an output) is much larger; such a bias shows the map's end colour, and its
    # number is written beside it anyway.
    scale = float(np.max(np.abs([*edge_vals, 0.0]))) or float(
        np.max(np.abs([*bias_vals.values(), 0.0]))) or 1.0
    norm = CenteredNorm(vcenter=0.0, halfrange=scale)  # zero is always the pale middle

    hl = None
    if highlight is not None:  # the chain explain() walks: the own edge plus every path
        d = net.explain(highlight, *sample)
        hl_nodes, hl_edges = {d.neuron}, set()
        if d.source is not None:
            hl_nodes.add(d.source)
            hl_edges.add((d.source, d.neuron))
        for path in d.paths():
            hl_nodes.update(path.nodes)
            hl_edges.update(zip(path.nodes, path.nodes[1:]))
        hl = {"parameter": highlight, "edges": hl_edges, "nodes": hl_nodes, "artists": []}

    trace = net.forward_trace(values) if values is not None else None
    n_bars = 1 + (trace is not None)
    ax = make_axes(ax, pos, n_bars, legend)
    fig = ax.figure
    ax.set_axis_off()
    art: dict[str, Any] = {"edges": None, "edge_list": edges, "edge_values": edge_vals,
                           "nodes": {}, "positions": pos, "name_labels": {},
                           "activation_labels": {}, "bias_labels": {}, "value_labels": {},
                           "weight_labels": {}, "elided": {}, "value_colorbar": None,
                           "norm": norm, "cmap": cmap, "highlight": hl}

    # -- edges: one LineCollection; a highlight redraws its edges on top of a halo --------
    widths = 0.8 + 3.2 * np.abs(edge_vals) / scale
    colours = cmap(norm(edge_vals)) if len(edges) else np.zeros((0, 4))
    if hl is not None:
        colours[[e not in hl["edges"] for e in edges], 3] = FADED
    if edges:
        art["edges"] = nx.draw_networkx_edges(net.graph, pos, edgelist=edges, ax=ax,
                                              edge_color=[tuple(c) for c in colours],
                                              width=list(widths), arrows=False)
    if hl is not None:
        on = [i for i, e in enumerate(edges) if e in hl["edges"]]
        if on:
            sel = [edges[i] for i in on]
            halo = nx.draw_networkx_edges(net.graph, pos, edgelist=sel, ax=ax, arrows=False,
                                          edge_color="#ffc107", width=list(widths[on] + 7),
                                          alpha=0.6)
            top = nx.draw_networkx_edges(net.graph, pos, edgelist=sel, ax=ax, arrows=False,
                                         edge_color=[tuple(colours[i]) for i in on],
                                         width=list(widths[on] + 1.5))
            halo.set_zorder(1.1)
            top.set_zorder(1.2)
            hl["artists"] += [halo, top]

    # -- nodes: shape by role, face by activation (with values), rim by bias --------------
    if trace is not None:
        a_vals = np.array([trace.a[n] for n in kept], dtype=float)
        lo, hi = float(a_vals.min()), float(a_vals.max())
        vnorm = Normalize(lo, hi if hi > lo else lo + 1.0)
        base = colormaps[value_cmap] if isinstance(value_cmap, str) else value_cmap
        # Only the light part of the map, so black names stay readable on every face.
        vmap = ListedColormap(base(np.linspace(0.03, 0.6, 256)))
    for r in ("input", "hidden", "output"):
        members = [n for n in kept if role[n] == r]
        if not members:
            continue
        keep = [hl is None or n in hl["nodes"] for n in members]
        faces = [_pale(vmap(vnorm(trace.a[n])) if trace is not None else FACES[r], k)
                 for n, k in zip(members, keep)]
        rims = [_pale(cmap(norm(bias_vals[n])) if n in bias_vals else "#555555", k)
                for n, k in zip(members, keep)]
        lws = [2.8 if n in bias_vals else 1.0 for n in members]
        size = (SIZES[r] * NODE_PT) ** 2
        art["nodes"][r] = nx.draw_networkx_nodes(
            net.graph, pos, nodelist=members, ax=ax, node_shape=SHAPES[r], node_size=size,
            node_color=faces, edgecolors=rims, linewidths=lws)
        biased = [n for n in members if n in bias_vals]
        if biased:  # a thin dark ring outlines the bias rim, which is pale for b near 0
            ring = nx.draw_networkx_nodes(
                net.graph, pos, nodelist=biased, ax=ax, node_shape=SHAPES[r],
                node_size=(SIZES[r] * NODE_PT + 3.2) ** 2, node_color=[(0, 0, 0, 0)] * len(biased),
                edgecolors=[_pale("#555555", hl is None or n in hl["nodes"]) for n in biased],
                linewidths=0.7)
            ring.set_zorder(2.1)

    # -- texts: name inside, activation under the name, bias above, z and a below -------
    def faded(n: str) -> float:
        return 1.0 if hl is None or n in hl["nodes"] else 0.45

    for n in kept:
        va = "center" if role[n] == "input" else "bottom"
        t = nx.draw_networkx_labels(net.graph, pos, labels={n: n}, ax=ax, font_size=9,
                                    verticalalignment=va, alpha=faded(n))[n]
        art["name_labels"][n] = t
        if n in neurons:
            name = neurons[n].activation.name
            art["activation_labels"][n] = _note(ax, pos[n], GLYPHS.get(name, name[:5]),
                                                (0, -1), "top", faded(n), 8, boxed=False)
        if n in bias_vals:
            label = bias_name[n] if names else "b"
            label = f"dL/d{label}" if gradients is not None else label
            art["bias_labels"][n] = _note(ax, pos[n], f"{label}={bias_vals[n]:{efmt}}",
                                          (0, NODE_PT / 2 + 2), "bottom", faded(n))
        if trace is not None:
            text = f"a={trace.a[n]:{fmt}}"
            if n in neurons:
                text = f"z={trace.z[n]:{fmt}}\n{text}"
            art["value_labels"][n] = _note(ax, pos[n], text, (0, -NODE_PT / 2 - 2), "top",
                                           faded(n))
    for i, (row, left_out) in enumerate(rows):
        gaps = [g for g in row if not isinstance(g, str)]
        if left_out:
            art["elided"][i] = ax.text(*pos[gaps[0]], f"⋮\n{left_out} more", ha="center",
                                       va="center", fontsize=8, color="#444444")

    # -- colour bars and legend first: they move the axes, and labels are placed in pixels -
    sm = ScalarMappable(norm=norm, cmap=cmap)
    art["colorbar"] = add_colorbar(fig, ax, sm, quantity, 0)
    if trace is not None:
        value_sm = ScalarMappable(norm=vnorm, cmap=vmap)
        art["value_colorbar"] = add_colorbar(fig, ax, value_sm, "activation a", 1)
    if legend:
        _legend(ax, role, bias_vals, hl, plain=trace is not None)

    # -- edge labels, slid along their edges until free ---------------------------------
    per_pair: dict[tuple[int, int], int] = {}
    for u, v in edges:
        per_pair[layer_of[u], layer_of[v]] = per_pair.get((layer_of[u], layer_of[v]), 0) + 1
    items = []
    for (u, v), val, c in zip(edges, edge_vals, colours):
        if weight_labels is False or (weight_labels == "auto" and
                                      per_pair[layer_of[u], layer_of[v]] > max_labelled_edges):
            continue
        srcs = [s for s, t in edges if t == v]
        i, m = srcs.index(u), len(srcs)
        first = 0.78 - 0.42 * i / (m - 1) if m > 1 else 0.62  # staggered into each target
        prefix = f"{net.weight_name(u, v)}=" if names else ""
        if names and gradients is not None:  # "w1=-0.04" would read as the weight itself
            prefix = f"dL/d{prefix}"
        t = ax.text(0, 0, f"{prefix}{val:{efmt}}", fontsize=7, ha="center", va="center",
                    zorder=2.5, alpha=1.0 if hl is None or (u, v) in hl["edges"] else 0.45,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": tuple(c[:3]),
                          "lw": 0.8, "alpha": 0.9})
        art["weight_labels"][u, v] = t
        items.append((t, np.array(pos[u]), np.array(pos[v]), first))
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if items and get_renderer is not None:
        renderer = get_renderer()
        px = NODE_PT / 2 * fig.dpi / 72
        obstacles = [ax.transData.transform(pos[n]) for n in kept]
        boxes = [node_box(c, px) for c in obstacles]
        for group in ("name_labels", "activation_labels", "bias_labels", "value_labels",
                      "elided"):
            boxes += [t.get_window_extent(renderer).padded(2) for t in art[group].values()]
        place_labels(items, boxes, renderer)
    ax.neurons_artists = art
    return ax


def _sample(gradients: Sequence[Any]) -> tuple[Any, Any, Any]:
    if isinstance(gradients, (str, bytes)) or not isinstance(gradients, Sequence):
        gradients = (gradients,)  # reported below
    if len(gradients) == 2:
        return gradients[0], gradients[1], "mse"
    if len(gradients) == 3:
        return gradients[0], gradients[1], gradients[2]
    raise ArgumentTypeError(
        f"gradients must be one sample as (x, y) or (x, y, loss), not {gradients!r}")


def _pale(colour: Any, keep: bool) -> tuple[float, ...]:
    """The colour, or (outside a highlight) an opaque pale version, so edges stay hidden."""
    rgba = np.array(to_rgba(colour))
    if not keep:
        rgba[:3] = 0.3 * rgba[:3] + 0.7
    return tuple(rgba)


def _note(ax: Axes, xy: tuple[float, float], text: str, offset: tuple[float, float],
          va: str, alpha: float, size: float = 7, boxed: bool = True) -> Any:
    """A small text at a fixed offset in points from a node, whatever the zoom."""
    # Outside the node a faint white box keeps the number readable over the edges.
    box = {"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.7 * alpha}
    return ax.annotate(text, xy, xytext=offset, textcoords="offset points", ha="center",
                       va=va, fontsize=size, alpha=alpha, color="#222222", zorder=3,
                       bbox=box if boxed else None)


def _legend(ax: Axes, role: dict[str, str], bias_vals: dict[str, float],
            hl: dict[str, Any] | None, plain: bool) -> None:
    # With values the faces show activations, so the legend speaks of shapes only.
    handles = [Line2D([], [], marker=SHAPES[r], linestyle="", markersize=9,
                      markerfacecolor="white" if plain else FACES[r],
                      markeredgecolor="#555555", label=r)
               for r in ("input", "hidden", "output") if r in role.values()]
    if bias_vals:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=9, markeredgewidth=2.5,
                              markerfacecolor="white", markeredgecolor="#b2182b",
                              label="rim: bias"))
    if hl is not None:
        handles.append(Line2D([], [], color="#ffc107", lw=5, alpha=0.6,
                              label=f"chain of dL/d{hl['parameter']}"))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1), ncol=len(handles),
              frameon=False, fontsize=8, handletextpad=0.3, columnspacing=1.2)
