"""A recurrent layer unrolled over time: who reads what at each step, with which shared weight.

An Elman recurrent network run over T time steps is, once unrolled, an ordinary
feedforward graph of neurons. At step t (counted from 1) hidden neuron j reads
the step's inputs and the hidden neurons of step t - 1, and output neuron k reads
the step's hidden neurons::

    h_t = f(W_xh x_t + W_hh h_(t-1) + b_h)        y_t = g(W_hy h_t + b_y)

with h_0 = 0 (step 1 reads no hidden state). The five matrices and vectors are
the same at every step: shared parameters (:mod:`neurons.parameters`), so the
gradient of each is a sum over the steps that use it, which is backpropagation
through time. A :class:`Recurrence` records one such network: its sizes, the
names of the nodes it reads and of the neurons it made, and its parameters'
names. :meth:`neurons.core.NetworkCore.add_recurrence` builds from it, and the
vectorized path (:mod:`neurons.compiled`) reads it to run the network as a loop
over time with one matrix product per step, after checking that the neurons are
still wired as it says.

Names (all counted from 1, indices in PyTorch's (to, from) order, as
``weight_ih_l0[j, i]``):

* nodes by step, then index: inputs ``x{t}_{i}``, hidden ``h{t}_{j}``, outputs
  ``o{t}_{k}``;
* ``w_xh_{j}_{i}`` (input i to hidden j, the textbooks' U), ``w_hh_{j}_{l}``
  (hidden l at t - 1 to hidden j at t, W), ``w_hy_{k}_{j}`` (hidden j to output
  k, V), and the biases ``b_h_{j}`` and ``b_y_{k}``.

The data layout follows: a sample is one sequence laid out step after step,
``x1_1 .. x1_n, x2_1, ...``, so ``X[s]`` is ``x_seq[s].reshape(-1)`` for a
(steps x inputs) sequence; the library also takes X as samples x steps x inputs
(:mod:`neurons.data`). Targets are one per output neuron in the same order: per
step (samples x steps x outputs, or flat) when there are outputs at every step,
one per sequence (samples x outputs) at the last.

Examples
--------
>>> r = Recurrence.elman(n_inputs=1, n_hidden=2, n_outputs=1, steps=3)
>>> r.inputs, r.hidden_at(2), r.output_names
(('x1_1', 'x2_1', 'x3_1'), ('h2_1', 'h2_2'), ('o1_1', 'o2_1', 'o3_1'))
>>> r.w_hh, r.b_y
(('w_hh_1_1', 'w_hh_1_2', 'w_hh_2_1', 'w_hh_2_2'), ('b_y_1',))
>>> r
<Recurrence rnn: 1 input, 2 hidden, 1 output per step, 3 steps, outputs at each step>
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .checks import check_choice, check_count

if TYPE_CHECKING:
    from .core import NetworkCore

__all__ = ["Recurrence"]

_GROUPS = ("w_xh", "w_hh", "w_hy", "b_h", "b_y")  # the order of a network's table
_NODE = re.compile(r"([xho])(\d+)_(\d+)")


@dataclass(frozen=True, repr=False)
class Recurrence:
    """An Elman network unrolled over time (see the module).

    Attributes
    ----------
    name : str
        A label, for messages and pictures.
    n_inputs, n_hidden, n_outputs, steps : int
        Sizes of one step, and T.
    outputs : {"each", "last"}
        Output neurons at every step, or at the last step only.
    truncate : int or None
        Truncated backpropagation through time: the part of the loss at step tau is
        carried back to steps tau, tau - 1, ..., tau - truncate only (``truncate`` times
        through W_hh), as Williams and Peng's BPTT(k); None (default): the whole way back.
        Both paths honour it.
    """

    name: str
    n_inputs: int
    n_hidden: int
    n_outputs: int
    steps: int
    outputs: str = "each"
    truncate: int | None = None

    @classmethod
    def elman(cls, n_inputs: int, n_hidden: int, n_outputs: int, steps: int,
              outputs: str = "each", name: str = "rnn",
              truncate: int | None = None) -> Recurrence:
        """The record of an Elman network of these sizes, checked.

        Raises
        ------
        ArgumentTypeError, ShapeError
            For a size or a number of steps that is not a positive integer (``steps=0``
            included: a network needs at least one step), ``truncate`` that is not a
            count from 0, or ``outputs`` other than "each" and "last".
        """
        for value, what in ((n_inputs, "n_inputs"), (n_hidden, "n_hidden"),
                            (n_outputs, "n_outputs"), (steps, "steps")):
            check_count(value, what)
        outputs = check_choice(outputs, "outputs", ("each", "last"))
        truncate = check_count(truncate, "truncate", minimum=0, allow_none=True)
        return cls(name, int(n_inputs), int(n_hidden), int(n_outputs), int(steps), outputs,
                   None if truncate is None else int(truncate))

    # -- nodes --------------------------------------------------------------------------------
    def inputs_at(self, t: int) -> tuple[str, ...]:
        """The input nodes of step t (from 1)."""
        return tuple(f"x{t}_{i}" for i in range(1, self.n_inputs + 1))

    def hidden_at(self, t: int) -> tuple[str, ...]:
        """The hidden neurons of step t (from 1)."""
        return tuple(f"h{t}_{j}" for j in range(1, self.n_hidden + 1))

    def outputs_at(self, t: int) -> tuple[str, ...]:
        """The output neurons of step t (empty for a step without outputs)."""
        if t not in self.output_steps:
            return ()
        return tuple(f"o{t}_{k}" for k in range(1, self.n_outputs + 1))

    @property
    def output_steps(self) -> tuple[int, ...]:
        """The steps with output neurons: all of them, or the last."""
        return tuple(range(1, self.steps + 1)) if self.outputs == "each" else (self.steps,)

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every input node, step after step (a sample's layout)."""
        return tuple(x for t in range(1, self.steps + 1) for x in self.inputs_at(t))

    @property
    def hidden(self) -> tuple[str, ...]:
        """Every hidden neuron, step after step."""
        return tuple(h for t in range(1, self.steps + 1) for h in self.hidden_at(t))

    @property
    def output_names(self) -> tuple[str, ...]:
        """Every output neuron, step after step (the order of the targets)."""
        return tuple(o for t in self.output_steps for o in self.outputs_at(t))

    @staticmethod
    def step_of(node: str) -> int | None:
        """The step a node named as in the module belongs to (``"h3_2"`` -> 3), or None."""
        m = _NODE.fullmatch(node)
        return int(m.group(2)) if m else None

    # -- parameters ---------------------------------------------------------------------------
    @property
    def shapes(self) -> tuple[tuple[int, ...], ...]:
        """The shapes of W_xh, W_hh, W_hy, b_h and b_y, in that order (PyTorch's)."""
        H = self.n_hidden
        return ((H, self.n_inputs), (H, H), (self.n_outputs, H), (H,), (self.n_outputs,))

    def _names(self, k: int) -> Iterator[str]:
        # The names of matrix (or vector) k of _GROUPS, row by row: (to, from), from 1.
        group, shape = _GROUPS[k], self.shapes[k]
        if len(shape) == 1:
            yield from (f"{group}_{a}" for a in range(1, shape[0] + 1))
        else:
            yield from (f"{group}_{a}_{b}" for a in range(1, shape[0] + 1)
                        for b in range(1, shape[1] + 1))

    @property
    def w_xh(self) -> tuple[str, ...]:
        """Input-to-hidden weights, hidden x inputs, row by row (PyTorch's ``weight_ih_l0``)."""
        return tuple(self._names(0))

    @property
    def w_hh(self) -> tuple[str, ...]:
        """Recurrent weights, hidden x hidden, row by row (``weight_hh_l0``)."""
        return tuple(self._names(1))

    @property
    def w_hy(self) -> tuple[str, ...]:
        """Hidden-to-output weights, outputs x hidden, row by row (a ``Linear``'s weight)."""
        return tuple(self._names(2))

    @property
    def b_h(self) -> tuple[str, ...]:
        """The hidden neurons' biases, one per hidden index."""
        return tuple(self._names(3))

    @property
    def b_y(self) -> tuple[str, ...]:
        """The output neurons' biases."""
        return tuple(self._names(4))

    def iter_parameter_names(self) -> Iterator[str]:
        """:attr:`parameter_names` one at a time, without listing them all (a saved file's
        record of absurd sizes is refused at the first name the file lacks)."""
        for k in range(len(_GROUPS)):
            yield from self._names(k)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """All of them in the order the network's table holds them:
        w_xh, w_hh, w_hy, b_h, b_y."""
        return tuple(self.iter_parameter_names())

    def matrices(self, values: Mapping[str, float]) -> tuple[np.ndarray, ...]:
        """W_xh, W_hh, W_hy, b_h and b_y as float arrays (:attr:`shapes`), read by name from
        ``values`` (``net.parameters()``, or gradients by name).

        Examples
        --------
        >>> r = Recurrence.elman(1, 2, 1, steps=3)
        >>> values = dict.fromkeys(r.parameter_names, 0.0) | {"w_hh_1_2": 0.5}
        >>> r.matrices(values)[1].tolist()
        [[0.0, 0.5], [0.0, 0.0]]
        """
        return tuple(np.array([values[p] for p in self._names(k)], dtype=float).reshape(shape)
                     for k, shape in enumerate(self.shapes))

    def reads(self, t: int, j: int) -> dict[str, str]:
        """What hidden neuron j (from 1) of step t reads: node -> shared weight."""
        reads = {x: f"w_xh_{j}_{i}" for i, x in enumerate(self.inputs_at(t), start=1)}
        if t > 1:  # h_0 = 0: the first step reads no hidden state
            reads.update({h: f"w_hh_{j}_{m}" for m, h in enumerate(self.hidden_at(t - 1),
                                                                   start=1)})
        return reads

    def neurons_at(self, t: int) -> list[tuple[str, dict[str, str], str]]:
        """The neurons of step t in the order :meth:`NetworkCore.add_recurrence
        <neurons.core.NetworkCore.add_recurrence>` makes them, the hidden ones then the
        outputs: (name, what it reads -> with which shared weight, its shared bias).

        Examples
        --------
        >>> for neuron in Recurrence.elman(1, 1, 1, steps=2).neurons_at(2):
        ...     print(neuron)
        ('h2_1', {'x2_1': 'w_xh_1_1', 'h1_1': 'w_hh_1_1'}, 'b_h_1')
        ('o2_1', {'h2_1': 'w_hy_1_1'}, 'b_y_1')
        """
        hidden = self.hidden_at(t)
        made = [(h, self.reads(t, j), f"b_h_{j}") for j, h in enumerate(hidden, start=1)]
        made += [(o, {h: f"w_hy_{k}_{j}" for j, h in enumerate(hidden, start=1)}, f"b_y_{k}")
                 for k, o in enumerate(self.outputs_at(t), start=1)]
        return made

    def misfit(self, net: NetworkCore) -> str | None:
        """The first of the record's neurons that ``net`` no longer has wired as the record
        says (a plain sum reading what :meth:`neurons_at` lists, with those shared weights
        and that shared bias), as a sentence; None when every one is.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.rnn(1, 1, 1, steps=2)
        >>> net.recurrences[0].misfit(net) is None
        True
        """
        nodes = net.graph.nodes
        for t in range(1, self.steps + 1):
            for name, reads, bias in self.neurons_at(t):
                n = nodes[name]["neuron"] if name in nodes else None  # None: absent, or an input
                if (n is None or n.kind != "sum" or n.fixed or n.inputs != tuple(reads)
                        or n.shared != tuple(reads.values()) or n.shared_bias != bias):
                    return (f"neuron {name!r} is no longer wired as recurrence {self.name} "
                            f"says (it should read {list(reads)} with the shared weights "
                            f"{list(reads.values())} and the bias {bias})")
        return None

    def describe(self) -> str:
        """One line for messages: sizes, steps and where the outputs are."""
        def plural(n: int, word: str) -> str:
            return f"{n} {word}" if n == 1 or word == "hidden" else f"{n} {word}s"
        where = "at each step" if self.outputs == "each" else "at the last step"
        cut = "" if self.truncate is None else \
            f", backpropagation truncated to {plural(self.truncate, 'step')} back"
        return (f"{plural(self.n_inputs, 'input')}, {plural(self.n_hidden, 'hidden')}, "
                f"{plural(self.n_outputs, 'output')} per step, {plural(self.steps, 'step')}, "
                f"outputs {where}{cut}")

    def __repr__(self) -> str:
        return f"<Recurrence {self.name}: {self.describe()}>"

    def to_dict(self) -> dict[str, Any]:
        """The fields, for a saved file (:mod:`neurons.io`); ``truncate`` only when set."""
        fields = {"name": self.name, "n_inputs": self.n_inputs, "n_hidden": self.n_hidden,
                  "n_outputs": self.n_outputs, "steps": self.steps, "outputs": self.outputs}
        if self.truncate is not None:
            fields["truncate"] = self.truncate
        return fields
