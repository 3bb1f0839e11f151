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
from typing import TYPE_CHECKING

import numpy as np

from .errors import ArgumentTypeError, UnknownNameError
from .topology import Topology
from .validation import check_number

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
            self._neurons[k]._set_weights(w)

    def _get(self, k: str, i: int | None) -> float:
        neuron = self._neurons[k]
        return float(neuron.bias) if i is None else float(neuron.weights[i])
