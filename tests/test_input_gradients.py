"""Gradients with respect to the inputs, dL/dx: both paths, explain(), and a worked number."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurons import Network, UnknownNameError, activations, backprop, losses
from neurons.data import check_data

from .helpers import classic_221, input_gradient_scale
from .strategies import data_for, networks

PAIRS = [(a, loss) for a in activations.names() for loss in losses.names()]


def network_for(data, activation, loss):
    """A random network that fits ``loss`` (as tests/test_gradients.py draws them)."""
    # Binary cross-entropy needs probabilities at the outputs: there the output is a sigmoid.
    if activation == "mixed":
        out = "sigmoid" if loss == "binary_cross_entropy" else "identity"
    else:
        out = "sigmoid" if loss == "binary_cross_entropy" else activation
    return data.draw(networks(activation, out, min_outputs=2 if "softmax" in loss else 1))


def numeric_input_gradients(net, X, T, loss, eps):
    """Central differences of the batch's mean loss, one input of one sample at a time."""
    G = np.zeros_like(X)
    for s in range(X.shape[0]):
        for j in range(X.shape[1]):
            up, down = X.copy(), X.copy()
            up[s, j] += eps
            down[s, j] -= eps
            G[s, j] = (backprop.evaluate_prepared(net, up, T, losses.get(loss))[0]
                       - backprop.evaluate_prepared(net, down, T, losses.get(loss))[0]) / (2 * eps)
    return G


def worst_relative_error(net, X, T, loss, analytic, eps=1e-6, rtol=1e-6):
    """As neurons.gradcheck judges parameters: relative error, floored at the measured
    resolution of the difference quotients (their spread between steps eps and 2 eps, and
    the rounding of the loss divided by 2 eps)."""
    numeric = numeric_input_gradients(net, X, T, loss, eps)
    spread = np.abs(numeric - numeric_input_gradients(net, X, T, loss, 2 * eps)).max()
    value, outputs = backprop.evaluate_prepared(net, X, T, losses.get(loss))
    scale = max(abs(value), np.abs(outputs).max(), np.abs(T).max())
    noise = 4.0 * max(spread, float(np.spacing(scale)) / (2 * eps))
    floor = max(noise / rtol, np.finfo(float).tiny)
    return float((np.abs(analytic - numeric)
                  / np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)).max())


@pytest.mark.parametrize(("activation", "loss"), PAIRS)
@given(data=st.data())
def test_input_gradients_match_central_differences(activation, loss, data):
    net = network_for(data, activation, loss)
    X, Y = data.draw(data_for(net, loss, max_samples=4))
    X, T = check_data(net, X, Y, losses.get(loss))
    analytic = backprop.input_gradients_prepared(net, X, T, losses.get(loss))
    assert analytic.shape == X.shape
    assert worst_relative_error(net, X, T, loss, analytic) <= 1e-6


@pytest.mark.parametrize("loss", losses.names())
@given(data=st.data())
def test_slow_path_equals_fast_path(loss, data):
    """Both paths sum the same terms in another order: equal to 1e-12 of the largest, or of
    the terms' magnitude where they cancel (terms of 5.5e-3 in all that summed to 5e-4
    differed by 6e-16 between the paths: 1.2e-12 of the sum, 1.1e-13 of the terms)."""
    net = network_for(data, "mixed", loss)
    X, Y = data.draw(data_for(net, loss))
    slow = net.input_gradients(X, Y, loss)
    fast = net.compile().input_gradients(X, Y, loss)
    assert fast.shape == slow.shape == (len(X), len(net.inputs))
    scale = max(np.abs(slow).max(), input_gradient_scale(net, X, Y, loss))
    assert np.abs(slow - fast).max() <= 1e-12 * scale


def test_the_input_gradient_scale_counts_each_delta_and_its_own_terms():
    """On the worked example nothing cancels: each delta is its one term, so the bound of
    each dL/dx_j, sum_k |w_jk| (|delta_k| + D_k) with D_k = |delta_k|, is twice |dL/dx_j|."""
    net = classic_221((1, 1, 1, 1, 1, 1))
    row = net.input_gradients([-2, -1], 1, "mse")[0]
    assert input_gradient_scale(net, [[-2, -1]], [1], "mse") == pytest.approx(
        2 * np.abs(row).max(), rel=1e-12)


@given(net=networks("tanh", "identity"), seed=st.integers(0, 2**16))
def test_explain_value_is_the_input_gradient(net, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=len(net.inputs)), rng.normal(size=len(net.outputs))
    row = net.input_gradients(x, y)[0]
    for j, name in enumerate(net.inputs):
        d = net.explain(name, x, y)
        assert d.parameter == name and d.is_input and d.neuron is None and d.source is None
        assert d.value == pytest.approx(row[j], rel=1e-12, abs=1e-15)
        paths = list(d.paths())
        assert len(paths) == d.n_paths
        assert sum(len(path.expanded) for path in paths) == d.n_factors
        assert all(path.nodes[0] == name for path in paths)
        assert sum(path.product for path in paths) == pytest.approx(row[j], rel=1e-9, abs=1e-14)


def test_worked_221_by_hand():
    """All weights 1, biases 0, x = (-2, -1), y = 1, MSE: dL/dx1 = w1 delta_h1 + w3 delta_h2."""
    net = classic_221(weights=(1, 1, 1, 1, 1, 1))
    sigmoid = activations.get("sigmoid")
    h = float(sigmoid.value(-3.0))  # h1 = h2 = sigmoid(-2 - 1)
    o1 = float(sigmoid.value(2 * h))
    dL_do1 = -2 * (1 - o1)  # 2 (y_pred - y), one sample, one output
    delta_o1 = dL_do1 * o1 * (1 - o1)
    delta_h = delta_o1 * 1 * h * (1 - h)  # delta_h1 = delta_h2 = f'(z_h) w delta_o1
    dL_dx1 = delta_h + delta_h  # w1 delta_h1 + w3 delta_h2
    assert 1 / (1 + math.exp(3)) == pytest.approx(h, rel=1e-15)

    x, y = [-2, -1], 1
    slow = net.input_gradients(x, y)
    assert slow.shape == (1, 2)
    assert slow[0, 0] == pytest.approx(dL_dx1, rel=1e-15)
    assert slow[0, 1] == pytest.approx(dL_dx1, rel=1e-15)  # x2 feeds h1, h2 by the same weights
    assert net.compile().input_gradients(x, y)[0, 0] == pytest.approx(dL_dx1, rel=1e-15)

    d = net.explain("x1", x, y)
    assert d.value == pytest.approx(dL_dx1, rel=1e-15)
    assert d.n_paths == 2 and d.n_factors == 10
    first = next(d.paths())
    assert [f.label for f in first.factors] == ["dL/do1", "do1/dh1", "dh1/dx1"]
    assert [f.rule for f in first.factors][1:] == ["w5 f'(z_o1)", "w1 f'(z_h1)"]
    assert first.factors[2].value == pytest.approx(h * (1 - h), rel=1e-15)  # w1 f'(z_h1)
    assert [f.label for f in first.expanded] == [
        "dL/da_o1", "da_o1/dz_o1", "dz_o1/da_h1", "da_h1/dz_h1", "dz_h1/dx1"]
    text = str(d)
    assert "dL/dx1 = dL/do1 * do1/dh1 * dh1/dx1 + dL/do1 * do1/dh2 * dh2/dx1" in text
    assert "dh1/dx1 = w1 f'(z_h1) = 1 * 0.0452 = 0.0452" in text
    assert "dL/dx1 = w1 delta_h1 + w3 delta_h2 = 1 * (-0.0107) + 1 * (-0.0107) = -0.0215" in text
    assert "Fully expanded: 10 partial-derivative factors" in text
    tex = d.to_latex()
    assert r"\frac{\partial h_{1}}{\partial x_{1}}" in tex
    assert r"w_{1}\,\delta_{h_{1}} + w_{3}\,\delta_{h_{2}}" in tex
    with pytest.raises(Exception, match="2 paths"):
        _ = d.factors


def test_an_input_nothing_reads_gets_zero():
    net = classic_221(weights=(0.3, -0.2, 0.5, 0.1, -0.4, 0.6), biases=(0.1, 0.2, 0.3))
    net.add_input("x3")
    X, Y = [[1.0, 2.0, 3.0], [-1.0, 0.5, 7.0]], [1.0, 0.0]
    slow, fast = net.input_gradients(X, Y), net.compile().input_gradients(X, Y)
    assert slow[:, 2].tolist() == [0.0, 0.0] and fast[:, 2].tolist() == [0.0, 0.0]
    assert np.all(slow[:, :2] != 0)
    d = net.explain("x3", X[0], Y[0])
    assert (d.value, d.n_paths, d.n_factors, list(d.paths()), d.deltas) == (0.0, 0, 0, [], {})
    assert "no neuron reads x3" in str(d)
    assert d.to_latex() == r"\begin{aligned}\frac{\partial L}{\partial x_{3}} &= 0\end{aligned}"
    with pytest.raises(Exception, match="no neuron reads x3"):
        _ = d.factors


def test_rows_are_the_batch_mean_loss():
    """Row s of a batch of n is 1/n times sample s's own gradient (L is the mean)."""
    net = Network.dense([3, 4, 2], activation="tanh", seed=2)
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    batch = net.input_gradients(X, Y)
    own = np.vstack([net.input_gradients(X[s], Y[s]) for s in range(5)])
    np.testing.assert_allclose(5 * batch, own, rtol=1e-13, atol=1e-16)


def test_network_method_and_prepared_data():
    net = Network.dense([2, 3, 2], seed=0)
    X, Y = [[0.1, 0.2], [1.0, -1.0]], [0, 1]
    loss = losses.get("softmax_cross_entropy")
    g = net.input_gradients(X, Y, loss)
    Xc, T = check_data(net, X, Y, loss)
    assert g.tolist() == backprop.input_gradients(net, X, Y, loss).tolist()
    assert g.tolist() == backprop.input_gradients_prepared(net, Xc, T, loss).tolist()
    assert net.gradients(X, Y, loss) == backprop.gradients(net, X, Y, loss)  # unchanged


def test_compiled_backward_with_inputs_changes_nothing_else():
    net = Network.dense([3, 4, 2], activation="relu", output_activation="identity", seed=1)
    fast = net.compile()
    X, T = fast.prepare(np.random.default_rng(0).normal(size=(6, 3)), [0, 1, 1, 0, 1, 0],
                        "softmax_cross_entropy")
    dW, db, value = fast.backward(X, T, "softmax_cross_entropy")
    dW, db = [w.copy() for w in dW], [b.copy() for b in db]  # the next call overwrites them
    dW2, db2, value2, dX = fast.backward(X, T, "softmax_cross_entropy", inputs=True)
    assert value2 == value and dX.shape == X.shape
    assert all(np.array_equal(a, b) for a, b in zip(dW, dW2))
    assert all(np.array_equal(a, b) for a, b in zip(db, db2))
    assert len(fast.backward(X, T, "softmax_cross_entropy")) == 3
    f32 = net.compile(np.float32).input_gradients(X, [0, 1, 1, 0, 1, 0],
                                                  "softmax_cross_entropy")
    assert f32.dtype == np.float32
    np.testing.assert_allclose(f32, dX, rtol=0, atol=5e-4 * np.abs(dX).max())


def test_unknown_name_says_inputs_are_accepted():
    net = classic_221()
    with pytest.raises(UnknownNameError) as info:
        net.explain("z9", [1, 2], 1)
    message = str(info.value)
    assert "'z9'" in message and "parameter" in message and "input" in message
    assert "w1..w6" in message and "x1, x2" in message
    with pytest.raises(UnknownNameError, match="did you mean 'x1'"):
        net.explain("X1", [1, 2], 1)
    with pytest.raises(UnknownNameError, match="no parameter or input named 'h1'"):
        net.explain("h1", [1, 2], 1)  # a neuron is neither


def test_parameters_still_win_and_are_unchanged():
    net = classic_221(weights=(1, 1, 1, 1, 1, 1))
    d = net.explain("w1", [-2, -1], 1)
    assert not d.is_input and d.neuron == "h1" and d.source == "x1"
    assert d.value == pytest.approx(net.gradients([-2, -1], 1)["w1"], rel=1e-14)
    assert [f.label for f in d.factors] == ["dL/do1", "do1/dh1", "dh1/dw1"]
