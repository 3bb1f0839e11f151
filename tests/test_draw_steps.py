"""draw(net, step=...) and animate_backprop: they inspect the artists (and the GIF's frames
with Pillow), never pixels."""

import functools
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

from neurons import Network
from neurons.drawing import animate_backprop, draw
from neurons.drawing.steps import ROWS, caption_lines, frames, shorten
from neurons.errors import ArgumentTypeError, ParameterError

from .helpers import classic_221


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def worked():
    """The classic 2-2-1 network: every weight 1, biases 0; x = (-2, -1), y = 1."""
    return classic_221(weights=(1.0,) * 6), [-2.0, -1.0], 1.0


def random_network():
    net = Network.dense([3, 4, 2], activation="tanh", seed=3)
    return net, np.random.default_rng(3).normal(size=3), [1.0, 0.0]


def caption_text(art):
    """The caption's lines, column after column."""
    return "\n".join(t.get_text() for t in art["caption"] if t.get_text())


def every_kind(record):
    """Some steps of each kind, the first and the last among them."""
    picked = {0, len(record) - 1}
    for kind in ("forward", "loss", "backward", "gradient", "update"):
        of_kind = [s.index for s in record if s.kind == kind]
        picked.update(of_kind[:1] + of_kind[-1:])
    return [record[i] for i in sorted(picked)]


CASES = {"worked 2-2-1": (worked, {"lr": 0.1}),
         "random 3-4-2": (random_network, {"lr": 0.05, "optimizer": "momentum"})}


def case(name):
    make, settings = CASES[name]
    net, x, y = make()
    return net, net.steps(x, y, "mse", **settings)


STEPS = [(name, s.index) for name in CASES for s in every_kind(case(name)[1])]


@functools.cache
def drawn(name, index):
    """The network, its steps and the diagram at step ``index``, drawn once for all tests
    (a closed figure keeps its artists)."""
    net, record = case(name)
    return net, record, draw(net, step=record[index])


@pytest.mark.parametrize(("name", "index"), STEPS, ids=[f"{n} step {i}" for n, i in STEPS])
def test_the_highlight_is_exactly_what_the_step_touches(name, index):
    _, record, disp = drawn(name, index)
    step, art = record[index], disp.artists
    pos = art["positions"]
    assert art["step_nodes"]["nodes"] == list(step.nodes)
    halos = {tuple(p) for dots in art["step_nodes"]["artists"].values()
             for p in dots.get_offsets()}
    assert halos == {pos[n] for n in step.nodes}
    assert art["step_edges"]["edges"] == list(step.edges)
    if step.edges:
        halo, top = art["step_edges"]["artists"]
        assert sorted(map(tuple, np.round(np.reshape(top.get_segments(), (-1, 4)), 9))) == \
            sorted(tuple(np.round([*pos[u], *pos[v]], 9)) for u, v in step.edges)
        assert len(halo.get_segments()) == len(step.edges)
    else:
        assert art["step_edges"]["artists"] == []
    # the other edges fade; the step's keep their colour
    alphas = dict(zip(art["edge_list"], art["edges"].get_colors()[:, 3]))
    assert all((alphas[e] == 1.0) == (e in step.edges) for e in art["edge_list"])
    assert art["highlight"] is None and art["step"].steps == (step,)


@pytest.mark.parametrize(("name", "index"), STEPS, ids=[f"{n} step {i}" for n, i in STEPS])
def test_known_values_are_written_and_later_ones_are_not(name, index):
    net, record, disp = drawn(name, index)
    step = record[index]
    art, known = disp.artists, step.known
    g = "{:.3g}".format

    def label(group, key):
        text = art[group].get(key)
        return "" if text is None else text.get_text()

    for n in net.graph.nodes:  # under each neuron: a, dL/da and delta once known, no sooner
        below = label("value_labels", n)
        for symbol, values in (("a", known.a), ("dL/da", known.dL_da), ("δ", known.delta)):
            line = f"{symbol}={g(values[n])}" if n in values else None
            assert (line in below.split("\n")) if line else f"{symbol}=" not in below, (n, below)
    parameters = net.parameters()
    left_out = len(net.graph.edges) - len(art["weight_labels"])  # no free spot: counted
    assert (art["note"] is None) == (left_out == 0)
    if left_out:
        assert art["note"].get_text() == f"not labelled: {left_out} edge{'s' * (left_out > 1)} " \
            "(no room)"
    for p, value in parameters.items():  # on each edge (above each neuron): w, dL/dw, new w
        k, i = net.parameter_slot(p)
        if i is not None and (net.neuron(k).inputs[i], k) not in art["weight_labels"]:
            continue
        text = label("bias_labels", k) if i is None else label(
            "weight_labels", (net.neuron(k).inputs[i], k))
        first, *rest = text.split("\n")
        new = f" → {g(known.updated[p])}" if p in known.updated else ""
        assert first == f"{p}={g(value)}{new}", text
        assert rest == ([f"dL/d{p}={g(known.gradients[p])}"] if p in known.gradients else [])
    heading = art["step_heading"].get_text()
    assert heading.startswith(f"Step {step.index + 1} of {len(record)}: ")
    assert ("L = " in heading) == (known.loss is not None)
    # No text anywhere on the diagram carries a number that is not known yet (numbers that
    # happen to equal a known one, such as dL/db = delta, aside).
    full = record[-1].known
    shown = {g(v) for v in [*parameters.values(), *known.a.values(), *known.dL_da.values(),
                            *known.delta.values(), *known.gradients.values(),
                            *known.updated.values(), *known.z.values()]}
    later = [(key, g(v)) for every, now in (
        (full.a, known.a), (full.dL_da, known.dL_da), (full.delta, known.delta),
        (full.gradients, known.gradients), (full.updated, known.updated))
        for key, v in every.items() if key not in now and g(v) not in shown]
    if known.loss is None:
        later.append(("L", g(full.loss)))
    everything = " ".join(t.get_text() for t in disp.figure.findobj(Text))
    tokens = set(re.findall(r"-?[\d.]+(?:e[-+]?\d+)?", everything))
    assert not [v for v in later if v[1] in tokens]


def test_the_values_are_blank_before_the_first_step_reaches_them():
    net, record = case("worked 2-2-1")
    art = draw(net, step=record[0]).artists  # z_h1, a_h1 only
    assert art["value_labels"]["x1"].get_text() == "a=-2"  # the inputs from the start
    assert art["value_labels"]["h1"].get_text() == "a=0.0474"
    assert "h2" not in art["value_labels"] and "o1" not in art["value_labels"]
    assert art["weight_labels"]["h1", "o1"].get_text() == "w5=1"
    assert art["bias_labels"]["o1"].get_text() == "b3=0"


@pytest.mark.parametrize(("name", "index"), STEPS, ids=[f"{n} step {i}" for n, i in STEPS])
def test_the_caption_is_the_steps_equation(name, index):
    _, record, disp = drawn(name, index)
    step, caption = record[index], caption_text(disp.artists)
    lines, parts = caption.split("\n"), step.text.split(";  ")  # each part on a line
    assert len(lines) == len(parts)
    for line, whole in zip(lines, parts):  # whole, or (too wide) its first member and result
        first, *_, result = whole.split(" = ")
        assert line == whole or (line.startswith(f"{first} = ") and line.endswith(f" = {result}"))
    if name == "worked 2-2-1":
        assert lines == parts


def test_a_caption_too_long_for_the_figure_keeps_its_first_member_and_result():
    net = Network.dense([7, 1], seed=0)  # a 7-term sum (one left out: "... (2 more)")
    step = net.steps(np.ones(7), 1.0)[0]
    fig, ax = plt.subplots(figsize=(4, 3))
    [caption] = draw(net, ax, step=step).artists["caption"]
    fig.canvas.draw()
    assert caption.get_window_extent().x1 <= fig.bbox.x1
    for line, whole in zip(caption.get_text().split("\n"), step.text.split(";  ")):
        first, *_, result = whole.split(" = ")
        assert line == whole or (line.startswith(first) and line.endswith(result)) or (
            line.endswith("…") and len(line) < len(whole))
    assert caption.get_text() != "\n".join(step.text.split(";  "))


def test_shorten_leaves_out_middle_members_first():
    line = "z = w1 a1 + w2 a2 = 1 * 2 + 3 * 4 = 14"
    assert shorten(line, len(line)) == line
    assert shorten(line, 30) == "z = w1 a1 + w2 a2 = 14"
    assert shorten(line, 10) == "z = 14" and shorten(line, 5) == "z = …"


def test_frames_per_step_and_per_layer():
    net, x, y = worked()
    record = net.steps(x, y)
    assert [len(f) for f in frames(record)] == [1] * 16
    runs = frames(record, "layer")
    assert [[s.index for s in run] for run in runs] == [
        [0, 1], [2], [3], [4, 5, 6, 7], list(range(8, 16))]
    art = draw(net, step=runs[-1]).artists  # a run: the state after its last step
    assert art["step_nodes"]["nodes"] == ["h2", "o1", "x1", "x2", "h1"]
    # All eight equations, in two columns of four, side by side under the diagram.
    columns = [t.get_text().split("\n") for t in art["caption"]]
    assert [len(c) for c in columns] == [ROWS, ROWS]
    shown = [line for column in columns for line in column]
    assert len(shown) == len(caption_lines(runs[-1])) == 8
    for line, whole in zip(shown, caption_lines(runs[-1])):  # whole, or cut
        first, *_, result = whole.split(" = ")
        assert line == whole or (line.startswith(f"{first} = ") and line.endswith(result))
    left, right = (t.get_window_extent() for t in art["caption"])
    assert left.x1 < right.x0 and left.y1 == right.y1
    cut = frames(record, "layer", max_lines=3)  # a run cut into parts of at most 3 lines
    assert [[s.index for s in run] for run in cut] == [
        [0], [1], [2], [3], [4, 5, 6], [7], [8, 9, 10], [11, 12, 13], [14, 15]]
    assert set(art["value_labels"]) == {"x1", "x2", "h1", "h2", "o1"}


def test_every_step_of_a_sample_draws_on_a_figure_of_one_size():
    net, record = case("worked 2-2-1")
    sizes = {tuple(draw(net, step=s).figure.get_size_inches()) for s in every_kind(record)}
    assert len(sizes) == 1
    fig = draw(net, step=record[0]).figure
    assert fig.get_size_inches()[0] * fig.dpi >= 1200


def test_a_step_into_a_given_axes_and_elided_layers():
    net = Network.dense([12, 3, 1], seed=0)
    record = net.steps(np.linspace(-1, 1, 12), 1.0)
    right = plt.subplots(1, 2, figsize=(14, 5))[1][1]
    art = draw(net, right, step=record[0], max_neurons=8).artists
    drawn = set(art["positions"])
    assert art["step_nodes"]["nodes"] == [n for n in record[0].nodes if n in drawn]
    assert len(art["step_nodes"]["nodes"]) == 9  # h1 and 8 of its 12 inputs
    assert art["caption"][0].axes is right


def test_without_a_step_nothing_changes():
    net, x, _ = worked()
    art = draw(net, values=x).artists
    assert art["step"] is art["caption"] is art["step_nodes"] is art["step_edges"] is None
    assert art["value_labels"]["h1"].get_text() == "z=-3.00\na=0.05"
    assert art["weight_labels"]["h1", "o1"].get_text() == "1.00"


def test_step_settings_are_checked():
    net, x, y = worked()
    record = net.steps(x, y)
    with pytest.raises(ParameterError, match="leave values, gradients and highlight out"):
        draw(net, step=record[0], values=x)
    with pytest.raises(ParameterError, match="another network"):
        draw(worked()[0], step=record[0])
    with pytest.raises(ParameterError, match="consecutive"):
        draw(net, step=[record[0], record[2]])
    with pytest.raises(ArgumentTypeError, match="step must be a Step"):
        draw(net, step="h1")
    with pytest.raises(ParameterError, match="per must be one of"):
        animate_backprop(net, x, y, per="neuron")


def gif_frames(path):
    with Image.open(path) as gif:
        return gif.n_frames, gif.size


def test_the_gif_of_the_worked_example_has_a_frame_per_step(tmp_path):
    net, x, y = worked()
    before = net.parameters()
    gif = animate_backprop(net, x, y, "mse", lr=0.1, path=tmp_path / "steps.gif")
    assert len(gif.frames) == len(gif.steps) == 25
    assert gif.frames == [(i,) for i in range(25)]
    n, (width, _) = gif_frames(gif.path)
    assert n == 25 and width >= 1200
    assert gif.path.stat().st_size < 2_000_000
    assert net.parameters() == before  # the updates are only shown


def test_a_larger_network_gets_a_frame_per_layer(tmp_path):
    net, x, y = random_network()
    gif = animate_backprop(net, x, y, lr=0.1, path=tmp_path / "layers.gif", fps=1,
                           scale=0.6)  # smaller frames: the same steps, faster to render
    assert len(gif.steps) > 40  # "auto": per layer beyond 40 steps
    # A frame per layer's phase, cut where its equations would not all fit whole.
    runs = [tuple(s.index for s in run) for run in frames(gif.steps, "layer")]
    assert [i for frame in gif.frames for i in frame] == list(range(len(gif.steps)))
    assert all(any(set(frame) <= set(run) for run in runs) for frame in gif.frames)
    assert len(runs) < len(gif.frames) < len(gif.steps)
    assert gif_frames(gif.path)[0] == len(gif.frames)
    assert gif.path.stat().st_size < 1_000_000
