"""Pictures of what a network computes: activations, decision boundaries, neuron maps.

Every function draws with matplotlib only and returns what it made (a Figure
or an Axes), so the caller can adjust it or keep it with :func:`save_figure`.
Networks are evaluated on the vectorized path (``net.compile()``): a grid of
200 x 200 points is one batch, not 40,000 per-neuron passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import LinearSegmentedColormap, to_rgba_array
from matplotlib.figure import Figure

from .. import activations
from ..errors import ArgumentTypeError, ParameterError, ShapeError
from ..validation import check_count, check_labelled, check_number, check_path

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..network import Network

__all__ = ["CLASS_COLORS", "draw_neuron_maps", "plot_activations", "plot_decision_boundary",
           "save_figure"]

# Class k is drawn in CLASS_COLORS[k % 10] everywhere (points and argmax regions), so a
# reader can match a region to its points; matplotlib's tab10 is colour-blind friendly.
CLASS_COLORS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple",
                "tab:brown", "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]
# Low blue, middle white, high orange: a probability P(class 1) runs from class 0's colour
# to class 1's, and a neuron's output from negative to positive as in the web playgrounds.
_BLUE_ORANGE = LinearSegmentedColormap.from_list("blue_orange", ["tab:blue", "white", "tab:orange"])
# Weight signs in the colours draw() gives them on its "RdBu_r" map: one vocabulary for both.
_WEIGHT_SIGN = {True: colormaps["RdBu_r"](0.85), False: colormaps["RdBu_r"](0.15)}
# Output ranges of the bounded activations, so maps of the same kind share one colour scale.
_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def plot_activations(ax: Any = None, z: Any = None) -> Figure:
    """Draw every activation f(z) (solid) and its derivative f'(z) (dashed), one small axes
    per name in :func:`neurons.activations.names`, titled with it; legends give the formulas.

    Parameters
    ----------
    ax : sequence of Axes, optional
        One axes per activation, in the order of ``activations.names()``; by default
        a new figure with a grid of them.
    z : array_like, optional
        Where to evaluate; default 401 points from -5 to 5 (0 included).

    Returns
    -------
    Figure

    Examples
    --------
    >>> fig = plot_activations()
    >>> [ax.get_title() for ax in fig.axes][:3]
    ['identity', 'leaky_relu', 'relu']
    >>> plt.close(fig)
    """
    names = activations.names()
    if ax is None:
        ncols = 3
        nrows = -(-len(names) // ncols)
        fig, grid = plt.subplots(nrows, ncols, figsize=(3.3 * ncols, 2.6 * nrows),
                                 layout="constrained")
        axes = list(np.ravel(grid))
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
        act = activations.get(name)
        # Copies: an activation may work in place, and the plotted data must stay f(z).
        a = act.value(z.copy())
        d = act.derivative(z.copy(), a.copy())
        a_x.plot(z, a, "-", color="tab:blue", lw=2, label=f"f(z) = {act.formula}")
        a_x.plot(z, d, "--", color="tab:orange", lw=1.5,
                 label=f"f'(z) = {act.derivative_formula}")
        a_x.set_title(name)
        a_x.set_xlabel("z")
        a_x.grid(alpha=0.3)
        a_x.legend(fontsize=7, loc="upper left", frameon=False)
        lo, hi = float(min(a.min(), d.min())), float(max(a.max(), d.max()))
        a_x.set_ylim(lo - 0.15 * (hi - lo) - 0.05, hi + 0.45 * (hi - lo) + 0.05)  # legend room
    return fig


def _check_two_inputs(net: Network, what: str) -> None:
    n = len(net.inputs)
    if n != 2:
        raise ShapeError(f"{what} draws the input plane of a network with exactly 2 inputs; "
                         f"this one has {n} ({', '.join(net.inputs)})")


def _grid(x_range: Any, y_range: Any, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the grid's axes xs, ys and its points as rows, x varying fastest: so the
    outputs ``reshape(res, res)`` have point (xs[c], ys[r]) at [r, c], as ``contourf`` and
    ``imshow(origin="lower")`` read them."""
    resolution = check_count(resolution, "resolution", minimum=2)
    xs = np.linspace(*_interval(x_range, "x"), resolution)
    ys = np.linspace(*_interval(y_range, "y"), resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def _interval(pair: Any, which: str) -> tuple[float, float]:
    """A (low, high) pair of finite numbers, low < high, for one side of the input plane."""
    what = "X_range[0]" if which == "x" else "X_range[1]"
    if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
        raise ArgumentTypeError(
            f"{what} must be a pair (low, high), such as X_range=((-2, 2), (-2, 2)); "
            f"got {pair!r}")
    low, high = (check_number(v, f"{what}'s bound") for v in pair)
    if not low < high:
        raise ParameterError(f"{what} must be (low, high) with low < high, not {pair!r}")
    return low, high


def plot_decision_boundary(net: Network, X: Any, y: Any, ax: Axes | None = None,
                           resolution: int = 200, margin: float = 0.5,
                           threshold: float = 0.5, title: str | None = None) -> Axes:
    """Shade the input plane by the network's prediction and plot the labelled points.

    One output: its value (for a sigmoid, P(class 1)) shaded from class 0's colour to
    class 1's, with the ``threshold`` contour (the decision boundary) as a black line.
    Several outputs: each region in the colour of its argmax class.

    Parameters
    ----------
    net : Network
        Exactly 2 inputs.
    X : array_like, shape (n, 2)
    y : array_like
        Class indices, shape (n,), or one-hot rows (n, classes).
    ax : Axes, optional
    resolution : int, default 200
        Grid points per side.
    margin : float, default 0.5
        How far the grid reaches beyond the data, in input units.
    threshold : float, default 0.5
        The boundary of a single output.
    title : str, optional
        Default: the accuracy on (X, y).

    Returns
    -------
    Axes
        ``ax.collections``: the filled contours, the boundary line, then the points.

    Raises
    ------
    ShapeError
        For a network without exactly 2 inputs, or X, y of the wrong shapes.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.datasets import two_moons
    >>> X, y = two_moons(50, seed=0)
    >>> ax = plot_decision_boundary(Network.dense([2, 4, 1], seed=0), X, y, resolution=30)
    >>> len(ax.collections[-1].get_offsets())
    50
    >>> plt.close(ax.figure)
    """
    _check_two_inputs(net, "plot_decision_boundary")
    X, T = check_labelled(net, X, y)
    labels = T.argmax(axis=1) if T.shape[1] > 1 else (T[:, 0] > 0.5).astype(int)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.5), layout="constrained")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys, points = _grid((lo[0], hi[0]), (lo[1], hi[1]), resolution)
    fast = net.compile()
    out = fast.forward(points)
    n_out = out.shape[1]
    shape = (len(ys), len(xs))
    if n_out == 1:
        value = out[:, 0].reshape(shape)
        sigmoid = net.neuron(net.outputs[0]).activation.name == "sigmoid"
        # A probability keeps the fixed scale 0..1, so 0.5 is always the white middle.
        levels = (np.linspace(0.0, 1.0, 21) if sigmoid
                  else np.linspace(value.min(), value.max() + 1e-12, 21))
        ax.contourf(xs, ys, value, levels=levels, cmap=_BLUE_ORANGE, alpha=0.55)
        if value.min() < threshold < value.max():  # else there is no boundary to draw
            ax.contour(xs, ys, value, levels=[threshold], colors="black", linewidths=1.5)
        predicted = (fast.forward(X, check_input=False)[:, 0] > threshold).astype(int)
    else:
        cls = out.argmax(axis=1).reshape(shape)
        colors = [CLASS_COLORS[k % len(CLASS_COLORS)] for k in range(n_out)]
        ax.contourf(xs, ys, cls, levels=np.arange(n_out + 1) - 0.5, colors=colors, alpha=0.3)
        predicted = fast.forward(X, check_input=False).argmax(axis=1)
    face = to_rgba_array([CLASS_COLORS[k % len(CLASS_COLORS)] for k in labels])
    ax.scatter(X[:, 0], X[:, 1], c=face, s=18, edgecolors="black", linewidths=0.5, zorder=3)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel=net.inputs[0], ylabel=net.inputs[1])
    ax.set_title(title if title is not None
                 else f"accuracy {np.mean(predicted == labels):.1%} on these {len(X)} points")
    return ax


def _layout(net: Network, cell: float) -> dict[str, tuple[float, float]]:
    """Node centres in inches: layers left to right, build order top to bottom, each layer
    centred on the tallest one."""
    layers = net.layers
    tallest = max(len(layer) for layer in layers)
    pos = {}
    for t, layer in enumerate(layers):
        top = (tallest - len(layer)) / 2
        for i, name in enumerate(layer):
            pos[name] = ((t + 0.5) * cell * 1.35, (tallest - top - i - 0.5) * cell)
    return pos


def draw_neuron_maps(net: Network, X_range: Any = ((-2, 2), (-2, 2)), resolution: int = 40,
                     fig: Figure | None = None, edges: bool = True,
                     cell: float = 1.1) -> Figure:
    """Draw each neuron's output over the input plane, where the neuron sits in the network.

    Layers run left to right, each layer's neurons top to bottom in build order, as in the
    web playgrounds. Each neuron gets a heatmap (``imshow``) of its output over the plane,
    titled with its name. Faint lines follow the edges: red for positive weights, blue
    for negative (the ends of :func:`draw`'s weight colours), thicker for larger ones.

    Parameters
    ----------
    net : Network
        Exactly 2 inputs.
    X_range : ((x1_min, x1_max), (x2_min, x2_max)), default ((-2, 2), (-2, 2))
    resolution : int, default 40
        Grid points per side: pixel [r, c] is the output at x1 = ``linspace(*X_range[0],
        resolution)[c]``, x2 = ``linspace(*X_range[1], resolution)[r]``.
    fig : Figure, optional
        Drawn into; by default a new figure sized to the network.
    edges : bool, default True
    cell : float, default 1.1
        Inches per neuron (vertically) in a new figure.

    Returns
    -------
    Figure
        ``fig.axes[0]``: inputs and edges; ``fig.axes[1:]``: the maps, by layer and order.

    Raises
    ------
    ShapeError
        For a network without exactly 2 inputs.

    Examples
    --------
    >>> from neurons import Network
    >>> fig = draw_neuron_maps(Network.dense([2, 3, 1], seed=0), resolution=10)
    >>> [a.get_title() for a in fig.axes[1:]]
    ['h1', 'h2', 'h3', 'o1']
    >>> plt.close(fig)
    """
    _check_two_inputs(net, "draw_neuron_maps")
    if isinstance(X_range, (str, bytes)) or not isinstance(X_range, Sequence) or len(X_range) != 2:
        raise ArgumentTypeError(
            f"X_range must be ((x1_min, x1_max), (x2_min, x2_max)), not {X_range!r}")
    (x0, x1), (y0, y1) = _interval(X_range[0], "x"), _interval(X_range[1], "y")
    _, _, points = _grid((x0, x1), (y0, y1), resolution)
    res = int(resolution)
    fast = net.compile()
    _, A = fast._forward(fast._inputs(points))  # every layer's outputs in one batch

    pos = _layout(net, cell)
    width = max(x for x, _ in pos.values()) + 0.5 * cell * 1.35
    caption = 0.35  # inches at the bottom for the colour key
    pos = {k: (x, y + caption) for k, (x, y) in pos.items()}
    height = max(y for _, y in pos.values()) + 0.5 * cell + 0.1  # room for the top title
    if fig is None:
        fig = plt.figure(figsize=(width, height))
    back = fig.add_axes((0, 0, 1, 1), xlim=(0, width), ylim=(0, height))
    back.set_axis_off()

    side = 0.62 * cell
    if edges:
        weights = [abs(w) for _, _, w in net.graph.edges(data="weight")]
        biggest = max(weights, default=1.0) or 1.0
        inputs = set(net.inputs)
        for u, v, w in net.graph.edges(data="weight"):
            (ux, uy), (vx, vy) = pos[u], pos[v]
            # From the source's right side to the target's left side: a line between
            # centres would run over the maps' titles.
            ux += 0.12 if u in inputs else side / 2
            back.plot([ux, vx - side / 2], [uy, vy], color=_WEIGHT_SIGN[w > 0],
                      lw=0.3 + 2.5 * abs(w) / biggest, alpha=0.35, zorder=1)
    for name in net.inputs:
        back.text(*pos[name], name, ha="center", va="center", fontsize=10, zorder=2,
                  bbox={"boxstyle": "circle", "fc": "white", "ec": "0.4"})

    back.text(width / 2, caption / 2, "maps: output over the input plane (blue low, orange "
              "high)\nlines: weights (red positive, blue negative, as in draw)",
              ha="center", va="center", fontsize=7, color="0.3")
    for t, layer in enumerate(net.layers[1:], start=1):
        for i, name in enumerate(layer):
            x, y = pos[name]
            # Figure axes (not children of ``back``) so ``fig.axes`` lists every map; the
            # position is the layout's inches as fractions of the figure.
            inset = fig.add_axes(((x - side / 2) / width, (y - side / 2) / height,
                                  side / width, side / height))
            image = A[t][:, i].reshape(res, res)
            act = net.neuron(name).activation.name
            lo, hi = _RANGES.get(act, (float(image.min()), float(image.max())))
            if act not in _RANGES:  # unbounded: centre the scale on 0 so white means 0
                lo, hi = -max(abs(lo), abs(hi), 1e-12), max(abs(lo), abs(hi), 1e-12)
            inset.imshow(image, origin="lower", extent=(x0, x1, y0, y1), cmap=_BLUE_ORANGE,
                         vmin=lo, vmax=hi, aspect="auto", interpolation="nearest")
            inset.set_title(name, fontsize=8, pad=2)
            inset.set(xticks=[], yticks=[])
    return fig


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

    Examples
    --------
    >>> import tempfile
    >>> fig = plt.figure(figsize=(2, 1), dpi=50)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     png, svg = save_figure(fig, Path(folder) / "figures" / "empty")
    ...     print(png.name, svg.name, png.exists() and svg.exists())
    empty.png empty.svg True
    >>> plt.close(fig)
    """
    if not isinstance(fig, Figure):
        raise ArgumentTypeError(
            f"save_figure takes a matplotlib Figure, not {type(fig).__name__}"
            + (": pass ax.figure" if hasattr(fig, "figure") else ""))
    stem = check_path(stem, "stem")
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = Path(f"{stem}.png"), Path(f"{stem}.svg")
    fig.savefig(png, dpi=fig.dpi if dpi is None else dpi)
    # Without a date and with fixed element ids the SVG is the same bytes for the same
    # picture, so regenerating committed diagrams changes only what really changed.
    with matplotlib.rc_context({"svg.hashsalt": "neurons"}):
        fig.savefig(svg, metadata={"Date": None})
    return png, svg
