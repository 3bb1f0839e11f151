"""The words of each step of :mod:`neurons.steps`: its equation with the numbers, as text and LaTeX.

:func:`neurons.steps.steps` computes nothing here: it hands :class:`StepWriter` the
per-neuron path's own numbers, and the writer formats them (``digits`` significant
digits, negative factors in parentheses, long sums cut after ``max_terms`` terms).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .explain_text import tex_name

if TYPE_CHECKING:
    from .optimizers import Optimizer
    from .steps import Steps

__all__ = ["StepWriter"]


def _latex_of(text: str) -> str:
    """LaTeX of an optimizer's plain-text rule (``w1 <- w1 - lr dL/dw1 = 1 - 0.1 * (0.02)``)."""
    text = re.sub(r"dL/d(\w+)", lambda m: rf"\frac{{\partial L}}{{\partial {tex_name(m[1])}}}",
                  text)
    text = re.sub(r"\bv_(\w+)", lambda m: rf"v_{{{tex_name(m[1])}}}", text)
    text = re.sub(r"(?<![\w{\\])([wb]\d+)\b", lambda m: tex_name(m[1]), text)
    text = re.sub(r"\((\w+) step\)", r"(\\text{\1 step})", text)
    for plain, tex in (("<-", r"\leftarrow"), (" * ", r" \cdot "), (";  ", r",\quad "),
                       ("lr", r"\eta"), ("mu", r"\mu")):
        text = text.replace(plain, tex)
    return text


class StepWriter:
    """Writes each step's equation with its numbers, as text and LaTeX, and adds the step to
    the record (:class:`neurons.steps.Steps`): one method per kind of step."""

    def __init__(self, record: Steps, digits: int, max_terms: int) -> None:
        self.r, self.net, self.max = record, record.net, max_terms
        self.g = lambda v: f"{v:.{digits}g}"
        self.names = {(k, i): p for p, (k, i) in self.net.parameter_slots().items()}

    def num(self, v: float) -> str:
        """A number as a factor: negative ones in parentheses."""
        return f"({self.g(v)})" if v < 0 else self.g(v)

    def terms(self, parts: list[str]) -> str:
        if len(parts) > self.max:
            parts = [*parts[:self.max - 1], f"... ({len(parts) - self.max + 1} more)"]
        return " + ".join(parts)

    def forward(self, neuron: Any) -> None:
        k, tr, g = neuron.name, self.r.trace, self.g
        w = [(self.names[k, i], j, neuron.weight_list[i]) for i, j in enumerate(neuron.inputs)]
        symbols = [f"{p} a_{j}" for p, j, _ in w]
        numbers = [f"{self.num(wv)} * {self.num(tr.a[j])}" for _, j, wv in w]
        tex = [rf"{tex_name(p)}\,a_{{{tex_name(j)}}}" for p, j, _ in w]
        tex_numbers = [rf"{self.num(wv)} \cdot {self.num(tr.a[j])}" for _, j, wv in w]
        if neuron.has_bias:
            b = self.names[k, None]
            symbols.append(b)
            numbers.append(self.num(neuron.bias))
            tex.append(tex_name(b))
            tex_numbers.append(self.num(neuron.bias))
        f = neuron.activation.name
        tf = f.replace("_", r"\_")  # leaky_relu: an underscore is a subscript in LaTeX
        text = (f"z_{k} = {self.terms(symbols)} = {self.terms(numbers)} = {g(tr.z[k])};  "
                f"a_{k} = {f}(z_{k}) = {g(tr.a[k])}")
        tk = tex_name(k)
        latex = (rf"z_{{{tk}}} = {self.terms(tex)} = {self.terms(tex_numbers)} = {g(tr.z[k])},"
                 rf"\quad a_{{{tk}}} = \operatorname{{{tf}}}(z_{{{tk}}}) = "
                 rf"\operatorname{{{tf}}}({g(tr.z[k])}) = {g(tr.a[k])}")
        self.r.add("forward", k, None, tr.a[k], text, latex, (k, *neuron.inputs),
                   [(j, k) for j in neuron.inputs], [("z", k), ("a", k)])

    def loss(self) -> None:
        r, g = self.r, self.g
        outs = list(r.dL_da)
        rule = r.loss.derivative_formula
        text = f"L = {r.loss.name} = {g(r.value)};  " + ";  ".join(
            f"dL/da_{o} = {rule} = {g(r.dL_da[o])}" for o in outs)
        name = r.loss.name.replace("_", r"\_")
        latex = rf"L = \operatorname{{{name}}} = {g(r.value)},\quad " + r",\quad ".join(
            rf"\frac{{\partial L}}{{\partial a_{{{tex_name(o)}}}}} = {g(r.dL_da[o])}"
            for o in outs)
        r.add("loss", None, None, r.value, text, latex, outs, (),
              [("loss", ""), *(("dL_da", o) for o in outs)])

    def delta(self, neuron: Any, closed_form: bool) -> None:
        k, r, g = neuron.name, self.r, self.g
        z, a = r.trace.z[k], r.trace.a[k]
        fp = float(neuron.activation.derivative(z, a))
        d = r.delta[k]
        successors = list(self.net.graph.successors(k))
        tk = tex_name(k)
        if closed_form:
            text = f"delta_{k} = dL/dz_{k} (the loss's closed form) = {g(d)}"
            latex = rf"\delta_{{{tk}}} = \frac{{\partial L}}{{\partial z_{{{tk}}}}} = {g(d)}"
        elif k in r.dL_da:
            text = (f"delta_{k} = dL/da_{k} f'(z_{k}) = {self.num(r.dL_da[k])} * "
                    f"{self.num(fp)} = {g(d)}")
            latex = (rf"\delta_{{{tk}}} = \frac{{\partial L}}{{\partial a_{{{tk}}}}}"
                     rf"\,f'(z_{{{tk}}}) = {self.num(r.dL_da[k])} \cdot {self.num(fp)} "
                     rf"= {g(d)}")
        else:
            pairs = [(self.net.weight_name(k, m), m) for m in successors]
            symbols = self.terms([f"{w} delta_{m}" for w, m in pairs])
            numbers = self.terms([f"{self.num(self.net.weight(k, m))} * {self.num(r.delta[m])}"
                                  for _, m in pairs])
            text = f"delta_{k} = f'(z_{k}) ({symbols}) = {self.num(fp)} * ({numbers}) = {g(d)}"
            tex_sum = self.terms([rf"{tex_name(w)}\,\delta_{{{tex_name(m)}}}" for w, m in pairs])
            tex_numbers = self.terms([rf"{self.num(self.net.weight(k, m))} \cdot "
                                      rf"{self.num(r.delta[m])}" for _, m in pairs])
            latex = (rf"\delta_{{{tk}}} = f'(z_{{{tk}}})\left({tex_sum}\right) = "
                     rf"{self.num(fp)} \cdot \left({tex_numbers}\right) = {g(d)}")
        r.add("backward", k, None, d, text, latex, (k, *successors),
              [(k, m) for m in successors], [("delta", k)])

    def gradient(self, p: str, j: str | None, k: str, value: float) -> None:
        r, g = self.r, self.g
        r.gradients[p] = value
        if j is None:
            text = f"dL/d{p} = delta_{k} = {g(value)}"
            latex = (rf"\frac{{\partial L}}{{\partial {tex_name(p)}}} = "
                     rf"\delta_{{{tex_name(k)}}} = {g(value)}")
            nodes, edges = (k,), ()
        else:
            text = (f"dL/d{p} = a_{j} delta_{k} = {self.num(r.trace.a[j])} * "
                    f"{self.num(r.delta[k])} = {g(value)}")
            latex = (rf"\frac{{\partial L}}{{\partial {tex_name(p)}}} = a_{{{tex_name(j)}}}"
                     rf"\,\delta_{{{tex_name(k)}}} = {self.num(r.trace.a[j])} \cdot "
                     rf"{self.num(r.delta[k])} = {g(value)}")
            nodes, edges = (j, k), ((j, k),)
        r.add("gradient", k, p, value, text, latex, nodes, edges, [("gradient", p)])

    def update(self, p: str, w: float, grad: float, lr: float, new: float,
               opt: Optimizer) -> None:
        r = self.r
        r.updated[p] = new
        k, i = self.net.parameter_slot(p)
        text = opt.describe_first_step(p, w, grad, lr, new, self.g)
        latex = _latex_of(text)
        nodes, edges = ((k,), ()) if i is None else (
            (self.net.neuron(k).inputs[i], k), ((self.net.neuron(k).inputs[i], k),))
        r.add("update", k, p, new, text, latex, nodes, edges, [("updated", p)])
