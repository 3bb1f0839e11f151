"""Mean squared error, the loss of the classic hand derivation."""

from __future__ import annotations

import numpy as np

from .base import Loss

__all__ = ["MSE"]


class MSE(Loss):
    """Mean squared error: the mean over samples and outputs of (y_pred - y_true)^2.

    For one sample and one output this is (y_true - y_pred)^2, whose derivative
    is -2 (y_true - y_pred), the first factor of the classic hand derivation.
    """

    name = "mse"
    derivative_formula = "2 (y_pred - y) / (n_samples n_outputs)"

    def value(self, y_pred, y_true, z=None):
        return float(np.mean((y_pred - y_true) ** 2))

    def gradient(self, y_pred, y_true):
        return 2.0 * (y_pred - y_true) / y_pred.size
