"""Moving a network to PyTorch and back: train there, come back to draw and explain.

:func:`to_torch` turns a :class:`~neurons.Network` into a :class:`TorchNetwork`, a
``torch.nn.Module`` that computes the same function with the same weights.
:func:`update_from_torch` copies the weights of such a module, trained in PyTorch
(on a GPU, say), back into the network, and :func:`from_torch` builds a new network
from it, or from an ``nn.Sequential`` of ``Linear`` layers and activations.

The module holds the weights as the vectorized path (:mod:`neurons.compiled`) does:
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
own columns.

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
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ArgumentTypeError, NetworkStructureError
from ..io import from_dict
from .base import MissingDependencyError, require_torch, torch
from .documents import difference, sequential_document, wiring_of_doc, wiring_of_net
from .module import TorchNetwork

if TYPE_CHECKING:
    from ..core import NetworkCore

__all__ = [
    "MissingDependencyError",
    "TorchNetwork",
    "from_torch",
    "to_torch",
    "update_from_torch",
]


def to_torch(net: NetworkCore, dtype: Any = None) -> TorchNetwork:
    """Return a ``torch.nn.Module`` computing the same function as ``net`` with its weights.

    Parameters
    ----------
    net : Network
        Any network of the library's activations: missing connections, connections that
        skip layers, neurons without a bias and mixed activations in a layer included.
    dtype : torch.dtype, default torch.float64
        The tensors' dtype (``torch.float32`` for speed). Move the module with
        ``module.to("cuda")``; the masks move with it.

    Returns
    -------
    TorchNetwork
        ``module(x)`` maps (samples x inputs) to (samples x outputs), in ``net.inputs`` and
        ``net.outputs`` order. ``module.neuron_parameters()`` and
        ``module.neuron_gradients()`` give values and ``.grad`` by the network's names.

    Raises
    ------
    MissingDependencyError
        Without PyTorch.
    ParameterError
        For an activation that is not one of the library's (it has no PyTorch twin here).
    NetworkStructureError
        For a network without neurons.

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
    """
    return TorchNetwork(net, dtype)


def from_torch(module: Any) -> NetworkCore:
    """Build a :class:`~neurons.Network` from a PyTorch module.

    Parameters
    ----------
    module : TorchNetwork or torch.nn.Sequential
        A module made by :func:`to_torch` gives back its network: names, wiring,
        activations and (trained) values. An ``nn.Sequential`` of ``nn.Linear`` layers,
        each followed by at most one of ``Sigmoid``, ``Tanh``, ``ReLU``, ``LeakyReLU``
        (its ``negative_slope`` becomes the slope), ``Identity`` and ``Softplus`` (with
        ``beta=1`` and the default threshold), gives a fully connected network named as
        :meth:`Network.dense <neurons.Network.dense>` names it: inputs ``x1..``, hidden
        neurons ``h1..`` (one hidden layer) or ``h1_1..`` (several), outputs ``o1..``. A
        ``Linear`` without an activation after it is ``identity``; ``bias=False`` gives
        neurons without a bias. ``nn.Softplus`` returns z itself for z > 20, where the
        library's softplus is log(1 + e^z): they differ by less than 2.1e-9 there.

    Raises
    ------
    MissingDependencyError
        Without PyTorch.
    ArgumentTypeError
        For anything but a ``TorchNetwork`` or an ``nn.Sequential``.
    NetworkStructureError
        For a module the library has no neuron for (``Conv2d``, ``Dropout``,
        ``BatchNorm1d``, ...), or an activation that does not follow a ``Linear``; the
        message names the module and its index.
    ParameterError
        For a ``Softplus`` with another ``beta`` or ``threshold``, or a weight that is
        not finite.
    ShapeError
        For ``Linear`` layers whose sizes do not chain.

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
    """
    return from_dict(module_document(module))


def update_from_torch(net: NetworkCore, module: Any) -> None:
    """Copy the weights of a module made by ``to_torch(net)`` (and trained) into ``net``.

    Connections the network does not have stay absent: their masked entries are not
    read. An ``nn.Sequential`` is accepted too when :func:`from_torch` would build the
    same wiring (names, sources, activations, biases), as for ``Network.dense`` networks.

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
    doc = module_document(module)
    mine = wiring_of_net(net, strict=False)
    theirs = wiring_of_doc(doc)
    if mine != theirs:
        raise NetworkStructureError(
            f"the module was not made from this network's wiring: {difference(mine, theirs)}")
    names = {net.parameter_location(p): p for p in net.parameters()}
    values = {}
    for entry in doc["neurons"]:
        k = entry["name"]
        values.update({names[s, k]: w for s, w in zip(entry["inputs"], entry["weights"])})
        if entry["bias"] is not None:
            values[names[k, None]] = entry["bias"]
    net.set_parameters(values)


def module_document(module: Any) -> dict[str, Any]:
    require_torch()
    if isinstance(module, TorchNetwork):
        return module.to_dict()
    if isinstance(module, torch.nn.Sequential):
        return sequential_document(module)
    raise ArgumentTypeError(
        f"from_torch takes a module made by neurons.torch.to_torch or a torch.nn.Sequential "
        f"of Linear layers and activations, not {type(module).__name__}")
