"""Checking a version-2 ``neurons.network`` document, and working out the order to build it in.

Version 2 is version 1 (see :mod:`neurons.io`) with what convolutional networks add:

* ``"parameters"``: the shared parameters in table order, each
  ``{"name": "k1", "value": 0.5, "role": "weight"}`` (role ``"bias"``, or ``null`` for
  one nothing uses yet);
* in a neuron, a weight or the bias may be a shared parameter's name instead of a
  number, and two optional keys: ``"kind": "max"`` (max pooling) and ``"fixed": true``
  (constant weights and bias, as in average pooling; a max neuron is always fixed);
* ``"grids"``: the convolution and pooling layers added with ``add_grid``, each the
  fields of :class:`neurons.grids.Grid` (lists for tuples);
* ``"recurrences"`` (only in a file of a network that has any): the recurrent networks
  added with ``add_recurrence``, each :meth:`Recurrence.to_dict
  <neurons.recurrence.Recurrence.to_dict>`: ``{"name": "rnn", "n_inputs": 2, "n_hidden":
  3, "n_outputs": 1, "steps": 5, "outputs": "each"}``, with ``"truncate": k`` when
  backpropagation through time is truncated.

Everything is checked against everything else before anything is built: every name
is known and taken once (nodes and parameters share one namespace), a parameter is a
weight or a bias as its ``role`` says, a grid's name counts follow from its shapes
and its neurons are wired as it says, and the file's orders (neurons, parameters,
grids) are ones the network's own methods can reproduce. A recurrence's parameters
are in the table with their roles (``w_*`` weights, ``b_*`` biases, used or not: the
recurrent weights of a one-step network are used by no neuron) and its neurons are in
the file, each reading what the record says with the shared weights and bias it says
(more inputs after those may have been connected later). The result is a
:class:`~neurons.io.check.Plan` whose steps, followed in order, build that network; the
recurrences' records are given back to it once its neurons are built.
"""

from __future__ import annotations

import math
from math import prod
from typing import Any

from ..activations import Activation
from ..grids import Grid
from ..parameters import OWN_NAME
from ..recurrence import Recurrence
from .check import (
    SHARED_VERSION,
    VERSIONS,
    Entry,
    Parameter,
    Plan,
    Problem,
    _check_activation,
    _check_edges,
    _check_keys,
    _inputs_and_weights,
    _list,
    _new_name,
    describe,
    is_number,
    suggest,
)

__all__ = ["check_shared"]

_TOP_KEYS = ("format", "version", "inputs", "parameters", "neurons", "grids")
_NEURON_KEYS = ("name", "activation", "bias", "inputs", "weights")
_NEURON_OPTIONAL = ("kind", "fixed")
_PARAMETER_KEYS = ("name", "value", "role")
_GRID_KEYS = ("kind", "name", "in_shape", "out_shape", "kernel", "stride", "padding", "inputs",
              "neurons", "kernel_names", "bias_names")
_GRID_KINDS = ("conv", "max", "average")
_RECURRENCE_KEYS = ("name", "n_inputs", "n_hidden", "n_outputs", "steps", "outputs")
_RECURRENCE_OPTIONAL = ("truncate",)  # written only when set
_LARGEST_SIZE = 2**31 - 1  # shapes, kernels, strides: beyond any real layer, within int64


class _Checked:
    """One grid of the file, checked: the Grid, its first neuron's place in the file, its
    first parameter's place in the table (None for pooling), each neuron's window size."""

    __slots__ = ("first", "grid", "start", "widths")

    def __init__(self, grid: Grid, first: int, start: int | None, widths: list[int]) -> None:
        self.grid, self.first, self.start, self.widths = grid, first, start, widths


def check_shared(doc: dict) -> Plan:
    """Check a version-2 document (its format and version are checked already)."""
    if "parameters" not in doc and "grids" not in doc:
        versions = " and ".join(map(str, VERSIONS))
        raise Problem(f'this file says version {SHARED_VERSION} but has neither "parameters" '
                      f'nor "grids", which every version-{SHARED_VERSION} file lists: a file '
                      f'written as version 1 says "version": 1, and one made by a newer '
                      f'version of neurons needs that version (this one reads versions '
                      f'{versions})', "version")
    _check_keys(doc, _TOP_KEYS, "", extra=("training",), optional=("recurrences",))
    if not isinstance(doc.get("training", {}), dict):
        raise Problem(f"must be a JSON object, not {describe(doc['training'])}", "training")
    taken: dict[str, tuple[int | None, str]] = {}  # every name -> (position, its key)
    inputs = [_new_name(x, f"inputs[{j}]", taken, -1)
              for j, x in enumerate(_list(doc["inputs"], "inputs"))]
    params = [_check_parameter(item, p, taken)
              for p, item in enumerate(_list(doc["parameters"], "parameters"))]
    index = {q.name: p for p, q in enumerate(params)}
    named: dict[str, Activation] = {}  # activations given by name, checked once each
    entries = [_check_neuron(item, i, taken, index, named)
               for i, item in enumerate(_list(doc["neurons"], "neurons"))]
    nodes = {name: at for name, at in taken.items() if at[0] is not None}  # -1: an input
    _check_edges(entries, nodes)
    used = _check_uses(entries, params, index)
    owner: dict[int, str] = {}  # a grid's parameter (its place in the table) -> grid name
    grids: list[_Checked] = []
    for j, item in enumerate(_list(doc["grids"], "grids")):
        grids.append(_check_grid(item, j, entries, params, index, nodes, owner,
                                 grids[-1].first + len(grids[-1].widths) if grids else 0,
                                 grids[-1].grid.name if grids else ""))
    recurrent: dict[int, str] = {}  # a recurrence's parameter (its place) -> its name
    recurrences = [_check_recurrence(item, j, entries, params, index, nodes, recurrent)
                   for j, item in enumerate(_list(doc.get("recurrences", []), "recurrences"))]
    for p, q in enumerate(params):
        if q.role is not None and q.name not in used and p not in owner \
                and p not in recurrent:
            raise Problem(f"nothing uses {q.name!r}, so its role is null, not "
                          f"{describe(q.role)}", f"parameters[{p}].role")
    steps, later = _order(inputs, entries, params, index, grids)
    return Plan(SHARED_VERSION, inputs, entries, params, [g.grid for g in grids], steps, later,
                recurrences)


# -- parameters and neurons --------------------------------------------------------------------
def _check_parameter(item: Any, p: int, taken: dict) -> Parameter:
    path = f"parameters[{p}]"
    if not isinstance(item, dict):
        raise Problem(f'a shared parameter must be a JSON object such as {{"name": "k1", '
                      f'"value": 0.5, "role": "weight"}}, not {describe(item)}', path)
    _check_keys(item, _PARAMETER_KEYS, path)
    name = _new_name(item["name"], f"{path}.name", taken, None)
    if OWN_NAME.fullmatch(name):
        raise Problem(f"{name!r} looks like one of the names the network gives its own "
                      f"parameters (w1, w2, ..., b1, b2, ...); a shared parameter needs "
                      f"another", f"{path}.name")
    value = item["value"]
    if not is_number(value):
        raise Problem(f"must be a finite number, not {describe(value)}", f"{path}.value")
    role = item["role"]
    if role is not None and not (isinstance(role, str) and role in ("weight", "bias")):
        raise Problem(f'must be "weight", "bias" or null (not used yet), not {describe(role)}',
                      f"{path}.role")
    return Parameter(name, float(value), role)


def _known_parameter(name: str, key: str, index: dict[str, int]) -> None:
    if name not in index:
        names = list(index)
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        raise Problem(f"{describe(name)} names no shared parameter{suggest(name, index)}; "
                      f"the file's parameters: {shown or 'none'}", key)


def _check_neuron(item: Any, i: int, taken: dict, index: dict[str, int],
                  named: dict[str, Activation]) -> Entry:
    path = f"neurons[{i}]"
    if not isinstance(item, dict):
        raise Problem(f"a neuron must be a JSON object, not {describe(item)}", path)
    _check_keys(item, _NEURON_KEYS, path, optional=_NEURON_OPTIONAL)
    name = _new_name(item["name"], f"{path}.name", taken, i)
    spec = item["activation"]
    if spec.__class__ is str and spec in named:  # (an object may hold -0.0: never shared)
        activation = named[spec]
    else:
        activation = _check_activation(spec, f"{path}.activation")
        if spec.__class__ is str:
            named[spec] = activation
    kind = item.get("kind", "sum")
    if not (isinstance(kind, str) and kind in ("sum", "max")):
        raise Problem(f'must be "sum" or "max", not {describe(kind)}', f"{path}.kind")
    fixed = item.get("fixed", False)
    if not isinstance(fixed, bool):
        raise Problem(f"must be true or false, not {describe(fixed)}", f"{path}.fixed")
    if kind == "max" and not fixed and "fixed" in item:
        raise Problem("a max neuron is always fixed (its weights are constants): write true "
                      "or leave the key out", f"{path}.fixed")
    fixed = fixed or kind == "max"
    bias = item["bias"]
    if kind == "max" and bias is not None:
        raise Problem(f"a max neuron has no bias: must be null, not {describe(bias)}",
                      f"{path}.bias")
    if isinstance(bias, str):
        if fixed:
            raise Problem(f"neuron {name!r} is fixed: its bias is a constant (a number or "
                          f"null), not the shared parameter {bias!r}", f"{path}.bias")
        _known_parameter(bias, f"{path}.bias", index)
    elif bias is not None and not is_number(bias):
        raise Problem(f"must be a finite number, a shared parameter's name or null (no bias), "
                      f"not {describe(bias)}", f"{path}.bias")
    sources, weights = _inputs_and_weights(item, path, name)
    # The usual cases at once: all numbers (non-finite ones make the sum inf or nan; so
    # may a sum too large, and then the loop below looks at each), or all shared names.
    if all(w.__class__ is float for w in weights) and math.isfinite(sum(weights)):
        return Entry(name, sources, list(weights), _bias(bias), activation, kind, fixed)
    if not fixed and all(w.__class__ is str and w in index for w in weights):
        return Entry(name, sources, list(weights), _bias(bias), activation, kind, fixed)
    checked: list[float | str] = []
    for j, w in enumerate(weights):
        if isinstance(w, str):
            if fixed:
                raise Problem(f"neuron {name!r} is fixed: its weights are constants (numbers), "
                              f"not the shared parameter {w!r}", f"{path}.weights[{j}]")
            _known_parameter(w, f"{path}.weights[{j}]", index)
            checked.append(w)
        elif is_number(w):
            checked.append(float(w))  # a hand-written 3 is 3.0, so the proof is exact
        else:
            raise Problem(f"a weight must be a finite number or a shared parameter's name, not "
                          f"{describe(w)}", f"{path}.weights[{j}]")
    return Entry(name, sources, checked, _bias(bias), activation, kind, fixed)


def _bias(bias: Any) -> float | str | None:
    return bias if bias is None or isinstance(bias, str) else float(bias)


def _check_uses(entries: list[Entry], params: list[Parameter],
                index: dict[str, int]) -> set[str]:
    """Every use of a shared parameter agrees with its role; return the names used."""
    first: dict[str, tuple[str, str]] = {}  # name -> (role, key) of its first use
    for i, e in enumerate(entries):
        uses = [(w, "weight", f"neurons[{i}].weights[{j}]")
                for j, w in enumerate(e.weights) if isinstance(w, str)]
        if isinstance(e.bias, str):
            uses.append((e.bias, "bias", f"neurons[{i}].bias"))
        for name, role, key in uses:
            if name in first:
                if first[name][0] != role:
                    raise Problem(f"{name!r} is used as a {role} here but as a {first[name][0]} "
                                  f"at {first[name][1]}: a shared parameter is a weight or a "
                                  f"bias, not both", key)
                continue
            first[name] = (role, key)
            p = index[name]
            if params[p].role != role:
                raise Problem(f'{name!r} is used as a {role} (at {key}), so its role is '
                              f'"{role}", not {describe(params[p].role)}',
                              f"parameters[{p}].role")
    return set(first)


# -- grids -------------------------------------------------------------------------------------
def _sizes(value: Any, path: str, counts: tuple[int, ...], minimum: int, what: str) -> list[int]:
    items = _list(value, path)
    if len(items) not in counts:
        raise Problem(f"must be {what}, not a list of {len(items)}", path)
    for k, v in enumerate(items):
        if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
            raise Problem(f"must be an integer of at least {minimum}, not {describe(v)}",
                          f"{path}[{k}]")
        if v > _LARGEST_SIZE:
            raise Problem(f"{v} is too large (at most {_LARGEST_SIZE})", f"{path}[{k}]")
    return items


def _names(value: Any, path: str) -> list[str]:
    items = _list(value, path)
    for k, v in enumerate(items):
        if not isinstance(v, str) or not v:
            raise Problem(f"a name must be a non-empty string, not {describe(v)}", f"{path}[{k}]")
    return items


def _check_grid(item: Any, j: int, entries: list[Entry], params: list[Parameter],
                index: dict[str, int], nodes: dict, owner: dict[int, str], end: int,
                before: str) -> _Checked:
    """Check grid j; ``end`` is the place of the first neuron after the grids before it
    (the last of which is ``before``)."""
    path = f"grids[{j}]"
    if not isinstance(item, dict):
        raise Problem(f"a grid must be a JSON object, not {describe(item)}", path)
    _check_keys(item, _GRID_KEYS, path)
    kind, name = item["kind"], item["name"]
    if not (isinstance(kind, str) and kind in _GRID_KINDS):
        raise Problem(f'must be "conv", "max" or "average", not {describe(kind)}', f"{path}.kind")
    if not isinstance(name, str) or not name:
        raise Problem(f"a grid's name must be a non-empty string, not {describe(name)}",
                      f"{path}.name")
    in_shape = _sizes(item["in_shape"], f"{path}.in_shape", (2, 3), 1,
                      "[channels, length] or [channels, height, width]")
    dims = len(in_shape) - 1
    axes = f"{dims} integer{'s' if dims > 1 else ''}"
    out_shape = _sizes(item["out_shape"], f"{path}.out_shape", (dims + 1,), 1,
                       f"{dims + 1} integers, as in_shape")
    kernel = _sizes(item["kernel"], f"{path}.kernel", (dims,), 1, f"{axes}, one per axis")
    stride = _sizes(item["stride"], f"{path}.stride", (dims,), 1, f"{axes}, one per axis")
    padding = _list(item["padding"], f"{path}.padding")
    if len(padding) != dims:
        raise Problem(f"must be {dims} pair{'s' if dims > 1 else ''} [before, after], one per "
                      f"axis, not a list of {len(padding)}", f"{path}.padding")
    pads = [_sizes(pair, f"{path}.padding[{a}]", (2,), 0, "a pair [before, after]")
            for a, pair in enumerate(padding)]
    for a, pair in enumerate(pads):
        for side, v in enumerate(pair):
            if kind != "conv" and v:
                raise Problem(f"a pooling grid has no padding, not {v}",
                              f"{path}.padding[{a}][{side}]")
            if v >= kernel[a]:
                raise Problem(f"{v} zeros of padding for a kernel of {kernel[a]}: a window "
                              f"would read nothing but padding (at most {kernel[a] - 1})",
                              f"{path}.padding[{a}][{side}]")
    if kind != "conv" and out_shape[0] != in_shape[0]:
        raise Problem(f"a pooling grid keeps the channels: {out_shape[0]} here, but in_shape "
                      f"has {in_shape[0]}", f"{path}.out_shape[0]")
    spatial = []
    for a in range(dims):
        size = in_shape[a + 1] + pads[a][0] + pads[a][1]
        if kernel[a] > size:
            raise Problem(f"a window of {kernel[a]} is larger than the input ({in_shape[a + 1]}"
                          f"{f' padded to {size}' if size > in_shape[a + 1] else ''}) along "
                          f"axis {a + 1}", f"{path}.kernel[{a}]")
        spatial.append((size - kernel[a]) // stride[a] + 1)
    if out_shape[1:] != spatial:
        raise Problem(f"{out_shape} does not follow from in_shape, kernel, stride and "
                      f"padding, which give {[out_shape[0], *spatial]}", f"{path}.out_shape")
    reads, neurons = _names(item["inputs"], f"{path}.inputs"), _names(item["neurons"],
                                                                      f"{path}.neurons")
    if len(reads) != prod(in_shape):
        raise Problem(f"{len(reads)} nodes for in_shape {in_shape}, which holds "
                      f"{prod(in_shape)}", f"{path}.inputs")
    if len(neurons) != prod(out_shape):
        raise Problem(f"{len(neurons)} neurons for out_shape {out_shape}, which holds "
                      f"{prod(out_shape)}", f"{path}.neurons")
    kernel_names = _names(item["kernel_names"], f"{path}.kernel_names")
    bias_names = _names(item["bias_names"], f"{path}.bias_names")
    if kind == "conv":
        n_kernel = out_shape[0] * in_shape[0] * prod(kernel)
        if len(kernel_names) != n_kernel:
            raise Problem(f"{len(kernel_names)} names for a kernel of {out_shape[0]} x "
                          f"{in_shape[0]} x {' x '.join(map(str, kernel))} = {n_kernel} "
                          f"weights (out channels x in channels x kernel)",
                          f"{path}.kernel_names")
        if len(bias_names) not in (0, out_shape[0]):
            raise Problem(f"{len(bias_names)} names: a convolution has one bias per output "
                          f"channel ({out_shape[0]}) or none", f"{path}.bias_names")
    else:
        for key, names in (("kernel_names", kernel_names), ("bias_names", bias_names)):
            if names:
                raise Problem(f"a pooling grid has no parameters: must be empty, not a list of "
                              f"{len(names)}", f"{path}.{key}")
    first = _check_grid_neurons(neurons, path, nodes, end, before)
    for k, s in enumerate(reads):
        at = nodes.get(s)
        if at is None:
            raise Problem(f"unknown node {s!r}{suggest(s, nodes)}: neither an input nor a "
                          f"neuron", f"{path}.inputs[{k}]")
        if at[0] >= first:
            raise Problem(f"{s!r} is neurons[{at[0]}], which is not made before the grid's "
                          f"first neuron (neurons[{first}]): a grid reads nodes made before it",
                          f"{path}.inputs[{k}]")
    start = _check_grid_parameters(kernel_names, bias_names, path, name, params, index, owner)
    grid = Grid(kind, name, tuple(in_shape), tuple(out_shape), tuple(kernel), tuple(stride),
                tuple((before, after) for before, after in pads), tuple(reads), tuple(neurons),
                tuple(kernel_names), tuple(bias_names))
    return _Checked(grid, first, start, _check_wiring(grid, j, first, entries))


def _check_grid_neurons(neurons: list[str], path: str, nodes: dict, end: int,
                        before: str) -> int:
    """The grid's neurons are neurons of the file, one after another; return the first's place."""
    first = 0
    for k, n in enumerate(neurons):
        key, at = f"{path}.neurons[{k}]", nodes.get(n)
        if at is None:
            raise Problem(f"unknown neuron {n!r}{suggest(n, nodes)}", key)
        if at[0] < 0:
            raise Problem(f"{n!r} is an input, not a neuron", key)
        if k == 0:
            first = at[0]
            if first < end:
                raise Problem(f"{n!r} is neurons[{first}], before the end of grid {before}'s "
                              f"neurons (neurons[{end - 1}]): grids come in the order they "
                              f"were added, and a neuron belongs to one grid at most", key)
        elif at[0] != first + k:
            raise Problem(f"{n!r} is neurons[{at[0]}], but a grid's neurons come one after "
                          f"another in the file, in grid order: neurons[{first + k}] should "
                          f"be {n!r}", key)
    return first


def _check_grid_parameters(kernel_names: list[str], bias_names: list[str], path: str,
                           name: str, params: list[Parameter], index: dict[str, int],
                           owner: dict[int, str]) -> int | None:
    """The grid's kernel and biases are one run of the table, in order, with their roles;
    return the run's first place (None for a grid without parameters)."""
    start = None
    n_kernel = len(kernel_names)
    for t, pname in enumerate((*kernel_names, *bias_names)):
        key = (f"{path}.kernel_names[{t}]" if t < n_kernel
               else f"{path}.bias_names[{t - n_kernel}]")
        _known_parameter(pname, key, index)
        p = index[pname]
        if p in owner:
            raise Problem(f"{pname!r} is a parameter of grid {owner[p]} already: each grid has "
                          f"parameters of its own", key)
        if start is None:
            start = p
        elif p != start + t:
            raise Problem(f"{pname!r} is parameters[{p}], but a grid's kernel and bias names "
                          f"come one after another in parameters, in grid order (as add_grid "
                          f"adds them): parameters[{start + t}] should be {pname!r}", key)
        role = "weight" if t < n_kernel else "bias"
        if params[p].role != role:
            raise Problem(f'{pname!r} is a {"kernel weight" if role == "weight" else "bias"} '
                          f'of grid {name} ({key}), so its role is "{role}", not '
                          f'{describe(params[p].role)}', f"parameters[{p}].role")
        owner[p] = name
    return start


def _check_wiring(grid: Grid, j: int, first: int, entries: list[Entry]) -> list[int]:
    """Each neuron of the grid reads, with the weights and bias, what the grid says (more
    inputs after those may have been connected later); return each one's window size."""
    who = f"grid {grid.name} (grids[{j}])"
    rows = grid.sources()
    taps = grid.kernel_taps() if grid.kind == "conv" else None
    per_channel = len(grid.neurons) // grid.out_shape[0]
    reads, kernel_names, bias_names = grid.inputs, grid.kernel_names, grid.bias_names
    for n, row in enumerate(rows):
        i = first + n
        e, where = entries[i], f"neurons[{i}]"
        expected = [reads[x] for x in row]
        if e.sources[:len(row)] != expected:
            if len(e.sources) < len(row):
                raise Problem(f"{len(e.sources)} inputs, but {who} gives {e.name!r} a window "
                              f"of {len(row)}", f"{where}.inputs")
            q = next(q for q, s in enumerate(expected) if e.sources[q] != s)
            raise Problem(f"{who} says {e.name!r} reads {expected[q]!r} here, not "
                          f"{e.sources[q]!r}", f"{where}.inputs[{q}]")
        if taps is not None:
            if e.kind != "sum" or e.fixed:
                raise Problem(f'{who} is a convolution: its neurons are plain sums (no "kind", '
                              f'no "fixed")', f"{where}.{'kind' if e.kind != 'sum' else 'fixed'}")
            weights = [kernel_names[t] for t in taps[n]]
            if e.weights[:len(row)] != weights:
                q = next(q for q, w in enumerate(weights) if e.weights[q] != w)
                raise Problem(f"{who} says this weight is its kernel's {weights[q]!r}, not "
                              f"{describe(e.weights[q])}", f"{where}.weights[{q}]")
            bias = bias_names[n // per_channel] if bias_names else None
            if e.bias != bias:
                said = f"the bias {bias!r}" if bias else "no bias (null)"
                raise Problem(f"{who} gives {e.name!r} {said}, not {describe(e.bias)}",
                              f"{where}.bias")
        elif grid.kind == "max":
            if e.kind != "max":
                raise Problem(f'{who} is max pooling: its neurons have "kind": "max"',
                              f"{where}.kind")
        else:
            if e.kind != "sum" or not e.fixed:
                raise Problem(f'{who} is average pooling: its neurons are fixed sums ("fixed": '
                              f'true, no "kind")',
                              f"{where}.{'kind' if e.kind != 'sum' else 'fixed'}")
            if e.bias is not None:
                raise Problem(f"{who} is average pooling: its neurons have no bias (null), not "
                              f"{describe(e.bias)}", f"{where}.bias")
    return [len(row) for row in rows]


# -- recurrences -------------------------------------------------------------------------------
def _check_recurrence(item: Any, j: int, entries: list[Entry], params: list[Parameter],
                      index: dict[str, int], nodes: dict, claimed: dict[int, str]
                      ) -> Recurrence:
    """Check recurrence j against the file: its parameters are in the table with their roles
    (and no other recurrence's), its neurons are neurons of the file (and no other
    recurrence's), each reading what the record says, with the weights and bias it says
    (more inputs after those may have been connected later)."""
    path = f"recurrences[{j}]"
    if not isinstance(item, dict):
        raise Problem(f"a recurrence must be a JSON object (what Recurrence.to_dict() gives), "
                      f"not {describe(item)}", path)
    _check_keys(item, _RECURRENCE_KEYS, path, optional=_RECURRENCE_OPTIONAL)
    name = item["name"]
    if not isinstance(name, str) or not name:
        raise Problem(f"a recurrence's name must be a non-empty string, not {describe(name)}",
                      f"{path}.name")
    sizes = []
    for key in _RECURRENCE_KEYS[1:5]:
        v = item[key]
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise Problem(f"must be a positive integer, not {describe(v)}", f"{path}.{key}")
        if v > _LARGEST_SIZE:
            raise Problem(f"{v} is too large (at most {_LARGEST_SIZE})", f"{path}.{key}")
        sizes.append(v)
    outputs = item["outputs"]
    if not (isinstance(outputs, str) and outputs in ("each", "last")):
        raise Problem(f'must be "each" or "last", not {describe(outputs)}', f"{path}.outputs")
    truncate = item.get("truncate")
    if truncate is not None:
        if isinstance(truncate, bool) or not isinstance(truncate, int) or truncate < 0:
            raise Problem(f"must be a count of steps from 0, or null (no truncation), not "
                          f"{describe(truncate)}", f"{path}.truncate")
        if truncate > _LARGEST_SIZE:
            raise Problem(f"{truncate} is too large (at most {_LARGEST_SIZE})",
                          f"{path}.truncate")
    n_inputs, n_hidden, n_outputs, steps = sizes
    r = Recurrence(name, n_inputs, n_hidden, n_outputs, steps, outputs, truncate)
    who = f"recurrence {name} ({path}: {r.describe()})"
    # Sizes the file does not have are found first, by the first and last names they give,
    # and named by field; then every name is looked at one by one (never all listed at
    # once: a record of absurd sizes stops at the first name the file lacks).
    for key, first, last in (("n_inputs", "w_xh_1_1", f"w_xh_1_{r.n_inputs}"),
                             ("n_hidden", "b_h_1", f"b_h_{r.n_hidden}"),
                             ("n_outputs", "b_y_1", f"b_y_{r.n_outputs}"),
                             ("steps", "h1_1", f"h{r.steps}_1")):
        for wanted in (first, last):
            known = nodes if key == "steps" else index
            if wanted not in known:
                what = "neuron" if key == "steps" else "parameter"
                raise Problem(f"{who} has the {what} {wanted!r}, which the file does not have"
                              f"{suggest(wanted, known)}: its {key} is not the network's",
                              f"{path}.{key}")
    start = index["w_xh_1_1"]
    for k, pname in enumerate(r.iter_parameter_names()):
        if pname not in index:
            raise Problem(f"{who} has the parameter {pname!r}, which the file's parameters do "
                          f"not list{suggest(pname, index)}", path)
        p = index[pname]
        if p in claimed:
            raise Problem(f"{pname!r} is a parameter of recurrence {claimed[p]} already: each "
                          f"recurrence has parameters of its own", path)
        if p != start + k:  # add_recurrence adds them as one run, and nothing reorders it
            found = params[start + k].name if start + k < len(params) else "past the end"
            raise Problem(f"{pname!r} is parameters[{p}], but a recurrence's parameters are "
                          f"one run in the order add_recurrence adds them, so {who} has it at "
                          f"parameters[{start + k}], which is {found!r}: are its sizes the "
                          f"network's?", path)
        role = "bias" if pname.startswith("b_") else "weight"
        if params[p].role != role:
            raise Problem(f'{pname!r} is a {role} of {who}, so its role is "{role}", not '
                          f'{describe(params[p].role)}', f"parameters[{p}].role")
        claimed[p] = name
    first = nodes["h1_1"][0]
    at = first
    for t in range(1, r.steps + 2):
        for neuron, reads, bias in r.neurons_at(t):
            if t > r.steps:  # one step more, as the record would have it: the file goes on
                if at < len(entries) and entries[at].name == neuron and _reads(
                        entries[at], reads, bias):
                    raise Problem(f"{who} ends at step {r.steps}, but neurons[{at}], "
                                  f"{neuron!r}, goes on as its step {t} would: its steps is "
                                  f"not the network's", f"{path}.steps")
                break
            _check_recurrent_neuron(neuron, reads, bias, who, path, r, entries, nodes, at)
            at += 1
    return r


def _reads(e: Entry, reads: dict[str, str], bias: str) -> bool:
    """Whether a neuron of the file reads ``reads`` first, with those weights, and the bias."""
    n = len(reads)
    return (e.sources[:n] == list(reads) and e.weights[:n] == list(reads.values())
            and e.bias == bias)


def _check_recurrent_neuron(neuron: str, reads: dict[str, str], bias: str, who: str,
                            path: str, r: Recurrence, entries: list[Entry], nodes: dict,
                            expected: int) -> None:
    """The neuron is the file's neuron ``expected`` (add_recurrence makes a recurrence's
    neurons one after another, and nothing reorders them) and reads what ``reads`` says."""
    at = nodes.get(neuron)
    if at is None or at[0] < 0:
        # Which field of the record is not the file's: outputs at each step where the file
        # has them at the last only, or else the sizes and steps checked before.
        key = "outputs" if neuron.startswith("o") and r.outputs == "each" else "steps"
        found = "no such node" if at is None else "it as an input"
        raise Problem(f"{who} has the neuron {neuron!r}, but the file has {found}",
                      f"{path}.{key}")
    i = at[0]
    if i != expected:
        found = entries[expected].name if expected < len(entries) else "past the end"
        key = "outputs" if found.startswith("o") and r.outputs == "last" else ""
        raise Problem(f"{neuron!r} is neurons[{i}], but a recurrence's neurons come one after "
                      f"another in the order add_recurrence makes them (each step's hidden "
                      f"neurons, then its outputs), so {who} has it at neurons[{expected}], "
                      f"which is {found!r}", f"{path}.{key}" if key else path)
    e, where = entries[i], f"neurons[{i}]"
    sources, weights = list(reads), list(reads.values())
    if e.kind != "sum" or e.fixed:
        raise Problem(f'{who} says {neuron!r} is one of its neurons: a plain sum (no "kind", '
                      f'no "fixed")', f"{where}.{'kind' if e.kind != 'sum' else 'fixed'}")
    if e.sources[:len(sources)] != sources:
        if len(e.sources) < len(sources):
            raise Problem(f"{len(e.sources)} inputs, but {who} says {neuron!r} reads "
                          f"{sources}", f"{where}.inputs")
        q = next(q for q, s in enumerate(sources) if e.sources[q] != s)
        raise Problem(f"{who} says {neuron!r} reads {sources[q]!r} here, not "
                      f"{e.sources[q]!r}", f"{where}.inputs[{q}]")
    if e.weights[:len(weights)] != weights:
        q = next(q for q, w in enumerate(weights) if e.weights[q] != w)
        raise Problem(f"{who} says this weight is its shared {weights[q]!r}, not "
                      f"{describe(e.weights[q])}", f"{where}.weights[{q}]")
    if e.bias != bias:
        raise Problem(f"{who} gives {neuron!r} the bias {bias!r}, not {describe(e.bias)}",
                      f"{where}.bias")


# -- the order to build in ---------------------------------------------------------------------
def _order(inputs: list[str], entries: list[Entry], params: list[Parameter],
           index: dict[str, int], grids: list[_Checked]) -> tuple[list[tuple], list[tuple]]:
    """The steps that build the file's network with the network's own methods, and the
    connections made last.

    The table must come out in the file's order. ``add_grid`` adds a grid's parameters
    as one run when it adds its neurons; every other parameter is added with
    ``add_parameter`` as early as it can be (before the next grid's run). A neuron is
    made with its inputs up to the first one that cannot exist yet (a neuron later in
    the file, or a parameter after the next grid's run); the rest are connected once
    every neuron exists, as ``connect`` appended them. A neuron's first weight and its
    bias must exist when it is made.
    """
    starts = {g.start: j for j, g in enumerate(grids) if g.start is not None}
    at_first = {g.first: j for j, g in enumerate(grids)}
    steps: list[tuple] = []
    later: list[tuple] = []
    t = 0  # the parameters added so far

    def advance() -> int:
        p = t
        while p < len(params) and p not in starts:
            steps.append(("parameter", p))
            p += 1
        return p

    def not_yet(name: str, who: str) -> str:
        j = starts[t]
        return (f"{name!r} (parameters[{index[name]}]) comes after the parameters of grid "
                f"{grids[j].grid.name} (grids[{j}]), whose neurons come after {who!r}: it does "
                f"not exist yet when {who!r} is made, and a neuron's first weight and its bias "
                f"must (parameters are in the order they were added)")

    t = advance()
    defined = set(inputs)
    i = 0
    while i < len(entries):
        j = at_first.get(i)
        if j is not None:
            g = grids[j]
            if g.start is not None:
                if g.start != t:  # another grid's run comes first in the table
                    other = grids[starts[t]].grid
                    raise Problem(f"grid {g.grid.name}'s parameters come after those of grid "
                                  f"{other.name} (grids[{starts[t]}]), but its neurons come "
                                  f"before that grid's: grids, their neurons and their "
                                  f"parameters come in the order the grids were added",
                                  f"grids[{j}].kernel_names[0]")
                t = g.start + len(g.grid.kernel_names) + len(g.grid.bias_names)
            steps.append(("grid", j, i))
            t = advance()
            for n, width in enumerate(g.widths):
                e = entries[i + n]
                later += [(s, e.name, w) for s, w in zip(e.sources[width:], e.weights[width:])]
                defined.add(e.name)
            i += len(g.widths)
            continue
        e = entries[i]
        if isinstance(e.bias, str) and index[e.bias] >= t:
            raise Problem(not_yet(e.bias, e.name), f"neurons[{i}].bias")
        n = 0
        while n < len(e.sources) and e.sources[n] in defined and not (
                isinstance(w := e.weights[n], str) and index[w] >= t):
            n += 1
        if n == 0:  # the first source exists (checked): its weight does not yet
            raise Problem(not_yet(str(e.weights[0]), e.name), f"neurons[{i}].weights[0]")
        steps.append(("neuron", i, n))
        later += [(s, e.name, w) for s, w in zip(e.sources[n:], e.weights[n:])]
        defined.add(e.name)
        i += 1
    if t != len(params):  # every grid was visited, so every run was added
        raise Problem(f"internal error: {len(params) - t} parameters left over")
    return steps, later
