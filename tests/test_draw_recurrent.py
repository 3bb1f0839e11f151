"""Pictures of recurrent networks (issue 19), tested through the artists: the unrolled
network's columns and rows, its recurrent edges between consecutive steps only, one colour
per shared weight and each parameter's number once in the key, the rolled cell's loop, the
gradient-through-time plot's numbers and log axis; the spectral radius helpers; errors for
networks that are not one recurrence; every default picture slide-sized, text 10 points or
more, inside its figure."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyArrowPatch

from neurons import Network
from neurons.drawing import draw
from neurons.drawing.recurrent import (
    COLUMN,
    draw_rolled,
    draw_unrolled,
    parameter_colours,
    plot_gradient_through_time,
    uses_unrolled_layout,
)
from neurons.errors import (
    ArgumentTypeError,
    NetworkStructureError,
    NeuronsError,
    ParameterError,
)
from neurons.spectral import recurrent_matrix, spectral_radius, with_spectral_radius
from neurons.through_time import hidden_gradients
from tests.test_draw_grids import assert_slide_ready, colours_by_edge, texts


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def rnn():
    return Network.rnn(2, 3, 2, steps=4, seed=0)


# -- the unrolled network -----------------------------------------------------------------------
def test_each_step_is_a_column_inputs_below_hidden_below_outputs(rnn):
    art = draw_unrolled(rnn).artists
    pos = art["positions"]
    r = rnn.recurrences[0]
    columns = [pos[f"h{t}_1"][0] for t in range(1, 5)]
    assert np.all(np.diff(columns) >= COLUMN - 1e-9)  # time runs left to right
    for t, column in enumerate(columns, start=1):
        xs, hs, os_ = r.inputs_at(t), r.hidden_at(t), r.outputs_at(t)
        for n in (*xs, *hs, *os_):  # nearer its own column than any other
            assert abs(pos[n][0] - column) < (columns[1] - columns[0]) / 2, n
        assert all(pos[h][0] == column for h in hs)  # the stack stands on the column
        assert max(pos[x][1] for x in xs) < min(pos[h][1] for h in hs)
        assert max(pos[h][1] for h in hs) < min(pos[o][1] for o in os_)
        assert [pos[h][1] for h in hs] == sorted((pos[h][1] for h in hs), reverse=True)
        label = art["step_labels"][t]
        assert label.get_text() == f"t = {t}" and label.xy[0] == column
    assert set(art["edge_list"]) == set(rnn.graph.edges)  # every edge, once
    assert [art["row_labels"][r].get_text().split("\n")[0]
            for r in ("input", "hidden", "output")] == ["inputs x_t", "hidden h_t",
                                                        "outputs y_t"]


def test_recurrent_edges_join_consecutive_steps_only(rnn):
    art = draw_unrolled(rnn).artists
    recurrent = {(u, v) for u, v in art["edge_list"] if u[0] == v[0] == "h"}
    expected = {(f"h{t - 1}_{m}", f"h{t}_{j}") for t in range(2, 5) for j in range(1, 4)
                for m in range(1, 4)}
    assert recurrent == expected
    segments = art["edges"].get_segments()
    for i, (u, v) in enumerate(art["edge_list"]):
        if (u, v) in recurrent:  # straight across, from one stack to the next
            assert len(segments[i]) == 2
        assert tuple(segments[i][0]) == art["positions"][u]
        assert tuple(segments[i][-1]) == art["positions"][v]


def test_edges_that_would_cross_the_stack_go_around_it():
    net = Network.rnn(1, 4, 1, steps=2, seed=0)
    disp = draw_unrolled(net)
    art, pic = disp.artists, disp.picture
    r = net.recurrences[0]
    segments = dict(zip(art["edge_list"], art["edges"].get_segments()))
    radius = pic.diameters["hidden"] / 72 / 2
    for t in (1, 2):
        column = art["positions"][f"h{t}_1"][0]
        for u, v in segments:
            if r.step_of(v) != t or (u[0] == "h" and v[0] == "h"):
                continue
            path = segments[u, v]
            for h in r.hidden_at(t):
                if h in (u, v):
                    continue
                centre = np.array(art["positions"][h])
                assert np.min(np.hypot(*(path - centre).T)) > radius, (u, v, h)
        # the input's edge to the lowest neuron is straight; to the others arcs, on its left
        assert len(segments[f"x{t}_1", f"h{t}_4"]) == 2
        assert np.min(segments[f"x{t}_1", f"h{t}_1"][:, 0]) < column - radius


def test_each_shared_weight_has_one_colour_in_its_matrix_hue(rnn):
    art = draw_unrolled(rnn).artists
    by_parameter = {}
    for (u, v), c in colours_by_edge(art).items():
        by_parameter.setdefault(rnn.weight_name(u, v), set()).add(c)
    r = rnn.recurrences[0]
    assert set(by_parameter) == {*r.w_xh, *r.w_hh, *r.w_hy}
    assert all(len(cs) == 1 for cs in by_parameter.values())  # one colour at every step
    colours = {p: cs.pop() for p, cs in by_parameter.items()}
    assert len(set(colours.values())) == len(colours)  # and different parameters differ
    expected = parameter_colours(r)
    assert all(colours[p] == pytest.approx(expected[p]) for p in colours)
    # The families: W_xh oranges (red above blue), W_hh blues, W_hy purples (blue and red
    # above green).
    for p, (red, green, blue, _) in colours.items():
        if p.startswith("w_xh"):
            assert red > green > blue, p
        elif p.startswith("w_hh"):
            assert blue > red, p
        else:
            assert min(red, blue) > green, p
    key = art["keys"]["w_hh"]  # the key's line for a weight has its edges' colour
    for handle, text in zip(key.legend_handles, key.get_texts()):
        name = text.get_text().split(" =")[0]
        assert to_rgba(handle.get_color()) == pytest.approx(colours[name])


def test_each_parameter_is_written_once_in_the_key(rnn):
    disp = draw_unrolled(rnn)
    art = disp.artists
    every = [t.get_text() for t in texts(disp.figure)]
    values = rnn.parameters()
    for p, value in values.items():
        assert sum(t.startswith(f"{p} =") for t in every) == 1, p
        assert art["key_texts"][p].get_text() == f"{p} = {value:.2f}"
    assert set(art["keys"]) == {"w_xh", "w_hh", "w_hy", "bias"}
    # W_hh laid out as the matrix: row j, column m is w_hh_j_m (a legend fills by column)
    names = [t.get_text().split(" =")[0] for t in art["keys"]["w_hh"].get_texts()]
    assert names == [f"w_hh_{j}_{m}" for m in (1, 2, 3) for j in (1, 2, 3)]
    assert art["keys"]["w_hh"].get_title().get_text() == "W_hh: h_(t−1) → h_t"
    # the keys stand under the diagram, none over another
    renderer = disp.figure.canvas.get_renderer()
    boxes = [k.get_window_extent(renderer) for k in art["keys"].values()]
    bottom = disp.ax.get_window_extent(renderer).y0
    assert all(b.y1 <= bottom + 1 for b in boxes)
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_values_and_gradients():
    net = Network.rnn(1, 2, 1, steps=3, seed=0)
    x, y = [1.0, -0.5, 0.25], [0.1, 0.2, 0.3]
    disp = draw_unrolled(net, values=x, gradients=(x, y))
    art = disp.artists
    trace = net.forward_trace(x)
    assert art["node_labels"]["x2_1"].get_text() == "x2_1\n-0.50"
    h = art["node_labels"]["h3_2"].get_text().split("\n")
    assert h[:2] == ["h3_2", f"{trace.a['h3_2']:.2f}"] and h[2].startswith("δ=")
    grads = net.gradients([x], [y])
    for p, g in grads.items():  # the key: dL/dparam, the sum over the uses
        assert art["key_texts"][p].get_text() == f"dL/d{p} = {g:.2g}"
    # each edge's number is its use's share a_u delta_v: they add up to dL/dw
    shares = {}
    for p, v in zip(art["edge_parameters"], art["edge_values"]):
        shares[p] = shares.get(p, 0.0) + v
    for p, total in shares.items():
        assert total == pytest.approx(grads[p], abs=1e-12)
    delta = disp.picture.deltas
    assert delta["o3_1"] == pytest.approx(grads["b_y_1"] - delta["o1_1"] - delta["o2_1"])
    assert "δ = dL/dz" in art["subtitle"].get_text()
    assert_slide_ready(disp.figure, "values and gradients")


def test_a_long_sequence_draws_its_first_and_last_steps_and_says_so():
    net = Network.rnn(1, 2, 1, steps=20, outputs="last", seed=0)
    disp = draw_unrolled(net, max_steps=10)
    art = disp.artists
    assert disp.picture.steps == [1, 2, 3, 4, 5, 17, 18, 19, 20]
    assert art["gap"].get_text() == "⋯\n11 steps\nnot drawn"
    recurrent = {(u, v) for u, v in art["edge_list"] if u[0] == v[0] == "h"}
    assert ("h5_1", "h17_1") not in recurrent and ("h4_1", "h5_1") in recurrent
    assert art["positions"]["h5_1"][0] < art["gap"].get_position()[0] < \
        art["positions"]["h17_1"][0]
    assert "unrolled over 20 steps (11 not drawn)" in art["subtitle"].get_text()
    assert [o for o in disp.picture.role if o.startswith("o")] == ["o20_1"]
    assert len(draw_unrolled(net, max_steps=None).picture.steps) == 20
    with pytest.raises(ParameterError, match="max_steps"):
        draw_unrolled(net, max_steps=2)


def test_highlight_a_shared_weight_and_a_neuron():
    net = Network.rnn(1, 2, 1, steps=4, seed=0)
    art = draw_unrolled(net, highlight="w_hh_1_2").artists
    assert art["highlight"]["edges"] == {(f"h{t - 1}_2", f"h{t}_1") for t in (2, 3, 4)}
    _, top = art["highlight"]["artists"]
    assert len(top.get_segments()) == 3
    faded = {e for e, c in colours_by_edge(art).items() if c[3] < 1}
    assert faded == set(art["edge_list"]) - art["highlight"]["edges"]
    field = draw_unrolled(net, highlight="o2_1").artists["highlight"]
    assert field["nodes"] == {"o2_1", "h2_1", "h2_2", "h1_1", "h1_2", "x1_1", "x2_1"}


def test_draw_picks_the_unrolled_picture_for_a_recurrent_network_only(rnn):
    assert uses_unrolled_layout(rnn) and not uses_unrolled_layout(rnn, "layers")
    assert not uses_unrolled_layout(Network.dense([2, 2, 1]))
    disp = draw(rnn)
    assert "keys" in disp.artists and disp.picture.recurrence is rnn.recurrences[0]
    small = Network.rnn(1, 1, 1, steps=2, seed=0)
    assert "weight_labels" in draw(small, layout="layers").artists  # the layered picture
    steps = small.steps([1.0, 0.0], [0.0, 1.0])
    assert "weight_labels" in draw(small, step=steps[0]).artists  # steps are layered
    assert "keys" not in draw(Network.dense([2, 2, 1], seed=0)).artists
    with pytest.raises(ParameterError, match="draw_rolled"):
        draw(rnn, text_scale=2)
    with pytest.raises(NetworkStructureError, match=r"Network\.rnn"):
        draw(Network.dense([2, 1]), layout="unrolled")
    with pytest.raises(ParameterError, match="unrolled"):
        draw(rnn, layout="unroled")
    _, ax = plt.subplots(figsize=(8, 4.5))  # a given Axes: drawn into it
    disp = draw(rnn, ax)
    assert disp.ax is ax and not disp.own_figure


def test_default_pictures_are_slide_ready():
    for net, settings in ((Network.rnn(1, 2, 1, steps=4, seed=0), {}),
                          (Network.rnn(1, 4, 1, steps=10, seed=0), {}),
                          (Network.rnn(2, 3, 2, steps=6, seed=0), {"values": np.ones(12)})):
        assert_slide_ready(draw_unrolled(net, **settings).figure, repr(net))
    for key in ("right", "below"):
        assert_slide_ready(draw_rolled(Network.rnn(2, 4, 2, steps=3, seed=0), key=key).figure,
                           key)


# -- rolled up ------------------------------------------------------------------------------------
def test_the_rolled_cell_has_the_loop_and_the_matrices_named():
    net = Network.rnn(1, 3, 1, steps=6, seed=0)
    disp = draw_rolled(net)
    art = disp.artists
    loop = art["loop"]
    assert isinstance(loop, FancyArrowPatch) and loop in disp.ax.patches
    assert "arc3" in type(loop.get_connectionstyle()).__name__.lower()
    box = art["box"].get_bbox()
    (xa, ya), (xb, yb) = loop._posA_posB  # both ends on the hidden layer's box, right side
    assert xa == xb > box.x1 and box.y0 < yb < ya < box.y1
    labels = {k: t.get_text() for k, t in art["matrix_labels"].items()}
    assert labels == {"W_hh": "W_hh", "W_xh": "W_xh", "W_hy": "W_hy", "b_h": "+ b_h",
                      "b_y": "+ b_y"}
    assert "unrolled over 6 steps" in art["title"].get_text()
    every = [t.get_text() for t in texts(disp.figure)]
    assert any("h_0 = 0" in t for t in every)
    for p, value in net.parameters().items():  # the key, as the unrolled picture's
        assert sum(t.startswith(f"{p} =") for t in every) == 1, p
        assert art["key_texts"][p].get_text() == f"{p} = {value:.2f}"
    colours = colours_by_edge(art)  # the same colours as unrolled
    assert colours["x_t,1", "h_t,2"] == pytest.approx(parameter_colours(net.recurrences[0])[
        "w_xh_2_1"])
    assert art["node_labels"]["h_t,2"].get_text() == "h_t,2\ntanh"
    with pytest.raises(ParameterError, match="key"):
        draw_rolled(net, key="left")


def test_the_rolled_key_below_is_a_narrow_picture():
    net = Network.rnn(1, 2, 1, steps=4, seed=0)
    narrow, wide = draw_rolled(net, key="below").figure, draw_rolled(net).figure
    assert narrow.get_figwidth() < 5.5 < wide.get_figwidth()
    assert narrow.get_figheight() > narrow.get_figwidth()


# -- the gradient through time ---------------------------------------------------------------------
def test_the_gradient_plot_draws_the_norms_of_hidden_gradients_on_a_log_axis():
    base = Network.rnn(1, 3, 1, steps=8, outputs="last", seed=0)
    nets = [with_spectral_radius(base, rho) for rho in (0.5, 1.5)]
    nets.append(with_spectral_radius(Network.rnn(1, 3, 1, steps=8, outputs="last",
                                                 activation="relu", seed=0), 0.9))
    x, y = [1.0] + [0.0] * 7, [0.5]
    ax = plot_gradient_through_time(nets, x, y, loss="sse")
    assert ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert len(lines) == 3
    for line, net in zip(lines, nets):
        expected = np.linalg.norm(hidden_gradients(net, x, y, "sse", from_step=8), axis=1)
        np.testing.assert_allclose(line.get_xdata(), np.arange(8))
        np.testing.assert_allclose(line.get_ydata(), expected[::-1], rtol=1e-12)
    assert [line.get_label() for line in lines] == [
        "tanh, ρ(W_hh) = 0.50", "tanh, ρ(W_hh) = 1.50", "ReLU, ρ(W_hh) = 0.90"]
    low, high = (to_rgba(line.get_color()) for line in lines[:2])
    assert low[2] > low[0] and high[0] > high[2]  # blue below 1, red above
    assert lines[2].get_linestyle() != lines[0].get_linestyle()  # another activation
    assert "loss at step 8" in ax.get_xlabel() and "dL/dh_t" in ax.get_ylabel()
    assert_slide_ready(ax.figure, "gradient plot")


def test_the_gradient_plot_on_one_network_and_its_settings():
    net = Network.rnn(1, 2, 1, steps=5, seed=1)  # outputs at each step
    x, y = [0.5, -0.5, 1.0, 0.0, 0.2], [0.0, 1.0, 0.0, 1.0, 0.0]
    _, ax = plt.subplots()
    out = plot_gradient_through_time(net, x, y, ax=ax, from_step=3, labels=["mine"])
    assert out is ax
    (line,) = ax.get_lines()
    expected = np.linalg.norm(hidden_gradients(net, x, y, from_step=3)[:3], axis=1)[::-1]
    np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-12)
    assert line.get_label() == "mine" and list(line.get_xdata()) == [0, 1, 2]
    with pytest.raises(ArgumentTypeError, match="one string per network"):
        plot_gradient_through_time(net, x, y, labels=["a", "b"])
    with pytest.raises(ParameterError, match="from_step=2"):
        plot_gradient_through_time(Network.rnn(1, 2, 1, steps=5, outputs="last"), x, [1.0],
                                   from_step=2)


# -- the spectral radius ---------------------------------------------------------------------------
def test_with_spectral_radius_scales_w_hh_only_in_a_copy():
    net = Network.rnn(2, 3, 1, steps=4, seed=3)
    before = net.parameters()
    scaled = with_spectral_radius(net, 1.1)
    assert net.parameters() == before  # the original unchanged
    assert spectral_radius(scaled) == pytest.approx(1.1, rel=1e-12)
    factor = 1.1 / spectral_radius(net)
    np.testing.assert_allclose(recurrent_matrix(scaled), factor * recurrent_matrix(net))
    after = scaled.parameters()
    assert {p for p in before if after[p] != before[p]} <= set(net.recurrences[0].w_hh)
    eig = np.linalg.eigvals(recurrent_matrix(net))
    assert spectral_radius(net) == pytest.approx(np.max(np.abs(eig)))


def test_spectral_radius_errors():
    net = Network.rnn(1, 2, 1, steps=3, seed=0)
    with pytest.raises(ParameterError, match="rho must be zero or positive"):
        with_spectral_radius(net, -0.5)
    zero = Network.rnn(1, 2, 1, steps=3, seed=0)
    zero.set_parameters(dict.fromkeys(zero.recurrences[0].w_hh, 0.0))
    with pytest.raises(ParameterError, match="set some recurrent weights"):
        with_spectral_radius(zero, 0.9)
    with pytest.raises(NetworkStructureError, match="no recurrence"):
        spectral_radius(Network.dense([2, 1]))


# -- errors -----------------------------------------------------------------------------------
@pytest.mark.parametrize("picture", [draw_unrolled, draw_rolled,
                                     lambda net: plot_gradient_through_time(net, [1, 2], [0])])
def test_a_network_that_is_not_a_recurrence_is_refused_by_name(picture):
    with pytest.raises(NetworkStructureError, match=r"recurrent network \(Network.rnn") as e:
        picture(Network.dense([2, 1], seed=0))
    assert isinstance(e.value, NeuronsError) and "draw(net)" in str(e.value)
    extra = Network.rnn(1, 2, 1, steps=3, seed=0)
    extra.add_neuron("z", {"o3_1": 1.0})
    with pytest.raises(NetworkStructureError, match="has others too \\(z\\)"):
        picture(extra)
