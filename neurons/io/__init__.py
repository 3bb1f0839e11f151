"""Saving and loading networks: the ``neurons.network`` JSON format, version 1.

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

Examples
--------
>>> import pathlib, tempfile
>>> from neurons import Network
>>> net = Network.dense([2, 2, 1], seed=0)
>>> with tempfile.TemporaryDirectory() as folder:
...     loaded = load(save(net, pathlib.Path(folder) / "net.json"))
>>> loaded.parameters() == net.parameters()
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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
from .check import FORMAT, VERSION, Entry, Problem, check_document, check_training_numbers
from .check import describe as _describe
from .files import parse, write_document

__all__ = ["FORMAT", "VERSION", "FileAccessError", "from_dict", "load", "read_document", "save",
           "to_dict", "write_document"]


# -- network <-> document ------------------------------------------------------------------------
def to_dict(net: NetworkCore) -> dict[str, Any]:
    """Return the network as a version-1 document of plain lists, strings, floats and ``None``.

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
    """
    return {"format": FORMAT, "version": VERSION, "inputs": net.inputs,
            "neurons": [_neuron_entry(n) for n in net.neurons]}


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
    return _build(*plan, file, cls)


def _build(inputs: list[str], entries: list[Entry], file: str | None,
           cls: type[NetworkCore] | None) -> NetworkCore:
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


def _read(path: str | os.PathLike) -> tuple[dict, tuple[list[str], list[Entry]], str]:
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
    return _build(*plan, file, cls)


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
