"""What a step adds to the diagram of :func:`neurons.drawing.network.draw`: the halo of its
neurons and its caption.

=============================  ===============================================================
:func:`draw_step_nodes`        the halo under the neurons a step touches
:func:`draw_caption`           the step's heading and equations under the diagram
:func:`caption_inches`         the room the caption takes under the diagram
=============================  ===============================================================

What a step shows is decided in :mod:`neurons.drawing.stepview`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from .edges import HALO
from .parts import NODE_PT, SHAPES, SIZES
from .stepview import shorten
from .style import sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.text import Text

    from .picture import Picture
    from .stepview import StepView

__all__ = ["caption_inches", "draw_caption", "draw_step_nodes"]

_GAP = 8.0  # points between the axes and the heading


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
