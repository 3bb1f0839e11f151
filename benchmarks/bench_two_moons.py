"""Two moons with the list-of-dicts architecture: how fast the vectorized path gets to 95%.

Worked example 12 of the reference notes describes a network as a list of layer dicts,
2-25-50-50-25-1 with ReLU hidden layers and a sigmoid output, trained with binary
cross-entropy on two interleaving half-moons, and compares ReLU with tanh hidden layers.
This script builds that network with ``Network.from_architecture``, trains it on the
vectorized path (plain SGD, learning rate 0.1, mini-batches of 32, 100 epochs) on 1000
points with noise 0.2, and prints for each activation the wall time until the training
accuracy first reached 95% (target: under 10 s for ReLU), the whole run's time and the
final training accuracy. Timings are for reading, never asserted by the tests.

    python3 benchmarks/bench_two_moons.py           # the measurement
    python3 benchmarks/bench_two_moons.py --quick   # a smoke run for the tests
"""

import argparse
import sys
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from neurons import Network, accuracy
from neurons.datasets import two_moons

TARGET_ACCURACY, TARGET_SECONDS = 0.95, 10.0


def architecture(hidden):
    """The layer list of worked example 12, with ``hidden`` as the hidden activation."""
    sizes = [2, 25, 50, 50, 25, 1]
    return [{"input_dim": a, "output_dim": b, "activation": hidden if b != 1 else "sigmoid"}
            for a, b in pairwise(sizes)]


def run(hidden, X, y, epochs):
    net = Network.from_architecture(architecture(hidden), seed=0)
    history = net.train(X, y, epochs=epochs, lr=0.1, batch_size=32, loss="binary_cross_entropy",
                        seed=0, progress=False)
    reached = next((i for i, a in enumerate(history.accuracy) if a >= TARGET_ACCURACY), None)
    return {
        "epoch": None if reached is None else reached + 1,
        "seconds": None if reached is None else history.time[reached],
        "total": history.time[-1],
        "accuracy": accuracy(net, X, y),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer points and epochs")
    args = parser.parse_args(argv)
    n, epochs = (200, 10) if args.quick else (1000, 100)
    X, y = two_moons(n, noise=0.2, seed=0)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}"
          + ("  [--quick: numbers are rough]" if args.quick else ""))
    print(f"two moons: {n} points, noise 0.2; 2-25-50-50-25-1, sigmoid output, binary "
          f"cross-entropy; SGD lr 0.1, batch 32, {epochs} epochs, vectorized path")
    results = {}
    for hidden in ("relu", "tanh"):
        r = results[hidden] = run(hidden, X, y, epochs)
        when = ("not reached" if r["epoch"] is None
                else f"epoch {r['epoch']:>3}, {r['seconds']:6.2f} s")
        print(f"  {hidden:>4} hidden layers: 95% training accuracy at {when}; "
              f"final accuracy {r['accuracy']:.1%} after {r['total']:.2f} s")
    relu = results["relu"]
    ok = relu["seconds"] is not None and relu["seconds"] < TARGET_SECONDS
    print(f"target: ReLU reaches {TARGET_ACCURACY:.0%} in under {TARGET_SECONDS:g} s: "
          f"{'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
