"""Sizes and colours shared by the pictures, chosen for a projected slide.

A picture made with the defaults is at least :data:`SLIDE_PX` pixels wide and its
smallest text is :data:`SMALL_PT` points; ``scale`` (every drawing function takes one)
multiplies every text, node and figure size: ``scale=1.5`` for a poster, ``scale=0.8``
for a notebook.

=====================  ==========================================================
:func:`check_scale`    the ``scale`` setting, checked (a positive number)
:func:`sizes`          the text sizes in points for one ``scale``
:func:`slide_dpi`      the dpi that makes a figure at least ``SLIDE_PX * scale`` wide
:func:`new_figure`     a pyplot figure of that size and dpi
=====================  ==========================================================
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
from matplotlib import colormaps
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from ..checks import check_number

if TYPE_CHECKING:
    from matplotlib.artist import Artist

__all__ = ["BLUE_ORANGE", "CLASS_COLORS", "SLIDE_PX", "SMALL_PT", "WEIGHT_SIGN", "check_scale",
           "new_figure", "sizes", "slide_dpi"]

SLIDE_PX = 1200  # the least width in pixels of a picture made with the defaults
SMALL_PT = 10.0  # the smallest text in points at scale 1: numbers, legends, ticks
# Class k is drawn in CLASS_COLORS[k % 10] everywhere (points, argmax regions, legends), so a
# reader can match a region to its points; matplotlib's tab10 is colour-blind friendly.
CLASS_COLORS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple",
                "tab:brown", "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]
# Low blue, middle white, high orange: a probability P(class 1) runs from class 0's colour
# to class 1's, and a neuron's output from negative to positive as in the web playgrounds.
BLUE_ORANGE = LinearSegmentedColormap.from_list("blue_orange", ["tab:blue", "white", "tab:orange"])
# Weight signs in the colours draw() gives them on its "RdBu_r" map: one vocabulary for both.
WEIGHT_SIGN = {True: colormaps["RdBu_r"](0.85), False: colormaps["RdBu_r"](0.15)}


def check_scale(scale: Any) -> float:
    """Return ``scale`` as a positive float, or raise naming the setting.

    Examples
    --------
    >>> check_scale(1.5)
    1.5
    >>> check_scale(0)
    Traceback (most recent call last):
    ...
    neurons.errors.ParameterError: scale must be positive, not 0
    """
    return check_number(scale, "scale", positive=True)


def sizes(scale: float) -> dict[str, float]:
    """Text sizes in points: ``"small"`` (numbers, ticks, legends), ``"medium"`` (axis and
    colour-bar labels, names) and ``"large"`` (titles), times ``scale``.

    Examples
    --------
    >>> sizes(1.0)
    {'small': 10.0, 'medium': 11.0, 'large': 12.0}
    >>> sizes(0.8)["small"]
    8.0
    """
    return {"small": SMALL_PT * scale, "medium": 11.0 * scale, "large": 12.0 * scale}


def slide_dpi(width: float, scale: float = 1.0) -> int:
    """The dpi (at least 100) at which ``width`` inches are ``SLIDE_PX * scale`` pixels or more.

    Examples
    --------
    >>> slide_dpi(6.0), slide_dpi(20.0), slide_dpi(6.0 * 0.8, scale=0.8)
    (200, 100, 200)
    """
    dpi = max(100, math.ceil(SLIDE_PX * scale / width))
    # The PNG's size is the product rounded down: one more dpi if rounding would lose a pixel.
    return dpi + (int(width * dpi) < SLIDE_PX * scale)


def new_figure(width: float, height: float, scale: float = 1.0, **settings: Any) -> Figure:
    """A pyplot figure of ``width`` x ``height`` inches at :func:`slide_dpi`.

    Examples
    --------
    >>> fig = new_figure(8.0, 4.0)
    >>> [int(v) for v in fig.get_size_inches() * fig.dpi]
    [1200, 600]
    >>> plt.close(fig)
    """
    return plt.figure(figsize=(width, height), dpi=slide_dpi(width, scale), **settings)


def fit_figure(figure: Figure | None, width: float, height: float,
               scale: float = 1.0) -> Figure:
    """``figure`` resized to ``width`` x ``height`` inches at :func:`slide_dpi`, or a
    :func:`new_figure` of that size when ``figure`` is None.

    Examples
    --------
    >>> fig = fit_figure(new_figure(4.0, 4.0), 8.0, 4.0)
    >>> [int(v) for v in fig.get_size_inches() * fig.dpi]
    [1200, 600]
    >>> plt.close(fig)
    """
    if figure is None:
        return new_figure(width, height, scale)
    figure.set_size_inches(width, height)
    figure.set_dpi(slide_dpi(width, scale))
    return figure


def figure_of(artist: Artist) -> Figure:
    """The Figure ``artist`` is drawn in: for an artist of a SubFigure, the figure holding
    that (what ``artist.get_figure(root=True)`` returns from matplotlib 3.10 on).

    Examples
    --------
    >>> fig = Figure()
    >>> sub = fig.subfigures(1, 2)[0]
    >>> figure_of(fig.add_subplot()) is fig, figure_of(sub.add_subplot()) is fig
    (True, True)
    """
    figure = artist.figure
    return figure if isinstance(figure, Figure) else figure.figure


def as_rgba(colour: Iterable[float]) -> tuple[float, float, float, float]:
    """The four numbers of an RGBA colour (red, green, blue, alpha) as a tuple, unchanged.

    Examples
    --------
    >>> as_rgba(float(c) for c in (0, 0.5, 1, 1))
    (0.0, 0.5, 1.0, 1.0)
    """
    red, green, blue, alpha = colour
    return red, green, blue, alpha
