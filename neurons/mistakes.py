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
  alone; mu for lr (momentum); and any gradient mistake under the right rule.

``MISTAKES`` names them by kind, in the order they are tried. A mistake whose value
is the answer, or an earlier mistake's, is left out: no feedback is ambiguous.

Nothing is derived again by hand here. A wrong f'(z_k) multiplies the other factor of
the stepper's own delta_k = dL/da_k f'(z_k) (``record.delta_factors``); output deltas
without their f'(z) run back through the per-neuron path's
:func:`neurons.backprop.backward`. The messages quote the equations as
:mod:`neurons.notation` writes them for the stepper.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import notation, optimizers
from .backprop import backward
from .notation import STATED, number

if TYPE_CHECKING:
    from .core import NetworkCore
    from .exercises import Tolerance
    from .steps import Step, Steps

__all__ = ["MISTAKES", "Mistake", "recognised"]

_GRADIENT = ("missing_derivative", "missing_output_derivative", "derivative_at_a",
             "derivative_of_z", "z_for_a", "missing_input", "missing_factor_2", "missing_mean")
# The mistakes check() recognises, by kind, in the order they are tried.
MISTAKES = {
    "forward": ("sign", "z_for_a", "exponent_sign", "missing_bias", "sources_z"),
    "delta": ("sign", "missing_derivative", "missing_output_derivative", "derivative_at_a",
              "derivative_of_z", "missing_factor_2", "missing_mean"),
    "gradient": ("sign", *_GRADIENT),
    "update": ("old_value", "wrong_direction", "missing_lr", "step_only", "gradient_only",
               "mu_for_lr", *(f"gradient:{m}" for m in _GRADIENT)),
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
        found = _forward_mistakes(net, record, step.node, step.value)
    elif kind == "update":
        found = _update_mistakes(net, record, step, lr, optimizer)
    else:
        found = _backward_mistakes(kind, net, record, step)
    kept: list[Mistake] = []
    for name, value, message in found:
        if not tolerance.accepts(value, step.value) and not any(
                tolerance.accepts(value, m.value) for m in kept):
            kept.append(Mistake(name, float(value), message))
    return tuple(kept)


def _update_mistakes(net: NetworkCore, record: Steps, step: Step, lr: float | None,
                     optimizer: str | None) -> list[tuple[str, float, str]]:
    """The mistakes of an update: the rule done wrong, or the right rule on a wrong gradient."""
    p = step.parameter
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
        mu = optimizers.get(optimizer).mu
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
    if record.loss.name == "mse":
        found.append(("missing_factor_2", answer / 2,
                      "The factor 2 is missing: for L = (a - y)^2, dL/da = 2 (a - y)."))
    if len(outputs) > 1:
        found.append(("missing_mean", answer * len(outputs), f"L is the mean over the "
                      f"{len(outputs)} outputs: dL/da carries a factor 1/{len(outputs)}, "
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
