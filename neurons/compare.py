"""The slow-vs-fast report: the per-neuron path and the vectorized path, side by side.

:func:`compare` runs both paths on the same batch and reports how far their
outputs and gradients differ. The two compute the same sums in a different
order (one edge at a time against one matrix product per layer), so they
agree to rounding, not bit for bit.

Differences are measured relative to the largest magnitude of their kind,
``|slow - fast| / max |slow|`` over all gradients, the infinity-norm relative
difference. Rounding in a sum is proportional to the terms summed, not to the
result, so a gradient whose terms nearly cancel can differ from its twin by 1e-12
of itself while the computation is as exact as floating point allows; against the
largest gradient that same difference is 1e-16. A real mistake shows at the size
of the gradient it corrupts, many orders above the tolerance. Each parameter's own
relative difference is listed too, for information.

The outputs are measured the same way against the magnitude their rounding lives
at (:func:`output_scale`): the largest output, or more when every output is the
small remainder of terms that cancel (a ReLU network's output of 4e-5 made of
terms of 0.3 rounds at 0.3, and differs between the paths by 1e-16 of 0.3, which
is 3e-12 of the output itself).

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

__all__ = ["Comparison", "compare", "output_scale"]

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
    output_scale : float
        What the output differences are relative to (:func:`output_scale`); at least
        the largest ``|output|``.
    """

    outputs_slow: np.ndarray
    outputs_fast: np.ndarray
    gradients_slow: dict[str, float]
    gradients_fast: dict[str, float]
    output_names: list[str]
    rtol: float
    dtype: np.dtype
    output_scale: float = 0.0

    # -- outputs -----------------------------------------------------------------------------
    @property
    def output_abs(self) -> float:
        """The largest ``|slow - fast|`` over all outputs."""
        return float(np.abs(self.outputs_slow - self.outputs_fast).max())

    @property
    def output_rel(self) -> float:
        """The largest output difference relative to ``output_scale`` (at least the largest
        ``|output|``)."""
        largest = float(np.abs(self.outputs_slow).max())
        return _relative(self.output_abs, max(largest, self.output_scale))

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
            f"{self.output_rel:.1e} of the outputs' scale",
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
        output_scale=output_scale(net, X),
    )


def output_scale(net: NetworkCore, X: Any) -> float:
    """The magnitude the outputs' rounding lives at, over the samples ``X``: the largest
    running error bound of an output, in units of rounding (first order).

    For each sample, one loop forward in topological order carries each node's bound m:
    0 for an input (exact); for a neuron, its z sums terms w_jk a_j (each a_j known to
    m_j) and b_k, so z_k is known to ``s_k = sum_j |w_jk| (|a_j| + m_j) + |b_k|``; a max
    neuron's z is its winner's a, known to that input's m. Then a_k = f(z_k) carries that
    through f' and rounds once more: ``m_k = |f'(z_k)| s_k + |a_k|``. Two paths that add
    the same terms in other orders differ by a few units of rounding times m at an
    output; m is at least ``|a_k|``, and far more when the terms cancel.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([1, 1], activation="identity")
    >>> net.set_parameters({"w1": 2.0, "b1": -1.999})
    >>> output_scale(net, [[1.0]])  # a = 0.001, made of 2 and -1.999: rounds at their size
    4.0
    """
    scale = 0.0
    for x in np.asarray(X, dtype=float).reshape(-1, len(net.inputs)).tolist():
        trace = backprop.forward_sample(net, x)
        a, z = trace.a, trace.z
        m = dict.fromkeys(net.inputs, 0.0)
        for neuron in net.forward_order():
            k = neuron.name
            if neuron.kind == "max":
                s_k = m[max(neuron.inputs, key=a.__getitem__)]
            else:
                s_k = abs(neuron.bias or 0.0)
                for j, w_jk in zip(neuron.inputs, neuron.weight_list):
                    s_k += abs(w_jk) * (abs(a[j]) + m[j])
            f_prime = float(neuron.activation.derivative(z[k], a[k]))
            m[k] = abs(f_prime) * s_k + abs(a[k])
        scale = max(scale, *(m[o] for o in net.outputs))
    return scale
