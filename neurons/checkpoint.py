"""Checkpoints: a saved network with the state of its training run, so the run resumes exactly.

``net.train(..., checkpoint="run.json")`` writes, after every epoch, the
network in the format of :mod:`neurons.io` plus a ``"training"`` section with
everything the next epoch depends on:

=====================  =========================================================
``epoch``              epochs completed
``settings``           the training settings: loss, optimizer (name and its
                       hyper-parameters), lr, batch_size, shuffle, seed, path,
                       dtype, l2, early_stopping
``optimizer_state``    the optimizer's step count ``t`` and its per-parameter
                       state (momentum's ``v``, Adam's ``m`` and ``v``, ...), each
                       a list in the order of ``net.parameters()``
``rng``                the random generator's state (it shuffles the samples)
``history``            the :class:`~neurons.history.History` so far
``early_stopping``     the best validation loss, epochs waited, best parameters
=====================  =========================================================

(:mod:`neurons.checkpoint_format` writes that section and checks it when it is read.)
:func:`load_checkpoint` reads it back and :meth:`Checkpoint.resume` trains on:
10 epochs, a checkpoint, and 10 more epochs in a new process give the same
parameters, bit for bit, as 20 epochs in one go (on either path, with any
optimizer, with shuffling). The training data is not stored: pass the same data.

Examples
--------
>>> import tempfile, pathlib
>>> from neurons import Network, load_checkpoint
>>> X, y = [[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0]
>>> path = pathlib.Path(tempfile.mkdtemp()) / "run.json"
>>> net = Network.dense([2, 2, 1], seed=0)
>>> _ = net.train(X, y, epochs=3, lr=0.5, optimizer="adam", seed=1, checkpoint=path)
>>> run = load_checkpoint(path)
>>> run.epoch
3
>>> run.resume(X, y, epochs=2).epochs
5
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import checkpoint_format, io, optimizers
from .errors import FileFormatError, ParameterError
from .history import History
from .validation import check_keywords

if TYPE_CHECKING:
    from os import PathLike

    from .network import Network
    from .optimizers import Optimizer

__all__ = ["Checkpoint", "load_checkpoint"]

@dataclass
class Checkpoint:
    """A network with the state of its training run (see the module text).

    Attributes
    ----------
    network : Network
        The network as of the last completed epoch.
    epoch : int
        Epochs completed.
    settings : dict
        The settings of the run, as :func:`neurons.train` takes them.
    history : History
    optimizer_state : dict
        ``{"t": int, slot: [values in parameter order], ...}``.
    rng_state : dict
        ``numpy.random.Generator.bit_generator.state`` after the last epoch.
    early_stopping : dict or None
        ``{"best_val_loss", "waited", "best"}`` when the run stops early.
    file : Path or None
        Where it was read from (``resume`` goes on writing there).
    """

    network: Network
    epoch: int
    settings: dict[str, Any]
    history: History
    optimizer_state: dict[str, Any]
    rng_state: dict[str, Any]
    early_stopping: dict[str, Any] | None = None
    file: Path | None = field(default=None, compare=False)

    def resume(self, X: Any, Y: Any, epochs: int, **settings: Any) -> History:
        """Train ``network`` for ``epochs`` more epochs, continuing this run exactly.

        The recorded settings are used unless given here (``validation``,
        ``progress`` and ``checkpoint`` too; ``checkpoint`` defaults to the file
        this was read from). Returns the whole run's history (earlier epochs
        included); this object moves on with the run, so a second ``resume``
        continues from where the first ended.
        """
        from .training import train

        run = {**self.settings, "checkpoint": self.file, **settings}
        check_keywords(run, train, "resume")
        return train(self.network, X, Y, epochs=epochs, resume=self, **run)

    def save(self, path: str | PathLike) -> Path:
        """Write the checkpoint (atomically, see :func:`neurons.io.save`)."""
        doc = io.to_dict(self.network)
        doc["training"] = checkpoint_format.to_section(self)
        return io.write_document(path, doc)

    # -- used by train() ---------------------------------------------------------------------
    def advance(self, later: Checkpoint) -> None:
        """Take the state of the run's latest epoch (after :meth:`resume`), so that resuming
        again continues from there."""
        self.epoch, self.history = later.epoch, later.history
        self.optimizer_state, self.rng_state = later.optimizer_state, later.rng_state
        self.early_stopping = later.early_stopping

    def check_fits(self, net: Network, opt: Optimizer) -> None:
        """Refuse to resume a network or optimizer the recorded state does not belong to."""
        mine = list(self.network.parameters())
        if list(net.parameters()) != mine:
            raise ParameterError(
                f"this checkpoint's state belongs to a network with parameters "
                f"{_span(mine)}, not {_span(list(net.parameters()))}: resume the checkpoint's "
                f"own network (checkpoint.network, or Network.load of the same file)")
        name = optimizers.get(self.settings["optimizer"]).name
        if opt.name != name:
            raise ParameterError(
                f"this checkpoint holds the state of the {name!r} optimizer; resuming with "
                f"{opt.name or type(opt).__name__!r} would not continue the run: "
                f"leave optimizer= out, or start a new run")

    def restore(self, runner: Any, opt: Optimizer, rng: np.random.Generator) -> History:
        """Put the recorded optimizer and generator state into a fresh run; return its history."""
        state = dict(self.optimizer_state)
        for slot in opt.slots:
            state[slot] = runner.unnamed(state[slot])
        opt.load_state(state)
        rng.bit_generator.state = self.rng_state
        return copy.deepcopy(self.history)


def capture(net: Network, settings: dict[str, Any], history: History, runner: Any,
            opt: Optimizer, rng: np.random.Generator,
            early: tuple[float, int, list[np.ndarray] | None] | None) -> Checkpoint:
    """The state of a run after its latest epoch; the runner has written back to ``net``.

    ``early`` is early stopping's (best validation loss, epochs waited, best parameters).
    """
    state = opt.state()
    named = {"t": state["t"], **{slot: runner.named(state[slot]) for slot in opt.slots}}
    stopping = None
    if early is not None:
        best_val, waited, best = early
        stopping = {"best_val_loss": None if math.isinf(best_val) else best_val,
                    "waited": waited, "best": None if best is None else runner.named(best)}
    return Checkpoint(net, history.epochs, settings, history, named, rng.bit_generator.state,
                      stopping)


def load_checkpoint(path: str | PathLike) -> Checkpoint:
    """Read a checkpoint written by ``train(..., checkpoint=path)``.

    The whole file is checked before anything is built (see :mod:`neurons.io`).

    Raises
    ------
    FileFormatError
        For a file that is not a valid checkpoint, naming the key (such as
        ``training.optimizer_state.m[3]``); a network saved without training
        state is refused with a hint to use ``Network.load``.
    """
    doc = io.read_document(path)
    file = str(path)
    if "training" not in doc:
        raise FileFormatError("this file holds a network without training state (saved with "
                              "net.save, not train(checkpoint=)): load it with Network.load",
                              key="training", file=file)
    n_params = sum(len(n["weights"]) + (n["bias"] is not None) for n in doc["neurons"])
    section = checkpoint_format.from_section(doc["training"], n_params, file)
    net = io.from_dict(doc, file=file)
    return Checkpoint(net, file=Path(path), **section)


def _span(names: list[str]) -> str:
    return f"{names[0]}..{names[-1]} ({len(names)})" if names else "(none)"
