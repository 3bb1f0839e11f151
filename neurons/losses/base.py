"""The interface of a loss: its value, its gradient, and where backpropagation starts."""

from __future__ import annotations

import numpy as np

from ..activations import Activation
from ..checks import first_nonfinite
from ..errors import DataError, ShapeError

__all__ = ["Loss", "require_finite"]


class Loss:
    """Base class: a loss L(y_pred, y_true), reduced by the mean over samples.

    Subclasses implement :meth:`value` and :meth:`gradient`, and may override
    :meth:`targets` to accept other label formats. ``derivative_formula`` is a
    plain-text rule for dL/dy_pred of one output, used by ``explain``.
    """

    name: str = ""
    derivative_formula: str = ""
    classification: bool = False

    def targets(self, y_true: np.ndarray, n_samples: int, n_outputs: int,
                what: str = "Y") -> np.ndarray:
        """Check the targets and return them as a float array (samples x outputs).

        ``y_true`` is a float array (:func:`neurons.data.check_targets`
        makes it); a 1-D array is accepted when the network has a single
        output. ``what`` names the targets in messages.

        Raises
        ------
        ShapeError
            When the number of rows or columns does not fit.
        DataError
            When a target is not finite.
        """
        y = np.asarray(y_true, dtype=float)
        if y.ndim == 1 and n_outputs == 1:
            y = y.reshape(-1, 1)
        if y.ndim != 2 or y.shape != (n_samples, n_outputs):
            raise ShapeError(
                f"{what} has shape {np.shape(y_true)}; expected ({n_samples}, {n_outputs}) "
                f"for {n_samples} samples and {n_outputs} output neurons"
            )
        require_finite(y, what, np.ndim(y_true) == 1)
        return y

    def check_outputs(self, activations: list[Activation], names: list[str]) -> None:
        """Raise :class:`IncompatibleLossError` if the loss cannot work with these outputs.

        ``activations`` are the output neurons' activations, ``names`` their names.
        Every loss here works with any outputs except where it says otherwise.
        """

    def value(self, y_pred: np.ndarray, y_true: np.ndarray, z: np.ndarray | None = None) -> float:
        """Return the loss of a batch (a Python float).

        ``z`` (optional) holds the output neurons' weighted inputs; callers pass
        it when every output neuron is a sigmoid, so that a loss on
        probabilities can work from z = logit(p) instead of p, which keeps full
        precision when p is within rounding distance of 0 or 1. Losses that do
        not need it ignore it.
        """
        raise NotImplementedError

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Return dL/dy_pred, same shape as ``y_pred``."""
        raise NotImplementedError

    def value_and_gradient(self, y_pred: np.ndarray, y_true: np.ndarray,
                           z: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        """Return :meth:`value` and :meth:`gradient` together (losses may share work)."""
        return self.value(y_pred, y_true, z), self.gradient(y_pred, y_true)

    def output_delta(self, y_pred: np.ndarray, y_true: np.ndarray,
                     activation: Activation | None) -> np.ndarray | None:
        """Return the output deltas dL/dz in closed form, or ``None`` to use dL/da * f'(z).

        ``activation`` is the output neurons' activation (``None`` when they differ).
        Backpropagation starts at the outputs with delta = dL/da * f'(z). For
        a loss and output activation whose product simplifies (binary
        cross-entropy on sigmoid outputs: delta = (a - y) / n), the simplified
        form is exact where the product is not: a saturated output a = 1.0 has
        f'(z) = a (1 - a) = 0 in floating point, which would stop learning
        exactly when the network is confidently wrong.
        """
        return None

    def at_outputs(self, a: np.ndarray, z: np.ndarray, y_true: np.ndarray,
                   activation: Activation | None) -> tuple[float, np.ndarray, np.ndarray | None]:
        """Everything backpropagation needs from the loss, where it starts: the output layer.

        Both paths call this with the output neurons' values ``a``, their weighted
        inputs ``z`` (samples x outputs) and their shared ``activation`` (``None``
        when they differ); the loss decides what it uses.

        Returns
        -------
        (value, dL/da, delta or None)
            The loss, its gradient with respect to the outputs (1/n included), and
            the outputs' deltas when :meth:`output_delta` has a closed form.
        """
        value, grad = self.value_and_gradient(a, y_true, self._z_for(z, activation))
        return value, grad, self.output_delta(a, y_true, activation)

    def output_value(self, a: np.ndarray, z: np.ndarray, y_true: np.ndarray,
                     activation: Activation | None) -> float:
        """The loss alone, from the same arguments as :meth:`at_outputs` (for evaluation)."""
        return self.value(a, y_true, self._z_for(z, activation))

    @staticmethod
    def _z_for(z: np.ndarray, activation: Activation | None) -> np.ndarray | None:
        # z is logit(a) only for logistic outputs; :meth:`value` reads it as such.
        return z if activation is not None and activation.logistic else None

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def require_finite(y: np.ndarray, label: str, flat: bool = False) -> None:
    """Raise naming the first non-finite target; ``flat``: the user gave a 1-D array."""
    bad = first_nonfinite(y)
    if bad is not None:
        where = str(bad[0]) if flat else ", ".join(map(str, bad))
        raise DataError(f"{label}[{where}] is {y[bad]}; values must be finite")
