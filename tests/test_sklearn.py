"""neurons.sklearn: the estimators pass scikit-learn's checks and work with its tools.

Without scikit-learn installed only the tests that the module imports anyway, and that
``import neurons`` never imports scikit-learn, run; the rest are skipped.
"""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import neurons
from neurons import Network, NeuronsError, datasets
from neurons.errors import ArgumentTypeError, ParameterError, UnknownNameError

try:
    import sklearn
except ImportError:
    sklearn = None

ROOT = Path(__file__).resolve().parent.parent
needs_sklearn = pytest.mark.skipif(sklearn is None, reason="scikit-learn is not installed")


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "MPLBACKEND": "Agg"})


# -- without scikit-learn ------------------------------------------------------------------------
def test_import_neurons_does_not_import_sklearn():
    done = run_python("import sys, neurons; print('sklearn' in sys.modules)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_module_imports_without_sklearn_and_says_what_to_install():
    # sys.modules[name] = None makes "import sklearn" fail as if it were not installed.
    done = run_python(
        "import sys\n"
        "sys.modules['sklearn'] = None\n"
        "import neurons\n"
        "import neurons.sklearn as m\n"
        "assert m.expected_failed_checks(None) == {}\n"
        "for name in ('NeuronsClassifier', 'NeuronsRegressor'):\n"
        "    try:\n"
        "        getattr(m, name)\n"
        "    except ImportError as error:\n"
        "        assert isinstance(error, neurons.NeuronsError)\n"
        "        assert 'pip install' in str(error) and name in str(error)\n"
        "    else:\n"
        "        raise AssertionError(name)\n"
        "try:\n"
        "    from neurons.sklearn import NeuronsClassifier\n"
        "except m.MissingDependencyError:\n"
        "    print('refused')\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused"


# -- scikit-learn's estimator checks ---------------------------------------------------------------
if sklearn is not None:
    from sklearn.base import clone
    from sklearn.inspection import DecisionBoundaryDisplay
    from sklearn.model_selection import GridSearchCV, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.utils.estimator_checks import parametrize_with_checks

    from neurons.sklearn import NeuronsClassifier, NeuronsRegressor, expected_failed_checks

    # Modest settings keep the ~110 checks at a few seconds; they still learn enough for
    # the checks that demand a good score (check_classifiers_train, check_regressors_train).
    @parametrize_with_checks(
        [NeuronsClassifier(epochs=20), NeuronsRegressor(epochs=20),
         NeuronsClassifier((8, 8), "tanh", epochs=20, early_stopping=True, n_iter_no_change=3)],
        expected_failed_checks=expected_failed_checks)
    def test_sklearn_estimator_checks(estimator, check):
        check(estimator)


@pytest.fixture(scope="module")
def moons():
    return datasets.two_moons(200, noise=0.1, seed=0)


# -- the classifier ------------------------------------------------------------------------------
@needs_sklearn
def test_binary_one_sigmoid_output_and_sklearn_shapes(moons):
    X, y = moons
    labels = np.array(["upper", "lower"])[y]
    clf = NeuronsClassifier(random_state=0).fit(X, labels)
    assert clf.classes_.tolist() == ["lower", "upper"]
    assert isinstance(clf.network_, Network)
    assert [len(layer) for layer in clf.network_.layers] == [2, 32, 1]
    assert clf.network_.neuron("o1").activation.name == "sigmoid"
    assert (clf.n_features_in_, clf.n_outputs_, clf.n_iter_) == (2, 1, 200)
    assert clf.history_.epochs == 200 and clf.history_.accuracy[-1] > 0.95
    p = clf.predict_proba(X)
    assert p.shape == (200, 2)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[:, 1], clf.network_.predict_proba(X)[:, 0], rtol=1e-12)
    z = clf.decision_function(X)
    assert z.shape == (200,)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[(z > 0).astype(int)])
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[p.argmax(axis=1)])
    assert clf.score(X, labels) > 0.95


@needs_sklearn
def test_multiclass_identity_outputs_and_softmax():
    X, y = datasets.spirals(150, classes=3, noise=0.1, seed=0)
    names = np.array(["a", "b", "c"])[y]
    clf = NeuronsClassifier((32, 32), random_state=0).fit(X, names)
    assert clf.classes_.tolist() == ["a", "b", "c"] and clf.n_outputs_ == 3
    assert {clf.network_.neuron(o).activation.name for o in clf.network_.outputs} == {"identity"}
    p = clf.predict_proba(X)
    assert p.shape == (150, 3)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p, clf.network_.predict_proba(X), rtol=1e-12)
    assert clf.decision_function(X).shape == (150, 3)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[p.argmax(axis=1)])
    assert clf.score(X, names) > 0.8


@needs_sklearn
def test_multilabel_sigmoid_outputs(moons):
    X, y = moons
    Y = np.column_stack([y, X[:, 0] > 0.5, X[:, 1] > 0]).astype(int)
    clf = NeuronsClassifier(random_state=0).fit(X, Y)
    assert clf.classes_.tolist() == [0, 1, 2] and clf.n_outputs_ == 3
    assert {clf.network_.neuron(o).activation.name for o in clf.network_.outputs} == {"sigmoid"}
    assert clf.predict(X).shape == clf.predict_proba(X).shape == (200, 3)
    assert set(np.unique(clf.predict(X))) <= {0, 1}
    assert clf.score(X, Y) > 0.8  # subset accuracy: every label of a sample right


@needs_sklearn
def test_regressor_keeps_the_targets_dimensions():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X[:, 0] - 2 * X[:, 1] ** 2
    reg = NeuronsRegressor(random_state=0).fit(X, y)
    assert reg.predict(X).shape == (200,) and reg.score(X, y) > 0.9
    assert reg.network_.neuron("o1").activation.name == "identity"
    assert NeuronsRegressor(epochs=2).fit(X, y[:, None]).predict(X).shape == (200, 1)
    Y = np.column_stack([y, X[:, 2]])
    two = NeuronsRegressor(random_state=0).fit(X, Y)
    assert two.predict(X).shape == (200, 2) and two.n_outputs_ == 2 and two.score(X, Y) > 0.9


# -- scikit-learn's tools --------------------------------------------------------------------------
@needs_sklearn
def test_pipeline_cross_val_score_two_moons(moons):
    X, y = moons
    model = make_pipeline(StandardScaler(), NeuronsClassifier(random_state=0))
    scores = cross_val_score(model, X, y, cv=5)
    assert scores.mean() > 0.9


@needs_sklearn
def test_grid_search_over_hidden_layer_sizes(moons):
    X, y = moons
    search = GridSearchCV(NeuronsClassifier(epochs=30, random_state=0),
                          {"hidden_layer_sizes": [(4,), (16, 16)]}, cv=3).fit(X, y)
    assert search.best_params_["hidden_layer_sizes"] in [(4,), (16, 16)]
    assert isinstance(search.best_estimator_.network_, Network)


@pytest.mark.parametrize("response_method", ["auto", "predict_proba", "decision_function",
                                             "predict"])
@needs_sklearn
def test_decision_boundary_display(moons, response_method):
    import matplotlib.pyplot as plt

    X, y = moons
    clf = NeuronsClassifier(epochs=20, random_state=0).fit(X, y)
    display = DecisionBoundaryDisplay.from_estimator(clf, X, response_method=response_method,
                                                     grid_resolution=30)
    assert display.response.shape == (30, 30)
    plt.close(display.figure_)


@needs_sklearn
def test_clone_and_params():
    clf = NeuronsClassifier((8,), "tanh", lr=0.1, epochs=3, random_state=1)
    copy = clone(clf)
    assert copy.get_params() == clf.get_params() and not hasattr(copy, "network_")
    copy.set_params(hidden_layer_sizes=(4, 4), optimizer="sgd")
    assert copy.get_params()["hidden_layer_sizes"] == (4, 4)
    assert clf.get_params()["hidden_layer_sizes"] == (8,)


@needs_sklearn
def test_same_random_state_same_model_and_pickle(moons):
    X, y = moons
    a = NeuronsClassifier(epochs=10, random_state=3).fit(X, y)
    b = NeuronsClassifier(epochs=10, random_state=3).fit(X, y)
    assert a.network_.parameters() == b.network_.parameters()
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(c.predict_proba(X), a.predict_proba(X))


@needs_sklearn
def test_fitted_network_is_a_library_network(moons, tmp_path):
    X, y = moons
    clf = NeuronsClassifier((4,), epochs=5, random_state=0).fit(X, y)
    net = Network.load(clf.network_.save(tmp_path / "net.json"))
    np.testing.assert_allclose(net.predict(X)[:, 0], clf.predict_proba(X)[:, 1], rtol=1e-12)
    derivation = clf.network_.explain("w1", X[0], y[0], loss="binary_cross_entropy")
    assert "dL/dw1" in str(derivation)
    # Changed through the library, the network is what the estimator predicts with.
    clf.network_.set_parameters({"b5": 50.0})
    assert (clf.predict(X) == 1).all()


@needs_sklearn
def test_optimizer_object_is_not_changed_by_fit(moons):
    X, y = moons
    opt = neurons.optimizers.Momentum(mu=0.5)
    clf = NeuronsClassifier(optimizer=opt, epochs=2).fit(X, y)
    assert clf.optimizer is opt and not hasattr(opt, "t")
    assert clone(clf).optimizer is not opt


@needs_sklearn
def test_early_stopping_keeps_the_best_epoch(moons):
    X, y = moons
    clf = NeuronsClassifier(epochs=500, lr=0.05, early_stopping=True, n_iter_no_change=5,
                            random_state=0).fit(X, y)
    h = clf.history_
    assert len(h.val_loss) == h.epochs and h.stopped_early and h.epochs < 500
    assert h.best_epoch == 1 + int(np.argmin(h.val_loss))


# -- partial_fit ---------------------------------------------------------------------------------
@needs_sklearn
def test_partial_fit_goes_on_one_epoch_at_a_time(moons):
    X, y = moons
    clf = NeuronsClassifier(random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        clf.partial_fit(X, y)
    clf.partial_fit(X[:100], y[:100], classes=[0, 1])
    first = clf.network_
    for _ in range(29):
        clf.partial_fit(X, y)
    assert clf.network_ is first and clf.n_iter_ == clf.history_.epochs == 30
    assert clf.history_.loss[-1] < clf.history_.loss[0]
    assert clf._optimizer.t == 4 + 29 * 7  # Adam's step count went on across the calls
    assert np.all(np.diff(clf.history_.time) > 0)
    with pytest.raises(ValueError, match="not one of the classes"):
        clf.partial_fit(X[:4], [0, 1, 2, 0])
    with pytest.raises(ValueError, match="X has 3 features"):
        clf.partial_fit(np.ones((4, 3)), [0, 1, 1, 0])


@needs_sklearn
def test_fit_then_partial_fit_continues(moons):
    X, y = moons
    reg = NeuronsRegressor(epochs=3, random_state=0).fit(X, y.astype(float))
    reg.partial_fit(X, y.astype(float))
    assert reg.n_iter_ == 4 and reg.predict(X).shape == (200,)


# -- errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("settings", "error", "match"), [
    ({"lr": -1.0}, ParameterError, "lr must be positive"),
    ({"epochs": 0}, ParameterError, "epochs must be at least 1"),
    ({"hidden_layer_sizes": (8, 0)}, ParameterError, "hidden_layer_sizes"),
    ({"hidden_layer_sizes": "8"}, ArgumentTypeError, "hidden_layer_sizes"),
    ({"optimizer": "adm"}, UnknownNameError, "did you mean 'adam'"),
    ({"activation": "rleu"}, UnknownNameError, "did you mean 'relu'"),
    ({"early_stopping": True, "validation_fraction": 1.5}, ParameterError,
     "validation_fraction"),
])
@needs_sklearn
def test_bad_settings_are_library_errors(moons, settings, error, match):
    X, y = moons
    with pytest.raises(error, match=match):
        NeuronsClassifier(**settings).fit(X, y)


@needs_sklearn
def test_a_refused_fit_leaves_the_fitted_estimator_as_it_was(moons):
    X, y = moons
    clf = NeuronsClassifier(epochs=2, random_state=0).fit(X, y)
    net, params = clf.network_, clf.network_.parameters()
    with pytest.raises(ParameterError, match="lr must be positive"):
        clf.set_params(lr=-1.0).fit(X, np.array(["a", "b", "c", "d"])[y + (X[:, 0] > 0)])
    assert clf.classes_.tolist() == [0, 1] and clf.n_outputs_ == 1
    assert clf.network_ is net and net.parameters() == params and clf.n_iter_ == 2


@needs_sklearn
def test_bad_targets():
    X = np.zeros((4, 2))
    with pytest.raises(NeuronsError, match="only one class"):
        NeuronsClassifier().fit(X, ["a"] * 4)
    with pytest.raises(ValueError, match="Unknown label type"):
        NeuronsClassifier().fit(X, [0.5, 1.5, 2.5, 3.1])
    with pytest.raises(NeuronsError, match="multiclass-multioutput"):
        NeuronsClassifier().fit(X, [[0, 1], [1, 2], [2, 0], [1, 1]])
    int_hidden = NeuronsClassifier(hidden_layer_sizes=3, epochs=1).fit(X, [0, 1, 0, 1])
    assert [len(layer) for layer in int_hidden.network_.layers] == [2, 3, 1]


# -- the benchmark -------------------------------------------------------------------------------
@needs_sklearn
def test_benchmark_runs():
    """A speed script for people: it must keep working; its timings are never asserted."""
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_sklearn.py"),
                           "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("neurons / MLP:") == 2
