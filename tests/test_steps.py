"""The stepper: one sample's backpropagation as ordered steps with the per-neuron path's numbers."""

import copy
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurons import Network
from neurons.errors import NeuronsError, ShapeError

from .helpers import classic_221
from .strategies import data_for, networks
from .test_worked_examples import printed

LOSSES = ["mse", "binary_cross_entropy", "softmax_cross_entropy"]


def draw_sample(data, loss):
    out = "sigmoid" if loss == "binary_cross_entropy" else None
    net = data.draw(networks("mixed", out, min_outputs=2 if "softmax" in loss else 1))
    X, Y = data.draw(data_for(net, loss, max_samples=1))
    return net, X[0], Y[0]


@pytest.mark.parametrize("loss", LOSSES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_steps_hold_the_per_neuron_paths_own_numbers(loss, data):
    net, x, y = draw_sample(data, loss)
    steps = net.steps(x, y, loss)
    n, p = len(net.neurons), len(net.parameters())
    assert len(steps) == 2 * n + 1 + p  # the stated rule
    kinds = [s.kind for s in steps]
    assert kinds[:n] == ["forward"] * n and kinds[n] == "loss"
    assert kinds.count("backward") == n and kinds.count("gradient") == p
    trace = net.forward_trace(x)
    forward = [s for s in steps if s.kind == "forward"]
    assert [s.node for s in forward] == [k.name for k in net.forward_order()]
    assert all(s.value == trace.a[s.node] for s in forward)
    last = steps[-1].known
    assert last.z == trace.z and last.a == trace.a
    assert steps[n].value == net.loss([x], [y], loss)
    grads = net.gradients(x, y, loss)
    assert {s.parameter: s.value for s in steps if s.kind == "gradient"} == grads
    assert last.gradients == grads
    # Backward in reverse forward order, each neuron's gradients right after its delta.
    backward = [s.node for s in steps if s.kind == "backward"]
    assert backward == [k.name for k in reversed(net.forward_order())]
    for s in steps:
        if s.kind == "gradient":
            assert steps[s.index - 1].node == s.node or steps[s.index - 1].kind == "gradient"


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_update_steps_equal_one_training_step(optimizer, loss, data):
    net, x, y = draw_sample(data, loss)
    before = net.parameter_vector().tobytes()
    steps = net.steps(x, y, loss, lr=0.3, optimizer=optimizer)
    assert net.parameter_vector().tobytes() == before  # the stepper changes nothing
    p = len(net.parameters())
    assert len(steps) == 2 * len(net.neurons) + 1 + 2 * p
    updated = {s.parameter: s.value for s in steps if s.kind == "update"}
    trained = copy.deepcopy(net)
    trained.train([x], [y], epochs=1, lr=0.3, optimizer=optimizer, batch_size=1,
                  path="neurons", loss=loss)
    assert updated == trained.parameters()
    assert list(updated) == list(net.parameters())  # in parameter order


def test_values_of_later_steps_are_not_known_yet():
    steps = classic_221((1, 1, 1, 1, 1, 1)).steps([-2, -1], 1, lr=0.1)
    first = steps[0].known
    assert first.a == {"x1": -2.0, "x2": -1.0, "h1": steps[0].value} and first.loss is None
    assert first.delta == {} and first.gradients == {} and first.updated == {}
    sizes = [len(s.known.a) + len(s.known.delta) + len(s.known.gradients)
             + len(s.known.updated) + (s.known.loss is not None) for s in steps]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(steps)  # each step adds to it
    assert steps[-1].known.updated["w1"] == steps[-1].steps[-9].value


def test_the_classic_worked_example_prints_its_numbers():
    """worked-examples.md 4: all weights 1, biases 0, x = (-2, -1), y = 1, squared error."""
    steps = classic_221((1, 1, 1, 1, 1, 1)).steps([-2, -1], 1)
    by = {(s.kind, s.parameter or s.node): s for s in steps}

    def numbers(text):
        return re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", text)

    out = by["forward", "o1"].text
    assert out.endswith("a_o1 = sigmoid(z_o1) = 0.524") and printed(steps[2].value, "0.524")
    loss = steps[3].text
    assert "dL/da_o1 = 2 (y_pred - y) / (n_samples n_outputs) = -0.953" in loss
    # The source prints -0.952 from its rounded 0.524; the exact -0.95261 rounds to -0.953.
    assert printed(steps[3].known.dL_da["o1"], "-0.952") and numbers(loss)[-1] == "-0.953"
    delta = by["backward", "o1"].text
    assert delta == "delta_o1 = dL/da_o1 f'(z_o1) = (-0.953) * 0.249 = -0.238"
    assert printed(float(numbers(delta)[-2]), "0.249")  # dy_pred/dh1 = w5 f'(.), w5 = 1
    w1 = by["gradient", "w1"].text
    assert w1 == "dL/dw1 = a_x1 delta_h1 = (-2) * (-0.0107) = 0.0215"
    assert printed(by["gradient", "w1"].value, "0.0214")
    assert by["backward", "h1"].latex == (
        r"\delta_{h_{1}} = f'(z_{h_{1}})\left(w_{5}\,\delta_{o_{1}}\right) = "
        r"0.0452 \cdot \left(1 \cdot (-0.238)\right) = -0.0107")
    assert classic_221((1, 1, 1, 1, 1, 1)).steps([-2, -1], 1, digits=5)[13].text.endswith(
        "= 0.02147")


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_latex_carries_the_numbers_and_balances(optimizer):
    net = Network.dense([9, 2, 2], activation="tanh", output_activation="identity", seed=4)
    steps = net.steps(np.linspace(-1, 1, 9), 1, "softmax_cross_entropy", lr=0.5,
                      optimizer=optimizer)
    for s in steps:
        assert s.latex.count("{") == s.latex.count("}") and "..." not in s.latex
        assert s.latex.count(r"\left(") == s.latex.count(r"\right)")
        assert f"= {s.value:.3g}" in s.latex, s.latex
        assert not re.search(r"(?<!\\)_(?!\{)", s.latex), s.latex  # every _ a subscript
        assert "*" not in s.latex and "<-" not in s.latex
    assert r"\dots\ (5\text{ more})" in steps[0].latex  # 9 weights and a bias: 5 + 5


def test_closed_form_output_delta_and_long_sums():
    net = Network.dense([8, 1], activation="sigmoid", seed=0)
    steps = net.steps(np.linspace(-1, 1, 8), 1, "binary_cross_entropy", max_terms=4)
    assert "w3 a_x3 + ... (6 more) = " in steps[0].text  # 8 weights and the bias: 3 + 6
    assert steps[2].text.startswith("delta_o1 = dL/dz_o1 (the loss's closed form) = ")
    assert steps[2].value == pytest.approx(net.feedforward(np.linspace(-1, 1, 8))[0] - 1)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"x": [1.0, 2.0, 3.0]}, ShapeError, "expected"),
    ({"x": [[1.0, 2.0], [3.0, 4.0]]}, ShapeError, "expected"),
    ({"digits": 0}, NeuronsError, "digits"),
    ({"lr": -0.1}, NeuronsError, "lr"),
    ({"optimizer": "adamw"}, NeuronsError, "adam"),
])
def test_steps_refuse_bad_arguments(kwargs, error, message):
    net = classic_221()
    args = {"x": [1.0, 2.0], "y": 1.0, "lr": 0.1, **kwargs}
    with pytest.raises(error, match=message):
        net.steps(args.pop("x"), args.pop("y"), **args)
