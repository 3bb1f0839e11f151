"""Pictures say what they leave out: edge labels beyond max_labelled_edges or without room.

Tested through the artists: the note's text counts exactly the labels missing, it stands on
the figure clear of the legend, and no label that is drawn covers another text.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from neurons import Network
from neurons.drawing import draw
from neurons.drawing.network import drop_overlapping


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


TEXTS = ("name_labels", "activation_labels", "bias_labels", "value_labels", "weight_labels",
         "elided")


def text_boxes(disp, groups=TEXTS):
    renderer = disp.figure.canvas.get_renderer()
    out = []
    for group in groups:
        for text in disp.artists[group].values():
            box = text.get_window_extent(renderer)
            patch = text.get_bbox_patch()
            if patch is not None:
                box = box.padded(patch.get_boxstyle().pad * text.get_fontsize()
                                 * disp.figure.dpi / 72)
            out.append(box)
    return out


def clear_of_each_other(boxes):
    return not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def note_box(disp):
    return disp.artists["note"].get_window_extent(disp.figure.canvas.get_renderer())


def test_labels_beyond_the_limit_are_counted_beside_the_legend():
    disp = draw(Network.dense([5, 4, 1], seed=0))  # 20 edges x -> h: over 16
    assert len(disp.artists["weight_labels"]) == 4
    assert disp.artists["note"].get_text() == (
        "not labelled: 20 edges (over 16 between two layers)")
    note, fig = note_box(disp), disp.figure
    legend = disp.artists["legend"].get_window_extent(fig.canvas.get_renderer())
    assert not note.overlaps(legend) and note.x0 > legend.x1  # on the legend's row, after it
    assert abs((note.y0 + note.y1) / 2 - (legend.y0 + legend.y1) / 2) < 1
    assert fig.bbox.x0 <= note.x0 and note.x1 <= fig.bbox.x1 and note.y1 <= fig.bbox.y1


def test_nothing_left_out_means_no_note():
    assert draw(Network.dense([2, 2, 1], seed=0)).artists["note"] is None
    assert draw(Network.dense([5, 4, 1], seed=0), weight_labels=True).artists["note"] is None
    # Labels turned off are the reader's choice, not something left out.
    assert draw(Network.dense([5, 4, 1], seed=0), weight_labels=False).artists["note"] is None


def test_labels_without_room_are_left_out_and_counted():
    net = Network.dense([4, 4, 4], seed=0)  # 32 labels with names into a small axes
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    disp = draw(net, ax, names=True, weight_labels=True, legend=True)
    missing = 32 - len(disp.artists["weight_labels"])
    assert missing > 0
    assert disp.artists["note"].get_text() == f"not labelled: {missing} edges (no room)"
    assert clear_of_each_other(text_boxes(disp))
    # Without room on the legend's row nor above it, the note stands below the axes.
    legend = disp.artists["legend"].get_window_extent(fig.canvas.get_renderer())
    note = note_box(disp)
    assert not note.overlaps(legend) and note.y1 <= ax.get_window_extent().y0
    assert fig.bbox.contains(*note.min) and fig.bbox.contains(*note.max)


def test_drop_overlapping_keeps_the_first_of_two_labels_on_one_spot():
    ax = plt.subplots()[1]
    first = ax.text(0.5, 0.5, "w1=0.50", bbox={"boxstyle": "round,pad=0.2"})
    second = ax.text(0.5, 0.5, "w2=0.25", bbox={"boxstyle": "round,pad=0.2"})
    third = ax.text(0.1, 0.1, "w3=1.00")
    labels = {("x1", "h1"): first, ("x2", "h1"): second, ("x3", "h1"): third}
    assert drop_overlapping(labels, []) == [("x2", "h1")]
    assert list(labels) == [("x1", "h1"), ("x3", "h1")] and second.axes is None
    avoid = ax.text(0.1, 0.1, "a=2.00")  # the others stay; a label over one goes
    assert drop_overlapping(labels, [avoid]) == [("x3", "h1")]
    assert np.isclose(first.get_position()[0], 0.5)


def test_a_crowded_picture_widens_before_it_leaves_labels_out():
    net = Network.dense([3, 4, 2], activation="tanh", seed=3)
    record = net.steps(np.random.default_rng(3).normal(size=3), [1.0, 0.0], lr=0.05)
    plain = draw(net, step=record[34], weight_labels=False).figure.get_figwidth()
    disp = draw(net, step=record[34])  # two-line labels between crowded layers
    assert disp.artists["note"] is None and len(disp.artists["weight_labels"]) == 20
    ratio = disp.figure.get_figwidth() / plain
    assert any(np.isclose(ratio, 1.3 ** k) for k in (1, 2))  # 30% wider, once or twice
    assert clear_of_each_other(text_boxes(disp))
    # Into an Axes of the caller's, nothing widens: what has no room is left out and counted.
    fig, ax = plt.subplots(figsize=(8, 5))
    given = draw(net, ax, step=record[34])
    assert fig.get_figwidth() == 8 and given.artists["note"] is not None
    assert labels_clear(given)


def labels_clear(disp):
    """No edge label covers another text (the texts beside the neurons have places of their
    own, which a small Axes may crowd)."""
    labels = text_boxes(disp, ["weight_labels"])
    others = text_boxes(disp, [g for g in TEXTS if g != "weight_labels"])
    return clear_of_each_other(labels) and not any(
        a.overlaps(b) for a in labels for b in others)


def smallest_text_px(disp, shown_wide):
    """The height in pixels of the smallest text when the picture is shown ``shown_wide``
    pixels wide."""
    fig = disp.figure
    smallest = min(t.get_fontsize() for t in fig.findobj(plt.Text) if t.get_text())
    return smallest * fig.dpi / 72 * shown_wide / (fig.get_figwidth() * fig.dpi)


def test_text_scale_keeps_a_picture_readable_on_a_phone():
    net = Network.dense([2, 2, 1], seed=0)
    slide = draw(net, values=[1.0, 2.0])
    phone = draw(net, values=[1.0, 2.0], text_scale=2)
    assert smallest_text_px(slide, 360) < 5.5 and smallest_text_px(phone, 360) >= 10
    # The texts and neurons are twice as large; from the inputs to the output the diagram
    # keeps its width in inches.
    assert phone.artists["name_labels"]["h1"].get_fontsize() == pytest.approx(
        2 * slide.artists["name_labels"]["h1"].get_fontsize())
    width = [(d.ax.transData.transform(d.picture.pos["o1"])[0]
              - d.ax.transData.transform(d.picture.pos["x1"])[0]) / d.figure.dpi
             for d in (slide, phone)]
    assert width[1] == pytest.approx(width[0])
    assert phone.figure.get_figwidth() * phone.figure.dpi >= 1200
    assert clear_of_each_other(text_boxes(phone))
    # Its colour bars lie under the diagram, across, inside the figure.
    for bar in (phone.artists["colorbar"], phone.artists["value_colorbar"]):
        box = bar.ax.get_position()
        assert box.y1 < phone.ax.get_position().y0 and box.width > box.height and box.y0 > 0
    big = draw(Network.dense([3, 4, 4, 2], seed=0), values=[1.0, 2.0, 0.5], text_scale=3)
    assert smallest_text_px(big, 360) >= 10
    assert clear_of_each_other(text_boxes(big))
    left_out = 36 - len(big.artists["weight_labels"])  # labelling less, and saying so
    assert left_out > 0 and big.artists["note"].get_text() == (
        f"not labelled: {left_out} edges (no room)")


def test_text_scale_is_checked_before_anything_is_drawn():
    from neurons.errors import ParameterError

    before = plt.get_fignums()
    for bad in (0, -1.0):
        with pytest.raises(ParameterError, match="text_scale must be positive"):
            draw(Network.dense([2, 1], seed=0), text_scale=bad)
    assert plt.get_fignums() == before
