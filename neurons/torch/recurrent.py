"""Recurrent networks as PyTorch's own ``nn.RNN`` with a ``Linear`` head, and back.

A network that is exactly one unrolled Elman recurrence (:mod:`neurons.recurrence`, built by
:meth:`Network.rnn <neurons.Network.rnn>` or :meth:`~neurons.core.NetworkCore.add_recurrence`)
is, step for step, what PyTorch computes with::

    rnn  = nn.RNN(n_inputs, n_hidden, nonlinearity="tanh" or "relu", batch_first=True)
    head = nn.Linear(n_hidden, n_outputs)    followed by the output activation, if any

    h_t = f(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh)        y_t = g(h_t V^T + b_y)

with h_0 = 0. The shared parameters sit where PyTorch keeps them, counted from 1 where the
tensors count from 0: ``w_xh_{j}_{i}`` is ``rnn.weight_ih_l0[j - 1, i - 1]``,
``w_hh_{j}_{l}`` is ``rnn.weight_hh_l0[j - 1, l - 1]``, ``w_hy_{k}_{j}`` is
``head.weight[k - 1, j - 1]`` and ``b_y_{k}`` is ``head.bias[k - 1]``.

PyTorch has two hidden biases where the network has one, b_h: only their sum counts. So
:func:`neurons.torch.to_torch` writes ``bias_ih_l0 = b_h`` and ``bias_hh_l0 = 0``, the latter
held at zero (``requires_grad=False``): with two trainable biases each would take the whole
gradient of b_h and an optimizer step would move b_h twice as far as the network's own
training does. Reading a module back (:func:`neurons.torch.from_torch`,
:func:`neurons.torch.update_from_torch`) takes ``b_h = bias_ih_l0 + bias_hh_l0``, so an
``nn.RNN`` trained in PyTorch with both biases comes back as the same function.

A :class:`TorchRNN` holds the two modules and what ``nn.RNN`` does not know: how many steps
the network is unrolled for and where its outputs are. Its ``forward`` takes the network's
samples as they are, one sequence flattened step after step per row.

Truncated backpropagation through time (``Recurrence.truncate``) is the library's way of
computing gradients, not part of the function: a TorchRNN carries it in its record, so that
the network made back has it, but PyTorch's autograd backpropagates the whole way, as the
network does without truncation.

Examples
--------
>>> import pytest
>>> torch = pytest.importorskip("torch")  # the examples need PyTorch
>>> from neurons import Network
>>> from neurons.torch import from_torch, to_torch
>>> net = Network.rnn(2, 3, 1, steps=4, seed=0)
>>> module = to_torch(net)
>>> module
TorchRNN(
  steps=4, outputs='each'
  (rnn): RNN(2, 3, batch_first=True)
  (head): Linear(in_features=3, out_features=1, bias=True)
)
>>> module.rnn.weight_hh_l0[1, 2].item() == net.parameter("w_hh_2_3")
True
>>> x = torch.linspace(-1, 1, 8, dtype=torch.float64).reshape(1, 8)   # 4 steps of 2 inputs
>>> bool((module(x) - torch.as_tensor(net.predict(x.numpy()))).abs().max() < 1e-15)
True
>>> from_torch(module).parameters() == net.parameters()
True
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

from ..activations import Activation
from ..core import new_network
from ..errors import (
    ArgumentTypeError,
    NetworkStructureError,
    NeuronsError,
    ParameterError,
    ShapeError,
)
from ..recurrence import Recurrence
from .base import ActKey, act_key, activation_module, check_dtype, require_torch, torch
from .documents import ACTIVATIONS, torch_activation
from .sequential import activation_of

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = ["TorchRNN", "recurrence_of", "rnn_module"]

# nn.RNN's two nonlinearities, as the library's activations.
_NONLINEARITIES: dict[str, ActKey] = {"tanh": ("tanh", ()), "relu": ("relu", ())}
_OTHER_MODULE = ("; to_torch(net, sequential=False) gives a TorchNetwork, which computes any "
                 "network (its shared tensor ties the weights across time)")


def recurrence_of(net: NetworkCore, advice: str = _OTHER_MODULE
                  ) -> tuple[Recurrence, ActKey, ActKey]:
    """The network's one recurrence, with its hidden and output activations, when the network
    is that recurrence and nothing else, wired as its record says. ``advice`` ends the
    messages (by default: what to_torch gives instead).

    Raises
    ------
    NetworkStructureError
        For a network with no recurrence or several, or with neurons, inputs or shared
        parameters besides its recurrence's, or whose neurons were rewired or given other
        activations since it was built (the message names the first difference).
    ParameterError
        For a hidden activation ``nn.RNN`` does not have (only tanh and relu), or an
        activation that is not one of the library's.
    """
    if len(net.recurrences) != 1:
        held = f"{len(net.recurrences)} recurrences" if net.recurrences else "no recurrence"
        raise NetworkStructureError(
            f"the network holds {held}: a TorchRNN (nn.RNN and a Linear head) holds exactly "
            f"one" + advice)
    r = net.recurrences[0]
    mine = [name for t in range(1, r.steps + 1) for name in (*r.hidden_at(t), *r.outputs_at(t))]
    names = [n.name for n in net.neurons]
    if names != mine:
        others = [n for n in names if n not in set(mine)]
        raise NetworkStructureError(
            f"recurrence {r.name} ({r.describe()}) is not the whole network: "
            + (f"it also has the neurons {others[:4]}{' ...' if len(others) > 4 else ''}"
               if others else "its neurons are not in the order add_recurrence made them")
            + "; a TorchRNN (nn.RNN and a Linear head) holds the recurrence and nothing else"
            + advice)
    if tuple(net.inputs) != r.inputs:
        others = [x for x in net.inputs if x not in set(r.inputs)]
        raise NetworkStructureError(
            f"recurrence {r.name} is not the whole network: it also has the inputs "
            f"{others[:4]}{' ...' if len(others) > 4 else ''}, which nn.RNN cannot read"
            + advice)
    table = tuple(net.shared_parameters.names)
    if table != r.parameter_names:
        others = [p for p in table if p not in set(r.parameter_names)]
        raise NetworkStructureError(
            f"recurrence {r.name} is not the whole network: it also has the shared parameters "
            f"{others[:4]}{' ...' if len(others) > 4 else ''}, which a TorchRNN has no place "
            f"for" + advice)
    misfit = r.misfit(net)
    if misfit is not None:
        raise NetworkStructureError(f"{misfit}, which nn.RNN computes" + advice)
    keys: list[ActKey | None] = [None, None]  # hidden, output
    for t in range(1, r.steps + 1):
        for i, (name, _, _) in enumerate(r.neurons_at(t)):
            which = 0 if i < r.n_hidden else 1
            key = act_key(net.neuron(name).activation, f"neuron {name!r}")
            known = keys[which]
            if known is None:
                keys[which] = key
            elif key != known:
                first = (r.hidden_at(1) if which == 0 else r.output_names)[0]
                raise NetworkStructureError(
                    f"neuron {name!r} has the activation {_show(key)} but {first!r} has "
                    f"{_show(known)}: "
                    + ("nn.RNN gives every hidden neuron one nonlinearity" if which == 0
                       else "the head applies one activation to every output")
                    + advice)
    f, g = keys
    assert f is not None and g is not None  # every recurrence has a step and an output
    if f not in _NONLINEARITIES.values():
        raise ParameterError(
            f"recurrence {r.name}'s hidden neurons have the activation {_show(f)}, which "
            f"nn.RNN does not have (its nonlinearity is 'tanh' or 'relu')" + advice)
    return r, f, g


def _show(key: ActKey) -> str:
    name, params = key
    return name + (f"({', '.join(f'{k}={v:g}' for k, v in params)})" if params else "")


_Module: Any = object if torch is None else torch.nn.Module


class TorchRNN(_Module):
    """An unrolled Elman network as ``nn.RNN`` + ``nn.Linear`` (+ the output activation).

    :func:`neurons.torch.to_torch` makes one from a network built by
    :meth:`Network.rnn <neurons.Network.rnn>`; :func:`neurons.torch.from_torch` reads one
    back into a network. Made by hand, it wraps PyTorch modules of your own, to read them
    into a network: ``nn.RNN`` says nothing of the number of steps or where the outputs
    are, so a TorchRNN says it.

    Parameters
    ----------
    rnn : torch.nn.RNN
        One layer (``num_layers=1``), one direction, with biases, ``nonlinearity`` tanh or
        relu; ``batch_first`` either way. Its ``bias_ih_l0 + bias_hh_l0`` is the network's b_h.
    head : torch.nn.Linear
        ``nn.Linear(hidden_size, n_outputs)``, with a bias: W_hy and b_y.
    steps : int
        T, the number of steps of one sequence.
    outputs : {"each", "last"}, default "each"
        Outputs at every step (the head reads every hidden state) or at the last one.
    activation : torch.nn.Module, optional
        The output activation after the head: one of Sigmoid, Tanh, ReLU, LeakyReLU,
        Identity, Softplus(beta=1) or :class:`~neurons.torch.ExactSoftplus`; ``None``
        (default) for identity.
    name : str, default "rnn"
        The recurrence's name (:class:`~neurons.recurrence.Recurrence`).
    truncate : int, optional
        The record's truncated backpropagation through time, for the network
        :func:`~neurons.torch.from_torch` makes; this module's gradients are autograd's,
        through every step.

    Attributes
    ----------
    recurrence : Recurrence
        The network's record: sizes, steps, outputs and names.
    inputs, outputs : list of str
        The network's input and output names, ``x1_1, x1_2, .., x2_1, ..`` and ``o1_1, ..``.

    Raises
    ------
    ArgumentTypeError
        For an ``rnn`` that is not an ``nn.RNN`` (``nn.LSTM``, ``nn.GRU``: the library's
        recurrence is an Elman network) or a ``head`` that is not an ``nn.Linear``.
    NetworkStructureError
        For several layers, two directions, a module without biases, or an ``activation``
        the library has no neuron for.
    ShapeError
        For a head that does not read ``hidden_size`` values.

    Examples
    --------
    A recurrent network written in PyTorch, read into a network of neurons:

    >>> import pytest
    >>> torch = pytest.importorskip("torch")  # the examples need PyTorch
    >>> from neurons.torch import from_torch
    >>> _ = torch.manual_seed(0)
    >>> rnn = torch.nn.RNN(1, 2, nonlinearity="relu", batch_first=True).double()
    >>> head = torch.nn.Linear(2, 1).double()
    >>> module = TorchRNN(rnn, head, steps=3, outputs="last", activation=torch.nn.Sigmoid())
    >>> net = from_torch(module)
    >>> net.outputs, net.neuron("o3_1").activation.name
    (['o3_1'], 'sigmoid')
    >>> x = torch.tensor([[0.5, -1.0, 2.0]], dtype=torch.float64)
    >>> bool(abs(module(x).item() - net.feedforward([0.5, -1.0, 2.0])[0]) < 1e-15)
    True
    >>> TorchRNN(torch.nn.RNN(1, 2, num_layers=2), head, steps=3)
    Traceback (most recent call last):
    ...
    neurons.errors.NetworkStructureError: the TorchRNN's rnn, RNN(1, 2, num_layers=2), has \
num_layers=2: the library's recurrence is one layer (use num_layers=1)
    """

    def __init__(self, rnn: Any, head: Any, steps: int, outputs: str = "each",
                 activation: Any = None, name: str = "rnn", truncate: int | None = None
                 ) -> None:
        require_torch()
        if not isinstance(name, str):
            raise ArgumentTypeError(f"name must be a string, not {name!r}")
        output_key = _check_modules(rnn, head, activation)
        super().__init__()
        self.rnn, self.head = rnn, head
        self.activation = activation  # a submodule, or None for identity
        self._output_key = output_key
        # Checked by the record: positive counts, "each" or "last", truncate from 0.
        self._recurrence = Recurrence.elman(rnn.input_size, rnn.hidden_size, head.out_features,
                                            steps, outputs, name, truncate=truncate)

    @property
    def recurrence(self) -> Recurrence:
        """The record of the network this module computes."""
        return self._recurrence

    @property
    def inputs(self) -> list[str]:
        """The network's inputs, step after step."""
        return list(self._recurrence.inputs)

    @property
    def outputs(self) -> list[str]:
        """The network's outputs, step after step (the columns ``forward`` returns)."""
        return list(self._recurrence.output_names)

    def extra_repr(self) -> str:
        r = self._recurrence
        cut = "" if r.truncate is None else f", truncate={r.truncate}"
        return f"steps={r.steps}, outputs={r.outputs!r}{cut}"

    def forward(self, x: Any) -> Any:
        """Return the outputs (samples x outputs, ``outputs`` order) for sequences x, either
        (samples x steps * inputs), each row one sequence flattened step after step as the
        network reads it, or (samples x steps x inputs)."""
        r = self._recurrence
        if x.dim() == 2 and x.shape[1] == r.steps * r.n_inputs:
            seq = x.reshape(x.shape[0], r.steps, r.n_inputs)
        elif x.dim() == 3 and tuple(x.shape[1:]) == (r.steps, r.n_inputs):
            seq = x
        else:
            raise ShapeError(
                f"the network reads {r.steps} steps of {r.n_inputs} inputs: x must be "
                f"(samples x {r.steps * r.n_inputs}) or (samples x {r.steps} x {r.n_inputs}), "
                f"not {tuple(x.shape)}")
        if self.rnn.batch_first:
            h, _ = self.rnn(seq)  # h_0 = 0, as the network's first step reads no hidden state
        else:
            h = self.rnn(seq.transpose(0, 1))[0].transpose(0, 1)
        if r.outputs == "last":
            h = h[:, -1]
        y = self.head(h)
        if self.activation is not None:
            y = self.activation(y)
        return y.reshape(x.shape[0], len(r.output_names))  # step after step, as net.outputs

    # -- by the network's names -------------------------------------------------------------
    def _tensors(self, read: Any) -> list[tuple[str, tuple[str, ...], Any]]:
        """(where, names, values) for W_xh, W_hh, W_hy, b_h and b_y; ``where`` names the
        tensor, with ``{}`` for an entry's index (b_h: values None, a sum of two)."""
        r, rnn, head = self._recurrence, self.rnn, self.head
        return [("rnn.weight_ih_l0{}", r.w_xh, read(rnn.weight_ih_l0)),
                ("rnn.weight_hh_l0{}", r.w_hh, read(rnn.weight_hh_l0)),
                ("head.weight{}", r.w_hy, read(head.weight)),
                ("rnn.bias_ih_l0{0} + rnn.bias_hh_l0{0}", r.b_h, None),
                ("head.bias{}", r.b_y, read(head.bias))]

    def neuron_parameters(self) -> dict[str, float]:
        """Every parameter's current value by the network's names, in its order;
        ``b_h_{j}`` is ``bias_ih_l0[j - 1] + bias_hh_l0[j - 1]``."""
        def read(p: Any) -> list[float]:
            return p.detach().cpu().double().reshape(-1).tolist()

        values: dict[str, float] = {}
        for _, names, v in self._tensors(read):
            values.update(zip(names, v if v is not None else self._b_h()))
        return values

    def _b_h(self) -> list[float]:
        b_ih = self.rnn.bias_ih_l0.detach().cpu().double()
        b_hh = self.rnn.bias_hh_l0.detach().cpu().double()
        # Where b_hh is zero (as to_torch leaves it) b_h is b_ih itself, to the bit: -0.0 + 0.0
        # would be 0.0, and a round trip must give back every value exactly.
        return torch.where(b_hh == 0, b_ih, b_ih + b_hh).tolist()

    def neuron_gradients(self) -> dict[str, float]:
        """Every parameter's ``.grad`` (after ``backward()``) by the network's names; 0.0 for a
        tensor without one. The gradient of ``b_h_{j}`` is that of ``bias_ih_l0[j - 1]``
        (``bias_hh_l0``'s is the same, when it is computed)."""
        def grad(p: Any) -> list[float]:
            g = torch.zeros_like(p) if p.grad is None else p.grad
            return g.detach().cpu().double().reshape(-1).tolist()

        b_ih, b_hh = self.rnn.bias_ih_l0, self.rnn.bias_hh_l0
        # bias_hh_l0 has no gradient when it is held at zero, as to_torch leaves it.
        b_h = grad(b_hh if b_ih.grad is None and b_hh.grad is not None else b_ih)
        values: dict[str, float] = {}
        for _, names, v in self._tensors(grad):
            values.update(zip(names, v if v is not None else b_h))
        return values

    def checked_parameters(self) -> dict[str, float]:
        """:meth:`neuron_parameters`, refusing a value that is not finite (the message names
        the tensor, the entry and the network's parameter)."""
        values = self.neuron_parameters()
        for where, names, _ in self._tensors(lambda p: None):
            for name in names:
                if not math.isfinite(values[name]):
                    raise ParameterError(
                        f"{where.format(_entry(name))} (the network's {name}) is "
                        f"{values[name]}: a network's parameters must be finite (did training "
                        f"diverge?)")
        return values

    def activations(self) -> tuple[Activation, Activation]:
        """The library's hidden and output activations of this module (f and g).

        Raises
        ------
        NetworkStructureError
            When ``rnn``, ``head`` or ``activation`` was replaced since by a module the
            library has no neuron for.
        """
        self._output_key = _check_modules(self.rnn, self.head, self.activation)
        if (self.rnn.input_size, self.rnn.hidden_size, self.head.out_features) != (
                self._recurrence.n_inputs, self._recurrence.n_hidden,
                self._recurrence.n_outputs):
            raise ShapeError(f"the TorchRNN's modules were replaced by ones of other sizes: "
                             f"it was made for {self._recurrence.describe()}")
        f = _NONLINEARITIES[self.rnn.nonlinearity]
        return activation_of({"name": f[0]}), activation_of(
            {"name": self._output_key[0], **dict(self._output_key[1])})

    def rebuild(self) -> NetworkCore:
        """A new :class:`~neurons.Network` holding this module's recurrence and values
        (what :func:`neurons.torch.from_torch` returns).

        Raises
        ------
        NetworkStructureError, ShapeError
            For modules replaced since by ones the library cannot read.
        ParameterError
            For a value that is not finite.
        """
        f, g = self.activations()
        values = self.checked_parameters()
        r = self._recurrence
        net: NetworkCore = new_network()
        W_xh, W_hh, W_hy, b_h, b_y = r.matrices(values)
        net.add_recurrence(r, W_xh, W_hh, W_hy, b_h, b_y, activation=f, output_activation=g)
        return net


def _entry(name: str) -> str:
    """The (to, from) or single index of a recurrence parameter in its tensor, from 0."""
    return "[" + ", ".join(str(int(i) - 1) for i in name.split("_")[2:]) + "]"


def _check_modules(rnn: Any, head: Any, activation: Any) -> ActKey:
    """The modules are ones the library has neurons for; return the output activation's key."""
    nn = torch.nn
    if not isinstance(rnn, nn.RNN):
        gates = " (nn.LSTM and nn.GRU have gates the library has no neurons for)" \
            if isinstance(rnn, nn.RNNBase) else ""
        raise ArgumentTypeError(f"a TorchRNN's rnn must be a torch.nn.RNN (an Elman network, "
                                f"the library's recurrence), not {type(rnn).__name__}{gates}")
    problems = []
    if rnn.num_layers != 1:
        problems.append(f"num_layers={rnn.num_layers}: the library's recurrence is one layer "
                        f"(use num_layers=1)")
    if rnn.bidirectional:
        problems.append("bidirectional=True: the library's recurrence runs forward in time "
                        "(use bidirectional=False)")
    if not rnn.bias:
        problems.append("bias=False: the library's hidden neurons have the biases b_h (use "
                        "bias=True, with zero biases for the same function)")
    if problems:
        raise NetworkStructureError(f"the TorchRNN's rnn, {rnn!r}, has {'; '.join(problems)}")
    if type(head) is not nn.Linear:
        raise ArgumentTypeError(f"a TorchRNN's head must be a torch.nn.Linear, not "
                                f"{type(head).__name__}")
    if head.in_features != rnn.hidden_size:
        raise ShapeError(f"the TorchRNN's head, {head!r}, reads {head.in_features} values but "
                         f"its rnn has hidden_size={rnn.hidden_size}")
    if head.bias is None:
        raise NetworkStructureError(
            f"the TorchRNN's head, {head!r}, has no bias: the library's output neurons have "
            f"the biases b_y (use bias=True, with zero biases for the same function)")
    if activation is None:
        return ("identity", ())
    if type(activation) is nn.Softplus and (activation.beta != 1 or activation.threshold != 20):
        raise ParameterError(f"the TorchRNN's activation, {activation!r}, is not supported: "
                             f"the library's softplus is log(1 + e^z), nn.Softplus with beta=1 "
                             f"and threshold=20 only")
    act = torch_activation(0, activation) if isinstance(activation, nn.Module) else None
    if act is None:
        raise NetworkStructureError(
            f"the TorchRNN's activation, {activation!r}, has no neuron counterpart: it must be "
            f"None or one of {ACTIVATIONS}")
    params = dict(act)
    name = params.pop("name")
    return name, tuple(params.items())


def rnn_module(net: NetworkCore, dtype: Any = None) -> TorchRNN:
    """The :class:`TorchRNN` of a network that is one recurrence (see :func:`recurrence_of`,
    which says why not)."""
    require_torch()
    dtype = check_dtype(dtype)
    r, f, g = recurrence_of(net)
    nn = torch.nn
    values = net.parameters()
    # Made on the meta device and then given memory: no random initial values are drawn, so
    # PyTorch's global random state is left as it was.
    rnn = nn.RNN(r.n_inputs, r.n_hidden, nonlinearity=f[0], batch_first=True, bias=True,
                 device="meta", dtype=dtype).to_empty(device="cpu")
    head = nn.Linear(r.n_hidden, r.n_outputs, bias=True, device="meta",
                     dtype=dtype).to_empty(device="cpu")
    with torch.no_grad():
        # get_parameter: nn.Module types its dynamic attributes as ``Tensor | Module``.
        for tensor, names in ((rnn.get_parameter("weight_ih_l0"), r.w_xh),
                              (rnn.get_parameter("weight_hh_l0"), r.w_hh),
                              (rnn.get_parameter("bias_ih_l0"), r.b_h), (head.weight, r.w_hy),
                              (head.bias, r.b_y)):
            tensor.copy_(torch.tensor([values[p] for p in names], dtype=torch.float64)
                         .reshape(tensor.shape))
        rnn.get_parameter("bias_hh_l0").zero_()
    # b_hh stays 0: two trainable biases would each take b_h's whole gradient (see the module).
    rnn.bias_hh_l0.requires_grad_(False)
    return TorchRNN(rnn, head, r.steps, r.outputs, activation_module(g), r.name, r.truncate)


def same_recurrence(net: NetworkCore, module: TorchRNN) -> str | None:
    """The first difference between the network (one recurrence) and the module, in words,
    or None: sizes, steps, outputs and activations (the recurrence's name and truncation
    aside: they do not change what the values mean)."""
    try:
        mine, f, g = recurrence_of(net, advice="")
    except NeuronsError as error:
        return str(error)
    theirs = module.recurrence
    if dataclasses.replace(mine, name=theirs.name, truncate=theirs.truncate) != theirs:
        return (f"the network's recurrence has {mine.describe()}, the module's "
                f"{theirs.describe()}")
    f2, g2 = module.activations()
    for what, a, b in (("hidden", f, act_key(f2, "the module")),
                       ("output", g, act_key(g2, "the module"))):
        if a != b:
            return (f"the network's {what} activation is {_show(a)}, the module's "
                    f"{_show(b)}")
    return None
