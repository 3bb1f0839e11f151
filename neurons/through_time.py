"""Backpropagation through time, term by term: why a recurrent weight's gradient shrinks or grows.

In a recurrence unrolled over T steps (:mod:`neurons.recurrence`) the same
weight is used at every step, so its gradient is a sum over the steps that use
it, and each step's delta collects the loss of every later step, carried back
through the recurrent weights. Written out for one sample, with the loss
entering at step tau (the outputs of that step) and the parameter used at step t::

    dL/dp = sum over t, sum over tau >= t of  a_t * D(tau -> t)

    D(tau -> tau)   = dL/dh_tau * f'(z_tau)              (from the outputs at tau)
    D(tau -> s - 1) = (W_hh^T D(tau -> s)) * f'(z_(s-1))  (one recurrent factor)

where a_t is what the parameter multiplies at step t (h_(t-1) for W_hh, x_t for
W_xh, 1 for b_h). With one hidden neuron each term is a plain product, and its
tau - t recurrent factors w_hh f'(z_s) show why a term from far away is small
(all factors below 1) or huge (above 1). The output weights W_hy and b_y are
used at the steps with outputs only: their terms have no recurrent factor.

:func:`through_time` gives the terms and their sum (equal to the per-neuron
path's gradient, truncation included), :func:`hidden_gradients` the size of
dL/dh_t at every step, for the classic plot against the distance in time.

Examples
--------
>>> from neurons import Network
>>> net = Network.rnn(1, 1, 1, steps=3, outputs="last", activation="identity")
>>> net.set_parameters({"w_xh_1_1": 1.0, "w_hh_1_1": 0.5, "w_hy_1_1": 1.0})
>>> tt = through_time(net, "w_hh_1_1", [1.0, 1.0, 1.0], [0.0], loss="sse")
>>> [(term.step, term.factors, term.value) for term in tt.terms]
[(3, (), 5.25), (2, (0.5,), 1.75)]
>>> tt.value, net.gradients([[1.0, 1.0, 1.0]], [[0.0]], loss="sse")["w_hh_1_1"]
(7.0, 7.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import losses
from .backprop import at_outputs
from .data import check_data, sequences_of
from .errors import NetworkStructureError, ParameterError
from .notation import number

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss
    from .recurrence import Recurrence

__all__ = ["ThroughTime", "TimeTerm", "hidden_gradients", "through_time"]


@dataclass(frozen=True)
class TimeTerm:
    """One term of the sum over time: the parameter's use at ``step`` t, reached by the
    loss at ``loss_step`` tau. ``source`` is a_t, ``delta`` D(tau -> t) of the neuron the
    parameter feeds, ``value`` their product; ``start`` is D(tau -> tau), where the loss
    entered. With one hidden neuron, ``slopes`` are the f'(z_s) of the steps it went back
    through, s = tau - 1 down to t, and ``weight`` is w_hh (else empty and 0): delta =
    start * the product of :attr:`factors`."""

    step: int
    loss_step: int
    source: float
    delta: float
    start: float
    slopes: tuple[float, ...]
    weight: float
    value: float

    @property
    def factors(self) -> tuple[float, ...]:
        """The tau - t recurrent factors w_hh f'(z_s) (one hidden neuron; else empty)."""
        return tuple(self.weight * slope for slope in self.slopes)

    @property
    def distance(self) -> int:
        """tau - t: how many times the term went back through W_hh."""
        return self.loss_step - self.step


@dataclass(frozen=True)
class ThroughTime:
    """dL/d(``parameter``) for one sample as its sum over time (see the module).

    Attributes
    ----------
    parameter : str
    recurrence : Recurrence
    terms : tuple of TimeTerm
        By step, latest first, then by loss step; the truncated ones left out.
    value : float
        Their sum: the gradient the network trains with.
    left_out : int
        Terms truncated backpropagation leaves out (0 without truncation).
    loss : Loss
    """

    parameter: str
    recurrence: Recurrence
    terms: tuple[TimeTerm, ...]
    value: float
    left_out: int
    loss: Loss

    def by_distance(self) -> dict[int, float]:
        """The terms' sum for each distance tau - t (0, 1, ...): how much of the gradient
        came from how far back."""
        sums: dict[int, float] = {}
        for term in sorted(self.terms, key=lambda term: term.distance):
            sums[term.distance] = sums.get(term.distance, 0.0) + term.value
        return sums

    def format(self, digits: int = 3, max_terms: int = 8) -> str:
        """The terms as text, each with its recurrent factors written out (one hidden
        neuron) or their count; beyond ``max_terms`` terms, the sums by distance.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.rnn(1, 1, 1, steps=3, outputs="last", activation="identity")
        >>> net.set_parameters({"w_xh_1_1": 1.0, "w_hh_1_1": 0.5, "w_hy_1_1": 1.0})
        >>> print(through_time(net, "w_hh_1_1", [1, 1, 1], [0], loss="sse").format())
        Through time: w_hh_1_1 is used at steps 2 to 3; the loss enters at step 3 (sse).
          step 3, loss at step 3: h2_1 * delta_h3_1 = 1.5 * 3.5 = 5.25
          step 2, loss at step 3: h1_1 * delta_h3_1 * (w_hh f'(z_h2_1)) = 1 * 3.5 * (0.5 * 1) = 1.75
          dL/dw_hh_1_1 = sum over 2 terms = 7
        """
        r, p = self.recurrence, self.parameter
        steps = sorted({term.step for term in self.terms})
        where = (f"at step {r.steps} ({self.loss.name})" if r.outputs == "last"
                 else f"at every step, {_reduction(self.loss)}")
        used = (f"steps {steps[0]} to {steps[-1]}" if len(steps) > 1
                else f"step {steps[0]}" if steps else "no step")
        lines = [f"Through time: {p} is used at {used}; the loss enters {where}."]
        if r.truncate is not None:
            lines.append(f"  Truncated to {r.truncate} step{'s' * (r.truncate != 1)} back: "
                         f"{self.left_out} term{'s' * (self.left_out != 1)} left out.")
        if len(self.terms) <= max_terms:
            for term in self.terms:
                lines.append("  " + self._term_line(term, digits))
        else:
            lines.append(f"  {len(self.terms)} terms; their sum by distance tau - t (the "
                         f"number of recurrent factors each carries):")
            counts: dict[int, int] = {}
            for term in self.terms:
                counts[term.distance] = counts.get(term.distance, 0) + 1
            for d, total in self.by_distance().items():
                lines.append(f"    {d:>3} factor{'s' * (d != 1)}: {counts[d]:>3} term"
                             f"{'s' * (counts[d] != 1)}, sum {number(total, digits)}")
        n = len(self.terms)
        lines.append(f"  dL/d{p} = sum over {n} term{'s' * (n != 1)} = "
                     f"{number(self.value, digits)}")
        return "\n".join(lines)

    def _term_line(self, term: TimeTerm, digits: int) -> str:
        r, p = self.recurrence, self.parameter
        kind, j = _parameter_kind(r, p)
        t, tau = term.step, term.loss_step
        if kind == "w_hh":
            src = f"h{t - 1}_{p.split('_')[3]}"
        elif kind == "w_xh":
            src = f"x{t}_{p.split('_')[3]}"
        elif kind == "w_hy":
            src = f"h{t}_{p.split('_')[3]}"
        else:
            src = "1"
        target = f"o{t}_{j}" if kind in ("w_hy", "b_y") else f"h{t}_{j}"
        sym = f"{src} * delta_{target}" if src != "1" else f"delta_{target}"
        num = f"{_paren(term.source, digits)} * " if src != "1" else ""
        if term.distance:
            if term.factors:
                sym = (f"{src} * delta_h{tau}_{j} * " if src != "1" else
                       f"delta_h{tau}_{j} * ") + " * ".join(
                    f"(w_hh f'(z_h{s}_{j}))" for s in range(tau - 1, t - 1, -1))
                w = number(term.weight, digits)
                num += f"{_paren(term.start, digits)} * " + " * ".join(
                    f"({w} * {number(fp, digits)})" for fp in term.slopes)
            else:
                back = f"{term.distance} step{'s' * (term.distance != 1)}"
                sym = (f"{src} * " if src != "1" else "") + \
                    f"[delta_h{tau} carried back {back} by W_hh]_{j}"
                num += _paren(term.delta, digits)
        else:
            num += _paren(term.delta, digits)
        return (f"step {t}, loss at step {tau}: {sym} = {num} = "
                f"{number(term.value, digits)}")

    def __str__(self) -> str:
        return self.format()


def _paren(value: float, digits: int) -> str:
    # A negative factor in parentheses, as the other derivations write products.
    text = number(value, digits)
    return f"({text})" if value < 0 else text


def _reduction(loss: Loss) -> str:
    # How the loss treats the steps: a sum or a mean, said once (issue 19).
    if loss.name == "mse":
        return "averaged over the steps and outputs (mse)"
    return f"summed over the steps ({loss.name})"


def _parameter_kind(r: Recurrence, name: str) -> tuple[str, int]:
    """("w_hh", j) etc.: which of the recurrence's matrices, and the neuron index it feeds."""
    for kind in ("w_xh", "w_hh", "w_hy", "b_h", "b_y"):
        if name in getattr(r, kind):
            return kind, int(name.split("_")[2])
    raise ParameterError(f"{name!r} is not a parameter of {r.name} ({r.describe()}); its "
                         f"parameters are w_xh_j_i, w_hh_j_l, w_hy_k_j, b_h_j and b_y_k")


def _pass(net: NetworkCore, r: Recurrence, x: Any, y: Any, loss: Loss) -> dict[str, Any]:
    """One sample forward (the per-neuron path's trace) and what backpropagation through
    time needs from it, as arrays by step: h, f'(z), the outputs' deltas, dL/dh_tau from
    the outputs of step tau alone, and W_hh."""
    X, T = check_data(net, x, y, loss, single=True)
    (trace,), _, _, dL_dy, delta_out = at_outputs(net, X, T, loss)
    z, a = trace.z, trace.a
    hidden = [r.hidden_at(t) for t in range(1, r.steps + 1)]
    f = net.neuron(hidden[0][0]).activation
    h = np.array([[a[k] for k in names] for names in hidden])  # steps x hidden
    fp = np.array([[float(f.derivative(z[k], a[k])) for k in names] for names in hidden])
    _, W_hh, W_hy, _, _ = r.matrices(net.parameters())
    outputs = list(net.outputs)
    delta_o = {}  # step -> the outputs' deltas at that step
    for tau in r.output_steps:
        at = [outputs.index(o) for o in r.outputs_at(tau)]
        if delta_out is not None:
            delta_o[tau] = np.asarray(delta_out[0])[at]
        else:
            g = net.neuron(r.outputs_at(tau)[0]).activation
            delta_o[tau] = np.array([dL_dy[0][i] * float(g.derivative(z[o], a[o]))
                                     for i, o in zip(at, r.outputs_at(tau))])
    direct = {tau: W_hy.T @ d for tau, d in delta_o.items()}  # dL/dh_tau from step tau
    return {"h": h, "fp": fp, "W_hh": W_hh, "delta_o": delta_o, "direct": direct,
            "x": X[0].reshape(r.steps, r.n_inputs)}


def _carried(r: Recurrence, run: dict[str, Any], tau: int) -> dict[int, np.ndarray]:
    """D(tau -> t) for t = tau down to 1: the loss at tau carried back step by step."""
    fp, W_hh = run["fp"], run["W_hh"]
    D = {tau: run["direct"][tau] * fp[tau - 1]}
    for s in range(tau, 1, -1):
        D[s - 1] = (W_hh.T @ D[s]) * fp[s - 2]
    return D


def through_time(net: NetworkCore, parameter: str, x: Any, y: Any,
                 loss: str | Loss = "mse") -> ThroughTime:
    """dL/d(``parameter``) for the sample (x, y) as its sum over time, term by term.

    Parameters
    ----------
    net : Network
        A network that is one recurrence (``Network.rnn``).
    parameter : str
        One of the recurrence's parameters (``"w_hh_1_1"``, ``"w_xh_2_1"``, ``"b_h_1"``...).
    x, y
        One sequence (``steps * inputs`` values, or steps x inputs) and its targets.
    loss : str or Loss, default "mse"

    Raises
    ------
    NetworkStructureError
        For a network that is not a recurrence's.
    ParameterError
        For a name that is not one of the recurrence's parameters.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.rnn(1, 2, 1, steps=4, seed=0)
    >>> tt = through_time(net, "w_hh_1_2", [0.5, -1.0, 0.25, 1.0], [0.1, 0.2, 0.3, 0.4])
    >>> len(tt.terms), sorted(tt.by_distance())   # steps 2-4, losses at every later step
    (6, [0, 1, 2])
    >>> bool(abs(tt.value - net.gradients([[0.5, -1.0, 0.25, 1.0]],
    ...                                   [[0.1, 0.2, 0.3, 0.4]])["w_hh_1_2"]) < 1e-15)
    True
    """
    r = _recurrence(net)
    loss = losses.get(loss)
    kind, j = _parameter_kind(r, parameter)
    run = _pass(net, r, x, y, loss)
    single = r.n_hidden == 1
    terms: list[TimeTerm] = []
    left_out = 0
    index = int(parameter.split("_")[3]) if kind in ("w_xh", "w_hh", "w_hy") else 0
    if kind in ("w_hy", "b_y"):  # used at the steps with outputs, no recurrent factor
        for tau in reversed(r.output_steps):
            a = run["h"][tau - 1, index - 1] if kind == "w_hy" else 1.0
            d = float(run["delta_o"][tau][j - 1])
            terms.append(TimeTerm(tau, tau, float(a), d, d, (), 0.0, a * d))
    else:
        first = 2 if kind == "w_hh" else 1
        carried = {tau: _carried(r, run, tau) for tau in r.output_steps}
        W_hh, fp = run["W_hh"], run["fp"]
        for t in range(r.steps, first - 1, -1):
            if kind == "w_hh":
                a = float(run["h"][t - 2, index - 1])
            elif kind == "w_xh":
                a = float(run["x"][t - 1, index - 1])
            else:
                a = 1.0
            for tau in (s for s in r.output_steps if s >= t):
                if r.truncate is not None and tau - t > r.truncate:
                    left_out += 1
                    continue
                d, start = float(carried[tau][t][j - 1]), float(carried[tau][tau][j - 1])
                slopes = tuple(float(fp[s - 1, 0])
                               for s in range(tau - 1, t - 1, -1)) if single else ()
                terms.append(TimeTerm(t, tau, a, d, start, slopes,
                                      float(W_hh[0, 0]) if single else 0.0, a * d))
    value = 0.0
    for term in terms:  # in the order the per-neuron path adds them up: latest step first
        value += term.value
    return ThroughTime(parameter, r, tuple(terms), value, left_out, loss)


def hidden_gradients(net: NetworkCore, x: Any, y: Any, loss: str | Loss = "mse",
                     from_step: int | None = None) -> np.ndarray:
    """dL/dh_t for every step t (rows, from step 1) and hidden neuron (columns), for one
    sequence: what each hidden state's change would do to the loss.

    ``from_step`` keeps the loss at that step only (its outputs): the classic picture of
    a gradient carried back through time, whose size against the distance
    ``from_step - t`` falls (vanishing) or grows (exploding) geometrically.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.rnn(1, 1, 1, steps=4, outputs="last", activation="identity")
    >>> net.set_parameters({"w_xh_1_1": 1.0, "w_hh_1_1": 0.5, "w_hy_1_1": 1.0})
    >>> hidden_gradients(net, [1, 0, 0, 0], [0], loss="sse")[:, 0].tolist()
    [0.03125, 0.0625, 0.125, 0.25]
    """
    r = _recurrence(net)
    loss = losses.get(loss)
    run = _pass(net, r, x, y, loss)
    W_hh, fp = run["W_hh"], run["fp"]
    total = np.zeros((r.steps, r.n_hidden))
    taus = r.output_steps if from_step is None else (from_step,)
    for tau in taus:
        if tau not in run["direct"]:
            raise ParameterError(f"from_step={tau}: the network has outputs at steps "
                                 f"{list(r.output_steps)} only")
        g = run["direct"][tau].copy()  # dL/dh_tau from the outputs of step tau
        for t in range(tau, 0, -1):
            total[t - 1] += g
            if t > 1:
                g = W_hh.T @ (g * fp[t - 1])  # dL/dh_(t-1) = W_hh^T (dL/dh_t * f'(z_t))
    return total


def _recurrence(net: NetworkCore) -> Recurrence:
    r = sequences_of(net)
    if r is None:
        raise NetworkStructureError(
            "backpropagation through time term by term needs a network that is one "
            "recurrence (Network.rnn or add_recurrence); this one has none")
    return r
