"""Networks as :mod:`neurons.io` documents, read from an ``nn.Sequential``, and their wiring
(what :func:`neurons.torch.update_from_torch` compares)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..builders import layer_names
from ..errors import NetworkStructureError, ParameterError, ShapeError
from ..io import FORMAT, VERSION
from .base import ActKey, ExactSoftplus, act_key, torch

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = ["PLAIN", "Extras", "Wiring", "difference", "document", "extras_of_net",
           "finite_values", "sequential_document", "torch_activation", "wiring_of_doc",
           "wiring_of_net"]


def document(inputs: list[str], neurons: list[dict[str, Any]]) -> dict[str, Any]:
    """A :mod:`neurons.io` document of these inputs and neuron entries."""
    return {"format": FORMAT, "version": VERSION, "inputs": list(inputs), "neurons": neurons}


_SUPPORTED = "Sigmoid, Tanh, ReLU, LeakyReLU, Identity or Softplus(beta=1)"
ACTIVATIONS = "Sigmoid, Tanh, ReLU, LeakyReLU, Identity, Softplus(beta=1) or ExactSoftplus"


def torch_activation(index: int, m: Any) -> dict[str, Any] | None:
    """The library activation of module ``m`` (at ``index``), or None for a non-activation."""
    nn = torch.nn
    simple = {nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.ReLU: "relu", nn.Identity: "identity"}
    if type(m) in simple:
        return {"name": simple[type(m)]}
    if type(m) is nn.LeakyReLU:
        return {"name": "leaky_relu", "slope": float(m.negative_slope)}
    if type(m) is ExactSoftplus:
        return {"name": "softplus"}
    if type(m) is nn.Softplus:
        if m.beta != 1 or m.threshold != 20:
            raise ParameterError(
                f"module [{index}] of the Sequential, {m!r}, is not supported: the library's "
                f"softplus is log(1 + e^z), nn.Softplus with beta=1 and threshold=20 only")
        return {"name": "softplus"}
    return None


def sequential_document(seq: Any) -> dict[str, Any]:
    layers: list[tuple[int, Any, dict[str, Any] | None]] = []  # (index, Linear, activation)
    for index, m in enumerate(seq):
        if type(m) is torch.nn.Linear:
            if layers and m.in_features != layers[-1][1].out_features:
                i, before, _ = layers[-1]
                raise ShapeError(
                    f"module [{index}] of the Sequential, {m!r}, takes {m.in_features} inputs "
                    f"but the Linear before it (module [{i}]) gives {before.out_features}")
            if m.in_features < 1 or m.out_features < 1:
                raise ShapeError(f"module [{index}] of the Sequential, {m!r}, has no neurons "
                                 f"or no inputs")
            layers.append((index, m, None))
            continue
        act = torch_activation(index, m)
        if act is None:
            raise NetworkStructureError(
                f"module [{index}] of the Sequential, {m!r}, has no neuron counterpart: "
                f"from_torch takes Linear layers, each followed by at most one of {_SUPPORTED}")
        if not layers or layers[-1][2] is not None:
            where = "starts the Sequential" if not layers else "follows another activation"
            raise NetworkStructureError(
                f"module [{index}] of the Sequential, {m!r}, {where}: each activation must "
                f"follow a Linear")
        layers[-1] = (*layers[-1][:2], act)
    if not layers:
        raise NetworkStructureError("the Sequential has no Linear layer: from_torch needs one")

    sizes = [layers[0][1].in_features] + [m.out_features for _, m, _ in layers]
    names = layer_names(sizes)  # as Network.dense names them
    neurons = []
    for depth, (index, m, act) in enumerate(layers, start=1):
        W = _finite(m.weight, index, "weight")
        b = None if m.bias is None else _finite(m.bias, index, "bias")
        for k, name in enumerate(names[depth]):
            neurons.append({"name": name, "activation": act or {"name": "identity"},
                            "bias": None if b is None else b[k], "inputs": names[depth - 1],
                            "weights": W[k]})
    return document(names[0], neurons)


def _finite(tensor: Any, index: int, what: str) -> list:
    return _checked(tensor, index, what).tolist()


def finite_values(tensor: Any, index: int, what: str) -> list[float]:
    """The entries of a module's tensor, flattened row by row, refusing one that is not
    finite (the message names the module's index and the entry)."""
    return _checked(tensor, index, what).reshape(-1).tolist()


def _checked(tensor: Any, index: int, what: str) -> Any:
    t = tensor.detach().cpu().double()
    bad = (~torch.isfinite(t)).nonzero()
    if len(bad):
        where = ", ".join(str(int(i)) for i in bad[0])
        raise ParameterError(f"module [{index}] of the Sequential has {what}[{where}] = "
                             f"{t[tuple(bad[0])].item()}: parameters must be finite")
    return t


Wiring = tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...], ActKey, bool], ...]]


def wiring_of_net(net: NetworkCore, strict: bool) -> Wiring:
    """Inputs, and per neuron (creation order): name, sources, activation, has a bias.

    ``strict`` refuses activations outside the library; otherwise they get a key no
    module can have."""
    neurons = []
    for n in net.neurons:
        try:
            key = act_key(n.activation, f"neuron {n.name!r}")
        except ParameterError:
            if strict:
                raise
            key = (f"<{n.activation!r}, not one of the library's activations>", ())
        neurons.append((n.name, tuple(n.inputs), key, n.has_bias))
    return tuple(net.inputs), tuple(neurons)


# The rest of a network's structure: its shared parameters' names, and every neuron that is
# not a plain weighted sum of weights of its own: (name, kind, fixed, shared name per input,
# shared bias, a fixed neuron's constants).
Extras = tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]
PLAIN: Extras = ((), ())


def extras_of_net(net: NetworkCore) -> Extras:
    """The shared parameters' names and the neurons that use them, are fixed or take a max."""
    special = []
    for n in net.neurons:
        shared = n.shared
        if (n.kind == "sum" and not n.fixed and n.shared_bias is None
                and all(p is None for p in shared)):
            continue
        constants = (tuple(n.weights.tolist()), n.bias) if n.fixed and n.kind == "sum" else None
        special.append((n.name, n.kind, n.fixed, shared, n.shared_bias, constants))
    return tuple(net.shared_parameters.names), tuple(special)


def wiring_of_doc(doc: Mapping[str, Any]) -> Wiring:
    neurons = []
    for e in doc["neurons"]:
        act = dict(e["activation"])
        key = (act.pop("name"), tuple(act.items()))
        neurons.append((e["name"], tuple(e["inputs"]), key, e["bias"] is not None))
    return tuple(doc["inputs"]), tuple(neurons)


def difference(mine: Wiring, theirs: Wiring) -> str:
    """The first difference between the network's wiring and the module's, in words."""
    if mine[0] != theirs[0]:
        return f"the network's inputs are {list(mine[0])}, the module's {list(theirs[0])}"
    for a, b in zip(mine[1], theirs[1]):
        if a[0] != b[0]:
            return f"the network has neuron {a[0]!r} where the module has {b[0]!r}"
        if a[1] != b[1]:
            return (f"neuron {a[0]!r} reads from {list(a[1])} in the network, from "
                    f"{list(b[1])} in the module")
        if a[2] != b[2]:
            return (f"neuron {a[0]!r} has the activation {_show(a[2])} in the network, "
                    f"{_show(b[2])} in the module")
        if a[3] != b[3]:
            return (f"neuron {a[0]!r} has {'a' if a[3] else 'no'} bias in the network, "
                    f"{'a' if b[3] else 'no'} bias in the module")
    return (f"the network has {len(mine[1])} neurons, the module "
            f"{len(theirs[1])}")


def extras_difference(mine: Extras, theirs: Extras) -> str | None:
    """The first difference between the network's extras and the module's, or None."""
    if mine[0] != theirs[0]:
        return (f"the network's shared parameters are {_listed(mine[0])}, the module's "
                f"{_listed(theirs[0])}")
    a, b = {e[0]: e for e in mine[1]}, {e[0]: e for e in theirs[1]}
    for name in [*a, *(n for n in b if n not in a)]:
        if a.get(name) != b.get(name):
            return (f"neuron {name!r} is {_neuron(a.get(name))} in the network, "
                    f"{_neuron(b.get(name))} in the module")
    return None


def _listed(names: tuple[str, ...]) -> str:
    return "[" + ", ".join(names[:8]) + (", ..." if len(names) > 8 else "") + "]" \
        if names else "none"


def _neuron(entry: tuple[Any, ...] | None) -> str:
    if entry is None:
        return "a weighted sum of weights of its own"
    _, kind, _, shared, shared_bias, constants = entry
    if kind == "max":
        return "a max neuron"
    if constants is not None:
        return f"fixed (weights {list(constants[0])}, bias {constants[1]})"
    weights = ", ".join(p if p is not None else "own" for p in shared)
    bias = f"the shared bias {shared_bias!r}" if shared_bias is not None else "no shared bias"
    return f"a neuron with weights [{weights}] and {bias}"


def _show(key: ActKey) -> str:
    name, params = key
    return name + (f"({', '.join(f'{k}={v:g}' for k, v in params)})" if params else "")
