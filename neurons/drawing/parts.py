"""The neurons, their texts and the legend of :func:`neurons.drawing.network.draw`.

:class:`Picture` holds what ``draw`` decided (positions, roles, the numbers and their
colour scales); :func:`draw_nodes`, :func:`draw_texts` and :func:`draw_legend` draw
from it and record their artists in ``Picture.art`` (which becomes
``ax.neurons_artists``). Sizes are in points times ``Picture.scale``.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Colormap, ListedColormap, Normalize, to_rgba
from matplotlib.lines import Line2D

from .style import sizes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..network import Network

__all__ = ["FACES", "FADED", "GLYPHS", "NODE_PT", "SHAPES", "SIZES", "Picture", "draw_legend",
           "draw_nodes", "draw_texts"]

NODE_PT = 46.0  # node diameter in points at scale 1; text offsets are in points too
SHAPES = {"input": "s", "hidden": "o", "output": "h"}
SIZES = {"input": 0.8, "hidden": 1.0, "output": 1.05}  # squares look bigger than circles
FACES = {"input": "#e6e6e6", "hidden": "#ffffff", "output": "#fff0c2"}
GLYPHS = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "lReLU",
          "identity": "lin", "softplus": "sp+"}
FADED = 0.2  # alpha of what a highlight leaves out


@dataclass
class Picture:
    """What one call of ``draw`` decided, shared by the functions that draw its parts."""

    net: Network
    rows: list[tuple[list[Hashable], int]]
    pos: dict[Hashable, tuple[float, float]]
    kept: list[str]
    layer_of: dict[Hashable, int]
    edges: list[tuple[str, str]]
    role: dict[str, str]
    scale: float = 1.0
    names: bool = False
    bias_name: dict[str, str] = field(default_factory=dict)
    neurons: dict[str, Any] = field(default_factory=dict)
    edge_vals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    bias_vals: dict[str, float] = field(default_factory=dict)
    overflow: dict[str, str] = field(default_factory=dict)
    quantity: str = "weight"
    efmt: str = ".2f"
    fmt: str = ".2f"
    gradients: bool = False
    cmap: Any = None
    norm: Any = None
    value_map: Any = None
    hl: dict[str, Any] | None = None
    trace: Any = None
    ax: Axes | None = None
    art: dict[str, Any] = field(default_factory=dict)

    def alpha(self, n: Hashable) -> float:
        """1 for what the highlight keeps (or without one), else a faded text's alpha."""
        return 1.0 if self.hl is None or n in self.hl["nodes"] else 0.45


def _value_scale(pic: Picture, value_cmap: str | Colormap) -> Normalize:
    """The activations' norm: the neurons' a alone, inputs left out (they may be far off)."""
    a_vals = np.array([pic.trace.a[n] for n in pic.neurons] or [pic.trace.a[n] for n in pic.kept],
                      dtype=float)
    lo, hi = float(a_vals.min()), float(a_vals.max())
    base = colormaps[value_cmap] if isinstance(value_cmap, str) else value_cmap
    # Only the light part of the map, so black names stay readable on every face.
    pic.value_map = ListedColormap(base(np.linspace(0.03, 0.6, 256)))
    return Normalize(lo, hi) if hi > lo else Normalize(lo - 0.5, hi + 0.5)


def draw_nodes(pic: Picture, value_cmap: str | Colormap) -> None:
    """Shape by role, face by activation (neurons, with values), rim by bias."""
    vnorm = _value_scale(pic, value_cmap) if pic.trace is not None else None
    pic.art["value_norm"] = vnorm
    s, graph = pic.scale, pic.net.graph
    for r in ("input", "hidden", "output"):
        members = [n for n in pic.kept if pic.role[n] == r]
        if not members:
            continue
        keep = [pic.hl is None or n in pic.hl["nodes"] for n in members]
        faces = [_pale(pic.value_map(vnorm(pic.trace.a[n])) if vnorm is not None and
                       r != "input" else FACES[r], k) for n, k in zip(members, keep)]
        rims = [_pale(pic.cmap(pic.norm(pic.bias_vals[n])) if n in pic.bias_vals else "#555555",
                      k) for n, k in zip(members, keep)]
        lws = [(2.8 if n in pic.bias_vals else 1.0) * s for n in members]
        diameter = SIZES[r] * NODE_PT * s
        pic.art["nodes"][r] = nx.draw_networkx_nodes(
            graph, pic.pos, nodelist=members, ax=pic.ax, node_shape=SHAPES[r],
            node_size=diameter ** 2, node_color=faces, edgecolors=rims, linewidths=lws)
        biased = [n for n in members if n in pic.bias_vals]
        if biased:  # a thin dark ring outlines the bias rim, which is pale for b near 0
            ring = nx.draw_networkx_nodes(
                graph, pic.pos, nodelist=biased, ax=pic.ax, node_shape=SHAPES[r],
                node_size=(diameter + 3.2 * s) ** 2, node_color=[(0, 0, 0, 0)] * len(biased),
                edgecolors=[_pale("#555555", pic.alpha(n) == 1.0) for n in biased],
                linewidths=0.7 * s)
            ring.set_zorder(2.1)


def draw_texts(pic: Picture) -> None:
    """Name inside, activation under the name, bias above, z and a below, gap counts."""
    size, s, art = sizes(pic.scale), pic.scale, pic.art
    half = NODE_PT * s / 2
    for n in pic.kept:
        va = "center" if pic.role[n] == "input" else "bottom"
        art["name_labels"][n] = nx.draw_networkx_labels(
            pic.net.graph, pic.pos, labels={n: n}, ax=pic.ax, font_size=size["large"],
            verticalalignment=va, alpha=pic.alpha(n))[n]
        if n in pic.neurons:
            name = pic.neurons[n].activation.name
            art["activation_labels"][n] = _note(pic, n, GLYPHS.get(name, name[:5]), -1 * s,
                                                "top", boxed=False)
        if n in pic.bias_vals:
            label = pic.bias_name[n] if pic.names else "b"
            label = f"dL/d{label}" if pic.gradients else label
            mark = f" {pic.overflow[n]}" if n in pic.overflow else ""
            art["bias_labels"][n] = _note(pic, n, f"{label}={pic.bias_vals[n]:{pic.efmt}}{mark}",
                                          half + 2 * s, "bottom")
        if pic.trace is not None:
            text = f"a={pic.trace.a[n]:{pic.fmt}}"
            if n in pic.neurons:
                text = f"z={pic.trace.z[n]:{pic.fmt}}\n{text}"
            art["value_labels"][n] = _note(pic, n, text, -half - 2 * s, "top")
    for i, (row, left_out) in enumerate(pic.rows):
        gaps = [g for g in row if not isinstance(g, str)]
        if left_out:
            art["elided"][i] = pic.ax.text(*pic.pos[gaps[0]], f"⋮\n{left_out} more",
                                           ha="center", va="center", fontsize=size["small"],
                                           color="#444444")


def _pale(colour: Any, keep: bool) -> tuple[float, ...]:
    """The colour, or (outside a highlight) an opaque pale version, so edges stay hidden."""
    rgba = np.array(to_rgba(colour))
    if not keep:
        rgba[:3] = 0.3 * rgba[:3] + 0.7
    return tuple(rgba)


def _note(pic: Picture, n: str, text: str, dy: float, va: str, boxed: bool = True) -> Any:
    """A small text ``dy`` points above (below, if negative) a node, whatever the zoom."""
    # Outside the node a faint white box keeps the number readable over the edges.
    alpha = pic.alpha(n)
    box = {"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.7 * alpha}
    return pic.ax.annotate(text, pic.pos[n], xytext=(0, dy), textcoords="offset points",
                           ha="center", va=va, fontsize=sizes(pic.scale)["small"], alpha=alpha,
                           color="#222222", zorder=3, bbox=box if boxed else None)


def draw_legend(pic: Picture) -> None:
    """The node shapes, the bias rim, the highlighted chain and the overflow marks."""
    ms = 10 * pic.scale
    plain = pic.trace is not None  # with values the faces show activations: shapes only
    handles = [Line2D([], [], marker=SHAPES[r], linestyle="", markersize=ms,
                      markerfacecolor="white" if plain else FACES[r],
                      markeredgecolor="#555555", label=r)
               for r in ("input", "hidden", "output") if r in pic.role.values()]
    if pic.bias_vals:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=ms,
                              markeredgewidth=2.5 * pic.scale, markerfacecolor="white",
                              markeredgecolor="#b2182b", label="rim: bias"))
    if pic.hl is not None:
        handles.append(Line2D([], [], color="#ffc107", lw=5 * pic.scale, alpha=0.6,
                              label=f"chain of dL/d{pic.hl['parameter']}"))
    if pic.overflow:
        handles.append(Line2D([], [], marker="$▲▼$", linestyle="", markersize=1.6 * ms,
                              color="#222222", markeredgewidth=0,
                              label="bias beyond the colour bar"))
    pic.ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1), ncol=len(handles),
                  frameon=False, fontsize=sizes(pic.scale)["small"], handletextpad=0.3,
                  columnspacing=1.2)
