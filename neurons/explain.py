"""Derivations: one parameter's gradient written out as chain-rule factors, with numbers.

For a parameter p of neuron k, the loss depends on p along every path
k -> ... -> output in the graph, and the chain rule sums one product per path.
For an input x_j (dL/dx: saliency, adversarial examples) the paths start at
x_j itself, through every neuron that reads it. :func:`explain` gives that
derivation in three forms:

classic (per path)
    the form of hand derivations: ``dL/dw1 = dL/do1 * do1/dh1 * dh1/dw1``,
    where one factor per neuron merges its activation and its weight:
    ``do1/dh1 = w5 f'(z_o1)``, ``dh1/dw1 = x1 f'(z_h1)``.
delta (compact)
    ``dL/dw_jk = a_j delta_k`` with ``delta_k = f'(z_k) sum_i w_ki delta_i``,
    the recurrence backpropagation computes (see :mod:`neurons.backprop`);
    for an input, ``dL/dx_j = sum_k w_jk delta_k``.
expanded
    every path written out in single partial derivatives:
    ``dL/da_o1 * da_o1/dz_o1 * dz_o1/da_h1 * da_h1/dz_h1 * dz_h1/dw1``.
    :attr:`Derivation.n_factors` counts them (1 + 2 per neuron on each path).
    For an input the last one is ``dz_h1/dx1`` (= w1).

The numbers come from the same forward trace and deltas as
:meth:`Network.gradients` (and :meth:`Network.input_gradients`), so the
derivation and the gradient always agree. This module computes the derivation;
:mod:`neurons.explain_text` writes it out as text and LaTeX.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from . import explain_text, losses
from .backprop import at_outputs, backward
from .data import check_data
from .errors import NetworkStructureError, UnknownNameError, did_you_mean

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss

__all__ = ["Derivation", "Factor", "Path", "explain"]


@dataclass(frozen=True)
class Factor:
    """One partial derivative d(numerator)/d(denominator) with its value.

    ``rule`` says how the value is made, e.g. ``"w5 f'(z_o1)"``, and
    ``parts`` the numbers going into it, e.g. ``(1.0, 0.249)``.
    """

    numerator: str
    denominator: str
    value: float
    rule: str = ""
    parts: tuple[float, ...] = ()

    @property
    def label(self) -> str:
        return f"d{self.numerator}/d{self.denominator}"


@dataclass(frozen=True)
class Path:
    """One path from the parameter's neuron (or the input) to an output, with its factors."""

    nodes: tuple[str, ...]  # parameter's neuron (or the input) first, output last
    factors: tuple[Factor, ...]  # classic form: dL/do, do/dh, ..., dk/dp
    expanded: tuple[Factor, ...]  # single partial derivatives

    @property
    def product(self) -> float:
        return math.prod(f.value for f in self.factors)


class Derivation:
    """The chain-rule derivation of dL/dp for one parameter (or input) and one sample.

    Attributes
    ----------
    parameter : str
        ``"w1"``, ``"b2"``, ..., or an input's name (``"x1"``).
    value : float
        dL/dp, equal to ``net.gradients(x, y, loss)[parameter]``; for an input,
        dL/dx equal to ``net.input_gradients(x, y, loss)[0, j]``.
    is_input : bool
        Whether ``parameter`` names an input.
    neuron : str or None
        The neuron the parameter belongs to (``None`` for an input).
    source : str or None
        The node the weight comes from (``None`` for a bias or an input).
    deltas : dict
        delta_k for the parameter's neuron and every neuron after it (for an
        input: every neuron after it).
    n_paths, n_factors : int
        How many paths lead from the parameter to the loss, and how many
        partial-derivative factors the fully expanded form has over all of them
        (0 and 0 for an input no neuron reads).
    network : Network
        The network derived.
    x, y : ndarray
        The sample and its target; ``loss`` the :class:`~neurons.losses.Loss`.
    trace : Trace
        The forward pass on ``x`` (``trace.z``, ``trace.a`` by node name).
    dL_da, f_prime : dict
        dL/da for every output, and f'(z) for every neuron.
    """

    def __init__(self, net: NetworkCore, parameter: str, x: Any, y: Any, loss: str | Loss) -> None:
        self.network = net
        self.loss = losses.get(loss)
        self.parameter = parameter
        self.is_input = False
        try:
            k, i = net.parameter_slot(parameter)
        except UnknownNameError:
            if parameter not in net.inputs:
                raise _unknown(net, parameter) from None
            # A parameter of that name wins (unchanged behaviour); otherwise it is an input.
            self.is_input, k, i = True, None, None
        self.neuron = k
        self.source = None if i is None else net.neuron(k).inputs[i]
        x_arr, T = check_data(net, x, y, self.loss, single=True)
        (self.trace,), _, _, dL_dy, delta_out = at_outputs(net, x_arr, T, self.loss)
        self.x, self.y = x_arr[0], T[0]
        self.dL_da = dict(zip(net.outputs, dL_dy[0].tolist()))
        self.f_prime = {
            n.name: float(n.activation.derivative(self.trace.z[n.name], self.trace.a[n.name]))
            for n in net.neurons
        }
        dummy_w = {n.name: [0.0] * len(n.inputs) for n in net.neurons}
        dL_dx = dict.fromkeys(net.inputs, 0.0) if self.is_input else None
        all_deltas = backward(net, self.trace, list(self.dL_da.values()), dummy_w, {},
                              None if delta_out is None else delta_out[0], dL_dx)
        start = parameter if self.is_input else k
        after = nx.descendants(net.graph, start)
        self.deltas = {n: d for n, d in all_deltas.items() if n in after or n == k}
        if dL_dx is not None:
            self.value = dL_dx[parameter]  # sum_k w_jk delta_k, added up by backward()
        else:
            a_src = 1.0 if self.source is None else self.trace.a[self.source]
            self.value = a_src * self.deltas[k]
        # Count paths and factors without listing them (their number grows with depth).
        count: dict[str, int] = {}
        length: dict[str, int] = {}  # summed number of neurons over all paths from a node
        for n in reversed(list(nx.topological_sort(net.graph.subgraph(after | {start})))):
            children = [c for c in net.graph.successors(n)]
            count[n] = sum(count[c] for c in children) if children else 1
            length[n] = count[n] + sum(length[c] for c in children)
        # An input is no neuron: its paths are those of the neurons reading it (none: 0).
        heads = list(net.graph.successors(start)) if self.is_input else [start]
        self.n_paths = sum(count[h] for h in heads)
        self.n_factors = self.n_paths + 2 * sum(length[h] for h in heads)

    # -- the three forms ---------------------------------------------------------------------
    def paths(self) -> Iterator[Path]:
        """Yield every path from the parameter's neuron (or the input) to an output,
        with its factors."""
        net = self.network
        k = self.parameter if self.is_input else self.neuron
        outputs = set(net.outputs)
        routes = [[k]] if k in outputs else nx.all_simple_paths(net.graph, k, outputs)
        for route in routes:
            yield self._path(route)

    def _path(self, route: list[str]) -> Path:
        a, fp = self.trace.a, self.f_prime
        out = route[-1]
        p = self.parameter
        classic = [Factor("L", out, self.dL_da[out], self.loss.derivative_formula)]
        expanded = [Factor("L", f"a_{out}", self.dL_da[out], self.loss.derivative_formula)]
        for parent, child in zip(route[-2::-1], route[:0:-1]):  # from the output backwards
            w_name = self.network.weight_name(parent, child)
            w = self.network.weight(parent, child)
            classic.append(Factor(child, parent, w * fp[child], f"{w_name} f'(z_{child})",
                                  (w, fp[child])))
            # The input's own factor reads dz_h1/dx1, as the classic dh1/dx1 does.
            wrt = p if parent == p and self.is_input else f"a_{parent}"
            expanded += [Factor(f"a_{child}", f"z_{child}", fp[child], f"f'(z_{child})"),
                         Factor(f"z_{child}", wrt, w, w_name)]
        if self.is_input:  # the last edge, x -> neuron, was the input's factor dh1/dx1
            return Path(tuple(route), tuple(classic), tuple(expanded))
        src = "1" if self.source is None else self.source
        a_src = 1.0 if self.source is None else a[self.source]
        k = route[0]
        rule = f"f'(z_{k})" if self.source is None else f"{src} f'(z_{k})"
        classic.append(Factor(k, p, a_src * fp[k], rule, (a_src, fp[k])))
        expanded += [Factor(f"a_{k}", f"z_{k}", fp[k], f"f'(z_{k})"),
                     Factor(f"z_{k}", p, a_src, src)]
        return Path(tuple(route), tuple(classic), tuple(expanded))

    @property
    def factors(self) -> tuple[Factor, ...]:
        """The classic factors, when the parameter reaches the loss along one path only."""
        if not self.n_paths:
            raise NetworkStructureError(
                f"no neuron reads {self.parameter}, so dL/d{self.parameter} = 0 has no factors")
        if self.n_paths != 1:
            raise NetworkStructureError(
                f"{self.parameter} reaches the loss along {self.n_paths} paths; the gradient is a "
                f"sum over them: use .paths(), or the delta form"
            )
        return next(self.paths()).factors

    # -- presentation (written out by neurons.explain_text) ---------------------------------
    def delta_lines(self, digits: int = 3) -> list[str]:
        """The compact delta form, one line per neuron, output first."""
        return explain_text.delta_lines(self, digits)

    def format(self, digits: int = 3, max_paths: int = 4) -> str:
        """Readable text of all three forms, numbers to ``digits`` significant figures."""
        return explain_text.format_derivation(self, digits, max_paths)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"<Derivation dL/d{self.parameter} = {self.value:.6g}, {self.n_paths} path(s)>"

    def to_latex(self, digits: int = 3, max_paths: int = 4) -> str:
        """LaTeX (an ``aligned`` block) of the classic form with its numbers and the delta form."""
        return explain_text.latex(self, digits, max_paths)

    def _repr_latex_(self) -> str:
        return f"$${self.to_latex()}$$"


def explain(net: NetworkCore, name: str, x: Any, y: Any, loss: str | Loss = "mse") -> Derivation:
    """Return the chain-rule derivation of dL/d``name`` for the sample (x, y).

    ``name`` is a parameter (``"w1"``, ``"b2"``) or an input (``"x1"``); should
    an input carry a parameter's name, the parameter is meant.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1])
    >>> net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)})
    >>> d = net.explain("w1", [-2, -1], 1)
    >>> [round(f.value, 4) for f in d.factors]
    [-0.9526, 0.2494, -0.0904]
    >>> d.n_factors
    5

    An input: dL/dx1 = w1 delta_h1 + w3 delta_h2, along two paths.

    >>> d = net.explain("x1", [-2, -1], 1)
    >>> [[round(f.value, 4) for f in path.factors] for path in d.paths()]
    [[-0.9526, 0.2494, 0.0452], [-0.9526, 0.2494, 0.0452]]
    >>> round(d.value, 4), d.n_factors
    (-0.0215, 10)
    """
    return Derivation(net, name, x, y, loss)


def _unknown(net: NetworkCore, name: str) -> UnknownNameError:
    """The unknown-name error of explain(), which takes parameters and inputs alike."""
    params = list(net.parameters())
    n_w = sum(1 for p in params if p.startswith("w"))
    n_b = len(params) - n_w
    inputs = net.inputs
    # A parameter is suggested only for a difference in case ("W1"): with w1..w99, difflib
    # would offer some w for any w.
    hint = did_you_mean(name, [name.lower()] if name.lower() in params else inputs)
    shown = ", ".join(inputs[:12]) + (", ..." if len(inputs) > 12 else "")
    return UnknownNameError(
        f"no parameter or input named {name!r}{hint}; explain takes a parameter (this network "
        f"has weights w1..w{n_w} and biases {f'b1..b{n_b}' if n_b else '(none)'}) or an input "
        f"({shown})"
    )
