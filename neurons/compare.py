"""The slow-vs-fast report: the per-neuron path and the vectorized path, side by side.

:func:`compare` runs both paths on the same batch and reports how far their
outputs and gradients differ. The two compute the same sums in a different
order (one edge at a time against one matrix product per layer), so they
agree to rounding, not bit for bit.

Differences are measured relative to the largest magnitude of their kind,
``|slow - fast| / max |slow|`` over all outputs (or over all gradients), the
infinity-norm relative difference. Rounding in a sum is proportional to the
terms summed, not to the result, so a gradient whose terms nearly cancel can
differ from its twin by 1e-12 of itself while the computation is as exact as
floating point allows; against the largest gradient that same difference is
1e-16. A real mistake shows at the size of the gradient it corrupts, many
orders above the tolerance. Each parameter's own relative difference is
listed too, for information.

Examples
--------
>>> import numpy as np
>>> from neurons import Network, compare
>>> net = Network.dense([3, 4, 2], activation="tanh", seed=0)
>>> X = np.random.default_rng(0).normal(size=(5, 3))
>>> report = compare(net, X, [0, 1, 1, 0, 1], "softmax_cross_entropy")
>>> report.passed
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import backprop, losses
from .checks import check_number
from .compiled import CompiledNetwork
from .data import check_data

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss

__all__ = ["Comparison", "compare"]

# The tolerance follows the dtype: about 4500 units of rounding in either.
DEFAULT_RTOL = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 5e-4}


@dataclass
class Comparison:
    """What :func:`compare` found.

    Attributes
    ----------
    outputs_slow, outputs_fast : ndarray
        Both paths' outputs (samples x output neurons).
    gradients_slow, gradients_fast : dict
        Both paths' gradients by parameter name.
    output_names : list of str
    rtol : float
        The tolerance ``passed`` is judged against.
    dtype : numpy dtype of the fast path
    """

    outputs_slow: np.ndarray
    outputs_fast: np.ndarray
    gradients_slow: dict[str, float]
    gradients_fast: dict[str, float]
    output_names: list[str]
    rtol: float
    dtype: np.dtype

    # -- outputs -----------------------------------------------------------------------------
    @property
    def output_abs(self) -> float:
        """The largest ``|slow - fast|`` over all outputs."""
        return float(np.abs(self.outputs_slow - self.outputs_fast).max())

    @property
    def output_rel(self) -> float:
        """The largest output difference relative to the largest ``|output|``."""
        return _relative(self.output_abs, float(np.abs(self.outputs_slow).max()))

    @property
    def output_where(self) -> tuple[int, str]:
        """(sample, output neuron) of the largest output difference."""
        diff = np.abs(self.outputs_slow - self.outputs_fast)
        s, o = np.unravel_index(int(diff.argmax()), diff.shape)
        return int(s), self.output_names[o]

    # -- gradients ---------------------------------------------------------------------------
    @property
    def gradient_abs(self) -> float:
        """The largest ``|slow - fast|`` over all parameters' gradients."""
        return max(self.absolute_differences.values(), default=0.0)

    @property
    def gradient_rel(self) -> float:
        """The largest gradient difference relative to the largest ``|gradient|``."""
        scale = max((abs(v) for v in self.gradients_slow.values()), default=0.0)
        return _relative(self.gradient_abs, scale)

    @property
    def gradient_where(self) -> str:
        """The parameter with the largest gradient difference."""
        diffs = self.absolute_differences
        return max(diffs, key=diffs.__getitem__)

    @property
    def absolute_differences(self) -> dict[str, float]:
        """Parameter name -> ``|slow - fast|`` of its gradient."""
        return {p: abs(g - self.gradients_fast[p]) for p, g in self.gradients_slow.items()}

    @property
    def relative_differences(self) -> dict[str, float]:
        """Parameter name -> ``|slow - fast| / max(|slow|, |fast|)``, each against itself."""
        return {
            p: _relative(abs(g - self.gradients_fast[p]), max(abs(g), abs(self.gradients_fast[p])))
            for p, g in self.gradients_slow.items()
        }

    @property
    def passed(self) -> bool:
        """Whether outputs and gradients agree to ``rtol``."""
        return max(self.output_rel, self.gradient_rel) <= self.rtol

    def __str__(self) -> str:
        own = self.relative_differences
        lines = [f"{'param':>6} {'per-neuron':>16} {'vectorized':>16} {'abs diff':>9} "
                 f"{'rel (own)':>9}"]
        for p, g in self.gradients_slow.items():
            lines.append(f"{p:>6} {g:16.10g} {self.gradients_fast[p]:16.10g} "
                         f"{abs(g - self.gradients_fast[p]):9.1e} {own[p]:9.1e}")
        s, o = self.output_where
        lines += [
            f"outputs:   largest difference {self.output_abs:.1e} (sample {s}, {o}), "
            f"{self.output_rel:.1e} of the largest output",
            f"gradients: largest difference {self.gradient_abs:.1e} ({self.gradient_where}), "
            f"{self.gradient_rel:.1e} of the largest gradient",
            f"{'PASSED' if self.passed else 'FAILED'}: both paths agree to "
            f"{self.rtol:g} relative ({self.dtype.name} vectorized path)",
        ]
        return "\n".join(lines)


def _relative(diff: float, scale: float) -> float:
    if diff == 0.0:
        return 0.0
    return diff / scale if scale > 0.0 else float("inf")


def compare(net: NetworkCore, X: Any, Y: Any, loss: str | Loss = "mse", rtol: float | None = None,
            dtype: Any = np.float64) -> Comparison:
    """Run the per-neuron and the vectorized path on (X, Y) and report their differences.

    Parameters
    ----------
    net : Network
    X, Y : array-like
        As for :meth:`Network.gradients`.
    loss : str or Loss, default "mse"
    rtol : float, optional
        Tolerance for ``passed``; by default 1e-12 for float64 and 5e-4 for float32.
    dtype : numpy.float64 (default) or numpy.float32
        The vectorized path's precision (the per-neuron path is always float64).

    Returns
    -------
    Comparison
        ``passed``, the largest differences and where they occur; ``str()`` is a table.
    """
    loss = losses.get(loss)
    fast = CompiledNetwork(net, dtype)
    if rtol is not None:
        rtol = check_number(rtol, "rtol", positive=True)
    X, T = check_data(net, X, Y, loss)
    X_fast, T_fast = X.astype(fast.dtype), T.astype(fast.dtype)
    grad = np.empty_like(fast.vector)
    dW, db, _ = fast.backward(X_fast, T_fast, loss, out=grad)
    return Comparison(
        outputs_slow=backprop.predict_prepared(net, X),
        outputs_fast=fast.forward_prepared(X_fast).astype(float),
        gradients_slow=backprop.value_and_gradients_prepared(net, X, T, loss)[1],
        gradients_fast=fast.named(dW, db, grad[fast.layout.shared_offset:]),
        output_names=net.outputs,
        rtol=DEFAULT_RTOL[fast.dtype] if rtol is None else float(rtol),
        dtype=fast.dtype,
    )
