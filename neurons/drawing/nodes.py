"""The neurons of :func:`neurons.drawing.network.draw` and the texts beside them.

Each function draws one kind of artist from a :class:`~neurons.drawing.picture.Picture`
into an Axes and returns what it made, as networkx's ``draw_networkx_nodes`` and
``draw_networkx_labels`` do. Sizes are in points times ``Picture.scale``, so the texts
keep their place beside the neurons whatever the zoom.

=============================  ===============================================================
:func:`draw_nodes`             the neurons: shape by role, face by activation, rim by bias
:func:`draw_rim_outlines`      a thin dark ring around each bias rim
:func:`draw_node_labels`       names, activations, biases and a sample's z and a
:func:`draw_elided`            the "⋮ 776 more" of the layers drawn in part
:func:`face_colours`           the faces of one role's neurons (an animation updates them)
:func:`bias_text`              the text above a neuron
:func:`value_text`             the text below a node
=============================  ===============================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import numpy as np
from matplotlib.colors import to_rgba

from ..checks import check_choice
from .style import as_rgba, sizes
from .ties import pooling_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.text import Text

    from .picture import Picture

__all__ = ["FACES", "FADED", "NODE_LABELS", "NODE_PT", "RIM", "SHAPES", "SIZES", "bias_text",
           "draw_elided", "draw_node_labels", "draw_nodes", "draw_rim_outlines", "face_colours",
           "value_text"]

NODE_PT = 46.0  # node diameter in points at scale 1; text offsets are in points too
SHAPES = {"input": "s", "hidden": "o", "output": "h"}
SIZES = {"input": 0.8, "hidden": 1.0, "output": 1.05}  # squares look bigger than circles
FACES = {"input": "#e6e6e6", "hidden": "#ffffff", "output": "#fff0c2"}
RIM = "#555555"  # the outline of a neuron without a bias
FADED = 0.2  # alpha of what a highlight leaves out
NODE_LABELS = ("name", "activation", "bias", "value")  # the kinds of draw_node_labels


def draw_nodes(pic: Picture, ax: Axes) -> dict[str, PathCollection]:
    """Draw the neurons: shape by role, face by activation (with values), rim by bias.

    Inputs are squares, hidden neurons circles, outputs hexagons. With a sample's values
    the neurons' faces show their activation a on ``pic.value_map``; a bias colours the
    rim on the edges' map. A highlight pales whatever its chain leaves out.

    Parameters
    ----------
    pic : Picture
        What :func:`~neurons.drawing.picture.network_picture` decided.
    ax : Axes
        Where the neurons go, at ``pic.pos``.

    Returns
    -------
    dict
        Role (``"input"``, ``"hidden"``, ``"output"``) -> PathCollection, for the roles
        present, each with its nodes in ``pic.kept`` order.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 3, 1], seed=0)
    >>> import matplotlib.pyplot as plt
    >>> from neurons.drawing import network_picture
    >>> fig, ax = plt.subplots()
    >>> nodes = draw_nodes(network_picture(net, values=[1.0, -1.0]), ax)
    >>> {role: len(dots.get_offsets()) for role, dots in nodes.items()}
    {'input': 2, 'hidden': 3, 'output': 1}
    >>> plt.close(fig)
    """
    s, drawn = pic.scale, {}
    for r, members in _by_role(pic).items():
        keep = [pic.chain is None or n in pic.chain["nodes"] for n in members]
        rims = [_pale(pic.cmap(pic.norm(pic.bias_values[n])) if n in pic.bias_values else RIM,
                     k) for n, k in zip(members, keep)]
        lws = [(2.8 if n in pic.bias_values else 1.0) * s for n in members]
        drawn[r] = nx.draw_networkx_nodes(
            pic.net.graph, pic.pos, nodelist=members, ax=ax, node_shape=SHAPES[r],
            node_size=(SIZES[r] * NODE_PT * s) ** 2, node_color=face_colours(pic, r),
            edgecolors=rims, linewidths=lws)
    return drawn


def face_colours(pic: Picture, role: str) -> list[tuple[float, float, float, float]]:
    """The face colour of each drawn neuron of ``role``, in ``pic.kept`` order: its
    activation on ``pic.value_map`` (with values, once a step has computed it), else the
    role's plain face; paled outside a highlight.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> pic = network_picture(Network.dense([2, 1], seed=0))
    >>> face_colours(pic, "output") == [to_rgba(FACES["output"])]
    True
    """
    vnorm = pic.value_norm
    return [_pale(pic.value_map(vnorm(pic.trace.a[n])) if vnorm is not None and
                  role != "input" and (pic.step is None or n in pic.step.known.a)
                  else FACES[role], pic.chain is None or n in pic.chain["nodes"])
            for n in pic.kept if pic.role[n] == role]


def draw_rim_outlines(pic: Picture, ax: Axes) -> dict[str, PathCollection]:
    """Outline the bias rims with a thin dark ring: the rim itself is pale for b near 0.

    Parameters
    ----------
    pic : Picture
        Its biased neurons (``pic.bias_values``) get a ring.
    ax : Axes
        Drawn into, above the neurons (zorder 2.1).

    Returns
    -------
    dict
        Role -> PathCollection of the rings of its biased neurons; a role without one is
        left out.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> pic = network_picture(Network.dense([2, 3, 1], seed=0, bias=False))
    >>> draw_rim_outlines(pic, Figure().add_subplot())  # no biases, no rings
    {}
    """
    s, drawn = pic.scale, {}
    for r, members in _by_role(pic).items():
        biased = [n for n in members if n in pic.bias_values]
        if not biased:
            continue
        drawn[r] = nx.draw_networkx_nodes(
            pic.net.graph, pic.pos, nodelist=biased, ax=ax, node_shape=SHAPES[r],
            node_size=(SIZES[r] * NODE_PT * s + 3.2 * s) ** 2,
            node_color=[(0, 0, 0, 0)] * len(biased),
            edgecolors=[_pale(RIM, pic.alpha(n) == 1.0) for n in biased], linewidths=0.7 * s)
        drawn[r].set_zorder(2.1)  # above the neurons' own rims
    return drawn


def draw_node_labels(pic: Picture, ax: Axes,
                     kinds: Sequence[str] = NODE_LABELS) -> dict[str, dict[str, Text]]:
    """Write the texts of each neuron: its name inside, its activation ("σ", "ReLU", ...)
    under the name, its bias above and a sample's z and a below.

    Parameters
    ----------
    pic : Picture
        The numbers, formats and (with a highlight) which texts to fade.
    ax : Axes
        The texts are offset from the nodes in points, so they keep their place at any zoom.
    kinds : sequence of {"name", "activation", "bias", "value"}, default all four
        Which texts to write. Inputs have no activation and no bias; the values need a
        picture made with ``values``.

    Returns
    -------
    dict
        ``"<kind>_labels"`` -> (node -> Text), one entry per kind asked for.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> pic = network_picture(Network.dense([2, 2, 1], seed=0), values=[1.0, 2.0])
    >>> fig, ax = plt.subplots()
    >>> labels = draw_node_labels(pic, ax, kinds=["activation", "value"])
    >>> labels["activation_labels"]["h1"].get_text(), labels["value_labels"]["x2"].get_text()
    ('σ', 'a=2.00')
    >>> plt.close(fig)
    """
    kinds = [check_choice(k, "kinds", NODE_LABELS) for k in
             ((kinds,) if isinstance(kinds, str) else kinds)]
    drawn: dict[str, dict[str, Text]] = {f"{k}_labels": {} for k in kinds}
    for n in pic.kept:  # node by node, so each node's texts stack in this order
        for k in kinds:
            text = _LABELS[k](pic, ax, n)
            if text is not None:
                drawn[f"{k}_labels"][n] = text
    return drawn


def draw_elided(pic: Picture, ax: Axes) -> dict[int, Text]:
    """Mark the gap of each layer drawn in part with how many neurons were left out.

    Parameters
    ----------
    pic : Picture
        Made with ``max_neurons`` smaller than some layer.
    ax : Axes
        Each count stands at its layer's gap placeholder in ``pic.pos``.

    Returns
    -------
    dict
        Layer index -> Text ("⋮\\n776 more"), for the layers with a gap.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> wide = network_picture(Network.dense([12, 3, 1], seed=0), max_neurons=8)
    >>> from matplotlib.figure import Figure
    >>> gaps = draw_elided(wide, Figure().add_subplot())
    >>> {layer: text.get_text() for layer, text in gaps.items()}
    {0: '⋮\\n4 more'}
    """
    drawn = {}
    for i, (row, left_out) in enumerate(pic.rows):
        gaps = [g for g in row if not isinstance(g, str)]
        if left_out:
            drawn[i] = ax.text(*pic.pos[gaps[0]], f"⋮\n{left_out} more", ha="center",
                               va="center", fontsize=sizes(pic.scale)["small"], color="#444444")
    return drawn


def _pale(colour: Any, keep: bool) -> tuple[float, float, float, float]:
    """The colour, or (outside a highlight) an opaque pale version, so edges stay hidden."""
    rgba = np.array(to_rgba(colour))
    if not keep:
        rgba[:3] = 0.3 * rgba[:3] + 0.7
    return as_rgba(rgba)


def _by_role(pic: Picture) -> dict[str, list[str]]:
    """The drawn nodes of each role present, inputs first."""
    members = {r: [n for n in pic.kept if pic.role[n] == r] for r in SHAPES}
    return {r: nodes for r, nodes in members.items() if nodes}


def _name(pic: Picture, ax: Axes, n: str) -> Text:
    va: Literal["center", "bottom"] = "center" if pic.role[n] == "input" else "bottom"
    return nx.draw_networkx_labels(pic.net.graph, pic.pos, labels={n: n}, ax=ax,
                                   font_size=sizes(pic.scale)["large"], verticalalignment=va,
                                   alpha=pic.alpha(n))[n]


def _activation(pic: Picture, ax: Axes, n: str) -> Text | None:
    if n not in pic.neurons:
        return None
    act = pic.neurons[n].activation
    text = pooling_label(pic.net, n) or act.symbol or act.name[:5]  # "max" for max pooling
    return _note(pic, ax, n, text, -1 * pic.scale, "top", boxed=False)


def bias_text(pic: Picture, n: str) -> str | None:
    """The text above neuron ``n``: its bias (or dL/db, or a step's), with its overflow
    mark; for a shared bias its name alone (the key writes its value once); None for a
    neuron without a bias.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> pic = network_picture(Network.dense([2, 1], seed=0), names=True)
    >>> bias_text(pic, "o1"), bias_text(pic, "x1")
    ('b1=0.00', None)
    """
    if n not in pic.bias_values:
        return None
    text = pic.bias_text.get(n)
    name = pic.bias_name.get(n)
    if text is None and name in pic.shared_values:
        text = name
    elif text is None:
        label = name if pic.names and name is not None else "b"  # a constant has no name
        label = f"dL/d{label}" if pic.gradients else label
        text = f"{label}={pic.bias_values[n]:{pic.edge_fmt}}"
    mark = f" {pic.overflow[n]}" if n in pic.overflow else ""
    return f"{text}{mark}"


def value_text(pic: Picture, n: str) -> str | None:
    """The text below node ``n``: a sample's z and a (with a step, only what is known by
    then); None when there is none.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> pic = network_picture(Network.dense([2, 1], seed=0), values=[1.0, 2.0])
    >>> value_text(pic, "x2")
    'a=2.00'
    """
    if pic.value_text is not None:  # a step's: only what is known by then
        return pic.value_text.get(n)
    if pic.trace is None:
        return None
    text = f"a={pic.trace.a[n]:{pic.fmt}}"
    return f"z={pic.trace.z[n]:{pic.fmt}}\n{text}" if n in pic.neurons else text


def _bias(pic: Picture, ax: Axes, n: str) -> Text | None:
    text = bias_text(pic, n)
    if text is None:
        return None
    return _note(pic, ax, n, text, NODE_PT * pic.scale / 2 + 2 * pic.scale, "bottom")


def _value(pic: Picture, ax: Axes, n: str) -> Text | None:
    text = value_text(pic, n)
    if text is None:
        return None
    return _note(pic, ax, n, text, -NODE_PT * pic.scale / 2 - 2 * pic.scale, "top")


_LABELS = {"name": _name, "activation": _activation, "bias": _bias, "value": _value}


def _note(pic: Picture, ax: Axes, n: str, text: str, dy: float, va: str,
          boxed: bool = True) -> Text:
    """A small text ``dy`` points above (below, if negative) a node, whatever the zoom."""
    # Outside the node a faint white box keeps the number readable over the edges.
    alpha = pic.alpha(n)
    box = {"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.7 * alpha}
    return ax.annotate(text, pic.pos[n], xytext=(0, dy), textcoords="offset points",
                       ha="center", va=va, fontsize=sizes(pic.scale)["small"], alpha=alpha,
                       color="#222222", zorder=3, bbox=box if boxed else None)
