"""The vectorized path is the same network and the same mathematics as the per-neuron path."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurons import CompiledNetwork, Network, NeuronsError, activations, compare, losses
from neurons.compare import output_scale

from .helpers import classic_221, edges_match_neurons
from .strategies import data_for, networks

LOSSES = losses.names()
ACTIVATIONS = [*activations.names(), "mixed"]  # "mixed": every hidden neuron its own


def draw_case(data, activation, loss, **kwargs):
    out = "sigmoid" if loss == "binary_cross_entropy" else None
    net = data.draw(networks(activation, out, min_outputs=2 if "softmax" in loss else 1,
                             max_hidden_layers=4, max_width=8, **kwargs))
    X, Y = data.draw(data_for(net, loss, max_samples=16))
    return net, X, Y


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
@given(data=st.data())
def test_both_paths_agree_to_1e_12(activation, loss, data):
    """1-4 hidden layers, widths 1-8, missing and skip edges, biases or not, 1-16 samples."""
    net, X, Y = draw_case(data, activation, loss)
    report = compare(net, X, Y, loss)
    assert report.rtol == 1e-12
    assert report.passed, str(report)
    assert report.outputs_fast.shape == (len(X), len(net.outputs))


def gradient_descent_both_ways(net, X, Y, loss, lr, steps):
    """Plain gradient descent for ``steps`` steps on each path, from the same start."""
    fast = net.compile()
    Xc, T = fast.prepare(X, Y, losses.get(loss))
    for _ in range(steps):
        dW, db, _ = fast.backward(Xc, T, losses.get(loss))
        for block, g in zip(fast.blocks, dW):
            block.W -= lr * g
        for b, g in zip(fast.biases, db):
            b -= lr * g
    for _ in range(steps):
        g = net.gradients(X, Y, loss)
        net.set_parameters({p: v - lr * g[p] for p, v in net.parameters().items()})
    return fast


@pytest.mark.parametrize(("activation", "loss"), [
    ("sigmoid", "mse"), ("tanh", "softmax_cross_entropy"), ("relu", "binary_cross_entropy"),
    ("mixed", "mse"), ("softplus", "softmax_cross_entropy"), ("leaky_relu", "mse"),
])
@given(data=st.data())
def test_fifty_steps_on_both_paths_give_the_same_parameters(activation, loss, data):
    # Moderate weights and step size: a diverging run would compare two overflows.
    net, X, Y = draw_case(data, activation, loss, weight_scale=0.5)
    fast = gradient_descent_both_ways(net, X, Y, loss, lr=0.01, steps=50)
    slow, trained = net.parameters(), fast.parameters()
    assert max(abs(slow[p] - trained[p]) for p in slow) <= 1e-10
    # Absent connections stayed absent, bias-free neurons stayed bias-free.
    for block in fast.blocks:
        if block.mask is not None:
            assert not np.any(block.W[block.mask == 0])
    for mask, b in zip(fast.bias_masks, fast.biases):
        if mask is not None:
            assert not np.any(b[mask == 0])


def test_worked_examples_on_the_fast_path():
    # 1. One neuron
    one = Network()
    one.add_input("x1")
    one.add_input("x2")
    one.add_neuron("n", {"x1": 0, "x2": 1}, bias=4)
    assert one.compile().forward([[2, 3]])[0, 0] == 0.9990889488055994
    # 2. The 2-2-1 feedforward
    fast = classic_221().compile()
    out = fast.forward([[2, 3]])
    assert out.shape == (1, 1) and out[0, 0] == pytest.approx(0.7216325609518421, rel=1e-15)
    # 3. Mean squared error: a single identity neuron with zero weight outputs zeros
    zero = Network()
    zero.add_input("x")
    zero.add_neuron("y", {"x": 0.0}, bias=None, activation="identity")
    assert zero.compile().loss([[1], [2], [3], [4]], [1, 0, 0, 1]) == 0.5
    # 4. dL/dw1 = 0.0214 for the all-ones network
    ones = classic_221(weights=(1, 1, 1, 1, 1, 1))
    g = ones.compile().gradients([[-2, -1]], [1])
    assert abs(g["w1"] - 0.0214) <= 1e-4
    assert g["w1"] == pytest.approx(ones.gradients([[-2, -1]], [1])["w1"], rel=1e-14)


def test_update_from_writes_neurons_and_edges():
    net = Network.dense([3, 4, 2], seed=0)
    fast = net.compile()
    fast.blocks[0].W[1, 2] = 7.5  # x2 -> h3
    fast.biases[1][0] = -2.0  # o1's bias
    net.update_from(fast)
    assert net.weight("x2", "h3") == 7.5 and net.graph.edges["x2", "h3"]["weight"] == 7.5
    assert net.neuron("o1").bias == -2.0
    assert edges_match_neurons(net)
    assert net.parameters() == fast.parameters()


def test_refresh_and_stale_wiring():
    net = Network.dense([2, 3, 1], seed=0)
    fast = net.compile()
    net.set_weight("x1", "h1", 3.0)
    assert fast.parameters()["w1"] != 3.0  # a snapshot until refreshed
    fast.refresh()
    assert fast.parameters()["w1"] == 3.0
    net.connect("x1", "o1", 0.5)  # a skip connection: the wiring changed
    with pytest.raises(NeuronsError, match="refresh"):
        net.update_from(fast)
    fast.refresh()
    assert len(fast.blocks) == 3 and fast.parameters() == net.parameters()
    net.update_from(fast)
    with pytest.raises(NeuronsError, match="different Network"):
        Network.dense([2, 3, 1]).update_from(fast)


def test_outputs_in_several_layers_and_mixed_activations():
    net = Network()
    for x in ("x1", "x2"):
        net.add_input(x)
    net.add_neuron("h1", {"x1": 0.5, "x2": -1.0}, activation="tanh")
    net.add_neuron("h2", {"x1": 1.5}, bias=None, activation="relu")
    net.add_neuron("early", {"x2": 0.3}, activation="sigmoid")  # an output in layer 1
    net.add_neuron("o1", {"h1": 1.0, "h2": -0.5, "x1": 0.25}, activation="identity")
    net.add_neuron("o2", {"h1": -2.0}, activation="softplus")
    assert net.outputs == ["early", "o1", "o2"]
    X = np.random.default_rng(3).normal(size=(7, 2))
    for loss, Y in [("mse", np.random.default_rng(4).normal(size=(7, 3))),
                    ("softmax_cross_entropy", np.arange(7) % 3)]:
        report = compare(net, X, Y, loss)
        assert report.passed, str(report)
    fast = net.compile()
    assert [len(g) for g in fast.activation_groups[1:]] == [3, 2]  # layer 1: tanh, relu, sigmoid


def test_float32():
    net = Network.dense([4, 8, 3], activation="tanh", output_activation="identity", seed=1)
    X = np.random.default_rng(0).normal(size=(10, 4))
    y = np.arange(10) % 3
    fast = net.compile(np.float32)
    assert fast.forward(X).dtype == np.float32
    dW, db, value = fast.backward(*fast.prepare(X, y, losses.get("softmax_cross_entropy")),
                                  losses.get("softmax_cross_entropy"))
    assert all(g.dtype == np.float32 for g in [*dW, *db])
    assert value == pytest.approx(net.loss(X, y, "softmax_cross_entropy"), rel=1e-6)
    report = compare(net, X, y, "softmax_cross_entropy", dtype=np.float32)
    assert report.rtol == 5e-4 and report.passed, str(report)
    assert report.gradient_rel > 1e-9  # float32 really was used
    with pytest.raises(NeuronsError, match="float32 and float64"):
        net.compile(np.int32)


@pytest.mark.parametrize("loss", LOSSES)
def test_backward_writes_into_out_or_into_new_arrays(loss):
    """Without ``out`` every call returns arrays of its own; with it, views into ``out``."""
    net = Network.dense([3, 5, 4, 2], activation="tanh",
                        output_activation="sigmoid" if loss == "binary_cross_entropy" else None,
                        seed=2)
    X = np.random.default_rng(5).normal(size=(6, 3))
    Y = (np.arange(6) % 2 if "softmax" in loss
         else np.random.default_rng(6).uniform(size=(6, 2)).round())
    fast = net.compile()
    Xc, T = fast.prepare(X, Y, loss)
    dW, db, value = fast.backward(Xc, T, loss)
    kept = [g.copy() for g in [*dW, *db]]
    fast.backward(Xc[:3], T[:3], loss)  # another batch must not change the first result
    for g, k in zip([*dW, *db], kept):
        np.testing.assert_array_equal(g, k)
    out = np.full_like(fast.vector, np.nan)
    oW, ob, out_value = fast.backward(Xc, T, loss, out=out)
    assert out_value == value and not np.isnan(out).any()
    for g, k in zip([*oW, *ob], kept):
        np.testing.assert_array_equal(g, k)
        assert np.shares_memory(g, out)
    named = fast.named(dW, db)
    assert named == net.compile().gradients(X, Y, loss)
    assert max(abs(named[p] - g) for p, g in net.gradients(X, Y, loss).items()) <= 1e-12


def test_single_sample_and_repr():
    net = Network.dense([2, 2, 1], seed=0)
    fast = net.compile()
    assert isinstance(fast, CompiledNetwork)
    assert fast.forward([1.0, 2.0]).shape == (1, 1)
    assert repr(fast) == "<CompiledNetwork 2-2-1, 2 weight blocks, float64>"


def test_compare_measures_outputs_that_cancel_at_the_scale_they_round_at():
    """An output of 1e-5 left from terms of about 1: the paths may differ by a unit of
    rounding of those terms, which is 4e-12 of the output itself (as it was here); against
    the outputs' running error scale it is 1e-16, and a real error is still caught."""
    rng = np.random.default_rng(0)
    net = Network.dense([4, 7, 1], activation="relu", output_activation="identity", seed=0)
    X, y = rng.normal(size=(1, 4)), rng.normal(size=(1, 1))
    net.set_parameters({"b8": net.parameters()["b8"] - net.predict(X)[0, 0] + 1e-5})
    report = compare(net, X, y, "mse")
    assert abs(report.outputs_slow[0, 0] - 1e-5) < 1e-15
    assert report.output_scale == pytest.approx(1.4301255149165, rel=1e-12)
    assert report.passed and report.output_rel <= 1e-15
    report.outputs_fast[0, 0] += 1e-9  # a real difference, 1e-4 of the output
    assert not report.passed and "FAILED" in str(report)


def test_output_scale_is_at_least_every_output_and_adds_up_the_terms_by_hand():
    net = Network.dense([2, 2, 1], activation="tanh", output_activation="identity")
    net.set_parameter_vector([1.0, -2.0, 0.5, 0.25, 3.0, -1.0, 0.1, -0.2, 0.3])
    x = np.array([0.5, -1.0])
    # w1, w2 into h1, w3, w4 into h2, w5, w6 into o1; b1, b2, b3
    h1, h2 = np.tanh(1.0 * 0.5 - 2.0 * -1.0 + 0.1), np.tanh(0.5 * 0.5 + 0.25 * -1.0 - 0.2)
    m_h1 = (1 - h1**2) * (1.0 * 0.5 + 2.0 * 1.0 + 0.1) + abs(h1)  # |f'(z)| s + |a|
    m_h2 = (1 - h2**2) * (0.5 * 0.5 + 0.25 * 1.0 + 0.2) + abs(h2)
    o = 3.0 * h1 - 1.0 * h2 + 0.3
    by_hand = 3.0 * (abs(h1) + m_h1) + 1.0 * (abs(h2) + m_h2) + 0.3 + abs(o)
    assert output_scale(net, [x]) == pytest.approx(by_hand, rel=1e-14)
    assert output_scale(net, [x]) >= abs(net.predict(x)[0, 0])


def test_compare_report_text_and_failure():
    net = Network.dense([2, 3, 2], seed=0)
    X = np.random.default_rng(0).normal(size=(4, 2))
    report = compare(net, X, [0, 1, 1, 0], "softmax_cross_entropy")
    text = str(report)
    assert "PASSED" in text and "w1" in text and "of the largest gradient" in text
    # A deliberately corrupted fast gradient is caught and located.
    report.gradients_fast["w3"] += 1e-9
    assert not report.passed and report.gradient_where == "w3"
    assert "FAILED" in str(report)
