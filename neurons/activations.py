"""Activation functions and their derivatives: one table for both paths.

Each activation is a small object with two methods:

``value(z)``
    a = f(z), for a Python float (the per-neuron path) or a NumPy array (the
    vectorized path); the same code serves both.
``derivative(z, a)``
    f'(z). The output ``a = f(z)`` is passed in as well, because for several
    functions the derivative is cheapest from it: sigmoid' = a (1 - a),
    tanh' = 1 - a**2. The forward pass has already computed ``a``, so nothing
    is evaluated twice.

Every activation returns finite values without a warning for |z| up to 1e4
and beyond (sigmoid lets e^-z overflow to inf where that gives its exact
limit 0, and silences just that; softplus never overflows).

Look an activation up by name with :func:`get`, or pass the object itself
wherever an ``activation=`` is accepted.

Examples
--------
>>> from neurons import activations
>>> s = activations.get("sigmoid")
>>> a = s.value(0.0)
>>> float(a), float(s.derivative(0.0, a))
(0.5, 0.25)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import NeuronsError, ParameterError, UnknownNameError, did_you_mean, lookup
from .validation import check_number

__all__ = [
    "Activation",
    "Identity",
    "LeakyReLU",
    "ReLU",
    "Sigmoid",
    "Softplus",
    "Tanh",
    "from_params",
    "get",
    "is_builtin",
    "names",
]


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
        return type(self) is type(other) and self._params() == other._params()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._params()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    """The logistic function s(z) = 1 / (1 + e^-z), with s' = s (1 - s).

    Computed as the textbook 1 / (1 + e^-z), which keeps its relative
    precision to a couple of units in the last place in both tails. For z
    below about -709, e^-z overflows to inf, and 1 / (1 + inf) = 0 is exactly
    the right limit: that overflow is expected, so its warning is silenced
    (no other floating-point warning is).

    A single number (the per-neuron path) and an array (the vectorized path,
    in place) go through the same operations in the same order, so both paths
    get the same value to the last bit.
    """

    name = "sigmoid"
    formula = "1 / (1 + exp(-z))"
    probability = True
    logistic = True
    output_range = (0.0, 1.0)
    symbol = "σ"
    derivative_formula = "f(z) (1 - f(z))"

    def value(self, z):
        if isinstance(z, float):
            if z > -700.0:  # e^-z is finite: the common case, without the errstate cost
                return 1.0 / (1.0 + float(np.exp(-z)))
            with np.errstate(over="ignore"):
                return 1.0 / (1.0 + float(np.exp(-z)))
        with np.errstate(over="ignore"):
            e = np.negative(z)
            np.exp(e, out=e)  # e^-z; inf for z < -709, giving s = 0
        e += 1.0
        return np.reciprocal(e, out=e)

    def derivative(self, z, a):
        d = 1.0 - a
        d *= a  # a (1 - a), in place for arrays: one allocation instead of two
        return d


class Tanh(Activation):
    """The hyperbolic tangent, tanh(z) = 2 s(2z) - 1, with tanh' = 1 - tanh^2."""

    name = "tanh"
    formula = "tanh(z)"
    output_range = (-1.0, 1.0)
    symbol = "tanh"
    derivative_formula = "1 - f(z)^2"

    def value(self, z):
        return np.tanh(z)

    def derivative(self, z, a):
        return 1.0 - a * a


class ReLU(Activation):
    """The rectifier max(0, z); its derivative is 1 for z > 0 and 0 otherwise (also at 0)."""

    name = "relu"
    formula = "max(0, z)"
    symbol = "ReLU"
    init = "he"
    derivative_formula = "1 if z > 0 else 0"

    def value(self, z):
        return np.maximum(z, 0.0)

    def derivative(self, z, a):
        # heaviside keeps the input's dtype (float32 stays float32), unlike np.where.
        return np.heaviside(z, 0.0)


class LeakyReLU(Activation):
    """max(slope z, z): like ReLU, but negative inputs keep a small slope.

    Parameters
    ----------
    slope : float, default 0.01
        The derivative for z <= 0.
    """

    name = "leaky_relu"
    derivative_formula = "1 if z > 0 else slope"
    symbol = "lReLU"
    init = "he"

    def __init__(self, slope: float = 0.01) -> None:
        # A bool is not a slope, and NaN would make every comparison of the activation fail.
        self.slope = check_number(slope, "the slope of leaky_relu")
        self.formula = f"z if z > 0 else {self.slope:g} z"

    def value(self, z):
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z, a):
        return self.slope + (1.0 - self.slope) * np.heaviside(z, 0.0)

    @property
    def params(self) -> dict[str, Any]:
        """``{"slope": slope}``."""
        return {"slope": self.slope}

    def __repr__(self) -> str:
        return f"LeakyReLU(slope={self.slope:g})"


class Identity(Activation):
    """The identity (linear) activation f(z) = z, for regression outputs and logits."""

    name = "identity"
    formula = "z"
    symbol = "lin"
    derivative_formula = "1"
    linear = True

    def value(self, z):
        return z

    def derivative(self, z, a):
        return np.ones_like(z)


class Softplus(Activation):
    """softplus(z) = log(1 + e^z), a smooth ReLU; its derivative is the sigmoid of z.

    ``logaddexp(0, z)`` computes it without overflow for any z.
    """

    name = "softplus"
    formula = "log(1 + exp(z))"
    symbol = "sp+"
    derivative_formula = "sigmoid(z)"

    def value(self, z):
        return np.logaddexp(0.0, z)

    def derivative(self, z, a):
        return _SIGMOID.value(z)


_SIGMOID = Sigmoid()

# The one table: name -> the activation used by both paths.
_REGISTRY: dict[str, Activation] = {
    act.name: act for act in (_SIGMOID, Tanh(), ReLU(), LeakyReLU(), Identity(), Softplus())
}
_ALIASES = {"linear": "identity", "logistic": "sigmoid"}


def names() -> list[str]:
    """Return the names :func:`get` accepts (aliases excluded), sorted."""
    return sorted(_REGISTRY)


def get(activation: str | Activation) -> Activation:
    """Return the activation called ``activation``, or the object itself.

    Parameters
    ----------
    activation : str or Activation
        A name such as ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``,
        ``"identity"`` (alias ``"linear"``) or ``"softplus"``, or an
        :class:`Activation` instance (returned unchanged).

    Raises
    ------
    UnknownNameError
        For a name that is not in the table; the message lists the known ones.

    Examples
    --------
    >>> get("linear")
    Identity()
    """
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str) and activation.strip().lower() == "softmax":
        raise UnknownNameError(
            "'softmax' is not the activation of one neuron: it acts on the whole output layer. "
            "Give the output neurons 'identity' and train with loss='softmax_cross_entropy' "
            "(neurons.losses.softmax turns such outputs into probabilities)")
    return lookup(_REGISTRY, activation, "activation", "activations", _ALIASES)


def is_builtin(activation: Activation) -> bool:
    """Whether ``activation`` is one of the table's (a name and parameters rebuild it
    exactly): only those can be saved to a file or mapped to PyTorch.

    Examples
    --------
    >>> is_builtin(LeakyReLU(0.2)), is_builtin(type("Swish", (Sigmoid,), {"name": "swish"})())
    (True, False)
    """
    try:
        return from_params(activation.name, activation.params) == activation
    except NeuronsError:
        return False


def from_params(name: str, params: Mapping[str, Any] | None = None) -> Activation:
    """Return the activation called ``name`` built with ``params``: the inverse of ``.params``.

    Parameters
    ----------
    name : str
        A name :func:`get` accepts.
    params : mapping, optional
        Constructor arguments, each a finite number (``{"slope": 0.2}`` for
        ``leaky_relu``); missing ones keep their defaults. Without any, the result
        is the table's own object, as :func:`get` gives.

    Raises
    ------
    UnknownNameError, ArgumentTypeError
        For an unknown name, or a name that is not a string.
    ParameterError, ArgumentTypeError
        For a parameter the activation does not have, or a value its constructor
        refuses (a slope must be a finite number).

    Examples
    --------
    >>> from_params("leaky_relu", {"slope": 0.2})
    LeakyReLU(slope=0.2)
    >>> act = get("tanh")
    >>> from_params(act.name, act.params) is act
    True
    """
    base = get(name)
    params = dict(params or {})
    for key in params:
        if key not in base.params:
            hint = did_you_mean(key, base.params) if isinstance(key, str) else ""
            raise ParameterError(
                f"activation {base.name!r} has no parameter {key!r}{hint}; its parameters: "
                f"{', '.join(base.params) or 'none'}")
    if not params:
        return base
    return type(base)(**{**base.params, **params})
