"""Training curves: one run's :class:`~neurons.history.History`, or several runs on one axes.

One visual grammar throughout, so that runs drawn on the same axes stay apart:

* the colour says which run (each run takes the next colour of the axes' cycle);
* the line style says which curve: training loss solid, validation loss dashed,
  training accuracy dotted, validation accuracy dash-dot;
* loss is on the left axis, accuracy on a second axis on the right (one twin per
  axes, shared by every run drawn there), from 0 to 1;
* one legend lists every curve of every run, "label: training loss" when a run has a
  label.

:meth:`History.plot <neurons.history.History.plot>` draws one run (call it again on the
same axes with another ``label`` to add a run); :func:`plot_histories` draws several at once.
Figures made here use matplotlib's constrained layout, so a saved figure keeps its axis
labels and legend inside. This module checks the runs; :mod:`neurons.drawing.curves` draws
them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..checks import check_choice
from ..errors import ArgumentTypeError, DataError, ParameterError, ShapeError
from ..history import History
from .curves import draw_run, finish_axes, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_histories", "plot_history"]


def plot_history(history: History, ax: Axes | None = None, label: str | None = None) -> Axes:
    """Draw one run's loss curves, and its accuracy on a second axis, against the epoch.

    This is :meth:`History.plot <neurons.history.History.plot>`.

    Parameters
    ----------
    history : History
    ax : Axes, optional
        Drawn into; by default a new figure (constrained layout). An axes this function
        (or :func:`plot_histories`) drew on before keeps its accuracy axis and legend,
        and the new run takes the next colour.
    label : str, optional
        Names the run in the legend: ``"momentum"`` gives "momentum: training loss".
        Pass one per run when several runs share the axes.

    Returns
    -------
    Axes
        The loss axes, with ``ax.neurons_history``: a dict with ``"runs"`` (one dict per
        run drawn here: ``"label"``, ``"color"``, ``"lines"`` curve name -> Line2D),
        ``"twin"`` (the accuracy axes, or None), ``"legend"`` and ``"primary"`` (what the
        left axis shows, ``"loss"``).

    Raises
    ------
    ArgumentTypeError
        When ``history`` is not a History or ``label`` not a string.
    DataError
        For a history without epochs.
    ParameterError
        For axes whose left axis shows accuracy (from ``plot_histories(metric="accuracy")``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import History
    >>> sgd = History("vectorized", loss=[1.0, 0.6, 0.4], accuracy=[0.5, 0.75, 1.0])
    >>> adam = History("vectorized", loss=[0.8, 0.3, 0.1], accuracy=[0.5, 1.0, 1.0])
    >>> ax = plot_history(sgd, label="sgd")
    >>> ax = plot_history(adam, ax=ax, label="adam")
    >>> for text in ax.neurons_history["legend"].get_texts():
    ...     print(text.get_text())
    sgd: training loss
    sgd: training accuracy
    adam: training loss
    adam: training accuracy
    >>> len(ax.figure.axes)  # one accuracy axis for both runs
    2
    >>> plt.close(ax.figure)
    """
    history = _check_history(history, "history")
    label = _check_label(label, "label")
    metrics = ("loss", "accuracy") if history.accuracy else ("loss",)
    ax = new_axes() if ax is None else ax
    draw_run(ax, history, label, metrics)
    finish_axes(ax)
    return ax


def plot_histories(histories: Mapping[str, History] | Sequence[History],
                   labels: Sequence[str] | None = None, ax: Axes | None = None,
                   metric: str = "loss") -> Axes:
    """Draw several runs on one axes, with a legend that tells them apart.

    Each run takes its own colour; the line style says which curve (training solid,
    validation dashed for loss; dotted and dash-dot for accuracy).

    Parameters
    ----------
    histories : dict of label -> History, or sequence of History
        A dict names the runs by its keys (``{"sgd": h1, "momentum": h2}``).
    labels : sequence of str, optional
        The runs' names when ``histories`` is a sequence; default "run 1", "run 2", ...
    ax : Axes, optional
        Drawn into (and added to, as :func:`plot_history` adds); by default a new figure
        with constrained layout.
    metric : {"loss", "accuracy", "both"}, default "loss"
        The curves to draw. ``"accuracy"`` draws it on the left axis (every history must
        have it); ``"both"`` draws loss on the left and accuracy on a second axis, as
        :meth:`History.plot <neurons.history.History.plot>` does.

    Returns
    -------
    Axes
        With ``ax.neurons_history`` as :func:`plot_history` describes it.

    Raises
    ------
    ArgumentTypeError
        For something that is not a History, or a label that is not a string.
    ShapeError
        When ``labels`` and ``histories`` differ in number.
    DataError
        For no histories, a history without epochs, or (``metric="accuracy"``) one
        without accuracy.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import History
    >>> runs = {"lr 0.1": History("vectorized", loss=[1.0, 0.9, 0.8], val_loss=[1.1, 1.0, 0.9]),
    ...         "lr 1.0": History("vectorized", loss=[1.0, 0.5, 0.2], val_loss=[1.1, 0.6, 0.4])}
    >>> ax = plot_histories(runs)
    >>> for line in ax.lines:
    ...     print(line.get_label(), line.get_linestyle())
    lr 0.1: training loss -
    lr 0.1: validation loss --
    lr 1.0: training loss -
    lr 1.0: validation loss --
    >>> ax.lines[0].get_color() == ax.lines[1].get_color() != ax.lines[2].get_color()
    True
    >>> plt.close(ax.figure)
    """
    metric = check_choice(metric, "metric", ("loss", "accuracy", "both"))
    if isinstance(histories, History):
        raise ArgumentTypeError("plot_histories takes several histories (a list or a dict of "
                                "them); for one, call history.plot()")
    if isinstance(histories, Mapping):
        if labels is not None:
            raise ArgumentTypeError("histories is a dict, whose keys are the labels: "
                                    "leave labels out")
        labels, runs = list(histories.keys()), list(histories.values())
    elif isinstance(histories, (str, bytes)) or not isinstance(histories, Sequence):
        raise ArgumentTypeError(f"histories must be a list or a dict of History objects, not "
                                f"{type(histories).__name__}")
    else:
        runs = list(histories)
        if labels is None:
            labels = [f"run {i}" for i in range(1, len(runs) + 1)]
        elif isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence):
            raise ArgumentTypeError(f"labels must be a list of strings, one per history, not "
                                    f"{type(labels).__name__} {labels!r}")
    if not runs:
        raise DataError("histories is empty: there is no run to plot")
    if len(labels) != len(runs):
        raise ShapeError(f"{len(runs)} histories but {len(labels)} labels; give one label per "
                         f"history")
    checked = []
    for i, (run, name) in enumerate(zip(runs, labels)):
        run = _check_history(run, f"histories[{name!r}]" if isinstance(histories, Mapping)
                             else f"histories[{i}]")
        name = _check_label(name, f"the label of histories[{i}]", allow_none=False)
        if metric == "accuracy" and not run.accuracy:
            raise DataError(f"run {name!r} recorded no accuracy (only classification losses "
                            f"do: binary_cross_entropy, softmax_cross_entropy); use "
                            f"metric='loss'")
        checked.append((run, name))
    ax = new_axes() if ax is None else ax
    for run, name in checked:
        metrics = {"loss": ("loss",), "accuracy": ("accuracy",),
                   "both": ("loss", "accuracy") if run.accuracy else ("loss",)}[metric]
        draw_run(ax, run, name, metrics)
    finish_axes(ax)
    return ax


# -- helpers --------------------------------------------------------------------------------------
def _check_history(history: Any, what: str) -> History:
    if not isinstance(history, History):
        raise ArgumentTypeError(f"{what} must be a History (what train returns), not "
                                f"{type(history).__name__}")
    if not history.epochs:
        raise DataError(f"{what} has no epochs: there is nothing to plot")
    return history


def _check_label(label: Any, what: str, allow_none: bool = True) -> str | None:
    if label is None and allow_none:
        return None
    if not isinstance(label, str):
        raise ArgumentTypeError(f"{what} must be a string, not {type(label).__name__} {label!r}")
    if not label.strip():
        raise ParameterError(f"{what} must name the run, not {label!r}")
    return label
