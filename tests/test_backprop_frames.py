"""BackpropFrames and animate_backprop: one figure, updated frame by frame.

Tested through the artists of every frame (and, for the GIF, the frames Pillow reads back):
no two texts overlap, every equation of a frame is in its caption, the numbers are the ones
the frame's steps know, and the frames rendered by blitting are the frames savefig renders.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from neurons import Network
from neurons.drawing import animate_backprop, network_picture
from neurons.drawing.animate import BackpropFrames, rgb, write_gif
from neurons.drawing.nodes import bias_text, value_text
from neurons.drawing.steps import ROWS, caption_lines

from .helpers import classic_221
from .strategies import networks

# The texts of a diagram that must never cover one another.
LABELS = ("name_labels", "activation_labels", "bias_labels", "value_labels", "weight_labels",
          "elided")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def boxes(disp):
    """Every label's display box, with the padding of its drawn box."""
    fig = disp.figure
    renderer = fig.canvas.get_renderer()
    out = []
    for group in LABELS:
        for key, text in disp.artists[group].items():
            if not text.get_text():
                continue
            box = text.get_window_extent(renderer)
            patch = text.get_bbox_patch()
            if patch is not None:
                box = box.padded(patch.get_boxstyle().pad * text.get_fontsize() * fig.dpi / 72)
            out.append(((group, key, text.get_text()), box))
    note = disp.artists["note"]
    if note is not None:
        out.append((("note", None, note.get_text()), note.get_window_extent(renderer)))
    return out


def overlaps(disp):
    found = boxes(disp)
    return [(a, b) for i, (a, p) in enumerate(found) for b, q in found[i + 1:]
            if p.overlaps(q)]


def caption(disp):
    return [line for t in disp.artists["caption"] for line in t.get_text().split("\n")
            if t.get_text()]


def check_frame(frames, k, disp):
    """The frame shows exactly what its steps know, and every equation of its steps."""
    run = frames.runs[k]
    pic = network_picture(frames.steps.net, step=run)
    art = disp.artists
    assert overlaps(disp) == []
    for n, text in art["value_labels"].items():
        assert text.get_text() == (value_text(pic, n) or "")
    for n, text in art["bias_labels"].items():
        assert text.get_text() == (bias_text(pic, n) or "")
    for edge, text in art["weight_labels"].items():
        assert text.get_text() == pic.edge_text[edge]
    shown, wanted = caption(disp), caption_lines(run)
    assert len(shown) == len(wanted)
    for line, whole in zip(shown, wanted):  # whole, or (wider than the figure) cut
        first, *_, result = whole.split(" = ")
        assert line == whole or (line.startswith(f"{first} = ") and line.endswith(result))
    assert art["step_heading"].get_text() == pic.step.heading
    assert art["step_edges"]["edges"] == [e for e in pic.step.edges if e in pic.edges]
    assert sum(len(c.get_segments()) for c in art["step_edges"]["artists"]) == 2 * len(
        art["step_edges"]["edges"])  # the halo and the edges over it
    assert art["step_nodes"]["nodes"] == [n for n in pic.step.nodes if n in pic.role]


def test_the_worked_example_is_drawn_once_and_updated_per_step():
    net, x, y = classic_221(weights=(1.0,) * 6), [-2.0, -1.0], 1.0
    frames = BackpropFrames(net, x, y, lr=0.1)
    assert len(frames) == 25 and [len(r) for r in frames.runs] == [1] * 25
    disp = frames.display
    figure, edges, label = disp.figure, disp.artists["edges"], disp.artists["value_labels"]["h1"]
    for k, shown in enumerate(frames):
        assert shown is disp and shown.figure is figure and shown.artists["edges"] is edges
        assert shown.artists["value_labels"]["h1"] is label  # updated, not drawn again
        check_frame(frames, k, shown)
        assert caption(shown) == caption_lines(frames.runs[k])  # every line whole
    assert plt.get_fignums() == [figure.number]
    assert disp.artists["note"] is None  # every label found a spot
    delta_h1 = frames.show(12)
    assert delta_h1.artists["value_labels"]["h1"].get_text() == "a=0.0474\nδ=-0.0107"
    assert caption(delta_h1) == [
        "delta_h1 = f'(z_h1) (w5 delta_o1) = 0.0452 * (1 * (-0.238)) = -0.0107"]
    assert delta_h1.artists["weight_labels"]["x1", "h1"].get_text() == "w1=1"
    assert frames.show(24).artists["weight_labels"]["x1", "h1"].get_text() == (
        "w1=1 → 0.998\ndL/dw1=0.0215")


def test_blitted_frames_are_the_frames_savefig_renders():
    net = Network.dense([2, 1], seed=0)
    # With a note beside the legend (which the blitting renders once, in the background).
    frames = BackpropFrames(net, [1.0, 2.0], 1.0, lr=0.1, max_labelled_edges=1)
    assert frames.display.artists["note"] is not None
    blitted = frames.render()
    saved = [rgb(disp.figure) for disp in frames]
    assert len(blitted) == len(saved) == 9
    assert all(np.array_equal(a, b) for a, b in zip(blitted, saved))
    assert not np.array_equal(blitted[0], blitted[-1])


def test_a_layer_that_does_not_fit_is_cut_into_frames_with_every_equation_whole():
    net = Network.dense([3, 4, 4, 2], activation="tanh", seed=0)
    frames = BackpropFrames(net, [1.0, 2.0, 0.5], [1.0, 0.0], per="layer")
    assert [s.index for run in frames.runs for s in run] == list(range(len(frames.steps)))
    for k, disp in enumerate(frames):
        check_frame(frames, k, disp)
        assert caption(disp) == caption_lines(frames.runs[k])  # the figure widened for them
        assert len(caption(disp)) <= ROWS * len(disp.artists["caption"])
    # The backward pass through the second hidden layer: 4 deltas and 20 gradients.
    backward = [run for run in frames.runs if run[0].kind in ("backward", "gradient")
                and run[0].node.startswith("h2")]
    assert sum(len(run) for run in backward) == 24 and len(backward) > 1


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=networks(activation="mixed"), seed=st.integers(0, 2**16), lr=st.sampled_from(
    [None, 0.1]))
def test_no_two_labels_overlap_in_any_frame_of_a_random_network(net, seed, lr):
    """Up to 40 edges, skip connections included: a label that cannot be placed clear of
    every other is left out of every frame, and the note counts it."""
    assume(net.graph.number_of_edges() <= 40)
    rng = np.random.default_rng(seed)
    frames = BackpropFrames(net, rng.normal(size=len(net.inputs)),
                            rng.normal(size=len(net.outputs)), lr=lr)
    disp = frames.display
    labelled = len(disp.artists["weight_labels"])
    note = disp.artists["note"]
    assert (note is None) == (labelled == len(disp.picture.edges))
    for k, shown in enumerate(frames):
        check_frame(frames, k, shown)
    frames.close()


def test_the_gif_has_one_palette_and_the_frames_shown(tmp_path):
    net, x, y = Network.dense([2, 1], seed=0), [1.0, 2.0], 1.0
    gif = animate_backprop(net, x, y, lr=0.1, path=tmp_path / "steps.gif")
    frames = BackpropFrames(net, x, y, lr=0.1)
    shown = frames.render()
    with Image.open(gif.path) as im:
        assert im.n_frames == 9 and im.info["duration"] == 2000 and im.info["loop"] == 0
        for k in range(9):
            im.seek(k)
            back = np.asarray(im.convert("RGB"), dtype=int)
            # No dithering: each pixel is its palette's nearest colour, close to the frame's.
            assert back.shape == shown[k].shape
            assert np.mean(np.abs(back - shown[k])) < 1.0
    assert gif.path.stat().st_size < 200_000


def test_write_gif_makes_the_folder_and_keeps_the_frames(tmp_path):
    frames = [np.full((4, 6, 3), v, np.uint8) for v in (0, 128, 255)]
    path = write_gif(frames, tmp_path / "new" / "three.gif", fps=4)
    with Image.open(path) as im:
        assert im.n_frames == 3 and im.info["duration"] == 250
        for k in range(3):
            im.seek(k)
            assert np.asarray(im.convert("RGB")).tolist() == frames[k].tolist()
