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


def text_boxes(disp):
    renderer = disp.figure.canvas.get_renderer()
    out = []
    for group in TEXTS:
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
