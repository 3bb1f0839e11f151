"""The classic worked examples (../shared/reference/worked-examples.md 1-4, 9, 10).

Each figure is asserted at the precision its source prints: a value printed
with k decimals must agree to within one unit of the k-th decimal (sources
round intermediate values, so the last digit may differ by one).
"""

import math

import numpy as np
import pytest

from neurons import Network, Neuron, activations, losses

from .helpers import classic_221


def printed(value: float, figure: str) -> bool:
    """True when ``value`` matches ``figure`` (a string as printed) to its last digit."""
    decimals = len(figure.split(".")[1]) if "." in figure else 0
    return abs(value - float(figure)) <= 10.0**-decimals


def test_printed_helper_is_strict():
    assert printed(0.2494, "0.249") and not printed(0.2506, "0.249")
    assert not printed(-0.0915, "-0.0904")


# -- 1. One neuron ------------------------------------------------------------------------------
def test_one_neuron():
    n = Neuron([0, 1], 4)
    assert float(np.dot(n.weights, [2, 3]) + n.bias) == 7.0
    assert n.feedforward([2, 3]) == 0.9990889488055994


# -- 2. A 2-2-1 network, feedforward -------------------------------------------------------------
def test_221_feedforward():
    net = classic_221()
    trace = net.forward_trace([2, 3])
    assert printed(trace.a["h1"], "0.9526") and printed(trace.a["h2"], "0.9526")
    assert trace.z["o1"] == pytest.approx(trace.a["h1"], abs=0)  # o1 sees 0*h1 + 1*h2
    assert net.feedforward([2, 3])[0] == pytest.approx(0.7216325609518421, rel=1e-15)


# -- 3. Mean squared error -----------------------------------------------------------------------
def test_mse():
    mse = losses.get("mse")
    assert mse.value(np.zeros((4, 1)), np.array([[1.0], [0.0], [0.0], [1.0]])) == 0.5


# -- 4. One partial derivative by hand -----------------------------------------------------------
@pytest.fixture
def all_ones():
    return classic_221(weights=(1, 1, 1, 1, 1, 1))


def test_hand_derivation_of_w1(all_ones):
    d = all_ones.explain("w1", [-2, -1], 1)
    y_pred = all_ones.feedforward([-2, -1])[0]
    assert printed(y_pred, "0.524")
    dL_dy, dy_dh1, dh1_dw1 = d.factors
    assert (dL_dy.label, dy_dh1.label, dh1_dw1.label) == ("dL/do1", "do1/dh1", "dh1/dw1")
    assert printed(dL_dy.value, "-0.952")
    assert printed(dy_dh1.value, "0.249")
    assert printed(dh1_dw1.value, "-0.0904")
    assert printed(d.value, "0.0214")
    # The source's own arithmetic, from its rounded y_pred:
    assert -2 * (1 - 0.524) == pytest.approx(-0.952, abs=1e-12)
    assert -0.952 * 0.249 * -0.0904 == pytest.approx(0.0214, abs=5e-5)
    # The factors are the chain rule's: product = backprop's gradient, exactly as computed.
    assert math.prod(f.value for f in d.factors) == pytest.approx(d.value, rel=1e-14)
    assert all_ones.gradients([[-2, -1]], [1])["w1"] == pytest.approx(d.value, rel=1e-14)


def test_hand_derivation_factor_rules(all_ones):
    """The factors are built the way the source says: w5 f'(z_o1) and x1 f'(z_h1)."""
    trace = all_ones.forward_trace([-2, -1])
    s = activations.get("sigmoid")
    f_o1 = s.derivative(trace.z["o1"], trace.a["o1"])
    f_h1 = s.derivative(trace.z["h1"], trace.a["h1"])
    _, dy_dh1, dh1_dw1 = all_ones.explain("w1", [-2, -1], 1).factors
    assert dy_dh1.value == pytest.approx(1.0 * f_o1, rel=1e-15)
    assert dh1_dw1.value == pytest.approx(-2.0 * f_h1, rel=1e-15)
    assert (dy_dh1.rule, dh1_dw1.rule) == ("w5 f'(z_o1)", "x1 f'(z_h1)")


def test_hand_derivation_text_and_latex(all_ones):
    d = all_ones.explain("w1", [-2, -1], 1)
    text = str(d)
    assert "dL/dw1 = dL/do1 * do1/dh1 * dh1/dw1" in text
    assert "(-0.953) * 0.249 * (-0.0904)" in text
    assert "delta_h1 = f'(z_h1) (w5 delta_o1)" in text
    tex = d.to_latex()
    assert r"\frac{\partial L}{\partial w_{1}}" in tex
    assert r"\frac{\partial o_{1}}{\partial h_{1}}" in tex and "(-0.0904)" in tex
    assert d._repr_latex_() == f"$${tex}$$"


# -- 9. Delta notation and counting factors ------------------------------------------------------
def test_delta_recurrence_on_221(all_ones):
    """delta_o = dJ/da f'(z); delta_h = f'(z_h) sum_i delta_i theta_ih; dJ/dtheta = delta a."""
    x, y = [-2, -1], 1
    trace = all_ones.forward_trace(x)
    fp = {k: trace.a[k] * (1 - trace.a[k]) for k in ("h1", "h2", "o1")}
    delta_o1 = 2 * (trace.a["o1"] - y) * fp["o1"]
    delta_h1 = fp["h1"] * delta_o1 * all_ones.weight("h1", "o1")
    g = all_ones.gradients([x], [y])
    assert g["w5"] == pytest.approx(delta_o1 * trace.a["h1"], rel=1e-14)
    assert g["b3"] == pytest.approx(delta_o1, rel=1e-14)
    assert g["w1"] == pytest.approx(delta_h1 * x[0], rel=1e-14)
    assert g["b1"] == pytest.approx(delta_h1, rel=1e-14)
    d = all_ones.explain("w1", x, y)
    assert d.deltas["h1"] == pytest.approx(delta_h1, rel=1e-14)


@pytest.mark.parametrize(("sizes", "per_param", "total"), [
    ([1, 1, 1], {"w1": 5, "w2": 3}, 8),
    ([2, 2, 2], {f"w{i}": 10 for i in range(1, 5)} | {f"w{i}": 3 for i in range(5, 9)}, 52),
])
def test_counting_factors(sizes, per_param, total):
    net = Network.dense(sizes, bias=False, seed=3)
    x, y = np.full(sizes[0], 0.5), np.full(sizes[-1], 1.0)
    counts = {p: net.explain(p, x, y).n_factors for p in net.parameters()}
    assert counts == per_param
    assert sum(counts.values()) == total
    # The expanded form lists exactly that many factors, path by path.
    assert sum(len(path.expanded) for p in net.parameters()
               for path in net.explain(p, x, y).paths()) == total


# -- 10. Activations and their derivatives -------------------------------------------------------
def test_activation_identities():
    z = np.linspace(-6, 6, 25)
    s, t = activations.get("sigmoid"), activations.get("tanh")
    np.testing.assert_allclose(s.value(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(t.value(z), 2 * s.value(2 * z) - 1, rtol=1e-12, atol=1e-15)
    a = s.value(z)
    np.testing.assert_array_equal(s.derivative(z, a), a * (1 - a))
    ta = t.value(z)
    np.testing.assert_array_equal(t.derivative(z, ta), 1 - ta**2)
    r = activations.get("relu")
    np.testing.assert_array_equal(r.derivative(z, r.value(z)), (z > 0).astype(float))
    assert float(r.derivative(0.0, 0.0)) == 0.0
    i = activations.get("linear")
    np.testing.assert_array_equal(i.value(z), z)
    np.testing.assert_array_equal(i.derivative(z, z), np.ones_like(z))
