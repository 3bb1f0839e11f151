"""GIFs: a network training, and one sample's backpropagation step by step.

:func:`animate_training` trains in chunks of epochs and, after each chunk,
draws the network as it is now beside the loss so far. :func:`animate_backprop` shows
what ``draw(net, step=s)`` shows for every step of ``net.steps(x, y)`` (or every layer's
run of steps) on one diagram drawn once and updated frame by frame
(:class:`BackpropFrames`). Both encode their frames once, into a GIF on one palette
(:func:`write_gif`). Only matplotlib, NumPy and Pillow are needed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypedDict

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from ..checks import check_choice, check_count, check_number, check_path
from ..errors import ParameterError
from ..steps import steps
from ..training import train
from .edges import draw_highlight, edge_colours
from .network import NetworkDisplay, draw_picture
from .network import draw as draw_network
from .nodes import bias_text, face_colours, value_text
from .picture import network_picture
from .steps import (
    ROWS,
    add_caption_columns,
    caption_columns,
    caption_lines,
    caption_room,
    draw_step_nodes,
    line_width,
    write_caption,
)
from .steps import frames as group

__all__ = ["BackpropAnimation", "BackpropFrames", "TrainingAnimation", "animate_backprop",
           "animate_training", "rgb", "write_gif"]

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


def _margins(figsize: tuple[float, float]) -> dict[str, float]:
    """Fixed margins of a training frame, in inches turned into fractions: room for the
    loss axes' ticks, labels and title, and between the two for the diagram's colour bar.
    (Fixed, not constrained layout: that would lay out every frame again, which cost
    more than drawing it.)"""
    width, height = figsize
    left, right, bottom, top, gap = 0.05, 0.15, 0.5, 0.35, 1.35  # inches
    room = width - left - right
    return {"left": left / width, "right": 1 - right / width, "bottom": bottom / height,
            "top": 1 - top / height, "wspace": gap / ((room - gap) / 2)}


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
    fig = Figure(figsize=figsize, dpi=dpi)
    losses: list[float] = []
    pictures = []
    for chunk in _chunks(epochs, frames):
        # No progress bar: it would interleave with the frames' output.
        history = train(net, X, Y, epochs=chunk, lr=lr, loss=loss, optimizer=optimizer,
                        batch_size=batch_size, shuffle=shuffle, seed=seed, dtype=dtype, l2=l2,
                        progress=False)
        losses.extend(history.loss)
        # A fresh figure each frame: a diagram may add colour bars, legends or texts
        # outside its axes, which clearing the axes alone would leave behind.
        fig.clear()
        ax_net, ax_loss = fig.subplots(1, 2, width_ratios=(3, 2), gridspec_kw=_margins(figsize))
        draw(net, ax=ax_net)
        _draw_loss(ax_loss, losses, epochs, loss)
        pictures.append(rgb(fig))
    write_gif(pictures, path, fps)  # the settings were accepted: now the file may be written
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


class _Parts(TypedDict):
    """What :class:`BackpropFrames` passes on to :func:`draw_picture` for each drawing."""

    weight_labels: bool | str
    max_labelled_edges: int
    legend: bool


class BackpropFrames:
    """One sample's backpropagation on one diagram, drawn once and updated frame by frame.

    The figure is drawn once, as it is after the last step (wide enough, up to twice its
    width, for the longest equation line to stand whole): every number the steps write
    is on it, so each weight label is placed (:func:`~neurons.drawing.labels.place_labels`)
    at the size of its longest text, and a label with no free spot is left out of every
    frame and counted in the note above the diagram. Each frame then only changes what
    the step changes: the texts (the values known so far, the heading, the equations),
    the faces of the neurons, the faded edges and the halo of the step's nodes and edges,
    as an animation in matplotlib's own style does (``FuncAnimation`` updating artists).
    Since a frame's texts are the final ones or shorter, no two labels overlap in any
    frame.

    Iterating shows each frame in turn and yields the :class:`NetworkDisplay`;
    :func:`animate_backprop` saves each one into a GIF.

    Parameters
    ----------
    net : Network
        Not changed (the update steps only show the new values).
    x, y : one sample and its target
    loss, lr, optimizer, per, scale, names, max_neurons, weight_labels
        As for :func:`animate_backprop`.
    max_labelled_edges, cmap, value_cmap, fmt, legend, text_scale
        As for :func:`animate_backprop`.

    Attributes
    ----------
    steps : Steps
        ``net.steps(x, y, loss, lr=lr, optimizer=optimizer)``.
    runs : list of tuple of Step
        The steps of each frame. Per layer, a phase of a layer is cut into consecutive
        frames where its equations would not fit whole in the caption's columns.
    display : NetworkDisplay
        The one diagram, showing the frame last shown.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> frames = BackpropFrames(net, [1.0, 2.0], 1.0)
    >>> len(frames), [s.index for s in frames.runs[4]]
    (16, [4])
    >>> disp = frames.show(4)
    >>> disp.artists["caption"][0].get_text()
    "delta_o1 = dL/da_o1 f'(z_o1) = (-0.846) * 0.244 = -0.206"
    >>> frames.close()
    """

    def __init__(self, net: Any, x: Any, y: Any, loss: Any = "mse", *,
                 lr: float | None = None, optimizer: Any = "sgd", per: str = "auto",
                 scale: float = 1.0, names: bool = False, max_neurons: int | None = 8,
                 weight_labels: bool | str = "auto", max_labelled_edges: int = 16,
                 cmap: Any = "RdBu_r", value_cmap: Any = "Greens", fmt: str | None = None,
                 legend: bool = True, text_scale: float = 1.0) -> None:
        per = check_choice(per, "per", ("auto", "step", "layer"))
        self.steps = steps(net, x, y, loss, lr=lr, optimizer=optimizer)
        if per == "auto":
            per = "step" if len(self.steps) <= AUTO_STEPS else "layer"
        self._shown = {"names": names, "max_neurons": max_neurons, "cmap": cmap,
                       "value_cmap": value_cmap, "fmt": fmt, "scale": scale,
                       "text_scale": text_scale}
        parts: _Parts = {"weight_labels": weight_labels,
                         "max_labelled_edges": max_labelled_edges, "legend": legend}
        # The last step knows every number: drawn first, its texts are the longest of each.
        runs = group(self.steps, per)
        final = network_picture(net, step=runs[-1], **self._shown)
        self.display = draw_picture(final, **parts)
        widest, room = self._widest()
        if widest > room and text_scale == 1:  # wider, up to twice, for the longest line
            fig = self.display.figure
            width = min(2 * fig.get_figwidth(), fig.get_figwidth() + (widest - room) / fig.dpi
                        + 0.1)
            plt.close(fig)
            self.display = draw_picture(final, **parts, min_width=width)
            widest, room = self._widest()
        if per == "layer":  # as many equations to a frame as fit whole, in columns
            em = self.display.artists["caption"][0].get_fontsize() * self.display.figure.dpi / 72
            columns = max(1, int((room + em) // (widest + em)))  # an em between columns
            runs = group(self.steps, per, max_lines=ROWS * columns)
        self.runs = runs
        columns = max(len(caption_columns(caption_lines(run))) for run in runs)
        disp = self.display
        disp.artists["caption"] += add_caption_columns(
            disp.picture, disp.ax, columns - len(disp.artists["caption"]))
        self._net = net

    def _widest(self) -> tuple[float, float]:
        """The width of the widest equation line of all the steps, and the room for a
        caption line (:func:`~neurons.drawing.steps.caption_room`), in pixels."""
        text = self.display.artists["caption"][0]
        widest = max(line_width(text, line) for line in caption_lines(self.steps))
        return widest, caption_room(self.display.ax)

    def __len__(self) -> int:
        return len(self.runs)

    def __iter__(self) -> Iterator[NetworkDisplay]:
        for k in range(len(self.runs)):
            yield self.show(k)

    def show(self, k: int) -> NetworkDisplay:
        """Update the diagram to show frame ``k`` (its steps done) and return it."""
        disp, art = self.display, self.display.artists
        pic = network_picture(self._net, step=self.runs[k], **self._shown)
        assert pic.step is not None  # made with a step
        ax = disp.ax
        if art["edges"] is not None:
            art["edges"].set_color(edge_colours(pic))
        for old in art["step_edges"]["artists"]:
            old.remove()
        for old in art["step_nodes"]["artists"].values():
            old.remove()
        chain = draw_highlight(pic, ax)
        art["step_edges"] = {"edges": [e for e in pic.step.edges if e in pic.edges],
                             "artists": chain}
        art["step_nodes"] = {"nodes": [n for n in pic.step.nodes if n in pic.role],
                             "artists": draw_step_nodes(pic, ax)}
        for role, dots in art["nodes"].items():
            dots.set_facecolor(face_colours(pic, role))
        for n, text in art["value_labels"].items():
            text.set_text(value_text(pic, n) or "")
        for n, text in art["bias_labels"].items():
            text.set_text(bias_text(pic, n) or "")
        for edge, text in art["weight_labels"].items():
            text.set_text(pic.edge_text[edge])
        write_caption(pic, art["step_heading"], art["caption"], ax)
        art["step"] = pic.step
        disp.picture = pic
        return disp

    def render(self) -> list[np.ndarray]:
        """Show every frame in turn and return each as an RGB array, as ``savefig`` renders it.

        What no frame changes (the colour bars with their ticks, the legend) is rendered
        once; each frame restores it and draws the diagram's axes over it (matplotlib's
        blitting).
        On a canvas that cannot blit, each frame is saved whole.

        Examples
        --------
        >>> from neurons import Network
        >>> frames = BackpropFrames(Network.dense([2, 1], seed=0), [1.0, 2.0], 1.0)
        >>> pictures = frames.render()
        >>> len(pictures), pictures[0].shape == rgb(frames.display.figure).shape
        (6, True)
        >>> frames.close()
        """
        fig, ax = self.display.figure, self.display.ax
        canvas = fig.canvas
        if not (hasattr(canvas, "copy_from_bbox") and hasattr(canvas, "restore_region")
                and hasattr(canvas, "buffer_rgba")):
            return [rgb(disp.figure) for disp in self]
        legend = self.display.artists["legend"]
        ax.set_animated(True)  # left out of the figure's own draw: the rest is the background
        try:
            canvas.draw()
            if legend is not None:  # above the axes, where nothing of a frame reaches
                fig.draw_artist(legend)
                legend.set_visible(False)
            background = canvas.copy_from_bbox(fig.bbox)
            out = []
            for _ in self:
                canvas.restore_region(background)
                fig.draw_artist(ax)
                out.append(np.asarray(canvas.buffer_rgba())[..., :3].copy())
        finally:
            ax.set_animated(False)
            if legend is not None:
                legend.set_visible(True)
        return out

    def close(self) -> None:
        """Close the figure (it is a pyplot figure, as :func:`draw` makes)."""
        plt.close(self.display.figure)


def animate_backprop(net: Any, x: Any, y: Any, loss: Any = "mse", *,
                     path: str | Path = "backprop.gif", lr: float | None = None,
                     optimizer: Any = "sgd", per: str = "auto", fps: float = 0.5,
                     scale: float = 1.0, names: bool = False, max_neurons: int | None = 8,
                     weight_labels: bool | str = "auto", max_labelled_edges: int = 16,
                     cmap: Any = "RdBu_r", value_cmap: Any = "Greens", fmt: str | None = None,
                     legend: bool = True, text_scale: float = 1.0) -> BackpropAnimation:
    """Write a GIF of one sample's backpropagation: one frame per step, or per layer.

    Each frame shows the diagram as it is once the frame's steps are done, as
    ``draw(net, step=...)`` does: their nodes and edges on a halo and all their equations
    underneath (in columns when there are more than four lines). The diagram is drawn once
    and updated for each frame (:class:`BackpropFrames`); the frames are encoded into the
    GIF once, at the end, on one palette. Every frame has the size of a picture for a slide
    (at least 1200 pixels wide times ``scale``).

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
        gradients, the updates of a layer), cut where its equations would not fit.
        "auto": per step up to 40 steps (``AUTO_STEPS``), per layer beyond.
    fps : float, default 0.5
        Frames per second: two seconds to read each step's equation.
    scale : float, default 1.0
    names, max_neurons, weight_labels, max_labelled_edges, cmap, value_cmap, fmt, legend
        As for :func:`~neurons.drawing.network.draw`.
    text_scale : float, default 1.0
        As for :func:`~neurons.drawing.network.draw`: for a small screen.

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
    fps = check_number(fps, "fps", positive=True)
    path = check_path(path, "path")
    shown = BackpropFrames(net, x, y, loss, lr=lr, optimizer=optimizer, per=per, scale=scale,
                           names=names, max_neurons=max_neurons, weight_labels=weight_labels,
                           max_labelled_edges=max_labelled_edges, cmap=cmap,
                           value_cmap=value_cmap, fmt=fmt, legend=legend,
                           text_scale=text_scale)
    try:
        write_gif(shown.render(), path, fps)
    finally:
        shown.close()
    return BackpropAnimation(path, shown.steps, [tuple(s.index for s in run)
                                                 for run in shown.runs])


def rgb(fig: Figure) -> np.ndarray:
    """The figure rendered (as ``savefig`` renders it, at the figure's dpi) as an RGB array.

    Examples
    --------
    >>> rgb(Figure(figsize=(2, 1), dpi=50)).shape
    (50, 100, 3)
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=fig.dpi)
    # The renderer's size, as matplotlib's own writers compute it (truncated).
    width, height = (int(v + 1e-8) for v in fig.get_size_inches() * fig.dpi)
    return np.frombuffer(buffer.getbuffer(), np.uint8).reshape(height, width, 4)[..., :3].copy()


def write_gif(frames: Sequence[np.ndarray], path: str | Path, fps: float) -> Path:
    """Encode RGB frames into a looping GIF, all on one palette of the frames' colours.

    One palette (the most frequent colours exactly, and a fast octree over a few frames,
    which keeps a colour bar's gradient smooth) and no dithering: a region that does not
    change between frames keeps the same bytes, which Pillow's GIF encoder leaves out of
    the next frame, so a diagram whose texts change is small and fast to write.

    Parameters
    ----------
    frames : sequence of array, shape (height, width, 3), uint8
    path : str or Path
        Its folder is created if needed.
    fps : float
        Frames per second.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile
    >>> frames = [np.full((4, 6, 3), v, np.uint8) for v in (0, 255)]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_gif(frames, Path(folder) / "two.gif", fps=2).name
    'two.gif'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = _palette(frames)
    colours = np.array(table, dtype=np.int64).reshape(256, 3)
    # Each colour to its nearest in the palette, exactly (Pillow's own lookup rounds colours
    # to a coarser grid first, which turned white into 252): a table over every 24-bit
    # colour, filled with the colours the frames use as they first appear.
    index = np.zeros(1 << 24, np.uint8)
    known = np.zeros(1 << 24, bool)
    images = []
    for frame in frames:
        packed = _packed(frame)
        new = np.unique(packed[~known[packed]])
        if len(new):
            rgb_new = np.stack([(new >> 16) & 255, (new >> 8) & 255, new & 255], axis=1)
            distance = ((rgb_new[:, None, :].astype(np.int64) - colours[None]) ** 2).sum(-1)
            index[new] = distance.argmin(axis=1)
            known[new] = True
        image = Image.fromarray(index[packed].reshape(frame.shape[:2]), mode="P")
        image.putpalette(table)
        images.append(image)
    images[0].save(path, save_all=True, append_images=images[1:],
                   duration=round(1000 / fps), loop=0)
    return path


def _palette(frames: Sequence[np.ndarray]) -> list[int]:
    """256 colours for every frame: the 48 most frequent of the last frame exactly (the
    white ground, the texts, the faces and edges keep their own colours), and 208 more from
    a fast octree over a few frames (the gradients of the colour bars, the anti-aliasing)."""
    colours, counts = np.unique(_packed(frames[-1]), return_counts=True)
    common = colours[np.argsort(-counts, kind="stable")[:48]]
    picked = [*frames[::max(1, len(frames) // 4)][-4:], frames[-1]]
    palette = Image.fromarray(np.concatenate(picked, axis=0)).quantize(
        208, method=Image.Quantize.FASTOCTREE).getpalette()
    assert palette is not None  # quantize makes a "P" image, which has a palette
    rest = palette[:3 * 208]
    exact = [int(v) for c in common for v in ((c >> 16) & 255, (c >> 8) & 255, c & 255)]
    table = exact + rest
    return table + [0] * (768 - len(table))


def _packed(frame: np.ndarray) -> np.ndarray:
    """Each pixel's colour as one 24-bit integer, the frame flattened."""
    rgb = frame.reshape(-1, 3).astype(np.uint32)
    return (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


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
