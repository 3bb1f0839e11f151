"""Moving a network to PyTorch and back: train there, come back to draw and explain.

:func:`to_torch` turns a :class:`~neurons.Network` into a ``torch.nn.Module`` that computes
the same function with the same weights. :func:`update_from_torch` copies the weights of
such a module, trained in PyTorch (on a GPU, say), back into the network, and
:func:`from_torch` builds a new network from it, or from an ``nn.Sequential`` of
PyTorch's own layers.

A network of fully connected layers, or wired by hand, becomes a :class:`TorchNetwork`,
which holds the weights as the vectorized path (:mod:`neurons.compiled`) does:
one weight tensor for every pair (source layer s, target layer t) with at least one
connection, ``weight_{s}_{t}``, and a bias vector ``bias_{t}`` per layer that has a
neuron with a bias. The tensors are in ``nn.Linear``'s orientation, targets x sources
(``weight_{s}_{t}[k, j]`` is w_jk, ``z = a @ W.T + b``), so a layered network gives
the same tensors as an ``nn.Sequential`` of ``Linear`` layers. A connection the graph
does not have (a missing edge, or a neuron without a bias) is an entry held at zero by a
mask (a buffer ``mask_{s}_{t}`` or ``bias_mask_{t}``) multiplied in at every forward
pass: its gradient is exactly zero, so PyTorch's optimizers leave it at zero and
``update_from_torch`` never reads it. (A mask in ``forward`` rather than
``torch.nn.utils.parametrize``: the parameters and the state dict keep their plain names,
and the module stays an ordinary one.) Connections that skip layers are blocks with
``s < t - 1``; a layer whose neurons have different activations applies each to its
own columns. Shared parameters tied by hand (``net.add_parameter``) are the entries of one
more parameter, ``shared``, gathered into the blocks with index tensors, so that autograd
sums the gradients of their uses; pooling neurons and fixed constants are computed as the
vectorized path computes them (see :class:`TorchNetwork`).

A network with convolution and pooling layers stacked as
:meth:`Network.from_architecture <neurons.Network.from_architecture>` builds them becomes a
:class:`TorchSequential`, an ``nn.Sequential`` of ``Unflatten``, ``Conv1d``/``Conv2d``,
``MaxPool1d``/``2d``, ``AvgPool1d``/``2d``, ``Flatten``, ``Linear`` and activation modules
(``ExactSoftplus`` for softplus), whose ``weight`` and ``bias`` tensors hold the kernels
and weights: kernel weight ``k{n}_{out}_{in}_{row}_{column}`` is ``weight[out - 1, in - 1,
row - 1, column - 1]`` of the n-th convolution, its bias ``kb{n}_{out}`` is
``bias[out - 1]``.

A network that is one unrolled recurrence (:meth:`Network.rnn <neurons.Network.rnn>`)
becomes a :class:`TorchRNN`: PyTorch's own ``nn.RNN`` (``batch_first=True``) and an
``nn.Linear`` head, with the output activation after it. ``w_xh_{j}_{i}`` is
``rnn.weight_ih_l0[j - 1, i - 1]``, ``w_hh_{j}_{l}`` is ``rnn.weight_hh_l0[j - 1, l - 1]``,
``w_hy_{k}_{j}`` is ``head.weight[k - 1, j - 1]`` and ``b_y_{k}`` is ``head.bias[k - 1]``.
PyTorch has two hidden biases where the network has one: ``to_torch`` writes
``bias_ih_l0 = b_h`` and ``bias_hh_l0 = 0`` (held at zero, so that the module trains as the
network does), and reading a module back takes ``b_h = bias_ih_l0 + bias_hh_l0``. See
:mod:`neurons.torch.recurrent`.

PyTorch is optional: this module imports without it, and its functions raise
:class:`MissingDependencyError` when it is missing. ``import neurons`` never imports it.

Examples
--------
>>> import pytest
>>> torch = pytest.importorskip("torch")  # the examples need PyTorch
>>> from neurons import Network
>>> net = Network.dense([2, 3, 1], seed=0)
>>> module = to_torch(net)
>>> x = torch.tensor([[2.0, 3.0]], dtype=torch.float64)
>>> bool(abs(module(x).item() - net.feedforward([2.0, 3.0])[0]) < 1e-15)
True
>>> opt = torch.optim.SGD(module.parameters(), lr=0.5)
>>> for _ in range(10):
...     opt.zero_grad()
...     loss = torch.nn.functional.mse_loss(module(x), torch.ones(1, 1, dtype=torch.float64))
...     loss.backward()
...     opt.step()
>>> update_from_torch(net, module)          # back to draw() and explain()
>>> net.parameters() == module.neuron_parameters()
True

A convolutional network:

>>> cnn = Network.from_architecture([
...     {"type": "conv2d", "in_shape": (1, 6, 6), "channels": 2, "kernel": 3},
...     {"type": "maxpool2d", "size": 2},
...     {"type": "dense", "output_dim": 3, "activation": "identity"},
... ], seed=0)
>>> module = to_torch(cnn)
>>> module
TorchSequential(
  (0): Unflatten(dim=1, unflattened_size=(1, 6, 6))
  (1): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))
  (2): ReLU()
  (3): MaxPool2d(kernel_size=(2, 2), stride=(2, 2), padding=0, dilation=1, ceil_mode=False)
  (4): Flatten(start_dim=1, end_dim=-1)
  (5): Linear(in_features=8, out_features=3, bias=True)
)
>>> module[1].weight[1, 0, 2, 0].item() == cnn.parameter("k1_2_1_3_1")
True
>>> from_torch(module).parameters() == cnn.parameters()
True

A recurrent network:

>>> rnn = Network.rnn(1, 2, 1, steps=3, outputs="last", seed=0)
>>> module = to_torch(rnn)
>>> type(module).__name__, module.rnn.nonlinearity, module.outputs
('TorchRNN', 'tanh', ['o3_1'])
>>> back = from_torch(module)
>>> back.parameters() == rnn.parameters() and back.recurrences == rnn.recurrences
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ArgumentTypeError, NetworkStructureError, ShapeError
from ..io import from_dict
from ..layout import Layout
from .base import ExactSoftplus, MissingDependencyError, require_torch, torch
from .documents import (
    PLAIN,
    difference,
    extras_difference,
    extras_of_net,
    sequential_document,
    wiring_of_doc,
    wiring_of_net,
)
from .module import TorchNetwork
from .recurrent import TorchRNN, rnn_module, same_recurrence
from .sequential import (
    TorchSequential,
    check_sequential_flag,
    grid_modules,
    has_grid_layers,
    sequential_network,
    stack_of,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..core import NetworkCore

__all__ = [
    "ExactSoftplus",
    "MissingDependencyError",
    "TorchNetwork",
    "TorchRNN",
    "TorchSequential",
    "from_torch",
    "to_torch",
    "update_from_torch",
]


def to_torch(net: NetworkCore, dtype: Any = None, *,
             sequential: bool | None = None) -> TorchNetwork | TorchSequential | TorchRNN:
    """Return a ``torch.nn.Module`` computing the same function as ``net`` with its weights.

    Parameters
    ----------
    net : Network
        Any network of the library's activations: missing connections, connections that
        skip layers, neurons without a bias, mixed activations in a layer, shared
        parameters, pooling neurons, grid layers and recurrences included.
    dtype : torch.dtype, default torch.float64
        The tensors' dtype (``torch.float32`` for speed). Move the module with
        ``module.to("cuda")``; the masks move with it.
    sequential : bool, optional
        ``None`` (default): a network with convolution or pooling layers stacked as
        ``from_architecture`` builds them (grids first, each reading the whole layer
        before it as its grid says, then fully connected layers) becomes a
        :class:`TorchSequential` of PyTorch's ``Conv``, pooling and ``Linear`` modules; a
        network that is one recurrence (:meth:`Network.rnn <neurons.Network.rnn>`) a
        :class:`TorchRNN` of ``nn.RNN`` and a ``Linear`` head (``bias_ih_l0`` is b_h,
        ``bias_hh_l0`` is held at 0); any other network a :class:`TorchNetwork`. ``True``
        asks for the
        ``TorchSequential`` (of ``Linear`` layers, for a dense network) and refuses a
        network that is not such a stack; ``False`` asks for the ``TorchNetwork``, whose
        ``shared`` parameter gathers the kernels into its blocks.

    Returns
    -------
    TorchNetwork, TorchSequential or TorchRNN
        ``module(x)`` maps (samples x inputs) to (samples x outputs), in ``net.inputs`` and
        ``net.outputs`` order (a TorchRNN also takes samples x steps x inputs).
        ``module.neuron_parameters()`` and ``module.neuron_gradients()`` give values and
        ``.grad`` by the network's names.

    Raises
    ------
    MissingDependencyError
        Without PyTorch.
    ParameterError
        For an activation that is not one of the library's (it has no PyTorch twin here),
        or a recurrence whose hidden activation ``nn.RNN`` does not have (tanh and relu
        only; ``sequential=False`` gives a TorchNetwork for it).
    NetworkStructureError
        For a network without neurons, ``sequential=True`` for one that is not a stack, or
        a network with a recurrence that is not that recurrence alone, wired as built, with
        one activation per kind of neuron (the message says why; ``sequential=False``
        gives a TorchNetwork, which computes any network).
    ArgumentTypeError
        For a ``dtype`` or ``sequential`` of the wrong kind.

    Examples
    --------
    >>> import pytest
    >>> torch = pytest.importorskip("torch")  # the examples need PyTorch
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> net.connect("x1", "o1", 0.5)                    # a connection that skips a layer
    >>> module = to_torch(net)
    >>> [name for name, _ in module.named_parameters()]
    ['weight_0_1', 'bias_1', 'weight_0_2', 'weight_1_2', 'bias_2']
    >>> module.mask_0_2                                 # o1 reads x1 but not x2
    tensor([[1., 0.]], dtype=torch.float64)
    >>> x = torch.tensor([[-2.0, -1.0]], dtype=torch.float64)
    >>> bool(abs(module(x).item() - net.feedforward([-2.0, -1.0])[0]) < 1e-15)
    True
    >>> to_torch(net, sequential=True)
    Traceback (most recent call last):
    ...
    neurons.errors.NetworkStructureError: to_torch(sequential=True): the network is not a \
stack of layers an nn.Sequential holds, as layer 2 is neither a grid layer nor fully \
connected to layer 1 with weights of its own; leave sequential unset for a TorchNetwork
    """
    require_torch()
    check_sequential_flag(sequential)
    if sequential is None and net.recurrences:
        return rnn_module(net, dtype)
    if sequential is False or (sequential is None and not net.grids):
        return TorchNetwork(net, dtype)
    if not net.outputs:
        raise NetworkStructureError("the network has no neurons yet: add some with "
                                    "add_neuron")
    layout = Layout(net)
    stack, reason = stack_of(net, layout, grids=not sequential)
    if reason is not None:
        if sequential:
            raise NetworkStructureError(
                f"to_torch(sequential=True): the network is not a stack of layers an "
                f"nn.Sequential holds, as {reason}; leave sequential unset for a "
                f"TorchNetwork")
        return TorchNetwork(net, dtype)
    return grid_modules(net, dtype, layout, stack)


def from_torch(module: Any, in_shape: Sequence[int] | None = None) -> NetworkCore:
    """Build a :class:`~neurons.Network` from a PyTorch module.

    Parameters
    ----------
    module : TorchNetwork, TorchSequential, TorchRNN or torch.nn.Sequential
        A :class:`TorchNetwork` made by :func:`to_torch` gives back its network: names,
        wiring, activations, shared parameters and (trained) values.

        A :class:`TorchRNN` (made by :func:`to_torch`, or around an ``nn.RNN`` and an
        ``nn.Linear`` of your own: ``TorchRNN(rnn, head, steps=T, outputs="each")``) gives
        the network :meth:`Network.rnn <neurons.Network.rnn>` builds, with the module's
        recurrence, activations and values; its b_h is ``bias_ih_l0 + bias_hh_l0``. A bare
        ``nn.RNN`` is refused: it does not say how many steps to unroll, nor where the
        outputs are.

        An ``nn.Sequential`` of ``nn.Linear`` layers, each followed by at most one of
        ``Sigmoid``, ``Tanh``, ``ReLU``, ``LeakyReLU`` (its ``negative_slope`` becomes the
        slope), ``Identity``, ``Softplus`` (with ``beta=1`` and the default threshold) and
        :class:`ExactSoftplus`, gives a fully connected network named as
        :meth:`Network.dense <neurons.Network.dense>` names it: inputs ``x1..``, hidden
        neurons ``h1..`` (one hidden layer) or ``h1_1..`` (several), outputs ``o1..``. A
        ``Linear`` without an activation after it is ``identity``; ``bias=False`` gives
        neurons without a bias. ``nn.Softplus`` returns z itself for z > 20, where the
        library's softplus is log(1 + e^z): they differ by less than 2.1e-9 there.

        An ``nn.Sequential`` with convolution and pooling layers (a
        :class:`TorchSequential` is one) gives the network
        :meth:`Network.from_architecture <neurons.Network.from_architecture>` builds, with
        the Sequential's values: ``Conv1d``/``Conv2d`` (any kernel and stride, ``padding``
        a number of zeros, ``"same"`` or ``"valid"``, with or without bias), then
        ``MaxPool1d``/``2d`` and ``AvgPool1d``/``2d`` (without padding, with windows that
        cover their input exactly), in any order, each followed by at most one activation;
        then ``Flatten`` and the ``Linear`` layers. The input's shape comes from a first
        ``nn.Unflatten(1, (channels, height, width))`` (as :func:`to_torch` writes it) or
        from ``in_shape``. Its names are ``from_architecture``'s: the round trip
        ``from_torch(to_torch(net))`` of a network it built gives the same names and
        values (a network named otherwise takes the values back with
        :func:`update_from_torch`).
    in_shape : sequence of int, optional
        ``(channels, length)`` or ``(channels, height, width)``, for a Sequential that
        starts with a convolution or pooling layer.

    Raises
    ------
    MissingDependencyError
        Without PyTorch.
    ArgumentTypeError
        For anything but a ``TorchNetwork``, a ``TorchRNN`` or an ``nn.Sequential``.
    NetworkStructureError
        For a TorchRNN whose ``rnn`` has several layers or two directions (or whose
        modules were replaced by ones the library cannot read), a module the library has no
        neuron for (``Conv3d``, ``Dropout``, ``BatchNorm1d``, ...), a setting it does not
        have (``dilation``, ``groups``, ``padding_mode``, padding or ``ceil_mode`` in
        pooling), an activation that does not follow a layer, or layers in another order;
        the message names the module and its index, and what to change.
    ParameterError
        For a ``Softplus`` with another ``beta`` or ``threshold``, or a weight that is
        not finite.
    ShapeError
        For layers whose sizes do not chain, pooling windows that leave part of the input
        out, a missing ``in_shape``, or an ``in_shape`` for a Sequential without
        convolution or pooling layers.

    Examples
    --------
    >>> import pytest
    >>> torch = pytest.importorskip("torch")  # the examples need PyTorch
    >>> nn = torch.nn
    >>> net = from_torch(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1),
    ...                                nn.Sigmoid()))
    >>> net.layers
    [['x1', 'x2'], ['h1', 'h2', 'h3'], ['o1']]
    >>> from_torch(nn.Sequential(nn.Linear(2, 3), nn.Dropout(0.5), nn.Linear(3, 1)))
    Traceback (most recent call last):
    ...
    neurons.errors.NetworkStructureError: module [1] of the Sequential, Dropout(p=0.5, \
inplace=False), has no neuron counterpart: from_torch takes Linear layers, each followed by \
at most one of Sigmoid, Tanh, ReLU, LeakyReLU, Identity or Softplus(beta=1)
    >>> cnn = from_torch(nn.Sequential(nn.Conv1d(1, 2, 3, padding="same"), nn.Tanh(),
    ...                                nn.MaxPool1d(2), nn.Flatten(), nn.Linear(8, 1)),
    ...                  in_shape=(1, 8))
    >>> [grid.describe() for grid in cnn.grids]
    ['c1: conv 3, 1x8 -> 2x8', 'p1: max pool 2, 2x8 -> 2x4']
    >>> from_torch(nn.Sequential(nn.Conv1d(1, 2, 3, dilation=2)), in_shape=(1, 8))
    Traceback (most recent call last):
    ...
    neurons.errors.NetworkStructureError: module [0] of the Sequential, Conv1d(1, 2, \
kernel_size=(3,), stride=(1,), dilation=(2,)), is not supported: dilation=(2,) (the \
library's kernels read neighbouring positions: use dilation=1)
    """
    require_torch()
    if isinstance(module, TorchNetwork):
        if in_shape is not None:
            raise ShapeError("in_shape is for an nn.Sequential that starts with a convolution "
                             "or pooling layer; a TorchNetwork knows its inputs")
        return module.rebuild()
    if isinstance(module, TorchRNN):
        if in_shape is not None:
            raise ShapeError("in_shape is for an nn.Sequential that starts with a convolution "
                             "or pooling layer; a TorchRNN knows its inputs")
        return module.rebuild()
    _refuse_bare_rnn(module, "from_torch")
    if isinstance(module, torch.nn.Sequential) and has_grid_layers(module):
        return sequential_network(module, in_shape)
    if in_shape is not None and isinstance(module, torch.nn.Sequential):
        raise ShapeError("in_shape is for an nn.Sequential with convolution or pooling "
                         "layers; this one has none")
    return from_dict(module_document(module))


def update_from_torch(net: NetworkCore, module: Any) -> None:
    """Copy the weights of a module made by ``to_torch(net)`` (and trained) into ``net``.

    Connections the network does not have stay absent: their masked entries are not
    read. An ``nn.Sequential`` is accepted too when :func:`from_torch` would build the
    same wiring (names, sources, activations, biases, shared parameters), as for
    ``Network.dense`` and ``Network.from_architecture`` networks (a Sequential without
    ``nn.Unflatten`` at its start takes the shape of the network's first grid). A
    :class:`TorchRNN` is accepted for a network that is one recurrence of the same sizes,
    steps, outputs and activations; b_h becomes ``bias_ih_l0 + bias_hh_l0``.

    Raises
    ------
    MissingDependencyError
        Without PyTorch.
    NetworkStructureError
        When the module was not made from this network's wiring (or the network's wiring
        changed since); the message names the first difference. ``net`` is unchanged.
    ParameterError
        For a weight that is not finite. ``net`` is unchanged.

    Examples
    --------
    >>> import pytest
    >>> torch = pytest.importorskip("torch")  # the examples need PyTorch
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> module = to_torch(net)
    >>> with torch.no_grad():
    ...     module.bias_2.fill_(0.5)
    Parameter containing:
    tensor([0.5000], dtype=torch.float64, requires_grad=True)
    >>> update_from_torch(net, module)
    >>> net.parameter("b3")
    0.5
    >>> update_from_torch(Network.dense([2, 3, 1]), module)
    Traceback (most recent call last):
    ...
    neurons.errors.NetworkStructureError: the module was not made from this network's \
wiring: the network has neuron 'h3' where the module has 'o1'
    """
    require_torch()
    if isinstance(module, TorchRNN):
        found = same_recurrence(net, module)
        if found is not None:
            raise NetworkStructureError(
                f"the module was not made from this network's wiring: {found}")
        net.set_parameters(module.checked_parameters())
        return
    _refuse_bare_rnn(module, "update_from_torch")
    mine = wiring_of_net(net, strict=False), extras_of_net(net)
    if isinstance(module, (TorchNetwork, TorchSequential)):
        _same_structure(mine, (module.wiring, module.extras))
        net.set_parameters(module.checked_parameters())
        return
    if isinstance(module, torch.nn.Sequential) and has_grid_layers(module):
        first = net.grids[0] if net.grids else None
        in_shape = None
        if first is not None and first.inputs == tuple(net.inputs) \
                and type(next(iter(module))) is not torch.nn.Unflatten:
            in_shape = first.in_shape
        built = sequential_network(module, in_shape)
        _same_structure(mine, (wiring_of_net(built, strict=True), extras_of_net(built)))
        net.set_parameters(built.parameters())
        return
    doc = module_document(module)
    _same_structure(mine, (wiring_of_doc(doc), PLAIN))
    names = {net.parameter_location(p): p for p in net.parameters()}
    values = {}
    for entry in doc["neurons"]:
        k = entry["name"]
        values.update({names[s, k]: w for s, w in zip(entry["inputs"], entry["weights"])})
        if entry["bias"] is not None:
            values[names[k, None]] = entry["bias"]
    net.set_parameters(values)


def _refuse_bare_rnn(module: Any, who: str) -> None:
    if isinstance(module, torch.nn.RNNBase):
        net = "net, " if who == "update_from_torch" else ""
        raise ArgumentTypeError(
            f"{who} takes an nn.RNN inside a TorchRNN, which says how many steps the network "
            f"is unrolled for and where its outputs are: {who}({net}TorchRNN(rnn, head, "
            f"steps=T, outputs='each' or 'last'))")


def _same_structure(mine: tuple, theirs: tuple) -> None:
    found = difference(mine[0], theirs[0]) if mine[0] != theirs[0] \
        else extras_difference(mine[1], theirs[1])
    if found is not None:
        raise NetworkStructureError(
            f"the module was not made from this network's wiring: {found}")


def module_document(module: Any) -> dict[str, Any]:
    require_torch()
    if isinstance(module, TorchNetwork):
        return module.to_dict()
    if isinstance(module, torch.nn.Sequential):
        return sequential_document(module)
    raise ArgumentTypeError(
        f"from_torch takes a module made by neurons.torch.to_torch or a torch.nn.Sequential "
        f"of Linear layers and activations, not {type(module).__name__}")
