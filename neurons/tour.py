"""The demo tour: ``python -m neurons tour`` runs every walkthrough of the demos, in order.

Each demo is a short script (and a notebook, in the "percent" cell format) that
reproduces one classic lesson, prints its headline numbers, compares the two
paths, and writes its pictures through :func:`publish`, which also shows them when the
demo runs as a notebook. The tour runs them one after another in this process, under a
short headline each, and says where the pictures are; ``python -m neurons tour
--notebooks DIR`` runs each as a notebook instead, in a Jupyter kernel, and keeps the
executed notebooks.

The demos are the repository's ``demos/`` folder, which the package installs as
``neurons.demos``: the tour runs the same scripts from a wheel as from a checkout. The
pictures go where :func:`diagrams_folder` says: ``--out DIR``, or in a source checkout its
``diagrams/`` folder (the committed pictures), or else ``./neurons-tour/``, never into
the installed package.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import io
import os
import runpy
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ArgumentTypeError, FileAccessError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DEMOS", "demos_folder", "diagrams_folder", "main", "publish"]

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
    ("shared_weights", "A convolution is neurons with shared weights: dL/dk sums its uses"),
    ("small_cnn", "A small convolutional network on stroke images"),
    ("bptt", "Backpropagation through time by hand: one hidden neuron over three steps"),
    ("vanishing_gradients", "Vanishing and exploding gradients through time"),
    ("rnn_sine", "A recurrent network learns to continue a noisy sine wave"),
    ("lesson_pages", "Lessons that open in any browser: the steps as a page, a worksheet"),
    ("diagrams", "The 2-2-1 network drawn: weights, values, gradients; the activations"),
]

# What running the demos as notebooks needs (the test extra), by the module's import name.
NOTEBOOK_TOOLS = ("jupytext", "nbclient", "ipykernel")

# The folder holding the package: a source checkout, or site-packages once installed.
_REPOSITORY = Path(__file__).resolve().parent.parent


def demos_folder() -> Path:
    """The demos' folder: the package ``neurons.demos`` (the repository's ``demos/``, which
    setup.cfg maps to it), or, where the package runs from a checkout it was not installed
    from, the ``demos/`` beside it.

    Examples
    --------
    >>> (demos_folder() / "chain_rule.py").is_file()
    True
    """
    try:
        return Path(str(importlib.resources.files("neurons.demos")))
    except ModuleNotFoundError:  # the checkout on sys.path, not installed
        return _REPOSITORY / "demos"


def diagrams_folder() -> Path:
    """Where the demos write their pictures: ``$NEURONS_DIAGRAMS_DIR`` (which ``--out``
    sets), or in a source checkout its ``diagrams/`` folder (the committed pictures), or
    else ``neurons-tour/`` in the current folder.

    Examples
    --------
    >>> isinstance(diagrams_folder(), Path)
    True
    """
    folder = os.environ.get("NEURONS_DIAGRAMS_DIR")
    if folder:
        return Path(folder)
    if (_REPOSITORY / "setup.cfg").is_file() and (_REPOSITORY / "diagrams").is_dir():
        return _REPOSITORY / "diagrams"
    return Path.cwd() / "neurons-tour"


def publish(picture: Figure | str | os.PathLike, stem: str | None = None) -> None:
    """Put one of a demo's pictures where its reader looks: into :func:`diagrams_folder`,
    and, when the demo runs as a notebook, under the cell.

    A figure with a ``stem`` is written as ``stem.png`` and ``stem.svg``
    (:func:`~neurons.drawing.plots.save_figure`, the same bytes in a script and in a
    notebook), each file announced with a ``wrote <name>`` line; a figure without one is
    only shown. A file's path (a GIF the demo has written and announced) is only shown.
    Inside a Jupyter kernel the picture is shown as the PNG (or the file) itself, whatever
    matplotlib's backend; elsewhere nothing is shown. The figure is closed either way.

    Parameters
    ----------
    picture : Figure, str or os.PathLike
        A matplotlib Figure (``disp.figure`` of what :func:`~neurons.draw` returns), or a
        picture file already written.
    stem : str, optional
        The figure's file name in :func:`diagrams_folder`, without a suffix.

    Returns
    -------
    None
        So that a notebook cell ending with the call shows no value under the picture.

    Raises
    ------
    ArgumentTypeError
        For a file's path with a ``stem``, or for anything but a Figure or a path.
    FileAccessError
        For a path where there is no file.

    Examples
    --------
    >>> import os, tempfile
    >>> from matplotlib.figure import Figure
    >>> os.environ["NEURONS_DIAGRAMS_DIR"] = folder = tempfile.mkdtemp()
    >>> publish(Figure(figsize=(2, 1)), "empty")  # in a notebook the picture shows here too
    wrote empty.png
    wrote empty.svg
    >>> sorted(os.listdir(folder))
    ['empty.png', 'empty.svg']
    >>> del os.environ["NEURONS_DIAGRAMS_DIR"]
    """
    from matplotlib.figure import Figure

    notebook = _in_a_kernel()
    shown: bytes | Path | None = None  # what a notebook shows: a file, or a PNG's bytes
    if isinstance(picture, (str, os.PathLike)) and stem is None:
        shown = Path(picture)
        if not shown.is_file():  # said in a plain run too, not only where it would show
            raise FileAccessError(f"publish: there is no picture file {shown}", file=str(shown))
    elif isinstance(picture, Figure):
        import matplotlib.pyplot as plt

        from .drawing.plots import save_figure

        if stem is not None:
            shown, svg = save_figure(picture, diagrams_folder() / stem)
            print(f"wrote {shown.name}\nwrote {svg.name}")
        elif notebook:  # shown only: the PNG that save_figure would write, kept in memory
            buffer = io.BytesIO()
            picture.savefig(buffer, format="png", dpi=picture.dpi)
            shown = buffer.getvalue()
        plt.close(picture)  # or a notebook's inline backend would show it a second time
    else:
        what = "a file's path with a stem" if isinstance(picture, (str, os.PathLike)) else (
            type(picture).__name__ + (": pass its .figure" if hasattr(picture, "figure") else ""))
        raise ArgumentTypeError(f"publish takes a matplotlib Figure (and a stem to write it "
                                f"as) or a picture file's path, not {what}")
    if notebook:
        from IPython.display import Image, display  # IPython is there: it runs this code

        display(Image(data=shown, format="png") if isinstance(shown, bytes)
                else Image(filename=str(shown)))


def _in_a_kernel() -> bool:
    """Whether this code runs in a Jupyter kernel (a notebook), which can show pictures;
    a terminal IPython cannot. Without IPython imported, it cannot be either."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def main(notebooks: str | os.PathLike | None = None,
         out: str | os.PathLike | None = None) -> int:
    """Run every demo of :data:`DEMOS`; return 0, or 1 when the demos (or, for
    ``notebooks``, the tools that run notebooks) are not there.

    Parameters
    ----------
    notebooks : str or os.PathLike, optional
        A folder: run each demo as a notebook instead, as Jupyter would (jupytext reads the
        script, nbclient runs its cells in a kernel), print what its cells printed, and save
        the executed notebook, pictures included, there as ``<name>.ipynb``. It needs the
        test extra (jupytext, nbclient, ipykernel); the pictures written are the same bytes.
    out : str or os.PathLike, optional
        The folder for the pictures (made if needed), instead of :func:`diagrams_folder`'s.
    """
    folder = demos_folder()
    if not folder.is_dir():
        print(f"The demos are not installed with this package ({folder} does not exist): "
              "reinstall neurons, or run the tour from the source repository.")
        return 1
    if out is None:
        return _tour(folder, notebooks)
    before = os.environ.get("NEURONS_DIAGRAMS_DIR")
    os.environ["NEURONS_DIAGRAMS_DIR"] = str(Path(out).resolve())  # the demos, and a kernel
    try:
        return _tour(folder, notebooks)
    finally:
        if before is None:
            del os.environ["NEURONS_DIAGRAMS_DIR"]
        else:
            os.environ["NEURONS_DIAGRAMS_DIR"] = before


def _tour(folder: Path, notebooks: str | os.PathLike | None) -> int:
    """Run the demos of ``folder``, as scripts or as notebooks (see :func:`main`)."""
    diagrams_folder().mkdir(parents=True, exist_ok=True)
    if notebooks is None:
        runner: AbstractContextManager[Callable[[Path], None]] = nullcontext(_run_as_script)
    else:
        missing = [name for name in NOTEBOOK_TOOLS if importlib.util.find_spec(name) is None]
        if missing:  # said before any demo runs, not after the first
            print(f"Running the demos as notebooks needs {', '.join(missing)}: "
                  f'pip install -e ".[test]"', file=sys.stderr)
            return 1
        runner = _notebook_kernel(folder, Path(notebooks))
    start = time.perf_counter()
    with runner as run:
        for number, (name, title) in enumerate(DEMOS, start=1):
            print(f"\n{'=' * 88}\n{number}. {title}    (demos/{name}.py)\n{'=' * 88}",
                  flush=True)
            run(folder / f"{name}.py")
    pictures = sorted(p.name for p in diagrams_folder().glob("*") if p.is_file())
    where = "" if notebooks is None else f" The executed notebooks are in {notebooks}."
    print(f"\n{len(DEMOS)} demos in {time.perf_counter() - start:.0f} s. The pictures "
          f"({len(pictures)} files) are in {diagrams_folder()}.{where}")
    return 0


def _run_as_script(script: Path) -> None:
    """Run a demo in this process, as ``python demos/<name>.py`` would, without windows."""
    import matplotlib

    matplotlib.use("Agg")  # the tour writes pictures to files; it opens no windows
    import matplotlib.pyplot as plt

    runpy.run_path(str(script), run_name="__main__")
    plt.close("all")


@contextmanager
def _notebook_kernel(demos: Path, notebooks: Path) -> Iterator[Callable[[Path], None]]:
    """A function that runs a demo as a notebook, with the Jupyter kernel it runs in.

    The kernel starts in the demos' folder with the backend Jupyter gives it (matplotlib's
    inline one, not the tour's Agg), and runs the demos one after another, its namespace
    emptied before each, as a new kernel's is; the modules stay loaded, as in the plain
    tour (a kernel per demo, importing numpy, matplotlib and the package anew, cost about
    2.5 s a demo). Each demo prints what its cells printed, the plain run's lines, and is
    saved, pictures included, as ``notebooks/<name>.ipynb``, even when a cell fails.
    """
    import jupytext
    import nbformat
    import zmq
    from nbclient import NotebookClient
    from traitlets.config import Config

    notebooks.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    # A kernel over TCP without CurveZMQ keys warns on stderr: give it keys when zmq can.
    config = Config({"KernelManager": {"transport_encryption": "auto"}} if zmq.has("curve")
                    else {})
    client = NotebookClient(nbformat.v4.new_notebook(), timeout=600, kernel_name="python3",
                            config=config, resources={"metadata": {"path": str(demos)}})
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("%reset -f")])

    def run(script: Path) -> None:
        client.nb = empty  # the client writes each cell it runs back into its notebook
        client.execute_cell(empty.cells[0], 0, store_history=False)
        client.nb = notebook = jupytext.read(script)
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}  # to open it with
        client.reset_execution_trackers()
        try:
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        finally:
            jupytext.write(notebook, notebooks / f"{script.stem}.ipynb")
            for cell in notebook.cells:
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "stream":
                        print(output["text"], end="", flush=True,
                              file=sys.stderr if output["name"] == "stderr" else sys.stdout)

    with client.setup_kernel(env=env):
        yield run
