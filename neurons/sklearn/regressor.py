"""``NeuronsRegressor``: real-valued targets, identity outputs, mse."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DataError
from .base import SKLEARN_IMPORT_ERROR

__all__ = ["NeuronsRegressor"]

if SKLEARN_IMPORT_ERROR is None:
    from sklearn.base import RegressorMixin

    from .base import NeuronsEstimator

    class NeuronsRegressor(RegressorMixin, NeuronsEstimator):
        """A fully connected network as a scikit-learn regressor: identity outputs, mse.

        ``y`` may be 1-D (one output neuron; ``predict`` returns shape (n,)) or 2-D (one
        output neuron per column; ``predict`` returns (n, k)). The parameters and the
        attributes are :class:`~neurons.sklearn.NeuronsClassifier`'s (without
        ``classes_``); ``y`` is not rescaled, so standardize it when its scale is far from 1
        (e.g. with ``sklearn.compose.TransformedTargetRegressor``).

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(200, 3))
        >>> y = X[:, 0] - 2 * X[:, 1] ** 2
        >>> reg = NeuronsRegressor(random_state=0).fit(X, y)
        >>> reg.predict(X[:5]).shape, reg.score(X, y) > 0.9
        ((5,), True)
        """

        def _targets(self, y: Any, first: bool, incremental: bool,
                     classes: Any) -> tuple[np.ndarray, dict[str, Any]]:
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
