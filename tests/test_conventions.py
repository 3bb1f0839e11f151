"""The textbooks' costs by their own names: their learning rates carry over as printed."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from neurons import Network, losses
from neurons.errors import ParameterError

TRAINING_GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide" / "training.md"


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


class NielsenNetwork:
    """Nielsen's ``network.py`` (chapter 1), to the letter: weights[l] is (out x in), every
    sample a column, one backprop per sample, and the mini-batch update
    w <- w - (eta / len(mini_batch)) sum nabla_w. Only the random initialisation and the
    shuffling are left out: it starts from given weights and visits the data in order."""

    def __init__(self, weights, biases):
        self.weights, self.biases = [w.copy() for w in weights], [b.copy() for b in biases]
        self.num_layers = len(weights) + 1

    def SGD(self, training_data, epochs, mini_batch_size, eta):
        for _ in range(epochs):
            mini_batches = [training_data[k:k + mini_batch_size]
                            for k in range(0, len(training_data), mini_batch_size)]
            for mini_batch in mini_batches:
                self.update_mini_batch(mini_batch, eta)

    def update_mini_batch(self, mini_batch, eta):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation, activations, zs = x, [x], []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = self.cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for layer in range(2, self.num_layers):
            sp = sigmoid_prime(zs[-layer])
            delta = np.dot(self.weights[-layer + 1].transpose(), delta) * sp
            nabla_b[-layer] = delta
            nabla_w[-layer] = np.dot(delta, activations[-layer - 1].transpose())
        return nabla_b, nabla_w

    def cost_derivative(self, output_activations, y):
        return output_activations - y  # the quadratic cost C_x = ||y - a||^2 / 2


def blocks(net):
    """The dense network's weights (out x in) and biases (column vectors), layer by layer."""
    layers = net.layers
    weights = [np.array([net.neuron(k).weights for k in layer]) for layer in layers[1:]]
    biases = [np.array([[net.neuron(k).bias] for k in layer]) for layer in layers[1:]]
    return weights, biases


@pytest.mark.parametrize("path", ["vectorized", "neurons"])
def test_nielsens_chapter_one_trains_with_his_eta_as_printed(path):
    """64-30-10 sigmoid on digits-sized data, batch 10, eta = 3.0, three epochs: lr=3.0 with
    the quadratic cost gives network.py's weights."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, size=(120, 64))  # pixel intensities, as Nielsen scales them
    labels = rng.integers(0, 10, size=120)
    Y = np.eye(10)[labels]
    net = Network.dense([64, 30, 10], activation="sigmoid", seed=1)
    nielsen = NielsenNetwork(*blocks(net))
    nielsen.SGD([(x.reshape(-1, 1), y.reshape(-1, 1)) for x, y in zip(X, Y)], 3, 10, 3.0)
    net.train(X, Y, epochs=3, lr=3.0, loss="quadratic", batch_size=10, shuffle=False,
              path=path)
    weights, biases = blocks(net)
    for ours, his in zip(weights + biases, nielsen.weights + nielsen.biases):
        assert np.abs(ours - his).max() <= 1e-12
    assert np.abs(weights[0] - blocks(Network.dense([64, 30, 10], seed=1))[0][0]).max() > 1e-3


@pytest.mark.parametrize(("name", "half", "mean_outputs", "mean_samples"), [
    ("mse", False, True, True), ("quadratic", True, False, True),
    ("quadratic_sum", True, False, False), ("sse", False, False, True),
    ("sse_sum", False, False, False),
])
def test_each_squared_error_is_its_formula(name, half, mean_outputs, mean_samples):
    rng = np.random.default_rng(3)
    a, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    divide = (3 if mean_outputs else 1) * (5 if mean_samples else 1)
    factor = (0.5 if half else 1.0) / divide
    loss = losses.get(name)
    assert loss.name == name
    assert loss.value(a, y) == pytest.approx(factor * np.sum((a - y) ** 2), rel=1e-15)
    np.testing.assert_allclose(loss.gradient(a, y), 2 * factor * (a - y), rtol=1e-15)
    written = {"quadratic": "(y_pred - y) / n_samples", "quadratic_sum": "(y_pred - y)",
               "sse": "2 (y_pred - y) / n_samples", "sse_sum": "2 (y_pred - y)",
               "mse": "2 (y_pred - y) / (n_samples n_outputs)"}
    assert loss.derivative_formula == written[name]


def test_learning_rates_convert_by_the_ratio_of_the_gradients():
    """mse's step is 2/m of quadratic's (m outputs): lr = eta m / 2 with mse is eta with
    quadratic, as the training guide's table says."""
    X = np.random.default_rng(1).normal(size=(8, 4))
    Y = np.random.default_rng(2).normal(size=(8, 3))
    one, two = Network.dense([4, 5, 3], seed=0), Network.dense([4, 5, 3], seed=0)
    one.train(X, Y, epochs=2, lr=0.5, loss="quadratic", shuffle=False)
    two.train(X, Y, epochs=2, lr=0.5 * 3 / 2, loss="mse", shuffle=False)
    assert np.abs(one.parameter_vector() - two.parameter_vector()).max() <= 1e-14


def test_a_summed_loss_is_named_by_its_reduction_and_checked():
    assert losses.Quadratic("sum").name == "quadratic_sum"
    assert losses.get("quadratic_sum").reduction == "sum"
    assert losses.get("quadratic_cost") is losses.get("quadratic")
    with pytest.raises(ParameterError, match="reduction must be 'mean'"):
        losses.SSE("batch")


def test_the_training_guide_tabulates_at_least_four_textbooks_costs():
    text = TRAINING_GUIDE.read_text(encoding="utf-8")
    table = text[text.index("| book | its cost |"):].split("\n\n")[0]
    rows = [line for line in table.splitlines()[2:] if line.startswith("|")]
    names = {re.search(r"`(\w+)`", row.split("|")[3]).group(1) for row in rows}
    assert len(rows) >= 4 and names <= set(losses.names())
    for book in ("Nielsen", "Rumelhart", "Mazur", "Hagan"):
        assert any(book in row for row in rows), book
