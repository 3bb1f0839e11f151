"""The activation functions of the table: sigmoid, tanh, ReLU, leaky ReLU, identity, softplus."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..checks import check_number
from .base import Activation

__all__ = ["Identity", "LeakyReLU", "ReLU", "Sigmoid", "Softplus", "Tanh"]


class Sigmoid(Activation):
    """The logistic function s(z) = 1 / (1 + e^-z), with s' = s (1 - s).

    Computed as the textbook 1 / (1 + e^-z), which keeps its relative
    precision to a couple of units in the last place in both tails. For z
    below about -709, e^-z overflows to inf, and 1 / (1 + inf) = 0 is exactly
    the right limit: that overflow is expected, so its warning is silenced
    (no other floating-point warning is).

    A single number (the per-neuron path) and an array (the vectorized path,
    in place) go through the same operations in the same order, so both paths
    get the same value to the last bit.
    """

    name = "sigmoid"
    formula = "1 / (1 + exp(-z))"
    probability = True
    logistic = True
    output_range = (0.0, 1.0)
    symbol = "σ"
    derivative_formula = "f(z) (1 - f(z))"

    def value(self, z: float | np.ndarray) -> float | np.ndarray:
        if isinstance(z, float):
            if z > -700.0:  # e^-z is finite: the common case, without the errstate cost
                return 1.0 / (1.0 + float(np.exp(-z)))
            with np.errstate(over="ignore"):
                return 1.0 / (1.0 + float(np.exp(-z)))
        with np.errstate(over="ignore"):
            e = np.negative(z)
            np.exp(e, out=e)  # e^-z; inf for z < -709, giving s = 0
        e += 1.0
        return np.reciprocal(e, out=e)

    def derivative(self, z: float | np.ndarray, a: float | np.ndarray) -> float | np.ndarray:
        d = 1.0 - a
        d *= a  # a (1 - a), in place for arrays: one allocation instead of two
        return d


class Tanh(Activation):
    """The hyperbolic tangent, tanh(z) = 2 s(2z) - 1, with tanh' = 1 - tanh^2."""

    name = "tanh"
    formula = "tanh(z)"
    output_range = (-1.0, 1.0)
    symbol = "tanh"
    derivative_formula = "1 - f(z)^2"

    def value(self, z: float | np.ndarray) -> float | np.ndarray:
        return np.tanh(z)

    def derivative(self, z: float | np.ndarray, a: float | np.ndarray) -> float | np.ndarray:
        return 1.0 - a * a


class ReLU(Activation):
    """The rectifier max(0, z); its derivative is 1 for z > 0 and 0 otherwise (also at 0)."""

    name = "relu"
    formula = "max(0, z)"
    symbol = "ReLU"
    init = "he"
    derivative_formula = "1 if z > 0 else 0"

    def value(self, z: float | np.ndarray) -> float | np.ndarray:
        if isinstance(z, float):  # one number (the per-neuron path): no NumPy call
            return z if z > 0.0 else 0.0
        return np.maximum(z, 0.0)

    def derivative(self, z: float | np.ndarray, a: float | np.ndarray) -> float | np.ndarray:
        if isinstance(z, float):
            return 1.0 if z > 0.0 else 0.0
        # heaviside keeps the input's dtype (float32 stays float32), unlike np.where.
        return np.heaviside(z, 0.0)


class LeakyReLU(Activation):
    """max(slope z, z): like ReLU, but negative inputs keep a small slope.

    Parameters
    ----------
    slope : float, default 0.01
        The derivative for z <= 0.
    """

    name = "leaky_relu"
    derivative_formula = "1 if z > 0 else slope"
    symbol = "lReLU"
    init = "he"

    def __init__(self, slope: float = 0.01) -> None:
        # A bool is not a slope, and NaN would make every comparison of the activation fail.
        self.slope = check_number(slope, "the slope of leaky_relu")
        self.formula = f"z if z > 0 else {self.slope:g} z"

    def value(self, z: float | np.ndarray) -> float | np.ndarray:
        if isinstance(z, float):  # one number (the per-neuron path): no NumPy call
            return z if z > 0 else self.slope * z
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z: float | np.ndarray, a: float | np.ndarray) -> float | np.ndarray:
        if isinstance(z, float):  # the same operations as for an array, on one number
            return self.slope + (1.0 - self.slope) * (1.0 if z > 0.0 else 0.0)
        return self.slope + (1.0 - self.slope) * np.heaviside(z, 0.0)

    @property
    def params(self) -> dict[str, Any]:
        """``{"slope": slope}``."""
        return {"slope": self.slope}

    def __repr__(self) -> str:
        return f"LeakyReLU(slope={self.slope:g})"


class Identity(Activation):
    """The identity (linear) activation f(z) = z, for regression outputs and logits."""

    name = "identity"
    formula = "z"
    symbol = "lin"
    derivative_formula = "1"
    linear = True

    def value(self, z: float | np.ndarray) -> float | np.ndarray:
        return z

    def derivative(self, z: float | np.ndarray, a: float | np.ndarray) -> float | np.ndarray:
        if isinstance(z, float):  # one number (the per-neuron path): no NumPy call
            return 1.0
        return np.ones_like(z)


class Softplus(Activation):
    """softplus(z) = log(1 + e^z), a smooth ReLU; its derivative is the sigmoid of z.

    ``logaddexp(0, z)`` computes it without overflow for any z.
    """

    name = "softplus"
    formula = "log(1 + exp(z))"
    symbol = "sp+"
    derivative_formula = "sigmoid(z)"

    def value(self, z: float | np.ndarray) -> float | np.ndarray:
        return np.logaddexp(0.0, z)

    def derivative(self, z: float | np.ndarray, a: float | np.ndarray) -> float | np.ndarray:
        return _SIGMOID.value(z)


_SIGMOID = Sigmoid()
