"""Errors are part of the API: each names what is wrong and leaves the network unchanged."""

import numpy as np
import pytest

from neurons import (
    CycleError,
    DataError,
    DuplicateNameError,
    IncompatibleLossError,
    Network,
    NetworkStructureError,
    Neuron,
    NeuronsError,
    ParameterError,
    ShapeError,
    UnknownNameError,
    activations,
)

from .helpers import classic_221, edges_match_neurons, snapshot


@pytest.fixture
def net():
    n = classic_221(weights=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), biases=(0.7, 0.8, 0.9))
    n.add_input("x3")  # an input nothing reads yet
    return n


def refused(net, call, error, *words):
    """Run ``call``; it must raise ``error`` naming ``words``, and change nothing."""
    before = snapshot(net)
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, NeuronsError)
    for word in words:
        assert word in str(info.value), f"{word!r} missing from: {info.value}"
    assert snapshot(net) == before
    assert edges_match_neurons(net)
    return info.value


def test_unknown_source(net):
    refused(net, lambda: net.add_neuron("h3", {"x1": 1.0, "x9": 2.0}), UnknownNameError,
            "'x9'", "h3", "x1, x2")
    err = refused(net, lambda: net.connect("nope", "o1", 1.0), UnknownNameError, "'nope'")
    assert isinstance(err, LookupError)


def test_unknown_target_and_missing_connection(net):
    refused(net, lambda: net.set_weight("x1", "zz", 1.0), UnknownNameError, "'zz'")
    refused(net, lambda: net.set_weight("x1", "o1", 1.0), UnknownNameError, "x1 -> o1")
    refused(net, lambda: net.weight("h1", "h2"), UnknownNameError, "h1 -> h2")
    refused(net, lambda: net.neuron("x1"), UnknownNameError, "'x1' is an input")


def test_duplicate_names(net):
    refused(net, lambda: net.add_neuron("h1", {"x1": 1.0}), DuplicateNameError,
            "a neuron named 'h1'")
    refused(net, lambda: net.add_input("x2"), DuplicateNameError, "an input named 'x2'")
    refused(net, lambda: net.add_neuron("x1", {"x2": 1.0}), DuplicateNameError, "'x1'")
    refused(net, lambda: net.add_neuron("h3", ["x1", "x1"], weights=[1, 2]),
            NetworkStructureError, "twice")
    refused(net, lambda: net.connect("x1", "h1", 5.0), NetworkStructureError,
            "x1 -> h1 exists already")


def test_cycles_are_refused(net):
    err = refused(net, lambda: net.connect("o1", "h1", 1.0), CycleError,
                  "o1 -> h1", "h1 -> o1 -> h1")
    assert isinstance(err, ValueError)
    refused(net, lambda: net.connect("h1", "h1", 1.0), CycleError, "h1 -> h1")


def test_inputs_take_no_weights(net):
    refused(net, lambda: net.connect("h1", "x1", 1.0), ParameterError,
            "'x1' is an input", "no weights")
    refused(net, lambda: net.set_weight("x2", "x1", 1.0), ParameterError, "'x1' is an input")


def test_unknown_activation_lists_known_ones(net):
    err = refused(net, lambda: net.add_neuron("h3", {"x1": 1.0}, activation="swish"),
                  UnknownNameError, "'swish'")
    for name in activations.names():
        assert name in str(err)


def test_weight_count_must_match(net):
    refused(net, lambda: net.add_neuron("h3", ["x1", "x2"], weights=[1.0]), ShapeError,
            "'h3' has 2 inputs but 1 weights")
    refused(net, lambda: setattr(net.neuron("h1"), "weights", [1.0, 2.0, 3.0]), ShapeError,
            "neuron 'h1' has 2 inputs but 3 weights")
    refused(net, lambda: net.add_neuron("h3", ["x1"]), ShapeError, "without `weights`")
    with pytest.raises(ShapeError, match="has 2 weights but got 3 inputs"):
        Neuron([0, 1]).feedforward([1, 2, 3])


def test_bad_values(net):
    refused(net, lambda: net.add_neuron("h3", {"x1": float("nan")}), ParameterError,
            "weight 0 of neuron 'h3'")
    refused(net, lambda: net.set_weight("x1", "h1", np.inf), ParameterError, "x1 -> h1")
    refused(net, lambda: net.set_parameters({"w1": 1.0, "b2": float("nan")}), ParameterError,
            "b2")
    refused(net, lambda: net.set_parameters({"w1": 1.0, "w99": 2.0}), UnknownNameError,
            "'w99'", "w1..w6", "b1..b3")
    refused(net, lambda: net.add_neuron("h3", {}), NetworkStructureError, "at least one input")
    refused(net, lambda: net.add_neuron("", {"x1": 1.0}), NetworkStructureError, "non-empty")


def test_bias_free_neuron_has_no_bias_to_set():
    net = Network()
    net.add_input("x")
    n = net.add_neuron("y", {"x": 1.0}, bias=None)
    refused(net, lambda: setattr(n, "bias", 1.0), ParameterError, "bias=None", "'y'")
    assert "b1" not in net.parameters()


def test_weights_array_is_read_only(net):
    before = snapshot(net)
    with pytest.raises(ValueError, match="read-only"):
        net.neuron("h1").weights[0] = 5.0
    assert snapshot(net) == before


def test_bad_data_names_the_sample(net):
    X = np.zeros((3, 3))
    X[2, 1] = np.nan
    refused(net, lambda: net.gradients(X, [0, 1, 0]), DataError, "sample 2", "'x2'")
    refused(net, lambda: net.gradients(np.zeros((3, 2)), [0, 1, 0]), ShapeError,
            "(3, 2)", "x1, x2, x3")
    refused(net, lambda: net.gradients(np.zeros((3, 3)), [0, 1]), ShapeError, "(3, 1)")
    refused(net, lambda: net.gradients(np.zeros((2, 3)), [0, 2], "softmax_cross_entropy"),
            IncompatibleLossError, "only one", "binary_cross_entropy")
    refused(net, lambda: net.gradients(np.zeros((2, 3)), [0, 1], "hinge"), UnknownNameError,
            "'hinge'", "mse")


def test_architecture_errors():
    with pytest.raises(ShapeError, match="layer 1 has input_dim 3 but layer 0 has output_dim 4"):
        Network.from_architecture([{"input_dim": 2, "output_dim": 4},
                                   {"input_dim": 3, "output_dim": 1}])
    with pytest.raises(ShapeError, match="positive integers"):
        Network.dense([2, 0, 1])
    with pytest.raises(UnknownNameError, match="known initializers"):
        Network.dense([2, 1], init="ones")


def test_explain_errors(net):
    refused(net, lambda: net.explain("w42", [1, 2, 3], 1), UnknownNameError, "'w42'")
    two_paths = Network.dense([1, 1, 2], seed=0)
    with pytest.raises(NeuronsError, match="2 paths"):
        _ = two_paths.explain("w1", [1.0], [0.0, 1.0]).factors
