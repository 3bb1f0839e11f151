"""How fast is a recurrent network, built neuron by neuron, against PyTorch's ``nn.RNN``?

Everything is measured in one run, as ratios against a baseline written here, on a shared
2-core machine (issue 19):

1. **Training an Elman RNN, 8 inputs, 32 hidden (tanh), 1 output at each step, T = 20**,
   mean squared error, SGD (lr 0.05), batch 32, 2,000 sequences, ONE epoch through
   ``net.train(..., path="vectorized")`` including compile and write-back, against the
   same weights and batches in PyTorch (float64, 2 threads, ``nn.RNN`` + ``nn.Linear``,
   ``optim.SGD``; ``nn.RNN``'s second bias ``b_hh`` held at 0, the network's one b_h being
   ``b_ih + b_hh``). Target: <= 1.0x PyTorch.
2. **The same with the output at the last step only** (printed beside it, no target).
3. **Sanity**: after each timed training run the network's parameters must equal
   PyTorch's to 1e-10, or the script exits with an error: the timings would compare
   different computations.

Timing method: ``bench_fast_path.interleaved`` (rounds whose order rotates, one untimed
warm-up each, garbage collected before each timing); the minimum is the estimate, the
median is printed beside it. Targets print PASS or FAIL and never change the exit status.

Run from the repository root::

    python3 benchmarks/bench_rnn.py           # the full measurement
    python3 benchmarks/bench_rnn.py --quick   # fewer sequences and rounds
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fast_path import blas_line, interleaved, show, verdict

from neurons import Network

LR, LOSS = 0.05, "mse"
N_IN, N_HIDDEN, N_OUT, STEPS, BATCH = 8, 32, 1, 20, 32


def _nothing():
    """Nothing after a round: each job resets its own weights."""


class Library:
    """``net.train`` for one epoch from fixed initial values."""

    def __init__(self, net, X, Y):
        self.net, self.X, self.Y = net, X, Y
        self.start = net.parameter_vector()

    def reset(self):
        self.net.set_parameter_vector(self.start)

    def run(self):
        self.net.train(self.X, self.Y, epochs=1, lr=LR, loss=LOSS, batch_size=BATCH,
                       shuffle=False, path="vectorized", progress=False)


class Torch:
    """``nn.RNN`` + ``nn.Linear``, float64, 2 threads; weights copied from the network."""

    def __init__(self, net, X, Y):
        import torch

        torch.set_num_threads(2)
        self.torch, self.net = torch, net
        self.last = net.recurrences[0].outputs == "last"
        self.rnn = torch.nn.RNN(N_IN, N_HIDDEN, batch_first=True, dtype=torch.float64)
        self.head = torch.nn.Linear(N_HIDDEN, N_OUT, dtype=torch.float64)
        self.params = [self.rnn.weight_ih_l0, self.rnn.weight_hh_l0, self.rnn.bias_ih_l0,
                       self.rnn.bias_hh_l0, self.head.weight, self.head.bias]
        self.X = torch.from_numpy(np.ascontiguousarray(X).reshape(len(X), STEPS, N_IN))
        self.Y = torch.from_numpy(np.ascontiguousarray(Y))
        # nn.RNN adds two biases, b_ih + b_hh, where the network has one b_h: b_hh stays 0
        # and out of the optimizer, or SGD would move the sum twice as fast.
        self.rnn.bias_hh_l0.requires_grad_(False)
        self.opt = torch.optim.SGD([q for q in self.params if q.requires_grad], lr=LR)
        self.start = self.values()

    def values(self):
        """The network's parameters as the PyTorch modules hold them (b_hh = 0: the
        network's one hidden bias is b_ih + b_hh)."""
        W_xh, W_hh, W_hy, b_h, b_y = self.net.recurrences[0].matrices(self.net.parameters())
        return [W_xh, W_hh, b_h, np.zeros(N_HIDDEN), W_hy, b_y]

    def reset(self):
        with self.torch.no_grad():
            for param, value in zip(self.params, self.start):
                param.copy_(self.torch.from_numpy(value))

    def run(self):
        for start in range(0, len(self.X), BATCH):
            self.opt.zero_grad()
            hidden, _ = self.rnn(self.X[start:start + BATCH])
            out = self.head(hidden[:, -1] if self.last else hidden).reshape(len(hidden), -1)
            ((out - self.Y[start:start + BATCH]) ** 2).mean().backward()
            self.opt.step()

    def trained(self):
        w_ih, w_hh, b_ih, b_hh, w_hy, b_y = (p.detach().numpy() for p in self.params)
        return [w_ih, w_hh, b_ih + b_hh, w_hy, b_y]


def bench_training(outputs, n, rounds, target):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, STEPS * N_IN))
    Y = rng.normal(size=(n, STEPS * N_OUT if outputs == "each" else N_OUT))
    net = Network.rnn(N_IN, N_HIDDEN, N_OUT, steps=STEPS, outputs=outputs, seed=0)
    lib, ref = Library(net, X, Y), Torch(net, X, Y)
    print(f"\nElman RNN {N_IN}-{N_HIDDEN}-{N_OUT}, tanh, T = {STEPS}, outputs at "
          f"{'each step' if outputs == 'each' else 'the last step'}; {n} sequences, batch "
          f"{BATCH}, one epoch, {rounds} rounds")
    times = interleaved([("net.train (vectorized)", lib.reset, lib.run),
                         ("PyTorch (float64, 2 threads)", ref.reset, ref.run)], rounds, _nothing)
    lib.reset()
    lib.run()
    ref.reset()
    ref.run()
    start = Torch(net, X, Y).start
    ours = [start[0], start[1], start[2], start[4], start[5]]
    worst = max(float(np.abs(a - b).max()) for a, b in zip(ours, ref.trained()))
    if worst > 1e-10:
        sys.exit(f"the trained parameters differ from PyTorch's by {worst:.2e}")
    steps = math.ceil(n / BATCH)
    for label, t in times.items():
        show(label, t, steps)
    print(f"  trained parameters equal PyTorch's to {worst:.1e}")
    return verdict("net.train / PyTorch", times["net.train (vectorized)"],
                   times["PyTorch (float64, 2 threads)"], target)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sequences and rounds")
    args = parser.parse_args(argv)
    n, rounds = (256, 2) if args.quick else (2000, 7)
    print(blas_line())
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch is not installed: nothing to compare with (pip install torch==2.13.0)")
        return
    bench_training("each", n, rounds, 1.0)
    bench_training("last", n, rounds, math.inf)


if __name__ == "__main__":
    main()
