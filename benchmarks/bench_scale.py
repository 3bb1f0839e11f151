"""How large a network can ``neurons`` hold? 784-1024-1024-10: 1.86 million edges.

Every neuron is an object and every connection an edge of a networkx graph, so a network
costs memory and time per edge. This script measures, each in a fresh Python process (so
that the peak resident memory is the process's own):

1. **neurons**: ``Network.dense([784, 1024, 1024, 10], seed=0)`` (build, with its
   initialisation), then ``fast = net.compile()`` and ``net.update_from(fast)`` (compile plus
   write-back, the fixed cost around every ``net.train`` call); the peak resident memory
   of the process (``ru_maxrss``) after all of it, and the memory the network holds per
   edge (resident memory after the build minus before it, divided by the edges). Targets:
   build <= 3.5 s, peak <= 700 MB, compile + write-back <= 1 s.
2. **networkx alone, for scale**: a ``networkx.DiGraph`` with the same nodes and edges,
   each edge with a ``{"weight": w}`` dict, built with ``add_edges_from``: what holding
   the graph costs before any neuron exists.

Each child is run ``--rounds`` times; the minimum time and the peak memory of the round
are printed. Targets print PASS or FAIL and never change the exit status.

Run from the repository root::

    python3 benchmarks/bench_scale.py            # the full measurement
    python3 benchmarks/bench_scale.py --quick    # 784-128-64-10, for tests
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES, QUICK_SIZES = [784, 1024, 1024, 10], [784, 128, 64, 10]
TARGET_BUILD, TARGET_PEAK_MB, TARGET_ROUND_TRIP = 3.5, 700, 1.0


def rss_mb() -> float:
    """The current resident memory of this process, in MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class CollectorTime:
    """Seconds Python's cyclic garbage collector has run so far (through ``gc.callbacks``).

    A million new edge objects are swept once by the collector's older generations, a few
    tenths of a second in all, in whichever call happens to allocate enough next (the
    build, the compile, or the user's next line): each phase's share is printed beside it.
    """

    def __init__(self) -> None:
        self.total, self._start = 0.0, 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._start


def child_neurons(sizes: list[int]) -> dict:
    sys.path.insert(0, str(ROOT))
    from neurons import Network

    collector = CollectorTime()
    before = rss_mb()
    t0 = time.perf_counter()
    net = Network.dense(sizes, seed=0)
    t1, gc1 = time.perf_counter(), collector.total
    after = rss_mb()
    fast = net.compile()
    t2 = time.perf_counter()
    net.update_from(fast)
    t3, gc3 = time.perf_counter(), collector.total
    edges = net.graph.number_of_edges()
    assert net.graph.edges["x1", net.layers[1][0]]["weight"] == net.neuron(
        net.layers[1][0]).weights[0]
    return {"build": t1 - t0, "compile": t2 - t1, "write_back": t3 - t2, "edges": edges,
            "gc_build": gc1, "gc_round_trip": gc3 - gc1,
            "per_edge": (after - before) * 2**20 / edges, "peak": peak_mb(), "base": before}


def child_networkx(sizes: list[int]) -> dict:
    import networkx as nx
    import numpy as np

    rng = np.random.default_rng(0)
    names = [[f"n{layer}_{i}" for i in range(n)] for layer, n in enumerate(sizes)]
    before = rss_mb()
    t0 = time.perf_counter()
    g = nx.DiGraph()
    g.add_nodes_from(names[0])
    for sources, targets in itertools.pairwise(names):
        for v in targets:
            w = rng.uniform(-0.05, 0.05, len(sources)).tolist()
            g.add_edges_from((u, v, {"weight": x}) for u, x in zip(sources, w))
    t1 = time.perf_counter()
    edges = g.number_of_edges()
    return {"build": t1 - t0, "edges": edges, "per_edge": (rss_mb() - before) * 2**20 / edges,
            "peak": peak_mb(), "base": before}


def run_child(kind: str, sizes: list[int]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--sizes",
                          ",".join(map(str, sizes))], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "FAIL"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small network, one round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=["neurons", "networkx"])
    parser.add_argument("--sizes")
    args = parser.parse_args(argv)
    if args.child:
        sizes = [int(s) for s in args.sizes.split(",")]
        print(json.dumps((child_neurons if args.child == "neurons" else child_networkx)(sizes)))
        return
    sizes, rounds = (QUICK_SIZES, 1) if args.quick else (SIZES, args.rounds)
    print(f"network {'-'.join(map(str, sizes))}; each measurement in a fresh process, "
          f"{rounds} round{'s' if rounds > 1 else ''}, minimum times, largest peak memory"
          + ("  [--quick: a small network]" if args.quick else ""))
    runs = {kind: [run_child(kind, sizes) for _ in range(rounds)]
            for kind in ("neurons", "networkx")}
    lib, nxg = runs["neurons"], runs["networkx"]
    build = min(r["build"] for r in lib)
    round_trip = min(r["compile"] + r["write_back"] for r in lib)
    first = min(lib, key=lambda r: r["compile"] + r["write_back"])  # its collector share
    peak = max(r["peak"] for r in lib)
    print(f"  edges: {lib[0]['edges']:,}; python + numpy + networkx before building: "
          f"{lib[0]['base']:.0f} MB")
    print(f"  neurons  Network.dense build      {build:6.2f} s    target <= {TARGET_BUILD} s: "
          f"{verdict(build, TARGET_BUILD)}")
    print(f"  neurons  compile + write-back     {round_trip:6.2f} s    (compile "
          f"{min(r['compile'] for r in lib):.2f} s, write-back "
          f"{min(r['write_back'] for r in lib):.2f} s)    target <= {TARGET_ROUND_TRIP} s: "
          f"{verdict(round_trip, TARGET_ROUND_TRIP)}")
    own = min(r["compile"] + r["write_back"] - r["gc_round_trip"] for r in lib)
    print(f"  ... without Python's cyclic garbage collector: {own:.2f} s (it ran "
          f"{first['gc_round_trip']:.2f} s in them, {min(r['gc_build'] for r in lib):.2f} s "
          f"in the build: its sweep of the new edge objects falls wherever the allocations "
          f"reach its thresholds)")
    print(f"  neurons  peak resident memory    {peak:6.0f} MB   target <= {TARGET_PEAK_MB} MB: "
          f"{verdict(peak, TARGET_PEAK_MB)}")
    print(f"  neurons  memory per edge          {min(r['per_edge'] for r in lib):6.0f} bytes "
          f"(the network after the build)")
    print(f"  networkx alone, weight dicts      {min(r['build'] for r in nxg):6.2f} s, peak "
          f"{max(r['peak'] for r in nxg):.0f} MB, {min(r['per_edge'] for r in nxg):.0f} bytes "
          f"per edge (for scale)")


if __name__ == "__main__":
    main()
