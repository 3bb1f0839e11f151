"""Pictures of shared weights and convolutional networks (issue 18), tested through the
artists: edge colours per shared parameter, each parameter's number written once, the
receptive field of a highlight, the windows of large grids and their notes, the kernels'
and feature maps' image data; every picture slide-sized with no text under 10 points."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.text import Text

from neurons import Network
from neurons.builders import from_architecture
from neurons.datasets import shapes
from neurons.drawing import draw
from neurons.drawing.feature_maps import draw_feature_maps, feature_maps
from neurons.drawing.grids import uses_grid_layout
from neurons.drawing.kernels import draw_kernels, kernel_array
from neurons.drawing.nodes import FADED
from neurons.drawing.ties import CONSTANT_EDGE
from neurons.errors import NetworkStructureError, ParameterError, UnknownNameError


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def conv1d_by_hand() -> Network:
    """x1..x5 -> h1..h3: a 1-D convolution with kernel k1, k2, k3 and bias c, by hand."""
    net = Network()
    for i in range(1, 6):
        net.add_input(f"x{i}")
    for name, value in (("k1", 0.5), ("k2", -1.0), ("k3", 0.25), ("c", 0.1)):
        net.add_parameter(name, value)
    for j in range(1, 4):
        net.add_neuron(f"h{j}", {f"x{j}": "k1", f"x{j + 1}": "k2", f"x{j + 2}": "k3"}, bias="c",
                       activation="relu")
    return net


@pytest.fixture(scope="module")
def cnn():
    return from_architecture([{"type": "conv2d", "in_shape": (1, 8, 8), "channels": 4,
                               "kernel": 3}, {"type": "maxpool2d", "size": 2},
                              {"type": "dense", "output_dim": 4, "activation": "identity"}],
                             seed=0)


@pytest.fixture(scope="module")
def big():
    return from_architecture([{"type": "conv2d", "in_shape": (1, 28, 28), "channels": 8,
                               "kernel": 5}, {"type": "maxpool2d", "size": 2},
                              {"type": "dense", "output_dim": 10, "activation": "identity"}],
                             seed=0)


@pytest.fixture(scope="module")
def image():
    X, _, _ = shapes(2, seed=3)
    return X[0]


def texts(fig):
    """Every visible Text of the figure (ticks, legends, keys, colour bars included), but the
    labels of ticks beyond their axis's view, which matplotlib keeps and does not draw."""
    if not hasattr(fig.canvas, "get_renderer"):  # closed by pyplot: draw it on its own
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            span = high - low
            hidden |= {id(label) for tick in axis.get_major_ticks()
                       if not low - 1e-9 * span <= tick.get_loc() <= high + 1e-9 * span
                       for label in (tick.label1, tick.label2)}
    return [t for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


def assert_slide_ready(fig, name=""):
    """At least 1200 pixels wide, no text under 10 points, every text inside the figure."""
    assert int(fig.get_figwidth() * fig.dpi) >= 1200, name
    found = texts(fig)
    assert min(t.get_fontsize() for t in found) >= 10, name
    renderer = fig.canvas.get_renderer()
    for t in found:
        box = t.get_window_extent(renderer)
        assert box.x0 >= -1 and box.y0 >= -1, (name, t.get_text())
        assert box.x1 <= fig.bbox.width + 1 and box.y1 <= fig.bbox.height + 1, (name, t.get_text())


def colours_by_edge(art):
    return {e: tuple(c) for e, c in zip(art["edge_list"], art["edges"].get_colors())}


# -- shared parameters on the layered picture ---------------------------------------------------
def test_shared_edges_have_one_colour_per_parameter_and_one_number_each():
    net = conv1d_by_hand()
    disp = draw(net)
    art = disp.artists
    colours = colours_by_edge(art)
    by_parameter = {}
    for (u, v), c in colours.items():
        by_parameter.setdefault(net.weight_name(u, v), set()).add(c)
    assert set(by_parameter) == {"k1", "k2", "k3"}
    assert all(len(cs) == 1 for cs in by_parameter.values())  # one colour per parameter
    assert len({cs.pop() for cs in by_parameter.values()}) == 3  # and three colours
    # The numbers: once each, in the key, not on the edges; the biases name "c".
    assert art["weight_labels"] == {}
    key = [t.get_text() for t in art["parameter_key"].get_texts()]
    assert key == ["k1 = 0.50", "k2 = -1.00", "k3 = 0.25", "c = 0.10 (bias)"]
    every = [t.get_text() for t in texts(disp.figure)]
    for name in ("k1", "k2", "k3"):
        assert sum(name in t for t in every) == 1
    assert {t.get_text() for t in art["bias_labels"].values()} == {"c"}
    key_colours = {h.get_label().split(" =")[0]: to_rgba(h.get_color())
                   for h in art["parameter_key"].legend_handles[:3]}
    for name, colour in key_colours.items():
        assert by_parameter_colour(colours, net, name) == pytest.approx(colour)
    assert_slide_ready(disp.figure, "1-D by hand")


def test_the_key_stands_clear_of_colour_bars_under_the_diagram():
    disp = draw(conv1d_by_hand(), values=[1.0, 0.0, -1.0, 2.0, 0.5], text_scale=2)
    art = disp.artists
    renderer = disp.figure.canvas.get_renderer()
    key = art["parameter_key"].get_window_extent(renderer)
    for bar in (art["colorbar"], art["value_colorbar"]):
        assert key.y1 <= bar.ax.get_tightbbox(renderer).y0 + 1  # the bars lie under the axes
    assert_slide_ready(disp.figure, "text_scale 2")


def by_parameter_colour(colours, net, name):
    return next(c for (u, v), c in colours.items() if net.weight_name(u, v) == name)


def test_pooling_edges_are_grey_constants_and_every_option_draws():
    net = conv1d_by_hand()
    net.add_pooling_neuron("p1", ["h1", "h2"], kind="max")
    net.add_pooling_neuron("p2", ["h2", "h3"], kind="average")
    x, y = [1.0, 0.0, -1.0, 2.0, 0.5], [1.0, 0.0]
    art = draw(net, names=True, weight_labels=True).artists
    colours = colours_by_edge(art)
    for e in (("h1", "p1"), ("h2", "p1"), ("h2", "p2"), ("h3", "p2")):
        assert colours[e] == pytest.approx(to_rgba(CONSTANT_EDGE))
        assert e not in art["weight_labels"]  # no number: the neuron says what it does
    assert art["activation_labels"]["p1"].get_text() == "max"
    assert art["activation_labels"]["p2"].get_text() == "mean"
    grads = net.gradients([x], [y])
    art = draw(net, gradients=(x, y)).artists
    assert [t.get_text() for t in art["parameter_key"].get_texts()][:3] == [
        f"dL/dk{i} = {grads[f'k{i}']:.2g}" for i in (1, 2, 3)]
    steps = net.steps(x, y)
    assert draw(net, step=steps[3]).artists["weight_labels"]["h1", "p1"].get_text() == "1"
    assert draw(net, highlight="k2").artists["highlight"]["edges"] == {
        ("x2", "h1"), ("x3", "h2"), ("x4", "h3")}


def test_highlighting_a_neuron_draws_its_receptive_field():
    net = conv1d_by_hand()
    net.add_pooling_neuron("p1", ["h1", "h2"], kind="max")
    art = draw(net, highlight="p1").artists
    field = art["highlight"]
    assert field["nodes"] == {"p1", "h1", "h2", "x1", "x2", "x3", "x4"}
    assert field["edges"] == {("x1", "h1"), ("x2", "h1"), ("x3", "h1"), ("x2", "h2"),
                              ("x3", "h2"), ("x4", "h2"), ("h1", "p1"), ("h2", "p1")}
    _, top = field["artists"]
    assert len(top.get_segments()) == len(field["edges"])
    faded = {e for e, c in colours_by_edge(art).items() if c[3] == pytest.approx(FADED)}
    assert faded == set(art["edge_list"]) - field["edges"]
    assert draw(net, highlight="x1").artists["highlight"]["parameter"] == "x1"  # dL/dx1's
    with pytest.raises(UnknownNameError, match="highlight 'h9' names no neuron"):
        draw(net, highlight="h9")


# -- convolutional networks as grids ------------------------------------------------------------
@pytest.fixture(scope="module")
def cnn_picture(cnn):
    disp = draw(cnn)
    yield disp
    plt.close(disp.figure)


def test_grid_layers_are_drawn_as_grids_one_per_channel(cnn, cnn_picture):
    art = cnn_picture.artists
    pos = art["positions"]
    assert uses_grid_layout(cnn) and not uses_grid_layout(Network.dense([2, 1]))
    # The input image and each channel are square grids, rows down, columns across.
    for name, (rows, cols) in (("x", (8, 8)), ("c1_2", (6, 6)), ("p1_4", (3, 3))):
        if name == "x":
            nodes = [[f"x{r * 8 + c + 1}" for c in range(cols)] for r in range(rows)]
        else:
            nodes = [[f"{name}_{r + 1}_{c + 1}" for c in range(cols)] for r in range(rows)]
        x0, y0 = pos[nodes[0][0]]
        for r, c in itertools.product(range(rows), range(cols)):
            assert pos[nodes[r][c]] == pytest.approx((x0 + c, y0 - r))
    # Channels one above the other, layers left to right, the outputs a column.
    assert pos["c1_1_1_1"][0] == pos["c1_4_1_1"][0] > pos["x8"][0]
    assert pos["c1_1_6_1"][1] > pos["c1_2_1_1"][1]
    assert [t.get_text() for t in art["titles"].values()] == [
        "input 8x8", "c1: conv 3x3, ReLU", "p1: max pool 2x2", "output, lin"]
    assert art["notes"] == {}  # nothing left out of the grids
    assert_slide_ready(cnn_picture.figure, "cnn")


def test_kernel_edges_are_coloured_by_weight_and_parallel(cnn, cnn_picture):
    art = cnn_picture.artists
    colours, pos = colours_by_edge(art), art["positions"]
    by_weight = {}
    for (u, v), kind, p in zip(art["edge_list"], art["edge_kinds"], art["edge_parameters"]):
        if kind == "shared":
            assert p == cnn.weight_name(u, v)
            by_weight.setdefault(p, []).append((u, v))
        elif kind == "pooling":
            assert colours[u, v] == pytest.approx(to_rgba(CONSTANT_EDGE))
    assert len(by_weight) == 36  # 4 channels x 3 x 3, each drawn
    for edges in by_weight.values():
        assert len({colours[e] for e in edges}) == 1
        directions = {tuple(np.round(np.subtract(pos[v], pos[u]), 9)) for u, v in edges}
        assert len(directions) == 1  # one weight's edges run parallel
    # Each neuron's nine edges have nine colours, the same nine in every channel.
    into = [colours[e] for e in art["edge_list"] if e[1] == "c1_3_1_1"]
    assert len(set(into)) == 9
    assert into == [colours[e] for e in art["edge_list"] if e[1] == "c1_1_1_1"]


def test_each_parameter_is_written_once_with_its_value(cnn, cnn_picture):
    art = cnn_picture.artists
    written = art["key_texts"]
    grid = cnn.grids[0]
    assert set(written) == {*grid.kernel_names, *grid.bias_names}
    for name, text in written.items():
        bias = " (bias)" if name in grid.bias_names else ""
        assert text.get_text() == f"{name} = {cnn.parameter(name):.2f}{bias}"
    every = [t.get_text() for t in texts(cnn_picture.figure)]
    for name in written:
        assert sum(t.startswith(f"{name} ") for t in every) == 1
    # The key's line of a weight has the colour of the weight's edges.
    key = art["keys"][0]
    colours = colours_by_edge(art)
    for handle, text in zip(key.legend_handles, key.get_texts()):
        name = text.get_text().split(" =")[0]
        if name in grid.kernel_names:
            edge = art["edge_list"][art["edge_parameters"].index(name)]
            assert to_rgba(handle.get_color()) == pytest.approx(colours[edge])


def test_highlight_changes_exactly_the_receptive_field(cnn, cnn_picture):
    plain = cnn_picture.artists
    disp = draw(cnn, highlight="p1_2_2_2")
    art = disp.artists
    # p1_2_2_2 pools c1_2_r_c for rows and columns 3-4, each reading its 3x3 window.
    convs = {f"c1_2_{r}_{c}" for r in (3, 4) for c in (3, 4)}
    expected = {(c, "p1_2_2_2") for c in convs}
    for c in convs:
        r, s = (int(v) for v in c.split("_")[2:])
        expected |= {(f"x{(r - 1 + i) * 8 + s + j}", c) for i in range(3) for j in range(3)}
    field = art["highlight"]
    assert field["edges"] == expected
    assert field["nodes"] == {n for e in expected for n in e}
    _, top = field["artists"]
    pos = art["positions"]
    want = sorted(tuple(np.ravel([pos[u], pos[v]])) for u, v in expected)
    drawn = sorted(tuple(np.ravel(seg)) for seg in top.get_segments())
    np.testing.assert_allclose(drawn, want)
    # Outside the field every edge fades; inside, the colours are those of the plain picture.
    before, after = colours_by_edge(plain), colours_by_edge(art)
    for e, c in after.items():
        if e in expected:
            assert c[3] == 1.0 and (e not in before or c == pytest.approx(before[e]))
        else:
            assert c[3] == pytest.approx(FADED)
    # The field's nodes keep their faces and rims; every other node is paled.
    faces, plain_faces = faces_by_node(disp), faces_by_node(cnn_picture)
    changed = {n for n in faces if not np.allclose(faces[n], plain_faces[n])}
    assert changed == set(faces) - field["nodes"]
    assert art["name_labels"]["p1_2_2_2"].get_text() == "p1_2_2_2"


def role_nodes(pic, role):
    return [n for n in pic.kept if pic.role[n] == role]


def faces_by_node(disp):
    """Each drawn node's face and rim colours, side by side."""
    faces = {}
    for role, dots in disp.artists["nodes"].items():
        both = np.hstack([dots.get_facecolors(), dots.get_edgecolors()])
        faces.update(zip(role_nodes(disp.picture, role), both))
    return faces


def test_large_grids_are_drawn_as_windows_and_say_so(big):
    disp = draw(big)
    art, pic = disp.artists, disp.picture
    notes = {i: t.get_text() for i, t in art["notes"].items()}
    assert notes[0] == "showing 8x8 of 28x28"
    assert notes[1] == "showing 4x4 of 24x24\nchannels 1-4 of 8"
    assert notes[2] == "showing 2x2 of 12x12\nchannels 1-4 of 8"
    # Every drawn neuron whose edges are drawn has all of them (within the channels drawn).
    drawn = set(pic.kept)
    for v in {v for _, v in art["edge_list"] if not v.startswith("o")}:
        sources = big.neuron(v).inputs
        kept = [u for u in sources if u in drawn]
        if v.startswith("c"):
            assert len(kept) == 25
        else:
            assert kept == list(sources)
    assert "c1: edges drawn into the first 2 neurons of each channel" in art["note"].get_text()
    assert_slide_ready(disp.figure, "28x28")


def test_a_highlight_centres_the_windows_on_its_field(big):
    art = draw(big, highlight="c1_6_14_20").artists
    notes = {i: t.get_text() for i, t in art["notes"].items()}
    assert "channels 1-3, 6 of 8" in notes[1]
    field = art["highlight"]
    sources = {u for u, v in field["edges"] if v == "c1_6_14_20"}
    assert sources == {f"x{(13 + i) * 28 + 19 + j + 1}" for i in range(5) for j in range(5)}
    assert all(u in art["positions"] for u in sources)
    # The pooling neuron reading it is drawn too, with its edge.
    assert ("c1_6_14_20", "p1_6_7_10") in art["edge_list"]


def test_one_dimensional_grids_draw_as_layers_or_as_columns():
    small = from_architecture([{"type": "conv1d", "in_shape": (1, 5), "channels": 1,
                                "kernel": 3}], seed=0)
    art = draw(small).artists  # the layered picture, coloured by weight
    assert "parameter_key" in art and len(art["parameter_key"].get_texts()) == 4
    long = from_architecture([{"type": "conv1d", "in_shape": (1, 28), "channels": 3,
                               "kernel": 3}, {"type": "maxpool1d", "size": 2}], seed=0)
    disp = draw(long)
    pos = disp.artists["positions"]
    assert pos["c1_2_1"][0] == pos["c1_2_2"][0] and pos["c1_2_1"][1] == pos["c1_2_2"][1] + 1
    assert disp.artists["notes"][0].get_text() == "showing 8 of 28"
    assert_slide_ready(disp.figure, "1-D grids")
    with pytest.raises(ParameterError, match="has none"):
        draw(Network.dense([2, 1]), layout="grids")


def test_values_colour_the_neurons_by_activation(cnn, image):
    disp = draw(cnn, values=image)
    art = disp.artists
    trace = cnn.forward_trace(image)
    norm, bar = disp.picture.value_norm, art["value_colorbar"]
    assert bar.ax.get_ylabel() == "activation a" and art["input_colorbar"] is not None
    hidden = art["nodes"]["hidden"]
    nodes = role_nodes(disp.picture, "hidden")
    want = disp.picture.value_map(norm(np.array([trace.a[n] for n in nodes])))
    np.testing.assert_allclose(hidden.get_facecolors(), want)
    assert_slide_ready(disp.figure, "values")


# -- kernels and feature maps -------------------------------------------------------------------
def test_kernels_are_the_parameters_on_a_centred_diverging_scale(cnn):
    fig = draw_kernels(cnn, "c1")
    k = kernel_array(cnn, "c1")
    maps = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in maps] == [f"c1 channel {o}" for o in range(1, 5)]
    for o, ax in enumerate(maps):
        shown = ax.images[0].get_array()
        assert (np.asarray(shown) == k[o, 0]).all()
        assert shown[1, 2] == cnn.parameter(f"k1_{o + 1}_1_2_3")
        cells = {t.get_text() for t in ax.texts}
        assert {f"{v:.2f}".replace("-0.00", "0.00") for v in k[o, 0].ravel()} == cells
    norm = maps[0].images[0].norm
    assert norm.vmin == pytest.approx(-np.abs(k).max()) and norm.vmax == pytest.approx(
        np.abs(k).max())
    assert fig.axes[-1].get_ylabel() == "kernel weight"
    assert_slide_ready(fig, "kernels")
    big_cells = draw_kernels(cnn, values=False)
    assert not any(ax.texts for ax in big_cells.axes)


def test_kernels_of_several_input_channels_and_errors():
    two = from_architecture([{"type": "conv2d", "in_shape": (2, 5, 5), "channels": 3,
                              "kernel": 2}], seed=1)
    fig = draw_kernels(two)
    maps = [ax for ax in fig.axes if ax.images]
    assert len(maps) == 6 and maps[1].get_title() == "c1 channel 1 ← input 2"
    assert (np.asarray(maps[5].images[0].get_array()) == kernel_array(two)[2, 1]).all()
    assert_slide_ready(fig, "kernels 2 inputs")
    pooled = from_architecture([{"type": "conv1d", "in_shape": (1, 6), "channels": 1,
                                 "kernel": 3}, {"type": "maxpool1d", "size": 2}], seed=0)
    with pytest.raises(UnknownNameError, match="'p1' is a max pooling layer"):
        draw_kernels(pooled, "p1")
    with pytest.raises(UnknownNameError, match="no convolution layer named 'c2'"):
        draw_kernels(pooled, "c2")
    with pytest.raises(NetworkStructureError, match="no convolution layers"):
        draw_kernels(Network.dense([2, 1]))


def test_feature_maps_are_the_layer_outputs(cnn, image):
    fig = draw_feature_maps(cnn, image)
    outputs = cnn.compile().layer_outputs([image])
    maps = [ax for ax in fig.axes if ax.images]
    titles = [ax.get_title() for ax in maps]
    assert titles[0] == "input" and titles[1] == "c1 channel 1 (ReLU)"
    assert titles[5] == "p1 channel 1 (max pool)"
    np.testing.assert_array_equal(maps[0].images[0].get_array(), image.reshape(8, 8))
    for k in range(4):
        c1 = np.asarray(maps[1 + k].images[0].get_array())
        p1 = np.asarray(maps[5 + k].images[0].get_array())
        np.testing.assert_allclose(c1.ravel(), outputs[1][0, 36 * k:36 * (k + 1)],
                                   rtol=0, atol=1e-12)
        np.testing.assert_allclose(p1.ravel(), outputs[2][0, 9 * k:9 * (k + 1)], rtol=0,
                                   atol=1e-12)
    assert_slide_ready(fig, "feature maps")
    only = feature_maps(cnn, image, "p1")
    assert list(only) == ["input", "p1"] and only["p1"].shape == (4, 3, 3)
    with pytest.raises(UnknownNameError, match="no grid layer named 'c2'"):
        draw_feature_maps(cnn, image, layer="c2")
