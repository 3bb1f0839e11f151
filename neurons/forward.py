"""The per-neuron forward pass: one sample, one neuron at a time, in topological order.

Every neuron comes after the nodes it reads from, so one loop computes::

    z_k = sum_j w_jk a_j + b_k          a_k = f(z_k)

where a_j is an input's value or an earlier neuron's output. The :class:`Trace`
keeps every z and a, which :mod:`neurons.backprop` reads on its way back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .validation import check_samples

if TYPE_CHECKING:
    from .network import Network

__all__ = ["Trace", "forward_sample", "forward_trace", "predict"]


@dataclass
class Trace:
    """Everything the forward pass computed for one sample.

    Attributes
    ----------
    z : dict
        Neuron name -> weighted input z = w . a_in + b.
    a : dict
        Node name -> value: the input's value for inputs, f(z) for neurons.
    outputs : list of str
        The output neurons' names, in the order of :attr:`output`.
    """

    z: dict[str, float]
    a: dict[str, float]
    outputs: list[str] = field(default_factory=list)

    @property
    def output(self) -> np.ndarray:
        """The output neurons' values, as a 1-D array."""
        return np.array([self.a[o] for o in self.outputs])

    def __str__(self) -> str:
        rows = [f"{'node':>8} {'z':>12} {'a':>12}"]
        for name, a in self.a.items():
            z = f"{self.z[name]:12.6g}" if name in self.z else f"{'':12}"
            rows.append(f"{name:>8} {z} {a:12.6g}")
        return "\n".join(rows)


def forward_trace(net: Network, x: Any, *, check_input: bool = True) -> Trace:
    """Run one sample forward, neuron by neuron, and return every z and a.

    ``check_input=False`` skips the checks of ``x`` (a 1-D float array the
    caller has checked with :mod:`neurons.validation`).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> trace = forward_trace(net, [2.0, 3.0])
    >>> sorted(trace.z)
    ['h1', 'h2', 'o1']
    """
    if check_input:
        x = check_samples(net, x, single=True)[0]
    return forward_sample(net, np.asarray(x).tolist())


def forward_sample(net: Network, x: list[float]) -> Trace:
    """The loop itself, for one sample the caller has checked, as a list of floats."""
    a = dict(zip(net.inputs, x))
    z: dict[str, float] = {}
    for neuron in net.forward_order():
        k = neuron.name
        z_k = neuron.bias or 0.0
        for j, w_jk in zip(neuron.inputs, neuron.weight_list):
            z_k += w_jk * a[j]
        z[k] = z_k
        a[k] = float(neuron.activation.value(z_k))
    return Trace(z=z, a=a, outputs=net.outputs)


def predict(net: Network, X: Any, *, check_input: bool = True) -> np.ndarray:
    """Return the outputs for every sample (samples x outputs), neuron by neuron."""
    if check_input:
        X = check_samples(net, X)
    return np.array([forward_sample(net, x).output for x in X.tolist()]).reshape(len(X), -1)
