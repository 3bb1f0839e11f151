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
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm import tqdm

from . import backprop, losses, optimizers
from .errors import ArgumentTypeError, DivergenceError, ParameterError
from .history import EarlyStopping, History, accuracy, accuracy_of
from .validation import (
    check_choice,
    check_count,
    check_data,
    check_dtype,
    check_flag,
    check_number,
    check_seed,
    check_validation,
)

if TYPE_CHECKING:
    from .losses import Loss
    from .network import Network
    from .optimizers import Optimizer

__all__ = ["EarlyStopping", "History", "accuracy", "train"]


class _NeuronPath:
    """The per-neuron path: every parameter in one vector, in ``net.parameters()`` order."""

    def __init__(self, net: Network, loss: Loss) -> None:
        self.net, self.loss = net, loss
        values = net.parameters()
        self.names = list(values)
        self.params = [np.array(list(values.values()))]
        self.l2_mask = [np.array([n.startswith("w") for n in self.names], dtype=float)]

    def prepare(self, X: Any, Y: Any, what: str = "") -> tuple[np.ndarray, np.ndarray]:
        return check_data(self.net, X, Y, self.loss, what=what)

    def gradients(self, X: np.ndarray, T: np.ndarray) -> tuple[float, list[np.ndarray]]:
        value, grads = backprop.value_and_gradients(self.net, X, T, self.loss, check_input=False)
        return value, [np.array(list(grads.values()))]

    def evaluate(self, X: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
        """The loss (as the per-neuron path computes it) and the outputs."""
        return backprop.evaluate(self.net, X, T, self.loss, check_input=False)

    def sync(self) -> bool:
        """Give the neurons the updated values (the per-neuron path computes from them).

        Returns False, and leaves the neurons as they are, if an update overflowed.
        """
        if not np.isfinite(self.params[0]).all():
            return False
        self.net.set_parameters(dict(zip(self.names, self.params[0].tolist())))
        return True

    write_back = sync


class _VectorizedPath:
    """The vectorized path: the compiled weight blocks and bias vectors."""

    def __init__(self, net: Network, loss: Loss, dtype: Any) -> None:
        self.net, self.loss = net, loss
        self.fast = net.compile(np.float64 if dtype is None else dtype)
        self.params = [b.W for b in self.fast.blocks] + self.fast.biases
        # Absent connections are zeros held by masks, so they add nothing to the penalty.
        self.l2_mask = [None] * len(self.fast.blocks)

    def prepare(self, X: Any, Y: Any, what: str = "") -> tuple[np.ndarray, np.ndarray]:
        return self.fast.prepare(X, Y, self.loss, what)

    def gradients(self, X: np.ndarray, T: np.ndarray) -> tuple[float, list[np.ndarray]]:
        dW, db, value = self.fast.backward(X, T, self.loss)
        return value, dW + db

    def evaluate(self, X: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
        """The loss (as the compiled network computes it) and the outputs."""
        return self.fast.evaluate(X, T, self.loss, check_input=False)

    def sync(self) -> bool:
        return True  # the compiled arrays are the parameters (checked at the next step)

    def write_back(self) -> None:
        self.net.update_from(self.fast)


def train(net: Network, X: Any, Y: Any, *, epochs: int, lr: float, loss: str | Loss = "mse",
          optimizer: str | Optimizer = "sgd", batch_size: int | None = None,
          shuffle: bool = True, seed: int | None = None, path: str = "vectorized",
          dtype: Any = None, validation: tuple[Any, Any] | None = None, l2: float = 0.0,
          progress: bool | None = None,
          early_stopping: int | EarlyStopping | None = None) -> History:
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
    epochs, lr, batch_size, shuffle, seed, path, dtype, l2, progress, stop = _check_settings(
        epochs, lr, batch_size, shuffle, seed, path, dtype, l2, progress, validation,
        early_stopping)
    runner = _VectorizedPath(net, loss, dtype) if path == "vectorized" else _NeuronPath(net, loss)
    X, T = runner.prepare(X, Y)
    val = None if validation is None else runner.prepare(*check_validation(validation),
                                                         what="validation")
    n = X.shape[0]
    size = n if batch_size is None else min(batch_size, n)
    rng = np.random.default_rng(seed)
    params = runner.params
    opt.reset(params)
    history = History(path=path)
    best: list[np.ndarray] | None = None
    best_val, waited = math.inf, 0
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(range(1, epochs + 1), disable=not show, unit="epoch", desc="training",
               file=sys.stderr)
    start = time.perf_counter()
    try:
        for epoch in bar:
            order = rng.permutation(n) if shuffle else np.arange(n)
            at_epoch_start = [p.copy() for p in params]
            total = 0.0
            for step, first in enumerate(range(0, n, size), start=1):
                rows = order[first:first + size]
                # Non-finite values are caught just below and reported as a DivergenceError,
                # so NumPy's own overflow warnings would only repeat it.
                with np.errstate(over="ignore", invalid="ignore"):
                    value, grads = runner.gradients(X[rows], T[rows])
                    value += _l2(params, grads, runner.l2_mask, l2)
                    finite = math.isfinite(value) and all(np.isfinite(g.sum()) for g in grads)
                    if finite:
                        opt.step(params, grads, lr)
                if not (finite and runner.sync()):
                    _diverged(runner, at_epoch_start, epoch, step, value, lr)
                total += value * len(rows)
            history.loss.append(total / n)
            _evaluate(history, runner, loss, l2, X, T, val)
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
                        break
    finally:
        bar.close()
        runner.write_back()
    return history


def _l2(params: list[np.ndarray], grads: list[np.ndarray] | None, masks: list,
        l2: float) -> float:
    """Return the penalty (l2 / 2) sum w^2 and add l2 * w to the weights' gradients.

    ``masks`` has one entry per weight array (they come first in ``params``; the
    biases after them are not penalised): ``None``, or 1.0 where an entry is a weight.
    """
    if not l2:
        return 0.0
    penalty = 0.0
    for i, mask in enumerate(masks):
        w = params[i] if mask is None else params[i] * mask
        if grads is not None:
            grads[i] += l2 * w
        penalty += float(np.vdot(w, w))
    return 0.5 * l2 * penalty


def _evaluate(history: History, runner: Any, loss: Loss, l2: float, X: np.ndarray,
              T: np.ndarray, val: tuple[np.ndarray, np.ndarray] | None) -> None:
    if loss.classification:
        history.accuracy.append(accuracy_of(runner.evaluate(X, T)[1], T))
    if val is not None:
        # The path's own loss: for sigmoid outputs it works from z, as the training loss does.
        value, out = runner.evaluate(*val)
        history.val_loss.append(value + _l2(runner.params, None, runner.l2_mask, l2))
        if loss.classification:
            history.val_accuracy.append(accuracy_of(out, val[1]))


def _diverged(runner: Any, at_epoch_start: list[np.ndarray], epoch: int, step: int,
              value: float, lr: float) -> None:
    kept = "the parameters from before this step"
    if not all(np.isfinite(p).all() for p in runner.params):  # the update itself overflowed
        for p, saved in zip(runner.params, at_epoch_start):
            p[...] = saved
        runner.sync()
        kept = f"the parameters from the start of epoch {epoch}"
    raise DivergenceError(
        f"training diverged at epoch {epoch}, step {step}: the loss or a gradient became "
        f"{value if not math.isfinite(value) else 'non-finite'}. The network keeps {kept}. "
        f"A smaller learning rate (lr={lr:g}) usually helps.", epoch, step)


def _check_settings(epochs, lr, batch_size, shuffle, seed, path, dtype, l2, progress,
                    validation, early_stopping) -> tuple:
    """Every setting of :func:`train`, checked before anything runs; returns them normalised."""
    epochs = check_count(epochs, "epochs")
    lr = check_number(lr, "lr", positive=True)
    batch_size = check_count(batch_size, "batch_size", allow_none=True)
    shuffle = check_flag(shuffle, "shuffle")
    seed = check_seed(seed)
    path = check_choice(path, "path", ("vectorized", "neurons"))
    dtype = None if dtype is None else check_dtype(dtype)
    if path == "neurons" and dtype not in (None, np.float64):
        raise ParameterError("the per-neuron path computes in float64 (Python floats); "
                             "dtype applies to path='vectorized'")
    l2 = check_number(l2, "l2", non_negative=True)
    progress = check_flag(progress, "progress", allow_none=True)
    if early_stopping is None:
        stop = None
    elif isinstance(early_stopping, EarlyStopping):
        check_count(early_stopping.patience, "EarlyStopping.patience")
        check_number(early_stopping.min_delta, "EarlyStopping.min_delta", non_negative=True)
        stop = early_stopping
    elif isinstance(early_stopping, (bool, np.bool_)) or not isinstance(early_stopping, int):
        raise ArgumentTypeError(
            f"early_stopping must be a patience in epochs (an integer such as 5) or an "
            f"EarlyStopping, not {type(early_stopping).__name__} {early_stopping!r}")
    else:
        stop = EarlyStopping(check_count(early_stopping, "early_stopping"))
    if stop is not None and validation is None:
        raise ParameterError("early_stopping watches the validation loss: pass validation=")
    return epochs, lr, batch_size, shuffle, seed, path, dtype, l2, progress, stop
