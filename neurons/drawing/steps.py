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
:func:`caption_lines`          the equation lines of a frame, every one of them
:func:`shorten`                a long equation line cut to a width, the result kept
:func:`labels`                 the texts known at a step, for the picture
:func:`draw_step_nodes`        the halo under the neurons a step touches
:func:`draw_caption`           the step's heading and equations under the diagram
:func:`write_caption`          the heading and equations of another step, in the same texts
:func:`add_caption_columns`    more column texts for a caption (an animation's widest frame)
:func:`caption_room`           the width a caption line has
:func:`line_width`             the width of a line of text, in pixels
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
from .style import figure_of, sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.text import Annotation, Text

    from ..core import NetworkCore
    from .picture import Picture

__all__ = ["ROWS", "StepView", "add_caption_columns", "caption_columns", "caption_inches",
           "caption_lines", "caption_room", "draw_caption", "draw_step_nodes", "frames", "labels",
           "line_width", "shorten", "step_view", "write_caption"]

ROWS = 4  # the most equation lines in one column of a caption; more go into more columns
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
        The caption rows to keep room for: the most lines of any frame of the same kind,
        at most :data:`ROWS` (more lines go into columns), so every step of one sample
        draws on a figure of one size.
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
                    min(ROWS, max(len(caption_lines(g)) for g in [group, *frames(record, per)])))


def frames(record: Steps, per: str = "step",
           max_lines: int | None = None) -> list[tuple[Step, ...]]:
    """Group the steps of ``record`` into the frames of an animation.

    ``per="step"``: one frame per step. ``per="layer"``: one frame per run of steps of one
    phase (forward, loss, backward with its gradients, update) in one layer, cut into
    consecutive parts of at most ``max_lines`` equation lines when that is given (a step
    longer than that keeps a frame of its own).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> record = net.steps([1.0, 2.0], 1.0)
    >>> len(frames(record)), [len(f) for f in frames(record, "layer")]
    (16, [2, 1, 1, 4, 8])
    >>> [len(f) for f in frames(record, "layer", max_lines=4)]
    [2, 1, 1, 4, 4, 4]
    """
    if per == "step":
        return [(s,) for s in record]
    layer: dict[str | None, int] = {n: i for i, names in enumerate(record.net.layers)
                                    for n in names}
    runs = [tuple(run) for _, run in groupby(
        record, key=lambda s: (_PHASE[s.kind], layer.get(s.node)))]
    if max_lines is None:
        return runs
    cut: list[tuple[Step, ...]] = []
    for run in runs:
        part: list[Step] = []
        lines = 0  # of part's caption
        for s in run:
            more = len(caption_lines([s]))
            if part and lines + more > max_lines:
                cut.append(tuple(part))
                part, lines = [], 0
            part.append(s)
            lines += more
        cut.append(tuple(part))
    return cut


def caption_lines(group: Sequence[Step]) -> list[str]:
    """The equations of a frame, one line each: every part of every step
    (``"z = ..;  a = .."`` on two lines), none left out.

    Examples
    --------
    >>> from neurons import Network
    >>> record = Network.dense([2, 2, 1], seed=0).steps([1.0, 2.0], 1.0)
    >>> caption_lines([record[0]])[1]
    'a_h1 = sigmoid(z_h1) = 0.312'
    >>> len(caption_lines(record[4:8])), len(caption_lines(record[8:16]))  # 4 steps; 8
    (4, 8)
    """
    return [part for s in group for part in s.text.split(";  ")]


def caption_columns(lines: Sequence[str]) -> list[list[str]]:
    """The lines of a caption in columns of at most :data:`ROWS`, filled top to bottom.

    Examples
    --------
    >>> [len(c) for c in caption_columns([f"line {i}" for i in range(9)])]
    [3, 3, 3]
    >>> caption_columns(["a", "b"])
    [['a', 'b']]
    """
    n = max(1, -(-len(lines) // ROWS))  # columns
    rows = -(-len(lines) // n) if lines else 0  # as even as they go
    return [list(lines[k * rows:(k + 1) * rows]) for k in range(n)]


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
    kinds = pic.edge_kinds or ["weight"] * len(pic.edges)
    pic.edge_text = {(u, v): _parameter(net.weight_name(u, v), w, known, fmt)
                     if kind in ("weight", "shared") else f"{w:{fmt}}"  # a constant: no name
                     for (u, v), w, kind in zip(pic.edges, pic.edge_values, kinds)}
    pic.bias_text = {n: _parameter(pic.bias_name.get(n, "b"), b, known, fmt)  # "b": a constant
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


def draw_caption(pic: Picture, ax: Axes, columns: int = 1
                 ) -> tuple[Annotation, list[Annotation]] | tuple[None, None]:
    """Write the step's heading and its equations under the diagram, from its left edge.

    The equations stand a line each, in columns of at most :data:`ROWS` lines side by side
    when there are more (:func:`caption_columns`); none is left out. Lines wider than
    their column are :func:`shorten`-ed: they keep their first member and their result.

    Parameters
    ----------
    pic : Picture
        Made with ``step``; without one nothing is written.
    ax : Axes
        The texts hang below it, in points, so they keep their place at any size.
    columns : int, default 1
        Make at least this many column texts (an animation makes as many as its widest
        frame needs, and :func:`write_caption` fills them frame by frame).

    Returns
    -------
    (Text, list of Text)
        The heading and the caption's columns (one Text each, a line per equation, the
        unused ones empty); (None, None) without a step.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from neurons import Network, drawing
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> record = net.steps([1.0, 2.0], 1.0)
    >>> heading, caption = draw_caption(drawing.network_picture(net, step=record[7]),
    ...                                 Figure().add_subplot())
    >>> heading.get_text()[:29], [column.get_text() for column in caption]
    ('Step 8 of 16: gradient of b3 ', ['dL/db3 = delta_o1 = -0.206'])
    """
    if pic.step is None:
        return None, None
    size = sizes(pic.scale)
    gap = -_GAP * pic.scale
    heading = ax.annotate("", (0, 0), xycoords="axes fraction", xytext=(0, gap),
                          textcoords="offset points", ha="left", va="top",
                          fontsize=size["medium"], fontweight="bold", color="#222222")
    texts = add_caption_columns(pic, ax, max(columns, len(caption_columns(pic.step.caption))))
    write_caption(pic, heading, texts, ax)
    return heading, texts


def add_caption_columns(pic: Picture, ax: Axes, n: int) -> list[Annotation]:
    """Make ``n`` empty column texts under the heading of a caption, for
    :func:`write_caption` to fill (an animation whose widest frame needs more columns
    than its first adds them).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from neurons import Network, drawing
    >>> net = Network.dense([2, 1], seed=0)
    >>> pic = drawing.network_picture(net, step=net.steps([1.0, 2.0], 1.0)[0])
    >>> [t.get_text() for t in add_caption_columns(pic, Figure().add_subplot(), 2)]
    ['', '']
    """
    size = sizes(pic.scale)
    return [ax.annotate("", (0, 0), xycoords="axes fraction",
                        xytext=(0, -_GAP * pic.scale - 1.35 * size["medium"]),
                        textcoords="offset points", ha="left", va="top",
                        fontsize=size["large"], linespacing=1.25, color="#111111")
            for _ in range(n)]


def caption_room(ax: Axes) -> float:
    """The pixels a caption line has: from the axes' left edge to the figure's right one.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> caption_room(Figure(figsize=(4, 3), dpi=100).add_axes((0.25, 0.1, 0.5, 0.8)))
    296.0
    """
    fig = figure_of(ax)
    return float((1 - ax.get_position().x0 - 0.01) * fig.get_figwidth() * fig.dpi)


def line_width(text: Text, line: str) -> float:
    """The width in pixels of ``line`` written in ``text``'s font (measured with the
    figure's renderer; without one, at 0.55 em a character). ``text`` is left as it was.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> text = Figure(dpi=100).add_subplot().text(0, 0, "kept", fontsize=10)
    >>> line_width(text, "ab") < line_width(text, "abcd"), text.get_text()
    (True, 'kept')
    """
    fig = text.figure
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:
        return 0.55 * float(text.get_fontsize()) * fig.dpi / 72 * len(line)
    shown = text.get_text()
    text.set_text(line)
    wide = text.get_window_extent(get_renderer()).width
    text.set_text(shown)
    return wide


def write_caption(pic: Picture, heading: Text, texts: Sequence[Annotation], ax: Axes) -> None:
    """Write the heading and equations of ``pic``'s step into texts :func:`draw_caption`
    made (for another step of the same sample): an animation's next frame.

    Parameters
    ----------
    pic : Picture
        Made with ``step``.
    heading : Text
    texts : sequence of Text
        The caption's columns: at least as many as the step's equations need.
    ax : Axes
        The diagram's axes, whose width the columns share.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from neurons import Network, drawing
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> record = net.steps([1.0, 2.0], 1.0)
    >>> ax = Figure().add_subplot()
    >>> heading, caption = draw_caption(drawing.network_picture(net, step=record[7]), ax,
    ...                                 columns=2)
    >>> write_caption(drawing.network_picture(net, step=record[8:16]), heading, caption, ax)
    >>> [len(column.get_text().split("\\n")) for column in caption]
    [4, 4]
    """
    assert pic.step is not None
    columns = caption_columns(pic.step.caption)
    if len(columns) > len(texts):
        raise ParameterError(f"the caption needs {len(columns)} columns; "
                             f"{len(texts)} texts were given")
    heading.set_text(pic.step.heading)
    fig = ax.figure
    wide = caption_room(ax) / len(columns)
    for k, text in enumerate(texts):
        lines = columns[k] if k < len(columns) else []
        # Columns a column's width apart, in points from the axes' left edge.
        text.xyann = (k * wide * 72 / fig.dpi, text.xyann[1])
        gap = float(text.get_fontsize()) * fig.dpi / 72 if k < len(columns) - 1 else 0.0
        text.set_text("\n".join(_fit(text, line, wide - gap) for line in lines))


def _fit(text: Text, line: str, room: float) -> str:
    """``line``, shortened until it is at most ``room`` pixels wide (:func:`line_width`)."""
    out = line
    while True:
        wide = line_width(text, out)
        if wide <= room or len(out) <= 10:
            return out
        out = shorten(line, min(len(out) - 1, int(len(out) * room / wide)))
