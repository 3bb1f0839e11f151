"""Recurrent networks (issue 19): the vectorized loop over time against the per-neuron path,
truncated backpropagation through time against an independent NumPy loop, sequence data and
its errors, the sum over time term by term, explain and the stepper through time."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurons import Network
from neurons.backprop import input_gradients
from neurons.errors import (
    DuplicateNameError,
    IncompatibleLossError,
    NetworkStructureError,
    NeuronsError,
    ParameterError,
    ShapeError,
)
from neurons.recurrence import Recurrence
from neurons.through_time import hidden_gradients, through_time

ACTIVATIONS = {"tanh": (np.tanh, lambda z, h: 1 - h * h),
               "relu": (lambda z: np.maximum(z, 0), lambda z, h: (z > 0) * 1.0),
               "identity": (lambda z: z, lambda z, h: np.ones_like(z))}


def matrices(net):
    r, p = net.recurrences[0], net.parameters()

    def get(names, rows):
        return np.array([p[k] for k in names]).reshape(rows, -1)
    return (get(r.w_xh, r.n_hidden), get(r.w_hh, r.n_hidden), get(r.w_hy, r.n_outputs),
            get(r.b_h, 1)[0], get(r.b_y, 1)[0])


def reference(net, X, Y, activation):
    """BPTT(k) written from the definition, independently of the library: the loss at step
    tau (sse: the sum of squares over its outputs, / n) is carried back to steps
    tau .. tau - k, one loss step at a time. Returns the gradients by name and dL/dX."""
    r = net.recurrences[0]
    f, fp = ACTIVATIONS[activation]
    U, W, V, b, c = matrices(net)
    n, T = len(X), r.steps
    xs = X.reshape(n, T, r.n_inputs)
    h = np.zeros((n, T + 1, r.n_hidden))  # h[:, 0] = h_0 = 0
    z = np.zeros((n, T + 1, r.n_hidden))
    for t in range(1, T + 1):
        z[:, t] = xs[:, t - 1] @ U.T + h[:, t - 1] @ W.T + b
        h[:, t] = f(z[:, t])
    ys = Y.reshape(n, -1, r.n_outputs)
    grads = [np.zeros_like(m) for m in (U, W, V, b, c)]
    dX = np.zeros_like(xs)
    k = T if r.truncate is None else r.truncate
    for q, tau in enumerate(r.output_steps):
        e = 2 * (h[:, tau] @ V.T + c - ys[:, q]) / n  # d(sse)/dy at step tau
        grads[2] += e.T @ h[:, tau]
        grads[4] += e.sum(axis=0)
        g = e @ V  # dL/dh_tau
        for t in range(tau, max(tau - k, 1) - 1, -1):
            d = g * fp(z[:, t], h[:, t])
            grads[0] += d.T @ xs[:, t - 1]
            grads[1] += d.T @ h[:, t - 1]
            grads[3] += d.sum(axis=0)
            dX[:, t - 1] += d @ U
            g = d @ W
    named = {}
    for names, grad in zip((r.w_xh, r.w_hh, r.w_hy, r.b_h, r.b_y), grads):
        named.update(zip(names, grad.reshape(-1).tolist()))
    return named, dX.reshape(n, -1)


def random_rnn(seed, n_in, n_h, n_out, T, activation, outputs, truncate=None):
    net = Network.rnn(n_in, n_h, n_out, steps=T, activation=activation, outputs=outputs,
                      seed=seed, truncate=truncate)
    rng = np.random.default_rng(seed)
    net.set_parameter_vector(rng.normal(scale=0.8, size=net.n_parameters))
    X = rng.normal(size=(3, T * n_in))
    Y = rng.normal(size=(3, len(net.outputs)))
    return net, X, Y


def close(a, b, tol=1e-12):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.abs(a - b).max() <= tol * max(1.0, np.abs(b).max())


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n_in=st.integers(1, 3), n_h=st.integers(1, 4),
       n_out=st.integers(1, 2), T=st.integers(1, 6),
       activation=st.sampled_from(["tanh", "relu", "identity"]),
       outputs=st.sampled_from(["each", "last"]),
       truncate=st.one_of(st.none(), st.integers(0, 4)))
def test_both_paths_equal_the_definition_of_bptt(seed, n_in, n_h, n_out, T, activation, outputs,
                                                  truncate):
    net, X, Y = random_rnn(seed, n_in, n_h, n_out, T, activation, outputs, truncate)
    fast = net.compile()
    assert fast.layout.recurrent is not None and not fast.blocks  # the loop over time
    want, want_dX = reference(net, X, Y, activation)
    slow = net.gradients(X, Y, loss="sse")
    quick = fast.gradients(X, Y, "sse")
    names = list(want)
    assert close([slow[k] for k in names], [want[k] for k in names])
    assert close([quick[k] for k in names], [want[k] for k in names])
    assert close(input_gradients(net, X, Y, "sse"), want_dX)
    assert close(fast.input_gradients(X, Y, "sse"), want_dX)
    assert close(fast.forward(X), net.predict(X))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n_h=st.integers(1, 3), T=st.integers(1, 5),
       outputs=st.sampled_from(["each", "last"]),
       loss=st.sampled_from(["mse", "binary_cross_entropy"]))
def test_the_paths_agree_for_other_losses_and_layer_values(seed, n_h, T, outputs, loss):
    net = Network.rnn(2, n_h, 2, steps=T, outputs=outputs, seed=seed,
                      output_activation="sigmoid" if loss != "mse" else "identity")
    rng = np.random.default_rng(seed)
    net.set_parameter_vector(rng.normal(size=net.n_parameters))
    X = rng.normal(size=(4, 2 * T))
    Y = rng.uniform(size=(4, len(net.outputs)))
    fast = net.compile()
    slow, quick = net.gradients(X, Y, loss=loss), fast.gradients(X, Y, loss)
    assert close(list(quick.values()), list(slow.values()))
    # Every layer's values as the block path lays them out: h_t and o_(t-1) share layer t.
    for layer, values in zip(net.layers[1:], fast.layer_outputs(X)[1:]):
        for col, name in enumerate(layer):
            assert close(values[:, col], [net.forward_trace(x).a[name] for x in X])


def test_a_rewired_recurrence_falls_back_to_blocks_and_still_agrees():
    net, X, Y = random_rnn(3, 2, 2, 1, 4, "tanh", "each")
    net.add_neuron("extra", {"h4_1": 1.0}, activation="identity")
    fast = net.compile()
    assert fast.layout.recurrent is None and fast.blocks
    Y2 = np.hstack([Y, np.zeros((3, 1))])
    assert close(list(fast.gradients(X, Y2, "mse").values()),
                 list(net.gradients(X, Y2, loss="mse").values()))


def test_truncation_needs_the_recurrence_as_built_on_the_vectorized_path():
    net, X, Y = random_rnn(4, 1, 2, 1, 3, "tanh", "last", truncate=1)
    net.add_neuron("extra", {"h3_1": 1.0}, activation="identity")
    with pytest.raises(NetworkStructureError, match="truncated backpropagation"):
        net.compile()
    net.gradients(X, np.hstack([Y, Y]))  # the per-neuron path still truncates by name


def test_truncation_at_or_beyond_the_length_is_the_whole_gradient():
    net, X, Y = random_rnn(5, 2, 3, 1, 4, "tanh", "each", truncate=3)
    full, _, _ = random_rnn(5, 2, 3, 1, 4, "tanh", "each")
    assert close(list(net.gradients(X, Y).values()), list(full.gradients(X, Y).values()))
    cut, _, _ = random_rnn(5, 2, 3, 1, 4, "tanh", "each", truncate=0)
    assert not close(list(cut.gradients(X, Y).values()), list(full.gradients(X, Y).values()))


def test_training_with_truncation_is_the_same_on_both_paths():
    net, X, Y = random_rnn(6, 2, 3, 1, 5, "tanh", "each", truncate=2)
    twin = copy.deepcopy(net)
    net.train(X, Y, epochs=3, lr=0.1, batch_size=2, seed=0, path="vectorized", progress=False)
    twin.train(X, Y, epochs=3, lr=0.1, batch_size=2, seed=0, path="neurons", progress=False)
    assert close(net.parameter_vector(), twin.parameter_vector())
    assert net.recurrences == twin.recurrences and pickle.loads(pickle.dumps(net)).recurrences \
        == net.recurrences


# -- sequence data ------------------------------------------------------------------------------
def test_sequences_as_samples_by_steps_by_inputs():
    net = Network.rnn(2, 3, 1, steps=4, seed=0)
    X = np.random.default_rng(0).normal(size=(5, 4, 2))
    flat = X.reshape(5, 8)
    assert np.array_equal(net.predict(X), net.predict(flat))
    assert np.array_equal(net.compile().forward(X), net.compile().forward(flat))
    Y = np.random.default_rng(1).normal(size=(5, 4, 1))
    assert net.gradients(X, Y) == net.gradients(flat, Y.reshape(5, 4))
    assert np.array_equal(net.feedforward(X[0]), net.feedforward(flat[0]))  # (steps, inputs)


@pytest.mark.parametrize("X, message", [
    (np.zeros((5, 3, 2)), r"sequences of 3 steps .* unrolled over 4 steps .* steps=3"),
    (np.zeros((5, 6)), r"sequences of 3 steps"),
    (np.zeros((5, 7)), r"expected \(samples, 4, 2\) sequences, or \(samples, 8\)"),
    (np.zeros((5, 4, 3)), r"expected \(samples, 4, 2\)"),
])
def test_sequences_of_the_wrong_length_or_layout_say_what_is_expected(X, message):
    net = Network.rnn(2, 3, 1, steps=4, seed=0)
    before = net.parameter_vector()
    with pytest.raises(ShapeError, match=message):
        net.train(X, np.zeros((5, 4)), epochs=1, lr=0.1, progress=False)
    with pytest.raises(ShapeError, match=message):
        net.compile().forward(X)
    assert np.array_equal(net.parameter_vector(), before)


def test_one_sequence_of_the_wrong_length_names_its_length():
    net = Network.rnn(2, 3, 1, steps=3, seed=0)
    with pytest.raises(ShapeError, match=r"a sequence of 4 steps .* steps=4"):
        net.feedforward(np.zeros((4, 2)))
    with pytest.raises(ShapeError, match=r"a sequence of 4 steps"):
        net.explain("w_hh_1_1", np.zeros((4, 2)), [0, 0, 0])


def test_per_step_targets_for_a_last_step_network_are_refused_by_name():
    net = Network.rnn(2, 3, 1, steps=4, outputs="last", seed=0)
    before = net.parameter_vector()
    X = np.zeros((5, 4, 2))
    for Y in (np.zeros((5, 4, 1)), np.zeros((5, 4))):
        with pytest.raises(ShapeError, match=r"outputs at the last step only .* \(5, 1\)"):
            net.train(X, Y, epochs=1, lr=0.1, progress=False)
    assert np.array_equal(net.parameter_vector(), before)
    net.train(X, np.zeros(5), epochs=1, lr=0.1, progress=False)  # one target per sequence


def test_a_recurrence_with_an_output_of_its_own_takes_one_target_per_output():
    # Two outputs, o2_1 and a neuron added by hand: two targets per sequence, not "per step".
    net = Network.rnn(1, 2, 1, steps=2, outputs="last", seed=0)
    net.add_neuron("extra", {"h2_1": 1.0}, activation="identity")
    X, Y = np.zeros((3, 2, 1)), np.ones((3, 2))
    assert close(list(net.gradients(X, Y).values()),
                 list(net.compile().gradients(X, Y).values()))


def test_softmax_over_every_step_at_once_is_refused():
    net = Network.rnn(2, 3, 3, steps=2, seed=0)
    with pytest.raises(IncompatibleLossError, match="outputs='last'"):
        net.gradients(np.zeros((2, 4)), [0, 1], loss="softmax_cross_entropy")
    last = Network.rnn(2, 3, 3, steps=2, outputs="last", seed=0)
    assert set(last.gradients(np.zeros((2, 4)), [0, 1], loss="softmax_cross_entropy"))


@pytest.mark.parametrize("steps", [0, -1])
def test_steps_must_be_at_least_one(steps):
    with pytest.raises(NeuronsError, match="steps must be at least 1"):
        Network.rnn(1, 1, 1, steps=steps)


def test_add_recurrence_checks_everything_first():
    net = Network()
    net.add_input("x1_1")
    net.add_parameter("w_hh_1_1", 0.0)
    before = (list(net.inputs), net.parameters())
    with pytest.raises(DuplicateNameError, match="w_hh_1_1"):
        net.add_recurrence(Recurrence.elman(1, 1, 1, steps=2))
    assert (list(net.inputs), net.parameters()) == before
    fresh = Network()
    with pytest.raises(ShapeError, match=r"W_hh must be 2 x 2"):
        fresh.add_recurrence(Recurrence.elman(1, 2, 1, steps=2), W_hh=[[1.0]])
    with pytest.raises(ParameterError, match="finite"):
        fresh.add_recurrence(Recurrence.elman(1, 1, 1, steps=2), W_xh=[[np.nan]])
    assert not fresh.inputs and not fresh.neurons and not fresh.recurrences


def test_the_record_describes_itself():
    r = Recurrence.elman(2, 3, 1, steps=5, outputs="last", truncate=2)
    assert repr(r) == ("<Recurrence rnn: 2 inputs, 3 hidden, 1 output per step, 5 steps, "
                       "outputs at the last step, backpropagation truncated to 2 steps back>")
    assert r.output_names == ("o5_1",) and r.outputs_at(4) == ()
    assert Recurrence.step_of("h12_3") == 12 and Recurrence.step_of("w_hh_1_1") is None
    assert r.to_dict()["truncate"] == 2 and "truncate" not in Recurrence.elman(1, 1, 1, 2).to_dict()


# -- the sum over time, explain and the stepper -------------------------------------------------
@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n_h=st.integers(1, 3), T=st.integers(1, 5),
       outputs=st.sampled_from(["each", "last"]), truncate=st.one_of(st.none(), st.integers(0, 3)))
def test_the_terms_through_time_add_up_to_the_gradient(seed, n_h, T, outputs, truncate):
    net, X, Y = random_rnn(seed, 2, n_h, 1, T, "tanh", outputs, truncate)
    x, y = X[0], Y[0]
    g = net.gradients([x], [y])
    for p in net.recurrences[0].parameter_names:
        tt = through_time(net, p, x, y)
        assert abs(tt.value - g[p]) <= 1e-12 * max(1.0, abs(g[p]))
        for term in tt.terms:
            assert truncate is None or term.distance <= truncate
            if term.factors:  # one hidden neuron: the product written out is the term
                assert close(term.source * term.start * np.prod(term.factors), term.value)


def test_one_hidden_neuron_over_three_steps_by_hand():
    # h_t = h_(t-1) / 2 + x_t, y = h_3, L = y^2: with x = (1, 1, 1), h = 1, 1.5, 1.75
    net = Network.rnn(1, 1, 1, steps=3, outputs="last", activation="identity")
    net.set_parameters({"w_xh_1_1": 1.0, "w_hh_1_1": 0.5, "w_hy_1_1": 1.0})
    tt = through_time(net, "w_hh_1_1", [1, 1, 1], [0], loss="sse")
    # delta_3 = 2 * 1.75 = 3.5; term 3 = h_2 delta_3; term 2 = h_1 delta_3 (w_hh f'(z_2))
    assert [(t.step, t.value) for t in tt.terms] == [(3, 1.5 * 3.5), (2, 1.0 * 3.5 * 0.5)]
    text = tt.format()
    assert "h1_1 * delta_h3_1 * (w_hh f'(z_h2_1)) = 1 * 3.5 * (0.5 * 1) = 1.75" in text
    assert text.endswith("dL/dw_hh_1_1 = sum over 2 terms = 7")
    explained = net.explain("w_hh_1_1", [1, 1, 1], [0], loss="sse")
    assert explained.value == 7.0 and explained.through_time.value == 7.0
    assert "Through time: w_hh_1_1 is used at steps 2 to 3" in str(explained)
    assert hidden_gradients(net, [1, 1, 1], [0], loss="sse")[:, 0].tolist() == [0.875, 1.75, 3.5]


def test_many_terms_are_counted_by_distance():
    net = Network.rnn(1, 2, 1, steps=12, seed=0)
    rng = np.random.default_rng(0)
    tt = through_time(net, "w_hh_2_1", rng.normal(size=12), rng.normal(size=12))
    assert len(tt.terms) == 11 * 12 // 2  # steps 2..12, each reached by every later loss
    assert sorted(tt.by_distance()) == list(range(11))
    text = tt.format(max_terms=8)
    assert "66 terms; their sum by distance" in text and " 10 factors:   1 term, sum " in text
    assert "averaged over the steps and outputs (mse)" in text


def test_explain_on_a_truncated_network_keeps_the_gradient_it_trains_with():
    net, X, Y = random_rnn(7, 1, 1, 1, 4, "tanh", "last", truncate=1)
    full, _, _ = random_rnn(7, 1, 1, 1, 4, "tanh", "last")
    d = net.explain("w_hh_1_1", X[0], Y[0])
    assert d.value == pytest.approx(net.gradients([X[0]], [Y[0]])["w_hh_1_1"], abs=1e-15)
    assert d.full_value == pytest.approx(full.gradients([X[0]], [Y[0]])["w_hh_1_1"], abs=1e-15)
    assert d.through_time.left_out == 1 and "Truncated to 1 step back: 1 term left out" in str(d)


def test_the_stepper_walks_back_through_time():
    net, X, Y = random_rnn(8, 1, 2, 1, 3, "tanh", "each")
    s = net.steps(X[0], Y[0])
    back = [step.time for step in s if step.kind == "backward"]
    assert back == sorted(back, reverse=True) and back[0] == 3 and back[-1] == 1
    text = str(s)
    assert text.index("-- time step 3 --") < text.index("delta_h3_1") < text.index(
        "-- time step 2 --", text.index("delta_h3_1"))


def test_hidden_gradients_from_one_step_shrink_geometrically_with_a_small_recurrent_weight():
    net = Network.rnn(1, 1, 1, steps=6, outputs="last", activation="identity")
    net.set_parameters({"w_xh_1_1": 1.0, "w_hh_1_1": 0.5, "w_hy_1_1": 1.0})
    g = hidden_gradients(net, [1, 0, 0, 0, 0, 0], [0], loss="sse", from_step=6)[:, 0]
    assert np.allclose(g[:-1] / g[1:], 0.5, rtol=0, atol=1e-15)
    with pytest.raises(ParameterError, match="outputs at steps"):
        hidden_gradients(net, [0] * 6, [0], from_step=3)
    with pytest.raises(NetworkStructureError, match="one recurrence"):
        through_time(Network.dense([2, 1], seed=0), "w1", [0, 0], 0)
