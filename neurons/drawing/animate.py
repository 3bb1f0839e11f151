"""GIFs: a network training, and one sample's backpropagation step by step.

:func:`animate_training` trains in chunks of epochs and, after each chunk,
draws the network as it is now beside the loss so far, and adds that picture to
a GIF (matplotlib's ``PillowWriter``). :func:`animate_backprop` draws
``draw(net, step=s)`` for every step of ``net.steps(x, y)`` (or every layer's run of
steps) into one GIF. Only matplotlib and Pillow are needed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import PillowWriter
from matplotlib.figure import Figure

from ..checks import check_choice, check_count, check_number, check_path
from ..errors import ParameterError
from ..steps import steps
from ..training import train
from .layout import fresh_axes
from .network import draw as draw_network
from .network import draw_picture
from .picture import network_picture
from .steps import frames as group

__all__ = ["BackpropAnimation", "TrainingAnimation", "animate_backprop", "animate_training"]

AUTO_STEPS = 40  # per="auto": one frame per step up to this many steps, else one per layer


class TrainingAnimation(NamedTuple):
    """What :func:`animate_training` made.

    Attributes
    ----------
    path : Path
        The GIF.
    losses : list of float
        The training loss of every epoch (``History.loss`` of all chunks, joined).
    figure : Figure
        The last frame: ``figure.axes[0]`` the diagram, ``figure.axes[1]`` the loss.
    """

    path: Path
    losses: list[float]
    figure: Figure


def _chunks(epochs: int, frames: int) -> list[int]:
    """Split ``epochs`` into ``frames`` positive parts differing by at most one."""
    base, extra = divmod(epochs, frames)
    return [base + (i < extra) for i in range(frames)]


def animate_training(net: Any, X: Any, Y: Any, *, epochs: int, lr: float,
                     path: str | Path = "training.gif", frames: int = 20, loss: Any = "mse",
                     fps: float = 5, draw: Callable[..., Any] | None = None,
                     figsize: tuple[float, float] = (10.0, 4.0), dpi: float = 80,
                     optimizer: Any = "sgd", batch_size: int | None = None,
                     shuffle: bool = True, seed: int | None = None, dtype: Any = None,
                     l2: float = 0.0) -> TrainingAnimation:
    """Train ``net`` on (X, Y) and write a GIF with one frame per chunk of epochs.

    The ``epochs`` are spread evenly over the ``frames`` (so ``epochs >= frames``);
    after each chunk, the frame shows the network diagram on the left and the loss
    curve so far on the right.

    Each chunk is one call of ``net.train(X, Y, epochs=chunk, lr=lr, loss=loss,
    optimizer=optimizer, batch_size=batch_size, shuffle=shuffle, seed=seed, dtype=dtype,
    l2=l2, progress=False)``. Every call starts its optimizer afresh, so
    plain ``"sgd"`` gives exactly the parameters of one long run without shuffling,
    while the state of ``"momentum"``, ``"adam"`` and the others (and a shuffling
    ``seed``, which restarts its sequence) begins again at each frame.

    Parameters
    ----------
    net : Network
        Trained in place: afterwards it holds the trained parameters.
    X, Y : array_like
        As for :meth:`neurons.Network.train`.
    epochs : int
    lr : float
    path : str or Path, default "training.gif"
        Where to write the GIF (its folder is created if needed).
    frames : int, default 20
    loss : str or Loss, default "mse"
    fps : float, default 5
        Frames per second of the GIF.
    draw : callable, optional
        ``draw(net, ax=ax)`` draws the diagram into ``ax``; default
        :func:`neurons.drawing.network.draw`.
    figsize : (float, float), default (10, 4)
    dpi : float, default 80
        The GIF is ``figsize * dpi`` pixels.
    optimizer, batch_size, shuffle, seed, dtype, l2
        The settings of each chunk's training, as :func:`neurons.train` takes them.

    Returns
    -------
    TrainingAnimation
        ``(path, losses, figure)``.

    Raises
    ------
    ParameterError
        For ``frames < 1`` or ``epochs < frames``; ``net.train``'s own errors otherwise.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.datasets import two_moons
    >>> X, y = two_moons(200, seed=0)
    >>> net = Network.dense([2, 4, 1], seed=0)
    >>> gif, losses, _ = animate_training(net, X, y, epochs=100, lr=0.5,
    ...                                   path="moons.gif")  # doctest: +SKIP
    """
    frames = check_count(frames, "frames")
    if check_count(epochs, "epochs") < frames:
        raise ParameterError(f"epochs ({epochs!r}) must be an integer of at least frames "
                             f"({frames}): every frame shows at least one more epoch")
    path = check_path(path, "path")
    draw = draw_network if draw is None else draw
    # A bare Figure, not pyplot: nothing is registered globally, so nothing needs closing.
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    losses: list[float] = []
    writer = PillowWriter(fps=fps)
    for i, chunk in enumerate(_chunks(epochs, frames)):
        # No progress bar: it would interleave with the frames' output.
        history = train(net, X, Y, epochs=chunk, lr=lr, loss=loss, optimizer=optimizer,
                        batch_size=batch_size, shuffle=shuffle, seed=seed, dtype=dtype, l2=l2,
                        progress=False)
        if i == 0:  # the settings were accepted: now the file may be started
            path.parent.mkdir(parents=True, exist_ok=True)
            writer.setup(fig, str(path), dpi)
        losses.extend(history.loss)
        # A fresh figure each frame: a diagram may add colour bars, legends or texts
        # outside its axes, which clearing the axes alone would leave behind.
        fig.clear()
        ax_net, ax_loss = fig.subplots(1, 2, width_ratios=(3, 2))
        draw(net, ax=ax_net)
        _draw_loss(ax_loss, losses, epochs, loss)
        writer.grab_frame()
    writer.finish()  # writes the GIF (the frames were kept in memory)
    return TrainingAnimation(path, losses, fig)


class BackpropAnimation(NamedTuple):
    """What :func:`animate_backprop` made.

    Attributes
    ----------
    path : Path
        The GIF.
    steps : Steps
        The steps of the sample (``net.steps(x, y, ...)``).
    frames : list of tuple of int
        The indices of the steps each frame shows, in order (one per frame of the GIF).
    """

    path: Path
    steps: Any
    frames: list[tuple[int, ...]]


def animate_backprop(net: Any, x: Any, y: Any, loss: Any = "mse", *,
                     path: str | Path = "backprop.gif", lr: float | None = None,
                     optimizer: Any = "sgd", per: str = "auto", fps: float = 0.5,
                     scale: float = 1.0, names: bool = False, max_neurons: int | None = 8,
                     weight_labels: bool | str = "auto", max_labelled_edges: int = 16,
                     cmap: Any = "RdBu_r", value_cmap: Any = "Greens", fmt: str | None = None,
                     legend: bool = True) -> BackpropAnimation:
    """Write a GIF of one sample's backpropagation: one frame per step, or per layer.

    Each frame is ``draw(net, step=...)``: the diagram as it is once the frame's steps are
    done, their nodes and edges on a halo and their equations underneath. Every frame has
    the size of a picture for a slide (at least 1200 pixels wide times ``scale``).

    Parameters
    ----------
    net : Network
        Not changed (the update steps only show the new values).
    x, y : one sample and its target
    loss : str or Loss, default "mse"
    path : str or Path, default "backprop.gif"
        Where to write the GIF (its folder is created if needed).
    lr : float, optional
        Add the update steps of one training step with ``optimizer``.
    optimizer : str or Optimizer, default "sgd"
    per : {"auto", "step", "layer"}, default "auto"
        One frame per step, or per run of steps of one phase in one layer (the forward
        pass through a layer, the loss, the backward pass through a layer with its
        gradients, the updates of a layer). "auto": per step up to :data:`AUTO_STEPS`
        steps, per layer beyond.
    fps : float, default 0.5
        Frames per second: two seconds to read each step's equation.
    scale : float, default 1.0
    names, max_neurons, weight_labels, max_labelled_edges, cmap, value_cmap, fmt, legend
        As for :func:`~neurons.drawing.network.draw`.

    Returns
    -------
    BackpropAnimation
        ``(path, steps, frames)``.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> gif = animate_backprop(net, [1.0, 2.0], 1.0, path="steps.gif")  # doctest: +SKIP
    >>> len(gif.frames), len(gif.steps)  # doctest: +SKIP
    (16, 16)
    """
    per = check_choice(per, "per", ("auto", "step", "layer"))
    fps = check_number(fps, "fps", positive=True)
    path = check_path(path, "path")
    record = steps(net, x, y, loss, lr=lr, optimizer=optimizer)
    if per == "auto":
        per = "step" if len(record) <= AUTO_STEPS else "layer"
    runs = group(record, per)
    # The figure is sized by the longest run (the most caption lines; this also checks the
    # settings), then cleared and drawn again for every frame: all frames have its size,
    # and their colour bars stand in its margin.
    shown = {"names": names, "max_neurons": max_neurons, "cmap": cmap, "value_cmap": value_cmap,
             "fmt": fmt, "scale": scale}  # what network_picture decides
    parts = {"weight_labels": weight_labels, "max_labelled_edges": max_labelled_edges,
             "legend": legend}  # how draw_picture draws it
    disp = draw_network(net, step=max(runs, key=len), **shown, **parts)
    fig = disp.figure
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = PillowWriter(fps=fps)
        writer.setup(fig, str(path), fig.dpi)
        for run in runs:
            pic = network_picture(net, step=run, **shown)
            disp = draw_picture(pic, fresh_axes(disp.ax), own_figure=disp.own_figure, **parts)
            writer.grab_frame()
        writer.finish()  # writes the GIF (the frames were kept in memory)
    finally:
        plt.close(fig)
    return BackpropAnimation(path, record, [tuple(s.index for s in run) for run in runs])


def _draw_loss(ax: Any, losses: list[float], epochs: int, loss: Any) -> None:
    done = np.arange(1, len(losses) + 1)
    ax.plot(done, losses, color="tab:blue", lw=1.5)
    ax.plot(done[-1:], losses[-1:], "o", color="tab:blue", ms=4)
    # The x axis is fixed to the whole run so the curve visibly grows frame by frame.
    ax.set_xlim(0, epochs + 1)
    ax.set_ylim(0, 1.05 * max(losses) if max(losses) > 0 else 1.0)
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"training loss ({getattr(loss, 'name', loss)})")
    ax.set_title(f"epoch {len(losses)} of {epochs}: loss {losses[-1]:.4g}")
    ax.grid(alpha=0.3)
