"""Saving and loading networks: the ``neurons.network`` JSON format, versions 1 and 2.

A file holds the wiring and the values, one neuron per line::

    {
     "format": "neurons.network",
     "version": 1,
     "inputs": ["x1", "x2"],
     "neurons": [
      {"name": "h1", "activation": "sigmoid", "bias": 0.0, "inputs": ["x1", "x2"], ...},
      {"name": "o1", "activation": {"name": "leaky_relu", "slope": 0.2}, "bias": null, ...}
     ]
    }

Neurons come in creation order and each one's inputs (with ``"weights"`` beside
them) in input order: the two orders that name the parameters ``w1.., b1..``,
so a loaded network has the same names, values and outputs, bit for bit
(floats are written as Python's round-trip repr). ``"bias": null`` is a neuron
without a bias. Loading checks the whole document before building anything and
raises :class:`~neurons.errors.FileFormatError` naming the key (such as
``neurons[3].inputs[1]``). It runs no code from the file: plain ``json``, no
pickle, no eval. Saving is atomic: the file is the old one or the new one.

Version 2: shared parameters, pooling, grid layers and recurrences
------------------------------------------------------------------
A network that uses what version 1 cannot say (shared parameters, fixed or max
neurons, grid layers) is written as version 2; any other network is written as
version 1, byte for byte as before, so older readers still read it. This library
reads both. Version 2 adds::

     "parameters": [
      {"name": "k1", "value": 0.5, "role": "weight"},
      {"name": "c", "value": 0.1, "role": "bias"}
     ],
     "neurons": [
      {"name": "h1", ..., "bias": "c", "inputs": ["x1", "x2"], "weights": ["k1", 0.3]},
      {"name": "p1", ..., "bias": null, "inputs": ["h1", "h2"], "weights": [1.0, 1.0],
       "kind": "max"},
      {"name": "a1", ..., "bias": null, "inputs": ["h1", "h2"], "weights": [0.5, 0.5],
       "fixed": true}
     ],
     "grids": [
      {"kind": "conv", "name": "c1", "in_shape": [1, 5], "out_shape": [1, 3], "kernel": [3],
       "stride": [1], "padding": [[0, 0]], "inputs": [...], "neurons": [...],
       "kernel_names": [...], "bias_names": [...]}
     ],
     "recurrences": [
      {"name": "rnn", "n_inputs": 1, "n_hidden": 2, "n_outputs": 1, "steps": 3,
       "outputs": "each"}
     ]

``parameters`` lists the shared parameters in the order they were added (the
order of their names after ``w1.., b1..``), each with its role: ``"weight"`` or
``"bias"``, ``null`` for one that nothing uses yet (a recurrence's parameters have
their roles, used or not). A weight or a bias may name
one instead of holding a number. ``kind`` (``"max"``, which is always fixed) and
``fixed`` (``true``: constant weights and bias) appear only when they differ from
a plain neuron's. ``grids`` lists the layers added with ``add_grid``, each the
fields of :class:`neurons.grids.Grid`; loading adds them again with ``add_grid``,
so a loaded network runs its convolutions as convolutions on the vectorized
path. ``recurrences`` (only in the file of a network that has any) lists the
records of the unrolled recurrent networks added with ``add_recurrence``
(:class:`neurons.recurrence.Recurrence`); loading builds their neurons as any
others, checks that they are wired as the records say, and gives the records back
to the network, which then runs them as loops over time on the vectorized path. A
version-2 file without the key loads as before. :mod:`neurons.io.shared` has the
checks.

Examples
--------
>>> import pathlib, tempfile
>>> from neurons import Network
>>> net = Network.dense([2, 2, 1], seed=0)
>>> with tempfile.TemporaryDirectory() as folder:
...     loaded = load(save(net, pathlib.Path(folder) / "net.json"))
>>> loaded.parameters() == net.parameters()
True
>>> from neurons.builders import from_architecture
>>> cnn = from_architecture([{"type": "conv1d", "in_shape": (1, 6), "channels": 2,
...                           "kernel": 3}, {"type": "maxpool1d", "size": 2}], seed=0)
>>> again = from_dict(to_dict(cnn))
>>> again.grids == cnn.grids, again.parameters() == cnn.parameters()
(True, True)
>>> rnn = Network.rnn(1, 2, 1, steps=3, seed=0)
>>> to_dict(rnn)["recurrences"]
[{'name': 'rnn', 'n_inputs': 1, 'n_hidden': 2, 'n_outputs': 1, 'steps': 3, 'outputs': 'each'}]
>>> from_dict(to_dict(rnn)).recurrences == rnn.recurrences
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from .. import activations
from ..checks import check_path
from ..core import NetworkCore, new_network
from ..errors import (
    ArgumentTypeError,
    FileAccessError,
    FileFormatError,
    NeuronsError,
    ParameterError,
)
from .check import (
    FORMAT,
    SHARED_VERSION,
    VERSION,
    VERSIONS,
    Plan,
    Problem,
    check_header,
    check_training_numbers,
    check_version_1,
)
from .check import describe as _describe
from .files import parse, write_document
from .shared import check_shared

__all__ = ["FORMAT", "SHARED_VERSION", "VERSION", "VERSIONS", "FileAccessError", "from_dict",
           "load", "parameter_count", "read_document", "save", "to_dict", "write_document"]


# -- network <-> document ------------------------------------------------------------------------
def to_dict(net: NetworkCore) -> dict[str, Any]:
    """Return the network as a document of plain lists, strings, floats and ``None``.

    Version 1 for a network that version 1 can describe; version 2 (see the module) for
    one with shared parameters, fixed or max neurons, or grid layers.

    Raises
    ------
    ParameterError
        For an activation that is not one of the library's.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network()
    >>> net.add_input("x")
    >>> _ = net.add_neuron("y", {"x": 2.0}, bias=None, activation="leaky_relu")
    >>> to_dict(net)["neurons"]
    [{'name': 'y', 'activation': {'name': 'leaky_relu', 'slope': 0.01}, 'bias': None, \
'inputs': ['x'], 'weights': [2.0]}]
    >>> net.add_parameter("k", 0.5)
    >>> _ = net.add_neuron("z", {"x": "k"}, bias=None)
    >>> doc = to_dict(net)
    >>> doc["version"], doc["parameters"], doc["neurons"][1]["weights"]
    (2, [{'name': 'k', 'value': 0.5, 'role': 'weight'}], ['k'])
    """
    neurons = net.neurons
    table = net.shared_parameters
    if not (len(table) or net.grids or any(n.fixed for n in neurons)):
        return {"format": FORMAT, "version": VERSION, "inputs": net.inputs,
                "neurons": [_neuron_entry(n) for n in neurons]}
    doc = {"format": FORMAT, "version": SHARED_VERSION, "inputs": net.inputs,
           "parameters": [{"name": name, "value": value, "role": table.role.get(name)}
                          for name, value in zip(table.names, table.list())],
           "neurons": [_shared_entry(n) for n in neurons],
           "grids": [_grid_entry(g) for g in net.grids]}
    if net.recurrences:  # only then: every other file stays as it was, byte for byte
        doc["recurrences"] = [r.to_dict() for r in net.recurrences]
    return doc



def check_document(doc: Any) -> Plan:
    """Check a parsed document whole, as its version says, and return its :class:`Plan`;
    raise :class:`Problem`."""
    if check_header(doc) == SHARED_VERSION:
        return check_shared(doc)
    return check_version_1(doc)

def _neuron_entry(neuron: Any) -> dict[str, Any]:
    act = neuron.activation
    if not activations.is_builtin(act):  # a name and parameters must rebuild it exactly
        raise ParameterError(
            f"cannot save neuron {neuron.name!r}: its activation {act!r} is not one of the "
            f"library's ({', '.join(activations.names())}, with finite parameters); use a "
            f"built-in activation")
    return {"name": neuron.name, "activation": {"name": act.name, **act.params} if act.params
            else act.name, "bias": neuron.bias, "inputs": list(neuron.inputs),
            "weights": neuron.weights.tolist()}


def _shared_entry(neuron: Any) -> dict[str, Any]:
    entry = _neuron_entry(neuron)
    if neuron.shared_bias is not None:
        entry["bias"] = neuron.shared_bias
    if not neuron.fixed:
        names = neuron.shared
        if any(p is not None for p in names):
            entry["weights"] = [w if p is None else p for w, p in zip(entry["weights"], names)]
    elif neuron.kind != "sum":
        entry["kind"] = neuron.kind  # and fixed, always
    else:
        entry["fixed"] = True
    return entry


def _grid_entry(grid: Any) -> dict[str, Any]:
    def ints(values: Any) -> list[int]:
        return [int(v) for v in values]  # NumPy integers too

    return {"kind": grid.kind, "name": grid.name, "in_shape": ints(grid.in_shape),
            "out_shape": ints(grid.out_shape), "kernel": ints(grid.kernel),
            "stride": ints(grid.stride), "padding": [ints(p) for p in grid.padding],
            "inputs": list(grid.inputs), "neurons": list(grid.neurons),
            "kernel_names": list(grid.kernel_names), "bias_names": list(grid.bias_names)}


def parameter_count(doc: dict[str, Any]) -> int:
    """How many parameters the network of a checked document has (its ``n_parameters``),
    without building it: the numbers among the weights and biases of neurons that are not
    fixed, and the shared parameters, each once.

    ``doc`` must have passed the checks (:func:`read_document` returns such documents):
    a checkpoint's optimizer state has one entry per parameter.

    Examples
    --------
    >>> from neurons import Network
    >>> from neurons.builders import from_architecture
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> parameter_count(to_dict(net)) == net.n_parameters == 9
    True
    >>> cnn = from_architecture([{"type": "conv1d", "in_shape": (1, 6), "channels": 2,
    ...                           "kernel": 3}, {"type": "maxpool1d", "size": 2}], seed=0)
    >>> parameter_count(to_dict(cnn)) == cnn.n_parameters == 8
    True
    """
    count = len(doc.get("parameters", ()))
    for n in doc["neurons"]:
        if n.get("fixed") or n.get("kind") == "max":
            continue
        count += sum(1 for w in n["weights"] if not isinstance(w, str))
        count += n["bias"] is not None and not isinstance(n["bias"], str)
    return count


def from_dict(doc: Any, *, file: str | None = None,
              cls: type[NetworkCore] | None = None) -> NetworkCore:
    """Check a whole document (as :func:`to_dict` makes), then build its network.

    Raises
    ------
    FileFormatError
        Naming the key of the first problem (and ``file``, which is used for nothing else).
    ArgumentTypeError
        For a path instead of a document (that is :func:`load`'s job).

    ``cls`` is the class of the network built (default :class:`neurons.Network`).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 1], seed=0)
    >>> from_dict(to_dict(net)).parameters() == net.parameters()
    True
    >>> from_dict({**to_dict(net), "version": 0})
    Traceback (most recent call last):
    ...
    neurons.errors.FileFormatError: at version: must be a positive integer, not the number 0
    """
    if isinstance(doc, (str, bytes, os.PathLike)):
        raise ArgumentTypeError(f"from_dict takes a document (a dict, as to_dict returns), not "
                                f"{_describe(doc)}; to read a file, use load()")
    try:
        plan = check_document(doc)
    except Problem as p:
        raise FileFormatError(p.message, key=p.key, file=file) from None
    return _build(plan, file, cls)


def _build(plan: Plan, file: str | None, cls: type[NetworkCore] | None) -> NetworkCore:
    if plan.version != VERSION:
        return _build_shared(plan, file, cls)
    inputs, entries = plan.inputs, plan.entries
    net, later = new_network(cls), []
    try:
        for name in inputs:
            net.add_input(name)
        defined = set(inputs)
        for e in entries:
            # add_neuron takes the prefix of sources that exist (the first does: checked);
            # connect_many() appends the rest in order once all neurons exist. So the input
            # order, and with it every parameter name, is the file's.
            n = next((j for j, s in enumerate(e.sources) if s not in defined), len(e.sources))
            net.add_neuron(e.name, e.sources[:n], weights=e.weights[:n], bias=e.bias,
                           activation=e.activation)
            defined.add(e.name)
            later += [(s, e.name, w) for s, w in zip(e.sources[n:], e.weights[n:])]
        net.connect_many(later)
    except NeuronsError as err:  # unreachable after the checks; a safety net
        raise FileFormatError(f"cannot build the network: {err}", file=file) from err
    built = [(n.name, n.inputs, n.weight_list, n.bias) for n in net.neurons]  # a cheap proof
    if built != [(e.name, tuple(e.sources), e.weights, e.bias) for e in entries]:
        raise NeuronsError("internal error: the loaded network differs from its file")
    return net


def _build_shared(plan: Plan, file: str | None, cls: type[NetworkCore] | None) -> NetworkCore:
    """Build a version-2 plan with the network's own methods, in the plan's order (see
    :func:`neurons.io.shared._order`): the table, the neurons, the grids and every input
    order come out as the file has them."""
    params, entries = plan.parameters, plan.entries
    values = {q.name: q.value for q in params}
    net = new_network(cls)
    try:
        for name in plan.inputs:
            net.add_input(name)
        for step in plan.steps:
            if step[0] == "parameter":
                q = params[step[1]]
                net.add_parameter(q.name, q.value)
            elif step[0] == "neuron":
                e, n = entries[step[1]], step[2]
                if e.kind == "max":
                    _set_constants(net.add_pooling_neuron(e.name, e.sources[:n], "max",
                                                          e.activation), e.weights[:n])
                else:
                    net.add_neuron(e.name, e.sources[:n], weights=e.weights[:n], bias=e.bias,
                                   activation=e.activation, fixed=e.fixed, repeat=True)
            else:
                grid, first = plan.grids[step[1]], step[2]
                made = net.add_grid(grid, [values[k] for k in grid.kernel_names] or None,
                                    [values[b] for b in grid.bias_names] or None,
                                    entries[first].activation)
                for neuron, e in zip(made, entries[first:first + len(made)]):
                    if neuron.activation is not e.activation:  # changed since, or -0.0 slopes
                        neuron.activation = e.activation
                    if neuron.fixed:  # pooling constants, as the neurons hold them now
                        _set_constants(neuron, e.weights[:len(neuron.inputs)])
        net.connect_many(plan.later)
    except NeuronsError as err:  # unreachable after the checks; a safety net
        raise FileFormatError(f"cannot build the network: {err}", file=file) from err
    table = net.shared_parameters
    if plan.recurrences:
        # The records, checked against the file, go back to the built network, as
        # add_recurrence leaves them: with the roles of its parameters, which the neurons
        # alone do not give (a one-step network's w_hh is used by no neuron).
        for r in plan.recurrences:
            for name in r.parameter_names:
                table.role[name] = "bias" if name.startswith("b_") else "weight"
        net._recurrences.extend(plan.recurrences)
        net._changed()  # what is derived from the wiring (the compiled layout) is made again
    if ([_as_written(n) for n in net.neurons]  # a cheap proof
            != [(e.name, tuple(e.sources), e.weights, e.bias, e.kind, e.fixed, e.activation)
                for e in entries]
            or list(zip(table.names, table.list())) != [(q.name, q.value) for q in params]
            or [table.role.get(q.name) for q in params] != [q.role for q in params]
            or list(net.grids) != list(plan.grids)
            or list(net.recurrences) != list(plan.recurrences)):
        raise NeuronsError("internal error: the loaded network differs from its file")
    return net


def _set_constants(neuron: Any, values: list[float | str]) -> None:
    """Give a fixed neuron the file's constants where they differ from those it was made
    with (to the bit: -0.0 is not 0.0)."""
    given = np.array(values, dtype=float)
    if not np.array_equal(given.view(np.uint64), neuron.weights.view(np.uint64)):
        neuron.weights = given


def _as_written(neuron: Any) -> tuple:
    names = neuron.shared
    weights = [w if p is None else p for w, p in zip(neuron.weight_list, names)]
    bias = neuron.shared_bias if neuron.shared_bias is not None else neuron.bias
    return (neuron.name, neuron.inputs, weights, bias, neuron.kind, neuron.fixed,
            neuron.activation)


def _read(path: str | os.PathLike) -> tuple[dict, Plan, str]:
    file = str(check_path(path, "path"))
    try:
        data = Path(file).read_bytes()
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        raise FileAccessError(f"cannot read it: {getattr(e, 'strerror', None) or e}",
                              file) from e
    try:
        doc = parse(data)
        plan = check_document(doc)
        check_training_numbers(doc)
    except Problem as p:
        raise FileFormatError(p.message, key=p.key, file=file) from None
    return doc, plan, file


def read_document(path: str | os.PathLike) -> dict[str, Any]:
    """Read, parse and check a network file; return the document.

    A top-level ``"training"`` must be an object; its content is its reader's to
    check (only non-finite numbers are refused here).

    Raises
    ------
    FileAccessError, FileFormatError
    """
    return _read(path)[0]


def load(path: str | os.PathLike, *, cls: type[NetworkCore] | None = None) -> NetworkCore:
    """Read a network saved by :func:`save`, as a ``cls`` (default :class:`neurons.Network`).

    Raises
    ------
    FileAccessError
        When the file cannot be read (missing, a directory, ...).
    FileFormatError
        When it is not a valid ``neurons.network`` document; the message names the key.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1], seed=0)
    >>> path = save(net, pathlib.Path(tempfile.mkdtemp()) / "net.json")
    >>> load(path).parameters() == net.parameters()
    True
    """
    _, plan, file = _read(path)
    return _build(plan, file, cls)


def save(net: NetworkCore, path: str | os.PathLike) -> Path:
    """Write the network to ``path`` atomically (see :func:`write_document`); return the path.

    Raises
    ------
    ParameterError
        For an activation of the user's own (nothing is written).
    FileAccessError
        When the file cannot be written; an existing file is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from neurons import Network
    >>> path = save(Network.dense([2, 1], seed=0), pathlib.Path(tempfile.mkdtemp()) / "n.json")
    >>> path.name, path.read_text().startswith("{")
    ('n.json', True)
    """
    return write_document(path, to_dict(net))
