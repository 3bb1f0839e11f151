"""Backpropagation as ordered steps, each an equation with its numbers: for lessons and animation.

``net.steps(x, y, loss)`` takes one sample through the network the way a hand
derivation does, and returns the steps in order. For a network with N neurons
and P parameters there are 2N + 1 + P steps, and P more with ``lr=``:

1. N **forward** steps, in forward order: z_k = sum_j w_jk a_j + b_k and a_k = f(z_k);
2. one **loss** step: L, and dL/da at every output;
3. N **backward** steps, in reverse forward order: delta_k = dL/da_k f'(z_k) at an
   output, delta_k = f'(z_k) sum_m w_km delta_m inside; each is followed at once by
   the **gradient** steps of that neuron's parameters, dL/dw_jk = a_j delta_k (its
   weights in input order) and dL/db_k = delta_k: P gradient steps in all. A shared
   parameter (a convolution's kernel weight) has one gradient step per use, that
   use's a_j delta_k, and one more, the sum, right after its last use; the weights of
   pooling neurons are constants and have none;
4. with ``lr=``, P **update** steps in parameter order (w1, w2, ..., b1, ...), from the
   optimizer's own rule (SGD: w <- w - lr dL/dw), equal to one training step.

For a recurrence unrolled over time (``Network.rnn``) forward order is step after step,
so the backward steps walk back through time, from the last step to the first; each
step's :attr:`Step.time` says which, and ``str(steps)`` marks every move in time.

The numbers are the per-neuron path's own (:func:`neurons.backprop.forward_trace`,
:func:`neurons.backprop.backward`, the loss's :meth:`~neurons.losses.Loss.at_outputs`);
a step only writes them, through :mod:`neurons.notation` (``digits`` significant figures,
negative operands in parentheses, long sums cut after ``max_terms`` terms), the writer
:func:`neurons.explain.explain` and the exercises use too. Each :class:`Step` carries its
equation as text and LaTeX, the nodes and edges it touches, and (``step.known``) every
value known once it is done.

Examples
--------
>>> from neurons import Network
>>> net = Network.dense([2, 2, 1])
>>> net.set_parameter_vector([1.0] * 6 + [0.0] * 3)
>>> steps = net.steps([-2, -1], 1)
>>> len(steps)  # 2 x 3 neurons + 1 + 9 parameters
16
>>> print(steps[2].text)
z_o1 = w5 a_h1 + w6 a_h2 + b3 = 1 * 0.0474 + 1 * 0.0474 + 0 = 0.0949;  a_o1 = sigmoid(z_o1) = 0.524
>>> print(steps[3].text)
L = mse = 0.227;  dL/da_o1 = 2 (y_pred - y) / (n_samples n_outputs) = -0.953
>>> print(*[s.text for s in steps if s.parameter == "w1"])
dL/dw1 = a_x1 delta_h1 = (-2) * (-0.0107) = 0.0215
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import losses, notation, optimizers
from .backprop import Trace, accumulators, at_outputs, backward, edge_factor
from .checks import check_count, check_number
from .data import check_data
from .notation import Equation
from .recurrence import Recurrence

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss
    from .neuron import Neuron
    from .optimizers import Optimizer

__all__ = ["Known", "Step", "Steps", "steps"]

KINDS = ("forward", "loss", "backward", "gradient", "update")


@dataclass(frozen=True)
class Known:
    """The values known after a step (those of later steps are absent).

    ``a`` holds the inputs from the start; ``loss`` is ``None`` before the loss step.
    """

    z: dict[str, float]
    a: dict[str, float]
    loss: float | None
    dL_da: dict[str, float]
    delta: dict[str, float]
    gradients: dict[str, float]
    updated: dict[str, float]


@dataclass(frozen=True)
class Step:
    """One step: what it computes (``kind``, ``node``, ``parameter``, ``value``), its
    equation with the numbers (``text``, ``latex``), and what it touches."""

    index: int
    kind: str  # one of KINDS
    node: str | None  # the neuron it computes (None for the loss step)
    parameter: str | None  # for gradient and update steps: "w5", "b3"
    value: float  # a_k, L, delta_k, dL/dparam or the new parameter value
    text: str
    latex: str
    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]
    steps: Steps = field(repr=False, compare=False)

    @property
    def known(self) -> Known:
        """Every value known once this step is done."""
        return self.steps.known(self.index)

    @property
    def time(self) -> int | None:
        """For a recurrence unrolled over time (``Network.rnn``), the time step of the
        neuron this step computes (the backward steps walk back from T to 1); None for
        the loss step, an update, or a network that is no recurrence.

        Examples
        --------
        >>> from neurons import Network
        >>> s = Network.rnn(1, 1, 1, steps=2, seed=0).steps([1.0, 0.5], [0.0, 1.0])
        >>> [(step.kind, step.time) for step in s if step.kind == "backward"]
        [('backward', 2), ('backward', 2), ('backward', 1), ('backward', 1)]
        """
        if self.node is None or not self.steps.net.recurrences:
            return None
        return Recurrence.step_of(self.node)


class Steps(Sequence[Step]):
    """The steps of one sample (see the module), a sequence; ``str()`` lists them."""

    def __init__(self, net: NetworkCore, x: np.ndarray, t: np.ndarray, loss: Loss,
                 trace: Trace, value: float, dL_da: dict[str, float]) -> None:
        self.net, self.x, self.t, self.loss, self.trace = net, x, t, loss, trace
        self.value, self.dL_da = value, dL_da
        self.digits = 3  # significant digits of the equations (pictures follow them)
        self.closed_form = False  # whether the loss gives the output deltas in closed form
        self.delta: dict[str, float] = {}
        # k -> (dL/da_k, f'(z_k)), the factors of delta_k = dL/da_k f'(z_k): dL/da_k from
        # the loss at an output, sum_m w_km delta_m inside (the sum of its backward step).
        self.delta_factors: dict[str, tuple[float, float]] = {}
        self.gradients: dict[str, float] = {}
        self.updated: dict[str, float] = {}
        self._steps: list[Step] = []
        self._when: dict[tuple[str, str], int] = {}  # (quantity, key) -> the step giving it

    def add(self, kind: str, node: str | None, parameter: str | None, value: float,
            equations: Sequence[Equation], nodes: Sequence[str],
            edges: Sequence[tuple[str, str]], gives: Sequence[tuple[str, str]]) -> None:
        """Append the step that writes ``equations`` and gives the quantities ``gives``."""
        index = len(self._steps)
        text, latex = notation.joined(equations)
        self._steps.append(Step(index, kind, node, parameter, value, text, latex,
                                tuple(nodes), tuple(edges), self))
        for quantity in gives:
            self._when[quantity] = index

    def known(self, index: int) -> Known:
        """The values known after step ``index``."""
        def upto(quantity: str, values: dict[str, float]) -> dict[str, float]:
            return {k: v for k, v in values.items() if self._when[quantity, k] <= index}

        a = {j: self.trace.a[j] for j in self.net.inputs}
        a.update(upto("a", {k: self.trace.a[k] for k in self.trace.z}))
        return Known(upto("z", self.trace.z), a,
                     self.value if self._when["loss", ""] <= index else None,
                     upto("dL_da", self.dL_da), upto("delta", self.delta),
                     upto("gradient", self.gradients), upto("updated", self.updated))

    def __getitem__(self, i: Any) -> Any:
        return self._steps[i]

    def __len__(self) -> int:
        return len(self._steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self._steps)

    def __str__(self) -> str:
        lines, time = [], None
        for s in self._steps:
            if s.time is not None and s.time != time and s.kind in ("forward", "backward"):
                time = s.time  # a recurrence: a heading each time the pass moves in time
                lines.append(f"    -- time step {time} --")
            lines.append(f"{s.index:3d} {s.kind:<8} {s.text}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Steps: {len(self)} steps of one sample through {self.net!r}>"


def steps(net: NetworkCore, x: Any, y: Any, loss: str | Loss = "mse", *, lr: float | None = None,
          optimizer: str | Optimizer = "sgd", digits: int = 3, max_terms: int = 6) -> Steps:
    """Return the steps of one sample's forward pass, loss, backward pass (and update).

    Parameters
    ----------
    x, y : one sample and its target
    loss : str or Loss, default "mse"
    lr : float, optional
        Add one update step per parameter, as one training step with ``optimizer``.
    optimizer : str or Optimizer, default "sgd"
        Its first step from rest (a copy: the object passed is not changed).
    digits : int, default 3
        Significant digits of the numbers in the equations.
    max_terms : int, default 6
        Longer sums show their first terms and how many more.

    Notes
    -----
    See the module for the order and the number of steps.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1])
    >>> net.set_parameter_vector([1.0] * 6 + [0.0] * 3)
    >>> record = steps(net, [-2, -1], 1, lr=0.1)
    >>> print(record[13].text)
    dL/dw1 = a_x1 delta_h1 = (-2) * (-0.0107) = 0.0215
    >>> print(record[16].text)
    w1 <- w1 - lr dL/dw1 = 1 - 0.1 * (0.0215) = 0.998
    """
    loss = losses.get(loss)
    X, T = check_data(net, x, y, loss, single=True)
    digits = check_count(digits, "digits")
    max_terms = check_count(max_terms, "max_terms")
    if lr is not None:
        lr = check_number(lr, "lr", positive=True)
        opt = copy.deepcopy(optimizers.get(optimizer))
    (trace,), _, value, dY, delta_out = at_outputs(net, X, T, loss)
    dL_da = dict(zip(trace.outputs, dY[0].tolist()))
    record = Steps(net, X[0], T[0], loss, trace, value, dL_da)
    record.digits = digits
    record.closed_form = delta_out is not None
    names = {(k, i): p for p, (k, i) in net.parameter_slots().items()}
    uses = {p: net.parameter_uses(p) for p in net.shared_parameters.names}
    for p, places in uses.items():
        names.update(dict.fromkeys(places, p))
    for neuron in net.forward_order():
        _forward(record, neuron, names, digits, max_terms)
    _loss(record, digits)
    dL_dw, dL_db = accumulators(net)
    record.delta.update(backward(net, trace, dY[0], dL_dw, dL_db,
                                 None if delta_out is None else delta_out[0]))
    shares: dict[str, list[float]] = {p: [] for p in uses}  # each shared parameter's uses
    for neuron in reversed(net.forward_order()):
        k = neuron.name
        _delta(record, neuron, digits, max_terms)
        if neuron.fixed:
            continue  # pooling: constants, no gradient
        for i, j in enumerate([*neuron.inputs, None]):
            if j is None and not neuron.has_bias:
                continue
            p = names[k, None if j is None else i]
            g = dL_db[k] if j is None else dL_dw[k][i]
            if p not in shares:
                _gradient(record, p, j, k, g, digits)
                continue
            shares[p].append(g)
            number = uses[p].index((k, None if j is None else i)) + 1  # as explain counts
            _use(record, p, j, k, g, number, len(uses[p]), digits)
            if len(shares[p]) == len(uses[p]):  # the last use: now the sum
                _sum(record, p, k, shares[p], uses[p], digits, max_terms)
    if lr is not None:
        params = [net.parameter_vector()]
        grads = np.array([record.gradients[p] for p in net.parameter_names()])
        opt.reset(params)
        opt.step(params, [grads], lr)
        for p, w, g, new in zip(net.parameter_names(), net.parameter_vector().tolist(),
                                grads.tolist(), params[0].tolist()):
            _update(record, p, w, g, lr, new, opt, digits)
    return record


# -- each kind of step: its equations, from the record's numbers -------------------------------
def _forward(r: Steps, neuron: Neuron, names: dict[tuple[str, int | None], str], digits: int,
             max_terms: int) -> None:
    """z_k = sum_j w_jk a_j + b_k and a_k = f(z_k)."""
    k, tr = neuron.name, r.trace
    if neuron.kind == "max":
        z_k = notation.max_input(k, [(j, tr.a[j]) for j in neuron.inputs], tr.z[k],
                                 digits=digits, max_terms=max_terms)
    else:
        # A fixed neuron's constants (average pooling) stand as numbers, not names.
        weights = [(notation.number(w, digits) if neuron.fixed else names[k, i], j, w, tr.a[j])
                   for i, (j, w) in enumerate(zip(neuron.inputs, neuron.weight_list))]
        bias, b = None, neuron.bias
        if b is not None:
            bias = (notation.number(b, digits) if neuron.fixed else names[k, None], b)
        z_k = notation.weighted_input(k, weights, bias, tr.z[k], digits=digits,
                                      max_terms=max_terms)
    equations = (z_k, notation.activation(k, neuron.activation.name, tr.z[k], tr.a[k],
                                          digits=digits))
    r.add("forward", k, None, tr.a[k], equations, (k, *neuron.inputs),
          [(j, k) for j in neuron.inputs], [("z", k), ("a", k)])


def _loss(r: Steps, digits: int) -> None:
    """L, and dL/da at every output."""
    outs = list(r.dL_da)
    rule = r.loss.derivative_formula
    equations = [notation.loss(r.loss.name, r.value, digits=digits),
                 *(notation.loss_gradient(o, rule, r.dL_da[o], digits=digits) for o in outs)]
    r.add("loss", None, None, r.value, equations, outs, (),
          [("loss", ""), *(("dL_da", o) for o in outs)])


def _delta(r: Steps, neuron: Neuron, digits: int, max_terms: int) -> None:
    """delta_k: the loss's closed form, dL/da_k f'(z_k) at an output, f'(z_k) (sum) inside."""
    k, net = neuron.name, r.net
    fp = float(neuron.activation.derivative(r.trace.z[k], r.trace.a[k]))
    d = r.delta[k]
    successors = list(net.graph.successors(k))
    weighted: list[notation.WeightedDelta] = []
    for m in successors:
        name, w = edge_factor(net, k, m, r.trace.a)
        weighted.append((name, m, w, r.delta[m]))
    if k in r.dL_da:
        r.delta_factors[k] = (r.dL_da[k], fp)
        equation = (notation.closed_form_delta(k, d, digits=digits) if r.closed_form else
                    notation.output_delta(k, r.dL_da[k], fp, d, digits=digits))
    else:
        r.delta_factors[k] = (sum(w * delta_m for _, _, w, delta_m in weighted), fp)
        equation = notation.hidden_delta(k, fp, weighted, d, digits=digits, max_terms=max_terms)
    r.add("backward", k, None, d, (equation,), (k, *successors),
          [(k, m) for m in successors], [("delta", k)])


def _gradient(r: Steps, p: str, j: str | None, k: str, value: float, digits: int) -> None:
    """dL/dw_jk = a_j delta_k for a weight (``j`` its source), dL/db_k = delta_k for a bias."""
    r.gradients[p] = value
    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]
    if j is None:
        equation = notation.bias_gradient(p, k, value, digits=digits)
        nodes, edges = (k,), ()
    else:
        equation = notation.weight_gradient(p, j, k, r.trace.a[j], r.delta[k], value,
                                            digits=digits)
        nodes, edges = (j, k), ((j, k),)
    r.add("gradient", k, p, value, (equation,), nodes, edges, [("gradient", p)])


def _use(r: Steps, p: str, j: str | None, k: str, value: float, use: int, uses: int,
         digits: int) -> None:
    """One use of a shared parameter: a_j delta_k on its edge (delta_k for a bias)."""
    a_j = 1.0 if j is None else r.trace.a[j]
    equation = notation.shared_use(p, j, k, a_j, r.delta[k], value, use, uses, digits=digits)
    nodes, edges = ((k,), ()) if j is None else ((j, k), ((j, k),))
    r.add("gradient", k, p, value, (equation,), nodes, edges, [("use", f"{p} {use}")])


def _sum(r: Steps, p: str, k: str, shares: list[float], places: Sequence[tuple[str, int | None]],
         digits: int, max_terms: int) -> None:
    """A shared parameter's gradient: the sum of its uses, added in the order of the uses
    (the per-neuron path's own order, so the value is the gradient to the last bit)."""
    value = 0.0
    for share in reversed(shares):  # the backward pass met the uses last first
        value += share
    r.gradients[p] = value
    equation = notation.shared_sum(p, shares[::-1], value, digits=digits, max_terms=max_terms)
    edges = [(r.net.neuron(n).inputs[i], n) for n, i in places if i is not None]
    nodes = list(dict.fromkeys([n for e in edges for n in e] + [n for n, _ in places]))
    r.add("gradient", k, p, value, (equation,), nodes, edges, [("gradient", p)])


def _update(r: Steps, p: str, w: float, grad: float, lr: float, new: float, opt: Optimizer,
            digits: int) -> None:
    """The parameter after one step of the optimizer, by its own rule."""
    r.updated[p] = new
    places = r.net.parameter_uses(p)
    k = places[0][0] if places else None
    edges = tuple((r.net.neuron(n).inputs[i], n) for n, i in places if i is not None)
    nodes = tuple(dict.fromkeys([n for e in edges for n in e] + [n for n, _ in places]))
    r.add("update", k, p, new, opt.describe_first_step(p, w, grad, lr, new, digits), nodes,
          edges, [("updated", p)])
