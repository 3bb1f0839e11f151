"""A :class:`~neurons.explain.Derivation` as text: the delta form's lines, the readable
three-form report, and LaTeX.

:meth:`Derivation.delta_lines`, :meth:`Derivation.format` (and ``str``) and
:meth:`Derivation.to_latex` (and a notebook's display) call these functions; they read
only the derivation's public attributes and its network.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .explain import Derivation, Factor

__all__ = ["delta_lines", "format_derivation", "latex"]

_Fmt = Callable[[float], str]


def delta_lines(d: Derivation, digits: int = 3) -> list[str]:
    """The compact delta form, one line per neuron, output first.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1])
    >>> net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)})
    >>> for line in delta_lines(net.explain("w1", [-2, -1], 1)):
    ...     print(line)
    delta_o1 = dL/do1 f'(z_o1) = -0.953 * 0.249 = -0.238
    delta_h1 = f'(z_h1) (w5 delta_o1) = 0.0452 * (1 * -0.238) = -0.0107
    dL/dw1 = a_x1 delta_h1 = -2 * -0.0107 = 0.0215
    """
    net, fp, g = d.network, d.f_prime, _fmt(digits)
    if d.is_input and not d.n_paths:
        return [f"dL/d{d.parameter} = 0 (no neuron reads {d.parameter})"]
    lines = []
    order = [n.name for n in net.neurons if n.name in d.deltas]
    for k in sorted(order, key=lambda n: -net.graph.nodes[n]["layer"]):
        delta = d.deltas[k]
        if k in d.dL_da:
            lines.append(f"delta_{k} = dL/d{k} f'(z_{k}) = {g(d.dL_da[k])} * {g(fp[k])}"
                         f" = {g(delta)}")
        else:
            sym, num = _weighted_deltas(d, k, g)
            lines.append(f"delta_{k} = f'(z_{k}) ({sym}) = {g(fp[k])} * ({num}) = {g(delta)}")
    if d.is_input:  # dL/dx_j = sum_k w_jk delta_k: no f'(z), an input has no z
        sym, num = _weighted_deltas(d, d.parameter, g)
        lines.append(f"dL/d{d.parameter} = {sym} = {num} = {g(d.value)}")
        return lines
    src = "1" if d.source is None else f"a_{d.source}"
    a_src = 1.0 if d.source is None else d.trace.a[d.source]
    lines.append(f"dL/d{d.parameter} = {src} delta_{d.neuron} = {g(a_src)} * "
                 f"{g(d.deltas[d.neuron])} = {g(d.value)}")
    return lines


def format_derivation(d: Derivation, digits: int = 3, max_paths: int = 4) -> str:
    """Readable text of all three forms, numbers to ``digits`` significant figures, the
    first ``max_paths`` paths written out.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1])
    >>> net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)})
    >>> print(format_derivation(net.explain("w1", [-2, -1], 1), digits=2).splitlines()[3])
      dL/dw1 = dL/do1 * do1/dh1 * dh1/dw1
    """
    g = _fmt(digits)
    p = d.parameter
    head = f"dL/d{p} for x = {_vec(d.x, g)}, y = {_vec(d.y, g)}, loss = {d.loss.name}"
    lines = [head, "", f"Chain rule ({d.n_paths} path{'s' * (d.n_paths != 1)}):"]
    if not d.n_paths:  # an input no neuron reads: the loss does not depend on it
        return "\n".join([*lines, f"  dL/d{p} = 0: no neuron reads {p}"])
    shown = list(islice(d.paths(), max_paths))
    sym = " + ".join(" * ".join(f.label for f in path.factors) for path in shown)
    num = " + ".join(" * ".join(f"({g(f.value)})" for f in path.factors) for path in shown)
    hidden = d.n_paths - len(shown)
    more = f" + ... ({hidden} more paths)" if hidden else ""
    pad = " " * (len(p) + 5)  # under the "=" of "dL/d<p> ="
    lines += [f"  dL/d{p} = {sym}{more}", f"  {pad}= {num}{more}", f"  {pad}= {g(d.value)}"]
    lines.append("  where")
    seen = set()
    for path in shown:
        for f in path.factors:
            if f.label not in seen:
                seen.add(f.label)
                how = f"{f.rule} = " + " * ".join(g(v) for v in f.parts) if f.parts else f.rule
                lines.append(f"    {f.label} = {how} = {g(f.value)}")
    lines += ["", "Delta form:"] + [f"  {line}" for line in delta_lines(d, digits)]
    lines += ["", f"Fully expanded: {d.n_factors} partial-derivative factors"]
    for path in shown:
        lines.append("  " + " * ".join(f.label for f in path.expanded))
    if hidden:
        lines.append(f"  + ... ({hidden} more paths)")
    return "\n".join(lines)


def latex(d: Derivation, digits: int = 3, max_paths: int = 4) -> str:
    """LaTeX (an ``aligned`` block) of the classic form with its numbers and the delta form.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 1])
    >>> net.set_parameters({"w1": 1.0, "w2": 1.0})
    >>> print(latex(net.explain("b1", [0, 0], 1)))  # doctest: +NORMALIZE_WHITESPACE
    \\begin{aligned}\\frac{\\partial L}{\\partial b_{1}} &=
    \\frac{\\partial \\mathrm{L}}{\\partial o_{1}}\\frac{\\partial o_{1}}{\\partial b_{1}} \\\\
    &= (-1) \\cdot (0.25) \\\\ &= -0.25 \\\\
    \\frac{\\partial L}{\\partial b_{1}} &= 1\\,\\delta_{o_{1}} = -0.25\\end{aligned}
    """
    g = _fmt(digits)
    p = tex_name(d.parameter)
    if not d.n_paths:  # an input no neuron reads
        return rf"\begin{{aligned}}\frac{{\partial L}}{{\partial {p}}} &= 0\end{{aligned}}"
    shown = list(islice(d.paths(), max_paths))
    more = r" + \dots" if d.n_paths > len(shown) else ""
    sym = " + ".join("".join(_tex_frac(f) for f in path.factors) for path in shown)
    num = " + ".join(r" \cdot ".join(f"({g(f.value)})" for f in path.factors) for path in shown)
    rows = [rf"\frac{{\partial L}}{{\partial {p}}} &= {sym}{more}",
            rf"&= {num}{more}", rf"&= {g(d.value)}"]
    if d.is_input:
        net, j = d.network, d.parameter
        terms = " + ".join(rf"{tex_name(net.weight_name(j, c))}\,\delta_{{{tex_name(c)}}}"
                           for c in net.graph.successors(j))
        rows.append(rf"\frac{{\partial L}}{{\partial {p}}} &= {terms} = {g(d.value)}")
    else:
        src = "1" if d.source is None else f"a_{{{tex_name(d.source)}}}"
        rows.append(rf"\frac{{\partial L}}{{\partial {p}}} &= {src}\,"
                    rf"\delta_{{{tex_name(d.neuron)}}} = {g(d.value)}")
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def _weighted_deltas(d: Derivation, node: str, g: _Fmt) -> tuple[str, str]:
    """sum_c w_(node,c) delta_c over the neurons c reading ``node``: in symbols, in numbers."""
    net = d.network
    terms = [(net.weight_name(node, c), c) for c in net.graph.successors(node)]
    sym = " + ".join(f"{w} delta_{c}" for w, c in terms)
    num = " + ".join(f"{g(net.weight(node, c))} * {g(d.deltas[c])}" for _, c in terms)
    return sym, num


def _fmt(digits: int) -> _Fmt:
    return lambda v: f"{v:.{digits}g}"


def _vec(v: np.ndarray, g: _Fmt) -> str:
    return g(v[0]) if len(v) == 1 else "(" + ", ".join(g(x) for x in v) + ")"


def tex_name(name: str) -> str:
    """LaTeX for a name: ``h1`` -> ``h_{1}``, ``h1_2`` -> ``h_{1,2}``, ``a_o1`` -> ``a_{o_{1}}``.

    Other names are set upright in ``\\mathrm``.
    """
    m = re.fullmatch(r"([A-Za-z]+)(\d+(?:_\d+)*)", name)
    if m:
        return f"{m.group(1)}_{{{m.group(2).replace('_', ',')}}}"
    m = re.fullmatch(r"([az])_(.+)", name)
    if m:
        return f"{m.group(1)}_{{{tex_name(m.group(2))}}}"
    return r"\mathrm{" + re.sub(r"([_#$%&{}])", r"\\\1", name) + "}"


def _tex_frac(f: Factor) -> str:
    return rf"\frac{{\partial {tex_name(f.numerator)}}}{{\partial {tex_name(f.denominator)}}}"
