"""``TorchNetwork``: a network as a ``torch.nn.Module``, one masked weight tensor per block."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import ArgumentTypeError, NetworkStructureError, ParameterError, ShapeError
from .base import ActKey, activate, require_torch, torch
from .documents import document, wiring_of_net

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = ["TorchNetwork"]

_Base: Any = object if torch is None else torch.nn.Module


class TorchNetwork(_Base):
    """A :class:`~neurons.Network` as a ``torch.nn.Module``: same function, same weights.

    Make one with :func:`to_torch`. ``forward`` takes a (samples x inputs) tensor, the
    inputs in ``net.inputs`` order, and returns (samples x outputs), the outputs in
    ``net.outputs`` order. Its parameters are ``weight_{s}_{t}`` (targets x sources) and
    ``bias_{t}``; masked entries (connections the network does not have) stay zero.

    Attributes
    ----------
    inputs, outputs : list of str
        The network's input and output names.
    layers : list of list of str
        Node names layer by layer, as ``net.layers`` (the columns of the tensors).
    wiring : tuple
        The network's wiring (names, sources, activations, which neurons have a bias),
        which :func:`update_from_torch` checks.
    """

    def __init__(self, net: NetworkCore, dtype: Any = None) -> None:
        require_torch()
        dtype = torch.float64 if dtype is None else dtype
        if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
            raise ArgumentTypeError(
                f"dtype must be a floating-point torch dtype such as torch.float64, not "
                f"{dtype!r}")
        if not net.outputs:
            raise NetworkStructureError("the network has no neurons yet: add some with "
                                        "add_neuron")
        super().__init__()
        self.wiring = wiring_of_net(net, strict=True)
        self.inputs = net.inputs
        self.outputs = net.outputs
        self.layers = net.layers
        pos = {name: (t, i) for t, layer in enumerate(self.layers)
               for i, name in enumerate(layer)}
        sizes = [len(layer) for layer in self.layers]

        # Where every parameter sits: name -> (tensor name, index), in net.parameters() order.
        values = net.parameters()
        self._slots: dict[str, tuple[str, tuple[int, ...]]] = {}
        blocks: set[tuple[int, int]] = set()  # (t, s)
        for name in values:
            source, target = net.parameter_location(name)
            if target is None:  # a bias: source is its neuron
                t, k = pos[source]
                self._slots[name] = (f"bias_{t}", (k,))
            else:
                (s, j), (t, k) = pos[source], pos[target]
                self._slots[name] = (f"weight_{s}_{t}", (k, j))
                blocks.add((t, s))
        by_tensor: dict[str, list[str]] = {}
        for name, (tensor, _) in self._slots.items():
            by_tensor.setdefault(tensor, []).append(name)

        # One block per (s, t) with a connection, by target layer then source layer.
        self._into: list[list[tuple[int, str]]] = [[] for _ in sizes]
        self._has_bias = [False] * len(sizes)
        shapes = {}  # in layer order, as an nn.Sequential lists them: weights, then the bias
        for t in range(1, len(sizes)):
            for s in sorted(s for u, s in blocks if u == t):
                self._into[t].append((s, f"weight_{s}_{t}"))
                shapes[f"weight_{s}_{t}"] = f"mask_{s}_{t}", (sizes[t], sizes[s])
            if f"bias_{t}" in by_tensor:
                self._has_bias[t] = True
                shapes[f"bias_{t}"] = f"bias_mask_{t}", (sizes[t],)
        for tensor, (mask_name, shape) in shapes.items():
            names = by_tensor[tensor]
            index = tuple(zip(*(self._slots[n][1] for n in names)))  # one tuple per dimension
            value = torch.zeros(shape, dtype=dtype)
            value[index] = torch.tensor([values[n] for n in names], dtype=dtype)
            self.register_parameter(tensor, torch.nn.Parameter(value))
            if len(names) < math.prod(shape):
                mask = torch.zeros(shape, dtype=dtype)
                mask[index] = 1.0
                # Not in the state dict: the masks follow from the wiring, not from training.
                self.register_buffer(mask_name, mask, persistent=False)
            else:
                self.register_buffer(mask_name, None)

        # Activations: one group per activation in each layer (usually the whole layer).
        keys = {n: key for n, _, key, _ in self.wiring[1]}
        self._acts: list[tuple[list[tuple[ActKey, list[int]]], list[int] | None]] = [([], None)]
        for layer in self.layers[1:]:
            groups: dict[ActKey, list[int]] = {}
            for i, name in enumerate(layer):
                groups.setdefault(keys[name], []).append(i)
            if len(groups) == 1:
                self._acts.append(([(next(iter(groups)), [])], None))
            else:
                order = [i for cols in groups.values() for i in cols]
                inverse = sorted(range(len(order)), key=order.__getitem__)
                self._acts.append((list(groups.items()), inverse))
        out = [pos[o] for o in self.outputs]
        last = len(sizes) - 1
        self._out = None if out == [(last, i) for i in range(sizes[last])] else out

    def forward(self, x: Any) -> Any:
        """Return the outputs (samples x outputs, ``outputs`` order) for inputs x
        (samples x inputs, ``inputs`` order)."""
        if x.shape[-1] != len(self.inputs):
            raise ShapeError(f"the network has {len(self.inputs)} inputs, but x has shape "
                             f"{tuple(x.shape)}")
        linear = torch.nn.functional.linear
        A = [x]
        for t in range(1, len(self._into)):
            z = None
            for s, name in self._into[t]:
                W = getattr(self, name)
                mask = getattr(self, "mask" + name[6:])
                if mask is not None:
                    W = W * mask  # absent connections: zero, and a zero gradient
                z = linear(A[s], W) if z is None else z + linear(A[s], W)
            if self._has_bias[t]:
                b = getattr(self, f"bias_{t}")
                mask = getattr(self, f"bias_mask_{t}")
                z = z + (b if mask is None else b * mask)
            groups, inverse = self._acts[t]
            if inverse is None:
                a = activate(groups[0][0], z)
            else:  # mixed activations: each on its own columns, then back in layer order
                a = torch.cat([activate(key, z[..., cols]) for key, cols in groups], dim=-1)
                a = a[..., inverse]
            A.append(a)
        if self._out is None:
            return A[-1]
        return torch.stack([A[t][..., i] for t, i in self._out], dim=-1)

    # -- reading the values back by the network's names --------------------------------------
    def neuron_parameters(self) -> dict[str, float]:
        """Every parameter's current value by the network's names (``w1``.., ``b1``..)."""
        return self._named({n: p.detach() for n, p in self.named_parameters()})

    def neuron_gradients(self) -> dict[str, float]:
        """Every parameter's ``.grad`` (after ``backward()``) by the network's names; 0.0 for
        a tensor without a gradient yet."""
        return self._named({n: torch.zeros_like(p) if p.grad is None else p.grad.detach()
                            for n, p in self.named_parameters()})

    def _named(self, tensors: Mapping[str, Any]) -> dict[str, float]:
        lists = {n: t.cpu().double().tolist() for n, t in tensors.items()}
        values = {}
        for name, (tensor, index) in self._slots.items():
            v = lists[tensor]
            for i in index:
                v = v[i]
            values[name] = v
        return values

    def to_dict(self) -> dict[str, Any]:
        """The network as :func:`neurons.io.to_dict` writes it, with this module's values
        (the masked entries are not read)."""
        values = self.neuron_parameters()
        for name, v in values.items():
            if not math.isfinite(v):
                tensor, index = self._slots[name]
                raise ParameterError(
                    f"{tensor}[{', '.join(map(str, index))}] (the network's {name}) is {v}: "
                    f"a network's parameters must be finite (did training diverge?)")
        by_place = {}
        for name, (tensor, index) in self._slots.items():
            by_place[tensor, index] = values[name]
        pos = {name: (t, i) for t, layer in enumerate(self.layers)
               for i, name in enumerate(layer)}
        neurons = []
        for name, sources, (act, params), has_bias in self.wiring[1]:
            t, k = pos[name]
            weights = [by_place[f"weight_{pos[s][0]}_{t}", (k, pos[s][1])] for s in sources]
            neurons.append({"name": name, "activation": {"name": act, **dict(params)},
                            "bias": by_place[f"bias_{t}", (k,)] if has_bias else None,
                            "inputs": list(sources), "weights": weights})
        return document(self.inputs, neurons)

    def extra_repr(self) -> str:
        sizes = "-".join(str(len(layer)) for layer in self.layers)
        acts = sorted({key[0] for _, _, key, _ in self.wiring[1]})
        return f"{sizes}, activations: {', '.join(acts)}"
