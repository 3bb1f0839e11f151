"""predict_proba on both paths: sigmoid outputs as they are, other outputs through softmax,
one output that is not a probability refused; with numbers worked out by hand."""

import math

import numpy as np
import pytest

from neurons import CompiledNetwork, Network, losses
from neurons.activations import Activation, Sigmoid
from neurons.datasets import toy16, two_moons, xor
from neurons.errors import IncompatibleLossError, NetworkStructureError, NeuronsError, ShapeError


def both(net: Network, X) -> tuple[np.ndarray, np.ndarray]:
    """predict_proba on the per-neuron path and on the vectorized one."""
    return net.predict_proba(X), net.compile().predict_proba(X)


def two_outputs(activation="identity") -> Network:
    """One input x1; o1 = x1, o2 = 0: scores (x, 0) for hand-worked softmax numbers."""
    net = Network()
    net.add_input("x1")
    net.add_neuron("o1", {"x1": 1.0}, bias=0.0, activation=activation)
    net.add_neuron("o2", {"x1": 0.0}, bias=0.0, activation=activation)
    return net


# -- softmax outputs ----------------------------------------------------------------------------
def test_softmax_of_two_identity_outputs_by_hand():
    # Scores (ln 3, 0) give e^s / sum = 3/4 and 1/4; scores (0, 0) give a half each.
    X = [[math.log(3.0)], [0.0], [-math.log(9.0)]]
    for p in both(two_outputs(), X):
        assert p.shape == (3, 2)
        np.testing.assert_allclose(p, [[0.75, 0.25], [0.5, 0.5], [0.1, 0.9]], rtol=0, atol=1e-15)


def test_identity_outputs_give_the_softmax_of_predict():
    net = Network.dense([3, 5, 4], activation="tanh", output_activation="identity", seed=2)
    X = np.random.default_rng(0).normal(size=(20, 3)) * 3
    slow, fast = both(net, X)
    expected = losses.softmax(net.predict(X))
    assert slow.shape == fast.shape == (20, 4)
    np.testing.assert_allclose(slow, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-12)  # the two paths agree
    np.testing.assert_allclose(slow.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert (slow > 0).all() and (slow < 1).all()
    # The most probable class is the largest output: predictions do not change.
    np.testing.assert_array_equal(slow.argmax(axis=1), net.predict(X).argmax(axis=1))


def test_softmax_probabilities_are_what_softmax_cross_entropy_trains():
    s = toy16()
    net = Network.dense([4, 3], activation="identity", seed=0)
    net.train(s.X_train, s.y_train, epochs=200, lr=0.5, loss="softmax_cross_entropy", seed=0)
    X, y = s.X_train, s.y_train
    for p in both(net, X):
        # The loss is the mean of -log p[correct class]: the same probabilities.
        assert -np.mean(np.log(p[np.arange(len(y)), y])) == pytest.approx(
            net.loss(X, y, "softmax_cross_entropy"), rel=1e-12)


def test_large_scores_do_not_overflow():
    X = [[1e4], [-1e4], [800.0]]  # e^800 overflows; the softmax subtracts the row maximum
    for p in both(two_outputs(), X):  # warnings are errors in this suite
        np.testing.assert_array_equal(p, [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])


def test_outputs_that_mix_sigmoid_and_other_activations_go_through_softmax():
    net = two_outputs()
    net.add_neuron("o3", {"x1": 1.0}, bias=0.0, activation="sigmoid")
    X = [[0.0], [2.0]]  # outputs (0, 0, 0.5) and (2, 0, sigmoid(2))
    for p in both(net, X):
        np.testing.assert_allclose(p, losses.softmax(net.predict(X)), rtol=0, atol=1e-15)
        expected0 = np.exp([0.0, 0.0, 0.5]) / np.exp([0.0, 0.0, 0.5]).sum()
        np.testing.assert_allclose(p[0], expected0, rtol=1e-15)


# -- sigmoid outputs ----------------------------------------------------------------------------
def test_one_sigmoid_output_is_its_own_probability_one_column():
    # sigmoid(ln 3) = 3/4 and sigmoid(0) = 1/2: P(class 1), one column like predict.
    net = Network()
    net.add_input("x1")
    net.add_neuron("o1", {"x1": 1.0}, bias=0.0, activation="sigmoid")
    X = [[math.log(3.0)], [0.0], [-math.log(3.0)]]
    for p in both(net, X):
        assert p.shape == (3, 1)
        np.testing.assert_allclose(p[:, 0], [0.75, 0.5, 0.25], rtol=1e-15)
        np.testing.assert_array_equal(p, net.predict(X))


def test_sigmoid_outputs_equal_predict_on_both_paths():
    X, y = two_moons(40, seed=3)
    net = Network.dense([2, 6, 1], activation="tanh", output_activation="sigmoid", seed=0)
    net.train(X, y, epochs=50, lr=0.5, loss="binary_cross_entropy", seed=0)
    slow, fast = both(net, X)
    np.testing.assert_array_equal(slow, net.predict(X))
    np.testing.assert_array_equal(fast, net.compile().forward(X))
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-12)
    # ... and are the p binary cross-entropy reads: its value from them is the loss.
    p = slow[:, 0]
    bce = -np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))
    assert bce == pytest.approx(net.loss(X, y, "binary_cross_entropy"), rel=1e-12)


def test_several_sigmoid_outputs_are_independent_probabilities():
    net = two_outputs("sigmoid")  # o1 = sigmoid(x), o2 = sigmoid(0) = 0.5
    X = [[math.log(3.0)], [-math.log(3.0)]]
    for p in both(net, X):
        np.testing.assert_allclose(p, [[0.75, 0.5], [0.25, 0.5]], rtol=1e-15)
        assert p.sum(axis=1).tolist() != [1.0, 1.0]  # multi-label: rows need not sum to 1


def test_xor_network_probabilities():
    X, y = xor()
    net = Network.dense([2, 2, 1], seed=1)
    net.train(X, y, epochs=1000, lr=5.0, loss="binary_cross_entropy")
    slow, fast = both(net, X)
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-12)
    assert ((slow > 0.5) == (y > 0.5)).all() and np.abs(slow - y).max() < 0.01


def test_float32_compiled_network_gives_float32_probabilities():
    net = Network.dense([3, 4, 3], activation="tanh", output_activation="identity", seed=1)
    X = np.random.default_rng(1).normal(size=(6, 3))
    p32 = net.compile(np.float32).predict_proba(X)
    assert p32.dtype == np.float32
    np.testing.assert_allclose(p32, net.predict_proba(X), rtol=0, atol=1e-6)
    np.testing.assert_allclose(p32.sum(axis=1), 1.0, rtol=0, atol=1e-6)


def test_network_that_is_not_fully_connected():
    net = Network()
    for x in ("x1", "x2"):
        net.add_input(x)
    net.add_neuron("h1", {"x1": 0.5}, bias=0.1, activation="tanh")
    net.add_neuron("o1", {"h1": 1.5, "x2": -0.7}, bias=0.2, activation="identity")  # a skip
    net.add_neuron("o2", {"h1": -1.0}, bias=None, activation="identity")
    X = np.random.default_rng(2).normal(size=(7, 2))
    slow, fast = both(net, X)
    np.testing.assert_allclose(slow, losses.softmax(net.predict(X)), rtol=0, atol=1e-15)
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-12)


# -- the activation's probability attribute decides, not its name -------------------------------
class HalfStep(Activation):
    """A learner's own squashing function into (0, 1) that declares it: a probability."""

    name = "half_step"
    probability = True

    def value(self, z):
        return 0.5 + 0.25 * np.tanh(z)

    def derivative(self, z, a):
        return 0.25 * (1 - np.tanh(z) ** 2)


class NotAProbability(Sigmoid):
    """Named "sigmoid", but declaring its outputs are not probabilities."""

    probability = False


def test_probability_attribute_decides():
    X = [[0.3], [-2.0]]
    net = two_outputs(HalfStep())
    for p in both(net, X):
        np.testing.assert_array_equal(p, net.predict(X))  # as they are: no softmax
    net = two_outputs(NotAProbability())
    assert net.neuron("o1").activation.name == "sigmoid"
    for p in both(net, X):
        np.testing.assert_allclose(p, losses.softmax(net.predict(X)), rtol=0, atol=1e-15)


# -- refusals -----------------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["identity", "tanh", "relu", NotAProbability()])
def test_one_output_that_is_not_a_probability_is_refused(activation):
    net = Network.dense([2, 3, 1], activation="tanh", output_activation=activation, seed=0)
    name = getattr(activation, "name", activation)
    for call in (net.predict_proba, net.compile().predict_proba):
        with pytest.raises(IncompatibleLossError) as info:
            call([[1.0, 2.0]])
        message = str(info.value)
        assert "no probability" in message and "'o1'" in message and f"{name!r}" in message
        assert "'sigmoid'" in message and "predict()" in message
        assert isinstance(info.value, NeuronsError) and isinstance(info.value, ValueError)


def test_inputs_are_checked():
    net = Network.dense([2, 3], output_activation="identity", seed=0)
    for call in (net.predict_proba, net.compile().predict_proba):
        with pytest.raises(ShapeError, match=r"expected \(samples, 2\)"):
            call([[1.0, 2.0, 3.0]])
    empty = Network()
    empty.add_input("x1")
    with pytest.raises(NetworkStructureError, match="no neurons yet"):
        empty.predict_proba([[1.0]])


def test_stale_compiled_network_is_refused():
    net = Network.dense([2, 2], output_activation="identity", seed=0)
    fast = net.compile()
    net.add_neuron("o3", {"x1": 1.0})
    with pytest.raises(NetworkStructureError, match="refresh"):
        fast.predict_proba([[1.0, 2.0]])
    fast.refresh()
    assert isinstance(fast, CompiledNetwork) and fast.predict_proba([[1.0, 2.0]]).shape == (1, 3)
