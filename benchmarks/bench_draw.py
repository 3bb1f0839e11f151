"""Rendering speed of ``neurons.draw``: 2-2-1, 64-32-10 and 784-128-64-10.

For each network the script times the ``draw`` call (building the artists) and the
rendering of the finished figure to pixels with matplotlib's Agg backend, which is what
saving a PNG or showing it in a notebook costs. Large layers are elided (at most 8 neurons
drawn per layer), so 784-128-64-10 should draw in well under 5 s. Timings are printed for
reading, never asserted by the tests.

    python3 benchmarks/bench_draw.py           # the measurement
    python3 benchmarks/bench_draw.py --quick   # one round, for the tests
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from neurons import Network, draw

CASES = [[2, 2, 1], [64, 32, 10], [784, 128, 64, 10]]
TARGET_SECONDS = 5.0


def render(net, **options):
    """Seconds to build the diagram and to render it, and the figure."""
    fig = Figure(figsize=(9, 6))
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    start = time.perf_counter()
    draw(net, ax=ax, **options)
    built = time.perf_counter()
    canvas.draw()
    return built - start, time.perf_counter() - built


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round of each")
    args = parser.parse_args(argv)
    rounds = 1 if args.quick else 3
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}; best of {rounds}")
    for sizes in CASES:
        net = Network.dense(sizes, seed=0)
        x = np.zeros(sizes[0])
        sample = {"values": x, "gradients": (x, np.zeros(sizes[-1]), "mse")}
        for label, options in [("weights", {}), ("values + gradients", sample)]:
            times = [render(net, **options) for _ in range(rounds)]
            build, paint = min(t[0] for t in times), min(t[1] for t in times)
            total = build + paint
            verdict = ""
            if sizes == CASES[-1]:
                ok = "PASS" if total < TARGET_SECONDS else "FAIL"
                verdict = f"  (target < {TARGET_SECONDS:g} s: {ok})"
            print(f"  {'-'.join(map(str, sizes)):>14} {label:<19} draw {build:6.3f} s + render "
                  f"{paint:6.3f} s = {total:6.3f} s{verdict}")


if __name__ == "__main__":
    main()
