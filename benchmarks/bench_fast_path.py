"""How fast is the vectorized path, compared with a training loop written by hand in NumPy?

The vectorized path (:class:`neurons.compiled.CompiledNetwork`) keeps the readable
structure of the library (weight blocks per pair of layers, activation and loss objects
shared with the per-neuron path, a loss that is exact for confident predictions) and
still does one matrix product per layer. The acceptance criterion is that one epoch of
plain SGD through ``fast.backward`` costs about what a *minimal hand-written NumPy loop*
costs for the same network and data: the objects may add a little overhead per step,
not a factor.

What this script measures, all in one run, as ratios:

1. **Small network.** One epoch of SGD (learning rate 0.1, batch 32, no shuffling, the
   same order for both) of ``Network.dense([64, 32, 10], activation="sigmoid",
   output_activation="identity", seed=0)`` with softmax cross-entropy, on 1797 samples of
   64 features (inputs ~ N(0, 1), random labels 0-9, from a seeded generator; no download).
   Library: ``X, T = fast.prepare(X, labels, loss)`` once, outside the timed epoch, then
   per batch ``fast.backward(Xb, Tb, loss, out=grad)`` (every gradient into one flat
   buffer) and the in-place update ``fast.vector -= lr * grad``. This is the inner loop;
   ``bench_train.py`` times ``net.train``, the call users make.
   Baseline: :func:`hand_epoch` below, the
   textbook lines (``1 / (1 + np.exp(-(X @ W1 + b1)))``, softmax with the row maximum
   subtracted, ``d = (P - Y) / n``, ``gW = A.T @ d``, ``gb = d.sum(0)``,
   ``d1 = (d @ W2.T) * A1 * (1 - A1)``) with in-place updates, starting from the same
   initial weights (copied out of the compiled arrays). Target: library <= 1.3 x baseline.
2. **MNIST-sized network.** The same for 784-128-64-10 (sigmoid hidden layers), batch 128,
   10000 samples of 784 features. Targets: library float64 <= 1.2 x the float64 hand loop;
   library float32 (``net.compile(np.float32)``) <= 0.6 x the *float64* hand loop (what
   the float32 option is for). The float32 hand loop is printed for information.
3. **Slow path, for scale.** ``net.gradients(Xb, Yb, "softmax_cross_entropy")`` plus the
   SGD update through ``net.parameters()`` / ``net.set_parameters()`` on a few batches of
   32 of the small network; the epoch estimate is the fastest step times the number of
   batches of an epoch (the short last batch counted as a full one, so the estimate is
   high by at most one batch in 57). Printed beside the fast-path epoch as a factor.
4. **Sanity check.** Both loops start each round from the same weights and do the same
   arithmetic (the library computes the sigmoid as 1 - s(-|z|), the softmax loss from the
   top class, so the last bits differ); after every epoch, their weights must agree to
   1e-10 (float64) or 1e-5 (float32), absolute (the weights are of order 0.1 to 1), or
   the script exits with an error: the timings would compare different computations.
5. **Timing method**, for a noisy shared machine: the measurements are interleaved (their
   order rotates from round to round) over several rounds, each round timing one epoch of
   each from freshly reset initial weights, after one untimed warm-up epoch each, with
   :func:`time.perf_counter`; the minimum is the estimate (the least disturbed run), and
   the median is printed beside it. Targets are printed as PASS or FAIL and never change
   the exit status (timings are not a test; only the sanity check is an error).

Run from the repository root::

    python3 benchmarks/bench_fast_path.py           # the full measurement
    python3 benchmarks/bench_fast_path.py --quick   # fewer samples and rounds, for tests
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from neurons import Network, losses

SMALL = [64, 32, 10]
BIG = [784, 128, 64, 10]
LR = 0.1
LOSS = "softmax_cross_entropy"
TARGET_SMALL = 1.3  # library / hand loop, 64-32-10 float64
TARGET_BIG = 1.2  # library / hand loop, 784-128-64-10 float64
TARGET_BIG_F32 = 0.6  # library float32 / hand loop float64
ATOL = {np.dtype(np.float64): 1e-10, np.dtype(np.float32): 1e-5}


# -- data and the two training loops --------------------------------------------------------
def make_data(n_samples, n_inputs, n_classes, seed=0):
    """Inputs ~ N(0, 1) and random class labels, from a seeded generator."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_samples, n_inputs)), rng.integers(0, n_classes, n_samples)


def library_epoch(fast, loss, X, T, batch, lr=LR):
    """One epoch of plain SGD on the vectorized path.

    ``backward(..., out=grad)`` writes every gradient into one flat buffer laid out like
    ``fast.vector`` (the weight blocks and biases are views into it), so the update is
    two array operations for the whole network.
    """
    grad = np.empty_like(fast.vector)
    for start in range(0, X.shape[0], batch):
        fast.backward(X[start:start + batch], T[start:start + batch], loss, out=grad)
        grad *= lr
        fast.vector -= grad


def hand_epoch(layers, X, Y, batch, lr=LR):
    """One epoch of plain SGD written by hand: sigmoid hidden layers, softmax cross-entropy.

    ``layers`` is a list of ``[W, b]`` (W: inputs x outputs), updated in place; Y is one-hot.
    """
    *hidden, (W_out, b_out) = layers
    for start in range(0, X.shape[0], batch):
        Xb, Yb = X[start:start + batch], Y[start:start + batch]
        n = Xb.shape[0]
        A = [Xb]  # A[i] is the input of layers[i]
        for W, b in hidden:
            A.append(1 / (1 + np.exp(-(A[-1] @ W + b))))
        S = A[-1] @ W_out + b_out
        P = np.exp(S - S.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        d = (P - Yb) / n  # dL/dS, the mean over the batch
        for i in range(len(layers) - 1, -1, -1):
            W, b = layers[i]
            gW = A[i].T @ d
            gb = d.sum(axis=0)
            if i > 0:  # the delta of the layer below, with W before its update
                dA = d @ W.T
                d = dA * A[i] * (1 - A[i])
            W -= lr * gW
            b -= lr * gb


# -- one measurement: a network, its data, and the loops to time ------------------------------
class Case:
    """A network compiled in one dtype, with its prepared data and the hand loop's copies."""

    def __init__(self, net, dtype, X, labels, batch):
        self.dtype, self.batch = np.dtype(dtype), batch
        self.loss = losses.get(LOSS)
        self.fast = net.compile(dtype)
        blocks, biases = self.fast.blocks, self.fast.biases
        if len(blocks) != len(biases) or any(
                block.mask is not None or (block.s, block.t) != (i, i + 1)
                for i, block in enumerate(blocks)):
            raise SystemExit("the benchmark needs a dense layered network")
        self.X, self.T = self.fast.prepare(X, labels, self.loss)  # once, outside the timing
        self.init = [(block.W.copy(), b.copy()) for block, b in zip(self.fast.blocks,
                                                                     self.fast.biases)]
        # The hand loop's own copies of the data and the weights (the same values).
        self.hand_X = np.ascontiguousarray(X, dtype=self.dtype)
        self.hand_Y = np.eye(len(self.init[-1][1]), dtype=self.dtype)[labels]
        self.hand_layers = [[W.copy(), b.copy()] for W, b in self.init]

    def reset_library(self):
        for (W0, b0), block, b in zip(self.init, self.fast.blocks, self.fast.biases):
            np.copyto(block.W, W0)
            np.copyto(b, b0)

    def reset_hand(self):
        for (W0, b0), (W, b) in zip(self.init, self.hand_layers):
            np.copyto(W, W0)
            np.copyto(b, b0)

    def run_library(self):
        library_epoch(self.fast, self.loss, self.X, self.T, self.batch)

    def run_hand(self):
        hand_epoch(self.hand_layers, self.hand_X, self.hand_Y, self.batch)

    def library_weights(self):
        return [(block.W, b) for block, b in zip(self.fast.blocks, self.fast.biases)]

    def check(self):
        """Library and hand loop after the same epoch: the worst weight difference."""
        worst = 0.0
        for (W_lib, b_lib), (W, b) in zip(self.library_weights(), self.hand_layers):
            if W_lib.dtype != self.dtype or W.dtype != self.dtype:
                raise SystemExit(f"sanity check FAILED: weights became {W_lib.dtype} (library)"
                                 f" and {W.dtype} (hand loop), expected {self.dtype}")
            worst = max(worst, float(np.max(np.abs(W_lib - W))), float(np.max(np.abs(b_lib - b))))
        if not worst <= ATOL[self.dtype]:  # also catches NaN
            raise SystemExit(
                f"sanity check FAILED ({self.dtype.name}): after one epoch the library's weights "
                f"differ from the hand loop's by {worst:.3g} (limit {ATOL[self.dtype]:g}); the "
                f"timings would compare different computations"
            )
        return worst


def timed(fn):
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleaved(jobs, rounds, after_round):
    """Time each job once per round, order rotating; each job resets its weights first.

    ``jobs`` is a list of (label, reset, run); ``after_round`` runs untimed after each round
    (and after the warm-up). Returns label -> list of seconds.
    """
    for _, reset, run in jobs:  # warm-up: first-call costs, page faults of new arrays
        reset()
        run()
    after_round()
    times = {label: [] for label, _, _ in jobs}
    for r in range(rounds):
        k = r % len(jobs)
        for label, reset, run in jobs[k:] + jobs[:k]:
            reset()
            times[label].append(timed(run))
        after_round()
    return times


def show(label, seconds, n_steps):
    lo, med = min(seconds), statistics.median(seconds)
    print(f"  {label:<27} min {lo * 1e3:8.2f} ms   median {med * 1e3:8.2f} ms   "
          f"({lo * 1e6 / n_steps:7.1f} us per step, min)")


def verdict(what, num, den, target):
    ratio, ratio_med = min(num) / min(den), statistics.median(num) / statistics.median(den)
    result = "PASS" if ratio <= target else "FAIL"
    print(f"  ratio {what}: {ratio:.2f} (of minima), {ratio_med:.2f} (of medians); "
          f"target <= {target:g}: {result}")
    return ratio


def describe(sizes, n_samples, batch, rounds):
    n_steps = -(-n_samples // batch)
    print(f"network {'-'.join(map(str, sizes))}, sigmoid hidden, identity output, {LOSS}; "
          f"{n_samples} samples x {sizes[0]} features, batch {batch} ({n_steps} steps per "
          f"epoch), SGD lr {LR:g}; {rounds} interleaved rounds of one epoch each")
    return n_steps


# -- the three measurements -------------------------------------------------------------------
def setup(sizes, n_samples, batch, rounds):
    """Print what is measured; return the network, the data and the steps per epoch."""
    n_steps = describe(sizes, n_samples, batch, rounds)
    net = Network.dense(sizes, activation="sigmoid", output_activation="identity", seed=0)
    X, labels = make_data(n_samples, sizes[0], sizes[-1])
    return net, X, labels, n_steps


def bench_small(n_samples, rounds):
    batch = 32
    net, X, labels, n_steps = setup(SMALL, n_samples, batch, rounds)
    case = Case(net, np.float64, X, labels, batch)
    worst = [0.0]

    def check():
        worst[0] = max(worst[0], case.check())

    times = interleaved([("library", case.reset_library, case.run_library),
                         ("hand", case.reset_hand, case.run_hand)], rounds, check)
    print(f"  sanity: after every epoch library weights == hand loop's, max |difference| "
          f"{worst[0]:.2g} (limit {ATOL[case.dtype]:g})")
    show("library float64", times["library"], n_steps)
    show("hand loop float64", times["hand"], n_steps)
    verdict("library / hand loop", times["library"], times["hand"], TARGET_SMALL)
    return min(times["library"]), X, labels, batch, n_steps


def bench_big(n_samples, rounds):
    batch = 128
    net, X, labels, n_steps = setup(BIG, n_samples, batch, rounds)
    c64 = Case(net, np.float64, X, labels, batch)
    c32 = Case(net, np.float32, X, labels, batch)
    worst = {"float64": 0.0, "float32": 0.0, "f32 vs f64": 0.0}

    def check():
        worst["float64"] = max(worst["float64"], c64.check())
        worst["float32"] = max(worst["float32"], c32.check())
        for (W32, _), (W64, _) in zip(c32.library_weights(), c64.library_weights()):
            worst["f32 vs f64"] = max(worst["f32 vs f64"], float(np.max(np.abs(W32 - W64))))

    jobs = [("library float64", c64.reset_library, c64.run_library),
            ("hand float64", c64.reset_hand, c64.run_hand),
            ("library float32", c32.reset_library, c32.run_library),
            ("hand float32", c32.reset_hand, c32.run_hand)]
    times = interleaved(jobs, rounds, check)
    print(f"  sanity: after every epoch library weights == hand loop's, max |difference| "
          f"{worst['float64']:.2g} in float64 (limit {ATOL[c64.dtype]:g}), "
          f"{worst['float32']:.2g} in float32 (limit {ATOL[c32.dtype]:g}); "
          f"float32 vs float64 weights {worst['f32 vs f64']:.2g} (information)")
    for label, _, _ in jobs:
        show(label + (" (information)" if label == "hand float32" else ""), times[label],
             n_steps)
    verdict("library float64 / hand float64", times["library float64"],
            times["hand float64"], TARGET_BIG)
    verdict("library float32 / hand float64", times["library float32"],
            times["hand float64"], TARGET_BIG_F32)
    ratio = min(times["hand float32"]) / min(times["hand float64"])
    print(f"  (for information: hand float32 / hand float64 = {ratio:.2f}, of minima)")


def bench_slow(fast_epoch, X, labels, batch, n_steps, n_batches):
    net = Network.dense(SMALL, activation="sigmoid", output_activation="identity", seed=0)
    loss = losses.get(LOSS)
    print(f"slow (per-neuron) path on the same {'-'.join(map(str, SMALL))} network: "
          f"{n_batches} batch{'es' if n_batches > 1 else ''} of {batch}, one SGD step each, "
          f"timed separately")

    grad_s, step_s = [], []
    for i in range(n_batches):
        Xb, yb = X[i * batch:(i + 1) * batch], labels[i * batch:(i + 1) * batch]
        gc.collect()
        t0 = time.perf_counter()
        g = net.gradients(Xb, yb, loss)
        t1 = time.perf_counter()
        params = net.parameters()
        net.set_parameters({name: params[name] - LR * g[name] for name in g})
        t2 = time.perf_counter()
        grad_s.append(t1 - t0)
        step_s.append(t2 - t0)
    lo, med = min(step_s), statistics.median(step_s)
    print(f"  net.gradients per batch     min {min(grad_s) * 1e3:8.2f} ms   "
          f"({min(grad_s) * 1e6 / batch:.0f} us per sample)")
    print(f"  + update per batch          min {lo * 1e3:8.2f} ms   median {med * 1e3:8.2f} ms   "
          f"(gradients + parameters() + set_parameters())")
    slow_epoch = lo * n_steps
    print(f"  epoch: slow path {slow_epoch:.2f} s (estimate: {n_steps} x the fastest step), "
          f"fast path {fast_epoch * 1e3:.2f} ms (measured above, min)")
    print(f"  factor slow / fast path: {slow_epoch / fast_epoch:.0f}x")


# -- header -----------------------------------------------------------------------------------
def blas_line():
    """BLAS name and version from numpy's build info; threads from OpenBLAS if it says."""
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        name = f"{blas['name']} {blas['version']}"
    except Exception:
        return "BLAS: unknown"
    threads = "threads unknown"
    try:  # the library numpy loaded, asked directly (cheap; OpenBLAS only)
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower()})
        lib = ctypes.CDLL(paths[0])
        for symbol in ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
                       "openblas_get_num_threads64_", "openblas_get_num_threads"):
            if hasattr(lib, symbol):
                fn = getattr(lib, symbol)
                fn.restype = ctypes.c_int
                threads = f"{fn()} threads"
                break
    except Exception:
        pass
    return f"BLAS {name}, {threads}, {os.cpu_count()} CPUs"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer samples and rounds (a smoke run, not a measurement)")
    args = parser.parse_args(argv)
    if args.quick:
        small_rounds, big_samples, big_rounds, slow_batches = 3, 1000, 2, 1
    else:
        small_rounds, big_samples, big_rounds, slow_batches = 15, 10000, 9, 3
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {blas_line()}"
          + ("  [--quick: numbers are rough]" if args.quick else ""))
    fast_epoch, X, labels, batch, n_steps = bench_small(1797, small_rounds)
    bench_big(big_samples, big_rounds)
    bench_slow(fast_epoch, X, labels, batch, n_steps, slow_batches)


if __name__ == "__main__":
    main()
