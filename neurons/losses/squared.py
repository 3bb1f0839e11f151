"""The squared error, in the forms the textbooks write it: they differ in the factor 1/2 and in
whether they sum or average over the outputs and over the samples.

With m outputs, n samples in the batch, a the outputs and y the targets:

================= ======================================== ============================
name              L                                        dL/da of one output
================= ======================================== ============================
``mse``           1/(n m) sum_samples sum_outputs (a-y)^2  2 (a - y) / (n m)
``quadratic``     1/(2n) sum_samples sum_outputs (a-y)^2   (a - y) / n
``quadratic_sum`` 1/2 sum_samples sum_outputs (a-y)^2      (a - y)
``sse``           1/n sum_samples sum_outputs (a-y)^2      2 (a - y) / n
``sse_sum``       sum_samples sum_outputs (a-y)^2          2 (a - y)
================= ======================================== ============================

``mse`` is PyTorch's and Keras's mean squared error. ``quadratic`` is Nielsen's quadratic
cost C = 1/(2n) sum_x ||y(x) - a||^2 (*Neural Networks and Deep Learning*, chapter 1), and
for one sample Rumelhart, Hinton and Williams's and Mazur's E = 1/2 sum (t - o)^2;
``quadratic_sum`` is Rumelhart's batch error, E = sum_p E_p. ``sse`` is Hagan's performance
index F = e^T e (*Neural Network Design*) for one sample, ``sse_sum`` his sum over a batch.
A book's learning rate carries over unchanged with the book's own loss; between two of them
it scales with the ratio of their gradients (``mse``'s step is 2/m of ``quadratic``'s).

Examples
--------
>>> import numpy as np
>>> a, y = np.array([[1.0, 2.0], [0.0, 0.0]]), np.array([[0.0, 0.0], [0.0, 2.0]])
>>> [Quadratic().value(a, y), SSE().value(a, y), MSE().value(a, y)]
[2.25, 4.5, 2.25]
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from .base import Loss

__all__ = ["MSE", "SSE", "Quadratic", "SquaredError"]


class SquaredError(Loss):
    """The squared error (a - y)^2, summed over the outputs, times ``factor``, and summed
    (``reduction="sum"``) or averaged (``"mean"``) over the samples.

    The textbooks' forms are :class:`Quadratic` (factor 1/2) and :class:`SSE` (factor 1);
    :class:`MSE` averages over the outputs too.
    """

    factor: float = 1.0
    base_name: str = ""
    rule: str = ""  # dL/da of one output, before the 1/n of the mean over samples

    def __init__(self, reduction: str = "mean") -> None:
        if reduction not in ("mean", "sum"):
            raise ParameterError(f"reduction must be 'mean' (over the samples) or 'sum', "
                                 f"not {reduction!r}")
        self.reduction = reduction
        self.name = self.base_name if reduction == "mean" else f"{self.base_name}_sum"
        self.derivative_formula = (f"{self.rule} / n_samples" if reduction == "mean"
                                   else self.rule)

    def _per_sample(self, y_pred: np.ndarray) -> float:
        return 1.0 / y_pred.shape[0] if self.reduction == "mean" else 1.0

    def value(self, y_pred: np.ndarray, y_true: np.ndarray,
              z: np.ndarray | None = None) -> float:
        return float(self.factor * np.sum((y_pred - y_true) ** 2) * self._per_sample(y_pred))

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        return (2.0 * self.factor * self._per_sample(y_pred)) * (y_pred - y_true)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(reduction={self.reduction!r})"


class Quadratic(SquaredError):
    """Half the sum of squares over the outputs, averaged over the samples (``"sum"``: summed):
    Nielsen's quadratic cost, Rumelhart's and Mazur's E = 1/2 sum (t - o)^2.

    L = 1/(2n) sum_samples sum_outputs (a - y)^2, so dL/da = (a - y) / n: the factor 2 of
    the square cancels the half, which is why the books write it.

    Examples
    --------
    >>> import numpy as np
    >>> Quadratic().gradient(np.array([[0.75]]), np.array([[1.0]])).tolist()
    [[-0.25]]
    """

    factor = 0.5
    base_name = "quadratic"
    rule = "(y_pred - y)"


class SSE(SquaredError):
    """The sum of squared errors over the outputs, averaged over the samples (``"sum"``:
    summed): Hagan's F = e^T e.

    L = 1/n sum_samples sum_outputs (a - y)^2, so dL/da = 2 (a - y) / n.

    Examples
    --------
    >>> import numpy as np
    >>> SSE().gradient(np.array([[0.75]]), np.array([[1.0]])).tolist()
    [[-0.5]]
    """

    factor = 1.0
    base_name = "sse"
    rule = "2 (y_pred - y)"


class MSE(Loss):
    """Mean squared error: the mean over samples and outputs of (y_pred - y_true)^2.

    For one sample and one output this is (y_true - y_pred)^2, whose derivative
    is -2 (y_true - y_pred), the first factor of the classic hand derivation.
    """

    name = "mse"
    derivative_formula = "2 (y_pred - y) / (n_samples n_outputs)"

    def value(self, y_pred: np.ndarray, y_true: np.ndarray,
              z: np.ndarray | None = None) -> float:
        return float(np.mean((y_pred - y_true) ** 2))

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        return 2.0 * (y_pred - y_true) / y_pred.size
