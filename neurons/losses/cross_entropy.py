"""Cross-entropy losses for classification, and the softmax that reads scores as probabilities."""

from __future__ import annotations

import numpy as np

from ..activations import Activation
from ..errors import DataError, IncompatibleLossError, ShapeError
from .base import Loss, require_finite

__all__ = ["BinaryCrossEntropy", "SoftmaxCrossEntropy", "softmax"]


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for any magnitude: the row maximum is subtracted first.

    Its rows are the class probabilities that ``softmax_cross_entropy`` trains, and
    what :meth:`neurons.Network.predict_proba` returns for outputs that are not sigmoids.

    Examples
    --------
    >>> softmax(np.array([[0.0, 0.0], [1e4, 0.0]])).round(3).tolist()
    [[0.5, 0.5], [1.0, 0.0]]
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy of probabilities: -mean(y log p + (1 - y) log(1 - p)).

    The mean runs over samples and outputs. Given the sigmoid outputs'
    weighted inputs ``z`` (p = sigmoid(z)), the value is computed from them as
    y softplus(-z) + (1 - y) softplus(z), exact even where 1 - p rounds away.
    From probabilities alone, an output saturated at exactly 0 or 1 is moved
    inside: 0 to the smallest normal number, 1 to the largest number below 1,
    so loss and gradient stay finite, never inf or NaN. For 0 < p < 1 the gradient is exact:
    dL/dp = (p - y) / (p (1 - p)), and times the sigmoid's p (1 - p) it gives
    the textbook delta p - y.
    """

    name = "binary_cross_entropy"
    derivative_formula = "(p - y) / (p (1 - p)) / (n_samples n_outputs)"
    classification = True

    def targets(self, y_true: np.ndarray, n_samples: int, n_outputs: int,
                what: str = "Y") -> np.ndarray:
        y = super().targets(y_true, n_samples, n_outputs, what)
        bad = np.argwhere((y < 0) | (y > 1))
        if bad.size:
            i, j = bad[0]
            where = f"{i}" if np.ndim(y_true) == 1 else f"{i}, {j}"
            raise DataError(
                f"binary cross-entropy needs targets in [0, 1] (0/1 labels or probabilities); "
                f"{what}[{where}] = {y[i, j]:g}"
            )
        return y

    def check_outputs(self, activations: list[Activation], names: list[str]) -> None:
        wrong = [(n, a) for n, a in zip(names, activations) if not a.probability]
        if wrong:
            name, act = wrong[0]
            raise IncompatibleLossError(
                f"binary_cross_entropy needs outputs that are probabilities, but output "
                f"neuron {name!r} has activation {act.name!r}: give the output layer the "
                f"'sigmoid' activation (e.g. Network.dense(..., output_activation='sigmoid')), "
                f"or use loss='mse' for outputs that are not probabilities"
            )

    def _clip(self, p: np.ndarray) -> np.ndarray:
        # Only exact 0 and 1 move (to the nearest representable probability inside):
        # clipping further would break the cancellation of p(1 - p) against f'(z) in the chain.
        info = np.finfo(p.dtype if np.issubdtype(p.dtype, np.floating) else float)
        return np.clip(p, info.tiny, 1.0 - info.epsneg)

    def value(self, y_pred: np.ndarray, y_true: np.ndarray,
              z: np.ndarray | None = None) -> float:
        if z is not None:  # -log p = softplus(-z) and -log(1 - p) = softplus(z)
            return float(np.mean(y_true * np.logaddexp(0.0, -z)
                                 + (1.0 - y_true) * np.logaddexp(0.0, z)))
        p = self._clip(y_pred)
        return float(-np.mean(y_true * np.log(p) + (1.0 - y_true) * np.log1p(-p)))

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        p = self._clip(y_pred)
        return (p - y_true) / (p * (1.0 - p)) / y_pred.size

    def output_delta(self, y_pred: np.ndarray, y_true: np.ndarray,
                     activation: Activation | None) -> np.ndarray | None:
        # dL/da * sigmoid'(z) = (a - y) / (a (1 - a)) * a (1 - a) / n = (a - y) / n.
        if activation is None or not activation.logistic:
            return None
        return (y_pred - y_true) / y_pred.size


class SoftmaxCrossEntropy(Loss):
    """Softmax over the output neurons' values, then cross-entropy of the correct class.

    Targets are class indices (one per sample) or one-hot rows (any rows of
    probabilities summing to 1 are accepted). The loss per sample is
    ``logsumexp(scores) - scores[correct]``; its gradient with respect to the
    scores is ``softmax(scores) - one_hot``, divided by n for the mean.

    Both come from the scores minus their row maximum, so scores of any
    magnitude are safe. As with every log-sum-exp (PyTorch's and Keras's
    included), the value is exact to an absolute error of a few machine
    epsilons: a confident, correct sample whose loss is below about 1e-16
    contributes 0. (Keeping the other classes' sum apart would give such tiny
    losses full relative precision, but costs a third more per training step
    on small batches; training does not need it.)
    """

    name = "softmax_cross_entropy"
    derivative_formula = "(softmax(y_pred) - one_hot(y)) / n_samples"
    classification = True

    def targets(self, y_true: np.ndarray, n_samples: int, n_outputs: int,
                what: str = "Y") -> np.ndarray:
        y = np.asarray(y_true)
        if y.ndim == 2 and y.shape == (n_samples, n_outputs) and n_outputs > 1:
            y = y.astype(float)
            require_finite(y, what)
            bad = np.flatnonzero((y < 0).any(axis=1) | ~np.isclose(y.sum(axis=1), 1.0))
            if bad.size:
                raise DataError(
                    f"one-hot targets must be rows of non-negative numbers summing to 1; "
                    f"row {what}[{bad[0]}] = {y[bad[0]].tolist()}"
                )
            return y
        labels = y.reshape(-1) if (y.ndim == 2 and y.shape[1] == 1) else y
        if labels.ndim != 1 or labels.shape[0] != n_samples:
            raise ShapeError(
                f"{what} has shape {y.shape}; expected {n_samples} class indices or "
                f"one-hot rows of shape ({n_samples}, {n_outputs})"
            )
        as_float = labels.astype(float)
        bad = np.flatnonzero(
            ~np.isfinite(as_float) | (as_float != np.round(as_float))
            | (as_float < 0) | (as_float >= n_outputs)
        )
        if bad.size:
            shown = labels[bad[0]]
            shown = int(shown) if float(shown).is_integer() else float(shown)
            raise DataError(
                f"{what}[{bad[0]}] = {shown!r} is not a class index: the network has "
                f"{n_outputs} output neurons, so labels run from 0 to {n_outputs - 1}"
            )
        one_hot = np.zeros((n_samples, n_outputs))
        one_hot[np.arange(n_samples), as_float.astype(int)] = 1.0
        return one_hot

    def check_outputs(self, activations: list[Activation], names: list[str]) -> None:
        if len(names) < 2:
            raise IncompatibleLossError(
                f"softmax_cross_entropy chooses one class among the output neurons, and this "
                f"network has only one ({', '.join(map(repr, names))}): with one output (two "
                f"classes) use loss='binary_cross_entropy' and a 'sigmoid' output, or give the "
                f"network one output neuron per class"
            )

    @staticmethod
    def _exp_shifted(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # The ufuncs' own reductions: ndarray.max and .sum add a Python call each, which a
        # training step of a small network notices.
        shifted = scores - np.maximum.reduce(scores, axis=1, keepdims=True)
        e = np.exp(shifted)
        return shifted, e, np.add.reduce(e, axis=1, keepdims=True)

    @staticmethod
    def _value(shifted: np.ndarray, total: np.ndarray, y_true: np.ndarray) -> float:
        # mean over samples of -sum_k t_k log p_k, with log p_k = shifted_k - log(total)
        shifted -= np.log(total)
        return -float(np.vdot(y_true, shifted)) / len(shifted)

    def value(self, y_pred: np.ndarray, y_true: np.ndarray,
              z: np.ndarray | None = None) -> float:
        shifted, _, total = self._exp_shifted(y_pred)
        return self._value(shifted, total, y_true)

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        return self.value_and_gradient(y_pred, y_true)[1]

    def at_outputs(self, a: np.ndarray, z: np.ndarray, y_true: np.ndarray,
                   activation: Activation | None) -> tuple[float, np.ndarray, np.ndarray | None]:
        # Softmax cross-entropy reads the scores a, whatever their activation, and has no
        # closed-form delta beyond its gradient.
        return (*self.value_and_gradient(a, y_true), None)

    def value_and_gradient(self, y_pred: np.ndarray, y_true: np.ndarray,
                           z: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        shifted, e, total = self._exp_shifted(y_pred)
        value = self._value(shifted, total, y_true)
        e /= total  # softmax
        e -= y_true
        e /= y_pred.shape[0]
        return value, e
