"""Weight initializers, for :meth:`Network.dense` and for re-initialising any network.

An initializer draws the weights of one neuron from its fan-in (how many
inputs it has) and its fan-out (how many neurons its layer has, the other side
of the layer's weight matrix). Biases start at zero. Every draw comes from a
``numpy.random.Generator`` made from ``seed``, so a seed reproduces a network.

==================  ========================================================
``zeros``           all zero. Allowed for experiments, but it warns: hidden
                    units then receive identical gradients and stay identical
``normal``          randn * scale (scale 0.1 by default; 0.01 is also classic)
``uniform``         uniform in [-eps, eps] (eps 0.1 by default)
``xavier``          Glorot uniform: limit sqrt(6 / (fan_in + fan_out));
(``glorot``)        suits sigmoid and tanh
``he``              randn * sqrt(2 / fan_in); suits ReLU
==================  ========================================================

Examples
--------
>>> from neurons import Network
>>> from neurons.initializers import initialize
>>> net = Network.dense([2, 3, 1], seed=0)
>>> initialize(net, "uniform", seed=1)
>>> bool(abs(net.parameter("w1")) <= 0.1)
True
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from .checks import check_seed
from .errors import lookup

if TYPE_CHECKING:
    from .activations import Activation
    from .core import NetworkCore

__all__ = ["He", "Initializer", "Normal", "Uniform", "Xavier", "Zeros", "get", "initialize"]


class Initializer:
    """Base class: ``init(fan_in, fan_out, rng)`` returns ``fan_in`` weights for one neuron."""

    name = ""

    def __call__(self, fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class Zeros(Initializer):
    name = "zeros"

    def __call__(self, fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        return np.zeros(fan_in)


class Normal(Initializer):
    name = "normal"

    def __init__(self, scale: float = 0.1) -> None:
        self.scale = float(scale)

    def __call__(self, fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        return rng.standard_normal(fan_in) * self.scale


class Uniform(Initializer):
    name = "uniform"

    def __init__(self, eps: float = 0.1) -> None:
        self.eps = float(eps)

    def __call__(self, fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        return rng.uniform(-self.eps, self.eps, fan_in)


class Xavier(Initializer):
    name = "xavier"

    def __call__(self, fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, fan_in)


class He(Initializer):
    name = "he"

    def __call__(self, fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        return rng.standard_normal(fan_in) * np.sqrt(2.0 / fan_in)


_REGISTRY = {"zeros": Zeros, "normal": Normal, "uniform": Uniform, "xavier": Xavier,
             "glorot": Xavier, "he": He}
# Keras's and PyTorch's names for the same draws.
_ALIASES = {"he_normal": "he", "kaiming_normal": "he", "glorot_uniform": "xavier",
            "xavier_uniform": "xavier"}


def get(init: str | Initializer) -> Initializer:
    """Return the initializer called ``init`` (with default settings), or ``init`` itself.

    Raises
    ------
    UnknownNameError
        For an unknown name; the message lists the known ones.
    """
    if isinstance(init, Initializer):
        return init
    return lookup(_REGISTRY, init, "initializer", "initializers", _ALIASES)()


def default_for(activation: Activation) -> str:
    """The usual choice, which the activation names (``activation.init``): He for the ReLU
    family, Xavier/Glorot otherwise."""
    return activation.init


def warn_if_symmetric(init: Initializer | None, depth: int) -> None:
    """Warn for ``zeros`` on a network with hidden layers (``depth`` counts the input layer)."""
    if isinstance(init, Zeros) and depth > 2:
        warnings.warn(
            "zero initialisation: hidden neurons in a layer get identical gradients and "
            "stay identical (symmetry); use a random initializer to break it",
            UserWarning, stacklevel=3,
        )


def draw_layer(init: Initializer | None, activation: Activation, fan_in: int, n_neurons: int,
               rng: np.random.Generator) -> np.ndarray:
    """The weights of ``n_neurons`` neurons that each read ``fan_in`` sources, drawn one
    neuron after another (as :func:`initialize` draws them): a (fan_in, n_neurons) array,
    column k for neuron k. ``init=None`` picks the activation's own (``activation.init``).
    """
    chosen = init or get(default_for(activation))
    return np.stack([chosen(fan_in, n_neurons, rng) for _ in range(n_neurons)], axis=1)


def initialize(
    net: NetworkCore, init: str | Initializer | None = None, seed: int | None = None
) -> None:
    """Draw new weights for every neuron and set every bias to zero.

    Neurons are visited layer by layer, in creation order inside a layer, so
    the same seed gives the same network. ``init=None`` picks, for each neuron, the
    initializer its activation names (``activation.init``: He for the ReLU family,
    Xavier/Glorot otherwise). Shared weights are drawn after the
    neurons' own, in the table's order, each group used by one neuron from that
    neuron's fan-in (a convolution's kernel: one draw per output channel);
    shared biases become zero; the constants of fixed neurons (pooling) are kept.

    Warns
    -----
    UserWarning
        For ``zeros`` on a network with hidden neurons (they would stay identical).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 3, 1], seed=0)
    >>> before = net.parameters()
    >>> initialize(net, "xavier", seed=1)
    >>> net.parameters() != before, net.parameter("b1")
    (True, 0.0)
    """
    chosen = None if init is None else get(init)
    layers = net.layers
    warn_if_symmetric(chosen, len(layers))
    rng = np.random.default_rng(check_seed(seed))
    for layer in layers[1:]:
        for name in layer:
            neuron = net.neuron(name)
            if neuron.fixed:
                continue
            w = draw_layer(chosen, neuron.activation, len(neuron.inputs), len(layer), rng)
            neuron.set_own_parameters(w[list(neuron.own_positions), 0],
                                      0.0 if neuron.has_own_bias else None)
    table = net.shared_parameters
    if not len(table):
        return
    values = dict(zip(table.names, table.list()))
    drawn: set[str] = set()
    for p in table.names:
        if p in drawn:
            continue
        uses = net.parameter_uses(p)
        if table.role.get(p) == "bias" or not uses:
            values[p] = 0.0
            continue
        k = net.neuron(uses[0][0])  # the group: the shared weights of p's first neuron
        group = [q for q in dict.fromkeys(k.shared) if q is not None and q not in drawn]
        layer = layers[next(t for t, names in enumerate(layers) if k.name in names)]
        w = draw_layer(chosen, k.activation, len(k.inputs), len(layer), rng)[:, 0]
        values.update(zip(group, w.tolist()))
        drawn.update(group)
    net.set_parameters(values)
