"""Losses: known values, gradients against central differences, stability, targets, lookup.

Central differences use the error model of tests/test_activations.py: ``RTOL`` relative
to the analytic gradient plus the rounding of the quotient (a few ulps of the loss / step).
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neurons
from neurons import activations, losses

H = 1e-6
RTOL = 1e-7
EPS = np.finfo(np.float64).eps
MSE = losses.get("mse")
BCE = losses.get("binary_cross_entropy")
SCE = losses.get("softmax_cross_entropy")
sigmoid = activations.get("sigmoid").value
SCORES = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 0.0], [-3.0, 1.0, 4.0]])
LABELS = np.array([0, 2, 1, 2])

def assert_gradient_matches_central_differences(loss, y_pred, y_true, scale=0.0):
    """``scale``: the magnitude the loss's rounding is relative to, when that exceeds |L|
    (for a log-sum-exp, the shifted scores it sums: see SoftmaxCrossEntropy)."""
    analytic = loss.gradient(y_pred, y_true)
    assert analytic.shape == y_pred.shape
    for idx in np.ndindex(y_pred.shape):
        up, down = y_pred.copy(), y_pred.copy()
        up[idx] += H
        down[idx] -= H
        f_up, f_down = loss.value(up, y_true), loss.value(down, y_true)
        numeric = (f_up - f_down) / (up[idx] - down[idx])
        rounding = 4 * EPS * max(abs(f_up), abs(f_down), scale) / (up[idx] - down[idx])
        allowed = RTOL * abs(analytic[idx]) + rounding
        assert abs(analytic[idx] - numeric) <= allowed, (idx, analytic[idx], numeric)


seeds = st.integers(0, 2**32 - 1)
shapes = st.tuples(st.integers(1, 5), st.integers(1, 4))


def test_mse_is_the_mean_over_samples_and_outputs():
    assert MSE.value(np.zeros((4, 1)), np.array([[1.0], [0.0], [0.0], [1.0]])) == 0.5
    assert MSE.value(np.zeros((2, 2)), np.array([[1.0, 0.0], [0.0, 1.0]])) == 0.5
    assert MSE.value(np.array([[3.0, 1.0]]), np.array([[1.0, 1.0]])) == 2.0


@given(shape=shapes, seed=seeds)
def test_mse_gradient_is_two_residuals_over_size(shape, seed):
    rng = np.random.default_rng(seed)
    p, y = rng.normal(size=shape), rng.normal(size=shape)
    np.testing.assert_array_equal(MSE.gradient(p, y), 2.0 * (p - y) / p.size)
    assert_gradient_matches_central_differences(MSE, p, y)


def test_targets_accept_1d_for_one_output_and_2d():
    np.testing.assert_array_equal(MSE.targets([1, 2, 3], 3, 1), [[1.0], [2.0], [3.0]])
    y = MSE.targets([[1, 2], [3, 4]], 2, 2)
    assert y.dtype == np.float64 and y.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert BCE.targets([[0, 1], [0.25, 1]], 2, 2).tolist() == [[0.0, 1.0], [0.25, 1.0]]


@pytest.mark.parametrize(("y", "n", "m"), [
    ([1.0, 2.0, 3.0], 3, 2), ([1.0, 2.0], 3, 1), ([[1.0, 2.0]], 2, 2),
    (np.zeros((3, 1, 1)), 3, 1), (np.zeros((2, 3)), 3, 2), (5.0, 1, 1),
])
def test_mse_targets_of_the_wrong_shape_raise_shape_error(y, n, m):
    with pytest.raises(neurons.ShapeError, match=rf"expected \({n}, {m}\)"):
        MSE.targets(y, n, m)


def test_bce_known_numbers():
    for y in (0.0, 1.0, 0.3):  # p = 1/2 costs log 2 whatever the target
        value = BCE.value(np.array([[0.5]]), np.array([[y]]))
        assert value == pytest.approx(math.log(2), rel=1e-15)
    expected = -(math.log(0.9) + math.log(0.8)) / 2
    value = BCE.value(np.array([[0.9], [0.2]]), np.array([[1.0], [0.0]]))
    assert value == pytest.approx(expected, rel=1e-15)
    grad = BCE.gradient(np.array([[0.9], [0.2]]), np.array([[1.0], [0.0]]))
    np.testing.assert_allclose(grad, [[-1 / 0.9 / 2], [1 / 0.8 / 2]], rtol=1e-15)


@given(shape=shapes, seed=seeds, soft=st.booleans())
def test_bce_gradient_matches_central_differences(shape, seed, soft):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.01, 0.99, size=shape)
    y = rng.uniform(0, 1, size=shape) if soft else rng.integers(0, 2, size=shape).astype(float)
    assert_gradient_matches_central_differences(BCE, p, y)


@pytest.mark.parametrize(("p", "y"), [(0.0, 1.0), (1.0, 0.0), (0.0, 0.0), (1.0, 1.0)])
def test_bce_is_finite_at_saturated_probabilities(p, y):
    p, y = np.array([[p, 0.5]]), np.array([[y, 1.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        value, grad = BCE.value(p, y), BCE.gradient(p, y)
    assert math.isfinite(value) and np.all(np.isfinite(grad))
    assert value >= math.log(2) / 2  # the second entry alone contributes log(2) / 2
    if p[0, 0] != y[0, 0]:  # a confidently wrong output: a large loss and a steep gradient
        assert value > 18.0 and abs(grad[0, 0]) > 1e15


@pytest.mark.parametrize(("loss", "y", "where"), [
    (MSE, [[1.0, 2.0], [np.nan, 4.0]], "Y[1, 0]"), (MSE, [[1.0, np.inf]], "Y[0, 1]"),
    (MSE, [0.0, 1.0, -np.inf], "Y[2]"), (BCE, [[0.0, 1.0], [1.5, 0.0]], "Y[1, 0]"),
    (BCE, [[0.0, -0.1]], "Y[0, 1]"), (BCE, [0.0, 2.0], "Y[1]"), (BCE, [[np.nan]], "Y[0, 0]"),
])
def test_bad_targets_raise_data_error_naming_the_position(loss, y, where):
    n, m = np.shape(y)[0], (np.shape(y)[1] if np.ndim(y) == 2 else 1)
    with pytest.raises(neurons.DataError) as info:
        loss.targets(y, n, m)
    assert where in str(info.value)


@given(shape=shapes, seed=seeds)
def test_bce_from_logits_equals_the_probability_form(shape, seed):
    rng = np.random.default_rng(seed)
    z, y = rng.uniform(-5, 5, size=shape), rng.uniform(0, 1, size=shape)
    from_logits = BCE.value(sigmoid(z), y, z=z)
    assert from_logits == pytest.approx(BCE.value(sigmoid(z), y), rel=1e-12, abs=0)


def test_bce_from_logits_keeps_precision_where_p_rounds_to_1():
    z, y = np.array([[40.0]]), np.array([[0.0]])
    assert float(sigmoid(z)[0, 0]) == 1.0  # 1 - p is gone from the probability
    value = BCE.value(sigmoid(z), y, z=z)
    assert value == pytest.approx(40.0 + math.log1p(math.exp(-40.0)), rel=1e-15, abs=0)
    # Without z, p = 1 is clipped to 1 - epsneg: -log(epsneg) = 53 log 2, far from 40.
    assert BCE.value(sigmoid(z), y) == pytest.approx(53 * math.log(2), rel=1e-12)


@pytest.mark.parametrize(("z", "y", "expected"), [
    (1e4, 0.0, 1e4), (1e4, 1.0, 0.0), (-1e4, 1.0, 1e4), (-1e4, 0.0, 0.0),
])
def test_bce_from_huge_logits_is_finite_without_warnings(z, y, expected):
    z_arr, y_arr = np.array([[z]]), np.array([[y]])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        value = BCE.value(sigmoid(z_arr), y_arr, z=z_arr)
    assert value == expected


def test_softmax_rows_sum_to_one_and_match_hand_computation():
    s = losses.softmax(SCORES)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=0, atol=2 * EPS)
    row = [math.exp(v) for v in SCORES[0]]
    np.testing.assert_allclose(s[0], [v / sum(row) for v in row], rtol=1e-15)
    big = losses.softmax(np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]]))
    np.testing.assert_array_equal(big, [[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]])


@pytest.mark.parametrize("form", ["indices", "column", "one_hot"])
def test_softmax_ce_target_forms_agree(form):
    y_raw = {"indices": LABELS, "column": LABELS.reshape(-1, 1),
             "one_hot": np.eye(3)[LABELS]}[form]
    y = SCE.targets(y_raw, 4, 3)
    np.testing.assert_array_equal(y, np.eye(3)[LABELS])
    rows = zip(SCORES.tolist(), LABELS.tolist(), strict=True)
    by_hand = -np.mean([math.log(math.exp(r[k]) / sum(map(math.exp, r))) for r, k in rows])
    assert SCE.value(SCORES, y) == pytest.approx(by_hand, rel=1e-14)
    # Every target form gives the very same gradient ...
    np.testing.assert_array_equal(SCE.gradient(SCORES, y), SCE.gradient(SCORES, np.eye(3)[LABELS]))
    # ... which is softmax - one_hot; that textbook expression computes 1/(1 + r) - 1 for the
    # top class and so carries an absolute rounding error of about eps, hence atol = eps / n.
    expected_grad = (losses.softmax(SCORES) - np.eye(3)[LABELS]) / 4
    np.testing.assert_allclose(SCE.gradient(SCORES, y), expected_grad, rtol=1e-15, atol=EPS / 4)


@given(n=st.integers(1, 5), m=st.integers(2, 4), seed=seeds)
def test_softmax_ce_gradient_matches_central_differences(n, m, seed):
    rng = np.random.default_rng(seed)
    scores = rng.normal(scale=3.0, size=(n, m))
    labels = rng.integers(0, m, size=n)
    assert_gradient_matches_central_differences(SCE, scores, SCE.targets(labels, n, m),
                                                scale=1 + np.ptp(scores, axis=1).max())


def test_softmax_ce_gradient_where_the_correct_class_dominates():
    # Hypothesis found this (n=1, m=2, seed=3): loss ~1.03e-6, so the value's absolute
    # rounding (a few eps of the shifted scores, about 14 here) dominates the difference.
    scores = np.array([[6.1227573641555475, -7.666995093942545]])
    assert_gradient_matches_central_differences(SCE, scores, SCE.targets([0], 1, 2),
                                                scale=1 + np.ptp(scores))


@pytest.mark.parametrize("margin", [20.0, 40.0])
def test_softmax_ce_value_is_exact_to_a_few_eps_for_confident_predictions(margin):
    """The documented log-sum-exp contract: absolute error of a few machine epsilons."""
    value = SCE.value(np.array([[margin, 0.0]]), SCE.targets([0], 1, 2))
    assert abs(value - math.log1p(math.exp(-margin))) <= 4 * EPS
    assert value >= 0.0


def test_softmax_ce_huge_scores_are_finite_without_warnings():
    scores = np.array([[1e4, 0.0, -1e4], [-1e4, 1e4, 1e4]])
    y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        value, grad = SCE.value(scores, y), SCE.gradient(scores, y)
    assert value == pytest.approx((1e4 + (2e4 + math.log(2))) / 2, rel=1e-15)
    np.testing.assert_allclose(grad, [[0.5, -0.5, 0.0], [-0.5, 0.25, 0.25]], atol=1e-300)


@pytest.mark.parametrize(("labels", "index"), [
    ([0, 1, 3], 2), ([0, -1, 2], 1), ([0.5, 1, 2], 0), ([0, 1, np.nan], 2), ([[0], [7], [1]], 1),
])
def test_bad_class_labels_raise_data_error_naming_the_sample(labels, index):
    with pytest.raises(neurons.DataError, match=rf"Y\[{index}\]"):
        SCE.targets(labels, 3, 3)


@pytest.mark.parametrize("labels", [[0, 1], [0, 1, 2, 0], [[0, 1, 2]], np.zeros((3, 2)),
                                    np.zeros((3, 3, 1))])
def test_softmax_ce_targets_of_the_wrong_shape_raise_shape_error(labels):
    with pytest.raises(neurons.ShapeError, match=r"expected 3 class indices"):
        SCE.targets(labels, 3, 3)


def test_loss_names_and_aliases():
    assert losses.names() == ["binary_cross_entropy", "mse", "quadratic", "quadratic_sum",
                              "softmax_cross_entropy", "sse", "sse_sum"]
    assert losses.get("bce") is BCE and losses.get("BCE") is BCE
    assert losses.get("cross_entropy") is SCE
    assert losses.get("mean_squared_error") is MSE and losses.get("MSE") is MSE
    assert losses.get(MSE) is MSE and losses.get("mse") is losses.get("mse")


@pytest.mark.parametrize(("bad", "error", "base"), [
    ("hinge", neurons.UnknownNameError, LookupError), ("", neurons.UnknownNameError, LookupError),
    (1, neurons.ArgumentTypeError, TypeError),  # not a name at all
])
def test_unknown_loss_lists_the_known_ones(bad, error, base):
    with pytest.raises(error) as info:
        losses.get(bad)
    assert isinstance(info.value, base)
    for name in losses.names():
        assert name in str(info.value)
