"""Convolutional networks as an ``nn.Sequential`` of PyTorch's own layers, and back.

A network built as a stack (what :func:`neurons.builders.from_architecture` builds:
convolution and pooling grids first, each reading the whole layer before it as its grid
says, then fully connected layers) is, layer for layer, an ``nn.Sequential``::

    Unflatten(1, in_shape)     the inputs x1.. laid out as the first grid reads them
    Conv2d / Conv1d            kernel k{n}_{out}_{in}_{row}_{column} = weight[out-1, in-1, ...]
    activation                 ReLU, Sigmoid, ..., ExactSoftplus; none for identity
    MaxPool2d / AvgPool2d ...  windows of `size` moved by `stride`, no padding
    Flatten                    channel by channel, row by row: the network's node order
    Linear, activation         weight[k, j] is w_jk, as nn.Linear holds it

:func:`sequential_network` reads such a Sequential (or one without the ``Unflatten``,
given ``in_shape``) back into layer dicts for ``from_architecture``, and the values.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..activations import from_params
from ..builders import from_architecture
from ..errors import (
    ArgumentTypeError,
    NetworkStructureError,
    NeuronsError,
    ParameterError,
    ShapeError,
)
from ..grids import Grid
from ..layout import BlockLayout, GridOp, Layout
from .base import ActKey, act_key, activation_module, check_dtype, require_torch, torch
from .documents import ACTIVATIONS, extras_of_net, finite_values, torch_activation, wiring_of_net

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = ["TorchSequential", "grid_modules", "sequential_network", "stack_of"]


@dataclass
class StackLayer:
    """One layer of a stack: a grid run as one operation, or a fully connected block."""

    t: int
    act: ActKey
    op: GridOp | None = None
    block: BlockLayout | None = None
    bias: bool = False


def stack_of(net: NetworkCore, layout: Layout, *, grids: bool = True
             ) -> tuple[list[StackLayer], str | None]:
    """The network's layers as an ``nn.Sequential`` would hold them, or why it cannot.

    Returns ``(layers, None)``, or ``([], reason)`` with the reason in words. ``grids``
    asks for at least one convolution or pooling layer.
    """
    if grids and not net.grids:
        return [], "it has no convolution or pooling layer"
    ops = {op.t: op for op in layout.grid_ops}
    into: dict[int, list[BlockLayout]] = {}
    for b in layout.blocks:
        into.setdefault(b.t, []).append(b)
    layers = net.layers
    stack: list[StackLayer] = []
    used: set[str] = set()
    dense = False
    for t in range(1, len(layers)):
        keys = {act_key(net.neuron(k).activation, f"neuron {k!r}") for k in layers[t]}
        if len(keys) > 1:
            return [], f"the neurons of layer {t} have different activations"
        act = keys.pop()
        has_bias = bool(layout.bias_cols[t - 1].size or layout.bias_tied[t - 1][0].size
                        or layout.bias_fixed[t - 1][0].size)
        if t in ops:
            op = ops[t]
            g = op.grid
            if dense:
                return [], f"grid layer {g.name} follows a fully connected layer"
            if op.s != t - 1 or op.src is not None or op.out is not None or into.get(t) \
                    or has_bias or any(m.t == t for m in layout.max_ops):
                return [], (f"grid layer {g.name} is not all of layer {t}, or does not read "
                            f"all of layer {t - 1} in order")
            if stack and stack[-1].op is not None \
                    and stack[-1].op.grid.out_shape != g.in_shape:
                return [], (f"grid layer {g.name} reads {g.in_shape}, the layer before gives "
                            f"{stack[-1].op.grid.out_shape}")
            if g.kind == "conv" and any(a != b for a, b in g.padding) and (
                    any(s != 1 for s in g.stride) or g.padding != tuple(
                        ((k - 1) // 2, k - 1 - (k - 1) // 2) for k in g.kernel)):
                return [], f"grid layer {g.name} pads unevenly, and not as padding='same'"
            if g.kind == "average" and any(
                    not np.array_equal(net.neuron(k).weights, np.full(len(w), 1 / len(w)))
                    for k, w in ((k, net.neuron(k).inputs) for k in g.neurons)):
                return [], f"the weights of average pooling layer {g.name} were changed"
            used.update(g.kernel_names, g.bias_names)
            stack.append(StackLayer(t, act, op=op, bias=bool(g.bias_names)))
            continue
        rewired = [g.name for g in net.grids if layers[t][0] in g.neurons]
        if rewired:
            return [], (f"the neurons of grid layer {rewired[0]} are no longer wired as its "
                        f"grid says")
        blocks = into.get(t, [])
        if len(blocks) != 1 or blocks[0].s != t - 1 or blocks[0].mask is not None \
                or blocks[0].tied_rows.size or blocks[0].fixed_rows.size \
                or any(m.t == t for m in layout.max_ops):
            return [], (f"layer {t} is neither a grid layer nor fully connected to layer "
                        f"{t - 1} with weights of its own")
        cols = layout.bias_cols[t - 1]
        if cols.size not in (0, len(layers[t])) or layout.bias_tied[t - 1][0].size \
                or layout.bias_fixed[t - 1][0].size:
            return [], f"some neurons of layer {t} have a bias of their own and some not"
        dense = True
        stack.append(StackLayer(t, act, block=blocks[0], bias=bool(cols.size)))
    if net.outputs != layers[-1]:
        return [], "its outputs are not its last layer"
    unused = [p for p in net.shared_parameters.names if p not in used]
    if unused:
        return [], f"its shared parameters {', '.join(unused[:5])} are not a grid's kernel"
    return stack, None


_Sequential: Any = object if torch is None else torch.nn.Sequential


class TorchSequential(_Sequential):
    """A stacked network (convolution and pooling layers, then fully connected ones) as an
    ``nn.Sequential`` of ``Unflatten``, ``Conv1d``/``Conv2d``, pooling, ``Flatten``,
    ``Linear`` and activation modules: same function, same weights.

    Make one with :func:`neurons.torch.to_torch`. Called on (samples x inputs), in
    ``net.inputs`` order, it returns (samples x outputs); its modules after the first
    (``module[1:]``, a plain ``nn.Sequential``) take images shaped ``(samples, *in_shape)``.
    ``neuron_parameters()`` and ``neuron_gradients()`` give the values and ``.grad`` by the
    network's names: ``k1_2_1_3_3`` is ``weight[1, 0, 2, 2]`` of the first convolution.

    Attributes
    ----------
    inputs, outputs : list of str
        The network's input and output names.
    in_shape : tuple of int
        The input's shape, channels first (the ``Unflatten``'s).
    wiring, extras : tuple
        The network's structure, which :func:`neurons.torch.update_from_torch` checks.

    Examples
    --------
    >>> import pytest
    >>> torch = pytest.importorskip("torch")  # the examples need PyTorch
    >>> from neurons import Network
    >>> from neurons.torch import to_torch
    >>> net = Network.from_architecture([
    ...     {"type": "conv1d", "in_shape": (1, 4), "channels": 1, "kernel": 2},
    ...     {"type": "maxpool1d", "size": 3},
    ... ], seed=0)
    >>> module = to_torch(net)
    >>> [type(m).__name__ for m in module]
    ['Unflatten', 'Conv1d', 'ReLU', 'MaxPool1d', 'Flatten']
    >>> module(torch.tensor([[1.0, 2.0, 3.0, 4.0]], dtype=torch.float64)).sum().backward()
    >>> list(module.neuron_gradients())
    ['k1_1_1_1', 'k1_1_1_2', 'kb1_1']
    """

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, slice):  # a part of the network is a plain Sequential
            return torch.nn.Sequential(OrderedDict(list(self._modules.items())[idx]))
        return super().__getitem__(idx)

    def forward(self, x: Any) -> Any:
        """Return the outputs (samples x outputs) for inputs x (samples x inputs)."""
        if x.shape[-1] != len(self.inputs):
            raise ShapeError(f"the network has {len(self.inputs)} inputs, but x has shape "
                             f"{tuple(x.shape)}")
        if x.dim() != 2:
            lead = x.shape[:-1]
            return self.forward(x.reshape(-1, x.shape[-1])).reshape(*lead, -1)
        return super().forward(x)

    def neuron_parameters(self) -> dict[str, float]:
        """Every parameter's current value by the network's names."""
        return self._named(lambda p: p.detach())

    def neuron_gradients(self) -> dict[str, float]:
        """Every parameter's ``.grad`` (after ``backward()``) by the network's names; 0.0 for
        a tensor without a gradient yet."""
        return self._named(lambda p: torch.zeros_like(p) if p.grad is None else p.grad.detach())

    def _named(self, read: Any) -> dict[str, float]:
        values: dict[str, float] = {}
        present = {id(m) for m in self}
        for module, attr, names in self._places:
            if id(module) not in present:
                raise NetworkStructureError(
                    f"the {type(module).__name__} that to_torch made for the network's "
                    f"{names[0]}.. is no longer in this Sequential: its values cannot be read "
                    f"by the network's names (read the Sequential with from_torch instead)")
            values.update(zip(names, read(getattr(module, attr)).cpu().double()
                              .reshape(-1).tolist()))
        return {name: values[name] for name in self._order}

    def checked_parameters(self) -> dict[str, float]:
        """:meth:`neuron_parameters`, refusing a value that is not finite (the message names
        the module, the entry and the network's parameter)."""
        values = self.neuron_parameters()
        for module, attr, names in self._places:
            for i, name in enumerate(names):
                if not math.isfinite(values[name]):
                    index = next(k for k, m in enumerate(self) if m is module)
                    shape = tuple(getattr(module, attr).shape)
                    where = ", ".join(str(int(j)) for j in np.unravel_index(i, shape))
                    raise ParameterError(
                        f"module [{index}] of the Sequential, {type(module).__name__}, has "
                        f"{attr}[{where}] = {values[name]} (the network's {name}): a network's "
                        f"parameters must be finite (did training diverge?)")
        return values


def grid_modules(net: NetworkCore, dtype: Any, layout: Layout,
                 stack: list[StackLayer]) -> TorchSequential:
    """The :class:`TorchSequential` of a stack (from :func:`stack_of`)."""
    require_torch()
    dtype = check_dtype(dtype)
    nn = torch.nn
    skip_init = torch.nn.utils.skip_init
    table = net.shared_parameters
    values = net.parameter_vector()
    names = net.parameter_names()
    modules: list[Any] = []
    places: list[tuple[Any, str, list[str]]] = []
    in_shape: tuple[int, ...] = (len(net.inputs),)
    flat = True
    if stack[0].op is not None:
        in_shape = stack[0].op.grid.in_shape
        modules.append(nn.Unflatten(1, in_shape))
        flat = False

    def fill(module: Any, attr: str, names_in_order: Sequence[str], data: Any) -> None:
        with torch.no_grad():
            getattr(module, attr).copy_(torch.as_tensor(np.asarray(data, dtype=float)).reshape(
                getattr(module, attr).shape))
        places.append((module, attr, list(names_in_order)))

    for layer in stack:
        if layer.op is not None:
            g = layer.op.grid
            d = g.dims
            if g.kind == "conv":
                same = any(a != b for a, b in g.padding)
                conv = skip_init(  # no random initial values: the global RNG is left alone
                    nn.Conv1d if d == 1 else nn.Conv2d,
                    g.in_shape[0], g.out_shape[0], g.kernel, stride=g.stride,
                    padding="same" if same else tuple(a for a, _ in g.padding),
                    bias=bool(g.bias_names), dtype=dtype)
                fill(conv, "weight", g.kernel_names, [table.value(k) for k in g.kernel_names])
                if g.bias_names:
                    fill(conv, "bias", g.bias_names, [table.value(k) for k in g.bias_names])
                modules.append(conv)
            else:
                kind = {("max", 1): nn.MaxPool1d, ("max", 2): nn.MaxPool2d,
                        ("average", 1): nn.AvgPool1d, ("average", 2): nn.AvgPool2d}[g.kind, d]
                modules.append(kind(g.kernel, stride=g.stride))
        else:
            if not flat:
                modules.append(nn.Flatten())
                flat = True
            b = layer.block
            assert b is not None
            n_s, n_t = b.shape
            linear = skip_init(nn.Linear, n_s, n_t, bias=layer.bias, dtype=dtype)
            if b.start is not None:  # W.T is one run of the parameter vector: nn.Linear's order
                order = np.arange(b.start, b.start + n_s * n_t)
            else:
                # A block that is not one run lists its entries (Layout._block).
                assert b.rows is not None and b.cols is not None and b.pidx is not None
                order = np.empty(n_s * n_t, dtype=np.intp)
                order[b.cols * n_s + b.rows] = b.pidx
            fill(linear, "weight", [names[p] for p in order.tolist()], values[order])
            if layer.bias:
                pidx = np.empty(n_t, dtype=np.intp)
                pidx[layout.bias_cols[layer.t - 1]] = layout.bias_pidx[layer.t - 1]
                fill(linear, "bias", [names[p] for p in pidx.tolist()], values[pidx])
            modules.append(linear)
        act = activation_module(layer.act)
        if act is not None:
            modules.append(act)
    if not flat:
        modules.append(nn.Flatten())
    seq = TorchSequential(*modules)
    seq.inputs, seq.outputs, seq.in_shape = net.inputs, net.outputs, in_shape
    seq.wiring, seq.extras = wiring_of_net(net, strict=True), extras_of_net(net)
    seq._places, seq._order = places, names
    return seq


# -- reading a Sequential -------------------------------------------------------------------------
def _conv_types() -> tuple[type, ...]:
    nn = torch.nn
    return nn.Conv1d, nn.Conv2d


def _pool_types() -> tuple[type, ...]:
    nn = torch.nn
    return nn.MaxPool1d, nn.MaxPool2d, nn.AvgPool1d, nn.AvgPool2d


def has_grid_layers(seq: Any) -> bool:
    """Whether an ``nn.Sequential`` holds a convolution or pooling module (of any kind:
    those the library has no neuron for are refused by :func:`sequential_network`, which
    says which it takes) or an ``Unflatten``."""
    return any(type(m) is torch.nn.Unflatten or type(m).__module__ in (
        "torch.nn.modules.conv", "torch.nn.modules.pooling") for m in seq)


def _ints(value: Any, dims: int) -> tuple[int, ...]:
    return tuple(int(v) for v in value) if isinstance(value, (tuple, list)) \
        else (int(value),) * dims


def _shape(value: Any, where: str) -> tuple[int, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) \
            or len(value) not in (2, 3) or any(isinstance(v, bool) or not isinstance(
                v, (int, np.integer)) or v < 1 for v in value):
        raise ShapeError(f"{where} must be (channels, length) or (channels, height, width), "
                         f"positive integers, not {value!r}")
    return tuple(int(v) for v in value)


def sequential_network(seq: Any, in_shape: Sequence[int] | None = None) -> NetworkCore:
    """Build the network of an ``nn.Sequential`` with convolution or pooling layers.

    See :func:`neurons.torch.from_torch`; ``in_shape`` is needed when the Sequential does
    not start with ``nn.Unflatten(1, in_shape)``.
    """
    nn = torch.nn
    mods = list(seq)
    where = lambda i: f"module [{i}] of the Sequential, {mods[i]!r}"  # noqa: E731
    shape: tuple[int, ...] | None = None
    start = 0
    if mods and type(mods[0]) is nn.Unflatten:
        if mods[0].dim not in (1, -1):
            raise NetworkStructureError(
                f"{where(0)}, unflattens dim {mods[0].dim}: from_torch takes Unflatten(1, "
                f"(channels, ...)), the samples' values laid out as the first layer reads them")
        shape = _shape(tuple(mods[0].unflattened_size), f"{where(0)}: its unflattened_size")
        if in_shape is not None and tuple(in_shape) != shape:
            raise ShapeError(f"in_shape {tuple(in_shape)} differs from {where(0)}; give one "
                             f"of them")
        start = 1
    elif in_shape is not None:
        shape = _shape(in_shape, "in_shape")
    specs: list[dict[str, Any]] = []
    tensors: list[tuple[int, Any]] = []  # (module index, module) per spec, for the values
    open_spec: int | None = None  # the spec an activation may still follow
    flattened = False
    for index in range(start, len(mods)):
        m = mods[index]
        kind = type(m)
        if kind in _conv_types() or kind in _pool_types():
            if flattened or any(s["type"] == "dense" for s in specs):
                before = "a Linear" if specs[-1]["type"] == "dense" else "nn.Flatten"
                raise NetworkStructureError(
                    f"{where(index)}, follows {before}: convolution and pooling layers come "
                    f"first, then Flatten, then the Linear layers")
            dims = 1 if kind.__name__.endswith("1d") else 2
            if shape is None:
                need = "(channels, length)" if dims == 1 else "(channels, height, width)"
                raise ShapeError(
                    f"{where(index)}, needs the input's shape: pass in_shape={need} or start "
                    f"the Sequential with nn.Unflatten(1, {need})")
            if len(shape) != dims + 1:
                raise ShapeError(f"{where(index)}, takes {dims}-D inputs but the layer before "
                                 f"gives shape {shape}")
            spec, shape = (_conv_spec if kind in _conv_types() else _pool_spec)(
                m, dims, shape, where(index))
            specs.append(spec)
            tensors.append((index, m))
            open_spec = len(specs) - 1
        elif kind is nn.Flatten:
            if m.start_dim != 1 or m.end_dim != -1:
                raise NetworkStructureError(f"{where(index)}, must be nn.Flatten() (start_dim=1, "
                                            f"end_dim=-1)")
            if flattened or not specs or specs[-1]["type"] == "dense":
                raise NetworkStructureError(
                    f"{where(index)}, does not follow a convolution or pooling layer: one "
                    f"Flatten goes between the last of those and the first Linear")
            flattened, open_spec = True, None
            shape = (math.prod(shape),) if shape is not None else None
        elif kind is nn.Linear:
            if specs and not flattened and specs[-1]["type"] != "dense":
                raise NetworkStructureError(
                    f"{where(index)}, follows a convolution or pooling layer: put nn.Flatten() "
                    f"before it (a Linear on images acts on their last axis only)")
            if shape is not None and len(shape) != 1:
                raise NetworkStructureError(
                    f"{where(index)}, reads images of shape {shape}: put nn.Flatten() before it")
            if shape is not None and m.in_features != shape[0]:
                raise ShapeError(f"{where(index)}, takes {m.in_features} inputs but the layer "
                                 f"before gives {shape[0]}")
            spec = {"type": "dense", "output_dim": m.out_features, "bias": m.bias is not None,
                    "activation": "identity"}
            if not specs:
                spec["input_dim"] = m.in_features
            specs.append(spec)
            tensors.append((index, m))
            shape, open_spec = (m.out_features,), len(specs) - 1
        elif kind is nn.Unflatten:
            raise NetworkStructureError(f"{where(index)}, is not the first module: from_torch "
                                        f"takes one Unflatten, at the start")
        else:
            act = torch_activation(index, m)
            if act is None:
                raise NetworkStructureError(
                    f"{where(index)}, has no neuron counterpart: from_torch takes Conv1d, Conv2d, "
                    f"MaxPool1d/2d and AvgPool1d/2d layers, then Flatten and Linear layers, each "
                    f"followed by at most one of {ACTIVATIONS}")
            if open_spec is None:
                after = "another activation" if index > start and torch_activation(
                    index - 1, mods[index - 1]) is not None else "nn.Flatten" if (
                    index > start and type(mods[index - 1]) is nn.Flatten) else "no layer"
                raise NetworkStructureError(
                    f"{where(index)}, follows {after}: each activation must follow a "
                    f"convolution, pooling or Linear layer, at most one each")
            specs[open_spec]["activation"] = activation_of(act)
            open_spec = None
    if not specs:
        raise NetworkStructureError("the Sequential has no layer: from_torch needs one")
    if "input_dim" not in specs[0]:
        specs[0]["in_shape"] = _first_shape(seq, in_shape)
    net = from_architecture(specs, seed=0)
    net.set_parameters(_values(net, specs, tensors))
    return net


def _first_shape(seq: Any, in_shape: Sequence[int] | None) -> tuple[int, ...]:
    first = next(iter(seq))
    if type(first) is torch.nn.Unflatten:
        return tuple(int(v) for v in first.unflattened_size)
    return tuple(int(v) for v in in_shape)  # type: ignore[union-attr]


def activation_of(act: dict[str, Any]) -> Any:
    """A library activation from :func:`torch_activation`'s dict."""
    params = dict(act)
    return from_params(params.pop("name"), params)


def _conv_spec(m: Any, dims: int, shape: tuple[int, ...], where: str
               ) -> tuple[dict[str, Any], tuple[int, ...]]:
    problems = []
    if _ints(m.dilation, dims) != (1,) * dims:
        problems.append(f"dilation={m.dilation} (the library's kernels read neighbouring "
                        f"positions: use dilation=1)")
    if m.groups != 1:
        problems.append(f"groups={m.groups} (every output channel reads every input channel "
                        f"here: use groups=1)")
    if m.padding_mode != "zeros":
        problems.append(f"padding_mode={m.padding_mode!r} (zero padding only: use "
                        f"padding_mode='zeros')")
    if problems:
        raise NetworkStructureError(f"{where}, is not supported: {'; '.join(problems)}")
    if m.in_channels != shape[0]:
        raise ShapeError(f"{where}, takes {m.in_channels} channels but the layer before gives "
                         f"{shape[0]} (shape {shape})")
    kernel, stride = _ints(m.kernel_size, dims), _ints(m.stride, dims)
    if isinstance(m.padding, str):
        padding: Any = m.padding
        pads = [0] * dims if padding == "valid" else [k - 1 for k in kernel]
    else:
        padding = _ints(m.padding, dims)
        pads = [2 * p for p in padding]
    out = []
    for n, k, s, p in zip(shape[1:], kernel, stride, pads):
        if k > n + p:
            raise ShapeError(f"{where}: its kernel ({k}) is larger than the input ({n}"
                             f"{f' padded to {n + p}' if p else ''})")
        out.append((n + p - k) // s + 1)
    spec = {"type": f"conv{dims}d", "channels": m.out_channels, "kernel": kernel,
            "stride": stride, "padding": padding, "bias": m.bias is not None,
            "activation": "identity"}
    try:  # the grids' own rules (a window of padding alone has no neuron, say)
        Grid.convolution("c", ("",) * math.prod(shape), shape, m.out_channels, kernel, stride,
                         padding, m.bias is not None)
    except NeuronsError as error:
        raise type(error)(f"{where}: the library cannot build it: {error}") from None
    return spec, (m.out_channels, *out)


def _pool_spec(m: Any, dims: int, shape: tuple[int, ...], where: str
               ) -> tuple[dict[str, Any], tuple[int, ...]]:
    is_max = type(m).__name__.startswith("Max")
    problems = []
    if _ints(m.padding, dims) != (0,) * dims:
        problems.append(f"padding={m.padding} (the library's pooling windows cover the input "
                        f"exactly, without padding: use padding=0)")
    if is_max and _ints(m.dilation, dims) != (1,) * dims:
        problems.append(f"dilation={m.dilation} (use dilation=1)")
    if m.ceil_mode:
        problems.append("ceil_mode=True (use ceil_mode=False, with windows that cover the "
                        "input exactly)")
    if is_max and m.return_indices:
        problems.append("return_indices=True (use return_indices=False)")
    if getattr(m, "divisor_override", None) is not None:
        problems.append(f"divisor_override={m.divisor_override} (the library divides by the "
                        f"window's size: use divisor_override=None)")
    if problems:
        raise NetworkStructureError(f"{where}, is not supported: {'; '.join(problems)}")
    size = _ints(m.kernel_size, dims)
    stride = _ints(m.stride if m.stride is not None else m.kernel_size, dims)
    out = []
    for axis, (n, k, s) in enumerate(zip(shape[1:], size, stride)):
        if k > n or (n - k) % s:
            covered = ((n - k) // s) * s + k if k <= n else 0
            fits = [d for d in range(1, n + 1) if n % d == 0]
            raise ShapeError(
                f"{where}: windows of {k} moved by {s} cover {covered} of the {n} positions "
                f"along axis {axis + 1} (PyTorch drops the rest; the library's pooling covers "
                f"the input exactly): choose a kernel_size and stride that fit, such as "
                f"kernel_size={min(fits, key=lambda d: (abs(d - k), d))} with stride equal")
        out.append((n - k) // s + 1)
    spec = {"type": f"{'max' if is_max else 'avg'}pool{dims}d", "size": size, "stride": stride,
            "activation": "identity"}
    return spec, (shape[0], *out)


def _values(net: NetworkCore, specs: list[dict[str, Any]],
            tensors: list[tuple[int, Any]]) -> dict[str, float]:
    """The Sequential's values by the names ``from_architecture`` gave the network."""
    own = {slot: name for name, slot in net.parameter_slots().items()}
    grids = iter(net.grids)
    layers = net.layers
    values: dict[str, float] = {}
    for t, (spec, (index, m)) in enumerate(zip(specs, tensors), start=1):
        if spec["type"] == "dense":
            W = finite_values(m.weight, index, "weight")
            n_s = m.in_features
            for k, name in enumerate(layers[t]):
                values.update((own[name, j], W[k * n_s + j]) for j in range(n_s))
            if m.bias is not None:
                b = finite_values(m.bias, index, "bias")
                values.update((own[name, None], b[k]) for k, name in enumerate(layers[t]))
            continue
        g: Grid = next(grids)
        if g.kind == "conv":
            values.update(zip(g.kernel_names, finite_values(m.weight, index, "weight")))
            if g.bias_names:
                values.update(zip(g.bias_names, finite_values(m.bias, index, "bias")))
    return values


def check_sequential_flag(sequential: Any) -> None:
    if sequential is not None and not isinstance(sequential, bool):
        raise ArgumentTypeError(f"sequential must be None, True or False, not {sequential!r}")
