"""How :mod:`neurons.drawing.history` draws training curves onto an axes, run by run.

:func:`draw_run` adds one run in the next colour of the axes' cycle, one line style per
curve, accuracy on a twin axis shared by every run; :func:`finish_axes` then sets the axis
labels and title and builds the one legend, placed where it covers the fewest curves of
both axes. What was drawn is kept in ``ax.neurons_history``, so a later call adds to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.ticker import MaxNLocator

from ..errors import ParameterError
from .style import SMALL_PT, new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..history import History

__all__ = ["draw_run", "finish_axes", "new_axes"]

# (History attribute, curve name, line style, metric): the legend's words and the styles.
_CURVES = (("loss", "training loss", "-", "loss"),
           ("val_loss", "validation loss", "--", "loss"),
           ("accuracy", "training accuracy", ":", "accuracy"),
           ("val_accuracy", "validation accuracy", "-.", "accuracy"))
_FIGSIZE = (8.0, 4.5)


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


def _state(ax: Axes) -> dict[str, Any]:
    """What this module drew on ``ax`` so far; a later call adds to it."""
    state = getattr(ax, "neurons_history", None)
    if state is None:
        state = {"runs": [], "twin": None, "legend": None, "primary": None, "paths": [],
                 "title": None}
        ax.neurons_history = state
    return state


def _next_color(ax: Axes) -> Any:
    """The next colour of the axes' own cycle (so lines drawn before count), consumed."""
    probe, = ax.plot([], [])
    color = probe.get_color()
    probe.remove()
    return color


def draw_run(ax: Axes, history: History, label: str | None, metrics: tuple[str, ...]) -> None:
    """Draw one run's curves of ``metrics`` on ``ax`` (accuracy on its twin, unless the left
    axis shows accuracy) in the next colour, and record them in ``ax.neurons_history``.

    Call :func:`finish_axes` afterwards for the labels, title and legend.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import History
    >>> ax = new_axes()
    >>> draw_run(ax, History("vectorized", loss=[1.0, 0.5], val_loss=[1.1, 0.7]), "sgd",
    ...          ("loss",))
    >>> sorted(ax.neurons_history["runs"][0]["lines"])
    ['training loss', 'validation loss']
    >>> plt.close(ax.figure)
    """
    state = _state(ax)
    if state["primary"] is None:
        state["primary"] = metrics[0]
    if "loss" in metrics and state["primary"] != "loss":
        raise ParameterError("these axes show accuracy on the left (from plot_histories("
                             "metric='accuracy')); draw loss curves on other axes")
    target = {"loss": ax}
    if "accuracy" in metrics:
        if state["primary"] == "accuracy":
            target["accuracy"] = ax
        else:
            if state["twin"] is None:  # one accuracy axis per axes, whatever the runs
                state["twin"] = ax.twinx()
            target["accuracy"] = state["twin"]
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
    state["runs"].append({"label": label, "color": color, "lines": lines})
    if history.path not in state["paths"]:
        state["paths"].append(history.path)


def finish_axes(ax: Axes) -> None:
    """Set the axis labels, the title (unless the caller chose one) and the one legend,
    after :func:`draw_run` added a run.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from neurons import History
    >>> ax = new_axes()
    >>> draw_run(ax, History("vectorized", loss=[1.0, 0.5]), None, ("loss",))
    >>> finish_axes(ax)
    >>> ax.get_title(), [t.get_text() for t in ax.neurons_history["legend"].get_texts()]
    ('training on the vectorized path', ['training loss'])
    >>> plt.close(ax.figure)
    """
    state = _state(ax)
    twin = state["twin"]
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    for axes, metric in ((ax, state["primary"]), (twin, "accuracy")):
        if axes is None:
            continue
        axes.set_ylabel(metric)
        if metric == "accuracy":
            axes.set_ylim(0, 1.02)
    # Only replace a title this module set: one the caller chose stays.
    if ax.get_title() in ("", state["title"]):
        paths = state["paths"]
        state["title"] = (f"training on the {paths[0]} path" if len(paths) == 1
                          else f"training on the {' and '.join(paths)} paths")
        ax.set_title(state["title"])
    # One legend, run by run, then any labelled lines the caller drew on these axes.
    handles = [line for run in state["runs"] for line in run["lines"].values()]
    ours = set(handles)
    for axes in (ax, twin):
        if axes is not None:
            handles += [h for h in axes.get_legend_handles_labels()[0] if h not in ours]
    for axes in (ax, twin):
        if axes is not None and axes.get_legend() is not None:
            axes.get_legend().remove()
    state["legend"] = _legend(ax, twin, handles)


# Matplotlib's location codes 1-10, in its order of preference for loc="best".
_LOCATIONS = ("upper right", "upper left", "lower left", "lower right", "right", "center left",
              "center right", "lower center", "upper center", "center")


def _legend(ax: Axes, twin: Axes | None, handles: list[Any]) -> Any:
    """The legend, on the axes drawn last (so no curve hides it), where it covers least.

    With a second axis, loc="best" would only avoid the curves of the axes holding the
    legend (accuracy) and could hide the loss; so the place is chosen here, as "best"
    does (fewest points and crossings of curves inside), over the curves of both axes.
    """
    texts = [h.get_label() for h in handles]
    style = {"fontsize": SMALL_PT, "framealpha": 0.8}
    get_renderer = getattr(ax.figure.canvas, "get_renderer", None)
    if twin is None or get_renderer is None:
        return ax.legend(handles, texts, loc="best", **style)
    renderer = get_renderer()
    for axes in (ax, twin):
        axes.get_xlim(), axes.get_ylim()  # bring the autoscaled limits up to date
    paths = [line.get_transform().transform_path(line.get_path())
             for line in (*ax.lines, *twin.lines)]
    best = None
    for loc in _LOCATIONS:
        legend = twin.legend(handles, texts, loc=loc, **style)
        box = legend.get_window_extent(renderer)
        badness = sum(box.count_contains(p.vertices) + p.intersects_bbox(box, filled=False)
                      for p in paths)
        if best is None or badness < best[0]:
            best = (badness, loc)
        if badness == 0:
            break
    return legend if best[1] == loc else twin.legend(handles, texts, loc=best[1], **style)
