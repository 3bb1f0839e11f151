"""Shared parameters, convolution and pooling (issue 18): the object model, the per-neuron path
against central differences and hand-computed convolutions, and the two paths against each
other on random conv/pool/dense networks with hand-tied edges and skip connections."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neurons import Network
from neurons.builders import from_architecture
from neurons.errors import (
    DuplicateNameError,
    NeuronsError,
    ParameterError,
    ShapeError,
    UnknownNameError,
    UnknownParameterError,
)
from neurons.explain import explain
from neurons.gradcheck import gradient_check
from neurons.grids import Grid
from neurons.steps import steps

from .helpers import snapshot

X5 = [1.0, 2.0, -1.0, 0.5, 3.0]


def conv1d_by_hand(k=(0.5, -0.3, 0.8), c=0.1, activation="relu") -> Network:
    """The issue's example: x1..x5, three neurons reading three neighbours with k1, k2, k3, c."""
    net = Network()
    for i in range(1, 6):
        net.add_input(f"x{i}")
    for name, v in zip(("k1", "k2", "k3", "c"), (*k, c)):
        net.add_parameter(name, v)
    for i in range(3):
        net.add_neuron(f"h{i + 1}", {f"x{i + 1}": "k1", f"x{i + 2}": "k2", f"x{i + 3}": "k3"},
                       bias="c", activation=activation)
    return net


def full_snapshot(net: Network) -> tuple:
    table = net.shared_parameters
    return (snapshot(net), table.names, tuple(table.list()), tuple(sorted(table.role.items())),
            net.grids, tuple((n.name, n.shared, n.shared_bias, n.kind, n.fixed)
                             for n in net.neurons))


# -- the object model ------------------------------------------------------------------------
def test_a_convolution_by_hand_is_neurons_with_shared_weights():
    net = conv1d_by_hand(activation="identity")
    out = net.feedforward(X5)
    expected = np.correlate(X5, [0.5, -0.3, 0.8], mode="valid") + 0.1
    assert out.tolist() == pytest.approx(expected.tolist(), abs=1e-15)
    assert net.parameters() == {"k1": 0.5, "k2": -0.3, "k3": 0.8, "c": 0.1}
    assert net.parameter_uses("k1") == (("h1", 0), ("h2", 0), ("h3", 0))
    assert net.parameter_uses("c") == (("h1", None), ("h2", None), ("h3", None))
    assert dict(net.graph.edges["x3", "h2"]) == {"weight": -0.3, "parameter": "k2"}
    assert net.weight_name("x4", "h2") == "k3" and net.bias_name("h3") == "c"
    assert net.n_parameters == 4 and net.n_weights == 0
    assert repr(net) == "<Network 5-3: 5 inputs, 3 neurons, 4 parameters>"


def test_the_gradient_of_a_shared_weight_is_the_sum_over_its_uses():
    net = conv1d_by_hand(activation="identity")
    net.add_neuron("o1", {"h1": 1.0, "h2": -2.0, "h3": 0.5}, bias=None, activation="identity")
    g = net.gradients([X5], [1.0])
    out = net.feedforward(X5)[0]
    delta_o = 2 * (out - 1.0)  # mse of one output
    delta_h = np.array([1.0, -2.0, 0.5]) * delta_o
    x = np.array(X5)
    for tap, name in enumerate(("k1", "k2", "k3")):  # a_j delta_k over the three uses
        assert g[name] == pytest.approx(float(np.dot(x[tap:tap + 3], delta_h)), rel=1e-14)
    assert g["c"] == pytest.approx(delta_h.sum(), rel=1e-14)
    assert gradient_check(net, [X5], [1.0]).passed


def test_setting_a_shared_parameter_changes_every_use_and_copies_keep_their_own():
    net = conv1d_by_hand()
    twin, thawed = copy.deepcopy(net), pickle.loads(pickle.dumps(net))
    net.set_parameters({"k2": 4.0})
    assert [net.weight(f"x{i + 2}", f"h{i + 1}") for i in range(3)] == [4.0] * 3
    assert [net.graph.edges[f"x{i + 2}", f"h{i + 1}"]["weight"] for i in range(3)] == [4.0] * 3
    for other in (twin, thawed):
        assert other.parameter("k2") == -0.3 and other.neuron("h3").weights[1] == -0.3
        other.set_parameters({"k1": 9.0})
        assert other.neuron("h2").weights[0] == 9.0 and net.parameter("k1") == 0.5
    v = np.arange(4.0)
    net.set_parameter_vector(v)
    assert net.parameter_vector().tolist() == v.tolist()
    assert net.neuron("h3").weights.tolist() == [0.0, 1.0, 2.0] and net.neuron("h1").bias == 3.0


def test_connect_takes_shared_parameters_and_repeats_only_when_asked():
    net = conv1d_by_hand()
    net.add_parameter("k4", 2.0)
    net.connect("x5", "h1", "k4")
    net.connect("x4", "h1", "k1", repeat=True)
    assert net.neuron("h1").shared == ("k1", "k2", "k3", "k4", "k1")
    assert net.parameter_uses("k1")[:2] == (("h1", 0), ("h1", 4))
    assert net.feedforward(X5)[0] == pytest.approx(
        max(0.0, 0.5 * 1 - 0.3 * 2 + 0.8 * -1 + 2.0 * 3 + 0.5 * 0.5 + 0.1), abs=1e-15)
    assert gradient_check(net, [X5], [[1.0, 0.0, 0.0]]).passed


def test_own_and_shared_parameters_are_named_and_ordered():
    net = conv1d_by_hand()
    net.add_neuron("o1", {"h1": 1.0, "h2": "k1", "h3": 2.0}, activation="identity")
    assert net.parameter_names() == ("w1", "w2", "b1", "k1", "k2", "k3", "c")
    assert net.parameter_uses("k1")[-1] == ("o1", 1) and net.weight_name("h2", "o1") == "k1"
    assert net.parameter_slot("w2") == ("o1", 2)
    with pytest.raises(ParameterError, match="shared parameter with 4 uses"):
        net.parameter_slot("k1")
    assert net.weight_indices().tolist() == [0, 1, 3, 4, 5]  # c is a bias: no L2


@pytest.mark.parametrize("call, error, words", [
    (lambda n: n.add_neuron("h4", {"x1": "k9"}), UnknownParameterError, ["h4", "k9",
                                                                         "add_parameter"]),
    (lambda n: n.add_neuron("h4", {"x1": "k1", "x2": "k1"}), ParameterError, ["repeat=True"]),
    (lambda n: n.add_neuron("h4", {"x1": "c"}), ParameterError, ["'c'", "bias"]),
    (lambda n: n.add_neuron("h4", {"x1": 1.0}, bias="k1"), ParameterError, ["'k1'", "weight"]),
    (lambda n: n.add_neuron("h4", {"x1": "k1"}, fixed=True), ParameterError, ["fixed"]),
    (lambda n: n.add_parameter("k1", 1.0), DuplicateNameError, ["'k1'"]),
    (lambda n: n.add_parameter("w3", 1.0), ParameterError, ["'w3'", "k1"]),
    (lambda n: n.add_parameter("x1", 1.0), DuplicateNameError, ["'x1'", "node"]),
    (lambda n: n.add_input("k1"), DuplicateNameError, ["'k1'", "shared parameter"]),
    (lambda n: n.set_weight("x2", "h1", 1.0), ParameterError, ["'k2'", "set_parameters"]),
    (lambda n: setattr(n.neuron("h1"), "weights", [1, 2, 3]), ParameterError, ["set_parameters"]),
    (lambda n: n.set_parameters({"k1": np.inf}), ParameterError, ["k1"]),
    (lambda n: n.connect("x5", "h1", "k9"), UnknownParameterError, ["k9"]),
    (lambda n: n.connect("x5", "h1", "k1"), ParameterError, ["'h1'", "'k1'", "repeat=True"]),
    (lambda n: n.connect_many([("x5", "h2", "k9"), ("x1", "h2", 1.0)]), UnknownParameterError,
     ["k9"]),
])
def test_refused_operations_name_what_to_change_and_change_nothing(call, error, words):
    net = conv1d_by_hand()
    before = full_snapshot(net)
    with pytest.raises(error) as info:
        call(net)
    for word in words:
        assert word in str(info.value)
    assert full_snapshot(net) == before


@pytest.mark.parametrize("layers, error, words", [
    ([{"type": "conv2d", "in_shape": (1, 4, 4), "channels": 2, "kernel": 5}], ShapeError,
     ["layer c1", "kernel (5) is larger than the input (4)", "padding"]),
    ([{"type": "conv2d", "in_shape": (1, 4, 4), "channels": 2, "kernel": 7, "padding": 1}],
     ShapeError, ["(7) is larger than the input (4 padded to 6)"]),
    ([{"type": "conv1d", "in_shape": (1, 6), "channels": 2, "kernel": 1, "padding": 1}],
     ShapeError, ["layer c1", "read nothing but padding", "less padding"]),
    ([{"type": "conv1d", "in_shape": (1, 6), "channels": 2, "kernel": 3, "stride": 0}],
     ShapeError, ["layer c1", "stride must be at least 1"]),
    ([{"type": "conv2d", "in_shape": (1, 6, 6), "channels": 2, "kernel": 3},
      {"type": "conv2d", "in_shape": (3, 4, 4), "channels": 2, "kernel": 3}], ShapeError,
     ["layer 1", "(3, 4, 4)", "(2, 4, 4)", "match"]),
    ([{"type": "conv2d", "in_shape": (1, 7, 7), "channels": 2, "kernel": 3},
      {"type": "maxpool2d", "size": 2}], ShapeError,
     ["layer p1", "cover 4 of the 5", "leaving 1 out", "size"]),
    ([{"type": "conv2d", "in_shape": (1, 6, 6), "channels": 2, "kernel": 3, "stride": 2,
       "padding": "same"}], ShapeError, ["same", "stride 1"]),
    ([{"type": "conv1d", "in_shape": (1, 6, 6), "channels": 2, "kernel": 3}], ShapeError,
     ["1-D", "(1, 6, 6)"]),
    ([{"type": "conv3d", "in_shape": (1, 6), "channels": 2, "kernel": 3}], ShapeError,
     ["conv3d", "conv2d"]),
])
def test_layer_dicts_that_cannot_be_built_say_which_layer_and_what_to_change(layers, error, words):
    with pytest.raises(error) as info:
        from_architecture(layers, seed=0)
    assert isinstance(info.value, NeuronsError)
    for word in words:
        assert word in str(info.value)


def test_a_refused_grid_leaves_the_network_unchanged():
    net = conv1d_by_hand()
    before = full_snapshot(net)
    grid = Grid.convolution("c1", ["x1", "x2", "x3", "x4", "x5"], (1, 5), 2, 3)
    for kernel, error in (([1.0] * 5, ShapeError), ([np.nan] * 6, ParameterError)):
        with pytest.raises(error, match="layer c1"):
            net.add_grid(grid, kernel)
        assert full_snapshot(net) == before
    clash = Grid.convolution("h1", ["x1", "x2", "x3", "x4", "x5"], (1, 5), 1, 3, number=9)
    net.add_neuron("h1_1_1", {"x1": 1.0})
    before = full_snapshot(net)
    with pytest.raises(DuplicateNameError):
        net.add_grid(clash)
    assert full_snapshot(net) == before


def test_grid_names_say_where_each_neuron_and_weight_sits():
    cnn = from_architecture([{"type": "conv2d", "in_shape": (2, 5, 5), "channels": 3,
                              "kernel": (2, 3), "stride": (1, 2)},
                             {"type": "maxpool2d", "size": (2, 1)},
                             {"type": "dense", "output_dim": 2}], seed=0)
    c1, p1 = cnn.grids
    assert c1.out_shape == (3, 4, 2) and p1.out_shape == (3, 2, 2)
    assert cnn.layers[1][9] == "c1_2_1_2"  # channel 2, row 1, column 2
    h = cnn.neuron("c1_2_3_2")  # rows 3-4, columns 3-5 of both input channels
    assert h.inputs == ("x13", "x14", "x15", "x18", "x19", "x20",
                        "x38", "x39", "x40", "x43", "x44", "x45")
    assert h.shared[:4] == ("k1_2_1_1_1", "k1_2_1_1_2", "k1_2_1_1_3", "k1_2_1_2_1")
    assert h.shared_bias == "kb1_2"
    assert cnn.neuron("p1_3_2_1").inputs == ("c1_3_3_1", "c1_3_4_1")


def test_same_padding_gives_border_neurons_fewer_inputs():
    net = from_architecture([{"type": "conv1d", "in_shape": (1, 5), "channels": 1,
                              "kernel": 3, "padding": "same", "activation": "identity"}], seed=0)
    assert [net.neuron(n).inputs for n in net.layers[1]][:2] == [("x1", "x2"), ("x1", "x2", "x3")]
    assert net.neuron("c1_1_1").shared == ("k1_1_1_2", "k1_1_1_3")
    k = np.array([net.parameter(f"k1_1_1_{t}") for t in (1, 2, 3)])
    out = net.feedforward(X5)
    assert out.tolist() == pytest.approx((np.correlate(np.pad(X5, 1), k, "valid")).tolist(),
                                         abs=1e-14)


def test_max_pooling_routes_the_delta_to_the_first_winner():
    net = Network()
    for x in ("x1", "x2", "x3"):
        net.add_input(x)
    net.add_pooling_neuron("p", ["x1", "x2", "x3"])
    net.add_neuron("o", {"p": 2.0}, activation="identity")
    dx = net.input_gradients([[1.0, 5.0, 5.0]], [0.0])
    assert dx.tolist() == [[0.0, 2 * 10.0 * 2.0, 0.0]]  # 2 (y - t) w, to x2 only
    assert net.compile().input_gradients([[1.0, 5.0, 5.0]], [0.0]).tolist() == dx.tolist()
    assert net.parameters() == {"w1": 2.0, "b1": 0.0}
    with pytest.raises(ParameterError, match="constant of max pooling"):
        net.weight_name("x1", "p")


def test_average_pooling_has_fixed_weights_and_no_parameters():
    net = Network()
    for x in ("x1", "x2", "x3", "x4"):
        net.add_input(x)
    p = net.add_pooling_neuron("p", ["x1", "x2", "x3", "x4"], kind="average")
    assert p.fixed and p.weights.tolist() == [0.25] * 4 and net.parameters() == {}
    assert net.feedforward([1.0, 2.0, 3.0, 6.0]).tolist() == [3.0]


# -- explain and the stepper ---------------------------------------------------------------
def test_explain_sums_the_uses_and_the_stepper_shows_each_then_the_sum():
    net = conv1d_by_hand()
    net.add_pooling_neuron("p1", ["h1", "h2"])
    net.add_neuron("o1", {"p1": 1.5, "h3": -0.7}, activation="identity")
    g = net.gradients([X5], [1.0])
    d = explain(net, "k1", X5, 1.0)
    assert d.value == g["k1"] and len(d.uses) == 3 and d.n_paths == 3
    assert [u.value for u in d.uses] == pytest.approx([0.0, 2 * 1.215, -1 * -0.567], abs=1e-12)
    assert "dL/dk1 = sum over its 3 uses = 0 + 2.43 + 0.567 = 3" in d.format()
    record = steps(net, X5, 1.0)
    uses = [s for s in record if s.parameter == "k1"]
    assert len(uses) == 4 and [s.value for s in uses[:3]] == pytest.approx(
        [u.value for u in d.uses][::-1], abs=1e-15)
    assert uses[3].value == g["k1"] and uses[3].known.gradients["k1"] == g["k1"]
    assert "max(a_h1, a_h2)" in record[3].text
    assert len(record) == 2 * 5 + 1 + 3 + 4 * 3 + 4  # own 3, four shared: 3 uses and a sum


def test_explain_counts_the_uses_of_a_large_layer():
    cnn = from_architecture([{"type": "conv2d", "in_shape": (1, 6, 6), "channels": 2,
                              "kernel": 3}, {"type": "maxpool2d", "size": 2},
                             {"type": "dense", "output_dim": 2, "activation": "identity"}],
                            seed=3)
    x = np.random.default_rng(0).random(36)
    d = explain(cnn, "k1_2_1_2_2", x, [0.0, 1.0])
    assert len(d.uses) == 16 and d.value == pytest.approx(
        cnn.gradients([x], [[0.0, 1.0]])["k1_2_1_2_2"], rel=1e-13)
    lines = d.delta_lines(max_terms=4)
    assert lines[-1].startswith("dL/dk1_2_1_2_2 = sum over its 16 uses")
    assert "(13 more)" in lines[-1]
    assert sum("(use " in line for line in lines) == 4


# -- the two paths ---------------------------------------------------------------------------
ACTIVATIONS = ("relu", "tanh", "sigmoid", "identity", "leaky_relu")


@st.composite
def shared_networks(draw):
    """A random conv (1-D or 2-D) -> optional pooling -> dense network, with maybe a hand-tied
    skip connection and a hand-built max neuron."""
    dims = draw(st.sampled_from([1, 2]))
    shape = ((draw(st.integers(1, 2)), draw(st.integers(4, 7))) if dims == 1 else
             (draw(st.integers(1, 2)), draw(st.integers(3, 6)), draw(st.integers(3, 6))))
    kernel = draw(st.integers(1, 3))
    padding = draw(st.sampled_from(["valid", "same", 1] if kernel > 1 else ["valid", "same"]))
    stride = 1 if padding == "same" else draw(st.integers(1, 2))
    conv = {"type": f"conv{dims}d", "in_shape": shape, "channels": draw(st.integers(1, 3)),
            "kernel": kernel, "stride": stride, "padding": padding,
            "activation": draw(st.sampled_from(ACTIVATIONS)), "bias": draw(st.booleans())}
    layers = [conv]
    grid = Grid.convolution("c1", [f"x{i}" for i in range(int(np.prod(shape)))], shape,
                            conv["channels"], kernel, stride, padding)
    pool = draw(st.sampled_from([None, "max", "avg"]))
    overlapping = draw(st.booleans())  # windows of 2 moved by 1, or side by side
    if pool and min(grid.out_shape[1:]) >= 2 and (
            overlapping or all(n % 2 == 0 for n in grid.out_shape[1:])):
        layers.append({"type": f"{pool}pool{dims}d", "size": 2,
                       "stride": 1 if overlapping else None})
    layers.append({"type": "dense", "output_dim": draw(st.integers(1, 3)),
                   "activation": draw(st.sampled_from(ACTIVATIONS))})
    net = from_architecture(layers, seed=draw(st.integers(0, 2**16)))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if draw(st.booleans()):  # a shared weight on skip connections from the inputs
        net.add_parameter("t", float(rng.normal()))
        net.connect_many([(net.inputs[0], net.outputs[0], "t"),
                          (net.inputs[-1], net.outputs[-1], "t")]
                         if net.inputs[0] != net.inputs[-1] else [], repeat=True)
    if draw(st.booleans()):  # a max neuron by hand over three conv neurons
        conv_names = list(net.grids[0].neurons)
        picks = rng.choice(len(conv_names), size=min(3, len(conv_names)), replace=False)
        net.add_pooling_neuron("m", [conv_names[i] for i in sorted(picks)])
        net.connect("m", net.outputs[0], float(rng.normal()))
    net.set_parameter_vector(rng.normal(scale=0.7, size=net.n_parameters))
    return net, rng


def assert_paths_agree(net, X, Y, loss):
    fast = net.compile()
    slow_out, fast_out = net.predict(X), fast.forward(X)
    scale = max(1.0, np.abs(slow_out).max())
    assert np.abs(slow_out - fast_out).max() <= 1e-12 * scale
    slow, quick = net.gradients(X, Y, loss=loss), fast.gradients(X, Y, loss=loss)
    assert list(slow) == list(quick) == list(net.parameter_names())
    g_scale = max(1.0, max(abs(v) for v in slow.values()))
    assert max(abs(slow[p] - quick[p]) for p in slow) <= 1e-12 * g_scale
    dx_slow = net.input_gradients(X, Y, loss=loss)
    dx_fast = fast.input_gradients(X, Y, loss=loss)
    assert np.abs(dx_slow - dx_fast).max() <= 1e-12 * max(1.0, np.abs(dx_slow).max())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shared_networks())
def test_both_paths_agree_on_random_shared_weight_networks(case):
    net, rng = case
    X = rng.normal(size=(3, len(net.inputs)))
    Y = rng.normal(size=(3, len(net.outputs)))
    assert_paths_agree(net, X, Y, "mse")
    grids = {op.grid.name for op in net.compile().layout.grid_ops}
    assert grids == {g.name for g in net.grids}  # every grid ran as one operation


def test_a_rewired_grid_runs_as_blocks_and_still_agrees():
    net = from_architecture([{"type": "conv2d", "in_shape": (1, 5, 5), "channels": 2,
                              "kernel": 3, "padding": "same"}, {"type": "maxpool2d", "size": 1},
                             {"type": "dense", "output_dim": 2, "activation": "identity"}],
                            seed=1)
    net.connect("x25", "c1_1_1_1", 0.75)  # the grid no longer says how c1_1_1_1 is wired
    fast = net.compile()
    assert [op.grid.name for op in fast.layout.grid_ops] == ["p1"]
    rng = np.random.default_rng(5)
    X = rng.normal(size=(4, 25))
    assert_paths_agree(net, X, rng.integers(0, 2, 4), "softmax_cross_entropy")


def test_training_shared_weights_on_both_paths_gives_the_same_network():
    data = np.random.default_rng(2)
    X = data.normal(size=(12, 16))
    Y = data.integers(0, 3, 12)
    arch = [{"type": "conv2d", "in_shape": (1, 4, 4), "channels": 2, "kernel": 2},
            {"type": "avgpool2d", "size": 3},
            {"type": "dense", "output_dim": 3, "activation": "identity"}]
    nets = [from_architecture(arch, seed=4) for _ in range(2)]
    for net, path in zip(nets, ("neurons", "vectorized")):
        net.train(X, Y, epochs=3, lr=0.1, loss="softmax_cross_entropy", optimizer="adam",
                  batch_size=4, l2=0.01, path=path, seed=0)
    a, b = nets[0].parameters(), nets[1].parameters()
    assert max(abs(a[p] - b[p]) for p in a) <= 1e-12
    assert a != from_architecture(arch, seed=4).parameters()


def test_l2_penalises_shared_weights_but_not_shared_biases():
    net = conv1d_by_hand(activation="identity")
    net.add_neuron("o1", {"h1": 1.0, "h2": 1.0, "h3": 1.0}, bias=None, activation="identity")
    X, Y = np.array([X5]), np.array([[0.0]])
    before = net.parameters()
    net.train(X, Y, epochs=1, lr=0.1, l2=0.5, batch_size=1, path="neurons")
    plain = conv1d_by_hand(activation="identity")
    plain.add_neuron("o1", {"h1": 1.0, "h2": 1.0, "h3": 1.0}, bias=None, activation="identity")
    g = plain.gradients(X, Y)
    after = net.parameters()
    for p in ("k1", "k2", "k3", "w1"):
        assert after[p] == pytest.approx(before[p] - 0.1 * (g[p] + 0.5 * before[p]), rel=1e-13)
    assert after["c"] == pytest.approx(before["c"] - 0.1 * g["c"], rel=1e-13)


def test_unknown_parameter_error_is_both_a_lookup_and_a_type_error():
    err = UnknownParameterError("x")
    assert isinstance(err, UnknownNameError) and isinstance(err, TypeError)


def test_a_convolutional_checkpoint_resumes_exactly(tmp_path):
    from neurons.training import load_checkpoint

    arch = [{"type": "conv1d", "in_shape": (1, 6), "channels": 2, "kernel": 3},
            {"type": "maxpool1d", "size": 2},
            {"type": "dense", "output_dim": 1, "activation": "identity"}]
    X = np.random.default_rng(0).normal(size=(8, 6))
    path = tmp_path / "cnn.json"
    net = from_architecture(arch, seed=0)
    net.train(X, X.sum(1), epochs=2, lr=0.01, optimizer="adam", progress=False,
              checkpoint=path, seed=0)
    run = load_checkpoint(path)
    run.resume(X, X.sum(1), epochs=2)
    whole = from_architecture(arch, seed=0)
    whole.train(X, X.sum(1), epochs=4, lr=0.01, optimizer="adam", progress=False, seed=0)
    assert run.network.parameters() == whole.parameters()


def test_a_network_pickled_before_shared_parameters_existed_still_loads():
    net = Network.dense([2, 2, 1], seed=0)
    old = copy.deepcopy(net)  # stripped to what a pickle from before this version holds
    del old.__dict__["_shared"], old.__dict__["_grids"]
    for n in old.neurons:
        for attribute in ("kind", "fixed", "_table", "_shared_at", "_shared_index",
                          "_shared_bias", "_seen"):
            del n.__dict__[attribute]
    back = pickle.loads(pickle.dumps(old))
    assert back.parameters() == net.parameters() and back.grids == ()
    assert back.gradients([[1.0, 2.0]], [1.0]) == net.gradients([[1.0, 2.0]], [1.0])
