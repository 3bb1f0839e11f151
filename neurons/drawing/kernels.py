"""A convolution's kernels as small heatmaps: what each output channel looks for.

Each output channel of a convolution layer (:class:`neurons.grids.Grid`) reads every input
channel through a small kernel of shared weights. :func:`draw_kernels` draws each such
kernel as a heatmap, a row per output channel and a column per input channel, all on one
diverging colour scale centred on zero (red positive, blue negative, as the edges of
:func:`neurons.drawing.network.draw`), with the weights written in the cells when they fit
at the picture's smallest text size, and each channel's bias under its row.

Pixel (r, c) of the heatmap of output channel o and input channel i is the parameter
``k{n}_{o}_{i}_{r}_{c}`` (counted from 1); a 1-D kernel is one row of cells.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import CenteredNorm, Colormap

from ..errors import ArgumentTypeError, NetworkStructureError, UnknownNameError, did_you_mean
from .style import check_scale, new_figure, sizes

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..core import NetworkCore
    from ..grids import Grid

__all__ = ["conv_layer", "draw_kernels", "kernel_array"]

CELL_INCH = 0.5  # a kernel cell: room for "-0.25" in 10-point text (times scale)
_CHAR_EM = 0.62  # a digit's width, in font sizes


def conv_layer(net: NetworkCore, layer: str | None = None) -> Grid:
    """The convolution layer named ``layer`` (default: the first one).

    Raises
    ------
    NetworkStructureError
        For a network without convolution layers.
    UnknownNameError
        For a name that is no convolution layer of ``net`` (a pooling layer's included).

    Examples
    --------
    >>> from neurons.builders import from_architecture
    >>> net = from_architecture([{"type": "conv1d", "in_shape": (1, 6), "channels": 2,
    ...                           "kernel": 3}, {"type": "maxpool1d", "size": 2}], seed=0)
    >>> conv_layer(net).name
    'c1'
    >>> try:
    ...     conv_layer(net, "p1")
    ... except UnknownNameError as e:
    ...     print(e)
    layer 'p1' is a max pooling layer: it has no kernel; the convolution layers: c1
    """
    convs = [g for g in net.grids if g.kind == "conv"]
    if not convs:
        raise NetworkStructureError(
            "the network has no convolution layers (net.grids lists none): build one with "
            "from_architecture([{'type': 'conv2d', ...}]) or net.add_grid(Grid.convolution(...))")
    if layer is None:
        return convs[0]
    names = ", ".join(g.name for g in convs)
    if not isinstance(layer, str):
        raise ArgumentTypeError(f"layer must be the name of a convolution layer ({names}), not "
                                f"{layer!r}")
    for g in net.grids:
        if g.name == layer:
            if g.kind != "conv":
                raise UnknownNameError(f"layer {layer!r} is a {g.kind} pooling layer: it has no "
                                       f"kernel; the convolution layers: {names}")
            return g
    raise UnknownNameError(f"no convolution layer named {layer!r}"
                           f"{did_you_mean(layer, [g.name for g in convs])}; the convolution "
                           f"layers: {names}")


def kernel_array(net: NetworkCore, layer: str | None = None) -> np.ndarray:
    """A convolution's kernel weights as an array: output channels x input channels x the
    kernel's shape (rows x columns, or length), from the network's shared parameters.

    Examples
    --------
    >>> from neurons.builders import from_architecture
    >>> net = from_architecture([{"type": "conv2d", "in_shape": (1, 5, 5), "channels": 3,
    ...                           "kernel": 2}], seed=0)
    >>> k = kernel_array(net)
    >>> k.shape, float(k[2, 0, 1, 0]) == net.parameter("k1_3_1_2_1")
    ((3, 1, 2, 2), True)
    """
    g = conv_layer(net, layer)
    values = np.array([net.parameter(p) for p in g.kernel_names], dtype=float)
    return values.reshape(g.out_shape[0], g.in_shape[0], *g.kernel)


def draw_kernels(net: NetworkCore, layer: str | None = None, *, fig: Figure | None = None,
                 cmap: str | Colormap = "RdBu_r", values: bool | str = "auto",
                 fmt: str = ".2f", scale: float = 1.0) -> Figure:
    """Draw each kernel of a convolution layer as a heatmap (see the module).

    Parameters
    ----------
    net : Network
    layer : str, optional
        The convolution layer's name ("c1"); default: the first.
    fig : Figure, optional
        Drawn into; by default a new figure for a slide (at least 1200 pixels wide times
        ``scale``, no text under 10 points times ``scale``).
    cmap : str or Colormap, default "RdBu_r"
        A diverging map: its middle colour is a weight of zero.
    values : True, False or "auto"
        Write each weight in its cell; "auto": when the cells are wide enough for the
        numbers at the smallest text size (10 points times ``scale``).
    fmt : str, default ".2f"
        Format of the numbers.
    scale : float, default 1.0
        Multiplies every size.

    Returns
    -------
    Figure
        ``fig.axes[:n]``: the heatmaps, output channel by output channel, each input channel
        in turn (``n`` = output channels x input channels), each image's array the kernel
        (:func:`kernel_array`); ``fig.axes[n]``: the colour bar.

    Raises
    ------
    NetworkStructureError, UnknownNameError
        Without that convolution layer (:func:`conv_layer`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons.builders import from_architecture
    >>> net = from_architecture([{"type": "conv2d", "in_shape": (1, 8, 8), "channels": 4,
    ...                           "kernel": 3}], seed=0)
    >>> fig = draw_kernels(net, "c1")
    >>> fig.axes[1].get_title(), fig.axes[1].images[0].get_array().shape
    ('c1 channel 2', (3, 3))
    >>> bool((fig.axes[1].images[0].get_array() == kernel_array(net)[1, 0]).all())
    True
    >>> plt.close(fig)
    """
    g = conv_layer(net, layer)
    scale = check_scale(scale)
    if values not in (True, False, "auto"):
        raise ArgumentTypeError(f"values must be True, False or 'auto', not {values!r}")
    cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
    if not isinstance(cmap, Colormap):
        raise ArgumentTypeError(f"cmap must be a colormap or its name, not {cmap!r}")
    kernels = kernel_array(net, g.name)
    c_out, c_in = kernels.shape[:2]
    shape = g.kernel if g.dims == 2 else (1, g.kernel[0])
    text = sizes(scale)
    largest = float(np.max(np.abs(kernels))) or 1.0
    norm = CenteredNorm(vcenter=0.0, halfrange=largest)
    # One image per (out, in): a row per output channel, or a square-ish grid of them when
    # there is one input channel.
    columns = c_in if c_in > 1 else min(c_out, math.ceil(math.sqrt(c_out * 1.5)))
    rows = c_out if c_in > 1 else math.ceil(c_out / columns)
    cell = CELL_INCH * scale
    widest = max(len(f"{v:{fmt}}") for v in kernels.reshape(-1))  # "-0.25": 5
    fits = widest * _CHAR_EM * text["small"] / 72 <= 0.9 * cell
    write = fits if values == "auto" else bool(values)
    size = "x".join(map(str, g.kernel))
    title = (f"{g.name}: {c_out} kernels of {size}, one per output channel" if c_in == 1 else
             f"{g.name}: {c_out}x{c_in} kernels of {size}, one per output and input channel")
    if fig is None:
        width = max(columns * (shape[1] * cell + 0.35 * scale) + 1.6 * scale,
                    (len(title) * _CHAR_EM * text["large"] / 72 + 0.6) * scale)
        height = rows * (shape[0] * cell + 0.95 * scale) + 0.7 * scale
        fig = new_figure(width, height, scale, layout="constrained")
    grid = fig.subplots(rows, columns, squeeze=False)
    biases = [net.parameter(p) for p in g.bias_names]
    shown = []
    for k, ax in enumerate(grid.flat[:c_out * c_in]):
        o, i = divmod(k, c_in)
        image = kernels[o, i].reshape(shape)
        shown.append(ax.imshow(image, cmap=cmap, norm=norm, interpolation="nearest"))
        ax.set_title(f"{g.name} channel {o + 1}" + (f" ← input {i + 1}" if c_in > 1 else ""),
                     fontsize=text["medium"], pad=3)
        ax.set_xticks([])
        ax.set_yticks([])
        if biases and i == c_in - 1:
            ax.set_xlabel(f"bias {biases[o]:{fmt}}", fontsize=text["small"], labelpad=3)
        if write:
            _write(ax, image, norm, cmap, fmt, text["small"])
    for ax in grid.flat[c_out * c_in:]:
        fig.delaxes(ax)
    bar = fig.colorbar(shown[0], ax=list(grid.flat[:c_out * c_in]), shrink=0.9)
    bar.set_label("kernel weight", fontsize=text["medium"])
    bar.ax.tick_params(labelsize=text["small"])
    fig.suptitle(title, fontsize=text["large"])
    return fig


def _write(ax: Any, image: np.ndarray, norm: CenteredNorm, cmap: Colormap, fmt: str,
           size: float) -> None:
    """Each cell's number in it, white on dark cells and black on light ones."""
    for (r, c), v in np.ndenumerate(image):
        red, green, blue, _ = cmap(norm(v))
        dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
        text = f"{v:{fmt}}"
        if text.startswith("-") and float(text) == 0:  # "-0.00": a tiny negative, written 0
            text = text[1:]
        ax.text(c, r, text, ha="center", va="center", fontsize=size,
                color="white" if dark else "black")
