"""What the hidden units see: each first-layer neuron's incoming weights as a small image.

When the inputs are the pixels of an image (8 x 8 digits, 28 x 28 MNIST, any h x w), a
neuron of the first layer weighs every pixel: laid out as the image, its weights show
the pattern it responds to (Nielsen's chapter 6 and cs231n show them so). Every image
shares one diverging colour scale centred on zero, red positive and blue negative as the
edges of :func:`neurons.drawing.network.draw`, so the neurons can be compared; a pixel
the neuron does not read is left blank.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import CenteredNorm, Colormap
from matplotlib.figure import Figure

from ..checks import check_count
from ..errors import ArgumentTypeError, NetworkStructureError, ShapeError
from .style import check_scale, new_figure, sizes

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = ["draw_weight_images", "weight_images"]


def weight_images(net: NetworkCore, shape: Sequence[int]) -> dict[str, np.ndarray]:
    """Each first-layer neuron's incoming weights, laid out as the input image.

    Returns neuron name -> array of ``shape`` (rows, columns), pixel i at the place of the
    i-th input (row by row, as ``image.reshape(-1)`` orders it); NaN where the neuron does
    not read that input.

    Raises
    ------
    ShapeError
        When ``shape`` does not hold exactly the network's inputs.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([4, 2, 1], seed=0)
    >>> images = weight_images(net, (2, 2))
    >>> list(images), images["h1"].shape
    (['h1', 'h2'], (2, 2))
    >>> float(images["h2"][1, 0]) == net.weight("x3", "h2")
    True
    """
    rows, cols = _shape(net, shape)
    column = {name: i for i, name in enumerate(net.inputs)}
    first = net.layers[1] if len(net.layers) > 1 else []
    images = {}
    for name in first:
        neuron = net.neuron(name)
        pixels = np.full(rows * cols, np.nan)
        for source, w in zip(neuron.inputs, neuron.weight_list):
            if source in column:  # a first-layer neuron reads inputs only
                pixels[column[source]] = w
        images[name] = pixels.reshape(rows, cols)
    return images


def draw_weight_images(net: NetworkCore, shape: Sequence[int], *, fig: Figure | None = None,
                       columns: int | None = None, cmap: str | Colormap = "RdBu_r",
                       scale: float = 1.0) -> Figure:
    """Draw each first-layer neuron's incoming weights as an image, in a grid, on one shared
    colour scale centred on zero (a colour bar says the weight each colour stands for).

    Parameters
    ----------
    net : Network
        Its inputs are the pixels of an image of ``shape``, row by row.
    shape : (int, int)
        The input image's rows and columns: (8, 8) for the digits, (28, 28) for MNIST.
    fig : Figure, optional
        Drawn into; by default a new figure for a slide (at least 1200 pixels wide times
        ``scale``, smallest text 10 points).
    columns : int, optional
        Images per row; default about the square root of the number of neurons.
    cmap : str or Colormap, default "RdBu_r"
        A diverging map: its middle colour is a weight of zero.
    scale : float, default 1.0
        Multiplies every size: 1.5 for a poster, 0.8 for a notebook.

    Returns
    -------
    Figure
        ``fig.axes[:n]``: one image per neuron, in the order of ``net.layers[1]``, titled
        with its name; ``fig.axes[n]``: the colour bar.

    Raises
    ------
    ShapeError
        When ``shape`` does not hold exactly the network's inputs.
    NetworkStructureError
        For a network without neurons.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> net = Network.dense([64, 12, 10], seed=0)
    >>> fig = draw_weight_images(net, (8, 8))
    >>> len(fig.axes), fig.axes[0].get_title(), fig.axes[0].images[0].get_array().shape
    (13, 'h1', (8, 8))
    >>> plt.close(fig)
    """
    images = weight_images(net, shape)
    if not images:
        raise NetworkStructureError("the network has no neurons yet: add some with add_neuron")
    scale = check_scale(scale)
    n = len(images)
    columns = (math.ceil(math.sqrt(n)) if columns is None
               else min(check_count(columns, "columns"), n))
    rows = math.ceil(n / columns)
    cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
    if not isinstance(cmap, Colormap):
        raise ArgumentTypeError(f"cmap must be a colormap or its name, not {cmap!r}")
    cmap = cmap.with_extremes(bad="white")  # a pixel the neuron does not read
    values = np.concatenate([image.reshape(-1) for image in images.values()])
    largest = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
    norm = CenteredNorm(vcenter=0.0, halfrange=largest or 1.0)  # one scale for every image
    text = sizes(scale)
    cell = 1.25 * scale  # inches per image
    if fig is None:
        fig = new_figure(max(columns * cell + 1.4 * scale, 4.0 * scale),
                         rows * cell * 1.2 + 0.9 * scale, scale, layout="constrained")
    grid = fig.subplots(rows, columns, squeeze=False)
    shown = []
    for ax, (name, image) in zip(grid.flat, images.items()):
        shown.append(ax.imshow(image, cmap=cmap, norm=norm, interpolation="nearest"))
        ax.set_title(name, fontsize=text["medium"], pad=2)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in grid.flat[n:]:
        fig.delaxes(ax)
    bar = fig.colorbar(shown[0], ax=list(grid.flat[:n]), shrink=0.8)
    bar.set_label("weight (red positive, blue negative)", fontsize=text["medium"])
    bar.ax.tick_params(labelsize=text["small"])
    fig.suptitle("first-layer weights: what each hidden neuron responds to",
                 fontsize=text["large"])
    return fig


def _shape(net: NetworkCore, shape: Any) -> tuple[int, int]:
    if (isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence)
            or len(shape) != 2):
        raise ArgumentTypeError(f"shape must be (rows, columns) of the input image, such as "
                                f"(8, 8), not {shape!r}")
    rows, cols = (check_count(s, "every entry of shape") for s in shape)
    if rows * cols != len(net.inputs):
        raise ShapeError(f"shape {(rows, cols)} holds {rows * cols} pixels, but the network "
                         f"has {len(net.inputs)} inputs; give the image's rows and columns")
    return rows, cols
