"""Training on either path, with the same optimizer objects and the same results.

:func:`train` (also ``Network.train``) runs mini-batch gradient descent:
each epoch visits the samples in order or in a seeded random order, cuts
them into batches (``batch_size=None``: one full batch; ``1``: per-sample
SGD), and for every batch takes the mean loss's gradient and one optimizer
step. On ``path="neurons"`` the gradients come from the per-neuron path (one
edge at a time), on ``path="vectorized"`` from the compiled arrays; with the
same seed and settings both give the same parameters. Afterwards the
``Neuron`` objects and the graph's edges hold the trained values.

L2 regularization adds (l2 / 2) * sum(w^2) over the weights (not the
biases) to the loss, and l2 * w to their gradients, on both paths.

The settings of a run are one :class:`TrainingSettings`, checked whole before
anything runs; a checkpoint records the same object, and resuming reads it back.

The two paths, as the loop sees them
------------------------------------
The loop and the optimizers work on ``run.params``, a list of NumPy arrays updated
in place. ``NeuronPath`` keeps every parameter in one vector (in
``net.parameters()`` order) and hands it to the neurons after each step;
``VectorizedPath`` uses the flat vector of weight blocks and bias vectors of the
:class:`~neurons.CompiledNetwork` itself. ``named``/``unnamed`` translate arrays shaped
like ``params`` (such as an optimizer's state) to and from one list in parameter order,
which is how checkpoints store them, whatever the path.

Checkpoints
-----------
A checkpoint is a saved network with the state of its training run, so the run resumes
exactly. ``net.train(..., checkpoint="run.json")`` writes, after every epoch, the
network in the format of :mod:`neurons.io` plus a ``"training"`` section with
everything the next epoch depends on:

=====================  =========================================================
``epoch``              epochs completed
``settings``           the run's :class:`TrainingSettings`: loss, optimizer (name
                       and its hyper-parameters), lr, batch_size, shuffle, seed,
                       path, dtype, l2, early_stopping, train_accuracy
``optimizer_state``    the optimizer's step count ``t`` and its per-parameter
                       state (momentum's ``v``, Adam's ``m`` and ``v``, ...), each
                       a list in the order of ``net.parameters()``
``rng``                the random generator's state (it shuffles the samples)
``history``            the :class:`~neurons.history.History` so far
``early_stopping``     the best validation loss, epochs waited, best parameters
=====================  =========================================================

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
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm import tqdm

from . import backprop, io, losses, optimizers
from .checks import (
    check_choice,
    check_count,
    check_dtype,
    check_flag,
    check_number,
    check_path,
    check_seed,
    check_validation,
    first_nonfinite,
    keywords_checked,
)
from .compiled import CompiledNetwork, update_from
from .data import check_data
from .errors import (
    ArgumentTypeError,
    DivergenceError,
    FileAccessError,
    FileFormatError,
    NeuronsError,
    ParameterError,
)
from .history import EarlyStopping, History, accuracy, accuracy_of, by_class, share_correct
from .io.check import describe, is_number

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss
    from .optimizers import Optimizer

__all__ = ["Checkpoint", "EarlyStopping", "History", "TrainingSettings", "accuracy",
           "load_checkpoint", "train"]


# -- the settings of a run ---------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class TrainingSettings(Mapping):
    """The settings of one training run, checked whole: what :func:`train` runs with and what a
    checkpoint records (its ``settings``), so that resuming continues with the same ones.

    Make one with :meth:`checked`, which refuses a bad setting before anything runs. It
    reads as a mapping of :func:`train`'s keywords (``settings["lr"]``,
    ``train(net, X, Y, epochs=5, **settings)``); the per-call arguments ``epochs``,
    ``validation``, ``progress``, ``checkpoint`` and ``resume`` are not settings of the run.

    Examples
    --------
    >>> s = TrainingSettings.checked(lr=0.5, optimizer="adam", batch_size=10)
    >>> s.lr, s["optimizer"].name, s.loss.name, s.path
    (0.5, 'adam', 'mse', 'vectorized')
    >>> TrainingSettings.checked(lr=0.5, batch_size=0)
    Traceback (most recent call last):
    ...
    neurons.errors.ParameterError: batch_size must be at least 1, not 0
    """

    lr: float
    loss: Loss
    optimizer: Optimizer
    batch_size: int | None = None
    shuffle: bool = True
    seed: int | None = None
    path: str = "vectorized"
    dtype: np.dtype | None = None
    l2: float = 0.0
    early_stopping: EarlyStopping | None = None
    train_accuracy: str = "batches"

    @classmethod
    def checked(cls, *, lr: Any, loss: Any = "mse", optimizer: Any = "sgd",
                batch_size: Any = None, shuffle: Any = True, seed: Any = None,
                path: Any = "vectorized", dtype: Any = None, l2: Any = 0.0,
                early_stopping: Any = None, train_accuracy: Any = "batches",
                validation_given: bool = True) -> TrainingSettings:
        """Check every setting (as :func:`train` takes them) and return them normalised:
        the loss and optimizer as objects, early stopping as an :class:`EarlyStopping`.

        ``validation_given=False`` refuses early stopping, which watches the validation loss.

        Raises
        ------
        ArgumentTypeError, ParameterError, UnknownNameError
            Naming the setting.
        """
        loss, optimizer = losses.get(loss), optimizers.get(optimizer)
        train_accuracy = check_choice(train_accuracy, "train_accuracy", ("batches", "full"))
        lr = check_number(lr, "lr", positive=True)
        batch_size = check_count(batch_size, "batch_size", allow_none=True)
        shuffle, seed = check_flag(shuffle, "shuffle"), check_seed(seed)
        path = check_choice(path, "path", ("vectorized", "neurons"))
        dtype = None if dtype is None else check_dtype(dtype)
        if path == "neurons" and dtype not in (None, np.float64):
            raise ParameterError("the per-neuron path computes in float64 (Python floats); "
                                 "dtype applies to path='vectorized'")
        l2 = check_number(l2, "l2", non_negative=True)
        if early_stopping is None or isinstance(early_stopping, EarlyStopping):
            stop = early_stopping
        elif isinstance(early_stopping, (bool, np.bool_)) or not isinstance(early_stopping, int):
            raise ArgumentTypeError(
                f"early_stopping must be a patience in epochs (an integer such as 5) or an "
                f"EarlyStopping, not {type(early_stopping).__name__} {early_stopping!r}")
        else:
            stop = EarlyStopping(check_count(early_stopping, "early_stopping"))
        if stop is not None:
            check_count(stop.patience, "EarlyStopping.patience")
            check_number(stop.min_delta, "EarlyStopping.min_delta", non_negative=True)
            if not validation_given:
                raise ParameterError(
                    "early_stopping watches the validation loss: pass validation=")
        return cls(lr=lr, loss=loss, optimizer=optimizer, batch_size=batch_size, shuffle=shuffle,
                   seed=seed, path=path, dtype=dtype, l2=l2, early_stopping=stop,
                   train_accuracy=train_accuracy)

    # -- read as train()'s keywords ----------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        if key not in self._names():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    # -- in a checkpoint file ----------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The settings as plain JSON values: the loss by name, the optimizer as its config,
        the dtype by name, early stopping as its two numbers."""
        stop = self.early_stopping
        return {"loss": self.loss.name, "optimizer": self.optimizer.config(), "lr": self.lr,
                "batch_size": self.batch_size, "shuffle": self.shuffle, "seed": self.seed,
                "path": self.path, "dtype": None if self.dtype is None else self.dtype.name,
                "l2": self.l2,
                "early_stopping": None if stop is None else {
                    "patience": stop.patience, "min_delta": float(stop.min_delta)},
                "train_accuracy": self.train_accuracy}


# -- the two paths, as the loop sees them ------------------------------------------------------
class NeuronPath:
    """The per-neuron path: every parameter in one vector, in ``net.parameters()`` order."""

    def __init__(self, net: NetworkCore, loss: Loss) -> None:
        self.net, self.loss = net, loss
        self.params = [net.parameter_vector()]
        self.weights = net.weight_indices()  # L2 applies to the weights only

    def prepare(self, X: Any, Y: Any, what: str = "") -> tuple[np.ndarray, np.ndarray]:
        return check_data(self.net, X, Y, self.loss, what=what)

    def gradients(self, X: np.ndarray, T: np.ndarray) -> tuple[float, list[np.ndarray], Any]:
        """The batch's loss, its gradient (shaped like ``params``) and the outputs."""
        value, grad, outputs = backprop.value_gradient_vector(self.net, X, T, self.loss)
        return value, [grad], outputs

    def evaluate(self, X: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
        """The loss (as the per-neuron path computes it) and the outputs."""
        return backprop.evaluate_prepared(self.net, X, T, self.loss)

    def sync(self) -> bool:
        """Give the neurons the updated values (the per-neuron path computes from them).

        Returns False, and leaves the neurons as they are, if an update overflowed.
        """
        try:  # set_parameter_vector checks the values once, before it writes any
            self.net.set_parameter_vector(self.params[0])
        except ParameterError:
            return False
        return True

    write_back = sync

    def named(self, arrays: list[np.ndarray]) -> list[float]:
        """Arrays shaped like ``params`` (e.g. optimizer state) as one list in parameter order."""
        return arrays[0].tolist()

    def unnamed(self, values: list[float]) -> list[np.ndarray]:
        """The inverse of :meth:`named`."""
        return [np.array(values, dtype=float)]


class VectorizedPath:
    """The vectorized path: the compiled network's flat array of blocks and biases."""

    def __init__(self, net: NetworkCore, loss: Loss, dtype: Any) -> None:
        self.net, self.loss = net, loss
        self.fast = CompiledNetwork(net, np.float64 if dtype is None else dtype)
        self.params = [self.fast.vector]
        self._grad = np.empty_like(self.fast.vector)
        # The weight blocks come first; their absent connections are zeros, which add
        # nothing to the L2 penalty. Shared weights sit after the biases.
        self.weights = self.fast.layout.weight_positions(net)

    def prepare(self, X: Any, Y: Any, what: str = "") -> tuple[np.ndarray, np.ndarray]:
        return self.fast.prepare(X, Y, self.loss, what)

    def gradients(self, X: np.ndarray, T: np.ndarray) -> tuple[float, list[np.ndarray], Any]:
        """The batch's loss, its gradient (shaped like ``params``) and the outputs."""
        value, outputs = self.fast.loss_gradient(X, T, self.loss, self._grad)
        return value, [self._grad], outputs

    def evaluate(self, X: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
        """The loss (as the compiled network computes it) and the outputs."""
        return self.fast.evaluate_prepared(X, T, self.loss)

    def sync(self) -> bool:
        return True  # the compiled arrays are the parameters (checked at the next step)

    def write_back(self) -> None:
        update_from(self.net, self.fast)

    def named(self, arrays: list[np.ndarray]) -> list[float]:
        """Arrays shaped like ``params`` (e.g. optimizer state) as one list in parameter order."""
        return self.fast.layout.to_parameters(arrays[0]).tolist()

    def unnamed(self, values: list[float]) -> list[np.ndarray]:
        """The inverse of :meth:`named` (masked entries are zero)."""
        return [self.fast.layout.to_compiled(np.array(values, dtype=float),
                                             np.empty_like(self.fast.vector))]


# -- the loop ---------------------------------------------------------------------------------
def train(net: NetworkCore, X: Any, Y: Any, *, epochs: int, lr: float, loss: str | Loss = "mse",
          optimizer: str | Optimizer = "sgd", batch_size: int | None = None,
          shuffle: bool = True, seed: int | None = None, path: str = "vectorized",
          dtype: Any = None, validation: tuple[Any, Any] | None = None, l2: float = 0.0,
          progress: bool | None = None,
          early_stopping: int | EarlyStopping | None = None,
          checkpoint: str | PathLike | None = None,
          resume: Checkpoint | str | PathLike | None = None,
          train_accuracy: str = "batches") -> History:
    """Train ``net`` on (X, Y) and return its :class:`History`.

    Parameters
    ----------
    epochs : int
    lr : float
        The learning rate.
    loss : str or Loss, default "mse"
    optimizer : str or Optimizer, default "sgd"
        "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", or an
        object from :mod:`neurons.optimizers` with its own settings.
    batch_size : int, optional
        ``None`` (default): full batch; ``1``: one sample per update.
    shuffle : bool, default True
        Visit the samples in a new random order each epoch (from ``seed``);
        ``False`` keeps their order.
    seed : int, optional
    path : "vectorized" (default) or "neurons"
    dtype : numpy.float32 or numpy.float64, optional
        The vectorized path's precision (default float64).
    validation : (X_val, Y_val), optional
    l2 : float, default 0
        L2 penalty (l2 / 2) * sum(w^2) on the weights.
    progress : bool, optional
        Show a progress bar; by default only when standard error is a terminal.
    early_stopping : int or EarlyStopping, optional
        Patience (in epochs) on the validation loss; needs ``validation``.
    checkpoint : str or path, optional
        After every epoch, write the network and the state of the run (optimizer,
        random generator, history) to this file, atomically; see
        the module text. Costs a write-back and a save per epoch.
    resume : Checkpoint or its file, optional
        Continue the run a checkpoint recorded: optimizer state, random generator
        and history go on from it, and epochs are counted on. ``net`` must have the
        checkpoint's parameters (its network, or ``Network.load`` of the file).
        :meth:`Checkpoint.resume` passes it with the recorded settings; here the
        settings are the ones given.
    train_accuracy : "batches" (default) or "full"
        For classification losses, how ``History.accuracy`` is measured: from the
        batches' own outputs during the epoch (free), or by one more forward pass
        over the whole training set after it.

    Raises
    ------
    DivergenceError
        When the loss or a gradient becomes NaN or infinite; the network keeps
        the last finite parameters.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.datasets import tabular3
    >>> X, y = tabular3("first")
    >>> net = Network.dense([3, 1], bias=False, seed=1)
    >>> history = net.train(X, y, epochs=500, lr=2.0, shuffle=False)
    >>> history.loss[-1] < history.loss[0]
    True
    """
    run = TrainingSettings.checked(
        lr=lr, loss=loss, optimizer=optimizer, batch_size=batch_size, shuffle=shuffle,
        seed=seed, path=path, dtype=dtype, l2=l2, early_stopping=early_stopping,
        train_accuracy=train_accuracy, validation_given=validation is not None)
    epochs = check_count(epochs, "epochs")
    show = sys.stderr.isatty() if progress is None else check_flag(progress, "progress")
    loss, opt, stop, l2 = run.loss, run.optimizer, run.early_stopping, run.l2
    if checkpoint is not None:  # refused now, not after the first epoch has trained
        checkpoint = check_path(checkpoint, "checkpoint")
        if not checkpoint.parent.is_dir() or checkpoint.is_dir():
            why = "is a directory" if checkpoint.is_dir() else (
                f"is in {str(checkpoint.parent)!r}, which does not exist")
            raise FileAccessError(f"cannot write checkpoints there: the path {why}",
                                  str(checkpoint))
        _check_saveable(loss, opt)
    if resume is not None:
        if isinstance(resume, (str, PathLike)):
            resume = load_checkpoint(resume, cls=type(net))
        if not isinstance(resume, Checkpoint):
            raise ArgumentTypeError(
                f"resume takes a Checkpoint (from neurons.load_checkpoint) or its file, not "
                f"{type(resume).__name__}")
        resume.check_fits(net, opt)
    runner = (VectorizedPath(net, loss, run.dtype) if run.path == "vectorized"
              else NeuronPath(net, loss))
    X, T = runner.prepare(X, Y)
    val = None if validation is None else runner.prepare(*check_validation(validation),
                                                         what="validation")
    n = X.shape[0]
    size = n if run.batch_size is None else min(run.batch_size, n)
    classes = by_class(T.shape[1], T) if loss.classification else None
    labels = T.argmax(axis=1) if classes else None  # class indices, found once
    rng = np.random.default_rng(run.seed)
    params = runner.params
    opt.reset(params)
    history = History(path=run.path)
    best: list[np.ndarray] | None = None
    best_val, waited = math.inf, 0
    if resume is not None:  # continue where the checkpoint's run stopped
        history = resume.restore(runner, opt, rng)
        history.path = run.path
        if resume.early_stopping is not None and stop is not None:
            best_val, waited, best = _early_state(resume.early_stopping, runner)
    done = history.epochs
    bar = tqdm(range(done + 1, done + epochs + 1), disable=not show, unit="epoch",
               desc="training", file=sys.stderr)
    start = time.perf_counter() - (history.time[-1] if history.time else 0.0)
    try:
        for epoch in bar:
            Xe, Te, Le = X, T, labels  # one gather per epoch, then contiguous batches
            if run.shuffle:
                order = rng.permutation(n)
                Xe, Te, Le = X[order], T[order], None if labels is None else labels[order]
            at_epoch_start = params[0].copy()
            total = correct = 0.0
            # Non-finite values are caught below and reported as a DivergenceError, so
            # NumPy's own overflow warnings would only repeat it.
            with np.errstate(over="ignore", invalid="ignore"):
                for step, first in enumerate(range(0, n, size), start=1):
                    rows = slice(first, first + size)
                    value, grads, out = runner.gradients(Xe[rows], Te[rows])
                    value += _l2(params[0], grads[0], runner.weights, l2)
                    finite = math.isfinite(value) and first_nonfinite(grads[0]) is None
                    if finite:
                        opt.step(params, grads, run.lr)
                    if not (finite and runner.sync()):
                        _diverged(runner, at_epoch_start, epoch, step, value, run.lr)
                    total += value * out.shape[0]
                    if Le is not None:  # the class with the largest output, as accuracy_of
                        correct += np.count_nonzero(out.argmax(axis=1) == Le[rows])
                    elif classes is not None:
                        correct += share_correct(out, Te[rows], classes) * out.shape[0]
            history.loss.append(total / n)
            if classes is not None:
                history.accuracy.append(
                    correct / n if run.train_accuracy == "batches"
                    else share_correct(runner.evaluate(X, T)[1], T, classes))
            _evaluate(history, runner, loss, l2, val)
            history.time.append(time.perf_counter() - start)
            shown = {"loss": f"{history.loss[-1]:.4g}"}
            if val is not None:
                shown["val_loss"] = f"{history.val_loss[-1]:.4g}"
            bar.set_postfix(shown)
            if stop is not None:
                if history.val_loss[-1] < best_val - stop.min_delta:
                    best_val, waited = history.val_loss[-1], 0
                    best, history.best_epoch = [p.copy() for p in params], epoch
                else:
                    waited += 1
                    if waited >= stop.patience:
                        # No best when the validation loss was never finite: nothing to
                        # restore, the parameters stay the last epoch's.
                        if best is not None:
                            for p, b in zip(params, best):
                                p[...] = b
                        runner.sync()
                        history.stopped_early = True
            if checkpoint is not None:
                runner.write_back()
                capture(net, run, history, runner, opt, rng,
                        None if stop is None else (best_val, waited, best)).save(checkpoint)
            if history.stopped_early:
                break
    finally:
        bar.close()
        runner.write_back()
    if resume is not None:  # the Checkpoint object moves on with the run it continued
        resume.advance(capture(net, run, history, runner, opt, rng,
                               None if stop is None else (best_val, waited, best)))
    return history


def _check_saveable(loss: Loss, opt: Optimizer) -> None:
    """A checkpoint names the loss and the optimizer: they must be the library's own."""
    for obj, table in ((loss, losses), (opt, optimizers)):
        try:
            known = type(table.get(obj.name)) is type(obj)
        except NeuronsError:
            known = False
        if not known:
            raise ParameterError(
                f"checkpoint= can only record the library's own losses and optimizers, not "
                f"{obj!r}; use one from neurons.{table.__name__.rsplit('.', 1)[-1]}")


def _early_state(early: dict[str, Any], runner: Any) -> tuple[float, int, Any]:
    best_val = math.inf if early["best_val_loss"] is None else float(early["best_val_loss"])
    best = None if early["best"] is None else runner.unnamed(early["best"])
    return best_val, int(early["waited"]), best


def _l2(params: np.ndarray, grad: np.ndarray | None, weights: slice | np.ndarray,
        l2: float) -> float:
    """Return the penalty (l2 / 2) sum w^2 and add l2 * w to the weights' gradients.

    ``weights`` picks the weights out of ``params`` (a slice when they come first, as
    they do unless there are shared weights); biases are not penalised. Absent
    connections of the vectorized path are zeros.
    """
    if not l2:
        return 0.0
    w = params[weights]
    if grad is not None:
        grad[weights] += l2 * w
    return 0.5 * l2 * float(np.vdot(w, w))


def _evaluate(history: History, runner: Any, loss: Loss, l2: float,
              val: tuple[np.ndarray, np.ndarray] | None) -> None:
    if val is not None:
        # The path's own loss: for sigmoid outputs it works from z, as the training loss does.
        value, out = runner.evaluate(*val)
        history.val_loss.append(value + _l2(runner.params[0], None, runner.weights, l2))
        if loss.classification:
            history.val_accuracy.append(accuracy_of(out, val[1]))


def _diverged(runner: Any, at_epoch_start: np.ndarray, epoch: int, step: int,
              value: float, lr: float) -> None:
    kept = "the parameters from before this step"
    if not np.isfinite(runner.params[0]).all():  # the update itself overflowed
        runner.params[0][...] = at_epoch_start
        runner.sync()
        kept = f"the parameters from the start of epoch {epoch}"
    raise DivergenceError(
        f"training diverged at epoch {epoch}, step {step}: the loss or a gradient became "
        f"{value if not math.isfinite(value) else 'non-finite'}. The network keeps {kept}. "
        f"A smaller learning rate (lr={lr:g}) usually helps.", epoch, step)


# -- checkpoints ------------------------------------------------------------------------------
class _Recorded:
    """The default of :meth:`Checkpoint.resume`'s settings: the value the run recorded."""

    def __repr__(self) -> str:
        return "RECORDED"


RECORDED: Any = _Recorded()


@dataclass
class Checkpoint:
    """A network with the state of its training run (see the module text).

    Attributes
    ----------
    network : Network
        The network as of the last completed epoch.
    epoch : int
        Epochs completed.
    settings : TrainingSettings
        The settings of the run (a mapping of :func:`neurons.train`'s keywords).
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

    network: NetworkCore
    epoch: int
    settings: TrainingSettings
    history: History
    optimizer_state: dict[str, Any]
    rng_state: dict[str, Any]
    early_stopping: dict[str, Any] | None = None
    file: Path | None = field(default=None, compare=False)

    @keywords_checked
    def resume(self, X: Any, Y: Any, epochs: int, *, lr: Any = RECORDED, loss: Any = RECORDED,
               optimizer: Any = RECORDED, batch_size: Any = RECORDED, shuffle: Any = RECORDED,
               seed: Any = RECORDED, path: Any = RECORDED, dtype: Any = RECORDED,
               l2: Any = RECORDED, early_stopping: Any = RECORDED,
               train_accuracy: Any = RECORDED, validation: tuple[Any, Any] | None = None,
               progress: bool | None = None, checkpoint: Any = RECORDED) -> History:
        """Train ``network`` for ``epochs`` more epochs, continuing this run exactly.

        Every setting left at ``RECORDED`` is the one the checkpoint recorded (see
        :func:`train` for each); ``checkpoint`` defaults to the file this was read from
        (``None`` writes no more checkpoints). Returns the whole run's history (earlier
        epochs included); this object moves on with the run, so a second ``resume``
        continues from where the first ended.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from neurons import Network
        >>> X, y = [[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0]
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "run.json"
        >>> _ = Network.dense([2, 1], seed=0).train(X, y, epochs=2, lr=0.5, checkpoint=path)
        >>> load_checkpoint(path).resume(X, y, epochs=3, progress=False).epochs
        5
        """
        given = {"lr": lr, "loss": loss, "optimizer": optimizer, "batch_size": batch_size,
                 "shuffle": shuffle, "seed": seed, "path": path, "dtype": dtype, "l2": l2,
                 "early_stopping": early_stopping, "train_accuracy": train_accuracy,
                 "checkpoint": checkpoint}
        run = {**self.settings, "checkpoint": self.file}
        run.update({name: value for name, value in given.items() if value is not RECORDED})
        return train(self.network, X, Y, epochs=epochs, resume=self, validation=validation,
                     progress=progress, **run)

    def save(self, path: str | PathLike) -> Path:
        """Write the checkpoint (atomically, see :func:`neurons.io.save`)."""
        doc = io.to_dict(self.network)
        doc["training"] = _to_section(self)
        return io.write_document(path, doc)

    # -- used by train() ---------------------------------------------------------------------
    def advance(self, later: Checkpoint) -> None:
        """Take the state of the run's latest epoch (after :meth:`resume`), so that resuming
        again continues from there."""
        self.epoch, self.history = later.epoch, later.history
        self.optimizer_state, self.rng_state = later.optimizer_state, later.rng_state
        self.early_stopping = later.early_stopping

    def check_fits(self, net: NetworkCore, opt: Optimizer) -> None:
        """Refuse to resume a network or optimizer the recorded state does not belong to."""
        mine = list(self.network.parameters())
        if list(net.parameters()) != mine:
            raise ParameterError(
                f"this checkpoint's state belongs to a network with parameters "
                f"{_span(mine)}, not {_span(list(net.parameters()))}: resume the checkpoint's "
                f"own network (checkpoint.network, or Network.load of the same file)")
        name = self.settings.optimizer.name
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


def capture(net: NetworkCore, settings: TrainingSettings, history: History, runner: Any,
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
    return Checkpoint(net, history.epochs, settings, history, named,
                      dict(rng.bit_generator.state), stopping)


def load_checkpoint(path: str | PathLike, *, cls: type[NetworkCore] | None = None) -> Checkpoint:
    """Read a checkpoint written by ``train(..., checkpoint=path)``.

    The whole file is checked before anything is built (see :mod:`neurons.io`). Its
    network is a ``cls`` (default :class:`neurons.Network`).

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
    section = _Reader(file).training(doc["training"], io.parameter_count(doc))
    net = io.from_dict(doc, file=file, cls=cls)
    return Checkpoint(net, file=Path(path), **section)


def _span(names: list[str]) -> str:
    return f"{names[0]}..{names[-1]} ({len(names)})" if names else "(none)"


# -- a checkpoint file's training section ----------------------------------------------------
_HISTORY_LISTS = ("loss", "val_loss", "accuracy", "val_accuracy", "time")
# What a training section's settings must hold (train_accuracy was added later: older files
# do without it, and get the default).
_SETTINGS = ("loss", "optimizer", "lr", "batch_size", "shuffle", "seed", "path", "dtype", "l2",
             "early_stopping")


def _to_section(checkpoint: Checkpoint) -> dict[str, Any]:
    """The ``training`` section of ``checkpoint``: plain JSON values (the optimizer as its
    config, early stopping as its settings, the history as lists)."""
    h = checkpoint.history
    return {
        "epoch": checkpoint.epoch, "settings": checkpoint.settings.to_json(),
        "optimizer_state": checkpoint.optimizer_state, "rng": checkpoint.rng_state,
        "history": {"path": h.path, **{k: list(getattr(h, k)) for k in _HISTORY_LISTS},
                    "stopped_early": h.stopped_early, "best_epoch": h.best_epoch},
        "early_stopping": checkpoint.early_stopping,
    }


class _Reader:
    """Checks the ``training`` section, naming the key path of anything wrong."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, message: str) -> FileFormatError:
        return FileFormatError(message, key=key, file=self.file)

    def get(self, obj: dict, name: str, key: str, kind: Any) -> Any:
        if name not in obj:
            raise self.fail(f"{key}.{name}", "missing")
        return self.check(obj[name], f"{key}.{name}", kind)

    def check(self, value: Any, key: str, kind: Any) -> Any:
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "number": is_number(value),  # the network part's rule: finite, within a float
            "bool": isinstance(value, bool), "str": isinstance(value, str),
            "dict": isinstance(value, dict), "list": isinstance(value, list),
            None: value is None,
        }
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not any(ok[k] for k in kinds):
            want = " or ".join("null" if k is None else k for k in kinds)
            raise self.fail(key, f"expected {want}, found {describe(value)}")
        return value

    def numbers(self, values: Any, key: str, length: int | None = None) -> list:
        self.check(values, key, "list")
        if length is not None and len(values) != length:
            raise self.fail(key, f"has {len(values)} values; the network has {length} parameters")
        for i, v in enumerate(values):
            self.check(v, f"{key}[{i}]", "number")
        return values

    def training(self, section: Any, n_params: int) -> dict[str, Any]:
        key = "training"
        self.check(section, key, "dict")
        extra = set(section) - {"epoch", "settings", "optimizer_state", "rng", "history",
                                "early_stopping"}
        if extra:
            raise self.fail(f"{key}.{sorted(extra)[0]}", "unknown key")
        epoch = self.get(section, "epoch", key, "int")
        settings = self.settings(self.get(section, "settings", key, "dict"))
        state = self.get(section, "optimizer_state", key, "dict")
        self.get(state, "t", f"{key}.optimizer_state", "int")
        for slot in settings.optimizer.slots:
            self.numbers(self.get(state, slot, f"{key}.optimizer_state", "list"),
                         f"{key}.optimizer_state.{slot}", n_params)
        rng = self.get(section, "rng", key, "dict")
        try:  # the generator checks its own state; a bad one must not reach the training run
            np.random.default_rng().bit_generator.state = rng
        except (TypeError, ValueError, KeyError, OverflowError) as error:
            raise self.fail(f"{key}.rng", f"not a random generator state ({error})") from None
        early = self.get(section, "early_stopping", key, ("dict", None))
        if early is not None:
            k = f"{key}.early_stopping"
            self.get(early, "best_val_loss", k, ("number", None))
            self.get(early, "waited", k, "int")
            best = self.get(early, "best", k, ("list", None))
            if best is not None:
                self.numbers(best, f"{k}.best", n_params)
        return {"epoch": epoch, "settings": settings, "optimizer_state": state,
                "rng_state": rng, "history": self.history(section), "early_stopping": early}

    def settings(self, s: dict) -> TrainingSettings:
        key = "training.settings"
        for name in _SETTINGS:
            if name not in s:
                raise self.fail(f"{key}.{name}", "missing")
        recorded = {k: s[k] for k in _SETTINGS}
        if "train_accuracy" in s:
            recorded["train_accuracy"] = s["train_accuracy"]
            if s["train_accuracy"] not in ("batches", "full"):
                raise self.fail(f"{key}.train_accuracy", 'must be "batches" or "full"')
        self.check(s["optimizer"], f"{key}.optimizer", "dict")
        stop = self.check(s["early_stopping"], f"{key}.early_stopping", ("dict", None))
        try:
            recorded["optimizer"] = optimizers.from_config(s["optimizer"])
            if stop is not None:
                recorded["early_stopping"] = EarlyStopping(**stop)
            return TrainingSettings.checked(**recorded)
        except (NeuronsError, TypeError) as error:
            raise self.fail(key, f"not valid training settings: {error}") from None

    def history(self, section: dict) -> History:
        key = "training.history"
        h = self.get(section, "history", "training", "dict")
        lists = {name: self.numbers(self.get(h, name, key, "list"), f"{key}.{name}")
                 for name in _HISTORY_LISTS}
        return History(path=self.get(h, "path", key, "str"), **lists,
                       stopped_early=self.get(h, "stopped_early", key, "bool"),
                       best_epoch=self.get(h, "best_epoch", key, ("int", None)))
