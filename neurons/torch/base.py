"""What the rest of :mod:`neurons.torch` shares: PyTorch if it is installed, and the library's
activations as PyTorch functions."""

from __future__ import annotations

from typing import Any

from .. import activations
from ..errors import MissingDependencyError, ParameterError

try:  # PyTorch is optional: without it the module still imports, and its functions say why
    import torch
except ImportError:  # pragma: no cover - the suite runs with and without PyTorch
    torch = None

__all__ = ["ActKey", "MissingDependencyError", "act_key", "activate", "require_torch", "torch"]


def require_torch() -> None:
    if torch is None:
        raise MissingDependencyError(
            "neurons.torch needs PyTorch, which is not installed: pip install torch "
            "(see https://pytorch.org for the build that fits your machine)")


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


def activate(key: ActKey, z: Any) -> Any:
    """f(z) in PyTorch, for the activation ``key``; the same function as the library's."""
    name, params = key
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)  # its gradient at 0 is 0, as neurons' heaviside(z, 0)
    if name == "leaky_relu":  # gradient at 0: the slope, as neurons'
        return torch.nn.functional.leaky_relu(z, dict(params)["slope"])
    if name == "softplus":
        # log(1 + e^z) exactly, as neurons' logaddexp(0, z): nn.Softplus returns z itself
        # above its threshold (20), which differs by up to 2e-9.
        return torch.logaddexp(z, z.new_zeros(()))
    return z  # identity
