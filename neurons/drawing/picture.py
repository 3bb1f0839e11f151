"""What :func:`neurons.drawing.network.draw` shows, decided before anything is drawn.

:func:`network_picture` computes a :class:`Picture`: which neurons and edges are drawn
and where (:mod:`neurons.drawing.layout`), in which role, which numbers stand on them
(the parameters, or dL/dparam for one sample) and on which colour scales, the chain a
highlight emphasises, and a sample's values. The functions that draw the parts
(:func:`~neurons.drawing.nodes.draw_nodes`, :func:`~neurons.drawing.edges.draw_edges`,
...) read it; it makes no artists itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import CenteredNorm, Colormap, ListedColormap, Normalize

from .. import backprop
from ..checks import check_number
from ..errors import ArgumentTypeError, ParameterError, UnknownNameError, did_you_mean
from ..explain import explain
from .layout import edge_paths, kept_rows, positions
from .steps import StepView, labels, step_view
from .style import check_scale, figure_of
from .ties import edge_kinds, tie_colours

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..core import NetworkCore
    from ..steps import Step

__all__ = ["NetworkDisplay", "Picture", "network_picture", "receptive_field"]

DX, DY = 2.6, 1.0  # data units between layers and between neighbours in a layer


@dataclass
class Picture:
    """What one diagram shows: made by :func:`network_picture`, read by the ``draw_*`` parts.

    Attributes
    ----------
    net : Network
    rows : list of (nodes, left out)
        Per layer, the nodes drawn (a gap placeholder where some are left out) and how
        many were left out (:func:`neurons.drawing.layout.kept_rows`).
    pos : dict
        Node (and gap placeholder) -> (x, y) in data units.
    kept : list of str
        The nodes drawn, layer by layer.
    layer_of : dict
        Node -> its layer index.
    edges : list of (u, v)
        The edges drawn, in segment order.
    paths : list of array
        Each drawn edge's line in data units, in ``edges`` order, shape (k, 2) from ``u``
        to ``v``: its two ends (k = 2), or for a skip connection the points of the arc
        that passes around the layers it skips (:func:`~neurons.drawing.layout.edge_paths`).
        The edge artists' segments, and what the numbers on the edges slide along.
    role : dict
        Node -> ``"input"``, ``"hidden"`` or ``"output"``.
    scale : float
        Multiplies every text, node and line size: ``draw``'s ``scale`` times its
        ``text_scale``.
    text_scale : float
        How much larger than ``scale`` alone makes them the texts, neurons and lines are,
        on a diagram as wide as ``scale`` alone makes it.
    names : bool
        Whether labels carry the parameter names ("w1=0.50").
    bias_name : dict
        Neuron -> its bias parameter's name.
    neurons : dict
        Drawn neuron (not input) -> its :class:`~neurons.Neuron`.
    edge_values, bias_values : array, dict
        The numbers shown on the edges (in ``edges`` order) and beside the biased neurons.
    overflow : dict
        Neuron -> "▲" or "▼", for biases beyond the colour scale of the edges.
    quantity : str
        What the numbers are: ``"weight"`` or ``"dL/dw"``.
    gradients : bool
        True when the numbers are dL/dparam.
    fmt, edge_fmt : str
        Format specs of a sample's values and of the edge and bias numbers.
    cmap, norm : Colormap, CenteredNorm
        The diverging colour scale of edges and bias rims, centred on zero.
    chain : dict or None
        For a highlight: ``"parameter"``, and the ``"edges"`` and ``"nodes"`` of the
        chain ``net.explain`` walks; for a neuron its receptive field (``"neuron"``, and
        the edges and nodes of every path into it); for a shared parameter its uses; a
        ``"label"`` for the legend. A step's has the step's edges, every node, a label and
        ``"fade_texts": False`` (its numbers stay readable).
    trace : Trace or None
        A sample's forward pass (``net.forward_trace``), when values are shown.
    value_map, value_norm : Colormap, Normalize, or None
        The colour scale of the neurons' activations, when values are shown.
    step : StepView or None
        For a step of ``net.steps``: what it shows (:mod:`neurons.drawing.steps`).
    value_text, edge_text, bias_text : dict
        With a step, the texts known by then: below each neuron (a neuron left out has
        none), on each edge and above each biased neuron.
    edge_kinds, edge_parameters : list
        Each drawn edge's kind (``"weight"``, ``"shared"``, ``"pooling"``, ``"constant"``,
        :mod:`neurons.drawing.ties`) and the shared parameter it uses (or None), in
        ``edges`` order; empty for a Picture made by hand (every edge a weight).
    ties : dict
        Each shared weight on a drawn edge -> its qualitative colour.
    shared_values : dict
        Each shared parameter drawn (weights on edges, biases of drawn neurons) -> the
        number the key writes once for it: its value, or dL/dparam; in the order the
        network added them.
    shared_biases : list of str
        The names in ``shared_values`` that are biases.
    """

    net: NetworkCore
    rows: list[tuple[list[Hashable], int]]
    pos: dict[Hashable, tuple[float, float]]
    kept: list[str]
    layer_of: dict[Hashable, int]
    edges: list[tuple[str, str]]
    role: dict[str, str]
    scale: float = 1.0
    text_scale: float = 1.0
    names: bool = False
    bias_name: dict[str, str] = field(default_factory=dict)
    neurons: dict[str, Any] = field(default_factory=dict)
    edge_values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    bias_values: dict[str, float] = field(default_factory=dict)
    overflow: dict[str, str] = field(default_factory=dict)
    quantity: str = "weight"
    gradients: bool = False
    fmt: str = ".2f"
    edge_fmt: str = ".2f"
    cmap: Any = None
    norm: Any = None
    chain: dict[str, Any] | None = None
    trace: Any = None
    value_map: Any = None
    value_norm: Any = None
    step: StepView | None = None
    value_text: dict[str, str] | None = None
    edge_text: dict[tuple[str, str], str] = field(default_factory=dict)
    bias_text: dict[str, str] = field(default_factory=dict)
    paths: list[np.ndarray] = field(default_factory=list)
    edge_kinds: list[str] = field(default_factory=list)
    edge_parameters: list[str | None] = field(default_factory=list)
    ties: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    shared_values: dict[str, float] = field(default_factory=dict)
    shared_biases: list[str] = field(default_factory=list)

    def alpha(self, n: Hashable) -> float:
        """1 for what the highlight keeps (or without one), else a faded text's alpha."""
        return 1.0 if self.chain is None or n in self.chain["nodes"] else 0.45


def network_picture(net: NetworkCore, *, values: Any = None,
                    gradients: Sequence[Any] | None = None, highlight: str | None = None,
                    names: bool = False, max_neurons: int | None = 8,
                    cmap: str | Colormap = "RdBu_r", value_cmap: str | Colormap = "Greens",
                    fmt: str | None = None, grad_fmt: str = ".2g", scale: float = 1.0,
                    step: Step | Sequence[Step] | None = None,
                    text_scale: float = 1.0) -> Picture:
    """Decide what the diagram of ``net`` shows, without drawing it.

    The settings mean what they mean for :func:`neurons.drawing.network.draw`, which
    calls this first and then draws the parts from the result.

    Parameters
    ----------
    net : Network
    values, gradients, highlight, names, max_neurons, cmap, value_cmap, fmt, grad_fmt, scale
        As for :func:`~neurons.drawing.network.draw`.
    step, text_scale
        As for :func:`~neurons.drawing.network.draw`.

    Returns
    -------
    Picture
        The positions, edges, roles, numbers and colour scales.

    Examples
    --------
    >>> from neurons import Network
    >>> pic = network_picture(Network.dense([2, 2, 1], seed=0), gradients=([1.0, 2.0], [1.0]))
    >>> pic.edges
    [('x1', 'h1'), ('x1', 'h2'), ('x2', 'h1'), ('x2', 'h2'), ('h1', 'o1'), ('h2', 'o1')]
    >>> pic.role["x1"], pic.role["h1"], pic.role["o1"], pic.quantity
    ('input', 'hidden', 'output', 'dL/dw')
    >>> pic.overflow  # dL/db3 is beyond every dL/dw
    {'o1': '▼'}
    """
    if step is not None:
        if values is not None or gradients is not None or highlight is not None:
            raise ParameterError("step shows its own values, gradients and highlight: "
                                 "leave values, gradients and highlight out")
        view = step_view(net, step)  # checked before anything else is computed
    text_scale = check_number(text_scale, "text_scale", positive=True)
    pic = _layout(net, max_neurons, check_scale(scale) * text_scale, names or step is not None)
    pic.text_scale = text_scale
    if fmt is None:  # a step's numbers as its equations write them
        fmt = ".2f" if step is None else (
            f".{(step if hasattr(step, 'steps') else step[0]).steps.digits}g")
    sample = _quantities(pic, gradients, fmt, grad_fmt, cmap)
    pic.chain = _chain(net, highlight, sample)
    if values is not None:
        pic.trace = backprop.forward_trace(net, values)
        _value_scale(pic, value_cmap)
    if step is not None:
        _step(pic, view, value_cmap)
    pic.paths = edge_paths(pic)  # last: an arc clears the texts the picture shows
    return pic


def _step(pic: Picture, view: StepView, value_cmap: str | Colormap) -> None:
    """A step's state: the sample's values (written once known), the step's edges kept
    and the others faded, as a highlight does (the neurons all stay readable)."""
    pic.step, pic.trace = view, view.steps[0].steps.trace
    _value_scale(pic, value_cmap, low=0.15)  # the least a visibly green: not the blank face
    pic.chain = {"parameter": None, "label": "this step", "edges": set(view.edges),
                 "nodes": set(pic.kept), "fade_texts": False}
    labels(pic, view, pic.fmt)


def _layout(net: NetworkCore, max_neurons: int | None, scale: float, names: bool) -> Picture:
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
    pic.neurons = {n: net.neuron(n) for n in kept if role[n] != "input"}
    # Every bias that is a parameter, by its name: the neuron's own ("b2") or a shared one.
    pic.bias_name = {n: net.bias_name(n) for n, k in pic.neurons.items()
                     if k.has_bias and not k.fixed}
    pic.edge_kinds, pic.edge_parameters = edge_kinds(net, edges)
    return pic


def _quantities(pic: Picture, gradients: Any, fmt: str, grad_fmt: str,
                cmap: str | Colormap) -> tuple[Any, Any, Any]:
    """What the edge colours and numbers mean: the parameters, or dL/dparam for one sample.

    Sets the values, their colour map and norm (the edges' range, centred on zero), and
    which biases lie beyond it; returns the sample the highlight should explain.
    """
    net, edges = pic.net, pic.edges
    pic.fmt = fmt
    # Constants (pooling) have no name and no gradient: 0 stands in for dL/dw.
    named = [kind in ("weight", "shared") for kind in pic.edge_kinds] or [True] * len(edges)
    if gradients is not None:
        sample = _sample(gradients)
        grads = backprop.gradients(net, *sample)
        pic.edge_values = np.array([grads[net.weight_name(u, v)] if ok else 0.0
                                    for (u, v), ok in zip(edges, named)], dtype=float)
        pic.bias_values = {n: grads[pic.bias_name[n]] for n in pic.neurons
                           if n in pic.bias_name}
        pic.quantity, pic.edge_fmt, pic.gradients = "dL/dw", grad_fmt, True
    else:
        sample = (np.zeros(len(net.inputs)), np.zeros(len(net.outputs)), "mse")
        grads = None
        pic.edge_values = np.array([net.graph.edges[u, v]["weight"] for u, v in edges],
                                   dtype=float)
        pic.bias_values = {n: float(k.bias) for n, k in pic.neurons.items()
                           if k.bias is not None}
        pic.quantity, pic.edge_fmt = "weight", fmt
    _shared(pic, grads)
    pic.cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
    # The edges set the scale, so that they stay readable when a bias (or its gradient, like
    # dL/db of an output) is much larger; such a bias is marked as beyond the colour bar.
    # Constants (pooling) do not: they are drawn in grey.
    half = float(np.max(np.abs([*pic.edge_values[named], 0.0]))) or float(
        np.max(np.abs([*pic.bias_values.values(), 0.0]))) or 1.0
    pic.norm = CenteredNorm(vcenter=0.0, halfrange=half)  # zero is always the pale middle
    pic.overflow = {n: "▲" if b > 0 else "▼" for n, b in pic.bias_values.items()
                    if abs(b) > half * (1 + 1e-9)}
    return sample


def _shared(pic: Picture, grads: dict[str, float] | None) -> None:
    """The shared parameters drawn, the number the key writes for each (value or gradient),
    and the colours of the shared weights."""
    net = pic.net
    used = {p for p in pic.edge_parameters if p is not None}
    biases = {k.shared_bias for k in pic.neurons.values() if k.shared_bias is not None}
    if not used and not biases:
        return
    order = [p for p in net.shared_parameters.names if p in used or p in biases]
    pic.shared_values = {p: float(grads[p] if grads is not None else net.parameter(p))
                         for p in order}
    pic.shared_biases = [p for p in order if p in biases]
    pic.ties = tie_colours(net, [p for p in order if p in used])


def _chain(net: NetworkCore, highlight: str | None, sample: Any) -> dict[str, Any] | None:
    """What a highlight emphasises: for a neuron its receptive field, for a shared
    parameter its uses, for any other parameter (or an input) the chain explain() walks
    (the parameter's own edge plus every path to an output)."""
    if highlight is None:
        return None
    if isinstance(highlight, str) and highlight not in net.graph and highlight not in \
            net.shared_parameters and highlight not in net.parameter_slots():
        known = [*net.graph, *net.parameter_names()]
        raise UnknownNameError(
            f"highlight {highlight!r} names no neuron, input or parameter of the network"
            f"{did_you_mean(highlight, known)}: give a neuron's name for its receptive field "
            f"(such as {net.layers[-1][0]!r}) or a parameter's for its chain (such as "
            f"{next(iter(net.parameter_names()), 'w1')!r})")
    if isinstance(highlight, str) and net.graph.nodes.get(highlight, {}).get("neuron"):
        return receptive_field(net, highlight)
    if isinstance(highlight, str) and highlight in net.shared_parameters:
        uses = net.parameter_uses(highlight)
        edges = {(net.neuron(k).inputs[i], k) for k, i in uses if i is not None}
        nodes = {n for e in edges for n in e} | {k for k, i in uses if i is None}
        return {"parameter": highlight, "label": f"uses of {highlight}", "edges": edges,
                "nodes": nodes}
    d = explain(net, highlight, *sample)
    hl_nodes, hl_edges = {d.neuron}, set()
    if d.source is not None:
        hl_nodes.add(d.source)
        hl_edges.add((d.source, d.neuron))
    for path in d.paths():
        hl_nodes.update(path.nodes)
        hl_edges.update(zip(path.nodes, path.nodes[1:]))
    return {"parameter": highlight, "edges": hl_edges, "nodes": hl_nodes}


def receptive_field(net: NetworkCore, neuron: str) -> dict[str, Any]:
    """The receptive field of ``neuron``: every node it depends on (through pooling and
    every other layer, back to the inputs) and the edges of every path from them into it.

    Returns the chain of a highlight: ``"neuron"``, ``"parameter"`` (None), ``"label"``,
    ``"edges"`` and ``"nodes"`` (the neuron itself among them).

    Raises
    ------
    ParameterError
        For an input, which reads nothing.

    Examples
    --------
    >>> from neurons import Network
    >>> field = receptive_field(Network.dense([2, 2, 1], seed=0), "h2")
    >>> sorted(field["nodes"]), sorted(field["edges"]), field["label"]
    (['h2', 'x1', 'x2'], [('x1', 'h2'), ('x2', 'h2')], 'receptive field of h2')
    """
    if net.graph.nodes[neuron].get("neuron") is None:
        raise ParameterError(f"{neuron!r} is an input: it reads nothing, so it has no receptive "
                             f"field; highlight a neuron (such as {net.layers[-1][0]!r}) or a "
                             f"parameter")
    nodes = nx.ancestors(net.graph, neuron) | {neuron}
    edges = set(net.graph.subgraph(nodes).edges)
    return {"parameter": None, "neuron": neuron, "label": f"receptive field of {neuron}",
            "edges": edges, "nodes": nodes}


def _value_scale(pic: Picture, value_cmap: str | Colormap, low: float = 0.03) -> None:
    """The activations' colours: the neurons' a alone set the norm, inputs left out (they
    may be far off), on the light part of the map (from ``low`` on)."""
    a_vals = np.array([pic.trace.a[n] for n in pic.neurons] or [pic.trace.a[n] for n in pic.kept],
                      dtype=float)
    lo, hi = float(a_vals.min()), float(a_vals.max())
    base = colormaps[value_cmap] if isinstance(value_cmap, str) else value_cmap
    # Only the light part of the map, so black names stay readable on every face.
    pic.value_map = ListedColormap(base(np.linspace(low, 0.6, 256)))
    pic.value_norm = Normalize(lo, hi) if hi > lo else Normalize(lo - 0.5, hi + 0.5)


def _sample(gradients: Sequence[Any]) -> tuple[Any, Any, Any]:
    if isinstance(gradients, (str, bytes)) or not isinstance(gradients, Sequence):
        gradients = (gradients,)  # reported below
    if len(gradients) == 2:
        return gradients[0], gradients[1], "mse"
    if len(gradients) == 3:
        return gradients[0], gradients[1], gradients[2]
    raise ArgumentTypeError(
        f"gradients must be one sample as (x, y) or (x, y, loss), not {gradients!r}")


@dataclass(eq=False)
class NetworkDisplay:
    """What :func:`draw` (and :func:`draw_picture`) made: the axes, the picture, the artists.

    In the style of scikit-learn's ``*Display`` objects: the drawing is returned, not
    written on the matplotlib objects, so the picture can be saved
    (``save_figure(disp.figure, ...)``), adjusted or inspected.

    Attributes
    ----------
    ax : matplotlib Axes
        The diagram's axes (their own axis lines hidden).
    picture : Picture
        What the diagram shows (:func:`~neurons.drawing.picture.network_picture`).
    artists : dict
        What was drawn, by kind: ``"edges"`` (the LineCollection, or None),
        ``"edge_list"`` (its (u, v) in segment order), ``"edge_values"`` (the mapped
        numbers), ``"nodes"`` (role -> PathCollection), ``"positions"``,
        ``"name_labels"``, ``"activation_labels"``, ``"bias_labels"``, ``"value_labels"``
        (node -> Text), ``"weight_labels"`` ((u, v) -> Text), ``"elided"`` (layer index ->
        Text), ``"colorbar"`` and ``"value_colorbar"`` (Colorbar or None), ``"legend"``
        (Legend or None), ``"norm"`` and ``"cmap"`` of the edge colours, ``"value_norm"``
        (the activations' Normalize, or None), ``"overflow"`` (node -> "▲" or "▼" for
        biases beyond the colour bar), ``"highlight"`` (None, or a dict with
        ``"parameter"``, ``"edges"``, ``"nodes"`` and ``"artists"``), and for a ``step``
        (else None): ``"step"`` (its :class:`~neurons.drawing.steps.StepView`),
        ``"step_nodes"`` (``"nodes"`` and their halos' ``"artists"``, role ->
        PathCollection), ``"step_edges"`` (``"edges"`` and ``"artists"``,
        ``[halo, edges]``), ``"step_heading"`` (Text) and ``"caption"`` (list of Text: the
        equations, a line each, in columns); ``"parameter_key"`` (Legend or None): each
        shared parameter's colour, name and value; ``"note"`` (Text, or None): what the picture
        leaves out (edge labels beyond ``max_labelled_edges``, or without a free spot).
    own_figure : bool
        Whether the figure was made for the diagram (sized to the network, with a margin
        that holds the colour bars), or the axes were given.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network, draw
    >>> disp = draw(Network.dense([2, 2, 1], seed=0))
    >>> disp.own_figure, disp.figure is disp.ax.figure, len(disp.artists["edge_list"])
    (True, True, 6)
    >>> plt.close(disp.figure)
    """

    ax: Axes
    picture: Picture = field(repr=False)
    artists: dict[str, Any] = field(repr=False)
    own_figure: bool = False

    @property
    def figure(self) -> Figure:
        """The figure holding ``ax`` (to save, or to close)."""
        return figure_of(self.ax)
