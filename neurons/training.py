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
"""

from __future__ import annotations

import math
import sys
import time
from os import PathLike
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm import tqdm

from . import losses, optimizers
from .checkpoint import Checkpoint, capture, load_checkpoint
from .errors import (
    ArgumentTypeError,
    DivergenceError,
    FileAccessError,
    NeuronsError,
    ParameterError,
)
from .history import EarlyStopping, History, accuracy, accuracy_of, by_class, share_correct
from .runners import NeuronPath, VectorizedPath
from .validation import (
    check_choice,
    check_path,
    check_training_settings,
    check_validation,
    first_nonfinite,
)

if TYPE_CHECKING:
    from .losses import Loss
    from .network import Network
    from .optimizers import Optimizer

__all__ = ["EarlyStopping", "History", "accuracy", "train"]


def train(net: Network, X: Any, Y: Any, *, epochs: int, lr: float, loss: str | Loss = "mse",
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
        :mod:`neurons.checkpoint`. Costs a write-back and a save per epoch.
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
    loss = losses.get(loss)
    opt = optimizers.get(optimizer)
    train_accuracy = check_choice(train_accuracy, "train_accuracy", ("batches", "full"))
    epochs, lr, batch_size, shuffle, seed, path, dtype, l2, progress, stop = (
        check_training_settings(epochs, lr, batch_size, shuffle, seed, path, dtype, l2,
                                progress, validation, early_stopping))
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
            resume = load_checkpoint(resume)
        if not isinstance(resume, Checkpoint):
            raise ArgumentTypeError(
                f"resume takes a Checkpoint (from neurons.load_checkpoint) or its file, not "
                f"{type(resume).__name__}")
        resume.check_fits(net, opt)
    runner = VectorizedPath(net, loss, dtype) if path == "vectorized" else NeuronPath(net, loss)
    X, T = runner.prepare(X, Y)
    val = None if validation is None else runner.prepare(*check_validation(validation),
                                                         what="validation")
    settings = {"loss": loss.name, "optimizer": opt, "lr": lr, "batch_size": batch_size,
                "shuffle": shuffle, "seed": seed, "path": path,
                "dtype": None if dtype is None else dtype.name, "l2": l2, "early_stopping": stop,
                "train_accuracy": train_accuracy}
    n = X.shape[0]
    size = n if batch_size is None else min(batch_size, n)
    classes = by_class(T.shape[1], T) if loss.classification else None
    labels = T.argmax(axis=1) if classes else None  # class indices, found once
    rng = np.random.default_rng(seed)
    params = runner.params
    opt.reset(params)
    history = History(path=path)
    best: list[np.ndarray] | None = None
    best_val, waited = math.inf, 0
    if resume is not None:  # continue where the checkpoint's run stopped
        history = resume.restore(runner, opt, rng)
        history.path = path
        if resume.early_stopping is not None and stop is not None:
            best_val, waited, best = _early_state(resume.early_stopping, runner)
    done = history.epochs
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(range(done + 1, done + epochs + 1), disable=not show, unit="epoch",
               desc="training", file=sys.stderr)
    start = time.perf_counter() - (history.time[-1] if history.time else 0.0)
    try:
        for epoch in bar:
            Xe, Te, Le = X, T, labels  # one gather per epoch, then contiguous batches
            if shuffle:
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
                    value += _l2(params[0], grads[0], runner.n_weights, l2)
                    finite = math.isfinite(value) and first_nonfinite(grads[0]) is None
                    if finite:
                        opt.step(params, grads, lr)
                    if not (finite and runner.sync()):
                        _diverged(runner, at_epoch_start, epoch, step, value, lr)
                    total += value * out.shape[0]
                    if Le is not None:  # the class with the largest output, as accuracy_of
                        correct += np.count_nonzero(out.argmax(axis=1) == Le[rows])
                    elif classes is not None:
                        correct += share_correct(out, Te[rows], classes) * out.shape[0]
            history.loss.append(total / n)
            if classes is not None:
                history.accuracy.append(
                    correct / n if train_accuracy == "batches"
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
                        for p, b in zip(params, best):
                            p[...] = b
                        runner.sync()
                        history.stopped_early = True
            if checkpoint is not None:
                runner.write_back()
                capture(net, settings, history, runner, opt, rng,
                        None if stop is None else (best_val, waited, best)).save(checkpoint)
            if history.stopped_early:
                break
    finally:
        bar.close()
        runner.write_back()
    if resume is not None:  # the Checkpoint object moves on with the run it continued
        resume.advance(capture(net, settings, history, runner, opt, rng,
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


def _l2(params: np.ndarray, grad: np.ndarray | None, n_weights: int, l2: float) -> float:
    """Return the penalty (l2 / 2) sum w^2 and add l2 * w to the weights' gradients.

    ``params`` holds the weights first (``n_weights`` of them), then the biases, which
    are not penalised; absent connections of the vectorized path are zeros.
    """
    if not l2:
        return 0.0
    w = params[:n_weights]
    if grad is not None:
        grad[:n_weights] += l2 * w
    return 0.5 * l2 * float(np.vdot(w, w))


def _evaluate(history: History, runner: Any, loss: Loss, l2: float,
              val: tuple[np.ndarray, np.ndarray] | None) -> None:
    if val is not None:
        # The path's own loss: for sigmoid outputs it works from z, as the training loss does.
        value, out = runner.evaluate(*val)
        history.val_loss.append(value + _l2(runner.params[0], None, runner.n_weights, l2))
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
