"""Small test helpers shared by several test modules."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from neurons import Network, tour

ROOT = Path(__file__).resolve().parent.parent


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


# -- the demo tour, run once per session in the background ------------------------------------
def session_folder(tmp_path_factory) -> Path:
    """The session's temporary folder, the same for every pytest-xdist worker (the parent
    of each worker's own)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    return shared


def tour_notebooks(shared: Path) -> Path | None:
    """Where the tour keeps its executed notebooks; None without the tools that run them
    (then it runs the plain tour)."""
    if all(importlib.util.find_spec(name) for name in tour.NOTEBOOK_TOOLS):
        return shared / "notebooks"
    return None


def start_tour(shared: Path) -> threading.Thread | None:
    """Start ``python -m neurons tour --notebooks`` in ``shared``, once for the whole session.

    The first process to create ``shared/tour`` (atomic) runs it, in a thread of its own
    that waits on the subprocess and then writes ``shared/tour.json`` whole: the tests go on
    beside it. Returns that thread (join it before the process ends), or None when
    another process (or an earlier call) started it.
    """
    folder = shared / "tour"
    try:
        folder.mkdir()
    except FileExistsError:
        return None
    notebooks = tour_notebooks(shared)

    def run() -> None:
        try:
            options = [] if notebooks is None else ["--notebooks", str(notebooks)]
            done = subprocess.run(
                [sys.executable, "-m", "neurons", "tour", *options], cwd=ROOT,
                env={**os.environ, "MPLBACKEND": "Agg", "NEURONS_DIAGRAMS_DIR": str(folder)},
                capture_output=True, text=True, timeout=300)
            outcome = {"returncode": done.returncode, "stdout": done.stdout,
                       "stderr": done.stderr}
        except Exception as error:  # the waiting tests must hear of it too
            outcome = {"returncode": None, "stdout": "", "stderr": repr(error)}
        partial = shared / "tour.json.partial"
        partial.write_text(json.dumps(outcome))
        partial.replace(shared / "tour.json")  # the result appears whole, or not at all

    thread = threading.Thread(target=run, name="demo tour")
    thread.start()
    return thread


def tour_outcome(shared: Path, timeout: float = 400) -> dict:
    """The tour's returncode, stdout and stderr, once ``shared/tour.json`` is there."""
    result = shared / "tour.json"
    deadline = time.monotonic() + timeout
    while not result.exists():
        assert time.monotonic() < deadline, f"no tour result in {result} after {timeout} s"
        time.sleep(0.1)
    return json.loads(result.read_text())
