"""``TorchNetwork``: a network as a ``torch.nn.Module``, one masked weight tensor per block.

The blocks follow the vectorized path's :class:`~neurons.layout.Layout`: a network whose
parameters are each used once (every network of ``Network.dense``, hand-wired ones with
missing and skip edges) is a set of masked blocks and bias vectors, nothing else. A network
with shared parameters, fixed neurons (average pooling) or max neurons adds, beside them:

* ``shared``, one entry per shared parameter (``shared_names``, the network's table order),
  gathered into the blocks with index tensors at every forward pass (``Tensor.index_put``
  of ``shared[index]``), so autograd sums the gradients of every use, as the chain rule does;
* the constants of fixed neurons, as buffers added into their blocks and biases;
* every grid layer still wired as its grid says (:mod:`neurons.grids`) run as one
  operation, as the vectorized path runs it: a convolution as ``F.conv1d``/``F.conv2d``
  with its kernel a view of ``shared`` (zero padding by ``F.pad``), pooling over index
  windows (``max`` gives its gradient to the first maximal input, as the library does);
* max neurons built one by one, gathered into windows and reduced the same way;
* a network that is one recurrence (:mod:`neurons.recurrence`) still wired as its record
  says, which the layout runs as one loop over time, run as the same loop (autograd's
  gradients go the whole way back in time, whatever the record's ``truncate``).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import NetworkStructureError, ParameterError, ShapeError
from ..io import from_dict, to_dict
from ..layout import Layout
from .base import ActKey, act_key, activate, check_dtype, require_torch, torch
from .documents import document, extras_of_net, wiring_of_net

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = ["TorchNetwork"]

_Base: Any = object if torch is None else torch.nn.Module


class TorchNetwork(_Base):
    """A :class:`~neurons.Network` as a ``torch.nn.Module``: same function, same weights.

    Make one with :func:`to_torch`. ``forward`` takes a (samples x inputs) tensor, the
    inputs in ``net.inputs`` order, and returns (samples x outputs), the outputs in
    ``net.outputs`` order. Its parameters are ``weight_{s}_{t}`` (targets x sources) and
    ``bias_{t}``, and ``shared`` when the network has shared parameters; masked entries
    (connections the network does not have, or that use a shared parameter or a constant)
    stay zero.

    Attributes
    ----------
    inputs, outputs : list of str
        The network's input and output names.
    layers : list of list of str
        Node names layer by layer, as ``net.layers`` (the columns of the tensors).
    shared_names : tuple of str
        The shared parameters, one per entry of ``shared`` (empty without any).
    plain : bool
        Whether every parameter is used once and no neuron is fixed (no ``shared``, no
        pooling): the module then holds masked blocks and biases only.
    wiring : tuple
        The network's wiring (names, sources, activations, which neurons have a bias),
        which :func:`update_from_torch` checks.
    extras : tuple
        The rest of it: the shared parameters' names, and each neuron that is not a plain
        weighted sum of its own weights (shared weights or bias, fixed, max).

    Examples
    --------
    Two neurons reading their neighbours with one shared kernel (a 1-D convolution by
    hand): ``shared`` holds k1 and k2 once, and their gradients sum both uses.

    >>> import pytest
    >>> torch = pytest.importorskip("torch")  # the examples need PyTorch
    >>> from neurons import Network
    >>> net = Network()
    >>> for x in ("x1", "x2", "x3"):
    ...     net.add_input(x)
    >>> net.add_parameter("k1", 0.5)
    >>> net.add_parameter("k2", -1.0)
    >>> _ = net.add_neuron("h1", {"x1": "k1", "x2": "k2"}, bias=None, activation="identity")
    >>> _ = net.add_neuron("h2", {"x2": "k1", "x3": "k2"}, bias=None, activation="identity")
    >>> module = TorchNetwork(net)
    >>> [name for name, _ in module.named_parameters()], module.shared_names
    (['shared'], ('k1', 'k2'))
    >>> module(torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64)).sum().backward()
    >>> module.neuron_gradients()                       # x1 + x2 and x2 + x3
    {'k1': 3.0, 'k2': 5.0}
    """

    def __init__(self, net: NetworkCore, dtype: Any = None) -> None:
        require_torch()
        dtype = check_dtype(dtype)
        if not net.outputs:
            raise NetworkStructureError("the network has no neurons yet: add some with "
                                        "add_neuron")
        super().__init__()
        self.wiring = wiring_of_net(net, strict=True)
        self.extras = extras_of_net(net)
        self.inputs = net.inputs
        self.outputs = net.outputs
        self.layers = net.layers
        layout = Layout(net)
        self.plain = bool(layout.plain)
        self.shared_names = tuple(net.shared_parameters.names)
        # A network with shared parameters or pooling is rebuilt (from_torch) from this copy
        # of its wiring, grids included, with the values of the tensors.
        self._template = None if self.plain else copy.deepcopy(net)
        sizes = layout.sizes
        values = net.parameter_vector()
        names = net.parameter_names()
        first_shared = len(names) - layout.n_shared

        def tensor(array: Any, long: bool = False) -> Any:
            return torch.as_tensor(np.asarray(array), dtype=torch.long if long else dtype)

        # Where every parameter sits: name -> (tensor name, index), in the network's order.
        slots: dict[str, tuple[str, tuple[int, ...]]] = {}
        # Per target layer: (s, weight, mask, tied, fixed) tensor names (None: absent).
        self._into: list[list[tuple[int, str | None, str | None, str | None, str | None]]] = [
            [] for _ in sizes]
        self._bias: list[tuple[str | None, str | None, str | None, str | None]] = [
            (None, None, None, None)]
        blocks = {t: [b for b in layout.blocks if b.t == t] for t in range(1, len(sizes))}
        edge_weights = None
        for t in range(1, len(sizes)):
            for b in blocks[t]:  # in layer order, as an nn.Sequential lists them
                s, (n_s, n_t) = b.s, b.shape
                if b.start is not None:  # W.T is one run of the parameter vector
                    pidx = np.arange(b.start, b.start + n_s * n_t)
                    rows, cols = np.tile(np.arange(n_s), n_t), np.repeat(np.arange(n_t), n_s)
                else:
                    # A block that is not one run lists its entries (Layout._block).
                    assert b.rows is not None and b.cols is not None and b.pidx is not None
                    rows, cols, pidx = b.rows, b.cols, b.pidx
                weight = mask = tied = fixed = None
                if pidx.size:
                    weight = f"weight_{s}_{t}"
                    value = torch.zeros((n_t, n_s), dtype=dtype)
                    value[cols, rows] = tensor(values[pidx])
                    self.register_parameter(weight, torch.nn.Parameter(value))
                    mask = f"mask_{s}_{t}"
                    if pidx.size < n_s * n_t:
                        m = torch.zeros((n_t, n_s), dtype=dtype)
                        m[cols, rows] = 1.0
                        # Not in the state dict: the masks follow from the wiring.
                        self.register_buffer(mask, m, persistent=False)
                    else:
                        self.register_buffer(mask, None)
                    slots.update(zip((names[p] for p in pidx.tolist()),
                                     ((weight, (k, j)) for k, j in zip(cols.tolist(),
                                                                       rows.tolist()))))
                if b.tied_rows.size:  # edges that use a shared parameter
                    tied = f"tied_{s}_{t}"
                    self.register_buffer(tied, tensor(
                        np.stack([b.tied_cols, b.tied_rows, b.tied_index]), long=True),
                        persistent=False)
                if b.fixed_rows.size:  # constants of fixed neurons
                    fixed = f"fixed_{s}_{t}"
                    if edge_weights is None:  # every edge's weight, in edge order
                        edge_weights = np.concatenate([n.weights for n in net.neurons])
                    f = torch.zeros((n_t, n_s), dtype=dtype)
                    f[b.fixed_cols, b.fixed_rows] = tensor(edge_weights[b.fixed_edges])
                    self.register_buffer(fixed, f, persistent=False)
                self._into[t].append((s, weight, mask, tied, fixed))
            self._bias.append(self._register_bias(net, layout, t, values, names, slots,
                                                  tensor, dtype))
        if layout.n_shared:
            self.shared = torch.nn.Parameter(tensor(values[first_shared:]))
            slots.update((name, ("shared", (i,))) for i, name in enumerate(self.shared_names))
        self._slots = {name: slots[name] for name in names}
        self._register_ops(net, layout, tensor)
        self._register_recurrence(net, layout, tensor)

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
        pos = {name: (t, i) for t, layer in enumerate(self.layers)
               for i, name in enumerate(layer)}
        out = [pos[o] for o in self.outputs]
        last = len(sizes) - 1
        self._out = None if out == [(last, i) for i in range(sizes[last])] else out

    def _register_bias(self, net: NetworkCore, layout: Layout, t: int, values: np.ndarray,
                       names: tuple[str, ...], slots: dict, tensor: Any, dtype: Any,
                       ) -> tuple[str | None, str | None, str | None, str | None]:
        """Layer t's biases: its own (``bias_{t}``, masked), shared and fixed ones."""
        size = layout.sizes[t]
        cols, pidx = layout.bias_cols[t - 1], layout.bias_pidx[t - 1]
        own = mask = tied = fixed = None
        if cols.size:
            own, mask = f"bias_{t}", f"bias_mask_{t}"
            value = torch.zeros(size, dtype=dtype)
            value[cols] = tensor(values[pidx])
            self.register_parameter(own, torch.nn.Parameter(value))
            if cols.size < size:
                m = torch.zeros(size, dtype=dtype)
                m[cols] = 1.0
                self.register_buffer(mask, m, persistent=False)
            else:
                self.register_buffer(mask, None)
            slots.update((names[p], (own, (k,))) for p, k in zip(pidx.tolist(), cols.tolist()))
        tied_cols, tied_index = layout.bias_tied[t - 1]
        if tied_cols.size:
            tied = f"bias_tied_{t}"
            self.register_buffer(tied, tensor(np.stack([tied_cols, tied_index]), long=True),
                                 persistent=False)
        fixed_cols, fixed_names = layout.bias_fixed[t - 1]
        if fixed_cols.size:
            fixed = f"bias_fixed_{t}"
            f = np.zeros(size)
            f[fixed_cols] = [net.neuron(k).bias for k in fixed_names]
            self.register_buffer(fixed, tensor(f), persistent=False)
        return own, mask, tied, fixed

    def _register_ops(self, net: NetworkCore, layout: Layout, tensor: Any) -> None:
        """Grid layers still wired as their grids say, and max neurons built one by one."""
        self._ops: list[list[tuple[str, int, dict[str, Any]]]] = [[] for _ in layout.sizes]
        offset = layout.shared_offset
        for i, op in enumerate(layout.grid_ops):
            g = op.grid
            spec: dict[str, Any] = {"grid": g, "src": None, "out": None}
            for key, where in (("src", op.src), ("out", op.out)):
                if where is not None:
                    spec[key] = f"grid{i}_{key}"
                    self.register_buffer(spec[key], tensor(where, long=True), persistent=False)
            if g.kind == "conv":
                spec["kernel"] = op.kernel_offset - offset
                spec["bias"] = None if op.bias_offset is None else op.bias_offset - offset
            else:
                spec["windows"] = f"grid{i}_windows"
                self.register_buffer(spec["windows"], tensor(op.windows, long=True),
                                     persistent=False)
                if g.kind == "average":  # the fixed weights, as the neurons hold them
                    spec["weights"] = f"grid{i}_weights"
                    self.register_buffer(spec["weights"], tensor(
                        [net.neuron(k).weights for k in op.neurons]), persistent=False)
            self._ops[op.t].append(("grid", op.s, spec))
        starts = np.concatenate([[0], np.cumsum(layout.sizes)])
        for i, mop in enumerate(layout.max_ops):
            # Candidates (neuron, tap) in row-major order: columns of all layers side by side.
            order = np.lexsort((mop.taps, mop.rows))
            index = (starts[mop.layers] + mop.cols)[order]
            self.register_buffer(f"max{i}_index", tensor(index, long=True), persistent=False)
            self.register_buffer(f"max{i}_out", tensor(mop.out, long=True), persistent=False)
            self._ops[mop.t].append(("max", int(mop.layers.max()),
                                     {"index": f"max{i}_index", "out": f"max{i}_out",
                                      "fan_in": mop.fan_in}))
        self._has_ops = any(self._ops)

    def _register_recurrence(self, net: NetworkCore, layout: Layout, tensor: Any) -> None:
        """A network that is one recurrence still wired as its record says: the layout runs
        it as one loop over time (``layout.recurrent``) and gives it no blocks, so this
        module runs the same loop, with the recurrence's parameters gathered from
        ``shared`` by name."""
        self._recurrent: tuple[Any, ActKey, ActKey] | None = None
        if layout.recurrent is None:  # blocks compute it, as any network
            return
        r = net.recurrences[0]
        where = {name: i for i, name in enumerate(self.shared_names)}
        for key in ("w_xh", "w_hh", "w_hy", "b_h", "b_y"):
            self.register_buffer(f"rnn_{key}", tensor([where[p] for p in getattr(r, key)],
                                                      long=True), persistent=False)
        f = act_key(net.neuron(r.hidden_at(1)[0]).activation, "a hidden neuron")
        g = act_key(net.neuron(r.output_names[0]).activation, "an output neuron")
        self._recurrent = (r, f, g)

    def _recurrence_forward(self, x: Any) -> Any:
        """h_t = f(W_xh x_t + W_hh h_(t-1) + b_h), y_t = g(W_hy h_t + b_y), h_0 = 0."""
        r, f, g = self._recurrent  # type: ignore[misc]
        shared = self.shared
        W_xh = shared[self.rnn_w_xh].view(r.n_hidden, r.n_inputs)
        W_hh = shared[self.rnn_w_hh].view(r.n_hidden, r.n_hidden)
        W_hy = shared[self.rnn_w_hy].view(r.n_outputs, r.n_hidden)
        b_h, b_y = shared[self.rnn_b_h], shared[self.rnn_b_y]
        linear = torch.nn.functional.linear
        seq = x.reshape(*x.shape[:-1], r.steps, r.n_inputs)
        h, outs = None, []
        for t in range(r.steps):
            z = linear(seq[..., t, :], W_xh, b_h)
            if h is not None:  # the first step reads no hidden state
                z = z + linear(h, W_hh)
            h = activate(f, z)
            if r.outputs == "each" or t == r.steps - 1:
                outs.append(activate(g, linear(h, W_hy, b_y)))
        return torch.cat(outs, dim=-1)  # step after step, as net.outputs

    # -- forward ------------------------------------------------------------------------------
    def forward(self, x: Any) -> Any:
        """Return the outputs (samples x outputs, ``outputs`` order) for inputs x
        (samples x inputs, ``inputs`` order)."""
        if x.shape[-1] != len(self.inputs):
            raise ShapeError(f"the network has {len(self.inputs)} inputs, but x has shape "
                             f"{tuple(x.shape)}")
        if self._recurrent is not None:
            return self._recurrence_forward(x)
        lead = None
        if self._has_ops and x.dim() != 2:  # grid and max operations take rows of samples
            lead, x = x.shape[:-1], x.reshape(-1, x.shape[-1])
        linear = torch.nn.functional.linear
        A = [x]
        for t in range(1, len(self._into)):
            z = None
            for s, *names in self._into[t]:
                W = self._block(len(self.layers[t]), len(self.layers[s]), *names)
                z = linear(A[s], W) if z is None else z + linear(A[s], W)
            if z is None:  # a layer of grid or max operations only
                z = x.new_zeros((x.shape[0], len(self.layers[t])))
            b = self._bias_vector(t)
            if b is not None:
                z = z + b
            for kind, s, spec in self._ops[t]:
                z = self._grid(spec, A[s], z) if kind == "grid" else self._max(spec, A, s, z)
            groups, inverse = self._acts[t]
            if inverse is None:
                a = activate(groups[0][0], z)
            else:  # mixed activations: each on its own columns, then back in layer order
                a = torch.cat([activate(key, z[..., cols]) for key, cols in groups], dim=-1)
                a = a[..., inverse]
            A.append(a)
        out = A[-1] if self._out is None else torch.stack([A[t][..., i] for t, i in self._out],
                                                          dim=-1)
        return out if lead is None else out.reshape(*lead, out.shape[-1])

    def _block(self, n_t: int, n_s: int, weight: str | None, mask: str | None,
               tied: str | None, fixed: str | None) -> Any:
        # The block as the product needs it: own weights (masked), constants, shared entries.
        W = None
        if weight is not None:
            assert mask is not None  # __init__ names a mask buffer with every weight
            W = getattr(self, weight)
            m = getattr(self, mask)
            if m is not None:
                W = W * m  # absent connections: zero, and a zero gradient
        if fixed is not None:
            W = getattr(self, fixed) if W is None else W + getattr(self, fixed)
        if tied is not None:
            index = getattr(self, tied)
            if W is None:
                W = self.shared.new_zeros((n_t, n_s))
            W = W.index_put((index[0], index[1]), self.shared[index[2]])
        return W

    def _bias_vector(self, t: int) -> Any:
        own, mask, tied, fixed = self._bias[t]
        b = None
        if own is not None:
            assert mask is not None  # _register_bias names a mask buffer with every bias
            b = getattr(self, own)
            m = getattr(self, mask)
            if m is not None:
                b = b * m
        if fixed is not None:
            b = getattr(self, fixed) if b is None else b + getattr(self, fixed)
        if tied is not None:
            index = getattr(self, tied)
            if b is None:
                b = self.shared.new_zeros(len(self.layers[t]))
            b = b.index_put((index[0],), self.shared[index[1]])
        return b

    def _grid(self, spec: dict[str, Any], a: Any, z: Any) -> Any:
        F = torch.nn.functional
        g = spec["grid"]
        if spec["src"] is not None:
            a = a[:, getattr(self, spec["src"])]
        if g.kind == "conv":
            x = a.reshape(a.shape[0], *g.in_shape)
            if any(before != after for before, after in g.padding):
                x = F.pad(x, [p for pair in reversed(g.padding) for p in pair])
                padding: tuple[int, ...] = (0,) * g.dims
            else:
                padding = tuple(before for before, _ in g.padding)
            c_out, c_in = g.out_shape[0], g.in_shape[0]
            k, b = spec["kernel"], spec["bias"]
            kernel = self.shared[k:k + c_out * c_in * math.prod(g.kernel)]
            conv = F.conv1d if g.dims == 1 else F.conv2d
            value = conv(x, kernel.view(c_out, c_in, *g.kernel),
                         None if b is None else self.shared[b:b + c_out],
                         stride=g.stride, padding=padding).reshape(a.shape[0], -1)
        else:
            C = a[:, getattr(self, spec["windows"])]  # samples x neurons x window
            if g.kind == "max":  # the gradient goes to the first maximal input
                value = C.max(dim=2).values
            else:
                value = (C * getattr(self, spec["weights"])).sum(dim=2)
        if spec["out"] is None:
            return z + value
        return z.index_add(1, getattr(self, spec["out"]), value)

    def _max(self, spec: dict[str, Any], A: list, top: int, z: Any) -> Any:
        # Max neurons built one by one: their candidates, from every layer they read.
        every = A[0] if top == 0 else torch.cat(A[:top + 1], dim=1)
        C = every[:, getattr(self, spec["index"])].reshape(z.shape[0], -1, spec["fan_in"])
        return z.index_add(1, getattr(self, spec["out"]), C.max(dim=2).values)

    # -- reading the values back by the network's names --------------------------------------
    def neuron_parameters(self) -> dict[str, float]:
        """Every parameter's current value by the network's names (``w1``.., ``b1``.., then
        the shared parameters)."""
        return self._named({n: p.detach() for n, p in self.named_parameters()})

    def neuron_gradients(self) -> dict[str, float]:
        """Every parameter's ``.grad`` (after ``backward()``) by the network's names; 0.0 for
        a tensor without a gradient yet. A shared parameter's is the sum over its uses."""
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

    def checked_parameters(self) -> dict[str, float]:
        """:meth:`neuron_parameters`, refusing a value that is not finite.

        Raises
        ------
        ParameterError
            Naming the tensor, the entry and the network's parameter.
        """
        values = self.neuron_parameters()
        for name, v in values.items():
            if not math.isfinite(v):
                tensor, index = self._slots[name]
                raise ParameterError(
                    f"{tensor}[{', '.join(map(str, index))}] (the network's {name}) is {v}: "
                    f"a network's parameters must be finite (did training diverge?)")
        return values

    def rebuild(self) -> NetworkCore:
        """A new network: the one this module was made from, with the module's values.

        Raises
        ------
        ParameterError
            For a value that is not finite.
        """
        if self.plain:
            return from_dict(self.to_dict())
        values = self.checked_parameters()
        assert self._template is not None  # __init__ keeps one for every module not plain
        net = copy.deepcopy(self._template)
        net.set_parameters(values)
        return net

    def to_dict(self) -> dict[str, Any]:
        """The network as :func:`neurons.io.to_dict` writes it, with this module's values
        (the masked entries are not read).

        Raises
        ------
        ParameterError
            For a value that is not finite.
        """
        if not self.plain:  # shared parameters, pooling: the rebuilt network's document
            return to_dict(self.rebuild())
        values = self.checked_parameters()
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
        shared = f", {len(self.shared_names)} shared parameters" if self.shared_names else ""
        return f"{sizes}, activations: {', '.join(acts)}{shared}"
