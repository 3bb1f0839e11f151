"""An exercise's answer as a chain of factors, checked one factor at a time.

"Check each factor": instead of the answer alone, a student gives every quantity of the
hand derivation in the order it is worked out, and learns which is the first one gone
wrong, and what went wrong with it when that is a known slip. :func:`chain` lists the
quantities of an exercise as :class:`Factor` s; :func:`check_chain` grades a list of
given values (:meth:`neurons.exercises.Exercise.check_chain`); the worksheet page does
the same in the browser from salted hashes (:mod:`neurons.answer_keys`).

The factors, by kind (the numbers are the stepper's own, :func:`neurons.steps.steps`):

- ``forward`` (a_k): z_j and a_j of each neuron a_k reads, then z_k and a_k;
- ``delta``, ``gradient``, ``update``: backward from the outputs to the asked neuron k,
  each neuron m on the way as dL/da_m and f'(z_m) (an output; none under a loss with a
  closed form) or its weights w_km to the neurons it feeds and f'(z_m), followed by
  delta_m, their product; then for a weight a_j, and dL/dw (dL/db); for an update, the
  new value last;
- ``shared``, ``maxpool``, ``bptt`` (a sum of terms): each term of the sum (one use of a
  shared parameter, one neuron reading an input, one time step), then the sum.

Each factor knows the slips of its own that it recognises (``Factor.mistakes``): the
sign; the 2 of the squared error or the mean over outputs left out of dL/da; f' taken at
a, or z put in its output form, or a taken for f'(z); the weight of another edge;
z_j for a_j; the bias left out of z; each delta's mistakes as the kind "delta" knows
them (:func:`neurons.mistakes.recognised`); and for the last factor, the answer, the
exercise's own catalogue. As there, a slip whose value the tolerance accepts as the
factor's value, or as an earlier slip's, is left out, and here also one whose rounding
to the asked digits would be (or theirs it): no feedback is ambiguous.

Answers are read as :mod:`neurons.answer_keys` reads them, so that Python and the page
agree: rounded to the asked significant digits (halves away from zero), then accepted
within the tolerance.

Examples
--------
>>> from neurons.exercises import exercise
>>> ex = exercise("gradient", seed=2)
>>> [f.symbol for f in ex.chain]
['dL/da_o1', "f'(z_o1)", 'delta_o1', 'w7', "f'(z_h1)", 'delta_h1', 'a_x2', 'dL/dw2']
>>> values = [f.value for f in ex.chain]
>>> ex.check_chain(values).correct
True
>>> values[1] = ex.chain[1].value * -1
>>> feedback = ex.check_chain(values)
>>> feedback.index, feedback.mistake
(1, 'sign')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from . import notation
from .answer_keys import rounded
from .backprop import edge_factor
from .errors import ArgumentTypeError, ParameterError
from .mistakes import Mistake, _loss_slips, gradient_terms, recognised

if TYPE_CHECKING:
    from .core import NetworkCore
    from .exercises import Exercise, Tolerance
    from .steps import Steps

__all__ = ["ChainFeedback", "Factor", "chain", "check_chain"]


@dataclass(frozen=True)
class Factor:
    """One quantity of a chain: its ``symbol`` (``"f'(z_h1)"``), its ``latex``, its exact
    ``value``, and the slips it recognises (``mistakes``, each with its own value)."""

    symbol: str
    latex: str
    value: float
    mistakes: tuple[Mistake, ...] = ()


@dataclass(frozen=True)
class ChainFeedback:
    """The verdict on a chain; true when every factor is given and right. ``index`` is the
    first wrong factor's (from 0), or the first not given, or ``None`` when all are
    right; ``mistake`` names the slip recognised there, or is ``None``."""

    correct: bool
    index: int | None
    factor: Factor | None
    message: str
    mistake: str | None = None

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message


def chain(ex: Exercise) -> tuple[Factor, ...]:
    """The factors of ``ex`` in the order a hand derivation works them out (see the module).

    Examples
    --------
    >>> from neurons.exercises import exercise
    >>> [f.symbol for f in chain(exercise("forward", seed=1))]
    ['z_h1', 'a_h1', 'z_h2', 'a_h2', 'z_o1', 'a_o1']
    """
    net, record, tol = ex.net, ex.steps, ex.tolerance
    if ex.kind == "forward":
        k = ex.target
        reads = [j for j in net.neuron(k).inputs if j not in net.inputs]
        found = [f for j in reads for f in _forward(net, record, j, tol)]
        found += _forward(net, record, k, tol)
    elif ex.kind in ("delta", "gradient", "update"):
        if ex.kind == "delta":
            k, j = ex.target, None
        else:
            k, slot = net.parameter_slot(ex.target)
            j = None if slot is None else net.neuron(k).inputs[slot]
        found = _backward(net, record, k, tol)
        if ex.kind != "delta":
            if j is not None:
                found.append(_activation(net, record, j, tol))
            p = ex.target
            grad = record.gradients[p]
            step = next(s for s in record if s.kind == "gradient" and s.parameter == p)
            slips = (recognised("gradient", net, record, step, tolerance=tol)
                     if ex.kind == "update" else ())
            found.append(_kept(f"dL/d{p}", _tex(f"dL/d{p}"), grad, slips, tol))
    else:
        found = [_term(ex, t, tol) for t in gradient_terms(net, record, ex.target)]
    if ex.kind in ("forward", "delta", "gradient"):
        last = found.pop()  # the answer: the exercise's own catalogue of mistakes
        found.append(_kept(last.symbol, last.latex, last.value, ex.mistakes, tol))
    else:
        found.append(_kept(ex.quantity, _tex(ex.quantity), ex.answer, ex.mistakes, tol))
    return tuple(found)


def check_chain(factors: Sequence[Factor], given: Any, tolerance: Tolerance) -> ChainFeedback:
    """Grade ``given`` (a value, or ``None`` for one not given yet, for each factor, in
    order) against ``factors``: the first factor not accepted, and its recognised slip.

    Each value is a number or a text (read as :func:`neurons.answer_keys.parse` reads it),
    rounded to ``tolerance.digits`` significant digits and then held to the tolerance, as
    the worksheet page does.

    Raises ArgumentTypeError when ``given`` is not a sequence, ParameterError when it has
    more values than there are factors.
    """
    if isinstance(given, (str, bytes)) or not isinstance(given, Sequence):
        raise ArgumentTypeError(f"give the factors as a list of numbers (None for one not "
                                f"given yet), not {type(given).__name__} {given!r}")
    if len(given) > len(factors):
        raise ParameterError(f"{len(given)} values given for a chain of {len(factors)} "
                             f"factors: {', '.join(f.symbol for f in factors)}")
    for i, factor in enumerate(factors):
        value = given[i] if i < len(given) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            done = f"The first {i} of {len(factors)} are right. " if i else ""
            return ChainFeedback(False, i, factor, f"{done}Next: {factor.symbol}.")
        text = rounded(value, tolerance.digits)
        if text is None:
            return ChainFeedback(False, i, factor, f"{factor.symbol}: {value!r} is not a "
                                 "number; write it as -0.1234 or -1.234e-1.")
        if tolerance.accepts(float(text), factor.value):
            continue
        for m in factor.mistakes:
            if tolerance.accepts(float(text), m.value):
                return ChainFeedback(False, i, factor, wrong(factor, m.message), m.name)
        return ChainFeedback(False, i, factor, wrong(factor))
    return ChainFeedback(True, None, None, f"Correct: all {len(factors)} factors are right.")


def wrong(factor: Factor, why: str | None = None) -> str:
    """The message for a wrong ``factor``: ``why`` (a recognised slip's message), or what
    to do when the slip is not one of those recognised."""
    return (f"{factor.symbol} is the first wrong one. "
            + (why or "It is not a slip this sheet recognises: work it out again from the "
               "factors before it, keeping 5 significant digits."))


# -- the factors of each kind ---------------------------------------------------------------------
def _kept(symbol: str, latex: str, value: float, slips: Any, tolerance: Tolerance) -> Factor:
    """The factor with its ``slips`` (name, value, message) or Mistakes, each kept only when
    the tolerance tells it from the value and from the slips kept before it."""
    def apart(u: float, v: float) -> bool:  # neither, nor either's rounding, taken for the other
        return not any(tolerance.accepts(a, b) for a, b in (
            (u, v), (float(rounded(u, tolerance.digits) or 0), v),
            (float(rounded(v, tolerance.digits) or 0), u)))

    kept: list[Mistake] = []
    for slip in slips:
        m = slip if isinstance(slip, Mistake) else Mistake(slip[0], float(slip[1]), slip[2])
        if apart(m.value, value) and all(apart(m.value, k.value) for k in kept):
            kept.append(m)
    return Factor(symbol, latex, float(value), tuple(kept))


def _sign(symbol: str, value: float) -> tuple[str, float, str]:
    return ("sign", -value, f"Sign error: {symbol} has the right size but the wrong sign.")


def _forward(net: NetworkCore, record: Steps, k: str, tol: Tolerance) -> list[Factor]:
    """z_k and a_k, with the bias left out of z, sources' z for their a, a for z ..."""
    tr, n = record.trace, net.neuron(k)
    f, b = n.activation, n.bias or 0.0
    z_slips = [_sign(f"z_{k}", tr.z[k])]
    if n.has_bias:
        z_slips.append(("missing_bias", tr.z[k] - b, f"The bias is missing from z_{k} = "
                        "sum of w a + b."))
    sources = [j for j in n.inputs if j not in net.inputs]
    if sources:
        z = sum(w * tr.z.get(j, tr.a[j]) for j, w in zip(n.inputs, n.weight_list)) + b
        z_slips.append(("sources_z", z, f"z_{k} adds up the activations a of "
                        f"{', '.join(sources)}, not their weighted inputs z."))
    a_slips = [_sign(f"a_{k}", tr.a[k]),
               ("z_for_a", tr.z[k], f"That is z_{k}, the weighted input; the factor is the "
                f"activation a_{k} = {f.name}(z_{k}).")]
    if f.logistic:
        a_slips.append(("exponent_sign", float(f.value(-tr.z[k])), f"The sign of z_{k} is "
                        "flipped inside the sigmoid: sigmoid(z) = 1 / (1 + exp(-z))."))
    return [_kept(f"z_{k}", f"z_{{{notation.tex_name(k)}}}", tr.z[k], z_slips, tol),
            _kept(f"a_{k}", f"a_{{{notation.tex_name(k)}}}", tr.a[k], a_slips, tol)]


def _backward(net: NetworkCore, record: Steps, k: str, tol: Tolerance) -> list[Factor]:
    """The factors of delta_k, from the outputs back to k along the neurons k feeds."""
    below = _feeds(net, k)  # the neurons delta_k is carried back from, k itself last
    found: list[Factor] = []
    for m in [m for layer in reversed(net.layers) for m in layer if m in below]:
        tex_m = notation.tex_name(m)
        if m in record.dL_da:
            if not record.closed_form:
                found.append(_dL_da(record, m, tol))
                found.append(_derivative(net, record, m, tol))
        else:
            for s in net.graph.successors(m):
                if s in below:
                    found.append(_weight(net, record, m, s, tol))
            found.append(_derivative(net, record, m, tol))
        step = next(s for s in record if s.kind == "backward" and s.node == m)
        found.append(_kept(f"delta_{m}", rf"\delta_{{{tex_m}}}", record.delta[m],
                           recognised("delta", net, record, step, tolerance=tol), tol))
    return found


def _feeds(net: NetworkCore, k: str) -> set[str]:
    """k and every neuron it feeds, directly or not: the deltas delta_k is made of."""
    return {k} | set(nx.descendants(net.graph, k))


def _dL_da(record: Steps, o: str, tol: Tolerance) -> Factor:
    value = record.dL_da[o]
    slips = [("sign", -value, f"Sign error in dL/da_{o}: it is output minus target, a - y, "
              "times what the loss puts before it."),
             *_loss_slips(record, value, len(record.dL_da))]  # the 2, the mean, left out
    return _kept(f"dL/da_{o}", rf"\frac{{\partial L}}{{\partial a_{{{notation.tex_name(o)}}}}}",
                 value, slips, tol)


def _derivative(net: NetworkCore, record: Steps, k: str, tol: Tolerance) -> Factor:
    tr, f = record.trace, net.neuron(k).activation
    value = record.delta_factors[k][1]
    slips = [_sign(f"f'(z_{k})", value),
             ("derivative_at_a", float(f.derivative(tr.a[k], f.value(tr.a[k]))),
              f"f' was taken at a_{k} instead of z_{k}: f'(z_{k}) = {f.derivative_formula} "
              f"with z = z_{k}."),
             ("derivative_of_z", float(f.derivative(tr.z[k], tr.z[k])),
              f"In f'(z_{k}) = {f.derivative_formula}, z_{k} took the place of "
              f"f(z_{k}) = a_{k}."),
             ("activation_for_derivative", tr.a[k], f"That is a_{k} = f(z_{k}), the "
              f"activation; the factor is its slope f'(z_{k}) = {f.derivative_formula}.")]
    return _kept(f"f'(z_{k})", f"f'(z_{{{notation.tex_name(k)}}})", value, slips, tol)


def _weight(net: NetworkCore, record: Steps, j: str, k: str, tol: Tolerance) -> Factor:
    """w_jk, the edge delta_k comes back along; the weight of another edge into k is a slip."""
    name, w = edge_factor(net, j, k, record.trace.a)
    slips: list[tuple[str, float, str]] = [_sign(name, w)]
    for i in net.neuron(k).inputs:
        if i != j:
            other, v = edge_factor(net, i, k, record.trace.a)
            slips.append(("wrong_weight", v, f"That is {other}, the weight on {i} -> {k}; "
                          f"delta_{j} takes {name}, the weight on its own edge {j} -> {k}."))
    return _kept(name, notation.tex_name(name), w, slips, tol)


def _activation(net: NetworkCore, record: Steps, j: str, tol: Tolerance) -> Factor:
    tr = record.trace
    slips = [_sign(f"a_{j}", tr.a[j])]
    if j in tr.z:
        slips.append(("z_for_a", tr.z[j], f"That is z_{j}; the gradient takes the activation "
                      f"a_{j}, not the weighted input."))
    return _kept(f"a_{j}", f"a_{{{notation.tex_name(j)}}}", tr.a[j], slips, tol)


def _term(ex: Exercise, t: Any, tol: Tolerance) -> Factor:
    """One term of a sum: a use of a shared parameter, a neuron reading an input, a step."""
    record, p = ex.steps, ex.target
    if p in ex.net.inputs:
        name = edge_factor(ex.net, p, t.neuron, record.trace.a)[0]
        symbol = f"{name} delta_{t.neuron}"
        latex = rf"{notation.tex_name(name)}\,\delta_{{{notation.tex_name(t.neuron)}}}"
    elif t.source is None:
        symbol, latex = f"delta_{t.neuron}", rf"\delta_{{{notation.tex_name(t.neuron)}}}"
    else:
        symbol = f"a_{t.source} delta_{t.neuron}"
        latex = (rf"a_{{{notation.tex_name(t.source)}}}\,"
                 rf"\delta_{{{notation.tex_name(t.neuron)}}}")
    slips = [_sign(symbol, t.value)]
    if t.source is not None or p in ex.net.inputs:
        slips.append(("missing_input", t.delta, f"{symbol}: the factor before delta_{t.neuron} "
                      "is missing."))
    dL_da, _ = record.delta_factors[t.neuron]
    slips.append(("missing_derivative", t.factor * dL_da, f"The factor f'(z_{t.neuron}) of "
                  f"delta_{t.neuron} is missing."))
    return _kept(symbol, latex, t.value, slips, tol)


def _tex(quantity: str) -> str:
    """A quantity's LaTeX: ``dL/dw3`` as a fraction, other names by :func:`notation.tex_name`."""
    if quantity.startswith("dL/d"):
        return rf"\frac{{\partial L}}{{\partial {notation.tex_name(quantity[4:])}}}"
    if quantity.startswith("delta_"):
        return rf"\delta_{{{notation.tex_name(quantity[6:])}}}"
    return notation.tex_name(quantity)
