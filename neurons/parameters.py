"""Parameter names in the hand-derivation convention, and access to parameters by name.

Weights are ``w1, w2, ...`` in order of neuron creation and then each
neuron's input order; biases ``b1, b2, ...`` in order of neuron creation,
counting only neurons that have a bias. In the classic 2-2-1 network w1 and
w2 feed h1, w3 and w4 feed h2, w5 and w6 feed o1, and b1, b2, b3 belong to
h1, h2, o1. The names follow from the wiring, so they are derived (and cached
until the wiring changes), never stored.

:class:`ParameterNames` is a base class of :class:`neurons.Network`; it needs
the network's ``_neurons`` (creation order) and ``_cache``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ArgumentTypeError, ParameterError, ShapeError, UnknownNameError
from .topology import Topology
from .validation import check_number, first_nonfinite

if TYPE_CHECKING:
    pass

__all__ = ["ParameterNames"]


class ParameterNames(Topology):
    """Naming and reading/writing parameters by name (mixed into :class:`Network`)."""

    def weight_name(self, source: str, target: str) -> str:
        """Return the parameter name (``"w5"``) of the connection ``source -> target``."""
        if "weight_names" not in self._cache:
            self._cache["weight_names"] = {
                (self._neurons[k].inputs[i], k): name
                for name, (k, i) in self.parameter_slots().items() if i is not None
            }
        try:
            return self._cache["weight_names"][source, target]
        except KeyError:
            raise UnknownNameError(f"there is no connection {source} -> {target}") from None

    def parameters(self) -> dict[str, float]:
        """Return every parameter as an ordered name -> value mapping (w1.., then b1..)."""
        return {name: self._get(k, i) for name, (k, i) in self.parameter_slots().items()}

    def parameter(self, name: str) -> float:
        """Return the value of one parameter (``"w1"``, ``"b2"``, ...)."""
        return self._get(*self.parameter_slot(name))

    def parameter_location(self, name: str) -> tuple[str, str | None]:
        """Return where a parameter sits: ``(source, neuron)`` for a weight, ``(neuron, None)``
        for a bias."""
        k, i = self.parameter_slot(name)
        return (k, None) if i is None else (self._neurons[k].inputs[i], k)

    def set_parameters(self, values: Mapping[str, float]) -> None:
        """Set any subset of the parameters by name; all are checked before any is written.

        Raises
        ------
        UnknownNameError, ParameterError
            The network is unchanged.
        """
        if not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"set_parameters takes a mapping of parameter names to values (such as "
                f"{{'w1': 0.5}}), not {type(values).__name__}")
        checked = {name: (self.parameter_slot(name), check_number(v, name))
                   for name, v in values.items()}
        new_weights: dict[str, np.ndarray] = {}
        for (k, i), v in checked.values():
            if i is None:
                self._neurons[k].bias = v
            else:
                new_weights.setdefault(k, np.array(self._neurons[k].weights))[i] = v
        for k, w in new_weights.items():
            self._neurons[k].set_parameters(w, check=False)

    def parameter_vector(self) -> np.ndarray:
        """Return every parameter's value as one float64 array, in :meth:`parameters` order.

        Weights come first (w1, w2, ...: each neuron's weights in creation order), then
        the biases. It is gathered neuron by neuron, one array copy each, so it costs
        what the arrays cost, not a Python step per parameter.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1], seed=0)
        >>> net.parameter_vector().tolist() == list(net.parameters().values())
        True
        """
        neurons = self._neurons.values()
        biases = np.array([n.bias for n in neurons if n.has_bias], dtype=float)
        return np.concatenate([*(n.weights for n in neurons), biases])

    def set_parameter_vector(self, values: Any) -> None:
        """Set every parameter from one array in :meth:`parameters` order (the inverse of
        :meth:`parameter_vector`); checked whole before anything is written.

        Each neuron receives its weights as one array (a view of a copy of ``values``),
        so writing back a trained network costs one step per neuron.

        Raises
        ------
        ShapeError, ParameterError
            For the wrong length or a value that is not finite. The network is unchanged.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1], seed=0)
        >>> net.set_parameter_vector(np.arange(9.0))
        >>> net.parameter("w3"), net.parameter("b1")
        (2.0, 6.0)
        """
        v = np.array(values, dtype=float).reshape(-1)
        if v.shape[0] != self.n_parameters:
            raise ShapeError(f"the network has {self.n_parameters} parameters; got "
                             f"{v.shape[0]} values")
        bad = first_nonfinite(v)
        if bad is not None:
            name = list(self.parameter_slots())[bad[0]]
            raise ParameterError(f"{name} would be {v[bad]}; parameters must be finite")
        v.flags.writeable = False  # each neuron keeps a read-only view of its slice
        start, neurons = 0, list(self._neurons.values())
        biases = iter(v[self.n_weights:].tolist())
        for neuron in neurons:
            end = start + len(neuron.inputs)
            neuron.set_parameters(v[start:end], next(biases) if neuron.has_bias else None,
                                  check=False)
            start = end

    @property
    def n_weights(self) -> int:
        """How many weights the network has (they come first in :meth:`parameter_vector`)."""
        return self.derived("n_weights", lambda: sum(len(n.inputs) for n in self.neurons))

    @property
    def n_parameters(self) -> int:
        """How many parameters (weights and biases) the network has."""
        # Whether a neuron has a bias is fixed when it is made: this follows from the wiring.
        return self.derived("n_parameters", lambda: self.n_weights + sum(
            1 for n in self._neurons.values() if n.has_bias))

    def _get(self, k: str, i: int | None) -> float:
        neuron = self._neurons[k]
        return float(neuron.bias) if i is None else float(neuron.weights[i])
