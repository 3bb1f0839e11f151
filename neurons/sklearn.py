"""scikit-learn estimators: :class:`NeuronsClassifier` and :class:`NeuronsRegressor`.

They wrap a fully connected :class:`~neurons.Network` (:meth:`Network.dense
<neurons.Network.dense>`) trained by :func:`neurons.train` on the vectorized
path, so they go wherever a scikit-learn estimator goes: ``Pipeline``,
``cross_val_score``, ``GridSearchCV``, ``DecisionBoundaryDisplay``, ``clone``.
After ``fit`` the trained network is ``network_`` (draw it, explain a gradient
of it, save it) and the run's :class:`~neurons.History` is ``history_``.

The hyper-parameters mirror :func:`neurons.train` (``epochs``, ``lr``,
``optimizer``, ``batch_size``, ``l2``, ``shuffle``, ``dtype``) and the
architecture (``hidden_layer_sizes``, ``activation``); the output layer and the
loss follow from the targets:

==========================  ==========================================  ======================
targets                     output layer                                loss
==========================  ==========================================  ======================
two classes                 one sigmoid neuron, p(second class)         binary_cross_entropy
k > 2 classes               k identity neurons (scores, softmax)        softmax_cross_entropy
0/1 matrix (multilabel)     one sigmoid neuron per column               binary_cross_entropy
regression, 1-D or 2-D y    one identity neuron per target              mse
==========================  ==========================================  ======================

This module needs scikit-learn (``pip install "neurons[sklearn]"``); ``import neurons``
never imports it. Without scikit-learn the module still imports, and asking it for an
estimator raises :class:`MissingDependencyError` (a :class:`~neurons.NeuronsError` and an
``ImportError``) that says what to install.

Usage::

    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from neurons.sklearn import NeuronsClassifier

    model = make_pipeline(StandardScaler(), NeuronsClassifier(random_state=0)).fit(X, y)
    model.predict_proba(X)                  # scikit-learn's shapes: (n, 2) for two classes
    net = model[-1].network_                # a neurons.Network: draw(net), net.explain(...)
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import optimizers
from .errors import (
    ArgumentTypeError,
    DataError,
    MissingDependencyError,
    ParameterError,
)
from .history import EarlyStopping, History
from .network import Network
from .proba import probabilities
from .validation import check_count, check_flag, check_number

try:  # scikit-learn is optional: the estimators below need it, importing this module does not
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.model_selection import train_test_split
    from sklearn.utils import check_random_state
    from sklearn.utils.multiclass import check_classification_targets, type_of_target
    from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data
except ImportError as error:  # pragma: no cover - the suite also runs without scikit-learn
    _MISSING: ImportError | None = error
else:
    _MISSING = None

__all__ = ["MissingDependencyError", "NeuronsClassifier", "NeuronsRegressor",
           "expected_failed_checks"]


def _missing(name: str) -> MissingDependencyError:
    return MissingDependencyError(
        f"neurons.sklearn.{name} needs scikit-learn, which is not installed "
        f"({_MISSING}); install it with: pip install \"neurons[sklearn]\" "
        f"(or pip install scikit-learn)", name="sklearn")


def expected_failed_checks(estimator: Any) -> dict[str, str]:
    """The scikit-learn estimator checks this estimator is known to fail, with the reason.

    scikit-learn 1.6+ no longer reads these from the estimator's tags; pass this
    function to ``parametrize_with_checks(..., expected_failed_checks=...)`` or its
    result to ``check_estimator(est, expected_failed_checks=...)``. Every check
    passes today, so the answer is empty; a check that has to be let off goes here,
    with its reason.
    """
    return {}


if _MISSING is not None:
    def __getattr__(name: str) -> Any:
        if name in ("NeuronsClassifier", "NeuronsRegressor"):
            raise _missing(name)
        raise AttributeError(f"module 'neurons.sklearn' has no attribute {name!r}")

else:
    class _Continuing(optimizers.Optimizer):
        """An optimizer that :func:`neurons.train`'s ``reset`` does not clear, so that
        ``partial_fit`` calls (and a ``partial_fit`` after ``fit``) go on as one run: Adam's
        running means and step count, momentum's velocity, carry over."""

        def __init__(self, inner: optimizers.Optimizer) -> None:
            self.inner = inner
            self.name = inner.name

        def reset(self, params):
            saved = self.inner.state() if hasattr(self.inner, "t") else None
            self.inner.reset(params)
            if saved is not None:  # reset made new arrays: the saved ones are intact
                self.inner.load_state(saved)

        def step(self, params, grads, lr):
            self.inner.step(params, grads, lr)

    class _NeuronsEstimator(BaseEstimator):
        """What the classifier and the regressor share: settings, building, training."""

        def __init__(self, hidden_layer_sizes: Any = (32,), activation: str = "relu", *,
                     optimizer: Any = "adam", lr: float = 0.01,
                     batch_size: int | None = 32, epochs: int = 200, l2: float = 0.0,
                     shuffle: bool = True, early_stopping: bool = False,
                     validation_fraction: float = 0.1, n_iter_no_change: int = 10,
                     init: str | None = None, random_state: Any = None, dtype: Any = None,
                     verbose: bool = False) -> None:
            self.hidden_layer_sizes = hidden_layer_sizes
            self.activation = activation
            self.optimizer = optimizer
            self.lr = lr
            self.batch_size = batch_size
            self.epochs = epochs
            self.l2 = l2
            self.shuffle = shuffle
            self.early_stopping = early_stopping
            self.validation_fraction = validation_fraction
            self.n_iter_no_change = n_iter_no_change
            self.init = init
            self.random_state = random_state
            self.dtype = dtype
            self.verbose = verbose

        # -- what the subclasses say -------------------------------------------------------
        _y_numeric = True

        def _targets(self, y: Any, first: bool, incremental: bool,
                     classes: Any) -> tuple[np.ndarray, dict[str, Any]]:
            """The targets as the loss takes them, and (on the first call) the fitted
            attributes they decide: ``n_outputs_``, the output activation and the loss."""
            raise NotImplementedError

        # -- fitting -----------------------------------------------------------------------
        def fit(self, X: Any, y: Any) -> Any:
            """Build a new network and train it for ``epochs`` epochs (fewer with
            ``early_stopping``) on (X, y). Returns the estimator."""
            return self._fit(X, y, incremental=False)

        def partial_fit(self, X: Any, y: Any) -> Any:
            """Train for one epoch on (X, y), going on from the current network (a new one
            on the first call) and optimizer state. ``early_stopping`` is not used."""
            return self._fit(X, y, incremental=True)

        def _fit(self, X: Any, y: Any, incremental: bool, classes: Any = None) -> Any:
            first = not (incremental and hasattr(self, "network_"))
            sizes = self._hidden_sizes()
            early = (not incremental) and check_flag(self.early_stopping, "early_stopping")
            if early:
                fraction = check_number(self.validation_fraction, "validation_fraction")
                if not 0.0 < fraction < 1.0:
                    raise ParameterError(f"validation_fraction must be between 0 and 1 "
                                         f"(exclusive), not {fraction:g}")
                patience = check_count(self.n_iter_no_change, "n_iter_no_change")
            opt = optimizers.get(self.optimizer if isinstance(self.optimizer, str)
                                 else copy.deepcopy(self.optimizer))  # never the setting itself
            X, y = validate_data(self, X, y, reset=first, multi_output=True,
                                 y_numeric=self._y_numeric, dtype=(np.float64, np.float32))
            # Nothing of the estimator changes until training has succeeded (but
            # validate_data's n_features_in_, and a partial_fit's network in place).
            T, fitted = self._targets(y, first, incremental, classes)
            rng = check_random_state(self.random_state) if first else self._rng
            seeds = rng.randint(0, 2**31 - 1, size=3)
            if first:
                net = Network.dense([X.shape[1], *sizes, fitted["n_outputs_"]], self.activation,
                                    fitted["_output_activation"], init=self.init,
                                    seed=int(seeds[0]))
                loss = fitted["_loss"]
            else:
                net, loss = self.network_, self._loss
                opt = _Continuing(self._optimizer)
            settings: dict[str, Any] = {}
            if early:
                stratify = y if _stratifiable(fitted, y, fraction) else None
                X, X_val, T, T_val = train_test_split(X, T, test_size=fraction,
                                                      random_state=int(seeds[2]),
                                                      stratify=stratify)
                settings = {"validation": (X_val, T_val), "early_stopping":
                            EarlyStopping(patience)}
            history = net.train(X, T, epochs=1 if incremental else self.epochs, lr=self.lr,
                                loss=loss, optimizer=opt, batch_size=self.batch_size,
                                shuffle=self.shuffle, seed=int(seeds[1]), path="vectorized",
                                dtype=self.dtype, l2=self.l2, progress=self.verbose,
                                **settings)
            for name, value in fitted.items():
                setattr(self, name, value)
            self.network_, self._rng = net, rng
            self._optimizer = opt.inner if isinstance(opt, _Continuing) else opt
            self.history_ = history if first else _joined(self.history_, history)
            self.n_iter_ = self.history_.epochs
            self.loss_ = self.history_.loss[-1]
            return self

        def _hidden_sizes(self) -> list[int]:
            sizes = self.hidden_layer_sizes
            if isinstance(sizes, numbers.Integral) and not isinstance(sizes, bool):
                sizes = (sizes,)  # one hidden layer, as MLPClassifier reads an int
            if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (Sequence, np.ndarray)):
                raise ArgumentTypeError(
                    f"hidden_layer_sizes must be a tuple of layer widths such as (32,) or "
                    f"(64, 32) (or () for none), not {type(sizes).__name__} {sizes!r}")
            return [check_count(n, f"every width in hidden_layer_sizes {tuple(sizes)}")
                    for n in sizes]

        # -- predicting --------------------------------------------------------------------
        def _forward(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
            """The output neurons' activations and weighted inputs z (samples x outputs), on
            the vectorized path; X is checked as scikit-learn checks it."""
            check_is_fitted(self)
            X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
            fast = self.network_.compile(np.float64 if self.dtype is None else self.dtype)
            # A fresh compile: network_ may have been changed (set_parameters) since fit.
            # One forward pass gives both: z is what decision_function returns.
            return fast.outputs_and_z(X.astype(fast.dtype, copy=False), check_input=False)

        def __sklearn_tags__(self):
            tags = super().__sklearn_tags__()
            tags.target_tags.multi_output = True
            return tags

    class NeuronsClassifier(ClassifierMixin, _NeuronsEstimator):
        """A fully connected network as a scikit-learn classifier.

        Class labels may be of any type (strings too): ``classes_`` holds them, sorted.
        Two classes train one sigmoid output neuron, p(``classes_[1]``), with
        binary_cross_entropy; k > 2 classes train k identity outputs (scores) with
        softmax_cross_entropy; a 2-D 0/1 ``y`` (multilabel) trains one sigmoid output
        per column with binary_cross_entropy.

        Parameters
        ----------
        hidden_layer_sizes : tuple of int, default (32,)
            Widths of the hidden layers (an int: one layer; ``()``: none, logistic
            regression).
        activation : str, default "relu"
            For the hidden layers; any name of :mod:`neurons.activations`.
        optimizer : str or Optimizer, default "adam"
            As :func:`neurons.train` takes it; an object is copied, never changed.
        lr : float, default 0.01
            Adam's step size. Ten times Keras's and MLPClassifier's 0.001: the data
            sets of a course have a few hundred samples, so an epoch is only a few
            steps, and 200 epochs at 0.001 still underfit two moons.
        batch_size : int or None, default 32
            ``None``: the whole training set in one batch.
        epochs : int, default 200
        l2 : float, default 0
            L2 penalty on the weights (not the biases).
        shuffle : bool, default True
        early_stopping : bool, default False
            Hold out ``validation_fraction`` of the samples (stratified) and stop when
            their loss has not improved for ``n_iter_no_change`` epochs, keeping the
            best epoch's parameters.
        validation_fraction : float, default 0.1
        n_iter_no_change : int, default 10
        init : str, optional
            The initializer (:mod:`neurons.initializers`; default He for ReLU layers,
            Xavier otherwise).
        random_state : int, RandomState or None, default None
            Seeds the initial weights, the shuffling and the validation split.
        dtype : numpy.float64 or numpy.float32, optional
            The vectorized path's precision (default float64).
        verbose : bool, default False
            Show :func:`neurons.train`'s progress bar.

        Attributes
        ----------
        network_ : Network
            The trained network: ``neurons.draw(clf.network_)``, ``.explain(...)``,
            ``.save(...)``.
        history_ : History
            Loss and accuracy per epoch (``history_.plot()``).
        classes_ : ndarray
            The class labels (multilabel: the column indices).
        n_features_in_, feature_names_in_ : as scikit-learn sets them
        n_outputs_ : int
            Output neurons.
        n_iter_ : int
            Epochs trained.
        loss_ : float
            The last epoch's training loss.

        Examples
        --------
        >>> from neurons.datasets import two_moons
        >>> X, y = two_moons(200, noise=0.1, seed=0)
        >>> labels = np.array(["upper", "lower"])[y]
        >>> clf = NeuronsClassifier(random_state=0).fit(X, labels)
        >>> clf.classes_.tolist(), clf.network_
        (['lower', 'upper'], <Network 2-32-1: 2 inputs, 33 neurons, 129 parameters>)
        >>> clf.predict_proba(X[:2]).shape, clf.score(X, labels) > 0.95
        ((2, 2), True)
        """

        _classifier_kind = ""  # "binary", "multiclass" or "multilabel" once fitted
        _y_numeric = False

        def partial_fit(self, X: Any, y: Any, classes: Any = None) -> NeuronsClassifier:
            """Train for one epoch on (X, y), going on from the current network.

            ``classes`` (every label the calls will see) is required on the first call,
            unless ``y`` is a 0/1 matrix (multilabel).
            """
            return self._fit(X, y, incremental=True, classes=classes)

        def _targets(self, y, first, incremental, classes):
            check_classification_targets(y)
            kind = type_of_target(y)
            if kind == "multilabel-indicator":
                if first:
                    return np.asarray(y, dtype=float), _outputs("multilabel",
                                                                np.arange(y.shape[1]))
                if self._classifier_kind != "multilabel" or y.shape[1] != self.n_outputs_:
                    raise DataError(
                        f"y is a 0/1 matrix with {y.shape[1]} columns, but this classifier "
                        f"was fitted on {self._fitted_on()}")
                return np.asarray(y, dtype=float), {}
            if kind not in ("binary", "multiclass"):
                raise DataError(
                    f"NeuronsClassifier takes one class label per sample, or a 0/1 matrix "
                    f"(multilabel); these targets are {kind!r}")
            if y.ndim == 2:
                y = column_or_1d(y, warn=True)
            fitted: dict[str, Any] = {}
            if first:
                if classes is None and incremental:  # fit() finds the classes in y
                    raise DataError("classes must be passed on the first call to partial_fit: "
                                    "every label the calls will see, e.g. np.unique(y)")
                labels = np.unique(y if classes is None else np.asarray(classes))
                if len(labels) < 2:
                    raise DataError(
                        f"a classifier needs samples of at least two classes; y has only one "
                        f"class, {labels[0]!r}")
                fitted = _outputs("binary" if len(labels) == 2 else "multiclass", labels)
            elif self._classifier_kind == "multilabel":
                raise DataError(f"y holds class labels, but this classifier was fitted on "
                                f"{self._fitted_on()}")
            labels = fitted.get("classes_", getattr(self, "classes_", None))
            index = np.searchsorted(labels, y)
            index[index == len(labels)] = 0
            unknown = labels[index] != y
            if unknown.any():
                raise DataError(
                    f"y has the label {y[np.flatnonzero(unknown)[0]]!r}, which is not one of "
                    f"the classes {labels.tolist()} (partial_fit takes every class in its "
                    f"first call's classes=)")
            binary = fitted.get("_classifier_kind", self._classifier_kind) == "binary"
            return (index.astype(float) if binary else index), fitted

        def _fitted_on(self) -> str:
            if self._classifier_kind == "multilabel":
                return f"a 0/1 matrix with {self.n_outputs_} columns (multilabel)"
            return f"the classes {self.classes_.tolist()}"

        def decision_function(self, X: Any) -> np.ndarray:
            """The output neurons' weighted inputs z: shape (n,) for two classes (z > 0
            predicts ``classes_[1]``), (n, k) scores otherwise."""
            z = self._forward(X)[1]
            return z[:, 0] if self._classifier_kind == "binary" else z

        def predict_proba(self, X: Any) -> np.ndarray:
            """Class probabilities in scikit-learn's shapes: (n, 2), [1 - p, p], for two
            classes; (n, k) softmax rows for k classes; (n, k) independent sigmoids for
            multilabel."""
            out = self._forward(X)[0]
            if self._classifier_kind == "binary":
                return np.column_stack([1.0 - out[:, 0], out[:, 0]])
            return probabilities(self.network_, out)  # the network's own rule

        def predict(self, X: Any) -> np.ndarray:
            """The predicted labels (multilabel: a 0/1 matrix)."""
            out, z = self._forward(X)
            if self._classifier_kind == "binary":
                return self.classes_[(z[:, 0] > 0).astype(int)]
            if self._classifier_kind == "multiclass":
                return self.classes_[np.argmax(out, axis=1)]
            return (z > 0).astype(int)

        def __sklearn_tags__(self):
            tags = super().__sklearn_tags__()
            tags.classifier_tags.multi_label = True
            return tags

    class NeuronsRegressor(RegressorMixin, _NeuronsEstimator):
        """A fully connected network as a scikit-learn regressor: identity outputs, mse.

        ``y`` may be 1-D (one output neuron; ``predict`` returns shape (n,)) or 2-D (one
        output neuron per column; ``predict`` returns (n, k)). The parameters and the
        attributes are :class:`NeuronsClassifier`'s (without ``classes_``); ``y`` is not
        rescaled, so standardize it when its scale is far from 1 (e.g. with
        ``sklearn.compose.TransformedTargetRegressor``).

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(200, 3))
        >>> y = X[:, 0] - 2 * X[:, 1] ** 2
        >>> reg = NeuronsRegressor(random_state=0).fit(X, y)
        >>> reg.predict(X[:5]).shape, reg.score(X, y) > 0.9
        ((5,), True)
        """

        def _targets(self, y, first, incremental, classes):
            T = np.asarray(y, dtype=float)
            width = 1 if T.ndim == 1 else T.shape[1]
            if first:
                return T, {"_y_ndim": T.ndim, "n_outputs_": width,
                           "_output_activation": "identity", "_loss": "mse"}
            if (T.ndim, width) != (self._y_ndim, self.n_outputs_):
                raise DataError(f"y has shape {T.shape}, but this regressor was fitted on "
                                f"{self.n_outputs_} target(s) of {self._y_ndim} dimension(s)")
            return T, {}

        def predict(self, X: Any) -> np.ndarray:
            """The outputs: shape (n,) if fitted on a 1-D ``y``, else (n, k)."""
            out = self._forward(X)[0]
            return out[:, 0] if self._y_ndim == 1 else out


def _outputs(kind: str, classes: np.ndarray) -> dict[str, Any]:
    """A classifier's fitted attributes for its kind of targets: one sigmoid output for two
    classes, k identity outputs (softmax) for k classes, one sigmoid per label."""
    multi = kind == "multiclass"
    return {"classes_": classes, "_classifier_kind": kind,
            "n_outputs_": 1 if kind == "binary" else len(classes),
            "_output_activation": "identity" if multi else "sigmoid",
            "_loss": "softmax_cross_entropy" if multi else "binary_cross_entropy"}


def _stratifiable(fitted: dict[str, Any], y: np.ndarray, fraction: float) -> bool:
    """Can the validation split keep the classes' proportions? (Class labels only, every
    class twice or more, room for each in both parts; otherwise a plain random split.)"""
    if fitted.get("_classifier_kind") not in ("binary", "multiclass"):
        return False
    counts = np.unique(np.ravel(y), return_counts=True)[1]
    n_val = math.ceil(fraction * len(y))
    return counts.min() >= 2 and min(n_val, len(y) - n_val) >= len(counts)


def _joined(before: History, after: History) -> History:
    """One history for consecutive runs (``partial_fit``): lists joined, time going on."""
    offset = before.time[-1] if before.time else 0.0
    return History(path=before.path, loss=before.loss + after.loss,
                   val_loss=before.val_loss + after.val_loss,
                   accuracy=before.accuracy + after.accuracy,
                   val_accuracy=before.val_accuracy + after.val_accuracy,
                   time=before.time + [t + offset for t in after.time])
