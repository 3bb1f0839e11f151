"""Looking up a network's neurons and weights by name, with messages that say what is there.

:class:`Lookups` is a base class of :class:`neurons.wiring.Wiring` (and so of
:class:`neurons.Network`): building checks its sources with the same lookups.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from .errors import ParameterError, UnknownNameError, did_you_mean
from .neuron import Neuron
from .validation import check_name, check_number

__all__ = ["Lookups"]


class Lookups:
    """Finding nodes and weights in the graph (mixed into :class:`Network`)."""

    _graph: nx.DiGraph
    _inputs: list[str]
    _neurons: dict[str, Neuron]

    def neuron(self, name: str) -> Neuron:
        """Return the :class:`Neuron` called ``name``."""
        self._check_node(name, role="neuron")
        if name not in self._neurons:
            raise UnknownNameError(f"{name!r} is an input, not a neuron")
        return self._neurons[name]

    def weight(self, source: str, target: str) -> float:
        """Return the weight of the connection ``source -> target``."""
        neuron = self._target_neuron(target)
        return float(neuron.weights[self._input_position(source, target)])

    def set_weight(self, source: str, target: str, value: float) -> None:
        """Set the weight of the connection ``source -> target`` (neuron and graph edge)."""
        neuron = self._target_neuron(target)
        i = self._input_position(source, target)
        w = np.array(neuron.weights)
        w[i] = check_number(value, f"weight {source} -> {target}")
        neuron.set_parameters(w, check=False)

    # -- checks ------------------------------------------------------------------------------
    def _check_node(self, name: Any, role: str) -> None:
        if not isinstance(name, str) or name not in self._graph:
            check_name(name, f"the {role}")
            known = list(self._graph)
            shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
            raise UnknownNameError(f"unknown {role} {name!r}{did_you_mean(name, known)}; "
                                   f"the nodes are: {shown or '(none)'}")

    def _target_neuron(self, target: str) -> Neuron:
        self._check_node(target, role="target")
        if target in self._inputs:
            raise ParameterError(
                f"{target!r} is an input: inputs have no weights (only neurons do)"
            )
        return self._neurons[target]

    def _input_position(self, source: str, target: str) -> int:
        self._check_node(source, role="source")
        try:
            return self._neurons[target].inputs.index(source)
        except ValueError:
            raise UnknownNameError(f"there is no connection {source} -> {target}") from None
