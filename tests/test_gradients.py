"""Backpropagation on the per-neuron path: against central differences, and its invariants."""

import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurons import Network, activations, gradient_check, losses

from .helpers import classic_221
from .strategies import data_for, networks

PAIRS = [(a, loss) for a in activations.names() for loss in losses.names()]


@pytest.mark.parametrize(("activation", "loss"), PAIRS)
@given(data=st.data())
def test_gradients_match_central_differences(activation, loss, data):
    # Binary cross-entropy needs probabilities at the outputs: there the output is a sigmoid.
    out = "sigmoid" if loss == "binary_cross_entropy" else activation
    net = data.draw(networks(activation, out, min_outputs=2 if "softmax" in loss else 1))
    X, Y = data.draw(data_for(net, loss))
    report = gradient_check(net, X, Y, loss, eps=1e-6)
    assert report.worst_relative_error <= 1e-6, str(report)


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    """The check must be able to fail: a backprop missing f'(z) at the output is caught."""
    net = classic_221(weights=(0.3, -0.2, 0.5, 0.1, -0.4, 0.6))
    X, Y = [[1.0, 2.0], [-1.0, 0.5]], [1.0, 0.0]
    assert gradient_check(net, X, Y).worst_relative_error < 1e-6
    sigmoid = activations.get("sigmoid")
    monkeypatch.setattr(type(sigmoid), "derivative", lambda self, z, a: 1.0 + 0 * a)
    report = gradient_check(net, X, Y)
    assert report.worst_relative_error > 0.1
    assert report.worst_parameter in report.analytic


def test_gradient_check_restores_parameters_and_reports():
    net = Network.dense([3, 4, 2], seed=0)
    before = net.parameters()
    X = np.random.default_rng(0).normal(size=(5, 3))
    report = gradient_check(net, X, [0, 1, 1, 0, 1], "softmax_cross_entropy")
    assert net.parameters() == before
    assert report.worst_parameter in before
    assert report.worst_relative_error == max(report.relative_errors.values())
    assert report.passed
    text = str(report)
    assert "worst:" in text and report.worst_parameter in text and len(text.splitlines()) == 28


def test_gradients_twice_are_identical():
    net = Network.dense([3, 5, 2], activation="tanh", seed=1)
    X = np.random.default_rng(1).normal(size=(4, 3))
    Y = np.random.default_rng(2).normal(size=(4, 2))
    first = net.gradients(X, Y)
    assert net.gradients(X, Y) == first


def test_gradients_are_averaged_over_samples():
    net = Network.dense([2, 3, 1], seed=4)
    X = np.array([[0.1, 0.2], [1.0, -1.0], [2.0, 0.5]])
    Y = np.array([0.0, 1.0, 0.5])
    per_sample = [net.gradients(X[i], Y[i]) for i in range(3)]
    batch = net.gradients(X, Y)
    for p, g in batch.items():
        assert g == pytest.approx(np.mean([s[p] for s in per_sample]), rel=1e-13, abs=1e-16)


def test_deep_chain_beyond_recursion_limit():
    """Forward and backward are loops: depth is not limited by the recursion limit."""
    depth = sys.getrecursionlimit() + 500
    net = Network()
    net.add_input("x")
    prev = "x"
    for i in range(depth):
        prev = net.add_neuron(f"n{i}", {prev: 1.0}, bias=None, activation="identity").name
    assert len(net.layers) == depth + 1
    g = net.gradients([[2.0]], [[0.0]])
    # L = (x - 0)^2 through identity links: dL/dw = 2 * x * x for every weight.
    assert g["w1"] == 8.0 and g[f"w{depth}"] == 8.0
    assert net.explain("w1", [2.0], [0.0]).n_factors == 1 + 2 * depth


@given(net=networks("tanh", "identity"), seed=st.integers(0, 2**16))
def test_explain_paths_sum_to_the_gradient(net, seed):
    """The expanded form is a sum over paths; it equals the delta form for every parameter."""
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=len(net.inputs)), rng.normal(size=len(net.outputs))
    grads = net.gradients(x, y)
    for p, g in grads.items():
        d = net.explain(p, x, y)
        paths = list(d.paths())
        assert len(paths) == d.n_paths
        assert sum(len(path.expanded) for path in paths) == d.n_factors
        assert d.value == pytest.approx(g, rel=1e-12, abs=1e-15)
        assert sum(path.product for path in paths) == pytest.approx(g, rel=1e-9, abs=1e-14)
        for path in paths:
            assert np.prod([f.value for f in path.expanded]) == pytest.approx(
                path.product, rel=1e-12, abs=1e-300)
