"""Neuron maps: each neuron's output over the 2-D input plane, where it sits in the network.

Layers run left to right and each layer's neurons top to bottom in build order, as in
the web playgrounds and in :func:`neurons.drawing.network.draw` (inputs are its grey
squares). The whole plane is one batch on the vectorized path (``net.compile()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from matplotlib.figure import Figure

from ..checks import check_number
from ..compiled import CompiledNetwork
from ..data import check_samples
from ..errors import ArgumentTypeError
from .nodes import FACES, NODE_PT, SIZES
from .plane import check_two_inputs, class_labels, grid, interval, scatter_classes
from .style import BLUE_ORANGE, WEIGHT_SIGN, check_scale, new_figure, sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..core import NetworkCore

__all__ = ["draw_neuron_maps"]


def draw_neuron_maps(net: NetworkCore, X_range: Any = ((-2, 2), (-2, 2)), resolution: int = 40,
                     fig: Figure | None = None, edges: bool = True, cell: float = 1.1, *,
                     axes: bool = False, X: Any = None, y: Any = None,
                     scale: float = 1.0) -> Figure:
    """Draw each neuron's output over the input plane, where the neuron sits in the network.

    Layers run left to right, each layer's neurons top to bottom in build order, as in the
    web playgrounds. Inputs are grey squares, as :func:`neurons.draw` draws them. Each
    neuron gets a heatmap (``imshow``) of its output over the plane, titled with its
    name. Faint lines follow the edges: red for positive weights, blue for negative (the
    ends of :func:`draw`'s weight colours), thicker for larger ones.

    Parameters
    ----------
    net : Network
        Exactly 2 inputs.
    X_range : ((x1_min, x1_max), (x2_min, x2_max)), default ((-2, 2), (-2, 2))
    resolution : int, default 40
        Grid points per side: pixel [r, c] is the output at x1 = ``linspace(*X_range[0],
        resolution)[c]``, x2 = ``linspace(*X_range[1], resolution)[r]``.
    fig : Figure, optional
        Drawn into; by default a new figure sized to the network, for a slide: at least
        1200 pixels wide (times ``scale``), smallest text 10 points.
    edges : bool, default True
    cell : float, default 1.1
        Inches per neuron (vertically) in a new figure, times ``scale``.
    axes : bool, default False
        Give every map its x1 and x2 ticks.
    X, y : array_like, optional
        Points to scatter on every map; with labels ``y`` (class indices, 0/1, or
        one-hot rows), each point in its class colour, as
        :func:`plot_decision_boundary` draws them.
    scale : float, default 1.0
        Multiplies every size: 1.5 for a poster, 0.8 for a notebook.

    Returns
    -------
    Figure
        ``fig.axes[0]``: inputs and edges; ``fig.axes[1:]``: the maps, by layer and order;
        ``fig.axes[0].collections[0]``: the input squares.

    Raises
    ------
    ShapeError
        For a network without exactly 2 inputs (or points of the wrong shape).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 3, 1], seed=0)
    >>> fig = draw_neuron_maps(net, resolution=10, X=[[0, 1], [1, 0]], y=[1, 0], axes=True)
    >>> [a.get_title() for a in fig.axes[1:]]
    ['h1', 'h2', 'h3', 'o1']
    >>> len(fig.axes[1].collections[0].get_offsets())  # the two points, on every map
    2
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    check_two_inputs(net, "draw_neuron_maps")
    if isinstance(X_range, (str, bytes)) or not isinstance(X_range, Sequence) or len(X_range) != 2:
        raise ArgumentTypeError(
            f"X_range must be ((x1_min, x1_max), (x2_min, x2_max)), not {X_range!r}")
    extent = (*interval(X_range[0], "x"), *interval(X_range[1], "y"))
    scale = check_scale(scale)
    unit = check_number(cell, "cell", positive=True) * scale
    points = _points(net, X, y)
    _, _, plane = grid(extent[:2], extent[2:], resolution)
    A = CompiledNetwork(net).layer_outputs(plane)  # every layer's outputs in one batch

    pitch = (unit * 1.35 * (1.3 if axes else 1.0), unit * (1.3 if axes else 1.0))
    caption = 0.75 * scale  # inches at the bottom for the colour key
    pos, width, height = _layout(net, pitch, caption, 4.6 * scale)
    fig = new_figure(width, height, scale) if fig is None else fig
    back = fig.add_axes((0, 0, 1, 1), xlim=(0, width), ylim=(0, height))
    back.set_axis_off()
    side = 0.62 * unit
    _draw_inputs(back, net, pos, scale)
    if edges:
        _draw_edges(back, net, pos, side, scale)
    key = ("maps: each neuron's output over the input plane\n(blue low, white 0 or middle, "
           "orange high)\nlines: weights (red positive, blue negative)")
    back.text(width / 2, caption / 2, key + ("; points: the data" if points else ""),
              ha="center", va="center", fontsize=sizes(scale)["small"], color="0.3")
    for t, layer in enumerate(net.layers[1:], start=1):
        for i, name in enumerate(layer):
            x, y_ = pos[name]
            # Figure axes (not children of ``back``) so ``fig.axes`` lists every map; the
            # position is the layout's inches as fractions of the figure.
            inset = fig.add_axes(((x - side / 2) / width, (y_ - side / 2) / height,
                                  side / width, side / height))
            _draw_map(inset, net, name, A[t][:, i].reshape(int(resolution), -1), extent)
            _decorate(inset, name, axes, scale, points)
    return fig


def _points(net: NetworkCore, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray | None] | None:
    """The points to scatter and their classes (None without labels), or None."""
    if X is None:
        if y is not None:
            raise ArgumentTypeError("draw_neuron_maps got labels y without points X")
        return None
    if y is None:
        return check_samples(net, X), None
    return class_labels(net, X, y)


def _layout(net: NetworkCore, pitch: tuple[float, float], caption: float,
            min_width: float) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Node centres in inches (layers left to right, build order top to bottom, each layer
    centred on the tallest one) and the figure's width and height."""
    layers = net.layers
    tallest = max(len(layer) for layer in layers)
    natural = len(layers) * pitch[0]
    width = max(natural, min_width)  # the caption needs some width
    shift = (width - natural) / 2
    pos = {}
    for t, layer in enumerate(layers):
        top = (tallest - len(layer)) / 2
        for i, name in enumerate(layer):
            pos[name] = (shift + (t + 0.5) * pitch[0],
                         caption + (tallest - top - i - 0.5) * pitch[1])
    height = caption + tallest * pitch[1] + 0.1 * pitch[1]  # room for the top title
    return pos, width, height


def _draw_inputs(back: Axes, net: NetworkCore, pos: dict[str, tuple[float, float]],
                 scale: float) -> None:
    xy = np.array([pos[n] for n in net.inputs])
    back.scatter(xy[:, 0], xy[:, 1], marker="s", s=(SIZES["input"] * NODE_PT * scale) ** 2,
                 c=FACES["input"], edgecolors="#555555", linewidths=scale, zorder=2)
    for name in net.inputs:
        back.text(*pos[name], name, ha="center", va="center", fontsize=sizes(scale)["large"],
                  zorder=3)


def _draw_edges(back: Axes, net: NetworkCore, pos: dict[str, tuple[float, float]], side: float,
                scale: float) -> None:
    edges: list[tuple[str, str, float]] = list(net.graph.edges(data="weight"))
    weights = [abs(w) for _, _, w in edges]
    biggest = max(weights, default=1.0) or 1.0
    inputs = set(net.inputs)
    square = SIZES["input"] * NODE_PT * scale / 72 / 2
    for u, v, w in edges:
        (ux, uy), (vx, vy) = pos[u], pos[v]
        # From the source's right side to the middle of the target's left side, where no
        # tick label is: a line between centres would run over the maps' titles.
        ux += square if u in inputs else side / 2
        back.plot([ux, vx - side / 2], [uy, vy], color=WEIGHT_SIGN[w > 0],
                  lw=(0.3 + 2.5 * abs(w) / biggest) * scale, alpha=0.35, zorder=1)


def _draw_map(inset: Axes, net: NetworkCore, name: str, image: np.ndarray,
              extent: tuple[float, float, float, float]) -> None:
    # A bounded activation's own range, so maps of the same kind share one colour scale.
    bounds = net.neuron(name).activation.output_range
    if bounds is not None:
        lo, hi = bounds
    else:  # unbounded: centre the scale on 0 so white means 0
        half = max(abs(float(image.min())), abs(float(image.max())), 1e-12)
        lo, hi = -half, half
    inset.imshow(image, origin="lower", extent=extent, cmap=BLUE_ORANGE, vmin=lo, vmax=hi,
                 aspect="auto", interpolation="nearest")


def _decorate(inset: Axes, name: str, axes: bool, scale: float, points: Any) -> None:
    size = sizes(scale)
    inset.set_title(name, fontsize=size["medium"], pad=2 * scale)
    if axes:  # the plane's ends only, aligned inwards: the middle of each side stays free
        (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
        inset.set_xticks([x0, x1], [f"{x0:g}", f"{x1:g}"])
        inset.set_yticks([y0, y1], [f"{y0:g}", f"{y1:g}"])
        inset.tick_params(labelsize=size["small"], length=2 * scale, pad=1.5 * scale)
        across: tuple[Literal["left", "right"], ...] = ("left", "right")
        up: tuple[Literal["bottom", "top"], ...] = ("bottom", "top")
        for label, ha in zip(inset.get_xticklabels(), across):
            label.set_horizontalalignment(ha)
        for label, va in zip(inset.get_yticklabels(), up):
            label.set_verticalalignment(va)
    else:
        inset.set(xticks=[], yticks=[])
    if points is not None:
        X, labels = points
        limits = inset.get_xlim(), inset.get_ylim()
        if labels is None:
            inset.scatter(X[:, 0], X[:, 1], s=5 * scale ** 2, c="white", edgecolors="black",
                          linewidths=0.3 * scale, zorder=3)
        else:
            scatter_classes(inset, X, labels, 5, scale, 0.3)
        inset.set(xlim=limits[0], ylim=limits[1])  # points outside the plane stay outside
