"""Tests of neurons.drawing.network.draw: they inspect the artists, never image files."""

import itertools
import time

import matplotlib.pyplot as plt
import numpy as np
import pytest

from neurons import Network
from neurons.drawing.network import draw


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(art, groups=("weight_labels", "name_labels", "bias_labels", "activation_labels",
                        "value_labels", "elided")):
    return [t for g in groups for t in art[g].values()]


def _renderer(ax):
    ax.figure.canvas.draw()
    return ax.figure.canvas.get_renderer()


def _sign_of_colour(rgba):
    """+1 for red-ish, -1 for blue-ish (RdBu_r: positive red, negative blue)."""
    r, _, b, _ = rgba
    return int(np.sign(r - b))


def test_small_network_draws_every_edge_once():
    net = Network.dense([2, 3, 3, 1], seed=0)
    art = draw(net).artists
    assert sorted(art["edge_list"]) == sorted(net.graph.edges)
    assert len(art["edges"].get_segments()) == net.graph.number_of_edges()
    assert set(art["name_labels"]) == set(net.graph.nodes)
    assert {t.get_text() for t in art["activation_labels"].values()} == {"σ"}
    assert art["colorbar"].ax.get_ylabel() == "weight"
    assert art["elided"] == {}


def test_layers_left_to_right_in_built_order_top_to_bottom():
    net = Network.dense([3, 4, 2], seed=0)
    pos = draw(net).artists["positions"]
    xs = [{pos[n][0] for n in layer} for layer in net.layers]
    assert all(len(x) == 1 for x in xs)
    assert [x.pop() for x in xs] == sorted(p[0] for p in (pos["x1"], pos["h1"], pos["o1"]))
    for layer in net.layers:
        ys = [pos[n][1] for n in layer]
        assert ys == sorted(ys, reverse=True)


def test_negative_and_positive_weights_on_opposite_sides_of_the_map():
    net = Network()
    net.add_input("x1")
    net.add_input("x2")
    net.add_neuron("o1", {"x1": -1.5, "x2": 0.8}, bias=0.3)
    art = draw(net).artists
    colours = dict(zip(art["edge_list"], art["edges"].get_colors()))
    assert _sign_of_colour(colours["x1", "o1"]) == -1
    assert _sign_of_colour(colours["x2", "o1"]) == 1
    norm = art["norm"]
    assert norm(-1.5) < 0.5 < norm(0.8)
    assert norm(0.0) == pytest.approx(0.5)  # zero is the pale centre
    widths = dict(zip(art["edge_list"], art["edges"].get_linewidths()))
    assert widths["x1", "o1"] > widths["x2", "o1"]  # wider with |w|
    assert art["bias_labels"]["o1"].get_text() == "b=0.30"


def test_weight_labels_show_the_weights_and_names():
    net = Network.dense([3, 4, 2], seed=0)
    art = draw(net).artists
    assert set(art["weight_labels"]) == set(net.graph.edges)
    for (u, v), text in art["weight_labels"].items():
        assert text.get_text() == f"{net.weight(u, v):.2f}"
    art = draw(net, names=True).artists
    for (u, v), text in art["weight_labels"].items():
        assert text.get_text() == f"{net.weight_name(u, v)}={net.weight(u, v):.2f}"
    bias_names = {net.parameter_location(p)[0]: p for p in net.parameters() if p[0] == "b"}
    for n, text in art["bias_labels"].items():
        assert text.get_text() == f"{bias_names[n]}={net.neuron(n).bias:.2f}"


def test_weight_labels_auto_false_true():
    net = Network.dense([5, 4, 1], seed=0)  # 20 edges, then 4
    auto = draw(net).artists["weight_labels"]
    assert set(auto) == {(h, "o1") for h in ("h1", "h2", "h3", "h4")}
    assert draw(net, weight_labels=False).artists["weight_labels"] == {}
    assert len(draw(net, weight_labels=True).artists["weight_labels"]) == 24


def assert_labels_apart_and_on_their_edges(disp, net):
    """Every label's box is free of every other's, and each weight label's centre lies on
    its own edge (within 1.5 px), clear of both ends (labels start 15% along, staggered)."""
    ax, art = disp.ax, disp.artists
    renderer = _renderer(ax)
    texts = _texts(art)
    boxes = [t.get_window_extent(renderer) for t in texts]
    for (a, ta), (b, tb) in itertools.combinations(zip(boxes, texts), 2):
        assert not a.overlaps(b), f"{ta.get_text()!r} overlaps {tb.get_text()!r}"
    to_px = ax.transData.transform
    for (u, v), text in art["weight_labels"].items():
        p, q = to_px(art["positions"][u]), to_px(art["positions"][v])
        c = np.array(text.get_window_extent(renderer).get_points()).mean(axis=0)
        off, t = _distance_to_segment(c, p, q)
        assert off < 1.5 and 0.1 < t < 0.9, (u, v, off, t)


def _distance_to_segment(c, p, q):
    d = q - p
    t = np.clip(np.dot(c - p, d) / np.dot(d, d), 0.0, 1.0)
    return float(np.hypot(*(p + t * d - c))), float(np.dot(c - p, d) / np.dot(d, d))


@pytest.mark.parametrize("sizes", [[2, 2, 1], [3, 4, 2], [2, 3, 3, 1], [4, 2]])
@pytest.mark.parametrize("names", [False, True])
def test_no_two_labels_overlap_and_each_sits_on_its_edge(sizes, names):
    """With values too (names=True here), every edge is labelled."""
    net = Network.dense(sizes, seed=0)
    x = np.linspace(-1, 1, sizes[0])
    disp = draw(net, names=names, values=x if names else None)
    assert len(disp.artists["weight_labels"]) == net.graph.number_of_edges()
    assert_labels_apart_and_on_their_edges(disp, net)


@pytest.mark.parametrize("sizes", [[2, 25, 50, 1], [2, 2, 1], [3, 4, 2], [2, 3, 3, 1]])
@pytest.mark.parametrize("names", [False, True])
def test_labels_of_wide_and_small_networks_never_stack(sizes, names):
    net = Network.dense(sizes, seed=0)
    disp = draw(net, names=names)
    assert disp.artists["weight_labels"]  # 2-25-50-1: its first and last gap (16, 8)
    assert_labels_apart_and_on_their_edges(disp, net)


def test_labels_keep_clear_of_each_other_where_edges_converge():
    """The 2-25-50-1 picture once stacked "0.18", "-0.10" and "0.06" beside the output."""
    disp = draw(Network.dense([2, 25, 50, 1], seed=0))
    art = disp.artists
    renderer = _renderer(disp.ax)
    boxes = [t.get_window_extent(renderer) for (_, v), t in art["weight_labels"].items()
             if v == "o1"]
    assert len(boxes) == 8
    gap = min(max(b.x0 - a.x1, a.x0 - b.x1, b.y0 - a.y1, a.y0 - b.y1)
              for a, b in itertools.combinations(boxes, 2))
    assert gap > 4  # pixels of white between any two


def test_large_layers_are_elided_with_counts():
    net = Network.dense([784, 128, 64, 10], seed=0)
    start = time.process_time()
    disp = draw(net)
    disp.figure.canvas.draw()
    assert time.process_time() - start < 5
    art = disp.artists
    counts = {i: t.get_text() for i, t in art["elided"].items()}
    assert counts == {0: "⋮\n776 more", 1: "⋮\n120 more", 2: "⋮\n56 more", 3: "⋮\n2 more"}
    kept = set(art["name_labels"])
    assert len(kept) == 32 and {"x1", "x4", "x781", "x784", "o10"} <= kept
    expected = net.graph.subgraph(kept).number_of_edges()
    assert len(art["edge_list"]) == len(art["edges"].get_segments()) == expected == 3 * 64
    assert art["weight_labels"] == {}  # 64 edges between each pair of layers: too many
    pos = art["positions"]
    assert pos["x4"][1] > pos[("...", 0)][1] > pos["x781"][1]  # the gap sits between
    ys = [pos[n][1] for n in ("h1_1", "h1_4", "h1_125", "h1_128")]
    assert ys == sorted(ys, reverse=True)


def test_max_neurons_none_draws_everything():
    net = Network.dense([12, 3, 1], seed=0)
    art = draw(net, max_neurons=None).artists
    assert art["elided"] == {} and len(art["edge_list"]) == 39
    art = draw(net, max_neurons=5).artists
    assert art["elided"][0].get_text().endswith("7 more")
    assert len(art["edge_list"]) == 5 * 3 + 3


@pytest.mark.parametrize(("parameter", "expected"), [
    ("w1", {("x1", "h1_1"), ("h1_1", "h2_1"), ("h1_1", "h2_2"), ("h1_1", "h2_3"),
            ("h2_1", "o1"), ("h2_2", "o1"), ("h2_3", "o1")}),
    ("w16", {("h2_1", "o1")}),
    ("b5", {("h2_2", "o1")}),
    ("b7", set()),
])
def test_highlight_is_exactly_the_chain_explain_walks(parameter, expected):
    net = Network.dense([2, 3, 3, 1], seed=0)
    sample = ([0.5, -1.0], [1.0], "mse")
    art = draw(net, highlight=parameter, gradients=sample).artists
    hl = art["highlight"]
    assert hl["edges"] == expected
    d = net.explain(parameter, *sample[:2])
    chain = {(d.source, d.neuron)} if d.source else set()
    for path in d.paths():
        chain |= set(zip(path.nodes, path.nodes[1:]))
    assert hl["edges"] == chain
    alphas = dict(zip(art["edge_list"], art["edges"].get_colors()[:, 3]))
    assert {e for e, a in alphas.items() if a == 1.0} == expected  # the rest is faded
    if expected:
        assert len(hl["artists"][1].get_segments()) == len(expected)


def test_values_show_z_and_a_and_colour_the_neurons():
    net = Network.dense([2, 2, 1], seed=0)
    x = [1.0, 2.0]
    art = draw(net, values=x).artists
    trace = net.forward_trace(x)
    assert art["value_labels"]["x2"].get_text() == "a=2.00"
    for n in ("h1", "h2", "o1"):
        assert art["value_labels"][n].get_text() == f"z={trace.z[n]:.2f}\na={trace.a[n]:.2f}"
    assert art["value_colorbar"].ax.get_ylabel() == "activation a"
    faces = art["nodes"]["hidden"].get_facecolors()
    assert not np.allclose(faces[0], faces[1])  # h1 and h2 get different colours
    # The inputs show their numbers on plain faces: they are not on the neurons' scale.
    inputs = art["nodes"]["input"].get_facecolors()
    np.testing.assert_allclose(inputs[0], inputs[1])


def test_values_colour_scale_is_set_by_the_neurons_alone():
    """x = (-2, -1) must not wash out a = 0.47 against a = 0.97 (inputs set no scale)."""
    net = Network.dense([2, 2, 1], seed=0)
    x = [-2.0, -1.0]
    art = draw(net, values=x).artists
    trace = net.forward_trace(x)
    a = [trace.a[n] for n in ("h1", "h2", "o1")]
    norm = art["value_norm"]
    assert (norm.vmin, norm.vmax) == (min(a), max(a))
    assert art["value_colorbar"].norm is norm
    assert art["value_colorbar"].vmin == pytest.approx(min(a))  # the bar shows that range
    assert round(trace.a["h1"], 2) == 0.47 and round(trace.a["h2"], 2) == 0.97
    h1, h2 = art["nodes"]["hidden"].get_facecolors()
    assert np.abs(h1[:3] - h2[:3]).max() > 0.3  # clearly different greens


@pytest.mark.parametrize("view", ["weights", "gradients"])
def test_a_bias_beyond_the_edges_scale_is_marked(view):
    net = Network()  # the worked example: all weights 1, x = (-2, -1), y = 1
    net.add_input("x1")
    net.add_input("x2")
    for h in ("h1", "h2"):
        net.add_neuron(h, {"x1": 1.0, "x2": 1.0})
    net.add_neuron("o1", {"h1": 1.0, "h2": 1.0})
    sample = ([-2.0, -1.0], [1.0], "mse")
    if view == "weights":
        net.set_parameters({"b3": 4.0, "b1": -0.5})
        art = draw(net, names=True).artists
        expected, extend = {"o1": "▲"}, "max"
    else:
        art = draw(net, gradients=sample, names=True).artists
        grads = net.gradients(*sample)
        edges = max(abs(grads[w]) for w in ("w1", "w2", "w3", "w4", "w5", "w6"))
        assert abs(grads["b3"]) > 10 * edges  # dL/db3 = -0.95 is far beyond every dL/dw
        expected, extend = {"o1": "▼"}, "min"
    assert art["overflow"] == expected
    assert art["colorbar"].extend == extend  # the bar's end is an arrow
    for n, text in art["bias_labels"].items():
        mark = text.get_text()[-2:]
        assert mark == f" {expected[n]}" if n in expected else mark[-1] not in "▲▼"
    ax = art["colorbar"].ax.figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "bias beyond the colour bar" in legend
    # The rim shows the bar's end colour, as the clipped value would.
    end = art["cmap"](1.0 if expected["o1"] == "▲" else 0.0)
    np.testing.assert_allclose(art["nodes"]["output"].get_edgecolors()[0], end)


def test_biases_within_the_edges_scale_are_not_marked():
    art = draw(Network.dense([2, 2, 1], seed=0)).artists
    assert art["overflow"] == {} and art["colorbar"].extend == "neither"
    assert all("▲" not in t.get_text() and "▼" not in t.get_text()
               for t in art["bias_labels"].values())


def test_gradients_colour_and_label_edges_by_dl_dw():
    net = Network.dense([2, 2, 1], seed=0)
    x, y = [1.0, 2.0], [1.0]
    grads = net.gradients(x, y, "mse")
    art = draw(net, gradients=(x, y, "mse")).artists
    assert art["colorbar"].ax.get_ylabel() == "dL/dw"
    values = [grads[net.weight_name(u, v)] for u, v in art["edge_list"]]
    np.testing.assert_allclose(art["edge_values"], values)
    for g, colour in zip(values, art["edges"].get_colors()):
        assert np.sign(art["norm"](g) - 0.5) == np.sign(g)
        if abs(g) > 0.05 * art["norm"].halfrange:
            assert _sign_of_colour(colour) == np.sign(g)
    for (u, v), text in art["weight_labels"].items():
        assert text.get_text() == f"{grads[net.weight_name(u, v)]:.2g}"
    # dL/db3 lies beyond every dL/dw, the colour bar's range: its number says so with "▼"
    assert art["overflow"] == {"o1": "▼"}
    assert art["bias_labels"]["o1"].get_text() == f"dL/db={grads['b3']:.2g} ▼"
    named = draw(net, gradients=(x, y), names=True).artists
    assert named["weight_labels"]["h1", "o1"].get_text() == f"dL/dw5={grads['w5']:.2g}"
    assert named["bias_labels"]["o1"].get_text() == f"dL/db3={grads['b3']:.2g} ▼"


def test_bias_free_neurons_show_no_bias_and_user_axes_are_used():
    net = Network.dense([2, 2, 1], seed=0, bias=False)
    _, ax = plt.subplots()
    disp = draw(net, ax=ax)
    assert disp.ax is ax
    art = disp.artists
    assert art["bias_labels"] == {}
    assert art["colorbar"].ax.get_ylabel() == "weight"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["input", "hidden", "output"]


def test_other_activations_are_named():
    net = Network.from_architecture([
        {"input_dim": 2, "output_dim": 2, "activation": "relu"},
        {"input_dim": 2, "output_dim": 1, "activation": "identity"},
    ], seed=0)
    art = draw(net).artists
    assert art["activation_labels"]["h1"].get_text() == "ReLU"
    assert art["activation_labels"]["o1"].get_text() == "lin"
    assert "x1" not in art["activation_labels"]


def test_mixed_biases_and_a_skip_connection():
    net = Network()
    net.add_input("x1")
    net.add_input("x2")
    net.add_neuron("h1", {"x1": 1.0, "x2": -1.0}, bias=None, activation="tanh")
    net.add_neuron("h2", {"x1": 0.5, "x2": 0.5}, bias=-0.25)
    net.add_neuron("o1", {"h1": 2.0, "h2": -2.0}, bias=None, activation="identity")
    net.connect("x1", "o1", 0.75)
    disp = draw(net, names=True, highlight="w1")
    ax, art = disp.ax, disp.artists
    assert set(art["bias_labels"]) == {"h2"}
    assert art["bias_labels"]["h2"].get_text() == "b1=-0.25"
    assert art["activation_labels"]["h1"].get_text() == "tanh"
    assert sorted(art["edge_list"]) == sorted(net.graph.edges)
    assert art["weight_labels"]["x1", "o1"].get_text() == "w7=0.75"
    assert art["highlight"]["edges"] == {("x1", "h1"), ("h1", "o1")}
    renderer = _renderer(ax)
    boxes = [t.get_window_extent(renderer) for t in _texts(art)]
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_network_displays_itself_as_its_diagram_in_jupyter():
    import io

    from PIL import Image

    png = Network.dense([2, 3, 1], seed=0)._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = Image.open(io.BytesIO(png)).size
    assert width > 300 and height > 150
    assert Network()._repr_png_() is None  # nothing to draw yet


def test_drawing_functions_are_exported_lazily():
    import subprocess
    import sys

    code = ("import sys, neurons; assert 'matplotlib' not in sys.modules; "
            "from neurons import draw, plot_decision_boundary; "
            "assert draw is neurons.drawing.network.draw; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_draw_returns_a_display_and_writes_nothing_on_matplotlib_objects():
    net = Network.dense([2, 2, 1], seed=0)
    own = draw(net, values=[1.0, 2.0])
    _, ax = plt.subplots()
    given = draw(net, ax=ax)
    assert own.own_figure and not given.own_figure
    assert own.figure is own.ax.figure and given.ax is ax
    assert own.picture.trace is not None and own.artists["legend"] is own.ax.get_legend()
    for disp in (own, given):
        for obj in (disp.figure, *disp.figure.axes):
            assert not [key for key in vars(obj) if "neurons" in key]


def _place_one_spot_at_a_time(items, obstacles, renderer, segments, to_display, bounds, pad):
    """place_labels as it was written before it was vectorised (straight edges only): each
    candidate spot of each label scored against each obstacle and edge in Python loops."""
    from matplotlib.transforms import Bbox

    from neurons.drawing.labels import candidate_fractions

    def overlap(a, b):
        w, h = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def clip(box, starts, ends):
        d = ends - starts
        lo, hi = np.zeros(len(d)), np.ones(len(d))
        for p, q in ((-d[:, 0], starts[:, 0] - box.x0), (d[:, 0], box.x1 - starts[:, 0]),
                     (-d[:, 1], starts[:, 1] - box.y0), (d[:, 1], box.y1 - starts[:, 1])):
            parallel = p == 0
            hi = np.where(parallel & (q < 0), -1.0, hi)
            r = np.divide(q, p, out=np.zeros_like(q, dtype=float), where=~parallel)
            lo = np.where(~parallel & (p < 0), np.maximum(lo, r), lo)
            hi = np.where(~parallel & (p > 0), np.minimum(hi, r), hi)
        return lo, hi

    starts, ends = segments[:, 0], segments[:, 1]
    for text, path, first, own in items:
        start, end = path
        p, q = to_display(start), to_display(end)
        extent = text.get_window_extent(renderer)
        half = np.array([extent.width, extent.height]) / 2 + pad
        near = half + extent.height / 2
        others = np.arange(len(segments)) != own
        best = None
        for t in candidate_fractions(first):
            centre = p + t * (q - p)
            box, wide = Bbox([centre - half, centre + half]), Bbox([centre - near, centre + near])
            hard = sum(overlap(box, o) for o in obstacles) + (
                box.width * box.height - overlap(box, bounds))
            lo, hi = clip(box, starts, ends)
            under = np.count_nonzero((lo <= hi) & others)
            crowded = sum(overlap(wide, o) for o in obstacles) / (wide.width * wide.height)
            lo, hi = clip(wide, starts, ends)
            inside = np.clip(hi - lo, 0.0, None) * np.hypot(*(ends - starts).T)
            grazing = float(inside[others].sum() / np.hypot(wide.width, wide.height))
            cost = (round(hard, 1), round(under + 0.5 * grazing + crowded, 1), abs(t - first))
            if best is None or cost < best[0]:
                best = (cost, t, box)
        text.set_position(tuple(np.asarray(start) + best[1] * (np.asarray(end) - start)))
        obstacles.append(best[2])


def test_vectorised_placement_decides_as_the_one_spot_at_a_time_loop(monkeypatch):
    """place_labels scores all the spots of a label at once with NumPy; each label lands
    exactly (to the bit) where the loop over spots, obstacles and edges put it, so every
    picture without a skip connection stays byte for byte the same."""
    from neurons.drawing import edges, labels

    compared = []

    def both(items, obstacles, renderer, segments, to_display, bounds=None, pad=3.0,
             owners=None):
        start = [t.get_position() for t, *_ in items]
        reference = list(obstacles)
        _place_one_spot_at_a_time(items, reference, renderer, segments, to_display, bounds, pad)
        expected = [t.get_position() for t, *_ in items]
        for (t, *_), p in zip(items, start):
            t.set_position(p)
        labels.place_labels(items, obstacles, renderer, segments, to_display, bounds, pad, owners)
        assert [t.get_position() for t, *_ in items] == expected
        assert [b.extents.tolist() for b in obstacles] == [b.extents.tolist() for b in reference]
        compared.extend(items)

    monkeypatch.setattr(edges, "place_labels", both)
    net = Network.dense([3, 4, 4, 2], seed=0)
    x, y = [0.5, -1.0, 2.0], [1.0, 0.0]
    for settings in ({"names": True, "gradients": (x, y)}, {"values": x, "scale": 0.8},
                     {"step": net.steps(x, y, lr=0.5)[30]}):
        draw(net, **settings)
    draw(Network.dense([2, 25, 50, 1], seed=0), ax=plt.subplots()[1])  # crowded: many spots
    assert len(compared) > 150  # cost alike (into a given Axes: drawn once, not widened)
