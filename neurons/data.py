"""The data a network takes: samples and targets, checked against the network and the loss.

Every public function that takes X (and Y) checks them here, once: the message
names the array, the sample and the input (or output, or label), and whether it
belongs to the validation set. Inner loops (a training step, a batch of the
compiled path) take the arrays these return and check nothing again.

Sequences. A network that is one recurrence unrolled over T steps
(:mod:`neurons.recurrence`, ``Network.rnn``) takes a sample as one sequence laid out
step after step (x1_1 .. x1_n, x2_1, ...): X is samples x (T * inputs), or
samples x T x inputs, which is read as the same. Its targets are one per output
neuron: per step (samples x T x outputs, or samples x (T * outputs)) when it has
outputs at each step, one per sequence (samples x outputs) when at the last. The
loss is a sum or a mean over the steps as over any outputs: ``"sse"`` sums, ``"mse"``
averages over steps and outputs; softmax cross-entropy would mix the steps in one
softmax, so it is refused at each step (it fits ``outputs="last"``).

Examples
--------
>>> from neurons import Network
>>> net = Network.dense([2, 1], seed=0)
>>> check_samples(net, [1, 2]).tolist()
[[1.0, 2.0]]
>>> check_samples(net, [[1, 2, 3]])
Traceback (most recent call last):
...
neurons.errors.ShapeError: X has shape (1, 3); expected (samples, 2) for the inputs x1, x2
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from . import losses
from .checks import as_numbers, first_nonfinite
from .errors import DataError, IncompatibleLossError, NetworkStructureError, ShapeError

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss
    from .recurrence import Recurrence

__all__ = ["check_data", "check_labelled", "check_samples", "check_targets"]


def check_samples(net: NetworkCore, X: Any, *, single: bool = False, what: str = "X") -> np.ndarray:
    """Return X as a float64 array (samples x inputs), or raise naming what is wrong.

    Parameters
    ----------
    net : Network
    X : array-like, (samples, inputs) or (inputs,)
        A 1-D X is one sample.
    single : bool, default False
        Require exactly one sample (``feedforward``, ``explain``).
    what : str, default "X"
        How messages name the array (``"validation X"`` for the validation set).

    Raises
    ------
    NeuronsError
        The network has no neurons yet.
    ShapeError, DataError
        Wrong shape; no samples; a value that is not a finite number (the
        message names the sample and the input).
    """
    if not net.outputs:
        raise NetworkStructureError("the network has no neurons yet: add some with add_neuron")
    arr = as_numbers(X, what)
    n_in = len(net.inputs)
    r = sequences_of(net)
    if r is not None:
        arr = _sequences(r, arr, single, what)
    if arr.size == 0 and arr.ndim <= 2 and arr.shape[-1:] in ((0,), (n_in,)):
        raise DataError(f"{what} has no samples; give at least one row of {n_in} inputs")
    if arr.ndim <= 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] != n_in or (single and arr.shape[0] > 1):
        want = f"({n_in},) for one sample" if single else f"(samples, {n_in})"
        raise ShapeError(
            f"{what} has shape {np.shape(X)}; expected {want} for the inputs "
            f"{_names(net.inputs)}"
        )
    bad = first_nonfinite(arr)
    if bad is not None:
        s, j = bad
        raise DataError(
            f"{what}: sample {s}, input {net.inputs[j]!r} is {arr[s, j]}; inputs must be finite"
        )
    return arr


def check_targets(net: NetworkCore, Y: Any, n_samples: int, loss: Loss, *,
                  what: str = "Y", check_fit: bool = True) -> np.ndarray:
    """Return the targets as the loss uses them (float, samples x outputs), or raise.

    The loss defines the forms it accepts (:meth:`neurons.losses.Loss.targets`);
    here the targets are first checked to be numbers, and (with ``check_fit``)
    the loss is checked to fit the output layer.

    Raises
    ------
    IncompatibleLossError, ShapeError, DataError
    """
    if check_fit:
        loss.check_outputs([net.neuron(o).activation for o in net.outputs], net.outputs)
    if isinstance(Y, numbers.Number) and not isinstance(Y, bool):
        Y = [Y]  # one sample's single target
    arr = as_numbers(Y, what, labels=True)
    r = sequences_of(net)
    if r is not None and tuple(net.outputs) == r.output_names:  # its outputs, no others
        arr = _sequence_targets(r, arr, n_samples, loss, what)
    if n_samples == 1 and arr.ndim <= 1:
        # One sample given as a vector: its target may be a scalar or a vector of outputs.
        arr = arr.reshape(1, -1)
    return loss.targets(arr, n_samples, len(net.outputs), what)


def check_data(net: NetworkCore, X: Any, Y: Any, loss: Loss, *, single: bool = False,
               what: str = "", check_fit: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Check samples and targets together; return (X, T) as float64 arrays.

    ``what`` prefixes the names in messages (``"validation"`` gives
    "validation X", "validation Y").

    Examples
    --------
    >>> from neurons import Network, losses
    >>> net = Network.dense([2, 1], seed=0)
    >>> X, T = check_data(net, [[0, 1], [1, 0]], [1, 0], losses.get("mse"))
    >>> T.tolist()
    [[1.0], [0.0]]
    """
    prefix = f"{what} " if what else ""
    X = check_samples(net, X, single=single, what=f"{prefix}X")
    return X, check_targets(net, Y, X.shape[0], loss, what=f"{prefix}Y", check_fit=check_fit)


def check_labelled(net: NetworkCore, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check samples and class labels for scoring or drawing a classifier; return (X, T).

    One output: ``y`` holds 0/1 labels (or probabilities). Several outputs:
    class indices or one-hot rows. ``T`` is as the matching classification
    loss makes it (samples x outputs); any output activation may be scored.
    """
    loss = losses.get("binary_cross_entropy" if len(net.outputs) == 1 else "softmax_cross_entropy")
    return check_data(net, X, y, loss, check_fit=False)


def sequences_of(net: NetworkCore) -> Recurrence | None:
    """The recurrence whose sequences the network takes (its inputs are exactly the
    recurrence's, step after step), or None.

    Examples
    --------
    >>> from neurons import Network
    >>> sequences_of(Network.rnn(2, 3, 1, steps=4))
    <Recurrence rnn: 2 inputs, 3 hidden, 1 output per step, 4 steps, outputs at each step>
    """
    for r in net.recurrences:
        if len(net.inputs) == r.steps * r.n_inputs and tuple(net.inputs) == r.inputs:
            return r
    return None


def _layout(r: Recurrence) -> str:
    return (f"this network is a recurrence unrolled over {r.steps} steps of {r.n_inputs} "
            f"inputs ({r.describe()})")


def _sequences(r: Recurrence, arr: np.ndarray, single: bool, what: str) -> np.ndarray:
    # samples x steps x inputs (or one steps x inputs sequence) -> samples x (steps * inputs)
    T, n_in = r.steps, r.n_inputs
    if arr.ndim == 3 and arr.shape[1:] == (T, n_in) and arr.shape[0] > 0:
        return arr.reshape(arr.shape[0], T * n_in)
    if single and arr.ndim == 2 and arr.shape == (T, n_in) and T > 1:
        return arr.reshape(1, T * n_in)
    width = arr.shape[-1] if arr.ndim else 0
    if single and arr.ndim == 2 and arr.shape[1] == n_in and arr.shape[0] > 1:
        raise ShapeError(  # one sequence given as steps x inputs, of another length
            f"{what} holds a sequence of {arr.shape[0]} steps (shape {arr.shape}), but "
            f"{_layout(r)}: give {T} steps, or build the network with steps={arr.shape[0]}")
    if (arr.ndim == 3 and arr.shape[2] == n_in) or (arr.ndim == 2 and width % n_in == 0
                                                    and width != T * n_in and width):
        length = arr.shape[1] if arr.ndim == 3 else width // n_in
        raise ShapeError(
            f"{what} holds sequences of {length} steps (shape {arr.shape}), but {_layout(r)}: "
            f"give sequences of {T} steps, or build the network with steps={length}")
    if arr.ndim == 3 or (arr.ndim == 2 and width != T * n_in):
        raise ShapeError(
            f"{what} has shape {arr.shape}, but {_layout(r)}: expected (samples, {T}, {n_in}) "
            f"sequences, or (samples, {T * n_in}) laid out step after step "
            f"(x1_1 .. x1_{n_in}, x2_1, ...)")
    return arr


def _sequence_targets(r: Recurrence, arr: np.ndarray, n_samples: int, loss: Loss,
                      what: str) -> np.ndarray:
    # Per-step targets as samples x steps x outputs -> samples x (steps * outputs); per-step
    # targets given to a network with outputs at the last step only are refused by name.
    T, n_out = r.steps, r.n_outputs
    if r.outputs == "each":
        if T > 1 and loss.name == "softmax_cross_entropy":
            raise IncompatibleLossError(
                f"softmax cross-entropy would take one softmax over the outputs of all {T} "
                f"steps together; for a class per sequence build the network with "
                f"outputs='last', or use mse, sse or binary cross-entropy per step")
        if arr.ndim == 3 and arr.shape == (n_samples, T, n_out):
            return arr.reshape(n_samples, T * n_out)
        return arr
    per_step = ((arr.ndim == 3 and arr.shape[:2] == (n_samples, T))
                or (T > 1 and arr.ndim == 2 and arr.shape == (n_samples, T * n_out)))
    if per_step:
        raise ShapeError(
            f"{what} has shape {arr.shape}: targets for each of the {T} steps, but the network "
            f"has outputs at the last step only (outputs='last'); give one target per "
            f"sequence, ({n_samples}, {n_out}), or build the network with outputs='each'")
    return arr


def _names(names: list[str], limit: int = 12) -> str:
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")
