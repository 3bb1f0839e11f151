"""Convolution and pooling layers as grids of neurons: who reads what, with which kernel weight.

A convolution layer is an ordinary layer of neurons laid out on a grid of
channels x positions, each reading a small window of the layer before with
the same kernel (shared parameters, :mod:`neurons.parameters`); a pooling layer
is a grid of neurons that each take the largest (max pooling) or the mean
(average pooling) of one window of one channel. A :class:`Grid` records one
such layer: its shapes, kernel, stride and zero padding, the names of the nodes
it reads and of the neurons it made, and its kernel's parameter names.

The geometry lives here once. :func:`neurons.builders.from_architecture` wires
neurons from it, and the vectorized path (:mod:`neurons.compiled`) reads it to
run the layer as a convolution, after checking that the neurons are still wired
as the grid says.

Shapes are channel first, as in PyTorch: ``(channels, length)`` for 1-D and
``(channels, height, width)`` for 2-D; nodes are listed row by row within a
channel, channel after channel (node ``c * H * W + r * W + s`` is channel c, row
r, column s, all from 0 here; names count from 1).

Examples
--------
A 1-D convolution of 5 inputs with a kernel of 3: three neurons, each reading three
neighbours.

>>> g = Grid.convolution("c1", ["x1", "x2", "x3", "x4", "x5"], (1, 5), channels=1, kernel=3)
>>> g.out_shape, g.neurons, g.kernel_names
((1, 3), ('c1_1_1', 'c1_1_2', 'c1_1_3'), ('k1_1_1_1', 'k1_1_1_2', 'k1_1_1_3'))
>>> [[g.inputs[i] for i in row] for row in g.sources()][1]
['x2', 'x3', 'x4']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

import numpy as np

from .errors import ArgumentTypeError, ShapeError, UnknownNameError

__all__ = ["Grid", "spatial"]


def spatial(value: Any, dims: int, what: str, layer: str, minimum: int = 1) -> tuple[int, ...]:
    """``value`` (an int, or one int per spatial axis) as a tuple of ``dims`` ints."""
    items = (value,) * dims if isinstance(value, (int, np.integer)) else value
    if (isinstance(items, (str, bytes)) or not isinstance(items, Sequence)
            or len(items) != dims or any(isinstance(v, bool) or not isinstance(v, (int, np.integer))
                                         for v in items)):
        raise ArgumentTypeError(f"layer {layer}: {what} must be an integer or {dims} integers, "
                                f"not {value!r}")
    if any(v < minimum for v in items):
        raise ShapeError(f"layer {layer}: {what} must be at least {minimum}, not {value!r}")
    return tuple(int(v) for v in items)


@dataclass(frozen=True, repr=False)
class Grid:
    """One convolution or pooling layer (see the module).

    Attributes
    ----------
    kind : {"conv", "max", "average"}
    name : str
        The layer's name, the prefix of its neurons' names (``"c1"``, ``"p1"``).
    in_shape, out_shape : tuple of int
        Channels first, then length (1-D) or height and width (2-D).
    kernel, stride : tuple of int
        Per spatial axis.
    padding : tuple of (int, int)
        Zeros added before and after, per spatial axis.
    inputs, neurons : tuple of str
        The nodes read and the neurons made, each in shape order.
    kernel_names : tuple of str
        A convolution's shared weights, out channels x in channels x kernel, row by row.
    bias_names : tuple of str
        A convolution's shared biases, one per output channel (empty: no bias).
    """

    kind: str
    name: str
    in_shape: tuple[int, ...]
    out_shape: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[tuple[int, int], ...]
    inputs: tuple[str, ...]
    neurons: tuple[str, ...]
    kernel_names: tuple[str, ...] = ()
    bias_names: tuple[str, ...] = ()

    # -- making one ---------------------------------------------------------------------------
    @classmethod
    def convolution(cls, name: str, inputs: Sequence[str], in_shape: Sequence[int],
                    channels: int, kernel: Any, stride: Any = 1, padding: Any = "valid",
                    bias: bool = True, number: int | None = None) -> Grid:
        """The grid of a convolution layer reading ``inputs`` laid out as ``in_shape``.

        ``padding`` is "valid" (none), "same" (output as long as the input; stride 1),
        or a number of zeros per side (an int or one per axis). Neurons are named
        ``{name}_{channel}_{row}_{column}`` (``{name}_{channel}_{position}`` in 1-D),
        kernel weights ``k{number}_{out}_{in}_{row}_{column}`` and biases
        ``kb{number}_{out}``, all counted from 1; ``number`` defaults to the digits
        of ``name``.
        """
        in_shape = cls._check_shape(name, inputs, in_shape)
        dims = len(in_shape) - 1
        kernel = spatial(kernel, dims, "kernel", name)
        stride = spatial(stride, dims, "stride", name)
        if isinstance(channels, bool) or not isinstance(channels, (int, np.integer)) \
                or channels < 1:
            raise ShapeError(f"layer {name}: channels must be a positive integer, not "
                             f"{channels!r}")
        if isinstance(padding, str):
            if padding == "valid":
                pads = ((0, 0),) * dims
            elif padding == "same":
                if any(s != 1 for s in stride):
                    raise ShapeError(f"layer {name}: padding='same' needs stride 1 (as in "
                                     f"PyTorch); give the padding as a number of zeros instead")
                pads = tuple(((k - 1) // 2, k - 1 - (k - 1) // 2) for k in kernel)
            else:
                raise ArgumentTypeError(f"layer {name}: padding must be 'valid', 'same' or a "
                                        f"number of zeros, not {padding!r}")
        else:
            pads = tuple((p, p) for p in spatial(padding, dims, "padding", name, minimum=0))
        out = cls._out_spatial(name, in_shape[1:], kernel, stride, pads, "kernel")
        number = number if number is not None else int("".join(c for c in name if c.isdigit())
                                                          or 1)
        c_in = in_shape[0]
        neurons = tuple(f"{name}_{c + 1}_" + "_".join(str(i + 1) for i in pos)
                        for c in range(channels) for pos in np.ndindex(*out))
        kernel_names = tuple(f"k{number}_{o + 1}_{i + 1}_" + "_".join(str(t + 1) for t in tap)
                             for o in range(channels) for i in range(c_in)
                             for tap in np.ndindex(*kernel))
        bias_names = tuple(f"kb{number}_{o + 1}" for o in range(channels)) if bias else ()
        made = cls("conv", name, in_shape, (channels, *out), kernel, stride, pads,
                   tuple(inputs), neurons, kernel_names, bias_names)
        if not made.windows()[1].any(axis=1).all():
            raise ShapeError(f"layer {name}: with padding {padding!r} some windows of the "
                             f"kernel {kernel} read nothing but padding; use less padding "
                             f"(below the kernel size)")
        return made

    @classmethod
    def pooling(cls, name: str, inputs: Sequence[str], in_shape: Sequence[int], kind: str,
                size: Any, stride: Any = None) -> Grid:
        """The grid of a pooling layer (``kind`` "max" or "average"): windows of ``size``
        moved by ``stride`` (default: ``size``, windows side by side), in each channel.
        The windows must cover the input exactly. Neurons are named as a convolution's."""
        in_shape = cls._check_shape(name, inputs, in_shape)
        dims = len(in_shape) - 1
        size = spatial(size, dims, "size", name)
        stride = size if stride is None else spatial(stride, dims, "stride", name)
        pads = ((0, 0),) * dims
        out = cls._out_spatial(name, in_shape[1:], size, stride, pads, "pooling window")
        for axis, (n, k, s, o) in enumerate(zip(in_shape[1:], size, stride, out)):
            left = n - ((o - 1) * s + k)
            if left:
                raise ShapeError(
                    f"layer {name}: pooling windows of {k} moved by {s} cover {n - left} of "
                    f"the {n} positions along axis {axis + 1}, leaving {left} out; choose a "
                    f"size and stride that fit (for example size {_divisor(n, k)})")
        neurons = tuple(f"{name}_{c + 1}_" + "_".join(str(i + 1) for i in pos)
                        for c in range(in_shape[0]) for pos in np.ndindex(*out))
        return cls(kind, name, in_shape, (in_shape[0], *out), size, stride, pads,
                   tuple(inputs), neurons)

    @staticmethod
    def _check_shape(name: str, inputs: Sequence[str], in_shape: Sequence[int]) -> tuple:
        if isinstance(in_shape, (str, bytes)) or not isinstance(in_shape, Sequence) \
                or len(in_shape) not in (2, 3):
            raise ShapeError(f"layer {name}: in_shape must be (channels, length) or (channels, "
                             f"height, width), not {in_shape!r}")
        shape = spatial(tuple(in_shape), len(in_shape), "in_shape", name)
        if prod(shape) != len(inputs):
            raise ShapeError(f"layer {name}: in_shape {shape} holds {prod(shape)} values but "
                             f"the layer before has {len(inputs)} nodes")
        return shape

    @staticmethod
    def _out_spatial(name: str, size: tuple[int, ...], kernel: tuple[int, ...],
                     stride: tuple[int, ...], pads: tuple[tuple[int, int], ...],
                     what: str) -> tuple[int, ...]:
        out = []
        for n, k, s, (before, after) in zip(size, kernel, stride, pads):
            if k > n + before + after:
                padded = f" padded to {n + before + after}" if before + after else ""
                raise ShapeError(f"layer {name}: the {what} ({k}) is larger than the input "
                                 f"({n}{padded}); use a smaller {what} or more padding")
            out.append((n + before + after - k) // s + 1)
        return tuple(out)

    # -- geometry -----------------------------------------------------------------------------
    @property
    def dims(self) -> int:
        """1 or 2: the number of spatial axes."""
        return len(self.kernel)

    def windows(self) -> tuple[np.ndarray, np.ndarray]:
        """Every output position's window: ``(index, valid)``, both (positions x taps).

        ``index[p, t]`` is the input position (within one channel, row-major) that tap t of
        output position p reads; ``valid`` is False where the tap falls on padding.
        """
        size = self.in_shape[1:]
        out = np.indices(self.out_shape[1:]).reshape(self.dims, -1).T
        taps = np.indices(self.kernel).reshape(self.dims, -1).T
        before = np.array([b for b, _ in self.padding])
        at = out[:, None, :] * np.array(self.stride) - before + taps[None, :, :]
        valid = np.all((at >= 0) & (at < np.array(size)), axis=2)
        index = np.ravel_multi_index(tuple(np.moveaxis(at, 2, 0)), size, mode="clip")
        return index, valid

    def sources(self) -> list[list[int]]:
        """For each neuron (in ``neurons`` order), the positions in ``inputs`` it
        reads, in input order: channel by channel, each window row by row."""
        index, valid = self.windows()
        per_channel = prod(self.in_shape[1:])
        if self.kind == "conv":  # every input channel, the same for every output channel
            c_in = self.in_shape[0]
            full = (index[:, None, :] + per_channel * np.arange(c_in)[None, :, None]
                    ).reshape(len(index), -1)
            return _kept(full, np.tile(valid, (1, c_in))) * self.out_shape[0]
        full = (index[None] + per_channel * np.arange(self.out_shape[0])[:, None, None])
        return _kept(full.reshape(-1, index.shape[1]), np.tile(valid, (self.out_shape[0], 1)))

    def kernel_taps(self) -> list[list[int]]:
        """For each neuron of a convolution, the positions in ``kernel_names`` of the
        weights on its edges, in the order of :meth:`sources`."""
        _, valid = self.windows()
        k = prod(self.kernel)
        c_in, c_out = self.in_shape[0], self.out_shape[0]
        taps = np.arange(c_out * c_in * k).reshape(c_out, 1, c_in * k)
        full = np.broadcast_to(taps, (c_out, len(valid), c_in * k)).reshape(-1, c_in * k)
        return _kept(full, np.tile(valid, (c_out, c_in)))

    def describe(self) -> str:
        """One line: what the layer is, e.g. ``c1: conv 3x3, 1x8x8 -> 4x6x6``."""
        x = "x".join
        what = {"conv": "conv", "max": "max pool", "average": "average pool"}[self.kind]
        return (f"{self.name}: {what} {x(map(str, self.kernel))}, "
                f"{x(map(str, self.in_shape))} -> {x(map(str, self.out_shape))}")

    def __repr__(self) -> str:
        pads = ",".join(f"{b}+{a}" if a != b else str(b) for b, a in self.padding)
        stride = "x".join(map(str, self.stride))
        return f"<Grid {self.describe()}, stride {stride}, padding {pads}>"

    def check_network_inputs(self, net: Any) -> None:
        """Raise :class:`UnknownNameError` unless every node the layer reads exists."""
        missing = [n for n in self.inputs if n not in net.graph]
        if missing:
            raise UnknownNameError(f"layer {self.name} reads nodes the network does not have: "
                                   f"{', '.join(missing[:5])}; add them first")


def _divisor(n: int, k: int) -> int:
    # The size nearest k that divides n, to suggest in a message.
    return min((d for d in range(1, n + 1) if n % d == 0), key=lambda d: (abs(d - k), d))


def _kept(full: np.ndarray, valid: np.ndarray) -> list[list[int]]:
    # Each row's entries where valid is True, as lists (one tolist when nothing is padding).
    if valid.all():
        return full.tolist()
    return [row[v].tolist() for row, v in zip(full, valid)]
