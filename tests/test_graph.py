"""One copy of every weight: the graph's edges read the neurons' weights, which move at array
speed (parameter vectors, add_layer, the compiled layout)."""

import copy
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurons import Network, NeuronsError, accuracy
from neurons.errors import ParameterError, ShapeError, UnknownNameError
from neurons.layout import Layout

from .helpers import classic_221, edges_match_neurons, snapshot
from .strategies import networks


@settings(max_examples=30, deadline=None)
@given(net=networks(activation="mixed"), seed=st.integers(0, 2**32 - 1))
def test_edges_read_the_weights_whatever_writes_them(net, seed):
    rng = np.random.default_rng(seed)
    view = net.graph  # held across every change below: it must never be stale
    net.set_parameter_vector(rng.normal(size=net.n_parameters))
    assert edges_match_neurons(net)
    u, v = next(iter(view.edges))
    net.set_weight(u, v, 0.125)
    assert view.edges[u, v]["weight"] == 0.125
    name = net.neurons[-1].name
    net.neuron(name).weights = rng.normal(size=len(net.neuron(name).inputs))
    assert edges_match_neurons(net)
    fast = net.compile()
    fast.vector[...] = rng.normal(size=fast.vector.shape)
    for block in fast.blocks:  # absent connections and biases stay zero, as training keeps them
        if block.mask is not None:
            block.W *= block.mask
    for b, mask in zip(fast.biases, fast.bias_masks):
        if mask is not None:
            b *= mask
    net.update_from(fast)
    assert edges_match_neurons(net)
    assert net.parameters() == fast.parameters()
    assert [view.edges[e]["weight"] for e in view.edges] == [
        net.weight(*e) for e in view.edges]


@pytest.mark.parametrize("path", ["neurons", "vectorized"])
def test_edges_follow_training_on_either_path(path):
    net = Network.dense([2, 3, 1], seed=0)
    view = net.graph
    before = {e: view.edges[e]["weight"] for e in view.edges}
    net.train([[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0], epochs=3, lr=0.5, path=path)
    assert edges_match_neurons(net)
    assert all(view.edges[e]["weight"] != before[e] for e in view.edges)


def test_edge_weight_cannot_be_set_through_the_graph():
    net = classic_221()
    before = snapshot(net)
    data = net.graph.edges["h1", "o1"]
    with pytest.raises(ParameterError, match=r"net\.set_weight\('h1', 'o1', value\)"):
        data["weight"] = 5.0
    with pytest.raises(ParameterError):
        del data["weight"]
    with pytest.raises(ParameterError):
        data.update(weight=5.0)
    assert snapshot(net) == before
    data["colour"] = "red"  # any other attribute is kept, as in a dict
    assert dict(data) == {"weight": 0.0, "colour": "red"} and len(data) == 2
    assert data.copy() == {"weight": 0.0, "colour": "red"} and type(data.copy()) is dict


def test_copies_of_the_graph_hold_the_values_of_the_moment():
    net = classic_221()
    frozen = net.graph.copy()
    net.set_weight("x2", "h1", 3.0)
    assert frozen.edges["x2", "h1"] == {"weight": 1.0}
    assert net.graph.edges["x2", "h1"]["weight"] == 3.0
    frozen.add_edge("x1", "o1", weight=2.0)  # an ordinary networkx graph
    assert frozen.edges["x1", "o1"] == {"weight": 2.0}
    for other in (net.graph.reverse(), net.graph.to_undirected()):  # deep copies, per edge
        assert type(other.edges["h1", "x2"]) is dict and other.edges["h1", "x2"]["weight"] == 3.0
    assert type(copy.deepcopy(net.graph.edges["x2", "h1"])) is dict


@pytest.mark.parametrize("clone", [copy.deepcopy, lambda n: pickle.loads(pickle.dumps(n))])
def test_copied_networks_keep_their_edges_on_their_own_neurons(clone):
    net = classic_221()
    twin = clone(net)
    twin.set_weight("h2", "o1", -4.0)
    assert twin.graph.edges["h2", "o1"]["weight"] == -4.0 and edges_match_neurons(twin)
    assert net.graph.edges["h2", "o1"]["weight"] == 1.0 and edges_match_neurons(net)


def test_add_layer_builds_what_add_neuron_builds():
    W = np.arange(6.0).reshape(2, 3) / 10
    by_layer, by_neuron = Network(), Network()
    for net in (by_layer, by_neuron):
        net.add_input("x1")
        net.add_input("x2")
    by_layer.add_layer(["a", "b", "c"], ["x1", "x2"], W, bias=[0.5, None, 1.5],
                       activation="tanh")
    for k, (name, b) in enumerate(zip("abc", [0.5, None, 1.5])):
        by_neuron.add_neuron(name, {"x1": W[0, k], "x2": W[1, k]}, bias=b, activation="tanh")
    assert snapshot(by_layer) == snapshot(by_neuron)
    assert by_layer.parameters() == {"w1": 0.0, "w2": 0.3, "w3": 0.1, "w4": 0.4, "w5": 0.2,
                                     "w6": 0.5, "b1": 0.5, "b2": 1.5}


@pytest.mark.parametrize("args, error, message", [
    ((["n1", "n1"], ["x1"]), NeuronsError, "distinct new names"),
    ((["x1"], ["x2"]), NeuronsError, "already has an input named 'x1'"),
    ((["n1"], ["x3"]), UnknownNameError, "unknown source 'x3'"),
    ((["n1"], ["x1", "x1"]), NeuronsError, "distinct sources"),
    ((["n1", "n2"], ["x1"], [[1.0, 2.0, 3.0]]), ShapeError, r"expected \(1, 2\)"),
    ((["n1", "n2"], ["x1", "x2"], [[1.0, 2.0], [3.0, np.nan]]), ParameterError,
     "weight 1 of neuron 'n2' is nan"),
    ((["n1", "n2"], ["x1"], None, [0.0]), ShapeError, "2 neurons but 1 biases"),
])
def test_add_layer_refuses_and_leaves_the_network_unchanged(args, error, message):
    net = classic_221()
    before = snapshot(net)
    with pytest.raises(error, match=message):
        net.add_layer(*args)
    assert snapshot(net) == before and "n1" not in net.layers[-1]


def test_parameter_vector_round_trip_and_refusals():
    net = Network.dense([3, 4, 2], seed=1)
    v = net.parameter_vector()
    assert v.tolist() == list(net.parameters().values())
    assert (net.n_parameters, net.n_weights) == (26, 20)
    net.set_parameter_vector(v[::-1])
    assert net.parameter_vector().tolist() == v[::-1].tolist()
    before = snapshot(net)
    with pytest.raises(ShapeError, match="26 parameters; got 25"):
        net.set_parameter_vector(v[:-1])
    bad = v.copy()
    bad[21] = np.inf
    with pytest.raises(ParameterError, match="b2 would be inf"):
        net.set_parameter_vector(bad)
    assert snapshot(net) == before


@settings(max_examples=40, deadline=None)
@given(net=networks(activation="mixed"))
def test_compile_and_write_back_are_exact_on_any_wiring(net):
    before = net.parameter_vector()
    fast = net.compile()
    assert fast.parameter_vector().tobytes() == before.tobytes()
    net.update_from(fast)
    assert net.parameter_vector().tobytes() == before.tobytes()
    assert fast.named([b.W for b in fast.blocks], fast.biases) == net.parameters()


def test_dense_blocks_are_one_contiguous_run_each():
    layout = Layout(Network.dense([784, 128, 64, 10], seed=0))
    assert [b.start for b in layout.blocks] == [0, 784 * 128, 784 * 128 + 128 * 64]
    assert all(b.rows is None and b.mask is None for b in layout.blocks)


def test_derived_values_follow_the_wiring():
    net = classic_221()
    assert net.derived("depth", lambda: len(net.layers)) == 3
    assert net.derived("depth", lambda: -1) == 3  # kept, not recomputed
    net.add_neuron("o2", {"o1": 1.0})
    assert net.derived("depth", lambda: len(net.layers)) == 4
    assert net.parameter_names()[-1] == "b4" and net.wiring_version == 6


@pytest.mark.parametrize("path", ["neurons", "vectorized"])
def test_training_accuracy_from_batches_or_from_a_full_pass(path):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.2], [0.9, 0.1]])
    y = np.array([0, 1, 1, 0, 1, 0])
    start = Network.dense([2, 3, 2], activation="tanh", output_activation="identity", seed=3)
    # One full batch: its outputs are the network's before the step.
    net = copy.deepcopy(start)
    history = net.train(X, y, epochs=1, lr=0.5, loss="softmax_cross_entropy", path=path)
    assert history.accuracy == [accuracy(start, X, y)]
    # Batches of 2, in order: each batch's accuracy with the weights before its own step.
    net, expected = copy.deepcopy(start), 0.0
    for first in range(0, 6, 2):
        expected += accuracy(net, X[first:first + 2], y[first:first + 2]) * 2
        net.train(X[first:first + 2], y[first:first + 2], epochs=1, lr=0.5,
                  loss="softmax_cross_entropy", path=path)
    history = copy.deepcopy(start).train(X, y, epochs=1, lr=0.5, batch_size=2, shuffle=False,
                                         loss="softmax_cross_entropy", path=path)
    assert history.accuracy == [expected / 6]
    # "full": the network after the epoch, on the whole training set.
    net = copy.deepcopy(start)
    history = net.train(X, y, epochs=1, lr=0.5, batch_size=2, shuffle=False,
                        loss="softmax_cross_entropy", path=path, train_accuracy="full")
    assert history.accuracy == [accuracy(net, X, y)]
