"""Recurrent networks through time: unrolled, rolled up, and how far back the gradient reaches.

A network built by ``Network.rnn`` (:mod:`neurons.recurrence`) is an Elman recurrence
unrolled over T steps: at step t the hidden neurons read the step's inputs and the hidden
neurons of step t - 1, and the outputs read the hidden neurons, with the same five
parameter matrices at every step::

    h_t = f(W_xh x_t + W_hh h_(t-1) + b_h)        y_t = g(W_hy h_t + b_y)        h_0 = 0

:func:`draw_unrolled` draws it so: time runs left to right, one column per step, the step's
inputs at the bottom, its hidden neurons in a stack in the middle (``h{t}_1`` on top) and
its outputs on top. The recurrent edges run across from each step's stack to the next; the
edges from a step's inputs to its stack, and from the stack to its outputs, are arcs where
a straight line would cross the stack (as ``draw`` draws a skip connection). Every shared
parameter has one colour wherever it is used, in a hue family per matrix (W_xh oranges,
W_hh blues, W_hy purples: :func:`parameter_colours`), and its value is written once, in a
key under the picture laid out as the matrix (a row per neuron it feeds). :func:`draw_rolled`
draws the same network rolled up: one step's cell, with the recurrent weights as one loop
arrow from the hidden layer back into itself, in the same colours and with the same key.
:func:`plot_gradient_through_time` plots the size of dL/dh_t against the distance in time
from the loss, on a log scale, one line per network: the vanishing and exploding gradients
(:func:`neurons.spectral.with_spectral_radius` makes the networks to compare).

==================================  ========================================================
:func:`draw_unrolled`               the network unrolled, a column per step
:func:`draw_rolled`                 one step's cell, the recurrent weights as a loop
:func:`plot_gradient_through_time`  ||dL/dh_t|| against tau - t, one line per network
:func:`parameter_colours`           each shared weight's colour, a hue family per matrix
:func:`uses_unrolled_layout`        whether :func:`~neurons.drawing.network.draw` draws a
                                    network unrolled
==================================  ========================================================
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, TwoSlopeNorm
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.textpath import TextToPath

from .. import backprop, losses
from ..checks import check_choice, check_count
from ..data import check_data, sequences_of
from ..errors import ArgumentTypeError, NetworkStructureError, ParameterError
from ..spectral import spectral_radius
from ..through_time import hidden_gradients
from .edges import HALO
from .nodes import FACES, FADED, NODE_PT, RIM, SHAPES, SIZES
from .picture import NetworkDisplay, _chain, _sample
from .style import as_rgba, check_scale, figure_of, fit_figure, new_figure, sizes
from .ties import parameter_handles

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from ..core import NetworkCore
    from ..losses import Loss
    from ..recurrence import Recurrence

__all__ = ["FAMILIES", "RecurrentPicture", "draw_rolled", "draw_unrolled", "parameter_colours",
           "plot_gradient_through_time", "uses_unrolled_layout"]

# Each matrix's hue family: its weights take shades of one sequential map, darkest first.
FAMILIES = {"w_xh": "Oranges", "w_hh": "Blues", "w_hy": "Purples"}
_SHADES = (0.95, 0.45)  # the darkest and lightest shade taken from a map (paler fades out)
_TITLES = {"w_xh": "W_xh: x_t → h_t", "w_hh": "W_hh: h_(t−1) → h_t",
           "w_hy": "W_hy: h_t → y_t", "bias": "biases b_h, b_y"}

# Sizes in inches at scale 1 (the figure grows with ``scale``, so in these units they do not).
COLUMN = 1.2  # the least distance between two steps' columns
ROW_GAP = 1.0  # from the inputs' row to the stack's lowest neuron, and its top one to the outputs
ROW_STEP = 0.75  # between neighbours in the row of inputs (or of outputs) of one step
STACK_GAP = 0.2  # between neighbours of the hidden stack, beyond their size
LABELS_INCH = 1.15  # room left of the first column for the rows' labels
CLEAR = 0.1  # an arc keeps this far from the rim of every neuron it passes
SAMPLES = 33  # points of an arc's polyline
_KEY_GAP = 0.35  # between two matrices of the key, side by side


# -- which networks ---------------------------------------------------------------------------
def _recurrence_of(net: NetworkCore, what: str) -> Recurrence:
    """The recurrence ``net`` is, checked: its inputs are the recurrence's and its neurons
    exactly the ones it made."""
    r = sequences_of(net)
    if r is None:
        raise NetworkStructureError(
            f"{what} draws a recurrent network (Network.rnn(n_inputs, n_hidden, n_outputs, "
            f"steps)), whose inputs are one sequence; this network is not one (it has "
            f"{len(net.recurrences)} recurrence{'s' * (len(net.recurrences) != 1)} over its "
            f"inputs {', '.join(net.inputs[:4])}{', ...' * (len(net.inputs) > 4)}): draw(net) "
            f"draws any network layer by layer")
    made = set(r.hidden) | set(r.output_names)
    others = [n.name for n in net.neurons if n.name not in made]
    if others:
        raise NetworkStructureError(
            f"{what} draws the neurons of the recurrence {r.name} ({r.describe()}); this "
            f"network has others too ({', '.join(others[:4])}{', ...' * (len(others) > 4)}): "
            f"draw(net, layout='layers') draws them all")
    return r


def uses_unrolled_layout(net: NetworkCore, layout: str = "auto", step: Any = None) -> bool:
    """Whether :func:`~neurons.drawing.network.draw` draws ``net`` unrolled through time.

    ``layout="auto"``: when the network is one recurrence (``Network.rnn``: its inputs one
    sequence, its neurons the recurrence's), unless a ``step`` is drawn (steps are the
    layered picture's). ``"unrolled"`` asks for it; ``"grids"`` and ``"layers"`` do not.

    Raises
    ------
    ParameterError
        For a ``layout`` that is none of "auto", "unrolled", "grids" and "layers".
    NetworkStructureError
        For ``layout="unrolled"`` on a network that is not one recurrence.

    Examples
    --------
    >>> from neurons import Network
    >>> uses_unrolled_layout(Network.rnn(1, 2, 1, steps=3))
    True
    >>> uses_unrolled_layout(Network.rnn(1, 2, 1, steps=3), "layers")
    False
    >>> uses_unrolled_layout(Network.dense([2, 1]))
    False
    """
    layout = check_choice(layout, "layout", ("auto", "grids", "layers", "unrolled"))
    if layout == "unrolled":
        _recurrence_of(net, "layout='unrolled'")
        if step is not None:
            raise ParameterError("a step is drawn on the layered picture: use layout='layers' "
                                 "or 'auto' with step")
        return True
    if layout != "auto" or step is not None or not net.recurrences:
        return False
    try:
        _recurrence_of(net, "draw")
    except NetworkStructureError:
        return False
    return True


# -- colours ----------------------------------------------------------------------------------
def parameter_colours(recurrence: Recurrence) -> dict[str, tuple[float, float, float, float]]:
    """Each weight of ``recurrence`` -> its colour: the weights of one matrix in shades of
    one hue (:data:`FAMILIES`: W_xh oranges, W_hh blues, W_hy purples), in the order of
    their names (row by row), darkest first. The biases are not on edges: they have none.

    The shades only tell the weights of one matrix apart; they say nothing of the value
    (the key under the pictures writes it).

    Examples
    --------
    >>> from neurons.recurrence import Recurrence
    >>> colours = parameter_colours(Recurrence.elman(1, 2, 1, steps=3))
    >>> sorted(colours)
    ['w_hh_1_1', 'w_hh_1_2', 'w_hh_2_1', 'w_hh_2_2', 'w_hy_1_1', 'w_hy_1_2', 'w_xh_1_1', 'w_xh_2_1']
    >>> colours["w_hh_1_1"] == colormaps["Blues"](0.95)
    True
    """
    colours: dict[str, tuple[float, float, float, float]] = {}
    for kind, cmap in FAMILIES.items():
        names = getattr(recurrence, kind)
        where = np.linspace(*_SHADES, len(names)) if len(names) > 1 else [0.75]
        colours.update((p, as_rgba(float(c) for c in colormaps[cmap](float(w))))
                       for p, w in zip(names, where))
    return colours


def _kind(name: str) -> str:
    return name[:4] if name[:4] in FAMILIES else "bias"


# -- what the unrolled picture shows ----------------------------------------------------------
@dataclass
class RecurrentPicture:
    """What :func:`draw_unrolled` (or :func:`draw_rolled`) shows, decided before drawing.

    Attributes
    ----------
    net : Network
    recurrence : Recurrence
    steps : list of int
        The steps drawn, from 1 (all of them, or the first and last few).
    left_out : int
        The steps left out between them (0: none).
    pos : dict
        Node -> (x, y) in inches at scale 1; the gap's placeholder ``("...", 0)`` too.
    role : dict
        Drawn node -> "input", "hidden" or "output".
    edges : list of (u, v)
        The edges drawn, step by step: inputs to the stack, the stack before to this one,
        the stack to the outputs.
    edge_parameters : list of str
        Each edge's shared weight.
    edge_values : array
        Each edge's weight, or with ``gradients`` its use's share of dL/dw: a_u delta_v.
    paths : list of array
        Each edge's polyline in the units of ``pos``: straight (2 points) or an arc.
    colours : dict
        Weight -> its colour (:func:`parameter_colours`).
    key_values : dict
        Every parameter -> the number the key writes once: its value, or dL/dparam (the sum
        over its uses).
    gradients : bool
    loss : Loss or None
        The loss of ``gradients``.
    trace : Trace or None
        The sample's forward pass, when values or gradients are shown.
    values : bool
        Whether the neurons show their activation a.
    deltas : dict
        With ``gradients``: neuron -> its delta (dL/dz; with truncated backpropagation the
        sum of the truncated passes' deltas, its bias's share of dL/db).
    diameters : dict
        Role -> the neurons' size in points at scale 1 (large enough for their texts).
    fmt, grad_fmt : str
    chain : dict or None
        With a highlight: its ``"edges"``, ``"nodes"`` and ``"label"``.
    scale : float
    texts : dict
        Node -> the lines written in it, where they are not the ones :meth:`lines` makes
        (the rolled cell's: its name and activation).
    title, subtitle : str
        What the picture's title says, and the line under it (each may have lines).
    key_width : float
        The most inches the key's rows may span when the diagram is narrower (0: the
        diagram's width, or the widest matrix's).
    key_side : {"below", "right"}
        Where the key stands: in rows under the diagram, or its matrices one under the
        other on its right.
    """

    net: NetworkCore
    recurrence: Recurrence
    steps: list[int]
    left_out: int
    pos: dict[Any, tuple[float, float]]
    role: dict[str, str]
    edges: list[tuple[str, str]] = field(default_factory=list)
    edge_parameters: list[str] = field(default_factory=list)
    edge_values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    paths: list[np.ndarray] = field(default_factory=list)
    colours: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    key_values: dict[str, float] = field(default_factory=dict)
    gradients: bool = False
    loss: Any = None
    trace: Any = None
    values: bool = False
    deltas: dict[str, float] = field(default_factory=dict)
    diameters: dict[str, float] = field(default_factory=dict)
    fmt: str = ".2f"
    grad_fmt: str = ".2g"
    chain: dict[str, Any] | None = None
    scale: float = 1.0
    texts: dict[str, list[str]] = field(default_factory=dict)
    title: str = ""
    subtitle: str = ""
    key_width: float = 0.0
    key_side: str = "below"

    @property
    def kept(self) -> list[str]:
        """The nodes drawn, step by step."""
        return list(self.role)

    def lines(self, n: str) -> list[str]:
        """The texts in neuron ``n``: its name, then a (with values), then delta (with
        gradients), or its own ``texts``."""
        if n in self.texts:
            return self.texts[n]
        out = [n]
        if self.values and self.trace is not None:
            out.append(f"{self.trace.a[n]:{self.fmt}}")
        if n in self.deltas:
            out.append(f"δ={self.deltas[n]:{self.grad_fmt}}")
        return out


GAP = ("...", 0)  # the placeholder of the steps left out


def _steps_drawn(T: int, max_steps: int | None) -> tuple[list[int], int]:
    """All steps, or the first and last ones with the gap between: ``max_steps`` columns
    in all, the gap one of them, the first steps one more than the last."""
    if max_steps is None or T <= max_steps:
        return list(range(1, T + 1)), 0
    first = max(1, max_steps // 2)
    last = max(1, max_steps - 1 - first)
    return [*range(1, first + 1), *range(T - last + 1, T + 1)], T - first - last


def _text_width(text: str, font: float) -> float:
    """The width of one line of ``text`` in points, as matplotlib lays out its outline."""
    return TextToPath().get_text_width_height_descent(text, FontProperties(size=font),
                                                      ismath=False)[0]


def _text_size(texts: Sequence[str], font: float) -> tuple[float, float]:
    """Width of the widest of ``texts`` and the height of them all, one a line, in points."""
    return max(_text_width(t, font) for t in texts), 1.25 * font * len(texts)


def _diameters(pic: RecurrentPicture) -> dict[str, float]:
    """Each role's neuron size in points at scale 1: draw's sizes, or more where the texts
    in the neuron need it (a square holds its box; a circle or hexagon its box's diagonal)."""
    font = sizes(1.0)["small"]
    out = {}
    for role in ("input", "hidden", "output"):
        members = [n for n, r in pic.role.items() if r == role]
        if not members:
            continue
        w, h = (max(v) for v in zip(*(_text_size(pic.lines(n), font) for n in members)))
        w, h = w + 6, h + 4
        least = SIZES[role] * NODE_PT
        out[role] = max(least, max(w, h) if role == "input" else math.hypot(w, h))
    return out


def _positions(pic: RecurrentPicture) -> None:
    """Columns left to right, a step each (and the gap); in each, the inputs' row at the
    bottom, the hidden stack over it (``h{t}_1`` on top), the outputs' row on top."""
    r, d = pic.recurrence, {k: v / 72 for k, v in pic.diameters.items()}
    stack = d["hidden"] + STACK_GAP
    step_in = max(ROW_STEP, d.get("input", 0) + STACK_GAP)
    step_out = max(ROW_STEP, d.get("output", 0) + STACK_GAP)
    # A column holds its widest row, with room between neighbouring columns' rows.
    column = max(COLUMN, (r.n_inputs - 1) * step_in + d.get("input", 0) + 0.4,
                 (r.n_outputs - 1) * step_out + d.get("output", 0) + 0.4, d["hidden"] + 0.6)
    bottom = d.get("input", 0) / 2 + ROW_GAP + d["hidden"] / 2
    top_h = bottom + (r.n_hidden - 1) * stack
    out_y = top_h + d["hidden"] / 2 + ROW_GAP + d.get("output", d["hidden"]) / 2
    pos: dict[Any, tuple[float, float]] = {}
    columns: list[Any] = []
    for k, t in enumerate(pic.steps):
        if k and t != pic.steps[k - 1] + 1:
            columns.append(GAP)
        columns.append(t)
    for c, t in enumerate(columns):
        x = c * column
        if t == GAP:
            pos[GAP] = (x, (bottom + top_h) / 2)
            continue
        for i, n in enumerate(r.inputs_at(t)):
            pos[n] = (x + (i - (r.n_inputs - 1) / 2) * step_in, 0.0)
        for j, n in enumerate(r.hidden_at(t)):
            pos[n] = (x, top_h - j * stack)
        for k_, n in enumerate(r.outputs_at(t)):
            pos[n] = (x + (k_ - (r.n_outputs - 1) / 2) * step_out, out_y)
    pic.pos = pos


def _edges(pic: RecurrentPicture) -> None:
    """The edges drawn, each with its shared weight, step by step."""
    r, graph = pic.recurrence, pic.net.graph
    edges = []
    for t in pic.steps:
        hidden = r.hidden_at(t)
        edges += [(x, h) for h in hidden for x in r.inputs_at(t)]
        if t - 1 in pic.steps:
            edges += [(p, h) for h in hidden for p in r.hidden_at(t - 1)]
        edges += [(h, o) for o in r.outputs_at(t) for h in hidden]
    pic.edges = edges
    pic.edge_parameters = [graph.edges[u, v]["parameter"] for u, v in edges]


def _route(p0: np.ndarray, p2: np.ndarray, centres: np.ndarray, radii: np.ndarray,
           side: float) -> np.ndarray:
    """The polyline from ``p0`` to ``p2``: straight when it keeps clear of the circles
    (``centres``, ``radii``), else the least-bowed quadratic arc on ``side`` (+1: to the
    right of the way from p0 to p2) that does."""
    if not len(centres) or _clear(np.array([p0, p2]), centres, radii):
        return np.array([p0, p2])
    chord = p2 - p0
    normal = side * np.array([chord[1], -chord[0]]) / np.hypot(*chord)
    u = np.linspace(0.0, 1.0, SAMPLES)[:, None]
    base, bump = p0 + u * chord, 2 * u * (1 - u)
    path = base
    for k in np.arange(0.3, 4.0, 0.03):  # a bow too small to see would look like a slip
        path = base + bump * k * normal
        if _clear(path, centres, radii):
            break
    path[0], path[-1] = p0, p2
    return path


def _clear(path: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> bool:
    """Whether the polyline keeps every circle's radius from its centre."""
    a, b = path[:-1], path[1:]
    ab = b - a
    length = np.maximum((ab ** 2).sum(axis=1), 1e-12)
    rel = centres[:, None, :] - a[None, :, :]
    t = np.clip((rel * ab[None]).sum(axis=2) / length[None], 0.0, 1.0)
    nearest = a[None] + t[..., None] * ab[None]
    gap = np.hypot(*(centres[:, None, :] - nearest).transpose(2, 0, 1)).min(axis=1)
    return bool((gap >= radii).all())


def _paths(pic: RecurrentPicture) -> None:
    """Each edge's line: a recurrent edge straight across, an input's or an output's arc
    around the neurons of its step's stack it would cross, to its own side."""
    r = pic.recurrence
    radius = {n: pic.diameters[role] / 72 / 2 + CLEAR for n, role in pic.role.items()}
    paths = []
    for u, v in pic.edges:
        p0, p2 = np.array(pic.pos[u], dtype=float), np.array(pic.pos[v], dtype=float)
        step = r.step_of(v)
        assert step is not None  # v is a hidden neuron or an output of a step ("h3_2")
        if u[0] == "h" and v[0] == "h":
            paths.append(np.array([p0, p2]))
            continue
        others = [n for n in (*r.inputs_at(step), *r.hidden_at(step), *r.outputs_at(step))
                  if n not in (u, v)]
        outer, inner = (u, v) if u[0] == "x" else (v, u)
        column = pic.pos[inner][0]
        # Inputs left of the column (or on it) pass the stack on its left, the others on its
        # right; outputs likewise on their own side, the middle one on the right.
        left = pic.pos[outer][0] < column - 1e-9 or (abs(pic.pos[outer][0] - column) < 1e-9
                                                     and u[0] == "x")
        # "right of the way" going up is +x: the side is +1 to bow right.
        side = -1.0 if left else 1.0
        centres = np.array([pic.pos[n] for n in others], dtype=float).reshape(-1, 2)
        paths.append(_route(p0, p2, centres, np.array([radius[n] for n in others]), side))
    pic.paths = paths


def _numbers(pic: RecurrentPicture, values: Any, gradients: Any) -> None:
    """The key's numbers and the edges': the parameters, or for one sample dL/dparam (the
    key) and each use's share a_u delta_v (the edges), the neurons' deltas; the trace."""
    net, r = pic.net, pic.recurrence
    pic.colours = parameter_colours(r)
    if values is not None:
        pic.trace = backprop.forward_trace(net, values)
        pic.values = True
    if gradients is None:
        pic.key_values = {p: net.parameter(p) for p in r.parameter_names}
        pic.edge_values = np.array([net.parameter(p) for p in pic.edge_parameters], dtype=float)
        return
    x, y, loss = _sample(gradients)
    loss = losses.get(loss)
    X, T = check_data(net, x, y, loss, single=True)
    traces, _, _, dL_dY, delta_out = backprop.at_outputs(net, X, T, loss)
    dL_dw, dL_db = backprop.accumulators(net)
    backprop.backward_sample(net, traces[0], dL_dY[0], dL_dw, dL_db,
                             None if delta_out is None else delta_out[0])
    totals = dict(zip(net.parameter_names(), backprop.sum_uses(net, dL_dw, dL_db).tolist()))
    pic.key_values = {p: totals[p] for p in r.parameter_names}
    pic.edge_values = np.array([dL_dw[v][net.neuron(v).inputs.index(u)] for u, v in pic.edges],
                               dtype=float)
    pic.deltas = {n: dL_db[n] for n in pic.role if pic.role[n] != "input"}
    pic.gradients, pic.loss = True, loss
    if pic.trace is None:
        pic.trace = traces[0]


def _unrolled_picture(net: NetworkCore, values: Any, gradients: Any, highlight: str | None,
                      max_steps: int | None, fmt: str, grad_fmt: str,
                      scale: float) -> RecurrentPicture:
    r = _recurrence_of(net, "draw_unrolled")
    max_steps = check_count(max_steps, "max_steps", minimum=3, allow_none=True)
    steps, left_out = _steps_drawn(r.steps, max_steps)
    role = {}
    for t in steps:
        role.update(dict.fromkeys(r.inputs_at(t), "input"))
        role.update(dict.fromkeys(r.hidden_at(t), "hidden"))
        role.update(dict.fromkeys(r.outputs_at(t), "output"))
    pic = RecurrentPicture(net=net, recurrence=r, steps=steps, left_out=left_out, pos={},
                           role=role, fmt=fmt, grad_fmt=grad_fmt, scale=check_scale(scale))
    _edges(pic)
    _numbers(pic, values, gradients)
    if highlight is not None:
        sample = _sample(gradients) if gradients is not None else (
            np.zeros(len(net.inputs)), np.zeros(len(net.outputs)), "mse")
        pic.chain = _chain(net, highlight, sample)
    pic.diameters = _diameters(pic)
    _positions(pic)
    _paths(pic)
    return pic


# -- drawing ----------------------------------------------------------------------------------
def draw_unrolled(net: NetworkCore, ax: Axes | None = None, *, values: Any = None,
                  gradients: Sequence[Any] | None = None, highlight: str | None = None,
                  max_steps: int | None = 10, fmt: str | None = None, grad_fmt: str = ".2g",
                  scale: float = 1.0, figure: Figure | None = None) -> NetworkDisplay:
    """Draw a recurrent network unrolled through time: a column per step (see the module).

    Each neuron shows its name (``x3_1``: input 1 of step 3), and with a sample its
    activation a and delta. Each shared weight has one colour at every step it is used, the
    weights of one matrix in shades of one hue (W_xh oranges, W_hh blues, W_hy purples); its
    number stands once, in the key under the picture, each matrix laid out with a row per
    neuron it feeds (``w_hh_1_2``, row 1, column 2: from h_(t-1),2 to h_t,1), the biases
    beside them, the matrices side by side in rows as wide as the diagram or a slide (12
    inches). An edge is wider the larger its weight among its matrix's (less wide with many
    hidden neurons, whose recurrent edges would hide each other).

    Parameters
    ----------
    net : Network
        A network that is one recurrence (``Network.rnn``).
    ax : matplotlib Axes, optional
        Drawn into as given (the key goes under it, the equation in its title); texts are
        sized in points, so a small Axes crowds them. By default a new figure sized to the
        picture, at least 1200 pixels wide, smallest text 10 points.
    values : array-like, optional
        One sequence (``steps * inputs`` values, or steps x inputs): each node shows its
        value, a neuron its activation a, under its name.
    gradients : (x, y) or (x, y, loss), optional
        One sample and its targets (loss default "mse"): the key writes dL/dparam, the sum
        over the parameter's uses; each edge is as wide as its use's share a_u delta_v of it
        (among its matrix's uses: the recurrent edges far from the loss grow thin when the
        gradient vanishes); each neuron shows its delta (δ = dL/dz).
    highlight : str, optional
        A shared parameter's name (``"w_hh_1_2"``): its uses on a halo, the rest faded; a
        neuron's (``"o4_1"``): its receptive field, everything it depends on.
    max_steps : int or None, default 10
        Draw at most this many columns (3 or more): for a longer sequence the first steps
        and the last ones, and between them a column that says how many steps were left
        out (the recurrent edges run into it and out of it). None draws every step. Ten
        steps of up to four hidden neurons fit a slide; with values and gradients together
        the neurons grow to hold three lines, and about six steps fit. On a phone
        (360 pixels wide) no unrolled picture is readable beyond two or three steps:
        :func:`draw_rolled` is the picture for it.
    fmt, grad_fmt : str
        Format specs of the values and parameters (default ".2f") and of the gradients.
    scale : float, default 1.0
        Multiplies every text, neuron, line and the figure: 1.5 for a poster.
    figure : Figure, optional
        An empty figure to size and draw into instead of a new pyplot figure.

    Returns
    -------
    NetworkDisplay
        ``picture`` is the :class:`RecurrentPicture`; ``artists`` holds ``"edges"`` (the
        LineCollection, a segment per edge of ``"edge_list"``), ``"edge_parameters"``,
        ``"edge_values"``, ``"nodes"`` (role -> PathCollection), ``"positions"``,
        ``"node_labels"`` (node -> Text), ``"step_labels"`` (step -> Text),
        ``"row_labels"`` (role -> Text), ``"gap"`` (Text or None), ``"title"`` and
        ``"subtitle"`` (Text), ``"keys"`` (matrix -> Legend: ``"w_xh"``, ``"w_hh"``,
        ``"w_hy"``, ``"bias"``), ``"key_texts"`` (parameter -> its Text in the key, once
        each) and ``"highlight"`` (None, or the chain with its ``"artists"``).

    Raises
    ------
    NetworkStructureError
        For a network that is not one recurrence.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> net = Network.rnn(1, 2, 1, steps=4, seed=0)
    >>> disp = draw_unrolled(net, values=[1.0, 0.5, -0.5, 0.0])
    >>> w = net.parameter("w_hh_1_2")  # written once, in the key
    >>> disp.artists["key_texts"]["w_hh_1_2"].get_text() == f"w_hh_1_2 = {w:.2f}"
    True
    >>> x2, h2, o2 = (disp.artists["positions"][n] for n in ("x2_1", "h2_1", "o2_1"))
    >>> x2[0] == h2[0] == o2[0], x2[1] < h2[1] < o2[1]  # step 2's column, bottom to top
    (True, True)
    >>> plt.close(disp.figure)
    """
    pic = _unrolled_picture(net, values, gradients, highlight, max_steps,
                            ".2f" if fmt is None else fmt, grad_fmt, scale)
    own = ax is None
    pic.title, pic.subtitle = _equation(pic.recurrence, net), _subtitle(pic)
    if own:  # a slide's width: a short sequence's key spreads across, not down
        pic.key_width = 12.0
    groups = _key_groups(pic)
    ax = _make_axes(pic, ax, _extent(pic), groups, figure)
    shrink = _shrink(pic, ax)
    art: dict[str, Any] = {"edge_list": pic.edges, "edge_parameters": pic.edge_parameters,
                           "edge_values": pic.edge_values, "positions": pic.pos}
    art["edges"] = _draw_edges(pic, ax, shrink)
    halo = _draw_highlight(pic, ax, shrink)
    art["highlight"] = None if pic.chain is None else {**pic.chain, "artists": halo}
    art["nodes"] = _draw_nodes(pic, ax, shrink)
    art["node_labels"] = _draw_node_texts(pic, ax, shrink)
    art["title"], art["subtitle"] = _draw_title(pic, ax, own)
    art.update(_draw_unrolled_texts(pic, ax, shrink))
    art["keys"], art["key_texts"] = _draw_key(pic, ax, groups)
    return NetworkDisplay(ax, pic, art, own)  # type: ignore[arg-type]


def _font(pic: RecurrentPicture, kind: str = "small") -> float:
    return sizes(pic.scale)[kind]


def _symbol(net: NetworkCore, neuron: str) -> str:
    act = net.neuron(neuron).activation
    return act.symbol or act.name


def _equation(r: Recurrence, net: NetworkCore, sep: str = ",   ") -> str:
    """The recurrence with its activations, its parts joined by ``sep``."""
    def applied(name: str, inner: str) -> str:
        act = net.neuron(name).activation
        return inner if act.name == "identity" else f"{_symbol(net, name)}({inner})"
    h = applied(r.hidden_at(1)[0], "W_xh x_t + W_hh h_(t−1) + b_h")
    y = applied(r.outputs_at(r.steps)[0], "W_hy h_t + b_y")
    where = "" if r.outputs == "each" else " (at the last step only)"
    return sep.join([f"h_t = {h}", f"y_t = {y}{where}", "h_0 = 0"])


def _subtitle(pic: RecurrentPicture) -> str:
    r = pic.recurrence
    parts = [f"unrolled over {r.steps} steps" + (f" ({pic.left_out} not drawn)"
                                                 if pic.left_out else "")]
    if r.truncate is not None:
        parts.append(f"backpropagation truncated to {r.truncate} step"
                     f"{'s' * (r.truncate != 1)} back")
    shown = ["name"] + (["a"] if pic.values else []) + (["δ = dL/dz"] if pic.gradients else [])
    if len(shown) > 1:
        parts.append("in each neuron: " + ", ".join(shown))
    if pic.gradients:
        parts.append("an edge's width: its use's share of dL/dw")
    if pic.chain is not None:
        parts.append("on a halo: " + (pic.chain.get("label")
                                      or f"the chain of dL/d{pic.chain['parameter']}"))
    return ";  ".join(parts)


# -- the key ----------------------------------------------------------------------------------
def _key_groups(pic: RecurrentPicture) -> list[dict[str, Any]]:
    """The key's matrices and the biases: for each, its title, its entries column by column
    (a legend fills its columns top to bottom), its number of columns and its size in
    inches (the legend's own layout: handles 2 em and their gap to the text 0.6 em, 3.2 em
    measured with the handle's own padding; columns 1.2 em apart; rows 1.5 em and the
    title's line)."""
    r, font = pic.recurrence, _font(pic)
    matrices = {"w_xh": (r.w_xh, r.n_inputs), "w_hh": (r.w_hh, r.n_hidden),
                "w_hy": (r.w_hy, r.n_hidden), "bias": ((*r.b_h, *r.b_y), 1)}
    groups = []
    for kind, (names, ncol) in matrices.items():
        rows = len(names) // ncol
        order = [names[i * ncol + c] for c in range(ncol) for i in range(rows)]
        labels = [_entry(pic, p) for p in order]
        title = _TITLES[kind]
        if pic.gradients:
            title = ("dL/db_h, dL/db_y" if kind == "bias" else f"dL/d{title.split(':')[0]}"
                     ) + " (sums over the uses)"
        columns = [labels[c * rows:(c + 1) * rows] for c in range(ncol)]
        width = sum(3.2 * font + max(_text_width(t, font) for t in col) for col in columns)
        width = max(width + 1.2 * font * (ncol - 1), _text_width(title, font)) + 0.8 * font
        groups.append({"kind": kind, "entries": order, "labels": labels, "ncol": ncol,
                       "title": title, "width": width / 72,
                       "height": ((rows * 1.5 + 1.4) * font + 0.8 * font) / 72})
    return groups


def _entry(pic: RecurrentPicture, p: str) -> str:
    fmt = pic.grad_fmt if pic.gradients else pic.fmt
    return f"{'dL/d' if pic.gradients else ''}{p} = {pic.key_values[p]:{fmt}}"


def _key_rows(widths: Sequence[float], room: float, gap: float) -> list[list[int]]:
    """The key's matrices (their indices) side by side in rows no wider than ``room``."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and used + gap + w > room:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0.0) + w
        rows[-1].append(i)
    return rows


def _key_room(pic: RecurrentPicture, groups: list[dict[str, Any]], width: float) -> float:
    """How wide the key's rows may be: the diagram's width, ``pic.key_width`` when that is
    more (a slide's width for the unrolled picture, whose key would otherwise make it tall),
    and at least the widest matrix."""
    return max(width, pic.key_width * pic.scale, max(g["width"] for g in groups) + 1e-6)


def _draw_key(pic: RecurrentPicture, ax: Axes, groups: list[dict[str, Any]]
              ) -> tuple[dict[str, Legend], dict[str, Text]]:
    """The key under ``ax``: a legend per matrix, side by side in rows as wide as the
    axes, each parameter's colour (a bias's disc) and number once."""
    fig = figure_of(ax)
    font, s = _font(pic), pic.scale
    box = ax.get_position()
    fw, fh = fig.get_size_inches()
    biases = (*pic.recurrence.b_h, *pic.recurrence.b_y)
    colours = {**pic.colours, **dict.fromkeys(biases, "white")}
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    keys: dict[str, Legend] = {}
    texts: dict[str, Text] = {}
    sizes_in = []
    for g in groups:
        values = {p: pic.key_values[p] for p in g["entries"]}
        handles = parameter_handles(values, colours, [p for p in values if p in biases],
                                    fmt=pic.grad_fmt if pic.gradients else pic.fmt,
                                    gradients=pic.gradients, scale=s)
        key = Legend(ax, handles, g["labels"], loc="upper left", bbox_to_anchor=(0, 0),
                     bbox_transform=fig.transFigure, ncol=g["ncol"], frameon=False,
                     fontsize=font, title=g["title"], title_fontsize=font,
                     handletextpad=0.6, columnspacing=1.2, borderaxespad=0.0,
                     alignment="left")
        ax.add_artist(key)
        key.set_clip_on(False)  # add_artist clips it to the axes: it stands below them
        keys[g["kind"]] = key
        texts.update(zip(g["entries"], key.get_texts()))
        if get_renderer is not None:  # measured where the canvas can
            extent = key.get_window_extent(get_renderer())
            sizes_in.append((extent.width / fig.dpi, extent.height / fig.dpi))
        else:
            sizes_in.append((g["width"], g["height"]))
    gap = _KEY_GAP * s
    if pic.key_side == "right":  # one under the other, from the diagram's top
        x, y = box.x1 + gap / fw, box.y1
        for key, (_, height) in zip(keys.values(), sizes_in):
            key.set_bbox_to_anchor((x, y), transform=fig.transFigure)
            y -= (height + 0.12 * s) / fh
        return keys, texts
    room = _key_room(pic, groups, box.width * fw)
    y = box.y0 - 0.08 * s / fh
    for row in _key_rows([w for w, _ in sizes_in], room, gap):
        x = box.x0
        for i in row:
            keys[groups[i]["kind"]].set_bbox_to_anchor((x, y), transform=fig.transFigure)
            x += (sizes_in[i][0] + gap) / fw
        y -= (max(sizes_in[i][1] for i in row) + 0.12 * s) / fh
    return keys, texts


# -- the figure -------------------------------------------------------------------------------
def _extent(pic: RecurrentPicture) -> tuple[float, float, float, float]:
    """The data limits: every node and edge with room for the nodes' size, the rows' labels
    on the left and the steps' labels under the inputs."""
    xy = np.array(list(pic.pos.values()), dtype=float)
    d = max(pic.diameters.values()) / 72
    lines = np.concatenate(pic.paths) if pic.paths else xy
    below = pic.diameters.get("input", NODE_PT) / 72 / 2 + 2.0 * 11.0 / 72
    return (min(xy[:, 0].min() - d / 2, lines[:, 0].min()) - LABELS_INCH,
            max(xy[:, 0].max() + d / 2, lines[:, 0].max()) + 0.1,
            xy[:, 1].min() - below, xy[:, 1].max() + d / 2 + 0.1)


def _title_size(pic: RecurrentPicture) -> tuple[float, float]:
    """The width and height in inches of the title and the line(s) under it."""
    large, small = _font(pic, "large"), _font(pic)
    lines = [(t, large) for t in pic.title.split("\n")] + \
        [(t, small) for t in pic.subtitle.split("\n")]
    # Drawn text comes out a few per cent wider than its outline measures (hinting).
    width = 1.05 * max(_text_width(t, size) for t, size in lines)
    return width / 72, (sum(1.3 * size for _, size in lines) + 16 * pic.scale) / 72


def _make_axes(pic: RecurrentPicture, ax: Axes | None,
               extent: tuple[float, float, float, float], groups: list[dict[str, Any]],
               figure: Figure | None) -> Axes:
    """The axes: given (limits set, the same units across and up), or a figure sized to the
    picture, with room above for the title and below for the key."""
    x0, x1, y0, y1 = extent
    if ax is not None:
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        return ax
    s = pic.scale
    w, h = (x1 - x0) * s, (y1 - y0) * s
    side = 0.25 * s
    title_w, title_h = _title_size(pic)
    if pic.key_side == "right":
        keys_w = max(g["width"] for g in groups) + _KEY_GAP * s
        keys_h = sum(g["height"] + 0.12 * s for g in groups)
        w_axes = max(w, title_w - keys_w)
        fw, fh = side + w_axes + keys_w + side, max(h, keys_h) + title_h + 0.2 * s
        ax = _new_axes(pic, figure, fw, fh, (side, fh - title_h - h, w_axes, h))
        extra = (w_axes - w) / s / 2
        ax.set_xlim(x0 - extra, x1 + extra)
        ax.set_ylim(y0, y1)
        ax.set_axis_off()
        return ax
    room = _key_room(pic, groups, w)
    rows = _key_rows([g["width"] for g in groups], room, _KEY_GAP * s)
    widest = max(sum(groups[i]["width"] for i in row) + _KEY_GAP * s * (len(row) - 1)
                 for row in rows)
    w_axes = max(w, widest, title_w)
    keys_h = sum(max(groups[i]["height"] for i in row) + 0.12 * s for row in rows) + 0.15 * s
    fw, fh = w_axes + 2 * side, keys_h + h + title_h + 0.05 * s
    ax = _new_axes(pic, figure, fw, fh, (side, keys_h, w_axes, h))
    extra = (w_axes - w) / s / 2  # a key wider than the diagram: the diagram centred over it
    ax.set_xlim(x0 - extra, x1 + extra)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    return ax


def _new_axes(pic: RecurrentPicture, figure: Figure | None, fw: float, fh: float,
              box: tuple[float, float, float, float]) -> Axes:
    """Axes at ``box`` (left, bottom, width, height in inches) of a new pyplot figure
    ``fw`` x ``fh`` inches at a slide's dpi, or of ``figure`` resized so."""
    fig = fit_figure(figure, fw, fh, pic.scale)
    left, bottom, width, height = box
    return fig.add_axes((left / fw, bottom / fh, width / fw, height / fh))


def _shrink(pic: RecurrentPicture, ax: Axes) -> float:
    """Points per unit in ``ax`` against the picture's own (72 times scale), at most 1: the
    neurons and lines of a picture drawn into a smaller Axes shrink with it."""
    fig = figure_of(ax)
    fig_w, fig_h = fig.get_size_inches()
    box = ax.get_position()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    per_unit = 72 * min(box.width * fig_w / (x1 - x0), box.height * fig_h / (y1 - y0))
    ratio = per_unit / (72 * pic.scale)
    return 1.0 if ratio > 0.999 else ratio  # its own figure: 1, but for rounding


def _draw_title(pic: RecurrentPicture, ax: Axes, own: bool) -> tuple[Text, Text]:
    """The title above the axes and, under it, what the picture shows."""
    s, small = pic.scale, _font(pic)
    if not own:  # a given Axes: its title, which the layout of its figure knows about
        top = ax.set_title(f"{pic.title}\n{pic.subtitle}", fontsize=small, loc="left")
        return top, top
    under = ax.annotate(pic.subtitle, (0, 1), xycoords="axes fraction", xytext=(0, 6 * s),
                        textcoords="offset points", ha="left", va="bottom", fontsize=small,
                        color="#444444", fontstyle="italic", linespacing=1.1)
    top = ax.annotate(pic.title, (0, 1), xycoords=under, xytext=(0, 2 * s),
                      textcoords="offset points", ha="left", va="bottom",
                      fontsize=_font(pic, "large"), linespacing=1.1)
    return top, under


def _widths(pic: RecurrentPicture, shrink: float) -> np.ndarray:
    """Line widths in points: wider the larger the edge's number among its matrix's; less
    wide with more hidden neurons, whose many recurrent edges would hide each other."""
    v = np.abs(pic.edge_values)
    kinds = np.array([_kind(p) for p in pic.edge_parameters])
    widths = np.full(len(v), 1.0)
    span = 2.6 * min(1.0, 2.5 / pic.recurrence.n_hidden)
    for kind in FAMILIES:
        on = kinds == kind
        if on.any():
            widths[on] = 0.6 + span * v[on] / (v[on].max() or 1.0)
    return widths * pic.scale * shrink


def _edge_colours(pic: RecurrentPicture) -> np.ndarray:
    colours = np.array([pic.colours[p] for p in pic.edge_parameters], dtype=float).reshape(-1, 4)
    if pic.chain is not None:
        colours[[e not in pic.chain["edges"] for e in pic.edges], 3] = FADED
    return colours


def _draw_edges(pic: RecurrentPicture, ax: Axes, shrink: float) -> LineCollection:
    lines = LineCollection(pic.paths, colors=_edge_colours(pic), linewidths=_widths(pic, shrink),
                           capstyle="round", zorder=1)
    ax.add_collection(lines)
    return lines


def _draw_highlight(pic: RecurrentPicture, ax: Axes, shrink: float) -> list[LineCollection]:
    """The highlighted edges again, wider, on a halo."""
    if pic.chain is None:
        return []
    on = [i for i, e in enumerate(pic.edges) if e in pic.chain["edges"]]
    if not on:
        return []
    widths, colours, s = _widths(pic, shrink), _edge_colours(pic), pic.scale * shrink
    halo = LineCollection([pic.paths[i] for i in on], colors=HALO, alpha=0.6,
                          linewidths=widths[on] + 6 * s, zorder=1.1)
    top = LineCollection([pic.paths[i] for i in on], colors=colours[on],
                         linewidths=widths[on] + 1.0 * s, zorder=1.2)
    ax.add_collection(halo)
    ax.add_collection(top)
    return [halo, top]


def _draw_nodes(pic: RecurrentPicture, ax: Axes, shrink: float) -> dict[str, Any]:
    drawn = {}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(pic.role)
    for role in SHAPES:
        members = [n for n in pic.role if pic.role[n] == role]
        if not members:
            continue
        kept = [pic.chain is None or n in pic.chain["nodes"] for n in members]
        dots = nx.draw_networkx_nodes(
            graph, pic.pos, nodelist=members, ax=ax, node_shape=SHAPES[role],
            node_size=(pic.diameters[role] * pic.scale * shrink) ** 2,
            node_color=[FACES[role] if k else "#f4f4f4" for k in kept],
            edgecolors=[RIM if k else "#c8c8c8" for k in kept],
            linewidths=1.0 * pic.scale * shrink)
        dots.set_zorder(2)
        drawn[role] = dots
    return drawn


def _draw_node_texts(pic: RecurrentPicture, ax: Axes, shrink: float) -> dict[str, Text]:
    """The texts in the neurons: as small as the neurons in an Axes that shrinks them, so
    that they stay inside."""
    return {n: ax.text(*pic.pos[n], "\n".join(pic.lines(n)), ha="center", va="center",
                       fontsize=_font(pic) * shrink, linespacing=1.05, zorder=3,
                       alpha=1.0 if pic.chain is None or n in pic.chain["nodes"] else 0.45)
            for n in pic.role}


def _draw_unrolled_texts(pic: RecurrentPicture, ax: Axes, shrink: float) -> dict[str, Any]:
    """The steps' labels under their columns, the rows' labels on the left, the gap's note
    and the recurrent edges running into it and out of it."""
    r, s = pic.recurrence, pic.scale
    small, medium, grey = _font(pic), _font(pic, "medium"), "#444444"
    d_in = pic.diameters.get("input", NODE_PT) * s * shrink
    step_labels = {t: ax.annotate(f"t = {t}", (pic.pos[r.hidden_at(t)[0]][0], 0.0),
                                  xytext=(0, -d_in / 2 - 5 * s), textcoords="offset points",
                                  ha="center", va="top", fontsize=medium)
                   for t in pic.steps}
    lines = np.concatenate(pic.paths) if pic.paths else np.zeros((0, 2))
    x_left = min([p[0] - pic.diameters[pic.role[n]] / 72 / 2 for n, p in pic.pos.items()
                  if n in pic.role] + list(lines[:, 0]))
    hidden_y = [pic.pos[n][1] for n in r.hidden_at(pic.steps[0])]
    output_y = [pic.pos[n][1] for n in pic.role if pic.role[n] == "output"]
    rows = {"input": (0.0, "inputs x_t"),
            "hidden": ((max(hidden_y) + min(hidden_y)) / 2, "hidden h_t\n(h_0 = 0)"),
            "output": (max(output_y), "outputs y_t")}
    row_labels = {role: ax.annotate(text, (x_left, y), xytext=(-8 * s, 0),
                                    textcoords="offset points", ha="right", va="center",
                                    fontsize=medium, color=grey)
                  for role, (y, text) in rows.items()}
    gap = None
    if pic.left_out:
        x, y = pic.pos[GAP]
        gap = ax.text(x, y, f"⋯\n{pic.left_out} step{'s' * (pic.left_out != 1)}\nnot drawn",
                      ha="center", va="center", fontsize=small, color=grey, zorder=3,
                      bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#bbbbbb"})
        before = max(t for t in pic.steps if pic.pos[r.hidden_at(t)[0]][0] < x)
        after = min(t for t in pic.steps if pic.pos[r.hidden_at(t)[0]][0] > x)
        reach = 0.3 * (pic.pos[r.hidden_at(after)[0]][0] - pic.pos[r.hidden_at(before)[0]][0])
        stubs = []
        for h_from, h_to in zip(r.hidden_at(before), r.hidden_at(after)):
            (xa, ya), (xb, yb) = pic.pos[h_from], pic.pos[h_to]
            stubs += [[(xa, ya), (xa + reach, ya)], [(xb - reach, yb), (xb, yb)]]
        ax.add_collection(LineCollection(stubs, colors=[colormaps["Blues"](0.7)],
                                         linewidths=1.2 * s * shrink, linestyles="--",
                                         zorder=1))
    return {"step_labels": step_labels, "row_labels": row_labels, "gap": gap}


# -- rolled up --------------------------------------------------------------------------------
ROLL_GAP = 1.5  # inches between the rows of the rolled cell (at scale 1)


def _rolled_picture(net: NetworkCore, fmt: str, scale: float) -> RecurrentPicture:
    """The cell: a row of inputs, of hidden neurons and of outputs, named by their index in
    the step (``x_t,1``), the edges between them with the weights they share."""
    r = _recurrence_of(net, "draw_rolled")
    xs = [f"x_t,{i}" for i in range(1, r.n_inputs + 1)]
    hs = [f"h_t,{j}" for j in range(1, r.n_hidden + 1)]
    ys = [f"y_t,{k}" for k in range(1, r.n_outputs + 1)]
    role = {**dict.fromkeys(xs, "input"), **dict.fromkeys(hs, "hidden"),
            **dict.fromkeys(ys, "output")}
    pic = RecurrentPicture(net=net, recurrence=r, steps=[], left_out=0, pos={}, role=role,
                           fmt=fmt, scale=check_scale(scale))
    pic.edges = [(x, h) for h in hs for x in xs] + [(h, y) for y in ys for h in hs]
    pic.edge_parameters = [*r.w_xh, *r.w_hy]  # row by row: (to, from), as the edges
    pic.colours = parameter_colours(r)
    pic.key_values = {p: net.parameter(p) for p in r.parameter_names}
    pic.edge_values = np.array([pic.key_values[p] for p in pic.edge_parameters], dtype=float)
    hidden, output = _symbol(net, r.hidden_at(1)[0]), _symbol(net, r.outputs_at(r.steps)[0])
    pic.texts = {**{n: [n] for n in xs}, **{n: [n, hidden] for n in hs},
                 **{n: [n, output] for n in ys}}
    pic.diameters = _diameters(pic)
    step = max(pic.diameters.values()) / 72 + 0.35
    for y, members in ((0.0, xs), (ROLL_GAP, hs), (2 * ROLL_GAP, ys)):
        for i, n in enumerate(members):
            pic.pos[n] = ((i - (len(members) - 1) / 2) * step, y)
    pic.paths = [np.array([pic.pos[u], pic.pos[v]], dtype=float) for u, v in pic.edges]
    return pic


def draw_rolled(net: NetworkCore, ax: Axes | None = None, *, fmt: str = ".2f",
                key: str = "right", scale: float = 1.0,
                figure: Figure | None = None) -> NetworkDisplay:
    """Draw a recurrent network rolled up: one step's cell, the recurrent weights a loop.

    The step's inputs x_t at the bottom, its hidden neurons h_t in the middle (in a box: the
    state carried to the next step) and its outputs y_t on top, their activations in them;
    the edges in the colours :func:`draw_unrolled` gives them (:func:`parameter_colours`),
    W_xh, W_hy and the biases named beside them; the recurrent weights W_hh one arrow from
    the hidden layer back into itself, "h_0 = 0" beside it. The title says over how many
    steps the network is unrolled, and the key beside the cell writes every parameter once,
    each matrix a row per neuron it feeds, as the unrolled picture's key does.

    Parameters
    ----------
    net : Network
        A network that is one recurrence (``Network.rnn``).
    ax : matplotlib Axes, optional
        By default a new figure sized to the picture (at least 1200 pixels wide).
    fmt : str, default ".2f"
        Format spec of the parameters in the key.
    key : {"right", "below"}, default "right"
        Where the key stands: its matrices one under the other on the right of the cell
        (a picture for a slide), or under the cell, as many side by side as its width
        holds (a narrow picture: for a phone, 360 pixels wide, its text about 10 pixels
        high with up to three hidden neurons).
    scale : float, default 1.0
        Multiplies every text, neuron, line and the figure.
    figure : Figure, optional
        An empty figure to size and draw into instead of a new pyplot figure.

    Returns
    -------
    NetworkDisplay
        ``picture`` is the :class:`RecurrentPicture` of the cell (its nodes named
        ``"x_t,1"``, ``"h_t,2"``, ``"y_t,1"``); ``artists`` holds ``"edges"``,
        ``"edge_list"``, ``"edge_parameters"``, ``"nodes"``, ``"positions"``,
        ``"node_labels"``, ``"box"`` (the FancyBboxPatch around the hidden layer),
        ``"loop"`` (the FancyArrowPatch of W_hh), ``"matrix_labels"`` (``"W_xh"``,
        ``"W_hh"``, ``"W_hy"``, ``"b_h"``, ``"b_y"`` -> Text), ``"title"``, ``"subtitle"``,
        ``"keys"`` and ``"key_texts"`` (as :func:`draw_unrolled`'s).

    Raises
    ------
    NetworkStructureError
        For a network that is not one recurrence.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> disp = draw_rolled(Network.rnn(1, 3, 1, steps=6, seed=0))
    >>> disp.artists["matrix_labels"]["W_hh"].get_text()
    'W_hh'
    >>> "unrolled over 6 steps" in disp.artists["title"].get_text()
    True
    >>> plt.close(disp.figure)
    """
    pic = _rolled_picture(net, fmt, scale)
    r, s = pic.recurrence, pic.scale
    pic.key_side = check_choice(key, "key", ("right", "below"))
    own = ax is None
    pic.title = f"One step of the network, rolled up\n(unrolled over {r.steps} steps)"
    pic.subtitle = _equation(r, net, sep="\n")
    groups = _key_groups(pic)
    small, medium, large, grey = _font(pic), _font(pic, "medium"), _font(pic, "large"), "#444444"
    xy = np.array(list(pic.pos.values()))
    d = max(pic.diameters.values()) / 72
    hx = [pic.pos[n][0] for n in pic.role if pic.role[n] == "hidden"]
    dh = pic.diameters["hidden"] / 72
    # The box around the hidden layer, the loop on its right (an arc3 arc bows out half its
    # rad times the distance between its ends), the labels beside them; in inches at scale 1.
    x0, x1 = min(hx) - dh / 2 - 0.2, max(hx) + dh / 2 + 0.2
    y0, y1 = ROLL_GAP - dh / 2 - 0.15, ROLL_GAP + dh / 2 + 0.15
    ends, rad = 0.44, 2.2
    loop_x = x1 + 0.05 + rad * ends / 2 + 0.1
    left = min(xy[:, 0]) - d / 2
    inch = 1 / 72 / s  # inches at scale 1 per point of these texts
    extent = (min(left - 6 * s * inch - _text_width("W_hy", large) * inch,
                  x0 - 8 * s * inch - _text_width("+ b_h", medium) * inch) - 0.1,
              max(loop_x + 4 * s * inch + _text_width("h_(t−1) → h_t", small) * inch,
                  max(xy[:, 0]) + d / 2 + 8 * s * inch + _text_width("y_t", medium) * inch) + 0.1,
              -d / 2 - 0.15, 2 * ROLL_GAP + d / 2 + 0.15)
    ax = _make_axes(pic, ax, extent, groups, figure)
    shrink = _shrink(pic, ax)
    art: dict[str, Any] = {"edge_list": pic.edges, "edge_parameters": pic.edge_parameters,
                           "edge_values": pic.edge_values, "positions": pic.pos}
    art["edges"] = _draw_edges(pic, ax, shrink)
    art["nodes"] = _draw_nodes(pic, ax, shrink)
    art["node_labels"] = _draw_node_texts(pic, ax, shrink)
    blue = colormaps["Blues"](0.8)
    box = FancyBboxPatch((x0, y0), x1 - x0, y1 - y0, boxstyle="round,pad=0.05",
                         fc=(0.93, 0.96, 1.0, 1.0), ec=blue, lw=1.5 * s * shrink, zorder=0.5)
    ax.add_patch(box)
    loop = FancyArrowPatch((x1 + 0.05, ROLL_GAP + ends / 2), (x1 + 0.05, ROLL_GAP - ends / 2),
                           connectionstyle=f"arc3,rad=-{rad}", arrowstyle="-|>",
                           mutation_scale=18 * s * shrink, lw=2.5 * s * shrink, color=blue,
                           zorder=1.5)
    ax.add_patch(loop)
    labels = {"W_hh": ax.annotate("W_hh", (loop_x, ROLL_GAP), xytext=(4 * s, 4 * s),
                                  textcoords="offset points", ha="left", va="bottom",
                                  fontsize=large, color=blue, fontweight="bold")}
    art["loop_note"] = ax.annotate("h_(t−1) → h_t\nh_0 = 0", (loop_x, ROLL_GAP),
                                   xytext=(4 * s, -2 * s), textcoords="offset points",
                                   ha="left", va="top", fontsize=small, color=grey)
    for name, y, colour in (("W_xh", ROLL_GAP / 2, colormaps["Oranges"](0.8)),
                            ("W_hy", 1.5 * ROLL_GAP, colormaps["Purples"](0.8))):
        labels[name] = ax.annotate(name, (left, y), xytext=(-6 * s, 0),
                                   textcoords="offset points", ha="right", va="center",
                                   fontsize=large, color=colour, fontweight="bold")
    for name, y, x in (("b_h", ROLL_GAP, x0), ("b_y", 2 * ROLL_GAP, left)):
        labels[name] = ax.annotate(f"+ {name}", (x, y), xytext=(-8 * s, 0),
                                   textcoords="offset points", ha="right", va="center",
                                   fontsize=medium, color=grey)
    for name, y in (("x_t", 0.0), ("y_t", 2 * ROLL_GAP)):
        ax.annotate(name, (max(xy[:, 0]) + d / 2, y), xytext=(8 * s, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=medium,
                    color=grey)
    art["box"], art["loop"], art["matrix_labels"] = box, loop, labels
    art["title"], art["subtitle"] = _draw_title(pic, ax, own)
    art["keys"], art["key_texts"] = _draw_key(pic, ax, groups)
    return NetworkDisplay(ax, pic, art, own)  # type: ignore[arg-type]


# -- the gradient through time ----------------------------------------------------------------
_STYLES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D")


def _rho_colours(rhos: Sequence[float]) -> list[tuple[float, float, float, float]]:
    """A colour for each spectral radius: blues below 1 (the gradient vanishes), reds above
    (it may explode), deeper the farther from 1; ``coolwarm`` without its pale middle."""
    base = colormaps["coolwarm"]
    cmap = ListedColormap(np.vstack([base(np.linspace(0.0, 0.35, 128)),
                                     base(np.linspace(0.65, 1.0, 128))]))
    norm = TwoSlopeNorm(vcenter=1.0, vmin=min(*rhos, 0.5), vmax=max(*rhos, 1.5))
    return [as_rgba(float(c) for c in cmap(float(norm(rho)))) for rho in rhos]


def plot_gradient_through_time(nets: NetworkCore | Sequence[NetworkCore], x: Any, y: Any,
                               ax: Axes | None = None, *, loss: str | Loss = "mse",
                               labels: Sequence[str] | None = None,
                               from_step: int | None = None, scale: float = 1.0) -> Axes:
    """Plot how far back the gradient reaches: ||dL/dh_t|| against the distance in time
    from the loss, on a log scale, one line per network.

    The loss is kept at one step tau (``from_step``, by default the last): dL/dh_t is what
    backpropagation carries from it to step t (:func:`neurons.through_time.hidden_gradients`),
    through tau - t recurrent factors W_hh^T diag(f'(z)). Its size falls geometrically with
    the distance when the spectral radius rho of W_hh is below 1 (the gradient vanishes) and
    may grow when it is above (it explodes; tanh's slopes, at most 1, hold it back). Each
    line is labelled with its network's activation and rho, coloured by rho (blues below 1,
    reds above) and styled by activation (a line style and marker each).
    :func:`neurons.spectral.with_spectral_radius` makes networks that differ in rho only.

    Parameters
    ----------
    nets : Network or sequence of Network
        Recurrent networks (``Network.rnn``) that all take ``x`` and ``y``.
    x, y
        One sequence (``steps * inputs`` values, or steps x inputs) and its targets.
    ax : Axes, optional
        By default a new figure sized for a slide.
    loss : str or Loss, default "mse"
    labels : sequence of str, optional
        One per network, instead of "tanh, ρ(W_hh) = 0.90".
    from_step : int, optional
        The step whose loss is carried back (a step with outputs); default the last.
    scale : float, default 1.0
        Multiplies every text and the figure.

    Returns
    -------
    Axes
        Its lines, one per network in order: x the distances 0, 1, ..., tau - 1, y the
        norms ||dL/dh_(tau - d)||. A norm of exactly 0 (dead ReLUs) is left out by the log
        scale: the line stops there.

    Raises
    ------
    NetworkStructureError
        For a network that is not one recurrence.
    ArgumentTypeError
        For ``labels`` that are not one string per network.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> from neurons.spectral import with_spectral_radius
    >>> net = Network.rnn(1, 3, 1, steps=12, outputs="last", seed=0)
    >>> nets = [with_spectral_radius(net, rho) for rho in (0.5, 1.5)]
    >>> ax = plot_gradient_through_time(nets, [1.0] + [0.0] * 11, [1.0])
    >>> ax.get_yscale(), [line.get_label() for line in ax.get_lines()]
    ('log', ['tanh, ρ(W_hh) = 0.50', 'tanh, ρ(W_hh) = 1.50'])
    >>> plt.close(ax.figure)
    """
    nets = [nets] if not isinstance(nets, Sequence) else list(nets)
    if not nets:
        raise ArgumentTypeError("plot_gradient_through_time needs at least one network")
    if labels is not None and (isinstance(labels, str) or len(labels) != len(nets)):
        raise ArgumentTypeError(f"labels must be one string per network ({len(nets)}), not "
                                f"{labels!r}")
    scale = check_scale(scale)
    size = sizes(scale)
    recurrences = [_recurrence_of(net, "plot_gradient_through_time") for net in nets]
    if ax is None:
        fig = new_figure(10.0 * scale, 5.6 * scale, scale, layout="constrained")
        ax = fig.add_subplot()
    rhos = [spectral_radius(net) for net in nets]
    activations = [_symbol(net, r.hidden_at(1)[0]) for net, r in zip(nets, recurrences)]
    kinds = list(dict.fromkeys(activations))
    taus = []
    for i, (net, r) in enumerate(zip(nets, recurrences)):
        tau = r.steps if from_step is None else check_count(from_step, "from_step")
        taus.append(tau)
        norms = np.linalg.norm(hidden_gradients(net, x, y, loss, from_step=tau)[:tau], axis=1)
        label = labels[i] if labels is not None else f"{activations[i]}, ρ(W_hh) = {rhos[i]:.2f}"
        k = kinds.index(activations[i])
        ax.plot(np.arange(tau), norms[::-1], color=_rho_colours(rhos)[i],
                linestyle=_STYLES[k % len(_STYLES)], marker=_MARKERS[k % len(_MARKERS)],
                markersize=5 * scale, lw=2 * scale, label=label)
    ax.set_yscale("log")
    # The stubs leave out Locator.set_params's **kwargs (so that each subclass may name its
    # own); the x axis's AutoLocator, a MaxNLocator, takes integer.
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    tau = str(taus[0]) if len(set(taus)) == 1 else "τ"
    ax.set_xlabel(f"steps back from the loss at step {tau}  ({tau} − t)",
                  fontsize=size["medium"])
    ax.set_ylabel("‖dL/dh_t‖  (log scale)", fontsize=size["medium"])
    ax.set_title("How far back the gradient reaches", fontsize=size["large"])
    ax.tick_params(labelsize=size["small"])
    ax.grid(alpha=0.3, which="both")
    # Many lines: the legend beside the axes, where it hides none of them.
    place = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0)} if len(nets) > 4 else \
        {"loc": "best"}
    ax.legend(fontsize=size["small"], frameon=False, title_fontsize=size["small"],
              title=None if labels is not None else "activation, ρ = spectral\nradius of W_hh",
              **place)
    return ax
