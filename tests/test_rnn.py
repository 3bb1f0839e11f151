"""The unrolled Elman RNN built neuron by neuron (issue 19, first part): its names and shared
weights, its forward pass against a NumPy loop over time, its gradients against central
differences, and both paths agreeing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurons import Network
from neurons.errors import ArgumentTypeError, ParameterError
from neurons.gradcheck import gradient_check


def matrices(net, n_in, n_h, n_out):
    p = net.parameters()
    U = np.array([[p[f"w_xh_{j}_{i}"] for i in range(1, n_in + 1)] for j in range(1, n_h + 1)])
    W = np.array([[p[f"w_hh_{j}_{m}"] for m in range(1, n_h + 1)] for j in range(1, n_h + 1)])
    V = np.array([[p[f"w_hy_{k}_{j}"] for j in range(1, n_h + 1)] for k in range(1, n_out + 1)])
    b = np.array([p[f"b_h_{j}"] for j in range(1, n_h + 1)])
    c = np.array([p[f"b_y_{k}"] for k in range(1, n_out + 1)])
    return U, W, V, b, c


def test_names_shared_weights_and_layout():
    net = Network.rnn(2, 3, 1, steps=4, seed=0)
    assert net.inputs[:3] == ["x1_1", "x1_2", "x2_1"] and len(net.inputs) == 8
    assert net.outputs == ["o1_1", "o2_1", "o3_1", "o4_1"]
    assert net.neuron("h1_2").inputs == ("x1_1", "x1_2")  # h_0 = 0: no recurrent inputs
    assert net.neuron("h3_2").shared == ("w_xh_2_1", "w_xh_2_2", "w_hh_2_1", "w_hh_2_2",
                                         "w_hh_2_3")
    assert net.neuron("h3_2").shared_bias == "b_h_2"
    assert len(net.parameter_uses("w_hh_2_3")) == 3 and len(net.parameter_uses("w_xh_1_1")) == 4
    assert net.n_parameters == 3 * 2 + 3 * 3 + 1 * 3 + 3 + 1 and net.n_weights == 0
    last = Network.rnn(2, 3, 2, steps=4, outputs="last", seed=0)
    assert last.outputs == ["o4_1", "o4_2"]


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_the_forward_pass_is_the_textbook_loop_over_time(activation):
    n_in, n_h, n_out, T = 2, 3, 2, 5
    net = Network.rnn(n_in, n_h, n_out, steps=T, activation=activation, seed=1)
    rng = np.random.default_rng(2)
    net.set_parameter_vector(rng.normal(scale=0.6, size=net.n_parameters))
    U, W, V, b, c = matrices(net, n_in, n_h, n_out)
    f = np.tanh if activation == "tanh" else (lambda z: np.maximum(z, 0.0))
    seq = rng.normal(size=(T, n_in))
    h, ys = np.zeros(n_h), []
    for t in range(T):
        h = f(U @ seq[t] + W @ h + b)
        ys.append(V @ h + c)
    out = net.feedforward(seq.reshape(-1))
    assert np.abs(out - np.concatenate(ys)).max() <= 1e-14


@settings(max_examples=15, deadline=None)
@given(n_in=st.integers(1, 3), n_h=st.integers(1, 3), n_out=st.integers(1, 2),
       T=st.integers(1, 5), activation=st.sampled_from(["tanh", "relu", "sigmoid"]),
       outputs=st.sampled_from(["each", "last"]), seed=st.integers(0, 1000))
def test_both_paths_agree_on_random_unrolled_networks(n_in, n_h, n_out, T, activation,
                                                      outputs, seed):
    net = Network.rnn(n_in, n_h, n_out, steps=T, activation=activation, outputs=outputs,
                      seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, T * n_in))
    Y = rng.normal(size=(3, len(net.outputs)))
    fast = net.compile()
    assert np.abs(net.predict(X) - fast.forward(X)).max() <= 1e-12
    slow, quick = net.gradients(X, Y), fast.gradients(X, Y)
    assert max(abs(slow[p] - quick[p]) for p in slow) <= 1e-12 * max(
        1.0, max(abs(v) for v in slow.values()))
    assert np.abs(net.input_gradients(X, Y) - fast.input_gradients(X, Y)).max() <= 1e-12


def test_gradients_through_time_match_central_differences():
    net = Network.rnn(1, 2, 1, steps=3, seed=3)
    x, y = [0.5, -1.0, 2.0], [0.1, -0.2, 0.3]
    check = gradient_check(net, [x], [y])
    assert check.passed and check.worst_relative_error < 1e-6


@pytest.mark.parametrize("args, error, message", [
    ((1, 2, 1, 0), ParameterError, "steps must be at least 1, not 0"),
    ((0, 2, 1, 3), ParameterError, "n_inputs must be at least 1, not 0"),
    ((1, 2, 1, 2.5), ArgumentTypeError, "steps must be an integer, not float 2.5"),
])
def test_sizes_that_cannot_be_built_say_which(args, error, message):
    with pytest.raises(error, match=message):
        Network.rnn(*args)


def test_outputs_must_be_each_or_last():
    with pytest.raises(ParameterError, match="'each', 'last'"):
        Network.rnn(1, 2, 1, steps=3, outputs="first")
