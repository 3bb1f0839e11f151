"""The classic small data sets, as functions returning NumPy arrays.

Each function documents where its set comes from; the fixed sets match the
figures in the project's worked examples (sections 5, 6, 7 and 12).

========================  ==============================================================
``height_weight``         six people (four to train, two to test): female or male?
``toy16``                 16 rows of 4 binary features; the label is the third feature
``tabular3``              4 rows of 3 inputs: copy the first column, or XOR of the first two
``xor``                   the XOR truth table: 4 rows of 2 inputs, the classic hidden-layer test
``two_moons``             two interleaving half circles in 2-D, two classes (random)
``spirals``               ``classes`` interleaved spiral arms in 2-D (random)
``shapes``                8x8 images of four strokes for a convolutional network (random)
``sine_sequences``        noisy sine waves, each step's target the next value (random)
``train_val_test_split``  cut any (X, y) into training, validation and test rows
========================  ==============================================================

Examples
--------
>>> from neurons import datasets
>>> X, y, names = datasets.height_weight()
>>> names, y.tolist()
(['Alice', 'Bob', 'Charlie', 'Diana'], [1.0, 0.0, 0.0, 1.0])
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .checks import check_choice, check_count, check_flag, check_number, check_seed
from .errors import DataError, ParameterError, ShapeError

__all__ = ["Split", "height_weight", "shapes", "sine_sequences", "spirals", "tabular3", "toy16",
           "train_val_test_split", "two_moons", "xor"]

_PEOPLE = [("Alice", -2, -1, 1), ("Bob", 25, 6, 0), ("Charlie", 17, 4, 0), ("Diana", -15, -6, 1),
           ("Emily", -7, -3, 1), ("Frank", 20, 2, 0)]  # weight - 135 lb, height - 66 in, female
_PEOPLE_ROWS = {"train": slice(0, 4), "test": slice(4, 6), "all": slice(0, 6)}
_TOY16_X = [[1, 1, 0, 1], [0, 1, 0, 1], [0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 1, 1],
            [0, 0, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0],
            [1, 1, 1, 1], [0, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1]]
_TABULAR3_TARGETS = {"first": [0, 0, 1, 1], "xor": [0, 1, 1, 0]}
_SHAPE_NAMES = ["horizontal bar", "vertical bar", "falling diagonal", "rising diagonal"]
_SHAPE_STEPS = np.array([[0, 1], [1, 0], [1, 1], [-1, 1]])  # (row, column) step along a stroke


class Split(NamedTuple):
    """Training, validation and test rows (from :func:`toy16`, :func:`train_val_test_split`)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def height_weight(people: str = "train") -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The height/weight people: predict the sex from two centred measurements.

    From Victor Zhou's introductory article "Machine Learning for Beginners: An
    Introduction to Neural Networks" (2019), where a 2-2-1 sigmoid network is trained
    on four people and then asked about two newcomers. The features are shifted so
    that they sit near zero: weight minus 135 lb and height minus 66 in.

    Parameters
    ----------
    people : {"train", "test", "all"}
        The four training people (Alice, Bob, Charlie, Diana), the two test people
        (Emily, Frank), or all six in that order.

    Returns
    -------
    X : ndarray of float, shape (n, 2)
        Columns: weight - 135 (lb), height - 66 (in).
    y : ndarray of float, shape (n,)
        1.0 for female, 0.0 for male.
    names : list of str
        The people's first names, in row order.

    Examples
    --------
    >>> X, y, names = height_weight("test")
    >>> names, X.tolist(), y.tolist()
    (['Emily', 'Frank'], [[-7.0, -3.0], [20.0, 2.0]], [1.0, 0.0])
    """
    check_choice(people, "people", ("train", "test", "all"))
    rows = _PEOPLE[_PEOPLE_ROWS[people]]
    X = np.array([[w, h] for _, w, h, _ in rows], dtype=float)
    return X, np.array([r[3] for r in rows], dtype=float), [r[0] for r in rows]


def toy16(split: bool = True) -> Split | tuple[np.ndarray, np.ndarray]:
    """The 16-point binary toy set of worked example 6 (a softmax cross-entropy exercise).

    Each row holds 4 binary features and its label is simply the third feature, so a
    single linear layer with a softmax can classify it perfectly. The split is in row
    order: rows 0-7 train, 8-11 validation, 12-15 test.

    Returns
    -------
    Split or (X, y)
        With ``split=True`` a :class:`Split`, else the full arrays: X float (16, 4) of
        0.0/1.0, y int (16,).

    Examples
    --------
    >>> s = toy16()
    >>> s.X_train.shape, s.X_val.shape, s.X_test.shape
    ((8, 4), (4, 4), (4, 4))
    >>> s.y_test.tolist()
    [1, 1, 0, 0]
    """
    X = np.array(_TOY16_X, dtype=float)
    y = X[:, 2].astype(int)
    if not check_flag(split, "split"):
        return X, y
    return Split(X[:8], y[:8], X[8:12], y[8:12], X[12:], y[12:])


def tabular3(target: str = "first") -> tuple[np.ndarray, np.ndarray]:
    """Four rows of three inputs (the last always 1), from Andrew Trask's 2015 tutorial
    "A Neural Network in 11 lines of Python".

    With ``target="first"`` the output copies the first column, which one sigmoid layer
    learns; with ``target="xor"`` it is the XOR of the first two columns, which needs a
    hidden layer.

    Returns
    -------
    X : ndarray of float, shape (4, 3)
    y : ndarray of float, shape (4, 1)
        A column, so it fits a one-output network and MSE directly.

    Examples
    --------
    >>> X, y = tabular3("xor")
    >>> y.ravel().tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    check_choice(target, "target", ("first", "xor"))
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    return X, np.array(_TABULAR3_TARGETS[target], dtype=float).reshape(-1, 1)


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The XOR truth table: the output is 1 when exactly one of the two inputs is 1.

    The classic problem no single neuron can solve (Minsky and Papert, "Perceptrons",
    1969): no straight line separates (0, 1) and (1, 0) from (0, 0) and (1, 1), so a
    network needs a hidden layer, and 2-2-1 is the smallest one that learns it. That
    small network also shows a second classic lesson: from some starting weights it
    settles in a local minimum instead, with outputs near 0, 0.5, 1, 0.5 (two rows
    learnt, two left undecided) that more epochs do not leave. With the settings of
    the example below, 9 of the seeds 0-49 get stuck there (seed 0 among them); with a
    third hidden neuron (2-3-1) only 1 of the 50 does.

    Unlike :func:`tabular3` ``("xor")`` there is no constant third input: the network's
    biases play its part.

    Returns
    -------
    X : ndarray of float, shape (4, 2)
        The rows (0, 0), (0, 1), (1, 0), (1, 1), in that order.
    y : ndarray of float, shape (4, 1)
        0, 1, 1, 0: a column, as :func:`tabular3` gives it, so it fits a one-output
        network with ``"mse"`` or ``"binary_cross_entropy"`` directly and
        ``net.predict(X)`` (also samples x outputs) compares with it element by element.

    Examples
    --------
    >>> from neurons import Network, accuracy
    >>> X, y = xor()
    >>> X.tolist(), y.ravel().tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    >>> net = Network.dense([2, 2, 1], activation="sigmoid", seed=1)
    >>> history = net.train(X, y, epochs=1000, lr=5.0, loss="binary_cross_entropy")
    >>> accuracy(net, X, y), (net.predict(X) > 0.5).ravel().tolist()
    (1.0, [False, True, True, False])
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.logical_xor(X[:, 0], X[:, 1]).astype(float).reshape(-1, 1)


def _check_noise(noise: Any) -> float:
    return check_number(noise, "noise", non_negative=True)


def sine_sequences(n: int = 500, steps: int = 20, noise: float = 0.1,
                   seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Noisy sine waves for a recurrent network: at each step, predict the next value.

    Sequence s samples ``sin(w_s t + p_s)`` at t = 0, 1, ..., ``steps`` (one more than
    the inputs) with a period drawn between 8 and 16 steps and a phase anywhere, plus
    Gaussian noise of standard deviation ``noise``. The inputs are the first ``steps``
    values, the targets the ``steps`` values after them (the next value at every step),
    so that ``Network.rnn(1, H, 1, steps=steps)`` takes them as they are. The same
    ``seed`` gives the same data.

    Returns
    -------
    X : ndarray of float, shape (n, steps, 1)
        Samples x steps x inputs (:mod:`neurons.data` reads it as samples x steps).
    Y : ndarray of float, shape (n, steps)
        ``Y[s, t]`` is ``X[s, t + 1, 0]`` for t < steps - 1, and the value after the last.

    Examples
    --------
    >>> X, Y = sine_sequences(3, steps=5, seed=0)
    >>> X.shape, Y.shape, bool(np.array_equal(X[:, 1:, 0], Y[:, :-1]))
    ((3, 5, 1), (3, 5), True)
    """
    n, steps = check_count(n, "n"), check_count(steps, "steps")
    noise = _check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    period = rng.uniform(8.0, 16.0, size=(n, 1))
    phase = rng.uniform(0.0, 2 * np.pi, size=(n, 1))
    t = np.arange(steps + 1)
    values = np.sin(2 * np.pi * t / period + phase) + rng.normal(0.0, noise, (n, steps + 1))
    return values[:, :-1, None], values[:, 1:]


def two_moons(n: int = 200, noise: float = 0.1,
              seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, the 2-D two-class set of worked example 12.

    The same construction as scikit-learn's ``make_moons``: class 0 is the upper half
    of the unit circle about (0, 0), points (cos t, sin t) for t in [0, pi]; class 1
    is the lower half of the unit circle about (1, 0.5), points (1 - cos t,
    0.5 - sin t). Class 0 gets ``n // 2`` evenly spaced points and class 1 the rest;
    Gaussian noise of standard deviation ``noise`` is added to both coordinates and
    the rows are shuffled. The same ``seed`` gives the same data.

    Returns
    -------
    X : ndarray of float, shape (n, 2)
    y : ndarray of int, shape (n,), 0 (upper moon) or 1 (lower moon)

    Examples
    --------
    >>> X, y = two_moons(200, noise=0.1, seed=0)
    >>> X.shape, np.bincount(y).tolist()
    ((200, 2), [100, 100])
    """
    n, noise = check_count(n, "n", minimum=2), _check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    t_out, t_in = np.linspace(0, np.pi, n // 2), np.linspace(0, np.pi, n - n // 2)
    X = np.vstack([np.column_stack([np.cos(t_out), np.sin(t_out)]),
                   np.column_stack([1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5])])
    y = np.repeat([0, 1], [n // 2, n - n // 2])
    X = X + rng.normal(0.0, noise, size=X.shape)
    order = rng.permutation(n)
    return X[order], y[order]


def spirals(n: int = 300, classes: int = 3, seed: int | None = None,
            noise: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class, as in the Stanford CS231n notes'
    "neural networks case study".

    For class k the radius runs evenly from 0 to 1 while the angle runs evenly from
    4k to 4(k + 1) radians plus Gaussian noise of standard deviation ``noise``; the
    points are (r sin t, r cos t). The ``n`` points are shared as evenly as possible
    (the first ``n % classes`` classes get one extra). As in the original, the rows
    are grouped by class, not shuffled: shuffle (e.g. with
    :func:`train_val_test_split`) before splitting.

    Returns
    -------
    X : ndarray of float, shape (n, 2)
    y : ndarray of int, shape (n,), values in [0, classes)

    Examples
    --------
    >>> X, y = spirals(10, classes=3, seed=0)
    >>> X.shape, np.bincount(y).tolist()
    ((10, 2), [4, 3, 3])
    """
    classes = check_count(classes, "classes", minimum=2)
    n, noise = check_count(n, "n", minimum=classes), _check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    sizes = [n // classes + (k < n % classes) for k in range(classes)]
    X, y = [], []
    for k, m in enumerate(sizes):
        r = np.linspace(0.0, 1.0, m)
        t = np.linspace(4.0 * k, 4.0 * (k + 1), m) + noise * rng.standard_normal(m)
        X.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        y.append(np.full(m, k))
    return np.vstack(X), np.concatenate(y)


def shapes(n: int = 1000, size: int = 8, noise: float = 0.1, shift: bool = True,
           seed: int | None = None, flat: bool = True) -> tuple[np.ndarray, np.ndarray, list[str]]:
    r"""Small grey images of one straight stroke each, four classes, for a convolutional network.

    A set made for this library. Each image is ``size`` x ``size`` pixels of background
    0.0 crossed by one stroke of value 1.0, one pixel wide and ``size // 2 + 1`` pixels
    long (5 in an 8 x 8 image), in one of four directions: the class. They are the
    oriented bars with which Hubel and Wiesel (1959) found the orientation-selective
    cells of the cat's visual cortex that inspired convolutional networks.

    =====  ======================  ==================================
    class  name                    stroke
    =====  ======================  ==================================
    0      ``"horizontal bar"``    ``-`` along a row
    1      ``"vertical bar"``      ``|`` down a column
    2      ``"falling diagonal"``  ``\`` from top left to bottom right
    3      ``"rising diagonal"``   ``/`` from bottom left to top right
    =====  ======================  ==================================

    With ``shift`` each stroke lies anywhere it fits whole, every place equally likely
    (a horizontal bar of an 8 x 8 image in any of the 8 rows, starting in any of the
    first 4 columns); without it every stroke of a class sits at the same place, near
    the centre. Then Gaussian noise of standard deviation ``noise`` is added to every
    pixel and the values are clipped to [0, 1].

    The classes differ in local shape, not in place. Unshifted, one template per class
    tells them apart. Shifted, no linear model of the pixels can: in an 8 x 8 image five
    horizontal bars stacked fill the same square as five vertical bars side by side, so
    a linear score (weights times pixels plus a bias) has the same total over both groups
    and cannot be higher on every horizontal bar than on every vertical one; fitted by
    least squares to 1000 noise-free images, one gets about 3 in 4 of them right. The
    largest product of two neighbouring pixels along each direction, the kind of local
    feature a 3 x 3 convolution followed by max pooling computes, classifies every one
    of them.

    The ``n`` images are shared among the classes as evenly as possible (the first
    ``n % 4`` classes get one more) and the rows are shuffled. The same ``seed`` gives
    the same images; it also gives the same strokes in the same order at any ``noise``,
    so ``shapes(noise=0.0, seed=s)`` shows the clean images of ``shapes(seed=s)``.

    Parameters
    ----------
    n : int
        The number of images, at least 1.
    size : int
        The side of an image in pixels, at least 4.
    noise : float
        The standard deviation of the Gaussian pixel noise, zero or positive.
    shift : bool
        Put each stroke at a random place (True) or each class's strokes at one place.
    seed : int or None
        The seed of ``numpy.random.default_rng`` for the places, the noise and the order.
    flat : bool
        Return each image as one row of ``size * size`` inputs (True) or as an array of
        one channel, ``(1, size, size)``.

    Returns
    -------
    X : ndarray of float, shape (n, size * size) or (n, 1, size, size)
        Pixel values in [0, 1]. A flat row holds the image row by row: pixel (r, c) is
        column ``r * size + c``, so a network's inputs x1, x2, ... read the image like
        text, and ``X.reshape(n, 1, size, size)`` gives the images of ``flat=False``.
    y : ndarray of int, shape (n,)
        The class of each image, 0 to 3.
    names : list of str
        The class names: ``names[k]`` is class k's.

    Raises
    ------
    ArgumentTypeError
        When ``n`` or ``size`` is not an integer, ``noise`` not a number, ``shift`` or
        ``flat`` not a bool, or ``seed`` not an integer or None.
    ParameterError
        When ``n < 1``, ``size < 4``, ``noise`` is negative or not finite, or ``seed``
        is negative.

    Examples
    --------
    >>> X, y, names = shapes(1000, seed=0)
    >>> X.shape, np.bincount(y).tolist(), float(X.min()), float(X.max())
    ((1000, 64), [250, 250, 250, 250], 0.0, 1.0)
    >>> X, y, names = shapes(4, noise=0.0, shift=False, flat=False)
    >>> names[3]
    'rising diagonal'
    >>> for row in X[y == 3][0, 0]:
    ...     print("".join(str(int(v)) for v in row))
    00000000
    00000100
    00001000
    00010000
    00100000
    01000000
    00000000
    00000000
    """
    n = check_count(n, "n")
    size, noise = check_count(size, "size", minimum=4), _check_noise(noise)
    shift, flat = check_flag(shift, "shift"), check_flag(flat, "flat")
    rng = np.random.default_rng(check_seed(seed))
    k = len(_SHAPE_NAMES)
    y = np.repeat(np.arange(k), [n // k + (c < n % k) for c in range(k)])
    length = size // 2 + 1
    # The top-left corner of a stroke's bounding box goes in rows 0..rows-1, columns 0..cols-1.
    rows = np.where(y == 0, size, size - length + 1)
    cols = np.where(y == 1, size, size - length + 1)
    if shift:
        top, left = rng.integers(0, rows), rng.integers(0, cols)
    else:
        top, left = (rows - 1) // 2, (cols - 1) // 2
    step = _SHAPE_STEPS[y]
    i = np.arange(length)
    r = (top + np.where(y == 3, length - 1, 0))[:, None] + step[:, :1] * i
    c = left[:, None] + step[:, 1:] * i
    X = np.zeros((n, size, size))
    X[np.arange(n)[:, None], r, c] = 1.0
    X = np.clip(X + noise * rng.standard_normal(X.shape), 0.0, 1.0)
    order = rng.permutation(n)
    X, y = X[order], y[order]
    return (X.reshape(n, size * size) if flat else X[:, None]), y, list(_SHAPE_NAMES)


def train_val_test_split(X: Any, y: Any, val: float = 0.2, test: float = 0.2,
                         seed: int | None = None, shuffle: bool = True) -> Split:
    """Cut the rows of ``(X, y)`` into training, validation and test sets.

    ``n_test = round(test * n)`` and ``n_val = round(val * n)`` (Python's ``round``,
    halves to even); the remaining rows train. The order is train, then validation,
    then test, as in :func:`toy16`. With ``shuffle`` the rows are first permuted by a
    generator seeded with ``seed``; without it they keep their order. The parts are
    copies, never views of the inputs.

    Raises
    ------
    ShapeError
        When X and y have different numbers of rows.
    ParameterError
        When a fraction is outside [0, 1), ``val + test >= 1``, or no row is left to train.

    Examples
    --------
    >>> X, y = np.arange(20).reshape(10, 2), np.arange(10)
    >>> parts = train_val_test_split(X, y, val=0.2, test=0.3, shuffle=False)
    >>> parts.y_train.tolist(), parts.y_val.tolist(), parts.y_test.tolist()
    ([0, 1, 2, 3, 4], [5, 6], [7, 8, 9])
    """
    X, y = np.atleast_1d(X), np.atleast_1d(y)
    if len(X) != len(y):
        raise ShapeError(f"X has {len(X)} rows but y has {len(y)}; they need one row per sample")
    if len(X) == 0:
        raise DataError("X and y have no samples: there is nothing to split")
    for name, frac in (("val", val), ("test", test)):
        if not 0 <= check_number(frac, name) < 1:
            raise ParameterError(f"{name} must be a fraction in [0, 1), got {frac!r}")
    shuffle = check_flag(shuffle, "shuffle")
    if val + test >= 1:
        raise ParameterError(f"val + test must be < 1 to leave rows for training; "
                             f"got {val} + {test} = {val + test}")
    n = len(X)
    n_test, n_val = round(test * n), round(val * n)
    n_train = n - n_val - n_test
    if n_train < 1:
        raise ParameterError(f"val={val} and test={test} of {n} rows take {n_val} + {n_test} "
                             f"rows and leave none to train")
    order = np.random.default_rng(check_seed(seed)).permutation(n) if shuffle else np.arange(n)
    tr, va, te = order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
    return Split(X[tr], y[tr], X[va], y[va], X[te], y[te])
