"""What the rest of :mod:`neurons.torch` shares: PyTorch if it is installed, and the library's
activations as PyTorch functions."""

from __future__ import annotations

from typing import Any

from .. import activations
from ..errors import ArgumentTypeError, MissingDependencyError, ParameterError

try:  # PyTorch is optional: without it the module still imports, and its functions say why
    import torch
except ImportError:  # pragma: no cover - the suite runs with and without PyTorch
    # Typed as the module: every use runs after require_torch() or behind `torch is None`.
    torch = None  # type: ignore[assignment]

__all__ = ["ActKey", "ExactSoftplus", "MissingDependencyError", "act_key", "activate",
           "activation_module", "check_dtype", "require_torch", "torch"]


def require_torch() -> None:
    if torch is None:
        raise MissingDependencyError(
            "neurons.torch needs PyTorch, which is not installed: pip install torch "
            "(see https://pytorch.org for the build that fits your machine)")


def check_dtype(dtype: Any) -> Any:
    """``dtype`` (default ``torch.float64``), refused unless a floating-point torch dtype."""
    dtype = torch.float64 if dtype is None else dtype
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise ArgumentTypeError(
            f"dtype must be a floating-point torch dtype such as torch.float64, not "
            f"{dtype!r}")
    return dtype


# A neuron's activation as the module and the document key it: (name, ((param, value), ...)).
ActKey = tuple[str, tuple[tuple[str, float], ...]]


def act_key(act: activations.Activation, who: str) -> ActKey:
    """The library activation ``act`` as a key; anything else is refused (it has no
    PyTorch twin this module can vouch for)."""
    if not activations.is_builtin(act):
        raise ParameterError(
            f"{who} has the activation {act!r}, which is not one of the library's "
            f"({', '.join(activations.names())}): only those have a PyTorch twin here")
    return act.name, tuple(act.params.items())


# Each library activation's PyTorch twin, by name: the same function, with the same
# gradient at the kinks (ReLU 0 at 0, as neurons' heaviside(z, 0); leaky ReLU the slope).
_TWINS: dict[str, Any] = {
    "sigmoid": lambda z, p: torch.sigmoid(z),
    "tanh": lambda z, p: torch.tanh(z),
    "relu": lambda z, p: torch.relu(z),
    "leaky_relu": lambda z, p: torch.nn.functional.leaky_relu(z, p["slope"]),
    # log(1 + e^z) exactly, as neurons' logaddexp(0, z): nn.Softplus returns z itself above
    # its threshold (20), which differs by up to 2e-9.
    "softplus": lambda z, p: torch.logaddexp(z, z.new_zeros(())),
    "identity": lambda z, p: z,
}


def activate(key: ActKey, z: Any) -> Any:
    """f(z) in PyTorch, for the activation ``key``; the same function as the library's."""
    name, params = key
    return _TWINS[name](z, dict(params))


_Module: Any = object if torch is None else torch.nn.Module


class ExactSoftplus(_Module):
    """log(1 + e^z) at every z, as the library's softplus: ``nn.Softplus`` returns z itself
    above its threshold (20), up to 2.1e-9 away. :func:`neurons.torch.to_torch` puts it where
    a layer's activation is softplus, and :func:`neurons.torch.from_torch` reads it back.

    Examples
    --------
    >>> import pytest
    >>> torch = pytest.importorskip("torch")  # the examples need PyTorch
    >>> ExactSoftplus()(torch.tensor([0.0, 30.0], dtype=torch.float64)).tolist()
    [0.6931471805599453, 30.000000000000092]
    """

    def forward(self, z: Any) -> Any:
        """log(1 + e^z), elementwise."""
        return torch.logaddexp(z, z.new_zeros(()))


def activation_module(key: ActKey) -> Any:
    """The ``torch.nn`` module computing the activation ``key`` (None for identity)."""
    name, params = key
    nn = torch.nn
    if name == "identity":
        return None
    if name == "leaky_relu":
        return nn.LeakyReLU(dict(params)["slope"])
    if name == "softplus":
        return ExactSoftplus()
    return {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}[name]()
