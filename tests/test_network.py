"""Building networks: the graph, layers, parameter names, and the graph/neuron agreement."""

import time

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neurons
from neurons import CycleError, Network, NetworkStructureError, Neuron
from neurons.initializers import initialize

from .helpers import classic_221, edges_match_neurons, snapshot
from .strategies import networks


def test_classic_221_structure_and_names():
    net = classic_221(weights=(1, 2, 3, 4, 5, 6), biases=(7, 8, 9))
    g = net.graph
    assert isinstance(g, nx.DiGraph) and nx.is_directed_acyclic_graph(g)
    assert sorted(g.nodes) == ["h1", "h2", "o1", "x1", "x2"]
    assert {n: d["layer"] for n, d in g.nodes(data=True)} == {
        "x1": 0, "x2": 0, "h1": 1, "h2": 1, "o1": 2}
    assert g.nodes["x1"]["neuron"] is None and g.nodes["h1"]["neuron"] is net.neuron("h1")
    assert net.layers == [["x1", "x2"], ["h1", "h2"], ["o1"]]
    assert net.inputs == ["x1", "x2"] and net.outputs == ["o1"]
    assert net.parameters() == {"w1": 1, "w2": 2, "w3": 3, "w4": 4, "w5": 5, "w6": 6,
                                "b1": 7, "b2": 8, "b3": 9}
    assert [net.parameter_location(p) for p in ("w1", "w4", "w6", "b3")] == [
        ("x1", "h1"), ("x2", "h2"), ("h2", "o1"), ("o1", None)]
    assert net.weight("h2", "o1") == 6.0 and g.edges["h2", "o1"]["weight"] == 6.0
    assert repr(net) == "<Network 2-2-1: 2 inputs, 3 neurons, 9 parameters>"


def test_bias_numbering_skips_neurons_without_bias():
    net = Network()
    net.add_input("x")
    net.add_neuron("a", {"x": 1.0}, bias=None)
    net.add_neuron("b", {"x": 2.0}, bias=0.5)
    net.add_neuron("c", {"a": 3.0, "b": 4.0}, bias=-1.0)
    assert list(net.parameters()) == ["w1", "w2", "w3", "w4", "b1", "b2"]
    assert net.parameter_location("b1") == ("b", None)
    assert net.parameter_location("b2") == ("c", None)


def test_graph_view_is_live_and_read_only():
    net = classic_221()
    g = net.graph
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        g.add_edge("o1", "x1")
    net.add_neuron("o2", {"h1": 0.25})
    assert g.has_edge("h1", "o2") and g.edges["h1", "o2"]["weight"] == 0.25
    assert net.outputs == ["o1", "o2"]


@pytest.mark.parametrize("change", ["set_weight", "set_parameters", "assign", "connect"])
def test_edge_weights_follow_every_write(change):
    net = classic_221()
    if change == "set_weight":
        net.set_weight("x2", "h2", -3.5)
        assert net.graph.edges["x2", "h2"]["weight"] == -3.5
    elif change == "set_parameters":
        net.set_parameters({"w4": -3.5, "b1": 2.0})
        assert net.graph.edges["x2", "h2"]["weight"] == -3.5 and net.neuron("h1").bias == 2.0
    elif change == "assign":
        net.neuron("h2").weights = [1.5, -3.5]
        assert net.graph.edges["x1", "h2"]["weight"] == 1.5
    else:
        net.connect("x1", "o1", -3.5)
        assert net.neuron("o1").inputs == ("h1", "h2", "x1")
        assert list(net.parameters())[6] == "w7"  # o1's new weight follows its others
        assert net.parameter_location("w7") == ("x1", "o1")
    assert edges_match_neurons(net)


def test_skip_connection_moves_layers():
    net = Network()
    net.add_input("x")
    net.add_neuron("a", {"x": 1.0})
    net.add_neuron("b", {"x": 1.0})
    net.add_neuron("c", {"b": 1.0})
    assert net.layers == [["x"], ["a", "b"], ["c"]]
    net.connect("c", "a", 0.5)  # a now reads from layer 2
    assert net.layers == [["x"], ["b"], ["c"], ["a"]]
    assert net.outputs == ["a"]
    trace = net.forward_trace([0.3])
    assert trace.z["a"] == pytest.approx(0.3 + 0.5 * trace.a["c"], rel=1e-15)


@given(net=networks("tanh"), seed=st.integers(0, 2**16))
def test_random_writes_keep_graph_and_neurons_equal(net, seed):
    rng = np.random.default_rng(seed)
    names = list(net.parameters())
    for _ in range(5):
        picked = rng.choice(names, size=rng.integers(1, len(names) + 1), replace=False)
        net.set_parameters({p: float(rng.normal()) for p in picked})
        u, v = list(net.graph.edges)[rng.integers(net.graph.number_of_edges())]
        net.set_weight(u, v, float(rng.normal()))
        assert edges_match_neurons(net)
    # Each weight appears exactly once in the parameter list, as its edge.
    weights = [p for p in names if p.startswith("w")]
    assert len(weights) == net.graph.number_of_edges()
    assert {net.parameter_location(p) for p in weights} == set(net.graph.edges)


def test_add_neuron_forms_are_equivalent():
    a, b = Network(), Network()
    for n in (a, b):
        n.add_input("x1")
        n.add_input("x2")
    a.add_neuron("h", {"x2": 0.5, "x1": -1.0}, bias=0.1, activation="tanh")
    b.add_neuron("h", ["x2", "x1"], weights=[0.5, -1.0], bias=0.1, activation="tanh")
    assert a.parameters() == b.parameters() == {"w1": 0.5, "w2": -1.0, "b1": 0.1}
    assert a.neuron("h").inputs == ("x2", "x1")
    assert a.feedforward([1.0, 2.0])[0] == pytest.approx(np.tanh(0.5 * 2 - 1 + 0.1), rel=1e-15)


def test_neuron_standalone():
    n = Neuron([0.5, -0.5], bias=None, activation="relu")
    assert n.bias is None and not n.has_bias
    assert n.feedforward([4.0, 2.0]) == 1.0 and n.feedforward([2.0, 4.0]) == 0.0
    assert repr(n) == "Neuron(weights=[0.5, -0.5], bias=None, activation='relu')"
    n.weights = np.array([1.0, 1.0])
    assert n.weights.tolist() == [1.0, 1.0] and not n.weights.flags.writeable
    # No name and no inputs until a network sets them: "" and (), of the types they get.
    assert n.name == "" and n.inputs == ()
    net = Network.dense([2, 1])
    assert net.neuron("o1").name == "o1" and net.neuron("o1").inputs == ("x1", "x2")
    named = Neuron([1.0], name="n1")
    assert named.name == "n1" and repr(named).startswith("Neuron('n1', weights=[1.0]")


def test_dense_names_sizes_and_seed():
    net = Network.dense([3, 4, 5, 2], activation="relu", output_activation="identity", seed=7)
    assert [len(layer) for layer in net.layers] == [3, 4, 5, 2]
    assert net.layers[1][:2] == ["h1_1", "h1_2"] and net.layers[2][0] == "h2_1"
    assert net.outputs == ["o1", "o2"]
    assert net.graph.number_of_edges() == 3 * 4 + 4 * 5 + 5 * 2
    assert {net.neuron(n).activation.name for n in net.layers[1]} == {"relu"}
    assert net.neuron("o1").activation.name == "identity"
    same = Network.dense([3, 4, 5, 2], activation="relu", output_activation="identity", seed=7)
    other = Network.dense([3, 4, 5, 2], activation="relu", output_activation="identity", seed=8)
    assert same.parameters() == net.parameters() != other.parameters()
    assert all(v == 0.0 for p, v in net.parameters().items() if p.startswith("b"))
    assert len(Network.dense([2, 3, 1], bias=False).parameters()) == 2 * 3 + 3


def test_dense_default_init_scales():
    """He for ReLU layers (std sqrt(2/fan_in)), Glorot uniform otherwise."""
    relu = Network.dense([400, 300, 1], activation="relu", seed=0)
    w = np.concatenate([relu.neuron(n).weights for n in relu.layers[1]])
    assert w.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    sig = Network.dense([400, 300, 1], seed=0)
    w = np.concatenate([sig.neuron(n).weights for n in sig.layers[1]])
    limit = np.sqrt(6 / (400 + 300))
    assert w.max() <= limit and w.min() >= -limit and w.max() > 0.99 * limit


def test_zero_init_warns_and_keeps_hidden_units_identical():
    net = Network.dense([2, 3, 1], seed=0)
    with pytest.warns(UserWarning, match="identical"):
        initialize(net, "zeros")
    g = net.gradients([[1.0, 2.0]], [1.0])
    assert g["w1"] == g["w3"] == g["w5"] and g["w2"] == g["w4"] == g["w6"]
    assert g["w7"] == g["w8"] == g["w9"] != 0.0


def test_from_architecture():
    net = Network.from_architecture([
        {"input_dim": 2, "output_dim": 25, "activation": "relu"},
        {"input_dim": 25, "output_dim": 8, "activation": "tanh"},
        {"input_dim": 8, "output_dim": 1, "activation": "sigmoid"},
    ], seed=1)
    assert [len(layer) for layer in net.layers] == [2, 25, 8, 1]
    assert [net.neuron(layer[0]).activation.name for layer in net.layers[1:]] == [
        "relu", "tanh", "sigmoid"]
    assert len(net.parameters()) == 2 * 25 + 25 + 25 * 8 + 8 + 8 + 1


def test_predict_and_loss_on_a_batch():
    net = classic_221()
    X = np.array([[2.0, 3.0], [0.0, 0.0]])
    out = net.predict(X)
    assert out.shape == (2, 1)
    assert out[0, 0] == pytest.approx(0.7216325609518421, rel=1e-15)
    assert net.loss(X, [1.0, 0.0]) == pytest.approx(
        ((out[0, 0] - 1) ** 2 + out[1, 0] ** 2) / 2, rel=1e-15)


def test_weight_names_match_parameter_locations():
    net = Network.dense([3, 4, 2], seed=0)
    for p in net.parameters():
        if p.startswith("w"):
            assert net.weight_name(*net.parameter_location(p)) == p


def test_connect_many_is_connect_in_order_and_all_or_nothing():
    one, many = classic_221(), classic_221()
    for net in (one, many):
        net.add_neuron("h3", {"x1": 0.25})  # created after o1
    edges = [("h3", "o1", 0.5), ("x1", "o1", -1.5), ("x2", "h3", 2.0)]
    for edge in edges:
        one.connect(*edge)
    many.connect_many(edges)
    assert many.parameters() == one.parameters()
    assert many.neuron("o1").inputs == ("h1", "h2", "h3", "x1")
    assert many.layers == one.layers == [["x1", "x2"], ["h1", "h2", "h3"], ["o1"]]
    assert edges_match_neurons(many)
    before = snapshot(many)
    with pytest.raises(CycleError, match="connecting o1 -> h1 would make the cycle "
                                         "h1 -> o1 -> h1"):
        many.connect_many([("h3", "h2", 1.0), ("o1", "h1", 1.0)])  # the first edge is fine
    with pytest.raises(NetworkStructureError, match="x2 -> h1 exists already"):
        many.connect_many([("h1", "h3", 1.0), ("x2", "h1", 1.0)])
    assert snapshot(many) == before


def test_connect_many_checks_for_cycles_once():
    """A thousand connections to an earlier neuron: one search, not a thousand (was 2.4 s)."""
    net = Network()
    net.add_input("x")
    net.add_neuron("o", {"x": 1.0})
    for i in range(1000):
        net.add_neuron(f"h{i}", {"x": 0.5})
    start = time.process_time()
    net.connect_many([(f"h{i}", "o", 0.1) for i in range(1000)])
    assert time.process_time() - start < 1.0  # a guard against quadratic work, not a benchmark
    assert len(net.neuron("o").inputs) == 1001 and net.layers[2] == ["o"]


@given(net=networks())
def test_bias_name_and_weight_name_invert_parameter_location(net):
    """Every parameter's name comes back from where it sits: a bias from its neuron, a weight
    from its edge."""
    for name in net.parameters():
        source, target = net.parameter_location(name)
        if target is None:
            assert net.bias_name(source) == name
        else:
            assert net.weight_name(source, target) == name
    before = snapshot(net)
    for neuron in net.neurons:
        if not neuron.has_bias:
            with pytest.raises(neurons.ParameterError, match="bias=None"):
                net.bias_name(neuron.name)
    with pytest.raises(neurons.UnknownNameError, match="is an input"):
        net.bias_name(net.inputs[0])
    assert snapshot(net) == before
