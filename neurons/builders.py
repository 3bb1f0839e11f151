"""Shortcuts that build whole networks: fully connected layers, or a list of layer dicts.

Both build through :meth:`Network.add_neuron`, so the result is the same
object model as a network wired by hand. Names follow the textbooks: inputs
``x1, x2, ...``, output neurons ``o1, o2, ...``, hidden neurons ``h1, h2, ...``
for a single hidden layer and ``h1_1, h1_2, ..., h2_1, ...`` (layer, then
position) when there are several.
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

__all__ = ["dense", "from_architecture", "layer_names"]


def dense(
    sizes: Sequence[int],
    activation: str | Activation = "sigmoid",
    output_activation: str | Activation | None = None,
    init: str | None = None,
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

    Examples
    --------
    >>> net = from_architecture([
    ...     {"input_dim": 2, "output_dim": 4, "activation": "relu"},
    ...     {"input_dim": 4, "output_dim": 1, "activation": "sigmoid"},
    ... ], seed=0)
    >>> [len(layer) for layer in net.layers]
    [2, 4, 1]
    """
    if not layers:
        raise ShapeError("the architecture needs at least one layer")
    check_seed(seed)
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


def _build(sizes: list[int], acts: list[Activation], init: Any, seed: int | None,
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
