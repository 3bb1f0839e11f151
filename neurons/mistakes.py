"""The wrong answers an exercise recognises: each a hand derivation with one step done wrong.

:meth:`neurons.exercises.Exercise.check` compares a wrong answer with the values of
this catalogue and, on a match, names the step that went wrong. Each value is the
stepper's own numbers (:func:`neurons.steps.steps`) with that one step redone wrongly:

- forward: a sign; z for a; the exponent's sign; the bias left out; the sources' z
  for their a;
- delta and gradient: a sign; f'(z) left out (the neuron's own, or the outputs'); f'
  taken at a, or z put into its output form (z (1 - z)); for a gradient z_j for a_j;
  a factor a_j, 2 (MSE) or 1/outputs left out;
- update: the old value; a step uphill; lr left out; the change alone; the gradient
  alone; mu for lr (momentum); and any gradient mistake under the right rule;
- shared (the gradient of a shared kernel weight): one use's a_j delta_k only (the
  message names which), a use left out of the sum, the uses' mean for their sum, the
  first use's input for every use, and the gradient mistakes above in every use;
- maxpool (a gradient through max pooling): delta sent to every input of the max (as
  if it added them up), shared out evenly (as average pooling would), or sent to an
  input that did not win (the smallest, or another; the message names it), and the
  mistakes of the shared kind and of gradients; for an input x_j, a_j delta_k (the
  weight's gradient) for w_jk delta_k;
- bptt (the gradient of an RNN's recurrent weight, summed over time): the last step's
  term only; the recurrent factor left out (each step's delta carried back through time
  without the w_hh f'(z) of each step it crosses, so with the output at the last step
  every term takes the last step's delta); the sum forgotten, read as the chain rule
  followed down the longest path only (back through every step to the weight's first
  use, the one term of step 2, without the shorter paths of the later steps: the slip of
  writing dL/dw_hh as one chain dL/dh_T dh_T/dh_(T-1) ... dh_2/dw_hh); and the gradient
  mistakes above in every step's term.

``MISTAKES`` names them by kind, in the order they are tried. A mistake whose value
is the answer, or an earlier mistake's, is left out: no feedback is ambiguous. Names
may repeat within an exercise (``one_use`` once per use, ``wrong_winner`` once per
input of the max that did not win), each with its own value and message.

Nothing is derived again by hand here. A wrong f'(z_k) multiplies the other factor of
the stepper's own delta_k = dL/da_k f'(z_k) (``record.delta_factors``); output deltas
without their f'(z) run back through the per-neuron path's
:func:`neurons.backprop.backward`. A gradient of the kinds "shared" and "maxpool" is
a sum of terms, one per use of the parameter (or per neuron reading the input), each
a factor times the stepper's delta_k (:func:`gradient_terms`); a mistake changes the
deltas, the factors or the sum. A max neuron's delta sent elsewhere changes dL/da_k of
its inputs by the factor of :func:`neurons.backprop.edge_factor` it replaces. A
recurrent weight's terms are one per time step; a delta carried back without its
recurrent factors adds up the parts of each later step's own outputs (the rest of the
stepper's delta_k = f'(z_k) sum_m w_km delta_m, without the step after). The
messages quote the equations as :mod:`neurons.notation` writes them for the stepper.

Examples
--------
>>> from neurons.exercises import exercise
>>> from neurons.mistakes import recognised
>>> ex = exercise("delta", seed=0)
>>> print(*[m.name for m in ex.mistakes])
sign missing_derivative missing_output_derivative derivative_at_a derivative_of_z missing_factor_2
>>> print(f"{ex.mistakes[1].value:.4g}")  # delta_h1 without f'(z_h1)
-0.0252
>>> step = next(s for s in ex.steps if s.kind == "backward" and s.node == "h1")
>>> recognised("delta", ex.net, ex.steps, step, tolerance=ex.tolerance) == ex.mistakes
True

A shared kernel weight: its uses, and the mistake of taking one of them for the sum.

>>> ex = exercise("shared", seed=2)
>>> [(t.neuron, t.source) for t in gradient_terms(ex.net, ex.steps, ex.target)]
[('h1', 'x1'), ('h2', 'x2'), ('h3', 'x3')]
>>> one = next(m for m in ex.mistakes if m.name == "one_use")
>>> print(one.message)  # doctest: +ELLIPSIS
That is one use of k1 only: dL/dk1 (use 1 of 3, x1 -> h1) = a_x1 delta_h1. ...
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import notation, optimizers
from .backprop import backward, edge_factor
from .errors import UnknownNameError, did_you_mean
from .notation import STATED, number
from .recurrence import Recurrence

if TYPE_CHECKING:
    from .core import NetworkCore
    from .exercises import Tolerance
    from .steps import Step, Steps

__all__ = ["MISTAKES", "Mistake", "Term", "gradient_terms", "recognised", "recognised_gradient"]

_GRADIENT = ("missing_derivative", "missing_output_derivative", "derivative_at_a",
             "derivative_of_z", "z_for_a", "missing_input", "missing_factor_2", "missing_mean")
_USES = ("one_use", "missing_use", "mean_of_uses", "same_source")
_TIME = ("last_step_only", "recurrent_factor_left_out", "sum_forgotten")
# The mistakes check() recognises, by kind, in the order they are tried.
MISTAKES = {
    "forward": ("sign", "z_for_a", "exponent_sign", "missing_bias", "sources_z"),
    "delta": ("sign", "missing_derivative", "missing_output_derivative", "derivative_at_a",
              "derivative_of_z", "missing_factor_2", "missing_mean"),
    "gradient": ("sign", *_GRADIENT),
    "update": ("old_value", "wrong_direction", "missing_lr", "step_only", "gradient_only",
               "mu_for_lr", *(f"gradient:{m}" for m in _GRADIENT)),
    "shared": ("sign", *_USES, *_GRADIENT),
    "maxpool": ("routed_to_all", "averaged", "wrong_winner", "sign", *_USES, *_GRADIENT,
                "input_for_weight"),
    "bptt": ("sign", *_TIME, *_GRADIENT),
}


@dataclass(frozen=True)
class Mistake:
    """A recognised wrong answer: its ``name`` (see ``MISTAKES``), the ``value`` it gives,
    and the ``message`` that says which step went wrong."""

    name: str
    value: float
    message: str


def recognised(kind: str, net: NetworkCore, record: Steps, step: Step, lr: float | None = None,
             optimizer: str | None = None, *, tolerance: Tolerance) -> tuple[Mistake, ...]:
    """The recognised mistakes of the exercise of ``kind`` that asks for ``step`` of
    ``record`` (``lr`` and ``optimizer`` for an update), in the order of ``MISTAKES``.
    Values ``tolerance`` accepts as the answer (or as an earlier mistake) are left out."""
    if kind == "forward":
        assert step.node is not None  # a forward step computes a neuron's a
        found = _forward_mistakes(net, record, step.node, step.value)
    elif kind == "update":
        found = _update_mistakes(net, record, step, lr, optimizer)
    else:
        found = _backward_mistakes(kind, net, record, step)
    return _kept(found, step.value, tolerance)


def _kept(found: list[tuple[str, float, str]], answer: float,
          tolerance: Tolerance) -> tuple[Mistake, ...]:
    """The mistakes ``found`` in order, without those ``tolerance`` accepts as the answer or
    as an earlier mistake: no feedback is ambiguous."""
    kept: list[Mistake] = []
    for name, value, message in found:
        if not tolerance.accepts(value, answer) and not any(
                tolerance.accepts(value, m.value) for m in kept):
            kept.append(Mistake(name, float(value), message))
    return tuple(kept)


def _update_mistakes(net: NetworkCore, record: Steps, step: Step, lr: float | None,
                     optimizer: str | None) -> list[tuple[str, float, str]]:
    """The mistakes of an update: the rule done wrong, or the right rule on a wrong gradient."""
    p = step.parameter
    assert p is not None and lr is not None  # an update step, of a rate the question states
    w, g = net.parameters()[p], record.gradients[p]
    found = [
        ("old_value", w, f"That is {p} before the step; the step adds -lr dL/d{p} to it."),
        ("wrong_direction", w + lr * g, f"The step went uphill: gradient descent subtracts "
         f"lr dL/d{p} ({notation.sgd_update(p)}); check also the sign of dL/d{p}."),
        ("missing_lr", w - g, f"The learning rate is missing: the step is lr dL/d{p}, "
         f"with lr = {number(lr, STATED)}."),
        ("step_only", step.value - w, f"That is the change of {p}; the question asks for "
         f"{p} after the step, its old value plus the change."),
        ("gradient_only", g, f"That is dL/d{p}; the question asks for {p} after the step."),
    ]
    if optimizer == "momentum":
        mu = optimizers.Momentum().mu  # the default, as the stepper takes it
        found.append(("mu_for_lr", w - mu * g, f"mu took the place of lr: from rest, "
                      f"v = mu 0 - lr dL/d{p}, with lr = {number(lr, STATED)}."))
    grad = next(s for s in record if s.kind == "gradient" and s.parameter == p)
    return found + [(f"gradient:{name}", w - lr * value,
                     f"The update rule is right, but dL/d{p} is not. {message}")
                    for name, value, message in _backward_mistakes("gradient", net, record, grad)
                    if name != "sign"]


def _forward_mistakes(net: NetworkCore, record: Steps, k: str,
                      a: float) -> list[tuple[str, float, str]]:
    """The mistakes of a forward step: a_k with its z, its bias or its inputs done wrong."""
    tr, n = record.trace, net.neuron(k)
    f, b = n.activation, n.bias or 0.0
    found = [("sign", -a, f"Sign error: a_{k} has the right size but the wrong sign."),
             ("z_for_a", tr.z[k], f"That is z_{k}, the weighted input; the question asks for "
              f"the activation a_{k} = {f.name}(z_{k}).")]
    if f.logistic:
        found.append(("exponent_sign", float(f.value(-tr.z[k])), f"The sign of z_{k} is "
                      f"flipped inside the sigmoid: sigmoid(z) = 1 / (1 + exp(-z))."))
    found.append(("missing_bias", float(f.value(tr.z[k] - b)),
                  f"The bias is missing from z_{k} = sum of w a + b."))
    sources = [j for j in n.inputs if j not in net.inputs]
    if sources:
        z = sum(w * tr.z.get(j, tr.a[j]) for j, w in zip(n.inputs, n.weight_list)) + b
        found.append(("sources_z", float(f.value(z)), f"z_{k} adds up the activations a of "
                      f"{', '.join(sources)}, not their weighted inputs z."))
    return found


def _backward_mistakes(kind: str, net: NetworkCore, record: Steps,
                       step: Step) -> list[tuple[str, float, str]]:
    """The mistakes of a delta or a gradient: delta_k with its f'(z_k) done wrong, the
    outputs' deltas without their f'(z) carried back, or a factor of the gradient or of
    dL/da left out."""
    tr, k, answer = record.trace, step.node, step.value
    assert k is not None  # a delta or gradient step belongs to a neuron
    f, outputs, closed = net.neuron(k).activation, list(record.dL_da), record.closed_form
    slot = None if step.parameter is None else net.parameter_slot(step.parameter)[1]
    j = None if slot is None else net.neuron(k).inputs[slot]
    dL_da_k = record.delta_factors[k][0]  # delta_k = dL/da_k f'(z_k), f'(z_k) to be done wrong

    def asked(delta_k: float) -> float:
        """The asked quantity from a (wrong) delta_k: delta_k itself, or a_j delta_k."""
        return delta_k if j is None else tr.a[j] * delta_k

    what = f"delta_{k}" if kind == "delta" else f"dL/d{step.parameter}"
    found = [("sign", -answer, f"Sign error: {what} has the right size but the wrong sign. "
              f"Check dL/da at the outputs (output minus target, a - y) and the signs of the "
              f"weights.")]
    if not (closed and k in outputs):  # the loss's closed form leaves no f'(z_k) to take
        found.append(("missing_derivative", asked(dL_da_k), f"The factor f'(z_{k}) of "
                      f"delta_{k} is missing ({f.name}: f'(z) = {f.derivative_formula})."))
        if not closed and k not in outputs:
            found.append(("missing_output_derivative",
                          asked(_without_output_derivative(net, record)[k]),
                          "The output delta is dL/da f'(z) at each output: the factor f'(z) "
                          "of the output neuron is missing."))
        found += [("derivative_at_a",
                   asked(dL_da_k * float(f.derivative(tr.a[k], f.value(tr.a[k])))),
                   f"f' was taken at a_{k} instead of z_{k}: delta_{k} needs f'(z_{k}) = "
                   f"{f.derivative_formula} with z = z_{k}."),
                  ("derivative_of_z", asked(dL_da_k * float(f.derivative(tr.z[k], tr.z[k]))),
                   f"In f'(z_{k}) = {f.derivative_formula}, z_{k} took the place of "
                   f"f(z_{k}) = a_{k}.")]
    if j is not None and j not in net.inputs:
        found.append(("z_for_a", tr.z[j] * record.delta[k], f"{_gradient(step, j, k)} "
                      f"takes the activation a_{j}, not the weighted input z_{j}."))
    if j is not None:
        found.append(("missing_input", record.delta[k], f"{_gradient(step, j, k)}: the factor "
                      f"a_{j} is missing (delta_{k} alone is dL/db)."))
    found += _loss_slips(record, answer, len(outputs))
    return found


def _loss_slips(record: Steps, answer: float, n_outputs: int) -> list[tuple[str, float, str]]:
    """The slips in the loss's own factor, for any gradient: the 2 of the squared error
    left out, and the 1/n of the mean over several outputs left out."""
    found = []
    if record.loss.name == "mse":
        found.append(("missing_factor_2", answer / 2,
                      "The factor 2 is missing: for L = (a - y)^2, dL/da = 2 (a - y)."))
    if n_outputs > 1:
        found.append(("missing_mean", answer * n_outputs, f"L is the mean over the "
                      f"{n_outputs} outputs: dL/da carries a factor 1/{n_outputs}, "
                      f"which is missing."))
    return found


def _gradient(step: Step, j: str, k: str) -> str:
    """dL/dw_jk = a_j delta_k, in symbols, for the weight the step is about."""
    return notation.weight_gradient(str(step.parameter), j, k).text


def _without_output_derivative(net: NetworkCore, record: Steps) -> dict[str, float]:
    """The deltas of the per-neuron path (:func:`neurons.backprop.backward`) when every
    output's delta is taken as dL/da alone, its f'(z) left out."""
    dL_da = [record.dL_da[o] for o in record.trace.outputs]
    unused = {n.name: [0.0] * len(n.inputs) for n in net.neurons}
    return backward(net, record.trace, dL_da, unused, {}, delta_out=dL_da)


# -- gradients that are sums: shared parameters, inputs, max pooling ------------------------------
@dataclass(frozen=True)
class Term:
    """One term of a gradient that is a sum, ``value = factor * delta``, delta that of
    ``neuron``.

    For a parameter, one use of it: ``source`` the edge's source (``None`` for a bias)
    and ``factor`` a_source (1 for a bias). For an input, one neuron reading it:
    ``source`` the input and ``factor`` dz_k/dx_j, the weight w_jk. ``use`` counts the
    terms from 1, as the stepper and ``explain`` number a shared parameter's uses.
    """

    neuron: str
    source: str | None
    factor: float
    delta: float
    value: float
    use: int


def gradient_terms(net: NetworkCore, record: Steps, target: str) -> tuple[Term, ...]:
    """The terms of dL/d(``target``) for the sample of ``record`` (:func:`neurons.steps.steps`):
    one per use of a parameter (a parameter of the network's own has one), or one per
    neuron reading an input (none when nothing reads it). The gradient is their sum.

    Raises UnknownNameError for a name that is neither a parameter nor an input.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network()
    >>> for x in ("x1", "x2", "x3"):
    ...     net.add_input(x)
    >>> net.add_parameter("k1", 0.5)
    >>> for h, x in (("h1", "x1"), ("h2", "x2")):
    ...     _ = net.add_neuron(h, {x: "k1", "x3": 1.0}, bias=None, activation="identity")
    >>> _ = net.add_neuron("o1", {"h1": 1.0, "h2": -1.0}, bias=None, activation="identity")
    >>> record = net.steps([2, 4, 0], 0)
    >>> [(t.source, t.neuron, t.factor, t.delta) for t in gradient_terms(net, record, "k1")]
    [('x1', 'h1', 2.0, -2.0), ('x2', 'h2', 4.0, 2.0)]
    >>> sum(t.value for t in gradient_terms(net, record, "k1")) == record.gradients["k1"]
    True
    """
    a, delta = record.trace.a, record.delta
    if target in net.parameter_names():
        sources = [(k, None if i is None else net.neuron(k).inputs[i])
                   for k, i in net.parameter_uses(target)]
        factors = [1.0 if j is None else a[j] for _, j in sources]
    elif target in net.inputs:
        sources = [(k, target) for k in net.graph.successors(target)]
        factors = [edge_factor(net, target, k, a)[1] for k, _ in sources]
    else:
        known = [*net.parameter_names(), *net.inputs]
        raise UnknownNameError(f"target names no parameter or input: {target!r}"
                               f"{did_you_mean(str(target), known)}; give one of "
                               f"{', '.join(known[:12])}{', ...' * (len(known) > 12)}")
    return tuple(Term(k, j, c, delta[k], c * delta[k], use)
                 for use, ((k, j), c) in enumerate(zip(sources, factors), 1))


def recognised_gradient(kind: str, net: NetworkCore, record: Steps, target: str, answer: float,
                        *, tolerance: Tolerance) -> tuple[Mistake, ...]:
    """The recognised mistakes of an exercise of ``kind`` ("shared", "maxpool" or "bptt")
    that asks for dL/d(``target``) (a parameter, shared or of a neuron's own, or an input),
    whose value is ``answer``, in the order of ``MISTAKES[kind]``. Values ``tolerance``
    accepts as the answer (or as an earlier mistake) are left out.

    Examples
    --------
    >>> from neurons.exercises import exercise
    >>> ex = exercise("maxpool", seed=0)
    >>> ex.quantity, [m.name for m in ex.mistakes][:3]
    ('dL/dx2', ['routed_to_all', 'averaged', 'wrong_winner'])
    >>> recognised_gradient("maxpool", ex.net, ex.steps, ex.target, ex.answer,
    ...                     tolerance=ex.tolerance) == ex.mistakes
    True
    """
    found = _term_mistakes(net, record, target, answer, routing=kind == "maxpool")
    if kind == "bptt":
        found += _time_mistakes(net, record, target)
    order = MISTAKES[kind]
    # Sorted by name, in the order found within a name; a value that is zero but for
    # rounding (terms that cancel exactly) is 0, as a student would write it.
    found = sorted(((name, 0.0 if abs(value) <= 1e-12 * abs(answer) else value, message)
                    for name, value, message in found if name in order),
                   key=lambda m: order.index(m[0]))
    return _kept(found, answer, tolerance)


def _term_mistakes(net: NetworkCore, record: Steps, target: str, answer: float, *,
                   routing: bool) -> list[tuple[str, float, str]]:
    """The mistakes of a gradient that is a sum of terms factor * delta_k: the deltas, the
    factors or the sum done wrong, and with ``routing`` a max neuron's delta sent wrong."""
    tr, terms = record.trace, gradient_terms(net, record, target)
    what, n = f"dL/d{target}", len(terms)
    is_input = target not in net.parameter_names()
    neurons = list(dict.fromkeys(t.neuron for t in terms))
    outputs, closed = list(record.dL_da), record.closed_form

    def total(deltas: dict[str, float], factors: Sequence[float] | None = None) -> float:
        """The gradient from (wrong) deltas and (wrong) factors, added in the terms' order."""
        value = 0.0
        for t, c in zip(terms, [t.factor for t in terms] if factors is None else factors):
            value += c * deltas[t.neuron]
        return value

    def each(wrong: dict[str, float]) -> dict[str, float]:
        return {**record.delta, **wrong}

    found = _routing_mistakes(net, record, neurons, total, what) if routing else []
    found.append(("sign", -answer, f"Sign error: {what} has the right size but the wrong sign. "
                  f"Check dL/da at the outputs (output minus target, a - y) and the signs of "
                  f"the weights."))
    if not is_input and n > 1:
        found += _use_mistakes(target, terms, answer)
    one = len(neurons) == 1
    k = neurons[0] if neurons else ""
    acts = {net.neuron(m).activation.name: net.neuron(m).activation for m in neurons}
    f = next(iter(acts.values())) if len(acts) == 1 else None
    rule = f" ({f.name}: f'(z) = {f.derivative_formula})" if f is not None else ""
    formula = f.derivative_formula if f is not None else "f'(z)"
    deltas_named = (f"delta_{k}" if one else
                    "each delta_k (" + ", ".join(f"delta_{m}" for m in neurons) + ")")
    if neurons and not (closed and any(m in outputs for m in neurons)):
        dL_da = {m: record.delta_factors[m][0] for m in neurons}
        found.append(("missing_derivative", total(each(dL_da)),
                      f"The factor f'(z_{k if one else 'k'}) of {deltas_named} is "
                      f"missing{rule}."))
        if not closed and not any(m in outputs for m in neurons):
            found.append(("missing_output_derivative",
                          total(each(_without_output_derivative(net, record))),
                          "The output delta is dL/da f'(z) at each output: the factor f'(z) "
                          "of the output neuron is missing."))
        at_a = {m: dL_da[m] * float(net.neuron(m).activation.derivative(
            tr.a[m], net.neuron(m).activation.value(tr.a[m]))) for m in neurons}
        of_z = {m: dL_da[m] * float(net.neuron(m).activation.derivative(tr.z[m], tr.z[m]))
                for m in neurons}
        z, a = (f"z_{k}", f"a_{k}") if one else ("z_k", "a_k")
        found += [("derivative_at_a", total(each(at_a)),
                   f"f' was taken at {a} instead of {z}: {deltas_named} needs f'({z}) = "
                   f"{formula} with z = {z}."),
                  ("derivative_of_z", total(each(of_z)),
                   f"In f'({z}) = {formula}, {z} took the place of f({z}) = {a}.")]
    weights = [t for t in terms if t.source is not None]
    if not is_input and weights:
        inner = [t for t in weights if t.source not in net.inputs]
        if inner:
            z_j = [tr.z[t.source] if t.source is not None and t in inner else t.factor
                   for t in terms]
            found.append(("z_for_a", total(record.delta, z_j),
                          f"{what} takes the activation a_j of each source, not its weighted "
                          f"input z_j."))
        if n == 1:
            t = terms[0]
            message = (f"{notation.weight_gradient(target, str(t.source), t.neuron).text}: "
                       f"the factor a_{t.source} is missing (delta_{t.neuron} alone is dL/db).")
        else:
            message = (f"The factor a_j of each use is missing: each use of {target} adds "
                       f"a_j delta_k (delta_k alone is a bias's share).")
        found.append(("missing_input", total(record.delta, [1.0] * n), message))
    found += _loss_slips(record, answer, len(outputs))
    if is_input and terms:
        weighted = [(edge_factor(net, target, t.neuron, tr.a)[0], t.neuron, t.factor, t.delta)
                    for t in terms]
        rule_x = " = ".join(notation.input_gradient(target, weighted, 0.0).sides[:2])
        found.append(("input_for_weight", total(record.delta, [tr.a[target]] * n),
                      f"a_{target} delta_k is the gradient of a weight on an edge from "
                      f"{target}; the gradient of the input takes the weights instead: "
                      f"{rule_x}."))
    return found


def _use_symbols(p: str, t: Term, n: int) -> str:
    """One use of a shared parameter in symbols, as the stepper writes it:
    ``dL/dk1 (use 2 of 3, x2 -> h2) = a_x2 delta_h2``."""
    return " = ".join(notation.shared_use(p, t.source, t.neuron, 0.0, 0.0, 0.0, t.use, n)
                      .sides[:2])


def _use_mistakes(p: str, terms: Sequence[Term], answer: float) -> list[tuple[str, float, str]]:
    """The uses of a shared parameter not summed: one of them, all but one, their mean, or
    the first use's input taken for every use."""
    n = len(terms)
    total = " = ".join(notation.shared_sum(p, [0.0] * n, 0.0).sides[:2])
    places = (", ".join(f"{t.source} -> {t.neuron}" for t in terms)
              if all(t.source is not None for t in terms) else
              "the biases of " + ", ".join(t.neuron for t in terms)
              if all(t.source is None for t in terms) else
              ", ".join(f"{t.source} -> {t.neuron}" if t.source else f"bias of {t.neuron}"
                        for t in terms))
    found = [("one_use", t.value, f"That is one use of {p} only: {_use_symbols(p, t, n)}. "
              f"{p} is shared, used in {n} places ({places}): {total}, every use's "
              f"a_j delta_k added up.") for t in terms]
    found += [("missing_use", answer - t.value, f"Use {t.use} of {n} is missing from the sum: "
               f"{_use_symbols(p, t, n)}. {total}, all {n} of them.") for t in terms]
    found.append(("mean_of_uses", answer / n, f"That is the mean of the {n} uses of {p}; a "
                  f"shared parameter's gradient is their sum: {total}."))
    first = terms[0]
    if first.source is not None and len({t.source for t in terms}) > 1 and all(
            t.source is not None for t in terms):
        value = 0.0
        for t in terms:
            value += first.factor * t.delta
        found.append(("same_source", value, f"a_{first.source} was taken in every use of {p}; "
                      f"each use takes the input of its own edge: "
                      + " + ".join(f"a_{t.source} delta_{t.neuron}" for t in terms) + "."))
    return found


def _routing_mistakes(net: NetworkCore, record: Steps, neurons: Sequence[str],
                      total: Callable[[dict[str, float]], float],
                      what: str) -> list[tuple[str, float, str]]:
    """A max neuron's delta sent to every input, shared out evenly, or sent to an input that
    did not win, for each max neuron that the asked gradient's neurons feed."""
    tr, found = record.trace, []
    pools = [m for m in dict.fromkeys(m for k in neurons for m in net.graph.successors(k))
             if net.neuron(m).kind == "max"]
    for p in pools:
        inputs = net.neuron(p).inputs
        winner = max(inputs, key=tr.a.__getitem__)  # the first of equal maxima, as backward
        smallest = min(inputs, key=tr.a.__getitem__)
        n = len(inputs)
        largest = (f"a_{winner} is the largest of " + ", ".join(f"a_{j}" for j in inputs))
        rule = (f"max pooling passes delta_{p} whole to the input that won, {winner} "
                f"({largest}), and nothing to the others")
        found += [("routed_to_all",
                   total(_rerouted(net, record, neurons, p, dict.fromkeys(inputs, 1.0))),
                   f"delta_{p} went to every input of the max, as if {p} added them up; "
                   f"{rule}: dz_{p}/da_{winner} = 1, and 0 for the others."),
                  ("averaged",
                   total(_rerouted(net, record, neurons, p, dict.fromkeys(inputs, 1.0 / n))),
                   f"delta_{p} was shared out evenly, 1/{n} to each input of the max, as "
                   f"average pooling would; {rule}.")]
        for m in sorted((j for j in inputs if j != winner), key=tr.a.__getitem__):
            if m in neurons:
                message = (f"delta_{p} went to {m}"
                           + (", the smallest input of the max" if m == smallest else "")
                           + f", which did not win; {rule}.")
            else:
                message = (f"That would be right had another input than {winner} won the max: "
                           f"none of delta_{p} would then reach {what}. But {rule}.")
            found.append(("wrong_winner", total(_rerouted(net, record, neurons, p, {m: 1.0})),
                          message))
    return found


def _rerouted(net: NetworkCore, record: Steps, neurons: Sequence[str], p: str,
              share: dict[str, float]) -> dict[str, float]:
    """Every delta, those of ``neurons`` that feed the max neuron ``p`` redone as if
    dz_p/da_k were ``share[k]`` (0 where absent) instead of 1 for the winner and 0 for
    the others (:func:`neurons.backprop.edge_factor`)."""
    tr, inputs, d_p = record.trace, net.neuron(p).inputs, record.delta[p]
    deltas = dict(record.delta)
    for k in neurons:
        if k in inputs:
            dL_da, fp = record.delta_factors[k]
            factor = edge_factor(net, k, p, tr.a)[1]
            deltas[k] = (dL_da + (share.get(k, 0.0) - factor) * d_p) * fp
    return deltas


# -- a recurrent weight's sum over time -----------------------------------------------------------
def _time_mistakes(net: NetworkCore, record: Steps, target: str) -> list[tuple[str, float, str]]:
    """The sum over time of an unrolled RNN's parameter done wrong: the last step's term
    only, every step's delta carried back without its recurrent factors, or the term of
    the first step that uses it alone (the longest path of the chain rule). Nothing when
    ``target`` is used by no recurrence's hidden neurons, or at one step only.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.rnn(1, 1, 1, steps=3, outputs="last")
    >>> net.set_parameters({"w_xh_1_1": 0.5, "w_hh_1_1": -0.8, "w_hy_1_1": 1.2})
    >>> record = net.steps([1, -0.5, 0.3], 0.4)
    >>> [t.neuron for t in gradient_terms(net, record, "w_hh_1_1")]
    ['h2_1', 'h3_1']
    >>> found = dict((name, value) for name, value, _ in _time_mistakes(net, record, "w_hh_1_1"))
    >>> a, delta = record.trace.a, record.delta
    >>> found["last_step_only"] == a["h2_1"] * delta["h3_1"]
    True
    >>> bool(abs(found["recurrent_factor_left_out"]
    ...          - (a["h1_1"] + a["h2_1"]) * delta["h3_1"]) < 1e-15)
    True
    """
    terms = gradient_terms(net, record, target)
    r = next((r for r in net.recurrences if all(t.neuron in r.hidden for t in terms)), None)
    if r is None or not terms:
        return []
    at = {t.use: step for t in terms if (step := Recurrence.step_of(t.neuron)) is not None}
    first, last = min(at.values()), max(at.values())
    if first == last:
        return []
    tr, hidden = record.trace, set(r.hidden)

    def symbols(chosen: Sequence[Term]) -> str:
        return " + ".join(_symbol(target, t) for t in chosen)

    def at_step(s: int) -> list[Term]:
        return [t for t in terms if at[t.use] == s]

    every = (f"dL/d{target} = {symbols(terms)}, one term for each step from {first} to "
             f"{last}")
    # Each hidden neuron's own part of its delta: f'(z_k) times what its step's outputs
    # send back, without the step after (the recurrent edges). Adding those parts over
    # the later steps is carrying the deltas back with every w_hh f'(z) taken as 1.
    own = {h: record.delta_factors[h][1] * sum(
        edge_factor(net, h, m, tr.a)[1] * record.delta[m]
        for m in net.graph.successors(h) if m not in hidden) for h in r.hidden}
    carried: dict[str, float] = {}
    for tau in range(r.steps, 0, -1):
        for i, h in enumerate(r.hidden_at(tau)):
            carried[h] = own[h] + (carried[r.hidden_at(tau + 1)[i]] if tau < r.steps else 0.0)
    earliest = at_step(first)[0].neuron
    j = r.hidden_at(first).index(earliest)
    w = edge_factor(net, earliest, r.hidden_at(first + 1)[j], tr.a)[0]  # w_hh_j_j
    recursion = " = ".join(notation.hidden_delta(
        earliest, 0.0, [(edge_factor(net, earliest, m, tr.a)[0], m, 0.0, 0.0)
                        for m in net.graph.successors(earliest)], 0.0).sides[:2])
    hT = r.hidden_at(r.steps)[j]
    value = 0.0
    for t in terms:
        value += t.factor * carried[t.neuron]
    return [
        ("last_step_only", sum(t.value for t in at_step(last)),
         f"That is the last step's term only, step {last}: {symbols(at_step(last))}. "
         f"{target} is used at every step from {first} to {last}, and backpropagation "
         f"through time adds the terms of all of them: {every}."),
        ("recurrent_factor_left_out", value,
         f"The recurrent factor is missing: each step's delta was carried back through time "
         f"without the factor {w} f'(z) of every step it crossed"
         + (f", so every term took the last step's delta_{hT}" if r.outputs == "last" else "")
         + f". A delta one step back takes that factor once ({recursion}), two steps back "
         f"twice, and so on."),
        ("sum_forgotten", sum(t.value for t in at_step(first)),
         f"That is step {first}'s term only: the chain rule followed back through every "
         f"step to the first use of {target}, {symbols(at_step(first))}, is one path of "
         f"several. Each step's use of {target} is a path of its own, and the chain rule "
         f"adds up the paths: {every}."),
    ]


def _symbol(p: str, t: Term) -> str:
    """One term of dL/dp in symbols: ``a_h1_1 delta_h2_1``, or ``delta_h2_1`` for a bias."""
    if t.source is None:
        return notation.bias_gradient(p, t.neuron).sides[1]
    return notation.weight_gradient(p, t.source, t.neuron).sides[1]
