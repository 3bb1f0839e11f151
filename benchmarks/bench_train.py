"""How fast is ``net.train(...)``, the call users make, against a hand-written NumPy loop?

``bench_fast_path.py`` times the vectorized path's inner loop. This script times what a
user calls, ``net.train(X, y, ...)``, with all its fixed costs: checking the data,
compiling the network into arrays, the epochs, the history, and writing the trained
values back into the neurons. Everything is measured in one run, as ratios against
baselines written here, on a shared 2-core machine.

1. **64-32-10, digits-shaped data** (1797 x 64, inputs ~ N(0, 1), random labels 0-9; no
   download), sigmoid hidden layer, identity outputs, softmax cross-entropy, plain SGD
   (lr 0.1), batch 32, no shuffling, 25 epochs. ``net.train(..., path="vectorized",
   progress=False)`` per epoch against :func:`bench_fast_path.hand_epoch` (the minimal
   textbook loop, in-place updates) from the same initial weights. Target: <= 1.3x.
   Printed beside it: PyTorch CPU (float64, 2 threads, ``nn.Sequential`` of ``Linear``
   and ``Sigmoid``, ``CrossEntropyLoss``, ``optim.SGD``, the same weights, batches and
   order; goal: neurons <= 0.25x PyTorch) and scikit-learn ``MLPClassifier`` (the same
   sizes, logistic hidden layer, SGD without momentum or penalty, batch 32, no shuffling,
   25 epochs; its own initial weights, and it also computes its loss curve).
2. **784-128-64-10**, 10,000 samples, batch 128, ONE epoch through ``net.train``,
   including compile and write-back: float64 against the float64 hand loop (target
   <= 1.3x), and ``dtype=np.float32`` against the same float64 hand loop (target <= 0.8x).
3. **Sanity**: after each timed run the network's trained weights must equal the hand
   loop's to 1e-10 (float64; 1e-4 for float32 against the float64 loop, information) and
   PyTorch's to 1e-10, or the script exits with an error: the timings would compare
   different computations.

Timing method: interleaved rounds (the order rotates), one untimed warm-up each,
:func:`time.perf_counter`; the minimum is the estimate, the median is printed beside it.
Targets print PASS or FAIL and never change the exit status.

Run from the repository root::

    python3 benchmarks/bench_train.py           # the full measurement
    python3 benchmarks/bench_train.py --quick   # fewer samples and rounds, for tests
"""

from __future__ import annotations

import argparse
import statistics
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fast_path import blas_line, hand_epoch, interleaved, make_data, show, verdict

from neurons import Network

LR, LOSS = 0.1, "softmax_cross_entropy"
TARGET_SMALL, GOAL_TORCH, TARGET_BIG, TARGET_BIG_F32 = 1.3, 0.25, 1.3, 0.8


class Trainer:
    """One network and its data, trained through ``net.train`` from fixed initial weights."""

    def __init__(self, sizes, X, labels, batch, epochs, dtype=None):
        self.net = Network.dense(sizes, activation="sigmoid", output_activation="identity",
                                 seed=0)
        self.start = self.net.compile()  # a snapshot of the initial values, to reset from
        self.X, self.labels, self.batch, self.epochs, self.dtype = X, labels, batch, epochs, dtype
        self.init = [(b.W.copy(), v.copy()) for b, v in zip(self.start.blocks,
                                                            self.start.biases)]

    def reset(self):
        self.net.update_from(self.start)

    def run(self):
        self.net.train(self.X, self.labels, epochs=self.epochs, lr=LR, loss=LOSS,
                       batch_size=self.batch, shuffle=False, path="vectorized",
                       dtype=self.dtype, progress=False)

    def weights(self):
        fast = self.net.compile()
        return [(b.W, v) for b, v in zip(fast.blocks, fast.biases)]


class Hand:
    """The hand-written loop on its own copies of the same initial weights."""

    def __init__(self, init, X, labels, batch, epochs):
        self.init, self.batch, self.epochs = init, batch, epochs
        self.X = np.ascontiguousarray(X, dtype=np.float64)
        self.Y = np.eye(len(init[-1][1]))[labels]
        self.layers = [[W.copy(), b.copy()] for W, b in init]

    def reset(self):
        for (W0, b0), (W, b) in zip(self.init, self.layers):
            np.copyto(W, W0)
            np.copyto(b, b0)

    def run(self):
        for _ in range(self.epochs):
            hand_epoch(self.layers, self.X, self.Y, self.batch, LR)


class Torch:
    """The same network, weights and batches in PyTorch (float64, 2 threads)."""

    def __init__(self, init, X, labels, batch, epochs):
        import torch

        torch.set_num_threads(2)
        self.torch, self.init, self.batch, self.epochs = torch, init, batch, epochs
        mods = []
        for i, (W, _) in enumerate(init):
            mods.append(torch.nn.Linear(*W.shape, dtype=torch.float64))
            if i < len(init) - 1:
                mods.append(torch.nn.Sigmoid())
        self.model = torch.nn.Sequential(*mods)
        self.linears = [m for m in mods if isinstance(m, torch.nn.Linear)]
        self.X, self.y = torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(labels)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=LR)
        self.loss = torch.nn.CrossEntropyLoss()

    def reset(self):
        with self.torch.no_grad():
            for lin, (W, b) in zip(self.linears, self.init):
                lin.weight.copy_(self.torch.from_numpy(W.T))
                lin.bias.copy_(self.torch.from_numpy(b))

    def run(self):
        for _ in range(self.epochs):
            for start in range(0, len(self.X), self.batch):
                self.opt.zero_grad()
                self.loss(self.model(self.X[start:start + self.batch]),
                          self.y[start:start + self.batch]).backward()
                self.opt.step()

    def weights(self):
        return [(lin.weight.detach().numpy().T, lin.bias.detach().numpy())
                for lin in self.linears]


def worst_difference(a, b):
    return max(max(float(np.max(np.abs(W1 - W2))), float(np.max(np.abs(b1 - b2))))
               for (W1, b1), (W2, b2) in zip(a, b))


def require(label, worst, limit):
    if not worst <= limit:
        raise SystemExit(f"sanity check FAILED: {label} differ by {worst:.3g} (limit {limit:g})")
    return worst


def per_epoch(times, epochs):
    return {label: [t / epochs for t in ts] for label, ts in times.items()}


def bench_small(rounds, epochs):
    sizes, batch = [64, 32, 10], 32
    X, labels = make_data(1797, 64, 10)
    lib = Trainer(sizes, X, labels, batch, epochs)
    hand = Hand(lib.init, X, labels, batch, epochs)
    jobs = [("net.train", lib.reset, lib.run), ("hand loop", hand.reset, hand.run)]
    try:
        torch_run = Torch(lib.init, X, labels, batch, epochs)
        jobs.append(("PyTorch", torch_run.reset, torch_run.run))
    except ImportError:
        torch_run = None
    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier

        def mlp_run():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                MLPClassifier((32,), activation="logistic", solver="sgd", batch_size=batch,
                              learning_rate_init=LR, momentum=0.0, alpha=0.0, shuffle=False,
                              max_iter=epochs, tol=0.0, n_iter_no_change=10 ** 6,
                              random_state=0).fit(X, labels)

        jobs.append(("MLPClassifier", lambda: None, mlp_run))
    except ImportError:
        pass
    worst = {"hand": 0.0, "torch": 0.0}

    def check():
        worst["hand"] = max(worst["hand"], require(
            "net.train and the hand loop", worst_difference(lib.weights(), hand.layers), 1e-10))
        if torch_run is not None:
            worst["torch"] = max(worst["torch"], require(
                "net.train and PyTorch", worst_difference(lib.weights(), torch_run.weights()),
                1e-10))

    print(f"\n1. network 64-32-10, 1797 x 64, batch {batch} (57 steps per epoch), {LOSS}, SGD "
          f"lr {LR:g}, no shuffling; {epochs} epochs per call, {rounds} interleaved rounds")
    times = per_epoch(interleaved(jobs, rounds, check), epochs)
    print(f"  sanity: trained weights equal the hand loop's to {worst['hand']:.2g}"
          + (f" and PyTorch's to {worst['torch']:.2g}" if torch_run else "") + " (limit 1e-10)")
    for label, ts in times.items():
        show(label + " (per epoch)", ts, 57)
    verdict("net.train / hand loop", times["net.train"], times["hand loop"], TARGET_SMALL)
    if "PyTorch" in times:
        verdict("net.train / PyTorch (goal)", times["net.train"], times["PyTorch"], GOAL_TORCH)
    if "MLPClassifier" in times:
        ratio = min(times["net.train"]) / min(times["MLPClassifier"])
        print(f"  ratio net.train / MLPClassifier: {ratio:.2f} (of minima; information)")


def bench_big(n_samples, rounds):
    sizes, batch = [784, 128, 64, 10], 128
    X, labels = make_data(n_samples, 784, 10)
    f64 = Trainer(sizes, X, labels, batch, 1)
    f32 = Trainer(sizes, X, labels, batch, 1, dtype=np.float32)
    hand = Hand(f64.init, X, labels, batch, 1)
    jobs = [("net.train float64", f64.reset, f64.run), ("hand loop float64", hand.reset,
                                                          hand.run),
            ("net.train float32", f32.reset, f32.run)]
    worst = {"f64": 0.0, "f32": 0.0}

    def check():
        worst["f64"] = max(worst["f64"], require(
            "float64 net.train and the hand loop", worst_difference(f64.weights(), hand.layers),
            1e-10))
        worst["f32"] = max(worst["f32"], require(
            "float32 net.train and the float64 hand loop",
            worst_difference(f32.weights(), hand.layers), 1e-4))

    steps = -(-n_samples // batch)
    print(f"\n2. network 784-128-64-10, {n_samples} x 784, batch {batch} ({steps} steps), ONE "
          f"epoch per call including compile and write-back; {rounds} interleaved rounds")
    times = interleaved(jobs, rounds, check)
    print(f"  sanity: float64 weights equal the hand loop's to {worst['f64']:.2g} (limit 1e-10);"
          f" float32 to {worst['f32']:.2g} (limit 1e-4)")
    for label, ts in times.items():
        show(label, ts, steps)
    verdict("net.train float64 / hand float64", times["net.train float64"],
            times["hand loop float64"], TARGET_BIG)
    verdict("net.train float32 / hand float64", times["net.train float32"],
            times["hand loop float64"], TARGET_BIG_F32)
    return statistics.median(times["net.train float64"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer samples and rounds (a smoke run, not a measurement)")
    args = parser.parse_args(argv)
    small_rounds, epochs, big_samples, big_rounds = (2, 2, 1000, 2) if args.quick else (
        7, 25, 10000, 9)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {blas_line()}"
          + ("  [--quick: numbers are rough]" if args.quick else ""))
    bench_small(small_rounds, epochs)
    bench_big(big_samples, big_rounds)


if __name__ == "__main__":
    main()
