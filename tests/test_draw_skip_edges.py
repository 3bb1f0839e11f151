"""Skip connections drawn as arcs: tests through the artists, in the display pixels of the
figure ``draw`` makes (where neurons and texts are sized in points and positions in data
units, converted with :func:`neurons.drawing.layout.unit_inches`)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from matplotlib.transforms import Bbox

from neurons import Network
from neurons.drawing import network_picture
from neurons.drawing.labels import crossings
from neurons.drawing.layout import CLEAR_PT, make_axes
from neurons.drawing.network import draw
from neurons.drawing.nodes import NODE_PT, SIZES

from .strategies import networks


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _skip_net() -> Network:
    """The 2-2-1 network of the worked example, with x1 wired straight to o1."""
    net = Network.dense([2, 2, 1], seed=0)
    net.connect("x1", "o1", 0.5)
    return net


def _skips(pic):
    return [k for k, (u, v) in enumerate(pic.edges) if pic.layer_of[v] - pic.layer_of[u] > 1]


def _point_to_polyline(points, poly):
    """The distance from each point to the polyline ``poly`` (k, 2)."""
    p, q = poly[:-1], poly[1:]
    d = q - p
    t = np.clip(np.einsum("mj,nmj->nm", d, points[:, None] - p) / np.einsum("mj,mj->m", d, d),
                0.0, 1.0)
    nearest = p + t[..., None] * d
    return np.hypot(*(nearest - points[:, None]).transpose(2, 0, 1)).min(axis=1)


def _box_to_polyline(box: Bbox, poly) -> float:
    """The distance from the rectangle ``box`` to the polyline (0 where they meet)."""
    if crossings(box, poly[:-1], poly[1:]).any():
        return 0.0
    corners = np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x0, box.y1], [box.x1, box.y1]])
    inside = np.clip(poly, [box.x0, box.y0], [box.x1, box.y1])  # each vertex's nearest point
    return float(min(_point_to_polyline(corners, poly).min(),
                     np.hypot(*(poly - inside).T).min()))


def _text_box(text, renderer) -> Bbox:
    """A text's box as drawn: its extent padded by its white box."""
    patch = text.get_bbox_patch()
    pad = 0.0 if patch is None else patch.get_boxstyle().pad * text.get_fontsize()
    return text.get_window_extent(renderer).padded(pad * text.figure.dpi / 72)


def assert_arcs_clear_what_they_skip(disp):
    """Every skip connection is drawn as a curve that keeps CLEAR_PT from each node of the
    layers it skips (beyond the node's drawn radius) and from the texts above and below
    it; its number stands on the curve; every other edge is a straight 2-point segment."""
    pic, ax, art = disp.picture, disp.ax, disp.artists
    fig = disp.figure
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72 * pic.scale  # display pixels per point
    to_px = ax.transData.transform
    segments = art["edges"].get_segments()
    skips = _skips(pic)
    for k, (u, v) in enumerate(pic.edges):
        seg = np.asarray(segments[k])
        assert np.array_equal(seg, pic.paths[k])
        assert seg[0].tolist() == list(pic.pos[u]) and seg[-1].tolist() == list(pic.pos[v])
        if k not in skips:
            assert len(seg) == 2, (u, v)
            continue
        assert len(seg) > 2, (u, v)  # a curve
        poly = to_px(seg)
        for layer in range(pic.layer_of[u] + 1, pic.layer_of[v]):
            for n in pic.rows[layer][0]:
                if not isinstance(n, str):  # a gap's count
                    box = _text_box(art["elided"][layer], renderer)
                    assert _box_to_polyline(box, poly) >= CLEAR_PT * px - 0.5
                    continue
                radius = SIZES[pic.role[n]] * NODE_PT / 2 * px
                centre = to_px(np.array([pic.pos[n]]))
                gap = _point_to_polyline(centre, poly)[0] - radius
                assert gap >= CLEAR_PT * px - 0.5, (u, v, n, gap / px)
                for group in ("bias_labels", "value_labels", "name_labels"):
                    if n in art[group]:
                        box = _text_box(art[group][n], renderer)
                        clear = _box_to_polyline(box, poly)
                        assert clear >= CLEAR_PT * px - 0.5, (u, v, n, group, clear / px)
        if (u, v) in art["weight_labels"]:  # on the arc
            text = art["weight_labels"][u, v]
            centre = to_px(np.array([text.get_position()]))
            assert _point_to_polyline(centre, poly)[0] < 1.0
            extent = text.get_window_extent(renderer)
            middle = np.array([[(extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2]])
            assert _point_to_polyline(middle, poly)[0] < 1.0


def test_a_skip_connection_is_an_arc_over_the_layer_it_skips():
    """x1 -> o1 of the 2-2-1 network would run straight past h1 and its bias; drawn, it
    passes over them both, and its number stands on the arc."""
    disp = draw(_skip_net())
    pic, art = disp.picture, disp.artists
    k = pic.edges.index(("x1", "o1"))
    arc = np.asarray(art["edges"].get_segments()[k])
    assert len(arc) == 33
    renderer = disp.figure.canvas.get_renderer()
    top_of_h1 = _text_box(art["bias_labels"]["h1"], renderer).y1
    assert disp.ax.transData.transform(arc)[:, 1].max() > top_of_h1  # above, not below
    assert_arcs_clear_what_they_skip(disp)
    assert art["weight_labels"]["x1", "o1"].get_text() == "0.50"


def test_an_arc_keeps_to_its_side_and_clears_every_node_of_a_tall_layer():
    """x1 is the top input of 3: the arc goes over all four hidden neurons, not through."""
    net = Network.dense([3, 4, 1], seed=0)
    net.connect("x1", "o1", -0.3)
    net.connect("x3", "o1", 0.8)  # the bottom input: under the layer
    disp = draw(net, values=[1.0, 0.0, -1.0])
    pic = disp.picture
    over = pic.paths[pic.edges.index(("x1", "o1"))]
    under = pic.paths[pic.edges.index(("x3", "o1"))]
    assert over[:, 1].max() > max(pic.pos[n][1] for n in net.layers[1])
    assert under[:, 1].min() < min(pic.pos[n][1] for n in net.layers[1])
    assert_arcs_clear_what_they_skip(disp)


def test_a_longer_arc_passes_around_a_shorter_one():
    net = Network.dense([2, 2, 2, 1], seed=1)
    net.connect("x1", "h2_1", 0.3)
    net.connect("x1", "o1", -0.8)
    disp = draw(net)
    pic = disp.picture
    inner, outer = (pic.paths[pic.edges.index(e)] for e in [("x1", "h2_1"), ("x1", "o1")])
    assert outer[:, 1].max() > inner[:, 1].max()
    to_px = disp.ax.transData.transform
    px = disp.figure.dpi / 72
    # Away from x1, where both begin, the outer arc keeps its distance from the inner one.
    middle = to_px(inner[8:-1])
    assert _point_to_polyline(middle, to_px(outer)).min() >= CLEAR_PT * px - 0.5
    assert_arcs_clear_what_they_skip(disp)


def test_an_arc_clears_the_count_of_a_layer_drawn_in_part():
    net = Network.dense([2, 12, 1], seed=0)
    net.connect("x2", "o1", 0.4)
    disp = draw(net, max_neurons=6)
    assert disp.artists["elided"]  # the count stands in the skipped layer
    assert_arcs_clear_what_they_skip(disp)


def test_a_step_on_the_skip_connection_highlights_the_arc():
    """The step that computes dL/dw7 (the x1 -> o1 weight) puts its halo on the arc; the
    step's texts (three lines under o1, two above h1) are cleared too."""
    net = _skip_net()
    record = net.steps([1.0, 2.0], 1.0, lr=0.5)
    step = next(s for s in record if s.kind == "gradient" and s.parameter == "w7")
    disp = draw(net, step=step)
    pic, art = disp.picture, disp.artists
    k = pic.edges.index(("x1", "o1"))
    assert ("x1", "o1") in art["step_edges"]["edges"]
    halo, top = art["step_edges"]["artists"]
    on = [i for i, e in enumerate(pic.edges) if e in pic.chain["edges"]]
    for lines in (halo, top):
        segs = lines.get_segments()
        assert [len(s) for s in segs] == [len(pic.paths[i]) for i in on]
        assert np.array_equal(segs[on.index(k)], pic.paths[k])
    assert_arcs_clear_what_they_skip(disp)


def test_a_highlighted_chain_follows_the_arc():
    disp = draw(_skip_net(), highlight="w7", gradients=([1.0, 2.0], [1.0]), names=True)
    pic = disp.picture
    halo, top = disp.artists["highlight"]["artists"]
    k = pic.edges.index(("x1", "o1"))
    assert any(np.array_equal(s, pic.paths[k]) for s in top.get_segments())
    assert any(np.array_equal(s, pic.paths[k]) for s in halo.get_segments())
    assert_arcs_clear_what_they_skip(disp)


def test_a_network_without_skip_connections_keeps_its_straight_edges():
    pic = network_picture(Network.dense([3, 4, 4, 2], seed=0))
    assert all(p.shape == (2, 2) for p in pic.paths)
    assert [p.tolist() for p in pic.paths] == [[list(pic.pos[u]), list(pic.pos[v])]
                                               for u, v in pic.edges]


def test_the_axes_hold_the_arcs_and_the_numbers_on_them():
    """make_axes, given the paths, raises the top (lowers the bottom) to hold every arc."""
    pic = network_picture(_skip_net())
    ax = make_axes(None, pic.pos, 1, True, paths=pic.paths)
    top = max(p[:, 1].max() for p in pic.paths)
    assert ax.get_ylim()[1] > top
    assert make_axes(None, pic.pos, 1, True).get_ylim()[1] < top  # the neurons alone
    straight = network_picture(Network.dense([2, 2, 1], seed=0))
    assert (make_axes(None, straight.pos, 1, True, paths=straight.paths).get_ylim()
            == make_axes(None, straight.pos, 1, True).get_ylim())


def test_arcs_do_not_depend_on_which_numbers_a_step_shows():
    """Every frame of an animation draws the same arcs: the room kept for the texts is
    the most any step writes, whatever step it is."""
    net = _skip_net()
    record = net.steps([1.0, 2.0], 1.0, lr=0.5)
    first, last = (network_picture(net, step=s).paths for s in (record[0], record[-1]))
    assert all(np.array_equal(a, b) for a, b in zip(first, last))


@settings(max_examples=20)
@given(net=networks(max_hidden_layers=2, max_width=4), view=st.sampled_from(
    ["plain", "names", "values", "step"]), pick=st.floats(0, 1))
def test_random_arcs_clear_every_node_they_skip_and_carry_their_numbers(net, view, pick):
    pic = network_picture(net)
    assume(_skips(pic))
    x = np.linspace(-1.0, 1.0, len(net.inputs))
    y = np.full(len(net.outputs), 0.5)
    settings_ = {"plain": {}, "names": {"names": True}, "values": {"values": x}}.get(view)
    if settings_ is None:
        record = net.steps(x, y, lr=0.5)
        settings_ = {"step": record[int(pick * (len(record) - 1))]}
    disp = draw(net, **settings_)
    try:
        assert_arcs_clear_what_they_skip(disp)
    finally:
        plt.close(disp.figure)  # one test, many examples: the fixture closes only at the end
