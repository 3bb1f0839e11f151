"""One neuron: weights, an optional bias and an activation.

A neuron computes z = w . x + b and outputs a = f(z). On its own it is the
first thing every course builds; inside a :class:`neurons.Network` it is one
node of the graph, and its weights are the weights of its incoming edges.

The neuron is the single owner of its own parameters. ``weights`` is a read-only
array: to change weights assign a whole new list (``neuron.weights = [...]``)
or call :meth:`neurons.Network.set_weight`. The graph's edges read their
``weight`` attribute from the neuron (:mod:`neurons.graph`), so the graph and
the neurons can never disagree.

Three kinds of neuron beyond the plain one come with convolutional networks:

* an input (or the bias) may use a *shared parameter* the network owns
  (:mod:`neurons.parameters`): the neuron reads its value from the network's
  table whenever its weights are asked for, so it holds no copy;
* a *fixed* neuron's weights and bias are constants, not parameters (average
  pooling: every weight 1/n, nothing to learn);
* a *max* neuron (``kind="max"``) computes z = max_j a_j, the largest of its
  inputs (max pooling); its weights are fixed ones and it has no bias.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from . import activations
from .activations import Activation
from .checks import check_choice, check_flag, check_number, check_vector, check_weights
from .errors import ParameterError, ShapeError

if TYPE_CHECKING:
    from .parameters import SharedParameters

__all__ = ["Neuron"]


class Neuron:
    """A single neuron a = f(w·x + b).

    Parameters
    ----------
    weights : sequence of float
        One weight per input, in input order.
    bias : float or None, default 0.0
        The bias b. ``None`` means the neuron has no bias parameter at all
        (several classic examples use none); then z = w . x.
    activation : str or Activation, default "sigmoid"
        See :mod:`neurons.activations`.
    name : str, optional
        Set by the network the neuron belongs to; ``""`` until then (like ``inputs``,
        which is ``()`` until then), so a neuron in a network always has a ``str`` name.
    kind : {"sum", "max"}, default "sum"
        "sum" computes z = w . x + b; "max" computes z = max_j x_j (max pooling),
        with fixed weights of one and no bias.
    fixed : bool, default False
        The weights and bias are constants, not parameters: they are not listed
        among the network's parameters and training leaves them alone (average
        pooling). A "max" neuron is always fixed.

    Examples
    --------
    >>> Neuron([0, 1], 4).feedforward([2, 3])
    0.9990889488055994
    >>> Neuron([1, 1, 1], None, "identity", kind="max").feedforward([2, 7, 3])
    7.0
    """

    # The weights as Python floats, made on first use after they change (``weight_list``).
    _weight_list: list[float] | None

    def __init__(
        self,
        weights: Sequence[float] | np.ndarray,
        bias: float | None = 0.0,
        activation: str | Activation = "sigmoid",
        *,
        name: str | None = None,
        kind: str = "sum",
        fixed: bool = False,
    ) -> None:
        self.name: str = "" if name is None else name
        self.activation = activations.get(activation)
        self.kind = check_choice(kind, "kind", ("sum", "max"))
        self.fixed = check_flag(fixed, "fixed") or self.kind == "max"
        if self.kind == "max" and bias is not None:
            raise ParameterError(f"{self._label()} takes the largest of its inputs and has no "
                                 f"bias: build it with bias=None")
        self._bias = None if bias is None else check_number(bias, self._label("bias"))
        # Shared parameters, set by the network (neurons.parameters): the table, the input
        # positions that read it and their places in it, and the bias's place.
        self._table: SharedParameters | None = None
        self._shared_at: tuple[int, ...] = ()
        self._shared_index: tuple[int, ...] = ()
        self._shared_bias: int | None = None
        self._seen = -1  # the table's version the gathered weights were read at
        self._set_weights(check_weights(weights, self._label()))
        self.inputs: tuple[str, ...] = ()  # source names, set by the Network

    # -- parameters --------------------------------------------------------------------------
    @property
    def weights(self) -> np.ndarray:
        """The weights, one per input (read-only array; assign a new list to change them).

        Inputs that use a shared parameter show its current value.
        """
        if not self._shared_at:
            return self._weights
        if self._seen != self._table.version:  # type: ignore[union-attr]
            self._gather()
        return self._gathered

    @weights.setter
    def weights(self, values: Sequence[float] | np.ndarray) -> None:
        self._refuse_shared("weights")
        self._set_weights(check_weights(values, self._label(), expected=len(self._weights)))

    @property
    def bias(self) -> float | None:
        """The bias, or ``None`` for a neuron without a bias parameter."""
        if self._shared_bias is not None:
            return self._table.list()[self._shared_bias]  # type: ignore[union-attr]
        return self._bias

    @bias.setter
    def bias(self, value: float) -> None:
        if self._bias is None:
            raise ParameterError(
                f"{self._label()} was built with bias=None and has no bias parameter to set"
            )
        if self._shared_bias is not None:
            self._refuse_shared("bias")
        self._bias = check_number(value, self._label("bias"))

    @property
    def has_bias(self) -> bool:
        """Whether the neuron has a bias (its own, shared or fixed)."""
        return self._bias is not None

    # -- what is whose ------------------------------------------------------------------------
    @property
    def shared(self) -> tuple[str | None, ...]:
        """For each input position, the shared parameter it uses, or ``None`` (its own weight).

        Examples
        --------
        >>> Neuron([1.0, 2.0]).shared
        (None, None)
        """
        names: list[str | None] = [None] * len(self._weights)
        if self._shared_at:
            table = self._table.names  # type: ignore[union-attr]
            for i, p in zip(self._shared_at, self._shared_index):
                names[i] = table[p]
        return tuple(names)

    @property
    def shared_bias(self) -> str | None:
        """The shared parameter the bias is, or ``None``."""
        if self._shared_bias is None:
            return None
        return self._table.names[self._shared_bias]  # type: ignore[union-attr]

    @property
    def own_positions(self) -> tuple[int, ...]:
        """The input positions whose weight is this neuron's own parameter (none if fixed)."""
        if self.fixed:
            return ()
        if not self._shared_at:
            return tuple(range(len(self._weights)))
        tied = set(self._shared_at)
        return tuple(i for i in range(len(self._weights)) if i not in tied)

    @property
    def has_own_bias(self) -> bool:
        """Whether the bias is a parameter of this neuron's own (not shared, not fixed)."""
        return self._bias is not None and not self.fixed and self._shared_bias is None

    @property
    def own_weights(self) -> np.ndarray:
        """The values of :attr:`own_positions`, in order (read-only; no copy for a neuron
        whose weights are all its own)."""
        if self.fixed:
            return self._weights[:0]
        if not self._shared_at:
            return self._weights
        return self._weights[list(self.own_positions)]

    def set_own_parameters(self, values: np.ndarray, bias: float | None) -> None:
        """Set the own weights (a checked float64 array, one per :attr:`own_positions`) and
        the own bias (``None``: leave it), as the network's parameter vector gives them."""
        if not self._shared_at:
            self.set_parameters(values, bias, check=False)
            return
        w = self._weights.copy()
        w[list(self.own_positions)] = values
        if bias is not None:
            self._bias = bias
        self._set_weights(w)
        self._seen = -1

    def use_shared(self, table: SharedParameters, positions: Sequence[int],
                   indices: Sequence[int], bias: int | None) -> None:
        """Read the weights at ``positions`` (and the bias, when ``bias`` is given) from
        ``table``'s entries ``indices`` (and ``bias``). Called by the network that owns
        the table, once, when the neuron joins it."""
        self._table = table
        self._shared_at, self._shared_index = tuple(positions), tuple(indices)
        self._at = np.array(self._shared_at, dtype=np.intp)
        self._index = np.array(self._shared_index, dtype=np.intp)
        self._shared_bias = bias
        self._seen = -1
        self._weight_list = None

    def __setstate__(self, state: dict) -> None:
        # A neuron pickled before shared parameters existed: a plain one.
        defaults = {"kind": "sum", "fixed": False, "_table": None, "_shared_at": (),
                    "_shared_index": (), "_shared_bias": None, "_seen": -1}
        self.__dict__.update({**defaults, **state})

    def twin(self, name: str, shared_bias: int | None = None) -> Neuron:
        """A neuron like this one under another name, sharing its (read-only) weights array
        and its shared positions: how a grid layer makes thousands of alike neurons without
        checking each again. ``shared_bias`` is the twin's bias's place in the table."""
        made = object.__new__(Neuron)
        made.__dict__.update(self.__dict__)
        made.name = name
        if shared_bias is not None:
            made._shared_bias = shared_bias
        return made

    def _gather(self) -> None:
        table = self._table
        w = self._weights.copy()
        w[self._at] = table.array()[self._index]  # type: ignore[union-attr]
        w.flags.writeable = False
        self._gathered = w
        self._weight_list = None
        self._seen = table.version  # type: ignore[union-attr]

    def _refuse_shared(self, what: str) -> None:
        if self._shared_at or self._shared_bias is not None:
            used = sorted({p for p in (*self.shared, self.shared_bias) if p is not None})
            raise ParameterError(
                f"the {what} of {self._label()} use the network's shared parameters "
                f"{', '.join(used)}: set them with net.set_parameters({{{used[0]!r}: ...}}), "
                f"or a neuron's own weights with net.set_weight(source, target, value)")

    def set_parameters(self, weights: np.ndarray, bias: float | None = None, *,
                       check: bool = True) -> None:
        """Replace the weights (and the bias, when given) in one step.

        ``check=False`` takes ``weights`` as a 1-D float64 array of the right length
        with finite entries, as :meth:`neurons.Network.set_parameter_vector` passes
        it after checking the whole vector once: writing back a trained network then
        costs one assignment per neuron, not one per weight. The array is kept (made
        read-only), not copied.

        Examples
        --------
        >>> n = Neuron([0.0, 0.0], 0.0)
        >>> n.set_parameters(np.array([1.0, 2.0]), 0.5)
        >>> n.weights.tolist(), n.bias
        ([1.0, 2.0], 0.5)
        """
        if check:
            self._refuse_shared("weights")
            weights = check_weights(weights, self._label(), expected=len(self._weights))
            if bias is not None:
                self.bias = bias
        elif bias is not None:
            self._bias = bias
        self._set_weights(weights)
        self._seen = -1  # entries at shared positions are read from the table again

    def _set_weights(self, w: np.ndarray) -> None:
        # The one place weights are written; the graph's edges read them from here.
        w.flags.writeable = False
        self._weights = w
        self._weight_list = None

    @property
    def weight_list(self) -> list[float]:
        """The weights as a list of Python floats, for the per-neuron path's loops.

        Python floats multiply several times faster than NumPy scalars; the list is
        made on first use after the weights change, never per call.
        """
        if self._shared_at and self._seen != self._table.version:  # type: ignore[union-attr]
            self._gather()
        if self._weight_list is None:
            self._weight_list = self.weights.tolist()
        return self._weight_list

    def _label(self, what: str = "") -> str:
        who = f"neuron {self.name!r}" if self.name else "the neuron"
        return f"{what} of {who}" if what else who

    # -- computing ---------------------------------------------------------------------------
    def feedforward(self, inputs: Sequence[float] | np.ndarray) -> float:
        """Return a = f(w . x + b) for one input vector x.

        Raises
        ------
        ShapeError
            When the number of inputs differs from the number of weights.
        """
        x = check_vector(inputs, f"the inputs of {self._label()}")
        if x.shape[0] != self._weights.shape[0]:
            raise ShapeError(
                f"{self._label()} has {self._weights.shape[0]} weights but got "
                f"{x.shape[0]} inputs"
            )
        if self.kind == "max":
            return float(self.activation.value(float(x.max())))
        z = float(np.dot(self.weights, x)) + (self.bias or 0.0)
        return float(self.activation.value(z))

    def __repr__(self) -> str:
        name = f"{self.name!r}, " if self.name else ""
        if self.kind == "max":
            return f"Neuron({name}max of {len(self._weights)} inputs, " \
                   f"activation={self.activation.name!r})"
        shared = self.shared
        weights = [w if p is None else p for w, p in zip(self.weights.tolist(), shared)]
        fixed = ", fixed=True" if self.fixed else ""
        return (
            f"Neuron({name}weights={weights}, "
            f"bias={self.bias if self.shared_bias is None else repr(self.shared_bias)}, "
            f"activation={self.activation.name!r}{fixed})"
        )

