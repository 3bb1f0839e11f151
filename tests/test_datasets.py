"""Data sets: exact values against ../shared/reference/worked-examples.md (5, 6, 7, 12),
shapes and dtypes, geometry and reproducibility of the random sets, and the splitter."""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurons import Network, accuracy, datasets
from neurons.errors import ArgumentTypeError, NeuronsError, ParameterError, ShapeError

TOY16_X = [[1, 1, 0, 1], [0, 1, 0, 1], [0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 1, 1],
           [0, 0, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0],
           [1, 1, 1, 1], [0, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1]]
TOY16_Y = [0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0]


# -- 5. height/weight ---------------------------------------------------------------------------
def test_height_weight_train():
    X, y, names = datasets.height_weight()
    assert names == ["Alice", "Bob", "Charlie", "Diana"]
    assert X.dtype == np.float64 and X.shape == (4, 2)
    assert X.tolist() == [[-2, -1], [25, 6], [17, 4], [-15, -6]]
    assert y.dtype == np.float64 and y.tolist() == [1, 0, 0, 1]


def test_height_weight_test_and_all():
    X, y, names = datasets.height_weight("test")
    assert names == ["Emily", "Frank"]
    assert X.tolist() == [[-7, -3], [20, 2]] and y.tolist() == [1, 0]
    X_all, y_all, names_all = datasets.height_weight("all")
    assert names_all == ["Alice", "Bob", "Charlie", "Diana", "Emily", "Frank"]
    assert X_all.shape == (6, 2) and X_all[4:].tolist() == [[-7, -3], [20, 2]]
    assert y_all.tolist() == [1, 0, 0, 1, 1, 0]


def test_height_weight_unknown_people():
    with pytest.raises(ParameterError, match=r"'train', 'test', 'all', not 'everyone'"):
        datasets.height_weight("everyone")


# -- 6. toy16 -----------------------------------------------------------------------------------
def test_toy16_full():
    X, y = datasets.toy16(split=False)
    assert X.shape == (16, 4) and X.dtype == np.float64
    assert np.issubdtype(y.dtype, np.integer) and y.shape == (16,)
    assert X.tolist() == TOY16_X and y.tolist() == TOY16_Y
    for row, label in zip(X, y):
        assert label == row[2]


def test_toy16_split_in_order():
    s = datasets.toy16()
    assert isinstance(s, datasets.Split)
    assert s.X_train.tolist() == TOY16_X[:8] and s.y_train.tolist() == TOY16_Y[:8]
    assert s.X_val.tolist() == TOY16_X[8:12] and s.y_val.tolist() == TOY16_Y[8:12]
    assert s.X_test.tolist() == TOY16_X[12:] and s.y_test.tolist() == TOY16_Y[12:]
    for X, y in ((s.X_train, s.y_train), (s.X_val, s.y_val), (s.X_test, s.y_test)):
        np.testing.assert_array_equal(y, X[:, 2])


def test_toy16_is_fresh_each_call():
    a = datasets.toy16()
    a.X_train[0, 0] = 99
    assert datasets.toy16().X_train[0, 0] == 1


# -- 7. tabular3 --------------------------------------------------------------------------------
@pytest.mark.parametrize(("target", "expected"), [("first", [0, 0, 1, 1]), ("xor", [0, 1, 1, 0])])
def test_tabular3(target, expected):
    X, y = datasets.tabular3(target)
    assert X.tolist() == [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]] and X.dtype == np.float64
    assert y.shape == (4, 1) and y.dtype == np.float64
    assert y.ravel().tolist() == expected


def test_tabular3_default_and_meaning():
    X, y = datasets.tabular3()
    np.testing.assert_array_equal(y[:, 0], X[:, 0])
    X, y = datasets.tabular3("xor")
    np.testing.assert_array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))


def test_tabular3_unknown_target():
    with pytest.raises(ParameterError, match=r"'first', 'xor', not 'and'") as info:
        datasets.tabular3("and")
    assert isinstance(info.value, NeuronsError) and isinstance(info.value, ValueError)


# -- xor ---------------------------------------------------------------------------------------
def test_xor_table():
    X, y = datasets.xor()
    assert X.dtype == np.float64 and X.shape == (4, 2)
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.dtype == np.float64 and y.shape == (4, 1)  # a column, as tabular3 gives it
    assert y.ravel().tolist() == [0, 1, 1, 0]
    np.testing.assert_array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))
    # The same table as tabular3("xor") without its constant third input.
    X3, y3 = datasets.tabular3("xor")
    np.testing.assert_array_equal(X, X3[:, :2])
    np.testing.assert_array_equal(y, y3)


def test_xor_is_fresh_each_call():
    X, y = datasets.xor()
    X[0, 0], y[0, 0] = 99, 99
    X, y = datasets.xor()
    assert X[0, 0] == 0 and y[0, 0] == 0


@pytest.mark.parametrize("path", ["vectorized", "neurons"])
def test_xor_learnt_by_a_221_sigmoid_network(path):
    """The settings of the docstring: all four rows right, with a margin, on either path."""
    X, y = datasets.xor()
    net = Network.dense([2, 2, 1], activation="sigmoid", seed=1)
    history = net.train(X, y, epochs=1000, lr=5.0, loss="binary_cross_entropy", path=path)
    assert accuracy(net, X, y) == 1.0
    out = net.predict(X)
    assert out.shape == y.shape and np.abs(out - y).max() < 0.01
    assert history.loss[-1] < 0.005 < history.loss[0]
    # The mse loss reads the same column without a reshape.
    assert net.loss(X, y, "mse") < 1e-4


def test_xor_221_can_get_stuck():
    """The docstring's second lesson: seed 0 settles at outputs near 0, 0.5, 1, 0.5."""
    X, y = datasets.xor()
    net = Network.dense([2, 2, 1], activation="sigmoid", seed=0)
    net.train(X, y, epochs=1000, lr=5.0, loss="binary_cross_entropy")
    np.testing.assert_allclose(net.predict(X)[:, 0], [0.0, 0.5, 1.0, 0.5], atol=0.01)
    assert accuracy(net, X, y) < 1.0


# -- 12. two moons ------------------------------------------------------------------------------
def test_two_moons_shapes_and_balance():
    X, y = datasets.two_moons(seed=1)
    assert X.shape == (200, 2) and X.dtype == np.float64
    assert y.shape == (200,) and np.issubdtype(y.dtype, np.integer)
    assert np.bincount(y).tolist() == [100, 100]
    assert np.bincount(datasets.two_moons(7, seed=1)[1]).tolist() == [3, 4]


@pytest.mark.parametrize("make", [datasets.two_moons, datasets.spirals])
def test_generated_sets_are_reproducible(make):
    X1, y1 = make(60, seed=5)
    X2, y2 = make(60, seed=5)
    X3, _ = make(60, seed=6)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_two_moons_shuffled():
    _, y = datasets.two_moons(100, seed=0)
    assert not (np.all(y[:50] == 0) and np.all(y[50:] == 1))


@given(st.integers(2, 300), st.integers(0, 2**32 - 1))
def test_two_moons_noiseless_points_lie_on_their_half_circles(n, seed):
    X, y = datasets.two_moons(n, noise=0.0, seed=seed)
    outer, inner = X[y == 0], X[y == 1]
    assert len(outer) == n // 2 and len(inner) == n - n // 2
    np.testing.assert_allclose(np.hypot(*outer.T), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.hypot(inner[:, 0] - 1, inner[:, 1] - 0.5), 1.0, rtol=0,
                               atol=1e-12)
    assert np.all(outer[:, 1] >= -1e-12)  # upper half about (0, 0)
    assert np.all(inner[:, 1] <= 0.5 + 1e-12)  # lower half about (1, 0.5)


def test_two_moons_noise_scale():
    X, y = datasets.two_moons(4000, noise=0.1, seed=0)
    outer = X[y == 0]
    dist = np.hypot(*outer.T) - 1
    assert 0.05 < dist.std() < 0.15 and abs(dist.mean()) < 0.02


@pytest.mark.parametrize(("kwargs", "error", "pattern"), [
    ({"n": 1}, ParameterError, "n must be at least 2, not 1"),
    ({"n": 2.5}, ArgumentTypeError, "n must be an integer, not float 2.5"),
    ({"noise": -0.1}, ParameterError, "noise must be zero or positive, not -0.1"),
    ({"noise": float("nan")}, ParameterError, "noise must be finite, not nan"),
])
def test_two_moons_validation(kwargs, error, pattern):
    with pytest.raises(error, match=re.escape(pattern)):
        datasets.two_moons(**kwargs)


# -- spirals ------------------------------------------------------------------------------------
def test_spirals_shapes_and_balance():
    X, y = datasets.spirals(seed=0)
    assert X.shape == (300, 2) and X.dtype == np.float64
    assert np.issubdtype(y.dtype, np.integer) and np.bincount(y).tolist() == [100, 100, 100]
    _, y = datasets.spirals(11, classes=4, seed=0)
    assert np.bincount(y).tolist() == [3, 3, 3, 2]
    assert set(y.tolist()) == {0, 1, 2, 3}


@given(st.integers(2, 6), st.integers(0, 200), st.floats(0, 1))
def test_spirals_radius_runs_from_0_to_1(classes, extra, noise):
    n = classes + extra
    X, y = datasets.spirals(n, classes=classes, seed=0, noise=noise)
    r = np.hypot(*X.T)
    assert np.all((r >= 0) & (r <= 1 + 1e-12))
    for k in range(classes):  # the radius of each arm is linspace(0, 1), whatever the noise
        m = n // classes + (k < n % classes)
        np.testing.assert_allclose(r[y == k], np.linspace(0, 1, m), rtol=0, atol=1e-12)


def test_spirals_noiseless_angles():
    X, y = datasets.spirals(30, classes=3, noise=0.0)
    for k in range(3):
        arm = X[y == k][1:]  # skip r = 0, whose angle is undefined
        t = np.linspace(4 * k, 4 * (k + 1), 10)[1:]
        r = np.linspace(0, 1, 10)[1:]
        np.testing.assert_allclose(arm, np.column_stack([r * np.sin(t), r * np.cos(t)]),
                                   atol=1e-12)


@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"classes": 1}, "classes must be at least 2, not 1"),
    ({"n": 2, "classes": 3}, "n must be at least 3, not 2"),
    ({"noise": -1}, "noise must be zero or positive, not -1"),
])
def test_spirals_validation(kwargs, pattern):
    with pytest.raises(ParameterError, match=re.escape(pattern)):
        datasets.spirals(**kwargs)


# -- train_val_test_split -----------------------------------------------------------------------
def rows_of(X):
    return [tuple(r) for r in X.tolist()]


@given(st.integers(1, 200), st.floats(0, 0.45), st.floats(0, 0.45), st.integers(0, 1000))
def test_split_sizes_disjoint_and_covering(n, val, test, seed):
    X = np.arange(3 * n).reshape(n, 3)  # every row distinct
    y = np.arange(n) * 10
    n_test, n_val = round(test * n), round(val * n)
    if n - n_val - n_test < 1:
        with pytest.raises(ParameterError, match=f"of {n} rows take {n_val} \\+ {n_test}"):
            datasets.train_val_test_split(X, y, val=val, test=test, seed=seed)
        return
    s = datasets.train_val_test_split(X, y, val=val, test=test, seed=seed)
    assert (len(s.X_train), len(s.X_val), len(s.X_test)) == (n - n_val - n_test, n_val, n_test)
    parts = rows_of(s.X_train) + rows_of(s.X_val) + rows_of(s.X_test)
    assert sorted(parts) == rows_of(X)  # disjoint and covering
    for Xp, yp in ((s.X_train, s.y_train), (s.X_val, s.y_val), (s.X_test, s.y_test)):
        np.testing.assert_array_equal(yp, Xp[:, 0] // 3 * 10)  # rows stay paired


def test_split_known_sizes_and_rounding():
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    s = datasets.train_val_test_split(X, y, seed=0)
    assert (len(s.y_train), len(s.y_val), len(s.y_test)) == (6, 2, 2)
    s = datasets.train_val_test_split(X, y, val=0.25, test=0.15, seed=0)
    # round(2.5) = 2 and round(1.5) = 2: halves go to even
    assert (len(s.y_train), len(s.y_val), len(s.y_test)) == (6, 2, 2)


def test_split_without_shuffle_keeps_order():
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    s = datasets.train_val_test_split(X, y, val=0.2, test=0.3, shuffle=False)
    assert s.y_train.tolist() == [0, 1, 2, 3, 4]
    assert s.y_val.tolist() == [5, 6] and s.y_test.tolist() == [7, 8, 9]
    assert s.X_test.tolist() == [[14, 15], [16, 17], [18, 19]]


def test_split_without_shuffle_matches_toy16():
    X, y = datasets.toy16(split=False)
    s = datasets.train_val_test_split(X, y, val=0.25, test=0.25, shuffle=False)
    for got, want in zip(s, datasets.toy16()):
        np.testing.assert_array_equal(got, want)


def test_split_shuffle_is_seeded():
    X, y = np.arange(40).reshape(20, 2), np.arange(20)
    a = datasets.train_val_test_split(X, y, seed=1)
    b = datasets.train_val_test_split(X, y, seed=1)
    c = datasets.train_val_test_split(X, y, seed=2)
    np.testing.assert_array_equal(a.y_train, b.y_train)
    assert not np.array_equal(a.y_train, c.y_train)
    assert a.y_train.tolist() != list(range(12))


def test_split_returns_copies():
    X, y = np.zeros((10, 2)), np.zeros(10)
    for shuffle in (True, False):
        s = datasets.train_val_test_split(X, y, shuffle=shuffle, seed=0)
        for part in s:
            part[...] = 7
    assert not X.any() and not y.any()


def test_split_two_dimensional_targets():
    X, y = datasets.tabular3()
    s = datasets.train_val_test_split(X, y, val=0.25, test=0.25, shuffle=False)
    assert s.y_train.shape == (2, 1) and s.y_test.tolist() == [[1.0]]


def test_split_mismatched_rows():
    with pytest.raises(ShapeError, match="X has 5 rows but y has 4"):
        datasets.train_val_test_split(np.zeros((5, 2)), np.zeros(4))


@pytest.mark.parametrize(("val", "test", "pattern"), [
    (-0.1, 0.2, r"val must be a fraction in \[0, 1\), got -0.1"),
    (0.2, 1.0, r"test must be a fraction in \[0, 1\), got 1.0"),
    (float("nan"), 0.2, r"val must be finite, not nan"),
    (0.6, 0.4, r"val \+ test must be < 1.*0.6 \+ 0.4 = 1.0"),
])
def test_split_bad_fractions(val, test, pattern):
    with pytest.raises(ParameterError, match=pattern):
        datasets.train_val_test_split(np.zeros((10, 2)), np.zeros(10), val=val, test=test)


def test_split_leaving_no_training_rows():
    with pytest.raises(ParameterError, match=r"val=0\.5 and test=0\.4 of 2 rows take 1 \+ 1"):
        datasets.train_val_test_split(np.zeros((2, 1)), np.zeros(2), val=0.5, test=0.4)


# -- shapes -------------------------------------------------------------------------------------
SHAPE_NAMES = ["horizontal bar", "vertical bar", "falling diagonal", "rising diagonal"]


def stroke_pixels(image):
    """The (row, column) pairs of a noise-free image's stroke, sorted by row, then column."""
    return [tuple(p) for p in np.argwhere(image == 1.0).tolist()]


def neighbour_pair_classes(X, size):
    """Classify by the largest product of two neighbouring pixels in each class's direction:
    a 3 x 3 convolution (a filter per direction) and max pooling over the whole image."""
    img = X.reshape(len(X), size, size)
    scores = [(img[:, :, :-1] * img[:, :, 1:]).max(axis=(1, 2)),  # -
              (img[:, :-1] * img[:, 1:]).max(axis=(1, 2)),  # |
              (img[:, :-1, :-1] * img[:, 1:, 1:]).max(axis=(1, 2)),  # \
              (img[:, 1:, :-1] * img[:, :-1, 1:]).max(axis=(1, 2))]  # /
    return np.argmax(np.column_stack(scores), axis=1)


def least_squares_classes(X, y, X_new):
    """A linear model of the pixels: one-hot targets fitted by least squares, argmax."""
    A = np.column_stack([X, np.ones(len(X))])
    W = np.linalg.lstsq(A, np.eye(4)[y], rcond=None)[0]
    return np.argmax(np.column_stack([X_new, np.ones(len(X_new))]) @ W, axis=1)


def test_shapes_shapes_dtypes_and_balance():
    X, y, names = datasets.shapes(seed=0)
    assert X.shape == (1000, 64) and X.dtype == np.float64
    assert y.shape == (1000,) and np.issubdtype(y.dtype, np.integer)
    assert np.bincount(y).tolist() == [250, 250, 250, 250]
    assert names == SHAPE_NAMES
    X, y, _ = datasets.shapes(7, size=12, seed=0, flat=False)
    assert X.shape == (7, 1, 12, 12) and X.dtype == np.float64
    assert np.bincount(y).tolist() == [2, 2, 2, 1]  # the first n % 4 classes get one more
    X, y, _ = datasets.shapes(1, size=4, seed=0)
    assert X.shape == (1, 16) and y.tolist() == [0]


def test_shapes_names_are_a_fresh_list():
    _, _, names = datasets.shapes(4, seed=0)
    names[0] = "changed"
    assert datasets.shapes(4, seed=0)[2] == SHAPE_NAMES


def test_shapes_values_and_noise():
    clean, y_clean, _ = datasets.shapes(2000, noise=0.0, seed=3)
    X, y, _ = datasets.shapes(2000, noise=0.1, seed=3)
    assert set(np.unique(clean).tolist()) == {0.0, 1.0}
    assert (clean == 1.0).sum(axis=1).tolist() == [5] * 2000  # strokes of size // 2 + 1 pixels
    assert X.min() == 0.0 and X.max() == 1.0  # clipped, and clipping happens at both ends
    # The same seed gives the same strokes in the same order at any noise level.
    np.testing.assert_array_equal(y, y_clean)
    np.testing.assert_array_equal(X > 0.5, clean == 1.0)
    # Clipped N(0, 0.1): the background's mean is 0.1 / sqrt(2 pi) = 0.0399, half of it is
    # exactly 0; the stroke's mean is 1 - 0.0399.
    background, stroke = X[clean == 0.0], X[clean == 1.0]
    assert abs(background.mean() - 0.1 / np.sqrt(2 * np.pi)) < 0.002
    assert abs((background == 0.0).mean() - 0.5) < 0.01
    assert abs(stroke.mean() - (1 - 0.1 / np.sqrt(2 * np.pi))) < 0.002
    assert abs((stroke == 1.0).mean() - 0.5) < 0.01


def test_shapes_reproducible_and_shuffled():
    X1, y1, _ = datasets.shapes(300, seed=5)
    X2, y2, _ = datasets.shapes(300, seed=5)
    X3, y3, _ = datasets.shapes(300, seed=6)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3) and not np.array_equal(y1, y3)
    assert not np.array_equal(y1, np.sort(y1))
    # flat=False holds the same images, one channel first.
    X4, y4, _ = datasets.shapes(300, seed=5, flat=False)
    np.testing.assert_array_equal(X4.reshape(300, 64), X1)
    np.testing.assert_array_equal(y4, y1)


def test_shapes_flat_rows_read_the_image_like_text():
    X, y, _ = datasets.shapes(4, noise=0.0, shift=False, seed=0)
    # Unshifted, the horizontal bar is row 3, columns 1-5: pixel (r, c) is column 8 r + c.
    assert np.flatnonzero(X[y == 0][0]).tolist() == [25, 26, 27, 28, 29]
    assert np.flatnonzero(X[y == 1][0]).tolist() == [11, 19, 27, 35, 43]  # column 3, rows 1-5
    assert np.flatnonzero(X[y == 2][0]).tolist() == [9, 18, 27, 36, 45]
    assert np.flatnonzero(X[y == 3][0]).tolist() == [13, 20, 27, 34, 41]


@pytest.mark.parametrize("size", [4, 8, 11])
def test_shapes_each_class_is_its_stroke(size):
    length = size // 2 + 1
    X, y, _ = datasets.shapes(4000, size=size, noise=0.0, seed=1, flat=False)
    image, rows, cols = np.nonzero(X[:, 0] == 1.0)  # by image, then row, then column
    assert np.bincount(image, minlength=4000).tolist() == [length] * 4000
    rows, cols = rows.reshape(4000, length), cols.reshape(4000, length)
    span = size - length + 1
    for k, (down, right, places) in enumerate([(0, 1, size * span), (1, 0, span * size),
                                                (1, 1, span * span), (1, -1, span * span)]):
        assert np.all(np.diff(rows[y == k]) == down)  # read top to bottom
        assert np.all(np.diff(cols[y == k]) == right)
        # Every place where the stroke fits is used.
        assert len(set(zip(rows[y == k, 0].tolist(), cols[y == k, 0].tolist()))) == places


def test_shapes_row_and_column_sums():
    """A bar puts its 5 pixels in one row (or column); a diagonal puts one in each of 5."""
    X, y, _ = datasets.shapes(200, noise=0.0, seed=2, flat=False)
    rows, cols = X[:, 0].sum(axis=2), X[:, 0].sum(axis=1)
    one_line, spread = 25 / 8 - (5 / 8) ** 2, 5 / 8 - (5 / 8) ** 2  # 2.734375, 0.234375
    expected = {0: (one_line, spread), 1: (spread, one_line), 2: (spread, spread),
                3: (spread, spread)}
    for k, (row_var, col_var) in expected.items():
        np.testing.assert_allclose(rows[y == k].var(axis=1), row_var, rtol=0, atol=1e-12)
        np.testing.assert_allclose(cols[y == k].var(axis=1), col_var, rtol=0, atol=1e-12)


def test_shapes_unshifted_mean_images_are_the_strokes():
    X, y, _ = datasets.shapes(400, noise=0.1, shift=False, seed=4)
    templates, classes, _ = datasets.shapes(4, noise=0.0, shift=False, seed=0)
    templates = templates[np.argsort(classes)]  # class 0, 1, 2, 3
    for k in range(4):
        mean = X[y == k].mean(axis=0)
        assert mean[templates[k] == 1].min() > 0.93 and mean[templates[k] == 0].max() < 0.07
    # Nearest class mean: every new noisy unshifted image goes to its own class.
    means = np.stack([X[y == k].mean(axis=0) for k in range(4)])
    X_new, y_new, _ = datasets.shapes(400, noise=0.1, shift=False, seed=5)
    nearest = np.argmin(((X_new[:, None, :] - means) ** 2).sum(axis=2), axis=1)
    np.testing.assert_array_equal(nearest, y_new)


def test_shapes_need_local_features_once_shifted():
    X, y, _ = datasets.shapes(1000, noise=0.0, seed=0)
    # A linear model of the pixels gets about 3 in 4 right (0.734 here); unshifted, the
    # nearest class mean (also linear) gets all (test_shapes_unshifted_mean_images_...).
    assert 0.70 < (least_squares_classes(X, y, X) == y).mean() < 0.78
    # Local features pooled over the image: every image right, with noise too.
    np.testing.assert_array_equal(neighbour_pair_classes(X, 8), y)
    Xn, yn, _ = datasets.shapes(1000, noise=0.2, seed=0)
    np.testing.assert_array_equal(neighbour_pair_classes(Xn, 8), yn)


def test_shapes_five_bars_each_way_fill_the_same_square():
    """Why no linear model separates shifted horizontal from vertical bars: these five of
    each (all in the set) have the same sum, so any linear score has the same total."""
    X, y, _ = datasets.shapes(1000, noise=0.0, seed=0, flat=False)
    images = {(k, stroke_pixels(img)[0]) for img, k in zip(X[:, 0], y.tolist())}
    horizontal = np.zeros((5, 8, 8))
    vertical = np.zeros((5, 8, 8))
    for i in range(5):
        assert (0, (i, 0)) in images and (1, (0, i)) in images
        horizontal[i, i, :5] = 1
        vertical[i, :5, i] = 1
    square = np.zeros((8, 8))
    square[:5, :5] = 1
    np.testing.assert_array_equal(horizontal.sum(axis=0), square)
    np.testing.assert_array_equal(vertical.sum(axis=0), square)


@pytest.mark.parametrize(("kwargs", "error", "pattern"), [
    ({"n": 0}, ParameterError, "n must be at least 1, not 0"),
    ({"n": 10.0}, ArgumentTypeError, "n must be an integer, not float 10.0"),
    ({"size": 3}, ParameterError, "size must be at least 4, not 3"),
    ({"size": True}, ArgumentTypeError, "size must be an integer, not True (a bool)"),
    ({"noise": -0.1}, ParameterError, "noise must be zero or positive, not -0.1"),
    ({"noise": float("inf")}, ParameterError, "noise must be finite, not inf"),
    ({"noise": "0.1"}, ArgumentTypeError, "noise must be a number, not str '0.1'"),
    ({"shift": "yes"}, ArgumentTypeError, "shift must be True or False, not str 'yes'"),
    ({"flat": 1}, ArgumentTypeError, "flat must be True or False, not int 1"),
    ({"seed": -1}, ParameterError, "seed must be at least 0, not -1"),
])
def test_shapes_validation(kwargs, error, pattern):
    with pytest.raises(error, match=re.escape(pattern)) as info:
        datasets.shapes(**kwargs)
    assert isinstance(info.value, NeuronsError)
