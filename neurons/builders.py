"""Shortcuts that build whole networks: fully connected layers, or a list of layer dicts.

Both build through the network's own methods (:meth:`Network.add_layer`,
:meth:`Network.add_grid`), so the result is the same object model as a network
wired by hand. Names follow the textbooks: inputs ``x1, x2, ...``, output
neurons ``o1, o2, ...``, hidden neurons ``h1, h2, ...`` for a single hidden
layer and ``h1_1, h1_2, ..., h2_1, ...`` (layer, then position) when there are
several.

Convolution and pooling layers (a ``"type"`` in the layer dicts) are grids of
neurons (:mod:`neurons.grids`): the n-th convolution layer is ``c{n}``, its
neurons ``c{n}_{channel}_{row}_{column}``, its kernel weights
``k{n}_{out}_{in}_{row}_{column}`` and biases ``kb{n}_{out}``; the n-th pooling
layer is ``p{n}``, its neurons named alike. Everything counts from 1; 1-D
layers have one position instead of a row and a column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from . import activations, initializers
from .activations import Activation
from .checks import check_count, check_flag, check_seed
from .core import NetworkCore, new_network
from .errors import ArgumentTypeError, NetworkStructureError, ShapeError, did_you_mean
from .grids import Grid
from .recurrence import Recurrence

__all__ = ["dense", "from_architecture", "layer_names", "rnn"]


def dense(
    sizes: Sequence[int],
    activation: str | Activation = "sigmoid",
    output_activation: str | Activation | None = None,
    init: str | initializers.Initializer | None = None,
    seed: int | None = None,
    bias: bool = True,
    *,
    cls: type[NetworkCore] | None = None,
) -> NetworkCore:
    """Build a fully connected feedforward network.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, inputs first: ``[2, 2, 1]`` is the classic 2-2-1 network.
    activation : str or Activation, default "sigmoid"
        For the hidden layers (and the output layer unless ``output_activation``).
    output_activation : str or Activation, optional
        For the output layer; defaults to ``activation``.
    init : str or Initializer, optional
        See :mod:`neurons.initializers`; default He for ReLU layers, Xavier otherwise.
    seed : int, optional
        Makes the initial weights reproducible.
    bias : bool, default True
        ``False`` builds neurons without a bias parameter.
    cls : type, optional
        The class of the network built (default :class:`neurons.Network`).

    Examples
    --------
    >>> net = dense([2, 2, 1], seed=0)
    >>> net.layers
    [['x1', 'x2'], ['h1', 'h2'], ['o1']]
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise ArgumentTypeError(
            f"sizes must be a list of layer widths such as [2, 3, 1], not "
            f"{type(sizes).__name__} {sizes!r}")
    sizes = list(sizes)
    for n in sizes:
        check_count(n, f"every width in sizes {sizes}", minimum=None)
    if len(sizes) < 2 or min(sizes) < 1:
        raise ShapeError(f"sizes must be at least two positive integers, inputs first; got {sizes}")
    check_flag(bias, "bias")
    check_seed(seed)
    hidden = activations.get(activation)
    out = hidden if output_activation is None else activations.get(output_activation)
    return _build(sizes, [hidden] * (len(sizes) - 2) + [out], init, seed, bias, cls)


def from_architecture(layers: Sequence[Mapping[str, Any]], seed: int | None = None, *,
                      cls: type[NetworkCore] | None = None) -> NetworkCore:
    """Build from the common list-of-dicts description, one dict per layer.

    Each dict has ``input_dim``, ``output_dim`` and optionally ``activation``
    (default "relu") and ``bias`` (default True); consecutive layers must
    agree (``output_dim`` of one is ``input_dim`` of the next). ``cls`` is the class of
    the network built (default :class:`neurons.Network`).

    Convolutional networks add a ``"type"`` to the dicts:

    ==========================  ===============================================================
    ``conv1d``, ``conv2d``      ``channels``, ``kernel``; optional ``stride`` (1), ``padding``
                                ("valid", "same" or zeros per side), ``activation`` ("relu"),
                                ``bias`` (True)
    ``maxpool1d``/``2d``,       ``size``; optional ``stride`` (default ``size``); the windows
    ``avgpool1d``/``2d``        must cover the input exactly
    ``dense``                   ``output_dim``; ``input_dim`` optional (the size of the layer
                                before, flattened channel by channel, row by row)
    ==========================  ===============================================================

    The first layer gives the input's shape: ``in_shape`` (channels, length) or
    (channels, height, width) for a convolution or pooling layer, ``input_dim`` for a
    dense one; a later layer may repeat ``in_shape``, and it must then match.

    Examples
    --------
    >>> net = from_architecture([
    ...     {"input_dim": 2, "output_dim": 4, "activation": "relu"},
    ...     {"input_dim": 4, "output_dim": 1, "activation": "sigmoid"},
    ... ], seed=0)
    >>> [len(layer) for layer in net.layers]
    [2, 4, 1]
    >>> cnn = from_architecture([
    ...     {"type": "conv2d", "in_shape": (1, 8, 8), "channels": 4, "kernel": 3},
    ...     {"type": "maxpool2d", "size": 2},
    ...     {"type": "dense", "output_dim": 10, "activation": "identity"},
    ... ], seed=0)
    >>> [len(layer) for layer in cnn.layers], cnn.layers[1][:2], cnn.n_parameters
    ([64, 144, 36, 10], ['c1_1_1_1', 'c1_1_1_2'], 410)
    """
    if not layers:
        raise ShapeError("the architecture needs at least one layer")
    check_seed(seed)
    if any(isinstance(spec, Mapping) and "type" in spec for spec in layers):
        return _build_typed(layers, seed, cls)
    sizes, acts, biases = [], [], []
    keys = ("input_dim", "output_dim", "activation", "bias")
    for i, spec in enumerate(layers):
        if not isinstance(spec, Mapping):
            raise ArgumentTypeError(
                f"layer {i} must be a dict such as {{'input_dim': 2, 'output_dim': 3}}, not "
                f"{type(spec).__name__} {spec!r}")
        if "input_dim" not in spec or "output_dim" not in spec:
            raise ShapeError(
                f"layer {i} must be a dict with 'input_dim' and 'output_dim': {spec!r}"
            )
        unknown = sorted(set(spec) - set(keys))
        if unknown:
            raise ShapeError(f"layer {i} has unknown keys {unknown}"
                             f"{did_you_mean(str(unknown[0]), keys)}; allowed: {', '.join(keys)}")
        for key in ("input_dim", "output_dim"):
            if check_count(spec[key], f"layer {i}'s {key}", minimum=None) < 1:
                raise ShapeError(f"layer {i}'s {key} must be a positive integer, not {spec[key]}")
        if i == 0:
            sizes.append(spec["input_dim"])
        elif spec["input_dim"] != sizes[-1]:
            raise ShapeError(
                f"layer {i} has input_dim {spec['input_dim']} but layer {i - 1} has "
                f"output_dim {sizes[-1]}"
            )
        sizes.append(spec["output_dim"])
        acts.append(activations.get(spec.get("activation", "relu")))
        biases.append(check_flag(spec.get("bias", True), f"layer {i}'s bias"))
    if any(not isinstance(n, int) or isinstance(n, bool) or n < 1 for n in sizes):
        raise ShapeError(f"layer sizes must be positive integers; got {sizes}")
    if len(set(biases)) > 1:
        raise NetworkStructureError("mixing layers with and without bias is not supported here")
    return _build(sizes, acts, None, seed, biases[0], cls)


def layer_names(sizes: Sequence[int]) -> list[list[str]]:
    """The textbook names of a layered network's nodes, layer by layer.

    Examples
    --------
    >>> layer_names([2, 2, 1])
    [['x1', 'x2'], ['h1', 'h2'], ['o1']]
    >>> layer_names([1, 2, 1, 1])[1:3]
    [['h1_1', 'h1_2'], ['h2_1']]
    """
    names = [[f"x{i + 1}" for i in range(sizes[0])]]
    for layer, width in enumerate(sizes[1:], start=1):
        if layer == len(sizes) - 1:
            names.append([f"o{i + 1}" for i in range(width)])
        elif len(sizes) == 3:  # one hidden layer: h1, h2, ...
            names.append([f"h{i + 1}" for i in range(width)])
        else:
            names.append([f"h{layer}_{i + 1}" for i in range(width)])
    return names


def _build(sizes: list[int], acts: list[Activation],
           init: str | initializers.Initializer | None, seed: int | None,
           bias: bool, cls: type[NetworkCore] | None) -> NetworkCore:
    # Each layer's weights are drawn first (as initialize would draw them, neuron after
    # neuron) and given to add_layer, so every weight is written once.
    chosen = None if init is None else initializers.get(init)
    initializers.warn_if_symmetric(chosen, len(sizes))
    rng = np.random.default_rng(seed)
    net = new_network(cls)
    names = layer_names(sizes)
    for x in names[0]:
        net.add_input(x)
    for layer in range(1, len(sizes)):
        act = acts[layer - 1]
        W = initializers.draw_layer(chosen, act, sizes[layer - 1], sizes[layer], rng)
        net.add_layer(names[layer], names[layer - 1], W, 0.0 if bias else None, act)
    return net


_GRID_KEYS = {
    "conv": ("type", "in_shape", "channels", "kernel", "stride", "padding", "activation", "bias",
             "init"),
    "pool": ("type", "in_shape", "size", "stride", "activation"),
    "dense": ("type", "input_dim", "output_dim", "activation", "bias", "init"),
}
_TYPES = ("conv1d", "conv2d", "maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d", "dense")


def _build_typed(layers: Sequence[Mapping[str, Any]], seed: int | None,
                 cls: type[NetworkCore] | None) -> NetworkCore:
    """from_architecture for layer dicts with a ``"type"``: grids, then dense layers."""
    rng = np.random.default_rng(seed)
    net = new_network(cls)
    shape: tuple[int, ...] | None = None  # the previous layer's output, channels first
    names: list[str] = []  # its nodes
    n_dense = sum(1 for spec in layers if isinstance(spec, Mapping)
                  and spec.get("type", "dense") == "dense")
    counts = {"conv": 0, "pool": 0, "dense": 0}
    for i, spec in enumerate(layers):
        if not isinstance(spec, Mapping):
            raise ArgumentTypeError(f"layer {i} must be a dict such as {{'type': 'conv2d', ...}}, "
                                    f"not {type(spec).__name__} {spec!r}")
        kind = spec.get("type", "dense")
        if kind not in _TYPES:
            raise ShapeError(f"layer {i} has unknown type {kind!r}"
                             f"{did_you_mean(str(kind), _TYPES)}; types: {', '.join(_TYPES)}")
        family = "dense" if kind == "dense" else "conv" if kind.startswith("conv") else "pool"
        unknown = sorted(set(spec) - set(_GRID_KEYS[family]))
        if unknown:
            raise ShapeError(f"layer {i} ({kind}) has unknown keys {unknown}"
                             f"{did_you_mean(str(unknown[0]), _GRID_KEYS[family])}; allowed: "
                             f"{', '.join(_GRID_KEYS[family])}")
        counts[family] += 1
        if family == "dense":
            shape, names = _typed_dense(net, i, spec, shape, names, rng,
                                        last=counts["dense"] == n_dense and i == len(layers) - 1,
                                        number=counts["dense"], hidden=n_dense - 1)
            continue
        dims = int(kind[-2])
        given = spec.get("in_shape")
        if shape is None:
            if given is None:
                raise ShapeError(f"layer {i} ({kind}) is the first layer: give its in_shape, "
                                 f"(channels, {'length' if dims == 1 else 'height, width'})")
            shape = tuple(given)
            names = [f"x{j + 1}" for j in range(int(np.prod(shape)))] if len(shape) == dims + 1 \
                and all(isinstance(v, int) and v > 0 for v in shape) else []
            for x in names:
                net.add_input(x)
        elif given is not None and tuple(given) != shape:
            raise ShapeError(f"layer {i} ({kind}) has in_shape {tuple(given)} but the layer "
                             f"before gives {shape}; make the channels and sizes match")
        if len(shape) != dims + 1:
            raise ShapeError(f"layer {i} ({kind}) needs a {dims}-D input (channels, "
                             f"{'length' if dims == 1 else 'height, width'}), but the layer "
                             f"before gives {shape}")
        if family == "conv":
            name = f"c{counts['conv']}"
            grid = Grid.convolution(name, names, shape, spec.get("channels", 0),
                                    spec.get("kernel", 0), spec.get("stride", 1),
                                    spec.get("padding", "valid"),
                                    check_flag(spec.get("bias", True), f"layer {i}'s bias"))
            act = activations.get(spec.get("activation", "relu"))
            chosen = spec.get("init")
            init = initializers.get(chosen or initializers.default_for(act))
            fan_in = len(grid.kernel_names) // grid.out_shape[0]
            kernel = np.concatenate([init(fan_in, grid.out_shape[0], rng)
                                     for _ in range(grid.out_shape[0])])
            net.add_grid(grid, kernel, None, act)
        else:
            name = f"p{counts['pool']}"
            grid = Grid.pooling(name, names, shape, "max" if kind.startswith("max") else "average",
                                spec.get("size", 0), spec.get("stride"))
            net.add_grid(grid, activation=spec.get("activation", "identity"))
        shape, names = grid.out_shape, list(grid.neurons)
    return net


def _typed_dense(net: NetworkCore, i: int, spec: Mapping[str, Any],
                 shape: tuple[int, ...] | None, names: list[str], rng: np.random.Generator, *,
                 last: bool, number: int, hidden: int) -> tuple[tuple[int, ...], list[str]]:
    """A dense layer of from_architecture's typed dicts; returns its shape and names."""
    if "output_dim" not in spec:
        raise ShapeError(f"layer {i} (dense) needs output_dim")
    width = check_count(spec["output_dim"], f"layer {i}'s output_dim")
    if shape is None:
        if "input_dim" not in spec:
            raise ShapeError(f"layer {i} (dense) is the first layer: give its input_dim")
        names = [f"x{j + 1}" for j in range(check_count(spec["input_dim"],
                                                         f"layer {i}'s input_dim"))]
        for x in names:
            net.add_input(x)
    elif "input_dim" in spec and spec["input_dim"] != len(names):
        raise ShapeError(f"layer {i} (dense) has input_dim {spec['input_dim']} but the layer "
                         f"before has {len(names)} nodes (shape {shape})")
    act = activations.get(spec.get("activation", "relu"))
    bias = check_flag(spec.get("bias", True), f"layer {i}'s bias")
    if last:
        new = [f"o{j + 1}" for j in range(width)]
    elif hidden == 1:
        new = [f"h{j + 1}" for j in range(width)]
    else:
        new = [f"h{number}_{j + 1}" for j in range(width)]
    chosen = spec.get("init")
    W = initializers.draw_layer(None if chosen is None else initializers.get(chosen), act,
                                len(names), width, rng)
    net.add_layer(new, names, W, 0.0 if bias else None, act)
    return (width,), new


def rnn(n_inputs: int, n_hidden: int, n_outputs: int, steps: int,
        activation: str | Activation = "tanh", output_activation: str | Activation = "identity",
        outputs: str = "each", init: str | None = None, seed: int | None = None, *,
        truncate: int | None = None, cls: type[NetworkCore] | None = None) -> NetworkCore:
    """Build an Elman recurrent network unrolled over ``steps`` time steps, neuron by neuron.

    At step t the hidden neurons read the step's inputs and the hidden neurons of step t - 1
    (none at step 1: the first hidden state is zero), and the outputs read the step's hidden
    neurons::

        h_t = f(W_xh x_t + W_hh h_(t-1) + b_h)        y_t = g(W_hy h_t + b_y)

    The weights and biases are the same at every step: shared parameters
    (:meth:`~neurons.core.NetworkCore.add_parameter`) named by matrix and (to, from) index,
    as PyTorch indexes ``weight_ih_l0[j, i]``: ``w_xh_{j}_{i}`` (input i to hidden j),
    ``w_hh_{j}_{l}`` (hidden l at t - 1 to hidden j at t), ``w_hy_{k}_{j}``, ``b_h_{j}``,
    ``b_y_{k}``, all counted from 1. Nodes are named by step, then index: inputs
    ``x{t}_{i}``, hidden ``h{t}_{j}``, outputs ``o{t}_{k}``; a sample is one sequence laid
    out step after step, ``x1_1 .. x1_n, x2_1, ...`` (``X[s]`` is ``x_seq[s].reshape(-1)``
    for a (steps x inputs) sequence); X may also be given as samples x steps x inputs.
    Targets are one per output neuron, per step (samples x steps x outputs, or flat) or,
    with ``outputs="last"``, one per sequence. The loss takes the steps' outputs as it
    takes any outputs: ``"sse"`` sums over the steps, ``"mse"`` averages over steps and
    outputs (:mod:`neurons.data`, :mod:`neurons.through_time`).

    Parameters
    ----------
    n_inputs, n_hidden, n_outputs : int
        Sizes of one step.
    steps : int
        T, the number of time steps unrolled.
    activation, output_activation : str or Activation
        f (default tanh) and g (default identity).
    outputs : {"each", "last"}, default "each"
        Outputs at every step (T x n_outputs output neurons, step after step) or at the
        last step only.
    init : str, optional
        See :mod:`neurons.initializers`; by default the activation's own. Biases start at 0.
    seed : int, optional
    truncate : int, optional
        Truncated backpropagation through time: the loss at step tau reaches steps
        tau .. tau - truncate only (:class:`~neurons.recurrence.Recurrence`); default: all.

    Examples
    --------
    >>> net = rnn(1, 2, 1, steps=3, seed=0)
    >>> net.layers[1], net.outputs
    (['h1_1', 'h1_2'], ['o1_1', 'o2_1', 'o3_1'])
    >>> net.neuron("h2_1").inputs, net.neuron("h2_1").shared
    (('x2_1', 'h1_1', 'h1_2'), ('w_xh_1_1', 'w_hh_1_1', 'w_hh_1_2'))
    >>> len(net.parameter_uses("w_hh_1_1")), net.n_parameters
    (2, 11)
    """
    recurrence = Recurrence.elman(n_inputs, n_hidden, n_outputs, steps, outputs,
                                  truncate=truncate)
    check_seed(seed)
    f, g = activations.get(activation), activations.get(output_activation)
    chosen = None if init is None else initializers.get(init)
    rng = np.random.default_rng(seed)
    # One draw for [W_xh W_hh] as a layer of n_inputs + n_hidden inputs (the fan-in of h_t).
    W = initializers.draw_layer(chosen, f, n_inputs + n_hidden, n_hidden, rng)
    W_hy = initializers.draw_layer(chosen, g, n_hidden, n_outputs, rng)
    net = new_network(cls)
    net.add_recurrence(recurrence, W_xh=W[:n_inputs].T, W_hh=W[n_inputs:].T, W_hy=W_hy.T,
                       activation=f, output_activation=g)
    return net
