"""Learner mistakes across the whole public API, one table row each.

Every row is a plausible wrong call. Each must raise a ``NeuronsError`` of the expected
class (which also derives from ``ValueError``, ``TypeError`` or ``LookupError``), whose
message contains the offending name or value, and must leave every network of the context
(parameters, nodes, edges) and every file in ``tmp_path`` exactly as they were. Warnings are
errors (see ``setup.cfg``), so a mistake may not slip through as a NumPy warning either.

Words used consistently: empty data says "no samples"; a bad sample says "sample i" and the
input's name; a bad target says "Y[i]"; a misspelled name says "did you mean".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest

import neurons
from neurons import Network, Neuron, accuracy, compare, gradient_check, optimizers
from neurons.activations import Activation
from neurons.datasets import (
    height_weight,
    spirals,
    tabular3,
    toy16,
    train_val_test_split,
    two_moons,
)
from neurons.errors import (
    ArgumentTypeError,
    CycleError,
    DataError,
    DuplicateNameError,
    FileAccessError,
    FileFormatError,
    IncompatibleLossError,
    NetworkStructureError,
    NeuronsError,
    ParameterError,
    ShapeError,
    UnknownNameError,
)
from neurons.history import EarlyStopping

from .helpers import classic_221, edges_match_neurons, snapshot

NAN, INF = float("nan"), float("inf")


class Swish(Activation):
    """A learner's own activation: fine to compute with, but it cannot be saved as JSON."""

    name = "swish"

    def value(self, z):
        return z / (1.0 + np.exp(-z))

    def derivative(self, z, a):
        s = 1.0 / (1.0 + np.exp(-z))
        return s + z * s * (1.0 - s)


class MyOptimizer(optimizers.SGD):
    """A learner's own optimizer: it trains, but a checkpoint cannot name it."""

    name = "my_sgd"


class Ctx:
    """A fresh set of networks, data and files for one mistake."""

    def __init__(self, tmp: Path) -> None:
        self.net = classic_221(weights=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), biases=(0.7, 0.8, 0.9))
        self.soft = Network.dense([2, 3, 2], output_activation="identity", seed=0)  # softmax
        self.lin = Network.dense([2, 2, 1], output_activation="identity", seed=0)  # 1 output
        self.nobias = Network.dense([2, 1], bias=False, seed=0)
        self.empty = Network()  # inputs, but no neurons yet
        self.empty.add_input("x1")
        self.empty.add_input("x2")

        self.X = np.array([[-2.0, -1.0], [25.0, 6.0], [17.0, 4.0], [-15.0, -6.0]])
        self.y = np.array([1.0, 0.0, 0.0, 1.0])  # 0/1 targets of the 1-output networks
        self.labels = np.array([0, 1, 1, 0])  # class indices of `soft`
        self.X_nan = self.X.copy()
        self.X_nan[2, 1] = NAN  # sample 2, input 'x2'
        self.E = np.empty((0, 2))  # no samples
        self.e = np.empty(0)

        self.tmp = tmp
        (tmp / "adir").mkdir()
        self.saved = tmp / "net.json"  # an existing, good saved network
        try:
            self.net.save(self.saved)
        except AttributeError:  # save() not written yet: a stand-in, so other rows still run
            self.saved.write_text("{}")

    def networks(self) -> dict[str, Network]:
        return {"net": self.net, "soft": self.soft, "lin": self.lin, "nobias": self.nobias,
                "empty": self.empty}

    def write(self, name: str, text: str) -> None:
        (self.tmp / name).write_text(text)

    def stale(self) -> None:
        """Compile `net`, then change its wiring: the compiled copy is out of date."""
        self.fast = self.net.compile()
        self.net.connect("x1", "o1", 0.5)

    def swish_net(self) -> Network:
        net = Network.dense([2, 2, 1], seed=0)
        net.neuron("h1").activation = Swish()
        return net


@dataclass(frozen=True)
class Mistake:
    id: str
    call: Callable[[Ctx], Any]
    error: type[NeuronsError]
    words: tuple[str, ...]
    setup: Callable[[Ctx], Any] | None = None  # runs before the snapshots (writes files etc.)
    absent: tuple[str, ...] = ()  # what the message must not say


def M(id, call, error, *words, setup=None, absent=()):  # one table row
    return Mistake(id, call, error, words, setup, tuple(absent))


SCE, BCE = "softmax_cross_entropy", "binary_cross_entropy"
ANIMAL = ["cat", "dog", "dog", "cat"]

MISTAKES = [
    # -- Neuron(...) on its own -------------------------------------------------------------------
    M("neuron-weights-2d", lambda c: Neuron([[1, 2], [3, 4]]), ShapeError, "weights", "flat"),
    M("neuron-bias-str", lambda c: Neuron([1, 2], bias="0"), ArgumentTypeError, "bias", "'0'"),
    M("neuron-bias-bool", lambda c: Neuron([1, 2], bias=True), ArgumentTypeError,
      "bias", "True"),
    M("neuron-weight-str", lambda c: Neuron([1, "a"]), ArgumentTypeError, "weight", "'a'"),
    M("neuron-weight-none", lambda c: Neuron([1, None]), ArgumentTypeError, "weight", "None"),
    M("neuron-weight-nan", lambda c: Neuron([1, NAN]), ParameterError, "weight 1", "nan"),
    M("neuron-activation-typo", lambda c: Neuron([1], activation="sigmod"), UnknownNameError,
      "'sigmod'", "did you mean 'sigmoid'"),
    M("neuron-activation-int", lambda c: Neuron([1], activation=3), ArgumentTypeError,
      "activation", "3"),
    M("neuron-feedforward-width", lambda c: Neuron([0, 1]).feedforward([1, 2, 3]), ShapeError,
      "2 weights", "3 inputs"),
    M("neuron-feedforward-str", lambda c: Neuron([0, 1]).feedforward(["a", "b"]), DataError,
      "'a'"),
    M("neuron-set-weights-count", lambda c: setattr(c.net.neuron("h1"), "weights", [1, 2, 3]),
      ShapeError, "'h1'", "2 inputs", "3 weights"),
    M("neuron-set-bias-str", lambda c: setattr(c.net.neuron("h1"), "bias", "x"),
      ArgumentTypeError, "bias", "'h1'", "'x'"),
    M("neuron-set-bias-without-bias", lambda c: setattr(c.nobias.neuron("o1"), "bias", 1.0),
      ParameterError, "'o1'", "bias=None"),

    # -- add_input --------------------------------------------------------------------------------
    M("add_input-duplicate", lambda c: c.net.add_input("x1"), DuplicateNameError, "'x1'"),
    M("add_input-name-int", lambda c: c.net.add_input(5), ArgumentTypeError, "5"),
    M("add_input-name-none", lambda c: c.net.add_input(None), ArgumentTypeError, "None"),
    M("add_input-name-empty", lambda c: c.net.add_input(""), NetworkStructureError, "''"),

    # -- add_neuron -------------------------------------------------------------------------------
    M("add_neuron-reads-itself", lambda c: c.net.add_neuron("h3", {"h3": 1.0, "x1": 1.0}),
      NetworkStructureError, "'h3'", "cannot read from itself"),
    M("add_neuron-unknown-source", lambda c: c.net.add_neuron("h3", {"x9": 1.0}),
      UnknownNameError, "'x9'", "x1, x2"),
    M("add_neuron-source-typo", lambda c: c.net.add_neuron("h3", {"X1": 1.0}),
      UnknownNameError, "'X1'", "did you mean 'x1'"),
    M("add_neuron-duplicate", lambda c: c.net.add_neuron("h1", {"x1": 1.0}),
      DuplicateNameError, "'h1'"),
    M("add_neuron-name-int", lambda c: c.net.add_neuron(5, {"x1": 1.0}), ArgumentTypeError,
      "5"),
    M("add_neuron-no-inputs", lambda c: c.net.add_neuron("h3", {}), NetworkStructureError,
      "'h3'", "at least one input"),
    M("add_neuron-inputs-str", lambda c: c.net.add_neuron("h3", "x1"), ArgumentTypeError,
      "'h3'", "inputs"),
    M("add_neuron-weights-count", lambda c: c.net.add_neuron("h3", ["x1", "x2"], weights=[1.0]),
      ShapeError, "'h3'", "2 inputs", "1 weights"),
    M("add_neuron-names-without-weights", lambda c: c.net.add_neuron("h3", ["x1"]), ShapeError,
      "'h3'", "weights"),
    M("add_neuron-weights-twice", lambda c: c.net.add_neuron("h3", {"x1": 1.0}, weights=[1.0]),
      ShapeError, "'h3'", "weights"),
    M("add_neuron-source-twice", lambda c: c.net.add_neuron("h3", ["x1", "x1"], weights=[1, 2]),
      NetworkStructureError, "'h3'", "'x1'", "twice"),
    M("add_neuron-weight-none", lambda c: c.net.add_neuron("h3", {"x1": None}),
      ArgumentTypeError, "'h3'", "None"),
    M("add_neuron-weight-str", lambda c: c.net.add_neuron("h3", {"x1": "a"}),
      ArgumentTypeError, "'h3'", "'a'"),
    M("add_neuron-weight-numeric-str", lambda c: c.net.add_neuron("h3", {"x1": "0.5"}),
      ArgumentTypeError, "'h3'", "'0.5'"),
    M("add_neuron-weight-nan", lambda c: c.net.add_neuron("h3", {"x1": NAN}), ParameterError,
      "'h3'", "nan"),
    M("add_neuron-weight-inf", lambda c: c.net.add_neuron("h3", ["x1", "x2"], weights=[1, INF]),
      ParameterError, "'h3'", "inf"),
    M("add_neuron-bias-str", lambda c: c.net.add_neuron("h3", {"x1": 1.0}, bias="0"),
      ArgumentTypeError, "bias", "'0'"),
    M("add_neuron-bias-bool", lambda c: c.net.add_neuron("h3", {"x1": 1.0}, bias=True),
      ArgumentTypeError, "bias", "True"),
    M("add_neuron-bias-nan", lambda c: c.net.add_neuron("h3", {"x1": 1.0}, bias=NAN),
      ParameterError, "bias", "'h3'", "nan"),
    M("add_neuron-activation-typo",
      lambda c: c.net.add_neuron("h3", {"x1": 1.0}, activation="sigmod"), UnknownNameError,
      "'sigmod'", "did you mean 'sigmoid'"),
    M("add_neuron-activation-unknown",
      lambda c: c.net.add_neuron("h3", {"x1": 1.0}, activation="swish"), UnknownNameError,
      "'swish'", "sigmoid", "tanh"),
    M("add_neuron-activation-none",
      lambda c: c.net.add_neuron("h3", {"x1": 1.0}, activation=None), ArgumentTypeError,
      "activation", "None"),

    # -- connect ----------------------------------------------------------------------------------
    M("connect-cycle", lambda c: c.net.connect("o1", "h1", 1.0), CycleError,
      "o1 -> h1", "h1 -> o1 -> h1"),
    M("connect-self", lambda c: c.net.connect("h1", "h1", 1.0), CycleError, "h1 -> h1"),
    M("connect-to-input", lambda c: c.net.connect("h1", "x1", 1.0), NeuronsError,
      "'x1'", "input"),
    M("connect-exists", lambda c: c.net.connect("x1", "h1", 5.0), NetworkStructureError,
      "x1 -> h1", "set_weight"),
    M("connect-unknown-source", lambda c: c.net.connect("nope", "o1", 1.0), UnknownNameError,
      "'nope'"),
    M("connect-unknown-target", lambda c: c.net.connect("x1", "o9", 1.0), UnknownNameError,
      "'o9'"),
    M("connect-weight-str", lambda c: c.net.connect("x1", "o1", "1"), ArgumentTypeError,
      "weight", "'1'"),
    M("connect-weight-bool", lambda c: c.net.connect("x1", "o1", True), ArgumentTypeError,
      "weight", "True"),
    M("connect-weight-nan", lambda c: c.net.connect("x1", "o1", NAN), ParameterError,
      "x1 -> o1", "nan"),

    # -- set_weight, weight, neuron, weight_name --------------------------------------------------
    M("set_weight-missing-edge", lambda c: c.net.set_weight("x1", "o1", 1.0), UnknownNameError,
      "x1 -> o1"),
    M("set_weight-unknown-target", lambda c: c.net.set_weight("x1", "zz", 1.0),
      UnknownNameError, "'zz'"),
    M("set_weight-input-target", lambda c: c.net.set_weight("x2", "x1", 1.0), NeuronsError,
      "'x1' is an input"),
    M("set_weight-inf", lambda c: c.net.set_weight("x1", "h1", INF), ParameterError,
      "x1 -> h1", "inf"),
    M("set_weight-str", lambda c: c.net.set_weight("x1", "h1", "0.3"), ArgumentTypeError,
      "x1 -> h1", "'0.3'"),
    M("set_weight-none", lambda c: c.net.set_weight("x1", "h1", None), ArgumentTypeError,
      "x1 -> h1", "None"),
    M("weight-missing-edge", lambda c: c.net.weight("h1", "h2"), UnknownNameError, "h1 -> h2"),
    M("weight-unknown-source", lambda c: c.net.weight("x9", "h1"), UnknownNameError, "'x9'"),
    M("neuron-of-input", lambda c: c.net.neuron("x1"), UnknownNameError, "'x1'", "input"),
    M("neuron-unknown", lambda c: c.net.neuron("h9"), UnknownNameError, "'h9'"),
    M("neuron-typo", lambda c: c.net.neuron("H1"), UnknownNameError, "'H1'",
      "did you mean 'h1'"),
    M("weight_name-missing-edge", lambda c: c.net.weight_name("x1", "o1"), UnknownNameError,
      "x1 -> o1"),
    M("weight_name-unknown-node", lambda c: c.net.weight_name("x9", "h1"), UnknownNameError,
      "x9"),

    # -- parameters by name -----------------------------------------------------------------------
    M("parameter-w99", lambda c: c.net.parameter("w99"), UnknownNameError, "'w99'", "w1..w6",
      "b1..b3"),
    M("parameter-int", lambda c: c.net.parameter(1), ArgumentTypeError, "parameter", "1"),
    M("parameter_location-b9", lambda c: c.net.parameter_location("b9"), UnknownNameError,
      "'b9'", "b1..b3"),
    M("parameter-bias-of-biasless", lambda c: c.nobias.parameter("b1"), UnknownNameError,
      "'b1'", "(none)"),
    M("set_parameters-str", lambda c: c.net.set_parameters({"w1": "x"}), ArgumentTypeError,
      "w1", "'x'"),
    M("set_parameters-numeric-str", lambda c: c.net.set_parameters({"w1": "0.5"}),
      ArgumentTypeError, "w1", "'0.5'"),
    M("set_parameters-bool", lambda c: c.net.set_parameters({"w1": True}), ArgumentTypeError,
      "w1", "True"),
    M("set_parameters-unknown", lambda c: c.net.set_parameters({"w1": 1.0, "w99": 2.0}),
      UnknownNameError, "'w99'", "w1..w6"),
    M("set_parameters-typo", lambda c: c.net.set_parameters({"W1": 1.0}), UnknownNameError,
      "'W1'", "did you mean 'w1'"),
    M("set_parameters-nan", lambda c: c.net.set_parameters({"w1": 1.0, "b2": NAN}),
      ParameterError, "b2", "nan"),
    M("set_parameters-list", lambda c: c.net.set_parameters([1.0, 2.0]), ArgumentTypeError,
      "list"),

    # -- Network.dense ----------------------------------------------------------------------------
    M("dense-one-size", lambda c: Network.dense([2]), ShapeError, "[2]"),
    M("dense-zero-width", lambda c: Network.dense([2, 0, 1]), ShapeError, "[2, 0, 1]"),
    M("dense-negative-width", lambda c: Network.dense([2, -1, 1]), ShapeError, "-1"),
    M("dense-float-width", lambda c: Network.dense([2, 2.5, 1]), ArgumentTypeError, "2.5"),
    M("dense-bool-width", lambda c: Network.dense([2, True, 1]), ArgumentTypeError, "True"),
    M("dense-sizes-str", lambda c: Network.dense("221"), ArgumentTypeError, "'221'"),
    M("dense-sizes-int", lambda c: Network.dense(3), ArgumentTypeError, "sizes", "3"),
    M("dense-activation-unknown", lambda c: Network.dense([2, 3, 1], activation="swish"),
      UnknownNameError, "'swish'"),
    M("dense-activation-typo", lambda c: Network.dense([2, 3, 1], activation="Relu6"),
      UnknownNameError, "'Relu6'", "did you mean 'relu'"),
    M("dense-output-softmax", lambda c: Network.dense([2, 3, 2], output_activation="softmax"),
      UnknownNameError, "'softmax'", SCE),
    M("dense-init-ones", lambda c: Network.dense([2, 3, 1], init="ones"), UnknownNameError,
      "'ones'", "xavier"),
    M("dense-init-typo", lambda c: Network.dense([2, 3, 1], init="xavir"), UnknownNameError,
      "'xavir'", "did you mean 'xavier'"),
    M("dense-bias-str", lambda c: Network.dense([2, 3, 1], bias="no"), ArgumentTypeError,
      "bias", "'no'"),
    M("dense-seed-str", lambda c: Network.dense([2, 3, 1], seed="abc"), ArgumentTypeError,
      "seed", "'abc'"),

    # -- Network.from_architecture ----------------------------------------------------------------
    M("arch-dims-mismatch", lambda c: Network.from_architecture(
        [{"input_dim": 2, "output_dim": 4}, {"input_dim": 3, "output_dim": 1}]), ShapeError,
      "input_dim 3", "output_dim 4"),
    M("arch-missing-key", lambda c: Network.from_architecture([{"input_dim": 2}]),
      NeuronsError, "layer 0", "'output_dim'"),
    M("arch-unknown-key", lambda c: Network.from_architecture(
        [{"input_dim": 2, "output_dim": 1, "activaton": "relu"}]), NeuronsError,
      "'activaton'", "did you mean 'activation'"),
    M("arch-empty", lambda c: Network.from_architecture([]), ShapeError, "at least one layer"),
    M("arch-sizes-not-dicts", lambda c: Network.from_architecture([2, 3, 1]),
      ArgumentTypeError, "layer 0", "input_dim"),
    M("arch-activation-typo", lambda c: Network.from_architecture(
        [{"input_dim": 2, "output_dim": 1, "activation": "rellu"}]), UnknownNameError,
      "'rellu'", "did you mean 'relu'"),
    M("arch-zero-width", lambda c: Network.from_architecture(
        [{"input_dim": 2, "output_dim": 0}]), ShapeError, "layer 0", "output_dim"),
    M("arch-bias-str", lambda c: Network.from_architecture(
        [{"input_dim": 2, "output_dim": 1, "bias": "no"}]), ArgumentTypeError, "bias", "'no'"),
    M("arch-seed-float", lambda c: Network.from_architecture(
        [{"input_dim": 2, "output_dim": 1}], seed=1.5), ArgumentTypeError, "seed", "1.5"),

    # -- predict, feedforward, forward_trace ------------------------------------------------------
    M("predict-empty", lambda c: c.net.predict(c.E), DataError, "no samples"),
    M("predict-empty-list", lambda c: c.net.predict([]), DataError, "no samples"),
    M("predict-nan", lambda c: c.net.predict(c.X_nan), DataError, "sample 2", "'x2'", "nan"),
    M("predict-inf", lambda c: c.net.predict([[INF, 0.0]]), DataError, "sample 0", "'x1'",
      "inf"),
    M("predict-wrong-width", lambda c: c.net.predict(np.zeros((3, 3))), ShapeError, "(3, 3)",
      "x1, x2"),
    M("predict-3d", lambda c: c.net.predict(np.zeros((2, 2, 2))), ShapeError, "(2, 2, 2)"),
    M("predict-none", lambda c: c.net.predict(None), DataError, "None"),
    M("predict-dict", lambda c: c.net.predict({"x1": 1.0, "x2": 2.0}), DataError, "dict"),
    M("predict-strings", lambda c: c.net.predict([["a", "b"]]), DataError, "'a'"),
    M("predict-no-neurons", lambda c: c.empty.predict([[1.0, 2.0]]), NeuronsError,
      "no neurons"),
    M("feedforward-two-samples", lambda c: c.net.feedforward([[1, 2], [3, 4]]), ShapeError,
      "(2, 2)"),
    M("feedforward-wrong-length", lambda c: c.net.feedforward([1, 2, 3]), ShapeError, "(3,)",
      "x1, x2"),
    M("feedforward-no-neurons", lambda c: c.empty.feedforward([1, 2]), NeuronsError,
      "no neurons"),
    M("forward_trace-numeric-strings", lambda c: c.net.forward_trace(["1", "2"]), DataError,
      "'1'"),
    M("forward_trace-nan", lambda c: c.net.forward_trace([NAN, 1.0]), DataError, "'x1'", "nan"),

    # -- gradients and loss -----------------------------------------------------------------------
    M("gradients-empty", lambda c: c.net.gradients(c.E, c.e), DataError, "no samples"),
    M("gradients-empty-lists", lambda c: c.net.gradients([], []), DataError, "no samples"),
    M("gradients-bce-identity", lambda c: c.lin.gradients(c.X, c.y, BCE),
      IncompatibleLossError, "sigmoid"),
    M("loss-bce-identity", lambda c: c.lin.loss(c.X, c.y, "bce"), IncompatibleLossError,
      "sigmoid"),
    M("gradients-softmax-one-output", lambda c: c.net.gradients(c.X, c.y, SCE),
      IncompatibleLossError, BCE),
    M("loss-softmax-one-output", lambda c: c.lin.loss(c.X, c.y, SCE), IncompatibleLossError,
      BCE),
    M("gradients-cross_entropy-one-sigmoid", lambda c: c.net.gradients(c.X, c.y,
                                                                        "cross_entropy"),
      IncompatibleLossError, BCE),
    M("loss-typo-mse2", lambda c: c.net.loss(c.X, c.y, "mse2"), UnknownNameError, "'mse2'",
      "did you mean 'mse'"),
    M("gradients-typo-binary_crossentropy",
      lambda c: c.net.gradients(c.X, c.y, "binary_crossentropy"), UnknownNameError,
      "'binary_crossentropy'", "did you mean 'binary_cross_entropy'"),
    M("gradients-loss-int", lambda c: c.net.gradients(c.X, c.y, 2), ArgumentTypeError,
      "loss", "2"),
    M("gradients-Y-short", lambda c: c.net.gradients(c.X, c.y[:3]), ShapeError, "(3,)",
      "4 samples"),
    M("gradients-Y-two-columns", lambda c: c.net.gradients(c.X, np.zeros((4, 2))), ShapeError,
      "(4, 2)", "1 output"),
    M("gradients-Y-nan", lambda c: c.net.gradients(c.X, [1.0, NAN, 0.0, 1.0]), DataError,
      "Y[1]", "nan"),
    M("gradients-Y-none", lambda c: c.net.gradients(c.X, None), DataError, "Y", "None"),
    M("gradients-X-wrong-width", lambda c: c.net.gradients(np.zeros((4, 3)), c.y), ShapeError,
      "(4, 3)", "x1, x2"),
    M("gradients-X-nan", lambda c: c.net.gradients(c.X_nan, c.y), DataError, "sample 2",
      "'x2'"),
    M("gradients-label-out-of-range", lambda c: c.soft.gradients(c.X, [0, 1, 2, 0], SCE),
      DataError, "Y[2]", "2"),
    M("gradients-label-negative", lambda c: c.soft.gradients(c.X, [0, -1, 1, 0], SCE),
      DataError, "Y[1]", "-1"),
    M("gradients-label-fraction", lambda c: c.soft.gradients(c.X, [0, 1.5, 1, 0], SCE),
      DataError, "Y[1]", "1.5"),
    M("gradients-label-strings", lambda c: c.soft.gradients(c.X, ANIMAL, SCE), DataError,
      "'cat'", absent=["could not convert"]),
    M("gradients-one-hot-not-summing-to-1",
      lambda c: c.soft.gradients(c.X, [[1, 1], [0, 1], [0, 1], [1, 0]], SCE), DataError,
      "Y[0]", "one-hot"),
    M("gradients-bce-target-2", lambda c: c.net.gradients(c.X, [0, 2, 1, 0], BCE), DataError,
      "Y[1]", "2"),
    M("gradients-bce-string-labels", lambda c: c.net.gradients(c.X, ["yes", "no", "no", "yes"],
                                                                BCE),
      DataError, "'yes'", absent=["could not convert"]),
    M("loss-mse-string-targets", lambda c: c.net.loss(c.X, ["a", "b", "c", "d"]), DataError,
      "'a'", absent=["could not convert"]),
    M("loss-labels-for-two-outputs-on-mse", lambda c: c.soft.loss(c.X, c.labels, "mse"),
      ShapeError, "(4,)", "2 output"),
    M("gradients-no-neurons", lambda c: c.empty.gradients([[1.0, 2.0]], [1.0]), NeuronsError,
      "no neurons"),

    # -- explain ----------------------------------------------------------------------------------
    M("explain-w99", lambda c: c.net.explain("w99", [1, 2], 1), UnknownNameError, "'w99'"),
    M("explain-two-samples", lambda c: c.net.explain("w1", [[1, 2], [3, 4]], [1, 0]),
      ShapeError, "(2, 2)", "one sample"),
    M("explain-loss-typo", lambda c: c.net.explain("w1", [1, 2], 1, loss="mes"),
      UnknownNameError, "'mes'", "did you mean 'mse'"),
    M("explain-y-two-values", lambda c: c.net.explain("w1", [1, 2], [1, 0]), ShapeError,
      "1 output"),
    M("explain-bce-identity", lambda c: c.lin.explain("w1", [1, 2], 1, loss="bce"),
      IncompatibleLossError, "sigmoid"),
    M("explain-x-nan", lambda c: c.net.explain("w1", [NAN, 1.0], 1), DataError, "'x1'", "nan"),

    # -- gradient_check ---------------------------------------------------------------------------
    M("gradient_check-eps-zero", lambda c: gradient_check(c.net, c.X, c.y, eps=0),
      ParameterError, "eps", "0"),
    M("gradient_check-eps-negative", lambda c: gradient_check(c.net, c.X, c.y, eps=-1e-6),
      ParameterError, "eps", "-1e-06"),
    M("gradient_check-eps-str", lambda c: gradient_check(c.net, c.X, c.y, eps="1e-6"),
      ArgumentTypeError, "eps", "'1e-6'"),
    M("gradient_check-rtol-negative", lambda c: gradient_check(c.net, c.X, c.y, rtol=-1),
      ParameterError, "rtol", "-1"),
    M("gradient_check-empty", lambda c: gradient_check(c.net, c.E, c.e), DataError,
      "no samples"),
    M("gradient_check-bce-identity", lambda c: gradient_check(c.lin, c.X, c.y, BCE),
      IncompatibleLossError, "sigmoid"),

    # -- compare ----------------------------------------------------------------------------------
    M("compare-rtol-negative", lambda c: compare(c.net, c.X, c.y, rtol=-1), ParameterError,
      "rtol", "-1"),
    M("compare-dtype-int", lambda c: compare(c.net, c.X, c.y, dtype=np.int32), NeuronsError,
      "int32"),
    M("compare-dtype-float16", lambda c: compare(c.net, c.X, c.y, dtype="float16"),
      NeuronsError, "float16"),
    M("compare-softmax-one-output", lambda c: compare(c.net, c.X, c.y, SCE),
      IncompatibleLossError, BCE),
    M("compare-empty", lambda c: compare(c.net, c.E, c.e), DataError, "no samples"),

    # -- compile() and the compiled network -------------------------------------------------------
    M("compile-int32", lambda c: c.net.compile(np.int32), NeuronsError, "int32"),
    M("compile-float16", lambda c: c.net.compile("float16"), NeuronsError, "float16"),
    M("compile-dtype-nonsense", lambda c: c.net.compile("fast"), NeuronsError, "'fast'"),
    M("compile-no-neurons", lambda c: c.empty.compile(), NeuronsError, "no neurons"),
    M("compiled-forward-empty", lambda c: c.net.compile().forward(c.E), DataError,
      "no samples"),
    M("compiled-forward-wrong-width", lambda c: c.net.compile().forward(np.zeros((3, 3))),
      ShapeError, "(3, 3)", "x1, x2"),
    M("compiled-forward-nan", lambda c: c.net.compile().forward(c.X_nan), DataError,
      "sample 2", "'x2'"),
    M("compiled-gradients-empty", lambda c: c.net.compile().gradients(c.E, c.e), DataError,
      "no samples"),
    M("compiled-gradients-bce-identity", lambda c: c.lin.compile().gradients(c.X, c.y, BCE),
      IncompatibleLossError, "sigmoid"),
    M("compiled-loss-softmax-one-output", lambda c: c.net.compile().loss(c.X, c.y, SCE),
      IncompatibleLossError, BCE),
    M("compiled-loss-typo", lambda c: c.net.compile().loss(c.X, c.y, "mse2"), UnknownNameError,
      "'mse2'", "did you mean 'mse'"),
    M("compiled-prepare-label-out-of-range",
      lambda c: c.soft.compile().prepare(c.X, [0, 1, 2, 0], SCE), DataError, "Y[2]"),
    M("compiled-stale-forward", lambda c: c.fast.forward(c.X), NeuronsError, "refresh",
      setup=Ctx.stale),
    M("compiled-stale-gradients", lambda c: c.fast.gradients(c.X, c.y), NeuronsError,
      "refresh", setup=Ctx.stale),
    M("update_from-stale", lambda c: c.net.update_from(c.fast), NeuronsError, "refresh",
      setup=Ctx.stale),
    M("update_from-other-network", lambda c: c.net.update_from(c.lin.compile()), NeuronsError,
      "different"),

    # -- train: data and losses -------------------------------------------------------------------
    M("train-empty-vectorized", lambda c: c.net.train(c.E, c.e, epochs=1, lr=0.1,
                                                      path="vectorized"),
      DataError, "no samples"),
    M("train-empty-neurons", lambda c: c.net.train(c.E, c.e, epochs=1, lr=0.1, path="neurons"),
      DataError, "no samples"),
    M("train-bce-identity", lambda c: c.lin.train(c.X, c.y, epochs=5, lr=0.1, loss=BCE),
      IncompatibleLossError, "sigmoid"),
    M("train-bce-identity-neurons", lambda c: c.lin.train(c.X, c.y, epochs=5, lr=0.1, loss=BCE,
                                                          path="neurons"),
      IncompatibleLossError, "sigmoid"),
    M("train-softmax-one-output", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, loss=SCE),
      IncompatibleLossError, BCE),
    M("train-cross_entropy-one-sigmoid",
      lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, loss="cross_entropy"),
      IncompatibleLossError, BCE),
    M("train-loss-typo-mse2", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, loss="mse2"),
      UnknownNameError, "'mse2'", "did you mean 'mse'"),
    M("train-loss-typo-binary_crossentropy",
      lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, loss="binary_crossentropy"),
      UnknownNameError, "did you mean 'binary_cross_entropy'"),
    M("train-X-nan-neurons", lambda c: c.net.train(c.X_nan, c.y, epochs=1, lr=0.1,
                                                   path="neurons"),
      DataError, "sample 2", "'x2'"),
    M("train-X-wrong-width", lambda c: c.net.train(np.zeros((4, 3)), c.y, epochs=1, lr=0.1),
      ShapeError, "x1, x2"),
    M("train-X-none", lambda c: c.net.train(None, c.y, epochs=1, lr=0.1), DataError, "X", "None"),
    M("train-Y-short", lambda c: c.net.train(c.X, c.y[:3], epochs=1, lr=0.1), ShapeError,
      "(3,)", "4 samples"),
    M("train-string-labels-bce", lambda c: c.net.train(c.X, ANIMAL, epochs=1, lr=0.1, loss=BCE),
      DataError, "'cat'", absent=["could not convert"]),
    M("train-string-labels-softmax",
      lambda c: c.soft.train(c.X, ANIMAL, epochs=1, lr=0.1, loss=SCE), DataError, "'cat'",
      absent=["could not convert"]),
    M("train-label-out-of-range", lambda c: c.soft.train(c.X, [0, 2, 1, 0], epochs=1, lr=0.1,
                                                         loss=SCE),
      DataError, "Y[1]", "2"),
    M("train-bce-target-2", lambda c: c.net.train(c.X, [0, 2, 1, 0], epochs=1, lr=0.1, loss=BCE),
      DataError, "Y[1]", "2"),

    # -- train: settings --------------------------------------------------------------------------
    M("train-epochs-bool", lambda c: c.net.train(c.X, c.y, epochs=True, lr=0.1),
      ArgumentTypeError, "epochs", "True"),
    M("train-epochs-zero", lambda c: c.net.train(c.X, c.y, epochs=0, lr=0.1), ParameterError,
      "epochs", "0"),
    M("train-epochs-negative", lambda c: c.net.train(c.X, c.y, epochs=-3, lr=0.1),
      ParameterError, "epochs", "-3"),
    M("train-epochs-float", lambda c: c.net.train(c.X, c.y, epochs=2.5, lr=0.1),
      ArgumentTypeError, "epochs", "2.5"),
    M("train-epochs-str", lambda c: c.net.train(c.X, c.y, epochs="10", lr=0.1),
      ArgumentTypeError, "epochs", "'10'"),
    M("train-epochs-none", lambda c: c.net.train(c.X, c.y, epochs=None, lr=0.1),
      ArgumentTypeError, "epochs", "None"),
    M("train-epoch-misspelled", lambda c: c.net.train(c.X, c.y, epoch=10, lr=0.1),
      ArgumentTypeError, "'epoch'", "did you mean 'epochs'"),
    M("train-unknown-setting", lambda c: c.net.train(c.X, c.y, epochs=1, learning_rate=0.1),
      ArgumentTypeError, "'learning_rate'"),
    M("train-lr-str", lambda c: c.net.train(c.X, c.y, epochs=1, lr="0.1"), ArgumentTypeError,
      "lr", "'0.1'"),
    M("train-lr-bool", lambda c: c.net.train(c.X, c.y, epochs=1, lr=True), ArgumentTypeError,
      "lr", "True"),
    M("train-lr-zero", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0), ParameterError, "lr",
      "0"),
    M("train-lr-negative", lambda c: c.net.train(c.X, c.y, epochs=1, lr=-1), ParameterError,
      "lr", "-1"),
    M("train-lr-nan", lambda c: c.net.train(c.X, c.y, epochs=1, lr=NAN), ParameterError, "lr",
      "nan"),
    M("train-lr-inf", lambda c: c.net.train(c.X, c.y, epochs=1, lr=INF), ParameterError, "lr",
      "inf"),
    M("train-batch_size-zero", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, batch_size=0),
      ParameterError, "batch_size", "0"),
    M("train-batch_size-bool", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                     batch_size=True),
      ArgumentTypeError, "batch_size", "True"),
    M("train-batch_size-float", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                      batch_size=1.5),
      ArgumentTypeError, "batch_size", "1.5"),
    M("train-l2-negative", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, l2=-1),
      ParameterError, "l2", "-1"),
    M("train-l2-str", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, l2="x"),
      ArgumentTypeError, "l2", "'x'"),
    M("train-l2-bool", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, l2=True),
      ArgumentTypeError, "l2", "True"),
    M("train-seed-str", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, seed="abc"),
      ArgumentTypeError, "seed", "'abc'"),
    M("train-seed-float", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, seed=1.5),
      ArgumentTypeError, "seed", "1.5"),
    M("train-path-fast", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, path="fast"),
      NeuronsError, "'fast'", "vectorized"),
    M("train-path-typo", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, path="vectorised"),
      NeuronsError, "'vectorised'", "did you mean 'vectorized'"),
    M("train-dtype-int", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, dtype=int),
      NeuronsError, "dtype", "float32"),
    M("train-dtype-float16", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, dtype="float16"),
      NeuronsError, "dtype", "float16"),
    M("train-dtype-on-neurons-path", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                           path="neurons", dtype=np.float32),
      ParameterError, "dtype", "vectorized"),
    M("train-progress-str", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, progress="yes"),
      ArgumentTypeError, "progress", "'yes'"),
    M("train-shuffle-str", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, shuffle="no"),
      ArgumentTypeError, "shuffle", "'no'"),
    M("train-optimizer-typo", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                    optimizer="adamm"),
      UnknownNameError, "'adamm'", "did you mean 'adam'"),
    M("train-optimizer-int", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, optimizer=5),
      ArgumentTypeError, "optimizer", "5"),
    M("train-optimizer-class", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                     optimizer=optimizers.Adam),
      ArgumentTypeError, "optimizer", "Adam"),
    M("optimizer-momentum-mu", lambda c: optimizers.Momentum(mu=1.5), ParameterError, "mu",
      "1.5"),
    M("optimizer-adam-beta1-str", lambda c: optimizers.Adam(beta1="0.9"), ArgumentTypeError,
      "beta1", "'0.9'"),
    M("optimizer-adam-eps-negative", lambda c: optimizers.Adam(eps=-1), ParameterError, "eps",
      "-1"),

    # -- train: early stopping and validation -----------------------------------------------------
    M("train-early_stopping-without-validation",
      lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, early_stopping=5), ParameterError,
      "early_stopping", "validation"),
    M("train-early_stopping-zero", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                         validation=(c.X, c.y),
                                                         early_stopping=0),
      ParameterError, "early_stopping", "0"),
    M("train-early_stopping-bool", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                         validation=(c.X, c.y),
                                                         early_stopping=True),
      ArgumentTypeError, "early_stopping", "True"),
    M("train-early_stopping-patience-negative",
      lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, validation=(c.X, c.y),
                            early_stopping=EarlyStopping(patience=-1)),
      ParameterError, "patience", "-1"),
    M("train-validation-one-element", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                            validation=(c.X,)),
      NeuronsError, "validation", absent=["prepare()"]),
    M("train-validation-not-a-pair", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                           validation=c.X),
      NeuronsError, "validation"),
    M("train-validation-wrong-width",
      lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, validation=(np.zeros((2, 3)), [0, 1])),
      ShapeError, "validation", "x1, x2"),
    M("train-validation-Y-short", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                        validation=(c.X, c.y[:3])),
      ShapeError, "validation", "(3,)"),
    M("train-validation-nan", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                    validation=(c.X_nan, c.y)),
      DataError, "validation", "sample 2", "'x2'"),
    M("train-validation-empty", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1,
                                                      validation=(c.E, c.e)),
      DataError, "validation", "no samples"),
    M("train-validation-label-out-of-range",
      lambda c: c.soft.train(c.X, c.labels, epochs=1, lr=0.1, loss=SCE,
                             validation=(c.X, [0, 5, 1, 0])),
      DataError, "validation", "Y[1]"),

    # -- accuracy ---------------------------------------------------------------------------------
    M("accuracy-y-short", lambda c: accuracy(c.net, c.X, c.y[:3]), ShapeError, "4 samples",
      "3"),
    M("accuracy-empty", lambda c: accuracy(c.net, c.E, c.e), DataError, "no samples"),
    M("accuracy-label-out-of-range", lambda c: accuracy(c.soft, c.X, [0, 1, 2, 0]), DataError,
      "Y[2]"),
    M("accuracy-string-labels", lambda c: accuracy(c.soft, c.X, ANIMAL), DataError, "'cat'",
      absent=["could not convert"]),
    M("accuracy-X-nan", lambda c: accuracy(c.net, c.X_nan, c.y), DataError, "sample 2",
      "'x2'"),

    # -- initialize -------------------------------------------------------------------------------
    M("initialize-activation-name", lambda c: c.net.initialize(init="sigmod"),
      UnknownNameError, "'sigmod'", "xavier"),
    M("initialize-init-typo", lambda c: c.net.initialize(init="hee"), UnknownNameError,
      "'hee'", "did you mean 'he'"),
    M("initialize-init-int", lambda c: c.net.initialize(init=0), ArgumentTypeError, "0"),
    M("initialize-seed-str", lambda c: c.net.initialize(seed="abc"), ArgumentTypeError, "seed",
      "'abc'"),

    # -- neurons.datasets -------------------------------------------------------------------------
    M("two_moons-n-negative", lambda c: two_moons(n=-1), ParameterError, "n must", "-1"),
    M("two_moons-n-float", lambda c: two_moons(n=10.5), ArgumentTypeError, "n must", "10.5"),
    M("two_moons-noise-negative", lambda c: two_moons(noise=-0.1), ParameterError, "noise",
      "-0.1"),
    M("two_moons-seed-str", lambda c: two_moons(seed="abc"), ArgumentTypeError, "seed",
      "'abc'"),
    M("spirals-one-class", lambda c: spirals(classes=1), ParameterError, "classes", "1"),
    M("spirals-fewer-points-than-classes", lambda c: spirals(n=2, classes=3), ParameterError,
      "n must", "2"),
    M("spirals-noise-str", lambda c: spirals(noise="0.2"), ArgumentTypeError, "noise",
      "'0.2'"),
    M("split-val-too-big", lambda c: train_val_test_split(c.X, c.y, val=1.5), ParameterError,
      "val must", "1.5"),
    M("split-fractions-sum", lambda c: train_val_test_split(c.X, c.y, val=0.5, test=0.6),
      ParameterError, "val + test"),
    M("split-val-str", lambda c: train_val_test_split(c.X, c.y, val="0.2"), ArgumentTypeError,
      "val", "'0.2'"),
    M("split-lengths", lambda c: train_val_test_split(c.X, c.y[:3]), ShapeError, "4 rows",
      "3"),
    M("split-empty", lambda c: train_val_test_split(c.E, c.e), DataError, "no samples"),
    M("toy16-split-str", lambda c: toy16(split="yes"), ArgumentTypeError, "split", "'yes'"),
    M("height_weight-typo", lambda c: height_weight("tets"), NeuronsError, "'tets'",
      "did you mean 'test'"),
    M("tabular3-unknown-target", lambda c: tabular3("and"), NeuronsError, "'and'", "xor"),

    # -- drawing functions that take samples ------------------------------------------------------
    M("draw-gradients-one-element", lambda c: neurons.draw(c.net, gradients=([-2, -1],)),
      NeuronsError, "gradients"),
    M("draw-values-wrong-length", lambda c: neurons.draw(c.net, values=[1, 2, 3]), ShapeError,
      "(3,)", "x1, x2"),
    M("draw-values-two-samples", lambda c: neurons.draw(c.net, values=[[1, 2], [3, 4]]),
      ShapeError, "(2, 2)"),
    M("draw-values-nan", lambda c: neurons.draw(c.net, values=[NAN, 1.0]), DataError, "'x1'",
      "nan"),
    M("draw-gradients-bce-identity",
      lambda c: neurons.draw(c.lin, gradients=([1, 2], [1], BCE)), IncompatibleLossError,
      "sigmoid"),
    M("draw-gradients-loss-typo", lambda c: neurons.draw(c.net, gradients=([1, 2], [1], "mse2")),
      UnknownNameError, "'mse2'", "did you mean 'mse'"),
    M("draw-gradients-y-two-values", lambda c: neurons.draw(c.net, gradients=([1, 2], [1, 0])),
      ShapeError, "1 output"),
    M("draw-highlight-w99", lambda c: neurons.draw(c.net, highlight="w99"), UnknownNameError,
      "'w99'"),
    M("decision_boundary-y-short", lambda c: neurons.plot_decision_boundary(c.net, c.X, c.y[:3]),
      ShapeError, "(3,)"),
    M("decision_boundary-X-nan", lambda c: neurons.plot_decision_boundary(c.net, c.X_nan, c.y),
      DataError, "sample 2", "'x2'"),
    M("decision_boundary-empty", lambda c: neurons.plot_decision_boundary(c.net, c.E, c.e),
      DataError, "no samples"),
    M("decision_boundary-string-labels",
      lambda c: neurons.plot_decision_boundary(c.soft, c.X, ANIMAL), DataError, "'cat'",
      absent=["invalid literal"]),
    M("decision_boundary-label-out-of-range",
      lambda c: neurons.plot_decision_boundary(c.soft, c.X, [0, 1, 2, 0]), DataError, "Y[2]"),
    M("decision_boundary-three-inputs",
      lambda c: neurons.plot_decision_boundary(Network.dense([3, 1], seed=0), c.X, c.y),
      ShapeError, "x1, x2, x3"),
    M("decision_boundary-resolution-1",
      lambda c: neurons.plot_decision_boundary(c.net, c.X, c.y, resolution=1), NeuronsError,
      "resolution", "1"),
    M("neuron_maps-three-inputs",
      lambda c: neurons.draw_neuron_maps(Network.dense([3, 1], seed=0)), ShapeError,
      "x1, x2, x3"),
    M("neuron_maps-X_range-single-pair", lambda c: neurons.draw_neuron_maps(c.net,
                                                                            X_range=(0, 1)),
      NeuronsError, "X_range"),
    M("neuron_maps-X_range-nan",
      lambda c: neurons.draw_neuron_maps(c.net, X_range=((NAN, 1), (0, 1))), NeuronsError,
      "X_range", "nan"),
    M("neuron_maps-resolution-0", lambda c: neurons.draw_neuron_maps(c.net, resolution=0),
      NeuronsError, "resolution", "0"),
    M("animate-frames-zero", lambda c: neurons.animate_training(
        c.net, c.X, c.y, epochs=2, lr=0.1, frames=0, path=c.tmp / "a.gif"), ParameterError,
      "frames", "0"),
    M("animate-epochs-fewer-than-frames", lambda c: neurons.animate_training(
        c.net, c.X, c.y, epochs=5, lr=0.1, frames=10, path=c.tmp / "a.gif"), ParameterError,
      "epochs", "frames"),
    M("animate-epochs-bool", lambda c: neurons.animate_training(
        c.net, c.X, c.y, epochs=True, lr=0.1, frames=1, path=c.tmp / "a.gif"),
      ArgumentTypeError, "epochs", "True"),
    M("animate-empty", lambda c: neurons.animate_training(
        c.net, c.E, c.e, epochs=2, lr=0.1, frames=2, path=c.tmp / "a.gif"), DataError,
      "no samples"),
    M("animate-bce-identity", lambda c: neurons.animate_training(
        c.lin, c.X, c.y, epochs=2, lr=0.1, frames=2, loss=BCE, path=c.tmp / "a.gif"),
      IncompatibleLossError, "sigmoid"),
    M("animate-lr-str", lambda c: neurons.animate_training(
        c.net, c.X, c.y, epochs=2, lr="0.1", frames=2, path=c.tmp / "a.gif"),
      ArgumentTypeError, "lr", "'0.1'"),
    M("animate-batch_size-zero", lambda c: neurons.animate_training(
        c.net, c.X, c.y, epochs=2, lr=0.1, frames=2, batch_size=0, path=c.tmp / "out" / "a.gif"),
      ParameterError, "batch_size", "0"),
    M("save_figure-axes-not-figure", lambda c: neurons.save_figure(neurons.draw(c.net),
                                                                   c.tmp / "fig"),
      ArgumentTypeError, "Axes", "figure"),

    # -- save and load ----------------------------------------------------------------------------
    M("save-missing-directory", lambda c: c.net.save(c.tmp / "nodir" / "net.json"),
      NeuronsError, "nodir"),
    M("save-to-directory", lambda c: c.net.save(c.tmp / "adir"), NeuronsError, "adir",
      "directory"),
    M("save-path-int", lambda c: c.net.save(123), ArgumentTypeError, "123"),
    M("save-custom-activation-over-good-file", lambda c: c.swish_net().save(c.saved),
      NeuronsError, "'h1'", "Swish"),
    M("to_dict-custom-activation", lambda c: c.swish_net().to_dict(), NeuronsError, "'h1'",
      "Swish"),
    M("load-missing-file", lambda c: Network.load(c.tmp / "missing.json"), FileFormatError,
      "missing.json"),
    M("load-directory", lambda c: Network.load(c.tmp / "adir"), FileFormatError, "adir"),
    M("load-not-json", lambda c: Network.load(c.tmp / "notes.txt"), FileFormatError,
      "notes.txt", "JSON", setup=lambda c: c.write("notes.txt", "w1 = 0.5\n")),
    M("load-empty-file", lambda c: Network.load(c.tmp / "empty.json"), FileFormatError,
      "empty.json", setup=lambda c: c.write("empty.json", "")),
    M("load-json-list", lambda c: Network.load(c.tmp / "list.json"), FileFormatError,
      "list.json", setup=lambda c: c.write("list.json", "[1, 2]")),
    M("load-bad-key", lambda c: Network.load(c.tmp / "bad.json"), FileFormatError, "bad.json",
      "'bogus'", setup=lambda c: c.write("bad.json", json.dumps({**c.net.to_dict(),
                                                                  "bogus": 1}))),
    M("load-path-int", lambda c: Network.load(123), ArgumentTypeError, "123"),
    M("from_dict-bad-key", lambda c: Network.from_dict({**c.net.to_dict(), "bogus": 1}),
      FileFormatError, "'bogus'"),
    M("from_dict-given-a-path", lambda c: Network.from_dict(str(c.saved)), ArgumentTypeError,
      "str", "load"),
    M("load-checkpoint-version-2", lambda c: Network.load(c.tmp / "v2.json"), FileFormatError,
      "version", "newer", setup=lambda c: c.write("v2.json", json.dumps({**c.net.to_dict(),
                                                                        "version": 2}))),

    # -- checkpoints ------------------------------------------------------------------------------
    M("train-checkpoint-missing-directory", lambda c: c.net.train(
        c.X, c.y, epochs=1, lr=0.1, checkpoint=c.tmp / "nodir" / "run.json"),
      FileAccessError, "nodir", "does not exist"),
    M("train-checkpoint-is-a-directory", lambda c: c.net.train(
        c.X, c.y, epochs=1, lr=0.1, checkpoint=c.tmp / "adir"), FileAccessError, "adir"),
    M("train-checkpoint-int", lambda c: c.net.train(c.X, c.y, epochs=1, lr=0.1, checkpoint=7),
      ArgumentTypeError, "checkpoint", "7"),
    M("train-checkpoint-own-optimizer", lambda c: c.net.train(
        c.X, c.y, epochs=1, lr=0.1, optimizer=MyOptimizer(), checkpoint=c.tmp / "run.json"),
      ParameterError, "checkpoint", "MyOptimizer"),
    M("load_checkpoint-plain-save", lambda c: neurons.load_checkpoint(c.saved),
      FileFormatError, "Network.load"),
    M("load_checkpoint-missing", lambda c: neurons.load_checkpoint(c.tmp / "gone.json"),
      FileAccessError, "gone.json"),
    M("resume-another-network", lambda c: c.net.train(
        c.X, c.y, epochs=1, lr=0.1, resume=neurons.load_checkpoint(c.tmp / "run.json")),
      ParameterError, "w1..b4", setup=lambda c: Network.dense([2, 3, 1], seed=0).train(
          c.X, c.y, epochs=1, lr=0.1, checkpoint=c.tmp / "run.json")),
]


@pytest.fixture
def ctx(tmp_path):
    yield Ctx(tmp_path)
    plt.close("all")


def _files(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (``None``) under ``root``."""
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None
            for p in sorted(root.rglob("*"))}


def test_the_table_is_big_and_ids_are_unique():
    ids = [m.id for m in MISTAKES]
    assert len(ids) >= 120
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("mistake", [pytest.param(m, id=m.id) for m in MISTAKES])
def test_mistake_is_refused_and_changes_nothing(mistake, ctx):
    if mistake.setup is not None:
        mistake.setup(ctx)
    networks = ctx.networks()
    before = {name: snapshot(net) for name, net in networks.items()}
    files = _files(ctx.tmp)

    with pytest.raises(NeuronsError) as info:
        mistake.call(ctx)

    err, message = info.value, str(info.value)
    assert isinstance(err, mistake.error), (
        f"{type(err).__name__} is not a {mistake.error.__name__}: {message}")
    assert isinstance(err, (ValueError, TypeError, LookupError)), (
        f"{type(err).__name__} derives from none of ValueError, TypeError, LookupError")
    for word in mistake.words:
        assert word in message, f"{word!r} missing from: {message}"
    for word in mistake.absent:
        assert word not in message, f"{word!r} should not be in: {message}"
    for name, net in networks.items():
        assert snapshot(net) == before[name], f"network {name!r} changed"
        assert edges_match_neurons(net)
    assert _files(ctx.tmp) == files, "the files changed"
