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

The package's modules: :mod:`~neurons.sklearn.base` (what both estimators share:
settings, building, training, the forward pass), :mod:`~neurons.sklearn.classifier`
and :mod:`~neurons.sklearn.regressor` (their targets and predictions).

This package needs scikit-learn (``pip install "neurons[sklearn]"``); ``import neurons``
never imports it. Without scikit-learn the package still imports, and asking it for an
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

from typing import Any

from ..errors import MissingDependencyError
from .base import SKLEARN_IMPORT_ERROR

__all__ = ["MissingDependencyError", "NeuronsClassifier", "NeuronsRegressor",
           "expected_failed_checks"]


def expected_failed_checks(estimator: Any) -> dict[str, str]:
    """The scikit-learn estimator checks this estimator is known to fail, with the reason.

    scikit-learn 1.6+ no longer reads these from the estimator's tags; pass this
    function to ``parametrize_with_checks(..., expected_failed_checks=...)`` or its
    result to ``check_estimator(est, expected_failed_checks=...)``. Every check
    passes today, so the answer is empty; a check that has to be let off goes here,
    with its reason.
    """
    return {}


if SKLEARN_IMPORT_ERROR is None:
    from .classifier import NeuronsClassifier
    from .regressor import NeuronsRegressor

else:  # pragma: no cover - the suite also runs without scikit-learn
    def __getattr__(name: str) -> Any:
        if name in ("NeuronsClassifier", "NeuronsRegressor"):
            raise MissingDependencyError(
                f"neurons.sklearn.{name} needs scikit-learn, which is not installed "
                f"({SKLEARN_IMPORT_ERROR}); install it with: pip install \"neurons[sklearn]\" "
                f"(or pip install scikit-learn)", name="sklearn")
        raise AttributeError(f"module 'neurons.sklearn' has no attribute {name!r}")
