"""How slow is the per-neuron path, compared with a loop a student would write by hand?

The per-neuron path (:func:`neurons.backprop.gradients`) runs forward and backward one
edge at a time in pure Python, on purpose: it is meant to be read beside a textbook.
It cannot be as fast as NumPy, and nobody expects it to be. The acceptance criterion
is that it costs at most about twice a *minimal hand-written per-edge loop* over the
same network: the readable object model (neurons, names, dicts of z and a, activation
objects, the loss object) may add overhead, but not an order of magnitude.

What this script measures, all in one run, as ratios:

1. **Slow-path speed.** ``net.gradients(X, Y, "mse")`` on ``Network.dense([64, 32, 10],
   activation="sigmoid", seed=0)`` for a fixed batch of N samples (inputs ~ N(0, 1),
   one-hot targets), reported as microseconds per sample (forward + backward).
2. **Baseline.** :func:`baseline_gradients` below: the same computation as plain nested
   ``for`` loops over Python lists of floats, one edge at a time, with ``math.exp`` for
   the sigmoid. The weights are read out of the network at the start of every call
   (that is part of the timed work, as it is for the library, which reads its neurons
   on every call). No NumPy inside the per-sample loop, no tricks, no deliberate slowness.
3. **Sanity check.** Both must give the same gradients, to 1e-12 relative (see
   :func:`check_same_gradients`); otherwise the timing would compare different
   computations, so the script exits with an error message if they differ.
4. **Timing method**, for a noisy shared machine: the two measurements are interleaved
   (their order alternates between rounds) over several rounds with
   :func:`time.perf_counter`; the minimum per-sample time of each is the estimate (the
   least disturbed run), and the medians are printed beside it. The target is
   ``library / baseline <= 2.0``; it is printed as PASS or FAIL, and never changes the
   exit status (timings are not a test; only a gradient mismatch is an error).
5. **Build time and memory** of ``Network.dense([784, 128, 64, 10], seed=0)`` (MNIST
   sized): wall time of the build, and the memory it allocates according to
   :mod:`tracemalloc` (measured in a second build, since tracing slows Python down).

Run from the repository root::

    python3 benchmarks/bench_slow_path.py           # the full measurement
    python3 benchmarks/bench_slow_path.py --quick   # fewer samples and rounds, for tests

Overflow: ``math.exp(-z)`` overflows only for z below about -709. With N(0, 1) inputs
and Xavier weights |z| stays of order 1, so the baseline does not guard against it.
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from neurons import Network

SIZES = [64, 32, 10]
BIG_SIZES = [784, 128, 64, 10]
TARGET_RATIO = 2.0
RTOL = 1e-12


def make_batch(n_samples, n_inputs, n_outputs, seed=0):
    """A fixed batch: inputs ~ N(0, 1), one-hot targets of random classes."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_inputs))
    Y = np.zeros((n_samples, n_outputs))
    Y[np.arange(n_samples), rng.integers(0, n_outputs, n_samples)] = 1.0
    return X, Y


def read_weights(net):
    """Weights and biases layer by layer, as plain lists: W[i][k][j] is the weight from
    node j of layer i to neuron k of layer i + 1, B[i][k] the bias of that neuron."""
    W, B = [], []
    for layer in net.layers[1:]:
        neurons = [net.neuron(name) for name in layer]
        W.append([n.weights.tolist() for n in neurons])
        B.append([n.bias for n in neurons])
    return W, B


def baseline_gradients(net, X, Y):
    """MSE gradients of a dense sigmoid network, one edge at a time, by hand.

    Returns (gW, gB) shaped like :func:`read_weights`' (W, B). The loss is the mean
    over samples and outputs of (a - y)^2, as in the library.
    """
    W, B = read_weights(net)
    samples, targets = X.tolist(), Y.tolist()
    scale = 2.0 / (len(samples) * len(targets[0]))  # d(mean)/d(a - y) = 2 (a - y) / (N outputs)
    gW = [[[0.0] * len(w_k) for w_k in W_l] for W_l in W]
    gB = [[0.0] * len(B_l) for B_l in B]
    for x, y in zip(samples, targets, strict=True):
        add_sample_gradients(W, B, x, y, scale, gW, gB)
    return gW, gB


def add_sample_gradients(W, B, x, y, scale, gW, gB):
    """One sample forward and backward, adding its gradients to gW and gB."""
    n_layers = len(W)
    # Forward: acts[i] holds the values of layer i (acts[0] is the input).
    acts = [x]
    for i in range(n_layers):
        a_in = acts[i]
        a_out = []
        for k in range(len(W[i])):
            w_k = W[i][k]
            z = B[i][k]
            for j in range(len(a_in)):
                z += w_k[j] * a_in[j]
            a_out.append(1.0 / (1.0 + math.exp(-z)))
        acts.append(a_out)

    # Backward: output deltas from the loss, then delta_j = a_j (1 - a_j) sum_k w_jk delta_k.
    a_top = acts[-1]
    delta = []
    for k in range(len(a_top)):
        a = a_top[k]
        delta.append(scale * (a - y[k]) * (a * (1.0 - a)))
    for i in range(n_layers - 1, -1, -1):
        a_in, W_i = acts[i], W[i]
        for k in range(len(delta)):
            d = delta[k]
            g_k = gW[i][k]
            for j in range(len(a_in)):
                g_k[j] += a_in[j] * d
            gB[i][k] += d
        if i > 0:
            prev = []
            for j in range(len(a_in)):
                s = 0.0
                for k in range(len(delta)):
                    s += W_i[k][j] * delta[k]
                a = a_in[j]
                prev.append(a * (1.0 - a) * s)
            delta = prev


def baseline_sgd(net, X, Y, lr):
    """Per-sample SGD by hand: each sample's gradients, then w -= lr g one edge at a time.

    Reads the weights out of the network once and returns them as (W, B) lists.
    """
    W, B = read_weights(net)
    scale = 2.0 / len(Y[0])
    for x, y in zip(X.tolist(), Y.tolist(), strict=True):
        gW = [[[0.0] * len(w_k) for w_k in W_l] for W_l in W]
        gB = [[0.0] * len(B_l) for B_l in B]
        add_sample_gradients(W, B, x, y, scale, gW, gB)
        for W_l, B_l, gW_l, gB_l in zip(W, B, gW, gB):
            for k, (w_k, g_k) in enumerate(zip(W_l, gW_l)):
                for j in range(len(w_k)):
                    w_k[j] -= lr * g_k[j]
                B_l[k] -= lr * gB_l[k]
    return W, B


def check_same_gradients(net, lib, gW, gB):
    """Map the baseline's gradients onto the library's parameter names and compare.

    The test is that of ``numpy.allclose`` with rtol = RTOL and atol = RTOL times the
    largest gradient: a gradient must agree to RTOL of its own size or, when it is a sum
    of per-sample terms that cancel to almost nothing (its rounding error does not shrink
    with it), to RTOL of the gradient's scale. Returns the worst difference relative to
    the gradient itself, and the worst relative to the largest gradient.
    """
    layers = net.layers
    where = {name: (i - 1, k) for i in range(1, len(layers)) for k, name in enumerate(layers[i])}
    position = {name: j for layer in layers for j, name in enumerate(layer)}
    if len(lib) != sum(len(g) for g_i in gW for g in g_i) + sum(len(g) for g in gB):
        raise SystemExit("gradient check FAILED: the parameter counts differ")
    g_max = max(abs(g) for g in lib.values())
    worst_rel = worst_scaled = 0.0
    for name, g_lib in lib.items():
        first, neuron = net.parameter_location(name)
        if neuron is None:  # a bias: (neuron, None)
            i, k = where[first]
            g_base = gB[i][k]
        else:  # a weight: (source, neuron)
            i, k = where[neuron]
            g_base = gW[i][k][position[first]]
        diff = abs(g_lib - g_base)
        worst_rel = max(worst_rel, diff / max(abs(g_lib), abs(g_base), 1e-300))
        worst_scaled = max(worst_scaled, diff / g_max)
        if diff > RTOL * abs(g_lib) + RTOL * g_max:
            raise SystemExit(
                f"gradient check FAILED: {name}: library {g_lib!r} vs baseline {g_base!r} "
                f"(difference {diff:.3g}; largest gradient {g_max:.3g}); the timings "
                f"would compare different computations"
            )
    return worst_rel, worst_scaled


def per_sample_us(fn, n_samples):
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) / n_samples * 1e6


def bench_speed(n_samples, rounds):
    net = Network.dense(SIZES, activation="sigmoid", seed=0)
    X, Y = make_batch(n_samples, SIZES[0], SIZES[-1])
    n_edges = net.graph.number_of_edges()
    print(f"network {'-'.join(map(str, SIZES))} sigmoid: {n_edges} edges, "
          f"{len(net.parameters())} parameters; batch of {n_samples} samples, loss mse")

    lib = net.gradients(X, Y, "mse")  # also warms the network's caches
    gW, gB = baseline_gradients(net, X, Y)
    worst_rel, worst_scaled = check_same_gradients(net, lib, gW, gB)
    print(f"gradient check: library == baseline to rtol {RTOL:g} (atol {RTOL:g} x largest); "
          f"worst difference {worst_rel:.2g} of the gradient, {worst_scaled:.2g} of the largest")

    def run_library():
        net.gradients(X, Y, "mse")

    def run_baseline():
        baseline_gradients(net, X, Y)

    times = {"library": [], "baseline": []}
    jobs = [("library", run_library), ("baseline", run_baseline)]
    for r in range(rounds):
        for label, fn in jobs if r % 2 == 0 else jobs[::-1]:
            times[label].append(per_sample_us(fn, n_samples))

    lib_min, base_min = min(times["library"]), min(times["baseline"])
    lib_med, base_med = statistics.median(times["library"]), statistics.median(times["baseline"])
    ratio, ratio_med = lib_min / base_min, lib_med / base_med
    print(f"timing: {rounds} interleaved rounds, forward + backward, per sample")
    print(f"  library  net.gradients     min {lib_min:9.1f} us   median {lib_med:9.1f} us")
    print(f"  baseline hand-written loop min {base_min:9.1f} us   median {base_med:9.1f} us")
    print(f"  per edge and sample (min)      library {lib_min * 1e3 / n_edges:6.1f} ns   "
          f"baseline {base_min * 1e3 / n_edges:6.1f} ns  (forward + backward)")
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"ratio library / baseline: {ratio:.2f} (of minima), {ratio_med:.2f} (of medians)")
    print(f"target ratio <= {TARGET_RATIO:.1f}: {verdict}")
    return ratio


def interleaved_us(jobs, rounds, n_samples):
    """Per-sample microseconds of each job, interleaved over rounds (order alternating)."""
    times = {label: [] for label, _ in jobs}
    for r in range(rounds):
        for label, fn in jobs if r % 2 == 0 else jobs[::-1]:
            times[label].append(per_sample_us(fn, n_samples))
    return times


def report(times, lib, base, what):
    lo_l, lo_b = min(times[lib]), min(times[base])
    med_l, med_b = statistics.median(times[lib]), statistics.median(times[base])
    print(f"  {lib:<38} min {lo_l:9.1f} us   median {med_l:9.1f} us")
    print(f"  {base:<38} min {lo_b:9.1f} us   median {med_b:9.1f} us")
    ratio = lo_l / lo_b
    print(f"  ratio {what}: {ratio:.2f} (of minima), {med_l / med_b:.2f} (of medians); "
          f"target <= {TARGET_RATIO:.1f}: {'PASS' if ratio <= TARGET_RATIO else 'FAIL'}")


def bench_one_sample(n_samples, rounds):
    """net.gradients(x, y) called once per sample, as a user calls it for one sample."""
    net = Network.dense(SIZES, activation="sigmoid", seed=0)
    X, Y = make_batch(n_samples, SIZES[0], SIZES[-1], seed=1)
    lib = net.gradients(X[0], Y[0], "mse")
    check_same_gradients(net, lib, *baseline_gradients(net, X[:1], Y[:1]))
    print(f"one sample per call: net.gradients(x, y) with x, y 1-D arrays, {n_samples} calls "
          f"per round, against the hand loop on that one sample (weights read each call)")

    def run_library():
        for x, y in zip(X, Y):
            net.gradients(x, y, "mse")

    def run_baseline():
        for i in range(n_samples):
            baseline_gradients(net, X[i:i + 1], Y[i:i + 1])

    times = interleaved_us([("library net.gradients(x, y)", run_library),
                            ("baseline, one sample", run_baseline)], rounds, n_samples)
    report(times, "library net.gradients(x, y)", "baseline, one sample", "library / baseline")


def bench_train_per_sample(n_samples, rounds, lr=0.5):
    """train(path="neurons", batch_size=1): per-sample SGD through the public call."""
    net = Network.dense(SIZES, activation="sigmoid", seed=0)
    start = net.parameter_vector()
    X, Y = make_batch(n_samples, SIZES[0], SIZES[-1], seed=2)

    def run_library():
        net.set_parameter_vector(start)
        net.train(X, Y, epochs=1, lr=lr, loss="mse", batch_size=1, shuffle=False,
                  path="neurons", progress=False)

    def run_baseline():
        net.set_parameter_vector(start)
        run_baseline.result = baseline_sgd(net, X, Y, lr)

    run_library()
    run_baseline()
    W, B = run_baseline.result
    run_library()
    worst = max(abs(a - b) for a, b in zip(
        [w for layer in W for w_k in layer for w in w_k] + [b for layer in B for b in layer],
        [w for layer in net.layers[1:] for name in layer for w in net.neuron(name).weights]
        + [net.neuron(name).bias for layer in net.layers[1:] for name in layer]))
    if not worst <= 1e-12:
        raise SystemExit(f"training check FAILED: weights differ by {worst:.3g} after one epoch")
    print(f"per-sample SGD, one epoch of {n_samples} samples: net.train(X, Y, batch_size=1, "
          f"path='neurons', loss='mse', lr={lr}) against the hand loop plus its per-edge "
          f"update; weights agree to {worst:.2g} (limit 1e-12)")
    times = interleaved_us([("library net.train(path='neurons')", run_library),
                            ("baseline, gradients + update", run_baseline)], rounds, n_samples)
    report(times, "library net.train(path='neurons')", "baseline, gradients + update",
           "library / baseline")


def bench_build():
    gc.collect()
    t0 = time.perf_counter()
    net = Network.dense(BIG_SIZES, seed=0)
    build_s = time.perf_counter() - t0
    n_edges = net.graph.number_of_edges()
    del net
    gc.collect()

    tracemalloc.start()
    net = Network.dense(BIG_SIZES, seed=0)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mb = 1e6
    print(f"build Network.dense({BIG_SIZES}, seed=0): {n_edges} edges, "
          f"{len(net.neurons)} neurons")
    print(f"  wall time {build_s:.2f} s ({build_s * 1e6 / n_edges:.1f} us per edge)")
    print(f"  memory (tracemalloc) after build {current / mb:.1f} MB, peak {peak / mb:.1f} MB "
          f"({current / n_edges:.0f} bytes per edge; the weights alone as float64: "
          f"{8 * n_edges / mb:.2f} MB)")
    return build_s, current, peak


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer samples and rounds (a smoke run, not a measurement)")
    args = parser.parse_args(argv)
    n_samples, rounds = (20, 3) if args.quick else (200, 7)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}"
          + ("  [--quick: numbers are rough]" if args.quick else ""))
    bench_speed(n_samples, rounds)
    bench_one_sample(n_samples, rounds)
    bench_train_per_sample(n_samples, rounds)
    bench_build()


if __name__ == "__main__":
    main()
