"""The interface of an activation: f, its derivative, and the attributes the paths read."""

from __future__ import annotations

from typing import Any

__all__ = ["Activation"]


class Activation:
    """Base class: an activation function f and its derivative f'.

    Subclasses set ``name``, ``formula`` and ``derivative_formula`` (plain text,
    used by :meth:`neurons.Network.explain`) and implement :meth:`value` and
    :meth:`derivative`.
    """

    name: str = ""
    formula: str = ""
    derivative_formula: str = ""
    linear: bool = False  # f'(z) = 1 everywhere: a vectorized delta can skip the product
    probability: bool = False  # f(z) lies in (0, 1): an output a loss may read as a probability
    logistic: bool = False  # f is the logistic sigmoid, so z = logit(a): losses on
    # probabilities may work from z, and binary cross-entropy's delta is a - y
    output_range: tuple[float, float] | None = None  # the bounds of f, for bounded functions
    symbol: str = ""  # the short label diagrams print on a neuron (default: the name)
    init: str = "xavier"  # the initializer that suits it (He for the ReLU family)

    def value(self, z: Any) -> Any:
        """Return f(z) for a float or an array."""
        raise NotImplementedError

    def derivative(self, z: Any, a: Any) -> Any:
        """Return f'(z), given z and the output a = f(z)."""
        raise NotImplementedError

    @property
    def params(self) -> dict[str, Any]:
        """The constructor arguments that rebuild this activation: ``{}`` for most.

        ``from_params(act.name, act.params) == act`` for every activation of the table
        (:func:`from_params`); saved networks store activations this way.
        """
        return {}

    def _params(self) -> tuple:
        return tuple(self.params.values())

    def __eq__(self, other: object) -> bool:
        if self is other:  # the common case, and cheap: the table's own objects
            return True
        return type(self) is type(other) and self._params() == other._params()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._params()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
