"""Draw a :class:`neurons.Network` the way textbooks do: layers left to right.

Inputs stand on the left, outputs on the right, and each layer keeps the order in
which its neurons were built, top to bottom. Edges are coloured by their weight on
a diverging map centred on zero (or by dL/dw), and small networks carry the
numbers on the edges, so the picture can sit beside a hand derivation.

:func:`draw` is a short combination of parts, each of which can be drawn on its own,
as networkx's ``draw_networkx`` combines ``draw_networkx_nodes``, ``..._edges`` and
``..._labels``: :func:`~neurons.drawing.picture.network_picture` decides what is shown
(a :class:`~neurons.drawing.picture.Picture`), :func:`draw_picture` draws it, and each
``draw_*`` function it calls draws one kind of artist from it and returns it:

==========================================================  ==================================
:func:`~neurons.drawing.edges.draw_edges`                   the edges
:func:`~neurons.drawing.edges.draw_highlight`               the highlighted chain, on a halo
:func:`~neurons.drawing.nodes.draw_nodes`                   the neurons
:func:`~neurons.drawing.nodes.draw_rim_outlines`            the rings around the bias rims
:func:`~neurons.drawing.nodes.draw_node_labels`             names, activations, biases, values
:func:`~neurons.drawing.nodes.draw_elided`                  the counts of the neurons left out
:func:`~neurons.drawing.legends.draw_colorbar`              the colour bar of the edges
:func:`~neurons.drawing.legends.draw_value_colorbar`        the colour bar of the activations
:func:`~neurons.drawing.legends.draw_legend`                the legend
:func:`~neurons.drawing.edges.draw_weight_labels`           the numbers on the edges
:func:`drop_overlapping`                                    the numbers with no free spot, removed
:func:`draw_note`                                           what the picture leaves out
:func:`~neurons.drawing.steps.draw_step_nodes`              with a step: the halo of its neurons
:func:`~neurons.drawing.steps.draw_caption`                 with a step: its equation below
==========================================================  ==================================

networkx places and draws nodes, edges and names; :mod:`neurons.drawing.layout` adds
what it lacks (elided wide layers, a figure sized for a slide) and
:mod:`neurons.drawing.labels` puts each number on its own edge where it covers no
other label.

What was drawn comes back in a :class:`NetworkDisplay` (as scikit-learn's ``*Display``
objects keep what a plot made): the axes, the figure, the picture and every artist by kind.
Nothing is written on the matplotlib objects themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict

import matplotlib.pyplot as plt
from matplotlib.transforms import Bbox

from ..errors import ParameterError
from .edges import draw_edges, draw_highlight, draw_weight_labels, labelled_edges
from .grids import draw_grids, uses_grid_layout
from .layout import Y_INCH_STEP, make_axes, unit_inches
from .legends import (
    bars_below,
    draw_colorbar,
    draw_legend,
    draw_parameter_key,
    draw_value_colorbar,
    parameter_key_inches,
)
from .nodes import draw_elided, draw_node_labels, draw_nodes, draw_rim_outlines
from .picture import NetworkDisplay, Picture, network_picture
from .recurrent import draw_unrolled, uses_unrolled_layout
from .steps import caption_inches, draw_caption, draw_step_nodes
from .style import sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.colors import Colormap
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    from ..core import NetworkCore
    from ..steps import Step

__all__ = ["NetworkDisplay", "draw", "draw_note", "draw_picture", "drop_overlapping"]

# The texts the weight labels keep clear of, in the order they are measured.
_TEXTS = ("name_labels", "activation_labels", "bias_labels", "value_labels", "elided")


def draw(net: NetworkCore, ax: Axes | None = None, *, values: Any = None,
         gradients: Sequence[Any] | None = None, highlight: str | None = None,
         weight_labels: bool | str = "auto", names: bool = False,
         max_neurons: int | None = 8, max_labelled_edges: int = 16,
         cmap: str | Colormap = "RdBu_r", value_cmap: str | Colormap = "Greens",
         fmt: str | None = None, grad_fmt: str = ".2g", legend: bool = True,
         scale: float = 1.0, step: Step | Sequence[Step] | None = None,
         text_scale: float = 1.0, layout: str = "auto", max_side: int = 8,
         max_channels: int = 4) -> NetworkDisplay:
    """Draw ``net`` as a layered left-to-right diagram and return what was drawn.

    Inputs are squares, hidden neurons circles and outputs hexagons; each neuron
    shows its name, its activation ("σ", "tanh", "ReLU", "lin", ...) and, when it
    has one, its bias (the value above it, and the rim coloured on the weight map).
    Edges are coloured by weight on a diverging map centred on zero (negative blue,
    positive red with "RdBu_r", near zero pale) and grow wider with ``|w|``.

    The edges set the colour scale. A bias beyond it (often dL/db of an output, which
    is larger than every dL/dw) is marked, not silently clipped: its number ends in
    "▲" (above the colour bar's top) or "▼" (below its bottom), its rim shows the
    bar's end colour, and the colour bar's end is an arrow.

    Parameters
    ----------
    net : Network
    ax : matplotlib Axes, optional
        Drawn into as given (colour bars take room beside it); texts are sized in
        points, so a small Axes crowds them. By default a new figure sized for a
        slide: at least 1200 pixels wide (``scale`` times that), smallest text 10
        points, no two labels overlapping.
    values : array-like, optional
        One sample: run it forward and show every neuron's z and a beside it, with
        the faces coloured by the activation a (sequential ``value_cmap``). The
        neurons' activations alone set that colour scale; the inputs show their
        numbers on plain faces, so an input of -2 cannot wash out a = 0.47 and 0.97.
    gradients : (x, y) or (x, y, loss), optional
        Colour and label edges (and bias rims) by dL/dw, dL/db for this sample
        (loss default "mse") instead of by the parameter values.
    highlight : str, optional
        A parameter name ("w1", "b2"): emphasise exactly the edges and neurons that
        ``net.explain(highlight, ...)`` walks (the parameter's own edge and every
        path from its neuron to an output) and fade the rest. The chain is
        structural; the sample of ``gradients`` is used when given. A shared parameter's
        name ("k1"): every edge that uses it. A neuron's name ("h2", "c1_1_2_3"): its
        receptive field, the edges into it and their sources, and theirs, back to the
        inputs (through pooling too).
    weight_labels : True, False or "auto"
        Write the values on the edges. "auto": only between layers joined by at
        most ``max_labelled_edges`` drawn edges. A label that finds no spot where it
        covers no other text is left out; a note above the diagram counts what was left
        out and why.
    names : bool
        Prefix labels with the parameter names of the hand derivation ("w1=0.50",
        "b1=0.00").
    max_neurons : int or None, default 8
        Draw at most this many neurons per layer (the first and last ones) and mark
        the gap with how many were left out ("⋮ 776 more"). ``None`` draws all.
    cmap, value_cmap : colormap or name
        Diverging map for weights/gradients/biases; sequential map for activations.
    fmt, grad_fmt : str
        Format specs of the values (default ".2f"; with ``step`` the steps' own
        ``digits``, as their equations write them) and of the gradients.
    legend : bool
        Show the node-shape legend above the axes.
    scale : float, default 1.0
        Multiplies every text, node, line and figure size: 1.5 for a poster, 0.8 for
        a notebook.
    step : Step, or a sequence of consecutive Steps, optional
        A step of ``net.steps(x, y, ...)``: the diagram as it is once the step is done.
        Each value is written when its step is done and not before: an input's a from
        the start, a neuron's a after its forward step, dL/da of an output after the
        loss step, delta after its backward step, dL/dw (dL/db) on the edge (above the
        neuron) after its gradient step, "w5=1 → 1.01" after its update. The nodes
        and edges the step touches stand on a halo (the other edges fade), and its
        equation is the caption under the diagram (lines too long for the figure keep
        their first member and result). Edges and rims show the weights, and the labels
        their names. Not with ``values``, ``gradients`` or ``highlight``.

    text_scale : float, default 1.0
        Multiplies the texts, neurons and lines but not the diagram's width, so the
        picture grows taller instead of wider, its colour bars under it: for a small
        screen. A picture is read at the size of its smallest text relative to its width;
        shown 360 px wide (a phone), ``text_scale=2`` keeps the numbers of a 2-2-1 with
        values 11 px high and ``text_scale=3`` those of a 3-4-4-2 (5 px and 4 px at the
        default). Labels that
        find no room are left out and counted in the note (``max_labelled_edges=0`` or
        ``weight_labels=False`` leaves the edges' numbers out altogether). Not for a
        network drawn as grids.
    layout : {"auto", "grids", "unrolled", "layers"}, default "auto"
        How a network with grid layers (``net.grids``: convolutions, pooling) is drawn:
        "grids" draws each channel as a grid of neurons
        (:func:`~neurons.drawing.grids.draw_grids`: kernel weights coloured one colour each,
        their values in a key below, large grids as windows), "layers" as this layered
        picture. "auto": grids for 2-D grid layers, or 1-D ones wider than
        ``max_neurons``, and not with a ``step``. A recurrent network (``Network.rnn``) is
        drawn "unrolled" (:func:`~neurons.drawing.recurrent.draw_unrolled`: a column per
        time step, each shared weight one colour, its value once in a key below), also by
        "auto" unless a ``step`` is drawn; ``values``, ``gradients``, ``highlight``, ``fmt``,
        ``grad_fmt`` and ``scale`` mean there what they mean here, and the settings of the
        layered picture's labels, colour maps and legend are not used.
    max_side, max_channels : int, default 8 and 4
        Drawn as grids: the most rows and columns of a grid, and channels of a layer,
        drawn; larger grids are drawn as a window and the picture says so.

    Notes
    -----
    Shared parameters (a convolution's kernel, ``net.add_parameter``) are drawn in this
    layered picture too: each one's edges in its own qualitative colour (grey for the
    constants of pooling), its name and value written once, in a key under the diagram
    (``disp.artists["parameter_key"]``), a shared bias named above its neurons.

    Returns
    -------
    NetworkDisplay
        ``disp.ax`` and ``disp.figure``, the :class:`Picture` and ``disp.artists``, a dict
        of what was drawn by kind (:class:`NetworkDisplay` lists them): ``"edges"``,
        ``"edge_list"``, ``"nodes"``, ``"weight_labels"``, ``"value_labels"``,
        ``"colorbar"``, ``"overflow"``, ``"caption"``, ...

    See Also
    --------
    network_picture : what the diagram shows, computed without drawing.
    draw_picture : draws a Picture; ``draw`` is ``network_picture`` then ``draw_picture``.
    draw_edges, draw_nodes, draw_node_labels, draw_weight_labels : some of the parts
        ``draw`` combines, to draw on their own (:mod:`neurons.drawing.network` lists all).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> disp = draw(net, values=[1.0, 2.0], gradients=([1.0, 2.0], [1.0]), highlight="w1")
    >>> len(disp.artists["edge_list"])
    6
    >>> disp.artists["weight_labels"]["h1", "o1"].get_text() == f"{-0.06434800:.2g}"
    True
    >>> disp.artists["overflow"]  # dL/db3 is beyond every dL/dw
    {'o1': '▼'}
    >>> int(disp.figure.get_size_inches()[0] * disp.figure.dpi) >= 1200
    True
    >>> steps = net.steps([1.0, 2.0], [1.0])
    >>> disp2 = draw(net, step=steps[4])  # the first backward step: delta_o1
    >>> print(disp2.artists["caption"][0].get_text())
    delta_o1 = dL/da_o1 f'(z_o1) = (-0.846) * 0.244 = -0.206
    >>> print(disp2.artists["value_labels"]["o1"].get_text())
    a=0.577
    dL/da=-0.846
    δ=-0.206
    >>> print(disp2.artists["value_labels"]["h1"].get_text())  # no delta_h1 yet
    a=0.312
    >>> import matplotlib.pyplot as plt
    >>> plt.close(disp.figure), plt.close(disp2.figure)
    (None, None)
    """
    if uses_unrolled_layout(net, layout, step):
        if text_scale != 1:
            raise ParameterError(
                "text_scale is for the layered picture; a recurrent network drawn unrolled has "
                "a column per step, too wide to read on a small screen: draw_rolled(net, "
                "key='below') fits one, or draw(net, layout='layers', text_scale=...)")
        return draw_unrolled(net, ax, values=values, gradients=gradients, highlight=highlight,
                             fmt=fmt, grad_fmt=grad_fmt, scale=scale)
    if uses_grid_layout(net, layout, max_neurons, step):
        if text_scale != 1:
            raise ParameterError(
                "text_scale is for the layered picture; a convolutional network drawn as grids "
                "has too many neurons to read on a small screen: draw fewer of them (max_side=4, "
                "max_channels=2), or draw_kernels and draw_feature_maps, which fit one")
        return draw_grids(net, ax, values=values, gradients=gradients, highlight=highlight,
                          max_side=max_side, max_channels=max_channels, max_neurons=max_neurons,
                          cmap=cmap, value_cmap=value_cmap, fmt=fmt, grad_fmt=grad_fmt,
                          legend=legend, scale=scale)
    pic = network_picture(net, values=values, gradients=gradients, highlight=highlight,
                          names=names, max_neurons=max_neurons, cmap=cmap,
                          value_cmap=value_cmap, fmt=fmt, grad_fmt=grad_fmt, scale=scale,
                          step=step, text_scale=text_scale)
    return draw_picture(pic, ax, weight_labels=weight_labels,
                        max_labelled_edges=max_labelled_edges, legend=legend)


def draw_picture(pic: Picture, ax: Axes | None = None, *, weight_labels: bool | str = "auto",
                 max_labelled_edges: int = 16, legend: bool = True,
                 own_figure: bool | None = None, caption_columns: int = 1,
                 min_width: float = 0.0) -> NetworkDisplay:
    """Draw a :class:`Picture` (from :func:`~neurons.drawing.picture.network_picture`):
    every part, in the order :func:`draw` draws them.

    A figure it makes itself (no ``ax`` given, no ``text_scale``) widens where edge labels
    found no room: it is drawn again up to twice, 30% wider each time, keeping the last
    drawing (whose note counts any label still left out).

    Parameters
    ----------
    pic : Picture
    ax : matplotlib Axes, optional
        As for :func:`draw`: by default a new figure sized to the picture.
    weight_labels, max_labelled_edges, legend
        As for :func:`draw`.
    own_figure : bool, optional
        Whether ``ax`` stands in a figure made for the diagram, whose margin holds the
        colour bars (an animation's next frame, from
        :func:`~neurons.drawing.layout.fresh_axes`); default: whether ``ax`` is None.
    caption_columns : int, default 1
        With a step: make at least this many column texts for its equations (an animation
        fills them frame by frame, :func:`~neurons.drawing.steps.write_caption`).
    min_width : float, default 0
        The least width in inches of a figure it makes (the diagram stretches across to
        fill it): room for a long caption line.

    Returns
    -------
    NetworkDisplay

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> pic = network_picture(Network.dense([2, 2, 1], seed=0), names=True)
    >>> disp = draw_picture(pic, weight_labels=False, legend=False)
    >>> disp.picture is pic, disp.artists["weight_labels"], disp.artists["legend"]
    (True, {}, None)
    >>> disp.artists["bias_labels"]["o1"].get_text()
    'b3=0.00'
    >>> plt.close(disp.figure)
    """
    settings: _Settings = {"weight_labels": weight_labels,
                           "max_labelled_edges": max_labelled_edges, "legend": legend,
                           "caption_columns": caption_columns}
    own = ax is None if own_figure is None else bool(own_figure)
    disp, crowded = _draw(pic, ax, own, min_width, **settings)
    # A text_scale asks for text this large against the picture's width: widening would
    # undo it, so such a picture labels less instead.
    for _ in range(2 if ax is None and pic.text_scale == 1 else 0):
        if not crowded:
            break
        wider = 1.3 * disp.figure.get_figwidth()
        plt.close(disp.figure)
        disp, crowded = _draw(pic, None, own, wider, **settings)
    return disp


class _Settings(TypedDict):
    """The settings :func:`draw_picture` passes on to every :func:`_draw`."""

    weight_labels: bool | str
    max_labelled_edges: int
    legend: bool
    caption_columns: int


def _draw(pic: Picture, ax: Axes | None, own: bool, min_width: float, *,
          weight_labels: bool | str, max_labelled_edges: int, legend: bool,
          caption_columns: int) -> tuple[NetworkDisplay, int]:
    """One drawing of ``pic``, and how many edge labels found no room."""
    with_values = pic.trace is not None  # a second colour bar, and room for z and a
    below = 0.0 if pic.step is None else caption_inches(pic.step, pic.scale)
    across = unit_inches(with_values, pic.step is not None, pic.text_scale)[0]
    if pic.shared_values and ax is None:  # room for the key of the shared parameters
        xs = [p[0] for p in pic.pos.values()]
        below += parameter_key_inches(pic, max((max(xs) - min(xs) + 1.1) * across * pic.scale,
                                               min_width - 2.0 * pic.scale))
    ax = make_axes(ax, pic.pos, 2 if with_values else 1, legend, pic.scale, tall=with_values,
                   below=below, y_inch=None if pic.step is None else Y_INCH_STEP,
                   paths=pic.paths, x_inch=across, min_width=min_width,
                   slide_scale=pic.scale / pic.text_scale, bars_below=bars_below(pic))
    ax.set_axis_off()
    art: dict[str, Any] = {"edge_list": pic.edges, "edge_values": pic.edge_values,
                           "positions": pic.pos, "norm": pic.norm, "cmap": pic.cmap,
                           "value_norm": pic.value_norm, "overflow": pic.overflow}
    art["edges"] = draw_edges(pic, ax)
    chain = draw_highlight(pic, ax)
    art["highlight"] = None if pic.chain is None or pic.step is not None else {
        **pic.chain, "artists": chain}
    art["step"] = pic.step
    art["step_edges"] = art["step_nodes"] = None
    if pic.step is not None:
        art["step_edges"] = {"edges": [e for e in pic.step.edges if e in pic.edges],
                             "artists": chain}
        art["step_nodes"] = {"nodes": [n for n in pic.step.nodes if n in pic.role],
                             "artists": draw_step_nodes(pic, ax)}
    art["nodes"] = draw_nodes(pic, ax)
    draw_rim_outlines(pic, ax)
    art.update(draw_node_labels(pic, ax))
    art["elided"] = draw_elided(pic, ax)
    # Colour bars and legend first: they move the axes, and labels are placed in pixels.
    art["colorbar"] = draw_colorbar(pic, ax, in_margin=own)
    art["value_colorbar"] = draw_value_colorbar(pic, ax, in_margin=own)
    art["legend"] = draw_legend(pic, ax) if legend else None
    art["parameter_key"] = draw_parameter_key(pic, ax, [art["colorbar"], art["value_colorbar"]])
    art["step_heading"], art["caption"] = draw_caption(pic, ax, caption_columns)
    art["weight_labels"], art["note"], crowded = {}, None, []
    if weight_labels is not False:
        limit = max_labelled_edges if weight_labels == "auto" else None
        avoid = [t for group in _TEXTS for t in art[group].values()]
        labels = draw_weight_labels(pic, ax, limit, avoid=avoid)
        crowded = drop_overlapping(labels, avoid)
        art["weight_labels"] = labels
        art["note"] = draw_note(pic, ax, len(labelled_edges(pic)) - len(labels) - len(crowded),
                                len(crowded), limit, art["legend"])
    return NetworkDisplay(ax, pic, art, own), len(crowded)


def drop_overlapping(labels: dict[tuple[str, str], Text], avoid: Sequence[Text]
                     ) -> list[tuple[str, str]]:
    """Remove the edge labels that would overlap another text, and return their edges.

    :func:`~neurons.drawing.labels.place_labels` finds every label a free spot where one
    exists; where none does (many long labels between two crowded layers) the label is
    left out rather than written over another, in the order the labels were placed, and
    the picture says so (:func:`draw_note`). The boxes are the texts' own, padded as
    they are drawn.

    Parameters
    ----------
    labels : dict
        (u, v) -> Text, as :func:`~neurons.drawing.edges.draw_weight_labels` returns them;
        the ones removed are deleted from it.
    avoid : sequence of Text
        The other texts, which stay.

    Returns
    -------
    list of (u, v)
        The edges whose labels were removed.
    """
    if not labels:
        return []
    fig = next(iter(labels.values())).figure
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:  # nothing was placed either
        return []
    renderer = get_renderer()
    kept = [_box(t, renderer) for t in avoid if t.get_text()]
    dropped = []
    for edge, text in list(labels.items()):
        box = _box(text, renderer)
        if any(box.overlaps(other) for other in kept):
            text.remove()
            del labels[edge]
            dropped.append(edge)
        else:
            kept.append(box)
    return dropped


def _box(text: Text, renderer: Any) -> Bbox:
    """The display box a text covers, with the padding of its box (if it has one)."""
    extent = text.get_window_extent(renderer)
    patch = text.get_bbox_patch()
    if patch is None:
        return extent
    # The stubs type get_boxstyle() as the base BoxStyle; it returns an instance of one of
    # its styles (BoxStyle.Round, ...), each of which has a pad.
    style = patch.get_boxstyle()
    pad = style.pad * text.get_fontsize() * text.figure.dpi / 72  # type: ignore[attr-defined]
    return extent.padded(pad)


def draw_note(pic: Picture, ax: Axes, beyond_limit: int, crowded: int, limit: int | None,
              legend: Legend | None = None) -> Text | None:
    """Say above the diagram which edge labels the picture leaves out, and why.

    Parameters
    ----------
    pic : Picture
    ax : Axes
    beyond_limit : int
        Labels left out between layers joined by more than ``limit`` edges.
    crowded : int
        Labels left out for want of a spot where they would cover no other text.
    limit : int or None
        ``max_labelled_edges``.
    legend : Legend, optional
        The note follows it on its row, or, where the row has no room left, stands above
        it (without a legend: above the axes' right end), or below the axes, whichever
        first lies inside the figure.

    Returns
    -------
    Text or None
        None when nothing was left out.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from neurons import Network
    >>> from neurons.drawing import network_picture
    >>> pic = network_picture(Network.dense([5, 4, 1], seed=0))
    >>> draw_note(pic, Figure().add_subplot(), 20, 1, 16).get_text()
    'not labelled: 20 edges (over 16 between two layers), 1 (no room)'
    """
    parts = []
    if beyond_limit:
        parts.append(f"{beyond_limit} edge{'s' if beyond_limit > 1 else ''} "
                     f"(over {limit} between two layers)")
    if crowded:
        what = "" if parts else f" edge{'s' if crowded > 1 else ''}"
        parts.append(f"{crowded}{what} (no room)")
    if not parts:
        return None
    style: dict[str, Any] = {"fontsize": sizes(pic.scale)["small"], "color": "#444444",
                             "fontstyle": "italic", "textcoords": "offset points"}
    note, s = f"not labelled: {', '.join(parts)}", pic.scale
    # Where it may stand, in order: after the legend on its row, above the legend, above the
    # axes' right end, below it; the first that lies inside the figure.
    places: list[tuple[dict[str, Any], bool]] = [
        ({"xy": (1, 0.5), "xycoords": legend, "xytext": (12 * s, 0), "ha": "left",
          "va": "center"}, legend is not None),
        ({"xy": (0, 1), "xycoords": legend, "xytext": (0, 2 * s), "ha": "left",
          "va": "bottom"}, legend is not None),
        ({"xy": (1, 1), "xycoords": "axes fraction", "xytext": (0, 4 * s), "ha": "right",
          "va": "bottom"}, legend is None),
        ({"xy": (1, 0), "xycoords": "axes fraction", "xytext": (0, -2 * s), "ha": "right",
          "va": "top"}, pic.step is None and not pic.shared_values)]
    fig = ax.figure
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    text = None
    for place, allowed in places:
        if not allowed:
            continue
        if text is not None:
            text.remove()
        text = ax.annotate(note, **place, **style)
        if get_renderer is None:
            break
        box = text.get_window_extent(get_renderer())
        if fig.bbox.contains(*box.min) and fig.bbox.contains(*box.max):
            break
    return text
