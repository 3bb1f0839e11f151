"""Small test helpers shared by several test modules."""

from __future__ import annotations

import numpy as np
import pytest

from neurons import Network, losses
from neurons.backprop import accumulators, at_outputs, backward, edge_factor
from neurons.data import check_data

# Examples of the optional extras run where the extra is installed (CI installs them).
EXTRAS = {"torch": "torch", "neurons.sklearn": "sklearn", "neurons.widgets": "ipywidgets"}


def run_example(code: str, where: str, capsys) -> str:
    """Run a Python block of the documentation (``where``: its file, for tracebacks) as
    written, skipped where it imports an extra that is not installed; return what it
    printed, which must be something a reader can compare."""
    for marker, module in EXTRAS.items():
        if f"import {marker}" in code or f"from {marker} " in code:
            pytest.importorskip(module)
    exec(compile(code, where, "exec"), {})
    printed = capsys.readouterr().out
    assert printed  # each example prints something a reader can compare
    return printed


def classic_221(weights=(0, 1, 0, 1, 0, 1), biases=(0, 0, 0)) -> Network:
    """The 2-2-1 network of the worked examples, wired neuron by neuron."""
    w1, w2, w3, w4, w5, w6 = weights
    b1, b2, b3 = biases
    net = Network()
    net.add_input("x1")
    net.add_input("x2")
    net.add_neuron("h1", {"x1": w1, "x2": w2}, bias=b1)
    net.add_neuron("h2", {"x1": w3, "x2": w4}, bias=b2)
    net.add_neuron("o1", {"h1": w5, "h2": w6}, bias=b3)
    return net


def snapshot(net: Network) -> tuple:
    """Everything observable about a network's structure and values, for 'unchanged' checks."""
    g = net.graph
    nodes = tuple(
        (n, d["layer"], None if d["neuron"] is None else (
            tuple(d["neuron"].weights.tolist()), d["neuron"].bias,
            d["neuron"].activation.name, d["neuron"].inputs))
        for n, d in g.nodes(data=True)
    )
    edges = tuple((u, v, d["weight"]) for u, v, d in g.edges(data=True))
    return (nodes, edges, tuple(net.parameters().items()), tuple(map(tuple, net.layers)),
            tuple(net.inputs), tuple(net.outputs))


def edges_match_neurons(net: Network) -> bool:
    """Every edge's weight attribute equals the weight stored in the target neuron."""
    return all(
        d["weight"] == net.neuron(v).weights[net.neuron(v).inputs.index(u)]
        for u, v, d in net.graph.edges(data=True)
    ) and all(isinstance(d["weight"], float) for _, _, d in net.graph.edges(data=True))


def random_batch(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    return rng.normal(size=(n, d))


def input_gradient_scale(net: Network, X, Y, loss: str) -> float:
    """The magnitude the rounding of dL/dx lives at, over the samples (first order), as
    ``neurons.compare.output_scale`` is the outputs': two paths that add the same terms in
    other orders differ by a few units of rounding of it, whatever the terms cancel to.

    One loop backward per sample: each neuron k has delta_k, known to D_k; every edge j -> k
    adds |dz_k/da_j| (|delta_k| + D_k) to what j collects; D_k = |f'(z_k)| times what k
    collected (0 at an output, whose delta the loss gives). An input's bound is what it
    collected, and the scale the largest of those.
    """
    loss_ = losses.get(loss)
    X, T = check_data(net, X, Y, loss_)
    traces, _, _, dL_dY, delta_out = at_outputs(net, X, T, loss_)
    dL_dw, dL_db = accumulators(net)
    scale = 0.0
    for s, trace in enumerate(traces):
        delta = backward(net, trace, dL_dY[s], dL_dw, dL_db,
                         None if delta_out is None else delta_out[s])
        collected = dict.fromkeys([*net.inputs, *(n.name for n in net.neurons)], 0.0)
        for neuron in reversed(net.forward_order()):
            k = neuron.name
            f_prime = float(neuron.activation.derivative(trace.z[k], trace.a[k]))
            D_k = abs(f_prime) * collected[k]
            for j in neuron.inputs:
                collected[j] += abs(edge_factor(net, j, k, trace.a)[1]) * (abs(delta[k]) + D_k)
        scale = max(scale, *(collected[j] for j in net.inputs))
    return scale
