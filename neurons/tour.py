"""The demo tour: ``python -m neurons tour`` runs every walkthrough in ``demos/``, in order.

Each demo is a short script (and a notebook, in the "percent" cell format) that
reproduces one classic lesson, prints its headline numbers, compares the two
paths, and writes its pictures into ``diagrams/`` (or ``$NEURONS_DIAGRAMS_DIR``).
The tour runs them one after another in this process, under a short headline
each, and says where the pictures are. The demos live in the source repository
beside the package, which is where README's install command puts them.
"""

from __future__ import annotations

import os
import runpy
import time
from pathlib import Path

__all__ = ["DEMOS", "demos_folder", "diagrams_folder", "main"]

# The walkthroughs in teaching order: the script's name, and the headline printed above it.
DEMOS = [
    ("chain_rule", "The chain rule on a computation graph, before any network"),
    ("neuron_by_neuron", "One neuron, the 2-2-1 network, dL/dw1 by hand, the height/weight people"),
    ("delta_notation", "The delta notation, and how many factors the expanded chains have"),
    ("backprop_steps", "Backpropagation one step at a time, on the diagram, and as a GIF"),
    ("softmax_toy16", "A linear layer with a softmax on the 16-point set"),
    ("tabular_tables", "The 3-input tables: an 11-line loop, and the same in one line"),
    ("xor_by_hand", "XOR on a 2-2-1 network built neuron by neuron"),
    ("momentum_init", "A 3-3-3-1 network: initialisation, momentum, a gradient check"),
    ("two_moons_layers", "A list of layer dicts on two moons: ReLU against tanh"),
    ("training_gif", "Watching a network learn: a training GIF"),
    ("slow_and_fast", "The same network, one neuron at a time and one matrix per layer"),
    ("diagrams", "The 2-2-1 network drawn: weights, values, gradients; the activations"),
]


_REPOSITORY = Path(__file__).resolve().parent.parent  # the source checkout the package is in


def demos_folder() -> Path:
    """The repository's ``demos/`` folder, beside the package."""
    return _REPOSITORY / "demos"


def diagrams_folder() -> Path:
    """Where the demos write their pictures: ``$NEURONS_DIAGRAMS_DIR``, or the repository's
    ``diagrams/`` folder (the committed pictures).

    Examples
    --------
    >>> isinstance(diagrams_folder(), Path)
    True
    """
    folder = os.environ.get("NEURONS_DIAGRAMS_DIR")
    return Path(folder) if folder else _REPOSITORY / "diagrams"


def main() -> int:
    """Run every demo of :data:`DEMOS`; return 0, or 1 when the demos are not there."""
    import matplotlib

    matplotlib.use("Agg")  # the tour writes pictures to files; it opens no windows
    import matplotlib.pyplot as plt

    folder = demos_folder()
    if not folder.is_dir():
        print(f"The demos live in the source repository's demos/ folder, not beside this "
              f"installed package ({folder} does not exist): clone the repository and run "
              f"the tour there.")
        return 1
    start = time.perf_counter()
    for number, (name, title) in enumerate(DEMOS, start=1):
        print(f"\n{'=' * 88}\n{number}. {title}    (demos/{name}.py)\n{'=' * 88}", flush=True)
        runpy.run_path(str(folder / f"{name}.py"), run_name="__main__")
        plt.close("all")
    pictures = sorted(p.name for p in diagrams_folder().glob("*") if p.is_file())
    print(f"\n{len(DEMOS)} demos in {time.perf_counter() - start:.0f} s. The pictures "
          f"({len(pictures)} files) are in {diagrams_folder()}.")
    return 0
