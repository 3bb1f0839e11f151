"""Training on both paths: the classic walkthroughs, optimizers by hand, and the contract."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from neurons import (
    DivergenceError,
    EarlyStopping,
    Network,
    ParameterError,
    accuracy,
    initializers,
    optimizers,
)
from neurons.datasets import height_weight, tabular3, toy16, two_moons

PATHS = ["neurons", "vectorized"]
OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]


def twin_networks(seed=1, **dense):
    kwargs = {"activation": "tanh", "output_activation": "identity", **dense}
    return Network.dense([3, 4, 2], seed=seed, **kwargs), Network.dense([3, 4, 2], seed=seed,
                                                                         **kwargs)


# -- both paths give the same parameters --------------------------------------------------------
@pytest.mark.parametrize("l2", [0.0, 0.01])
@pytest.mark.parametrize("batch_size", [None, 1, 5], ids=["full", "per-sample", "mini"])
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_both_paths_train_to_the_same_parameters(optimizer, batch_size, l2):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 3)), rng.integers(0, 2, 12)
    slow, fast = twin_networks()
    settings = dict(epochs=15, lr=0.05, loss="softmax_cross_entropy", optimizer=optimizer,
                    batch_size=batch_size, seed=3, l2=l2)
    h_slow = slow.train(X, y, path="neurons", **settings)
    h_fast = fast.train(X, y, path="vectorized", **settings)
    before = Network.dense([3, 4, 2], seed=1, activation="tanh", output_activation="identity")
    p_slow, p_fast = slow.parameters(), fast.parameters()
    assert max(abs(p_slow[p] - p_fast[p]) for p in p_slow) <= 1e-10
    assert p_fast != before.parameters()  # it did train
    np.testing.assert_allclose(h_slow.loss, h_fast.loss, rtol=1e-10)
    # The neurons and the graph's edges hold the trained values on either path.
    for net in (slow, fast):
        for u, v, d in net.graph.edges(data=True):
            assert d["weight"] == net.weight(u, v)


def test_l2_penalises_weights_not_biases():
    X, y = np.array([[1.0, 2.0, 0.5]]), np.array([0.3, -0.2])
    plain, regular = twin_networks(output_activation="identity")
    g = plain.gradients(X, y)
    h = regular.train(X, y, epochs=1, lr=1e-3, l2=0.5, optimizer="sgd")
    for p, v in plain.parameters().items():
        extra = 0.5 * v if p.startswith("w") else 0.0
        assert regular.parameter(p) == pytest.approx(v - 1e-3 * (g[p] + extra), rel=1e-12)
    w = np.array([v for p, v in plain.parameters().items() if p.startswith("w")])
    assert h.loss[0] == pytest.approx(plain.loss(X, y) + 0.25 * np.sum(w**2), rel=1e-12)


# -- each optimizer against steps worked out by hand --------------------------------------------
W0, G1, G2, LR = [1.0, -2.0], [0.5, -0.25], [0.1, 0.4], 0.1


def two_steps(optimizer):
    w = np.array(W0)
    optimizer.reset([w])
    optimizer.step([w], [np.array(G1)], LR)
    first = w.copy()
    optimizer.step([w], [np.array(G2)], LR)
    return first, w


def test_sgd_by_hand():
    first, second = two_steps(optimizers.SGD())
    np.testing.assert_allclose(first, [1.0 - 0.05, -2.0 + 0.025], rtol=1e-15)
    np.testing.assert_allclose(second, [0.95 - 0.01, -1.975 - 0.04], rtol=1e-15)


def test_momentum_by_hand():
    # v1 = -lr g1 = [-0.05, 0.025]; w1 = w0 + v1
    # v2 = 0.9 v1 - lr g2 = [-0.045 - 0.01, 0.0225 - 0.04] = [-0.055, -0.0175]; w2 = w1 + v2
    first, second = two_steps(optimizers.Momentum(mu=0.9))
    np.testing.assert_allclose(first, [0.95, -1.975], rtol=1e-15)
    np.testing.assert_allclose(second, [0.895, -1.9925], rtol=1e-14)


def test_nesterov_by_hand():
    # v1 = [-0.05, 0.025]; w1 = w0 + 0.9 v1 - lr g1 = [1 - 0.045 - 0.05, -2 + 0.0225 + 0.025]
    # v2 = [-0.055, -0.0175]; w2 = w1 + 0.9 v2 - lr g2 = w1 + [-0.0495 - 0.01, -0.01575 - 0.04]
    first, second = two_steps(optimizers.Nesterov(mu=0.9))
    np.testing.assert_allclose(first, [0.905, -1.9525], rtol=1e-14)
    np.testing.assert_allclose(second, [0.8455, -2.00825], rtol=1e-14)


def test_adagrad_by_hand():
    # G1 = g1^2 = [0.25, 0.0625]: steps lr g/sqrt(G) = lr sign(g) = [0.1, -0.1]
    # G2 = [0.26, 0.2225]: steps [0.01/sqrt(0.26), 0.04/sqrt(0.2225)] = [0.019612, 0.084800]
    first, second = two_steps(optimizers.Adagrad(eps=0.0))
    np.testing.assert_allclose(first, [0.9, -1.9], rtol=1e-15)
    np.testing.assert_allclose(second, [0.9 - 0.01 / 0.26**0.5, -1.9 - 0.04 / 0.2225**0.5],
                               rtol=1e-14)
    assert second[0] == pytest.approx(0.880388, abs=1e-6)


def test_rmsprop_by_hand():
    # E1 = 0.1 g1^2 = [0.025, 0.00625]: steps lr g / sqrt(E1) = [0.1 * 0.5/0.158114, ...]
    first, second = two_steps(optimizers.RMSprop(rho=0.9, eps=0.0))
    np.testing.assert_allclose(first, [1 - 0.05 / 0.025**0.5, -2 + 0.025 / 0.00625**0.5],
                               rtol=1e-14)
    assert first[0] == pytest.approx(0.683772, abs=1e-6)
    E2 = np.array([0.9 * 0.025 + 0.1 * 0.01, 0.9 * 0.00625 + 0.1 * 0.16])
    np.testing.assert_allclose(second, first - LR * np.array(G2) / np.sqrt(E2), rtol=1e-14)


def test_adam_by_hand():
    # Step 1: m_hat = g1, v_hat = g1^2, so the step is lr sign(g1) (with eps = 0).
    # Step 2: m = 0.9*0.1 g1 + 0.1 g2, v = 0.999*0.001 g1^2 + 0.001 g2^2, corrected by
    # 1 - 0.9^2 = 0.19 and 1 - 0.999^2 = 0.001999.
    first, second = two_steps(optimizers.Adam(eps=0.0))
    np.testing.assert_allclose(first, [0.9, -1.9], rtol=1e-15)
    m = 0.09 * np.array(G1) + 0.1 * np.array(G2)
    v = 0.999 * 0.001 * np.array(G1) ** 2 + 0.001 * np.array(G2) ** 2
    np.testing.assert_allclose(second, first - LR * (m / 0.19) / np.sqrt(v / 0.001999), rtol=1e-13)
    assert second[0] == pytest.approx(0.9 - 0.1 * 0.055 / 0.19 / np.sqrt(0.00025975 / 0.001999),
                                      rel=1e-6)


def test_optimizer_lookup_and_settings():
    assert isinstance(optimizers.get("adam"), optimizers.Adam)
    assert optimizers.get("momentum").mu == 0.9
    with pytest.raises(ParameterError, match="mu must be in"):
        optimizers.Momentum(mu=1.5)
    with pytest.raises(LookupError, match="known optimizers"):
        optimizers.get("lion")


# -- worked examples 5, 6, 7 and 11 on both paths -----------------------------------------------
@pytest.mark.parametrize("path", PATHS)
def test_height_weight_separates_emily_and_frank(path):
    X, y, _ = height_weight("train")
    X_test, _, names = height_weight("test")
    net = Network.dense([2, 2, 1], seed=1)
    history = net.train(X, y, epochs=1000, lr=0.1, batch_size=1, shuffle=False, path=path)
    assert np.all(np.diff(history.loss) <= 0)  # the loss falls steadily
    emily, frank = net.predict(X_test)[:, 0]
    assert names == ["Emily", "Frank"]
    assert emily == pytest.approx(0.95, abs=0.03) and frank == pytest.approx(0.04, abs=0.03)


@pytest.mark.parametrize("path", PATHS)
def test_toy16_reaches_full_validation_and_test_accuracy(path):
    s = toy16()
    net = Network.dense([4, 2], activation="identity", init=initializers.Normal(1.0), seed=0)
    # random mini-batches of 4 from 8 samples: 2 steps an epoch, 4000 steps
    net.train(s.X_train, s.y_train, epochs=2000, lr=0.01, batch_size=4,
              loss="softmax_cross_entropy", seed=0, path=path)
    assert accuracy(net, s.X_val, s.y_val) == 1.0
    assert accuracy(net, s.X_test, s.y_test) == 1.0


@pytest.mark.parametrize("path", PATHS)
def test_tabular_first_column(path):
    """Gradient descent on 1/2 SSE with rate 1 is MSE (a mean over 4) with rate 2."""
    X, y = tabular3("first")
    net = Network.dense([3, 1], bias=False, init=initializers.Uniform(1.0), seed=1)
    history = net.train(X, y, epochs=10000, lr=2.0, shuffle=False, path=path)
    out = net.predict(X)[:, 0]
    for value, quoted in zip(out, [0.0097, 0.0079, 0.9936, 0.9921]):
        assert abs(value - quoted) <= 1e-4
    assert np.all(np.diff(history.loss) <= 0)


@pytest.mark.parametrize("path", PATHS)
def test_tabular_xor_needs_the_hidden_layer(path):
    X, y = tabular3("xor")
    net = Network.dense([3, 4, 1], bias=False, init=initializers.Uniform(1.0), seed=1)
    start = float(np.abs(y - net.predict(X)).mean())
    history = net.train(X, y, epochs=60000, lr=2.0, shuffle=False, path=path)
    end = float(np.abs(y - net.predict(X)).mean())
    assert start == pytest.approx(0.496, abs=0.02)
    assert end == pytest.approx(0.0035, abs=0.001)
    assert np.all(np.diff(history.loss) <= 0)
    assert np.all((net.predict(X) > 0.5) == (y > 0.5))


@pytest.mark.parametrize("path", PATHS)
def test_zero_init_keeps_hidden_units_identical(path):
    X, _ = tabular3()
    y = np.array([0.0, 0.0, 0.0, 1.0])  # AND: with balanced targets zero init would not move
    net = Network.dense([3, 4, 1], seed=0)
    with pytest.warns(UserWarning, match="symmetry"):
        initializers.initialize(net, "zeros")
    net.train(X, y, epochs=200, lr=2.0, shuffle=False, path=path)
    hidden = [net.neuron(h) for h in net.layers[1]]
    assert all(np.array_equal(h.weights, hidden[0].weights) and h.bias == hidden[0].bias
               for h in hidden)
    assert np.abs(hidden[0].weights).max() > 0  # trained, yet still one unit four times


@pytest.mark.parametrize("init", ["normal", "uniform", "xavier", "he"])
def test_initializers_are_reproducible(init):
    a, b = Network.dense([5, 7, 2], init=init, seed=3), Network.dense([5, 7, 2], init=init, seed=3)
    assert a.parameters() == b.parameters()
    assert a.parameters() != Network.dense([5, 7, 2], init=init, seed=4).parameters()


# -- divergence, early stopping, history, progress ----------------------------------------------
@pytest.mark.parametrize("path", PATHS)
def test_divergence_stops_and_keeps_finite_parameters(path):
    X, y = two_moons(40, seed=0)
    net = Network.dense([2, 8, 1], activation="identity", seed=0)
    with pytest.raises(DivergenceError) as info:
        net.train(X, y, epochs=200, lr=50.0, path=path)
    err = info.value
    assert isinstance(err, FloatingPointError)
    assert f"epoch {err.epoch}, step {err.step}" in str(err) and "lr=50" in str(err)
    values = np.array(list(net.parameters().values()))
    assert np.all(np.isfinite(values))
    assert net.neuron("o1").weights.tolist() == [
        net.graph.edges[h, "o1"]["weight"] for h in net.layers[1]]


def test_divergence_happens_at_the_same_step_on_both_paths():
    X, y = two_moons(40, seed=0)
    found = []
    for path in PATHS:
        net = Network.dense([2, 8, 1], activation="identity", seed=0)
        with pytest.raises(DivergenceError) as info:
            net.train(X, y, epochs=200, lr=50.0, path=path)
        found.append((info.value.epoch, info.value.step, net.parameters()))
    assert found[0][:2] == found[1][:2]
    assert max(abs(found[0][2][p] - found[1][2][p]) for p in found[0][2]) <= 1e-6 * max(
        abs(v) for v in found[0][2].values())


@pytest.mark.parametrize("path", PATHS)
def test_validation_loss_is_the_networks_own_loss(path):
    """Confidently wrong sigmoid outputs: the reported loss is the exact one (from z)."""
    X, y = np.array([[40.0], [-40.0]]), np.array([0.0, 1.0])
    net = Network()
    net.add_input("x")
    net.add_neuron("o", {"x": 1.0}, bias=None)
    h = net.train(X, y, epochs=1, lr=1e-12, loss="bce", validation=(X, y), shuffle=False,
                  path=path)
    assert h.val_loss[0] == pytest.approx(net.loss(X, y, "bce"), rel=1e-9)
    assert h.val_loss[0] == pytest.approx(40.0, rel=1e-9)


def test_early_stopping_restores_the_best_epoch():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 2)), rng.normal(size=30)  # noise: validation soon worsens
    Xv, yv = rng.normal(size=(30, 2)), rng.normal(size=30)
    net = Network.dense([2, 16, 1], activation="tanh", output_activation="identity", seed=0)
    h = net.train(X, y, epochs=500, lr=0.1, validation=(Xv, yv), early_stopping=EarlyStopping(5),
                  optimizer="adam")
    assert h.stopped_early and h.epochs < 500
    assert h.best_epoch == 1 + int(np.argmin(h.val_loss))
    assert h.epochs == h.best_epoch + 5
    assert net.loss(Xv, yv) == pytest.approx(min(h.val_loss), rel=1e-9)


def test_early_stopping_without_a_finite_validation_loss_stops_with_nothing_to_restore():
    # A validation loss that overflows is never a best: training stops after `patience`
    # epochs, keeping the last parameters (it raised a TypeError on the missing best).
    net = Network.dense([1, 2, 1], seed=0)
    with pytest.warns(RuntimeWarning, match="overflow"):
        h = net.train([[0.0], [1.0]], [[0.0], [1.0]], epochs=10, lr=0.1,
                      validation=([[0.0]], [[1e200]]), early_stopping=2)
    assert h.stopped_early and h.best_epoch is None and h.epochs == 2
    assert h.val_loss == [np.inf, np.inf]


def test_history_plot_and_progress(capsys):
    X, y = two_moons(60, seed=1)
    net = Network.dense([2, 6, 1], activation="tanh", output_activation="sigmoid", seed=0)
    h = net.train(X, y, epochs=30, lr=0.5, loss="binary_cross_entropy", validation=(X, y),
                  progress=True)
    err = capsys.readouterr().err
    assert "30/30" in err and "loss=" in err
    assert len(h.loss) == len(h.val_loss) == len(h.accuracy) == len(h.val_accuracy) == 30
    assert all(b > a for a, b in zip(h.time, h.time[1:]))
    assert h.accuracy[-1] == accuracy(net, X, y)
    ax = h.plot().ax
    assert [line.get_label() for line in ax.get_lines()] == ["training loss", "validation loss"]
    assert len(ax.figure.axes) == 2  # accuracy on a second axis
    plt.close(ax.figure)
    net.train(X, y, epochs=3, lr=0.5, progress=False)
    assert capsys.readouterr().err == ""
    net.train(X, y, epochs=3, lr=0.5)  # not a terminal here: no bar unless asked for
    assert capsys.readouterr().err == ""


def test_float32_training_and_settings_errors():
    X, y = two_moons(50, seed=2)
    net = Network.dense([2, 8, 1], activation="tanh", output_activation="sigmoid", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = net.train(X, y, epochs=50, lr=0.5, loss="bce", dtype=np.float32)
    assert h.loss[-1] < h.loss[0]
    for bad, match in [(dict(epochs=0), "epochs"), (dict(lr=-1.0), "lr"),
                       (dict(batch_size=0), "batch_size"), (dict(path="gpu"), "path"),
                       (dict(path="neurons", dtype=np.float32), "float64"),
                       (dict(early_stopping=3), "validation")]:
        settings = {"epochs": 1, "lr": 0.1, **bad}
        with pytest.raises(ParameterError, match=match):
            net.train(X, y, **settings)
