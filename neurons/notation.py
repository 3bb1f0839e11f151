"""Numbers and equations as a textbook writes them: the one writer of every derivation's text.

:mod:`neurons.explain`, :mod:`neurons.steps`, the exercises' questions and worked solutions
(:mod:`neurons.exercises`), the messages of :mod:`neurons.mistakes` and the optimizers'
update rules (:mod:`neurons.optimizers`) all write their numbers and equations with the
functions here, so that one factor of a derivation prints the same way wherever it
appears: ``delta_h1 = f'(z_h1) (w5 delta_o1) = 0.0452 * (1 * (-0.238)) = -0.0107`` is one
line of ``net.explain``'s delta form, one step of ``net.steps`` and one line of an
exercise's worked solution alike.

The conventions
---------------
numbers
    ``digits`` significant figures (:func:`number`): ``-0.0107``, ``0.0215``, ``1e-05``.
operands
    A number standing beside an operator (a factor of a product, a term of a sum) is put
    in parentheses when it is negative (:func:`factor`): ``(-2) * (-0.0107)``,
    ``1 * (-2) + 1 * (-1) + 0``. Bare,
    ``-2 * -0.0107`` sets an operator and a sign side by side and ``1 - 0.1 * -0.02``
    reads as one subtraction too many; a student copying the line into a calculator or
    onto paper has to guess what binds, and LaTeX sets the sign in ``0.1 \\cdot -0.02``
    as a binary minus, with an operator's wide spacing. Textbooks write ``(-2)(-0.0107)``.
    Parentheses are added by the printed sign, so ``-0.0`` gets them as well. A number
    that stands alone as a side of an equation (the result, ``= -0.0107``) keeps its
    bare sign.
updates
    An update rule puts values in for quantities it writes as one symbol (``dL/dw1``,
    ``v_w1``, the optimizer's step): each goes in parentheses whatever its sign
    (:func:`substituted`), as ``lr (dL/dw)`` is written, and the old value leads:
    ``w1 <- w1 - lr dL/dw1 = 1 - 0.1 * (0.0215) = 0.998``.
sums
    Terms joined by ``" + "``; past ``max_terms`` terms the first ``max_terms - 1`` and
    ``... (k more)`` (:func:`terms`), in LaTeX ``\\dots\\ (k\\text{ more})``.
names
    As the package names them (``delta_h1``, ``dL/dw1``, ``a_x1``); in LaTeX through
    :func:`tex_name` (``\\delta_{h_{1}}``, ``w_{1}``, ``a_{x_{1}}``).
equations
    ``quantity = rule in symbols = rule with the numbers = value``, as an
    :class:`Equation` holding the sides in text and in LaTeX. Each recurring equation of
    backpropagation has one function: :func:`weighted_input`, :func:`activation`,
    :func:`loss`, :func:`loss_gradient`, :func:`output_delta`, :func:`closed_form_delta`,
    :func:`hidden_delta`, :func:`weight_gradient`, :func:`bias_gradient`,
    :func:`input_gradient`, and the updates :func:`sgd_update`, :func:`momentum_update`
    and :func:`optimizer_update`. Left without numbers, an equation keeps its symbols
    only (``dL/dw1 = a_x1 delta_h1``), as the mistakes' messages quote it.

This module computes nothing: it is handed the per-neuron path's numbers and writes them.

Examples
--------
>>> print(hidden_delta("h1", 0.0452, [("w5", "o1", 1.0, -0.238)], -0.0107))
delta_h1 = f'(z_h1) (w5 delta_o1) = 0.0452 * (1 * (-0.238)) = -0.0107
>>> print(weight_gradient("w1", "x1", "h1", -2.0, -0.0107, 0.0215).latex)
\\frac{\\partial L}{\\partial w_{1}} = a_{x_{1}}\\,\\delta_{h_{1}} = (-2) \\cdot (-0.0107) = 0.0215
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["STATED", "Equation", "activation", "bias_gradient", "closed_form_delta", "factor",
           "hidden_delta", "input_gradient", "joined", "loss", "loss_gradient", "max_input",
           "momentum_update", "number", "optimizer_update", "output_delta", "product",
           "sgd_update", "shared_sum", "shared_use", "substituted", "terms", "tex_name",
           "tex_operator", "weight_gradient", "weighted_input"]

STATED = 6  # significant figures of values stated as given (an exercise's weights, lr): `:g`

# (the weight's name, the neuron m it leads to, w_km, delta_m)
WeightedDelta = tuple[str, str, float, float]
# (the weight's name, the source j, w_jk, a_j)
WeightedInput = tuple[str, str, float, float]
SEPARATOR, TEX_SEPARATOR = ";  ", r",\quad "  # between equations on one line


# -- numbers ---------------------------------------------------------------------------------------
def number(value: float, digits: int = 3, *, keep_zeros: bool = False) -> str:
    """``value`` to ``digits`` significant figures, as a side of an equation (bare sign).

    ``keep_zeros`` keeps trailing zeros (``0.2500``), as an answer asked to so many
    digits is written.

    Examples
    --------
    >>> number(-0.010732), number(2.0), number(0.25, 4, keep_zeros=True)
    ('-0.0107', '2', '0.2500')
    """
    return f"{value:#.{digits}g}" if keep_zeros else f"{value:.{digits}g}"


def factor(value: float, digits: int = 3) -> str:
    """``value`` as an operand beside an operator: in parentheses when its sign is printed.

    Examples
    --------
    >>> factor(-2.0), factor(0.0452), factor(-0.0)
    ('(-2)', '0.0452', '(-0)')
    """
    text = number(value, digits)
    return f"({text})" if text.startswith("-") else text


def substituted(value: float, digits: int = 3) -> str:
    """``value`` put in for a quantity an update rule writes as one symbol (``dL/dw1``,
    ``v_w1``, the optimizer's step): in parentheses whatever its sign, as ``lr (dL/dw)``.

    Examples
    --------
    >>> substituted(0.0215), substituted(-0.002)
    ('(0.0215)', '(-0.002)')
    """
    return f"({number(value, digits)})"


def product(values: Iterable[float], digits: int = 3, *, latex: bool = False) -> str:
    """The numbers multiplied, each as a :func:`factor`: ``*`` in text, ``\\cdot`` in LaTeX.

    Examples
    --------
    >>> product([-0.953, 0.249, -0.0904])
    '(-0.953) * 0.249 * (-0.0904)'
    >>> product([1.0, -0.25], latex=True)
    '1 \\\\cdot (-0.25)'
    """
    return (r" \cdot " if latex else " * ").join(factor(v, digits) for v in values)


def terms(parts: Sequence[str], max_terms: int | None = None, *, latex: bool = False) -> str:
    """The terms of a sum joined by ``" + "``, cut after ``max_terms`` (``None``: never).

    A cut sum shows its first ``max_terms - 1`` terms and how many more there are.

    Examples
    --------
    >>> terms(["a", "b", "c", "d"], 3)
    'a + b + ... (2 more)'
    >>> terms(["a", "b", "c", "d"], 3, latex=True)
    'a + b + \\\\dots\\\\ (2\\\\text{ more})'
    """
    parts = list(parts)
    if max_terms is not None and len(parts) > max_terms:
        hidden = len(parts) - max_terms + 1
        more = rf"\dots\ ({hidden}\text{{ more}})" if latex else f"... ({hidden} more)"
        parts = [*parts[:max_terms - 1], more]
    return " + ".join(parts)


# -- names in LaTeX --------------------------------------------------------------------------------
def tex_name(name: str) -> str:
    """LaTeX for a name: ``h1`` -> ``h_{1}``, ``h1_2`` -> ``h_{1,2}``, ``a_o1`` -> ``a_{o_{1}}``.

    A number (the factor 1 or 0 of an edge into a max neuron, a pooling constant) stays
    as it is; other names are set upright in ``\\mathrm``.

    Examples
    --------
    >>> tex_name("w12"), tex_name("n1_2"), tex_name("a_x1"), tex_name("bias"), tex_name("0.25")
    ('w_{12}', 'n_{1,2}', 'a_{x_{1}}', '\\\\mathrm{bias}', '0.25')
    """
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)?", name):
        return name
    m = re.fullmatch(r"([A-Za-z]+)(\d+(?:_\d+)*)", name)
    if m:
        return f"{m.group(1)}_{{{m.group(2).replace('_', ',')}}}"
    m = re.fullmatch(r"([az])_(.+)", name)
    if m:
        return f"{m.group(1)}_{{{tex_name(m.group(2))}}}"
    return r"\mathrm{" + re.sub(r"([_#$%&{}])", r"\\\1", name) + "}"


def tex_operator(name: str) -> str:
    """A function's name (an activation, a loss) set upright as an operator in LaTeX.

    Examples
    --------
    >>> tex_operator("leaky_relu")
    '\\\\operatorname{leaky\\\\_relu}'
    """
    return r"\operatorname{" + name.replace("_", r"\_") + "}"


def _delta(k: str) -> str:
    return rf"\delta_{{{tex_name(k)}}}"


def _dL(x: str) -> str:
    return rf"\frac{{\partial L}}{{\partial {x}}}"


# -- equations -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Equation:
    """An equation as its sides, in text (``sides``) and in LaTeX (``tex_sides``).

    ``text`` and ``latex`` join the sides with ``" = "``; ``str()`` is the text.

    Examples
    --------
    >>> eq = bias_gradient("b1", "h1", -0.0107)
    >>> eq.text
    'dL/db1 = delta_h1 = -0.0107'
    >>> eq.aligned()
    '\\\\frac{\\\\partial L}{\\\\partial b_{1}} &= \\\\delta_{h_{1}} = -0.0107'
    """

    sides: tuple[str, ...]
    tex_sides: tuple[str, ...]

    @property
    def text(self) -> str:
        return " = ".join(self.sides)

    @property
    def latex(self) -> str:
        return " = ".join(self.tex_sides)

    def aligned(self) -> str:
        """The LaTeX as a row of an ``aligned`` block: ``lhs &= ...``."""
        first, *rest = self.tex_sides
        return f"{first} &= " + " = ".join(rest)

    def __str__(self) -> str:
        return self.text


def joined(equations: Iterable[Equation]) -> tuple[str, str]:
    """Equations on one line: their text joined by ``";  "``, their LaTeX by ``",\\quad "``.

    Examples
    --------
    >>> joined([loss("mse", 0.227), loss_gradient("o1", "2 (y_pred - y)", -0.953)])[0]
    'L = mse = 0.227;  dL/da_o1 = 2 (y_pred - y) = -0.953'
    """
    equations = list(equations)
    return (SEPARATOR.join(eq.text for eq in equations),
            TEX_SEPARATOR.join(eq.latex for eq in equations))


def _equation(text: Sequence[str | None], tex: Sequence[str | None]) -> Equation:
    """An equation of the sides given, the ``None`` ones (numbers not given) left out."""
    return Equation(tuple(s for s in text if s is not None),
                    tuple(s for s in tex if s is not None))


def weighted_input(k: str, weights: Sequence[WeightedInput], bias: tuple[str, float] | None,
                   z: float, *, digits: int = 3, max_terms: int | None = None) -> Equation:
    """z_k = sum_j w_jk a_j + b_k, with the numbers.

    ``weights`` holds (name, source j, w_jk, a_j) per input, ``bias`` (name, b_k) or
    ``None``.

    Examples
    --------
    >>> print(weighted_input("h1", [("w1", "x1", 1.0, -2.0), ("w2", "x2", 1.0, -1.0)],
    ...                      ("b1", 0.0), -3.0))
    z_h1 = w1 a_x1 + w2 a_x2 + b1 = 1 * (-2) + 1 * (-1) + 0 = -3
    """
    symbols = [f"{p} a_{j}" for p, j, _, _ in weights]
    numbers = [product((w, a), digits) for _, _, w, a in weights]
    tex = [rf"{tex_name(p)}\,a_{{{tex_name(j)}}}" for p, j, _, _ in weights]
    tex_numbers = [product((w, a), digits, latex=True) for _, _, w, a in weights]
    if bias is not None:
        symbols.append(bias[0])
        tex.append(tex_name(bias[0]))
        numbers.append(factor(bias[1], digits))
        tex_numbers.append(factor(bias[1], digits))
    return _equation(
        [f"z_{k}", terms(symbols, max_terms), terms(numbers, max_terms), number(z, digits)],
        [f"z_{{{tex_name(k)}}}", terms(tex, max_terms, latex=True),
         terms(tex_numbers, max_terms, latex=True), number(z, digits)])


def max_input(k: str, inputs: Sequence[tuple[str, float]], z: float, *, digits: int = 3,
              max_terms: int | None = None) -> Equation:
    """z_k = max_j a_j for a max-pooling neuron, with the numbers.

    ``inputs`` holds (source j, a_j) per input.

    Examples
    --------
    >>> print(max_input("p1", [("h1", 0.5), ("h2", 0.75)], 0.75))
    z_p1 = max(a_h1, a_h2) = max(0.5, 0.75) = 0.75
    """
    symbols = [f"a_{j}" for j, _ in inputs]
    values = [number(a, digits) for _, a in inputs]
    tex = [f"a_{{{tex_name(j)}}}" for j, _ in inputs]

    def listed(parts: list[str], latex: bool = False) -> str:
        return terms(parts, max_terms, latex=latex).replace(" + ", ", ")

    return _equation(
        [f"z_{k}", f"max({listed(symbols)})", f"max({listed(values)})", number(z, digits)],
        [f"z_{{{tex_name(k)}}}", rf"\max\left({listed(tex, True)}\right)",
         rf"\max\left({listed(values, True)}\right)", number(z, digits)])


def activation(k: str, f: str, z: float, a: float, *, digits: int = 3) -> Equation:
    """a_k = f(z_k), with the numbers (LaTeX shows f of z's value too).

    Examples
    --------
    >>> print(activation("h1", "sigmoid", -3.0, 0.0474))
    a_h1 = sigmoid(z_h1) = 0.0474
    """
    tk, op, value = tex_name(k), tex_operator(f), number(a, digits)
    return _equation([f"a_{k}", f"{f}(z_{k})", value],
                     [f"a_{{{tk}}}", f"{op}(z_{{{tk}}})", f"{op}({number(z, digits)})", value])


def loss(name: str, value: float, *, digits: int = 3) -> Equation:
    """L = the loss's name = its value.

    Examples
    --------
    >>> print(loss("mse", 0.22692))
    L = mse = 0.227
    """
    return _equation(["L", name, number(value, digits)],
                     ["L", tex_operator(name), number(value, digits)])


def loss_gradient(o: str, rule: str, value: float, *, digits: int = 3) -> Equation:
    """dL/da_o at an output, with the loss's rule for it (in the text only).

    Examples
    --------
    >>> print(loss_gradient("o1", "2 (y_pred - y)", -0.9526))
    dL/da_o1 = 2 (y_pred - y) = -0.953
    """
    return _equation([f"dL/da_{o}", rule, number(value, digits)],
                     [_dL(f"a_{{{tex_name(o)}}}"), number(value, digits)])


def output_delta(k: str, dL_da: float | None = None, f_prime: float | None = None,
                 delta: float | None = None, *, digits: int = 3) -> Equation:
    """delta_k = dL/da_k f'(z_k) at an output, with the numbers when given.

    Examples
    --------
    >>> print(output_delta("o1", -0.953, 0.249, -0.238))
    delta_o1 = dL/da_o1 f'(z_o1) = (-0.953) * 0.249 = -0.238
    """
    tk = tex_name(k)
    text = [f"delta_{k}", f"dL/da_{k} f'(z_{k})"]
    tex = [_delta(k), rf"{_dL(f'a_{{{tk}}}')}\,f'(z_{{{tk}}})"]
    if dL_da is not None and f_prime is not None and delta is not None:
        text += [product((dL_da, f_prime), digits), number(delta, digits)]
        tex += [product((dL_da, f_prime), digits, latex=True), number(delta, digits)]
    return Equation(tuple(text), tuple(tex))


def closed_form_delta(k: str, delta: float, *, digits: int = 3) -> Equation:
    """delta_k = dL/dz_k at an output whose loss gives it in closed form (softmax with
    cross-entropy, sigmoid with binary cross-entropy: y_pred - y).

    Examples
    --------
    >>> print(closed_form_delta("o1", -0.3))
    delta_o1 = dL/dz_o1 (the loss's closed form) = -0.3
    """
    return _equation([f"delta_{k}", f"dL/dz_{k} (the loss's closed form)", number(delta, digits)],
                     [_delta(k), _dL(f"z_{{{tex_name(k)}}}"), number(delta, digits)])


def hidden_delta(k: str, f_prime: float, weighted: Sequence[WeightedDelta], delta: float, *,
                 digits: int = 3, max_terms: int | None = None) -> Equation:
    """delta_k = f'(z_k) sum_m w_km delta_m inside the network, with the numbers.

    ``weighted`` holds (name, m, w_km, delta_m) per neuron m that k feeds.

    Examples
    --------
    >>> eq = hidden_delta("h1", 0.0452, [("w5", "o1", 1.0, -0.238)], -0.0107)
    >>> print(eq)
    delta_h1 = f'(z_h1) (w5 delta_o1) = 0.0452 * (1 * (-0.238)) = -0.0107
    >>> print(eq.tex_sides[2])
    0.0452 \\cdot \\left(1 \\cdot (-0.238)\\right)
    """
    tk = tex_name(k)
    symbols = terms([f"{w} delta_{m}" for w, m, _, _ in weighted], max_terms)
    numbers = terms([product((w, d), digits) for _, _, w, d in weighted], max_terms)
    tex = terms([rf"{tex_name(w)}\,{_delta(m)}" for w, m, _, _ in weighted], max_terms,
                latex=True)
    tex_numbers = terms([product((w, d), digits, latex=True) for _, _, w, d in weighted],
                        max_terms, latex=True)
    return _equation(
        [f"delta_{k}", f"f'(z_{k}) ({symbols})", f"{factor(f_prime, digits)} * ({numbers})",
         number(delta, digits)],
        [_delta(k), rf"f'(z_{{{tk}}})\left({tex}\right)",
         rf"{factor(f_prime, digits)} \cdot \left({tex_numbers}\right)", number(delta, digits)])


def weight_gradient(p: str, j: str, k: str, a_j: float | None = None,
                    delta_k: float | None = None, value: float | None = None, *,
                    digits: int = 3) -> Equation:
    """dL/dw_jk = a_j delta_k for the weight ``p`` from ``j`` to ``k``, with the numbers
    when given.

    Examples
    --------
    >>> print(weight_gradient("w1", "x1", "h1", -2.0, -0.0107, 0.0215))
    dL/dw1 = a_x1 delta_h1 = (-2) * (-0.0107) = 0.0215
    >>> print(weight_gradient("w1", "x1", "h1"))
    dL/dw1 = a_x1 delta_h1
    """
    text = [f"dL/d{p}", f"a_{j} delta_{k}"]
    tex = [_dL(tex_name(p)), rf"a_{{{tex_name(j)}}}\,{_delta(k)}"]
    if a_j is not None and delta_k is not None and value is not None:
        text += [product((a_j, delta_k), digits), number(value, digits)]
        tex += [product((a_j, delta_k), digits, latex=True), number(value, digits)]
    return Equation(tuple(text), tuple(tex))


def shared_use(p: str, j: str | None, k: str, a_j: float, delta_k: float, value: float,
               use: int, uses: int, *, digits: int = 3) -> Equation:
    """One use of a shared parameter: its edge ``j -> k``'s a_j delta_k (``j`` None: the
    bias of ``k``, delta_k), use number ``use`` of ``uses``.

    Examples
    --------
    >>> print(shared_use("k1", "x2", "h2", 2.0, 0.25, 0.5, 2, 3))
    dL/dk1 (use 2 of 3, x2 -> h2) = a_x2 delta_h2 = 2 * 0.25 = 0.5
    >>> print(shared_use("c", None, "h2", 1.0, 0.25, 0.25, 2, 3))
    dL/dc (use 2 of 3, bias of h2) = delta_h2 = 0.25
    """
    where = f"bias of {k}" if j is None else f"{j} -> {k}"
    tex_where = (rf"\text{{bias of }}{tex_name(k)}" if j is None
                 else rf"{tex_name(j)} \to {tex_name(k)}")
    head = f"dL/d{p} (use {use} of {uses}, {where})"
    tex_head = rf"{_dL(tex_name(p))}\Big|_{{{use}\text{{ of }}{uses}:\ {tex_where}}}"
    if j is None:
        return _equation([head, f"delta_{k}", number(value, digits)],
                         [tex_head, _delta(k), number(value, digits)])
    return _equation(
        [head, f"a_{j} delta_{k}", product((a_j, delta_k), digits), number(value, digits)],
        [tex_head, rf"a_{{{tex_name(j)}}}\,{_delta(k)}", product((a_j, delta_k), digits,
                                                                  latex=True),
         number(value, digits)])


def shared_sum(p: str, contributions: Sequence[float], value: float, *, digits: int = 3,
               max_terms: int | None = None) -> Equation:
    """dL/dp of a shared parameter: the sum of its uses' contributions.

    Examples
    --------
    >>> print(shared_sum("k1", [0.5, -0.25, 1.0], 1.25))
    dL/dk1 = sum over its 3 uses = 0.5 + (-0.25) + 1 = 1.25
    """
    n = len(contributions)
    numbers = terms([factor(c, digits) for c in contributions], max_terms)
    tex_numbers = terms([factor(c, digits) for c in contributions], max_terms, latex=True)
    return _equation(
        [f"dL/d{p}", f"sum over its {n} use{'s' * (n != 1)}", numbers, number(value, digits)],
        [_dL(tex_name(p)), rf"\sum_{{\text{{{n} use{'s' * (n != 1)}}}}}", tex_numbers,
         number(value, digits)])


def bias_gradient(p: str, k: str, value: float | None = None, *, digits: int = 3) -> Equation:
    """dL/db_k = delta_k for the bias ``p`` of ``k``, with the value when given.

    Examples
    --------
    >>> print(bias_gradient("b3", "o1", -0.238))
    dL/db3 = delta_o1 = -0.238
    """
    if value is None:
        return Equation((f"dL/d{p}", f"delta_{k}"), (_dL(tex_name(p)), _delta(k)))
    return Equation((f"dL/d{p}", f"delta_{k}", number(value, digits)),
                    (_dL(tex_name(p)), _delta(k), number(value, digits)))


def input_gradient(j: str, weighted: Sequence[WeightedDelta], value: float, *, digits: int = 3,
                   max_terms: int | None = None) -> Equation:
    """dL/dx_j = sum_k w_jk delta_k for an input (no f'(z): an input has no z).

    ``weighted`` holds (name, k, w_jk, delta_k) per neuron k reading ``j``; none: 0.

    Examples
    --------
    >>> print(input_gradient("x1", [("w1", "h1", 1.0, -0.0107), ("w3", "h2", 1.0, -0.0107)],
    ...                      -0.0214))
    dL/dx1 = w1 delta_h1 + w3 delta_h2 = 1 * (-0.0107) + 1 * (-0.0107) = -0.0214
    """
    if not weighted:
        return _equation([f"dL/d{j}", "0"], [_dL(tex_name(j)), "0"])
    return _equation(
        [f"dL/d{j}", terms([f"{w} delta_{k}" for w, k, _, _ in weighted], max_terms),
         terms([product((w, d), digits) for _, _, w, d in weighted], max_terms),
         number(value, digits)],
        [_dL(tex_name(j)),
         terms([rf"{tex_name(w)}\,{_delta(k)}" for w, k, _, _ in weighted], max_terms, latex=True),
         terms([product((w, d), digits, latex=True) for _, _, w, d in weighted], max_terms,
               latex=True), number(value, digits)])


# -- updates ---------------------------------------------------------------------------------------
def sgd_update(p: str, w: float | None = None, g: float | None = None, lr: float | None = None,
               new: float | None = None, *, digits: int = 3) -> Equation:
    """p <- p - lr dL/dp: one step of gradient descent, with the numbers when given.

    The first side is the update itself (``<-``, ``\\leftarrow``); the others are the
    new value's. :func:`momentum_update` and :func:`optimizer_update` write the others.

    Examples
    --------
    >>> print(sgd_update("w1", 1.0, 0.0215, 0.1, 0.99785))
    w1 <- w1 - lr dL/dw1 = 1 - 0.1 * (0.0215) = 0.998
    >>> print(sgd_update("w1"))
    w1 <- w1 - lr dL/dw1
    """
    t = tex_name(p)
    text = [f"{p} <- {p} - lr dL/d{p}"]
    tex = [rf"{t} \leftarrow {t} - \eta\,{_dL(t)}"]
    if w is not None and g is not None and lr is not None and new is not None:
        text += [f"{number(w, digits)} - {factor(lr, digits)} * {substituted(g, digits)}",
                 number(new, digits)]
        tex += [rf"{number(w, digits)} - {factor(lr, digits)} \cdot {substituted(g, digits)}",
                number(new, digits)]
    return Equation(tuple(text), tuple(tex))


def momentum_update(p: str, w: float, g: float, lr: float, mu: float, new: float, *,
                    digits: int = 3) -> tuple[Equation, Equation]:
    """The first step of momentum from rest: v_p = mu v_p - lr dL/dp, then p <- p + v_p.

    Examples
    --------
    >>> for eq in momentum_update("w1", 1.0, 0.02, 0.1, 0.9, 0.998):
    ...     print(eq)
    v_w1 = mu v_w1 - lr dL/dw1 = 0.9 * 0 - 0.1 * (0.02) = -0.002
    w1 <- w1 + v_w1 = 1 + (-0.002) = 0.998
    """
    t, v = tex_name(p), new - w  # from rest: v = mu 0 - lr g
    velocity = _equation(
        [f"v_{p}", f"mu v_{p} - lr dL/d{p}",
         f"{product((mu, 0.0), digits)} - {factor(lr, digits)} * {substituted(g, digits)}",
         number(v, digits)],
        [f"v_{{{t}}}", rf"\mu v_{{{t}}} - \eta\,{_dL(t)}",
         rf"{product((mu, 0.0), digits, latex=True)} - {factor(lr, digits)} \cdot "
         rf"{substituted(g, digits)}",
         number(v, digits)])
    step = _equation(
        [f"{p} <- {p} + v_{p}", f"{number(w, digits)} + {substituted(v, digits)}",
         number(new, digits)],
        [rf"{t} \leftarrow {t} + v_{{{t}}}", f"{number(w, digits)} + {substituted(v, digits)}",
         number(new, digits)])
    return velocity, step


def optimizer_update(p: str, optimizer: str, w: float, new: float, *,
                     digits: int = 3) -> Equation:
    """p <- p + (the optimizer's step), for a rule too long to write out (Adam, ...).

    Examples
    --------
    >>> print(optimizer_update("w1", "adam", 1.0, 0.9))
    w1 <- w1 + (adam step) = 1 + (-0.1) = 0.9
    """
    t = tex_name(p)
    return _equation(
        [f"{p} <- {p} + ({optimizer} step)",
         f"{number(w, digits)} + {substituted(new - w, digits)}", number(new, digits)],
        [rf"{t} \leftarrow {t} + (\text{{{optimizer} step}})",
         f"{number(w, digits)} + {substituted(new - w, digits)}", number(new, digits)])
