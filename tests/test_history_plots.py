"""Training curves: History.plot (one run, or several runs added to one axes) and
plot_histories; checked through the artists they return, and through a saved PNG's layout."""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.layout_engine import ConstrainedLayoutEngine

import neurons
from neurons import History, Network
from neurons.datasets import two_moons, xor
from neurons.drawing.training_curves import plot_history
from neurons.errors import ArgumentTypeError, DataError, ParameterError, ShapeError


@pytest.fixture(autouse=True)
def no_figure_left_open():
    """Every test closes what it opens (on failure too, through this fixture)."""
    before = set(plt.get_fignums())
    yield
    left = set(plt.get_fignums()) - before
    for num in left:
        plt.close(num)
    assert not left, f"figures left open: {sorted(left)}"


@pytest.fixture(scope="module")
def runs():
    """Two real runs of one classification problem (accuracy recorded), and one MSE run."""
    X, y = two_moons(60, seed=1)
    found = {}
    for name, optimizer in (("sgd", "sgd"), ("momentum", "momentum")):
        net = Network.dense([2, 6, 1], activation="tanh", output_activation="sigmoid", seed=0)
        found[name] = net.train(X, y, epochs=25, lr=0.5, loss="binary_cross_entropy",
                                optimizer=optimizer, validation=(X, y), seed=0)
    X, y = xor()
    found["mse"] = Network.dense([2, 2, 1], seed=1).train(X, y, epochs=12, lr=2.0)
    return found


def labels(lines):
    return [line.get_label() for line in lines]


def legend_texts(disp):
    return [t.get_text() for t in disp.legend.get_texts()]


def inside_saved_figure(fig, *artists):
    """Save to PNG (in memory), then whether every artist's extent lies in the figure."""
    fig.savefig(io.BytesIO(), format="png")  # at the figure's own dpi, as save_figure does
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    extents = [a.get_window_extent(renderer) for a in artists]
    return all(e.x0 >= box.x0 and e.y0 >= box.y0 and e.x1 <= box.x1 and e.y1 <= box.y1
               for e in extents)


# -- one run ------------------------------------------------------------------------------------
def test_one_run_curves_styles_and_axes(runs):
    h = runs["sgd"]
    disp = h.plot()
    ax = disp.ax
    try:
        twin = disp.twin
        assert ax.figure.axes == [ax, twin]  # accuracy on a second axis
        assert labels(ax.lines) == ["training loss", "validation loss"]
        assert labels(twin.lines) == ["training accuracy", "validation accuracy"]
        assert [line.get_linestyle() for line in ax.lines + twin.lines] == ["-", "--", ":", "-."]
        # One colour for the run: the line style, not the colour, says which curve.
        assert len({to_rgba(line.get_color()) for line in ax.lines + twin.lines}) == 1
        for line, values in zip(ax.lines + twin.lines,
                                (h.loss, h.val_loss, h.accuracy, h.val_accuracy)):
            np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 26))
            np.testing.assert_array_equal(line.get_ydata(), values)
        assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
        assert twin.get_ylabel() == "accuracy" and twin.get_ylim() == (0, 1.02)
        assert ax.get_title() == "training on the vectorized path"
        # One legend, on the accuracy axes (drawn last, so no curve covers it).
        assert ax.get_legend() is None and twin.get_legend() is disp.legend
        assert legend_texts(disp) == ["training loss", "validation loss", "training accuracy",
                                      "validation accuracy"]
        assert isinstance(ax.figure.get_layout_engine(), ConstrainedLayoutEngine)
    finally:
        plt.close(ax.figure)


def test_run_without_accuracy_has_no_second_axis(runs):
    disp = runs["mse"].plot(label="xor")
    ax = disp.ax
    try:
        assert disp.twin is None and ax.figure.axes == [ax]
        assert labels(ax.lines) == ["xor: training loss"]
        assert ax.get_legend() is disp.legend
        assert legend_texts(disp) == ["xor: training loss"]
    finally:
        plt.close(ax.figure)


def test_plot_into_given_axes_keeps_a_title_of_the_caller(runs):
    fig, (left, right) = plt.subplots(1, 2)
    try:
        right.set_title("my run")
        assert runs["mse"].plot(ax=right).ax is right
        assert right.get_title() == "my run" and len(left.lines) == 0
        assert labels(right.lines) == ["training loss"]
    finally:
        plt.close(fig)


# -- several runs on one axes -------------------------------------------------------------------
def test_labelled_runs_on_one_axes_share_the_accuracy_axis(runs):
    disp = runs["sgd"].plot(label="sgd")
    ax = disp.ax
    try:
        assert runs["momentum"].plot(disp, label="momentum") is disp
        twin = disp.twin
        assert len(ax.figure.axes) == 2  # the same twin, not a new one per call
        assert labels(ax.lines) == ["sgd: training loss", "sgd: validation loss",
                                    "momentum: training loss", "momentum: validation loss"]
        assert labels(twin.lines) == ["sgd: training accuracy", "sgd: validation accuracy",
                                      "momentum: training accuracy",
                                      "momentum: validation accuracy"]
        sgd, momentum = disp.runs
        assert (sgd["label"], momentum["label"]) == ("sgd", "momentum")
        assert to_rgba(sgd["color"]) != to_rgba(momentum["color"])  # colours advance
        for run in disp.runs:
            assert {to_rgba(line.get_color()) for line in run["lines"].values()} == {
                to_rgba(run["color"])}
        # One legend for both runs, run by run; the old one is gone.
        assert legend_texts(disp) == [
            "sgd: training loss", "sgd: validation loss", "sgd: training accuracy",
            "sgd: validation accuracy", "momentum: training loss", "momentum: validation loss",
            "momentum: training accuracy", "momentum: validation accuracy"]
        assert ax.get_legend() is None and twin.get_legend() is disp.legend
        assert sum(a.get_legend() is not None for a in ax.figure.axes) == 1
    finally:
        plt.close(ax.figure)


def test_third_run_takes_a_third_colour_and_a_twin_appears_when_needed(runs):
    disp = runs["mse"].plot(label="a")  # no accuracy: no twin yet
    ax = disp.ax
    try:
        assert disp.twin is None
        runs["sgd"].plot(disp, label="b")
        runs["momentum"].plot(disp, label="c")
        colors = [to_rgba(run["color"]) for run in disp.runs]
        assert len(set(colors)) == 3
        assert len(ax.figure.axes) == 2 and len(disp.twin.lines) == 4
        assert len(legend_texts(disp)) == 1 + 4 + 4
    finally:
        plt.close(ax.figure)


def test_lines_the_caller_drew_keep_their_colour_and_legend_entry(runs):
    fig, ax = plt.subplots()
    try:
        mine, = ax.plot([1, 12], [0.3, 0.3], label="target loss")
        disp = runs["mse"].plot(ax, label="xor")
        assert to_rgba(disp.runs[0]["color"]) != to_rgba(mine.get_color())
        assert legend_texts(disp) == ["xor: training loss", "target loss"]
    finally:
        plt.close(fig)


# -- plot_histories -----------------------------------------------------------------------------
def test_plot_histories_is_exported_lazily_like_the_other_drawing_functions():
    assert neurons.plot_histories is neurons.drawing.plot_histories
    assert "plot_histories" in neurons.__all__ and "plot_histories" in neurons.drawing.__all__


def test_plot_histories_dict_loss(runs):
    disp = neurons.plot_histories({"sgd": runs["sgd"], "momentum": runs["momentum"]})
    ax = disp.ax
    try:
        assert ax.figure.axes == [ax]  # metric="loss": no accuracy axis
        assert labels(ax.lines) == ["sgd: training loss", "sgd: validation loss",
                                    "momentum: training loss", "momentum: validation loss"]
        assert [line.get_linestyle() for line in ax.lines] == ["-", "--", "-", "--"]
        first, second = (to_rgba(line.get_color()) for line in ax.lines[::2])
        assert first != second and to_rgba(ax.lines[1].get_color()) == first
        assert legend_texts(disp) == labels(ax.lines)
        assert ax.get_ylabel() == "loss" and ax.get_xlabel() == "epoch"
        assert isinstance(ax.figure.get_layout_engine(), ConstrainedLayoutEngine)
    finally:
        plt.close(ax.figure)


def test_plot_histories_list_default_and_given_labels(runs):
    ax = neurons.plot_histories([runs["sgd"], runs["mse"]]).ax
    try:
        assert labels(ax.lines) == ["run 1: training loss", "run 1: validation loss",
                                    "run 2: training loss"]
    finally:
        plt.close(ax.figure)
    disp = neurons.plot_histories((runs["mse"], runs["sgd"]), labels=["xor", "moons"])
    ax = disp.ax
    try:
        assert [run["label"] for run in disp.runs] == ["xor", "moons"]
        assert ax.get_title() == "training on the vectorized path"
    finally:
        plt.close(ax.figure)


def test_plot_histories_accuracy_on_the_left_axis(runs):
    disp = neurons.plot_histories([runs["sgd"], runs["momentum"]], labels=["sgd", "momentum"],
                                  metric="accuracy")
    ax = disp.ax
    try:
        assert ax.figure.axes == [ax] and ax.get_ylabel() == "accuracy"
        assert ax.get_ylim() == (0, 1.02)
        assert labels(ax.lines) == ["sgd: training accuracy", "sgd: validation accuracy",
                                    "momentum: training accuracy",
                                    "momentum: validation accuracy"]
        np.testing.assert_array_equal(ax.lines[2].get_ydata(), runs["momentum"].accuracy)
        # Loss curves cannot join an axes whose left axis is accuracy.
        with pytest.raises(ParameterError, match="accuracy on the left"):
            runs["mse"].plot(disp)
        assert len(ax.lines) == 4
    finally:
        plt.close(ax.figure)


def test_plot_histories_both_equals_repeated_history_plot(runs):
    disp = neurons.plot_histories({"sgd": runs["sgd"], "momentum": runs["momentum"]},
                                  metric="both")
    other = runs["sgd"].plot(label="sgd")
    try:
        runs["momentum"].plot(other, label="momentum")
        assert legend_texts(disp) == legend_texts(other)
        assert [to_rgba(line.get_color()) for line in disp.ax.lines] == [
            to_rgba(line.get_color()) for line in other.ax.lines]
        assert len(disp.twin.lines) == 4
    finally:
        plt.close(disp.figure)
        plt.close(other.figure)


def test_plot_histories_adds_to_a_history_plot(runs):
    disp = runs["mse"].plot(label="xor")
    ax = disp.ax
    try:
        assert neurons.plot_histories({"sgd": runs["sgd"]}, ax=disp) is disp
        assert legend_texts(disp) == ["xor: training loss", "sgd: training loss",
                                      "sgd: validation loss"]
        neurons.plot_histories({"momentum": runs["momentum"]}, ax=disp, metric="accuracy")
        twin = disp.twin  # accuracy goes to the right-hand axis here
        assert labels(twin.lines) == ["momentum: training accuracy",
                                      "momentum: validation accuracy"]
    finally:
        plt.close(ax.figure)


def test_two_paths_in_the_title():
    a = History("vectorized", loss=[1.0, 0.5])
    b = History("neurons", loss=[1.0, 0.4])
    ax = neurons.plot_histories([a, b], labels=["fast", "slow"]).ax
    try:
        assert ax.get_title() == "training on the vectorized and neurons paths"
    finally:
        plt.close(ax.figure)


# -- layout: nothing clipped when saved ---------------------------------------------------------
def test_saved_figures_keep_their_labels_and_legend_inside(runs):
    disp = runs["sgd"].plot(label="sgd")
    runs["momentum"].plot(disp, label="momentum")
    ax, twin = disp.ax, disp.twin
    try:
        assert inside_saved_figure(ax.figure, ax.xaxis.label, ax.yaxis.label,
                                   twin.yaxis.label, disp.legend, ax.title)
    finally:
        plt.close(ax.figure)
    ax = neurons.plot_histories({"sgd": runs["sgd"], "xor": runs["mse"]}).ax
    try:
        assert inside_saved_figure(ax.figure, ax.xaxis.label, ax.yaxis.label)
    finally:
        plt.close(ax.figure)


def test_the_layout_check_catches_a_clipped_label():
    """The control: the same size without a constrained layout cuts the x label off."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    try:
        plot_history(History("vectorized", loss=[1.0, 0.5], accuracy=[0.5, 1.0]), ax=ax)
        assert not inside_saved_figure(fig, ax.xaxis.label)
    finally:
        plt.close(fig)


def test_legend_avoids_the_curves_of_both_axes():
    """loc="best" on the accuracy axes would see only accuracy (flat at 0.5) and take the
    upper right corner, where this loss curve ends; the legend must avoid both curves."""
    n = 40
    h = History("vectorized", loss=list(np.linspace(0.0, 1.0, n)), accuracy=[0.5] * n)
    disp = h.plot()
    ax = disp.ax
    try:
        fig = ax.figure
        fig.savefig(io.BytesIO(), format="png", dpi=80)
        renderer = fig.canvas.get_renderer()
        box = disp.legend.get_window_extent(renderer)
        twin = disp.twin
        for line in (*ax.lines, *twin.lines):
            path = line.get_transform().transform_path(line.get_path())
            assert box.count_contains(path.vertices) == 0, line.get_label()
            assert not path.intersects_bbox(box, filled=False), line.get_label()
    finally:
        plt.close(ax.figure)


# -- refusals -----------------------------------------------------------------------------------
def test_refusals_leave_no_figure(runs):
    h = runs["mse"]
    cases = [
        (lambda: plot_history([1.0, 0.5]), ArgumentTypeError, "must be a History"),
        (lambda: History("vectorized").plot(), DataError, "no epochs"),
        (lambda: h.plot(label=3), ArgumentTypeError, "label must be a string"),
        (lambda: h.plot(label=" "), ParameterError, "must name the run"),
        (lambda: neurons.plot_histories([]), DataError, "empty"),
        (lambda: neurons.plot_histories(h), ArgumentTypeError, r"history.plot\(\)"),
        (lambda: neurons.plot_histories("runs"), ArgumentTypeError, "list or a dict"),
        (lambda: neurons.plot_histories([h, h], labels=["a"]), ShapeError,
         "2 histories but 1 labels"),
        (lambda: neurons.plot_histories([h], labels="a"), ArgumentTypeError, "list of strings"),
        (lambda: neurons.plot_histories({"a": h}, labels=["b"]), ArgumentTypeError,
         "leave labels out"),
        (lambda: neurons.plot_histories([h, "x"]), ArgumentTypeError, r"histories\[1\]"),
        (lambda: neurons.plot_histories([h], labels=[None]), ArgumentTypeError, "label"),
        (lambda: neurons.plot_histories([h], metric="accuracies"), ParameterError,
         "did you mean 'accuracy'"),
        (lambda: neurons.plot_histories({"xor": h}, metric="accuracy"), DataError,
         "'xor' recorded no accuracy"),
    ]
    for call, error, pattern in cases:
        before = plt.get_fignums()
        with pytest.raises(error, match=pattern):
            call()
        assert plt.get_fignums() == before, pattern


# -- nothing written on matplotlib's objects ----------------------------------------------------
def test_axes_drawn_before_are_read_back_without_a_display(runs):
    """Plain axes drawn on before go on as their display would: the same accuracy axis, one
    legend run by run, the next colour; and no attribute of the package's own is set on a
    matplotlib object."""
    disp = runs["sgd"].plot(label="sgd")
    runs["momentum"].plot(disp, label="momentum")
    plain = runs["sgd"].plot(label="sgd")
    try:
        again = runs["momentum"].plot(plain.ax, label="momentum")
        assert again.ax is plain.ax and again.twin is plain.twin
        assert len(plain.figure.axes) == 2
        assert [run["label"] for run in again.runs] == ["sgd", "momentum"]
        assert legend_texts(again) == legend_texts(disp)
        assert [to_rgba(line.get_color()) for line in again.ax.lines + again.twin.lines] == [
            to_rgba(line.get_color()) for line in disp.ax.lines + disp.twin.lines]
        assert sum(a.get_legend() is not None for a in plain.figure.axes) == 1
        assert (again.primary, again.paths, again.title) == (
            disp.primary, disp.paths, disp.title)
        for drawn in (disp, again):
            for obj in (drawn.figure, *drawn.figure.axes):
                assert not [key for key in vars(obj) if "neurons" in key]
    finally:
        plt.close(disp.figure)
        plt.close(plain.figure)
    left = neurons.plot_histories([runs["sgd"]], metric="accuracy")
    try:
        with pytest.raises(ParameterError, match="accuracy on the left"):
            runs["mse"].plot(left.ax)
        with pytest.raises(ArgumentTypeError, match="ax must be a matplotlib Axes"):
            runs["mse"].plot(left.figure)
    finally:
        plt.close(left.figure)
