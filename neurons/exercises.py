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

Two more kinds (``CONV_KINDS``) work on a tiny 1-D convolutional network: inputs
x1..x4 or x1..x5, a convolution h1, h2, ... that slides a window of 2 or 3 inputs
(stride 1), sigmoid, tanh or ReLU, and a sigmoid output o1 with weights of its own:

============  =================================================================
``shared``    dL/dk of one shared parameter: a kernel weight (k1, k2, k3) or the
              shared bias c, which every convolution neuron uses once
``maxpool``   a gradient through max pooling p1 = max(a_h1, ..., a_hn), 2 to 4
              inputs: dL/dx_j of an input that the winner and another pooled
              neuron read, or dL/dp of a parameter before the pool (the winner's
              own weight or bias, or a shared kernel weight or bias)
============  =================================================================

One more (``RNN_KINDS``; ``EVERY_KIND`` has all seven) works on a recurrent network,
``Network.rnn(1, 1, 1, steps=T)`` unrolled over T = 3 or 4 time steps (x1_1, x2_1, ...
in, h1_1, h2_1, ... hidden, tanh or identity, with h_0 = 0) and an identity output o{T}_1
at the last step, or (T = 3) one at each step, under the squared error:

============  =================================================================
``bptt``      dL/dw_hh_1_1 of the recurrent weight, backpropagation through time:
              the sum over the steps t = 2..T that use it of a_h(t-1) delta_h(t),
              each delta carried back from the last step by w_hh f'(z) per step
============  =================================================================

T is 3 or 4, not 2: with h_0 = 0 the first step does not use w_hh, so over 2 steps
its gradient would be one term and no sum over time. The numbers have one decimal: the
weights 0.1 to 1.5 in size (w_hh to 1.2), the biases -0.5 to 0.5, the inputs 0.1 to 1
in size, the targets -1 to 1; no z and no answer is beyond 3 in size.

A shared parameter is posed only when every use matters (each use's a_j delta_k at
least 5% of the uses' sizes, their sum no near cancellation; for a recurrent weight, each
step's term), and max pooling only with a clear winner (ahead of every other input by
0.1: no tie); no sigmoid or tanh neuron of the convolution or the recurrence is
saturated (f'(z) at least 0.05). The answer for a parameter is the stepper's sum over
its uses (one gradient step per use, then their sum); for an input it is
``net.explain``'s dL/dx_j = sum_k w_jk delta_k (as :meth:`Network.input_gradients`),
whose equation then ends the worked solution, after the stepper's deltas. A recurrent
weight's solution writes that sum once more as a sum over time, each step's delta as
the last step's carried back (:func:`worked_solution`).

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
and otherwise the sign and the order of magnitude expected, never the answer. For the
convolutional kinds these include one use of the shared parameter taken for the sum
(the message names which), a use left out, the uses' mean; and for max pooling the
delta sent to every input of the max, shared out evenly as average pooling would, or
sent to an input that did not win (the message names it). For the recurrent weight, the
last step's term only, the recurrent factor left out (every term with the last step's
delta) and the sum forgotten (the first step's term alone, the chain rule's longest path).

``exercises(n, seed)`` gives n of them, the kinds in turn (by default the four of
``KINDS``; ``kinds=`` chooses, the convolutional and recurrent ones too); each carries
its own seed, so ``exercise(ex.kind, ex.seed)`` gives it again. :func:`neurons.worksheets.worksheet`
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

A shared kernel weight: one use taken for the sum is recognised, and named.

>>> ex = exercise("shared", seed=2)
>>> for line in ex.question.splitlines()[2:5]:
...     print(line)
- h1: a_h1 = sigmoid(k1 x1 + k2 x2),
- h2: a_h2 = sigmoid(k1 x2 + k2 x3),
- h3: a_h3 = sigmoid(k1 x3 + k2 x4),
>>> print(ex.solution.splitlines()[13])
 13. dL/dk1 = sum over its 3 uses = (-0.07306) + (-0.1664) + (-0.1368) = -0.3763
>>> print(ex.check(-0.1664))  # doctest: +NORMALIZE_WHITESPACE
Not quite. That is one use of k1 only: dL/dk1 (use 2 of 3, x2 -> h2) = a_x2 delta_h2.
k1 is shared, used in 3 places (x1 -> h1, x2 -> h2, x3 -> h3): dL/dk1 = sum over its 3
uses, every use's a_j delta_k added up.

Max pooling: the delta goes to the winner only.

>>> ex = exercise("maxpool", seed=11)
>>> print(ex.question.splitlines()[5])
- p1: a_p1 = max(a_h1, a_h2, a_h3) (max pooling, no parameters),
>>> ex.quantity, ex.check(0.02147).correct, ex.check(0.08893).mistake
('dL/dk1', True, 'routed_to_all')

Backpropagation through time: the last step's term alone is recognised, and named.

>>> ex = exercise("bptt", seed=3)
>>> ex
<Exercise bptt seed=3: dL/dw_hh_1_1 on a 1-1-1 RNN over 3 steps>
>>> ex.answer == ex.net.gradients([ex.x], [ex.y])["w_hh_1_1"]
True
>>> through = ex.solution[ex.solution.index("Summed over time"):].splitlines()
>>> print(through[3])  # each delta carried back from the last step
    delta_h2_1 = (w_hh_1_1 f'(z_h2_1)) delta_h3_1 = ((-0.2) * 0.8277) * (-1.161) = 0.1922
>>> print(ex.check(0.4819))  # doctest: +NORMALIZE_WHITESPACE
Not quite. That is the last step's term only, step 3: a_h2_1 delta_h3_1. w_hh_1_1 is used
at every step from 2 to 3, and backpropagation through time adds the terms of all of them:
dL/dw_hh_1_1 = a_h1_1 delta_h2_1 + a_h2_1 delta_h3_1, one term for each step from 2 to 3.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from . import chains, optimizers
from .backprop import forward_trace
from .builders import dense
from .checks import check_choice, check_count, check_number, check_seed
from .core import new_network
from .errors import ArgumentTypeError, NeuronsError, ParameterError, UnknownNameError, did_you_mean
from .explain import explain
from .mistakes import MISTAKES, Mistake, gradient_terms, recognised, recognised_gradient
from .notation import STATED, Equation, factor, number, product, terms, tex_name, tex_operator
from .recurrence import Recurrence
from .steps import steps

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .core import NetworkCore
    from .drawing.network import NetworkDisplay
    from .steps import Step, Steps

__all__ = ["ALL_KINDS", "CONV_KINDS", "EVERY_KIND", "KINDS", "MISTAKES", "RNN_KINDS", "TITLES",
           "TOLERANCE",
           "Exercise", "Feedback", "Mistake", "Tolerance", "exercise", "exercises", "quantity_tex",
           "worked_solution"]

KINDS = ("forward", "delta", "gradient", "update")  # dense networks; exercises()' default
CONV_KINDS = ("shared", "maxpool")  # a tiny 1-D convolutional network
RNN_KINDS = ("bptt",)  # a 1-1-1 recurrent network unrolled over time
ALL_KINDS = KINDS + CONV_KINDS  # every kind on a feedforward network
# Appended, never inserted: a kind's place seeds its exercises (exercise()).
EVERY_KIND = ALL_KINDS + RNN_KINDS
# What each kind asks, as a worksheet heads it ("Exercise 2: a gradient").
TITLES = {"forward": "forward pass", "delta": "a hidden neuron's delta",
          "gradient": "a gradient", "update": "one training step",
          "shared": "a shared kernel weight's gradient",
          "maxpool": "a gradient through max pooling",
          "bptt": "backpropagation through time"}
_ARCHITECTURES = ((2, 2, 1), (2, 3, 1), (3, 2, 1), (2, 2, 2), (3, 2, 2))
_STEP_KIND = {"forward": "forward", "delta": "backward", "gradient": "gradient",
              "update": "update", "shared": "gradient", "maxpool": "gradient",
              "bptt": "gradient"}
_SMALLEST = 1e-3  # no answer smaller than this: 4 significant digits stay meaningful
_KINK = 0.1  # |z| of a tanh or ReLU neuron at least this: no kink, no cancellation
_ATTEMPTS = 1000
# The convolutions of the kind "shared": (inputs, kernel width), so 3, 2 and 3 neurons.
_SHARED_SHAPES = ((4, 2), (4, 3), (5, 3))
_MARGIN = 0.1  # a max neuron's winner beats each other input by at least this much
_PART = 0.05  # each use of a shared parameter at least this part of the uses' sizes
_APART = 0.02  # a recognised mistake at least this far (relatively) from the answer
_CANCEL = 0.15  # a sum at least this part of its terms' sizes: no near cancellation
_SATURATED = 0.05  # f'(z) of a sigmoid or tanh convolution neuron at least this
# The recurrent networks of "bptt": T steps with the output at the last step, or at each.
# T = 2 would give w_hh a single use (step 1 reads h_0 = 0): no sum over time.
_RNN_LAST_STEPS = (3, 4)
_RNN_EACH_STEPS = 3  # an output and a target at every step: more to carry, so fewer steps
_RNN_LARGEST = 3.0  # no z, no answer beyond this: a calculator's numbers, not a growing state's


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
    """One exercise (see the module). ``target`` is the asked neuron (forward, delta),
    parameter (gradient, update, shared, maxpool, bptt) or input (maxpool), ``quantity``
    what is asked ("delta_h1", "dL/dw3", "dL/dk1", "dL/dx2", "dL/dw_hh_1_1"),
    ``steps`` the stepper's record the answer and the solution come from. ``net`` is the
    exercise's own network: changing it changes neither the answer nor the texts.
    ``chain`` (worked out on first use) holds the quantities of the hand derivation, in
    order, the answer last (:func:`neurons.chains.chain`)."""

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

    @cached_property
    def chain(self) -> tuple[chains.Factor, ...]:
        """The quantities of the hand derivation, in order, the answer last: the factors of
        the chain rule and the products made of them (:func:`neurons.chains.chain`)."""
        return chains.chain(self)

    def check_chain(self, factors: Sequence[Any]) -> chains.ChainFeedback:
        """Grade the student's value of each factor of :attr:`chain`, in order (``None``
        for one not given yet): the first wrong one, and its slip when it is a known one.

        Each value is rounded to the asked significant digits first, as the worksheet
        page rounds what is typed (:mod:`neurons.answer_keys`).

        Examples
        --------
        >>> ex = exercise("delta", seed=0)
        >>> [f.symbol for f in ex.chain]
        ['dL/da_o1', "f'(z_o1)", 'delta_o1', 'w7', "f'(z_h1)", 'delta_h1']
        >>> values = [f.value for f in ex.chain]
        >>> values[4] = 0.4  # not a known slip
        >>> feedback = ex.check_chain(values)
        >>> feedback.index, feedback.factor.symbol, feedback.mistake
        (4, "f'(z_h1)", None)
        >>> print(ex.check_chain(values[:2]))
        The first 2 of 6 are right. Next: delta_o1.
        """
        return chains.check_chain(self.chain, factors, self.tolerance)

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
        if self.kind in RNN_KINDS:  # its layers are the steps: say the sizes of one step
            r = self.net.recurrences[0]
            what = f"{r.n_inputs}-{r.n_hidden}-{r.n_outputs} RNN over {r.steps} steps"
        else:
            what = f"{'-'.join(str(len(layer)) for layer in self.net.layers)} network"
        return f"<Exercise {self.kind} seed={self.seed}: {self.quantity} on a {what}>"


def exercise(kind: str, seed: int | None = None) -> Exercise:
    """Return the exercise of ``kind`` drawn from ``seed`` (a non-negative integer; ``None``
    draws one, kept in ``.seed``).

    ``kind`` is one of ``KINDS`` on a small dense network ("forward", "delta", "gradient",
    "update"), of ``CONV_KINDS`` on a tiny 1-D convolutional network ("shared": the
    gradient of a shared kernel weight; "maxpool": a gradient through max pooling), or of
    ``RNN_KINDS`` on a recurrent network unrolled over time ("bptt": the recurrent
    weight's gradient, summed over the steps).

    Examples
    --------
    >>> ex = exercise("shared", seed=2)
    >>> ex
    <Exercise shared seed=2: dL/dk1 on a 4-3-1 network>
    >>> ex.check(ex.answer).correct, ex.net.parameter_uses("k1")
    (True, (('h1', 0), ('h2', 0), ('h3', 0)))
    """
    kind = check_choice(kind, "kind", EVERY_KIND)
    seed = check_seed(seed)
    if seed is None:
        seed = int(np.random.default_rng().integers(2**31))
    rng = np.random.default_rng([EVERY_KIND.index(kind), seed])
    attempt = (_attempt if kind in KINDS else _attempt_rnn if kind in RNN_KINDS
               else _attempt_conv)
    for _ in range(_ATTEMPTS):
        made = attempt(kind, seed, rng)
        if made is not None:
            return made
    raise NeuronsError(f"no {kind} exercise found for seed {seed}")  # pragma: no cover


def exercises(n: int, seed: int | None = None,
              kinds: str | Sequence[str] | None = None) -> list[Exercise]:
    """Return ``n`` exercises drawn from ``seed``, their kinds taken in turn from ``kinds``
    (default the four of ``KINDS``, in teaching order; ``EVERY_KIND`` adds the
    convolutional and the recurrent ones).

    Examples
    --------
    >>> [ex.kind for ex in exercises(3, seed=1, kinds=["gradient", "shared", "bptt"])]
    ['gradient', 'shared', 'bptt']
    """
    n = check_count(n, "n")
    seed = check_seed(seed)
    kinds = check_kinds(kinds)
    seeds = np.random.default_rng(seed).integers(2**31, size=n).tolist()
    return [exercise(kinds[i % len(kinds)], s) for i, s in enumerate(seeds)]


def check_kinds(kinds: Any) -> tuple[str, ...]:
    """Return ``kinds`` (None: the four of ``KINDS``; one kind, or a sequence of kinds of
    ``EVERY_KIND``) as a tuple of kinds.

    Examples
    --------
    >>> check_kinds("maxpool"), check_kinds(None) == KINDS
    (('maxpool',), True)
    """
    if kinds is None:
        return KINDS
    if isinstance(kinds, str):
        kinds = (kinds,)
    if not isinstance(kinds, Sequence):
        raise ArgumentTypeError(f"kinds must be a kind or a list of kinds from "
                                f"{', '.join(map(repr, EVERY_KIND))}, not {kinds!r}")
    if not kinds:
        raise ParameterError(f"kinds must be a kind or a non-empty list of kinds from "
                             f"{', '.join(map(repr, EVERY_KIND))}")
    return tuple(check_choice(k, "kinds", EVERY_KIND) for k in kinds)


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
            and (kind != "update" or (s.parameter is not None
                                      and abs(s.value - old[s.parameter])
                                      >= 5 * TOLERANCE.relative * abs(s.value)))]
    if not fits:
        return None
    step = fits[rng.integers(len(fits))]
    # Only an update's question states the learning rate and the optimizer.
    rate, rule = (lr, optimizer) if kind == "update" else (None, None)
    target = step.parameter or step.node
    assert target is not None  # a forward, delta, gradient or update step names its quantity
    return Exercise(kind, seed, net, x, y, loss, target, _quantity(kind, target), step.value,
                    *_question(kind, net, x, y, loss, target, rate, rule, TOLERANCE),
                    *_solution(record, kind, target, step, net, x, y, loss, TOLERANCE), record,
                    recognised(kind, net, record, step, rate, rule, tolerance=TOLERANCE),
                    rate, rule)


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


# -- drawing a convolutional exercise ------------------------------------------------------------
def _attempt_conv(kind: str, seed: int, rng: np.random.Generator) -> Exercise | None:
    """One tiny 1-D convolutional network, sample and question drawn from ``rng`` (see the
    module); ``None`` when unfit for hand work."""
    pool = kind == "maxpool"
    if pool:
        n_conv = int(rng.integers(2, 5))
        n_in, width, shared = n_conv + 1, 2, bool(rng.random() < 0.4)
    else:
        n_in, width = _SHARED_SHAPES[rng.integers(len(_SHARED_SHAPES))]
        n_conv, shared = n_in - width + 1, True
    shared_bias = shared and bool(rng.random() < 0.6)
    u = rng.random()
    activation = "relu" if u < 0.45 else "sigmoid" if u < 0.75 else "tanh"
    kernel = _one_decimal(rng, width if shared else n_conv * width)
    biases = (rng.integers(-5, 6, 1 if shared else n_conv) / 10).tolist()
    out_weights = _one_decimal(rng, 1 if pool else n_conv)
    out_bias = float(rng.integers(-5, 6)) / 10
    x = tuple(_one_decimal(rng, n_in, 21))
    y = (float(rng.integers(0, 2)),)
    loss = "binary_cross_entropy" if rng.random() < 0.25 else "mse"
    ask_input = pool and bool(rng.random() < 0.5)
    net = _conv_network(n_in, width, activation, kernel, biases, out_weights, out_bias,
                        shared=shared, shared_bias=shared_bias, pool=pool)
    trace = forward_trace(net, x)  # first the forward pass's conditions, without the steps
    z, a = trace.z, trace.a
    if any(abs(z[n.name]) < _KINK for n in net.neurons
           if n.kind != "max" and not n.activation.logistic):
        return None
    convs = net.layers[1]
    if activation != "relu" and any(float(net.neuron(h).activation.derivative(z[h], a[h]))
                                    < _SATURATED for h in convs):
        return None
    if pool:
        ranked = sorted(a[h] for h in convs)
        if ranked[-1] - ranked[-2] < _MARGIN:  # a clear winner, no tie
            return None
        winner = max(convs, key=a.__getitem__)
    record = steps(net, x, y, loss, digits=TOLERANCE.digits)
    if pool:
        candidates = ([j for j in net.neuron(winner).inputs
                       if len(list(net.graph.successors(j))) > 1] if ask_input else
                      [p for p in net.parameter_names()
                       if any(k == winner for k, _ in net.parameter_uses(p))])
    else:
        candidates = list(net.shared_parameters.names)
    fits = [fit for fit in (_fit(kind, net, record, x, y, loss, t) for t in candidates)
            if fit is not None]
    if not fits:
        return None
    target, answer, mistakes = fits[rng.integers(len(fits))]
    step = (None if target in net.inputs else
            next(s for s in reversed(record) if s.kind == "gradient" and s.parameter == target))
    return Exercise(kind, seed, net, x, y, loss, target, _quantity(kind, target), answer,
                    *_question(kind, net, x, y, loss, target, None, None, TOLERANCE),
                    *_solution(record, kind, target, step, net, x, y, loss, TOLERANCE), record,
                    mistakes)


def _one_decimal(rng: np.random.Generator, n: int, top: int = 16) -> list[float]:
    """``n`` numbers with one decimal, 0.1 to (top - 1) / 10 in size, either sign."""
    return (rng.integers(1, top, n) * rng.choice([-1, 1], n) / 10).tolist()


def _conv_network(n_in: int, width: int, activation: str, kernel: Sequence[float],
                  biases: Sequence[float], out_weights: Sequence[float], out_bias: float, *,
                  shared: bool, shared_bias: bool, pool: bool) -> NetworkCore:
    """Inputs x1..x<n_in>; a 1-D convolution h1, h2, ... (windows of ``width``, stride 1)
    with the shared kernel k1, k2, ... (and bias c) or, unless ``shared``, weights and
    biases of each neuron's own; with ``pool`` a max neuron p1 over them; a sigmoid output
    o1 with weights and a bias of its own."""
    net = new_network()
    inputs = [f"x{i}" for i in range(1, n_in + 1)]
    for j in inputs:
        net.add_input(j)
    if shared:
        for t, v in enumerate(kernel, 1):
            net.add_parameter(f"k{t}", v)
        if shared_bias:
            net.add_parameter("c", biases[0])
    convs = []
    for i in range(n_in - width + 1):
        window = inputs[i:i + width]
        if shared:
            weights: dict[str, float | str] = {j: f"k{t}" for t, j in enumerate(window, 1)}
            bias: float | str | None = "c" if shared_bias else None
        else:
            weights = dict(zip(window, kernel[i * width:(i + 1) * width]))
            bias = biases[i]
        convs.append(f"h{i + 1}")
        net.add_neuron(convs[-1], weights, bias=bias, activation=activation)
    if pool:
        net.add_pooling_neuron("p1", convs)
        convs = ["p1"]
    net.add_neuron("o1", dict(zip(convs, out_weights)), bias=out_bias, activation="sigmoid")
    return net


# -- drawing a recurrent exercise ---------------------------------------------------------------
def _attempt_rnn(kind: str, seed: int, rng: np.random.Generator) -> Exercise | None:
    """One 1-1-1 recurrent network unrolled over time, sequence, targets and the question
    dL/dw_hh_1_1, drawn from ``rng`` (see the module); ``None`` when unfit for hand work."""
    last = bool(rng.random() < 0.7)  # the classic case: one output, at the last step
    n_steps = int(rng.choice(_RNN_LAST_STEPS)) if last else _RNN_EACH_STEPS
    activation = "tanh" if rng.random() < 0.7 else "identity"
    w_xh, w_hy = _one_decimal(rng, 2)
    # |w_hh| <= 1.2: a factor w_hh f'(z) per step back neither explodes nor vanishes yet.
    w_hh = _one_decimal(rng, 1, 13)[0]
    b_h, b_y = (rng.integers(-5, 6, 2) / 10).tolist()
    x = tuple(_one_decimal(rng, n_steps, 11))
    y = tuple((rng.integers(-10, 11, 1 if last else n_steps) / 10).tolist())
    # Network.rnn(1, 1, 1, n_steps, ...) with these values: built through the record it
    # builds through, without its initial draw, which every value here replaces.
    net = new_network()
    net.add_recurrence(Recurrence.elman(1, 1, 1, n_steps, "last" if last else "each"),
                       W_xh=[[w_xh]], W_hh=[[w_hh]], W_hy=[[w_hy]], b_h=[b_h], b_y=[b_y],
                       activation=activation, output_activation="identity")
    loss = "mse"  # an identity output: the squared error, the loss of regression
    tr = forward_trace(net, x)  # first the forward pass's conditions, without the steps
    if any(abs(v) > _RNN_LARGEST for v in tr.z.values()):  # an identity h can grow
        return None
    if any(abs(tr.z[n.name]) < _KINK for n in net.neurons):  # as _well_posed, before steps
        return None
    if activation == "tanh" and any(float(net.neuron(h).activation.derivative(
            tr.z[h], tr.a[h])) < _SATURATED for h in net.recurrences[0].hidden):
        return None
    record = steps(net, x, y, loss, digits=TOLERANCE.digits)
    if not _well_posed(net, record, kind):
        return None
    target = net.recurrences[0].w_hh[0]
    fit = _fit(kind, net, record, x, y, loss, target)
    if fit is None or abs(fit[1]) > _RNN_LARGEST:
        return None
    step = next(s for s in reversed(record) if s.kind == "gradient" and s.parameter == target)
    return Exercise(kind, seed, net, x, y, loss, target, _quantity(kind, target), fit[1],
                    *_question(kind, net, x, y, loss, target, None, None, TOLERANCE),
                    *_solution(record, kind, target, step, net, x, y, loss, TOLERANCE), record,
                    fit[2])


def _fit(kind: str, net: NetworkCore, record: Steps, x: Any, y: Any, loss: str,
         target: str) -> tuple[str, float, tuple[Mistake, ...]] | None:
    """The question dL/d(``target``) with its answer and recognised mistakes, or ``None`` when
    it is unfit for hand work: a small answer, a use (of a shared parameter, a step of a
    recurrent weight) too small to matter or a sum that nearly cancels, a recognised
    mistake too close to the answer, or one of the kind's own mistakes missing (one use
    only, the mean of the uses; delta sent to every input of the max, shared out, or to
    an input that did not win; the last step only, the recurrent factor left out, the sum
    forgotten, and for "bptt" the sign, the factor 2 and a tanh's f'(z) too: all that a
    recurrent exercise recognises is there, none taken by an earlier mistake), or an
    input of the max other than the winner that would give the answer too."""
    answer = (record.gradients[target] if target in record.gradients else
              explain(net, target, x, y, loss).value)
    terms = gradient_terms(net, record, target)
    size = sum(abs(t.value) for t in terms)
    if abs(answer) < _SMALLEST:
        return None
    if kind in ("shared", "bptt") and (abs(answer) < _CANCEL * size
                                       or any(abs(t.value) < _PART * size for t in terms)):
        return None
    found = recognised_gradient(kind, net, record, target, answer, tolerance=TOLERANCE)
    if any(abs(m.value - answer) < _APART * abs(answer) for m in found):
        return None
    names = [m.name for m in found]
    if kind == "shared":
        needed = {"sign": 1, "one_use": len(terms), "mean_of_uses": 1}
    elif kind == "bptt":
        needed = dict.fromkeys(("sign", "last_step_only", "recurrent_factor_left_out",
                                "sum_forgotten", "missing_factor_2"), 1)
        if any(net.neuron(t.neuron).activation.name != "identity" for t in terms):
            needed["missing_derivative"] = 1
    else:
        through = {t.neuron for t in terms} & set(net.neuron("p1").inputs)
        needed = {"sign": 1, "averaged": 1, "wrong_winner": 1,
                  "routed_to_all": int(len(through) > 1)}
    if any(names.count(name) < count for name, count in needed.items()):
        return None
    if kind == "maxpool":  # no input of the max but the winner gives the answer
        pooled, d_p = net.neuron("p1").inputs, record.delta["p1"]
        winner = max(pooled, key=record.trace.a.__getitem__)
        for m in pooled:
            routed = sum(t.factor for t in terms if t.neuron == m) * record.delta_factors[m][1]
            if m != winner and abs(routed * d_p - answer) < _APART * abs(answer):
                return None
    return target, answer, found


# -- the texts: questions and worked solutions ---------------------------------------------------
def _question(kind: str, net: NetworkCore, x: tuple[float, ...], y: tuple[float, ...], loss: str,
              target: str, lr: float | None, optimizer: str | None,
              tolerance: Tolerance) -> tuple[str, str]:
    """The question of one exercise, as text (also Markdown: one sentence a line) and LaTeX.

    A shared parameter is stated once, after the neurons; a max neuron is written as the
    max of its inputs. A recurrent network is said to be one, unrolled over its steps."""
    sizes = "-".join(str(len(layer)) for layer in net.layers)
    what = (f"{sizes} network" if kind in KINDS else
            _rnn_phrase(net.recurrences[0]) if kind in RNN_KINDS else _conv_phrase(net))
    text = [f"A {what} computes, neuron by neuron:", ""]
    tex = [f"A {what} computes, neuron by neuron:", r"\begin{itemize}"]
    names = {slot: p for p, slot in net.parameter_slots().items()}
    shared = net.shared_parameters.names
    for p in shared:
        names.update(dict.fromkeys(net.parameter_uses(p), p))
    for neuron in net.forward_order():
        k, f = neuron.name, neuron.activation.name
        sources = [j if j in net.inputs else f"a_{j}" for j in neuron.inputs]
        if neuron.kind == "max":  # max pooling: no parameters
            text.append(f"- {k}: a_{k} = max({', '.join(sources)}) (max pooling, no "
                        "parameters),")
            tex.append(rf"\item $a_{{{tex_name(k)}}} = \max("
                       + ", ".join(tex_name(j) for j in sources) + ")$ (max pooling, no "
                       "parameters)")
            continue
        parts = [(names[k, i], j, neuron.weight_list[i]) for i, j in enumerate(sources)]
        if (b := neuron.bias) is not None:
            parts.append((names[k, None], "", b))
        own = [(p, v) for p, _, v in parts if p not in shared]
        z = terms([f"{p} {s}".strip() for p, s, _ in parts])
        text.append(f"- {k}: a_{k} = {f}({z}),")
        if own:
            text.append(f"  with {', '.join(f'{p} = {number(v, STATED)}' for p, v in own)}")
        z_tex = terms([rf"{tex_name(p)}\,{tex_name(s)}" if s else tex_name(p)
                       for p, s, _ in parts])
        tex.append(rf"\item $a_{{{tex_name(k)}}} = {tex_operator(f)}({z_tex})$"
                   + (", with " + ", ".join(f"${tex_name(p)} = {number(v, STATED)}$"
                                            for p, v in own) if own else ""))
    text.append("")
    tex.append(r"\end{itemize}")
    if shared:
        values = net.parameters()
        text.append(_shared_phrase(net) + ", ".join(f"{p} = {number(values[p], STATED)}"
                                                     for p in shared) + ".")
        tex.append(_shared_phrase(net, latex=True)
                   + ", ".join(f"${tex_name(p)} = {number(values[p], STATED)}$"
                               for p in shared) + ".")
    formulas = sorted({(n.activation.name, n.activation.formula) for n in net.neurons
                       if n.kind != "max"
                       and not n.activation.formula.startswith(n.activation.name)})
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
    ask, ask_tex = _ask(kind, target, lr, optimizer, is_input=target in net.inputs,
                        n_steps=net.recurrences[0].steps if kind in RNN_KINDS else None)
    text += ["", *ask, *tolerance.sentences()]
    tex += ["", *ask_tex, *tolerance.sentences()]
    return "\n".join(text), "\n".join(tex)


def _conv_phrase(net: NetworkCore) -> str:
    """The network of a convolutional exercise in words: "small convolutional network
    (inputs x1..x4, a 1-D convolution h1..h3, max pooling p1, output o1)"."""
    layers = [list(layer) for layer in net.layers]
    parts = [f"inputs {layers[0][0]}..{layers[0][-1]}",
             f"a 1-D convolution {layers[1][0]}..{layers[1][-1]}"]
    for layer in layers[2:-1]:
        parts.append(f"max pooling {', '.join(layer)}")
    parts.append(f"output {', '.join(layers[-1])}")
    return f"small convolutional network ({', '.join(parts)})"


def _rnn_phrase(r: Recurrence) -> str:
    """The network of a recurrent exercise in words: "recurrent network unrolled over 3
    time steps t = 1, 2, 3 (1 input, 1 hidden neuron and 1 output a step; the output at
    the last step only)". No node names: it is also the LaTeX."""
    def counted(n: int, word: str) -> str:
        return f"{n} {word}{'s' * (n != 1)}"
    where = "the output at the last step only" if r.outputs == "last" else "an output at each step"
    return (f"recurrent network unrolled over {r.steps} time steps t = "
            f"{', '.join(map(str, range(1, r.steps + 1)))} ({counted(r.n_inputs, 'input')}, "
            f"{counted(r.n_hidden, 'hidden neuron')} and {counted(r.n_outputs, 'output')} a "
            f"step; {where})")


def _shared_phrase(net: NetworkCore, *, latex: bool = False) -> str:
    """The sentence that states the shared parameters, up to their values (``latex``:
    as LaTeX)."""
    if net.recurrences:
        h0 = "$h_0 = 0$" if latex else "h_0 = 0"
        return ("The weights and biases are shared across time, the same numbers at every "
                f"step (step 1 reads no earlier hidden state: {h0}): ")
    roles = set(net.shared_parameters.role.get(p) for p in net.shared_parameters.names)
    what = ("kernel weights and bias" if roles == {"weight", "bias"} else
            "kernel weights" if roles == {"weight"} else "shared parameters")
    return (f"The convolution's {what} are shared: the same numbers in every neuron that "
            f"names them, ")


def _ask(kind: str, target: str, lr: float | None, optimizer: str | None, *,
         is_input: bool = False, n_steps: int | None = None) -> tuple[list[str], list[str]]:
    """What the question asks, as lines of text and of LaTeX (``is_input``: the target is
    an input of the network; ``n_steps``: a recurrent network's number of time steps)."""
    t, tt = target, tex_name(target)
    if kind in RNN_KINDS:
        return ([f"Compute dL/d{t}, the gradient of the loss with respect to the recurrent "
                 f"weight {t},", f"by backpropagation through time over the {n_steps} steps, "
                 "for this sequence."],
                [rf"Compute $\partial L / \partial {tt}$, the gradient of the loss with "
                 rf"respect to the recurrent weight ${tt}$,", f"by backpropagation through "
                 f"time over the {n_steps} steps, for this sequence."])
    if is_input:
        return ([f"Compute dL/d{t}, the gradient of the loss with respect to the input {t}, "
                 "for this sample."],
                [rf"Compute $\partial L / \partial {tt}$, the gradient of the loss with "
                 rf"respect to the input ${tt}$, for this sample."])
    if kind == "forward":
        return ([f"Compute the activation a_{t} of neuron {t}."],
                [rf"Compute the activation $a_{{{tt}}}$ of neuron ${tt}$."])
    if kind == "delta":
        return ([f"Compute delta_{t} = dL/dz_{t} for this sample."],
                [rf"Compute $\delta_{{{tt}}} = \partial L / \partial z_{{{tt}}}$ for this "
                 "sample."])
    if kind in ("gradient", *CONV_KINDS):
        return ([f"Compute dL/d{t} for this sample."],
                [rf"Compute $\partial L / \partial {tt}$ for this sample."])
    assert lr is not None  # an update's question states its learning rate (see _exercise)
    rate = number(lr, STATED)
    if optimizer == "momentum":
        mu = number(optimizers.Momentum().mu, STATED)  # the default, as the stepper takes it
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
    """What is asked, as text: a_k, delta_k, dL/dp (or dL/dx), or p after the step."""
    return {"forward": f"a_{target}", "delta": f"delta_{target}", "gradient": f"dL/d{target}",
            "update": f"{target} after the step", "shared": f"dL/d{target}",
            "maxpool": f"dL/d{target}", "bptt": f"dL/d{target}"}[kind]


def quantity_tex(kind: str, target: str) -> str:
    """LaTeX of what is asked: a_k, delta_k, dL/dp (or dL/dx), or p after the step.

    Examples
    --------
    >>> quantity_tex("delta", "h1"), quantity_tex("maxpool", "x2")
    ('\\\\delta_{h_{1}}', '\\\\partial L / \\\\partial x_{2}')
    """
    t = tex_name(target)
    gradient = rf"\partial L / \partial {t}"
    return {"forward": f"a_{{{t}}}", "delta": rf"\delta_{{{t}}}", "gradient": gradient,
            "update": rf"{t}\ \text{{after the step}}", "shared": gradient,
            "maxpool": gradient, "bptt": gradient}[kind]


def _relevant(kind: str, record: Steps, target: str, step: Step | None) -> list[Step]:
    """The steps a hand solution needs, up to ``step`` (the asked one; ``None`` for an
    input's gradient, which no step gives): the forward steps of the asked neuron's
    ancestors (all of them past the forward kind), the loss, the deltas from the outputs
    back to where the asked quantity starts (the asked neuron, every neuron that uses the
    asked parameter, every neuron that reads the asked input), and the asked parameter's
    gradient steps (one, or each use's and their sum) and update."""
    net, graph = record.net, record.net.graph
    forward = nx.ancestors(graph, target) | {target} if kind == "forward" else set(graph)
    parameter = None if step is None else step.parameter
    if step is not None and parameter is None:
        starts = [step.node]
    elif parameter is not None:
        starts = [k for k, _ in net.parameter_uses(parameter)]
    else:
        starts = list(graph.successors(target))
    backward = set(starts).union(*(nx.descendants(graph, k) for k in starts))
    last = len(record) if step is None else step.index + 1
    return [s for s in record[:last]
            if (s.kind == "forward" and s.node in forward) or s.kind == "loss"
            or (s.kind == "backward" and s.node in backward)
            or (s.kind in ("gradient", "update") and s.parameter == parameter)]


def _solution(record: Steps, kind: str, target: str, step: Step | None, net: NetworkCore,
              x: Any, y: Any, loss: str, tolerance: Tolerance) -> tuple[str, str]:
    """The worked solution of the question about ``target``: the stepper's steps up to the
    asked ``step`` (text and LaTeX, with the numbers; an input's gradient, which no step
    gives, ends with ``net.explain``'s equation for it), the answer, for a recurrent
    weight the sum over time (:func:`_through_time`), and for gradients and updates the
    chain rule of ``net.explain``."""
    shown = _relevant(kind, record, target, step)
    digits = tolerance.digits
    equations = [(s.text, s.latex) for s in shown]
    d = explain(net, target, x, y, loss) if _STEP_KIND[kind] in ("gradient", "update") else None
    value = step.value if step is not None else (d or explain(net, target, x, y, loss)).value
    if step is None and d is not None:  # dL/dx_j = sum_k w_jk delta_k, explain's last equation
        last = d.delta_equations(digits)[-1]
        equations.append((last.text, last.latex))
    answer, exact = number(value, digits, keep_zeros=True), number(value, 12)
    text = [f"Worked solution (the steps of net.steps, {digits} significant digits):"]
    text += [f"{i:3d}. {line}" for i, (line, _) in enumerate(equations, 1)]
    text.append(f"Answer: {_quantity(kind, target)} = {answer} (exact {exact})")
    tex = [f"Worked solution (the steps of \\texttt{{net.steps}}, {digits} significant "
           "digits):", r"\begin{enumerate}"]
    tex += [rf"\item $\displaystyle {latex}$" for _, latex in equations]
    tex += [r"\end{enumerate}", f"Answer: ${quantity_tex(kind, target)} = {answer}$ "
            f"(exact ${exact}$)."]
    through = _through_time(net, record, target, digits) if kind in RNN_KINDS else None
    if through is not None:
        text += ["", *through[0]]
        tex += ["", *through[1]]
    if d is not None:
        text += ["", f"The chain rule for dL/d{target} (net.explain):",
                 *(f"    {line}".rstrip() for line in d.format(digits).splitlines())]
        tex += ["", rf"The chain rule for $\partial L / \partial {tex_name(target)}$ "
                r"(\texttt{net.explain}):", rf"\[ {d.to_latex(digits)} \]"]
    return "\n".join(text), "\n".join(tex)


def _through_time(net: NetworkCore, record: Steps, target: str,
                  digits: int) -> tuple[list[str], list[str]] | None:
    """dL/d(``target``) of a one-hidden-neuron recurrence's recurrent weight written as the
    sum over time, as text and LaTeX lines: the term a_h(t-1) delta_h(t) of each step that
    uses it, and each delta carried back from the last step, one factor w_hh f'(z) per
    step crossed (with an output at each step, plus that step's own part). ``None`` for
    any other parameter or network, and under truncated backpropagation (its deltas stop
    short of the last step's).

    The numbers are the stepper's: each delta's value is its delta, computed exactly, not
    the product of the rounded factors it shows.
    """
    r = next((r for r in net.recurrences if target in r.w_hh), None)
    if r is None or r.n_hidden != 1 or r.truncate is not None:
        return None
    uses = gradient_terms(net, record, target)
    first, last = r.steps - len(uses) + 1, r.steps  # w_hh: steps 2..T (h_0 = 0 at step 1)
    w, fp = net.parameters()[target], {h: record.delta_factors[h][1] for h in r.hidden}
    hs = [r.hidden_at(t)[0] for t in range(1, r.steps + 1)]
    tt, hT = tex_name(target), hs[-1]
    symbols = terms([f"a_{u.source} delta_{u.neuron}" for u in uses])
    tex_symbols = terms([rf"a_{{{tex_name(str(u.source))}}}\,\delta_{{{tex_name(u.neuron)}}}"
                         for u in uses], latex=True)
    steps_from = ", ".join(map(str, range(first, last + 1)))
    text = [f"Summed over time: {target} is used once at each step t = {steps_from} "
            f"(step 1 reads h_0 = 0), and each step adds its term a_h(t-1) delta_h(t):",
            f"dL/d{target} = {symbols}."]
    tex = [rf"Summed over time: ${tt}$ is used once at each step $t = {steps_from}$ "
           rf"(step 1 reads $h_0 = 0$), and each step adds its term "
           rf"$a_{{h_{{t-1}}}}\,\delta_{{h_t}}$: $\partial L / \partial {tt} = {tex_symbols}$."]
    equations = []
    if r.outputs == "last":
        text.append(f"Each delta comes back from the last step's delta_{hT} with one recurrent "
                    f"factor {target} f'(z) for every step it crosses:")
        tex.append(rf"Each delta comes back from the last step's $\delta_{{{tex_name(hT)}}}$ "
                   rf"with one recurrent factor ${tt}\,f'(z)$ for every step it crosses:")
        for t in range(last - 1, first - 1, -1):
            crossed = hs[t - 1:last - 1]
            equations.append(Equation(
                (f"delta_{hs[t - 1]}",
                 " ".join(f"({target} f'(z_{h}))" for h in crossed) + f" delta_{hT}",
                 " * ".join(f"({product((w, fp[h]), digits)})" for h in crossed)
                 + f" * {factor(record.delta[hT], digits)}",
                 number(record.delta[hs[t - 1]], digits)),
                (rf"\delta_{{{tex_name(hs[t - 1])}}}",
                 "".join(rf"\bigl({tt}\,f'(z_{{{tex_name(h)}}})\bigr)" for h in crossed)
                 + rf"\,\delta_{{{tex_name(hT)}}}",
                 r" \cdot ".join(rf"\bigl({product((w, fp[h]), digits, latex=True)}\bigr)"
                                  for h in crossed)
                 + rf" \cdot {factor(record.delta[hT], digits)}",
                 number(record.delta[hs[t - 1]], digits))))
    else:
        text.append(f"Each delta is its own step's output part plus the next step's delta, "
                    f"carried back by the recurrent factor {target} f'(z):")
        tex.append(rf"Each delta is its own step's output part plus the next step's delta, "
                   rf"carried back by the recurrent factor ${tt}\,f'(z)$:")
        for t in range(last - 1, first - 1, -1):
            h, nxt = hs[t - 1], hs[t]
            o = r.outputs_at(t)[0]
            v = net.parameters()[r.w_hy[0]]
            equations.append(Equation(
                (f"delta_{h}", f"f'(z_{h}) {r.w_hy[0]} delta_{o} + ({target} f'(z_{h})) "
                 f"delta_{nxt}", f"{product((fp[h], v, record.delta[o]), digits)} + "
                 f"({product((w, fp[h]), digits)}) * {factor(record.delta[nxt], digits)}",
                 number(record.delta[h], digits)),
                (rf"\delta_{{{tex_name(h)}}}",
                 rf"f'(z_{{{tex_name(h)}}})\,{tex_name(r.w_hy[0])}\,\delta_{{{tex_name(o)}}}"
                 rf" + \bigl({tt}\,f'(z_{{{tex_name(h)}}})\bigr)\,\delta_{{{tex_name(nxt)}}}",
                 rf"{product((fp[h], v, record.delta[o]), digits, latex=True)} + "
                 rf"\bigl({product((w, fp[h]), digits, latex=True)}\bigr) \cdot "
                 rf"{factor(record.delta[nxt], digits)}", number(record.delta[h], digits))))
    total = record.gradients[target]
    equations.append(Equation(
        (f"dL/d{target}", symbols,
         " + ".join(product((u.factor, u.delta), digits) for u in uses), number(total, digits)),
        (rf"\partial L / \partial {tt}", tex_symbols,
         " + ".join(product((u.factor, u.delta), digits, latex=True) for u in uses),
         number(total, digits))))
    text += [f"    {eq.text}" for eq in equations]
    tex.append(r"\[ \begin{aligned} " + r" \\ ".join(eq.aligned() for eq in equations)
               + r" \end{aligned} \]")
    return text, tex


def worked_solution(net: NetworkCore, x: Any, y: Any, loss: str = "mse", kind: str = "gradient",
                    target: str | None = None, *, lr: float | None = None,
                    optimizer: str = "sgd", tolerance: Tolerance = TOLERANCE) -> tuple[str, str]:
    """The worked solution, as text and LaTeX, of the question ``kind`` about ``target``
    (a neuron for "forward" and "delta", a parameter for "gradient", "update" and "bptt",
    a parameter or an input for "shared" and "maxpool") on any network and sample, as an
    exercise on it would give it. A shared parameter's solution has every use's delta
    and a_j delta_k and their sum; an input's ends with ``net.explain``'s
    dL/dx_j = sum_k w_jk delta_k; the recurrent weight of a one-hidden-neuron RNN
    ("bptt") adds the sum over time, each step's delta carried back from the last.

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

    An input's gradient (kinds "shared" and "maxpool"): explain's equation ends the steps.

    >>> text, latex = worked_solution(net, [-2, -1], 1, "mse", "maxpool", "x1")
    >>> print(text.splitlines()[8])
      8. dL/dx1 = w1 delta_h1 + w3 delta_h2 = 1 * (-0.01073) + 1 * (-0.01073) = -0.02147
    """
    kind = check_choice(kind, "kind", EVERY_KIND)
    if kind == "update" and lr is None:
        raise ParameterError("an update's worked solution needs the learning rate: pass lr=")
    record = steps(net, x, y, loss, lr=lr if kind == "update" else None, optimizer=optimizer,
                   digits=tolerance.digits)
    asked = {(s.parameter or s.node): s for s in record if s.kind == _STEP_KIND[kind]}
    if kind in CONV_KINDS and target in net.inputs and target not in asked:
        return _solution(record, kind, target, None, net, x, y, loss, tolerance)
    if target is None or target not in asked:
        what = ("neuron" if kind in ("forward", "delta") else
                "parameter or input" if kind in CONV_KINDS else "parameter")
        names = [n for n in (*net.parameters(), *(n.name for n in net.neurons)) if n in asked]
        if kind in CONV_KINDS:
            names += net.inputs
        raise UnknownNameError(f"no {what} named {target!r} for a {kind} question"
                               f"{did_you_mean(str(target), names)}; this network has "
                               f"{', '.join(names[:12])}{', ...' * (len(names) > 12)}")
    return _solution(record, kind, target, asked[target], net, x, y, loss, tolerance)
