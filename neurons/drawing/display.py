"""How a :class:`neurons.Network` shows itself in Jupyter: its diagram, as PNG bytes.

``Network._repr_png_`` calls :func:`png`, importing this module (and so matplotlib)
only when a notebook asks for the picture.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .grids import draw_grids, uses_grid_layout
from .network import draw

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = ["png"]


def png(net: NetworkCore) -> bytes | None:
    """Render ``net``'s diagram (:func:`neurons.draw`) as PNG bytes; None without neurons.

    The figure is 8 x 4.5 inches at 90 dpi, cropped to what was drawn; a convolutional
    network drawn as grids (:func:`~neurons.drawing.grids.draw_grids`) has a figure sized
    to its grids, at 90 dpi too.

    Examples
    --------
    >>> from neurons import Network
    >>> png(Network.dense([2, 3, 1], seed=0))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    >>> png(Network()) is None  # nothing to draw yet
    True
    """
    if not net.neurons:
        return None
    # A bare Figure, not pyplot: displaying must not open windows or leave figures behind.
    fig = Figure(figsize=(8, 4.5))
    FigureCanvasAgg(fig)
    if uses_grid_layout(net):  # grids need their own proportions: the figure sized to them
        draw_grids(net, figure=fig)
    else:
        draw(net, ax=fig.add_subplot())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return buffer.getvalue()
