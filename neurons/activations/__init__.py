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

Every activation returns finite values without a warning for ``|z|`` up to 1e4
and beyond (sigmoid lets e^-z overflow to inf where that gives its exact
limit 0, and silences just that; softplus never overflows).

Look an activation up by name with :func:`get`, or pass the object itself
wherever an ``activation=`` is accepted. The base class is in :mod:`.base`, the
functions in :mod:`.functions`; this module holds the table of names.

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

from ..errors import NeuronsError, ParameterError, UnknownNameError, did_you_mean, lookup
from .base import Activation
from .functions import Identity, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh

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


# The one table: name -> the activation used by both paths.
_REGISTRY: dict[str, Activation] = {
    act.name: act for act in (Sigmoid(), Tanh(), ReLU(), LeakyReLU(), Identity(), Softplus())
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
