"""The per-neuron path: forward pass and backpropagation, one edge at a time.

This module is meant to be read beside a textbook. For one sample:

Forward, in topological order (every neuron after the nodes it reads from)::

    z_k = sum_j w_jk a_j + b_k          a_k = f(z_k)

where a_j is an input's value or an earlier neuron's output; a :class:`Trace`
keeps every z and a for the way back. A max-pooling neuron takes the largest
of its inputs instead, z_k = max_j a_j.

Backward, in reverse topological order. For an output neuron the loss gives
dL/da_k directly; for any other neuron dL/da_k has been summed from the
neurons it feeds. (Where the loss knows delta at the outputs in closed form,
as binary cross-entropy on sigmoid outputs does, it gives delta_k itself:
see :meth:`neurons.losses.Loss.output_delta`.) Then, for each neuron k::

    delta_k   = dL/da_k * f'(z_k)
    dL/dw_jk  = a_j * delta_k           for every edge j -> k
    dL/db_k   = delta_k
    dL/da_j  += w_jk * delta_k          for every edge j -> k from a neuron j

so by the time the loop reaches neuron j, every neuron after it has added its
share, and delta_j = f'(z_j) * sum_k w_jk delta_k, the textbook's recurrence.
A max-pooling neuron passes its delta to the input that won (the first, on a
tie): dL/da_j += delta_k for that j only.

A shared parameter (a convolution's kernel weight) is used on many edges. Each
use gets its own a_j delta_k above, and the parameter's gradient is their sum::

    dL/dk = sum over the edges j -> k that use k of a_j delta_k

The same sum one step further gives the gradient with respect to an input
(saliency maps, adversarial examples): an input has no f'(z), so::

    dL/dx_j   = sum_k w_jk delta_k      over every edge j -> k from input j

:func:`input_gradients` asks :func:`backward` to collect it for the inputs too.

Both loops are plain ``for`` loops over a list: no recursion (depth is not
limited by Python's recursion limit) and nothing kept between calls, so
calling :func:`gradients` twice gives the same answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np

from . import losses, notation
from .data import check_data, check_samples

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss

__all__ = [
    "Trace",
    "accumulators",
    "at_outputs",
    "backward",
    "edge_factor",
    "evaluate",
    "evaluate_prepared",
    "forward_sample",
    "forward_trace",
    "gradients",
    "input_gradients",
    "input_gradients_prepared",
    "loss_value",
    "predict",
    "predict_prepared",
    "sum_uses",
    "value_and_gradients",
    "value_and_gradients_prepared",
    "value_gradient_vector",
]



# -- forward ---------------------------------------------------------------------------------
@dataclass
class Trace:
    """Everything the forward pass computed for one sample.

    Attributes
    ----------
    z : dict
        Neuron name -> weighted input z = w . a_in + b.
    a : dict
        Node name -> value: the input's value for inputs, f(z) for neurons.
    outputs : list of str
        The output neurons' names, in the order of :attr:`output`.
    """

    z: dict[str, float]
    a: dict[str, float]
    outputs: list[str] = field(default_factory=list)

    @property
    def output(self) -> np.ndarray:
        """The output neurons' values, as a 1-D array."""
        return np.array([self.a[o] for o in self.outputs])

    def __str__(self) -> str:
        rows = [f"{'node':>8} {'z':>12} {'a':>12}"]
        for name, a in self.a.items():
            z = f"{self.z[name]:12.6g}" if name in self.z else f"{'':12}"
            rows.append(f"{name:>8} {z} {a:12.6g}")
        return "\n".join(rows)


def edge_factor(net: NetworkCore, source: str, target: str,
                a: dict[str, float]) -> tuple[str, float]:
    """dz_target/da_source, the factor the chain rule takes along the edge, and its symbol.

    For a weight it is w_jk (its name, ``"w5"`` or a shared ``"k1"``); for a max-pooling
    neuron it is 1 for the input that won (the first, on a tie; ``a`` the trace's values)
    and 0 for the others; for a fixed neuron (average pooling) its constant weight.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network()
    >>> for x in ("x1", "x2"):
    ...     net.add_input(x)
    >>> p = net.add_pooling_neuron("p", ["x1", "x2"])
    >>> edge_factor(net, "x2", "p", {"x1": 1.0, "x2": 3.0})
    ('1', 1.0)
    """
    neuron = net.neuron(target)
    if neuron.kind == "max":
        won = max(neuron.inputs, key=a.__getitem__) == source
        return ("1", 1.0) if won else ("0", 0.0)
    w = net.weight(source, target)
    if neuron.fixed:
        return notation.number(w), w
    return net.weight_name(source, target), w


def forward_trace(net: NetworkCore, x: Any) -> Trace:
    """Run one sample forward, neuron by neuron, and return every z and a.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> trace = forward_trace(net, [2.0, 3.0])
    >>> sorted(trace.z)
    ['h1', 'h2', 'o1']
    """
    return forward_sample(net, check_samples(net, x, single=True)[0].tolist())


def forward_sample(net: NetworkCore, x: list[float]) -> Trace:
    """The loop itself, for one sample the caller has checked, as a list of floats."""
    a = dict(zip(net.inputs, x))
    z: dict[str, float] = {}
    for neuron in net.forward_order():
        k = neuron.name
        if neuron.kind == "max":
            z_k = max(a[j] for j in neuron.inputs)  # max pooling: the largest input
        else:
            z_k = neuron.bias or 0.0
            for j, w_jk in zip(neuron.inputs, neuron.weight_list):
                z_k += w_jk * a[j]
        z[k] = z_k
        a[k] = float(neuron.activation.value(z_k))
    return Trace(z=z, a=a, outputs=net.outputs)


def predict(net: NetworkCore, X: Any) -> np.ndarray:
    """Return the outputs for a batch on the per-neuron path (samples x outputs).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 3, 2], seed=0)
    >>> predict(net, [[0.0, 1.0], [1.0, 0.0]]).shape
    (2, 2)
    """
    return predict_prepared(net, check_samples(net, X))


def predict_prepared(net: NetworkCore, X: np.ndarray) -> np.ndarray:
    """:func:`predict` for X as :func:`neurons.data.check_samples` returns it (no checks)."""
    return np.array([forward_sample(net, x).output for x in X.tolist()]).reshape(len(X), -1)


# -- backward --------------------------------------------------------------------------------

def backward(net: NetworkCore, trace: Trace, dL_da_out: Any,
             dL_dw: dict[str, list[float]], dL_db: dict[str, float],
             delta_out: Any = None, dL_dx: dict[str, float] | None = None,
             sources: Mapping[str, tuple[tuple[str, int], ...]] | None = None,
             ) -> dict[str, float]:
    """Propagate one sample's deltas back along the edges; add its gradients in place.

    Parameters
    ----------
    trace : Trace
        The sample's forward pass.
    dL_da_out : sequence of float
        dL/da for each output neuron (from the loss), in ``trace.outputs`` order.
    dL_dw, dL_db : dict
        Accumulators: neuron name -> list of dL/dw_jk (input order), and
        neuron name -> dL/db_k. This sample's share is added to them. These are
        per edge and per neuron: :func:`sum_uses` adds up the uses of each
        parameter.
    delta_out : sequence of float, optional
        The output neurons' deltas when the loss gives them in closed form
        (:meth:`neurons.losses.Loss.output_delta`); otherwise dL/da * f'(z).
    dL_dx : dict, optional
        Accumulator: input name -> dL/dx_j. When given, w_jk delta_k is also
        collected along the edges from the inputs, and added to it.
    sources : mapping, optional
        The edges a delta goes back along, as :meth:`NetworkCore.neuron_sources
        <neurons.core.NetworkCore.neuron_sources>` gives them (by default, with the inputs
        when ``dL_dx`` is given); truncated backpropagation through time leaves some out.

    Returns
    -------
    dict
        delta_k for every neuron.
    """
    z, a = trace.z, trace.a
    if dL_dx is None:
        dL_da = dict.fromkeys(z, 0.0)  # neurons only: inputs carry no delta
    else:  # the inputs' dL/da too: chosen once here, so the loop below tests nothing more
        dL_da = dict.fromkeys(a, 0.0)
    if sources is None:
        sources = net.neuron_sources(inputs=dL_dx is not None)
    for o, g in zip(trace.outputs, np.asarray(dL_da_out, dtype=float).tolist()):
        dL_da[o] = g
    delta: dict[str, float] = {}
    if delta_out is not None:
        delta = dict(zip(trace.outputs, np.asarray(delta_out, dtype=float).tolist()))
    for neuron in reversed(net.forward_order()):
        k = neuron.name
        if k in delta:
            delta_k = delta[k]  # given by the loss in closed form
        else:
            delta_k = dL_da[k] * float(neuron.activation.derivative(z[k], a[k]))
            delta[k] = delta_k
        if not neuron.fixed:
            grad_w = dL_dw[k]
            for i, j in enumerate(neuron.inputs):
                grad_w[i] += a[j] * delta_k  # dL/dw_jk = a_j delta_k (one use of a parameter)
        elif neuron.kind == "max":
            # Only the input that won moved z_k: it gets all of delta_k, the others none.
            j = max(neuron.inputs, key=a.__getitem__)  # the first of equal maxima
            if j in dL_da:
                dL_da[j] += delta_k
            continue
        w = neuron.weight_list
        for j, i in sources[k]:
            dL_da[j] += w[i] * delta_k  # delta_j collects w_jk delta_k
        if k in dL_db:
            dL_db[k] += delta_k  # dL/db_k = delta_k
    if dL_dx is not None:
        for j in dL_dx:
            dL_dx[j] += dL_da[j]  # dL/dx_j = sum_k w_jk delta_k (0 when nothing reads x_j)
    return delta


def gradients(net: NetworkCore, X: Any, Y: Any, loss: str | Loss = "mse") -> dict[str, float]:
    """Return dL/dparam for every parameter, averaged over the samples.

    Each sample runs forward (:func:`forward_trace`), the loss gives dL/da at
    the outputs for the whole batch (its 1/n included), and each sample's
    deltas run back along the edges (:func:`~neurons.backprop.backward`), adding up its share.

    Parameters
    ----------
    X : array-like, (samples, inputs) or (inputs,)
    Y : array-like
        Targets in the form the loss accepts (see :mod:`neurons.losses`).
    loss : str or Loss, default "mse"

    Returns
    -------
    dict
        Parameter name -> gradient, in the order of :meth:`Network.parameters`.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> g = gradients(net, [[-2.0, -1.0]], [1.0])
    >>> list(g)[:3]
    ['w1', 'w2', 'w3']
    """
    return value_and_gradients(net, X, Y, loss)[1]


def value_and_gradients(net: NetworkCore, X: Any, Y: Any,
                        loss: str | Loss = "mse") -> tuple[float, dict[str, float]]:
    """Return the loss and every gradient together (what a training step needs).

    See :func:`gradients` for the arguments.
    """
    loss = losses.get(loss)
    return value_and_gradients_prepared(net, *check_data(net, X, Y, loss), loss)


def value_and_gradients_prepared(net: NetworkCore, X: np.ndarray, T: np.ndarray,
                                 loss: Loss) -> tuple[float, dict[str, float]]:
    """:func:`value_and_gradients` for X and T as :func:`neurons.data.check_data` returns
    them (no checks): for loops that call it many times."""
    value, dL_dw, dL_db, _ = _accumulate(net, X, T, loss)
    if net.edges_are_parameters:  # the sums in parameter order: weights, then biases
        return value, dict(zip(net.parameter_names(), chain(*dL_dw.values(), dL_db.values())))
    return value, dict(zip(net.parameter_names(), sum_uses(net, dL_dw, dL_db).tolist()))


def value_gradient_vector(net: NetworkCore, X: np.ndarray, T: np.ndarray,
                          loss: Loss) -> tuple[float, np.ndarray, np.ndarray]:
    """The loss, every gradient as one array in parameter order (as
    :meth:`Network.parameter_vector <neurons.Network.parameter_vector>`), and the outputs
    (samples x outputs), for X and T as :func:`neurons.data.check_data` returns them.
    """
    value, dL_dw, dL_db, outputs = _accumulate(net, X, T, loss)
    return value, sum_uses(net, dL_dw, dL_db), outputs


def accumulators(net: NetworkCore) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Zeroed dL/dw (a list per neuron, one entry per input) and dL/db (per neuron with a
    bias that is a parameter), as :func:`backward` adds into them."""
    with_bias = net.derived("neurons with a bias parameter", lambda: [
        n.name for n in net.neurons if n.has_bias and not n.fixed])
    return ({n.name: [0.0] * len(n.inputs) for n in net.neurons},
            dict.fromkeys(with_bias, 0.0))


def sum_uses(net: NetworkCore, dL_dw: dict[str, list[float]],
             dL_db: dict[str, float]) -> np.ndarray:
    """The gradient of every parameter, in parameter order, from the per-edge dL/dw_jk and
    per-neuron dL/db_k that :func:`backward` collects.

    A parameter of a neuron's own is used once: its gradient is its edge's. A shared
    parameter's gradient is the sum over its uses, dL/dk = sum of a_j delta_k
    (:meth:`neurons.core.NetworkCore.edge_parameters` says which edge uses which).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network()
    >>> for x in ("x1", "x2", "x3"):
    ...     net.add_input(x)
    >>> net.add_parameter("k", 1.0)
    >>> for h, (u, v) in {"h1": ("x1", "x2"), "h2": ("x2", "x3")}.items():
    ...     _ = net.add_neuron(h, {u: "k", v: 0.5}, bias=None, activation="identity")
    >>> dL_dw = {"h1": [1.0, 2.0], "h2": [10.0, 20.0]}
    >>> sum_uses(net, dL_dw, {}).tolist()  # w1 (h1's x2), w2 (h2's x3), then k = 1 + 10
    [2.0, 20.0, 11.0]
    """
    if net.edges_are_parameters:  # the edges are the weights in order, then the biases
        return np.fromiter(chain(*dL_dw.values(), dL_db.values()), float, net.n_parameters)
    edges, biases = net.edge_parameters()
    used, used_bias = net.derived("parameter uses", lambda: (
        np.flatnonzero(edges >= 0), np.flatnonzero(biases >= 0)))
    per_edge = np.fromiter(chain(*dL_dw.values()), float, len(edges))
    per_bias = np.fromiter(dL_db.values(), float, len(dL_db))
    # dL_db holds the neurons with a bias parameter in creation order: biases[used_bias].
    return (np.bincount(edges[used], per_edge[used], minlength=net.n_parameters)
            + np.bincount(biases[used_bias], per_bias, minlength=net.n_parameters))


def _accumulate(net: NetworkCore, X: np.ndarray, T: np.ndarray, loss: Loss) -> tuple:
    """Every sample forward and back; the loss, dL/dw and dL/db by neuron, and the outputs."""
    traces, outputs, value, dL_dY, delta_out = at_outputs(net, X, T, loss)
    dL_dw, dL_db = accumulators(net)
    for s, trace in enumerate(traces):
        backward_sample(net, trace, dL_dY[s], dL_dw, dL_db,
                        None if delta_out is None else delta_out[s])
    return value, dL_dw, dL_db, outputs


def backward_sample(net: NetworkCore, trace: Trace, dL_da_out: np.ndarray,
                    dL_dw: dict[str, list[float]], dL_db: dict[str, float],
                    delta_out: np.ndarray | None = None,
                    dL_dx: dict[str, float] | None = None) -> None:
    """:func:`backward` for one sample, or, for a recurrence with truncated backpropagation
    through time (:class:`~neurons.recurrence.Recurrence`, ``truncate=k``), one backward
    pass per step tau with outputs: the loss at tau alone, its deltas stopped at step
    tau - k (the edges from step tau - k - 1 into it are left out), the gradients added up.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.rnn(1, 1, 1, steps=3, activation="identity", truncate=0)
    >>> net.set_parameters({"w_xh_1_1": 1.0, "w_hh_1_1": 0.5, "w_hy_1_1": 1.0})
    >>> # h = 1, 1.5, 1.75; each step's loss y_t^2 reaches its own step only:
    >>> # dL/dw_hh = h_1 * 2 y_2 + h_2 * 2 y_3 = 1 * 3 + 1.5 * 3.5
    >>> net.gradients([[1.0, 1.0, 1.0]], [[0.0, 0.0, 0.0]], loss="sse")["w_hh_1_1"]
    8.25
    """
    cut = _truncation(net)
    if cut is None:
        backward(net, trace, dL_da_out, dL_dw, dL_db, delta_out, dL_dx)
        return
    dL_da_out = np.asarray(dL_da_out, dtype=float)
    delta_out = None if delta_out is None else np.asarray(delta_out, dtype=float)
    for at, sources in cut(dL_dx is not None):
        part = np.zeros_like(dL_da_out)
        part[at] = dL_da_out[at]  # the loss at this step only
        delta = None
        if delta_out is not None:
            delta = np.zeros_like(delta_out)
            delta[at] = delta_out[at]
        backward(net, trace, part, dL_dw, dL_db, delta, dL_dx, sources)


def _truncation(net: NetworkCore) -> Any:
    """None, or for a network with a truncated recurrence a function of ``inputs`` (bool)
    giving, per step tau with outputs, the positions of its outputs in ``net.outputs``
    and the edges its deltas go back along (:func:`backward`'s ``sources``)."""
    cut = [(r, k) for r in net.recurrences if (k := r.truncate) is not None]
    if not cut:
        return None
    r, k = cut[0]
    position = {o: i for i, o in enumerate(net.outputs)}

    def plan(inputs: bool) -> list[tuple[list[int], Mapping[str, tuple[tuple[str, int], ...]]]]:
        every = net.neuron_sources(inputs=inputs)
        steps: list[tuple[list[int], Mapping[str, tuple[tuple[str, int], ...]]]] = []
        for tau in r.output_steps:
            sources = dict(every)
            first = tau - k  # the earliest step the loss at tau reaches (k steps back)
            if first > 1:
                before = set(r.hidden_at(first - 1))
                for h in r.hidden_at(first):
                    sources[h] = tuple(e for e in every[h] if e[0] not in before)
            steps.append(([position[o] for o in r.outputs_at(tau)], sources))
        return steps
    return net.derived("truncated backpropagation", lambda: {
        False: plan(False), True: plan(True)}).__getitem__


def input_gradients(net: NetworkCore, X: Any, Y: Any, loss: str | Loss = "mse") -> np.ndarray:
    """Return dL/dx for every sample and input: the gradient with respect to the inputs.

    The deltas run back exactly as in :func:`gradients`, and one step further,
    along the edges from the inputs: dL/dx_j = sum_k w_jk delta_k over every
    neuron k that reads input j (an input nothing reads gets 0).

    L is the batch's mean loss, as in :func:`gradients`, so row s is 1/n times
    the gradient of sample s's own loss (n samples; for MSE with several
    outputs the mean runs over the outputs as well). For one sample, it is
    that sample's own gradient; multiply by n for every sample's own.

    Parameters
    ----------
    X : array-like, (samples, inputs) or (inputs,)
    Y : array-like
        Targets in the form the loss accepts (see :mod:`neurons.losses`).
    loss : str or Loss, default "mse"

    Returns
    -------
    ndarray, (samples, inputs)
        Row s, column j: dL/dx_j for sample s, inputs in ``net.inputs`` order.

    Examples
    --------
    The classic 2-2-1 network, every weight 1 and every bias 0, at x = (-2, -1), y = 1:

    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1])
    >>> net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)} | {"b1": 0, "b2": 0, "b3": 0})
    >>> input_gradients(net, [-2, -1], 1).round(4).tolist()
    [[-0.0215, -0.0215]]
    """
    loss = losses.get(loss)
    return input_gradients_prepared(net, *check_data(net, X, Y, loss), loss)


def input_gradients_prepared(net: NetworkCore, X: np.ndarray, T: np.ndarray,
                             loss: Loss) -> np.ndarray:
    """:func:`input_gradients` for X and T as :func:`neurons.data.check_data` returns them
    (no checks)."""
    traces, _, _, dL_dY, delta_out = at_outputs(net, X, T, loss)
    # backward() adds the weights' and biases' gradients too; here they are thrown away.
    dL_dw = accumulators(net)[0]
    rows = []
    for s, trace in enumerate(traces):
        dL_dx = dict.fromkeys(net.inputs, 0.0)  # one row per sample, not summed
        backward_sample(net, trace, dL_dY[s], dL_dw, {},
                        None if delta_out is None else delta_out[s], dL_dx)
        rows.append(list(dL_dx.values()))
    return np.array(rows, dtype=float).reshape(len(traces), len(net.inputs))


def at_outputs(net: NetworkCore, X: np.ndarray, T: np.ndarray, loss: Loss
               ) -> tuple[list[Trace], np.ndarray, float, np.ndarray, np.ndarray | None]:
    """Where backpropagation starts: every sample forward, then what the loss says at the
    output layer (:meth:`neurons.losses.Loss.at_outputs`).

    X and T as :func:`neurons.data.check_data` returns them. Returns the traces,
    the outputs (samples x outputs), the loss, dL/dY (the 1/n of the mean included) and
    the outputs' closed-form deltas, or ``None`` where the loss has none.
    """
    traces = [forward_sample(net, x) for x in X.tolist()]
    a, z = _outputs(traces)
    value, dL_dY, delta_out = loss.at_outputs(a, z, T, net.output_activation)
    return traces, a, value, dL_dY, delta_out


def _outputs(traces: list[Trace]) -> tuple[np.ndarray, np.ndarray]:
    """The output neurons' a and z, samples x outputs."""
    outputs = traces[0].outputs if traces else []
    a = np.array([[t.a[o] for o in outputs] for t in traces]).reshape(len(traces), -1)
    z = np.array([[t.z[o] for o in outputs] for t in traces]).reshape(len(traces), -1)
    return a, z


def evaluate(net: NetworkCore, X: Any, Y: Any,
             loss: str | Loss = "mse") -> tuple[float, np.ndarray]:
    """Return the loss on (X, Y) and the outputs (samples x outputs), on the per-neuron path.

    Examples
    --------
    >>> from neurons import Network
    >>> value, outputs = evaluate(Network.dense([2, 1], seed=0), [[0.0, 0.0]], [1.0])
    >>> round(value, 4), outputs.tolist()
    (0.25, [[0.5]])
    """
    loss = losses.get(loss)
    return evaluate_prepared(net, *check_data(net, X, Y, loss), loss)


def evaluate_prepared(net: NetworkCore, X: np.ndarray, T: np.ndarray,
                      loss: Loss) -> tuple[float, np.ndarray]:
    """:func:`evaluate` for X and T as :func:`neurons.data.check_data` returns them (no
    checks)."""
    traces = [forward_sample(net, x) for x in X.tolist()]
    return _loss_of(net, traces, T, loss), np.array([t.output for t in traces])


def loss_value(net: NetworkCore, X: Any, Y: Any, loss: str | Loss = "mse") -> float:
    """Return the loss of the network on (X, Y), computed on the per-neuron path.

    Examples
    --------
    >>> from neurons import Network
    >>> loss_value(Network.dense([2, 1], seed=0), [[0.0, 0.0]], [1.0])
    0.25
    """
    return evaluate(net, X, Y, loss)[0]


def _loss_of(net: NetworkCore, traces: list[Trace], T: np.ndarray, loss: Loss) -> float:
    """The loss of a batch of traces (the loss decides whether it reads the outputs' z)."""
    return loss.output_value(*_outputs(traces), T, net.output_activation)
