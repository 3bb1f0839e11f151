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
