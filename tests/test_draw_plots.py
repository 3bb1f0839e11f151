"""Plots of activations, decision boundaries and neuron maps, the training GIF, save_figure."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba_array
from matplotlib.contour import ContourSet
from matplotlib.image import AxesImage
from PIL import Image

from neurons import Network, ShapeError, activations
from neurons.datasets import spirals, two_moons
from neurons.drawing.animate import animate_training
from neurons.drawing.plots import (
    CLASS_COLORS,
    draw_neuron_maps,
    plot_activations,
    plot_decision_boundary,
    save_figure,
)
from neurons.errors import ParameterError


@pytest.fixture(scope="module")
def moons_net():
    """The two-moons network of the examples, trained once for the whole module."""
    X, y = two_moons(200, noise=0.15, seed=0)
    net = Network.dense([2, 8, 8, 1], activation="tanh", output_activation="sigmoid", seed=0)
    net.train(X, y, epochs=200, lr=0.5, batch_size=32, loss="binary_cross_entropy", seed=0,
              progress=False)
    return net, X, y


def three_inputs():
    return Network.dense([3, 2, 1], seed=0)


# -- plot_activations ---------------------------------------------------------------------------
def test_plot_activations_draws_value_and_derivative_of_every_activation():
    fig = plot_activations()
    try:
        names = activations.names()
        assert [ax.get_title() for ax in fig.axes] == names
        for ax, name in zip(fig.axes, names):
            assert len(ax.lines) == 2
            value, derivative = ax.lines
            assert value.get_linestyle() == "-" and derivative.get_linestyle() == "--"
            act = activations.get(name)
            z = value.get_xdata()
            assert z[0] == -5.0 and z[-1] == 5.0 and 0.0 in z
            np.testing.assert_array_equal(value.get_ydata(), act.value(z.copy()))
            np.testing.assert_array_equal(derivative.get_xdata(), z)
            np.testing.assert_array_equal(derivative.get_ydata(),
                                          act.derivative(z.copy(), act.value(z.copy())))
    finally:
        plt.close(fig)


def test_plot_activations_into_given_axes_and_too_few():
    fig, axes = plt.subplots(2, 3)
    try:
        assert plot_activations(ax=axes, z=[-1.0, 0.0, 1.0]) is fig
        assert len(axes[0, 0].lines[0].get_xdata()) == 3
        with pytest.raises(ShapeError, match="one per activation"):
            plot_activations(ax=axes[0])
    finally:
        plt.close(fig)


# -- plot_decision_boundary ---------------------------------------------------------------------
def contour_sets(ax):
    return [c for c in ax.collections if isinstance(c, ContourSet)]


def test_decision_boundary_of_a_trained_two_moons_net(moons_net):
    net, X, y = moons_net
    ax = plot_decision_boundary(net, X, y, resolution=60)
    try:
        filled = [c for c in contour_sets(ax) if c.filled]
        assert len(filled) == 1 and filled[0].levels[0] == 0.0 and filled[0].levels[-1] == 1.0
        lines = [c for c in contour_sets(ax) if not c.filled]
        assert len(lines) == 1 and list(lines[0].levels) == [0.5]
        assert sum(len(p.vertices) for p in lines[0].get_paths()) > 10  # the boundary exists
        points = ax.collections[-1]
        np.testing.assert_array_equal(points.get_offsets(), X)
        np.testing.assert_array_equal(points.get_facecolors(),
                                      to_rgba_array([CLASS_COLORS[k] for k in y]))
        assert ax.get_title().startswith("accuracy ")
        # the grid covers the data with the margin
        assert ax.get_xlim() == pytest.approx((X[:, 0].min() - 0.5, X[:, 0].max() + 0.5))
    finally:
        plt.close(ax.figure)


def test_decision_boundary_shades_the_networks_probability(moons_net):
    net, X, y = moons_net
    ax = plot_decision_boundary(net, X, y, resolution=30)
    try:
        filled = next(c for c in contour_sets(ax) if c.filled)
        # the 0.5 line separates points the network puts on either side
        p = net.compile().forward(X)[:, 0]
        assert (p > 0.5).any() and (p < 0.5).any()
        assert len(filled.levels) == 21
    finally:
        plt.close(ax.figure)


def test_decision_boundary_with_several_outputs_uses_argmax_classes():
    X, y = spirals(60, classes=3, seed=0)
    net = Network.dense([2, 5, 3], activation="tanh", output_activation="identity", seed=0)
    one_hot = np.eye(3)[y]
    fig, ax = plt.subplots()
    try:
        assert plot_decision_boundary(net, X, one_hot, ax=ax, resolution=25) is ax
        (filled,) = contour_sets(ax)
        np.testing.assert_array_equal(filled.levels, [-0.5, 0.5, 1.5, 2.5])
        points = ax.collections[-1]
        assert len(points.get_offsets()) == len(X)
        np.testing.assert_array_equal(points.get_facecolors(),
                                      to_rgba_array([CLASS_COLORS[k] for k in y]))
    finally:
        plt.close(fig)


@pytest.mark.parametrize("outputs", [1, 3])
def test_decision_boundary_has_a_class_legend_in_the_class_colours(outputs):
    X, y = spirals(30, classes=max(outputs, 2), seed=0)
    net = Network.dense([2, 4, outputs], activation="tanh", seed=0)
    ax = plot_decision_boundary(net, X, y, resolution=10)
    try:
        legend = ax.get_legend()
        n = max(outputs, 2)
        assert [t.get_text() for t in legend.get_texts()] == [f"class {k}" for k in range(n)]
        faces = [h.get_markerfacecolor() for h in legend.legend_handles]
        np.testing.assert_array_equal(to_rgba_array(faces), to_rgba_array(CLASS_COLORS[:n]))
        # the legend stands beside the axes, not over the data
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
        assert plot_decision_boundary(net, X, y, resolution=10, legend=False).get_legend() is None
    finally:
        plt.close("all")


def test_decision_boundary_needs_two_inputs_and_matching_data():
    open_before = plt.get_fignums()
    with pytest.raises(ShapeError, match=r"exactly 2 inputs; this one has 3 \(x1, x2, x3\)"):
        plot_decision_boundary(three_inputs(), np.zeros((4, 3)), [0, 1, 0, 1])
    net = Network.dense([2, 2, 1], seed=0)
    with pytest.raises(ShapeError, match=r"Y has shape \(3,\); expected \(4, 1\)"):
        plot_decision_boundary(net, np.zeros((4, 2)), [0, 1, 0])
    assert plt.get_fignums() == open_before  # nothing was left open


# -- draw_neuron_maps ---------------------------------------------------------------------------
def test_neuron_maps_show_every_neurons_output(moons_net):
    net, _, _ = moons_net
    res, (x_range, y_range) = 12, ((-1.5, 2.5), (-1.0, 1.5))
    fig = draw_neuron_maps(net, X_range=(x_range, y_range), resolution=res)
    try:
        maps = [ax for ax in fig.axes if ax.images]
        names = [n for layer in net.layers[1:] for n in layer]
        assert [ax.get_title() for ax in maps] == names
        assert len(maps) == len(net.neurons)
        assert all(len(ax.images) == 1 and isinstance(ax.images[0], AxesImage) for ax in maps)
        xs, ys = np.linspace(*x_range, res), np.linspace(*y_range, res)
        gx, gy = np.meshgrid(xs, ys)
        fast = net.compile()
        _, A = fast._forward(np.column_stack([gx.ravel(), gy.ravel()]))
        by_name = {}
        for t, layer in enumerate(net.layers[1:], start=1):
            for i, name in enumerate(layer):
                by_name[name] = A[t][:, i].reshape(res, res)
        for ax in maps:
            image = ax.images[0]
            data = np.asarray(image.get_array())
            assert data.shape == (res, res)
            np.testing.assert_array_equal(data, by_name[ax.get_title()])
            assert image.origin == "lower"
            assert image.get_extent() == [*x_range, *y_range]
        # pixel [r, c] is the neuron's output at (xs[c], ys[r]) on the per-neuron path too
        for r, c in [(0, 0), (3, 7), (res - 1, 2), (res - 1, res - 1)]:
            trace = net.forward_trace([xs[c], ys[r]])
            for ax in maps:
                got = np.asarray(ax.images[0].get_array())[r, c]
                assert got == pytest.approx(trace.a[ax.get_title()], abs=1e-12)
    finally:
        plt.close(fig)


def test_neuron_maps_follow_the_layered_layout_and_edges():
    net = Network.dense([2, 3, 2], seed=1)
    fig = draw_neuron_maps(net, resolution=5)
    try:
        back, *maps = fig.axes
        centres = {ax.get_title(): ax.get_position() for ax in maps}
        # layers left to right; in a layer, build order top to bottom
        assert centres["h1"].x0 == centres["h2"].x0 < centres["o1"].x0
        assert centres["h1"].y0 > centres["h2"].y0 > centres["h3"].y0
        assert centres["o1"].y0 > centres["o2"].y0
        assert len(back.lines) == net.graph.number_of_edges()
        assert {t.get_text() for t in back.texts} >= {"x1", "x2"}
        fig2 = draw_neuron_maps(net, resolution=5, edges=False)
        assert not fig2.axes[0].lines
        plt.close(fig2)
    finally:
        plt.close(fig)


def test_neuron_maps_draw_inputs_as_draw_does():
    from matplotlib.colors import to_rgba

    from neurons.drawing.network import draw

    net = Network.dense([2, 3, 1], seed=0)
    fig = draw_neuron_maps(net, resolution=5)
    try:
        squares = fig.axes[0].collections[0]
        in_draw = draw(net).artists["nodes"]["input"]
        assert len(squares.get_offsets()) == 2
        np.testing.assert_array_equal(squares.get_paths()[0].vertices,  # the same square
                                      in_draw.get_paths()[0].vertices)
        np.testing.assert_allclose(squares.get_facecolors()[0], in_draw.get_facecolors()[0])
        assert squares.get_sizes()[0] == pytest.approx(in_draw.get_sizes()[0])
        np.testing.assert_allclose(squares.get_edgecolors()[0], to_rgba("#555555"))
        assert all(not ax.get_xticks().size for ax in fig.axes[1:])  # no ticks by default
    finally:
        plt.close("all")


def test_neuron_maps_with_axes_and_labelled_points():
    net = Network.dense([2, 3, 2], seed=0)
    X, y = spirals(20, classes=2, seed=0)
    fig = draw_neuron_maps(net, X_range=((-1, 1), (-1.5, 1.5)), resolution=5, axes=True,
                           X=X, y=y)
    try:
        maps = fig.axes[1:]
        for ax in maps:
            assert list(ax.get_xticks()) == [-1, 1] and list(ax.get_yticks()) == [-1.5, 1.5]
            assert [t.get_text() for t in ax.get_yticklabels()] == ["-1.5", "1.5"]
            (points,) = ax.collections
            np.testing.assert_array_equal(points.get_offsets(), X)
            np.testing.assert_array_equal(points.get_facecolors(),
                                          to_rgba_array([CLASS_COLORS[k] for k in y]))
            assert ax.get_xlim() == (-1, 1)  # points outside the plane do not widen it
        one_hot = draw_neuron_maps(net, resolution=5, X=X, y=np.eye(2)[y])
        np.testing.assert_array_equal(one_hot.axes[1].collections[0].get_facecolors(),
                                      to_rgba_array([CLASS_COLORS[k] for k in y]))
        bare = draw_neuron_maps(net, resolution=5, X=X)  # points without labels: white
        np.testing.assert_array_equal(bare.axes[1].collections[0].get_facecolors()[0],
                                      [1, 1, 1, 1])
        with pytest.raises(ShapeError):
            draw_neuron_maps(net, resolution=5, X=X[:, :1], y=y)
    finally:
        plt.close("all")


def test_neuron_maps_need_two_inputs():
    with pytest.raises(ShapeError, match="this one has 3"):
        draw_neuron_maps(three_inputs())


# -- animate_training ---------------------------------------------------------------------------
def parameter_bars(net, ax):
    """A stand-in for the network diagram: one bar per parameter."""
    values = net.parameters()
    return ax.bar(range(len(values)), list(values.values()))


def test_animate_training_writes_one_frame_per_chunk(tmp_path):
    open_before = plt.get_fignums()
    X, y = two_moons(40, seed=0)
    net = Network.dense([2, 3, 1], seed=0)
    twin = Network.dense([2, 3, 1], seed=0)
    before = net.parameters()
    gif, losses, fig = animate_training(net, X, y, epochs=13, lr=0.5, frames=4, fps=4,
                                        path=tmp_path / "out" / "train.gif", draw=parameter_bars,
                                        batch_size=10, shuffle=False)
    assert gif == tmp_path / "out" / "train.gif" and gif.exists()
    with Image.open(gif) as im:
        assert im.n_frames == 4
        assert im.size == (800, 320)  # figsize (10, 4) at dpi 80
    # the loss curve of the last frame ends at the recorded loss of the last epoch
    ax_net, ax_loss = fig.axes
    curve = ax_loss.lines[0]
    assert len(losses) == 13
    np.testing.assert_array_equal(curve.get_xdata(), np.arange(1, 14))
    assert curve.get_ydata()[-1] == losses[-1]
    assert len(ax_net.patches) == len(before)  # the last frame's diagram
    # the network holds the trained parameters: those of the same chunks of plain SGD
    expected = []
    for chunk in (4, 3, 3, 3):
        expected += twin.train(X, y, epochs=chunk, lr=0.5, batch_size=10, shuffle=False,
                               progress=False).loss
    assert losses == expected
    assert net.parameters() == twin.parameters() != before
    assert losses[-1] < losses[0]
    assert plt.get_fignums() == open_before  # the animation's figure is not a pyplot figure


def test_animate_training_checks_frames(tmp_path):
    net = Network.dense([2, 2, 1], seed=0)
    for frames, epochs in [(0, 5), (5, 4)]:
        with pytest.raises(ParameterError):
            animate_training(net, [[0.0, 1.0]], [1.0], epochs=epochs, lr=0.1, frames=frames,
                             path=tmp_path / "x.gif", draw=parameter_bars)
    assert not (tmp_path / "x.gif").exists()


# -- save_figure --------------------------------------------------------------------------------
def test_save_figure_writes_png_and_svg(tmp_path):
    fig, ax = plt.subplots(figsize=(4, 3), dpi=50)
    ax.plot([0, 1], [1, 0])
    try:
        png, svg = save_figure(fig, tmp_path / "new" / "dir" / "plot.v1")
        assert png == tmp_path / "new" / "dir" / "plot.v1.png"
        assert svg.name == "plot.v1.svg" and svg.read_text().lstrip().startswith("<?xml")
        with Image.open(png) as im:
            assert im.format == "PNG" and im.size == (200, 150)
        png2, _ = save_figure(fig, str(tmp_path / "big"), dpi=100)
        with Image.open(png2) as im:
            assert im.size == (400, 300)
    finally:
        plt.close(fig)


def test_save_figure_is_reproducible(tmp_path):
    """The same picture saves to the same bytes (no date, fixed ids): diagrams/ stays stable."""
    from neurons import Network, draw

    outputs = []
    for run in ("a", "b"):
        ax = draw(Network.dense([2, 2, 1], seed=0), names=True)
        png, svg = save_figure(ax.figure, tmp_path / run / "net")
        outputs.append((png.read_bytes(), svg.read_bytes()))
        plt.close(ax.figure)
    assert outputs[0] == outputs[1]
    assert b"<dc:date>" not in outputs[0][1]


def test_neuron_map_lines_use_the_weight_colours_of_draw():
    """Positive weights red, negative blue, exactly the ends of draw()'s "RdBu_r" map."""
    from matplotlib import colormaps
    from matplotlib.colors import to_rgba

    from neurons import Network

    net = Network.dense([2, 2, 1], seed=0)
    net.set_parameters({"w1": 1.0, "w2": -1.0})
    fig = draw_neuron_maps(net, resolution=5)
    lines = fig.axes[0].get_lines()
    colours = {tuple(np.round(to_rgba(line.get_color()), 6)) for line in lines}
    red, blue = colormaps["RdBu_r"](0.85), colormaps["RdBu_r"](0.15)
    assert colours <= {tuple(np.round(red, 6)), tuple(np.round(blue, 6))}
    assert len(colours) == 2  # both signs occur
    plt.close(fig)
