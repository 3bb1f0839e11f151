"""Hypothesis strategies: random feedforward networks, data and targets."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from neurons import Network, activations


@st.composite
def networks(draw, activation="sigmoid", output_activation=None, min_outputs=1,
             sparse=True, max_hidden_layers=3, max_width=5, weight_scale=1.0) -> Network:
    """A random network: 1-4 inputs, 1-3 hidden layers of width 1-5, 1-3 outputs.

    With ``sparse``, each neuron reads from a random non-empty subset of the
    previous layer plus random skip connections from earlier layers; biases are
    present or absent per neuron. Weights come from a seeded generator, so they
    are continuous values (no ReLU kinks hit exactly by a hand-picked zero).
    ``activation="mixed"`` gives every hidden neuron its own random activation.
    """
    sizes = [draw(st.integers(1, 4))]
    sizes += draw(st.lists(st.integers(1, max_width), min_size=1, max_size=max_hidden_layers))
    sizes.append(draw(st.integers(min_outputs, 3)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    out_act = activations.get(output_activation or
                              ("identity" if activation == "mixed" else activation))

    net = Network()
    layers = [[f"x{i + 1}" for i in range(sizes[0])]]
    for x in layers[0]:
        net.add_input(x)
    for depth, width in enumerate(sizes[1:], start=1):
        last = depth == len(sizes) - 1
        names = [f"o{i + 1}" if last else f"n{depth}_{i + 1}" for i in range(width)]
        earlier = [n for layer in layers[:-1] for n in layer]
        for name in names:
            prev = layers[-1]
            if sparse:
                keep = [n for n in prev if rng.random() < 0.7] or [prev[rng.integers(len(prev))]]
                skips = [n for n in earlier if rng.random() < 0.2]
            else:
                keep, skips = list(prev), []
            sources = keep + skips
            bias = None if (sparse and rng.random() < 0.3) else float(rng.normal())
            hidden = (activations.names()[rng.integers(len(activations.names()))]
                      if activation == "mixed" else activation)
            net.add_neuron(name, sources, weights=weight_scale * rng.normal(size=len(sources)),
                           bias=bias,
                           activation=out_act if last else hidden)
        layers.append(names)
    # Every hidden neuron must feed something, or it would count as an output.
    for layer_i, layer in enumerate(layers[1:-1], start=1):
        for name in layer:
            if net.graph.out_degree(name) == 0:
                target = layers[layer_i + 1][rng.integers(len(layers[layer_i + 1]))]
                net.connect(name, target, float(rng.normal()))
    return net


@st.composite
def data_for(draw, net: Network, loss: str, max_samples: int = 6, min_samples: int = 1):
    """A batch X and targets Y in the form ``loss`` expects."""
    n = draw(st.integers(min_samples, max_samples))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    m = len(net.outputs)
    X = rng.normal(size=(n, len(net.inputs)))
    if loss == "softmax_cross_entropy":
        Y = rng.integers(0, m, size=n)
    elif loss == "binary_cross_entropy":
        Y = rng.integers(0, 2, size=(n, m)).astype(float)
    else:
        Y = rng.normal(size=(n, m))
    return X, Y
