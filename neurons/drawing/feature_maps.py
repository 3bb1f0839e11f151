"""Feature maps: what each channel of a convolutional network makes of one input.

For one sample, :func:`draw_feature_maps` shows the input as an image and, a row per grid
layer (:class:`neurons.grids.Grid`: convolutions and pooling), each channel's activations
laid out as its grid, titled "c1 channel 2 (ReLU)". The values come from the vectorized
path's :meth:`~neurons.compiled.CompiledNetwork.layer_outputs`, one forward pass.

Each row has one colour scale for all its channels, so they can be compared: a sequential
map (``cmap``) for a layer whose values are all zero or more (after a ReLU, or pooling of
them), a diverging one centred on zero (``signed_cmap``) for a layer with negative values.
The input is drawn in greys, 0 white. A 1-D grid is one row of cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import CenteredNorm, Colormap, Normalize

from ..checks import check_count
from ..compiled import CompiledNetwork
from ..data import check_samples
from ..errors import ArgumentTypeError, NetworkStructureError, UnknownNameError, did_you_mean
from .style import check_scale, new_figure, sizes

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..core import NetworkCore
    from ..grids import Grid

__all__ = ["draw_feature_maps", "feature_maps"]

CELL_INCH = 0.22  # a pixel of a feature map (times scale), each map 1.1 to 1.8 inches across


def _layers(net: NetworkCore, layer: str | Sequence[str] | None) -> list[Grid]:
    grids = list(net.grids)
    if not grids:
        raise NetworkStructureError(
            "the network has no grid layers (net.grids lists none), so no feature maps: build "
            "one with from_architecture([{'type': 'conv2d', ...}]) or net.add_grid(...)")
    if layer is None:
        return grids
    wanted = [layer] if isinstance(layer, str) else list(layer)
    by_name = {g.name: g for g in grids}
    for name in wanted:
        if not isinstance(name, str):
            raise ArgumentTypeError(f"layer must be a grid layer's name ({', '.join(by_name)}), "
                                    f"or a list of them, not {name!r}")
        if name not in by_name:
            raise UnknownNameError(f"no grid layer named {name!r}"
                                   f"{did_you_mean(name, list(by_name))}; the grid layers: "
                                   f"{', '.join(by_name)}")
    return [by_name[name] for name in wanted]


def feature_maps(net: NetworkCore, x: Any, layer: str | Sequence[str] | None = None
                 ) -> dict[str, np.ndarray]:
    """One sample's activations of each grid layer, laid out as the grid: layer name ->
    array (channels x rows x columns, or channels x length), from
    :meth:`~neurons.compiled.CompiledNetwork.layer_outputs`; ``"input"`` -> the sample laid
    out as the first grid's input when that is the network's input.

    Examples
    --------
    >>> from neurons.builders import from_architecture
    >>> net = from_architecture([{"type": "conv2d", "in_shape": (1, 4, 4), "channels": 2,
    ...                           "kernel": 3}], seed=0)
    >>> maps = feature_maps(net, [0.5] * 16)
    >>> {name: m.shape for name, m in maps.items()}
    {'input': (1, 4, 4), 'c1': (2, 2, 2)}
    """
    grids = _layers(net, layer)
    sample = check_samples(net, x, single=True)
    outputs = CompiledNetwork(net).layer_outputs(sample)
    column = {n: (i, j) for i, names in enumerate(net.layers) for j, n in enumerate(names)}
    maps = {}
    first = net.grids[0]
    if list(first.inputs) == list(net.inputs):
        maps["input"] = sample[0].reshape(first.in_shape)
    for g in grids:
        at = [column[n] for n in g.neurons]
        layers = {i for i, _ in at}
        if len(layers) == 1:  # one layer, its columns gathered at once
            (i,) = layers
            values = outputs[i][0, [j for _, j in at]]
        else:
            values = np.array([outputs[i][0, j] for i, j in at])
        maps[g.name] = values.reshape(g.out_shape)
    return maps


def draw_feature_maps(net: NetworkCore, x: Any, layer: str | Sequence[str] | None = None, *,
                      fig: Figure | None = None, max_channels: int | None = 8,
                      cmap: str | Colormap = "viridis", signed_cmap: str | Colormap = "RdBu_r",
                      scale: float = 1.0) -> Figure:
    """Draw one sample's input and the feature maps of the grid layers (see the module).

    Parameters
    ----------
    net : Network
        With grid layers (``net.grids``).
    x : array-like
        One sample (the network's inputs, the image row by row).
    layer : str or list of str, optional
        The grid layers to show ("c1", or ["c1", "p1"]); default: every one.
    fig : Figure, optional
        Drawn into; by default a new figure for a slide (at least 1200 pixels wide times
        ``scale``, no text under 10 points times ``scale``).
    max_channels : int or None, default 8
        The most channels of a layer shown (the first ones); a note in the row's title says
        how many more there are. None shows all.
    cmap, signed_cmap : str or Colormap
        The sequential map of a layer without negative values, the diverging map (centred
        on zero) of one with.
    scale : float, default 1.0
        Multiplies every size.

    Returns
    -------
    Figure
        The maps' axes row by row, channel by channel: ``fig.axes`` lists the input's
        images first (titled "input", or "input channel 1", ...), then each layer's
        channels (titled "c1 channel 2 (ReLU)"), each image's array the channel's values
        (:func:`feature_maps`), each row followed by its colour bar.

    Raises
    ------
    NetworkStructureError
        For a network without grid layers.
    UnknownNameError
        For a ``layer`` that is no grid layer's name.
    ShapeError, DataError
        For a sample that does not fit the network's inputs.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons.builders import from_architecture
    >>> from neurons.datasets import shapes
    >>> net = from_architecture([{"type": "conv2d", "in_shape": (1, 8, 8), "channels": 4,
    ...                           "kernel": 3}, {"type": "maxpool2d", "size": 2}], seed=0)
    >>> X, y, names = shapes(4, seed=0)
    >>> fig = draw_feature_maps(net, X[0])
    >>> [ax.get_title() for ax in fig.axes if ax.images][:3]
    ['input', 'c1 channel 1 (ReLU)', 'c1 channel 2 (ReLU)']
    >>> plt.close(fig)
    """
    scale = check_scale(scale)
    if max_channels is not None:
        max_channels = check_count(max_channels, "max_channels")
    maps = feature_maps(net, x, layer)
    maps_cmap, signed = (colormaps[c] if isinstance(c, str) else c for c in (cmap, signed_cmap))
    for given, name in ((maps_cmap, "cmap"), (signed, "signed_cmap")):
        if not isinstance(given, Colormap):
            raise ArgumentTypeError(f"{name} must be a colormap or its name, not {given!r}")
    grids = {g.name: g for g in net.grids}
    rows = []  # (title, images as (title, 2-D array), norm, colormap, colour bar label)
    if "input" in maps:
        image = maps["input"]
        lo, hi = float(image.min()), float(image.max())
        titles = (["input"] if len(image) == 1
                  else [f"input channel {c + 1}" for c in range(len(image))])
        rows.append(([(t, _flat(m)) for t, m in zip(titles, image)],
                     Normalize(min(lo, 0.0), hi if hi > min(lo, 0.0) else min(lo, 0.0) + 1),
                     colormaps["Greys"], "input x", len(image)))
    for name, values in maps.items():
        if name == "input":
            continue
        g = grids[name]
        what = _what(net, g)
        kept = values if max_channels is None else values[:max_channels]
        lo, hi = float(values.min()), float(values.max())
        if lo < 0:
            norm: Normalize = CenteredNorm(vcenter=0.0, halfrange=max(-lo, hi) or 1.0)
            colours = signed
        else:
            norm, colours = Normalize(0.0, hi if hi > 0 else 1.0), maps_cmap
        rows.append(([(f"{name} channel {c + 1} ({what})", _flat(m)) for c, m in enumerate(kept)],
                     norm, colours, f"{name}: a", len(values)))
    text = sizes(scale)
    columns = max(len(images) for images, *_ in rows)
    side = max(max(m.shape) for images, *_ in rows for _, m in images)
    # Inches per pixel of the largest map: 0.22, but each map 1.1 to 1.8 inches across.
    cell = min(max(CELL_INCH * side, 1.1), 1.8) * scale / side
    if fig is None:
        width = max(columns * (side * cell + 0.5 * scale) + 1.3 * scale, 8.0 * scale)
        height = sum(max(m.shape[0] for _, m in images) * cell + 0.75 * scale
                     for images, *_ in rows) + 0.6 * scale
        fig = new_figure(width, height, scale, layout="constrained")
    figures = fig.subfigures(len(rows), 1, squeeze=False)[:, 0]
    for sub, (images, norm, colours, label, count) in zip(figures, rows):
        axes = sub.subplots(1, columns, squeeze=False)[0]
        shown = []
        for ax, (title, image) in zip(axes, images):
            shown.append(ax.imshow(image, cmap=colours, norm=norm, interpolation="nearest"))
            ax.set_title(title, fontsize=text["medium"], pad=3)
            ax.set_xticks([])
            ax.set_yticks([])
        for ax in axes[len(images):]:
            ax.set_axis_off()
        bar = sub.colorbar(shown[0], ax=list(axes), shrink=0.9, aspect=12)
        bar.set_label(label, fontsize=text["medium"])
        bar.ax.tick_params(labelsize=text["small"])
        if count > len(images):
            sub.suptitle(f"channels 1-{len(images)} of {count}", fontsize=text["small"],
                         x=0.02, ha="left", color="#444444")
    return fig


def _flat(image: np.ndarray) -> np.ndarray:
    """A channel as a 2-D image: a 1-D one as a single row."""
    return image.reshape(1, -1) if image.ndim == 1 else image


def _what(net: NetworkCore, g: Grid) -> str:
    """What a layer's neurons compute, for the titles: the activation, or the pooling."""
    if g.kind == "conv":
        act = net.neuron(g.neurons[0]).activation
        return act.symbol or act.name
    return f"{g.kind} pool"
