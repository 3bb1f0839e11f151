"""The 2-D input plane shared by the decision boundary and the neuron maps.

A network with exactly two inputs maps every point of the plane to its outputs;
these helpers check the network, the ranges and the labelled points, build the grid
(one batch for ``net.compile()``), and scatter the points in their class colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.colors import to_rgba_array

from ..checks import check_count, check_number
from ..data import check_labelled
from ..errors import ArgumentTypeError, ParameterError, ShapeError
from .style import CLASS_COLORS

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..core import NetworkCore

__all__ = ["check_two_inputs", "class_labels", "grid", "interval", "scatter_classes"]


def check_two_inputs(net: NetworkCore, what: str) -> None:
    """Raise a ShapeError unless ``net`` has exactly 2 inputs."""
    n = len(net.inputs)
    if n != 2:
        raise ShapeError(f"{what} draws the input plane of a network with exactly 2 inputs; "
                         f"this one has {n} ({', '.join(net.inputs)})")


def grid(x_range: Any, y_range: Any, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the grid's axes xs, ys and its points as rows, x varying fastest.

    So the outputs ``reshape(res, res)`` have point (xs[c], ys[r]) at [r, c], as
    ``contourf`` and ``imshow(origin="lower")`` read them.

    Examples
    --------
    >>> xs, ys, points = grid((0, 1), (0, 2), 2)
    >>> points.tolist()
    [[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [1.0, 2.0]]
    """
    resolution = check_count(resolution, "resolution", minimum=2)
    xs = np.linspace(*interval(x_range, "x"), resolution)
    ys = np.linspace(*interval(y_range, "y"), resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def interval(pair: Any, which: str) -> tuple[float, float]:
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


def class_labels(net: NetworkCore, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check labelled points; return X and the class index of every point.

    Examples
    --------
    >>> from neurons import Network
    >>> _, labels = class_labels(Network.dense([2, 3], seed=0), [[0, 0], [1, 1]], [2, 0])
    >>> labels.tolist()
    [2, 0]
    """
    X, T = check_labelled(net, X, y)
    return X, (T.argmax(axis=1) if T.shape[1] > 1 else (T[:, 0] > 0.5).astype(int))


def scatter_classes(ax: Axes, X: np.ndarray, labels: np.ndarray, size: float,
                    scale: float = 1.0, rim: float = 0.5) -> Any:
    """Scatter the points, class k in ``CLASS_COLORS[k % 10]`` with a thin black rim."""
    face = to_rgba_array([CLASS_COLORS[k % len(CLASS_COLORS)] for k in labels])
    return ax.scatter(X[:, 0], X[:, 1], c=face, s=size * scale ** 2, edgecolors="black",
                      linewidths=rim * scale, zorder=3)
