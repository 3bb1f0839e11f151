"""The two paths as training sees them: parameters as a list of arrays, and their gradients.

:func:`neurons.training.train` and the optimizers work on ``runner.params``,
a list of NumPy arrays updated in place. :class:`NeuronPath` keeps every
parameter in one vector (in ``net.parameters()`` order) and hands it to the
neurons after each step; :class:`VectorizedPath` uses the compiled weight
blocks and bias vectors themselves. ``named``/``unnamed`` translate arrays
shaped like ``params`` (such as an optimizer's state) to and from one list in
parameter order, which is how checkpoints store them, whatever the path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import backprop
from .errors import ParameterError
from .validation import check_data

if TYPE_CHECKING:
    from .losses import Loss
    from .network import Network

__all__ = ["NeuronPath", "VectorizedPath"]


class NeuronPath:
    """The per-neuron path: every parameter in one vector, in ``net.parameters()`` order."""

    def __init__(self, net: Network, loss: Loss) -> None:
        self.net, self.loss = net, loss
        self.params = [net.parameter_vector()]
        self.n_weights = net.n_weights  # the weights come first; L2 applies to them only

    def prepare(self, X: Any, Y: Any, what: str = "") -> tuple[np.ndarray, np.ndarray]:
        return check_data(self.net, X, Y, self.loss, what=what)

    def gradients(self, X: np.ndarray, T: np.ndarray) -> tuple[float, list[np.ndarray], Any]:
        """The batch's loss, its gradient (shaped like ``params``) and the outputs."""
        value, grad, outputs = backprop.value_gradient_vector(self.net, X, T, self.loss)
        return value, [grad], outputs

    def evaluate(self, X: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
        """The loss (as the per-neuron path computes it) and the outputs."""
        return backprop.evaluate(self.net, X, T, self.loss, check_input=False)

    def sync(self) -> bool:
        """Give the neurons the updated values (the per-neuron path computes from them).

        Returns False, and leaves the neurons as they are, if an update overflowed.
        """
        try:  # set_parameter_vector checks the values once, before it writes any
            self.net.set_parameter_vector(self.params[0])
        except ParameterError:
            return False
        return True

    write_back = sync

    def named(self, arrays: list[np.ndarray]) -> list[float]:
        """Arrays shaped like ``params`` (e.g. optimizer state) as one list in parameter order."""
        return arrays[0].tolist()

    def unnamed(self, values: list[float]) -> list[np.ndarray]:
        """The inverse of :meth:`named`."""
        return [np.array(values, dtype=float)]


class VectorizedPath:
    """The vectorized path: the compiled network's flat array of blocks and biases."""

    def __init__(self, net: Network, loss: Loss, dtype: Any) -> None:
        self.net, self.loss = net, loss
        self.fast = net.compile(np.float64 if dtype is None else dtype)
        self.params = [self.fast.vector]
        self._grad = np.empty_like(self.fast.vector)
        # The weight blocks come first; their absent connections are zeros, which add
        # nothing to the L2 penalty.
        self.n_weights = self.fast.layout.bias_offsets[0]

    def prepare(self, X: Any, Y: Any, what: str = "") -> tuple[np.ndarray, np.ndarray]:
        return self.fast.prepare(X, Y, self.loss, what)

    def gradients(self, X: np.ndarray, T: np.ndarray) -> tuple[float, list[np.ndarray], Any]:
        """The batch's loss, its gradient (shaped like ``params``) and the outputs."""
        value, outputs = self.fast.loss_gradient(X, T, self.loss, self._grad)
        return value, [self._grad], outputs

    def evaluate(self, X: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
        """The loss (as the compiled network computes it) and the outputs."""
        return self.fast.evaluate(X, T, self.loss, check_input=False)

    def sync(self) -> bool:
        return True  # the compiled arrays are the parameters (checked at the next step)

    def write_back(self) -> None:
        self.net.update_from(self.fast)

    def named(self, arrays: list[np.ndarray]) -> list[float]:
        """Arrays shaped like ``params`` (e.g. optimizer state) as one list in parameter order."""
        return self.fast.layout.to_parameters(arrays[0]).tolist()

    def unnamed(self, values: list[float]) -> list[np.ndarray]:
        """The inverse of :meth:`named` (masked entries are zero)."""
        return [self.fast.layout.to_compiled(np.array(values, dtype=float),
                                             np.empty_like(self.fast.vector))]
