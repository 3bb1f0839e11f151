"""Training curves: one run's :class:`~neurons.history.History`, or several runs on one axes.

One visual grammar throughout, so that runs drawn on the same axes stay apart:

* the colour says which run (each run takes the next colour of the axes' cycle);
* the line style says which curve: training loss solid, validation loss dashed,
  training accuracy dotted, validation accuracy dash-dot;
* loss is on the left axis, accuracy on a second axis on the right (one twin per
  axes, shared by every run drawn there), from 0 to 1;
* one legend lists every curve of every run, "label: training loss" when a run has a
  label.

=============================  ===============================================================
:func:`plot_history`           one run (what :meth:`History.plot` draws); again on the same
                               axes with another ``label`` to add a run
:func:`plot_histories`         several runs at once
:class:`HistoryDisplay`        what they drew: the loss axes, the accuracy axes, the legend,
                               the runs
:func:`draw_run`               one run's curves on a display's axes, in the next colour
:func:`finish_axes`            the axis labels, the title and the one legend
=============================  ===============================================================

Figures made here use matplotlib's constrained layout, so a saved figure keeps its axis
labels and legend inside.

Nothing is written on the matplotlib objects: what was drawn is kept in the
:class:`HistoryDisplay` the functions return, and a later call given that display (as
``ax``) adds to it. Axes given without a display are read back: the accuracy axis is
the twin that shares their x axis and is labelled "accuracy", the runs drawn before are
their lines labelled with a curve's name (``"sgd: training loss"``), grouped by label and
colour in the order of the legend, and the paths come from the title this module set.

:meth:`History.plot <neurons.history.History.plot>` draws with :func:`plot_history`, but
:mod:`neurons.history` (an algorithm: what training records) does not import this module,
a view one layer above it: the facade, :mod:`neurons.network`, hands :func:`plot_history` to
:func:`neurons.history.set_history_plotter` when it is defined, loading this module (and
matplotlib) only when the first curve is drawn.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args, overload

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.ticker import MaxNLocator

from ..checks import check_choice
from ..errors import ArgumentTypeError, DataError, ParameterError, ShapeError
from ..history import History
from .style import SMALL_PT, figure_of, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D

__all__ = ["HistoryDisplay", "draw_run", "finish_axes", "new_axes", "plot_histories",
           "plot_history"]

# (History attribute, curve name, line style, metric): the legend's words and the styles.
_CURVES = (("loss", "training loss", "-", "loss"),
           ("val_loss", "validation loss", "--", "loss"),
           ("accuracy", "training accuracy", ":", "accuracy"),
           ("val_accuracy", "validation accuracy", "-.", "accuracy"))
_FIGSIZE = (8.0, 4.5)
# A line of a run drawn here: "training loss", or "<label>: training loss".
_CURVE_LABEL = re.compile(r"(?:(?P<label>.+): )?(?P<curve>" + "|".join(
    curve for _, curve, _, _ in _CURVES) + ")")
_TITLE = re.compile(r"training on the (?P<paths>.+?) paths?")


@dataclass(eq=False)
class HistoryDisplay:
    """What :func:`plot_history` and :func:`plot_histories` drew, to add runs to and inspect.

    In the style of scikit-learn's ``*Display`` objects: pass it back as ``ax`` (to
    :meth:`History.plot <neurons.history.History.plot>`, :func:`plot_history` or
    :func:`plot_histories`) and the next run joins these axes, its accuracy axis and its
    legend; the call returns this same display, updated.

    Attributes
    ----------
    ax : matplotlib Axes
        The left axis: loss (accuracy, for ``plot_histories(metric="accuracy")``).
    twin : matplotlib Axes or None
        The accuracy axis on the right, shared by every run; None until a run has accuracy.
    legend : Legend or None
        The one legend (on the axes drawn last, so no curve covers it).
    runs : list of dict
        One per run drawn, in order: ``"label"`` (str or None), ``"color"`` and ``"lines"``
        (curve name, such as ``"training loss"``, -> Line2D).
    primary : {"loss", "accuracy"} or None
        What the left axis shows; None before the first run.
    paths : list of str
        The paths the runs trained on ("vectorized", "neurons"), for the title.
    title : str or None
        The title this module set (a title the caller chose is kept, and not this).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import History
    >>> disp = History("vectorized", loss=[1.0, 0.5], accuracy=[0.5, 1.0]).plot(label="sgd")
    >>> disp.primary, [run["label"] for run in disp.runs], disp.twin.get_ylabel()
    ('loss', ['sgd'], 'accuracy')
    >>> disp.figure.axes == [disp.ax, disp.twin]
    True
    >>> plt.close(disp.figure)
    """

    ax: Axes
    twin: Axes | None = None
    legend: Legend | None = None
    runs: list[dict[str, Any]] = field(default_factory=list)
    primary: str | None = None
    paths: list[str] = field(default_factory=list)
    title: str | None = None

    @property
    def figure(self) -> Figure:
        """The figure holding the axes (to save, or to close)."""
        return figure_of(self.ax)


def plot_history(history: History, ax: Axes | HistoryDisplay | None = None,
                 label: str | None = None) -> HistoryDisplay:
    """Draw one run's loss curves, and its accuracy on a second axis, against the epoch.

    This is :meth:`History.plot <neurons.history.History.plot>`.

    Parameters
    ----------
    history : History
    ax : HistoryDisplay or Axes, optional
        Drawn into; by default a new figure (constrained layout). A display this function
        (or :func:`plot_histories`) returned before keeps its accuracy axis and legend,
        and the new run takes the next colour; so do axes drawn on before, read back (see
        the module).
    label : str, optional
        Names the run in the legend: ``"momentum"`` gives "momentum: training loss".
        Pass one per run when several runs share the axes.

    Returns
    -------
    HistoryDisplay
        The loss axes (``ax``), the accuracy axes (``twin``, or None), the ``legend`` and
        the ``runs`` drawn there; the display given as ``ax``, updated, when there was one.

    Raises
    ------
    ArgumentTypeError
        When ``history`` is not a History, ``label`` not a string, or ``ax`` neither an
        Axes nor a HistoryDisplay.
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
    >>> disp = plot_history(sgd, label="sgd")
    >>> plot_history(adam, ax=disp, label="adam") is disp
    True
    >>> for text in disp.legend.get_texts():
    ...     print(text.get_text())
    sgd: training loss
    sgd: training accuracy
    adam: training loss
    adam: training accuracy
    >>> len(disp.figure.axes)  # one accuracy axis for both runs
    2
    >>> plt.close(disp.figure)
    """
    history = _check_history(history, "history")
    label = _check_label(label, "label")
    _check_ax(ax)
    metrics = ("loss", "accuracy") if history.accuracy else ("loss",)
    disp = _display(ax)
    draw_run(disp, history, label, metrics)
    finish_axes(disp)
    return disp


def plot_histories(histories: Mapping[str, History] | Sequence[History],
                   labels: Sequence[str] | None = None,
                   ax: Axes | HistoryDisplay | None = None,
                   metric: str = "loss") -> HistoryDisplay:
    """Draw several runs on one axes, with a legend that tells them apart.

    Each run takes its own colour; the line style says which curve (training solid,
    validation dashed for loss; dotted and dash-dot for accuracy).

    Parameters
    ----------
    histories : dict of label -> History, or sequence of History
        A dict names the runs by its keys (``{"sgd": h1, "momentum": h2}``).
    labels : sequence of str, optional
        The runs' names when ``histories`` is a sequence; default "run 1", "run 2", ...
    ax : HistoryDisplay or Axes, optional
        Drawn into (and added to, as :func:`plot_history` adds); by default a new figure
        with constrained layout.
    metric : {"loss", "accuracy", "both"}, default "loss"
        The curves to draw. ``"accuracy"`` draws it on the left axis (every history must
        have it); ``"both"`` draws loss on the left and accuracy on a second axis, as
        :meth:`History.plot <neurons.history.History.plot>` does.

    Returns
    -------
    HistoryDisplay
        As :func:`plot_history` returns it.

    Raises
    ------
    ArgumentTypeError
        For something that is not a History, a label that is not a string, or an ``ax``
        that is neither an Axes nor a HistoryDisplay.
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
    >>> disp = plot_histories(runs)
    >>> for line in disp.ax.lines:
    ...     print(line.get_label(), line.get_linestyle())
    lr 0.1: training loss -
    lr 0.1: validation loss --
    lr 1.0: training loss -
    lr 1.0: validation loss --
    >>> lines = disp.ax.lines
    >>> lines[0].get_color() == lines[1].get_color() != lines[2].get_color()
    True
    >>> plt.close(disp.figure)
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
    _check_ax(ax)
    disp = _display(ax)
    for run, name in checked:
        metrics = {"loss": ("loss",), "accuracy": ("accuracy",),
                   "both": ("loss", "accuracy") if run.accuracy else ("loss",)}[metric]
        draw_run(disp, run, name, metrics)
    finish_axes(disp)
    return disp


# -- drawing, run by run ------------------------------------------------------------------------
def new_axes() -> Axes:
    """A new figure's axes for training curves: slide size, constrained layout.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = new_axes()
    >>> ax.figure.get_layout_engine() is not None
    True
    >>> plt.close(ax.figure)
    """
    # Constrained layout: a saved figure keeps the x label, the right-hand "accuracy"
    # label and the legend inside its edges.
    # At slide size: at least SLIDE_PX wide, text of at least SMALL_PT points.
    return new_figure(*_FIGSIZE, layout="constrained").add_subplot()


def draw_run(disp: HistoryDisplay, history: History, label: str | None,
             metrics: tuple[str, ...]) -> None:
    """Draw one run's curves of ``metrics`` on the display's axes (accuracy on its twin,
    unless the left axis shows accuracy) in the next colour, and add the run to ``disp``.

    Call :func:`finish_axes` afterwards for the labels, title and legend.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import History
    >>> disp = HistoryDisplay(new_axes())
    >>> draw_run(disp, History("vectorized", loss=[1.0, 0.5], val_loss=[1.1, 0.7]), "sgd",
    ...          ("loss",))
    >>> sorted(disp.runs[0]["lines"])
    ['training loss', 'validation loss']
    >>> plt.close(disp.figure)
    """
    ax = disp.ax
    if disp.primary is None:
        disp.primary = metrics[0]
    if "loss" in metrics and disp.primary != "loss":
        raise ParameterError("these axes show accuracy on the left (from plot_histories("
                             "metric='accuracy')); draw loss curves on other axes")
    target = {"loss": ax}
    if "accuracy" in metrics:
        if disp.primary == "accuracy":
            target["accuracy"] = ax
        else:
            if disp.twin is None:  # one accuracy axis per axes, whatever the runs
                disp.twin = ax.twinx()
            target["accuracy"] = disp.twin
    color = _next_color(ax)
    epochs = np.arange(1, history.epochs + 1)
    lines = {}
    for attr, curve, style, metric in _CURVES:
        values = getattr(history, attr)
        if metric not in metrics or not values:
            continue
        text = curve if label is None else f"{label}: {curve}"
        lines[curve], = target[metric].plot(epochs[:len(values)], values, style, color=color,
                                            label=text)
    disp.runs.append({"label": label, "color": color, "lines": lines})
    if history.path not in disp.paths:
        disp.paths.append(history.path)


def finish_axes(disp: HistoryDisplay) -> None:
    """Set the axis labels, the title (unless the caller chose one) and the one legend,
    after :func:`draw_run` added a run.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import History
    >>> disp = HistoryDisplay(new_axes())
    >>> draw_run(disp, History("vectorized", loss=[1.0, 0.5]), None, ("loss",))
    >>> finish_axes(disp)
    >>> disp.ax.get_title(), [t.get_text() for t in disp.legend.get_texts()]
    ('training on the vectorized path', ['training loss'])
    >>> plt.close(disp.figure)
    """
    ax, twin = disp.ax, disp.twin
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    for axes, metric in ((ax, disp.primary), (twin, "accuracy")):
        if axes is None:
            continue
        axes.set_ylabel("" if metric is None else metric)  # no run yet: matplotlib's "" for None
        if metric == "accuracy":
            axes.set_ylim(0, 1.02)
    # Only replace a title this module set: one the caller chose stays.
    if ax.get_title() in ("", disp.title):
        paths = disp.paths
        disp.title = (f"training on the {paths[0]} path" if len(paths) == 1
                      else f"training on the {' and '.join(paths)} paths")
        ax.set_title(disp.title)
    # One legend, run by run, then any labelled lines the caller drew on these axes.
    handles = [line for run in disp.runs for line in run["lines"].values()]
    ours = set(handles)
    for axes in (ax, twin):
        if axes is not None:
            handles += [h for h in axes.get_legend_handles_labels()[0] if h not in ours]
    for axes in (ax, twin):
        old = axes.get_legend() if axes is not None else None
        if old is not None:
            old.remove()
    disp.legend = _legend(ax, twin, handles)


# -- helpers --------------------------------------------------------------------------------------
def _check_ax(ax: Any) -> None:
    if ax is not None and not isinstance(ax, (Axes, HistoryDisplay)):
        raise ArgumentTypeError(f"ax must be a matplotlib Axes or the HistoryDisplay a plot "
                                f"returned, not {type(ax).__name__}")


def _display(ax: Axes | HistoryDisplay | None) -> HistoryDisplay:
    """The display to draw into: a new figure's, the one given, or one read from the axes."""
    if ax is None:
        return HistoryDisplay(new_axes())
    if isinstance(ax, HistoryDisplay):
        return ax
    return _read_back(ax)


def _read_back(ax: Axes) -> HistoryDisplay:
    """A display for axes given without one, from what the axes show (see the module)."""
    twin = next((other for other in ax.get_shared_x_axes().get_siblings(ax)
                 if other is not ax and other.get_ylabel() == "accuracy"
                 and other.yaxis.get_label_position() == "right"
                 and np.allclose(other.get_position().bounds, ax.get_position().bounds)),
                None)
    lines = [*ax.lines, *(twin.lines if twin is not None else ())]
    legend = ax.get_legend() or (twin.get_legend() if twin is not None else None)
    if legend is not None:  # the legend's order: run by run
        order = [text.get_text() for text in legend.get_texts()]
        lines.sort(key=lambda line: order.index(line.get_label())
                   if line.get_label() in order else len(order))
    runs: dict[tuple[str | None, tuple[float, ...]], dict[str, Any]] = {}
    for line in lines:
        found = _CURVE_LABEL.fullmatch(str(line.get_label()))
        if found is None:
            continue
        key = (found["label"], to_rgba(line.get_color()))
        run = runs.setdefault(key, {"label": found["label"], "color": line.get_color(),
                                    "lines": {}})
        run["lines"].setdefault(found["curve"], line)
    for run in runs.values():  # each run's curves in the order draw_run draws them
        run["lines"] = {curve: run["lines"][curve] for _, curve, _, _ in _CURVES
                        if curve in run["lines"]}
    title = _TITLE.fullmatch(ax.get_title())
    primary = ax.get_ylabel() if runs and ax.get_ylabel() in ("loss", "accuracy") else None
    return HistoryDisplay(
        ax, twin=twin, legend=legend, runs=list(runs.values()), primary=primary,
        paths=title["paths"].split(" and ") if title else [],
        title=title.group(0) if title else None)


def _next_color(ax: Axes) -> Any:
    """The next colour of the axes' own cycle (so lines drawn before count), consumed."""
    probe, = ax.plot([], [])
    color = probe.get_color()
    probe.remove()
    return color


# Matplotlib's location codes 1-10, in its order of preference for loc="best".
_Location = Literal["upper right", "upper left", "lower left", "lower right", "right",
                    "center left", "center right", "lower center", "upper center", "center"]
_LOCATIONS: tuple[_Location, ...] = get_args(_Location)


def _legend(ax: Axes, twin: Axes | None, handles: list[Line2D]) -> Legend:
    """The legend, on the axes drawn last (so no curve hides it), where it covers least.

    With a second axis, loc="best" would only avoid the curves of the axes holding the
    legend (accuracy) and could hide the loss; so the place is chosen here, as "best"
    does (fewest points and crossings of curves inside), over the curves of both axes.
    """
    texts = [str(h.get_label()) for h in handles]
    style = {"fontsize": SMALL_PT, "framealpha": 0.8}
    get_renderer = getattr(ax.figure.canvas, "get_renderer", None)
    if twin is None or get_renderer is None:
        return ax.legend(handles, texts, loc="best", **style)
    renderer = get_renderer()
    for axes in (ax, twin):
        axes.get_xlim(), axes.get_ylim()  # bring the autoscaled limits up to date
    paths = [line.get_transform().transform_path(line.get_path())
             for line in (*ax.lines, *twin.lines)]
    best: tuple[int, _Location] | None = None
    for loc in _LOCATIONS:
        legend = twin.legend(handles, texts, loc=loc, **style)
        box = legend.get_window_extent(renderer)
        badness = sum(box.count_contains(p.vertices) + p.intersects_bbox(box, filled=False)
                      for p in paths)
        if best is None or badness < best[0]:
            best = (badness, loc)
        if badness == 0:
            break
    assert best is not None  # the loop ran: _LOCATIONS is not empty
    return legend if best[1] == loc else twin.legend(handles, texts, loc=best[1], **style)


def _check_history(history: Any, what: str) -> History:
    if not isinstance(history, History):
        raise ArgumentTypeError(f"{what} must be a History (what train returns), not "
                                f"{type(history).__name__}")
    if not history.epochs:
        raise DataError(f"{what} has no epochs: there is nothing to plot")
    return history


@overload
def _check_label(label: Any, what: str, allow_none: Literal[False]) -> str: ...
@overload
def _check_label(label: Any, what: str, allow_none: bool = True) -> str | None: ...
def _check_label(label: Any, what: str, allow_none: bool = True) -> str | None:
    if label is None and allow_none:
        return None
    if not isinstance(label, str):
        raise ArgumentTypeError(f"{what} must be a string, not {type(label).__name__} {label!r}")
    if not label.strip():
        raise ParameterError(f"{what} must name the run, not {label!r}")
    return label
