"""The words of an exercise: its question and its worked solution, as text and LaTeX.

:mod:`neurons.exercises` builds an exercise and asks these for its texts;
:mod:`neurons.worksheets` puts many on a sheet.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import networkx as nx

from . import optimizers
from .explain import explain
from .explain_text import tex_name

if TYPE_CHECKING:
    from .core import NetworkCore
    from .exercises import Tolerance
    from .steps import Step

__all__ = ["quantity_tex", "question", "solution"]


def question(kind: str, net: NetworkCore, x: tuple[float, ...], y: tuple[float, ...], loss: str,
             target: str, lr: float | None, optimizer: str | None,
             tolerance: Tolerance) -> tuple[str, str]:
    """The question of one exercise, as text (also Markdown: one sentence a line) and LaTeX."""
    sizes = "-".join(str(len(layer)) for layer in net.layers)
    text = [f"A {sizes} network computes, neuron by neuron:", ""]
    tex = [f"A {sizes} network computes, neuron by neuron:", r"\begin{itemize}"]
    names = {slot: p for p, slot in net.parameter_slots().items()}
    for neuron in net.forward_order():
        k, f = neuron.name, neuron.activation.name
        parts = [(names[k, i], j if j in net.inputs else f"a_{j}", neuron.weight_list[i])
                 for i, j in enumerate(neuron.inputs)]
        if neuron.has_bias:
            parts.append((names[k, None], "", neuron.bias))
        text += [f"- {k}: a_{k} = {f}({' + '.join(f'{p} {s}'.strip() for p, s, _ in parts)}),",
                 f"  with {', '.join(f'{p} = {v:g}' for p, _, v in parts)}"]
        terms = " + ".join(rf"{tex_name(p)}\,{tex_name(s)}" if s else tex_name(p)
                           for p, s, _ in parts)
        tex.append(rf"\item $a_{{{tex_name(k)}}} = \operatorname{{{f}}}({terms})$, with "
                   + ", ".join(f"${tex_name(p)} = {v:g}$" for p, _, v in parts))
    text.append("")
    tex.append(r"\end{itemize}")
    formulas = sorted({(n.activation.name, n.activation.formula) for n in net.neurons
                       if not n.activation.formula.startswith(n.activation.name)})
    text.append("where " + ", ".join(f"{a}(z) = {fm}" for a, fm in formulas) + ".")
    tex.append("where " + ", ".join(rf"$\operatorname{{{a}}}(z) = "
                                    + re.sub(r"\b(exp|max)\b", r"\\\1", fm) + "$"
                                    for a, fm in formulas) + ".")
    text.append("Input: " + ", ".join(f"{j} = {v:g}" for j, v in zip(net.inputs, x)) + ".")
    tex.append("Input: " + ", ".join(f"${tex_name(j)} = {v:g}$"
                                     for j, v in zip(net.inputs, x)) + ".")
    if kind != "forward":
        ys = ["y"] if len(y) == 1 else [f"y{i}" for i in range(1, len(y) + 1)]
        loss_text, loss_tex = _loss(loss, list(zip(net.outputs, ys)))
        text += ["Target: " + ", ".join(f"{t} = {v:g}" for t, v in zip(ys, y)) + ".",
                 f"Loss: L = {loss_text}."]
        tex += ["Target: " + ", ".join(f"${t if t == 'y' else tex_name(t)} = {v:g}$"
                                       for t, v in zip(ys, y))
                + ".", f"Loss: $L = {loss_tex}$."]
    ask, ask_tex = _ask(kind, target, lr, optimizer)
    text += ["", *ask, *tolerance.sentences()]
    tex += ["", *ask_tex, *tolerance.sentences()]
    return "\n".join(text), "\n".join(tex)


def _ask(kind: str, target: str, lr: float | None,
         optimizer: str | None) -> tuple[list[str], list[str]]:
    """What the question asks, as lines of text and of LaTeX."""
    t, tt = target, tex_name(target)
    if kind == "forward":
        return ([f"Compute the activation a_{t} of neuron {t}."],
                [rf"Compute the activation $a_{{{tt}}}$ of neuron ${tt}$."])
    if kind == "delta":
        return ([f"Compute delta_{t} = dL/dz_{t} for this sample."],
                [rf"Compute $\delta_{{{tt}}} = \partial L / \partial z_{{{tt}}}$ for this "
                 "sample."])
    if kind == "gradient":
        return ([f"Compute dL/d{t} for this sample."],
                [rf"Compute $\partial L / \partial {tt}$ for this sample."])
    if optimizer == "momentum":
        mu = optimizers.get(optimizer).mu  # as the stepper takes it
        text = ["Take one step of momentum on this sample: v <- mu v - lr dL/dw, then "
                "w <- w + v,", f"for every parameter, with lr = {lr:g}, mu = {mu:g} and every "
                "v starting at 0."]
        tex = [r"Take one step of momentum on this sample: $v \leftarrow \mu v - "
               r"\eta\,\partial L/\partial w$, then $w \leftarrow w + v$,",
               rf"for every parameter, with $\eta = {lr:g}$, $\mu = {mu:g}$ and every $v$ "
               "starting at 0."]
    else:
        text = ["Take one step of gradient descent (SGD) on this sample: w <- w - lr dL/dw",
                f"for every parameter, with lr = {lr:g}."]
        tex = [r"Take one step of gradient descent (SGD) on this sample: $w \leftarrow w - "
               r"\eta\,\partial L/\partial w$", rf"for every parameter, with $\eta = {lr:g}$."]
    return ([*text, f"What is {t} after the step?"], [*tex, f"What is ${tt}$ after the step?"])


def _loss(loss: str, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """The loss of the question over (output, target) pairs, as text and LaTeX: the mean
    over the outputs of (a - y)^2, or of -(y ln a + (1 - y) ln(1 - a))."""
    tex = [(f"a_{{{tex_name(o)}}}", t if t == "y" else tex_name(t)) for o, t in pairs]
    if loss == "mse":
        terms = [f"(a_{o} - {t})^2" for o, t in pairs]
        terms_tex = [f"({a} - {t})^2" for a, t in tex]
    else:
        terms = [f"{t} ln a_{o} + (1 - {t}) ln(1 - a_{o})" for o, t in pairs]
        terms_tex = [rf"{t} \ln {a} + (1 - {t}) \ln(1 - {a})" for a, t in tex]
    sign = "" if loss == "mse" else "-"
    if len(pairs) == 1:
        return ((terms[0], terms_tex[0]) if loss == "mse" else
                (f"-({terms[0]})", rf"-\bigl({terms_tex[0]}\bigr)"))
    n = len(pairs)
    return (f"{sign}[{' + '.join(terms)}] / {n}, the mean over the outputs",
            rf"{sign}\tfrac{{1}}{{{n}}}\bigl[" + " + ".join(terms_tex) + r"\bigr]")


def quantity_tex(kind: str, target: str) -> str:
    """LaTeX of what is asked: a_k, delta_k, dL/dp, or p after the step."""
    t = tex_name(target)
    return {"forward": f"a_{{{t}}}", "delta": rf"\delta_{{{t}}}",
            "gradient": rf"\partial L / \partial {t}",
            "update": rf"{t}\ \text{{after the step}}"}[kind]


def _relevant(kind: str, step: Step) -> list[Step]:
    """The steps a hand solution needs, up to ``step``: the forward steps of the asked
    neuron's ancestors (all of them past the forward kind), the loss, the deltas from
    the outputs back to the asked neuron, and the asked parameter's gradient and update."""
    k, graph = step.node, step.steps.net.graph
    forward = nx.ancestors(graph, k) | {k} if kind == "forward" else set(graph)
    backward = nx.descendants(graph, k) | {k}
    return [s for s in step.steps[:step.index + 1]
            if (s.kind == "forward" and s.node in forward) or s.kind == "loss"
            or (s.kind == "backward" and s.node in backward)
            or (s.kind in ("gradient", "update") and s.parameter == step.parameter)]


def solution(step: Step, kind: str, net: NetworkCore, x: Any, y: Any, loss: str, quantity: str,
             tolerance: Tolerance) -> tuple[str, str]:
    """The worked solution: the stepper's steps up to ``step`` (text and LaTeX, with
    the numbers), the answer, and for gradients the chain rule of ``net.explain``."""
    steps = _relevant(kind, step)
    digits = tolerance.digits
    answer = f"{step.value:#.{digits}g}"
    text = [f"Worked solution (the steps of net.steps, {digits} significant digits):"]
    text += [f"{i:3d}. {s.text}" for i, s in enumerate(steps, 1)]
    text.append(f"Answer: {quantity} = {answer} (exact {step.value:.12g})")
    tex = [f"Worked solution (the steps of \\texttt{{net.steps}}, {digits} significant "
           "digits):", r"\begin{enumerate}"]
    tex += [rf"\item $\displaystyle {s.latex}$" for s in steps]
    tex += [r"\end{enumerate}", f"Answer: ${quantity_tex(kind, step.parameter or step.node)} "
            f"= {answer}$ (exact ${step.value:.12g}$)."]
    if kind in ("gradient", "update"):
        d = explain(net, step.parameter, x, y, loss)
        text += ["", f"The chain rule for dL/d{step.parameter} (net.explain):",
                 *(f"    {line}".rstrip() for line in d.format(digits).splitlines())]
        tex += ["", rf"The chain rule for $\partial L / \partial {tex_name(step.parameter)}$ "
                r"(\texttt{net.explain}):", rf"\[ {d.to_latex(digits)} \]"]
    return "\n".join(text), "\n".join(tex)

