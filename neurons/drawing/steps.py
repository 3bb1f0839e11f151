"""One step of backpropagation on the diagram: what it shows, its halo and caption, the frames.

``draw(net, step=s)``, with ``s`` from ``net.steps(x, y)``, shows the network as it is once
step ``s`` is done, the way a hand derivation fills in the page: an input's value from the
start, a neuron's a after its forward step, dL/da at an output after the loss step, delta
after the neuron's backward step, dL/dw on its edge (dL/db above its neuron) after its
gradient step and the new value after its update step. Nothing of the steps still to come
is written. The nodes and edges the step touches stand on a halo, and its equation is the
caption under the diagram.

=============================  ===============================================================
:func:`step_view`              what a step (or a run of steps) shows: a :class:`StepView`
:func:`frames`                 the steps grouped into the frames of an animation
:func:`caption_lines`          the equation lines of a frame
:func:`shorten`                a long equation line cut to a width, the result kept
:func:`labels`                 the texts known at a step, for the picture
:func:`draw_step_nodes`        the halo under the neurons a step touches
:func:`draw_caption`           the step's heading and equations under the diagram
:func:`caption_inches`         the room the caption takes under the diagram
=============================  ===============================================================

The first functions decide what a step shows (:func:`~neurons.drawing.picture.network_picture`
keeps it in its :class:`~neurons.drawing.picture.Picture`); the last ones draw what a step adds
to the diagram, as the other parts of :func:`~neurons.drawing.network.draw` do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..errors import ArgumentTypeError, ParameterError
from ..steps import Known, Step, Steps
from .edges import HALO
from .nodes import NODE_PT, SHAPES, SIZES
from .style import sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.text import Text

    from ..core import NetworkCore
    from .picture import Picture

__all__ = ["MAX_LINES", "StepView", "caption_inches", "caption_lines", "draw_caption",
           "draw_step_nodes", "frames", "labels", "shorten", "step_view"]

MAX_LINES = 4  # the most equation lines a caption shows; the rest are counted
_PHASE = {"forward": "forward", "loss": "loss", "backward": "backward",
          "gradient": "backward", "update": "update"}  # what a layer's frame groups
_GAP = 8.0  # points between the axes and the heading


@dataclass(frozen=True)
class StepView:
    """What :func:`step_view` found one step (or a run of steps) shows.

    Attributes
    ----------
    steps : tuple of Step
        The steps shown; the diagram is the state after the last.
    known : Known
        The values known after the last step.
    nodes, edges : tuple
        The nodes and edges the steps touch, in the order the steps name them.
    heading : str
        "Step 5 of 16: backward pass, delta of o1", the target and, once known, the loss.
    caption : tuple of str
        The equations, one line each (:func:`caption_lines`).
    room : int
        The caption lines to keep room for: the most of any frame of the same kind, so
        every step of one sample draws on a figure of one size.
    """

    steps: tuple[Step, ...]
    known: Known
    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]
    heading: str
    caption: tuple[str, ...]
    room: int


def step_view(net: NetworkCore, step: Step | Sequence[Step]) -> StepView:
    """Return what the diagram of ``net`` shows at ``step``.

    Parameters
    ----------
    net : Network
        The network ``step`` came from (``net.steps(x, y)``).
    step : Step, or a sequence of consecutive Steps
        A sequence (such as one of :func:`frames`) shows the state after its last step,
        with everything its steps touch highlighted.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> view = step_view(net, net.steps([1.0, 2.0], 1.0)[4])
    >>> view.heading
    'Step 5 of 16: backward pass, delta of o1   ·   target y = 1   ·   L = 0.179'
    >>> view.nodes, view.edges, sorted(view.known.delta)
    (('o1',), (), ['o1'])
    """
    if isinstance(step, Step):
        group: tuple[Any, ...] = (step,)
    elif isinstance(step, Sequence) and not isinstance(step, str):
        group = tuple(step)
    else:
        group = ()
    if not group or not all(isinstance(s, Step) for s in group):
        raise ArgumentTypeError(
            f"step must be a Step of net.steps(x, y) or a sequence of them, not {step!r}")
    record = group[0].steps
    if any(s.steps is not record for s in group) or [s.index for s in group] != list(
            range(group[0].index, group[0].index + len(group))):
        raise ParameterError("step: a sequence of steps must be consecutive steps of one "
                             "net.steps(...) call")
    if record.net is not net:
        raise ParameterError("step belongs to another network: draw(step.steps.net, step=step)")
    per = "step" if len(group) == 1 else "layer"
    known = group[-1].known
    return StepView(group, known, tuple(dict.fromkeys(n for s in group for n in s.nodes)),
                    tuple(dict.fromkeys(e for s in group for e in s.edges)),
                    _heading(group, known), tuple(caption_lines(group)),
                    max(len(caption_lines(g)) for g in [group, *frames(record, per)]))


def frames(record: Steps, per: str = "step") -> list[tuple[Step, ...]]:
    """Group the steps of ``record`` into the frames of an animation.

    ``per="step"``: one frame per step. ``per="layer"``: one frame per run of steps of one
    phase (forward, loss, backward with its gradients, update) in one layer.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> record = net.steps([1.0, 2.0], 1.0)
    >>> len(frames(record)), [len(f) for f in frames(record, "layer")]
    (16, [2, 1, 1, 4, 8])
    """
    if per == "step":
        return [(s,) for s in record]
    layer = {n: i for i, names in enumerate(record.net.layers) for n in names}
    return [tuple(run) for _, run in groupby(
        record, key=lambda s: (_PHASE[s.kind], layer.get(s.node)))]


def caption_lines(group: Sequence[Step]) -> list[str]:
    """The equations of a frame, one line each: a step's parts (``"z = ..;  a = .."``) on
    lines of their own, at most :data:`MAX_LINES` lines, then how many steps are left out.

    Examples
    --------
    >>> from neurons import Network
    >>> record = Network.dense([2, 2, 1], seed=0).steps([1.0, 2.0], 1.0)
    >>> caption_lines([record[0]])[1]
    'a_h1 = sigmoid(z_h1) = 0.312'
    >>> len(caption_lines(record[4:8])), caption_lines(record[8:16])[-1]  # 4 steps; 8
    (4, '... and 5 more steps')
    """
    lines: list[str] = []
    for k, s in enumerate(group):
        parts = s.text.split(";  ")
        if len(parts) > MAX_LINES:  # the loss of many outputs
            parts = [*parts[:MAX_LINES - 1], f"... and {len(parts) - MAX_LINES + 1} more"]
        if k and len(lines) + len(parts) > MAX_LINES - (k < len(group) - 1):
            more = len(group) - k
            return [*lines, f"... and {more} more step{'s' if more > 1 else ''}"]
        lines += parts
    return lines


def shorten(line: str, width: int) -> str:
    """Cut an equation line to ``width`` characters: leave out middle members (the numbers
    put in first), keep the first and the result, and cut the rest with "…".

    Examples
    --------
    >>> shorten("z = w1 a1 + w2 a2 = 1 * 2 + 3 * 4 = 14", 26)
    'z = w1 a1 + w2 a2 = 14'
    >>> shorten("z = 14", 26)
    'z = 14'
    """
    if len(line) <= width:
        return line
    parts = line.split(" = ")
    kept = [0, len(parts) - 1] if len(parts) > 1 else [0]
    for i in range(1, len(parts) - 1):
        trial = sorted([*kept, i])
        if len(" = ".join(parts[j] for j in trial)) <= width:
            kept = trial
    out = " = ".join(parts[j] for j in kept)
    return out if len(out) <= width else out[:max(width - 1, 1)] + "…"


def labels(pic: Picture, view: StepView, fmt: str) -> None:
    """Write the texts known at ``view`` into the picture: below each neuron its values,
    on each edge its weight, dL/dw and new value, above each neuron the same for its bias."""
    known, net = view.known, pic.net
    value_text = {}
    for n in pic.kept:
        lines = [f"{label}={values[n]:{fmt}}" for label, values in
                 (("a", known.a), ("dL/da", known.dL_da), ("δ", known.delta)) if n in values]
        if lines:
            value_text[n] = "\n".join(lines)
    pic.value_text = value_text
    pic.edge_text = {(u, v): _parameter(net.weight_name(u, v), w, known, fmt)
                     for (u, v), w in zip(pic.edges, pic.edge_values)}
    pic.bias_text = {n: _parameter(pic.bias_name[n], b, known, fmt)
                     for n, b in pic.bias_values.items()}


def _parameter(name: str, value: float, known: Known, fmt: str) -> str:
    """``w5=1``, then ``→ 1.01`` once updated, and ``dL/dw5=..`` below once computed."""
    text = f"{name}={value:{fmt}}"
    if name in known.updated:
        text += f" → {known.updated[name]:{fmt}}"
    if name in known.gradients:
        text += f"\ndL/d{name}={known.gradients[name]:{fmt}}"
    return text


def _heading(group: tuple[Step, ...], known: Known) -> str:
    record, first, last = group[0].steps, group[0], group[-1]
    if len(group) == 1:
        where = f"Step {first.index + 1} of {len(record)}"
        what = {"forward": f"forward pass, neuron {first.node}", "loss": "the loss",
                "backward": f"backward pass, delta of {first.node}",
                "gradient": f"gradient of {first.parameter}",
                "update": f"update of {first.parameter}"}[first.kind]
    else:
        where = f"Steps {first.index + 1}-{last.index + 1} of {len(record)}"
        layer = next((i for i, names in enumerate(record.net.layers) if first.node in names), 0)
        what = {"forward": f"forward pass through layer {layer}", "loss": "the loss",
                "backward": f"backward pass through layer {layer}",
                "update": f"updates in layer {layer}"}[_PHASE[first.kind]]
    parts = [f"{where}: {what}"]
    t = [f"{v:.{record.digits}g}" for v in record.t.tolist()]
    if len(t) <= 4:
        parts.append(f"target y = {t[0]}" if len(t) == 1 else f"target y = ({', '.join(t)})")
    if known.loss is not None:
        parts.append(f"L = {known.loss:.{record.digits}g}")
    return "   ·   ".join(parts)


# -- what a step adds to the diagram -----------------------------------------------------------
def caption_inches(view: StepView, scale: float) -> float:
    """The height under the diagram that the heading and ``view.room`` lines take."""
    size = sizes(scale)
    return (_GAP * scale + 1.35 * size["medium"] + 1.25 * size["large"] * view.room) / 72


def draw_step_nodes(pic: Picture, ax: Axes) -> dict[str, PathCollection]:
    """Draw a halo under each drawn neuron the step touches, in its own shape.

    Parameters
    ----------
    pic : Picture
        Made with ``step``; without one nothing is drawn.
    ax : Axes
        The halos go above the edges and below the neurons (zorder 1.5).

    Returns
    -------
    dict
        Role -> PathCollection of the halos of the step's nodes of that role.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> pic = network_picture(net, step=net.steps([1.0, 2.0], 1.0)[0])  # a_h1 from x1, x2
    >>> fig, ax = plt.subplots()
    >>> {role: len(halo.get_offsets()) for role, halo in draw_step_nodes(pic, ax).items()}
    {'input': 2, 'hidden': 1}
    >>> plt.close(fig)
    """
    if pic.step is None:
        return {}
    s, drawn = pic.scale, {}
    for r in SHAPES:
        members = [n for n in pic.step.nodes if pic.role.get(n) == r]
        if members:
            drawn[r] = nx.draw_networkx_nodes(
                pic.net.graph, pic.pos, nodelist=members, ax=ax, node_shape=SHAPES[r],
                node_size=(SIZES[r] * NODE_PT * s + 11 * s) ** 2, node_color=HALO,
                alpha=0.75, linewidths=0)
            drawn[r].set_zorder(1.5)
    return drawn


def draw_caption(pic: Picture, ax: Axes) -> tuple[Text, Text] | tuple[None, None]:
    """Write the step's heading and its equations under the diagram, from its left edge.

    Lines longer than the figure is wide are :func:`shorten`-ed.

    Parameters
    ----------
    pic : Picture
        Made with ``step``; without one nothing is written.
    ax : Axes
        The texts hang below it, in points, so they keep their place at any size.

    Returns
    -------
    (Text, Text)
        The heading and the equations (one Text, a line each); (None, None) without a step.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from neurons import Network, drawing
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> record = net.steps([1.0, 2.0], 1.0)
    >>> heading, caption = draw_caption(drawing.network_picture(net, step=record[7]),
    ...                                 Figure().add_subplot())
    >>> heading.get_text()[:29], caption.get_text()
    ('Step 8 of 16: gradient of b3 ', 'dL/db3 = delta_o1 = -0.206')
    """
    if pic.step is None:
        return None, None
    size = sizes(pic.scale)
    gap = -_GAP * pic.scale
    heading = ax.annotate(pic.step.heading, (0, 0), xycoords="axes fraction", xytext=(0, gap),
                          textcoords="offset points", ha="left", va="top",
                          fontsize=size["medium"], fontweight="bold", color="#222222")
    caption = ax.annotate("", (0, 0), xycoords="axes fraction",
                          xytext=(0, gap - 1.35 * size["medium"]), textcoords="offset points",
                          ha="left", va="top", fontsize=size["large"], linespacing=1.25,
                          color="#111111")
    caption.set_text("\n".join(_fit(caption, line, ax) for line in pic.step.caption))
    return heading, caption


def _fit(text: Text, line: str, ax: Axes) -> str:
    """``line``, shortened until it fits between the axes' left edge and the figure's right
    one (measured with the renderer; without one, at 0.55 em a character)."""
    fig = ax.figure
    room = (1 - ax.get_position().x0 - 0.01) * fig.get_figwidth() * fig.dpi
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:
        em = text.get_fontsize() * fig.dpi / 72
        return shorten(line, int(room / (0.55 * em)))
    renderer, out = get_renderer(), line
    while True:
        text.set_text(out)
        wide = text.get_window_extent(renderer).width
        if wide <= room or len(out) <= 10:
            return out
        out = shorten(line, min(len(out) - 1, int(len(out) * room / wide)))
