"""The legends of :func:`neurons.drawing.network.draw`: its colour bars and its legend of shapes.

They say what the colours and shapes mean. Both move the axes (a colour bar takes its room
from them, or from the margin :func:`~neurons.drawing.layout.make_axes` kept; the legend
stands above them), so a diagram draws them before anything placed in pixels, such as the
weight labels.

=============================  ===============================================================
:func:`draw_colorbar`          the scale of the edge colours and bias rims
:func:`draw_value_colorbar`    the scale of the neurons' activations, with a sample's values
:func:`draw_legend`            the node shapes, the bias rim, the chain and the overflow marks
:func:`draw_parameter_key`     each shared parameter's colour, name and value, once, below
=============================  ===============================================================
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.cm import ScalarMappable
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from .edges import HALO
from .layout import add_colorbar
from .nodes import FACES, RIM, SHAPES
from .style import figure_of, sizes
from .ties import CONSTANT_EDGE, parameter_handles

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.colorbar import Colorbar
    from matplotlib.legend import Legend

    from .picture import Picture

__all__ = ["bars_below", "draw_colorbar", "draw_legend", "draw_parameter_key",
           "draw_value_colorbar", "parameter_key_inches"]

# The colour bar's ends: an arrow where some bias lies beyond it.
_EXTEND = {frozenset(): "neither", frozenset("▲"): "max", frozenset("▼"): "min"}


def bars_below(pic: Picture) -> bool:
    """Whether the colour bars of a figure made for ``pic`` lie under the diagram: for a
    small screen (a ``text_scale``), where bars beside it would take half the width; not
    with a step, whose caption is there.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> bars_below(network_picture(Network.dense([2, 1]), text_scale=3))
    True
    """
    return pic.text_scale > 1 and pic.step is None


def draw_colorbar(pic: Picture, ax: Axes, *, in_margin: bool = False) -> Colorbar:
    """Add the colour bar of the edges (and bias rims), labelled with what they show.

    An end where a bias lies beyond the edges' range (``pic.overflow``) is an arrow.

    Parameters
    ----------
    pic : Picture
        From :func:`~neurons.drawing.picture.network_picture`: ``norm``, ``cmap``,
        ``quantity`` and ``overflow``.
    ax : Axes
        The diagram's axes; the bar goes beside them.
    in_margin : bool, default False
        ``ax`` is in a figure :func:`~neurons.drawing.layout.make_axes` made, with a margin
        kept for the bars: the bar goes there instead of taking room from ``ax``.

    Returns
    -------
    Colorbar
        Labelled with ``pic.quantity`` ("weight" or "dL/dw").

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> sample = ([1.0, 2.0], [1.0])
    >>> pic = network_picture(Network.dense([2, 2, 1], seed=0), gradients=sample)
    >>> fig, ax = plt.subplots()
    >>> bar = draw_colorbar(pic, ax)
    >>> bar.ax.get_ylabel(), bar.extend  # dL/db3 lies below the bar
    ('dL/dw', 'min')
    >>> plt.close(fig)
    """
    extend = _EXTEND.get(frozenset(pic.overflow.values()), "both")
    return add_colorbar(ax.figure, ax, ScalarMappable(norm=pic.norm, cmap=pic.cmap),
                        pic.quantity, 0, pic.scale, extend, in_margin, bars_below(pic))


def draw_value_colorbar(pic: Picture, ax: Axes, *, in_margin: bool = False) -> Colorbar | None:
    """Add the colour bar of the neurons' activations a, for a picture made with ``values``.

    Parameters
    ----------
    pic : Picture
        Its ``value_norm`` and ``value_map`` set the scale.
    ax : Axes
        Beside them, after :func:`draw_colorbar`'s bar.
    in_margin : bool, default False
        As for :func:`draw_colorbar`.

    Returns
    -------
    Colorbar or None
        None for a picture without values.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> net, ax = Network.dense([2, 2, 1], seed=0), Figure().add_subplot()
    >>> draw_value_colorbar(network_picture(net, values=[1.0, 2.0]), ax).ax.get_xlabel()
    'activation a'
    >>> draw_value_colorbar(network_picture(net), ax) is None
    True
    """
    if pic.trace is None:
        return None
    return add_colorbar(ax.figure, ax, ScalarMappable(norm=pic.value_norm, cmap=pic.value_map),
                        "activation a", 1, pic.scale, in_margin=in_margin,
                        below=bars_below(pic))


def draw_legend(pic: Picture, ax: Axes) -> Legend:
    """Put the legend above ``ax``: the node shapes, the bias rim, the highlighted chain and
    the mark of a bias beyond the colour bar, each when the picture has it.

    Parameters
    ----------
    pic : Picture
        Which roles, biases, chain and overflow marks it has.
    ax : Axes
        The legend stands in one row just above them.

    Returns
    -------
    Legend
        Its entries in the order above.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> pic = network_picture(Network.dense([2, 2, 1], seed=0))
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> [text.get_text() for text in draw_legend(pic, ax).get_texts()]
    ['input', 'hidden', 'output', 'rim: bias']
    >>> plt.close(fig)
    """
    ms = 10 * pic.scale
    plain = pic.trace is not None  # with values the faces show activations: shapes only
    handles = [Line2D([], [], marker=SHAPES[r], linestyle="", markersize=ms,
                      markerfacecolor="white" if plain else FACES[r],
                      markeredgecolor=RIM, label=r)
               for r in ("input", "hidden", "output") if r in pic.role.values()]
    if pic.bias_values:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=ms,
                              markeredgewidth=2.5 * pic.scale, markerfacecolor="white",
                              markeredgecolor="#b2182b", label="rim: bias"))
    if pic.chain is not None:
        label = pic.chain.get("label") or f"chain of dL/d{pic.chain['parameter']}"
        handles.append(Line2D([], [], color=HALO, lw=5 * pic.scale, alpha=0.6, label=label))
    if pic.overflow:
        handles.append(Line2D([], [], marker="$▲▼$", linestyle="", markersize=1.6 * ms,
                              color="#222222", markeredgewidth=0,
                              label="bias beyond the colour bar"))
    if any(kind in ("pooling", "constant") for kind in pic.edge_kinds):
        handles.append(Line2D([], [], color=CONSTANT_EDGE, lw=1.5 * pic.scale,
                              label="constant (no parameter)"))
    return ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1),
                     ncol=len(handles), frameon=False, fontsize=sizes(pic.scale)["small"],
                     handletextpad=0.3, columnspacing=1.2)


# The key's text: its rows are this many times the font size apart (matplotlib's default
# labelspacing of 0.5 em plus the line), and each entry is about this wide per character.
_ROW_EM, _CHAR_EM = 1.75, 0.62


def _key_columns(pic: Picture, width: float) -> int:
    """How many entries of the key stand side by side in ``width`` inches."""
    font = sizes(pic.scale)["small"]
    longest = max(len(f"dL/d{p} = {v:{pic.edge_fmt}} (bias)")
                  for p, v in pic.shared_values.items())
    entry = (longest * _CHAR_EM + 2.0 + 0.8 + 1.5) * font / 72  # text, handle, pads
    return max(1, min(len(pic.shared_values), int(width // entry)))


def parameter_key_inches(pic: Picture, width: float) -> float:
    """The height in inches the key of ``pic``'s shared parameters takes under a diagram
    ``width`` inches wide (0 without one: no shared parameter, or a step, whose labels name
    every parameter on its edge).

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> parameter_key_inches(network_picture(Network.dense([2, 1])), 6.0)
    0.0
    """
    if not pic.shared_values or pic.step is not None:
        return 0.0
    rows = math.ceil(len(pic.shared_values) / _key_columns(pic, width)) + 1  # and a title
    return (rows * _ROW_EM + 1.0) * sizes(pic.scale)["small"] / 72


def draw_parameter_key(pic: Picture, ax: Axes,
                       bars: Sequence[Colorbar | None] = ()) -> Legend | None:
    """Put the key of the shared parameters under ``ax``: each one's colour on the edges
    (for a shared bias a disc in its rim's colour, on the colour bar), its name and its
    value (or dL/dparam) once, in as many columns as the axes' width holds.

    Parameters
    ----------
    pic : Picture
        Its ``shared_values``, ``ties`` and ``shared_biases``.
    ax : Axes
        The key stands just below it; a figure ``draw`` makes keeps room there
        (:func:`parameter_key_inches`).
    bars : sequence of Colorbar or None
        The colour bars drawn: the key stands below those that lie under ``ax`` (with a
        ``text_scale``, or beside a given Axes), ticks and label included.

    Returns
    -------
    Legend or None
        None without shared parameters, or with a step (its edge labels name them).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> net = Network()
    >>> for x in ("x1", "x2", "x3"):
    ...     net.add_input(x)
    >>> net.add_parameter("k1", 0.5)
    >>> net.add_parameter("k2", -1.0)
    >>> for h, (a, b) in (("h1", ("x1", "x2")), ("h2", ("x2", "x3"))):
    ...     _ = net.add_neuron(h, {a: "k1", b: "k2"})
    >>> fig, ax = plt.subplots()
    >>> [t.get_text() for t in draw_parameter_key(network_picture(net), ax).get_texts()]
    ['k1 = 0.50', 'k2 = -1.00']
    >>> plt.close(fig)
    """
    if not pic.shared_values or pic.step is not None:
        return None
    colours = {**pic.ties, **{p: pic.cmap(pic.norm(pic.shared_values[p]))
                              for p in pic.shared_biases}}
    handles = parameter_handles(pic.shared_values, colours, pic.shared_biases,
                                fmt=pic.edge_fmt, gradients=pic.gradients, scale=pic.scale)
    fig = figure_of(ax)
    box = ax.get_position()
    width = box.width * fig.get_figwidth()
    size = sizes(pic.scale)["small"]
    top = box.y0  # in figure coordinates: under the axes, and under the bars below them
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    for bar in bars:
        if bar is not None and bar.ax.get_position().y1 <= box.y0 + 1e-9:
            if get_renderer is not None:
                tight = bar.ax.get_tightbbox(get_renderer())
                assert tight is not None  # None only for hidden axes; a colour bar's are shown
                under = tight.y0 / fig.bbox.height
            else:
                under = bar.ax.get_position().y0 - 0.05
            top = min(top, under)
    key = Legend(ax, handles, [str(h.get_label()) for h in handles], loc="upper center",
                 bbox_to_anchor=(box.x0 + box.width / 2, top), bbox_transform=fig.transFigure,
                 ncol=_key_columns(pic, width), frameon=False,
                 fontsize=size, title="shared parameters (one colour each)",
                 title_fontsize=size, handletextpad=0.8, columnspacing=1.5)
    ax.add_artist(key)
    key.set_clip_on(False)  # add_artist clips it to the axes: it stands below them
    return key
