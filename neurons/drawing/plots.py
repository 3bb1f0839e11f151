"""Pictures of what a network computes: activations, decision boundaries, neuron maps.

Every function draws with matplotlib only and returns what it made (a Figure
or an Axes), so the caller can adjust it or keep it with :func:`save_figure`.
Networks are evaluated on the vectorized path (``net.compile()``): a grid of
200 x 200 points is one batch, not 40,000 per-neuron passes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import activations
from ..checks import check_path
from ..compiled import CompiledNetwork
from ..errors import ArgumentTypeError, ShapeError
from .maps import draw_neuron_maps
from .plane import check_two_inputs, class_labels, grid, scatter_classes
from .style import BLUE_ORANGE, CLASS_COLORS, check_scale, new_figure, sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..core import NetworkCore

__all__ = ["CLASS_COLORS", "draw_neuron_maps", "plot_activations", "plot_decision_boundary",
           "save_figure"]


def plot_activations(ax: Any = None, z: Any = None, *, scale: float = 1.0) -> Figure:
    """Draw every activation f(z) (solid) and its derivative f'(z) (dashed), one small axes
    per name in :func:`neurons.activations.names`, titled with it; legends give the formulas.

    Parameters
    ----------
    ax : sequence of Axes, optional
        One axes per activation, in the order of ``activations.names()``; by default
        a new figure with a grid of them, sized for a slide (at least 1200 pixels
        wide, smallest text 10 points).
    z : array_like, optional
        Where to evaluate; default 401 points from -5 to 5 (0 included).
    scale : float, default 1.0
        Multiplies every text and figure size: 1.5 for a poster, 0.8 for a notebook.

    Returns
    -------
    Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_activations()
    >>> [ax.get_title() for ax in fig.axes][:3]
    ['identity', 'leaky_relu', 'relu']
    >>> plt.close(fig)
    """
    names = activations.names()
    scale = check_scale(scale)
    if ax is None:
        ncols = 3
        nrows = -(-len(names) // ncols)
        fig = new_figure(4.2 * ncols * scale, 3.2 * nrows * scale, scale, layout="constrained")
        axes = list(np.ravel(fig.subplots(nrows, ncols)))
        for extra in axes[len(names):]:  # a grid larger than needed keeps no empty frames
            extra.remove()
    else:
        axes = list(np.ravel(ax))
        if len(axes) < len(names):
            raise ShapeError(f"plot_activations needs {len(names)} axes, one per activation "
                             f"({', '.join(names)}); got {len(axes)}")
        fig = axes[0].figure
    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z, dtype=float)
    for a_x, name in zip(axes, names):
        _plot_activation(a_x, activations.get(name), z, scale)
    return fig


def _plot_activation(a_x: Axes, act: Any, z: np.ndarray, scale: float) -> None:
    size = sizes(scale)
    # Copies: an activation may work in place, and the plotted data must stay f(z).
    a = act.value(z.copy())
    d = act.derivative(z.copy(), a.copy())
    a_x.plot(z, a, "-", color="tab:blue", lw=2 * scale, label=f"f(z) = {act.formula}")
    a_x.plot(z, d, "--", color="tab:orange", lw=1.5 * scale,
             label=f"f'(z) = {act.derivative_formula}")
    a_x.set_title(act.name, fontsize=size["large"])
    a_x.set_xlabel("z", fontsize=size["medium"])
    a_x.tick_params(labelsize=size["small"])
    a_x.grid(alpha=0.3)
    a_x.legend(fontsize=size["small"], loc="upper left", frameon=False)
    lo, hi = float(min(a.min(), d.min())), float(max(a.max(), d.max()))
    a_x.set_ylim(lo - 0.15 * (hi - lo) - 0.05, hi + 0.5 * (hi - lo) + 0.05)  # legend room


def plot_decision_boundary(net: NetworkCore, X: Any, y: Any, ax: Axes | None = None,
                           resolution: int = 200, margin: float = 0.5,
                           threshold: float = 0.5, title: str | None = None, *,
                           legend: bool = True, scale: float = 1.0) -> Axes:
    """Shade the input plane by the network's prediction and plot the labelled points.

    One output: its value (for a sigmoid, P(class 1)) shaded from class 0's colour to
    class 1's, with the ``threshold`` contour (the decision boundary) as a black line.
    Several outputs: each region in the colour of its argmax class. A legend names the
    classes in their colours ("class 0", "class 1", ...).

    Parameters
    ----------
    net : Network
        Exactly 2 inputs.
    X : array_like, shape (n, 2)
    y : array_like
        Class indices, shape (n,), or one-hot rows (n, classes).
    ax : Axes, optional
        By default a new figure sized for a slide (at least 1200 pixels wide, smallest
        text 10 points).
    resolution : int, default 200
        Grid points per side.
    margin : float, default 0.5
        How far the grid reaches beyond the data, in input units.
    threshold : float, default 0.5
        The boundary of a single output.
    title : str, optional
        Default: the accuracy on (X, y).
    legend : bool, default True
        The class legend, beside the axes.
    scale : float, default 1.0
        Multiplies every text, point and figure size.

    Returns
    -------
    Axes
        ``ax.collections``: the filled contours, the boundary line, then the points;
        ``ax.get_legend()``: the classes.

    Raises
    ------
    ShapeError
        For a network without exactly 2 inputs, or X, y of the wrong shapes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import Network
    >>> from neurons.datasets import two_moons
    >>> X, y = two_moons(50, seed=0)
    >>> ax = plot_decision_boundary(Network.dense([2, 4, 1], seed=0), X, y, resolution=30)
    >>> len(ax.collections[-1].get_offsets())
    50
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['class 0', 'class 1']
    >>> plt.close(ax.figure)
    """
    check_two_inputs(net, "plot_decision_boundary")
    scale = check_scale(scale)
    X, labels = class_labels(net, X, y)
    if ax is None:
        ax = new_figure(6.6 * scale, 4.8 * scale, scale, layout="constrained").subplots()
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys, points = grid((lo[0], hi[0]), (lo[1], hi[1]), resolution)
    fast = CompiledNetwork(net)
    out = fast.forward(points)
    n_out = out.shape[1]
    shape = (len(ys), len(xs))
    if n_out == 1:
        value = out[:, 0].reshape(shape)
        # A probability keeps the fixed scale 0..1, so 0.5 is always the white middle.
        levels = (np.linspace(0.0, 1.0, 21) if net.neuron(net.outputs[0]).activation.probability
                  else np.linspace(value.min(), value.max() + 1e-12, 21))
        ax.contourf(xs, ys, value, levels=levels, cmap=BLUE_ORANGE, alpha=0.55)
        if value.min() < threshold < value.max():  # else there is no boundary to draw
            ax.contour(xs, ys, value, levels=[threshold], colors="black",
                       linewidths=1.5 * scale)
        predicted = (fast.forward_prepared(X)[:, 0] > threshold).astype(int)
    else:
        cls = out.argmax(axis=1).reshape(shape)
        colors = [CLASS_COLORS[k % len(CLASS_COLORS)] for k in range(n_out)]
        ax.contourf(xs, ys, cls, levels=np.arange(n_out + 1) - 0.5, colors=colors, alpha=0.3)
        predicted = fast.forward_prepared(X).argmax(axis=1)
    scatter_classes(ax, X, labels, 18 * 1.6, scale)
    size = sizes(scale)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]))
    ax.set_xlabel(net.inputs[0], fontsize=size["medium"])
    ax.set_ylabel(net.inputs[1], fontsize=size["medium"])
    ax.tick_params(labelsize=size["small"])
    ax.set_title(title if title is not None
                 else f"accuracy {np.mean(predicted == labels):.1%} on these {len(X)} points",
                 fontsize=size["large"])
    if legend:
        _class_legend(ax, max(n_out, 2), scale)
    return ax


def _class_legend(ax: Axes, n_classes: int, scale: float) -> None:
    """One entry per class, "class k" in CLASS_COLORS[k], outside the axes on the right."""
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8 * scale,
                      markerfacecolor=CLASS_COLORS[k % len(CLASS_COLORS)],
                      markeredgecolor="black", markeredgewidth=0.5 * scale, label=f"class {k}")
               for k in range(n_classes)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False,
              fontsize=sizes(scale)["small"], handletextpad=0.3, borderaxespad=0.0)


def save_figure(fig: Figure, stem: str | Path, dpi: float | None = None) -> tuple[Path, Path]:
    """Save ``fig`` as ``stem.png`` and ``stem.svg``, making the folder if needed.

    The suffixes are appended, so a stem with a dot (``"plots/v1.2"``) keeps it.

    Parameters
    ----------
    fig : Figure
    stem : str or Path
        The path without a suffix.
    dpi : float, optional
        For the PNG; default the figure's own: ``fig.get_size_inches() * fig.dpi`` pixels.

    Returns
    -------
    (Path, Path)
        The PNG and the SVG.

    Raises
    ------
    ArgumentTypeError
        For anything but a Figure, saying where its figure is (``disp.figure`` of what
        :func:`~neurons.drawing.network.draw` returns, ``ax.figure`` of an Axes).

    Examples
    --------
    >>> import tempfile
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(figsize=(2, 1), dpi=50)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     png, svg = save_figure(fig, Path(folder) / "figures" / "empty")
    ...     print(png.name, svg.name, png.exists() and svg.exists())
    empty.png empty.svg True
    >>> plt.close(fig)
    """
    if not isinstance(fig, Figure):
        if hasattr(fig, "ax") and hasattr(fig, "figure"):  # what draw or History.plot returns
            hint = ": pass its .figure (its Axes are .ax)"
        else:
            hint = ": pass ax.figure" if hasattr(fig, "figure") else ""
        raise ArgumentTypeError(
            f"save_figure takes a matplotlib Figure, not {type(fig).__name__}{hint}")
    stem = check_path(stem, "stem")
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = Path(f"{stem}.png"), Path(f"{stem}.svg")
    fig.savefig(png, dpi=fig.dpi if dpi is None else dpi)
    # Without a date and with fixed element ids the SVG is the same bytes for the same
    # picture, so regenerating committed diagrams changes only what really changed.
    with matplotlib.rc_context({"svg.hashsalt": "neurons"}):
        fig.savefig(svg, metadata={"Date": None})
    return png, svg
