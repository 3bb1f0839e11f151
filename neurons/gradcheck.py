"""Gradient checking: backpropagation against central differences.

For every parameter p the loss is evaluated at p + eps and p - eps, and

    numeric = (L(p + eps) - L(p - eps)) / (2 eps)

is compared with the back-propagated dL/dp.

A difference quotient is only as exact as the loss it subtracts: rounding in
L is divided by 2 eps (about 1e-10 for eps = 1e-6 and a loss of order 1, more
when the loss is a small difference of large numbers, such as a softmax
cross-entropy of confident scores). The check therefore *measures* that
resolution: it also takes the quotient with step 2 eps, and the ``noise`` of
the numeric gradients is 4 times the larger of their largest disagreement
(over all parameters) and one unit in the last place of the largest number the
loss is computed from (L itself, the outputs, the targets) divided by 2 eps.
The second term covers losses that round to a constant: a softmax
cross-entropy of scores so confident that L is exactly 0 at p and p +- eps.
(Over 540 random networks, every activation and loss, no error exceeded 3.3
times that estimate, hence the factor 4.) Agreement means::

    |analytic - numeric| <= rtol * max(|analytic|, |numeric|)   or   <= noise,

reported as the relative error ``|a - n| / max(|a|, |n|, noise / rtol)``, so that a
gradient far below what central differences can resolve is not reported as a
large relative error. Any real mistake in backpropagation shows up many orders
of magnitude above the noise (see the tests).

Examples
--------
>>> import numpy as np
>>> from neurons import Network, gradient_check
>>> net = Network.dense([2, 3, 1], seed=0)
>>> report = gradient_check(net, np.array([[0.5, -1.0], [1.5, 2.0]]), [0.0, 1.0], "mse")
>>> report.passed, report.worst_relative_error < 1e-6
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import losses
from .backprop import evaluate_prepared, value_and_gradients_prepared
from .checks import check_number
from .data import check_data

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss

__all__ = ["GradientCheck", "gradient_check"]


@dataclass
class GradientCheck:
    """The result of :func:`gradient_check`.

    Attributes
    ----------
    analytic, numeric : dict
        Parameter name -> dL/dp from backpropagation and from central differences.
    eps : float
        The step used.
    noise : float
        The measured absolute resolution of the numeric gradients (see the module text).
    rtol : float
        The relative tolerance the relative errors are judged against.
    """

    analytic: dict[str, float]
    numeric: dict[str, float]
    eps: float
    noise: float
    rtol: float = 1e-6

    @property
    def absolute_errors(self) -> dict[str, float]:
        """Parameter name -> ``|analytic - numeric|``."""
        return {p: abs(self.analytic[p] - self.numeric[p]) for p in self.analytic}

    @property
    def relative_errors(self) -> dict[str, float]:
        """Parameter name -> ``|analytic - numeric| / max(|analytic|, |numeric|, noise / rtol)``."""
        floor = max(self.noise / self.rtol, np.finfo(float).tiny)
        return {
            p: abs(a - self.numeric[p]) / max(abs(a), abs(self.numeric[p]), floor)
            for p, a in self.analytic.items()
        }

    @property
    def worst_parameter(self) -> str:
        """The parameter with the largest relative error."""
        errors = self.relative_errors
        return max(errors, key=errors.__getitem__)

    @property
    def worst_relative_error(self) -> float:
        """The largest relative error over all parameters."""
        return max(self.relative_errors.values(), default=0.0)

    @property
    def passed(self) -> bool:
        """Whether every parameter agrees to ``rtol`` (or within the numeric noise)."""
        return self.worst_relative_error <= self.rtol

    def __str__(self) -> str:
        rel = self.relative_errors
        lines = [f"{'param':>6} {'backprop':>15} {'numeric':>15} {'rel. error':>11}"]
        for p, a in self.analytic.items():
            lines.append(f"{p:>6} {a:15.9g} {self.numeric[p]:15.9g} {rel[p]:11.2e}")
        lines.append(
            f"worst: {self.worst_parameter} with relative error {self.worst_relative_error:.2e} "
            f"(eps = {self.eps:g}, numeric noise {self.noise:.1e}, "
            f"{'passed' if self.passed else 'FAILED'} at rtol = {self.rtol:g})"
        )
        return "\n".join(lines)


def gradient_check(net: NetworkCore, X: Any, Y: Any, loss: str | Loss = "mse",
                   eps: float = 1e-6, rtol: float = 1e-6) -> GradientCheck:
    """Compare every back-propagated gradient with central differences.

    The network is left with exactly the parameters it had, also if an error
    interrupts the check.

    Parameters
    ----------
    net : Network
    X, Y : array-like
        Samples and targets, as for :meth:`Network.gradients`.
    loss : str or Loss, default "mse"
    eps : float, default 1e-6
        The step added to and subtracted from each parameter.
    rtol : float, default 1e-6
        The relative tolerance behind ``passed`` and the relative errors.

    Returns
    -------
    GradientCheck
        With ``worst_parameter``, ``worst_relative_error`` and ``passed``.
    """
    loss = losses.get(loss)
    eps = check_number(eps, "eps", positive=True)
    rtol = check_number(rtol, "rtol", positive=True)
    X, T = check_data(net, X, Y, loss)

    def quotient(p: str, value: float, h: float) -> float:
        net.set_parameters({p: value + h})
        up = evaluate_prepared(net, X, T, loss)[0]
        net.set_parameters({p: value - h})
        down = evaluate_prepared(net, X, T, loss)[0]
        return (up - down) / (2.0 * h)

    analytic = value_and_gradients_prepared(net, X, T, loss)[1]
    original = net.parameters()
    numeric: dict[str, float] = {}
    spread = 0.0
    try:
        for p, value in original.items():
            numeric[p] = quotient(p, value, eps)
            spread = max(spread, abs(numeric[p] - quotient(p, value, 2.0 * eps)))
            net.set_parameters({p: value})
    finally:
        net.set_parameters(original)
    value, outputs = evaluate_prepared(net, X, T, loss)
    scale = max(abs(value), np.abs(outputs).max(), np.abs(T).max())
    noise = 4.0 * max(spread, float(np.spacing(scale)) / (2.0 * eps))
    return GradientCheck(analytic=analytic, numeric=numeric, eps=eps, noise=noise, rtol=rtol)
