"""Tests of draw_weight_images: each first-layer neuron's weights as an image, through the
artists (the images' arrays, their shared colour scale, titles), never image files."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import neurons
from neurons import Network, draw_weight_images
from neurons.drawing import weight_images

from .helpers import snapshot


def test_each_image_is_its_neurons_weights_laid_out_row_by_row():
    net = Network.dense([12, 5, 2], activation="tanh", seed=3)
    fig = draw_weight_images(net, (3, 4))
    try:
        maps = fig.axes[:5]
        assert [ax.get_title() for ax in maps] == ["h1", "h2", "h3", "h4", "h5"]
        for ax, name in zip(maps, net.layers[1]):
            shown = ax.images[0].get_array()
            assert shown.shape == (3, 4)
            for j, x in enumerate(net.inputs):  # input j at row j // 4, column j % 4
                assert shown[j // 4, j % 4] == net.weight(x, name)
        # One scale for all, centred on zero and reaching the largest |w| of the layer.
        norms = {id(ax.images[0].norm) for ax in maps}
        assert len(norms) == 1
        norm = maps[0].images[0].norm
        largest = max(np.abs(net.neuron(k).weights).max() for k in net.layers[1])
        assert norm.vmin == pytest.approx(-largest) and norm.vmax == pytest.approx(largest)
        assert "weight" in fig.axes[5].get_ylabel()  # the colour bar
        assert len(fig.axes) == 6  # the grid's unused cell (3 x 2 for 5) is removed
    finally:
        plt.close(fig)


def test_a_pixel_a_neuron_does_not_read_is_blank():
    net = Network()
    for i in range(4):
        net.add_input(f"x{i + 1}")
    net.add_neuron("h1", {"x1": 0.5, "x4": -1.0})
    net.add_neuron("o1", {"h1": 1.0, "x2": 2.0})  # reads an input, but is not layer 1
    images = weight_images(net, (2, 2))
    assert list(images) == ["h1"]
    image = images["h1"]
    assert image[0, 0] == 0.5 and image[1, 1] == -1.0
    assert np.isnan(image[0, 1]) and np.isnan(image[1, 0])


def test_slide_sized_and_scaled():
    net = Network.dense([64, 9, 4], seed=0)
    fig = draw_weight_images(net, (8, 8))
    big = draw_weight_images(net, (8, 8), scale=1.5, columns=9)
    try:
        assert fig.get_size_inches()[0] * fig.dpi >= 1200
        assert fig.axes[0].title.get_fontsize() >= 10
        small = fig.axes[0].title.get_fontsize()
        assert big.axes[0].title.get_fontsize() == pytest.approx(1.5 * small)
        assert {round(ax.get_position().y0, 6) for ax in big.axes[:9]} == {
            round(big.axes[0].get_position().y0, 6)}  # nine columns: one row
    finally:
        plt.close(fig)
        plt.close(big)


@pytest.mark.parametrize(("shape", "error", "match"), [
    ((8, 7), neurons.ShapeError, "holds 56 pixels, but the network has 64 inputs"),
    ((64,), neurons.ArgumentTypeError, "rows, columns"),
    ("8x8", neurons.ArgumentTypeError, "rows, columns"),
    ((8, 0), neurons.ParameterError, "at least 1"),
])
def test_a_shape_that_is_not_the_inputs_is_refused_and_nothing_changes(shape, error, match):
    net = Network.dense([64, 3, 2], seed=0)
    before = snapshot(net)
    with pytest.raises(error, match=match):
        draw_weight_images(net, shape)
    assert snapshot(net) == before
