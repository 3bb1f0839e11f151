"""Activations: derivatives against central differences, dtypes, stability and lookup.

Central differences are compared with an explicit error model: ``RTOL`` relative
to the analytic derivative, plus the rounding of the difference quotient itself,
a few ulps of |f| divided by the step. The second term matters only in the flat
tails (tanh'(8) is about 4.5e-7 while tanh(8) is about 1, so an ulp of tanh is
already 2e-4 relative to the derivative after dividing by h = 1e-6).
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neurons
from neurons import activations

NAMES = activations.names()
H = 1e-6
RTOL = 1e-7
EPS = np.finfo(np.float64).eps
GRID = np.linspace(-8.0, 8.0, 161)
EXTREMES = [1e4, -1e4, 1e3, -1e3, 710.0, -710.0, 40.0, -40.0, 0.0]
KINKED = {"relu", "leaky_relu"}


def away_from_kink(name, z):
    """Points where a central difference of width 2H does not straddle a kink at 0."""
    z = np.asarray(z, dtype=float)
    return z[np.abs(z) > 10 * H] if name in KINKED else z


def central_difference_error(act, z):
    """Return (analytic - numeric derivative, allowed error) at each point of z."""
    zp, zm = z + H, z - H
    fp, fm = act.value(zp), act.value(zm)
    numeric = (fp - fm) / (zp - zm)  # the step actually taken, not the nominal 2H
    analytic = act.derivative(z, act.value(z))
    rounding = 4 * EPS * np.maximum(np.abs(fp), np.abs(fm)) / (zp - zm)
    return analytic - numeric, RTOL * np.abs(analytic) + rounding


def no_fp_trouble():
    """Turn overflow/invalid/divide into errors; underflow to 0 is the intended limit."""
    return np.errstate(over="raise", divide="raise", invalid="raise")


def bits(x):
    return np.asarray(x, dtype=np.float64).view(np.uint64)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences_on_grid(name):
    z = away_from_kink(name, GRID)
    err, allowed = central_difference_error(activations.get(name), z)
    assert np.all(np.abs(err) <= allowed), z[np.argmax(np.abs(err) / allowed)]


@pytest.mark.parametrize("name", NAMES)
@given(z=st.floats(-8.0, 8.0))
def test_derivative_matches_central_differences_hypothesis(name, z):
    points = away_from_kink(name, [z])
    err, allowed = central_difference_error(activations.get(name), points)
    assert np.all(np.abs(err) <= allowed)


@pytest.mark.parametrize(("name", "wrong"), [
    ("sigmoid", lambda z, a: a),
    ("tanh", lambda z, a: 1.0 - a),
    ("softplus", lambda z, a: np.exp(z) / (1.0 + np.exp(z)) * 1.001),
])
def test_central_difference_check_rejects_a_wrong_derivative(name, wrong):
    # A fresh object of the activation's class, never the shared one the registry hands out.
    act = type(activations.get(name))()
    act.derivative = wrong
    assert activations.get(name).derivative is not wrong
    err, allowed = central_difference_error(act, np.linspace(-3.0, 3.0, 13))
    assert np.any(np.abs(err) > allowed)


@pytest.mark.parametrize("name", NAMES)
def test_scalar_and_array_calls_agree_bit_for_bit(name):
    act = activations.get(name)
    z = np.concatenate([GRID, EXTREMES, [-0.0, 1e-300, -1e-300, 0.5, -2.75]])
    a_vec = act.value(z)
    d_vec = act.derivative(z, a_vec)
    assert a_vec.dtype == np.float64 and d_vec.dtype == np.float64
    for i, zi in enumerate(z.tolist()):
        a = act.value(zi)
        d = act.derivative(zi, a)
        assert isinstance(float(a), float) and isinstance(float(d), float)
        assert bits(a) == bits(a_vec[i]), (zi, a, a_vec[i])
        assert bits(d) == bits(d_vec[i]), (zi, d, d_vec[i])


@pytest.mark.parametrize("name", NAMES)
def test_float32_arrays_stay_float32(name):
    act = activations.get(name)
    z = np.array([-3.0, -0.5, 0.0, 0.25, 4.0], dtype=np.float32)
    a = act.value(z)
    d = act.derivative(z, a)
    assert a.dtype == np.float32
    assert d.dtype == np.float32
    np.testing.assert_allclose(a, act.value(z.astype(np.float64)), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("z", EXTREMES)
def test_extreme_inputs_are_finite_without_warnings(name, z):
    act = activations.get(name)
    with warnings.catch_warnings(), no_fp_trouble():
        warnings.simplefilter("error")
        a = act.value(z)
        d = act.derivative(z, a)
        a_vec = act.value(np.array([z]))
        d_vec = act.derivative(np.array([z]), a_vec)
    assert math.isfinite(float(a)) and math.isfinite(float(d))
    assert np.all(np.isfinite(a_vec)) and np.all(np.isfinite(d_vec))


@pytest.mark.parametrize(("name", "z", "expected"), [
    ("sigmoid", -1e4, 0.0), ("sigmoid", 1e4, 1.0), ("sigmoid", 0.0, 0.5),
    ("softplus", 1e4, 1e4), ("softplus", -1e4, 0.0),
    ("tanh", 1e4, 1.0), ("tanh", -1e4, -1.0),
    ("relu", -1e4, 0.0), ("relu", 1e4, 1e4), ("identity", -710.0, -710.0),
    ("leaky_relu", -1e4, -100.0),
])
def test_known_limits_are_exact(name, z, expected):
    with warnings.catch_warnings(), no_fp_trouble():
        warnings.simplefilter("error")
        assert float(activations.get(name).value(z)) == expected


@pytest.mark.parametrize(("name", "z", "expected"), [
    ("sigmoid", -1e4, 0.0), ("sigmoid", 1e4, 0.0), ("tanh", 1e4, 0.0), ("tanh", -1e4, 0.0),
    ("softplus", 1e4, 1.0), ("softplus", -1e4, 0.0), ("sigmoid", 0.0, 0.25),
])
def test_derivative_limits_are_exact(name, z, expected):
    act = activations.get(name)
    with warnings.catch_warnings(), no_fp_trouble():
        warnings.simplefilter("error")
        assert float(act.derivative(z, act.value(z))) == expected


def test_sigmoid_keeps_the_negative_tail_to_full_precision():
    # sigmoid(-40) = e^-40 / (1 + e^-40); the textbook 1 - sigmoid(40) would give exactly 0.
    got = float(activations.get("sigmoid").value(-40.0))
    assert got == pytest.approx(4.248354255291589e-18, rel=1e-15, abs=0)


def test_get_returns_one_shared_object_per_name():
    assert activations.get("sigmoid") is activations.get("sigmoid")
    assert activations.get("SIGMOID") is activations.get("sigmoid")
    assert activations.get("Tanh") is activations.get("tanh")


@pytest.mark.parametrize(("alias", "target"), [
    ("linear", "identity"), ("logistic", "sigmoid"), ("LINEAR", "identity"),
    ("Logistic", "sigmoid"),
])
def test_aliases(alias, target):
    assert activations.get(alias) is activations.get(target)
    assert activations.get(alias).name == target


def test_activation_objects_pass_through_and_their_parameters_are_used():
    leaky = activations.LeakyReLU(0.2)
    assert activations.get(leaky) is leaky
    assert float(leaky.value(-3.0)) == pytest.approx(-0.6, rel=1e-15)
    assert float(leaky.value(3.0)) == 3.0
    assert float(leaky.derivative(-3.0, leaky.value(-3.0))) == pytest.approx(0.2, rel=1e-15)
    assert float(leaky.derivative(3.0, 3.0)) == 1.0
    assert float(activations.get("leaky_relu").derivative(-1.0, -0.01)) == 0.01


def test_leaky_relu_equality_follows_the_slope():
    assert activations.LeakyReLU(0.1) == activations.LeakyReLU(0.1)
    assert hash(activations.LeakyReLU(0.1)) == hash(activations.LeakyReLU(0.1))
    assert activations.LeakyReLU(0.1) != activations.LeakyReLU(0.2)
    assert activations.LeakyReLU(0.01) == activations.get("leaky_relu")
    assert activations.ReLU() != activations.LeakyReLU(0.0)


@pytest.mark.parametrize(("bad", "error", "base"), [
    ("sigmoidal", neurons.UnknownNameError, LookupError),
    ("", neurons.UnknownNameError, LookupError),
    ("soft_max", neurons.UnknownNameError, LookupError),
    (3, neurons.ArgumentTypeError, TypeError),  # not a name at all
])
def test_unknown_name_lists_every_known_name(bad, error, base):
    with pytest.raises(error) as info:
        activations.get(bad)
    assert isinstance(info.value, base)
    message = str(info.value)
    assert repr(bad) in message
    for name in NAMES:
        assert name in message


def test_names_are_sorted_and_exclude_aliases():
    assert NAMES == sorted(NAMES)
    assert set(NAMES) == {"identity", "leaky_relu", "relu", "sigmoid", "softplus", "tanh"}


@given(x=st.floats(-30.0, 30.0))
def test_tanh_is_a_rescaled_sigmoid(x):
    sigmoid = activations.get("sigmoid").value
    tanh = activations.get("tanh").value
    assert abs(float(tanh(x)) - (2.0 * float(sigmoid(2.0 * x)) - 1.0)) <= 2 * EPS


def test_relu_derivative_at_zero_is_zero():
    relu = activations.get("relu")
    assert float(relu.derivative(0.0, relu.value(0.0))) == 0.0
    assert float(relu.derivative(-0.0, relu.value(-0.0))) == 0.0
    assert relu.derivative(np.zeros(3), np.zeros(3)).tolist() == [0.0, 0.0, 0.0]
