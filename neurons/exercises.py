"""Exercises for teachers: small networks to work through by hand, with exact answers.

``exercise(kind, seed)`` draws one exercise, the same one for the same seed: a small
network (2-2-1, 2-3-1, 3-2-1, 2-2-2 or 3-2-2; sigmoid outputs, sigmoid hidden neurons
or now and then tanh or ReLU) whose weights, biases and inputs have one decimal
(0.5, -1.2), so that a student can work it with a calculator, and one question:

============  =================================================================
``forward``   the activation a_k of a named neuron
``delta``     the delta dL/dz_k of a named hidden neuron
``gradient``  dL/dw (or dL/db) of a named parameter, for one sample
``update``    a parameter after one step of SGD or momentum (from rest), lr stated
============  =================================================================

The answer is not computed by a formula of this module: it is the value of the asked
step of :func:`neurons.steps.steps`, that is the per-neuron path's own forward trace,
deltas, gradients and optimizer step. The worked solution is those steps' equations
up to the asked one, and for the gradient kinds :meth:`Network.explain`'s chain rule;
:func:`worked_solution` writes it for any network. Questions and solutions write their
numbers and equations through :mod:`neurons.notation`, as the stepper and ``explain``
do, so a solution's line of ``explain`` is, to the letter, the step it repeats.
Answers are asked for to 4 significant digits and accepted within a relative 1e-3
(``TOLERANCE``); the generator only poses questions whose answer is at least 1e-3 in
size, away from a ReLU's kink, and (for an update) whose step is well above that
tolerance.

An :class:`Exercise` holds ``net``, ``x``, ``y``, ``loss``, the asked ``target`` and
``quantity``, the ``answer``, ``question`` and ``solution`` (each also ``_latex``, which
:mod:`neurons.worksheets` puts on a sheet), the stepper's ``steps``, ``tolerance``, and for
updates ``lr`` and ``optimizer``; ``draw()`` pictures the network. ``check(answer)``
returns a :class:`Feedback` (true when correct, with ``message`` and ``mistake``) that
names the step gone wrong for the mistakes of :mod:`neurons.mistakes` (``MISTAKES``),
and otherwise the sign and the order of magnitude expected, never the answer.

``exercises(n, seed)`` gives n of them, the kinds in turn; each carries its own seed,
so ``exercise(ex.kind, ex.seed)`` gives it again. :func:`neurons.worksheets.worksheet`
writes them as a problem sheet and a separate answer key, in Markdown and LaTeX.

Examples
--------
>>> from neurons.exercises import exercise
>>> ex = exercise("delta", seed=0)
>>> ex
<Exercise delta seed=0: delta_h1 on a 2-3-1 network>
>>> print(ex.question)
A 2-3-1 network computes, neuron by neuron:
<BLANKLINE>
- h1: a_h1 = sigmoid(w1 x1 + w2 x2 + b1),
  with w1 = -0.2, w2 = 1.5, b1 = -0.2
- h2: a_h2 = sigmoid(w3 x1 + w4 x2 + b2),
  with w3 = -1.2, w4 = -1.5, b2 = 0.2
- h3: a_h3 = sigmoid(w5 x1 + w6 x2 + b3),
  with w5 = 0.2, w6 = -1.1, b3 = -0.4
- o1: a_o1 = sigmoid(w7 a_h1 + w8 a_h2 + w9 a_h3 + b4),
  with w7 = -0.5, w8 = -0.9, w9 = -1.4, b4 = -0.2
<BLANKLINE>
where sigmoid(z) = 1 / (1 + exp(-z)).
Input: x1 = 2, x2 = -0.9.
Target: y = 0.
Loss: L = (a_o1 - y)^2.
<BLANKLINE>
Compute delta_h1 = dL/dz_h1 for this sample.
Give 4 significant digits (carry 5 in between).
Answers within a relative 0.001 of the exact value are accepted.
>>> ex.answer  # the stepper's delta_h1
-0.0027472797899867935
>>> ex.check(-0.002747).correct
True
>>> feedback = ex.check(-0.02520)  # the same without f'(z_h1)
>>> feedback.correct, feedback.mistake
(False, 'missing_derivative')
>>> print(feedback)
Not quite. The factor f'(z_h1) of delta_h1 is missing (sigmoid: f'(z) = f(z) (1 - f(z))).
>>> print(ex.solution.splitlines()[-2])
  7. delta_h1 = f'(z_h1) (w7 delta_o1) = 0.109 * ((-0.5) * 0.05039) = -0.002747
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from . import optimizers
from .builders import dense
from .checks import check_choice, check_count, check_number, check_seed
from .errors import ArgumentTypeError, NeuronsError, ParameterError, UnknownNameError, did_you_mean
from .explain import explain
from .mistakes import MISTAKES, Mistake, recognised
from .notation import STATED, number, terms, tex_name, tex_operator
from .steps import steps

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .core import NetworkCore
    from .drawing.network import NetworkDisplay
    from .steps import Step, Steps

__all__ = ["KINDS", "MISTAKES", "TOLERANCE", "Exercise", "Feedback", "Mistake", "Tolerance",
           "exercise", "exercises", "quantity_tex", "worked_solution"]

KINDS = ("forward", "delta", "gradient", "update")
_ARCHITECTURES = ((2, 2, 1), (2, 3, 1), (3, 2, 1), (2, 2, 2), (3, 2, 2))
_STEP_KIND = {"forward": "forward", "delta": "backward", "gradient": "gradient",
              "update": "update"}
_SMALLEST = 1e-3  # no answer smaller than this: 4 significant digits stay meaningful
_KINK = 0.1  # |z| of a tanh or ReLU neuron at least this: no kink, no cancellation
_ATTEMPTS = 1000


@dataclass(frozen=True)
class Tolerance:
    """How close an answer must be: within ``relative`` of the exact value, which is
    asked for to ``digits`` significant digits (rounding to them errs by at most half
    of ``relative``)."""

    relative: float = 1e-3
    digits: int = 4

    def accepts(self, given: float, exact: float) -> bool:
        """Whether ``given`` is within the tolerance of ``exact``."""
        return abs(given - exact) <= self.relative * abs(exact)

    def sentences(self) -> tuple[str, str]:
        """What a question says about it: how many digits to give, and what is accepted."""
        return (f"Give {self.digits} significant digits (carry {self.digits + 1} in between).",
                f"Answers within a relative {number(self.relative, STATED)} of the exact value "
                "are accepted.")

    def __str__(self) -> str:
        return " ".join(self.sentences())


TOLERANCE = Tolerance()


@dataclass(frozen=True)
class Feedback:
    """The verdict on an answer; true when ``correct``. ``mistake`` names the recognised
    mistake, or is ``None``."""

    correct: bool
    message: str
    mistake: str | None = None

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, eq=False)
class Exercise:
    """One exercise (see the module). ``target`` is the asked neuron (forward, delta) or
    parameter (gradient, update), ``quantity`` what is asked ("delta_h1", "dL/dw3"),
    ``steps`` the stepper's record the answer and the solution come from. ``net`` is the
    exercise's own network: changing it changes neither the answer nor the texts."""

    kind: str
    seed: int
    net: NetworkCore
    x: tuple[float, ...]
    y: tuple[float, ...]
    loss: str
    target: str
    quantity: str
    answer: float
    question: str
    question_latex: str
    solution: str
    solution_latex: str
    steps: Steps = field(repr=False)
    mistakes: tuple[Mistake, ...] = ()
    lr: float | None = None
    optimizer: str | None = None
    tolerance: Tolerance = TOLERANCE

    def check(self, answer: Any) -> Feedback:
        """Grade ``answer`` (a number); the feedback names the step that went wrong when
        the answer is a recognised mistake, and otherwise the sign and size expected.

        Raises ArgumentTypeError for a non-number, ParameterError for NaN or infinity.
        """
        given = check_number(answer, "answer")
        if self.tolerance.accepts(given, self.answer):
            return Feedback(True, f"Correct: {self.quantity} = {number(self.answer, STATED)}.")
        for m in self.mistakes:
            if self.tolerance.accepts(given, m.value):
                return Feedback(False, f"Not quite. {m.message}", m.name)
        return Feedback(False, self._hint(given))

    def _hint(self, given: float) -> str:
        e = math.floor(math.log10(abs(self.answer)))
        sign = "negative" if self.answer < 0 else "positive"
        yours = ("the wrong sign" if given * self.answer < 0 else
                 "a magnitude that is too large" if abs(given) > abs(self.answer)
                 else "a magnitude that is too small")
        return (f"Not accepted (within a relative {number(self.tolerance.relative, STATED)}). "
                f"Hint: {self.quantity} is {sign}, between {number(10.0 ** e, STATED)} and "
                f"{number(10.0 ** (e + 1), STATED)} in size; yours has {yours}. Go through the "
                f"steps again and keep "
                f"{self.tolerance.digits + 1} significant digits in between.")

    def draw(self, ax: Axes | None = None, *, names: bool = True,
             weight_labels: bool | str = True, fmt: str | None = "g",
             max_labelled_edges: int = 16, legend: bool = True,
             scale: float = 1.0) -> NetworkDisplay:
        """Draw the network with its parameters named and valued on the edges
        ("w1=0.3"), as :func:`neurons.draw` does (the settings mean what they mean there);
        return what it returns, a :class:`~neurons.drawing.network.NetworkDisplay`."""
        from .drawing import draw

        return draw(self.net, ax, names=names, weight_labels=weight_labels, fmt=fmt,
                    max_labelled_edges=max_labelled_edges, legend=legend, scale=scale)

    def __repr__(self) -> str:
        return (f"<Exercise {self.kind} seed={self.seed}: {self.quantity} on a "
                f"{'-'.join(str(len(layer)) for layer in self.net.layers)} network>")


def exercise(kind: str, seed: int | None = None) -> Exercise:
    """Return the exercise of ``kind`` ("forward", "delta", "gradient", "update") drawn
    from ``seed`` (a non-negative integer; ``None`` draws one, kept in ``.seed``)."""
    kind = check_choice(kind, "kind", KINDS)
    seed = check_seed(seed)
    if seed is None:
        seed = int(np.random.default_rng().integers(2**31))
    rng = np.random.default_rng([KINDS.index(kind), seed])
    for _ in range(_ATTEMPTS):
        made = _attempt(kind, seed, rng)
        if made is not None:
            return made
    raise NeuronsError(f"no {kind} exercise found for seed {seed}")  # pragma: no cover


def exercises(n: int, seed: int | None = None,
              kinds: str | Sequence[str] | None = None) -> list[Exercise]:
    """Return ``n`` exercises drawn from ``seed``, their kinds taken in turn from ``kinds``
    (default all four, in teaching order)."""
    n = check_count(n, "n")
    seed = check_seed(seed)
    kinds = check_kinds(kinds)
    seeds = np.random.default_rng(seed).integers(2**31, size=n).tolist()
    return [exercise(kinds[i % len(kinds)], s) for i, s in enumerate(seeds)]


def check_kinds(kinds: Any) -> tuple[str, ...]:
    """Return ``kinds`` (None, one kind, or a sequence of kinds) as a tuple of kinds."""
    if kinds is None:
        return KINDS
    if isinstance(kinds, str):
        kinds = (kinds,)
    if not isinstance(kinds, Sequence):
        raise ArgumentTypeError(f"kinds must be a kind or a list of kinds from "
                                f"{', '.join(map(repr, KINDS))}, not {kinds!r}")
    if not kinds:
        raise ParameterError(f"kinds must be a kind or a non-empty list of kinds from "
                             f"{', '.join(map(repr, KINDS))}")
    return tuple(check_choice(k, "kinds", KINDS) for k in kinds)


# -- drawing an exercise ------------------------------------------------------------------------
def _attempt(kind: str, seed: int, rng: np.random.Generator) -> Exercise | None:
    """One network, sample and question drawn from ``rng``; ``None`` when unfit for hand work."""
    sizes = _ARCHITECTURES[rng.integers(len(_ARCHITECTURES))]
    u = rng.random()
    net = dense(list(sizes), activation="sigmoid" if u < 0.7 else
                        "tanh" if u < 0.85 else "relu", output_activation="sigmoid", seed=0)
    n_w = len(net.parameters()) - sum(sizes[1:])
    signs = rng.choice([-1, 1], n_w)
    net.set_parameter_vector(np.concatenate([rng.integers(1, 16, n_w) * signs,
                                             rng.integers(-5, 6, sum(sizes[1:]))]) / 10)
    x = tuple((rng.integers(1, 21, sizes[0]) * rng.choice([-1, 1], sizes[0]) / 10).tolist())
    y = tuple(rng.integers(0, 2, sizes[-1]).astype(float).tolist())
    loss = "binary_cross_entropy" if rng.random() < 0.25 else "mse"
    lr = (0.1, 0.2, 0.5)[rng.integers(3)]
    optimizer = "momentum" if rng.random() < 0.3 else "sgd"
    record = steps(net, x, y, loss, lr=lr if kind == "update" else None,
                       optimizer=optimizer, digits=TOLERANCE.digits)
    if not _well_posed(net, record, kind):
        return None
    old = net.parameters()
    fits = [s for s in record if s.kind == _STEP_KIND[kind] and abs(s.value) >= _SMALLEST
            and (kind != "delta" or s.node not in net.outputs)
            and (kind != "update" or abs(s.value - old[s.parameter])
                 >= 5 * TOLERANCE.relative * abs(s.value))]
    if not fits:
        return None
    step = fits[rng.integers(len(fits))]
    if kind != "update":
        lr = optimizer = None
    target = step.parameter or step.node
    return Exercise(kind, seed, net, x, y, loss, target, _quantity(kind, target), step.value,
                    *_question(kind, net, x, y, loss, target, lr, optimizer, TOLERANCE),
                    *_solution(step, kind, net, x, y, loss, TOLERANCE), record,
                    recognised(kind, net, record, step, lr, optimizer, tolerance=TOLERANCE),
                    lr, optimizer)


def _well_posed(net: NetworkCore, record: Steps, kind: str) -> bool:
    """No tanh or ReLU neuron near z = 0, and (beyond the forward pass) no sum of
    weighted deltas that nearly cancels: rounding by hand stays harmless."""
    z = record.trace.z
    if any(abs(z[n.name]) < _KINK for n in net.neurons if not n.activation.logistic):
        return False
    if kind == "forward":
        return True
    for k in net.neurons:
        parts = [net.weight(k.name, m) * record.delta[m] for m in net.graph.successors(k.name)]
        if len(parts) > 1 and abs(sum(parts)) < 0.1 * sum(map(abs, parts)):
            return False
    return True


# -- the texts: questions and worked solutions ---------------------------------------------------
def _question(kind: str, net: NetworkCore, x: tuple[float, ...], y: tuple[float, ...], loss: str,
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
        z = terms([f"{p} {s}".strip() for p, s, _ in parts])
        text += [f"- {k}: a_{k} = {f}({z}),",
                 f"  with {', '.join(f'{p} = {number(v, STATED)}' for p, _, v in parts)}"]
        z_tex = terms([rf"{tex_name(p)}\,{tex_name(s)}" if s else tex_name(p)
                       for p, s, _ in parts])
        tex.append(rf"\item $a_{{{tex_name(k)}}} = {tex_operator(f)}({z_tex})$, with "
                   + ", ".join(f"${tex_name(p)} = {number(v, STATED)}$" for p, _, v in parts))
    text.append("")
    tex.append(r"\end{itemize}")
    formulas = sorted({(n.activation.name, n.activation.formula) for n in net.neurons
                       if not n.activation.formula.startswith(n.activation.name)})
    text.append("where " + ", ".join(f"{a}(z) = {fm}" for a, fm in formulas) + ".")
    tex.append("where " + ", ".join(rf"${tex_operator(a)}(z) = "
                                    + re.sub(r"\b(exp|max)\b", r"\\\1", fm) + "$"
                                    for a, fm in formulas) + ".")
    text.append("Input: " + ", ".join(f"{j} = {number(v, STATED)}"
                                      for j, v in zip(net.inputs, x)) + ".")
    tex.append("Input: " + ", ".join(f"${tex_name(j)} = {number(v, STATED)}$"
                                     for j, v in zip(net.inputs, x)) + ".")
    if kind != "forward":
        ys = ["y"] if len(y) == 1 else [f"y{i}" for i in range(1, len(y) + 1)]
        loss_text, loss_tex = _loss(loss, list(zip(net.outputs, ys)))
        text += ["Target: " + ", ".join(f"{t} = {number(v, STATED)}"
                                        for t, v in zip(ys, y)) + ".",
                 f"Loss: L = {loss_text}."]
        tex += ["Target: " + ", ".join(f"${t if t == 'y' else tex_name(t)} = "
                                       f"{number(v, STATED)}$" for t, v in zip(ys, y))
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
    rate = number(lr, STATED)
    if optimizer == "momentum":
        mu = number(optimizers.get(optimizer).mu, STATED)  # as the stepper takes it
        text = ["Take one step of momentum on this sample: v <- mu v - lr dL/dw, then "
                "w <- w + v,", f"for every parameter, with lr = {rate}, mu = {mu} and every "
                "v starting at 0."]
        tex = [r"Take one step of momentum on this sample: $v \leftarrow \mu v - "
               r"\eta\,\partial L/\partial w$, then $w \leftarrow w + v$,",
               rf"for every parameter, with $\eta = {rate}$, $\mu = {mu}$ and every $v$ "
               "starting at 0."]
    else:
        text = ["Take one step of gradient descent (SGD) on this sample: w <- w - lr dL/dw",
                f"for every parameter, with lr = {rate}."]
        tex = [r"Take one step of gradient descent (SGD) on this sample: $w \leftarrow w - "
               r"\eta\,\partial L/\partial w$", rf"for every parameter, with $\eta = {rate}$."]
    return ([*text, f"What is {t} after the step?"], [*tex, f"What is ${tt}$ after the step?"])


def _loss(loss: str, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """The loss of the question over (output, target) pairs, as text and LaTeX: the mean
    over the outputs of (a - y)^2, or of -(y ln a + (1 - y) ln(1 - a))."""
    tex = [(f"a_{{{tex_name(o)}}}", t if t == "y" else tex_name(t)) for o, t in pairs]
    if loss == "mse":
        each = [f"(a_{o} - {t})^2" for o, t in pairs]
        each_tex = [f"({a} - {t})^2" for a, t in tex]
    else:
        each = [f"{t} ln a_{o} + (1 - {t}) ln(1 - a_{o})" for o, t in pairs]
        each_tex = [rf"{t} \ln {a} + (1 - {t}) \ln(1 - {a})" for a, t in tex]
    sign = "" if loss == "mse" else "-"
    if len(pairs) == 1:
        return ((each[0], each_tex[0]) if loss == "mse" else
                (f"-({each[0]})", rf"-\bigl({each_tex[0]}\bigr)"))
    n = len(pairs)
    return (f"{sign}[{terms(each)}] / {n}, the mean over the outputs",
            rf"{sign}\tfrac{{1}}{{{n}}}\bigl[" + terms(each_tex) + r"\bigr]")


def _quantity(kind: str, target: str) -> str:
    """What is asked, as text: a_k, delta_k, dL/dp, or p after the step."""
    return {"forward": f"a_{target}", "delta": f"delta_{target}", "gradient": f"dL/d{target}",
            "update": f"{target} after the step"}[kind]


def quantity_tex(kind: str, target: str) -> str:
    """LaTeX of what is asked: a_k, delta_k, dL/dp, or p after the step.

    Examples
    --------
    >>> quantity_tex("delta", "h1")
    '\\\\delta_{h_{1}}'
    """
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


def _solution(step: Step, kind: str, net: NetworkCore, x: Any, y: Any, loss: str,
              tolerance: Tolerance) -> tuple[str, str]:
    """The worked solution: the stepper's steps up to ``step`` (text and LaTeX, with
    the numbers), the answer, and for gradients the chain rule of ``net.explain``."""
    shown = _relevant(kind, step)
    target = step.parameter or step.node
    digits = tolerance.digits
    answer, exact = number(step.value, digits, keep_zeros=True), number(step.value, 12)
    text = [f"Worked solution (the steps of net.steps, {digits} significant digits):"]
    text += [f"{i:3d}. {s.text}" for i, s in enumerate(shown, 1)]
    text.append(f"Answer: {_quantity(kind, target)} = {answer} (exact {exact})")
    tex = [f"Worked solution (the steps of \\texttt{{net.steps}}, {digits} significant "
           "digits):", r"\begin{enumerate}"]
    tex += [rf"\item $\displaystyle {s.latex}$" for s in shown]
    tex += [r"\end{enumerate}", f"Answer: ${quantity_tex(kind, target)} = {answer}$ "
            f"(exact ${exact}$)."]
    if kind in ("gradient", "update"):
        d = explain(net, step.parameter, x, y, loss)
        text += ["", f"The chain rule for dL/d{step.parameter} (net.explain):",
                 *(f"    {line}".rstrip() for line in d.format(digits).splitlines())]
        tex += ["", rf"The chain rule for $\partial L / \partial {tex_name(step.parameter)}$ "
                r"(\texttt{net.explain}):", rf"\[ {d.to_latex(digits)} \]"]
    return "\n".join(text), "\n".join(tex)


def worked_solution(net: NetworkCore, x: Any, y: Any, loss: str = "mse", kind: str = "gradient",
                    target: str | None = None, *, lr: float | None = None,
                    optimizer: str = "sgd", tolerance: Tolerance = TOLERANCE) -> tuple[str, str]:
    """The worked solution, as text and LaTeX, of the question ``kind`` about ``target``
    (a neuron for "forward" and "delta", a parameter for "gradient" and "update") on any
    network and sample, as an exercise on it would give it.

    ``lr`` (needed for "update") and ``optimizer`` are the training step's; the numbers
    are written to ``tolerance.digits`` significant digits.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1])
    >>> net.set_parameter_vector([1.0] * 6 + [0.0] * 3)
    >>> text, latex = worked_solution(net, [-2, -1], 1, "mse", "gradient", "w1")
    >>> print(text.splitlines()[7])
      7. dL/dw1 = a_x1 delta_h1 = (-2) * (-0.01073) = 0.02147

    The chain rule of ``net.explain`` that follows writes that line again, to the letter:

    >>> text.count("dL/dw1 = a_x1 delta_h1 = (-2) * (-0.01073) = 0.02147")
    2
    """
    kind = check_choice(kind, "kind", KINDS)
    if kind == "update" and lr is None:
        raise ParameterError("an update's worked solution needs the learning rate: pass lr=")
    record = steps(net, x, y, loss, lr=lr if kind == "update" else None, optimizer=optimizer,
                   digits=tolerance.digits)
    asked = {(s.parameter or s.node): s for s in record if s.kind == _STEP_KIND[kind]}
    if target not in asked:
        what = "neuron" if kind in ("forward", "delta") else "parameter"
        names = [n for n in (*net.parameters(), *(n.name for n in net.neurons)) if n in asked]
        raise UnknownNameError(f"no {what} named {target!r} for a {kind} question"
                               f"{did_you_mean(str(target), names)}; this network has "
                               f"{', '.join(names[:12])}{', ...' * (len(names) > 12)}")
    return _solution(asked[target], kind, net, x, y, loss, tolerance)
