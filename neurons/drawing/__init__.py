"""Pictures of networks, drawn with matplotlib on the networkx graph.

============================== ===============================================================
:func:`draw`                   the network, layered left to right, with weights, biases,
                               activations, and optionally a sample's values and gradients
:func:`draw_neuron_maps`       for 2-D inputs: each neuron's output over the input plane
:func:`draw_weight_images`     for image inputs: each first-layer neuron's weights as an image
:func:`draw_grids`             a convolutional network as grids of neurons (``draw`` calls it)
:func:`draw_kernels`           a convolution's kernels as heatmaps, the weights in the cells
:func:`draw_feature_maps`      for one input: the image and each grid layer's channels
:func:`draw_unrolled`          a recurrent network unrolled, a column per time step (``draw``
                               calls it)
:func:`draw_rolled`            a recurrent network rolled up: one step's cell, W_hh a loop;
                               and :func:`plot_gradient_through_time`, the size of dL/dh_t
                               against the distance in time, one line per network
:func:`plot_decision_boundary` for 2-D classification: the regions and the data
:func:`animate_training`       a GIF of the diagram and the loss curve while training
:func:`animate_backprop`       a GIF of one sample's backpropagation, step by step
:class:`BackpropFrames`        the same diagram drawn once and shown frame by frame
:func:`lesson`                 one sample's backpropagation as one self-contained web page
:func:`plot_histories`         the training curves of several runs on one axes, to compare
                               them (one run: :meth:`History.plot`, :func:`plot_history`)
:func:`plot_activations`       every activation and its derivative
:func:`save_figure`            a figure as PNG and SVG
============================== ===============================================================

:func:`draw` combines parts that can be drawn on their own, as networkx's
``draw_networkx_nodes`` and ``draw_networkx_edges`` are: :func:`network_picture` decides
what the diagram shows (a :class:`Picture`), :func:`draw_picture` draws it, and
:func:`draw_edges`, :func:`draw_highlight`, :func:`draw_nodes`, :func:`draw_rim_outlines`,
:func:`draw_node_labels`, :func:`draw_elided`, :func:`draw_colorbar`,
:func:`draw_value_colorbar`, :func:`draw_legend`, :func:`draw_weight_labels`,
:func:`draw_step_nodes` and :func:`draw_caption` each draw one kind of artist from it into
an Axes (see :mod:`neurons.drawing.network`).

Every function draws into an ``ax`` (or a figure) the caller may pass, and returns what it
made, so the picture can be saved, combined or inspected: :func:`draw` a
:class:`NetworkDisplay` (its ``ax``, ``figure`` and ``artists`` by kind), the training
curves a :class:`HistoryDisplay` (the loss axes, the accuracy axes, the legend, the runs),
the others their Figure or Axes. Nothing is written on the matplotlib objects.

The modules, one concept each:

============================== ===============================================================
:mod:`.network`                :func:`draw`, :func:`draw_picture` and :class:`NetworkDisplay`
:mod:`.picture`                what a diagram shows (:func:`network_picture`)
:mod:`.nodes`                  the neurons and the texts beside them
:mod:`.edges`                  the edges, the highlighted chain, the numbers on the edges
:mod:`.legends`                the colour bars and the legend of shapes
:mod:`.steps`                  a step of ``net.steps``: what it shows, its halo and caption
:mod:`.layout`                 where the neurons and the figure go
:mod:`.labels`                 where the numbers on the edges go
:mod:`.style`                  sizes and colours for a slide
:mod:`.training_curves`        loss and accuracy per epoch, of one run or several
:mod:`.display`                the PNG a notebook shows for a network
:mod:`.plots`                  activations, decision boundaries, :func:`save_figure`
:mod:`.maps`                   each neuron's output over the 2-D input plane
:mod:`.weight_images`          each first-layer neuron's weights, laid out as the input image
:mod:`.ties`                   shared parameters: edge kinds, one colour per parameter
:mod:`.grids`                  convolution and pooling layers as grids of neurons, windows
:mod:`.kernels`                a convolution's kernels as heatmaps
:mod:`.feature_maps`           one input's activations of each grid layer, as images
:mod:`.recurrent`              recurrent networks unrolled and rolled up, the gradient's reach
:mod:`.plane`                  the input plane both share: grid, points, checks
:mod:`.animate`                the GIFs of training and of backpropagation
:mod:`.lesson`                 the steps as a web page: diagrams, MathML, the numbers
:mod:`.svg`                    a figure as inline SVG for a page
============================== ===============================================================
"""

from .animate import BackpropFrames, animate_backprop, animate_training
from .edges import draw_edges, draw_highlight, draw_weight_labels
from .feature_maps import draw_feature_maps, feature_maps
from .grids import GridPicture, draw_grid_picture, draw_grids, grid_picture
from .kernels import draw_kernels, kernel_array
from .legends import draw_colorbar, draw_legend, draw_parameter_key, draw_value_colorbar
from .lesson import Lesson, lesson
from .network import NetworkDisplay, draw, draw_picture
from .nodes import draw_elided, draw_node_labels, draw_nodes, draw_rim_outlines
from .picture import Picture, network_picture
from .plots import draw_neuron_maps, plot_activations, plot_decision_boundary, save_figure
from .recurrent import draw_rolled, draw_unrolled, plot_gradient_through_time
from .steps import draw_caption, draw_step_nodes
from .training_curves import HistoryDisplay, plot_histories, plot_history
from .weight_images import draw_weight_images, weight_images

__all__ = [
    "BackpropFrames",
    "GridPicture",
    "HistoryDisplay",
    "Lesson",
    "NetworkDisplay",
    "Picture",
    "animate_backprop",
    "animate_training",
    "draw",
    "draw_caption",
    "draw_colorbar",
    "draw_edges",
    "draw_elided",
    "draw_feature_maps",
    "draw_grid_picture",
    "draw_grids",
    "draw_highlight",
    "draw_kernels",
    "draw_legend",
    "draw_neuron_maps",
    "draw_node_labels",
    "draw_nodes",
    "draw_parameter_key",
    "draw_picture",
    "draw_rim_outlines",
    "draw_rolled",
    "draw_step_nodes",
    "draw_unrolled",
    "draw_value_colorbar",
    "draw_weight_images",
    "draw_weight_labels",
    "feature_maps",
    "grid_picture",
    "kernel_array",
    "lesson",
    "network_picture",
    "plot_activations",
    "plot_decision_boundary",
    "plot_gradient_through_time",
    "plot_histories",
    "plot_history",
    "save_figure",
    "weight_images",
]
