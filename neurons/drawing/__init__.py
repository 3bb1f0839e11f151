"""Pictures of networks, drawn with matplotlib on the networkx graph.

=============================  ===============================================================
:func:`draw`                   the network, layered left to right, with weights, biases,
                               activations, and optionally a sample's values and gradients
:func:`draw_neuron_maps`       for 2-D inputs: each neuron's output over the input plane
:func:`plot_decision_boundary` for 2-D classification: the regions and the data
:func:`animate_training`       a GIF of the diagram and the loss curve while training
:func:`plot_histories`         the training curves of several runs on one axes, to compare
                               them (one run: :meth:`History.plot`)
:func:`plot_activations`       every activation and its derivative
:func:`save_figure`            a figure as PNG and SVG
=============================  ===============================================================

Every function draws into an ``ax`` (or a figure) the caller may pass, and returns what it
made, so the picture can be saved, combined or inspected.
"""

from .animate import animate_training
from .history import plot_histories
from .network import draw
from .plots import draw_neuron_maps, plot_activations, plot_decision_boundary, save_figure

__all__ = [
    "animate_training",
    "draw",
    "draw_neuron_maps",
    "plot_activations",
    "plot_decision_boundary",
    "plot_histories",
    "save_figure",
]
