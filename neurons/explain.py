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
    A :class:`Derivation`'s ``n_factors`` counts them (1 + 2 per neuron on each path).
    For an input the last one is ``dz_h1/dx1`` (= w1).

A shared parameter (a convolution's kernel weight) is used on several edges:
its gradient is the sum over its uses, each use's own a_j delta_k, and each use
reaches the loss along the paths from its own neuron. The derivation lists the
uses (its ``uses``), their paths, and the sum.

The numbers come from the same forward trace and deltas as
:meth:`Network.gradients` (and :meth:`Network.input_gradients`), so the
derivation and the gradient always agree. The text and the LaTeX are written by
:mod:`neurons.notation`, as the stepper's (:mod:`neurons.steps`) are: a line of the
delta form is, to the letter, the step of ``net.steps`` that computes the same delta
or gradient.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from . import losses, notation
from .backprop import accumulators, at_outputs, backward, edge_factor
from .data import check_data, sequences_of
from .errors import NetworkStructureError, ParameterError, UnknownNameError, did_you_mean
from .notation import Equation, number, product, tex_name
from .through_time import through_time

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss

__all__ = ["Derivation", "Factor", "Path", "Use", "explain"]


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


@dataclass(frozen=True)
class Use:
    """One use of a shared parameter: the edge ``source -> neuron`` (``source`` None: the
    neuron's bias), a_source, delta_neuron and their product, this use's share."""

    source: str | None
    neuron: str
    a: float
    delta: float
    value: float


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
    closed_form : bool
        Whether the loss gives the output deltas in closed form (dL/dz = y_pred - y).
    uses : tuple of Use
        For a shared parameter, each use (edge or bias) with its share; ``value`` is
        their sum. Empty otherwise.
    through_time : ThroughTime or None
        For a parameter of a recurrence (``Network.rnn``), the same gradient as its sum
        over time, term by term (:mod:`neurons.through_time`).
    full_value : float
        The sum over every path; equal to ``value`` except under truncated
        backpropagation through time, where ``value`` keeps the terms the network
        trains with.
    """

    def __init__(self, net: NetworkCore, parameter: str, x: Any, y: Any, loss: str | Loss) -> None:
        self.network = net
        self.loss = losses.get(loss)
        self.parameter = parameter
        self.is_input = False
        shared: tuple[tuple[str, int | None], ...] = ()
        # k the parameter's neuron and i its input position (None: the bias); "" and None
        # for a shared parameter or an input, which belong to no one neuron.
        k: str
        i: int | None
        try:
            k, i = net.parameter_slot(parameter)
        except ParameterError:  # a shared parameter: used in several places
            shared, k, i = net.parameter_uses(parameter), "", None
        except UnknownNameError:
            if parameter not in net.inputs:
                raise _unknown(net, parameter) from None
            # A parameter of that name wins (unchanged behaviour); otherwise it is an input.
            self.is_input, k, i = True, "", None
        self.neuron = k or None
        self.source = None if i is None else net.neuron(k).inputs[i]
        x_arr, T = check_data(net, x, y, self.loss, single=True)
        (self.trace,), _, _, dL_dy, delta_out = at_outputs(net, x_arr, T, self.loss)
        self.x, self.y = x_arr[0], T[0]
        self.closed_form = delta_out is not None
        self.dL_da = dict(zip(net.outputs, dL_dy[0].tolist()))
        self.f_prime = {
            n.name: float(n.activation.derivative(self.trace.z[n.name], self.trace.a[n.name]))
            for n in net.neurons
        }
        dL_dw, dL_db = accumulators(net)
        dL_dx = dict.fromkeys(net.inputs, 0.0) if self.is_input else None
        all_deltas = backward(net, self.trace, list(self.dL_da.values()), dL_dw, dL_db,
                              None if delta_out is None else delta_out[0], dL_dx)
        a = self.trace.a
        self.uses = tuple(
            Use(None if j is None else net.neuron(n).inputs[j], n,
                1.0 if j is None else a[net.neuron(n).inputs[j]], all_deltas[n],
                dL_db[n] if j is None else dL_dw[n][j]) for n, j in shared)
        if self.is_input:
            starts = [parameter]
        elif shared:
            starts = list(dict.fromkeys(u.neuron for u in self.uses))
        else:
            starts = [k]
        after = set().union(*(nx.descendants(net.graph, n) for n in starts))
        self.deltas = {n: d for n, d in all_deltas.items()
                       if n in after or (not self.is_input and n in starts)}
        if dL_dx is not None:
            self.value = dL_dx[parameter]  # sum_k w_jk delta_k, added up by backward()
        elif shared:  # the sum over the uses, in the order the gradient adds them up
            self.value = 0.0
            for use in self.uses:
                self.value += use.value
        else:  # a_j delta_k (or delta_k), as backward() adds it to the gradient
            self.value = dL_db[k] if i is None else dL_dw[k][i]
        # Count paths and factors without listing them (their number grows with depth).
        count: dict[str, int] = {}
        length: dict[str, int] = {}  # summed number of neurons over all paths from a node
        for n in reversed(list(nx.topological_sort(net.graph.subgraph(after | set(starts))))):
            children = [c for c in net.graph.successors(n)]
            count[n] = sum(count[c] for c in children) if children else 1
            length[n] = count[n] + sum(length[c] for c in children)
        # An input is no neuron: its paths are those of the neurons reading it (none: 0).
        # A shared parameter reaches the loss from each use's neuron.
        heads = (list(net.graph.successors(parameter)) if self.is_input
                 else [u.neuron for u in self.uses] if shared else [k])
        self.n_paths = sum(count[h] for h in heads)
        self.n_factors = self.n_paths + 2 * sum(length[h] for h in heads)
        # A recurrence's parameter: the same sum again, grouped by time (and truncated as
        # the network trains, so the value stays the gradient net.gradients gives).
        r = sequences_of(net)
        self.through_time = (through_time(net, parameter, x_arr, T, self.loss)
                             if r is not None and parameter in r.parameter_names else None)
        self.full_value = self.value  # the chain rule's sum over every path
        if r is not None and self.through_time is not None and r.truncate is not None:
            self.value = self.through_time.value

    # -- the three forms ---------------------------------------------------------------------
    def paths(self) -> Iterator[Path]:
        """Yield every path from the parameter's neuron (or the input) to an output,
        with its factors."""
        net = self.network
        outputs = set(net.outputs)
        starts = ([(self.parameter if self.is_input else self.neuron, self.source)]
                  if not self.uses else [(u.neuron, u.source) for u in self.uses])
        for k, source in starts:
            routes = [[k]] if k in outputs else nx.all_simple_paths(net.graph, k, outputs)
            for route in routes:
                yield self._path(route, source)

    def _path(self, route: list[str], source: str | None) -> Path:
        a, fp = self.trace.a, self.f_prime
        out = route[-1]
        p = self.parameter
        classic = [Factor("L", out, self.dL_da[out], self.loss.derivative_formula)]
        expanded = [Factor("L", f"a_{out}", self.dL_da[out], self.loss.derivative_formula)]
        for parent, child in zip(route[-2::-1], route[:0:-1]):  # from the output backwards
            w_name, w = edge_factor(self.network, parent, child, a)
            classic.append(Factor(child, parent, w * fp[child], f"{w_name} f'(z_{child})",
                                  (w, fp[child])))
            # The input's own factor reads dz_h1/dx1, as the classic dh1/dx1 does.
            wrt = p if parent == p and self.is_input else f"a_{parent}"
            expanded += [Factor(f"a_{child}", f"z_{child}", fp[child], f"f'(z_{child})"),
                         Factor(f"z_{child}", wrt, w, w_name)]
        if self.is_input:  # the last edge, x -> neuron, was the input's factor dh1/dx1
            return Path(tuple(route), tuple(classic), tuple(expanded))
        src = "1" if source is None else source
        a_src = 1.0 if source is None else a[source]
        k = route[0]
        rule = f"f'(z_{k})" if source is None else f"{src} f'(z_{k})"
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

    # -- presentation: text and LaTeX through neurons.notation ------------------------------
    def delta_equations(self, digits: int = 3, max_terms: int = 6) -> list[Equation]:
        """The compact delta form as equations (:class:`~neurons.notation.Equation`), one
        per neuron, output first, then the parameter's (or input's) own.

        Each is the equation of the step of ``net.steps`` that computes the same quantity.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 1])
        >>> net.set_parameters({"w1": 1.0, "w2": 1.0})
        >>> print(net.explain("b1", [0, 0], 1).delta_equations()[-1].latex)
        \\frac{\\partial L}{\\partial b_{1}} = \\delta_{o_{1}} = -0.25
        """
        net, fp, p = self.network, self.f_prime, self.parameter
        if self.is_input and not self.n_paths:
            return [notation.input_gradient(p, [], 0.0, digits=digits)]
        equations = []
        order = [n.name for n in net.neurons if n.name in self.deltas]
        if self.uses and len(order) > 2 * max_terms:
            # A large layer: the deltas of the first uses' neurons only, then the uses.
            shown = {u.neuron for u in self.uses[:max_terms]}
            order = [n for n in order if n in shown]
        for k in sorted(order, key=lambda n: -net.graph.nodes[n]["layer"]):
            delta = self.deltas[k]
            if k not in self.dL_da:
                equations.append(notation.hidden_delta(k, fp[k], self._weighted_deltas(k), delta,
                                                       digits=digits, max_terms=max_terms))
            elif self.closed_form:
                equations.append(notation.closed_form_delta(k, delta, digits=digits))
            else:
                equations.append(notation.output_delta(k, self.dL_da[k], fp[k], delta,
                                                       digits=digits))
        if self.is_input:  # dL/dx_j = sum_k w_jk delta_k: no f'(z), an input has no z
            equations.append(notation.input_gradient(p, self._weighted_deltas(p), self.value,
                                                     digits=digits, max_terms=max_terms))
        elif self.uses:  # each use's a_j delta_k, then their sum
            n = len(self.uses)
            equations += [notation.shared_use(p, u.source, u.neuron, u.a, u.delta, u.value,
                                              number_, n, digits=digits)
                          for number_, u in enumerate(self.uses[:max_terms], start=1)]
            equations.append(notation.shared_sum(p, [u.value for u in self.uses], self.value,
                                                 digits=digits, max_terms=max_terms))
        elif self.neuron is not None:  # the parameter of one neuron: a bias or a weight
            j, k = self.source, self.neuron
            equations.append(
                notation.bias_gradient(p, k, self.value, digits=digits) if j is None else
                notation.weight_gradient(p, j, k, self.trace.a[j], self.deltas[k], self.value,
                                         digits=digits))
        return equations

    def delta_lines(self, digits: int = 3, max_terms: int = 6) -> list[str]:
        """The compact delta form, one line per neuron, output first; sums cut after
        ``max_terms`` terms.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1])
        >>> net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)})
        >>> for line in net.explain("w1", [-2, -1], 1).delta_lines():
        ...     print(line)
        delta_o1 = dL/da_o1 f'(z_o1) = (-0.953) * 0.249 = -0.238
        delta_h1 = f'(z_h1) (w5 delta_o1) = 0.0452 * (1 * (-0.238)) = -0.0107
        dL/dw1 = a_x1 delta_h1 = (-2) * (-0.0107) = 0.0215
        """
        lines = [eq.text for eq in self.delta_equations(digits, max_terms)]
        if self.is_input and not self.n_paths:
            return [f"{lines[0]} (no neuron reads {self.parameter})"]
        return lines

    def format(self, digits: int = 3, max_paths: int = 4, max_terms: int = 6) -> str:
        """Readable text of all three forms, numbers to ``digits`` significant figures, the
        first ``max_paths`` paths written out, sums cut after ``max_terms`` terms.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1])
        >>> net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)})
        >>> print(net.explain("w1", [-2, -1], 1).format(digits=2).splitlines()[3])
          dL/dw1 = dL/do1 * do1/dh1 * dh1/dw1
        """
        p = self.parameter
        head = (f"dL/d{p} for x = {_vec(self.x, digits)}, y = {_vec(self.y, digits)}, "
                f"loss = {self.loss.name}")
        through = (f", from its {len(self.uses)} use{'s' * (len(self.uses) != 1)}"
                   if self.uses else "")
        lines = [head, "",
                 f"Chain rule ({self.n_paths} path{'s' * (self.n_paths != 1)}{through}):"]
        if not self.n_paths:  # an input no neuron reads: the loss does not depend on it
            return "\n".join([*lines, f"  dL/d{p} = 0: no neuron reads {p}"])
        shown = list(islice(self.paths(), max_paths))
        sym = " + ".join(" * ".join(f.label for f in path.factors) for path in shown)
        num = " + ".join(product((f.value for f in path.factors), digits) for path in shown)
        hidden = self.n_paths - len(shown)
        more = f" + ... ({hidden} more paths)" if hidden else ""
        pad = " " * (len(p) + 5)  # under the "=" of "dL/d<p> ="
        lines += [f"  dL/d{p} = {sym}{more}", f"  {pad}= {num}{more}",
                  f"  {pad}= {number(self.full_value, digits)}", "  where"]
        seen = set()
        for path in shown:
            for f in path.factors:
                if f.label not in seen:
                    seen.add(f.label)
                    how = f"{f.rule} = {product(f.parts, digits)}" if f.parts else f.rule
                    lines.append(f"    {f.label} = {how} = {number(f.value, digits)}")
        if self.uses:
            n = len(self.uses)
            lines += ["", f"{p} is shared: dL/d{p} is the sum over its {n} use"
                          f"{'s' * (n != 1)}, each use's own a_j delta_k"
                          + (f" (the first {max_terms} shown)" if n > max_terms else "")]
        if self.through_time is not None:
            cut = self.through_time.recurrence.truncate
            if cut is not None:
                lines += ["", f"Truncated backpropagation ({cut} step{'s' * (cut != 1)} back): "
                              f"the chain rule above is the whole gradient; the network trains "
                              f"with the terms below, dL/d{p} = {number(self.value, digits)}"]
            lines += ["", self.through_time.format(digits, max_terms)]
        lines += ["", "Delta form:"] + [f"  {line}" for line in self.delta_lines(digits, max_terms)]
        lines += ["", f"Fully expanded: {self.n_factors} partial-derivative factors"]
        for path in shown:
            lines.append("  " + " * ".join(f.label for f in path.expanded))
        if hidden:
            lines.append(f"  + ... ({hidden} more paths)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"<Derivation dL/d{self.parameter} = {self.value:.6g}, {self.n_paths} path(s)>"

    def to_latex(self, digits: int = 3, max_paths: int = 4, max_terms: int = 6) -> str:
        """LaTeX (an ``aligned`` block) of the classic form with its numbers, and the delta
        form's equation of the parameter (or input).

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 1])
        >>> net.set_parameters({"w1": 1.0, "w2": 1.0})
        >>> print(net.explain("b1", [0, 0], 1).to_latex())  # doctest: +NORMALIZE_WHITESPACE
        \\begin{aligned}\\frac{\\partial L}{\\partial b_{1}} &=
        \\frac{\\partial \\mathrm{L}}{\\partial o_{1}}\\frac{\\partial o_{1}}{\\partial b_{1}} \\\\
        &= (-1) \\cdot 0.25 \\\\ &= -0.25 \\\\
        \\frac{\\partial L}{\\partial b_{1}} &= \\delta_{o_{1}} = -0.25\\end{aligned}
        """
        p = tex_name(self.parameter)
        if not self.n_paths:  # an input no neuron reads
            return rf"\begin{{aligned}}\frac{{\partial L}}{{\partial {p}}} &= 0\end{{aligned}}"
        shown = list(islice(self.paths(), max_paths))
        more = r" + \dots" if self.n_paths > len(shown) else ""
        sym = " + ".join("".join(_tex_frac(f) for f in path.factors) for path in shown)
        num = " + ".join(product((f.value for f in path.factors), digits, latex=True)
                         for path in shown)
        rows = [rf"\frac{{\partial L}}{{\partial {p}}} &= {sym}{more}",
                rf"&= {num}{more}", rf"&= {number(self.value, digits)}",
                self.delta_equations(digits, max_terms)[-1].aligned()]
        return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"

    def _repr_latex_(self) -> str:
        return f"$${self.to_latex()}$$"

    def _weighted_deltas(self, node: str) -> list[notation.WeightedDelta]:
        """(w_(node,c), c, its value, delta_c) for every neuron c reading ``node``."""
        net, a = self.network, self.trace.a
        weighted = []
        for c in net.graph.successors(node):
            name, w = edge_factor(net, node, c, a)  # w_jk, or 1/0 into a max neuron
            weighted.append((name, c, w, self.deltas[c]))
        return weighted


def explain(net: NetworkCore, name: str, x: Any, y: Any, loss: str | Loss = "mse") -> Derivation:
    """Return the chain-rule derivation of dL/d(``name``) for the sample (x, y).

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


def _vec(v: np.ndarray, digits: int) -> str:
    """A sample or target: one number, or a tuple of them."""
    return (number(v[0], digits) if len(v) == 1
            else "(" + ", ".join(number(x, digits) for x in v) + ")")


def _tex_frac(f: Factor) -> str:
    return rf"\frac{{\partial {tex_name(f.numerator)}}}{{\partial {tex_name(f.denominator)}}}"
