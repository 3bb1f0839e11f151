"""What training records: the per-epoch :class:`History`, early stopping, and accuracy.

:meth:`History.plot` draws the curves with
:func:`neurons.drawing.training_curves.plot_history`, a view, one layer above this module,
which does not import it: the facade (:mod:`neurons.network`, the top) hands that function
to :func:`set_history_plotter` when it is defined, as it names the default network class
in :mod:`neurons.core`. matplotlib loads only when the first curve is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .compiled import CompiledNetwork
from .data import check_labelled
from .errors import ArgumentTypeError, NeuronsError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .core import NetworkCore
    from .drawing.training_curves import HistoryDisplay

__all__ = ["EarlyStopping", "History", "accuracy", "accuracy_of", "by_class", "set_history_plotter",
           "share_correct"]

# What History.plot calls: plot(history, ax, label). The algorithms sit below the views and
# cannot import them, so the facade (neurons.network) names the drawing function here.
_plotter: list[Callable[..., Any]] = []


def set_history_plotter(plot: Callable[..., Any]) -> None:
    """Make ``plot(history, ax, label)`` what :meth:`History.plot` calls
    (:mod:`neurons.network` calls this once, when it is defined, with a function that loads
    :func:`neurons.drawing.training_curves.plot_history`).

    Examples
    --------
    >>> import neurons  # the facade has named the drawing function
    >>> drawing = _plotter[0]
    >>> set_history_plotter(lambda history, ax, label: f"{label}: {history.epochs} epochs")
    >>> History("vectorized", loss=[0.5, 0.2]).plot(label="sgd")
    'sgd: 2 epochs'
    >>> set_history_plotter(drawing)
    """
    if not callable(plot):
        raise ArgumentTypeError(f"the history plotter must be callable, not {plot!r}")
    _plotter[:] = [plot]


@dataclass
class EarlyStopping:
    """Stop when the validation loss has not improved by ``min_delta`` for ``patience``
    epochs, and restore the parameters of the best epoch."""

    patience: int = 5
    min_delta: float = 0.0


@dataclass
class History:
    """What happened during :func:`train`, one entry per epoch.

    ``loss`` is the mean training loss over the epoch's batches (with the L2
    term), each batch's loss computed before its update, as Keras and
    scikit-learn record it. For classification losses ``accuracy`` is, the
    same way, the share of correct predictions in the batches' own outputs
    (before each update; no second pass over the data), or, with
    ``train(..., train_accuracy="full")``, the accuracy of the network at the
    end of the epoch on the whole training set (one more forward pass).
    ``val_loss`` and ``val_accuracy`` are measured on the validation set after
    the epoch; ``time`` is the wall time since training began, in seconds.
    """

    path: str
    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    time: list[float] = field(default_factory=list)
    stopped_early: bool = False
    best_epoch: int | None = None

    @property
    def epochs(self) -> int:
        """How many epochs ran."""
        return len(self.loss)

    def plot(self, ax: HistoryDisplay | Axes | None = None,
             label: str | None = None) -> HistoryDisplay:
        """Draw the loss curves (and accuracy, on a second axis) against the epoch.

        Training curves are solid, validation curves dashed (accuracy: dotted and
        dash-dot), all in one colour for the run. To compare runs, draw each with a
        ``label`` on the same axes (pass the display the first call returned): each takes
        the next colour, shares the one accuracy axis, and the legend says "label:
        training loss". A new figure uses the constrained layout, so saved, it keeps its
        labels inside. See :func:`neurons.drawing.training_curves.plot_history` (which
        this calls) and :func:`neurons.plot_histories`.

        Parameters
        ----------
        ax : HistoryDisplay or Axes, optional
            Default: a new figure. A display (or axes) drawn before gets this run added.
        label : str, optional
            The run's name in the legend.

        Returns
        -------
        HistoryDisplay
            The loss axes (``ax``), the accuracy axes (``twin``), the ``legend``, the
            ``runs`` and the ``figure``.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> disp = History("vectorized", loss=[0.9, 0.5, 0.3]).plot(label="sgd")
        >>> disp = History("vectorized", loss=[0.8, 0.2, 0.1]).plot(disp, label="momentum")
        >>> [line.get_label() for line in disp.ax.lines]
        ['sgd: training loss', 'momentum: training loss']
        >>> plt.close(disp.figure)
        """
        if not _plotter:  # only while the package itself is still being imported
            raise NeuronsError("History.plot draws with neurons.drawing, which the package "
                               "connects once it is imported: import neurons first")
        return _plotter[0](self, ax, label)

    def __repr__(self) -> str:
        last = f", loss {self.loss[-1]:.4g}" if self.loss else ""
        val = f", val_loss {self.val_loss[-1]:.4g}" if self.val_loss else ""
        return f"<History {self.epochs} epochs on the {self.path} path{last}{val}>"


def accuracy_of(outputs: np.ndarray, T: np.ndarray) -> float:
    """Share of correct predictions, given outputs and targets (both samples x outputs).

    With several outputs and targets that are one-hot rows (or class
    probabilities), a sample is correct when the largest output is the
    target's class; otherwise (one output, or several independent 0/1
    targets) each output is read as ``output > 0.5`` against ``target > 0.5``.

    Examples
    --------
    >>> accuracy_of(np.array([[0.9, 0.1], [0.3, 0.7]]), np.array([[1.0, 0.0], [1.0, 0.0]]))
    0.5
    """
    return share_correct(outputs, T, by_class(outputs.shape[1], T))


def by_class(n_outputs: int, T: np.ndarray) -> bool:
    """Which rule :func:`accuracy_of` applies to these targets: the largest output's class
    (``True``) or each output against 0.5. Training decides it once for the whole set."""
    return n_outputs > 1 and T.shape[1] == n_outputs and bool(np.allclose(T.sum(1), 1))


def share_correct(outputs: np.ndarray, T: np.ndarray, classes: bool) -> float:
    """The share of correct predictions under the rule :func:`by_class` chose."""
    if classes:
        return float(np.mean(outputs.argmax(axis=1) == T.argmax(axis=1)))
    return float(np.mean((outputs > 0.5) == (T > 0.5)))


def accuracy(net: NetworkCore, X: Any, y: Any) -> float:
    """Return the share of samples the network classifies correctly.

    With several outputs the predicted class is the largest output (``y`` as
    class indices or one-hot rows); with one output, the prediction is
    ``output > 0.5`` (``y`` as 0/1).

    Examples
    --------
    >>> from neurons import Network, accuracy
    >>> net = Network.dense([2, 2], activation="identity", seed=0)
    >>> 0.0 <= accuracy(net, [[1.0, 0.0], [0.0, 1.0]], [0, 1]) <= 1.0
    True
    """
    X, T = check_labelled(net, X, y)
    return accuracy_of(CompiledNetwork(net).forward_prepared(X), T)
