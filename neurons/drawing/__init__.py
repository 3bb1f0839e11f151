"""Pictures of networks, drawn with matplotlib on the networkx graph.

=============================  ===============================================================
:func:`draw`                   the network, layered left to right, with weights, biases,
                               activations, and optionally a sample's values and gradients
:func:`draw_neuron_maps`       for 2-D inputs: each neuron's output over the input plane
:func:`plot_decision_boundary` for 2-D classification: the regions and the data
:func:`animate_training`       a GIF of the diagram and the loss curve while training
:func:`animate_backprop`       a GIF of one sample's backpropagation, step by step
:func:`plot_histories`         the training curves of several runs on one axes, to compare
                               them (one run: :meth:`History.plot`)
:func:`plot_activations`       every activation and its derivative
:func:`save_figure`            a figure as PNG and SVG
=============================  ===============================================================

:func:`draw` combines parts that can be drawn on their own, as networkx's
``draw_networkx_nodes`` and ``draw_networkx_edges`` are: :func:`network_picture` decides
what the diagram shows (a :class:`Picture`), and :func:`draw_edges`,
:func:`draw_highlight`, :func:`draw_nodes`, :func:`draw_rim_outlines`,
:func:`draw_node_labels`, :func:`draw_elided`, :func:`draw_colorbar`,
:func:`draw_value_colorbar`, :func:`draw_legend`, :func:`draw_weight_labels`,
:func:`draw_step_nodes` and :func:`draw_caption` each draw one kind of artist from it into
an Axes (see :mod:`neurons.drawing.network`).

Every function draws into an ``ax`` (or a figure) the caller may pass, and returns what it
made, so the picture can be saved, combined or inspected.
"""

from .animate import animate_backprop, animate_training
from .edges import draw_edges, draw_highlight, draw_weight_labels
from .history import plot_histories
from .keys import draw_colorbar, draw_legend, draw_value_colorbar
from .network import draw
from .parts import draw_elided, draw_node_labels, draw_nodes, draw_rim_outlines
from .picture import Picture, network_picture
from .plots import draw_neuron_maps, plot_activations, plot_decision_boundary, save_figure
from .stepparts import draw_caption, draw_step_nodes

__all__ = [
    "Picture",
    "animate_backprop",
    "animate_training",
    "draw",
    "draw_caption",
    "draw_colorbar",
    "draw_edges",
    "draw_elided",
    "draw_highlight",
    "draw_legend",
    "draw_neuron_maps",
    "draw_node_labels",
    "draw_nodes",
    "draw_rim_outlines",
    "draw_step_nodes",
    "draw_value_colorbar",
    "draw_weight_labels",
    "network_picture",
    "plot_activations",
    "plot_decision_boundary",
    "plot_histories",
    "save_figure",
]
