"""How fast are convolutional networks, built neuron by neuron, against PyTorch and networkx?

Everything is measured in one run, as ratios against baselines written here, on a shared
2-core machine (issue 18):

1. **Training, 1x8x8 -> conv 3x3, 4 channels, relu -> max pool 2 -> dense 10**, softmax
   cross-entropy, SGD (lr 0.05), batch 32, 2,000 samples, ONE epoch through
   ``net.train(..., path="vectorized")`` including compile and write-back, against the same
   network, weights and batches in PyTorch (float64, 2 threads, ``nn.Conv2d``,
   ``nn.MaxPool2d``, ``nn.Linear``, ``optim.SGD``). Target: <= 1.0x PyTorch.
2. **The same for 1x28x28 -> conv 5x5, 8 channels -> max pool 2 -> dense 10**, batch 64.
   Target: <= 2.0x PyTorch.
3. **Building the 28x28 network** with ``from_architecture`` (5,770 neurons, 131,328 edges,
   each edge reading its shared kernel weight) against networkx holding the same edges with
   their weights (``nx.DiGraph().add_weighted_edges_from``). Target: <= 1.5x.
4. **The per-neuron path**: ``net.gradients(x, y)`` for one sample of the 8x8 CNN against a
   minimal per-edge Python loop over the same neurons (plain lists prepared beforehand, the
   same forward and backward sums). Target: <= 2x.
5. **Sanity**: after each timed training run the network's parameters must equal
   PyTorch's to 1e-10, and the per-neuron gradients the minimal loop's to 1e-12, or the
   script exits with an error: the timings would compare different computations.

Timing method: ``bench_fast_path.interleaved`` (rounds whose order rotates, one untimed
warm-up each, garbage collected before each timing); the minimum is the estimate, the
median is printed beside it.
Targets print PASS or FAIL and never change the exit status.

Run from the repository root::

    python3 benchmarks/bench_conv.py           # the full measurement
    python3 benchmarks/bench_conv.py --quick   # fewer samples and rounds, 8x8 training only
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fast_path import blas_line, interleaved, show, verdict

from neurons.builders import from_architecture

LR, LOSS = 0.05, "softmax_cross_entropy"


def _nothing():
    """No reset and nothing after a round: the jobs here start from the same state."""


def cnn(size: int, channels: int, kernel: int, seed: int = 0):
    return from_architecture([
        {"type": "conv2d", "in_shape": (1, size, size), "channels": channels, "kernel": kernel,
         "activation": "relu"},
        {"type": "maxpool2d", "size": 2},
        {"type": "dense", "output_dim": 10, "activation": "identity"}], seed=seed)


class Library:
    """``net.train`` for one epoch from fixed initial values."""

    def __init__(self, net, X, labels, batch):
        self.net, self.X, self.labels, self.batch = net, X, labels, batch
        self.start = net.parameter_vector()

    def reset(self):
        self.net.set_parameter_vector(self.start)

    def run(self):
        self.net.train(self.X, self.labels, epochs=1, lr=LR, loss=LOSS, batch_size=self.batch,
                       shuffle=False, path="vectorized", progress=False)


class Torch:
    """The same network in PyTorch, float64, 2 threads; weights copied from the network."""

    def __init__(self, net, X, labels, batch):
        import torch

        torch.set_num_threads(2)
        self.torch, self.net, self.batch = torch, net, batch
        conv, pool = net.grids
        c_in = conv.in_shape[0]
        self.shape = conv.in_shape
        self.model = torch.nn.Sequential(
            torch.nn.Conv2d(c_in, conv.out_shape[0], conv.kernel, dtype=torch.float64),
            torch.nn.ReLU(), torch.nn.MaxPool2d(pool.kernel), torch.nn.Flatten(),
            torch.nn.Linear(math.prod(pool.out_shape), 10, dtype=torch.float64))
        self.X = torch.from_numpy(np.ascontiguousarray(X).reshape(-1, *self.shape))
        self.y = torch.from_numpy(labels)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=LR)
        self.loss = torch.nn.CrossEntropyLoss()
        self.start = self.values()

    def values(self):
        """The network's parameters as the PyTorch modules hold them."""
        net = self.net
        conv = net.grids[0]
        p = net.parameters()
        kernel = np.array([p[k] for k in conv.kernel_names]).reshape(
            conv.out_shape[0], *conv.in_shape[:1], *conv.kernel)
        bias = np.array([p[b] for b in conv.bias_names])
        W = np.array([[net.weight(j, o) for j in net.neuron(o).inputs] for o in net.outputs])
        b = np.array([net.neuron(o).bias for o in net.outputs])
        return [kernel, bias, W, b]

    def reset(self):
        with self.torch.no_grad():
            for param, value in zip(self.model.parameters(), self.start):
                param.copy_(self.torch.from_numpy(value))

    def run(self):
        for start in range(0, len(self.X), self.batch):
            self.opt.zero_grad()
            self.loss(self.model(self.X[start:start + self.batch]),
                      self.y[start:start + self.batch]).backward()
            self.opt.step()

    def trained(self):
        return [param.detach().numpy() for param in self.model.parameters()]


def bench_training(size, kernel, channels, batch, n_samples, rounds, target):
    rng = np.random.default_rng(0)
    X = rng.random((n_samples, size * size))
    labels = rng.integers(0, 10, n_samples)
    net = cnn(size, channels, kernel)
    lib, ref = Library(net, X, labels, batch), Torch(net, X, labels, batch)
    print(f"\n1x{size}x{size} -> conv {kernel}x{kernel}, {channels} channels, relu -> max pool 2 "
          f"-> dense 10; {n_samples} samples, batch {batch}, one epoch, {rounds} rounds")
    times = interleaved([("net.train (vectorized)", lib.reset, lib.run),
                         ("PyTorch (float64, 2 threads)", ref.reset, ref.run)], rounds, _nothing)
    lib.reset()
    lib.run()
    ref.reset()
    ref.run()
    ours, theirs = Torch(net, X, labels, batch).start, ref.trained()
    worst = max(float(np.abs(a - b).max()) for a, b in zip(ours, theirs))
    if worst > 1e-10:
        sys.exit(f"the trained parameters differ from PyTorch's by {worst:.2e}")
    steps = math.ceil(n_samples / batch)
    for label, t in times.items():
        show(label, t, steps)
    print(f"  trained parameters equal PyTorch's to {worst:.1e}")
    verdict("net.train / PyTorch", times["net.train (vectorized)"],
            times["PyTorch (float64, 2 threads)"], target)


def bench_build(rounds):
    arch = [{"type": "conv2d", "in_shape": (1, 28, 28), "channels": 8, "kernel": 5},
            {"type": "maxpool2d", "size": 2},
            {"type": "dense", "output_dim": 10, "activation": "identity"}]
    net = from_architecture(arch, seed=0)
    triples = list(net.graph.edges(data="weight"))
    print(f"\nbuilding 1x28x28 -> conv 5x5, 8 channels -> max pool 2 -> dense 10: "
          f"{len(net.neurons)} neurons, {len(triples)} edges, {rounds} rounds")

    def build():
        from_architecture(arch, seed=0)

    def hold():
        nx.DiGraph().add_weighted_edges_from(triples)

    times = interleaved([("from_architecture", _nothing, build),
                         ("networkx holding the edges", _nothing, hold)], rounds, _nothing)
    for label, t in times.items():
        show(label, t, len(triples))
    verdict("build / networkx", times["from_architecture"], times["networkx holding the edges"],
            1.5)


def minimal_gradients(plan, x, t):
    """The per-neuron textbook loop with nothing else: forward, softmax cross-entropy at
    the outputs, backward, gradients into a flat list by parameter position."""
    a = dict(plan["inputs"])
    for name, value in zip(plan["input_names"], x):
        a[name] = value
    z = {}
    for name, kind, sources, weights, bias, act in plan["neurons"]:
        if kind == "max":
            zk = max(a[j] for j in sources)
        else:
            zk = bias
            for j, w in zip(sources, weights):
                zk += w * a[j]
        z[name] = zk
        a[name] = zk if act == "identity" else (zk if zk > 0 else 0.0)
    outs = [a[o] for o in plan["outputs"]]
    top = max(outs)
    e = [math.exp(v - top) for v in outs]
    s = sum(e)
    dL_da = dict.fromkeys(a, 0.0)
    for o, ek, tk in zip(plan["outputs"], e, t):
        dL_da[o] = ek / s - tk
    grad = [0.0] * plan["n_parameters"]
    for name, kind, sources, weights, bias_at, act, where in reversed(plan["backward"]):
        delta = dL_da[name] if act == "identity" else (dL_da[name] if z[name] > 0 else 0.0)
        if kind == "max":
            dL_da[max(sources, key=a.__getitem__)] += delta
            continue
        for j, w, p in zip(sources, weights, where):
            grad[p] += a[j] * delta
            dL_da[j] += w * delta
        if bias_at >= 0:
            grad[bias_at] += delta
    return grad


def make_plan(net):
    edges, biases = net.edge_parameters()
    neurons, backward = [], []
    start = 0
    for k, n in enumerate(net.neurons):
        where = edges[start:start + len(n.inputs)].tolist()
        start += len(n.inputs)
        neurons.append((n.name, n.kind, n.inputs, n.weight_list, n.bias or 0.0,
                        n.activation.name))
        backward.append((n.name, n.kind, n.inputs, n.weight_list, int(biases[k]),
                         n.activation.name, where))
    order = {n.name: i for i, n in enumerate(net.forward_order())}
    neurons.sort(key=lambda r: order[r[0]])
    backward.sort(key=lambda r: order[r[0]])
    return {"inputs": {}, "input_names": net.inputs, "neurons": neurons, "backward": backward,
            "outputs": net.outputs, "n_parameters": net.n_parameters}


def bench_per_neuron(rounds):
    net = cnn(8, 4, 3)
    rng = np.random.default_rng(1)
    x = rng.random(64)
    target = np.eye(10)[3]
    plan = make_plan(net)
    ours = list(net.gradients([x], [3], loss=LOSS).values())
    theirs = minimal_gradients(plan, x.tolist(), target.tolist())
    worst = max(abs(a - b) for a, b in zip(ours, theirs))
    if worst > 1e-12:
        sys.exit(f"the per-neuron gradients differ from the minimal loop's by {worst:.2e}")
    n_edges = net.graph.number_of_edges()
    print(f"\nper-neuron path, one sample of the 8x8 CNN ({len(net.neurons)} neurons, "
          f"{n_edges} edges), {rounds} rounds of 20 calls")

    def library():
        for _ in range(20):
            net.gradients([x], [3], loss=LOSS)

    def minimal():
        for _ in range(20):
            minimal_gradients(plan, x.tolist(), target.tolist())

    times = interleaved([("net.gradients(x, y)", _nothing, library),
                         ("minimal per-edge loop", _nothing, minimal)], rounds, _nothing)
    for label, t in times.items():
        show(label, t, 20)
    print(f"  gradients equal the minimal loop's to {worst:.1e}")
    verdict("net.gradients / minimal loop", times["net.gradients(x, y)"],
            times["minimal per-edge loop"], 2.0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples and rounds")
    args = parser.parse_args(argv)
    n, rounds = (256, 2) if args.quick else (2000, 7)
    print(blas_line())
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch is not installed: the training comparisons are skipped "
              "(pip install torch==2.13.0)")
    else:
        bench_training(8, 3, 4, 32, n, rounds, 1.0)
        if not args.quick:  # the smoke run keeps to the small network
            bench_training(28, 5, 8, 64, n, rounds, 2.0)
    bench_build(1 if args.quick else 5)
    bench_per_neuron(rounds)


if __name__ == "__main__":
    main()
