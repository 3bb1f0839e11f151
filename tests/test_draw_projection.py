"""Pictures a teacher can project: default sizes, text sizes and the ``scale`` setting.

Every default picture is at least 1200 pixels wide as save_figure writes it, and no text
in it (labels, numbers, ticks, legends, colour bars) is smaller than 10 points.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.image import imread
from matplotlib.text import Text

from neurons import Network
from neurons.datasets import two_moons
from neurons.drawing.network import draw
from neurons.drawing.plots import (
    draw_neuron_maps,
    plot_activations,
    plot_decision_boundary,
    save_figure,
)
from neurons.errors import ArgumentTypeError, ParameterError


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def moons():
    X, y = two_moons(60, noise=0.15, seed=0)
    return Network.dense([2, 8, 8, 1], activation="tanh", seed=0), X, y


def texts(fig):
    """Every Text artist the figure draws (tick labels, legends, colour bars included)."""
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def smallest_text(fig):
    return min(t.get_fontsize() for t in texts(fig))


def saved_width(fig, tmp_path, stem="picture"):
    png, _ = save_figure(fig, tmp_path / stem)
    height, width = imread(png).shape[:2]
    assert (width, height) == tuple(int(v) for v in fig.get_size_inches() * fig.dpi)
    return width


def pictures(moons):
    """The default pictures: (name, figure) pairs."""
    net, X, y = moons
    worked = Network.dense([2, 2, 1], seed=0)
    yield "draw", draw(worked, names=True).figure
    yield "draw values", draw(worked, values=[-2.0, -1.0]).figure
    yield "draw gradients", draw(worked, gradients=([-2.0, -1.0], [1.0]), highlight="w1").figure
    yield "draw 2-25-50-1", draw(Network.dense([2, 25, 50, 1], seed=0)).figure
    yield "draw 2-1", draw(Network.dense([2, 1], seed=0)).figure
    yield "neuron maps", draw_neuron_maps(net, resolution=8)
    yield "neuron maps axes points", draw_neuron_maps(net, resolution=8, axes=True, X=X, y=y)
    yield "decision boundary", plot_decision_boundary(net, X, y, resolution=20).figure
    yield "activations", plot_activations()


def test_default_pictures_are_slide_sized_with_readable_text(moons, tmp_path):
    for i, (name, fig) in enumerate(pictures(moons)):
        assert saved_width(fig, tmp_path, f"p{i}") >= 1200, name
        assert smallest_text(fig) >= 10, name
        plt.close(fig)


def test_every_kind_of_text_is_counted(moons):
    """The size check above sees tick labels, legend and colour-bar texts too."""
    disp = draw(Network.dense([2, 2, 1], seed=0), values=[1.0, 0.0])
    found = texts(disp.figure)
    art = disp.artists
    for bar in (art["colorbar"], art["value_colorbar"]):
        ticks = [t for t in bar.ax.get_yticklabels() if t.get_text()]
        assert ticks and all(t in found for t in ticks)
        assert bar.ax.yaxis.label in found
    assert all(t in found for t in disp.ax.get_legend().get_texts())
    assert all(t in found for t in art["weight_labels"].values())
    net, X, y = moons
    ax = plot_decision_boundary(net, X, y, resolution=10)
    found = texts(ax.figure)
    assert all(t in found for t in ax.get_legend().get_texts())
    assert all(t in found for t in ax.get_xticklabels() if t.get_text())


@pytest.mark.parametrize("scale", [0.8, 1.5])
def test_scale_multiplies_text_and_figure_sizes(moons, scale):
    net, X, y = moons
    worked = Network.dense([2, 2, 1], seed=0)
    pairs = [
        (draw(worked, names=True).figure, draw(worked, names=True, scale=scale).figure),
        (draw_neuron_maps(net, resolution=5), draw_neuron_maps(net, resolution=5, scale=scale)),
        (plot_decision_boundary(net, X, y, resolution=10).figure,
         plot_decision_boundary(net, X, y, resolution=10, scale=scale).figure),
        (plot_activations(), plot_activations(scale=scale)),
    ]
    for plain, scaled in pairs:
        assert smallest_text(scaled) == pytest.approx(10 * scale)
        np.testing.assert_allclose(scaled.get_size_inches(), plain.get_size_inches() * scale,
                                   rtol=0.02)
        pixels = scaled.get_size_inches()[0] * scaled.dpi
        assert pixels >= 1200 * scale - 1


def test_scale_grows_the_neurons_and_keeps_labels_apart():
    import itertools

    net = Network.dense([3, 4, 2], seed=0)
    small = draw(net, scale=0.8).artists["nodes"]["hidden"].get_sizes()[0]
    disp = draw(net, scale=1.5, names=True)
    big = disp.artists["nodes"]["hidden"].get_sizes()[0]
    assert big / small == pytest.approx((1.5 / 0.8) ** 2)
    disp.figure.canvas.draw()
    renderer = disp.figure.canvas.get_renderer()
    art = disp.artists
    boxes = [t.get_window_extent(renderer) for g in ("weight_labels", "bias_labels",
                                                      "name_labels", "activation_labels")
             for t in art[g].values()]
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


@pytest.mark.parametrize(("scale", "error"), [(0, ParameterError), (-1.0, ParameterError),
                                              ("big", ArgumentTypeError),
                                              (float("nan"), ParameterError)])
def test_scale_is_checked_everywhere(moons, scale, error):
    net, X, y = moons
    open_before = plt.get_fignums()
    calls = [lambda: draw(net, scale=scale), lambda: draw_neuron_maps(net, scale=scale),
             lambda: plot_decision_boundary(net, X, y, scale=scale),
             lambda: plot_activations(scale=scale)]
    for call in calls:
        with pytest.raises(error, match="scale"):
            call()
    assert plt.get_fignums() == open_before  # refused before any figure was made
