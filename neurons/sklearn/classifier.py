"""``NeuronsClassifier``: class labels (or a 0/1 matrix) as a network's targets, and its
outputs as scikit-learn's predictions, scores and probabilities."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import DataError
from ..proba import probabilities
from .base import SKLEARN_IMPORT_ERROR

if TYPE_CHECKING:
    from sklearn.utils import Tags

__all__ = ["NeuronsClassifier"]

if SKLEARN_IMPORT_ERROR is None:
    from sklearn.base import ClassifierMixin
    from sklearn.utils.multiclass import check_classification_targets, type_of_target
    from sklearn.utils.validation import column_or_1d

    from .base import NeuronsEstimator

    class NeuronsClassifier(ClassifierMixin, NeuronsEstimator):
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

        def _targets(self, y: Any, first: bool, incremental: bool,
                     classes: Any) -> tuple[np.ndarray, dict[str, Any]]:
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
            # The first call's from _outputs above; later calls' from the first one.
            labels = fitted["classes_"] if first else self.classes_
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

        def _stratify(self, y: np.ndarray, fitted: dict[str, Any],
                      fraction: float) -> np.ndarray | None:
            """Class labels, when the validation split can keep their proportions: every
            class twice or more, room for each in both parts (else a plain random split)."""
            if fitted.get("_classifier_kind") not in ("binary", "multiclass"):
                return None
            counts = np.unique(np.ravel(y), return_counts=True)[1]
            n_val = math.ceil(fraction * len(y))
            fits = counts.min() >= 2 and min(n_val, len(y) - n_val) >= len(counts)
            return y if fits else None

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

        def __sklearn_tags__(self) -> Tags:
            tags = super().__sklearn_tags__()
            tags.classifier_tags.multi_label = True
            return tags


def _outputs(kind: str, classes: np.ndarray) -> dict[str, Any]:
    """A classifier's fitted attributes for its kind of targets: one sigmoid output for two
    classes, k identity outputs (softmax) for k classes, one sigmoid per label."""
    multi = kind == "multiclass"
    return {"classes_": classes, "_classifier_kind": kind,
            "n_outputs_": 1 if kind == "binary" else len(classes),
            "_output_activation": "identity" if multi else "sigmoid",
            "_loss": "softmax_cross_entropy" if multi else "binary_cross_entropy"}
