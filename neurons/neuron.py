"""One neuron: weights, an optional bias and an activation.

A neuron computes z = w . x + b and outputs a = f(z). On its own it is the
first thing every course builds; inside a :class:`neurons.Network` it is one
node of the graph, and its weights are the weights of its incoming edges.

The neuron is the single owner of its parameters. ``weights`` is a read-only
array: to change weights assign a whole new list (``neuron.weights = [...]``)
or call :meth:`neurons.Network.set_weight`. The graph's edges read their
``weight`` attribute from the neuron (:mod:`neurons.graph`), so the graph and
the neurons can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import activations
from .activations import Activation
from .checks import check_number, check_vector, check_weights
from .errors import ParameterError, ShapeError

__all__ = ["Neuron"]


class Neuron:
    """A single neuron a = f(w . x + b).

    Parameters
    ----------
    weights : sequence of float
        One weight per input, in input order.
    bias : float or None, default 0.0
        The bias b. ``None`` means the neuron has no bias parameter at all
        (several classic examples use none); then z = w . x.
    activation : str or Activation, default "sigmoid"
        See :mod:`neurons.activations`.
    name : str, optional
        Set by the network the neuron belongs to.

    Examples
    --------
    >>> Neuron([0, 1], 4).feedforward([2, 3])
    0.9990889488055994
    """

    def __init__(
        self,
        weights: Sequence[float] | np.ndarray,
        bias: float | None = 0.0,
        activation: str | Activation = "sigmoid",
        *,
        name: str | None = None,
    ) -> None:
        self.name = name
        self.activation = activations.get(activation)
        self._bias = None if bias is None else check_number(bias, self._label("bias"))
        self._set_weights(check_weights(weights, self._label()))
        self.inputs: tuple[str, ...] = ()  # source names, set by the Network

    # -- parameters --------------------------------------------------------------------------
    @property
    def weights(self) -> np.ndarray:
        """The weights, one per input (read-only array; assign a new list to change them)."""
        return self._weights

    @weights.setter
    def weights(self, values: Sequence[float] | np.ndarray) -> None:
        self._set_weights(check_weights(values, self._label(), expected=len(self._weights)))

    @property
    def bias(self) -> float | None:
        """The bias, or ``None`` for a neuron without a bias parameter."""
        return self._bias

    @bias.setter
    def bias(self, value: float) -> None:
        if self._bias is None:
            raise ParameterError(
                f"{self._label()} was built with bias=None and has no bias parameter to set"
            )
        self._bias = check_number(value, self._label("bias"))

    @property
    def has_bias(self) -> bool:
        """Whether the neuron has a bias parameter."""
        return self._bias is not None

    def set_parameters(self, weights: np.ndarray, bias: float | None = None, *,
                       check: bool = True) -> None:
        """Replace the weights (and the bias, when given) in one step.

        ``check=False`` takes ``weights`` as a 1-D float64 array of the right length
        with finite entries, as :meth:`neurons.Network.set_parameter_vector` passes
        it after checking the whole vector once: writing back a trained network then
        costs one assignment per neuron, not one per weight. The array is kept (made
        read-only), not copied.

        Examples
        --------
        >>> n = Neuron([0.0, 0.0], 0.0)
        >>> n.set_parameters(np.array([1.0, 2.0]), 0.5)
        >>> n.weights.tolist(), n.bias
        ([1.0, 2.0], 0.5)
        """
        if check:
            weights = check_weights(weights, self._label(), expected=len(self._weights))
            if bias is not None:
                self.bias = bias
        elif bias is not None:
            self._bias = bias
        self._set_weights(weights)

    def _set_weights(self, w: np.ndarray) -> None:
        # The one place weights are written; the graph's edges read them from here.
        w.flags.writeable = False
        self._weights = w
        self._weight_list: list[float] | None = None

    @property
    def weight_list(self) -> list[float]:
        """The weights as a list of Python floats, for the per-neuron path's loops.

        Python floats multiply several times faster than NumPy scalars; the list is
        made on first use after the weights change, never per call.
        """
        if self._weight_list is None:
            self._weight_list = self._weights.tolist()
        return self._weight_list

    def _label(self, what: str = "") -> str:
        who = f"neuron {self.name!r}" if self.name is not None else "the neuron"
        return f"{what} of {who}" if what else who

    # -- computing ---------------------------------------------------------------------------
    def feedforward(self, inputs: Sequence[float] | np.ndarray) -> float:
        """Return a = f(w . x + b) for one input vector x.

        Raises
        ------
        ShapeError
            When the number of inputs differs from the number of weights.
        """
        x = check_vector(inputs, f"the inputs of {self._label()}")
        if x.shape[0] != self._weights.shape[0]:
            raise ShapeError(
                f"{self._label()} has {self._weights.shape[0]} weights but got "
                f"{x.shape[0]} inputs"
            )
        z = float(np.dot(self._weights, x)) + (self._bias or 0.0)
        return float(self.activation.value(z))

    def __repr__(self) -> str:
        name = f"{self.name!r}, " if self.name is not None else ""
        return (
            f"Neuron({name}weights={self._weights.tolist()}, bias={self._bias}, "
            f"activation={self.activation.name!r})"
        )

