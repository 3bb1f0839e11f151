"""How long does one epoch of ``NeuronsClassifier.fit`` take, against ``MLPClassifier``?

The same network and the same training, as far as the two libraries can be set alike:
64-32-10 on scikit-learn's digits (1797 samples x 64 pixels, standardized), ReLU hidden
layer, softmax outputs with cross-entropy, plain SGD with learning rate 0.1 (MLP: no
momentum, no L2 penalty ``alpha=0``), batch 32, shuffled, one epoch:
``NeuronsClassifier(epochs=1)`` against ``MLPClassifier(max_iter=1)`` (its
ConvergenceWarning silenced: one epoch is the point).

Two measurements, each printed as min and median and as the ratio neurons / MLP:

1. **fit**, one epoch: everything a call of ``fit`` does, so also checking the data,
   finding the classes, and building the network (``Network.dense`` adds the 42 neurons
   one by one into a networkx graph, then compiles it).
2. **partial_fit**, one epoch on an estimator already fitted: the epoch alone, going on
   from the current network on both sides.

Timing method, for a noisy shared machine: one untimed warm-up of each, then several
rounds, each timing every job once in an order that rotates from round to round, with
:func:`time.perf_counter`; the minimum is the estimate (the least disturbed run), the
median is printed beside it. This is a speed script for people: nothing here is asserted,
and a test only runs it with ``--quick``.

Run from the repository root::

    python3 benchmarks/bench_sklearn.py           # the full measurement
    python3 benchmarks/bench_sklearn.py --quick   # fewer rounds, for tests
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from sklearn import __version__ as sklearn_version
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from neurons.sklearn import NeuronsClassifier

HIDDEN, BATCH, LR = (32,), 32, 0.1


def make_neurons(seed=0):
    return NeuronsClassifier(HIDDEN, "relu", optimizer="sgd", lr=LR, batch_size=BATCH,
                             epochs=1, shuffle=True, random_state=seed)


def make_mlp(seed=0):
    return MLPClassifier(HIDDEN, activation="relu", solver="sgd", learning_rate_init=LR,
                         learning_rate="constant", momentum=0.0, nesterovs_momentum=False,
                         alpha=0.0, batch_size=BATCH, max_iter=1, shuffle=True, tol=0.0,
                         n_iter_no_change=10**9, random_state=seed)


def timed(fn):
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleaved(jobs, rounds):
    """Time each job once per round, the order rotating; returns label -> list of seconds."""
    for _, run in jobs:  # warm-up: first-call costs (imports, caches, page faults)
        run()
    times = {label: [] for label, _ in jobs}
    for r in range(rounds):
        k = r % len(jobs)
        for label, run in jobs[k:] + jobs[:k]:
            times[label].append(timed(run))
    return times


def report(what, times, n_steps):
    mine, theirs = times["neurons"], times["MLP"]
    for label, seconds in (("NeuronsClassifier", mine), ("MLPClassifier", theirs)):
        lo, med = min(seconds), statistics.median(seconds)
        print(f"  {label:<18} min {lo * 1e3:8.2f} ms   median {med * 1e3:8.2f} ms   "
              f"({lo * 1e6 / n_steps:6.1f} us per step, min)")
    ratio, ratio_med = min(mine) / min(theirs), statistics.median(mine) / statistics.median(theirs)
    print(f"  ratio {what} neurons / MLP: {ratio:.2f} (of minima), {ratio_med:.2f} (of medians)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer rounds (a smoke run, not a measurement)")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 15
    warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter=1 never converges

    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    n_steps = -(-len(X) // BATCH)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, scikit-learn "
          f"{sklearn_version}" + ("  [--quick: numbers are rough]" if args.quick else ""))
    print(f"digits: {X.shape[0]} samples x {X.shape[1]} features, 10 classes; network "
          f"64-{'-'.join(map(str, HIDDEN))}-10, relu, softmax cross-entropy; SGD lr {LR:g}, "
          f"batch {BATCH} ({n_steps} steps per epoch), shuffled; {rounds} interleaved rounds")

    print("fit, one epoch (checks, classes, building the network, the epoch):")
    times = interleaved([("neurons", lambda: make_neurons().fit(X, y)),
                         ("MLP", lambda: make_mlp().fit(X, y))], rounds)
    report("fit", times, n_steps)

    print("partial_fit, one more epoch of a fitted estimator (the epoch alone):")
    mine, theirs = make_neurons().fit(X, y), make_mlp().fit(X, y)
    times = interleaved([("neurons", lambda: mine.partial_fit(X, y)),
                         ("MLP", lambda: theirs.partial_fit(X, y))], rounds)
    report("partial_fit", times, n_steps)
    print(f"  (for information, training accuracy after {1 + rounds + 1} epochs: "
          f"neurons {mine.score(X, y):.3f}, MLP {theirs.score(X, y):.3f})")


if __name__ == "__main__":
    main()
