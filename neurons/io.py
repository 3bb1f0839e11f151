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

import json
import math
import os
import re
import secrets
import stat
import sys
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx

from . import activations
from .activations import Activation
from .errors import (
    ArgumentTypeError,
    FileFormatError,
    NeuronsError,
    ParameterError,
    UnknownNameError,
    did_you_mean,
)
from .network import Network

__all__ = ["FORMAT", "VERSION", "FileAccessError", "from_dict", "load", "read_document", "save",
           "to_dict", "write_document"]

FORMAT = "neurons.network"
VERSION = 1
_TOP_KEYS = ("format", "version", "inputs", "neurons")
_NEURON_KEYS = ("name", "activation", "bias", "inputs", "weights")


class FileAccessError(FileFormatError, OSError):
    """A file that cannot be read or written (missing, a directory, no permission).

    Also a :class:`FileFormatError` (either way the file cannot be loaded) and an
    ``OSError``; ``file`` is the path.
    """

    def __init__(self, message: str, file: str) -> None:
        super().__init__(message, file=file)


# -- network <-> document ------------------------------------------------------------------------
def to_dict(net: Network) -> dict[str, Any]:
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
    try:  # rebuilding it gives the same type and values: then the file can hold it
        saveable = activations.from_params(act.name, act.params) == act
    except NeuronsError:
        saveable = False
    if not saveable:
        raise ParameterError(
            f"cannot save neuron {neuron.name!r}: its activation {act!r} is not one of the "
            f"library's ({', '.join(activations.names())}, with finite parameters); use a "
            f"built-in activation")
    return {"name": neuron.name, "activation": {"name": act.name, **act.params} if act.params
            else act.name, "bias": neuron.bias, "inputs": list(neuron.inputs),
            "weights": neuron.weights.tolist()}


def from_dict(doc: Any, *, file: str | None = None) -> Network:
    """Check a whole document (as :func:`to_dict` makes), then build its network.

    Raises
    ------
    FileFormatError
        Naming the key of the first problem (and ``file``, which is used for nothing else).
    ArgumentTypeError
        For a path instead of a document (that is :func:`load`'s job).

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
                                f"{_what(doc)}; to read a file, use load()")
    try:
        plan = _check_document(doc)
    except _Problem as p:
        raise FileFormatError(p.message, key=p.key, file=file) from None
    return _build(*plan, file)


class _Entry(NamedTuple):
    name: str
    sources: list[str]
    weights: list[float]
    bias: float | None
    activation: Activation


def _build(inputs: list[str], entries: list[_Entry], file: str | None) -> Network:
    net, later = Network(), []
    try:
        for name in inputs:
            net.add_input(name)
        defined = set(inputs)
        for e in entries:
            # add_neuron takes the prefix of sources that exist (the first does: checked);
            # connect() appends the rest in order once all neurons exist. So the input
            # order, and with it every parameter name, is the file's.
            n = next((j for j, s in enumerate(e.sources) if s not in defined), len(e.sources))
            net.add_neuron(e.name, e.sources[:n], weights=e.weights[:n], bias=e.bias,
                           activation=e.activation)
            defined.add(e.name)
            later += [(s, e.name, w) for s, w in zip(e.sources[n:], e.weights[n:])]
        for source, target, w in later:
            net.connect(source, target, w)
    except NeuronsError as err:  # unreachable after the checks; a safety net
        raise FileFormatError(f"cannot build the network: {err}", file=file) from err
    built = [(n.name, n.inputs, n.weight_list, n.bias) for n in net.neurons]  # a cheap proof
    if built != [(e.name, tuple(e.sources), e.weights, e.bias) for e in entries]:
        raise NeuronsError("internal error: the loaded network differs from its file")
    return net


# -- checking a document: no recursion, linear in its size -------------------------------------
class _Problem(Exception):
    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.message, self.key = message, key


def _check_document(doc: Any) -> tuple[list[str], list[_Entry]]:
    if not isinstance(doc, dict):
        raise _Problem(f"the top level must be a JSON object, not {_what(doc)}")
    for key in ("format", "version"):  # first: a newer file may have keys unknown here
        if key not in doc:
            raise _Problem(f'missing key (a network file has "format": "{FORMAT}", '
                           f'"version": {VERSION})', key)
    if not isinstance(doc["format"], str) or doc["format"] != FORMAT:
        raise _Problem(f"expected {FORMAT!r}, not {_what(doc['format'])}", "format")
    version = doc["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Problem(f"must be a positive integer, not {_what(version)}", "version")
    if version > VERSION:
        raise _Problem(f"format version {version} was made by a newer version of neurons "
                       f"(this one reads up to {VERSION}); upgrade neurons", "version")
    _check_keys(doc, _TOP_KEYS, "", extra=("training",))
    if not isinstance(doc.get("training", {}), dict):
        raise _Problem(f"must be a JSON object, not {_what(doc['training'])}", "training")
    known: dict[str, tuple[int, str]] = {}  # name -> (position, -1 for inputs; its key)
    inputs = [_new_name(x, f"inputs[{j}]", known, -1)
              for j, x in enumerate(_list(doc["inputs"], "inputs"))]
    entries = [_check_neuron(item, i, known)
               for i, item in enumerate(_list(doc["neurons"], "neurons"))]
    _check_edges(entries, known)
    return inputs, entries


def _check_keys(obj: dict, required: tuple, path: str, extra: tuple = ()) -> None:
    for key in obj:  # unknown keys first: a typo also makes a key missing
        if key not in required and key not in extra:
            raise _Problem(f"unknown key {key!r}{_suggest(key, required)}; expected "
                           f"{', '.join(required)}", _child(path, key))
    for key in required:
        if key not in obj:
            raise _Problem(f"missing key (expected {', '.join(required)})", _child(path, key))


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise _Problem(f"must be a list, not {_what(value)}", path)
    return value


def _new_name(name: Any, path: str, known: dict | set, position: int | None = None) -> str:
    if not isinstance(name, str) or not name:
        raise _Problem(f"a name must be a non-empty string, not {_what(name)}", path)
    if isinstance(known, set):  # one neuron's sources
        if name in known:
            raise _Problem(f"{name!r} is listed twice in this neuron's inputs", path)
        known.add(name)
    elif name in known:
        raise _Problem(f"duplicate name {name!r}: {known[name][1]} has it already", path)
    else:
        known[name] = (position, path)
    return name


def _check_neuron(item: Any, i: int, known: dict) -> _Entry:
    path = f"neurons[{i}]"
    if not isinstance(item, dict):
        raise _Problem(f"a neuron must be a JSON object, not {_what(item)}", path)
    _check_keys(item, _NEURON_KEYS, path)
    name = _new_name(item["name"], f"{path}.name", known, i)
    activation = _check_activation(item["activation"], f"{path}.activation")
    bias = item["bias"]
    if bias is not None and not _is_number(bias):
        raise _Problem(f"must be a finite number or null (no bias), not {_what(bias)}",
                       f"{path}.bias")
    seen: set[str] = set()
    sources = [_new_name(s, f"{path}.inputs[{j}]", seen)
               for j, s in enumerate(_list(item["inputs"], f"{path}.inputs"))]
    if not sources:
        raise _Problem(f"neuron {name!r} needs at least one input", f"{path}.inputs")
    weights = _list(item["weights"], f"{path}.weights")
    if len(weights) != len(sources):
        raise _Problem(f"{len(weights)} weights for {len(sources)} inputs of {name!r} (one "
                       f"per input, in input order)", f"{path}.weights")
    for j, w in enumerate(weights):
        if not _is_number(w):
            raise _Problem(f"a weight must be a finite number, not {_what(w)}",
                           f"{path}.weights[{j}]")
    return _Entry(name, sources, weights, bias, activation)


def _check_activation(spec: Any, path: str) -> Activation:
    if not isinstance(spec, (str, dict)):
        raise _Problem(f'must be a name such as "sigmoid" or an object such as {{"name": '
                       f'"leaky_relu", "slope": 0.2}}, not {_what(spec)}', path)
    if isinstance(spec, dict) and "name" not in spec:
        raise _Problem('missing key (an activation object is {"name": ..., parameters})',
                       f"{path}.name")
    name, where = (spec["name"], f"{path}.name") if isinstance(spec, dict) else (spec, path)
    params = {k: v for k, v in spec.items() if k != "name"} if isinstance(spec, dict) else {}
    if not isinstance(name, str):
        raise _Problem(f"an activation name must be a string, not {_what(name)}", where)
    try:
        base = activations.get(name)
    except UnknownNameError:
        raise _Problem(f"unknown activation {name!r}{_suggest(name, activations.names())}; "
                       f"known: {', '.join(activations.names())}", where) from None
    for key, value in params.items():
        if key not in base.params:
            raise _Problem(f"activation {base.name!r} has no parameter {key!r}"
                           f"{_suggest(key, base.params)}; its parameters: "
                           f"{', '.join(base.params) or 'none'}", _child(path, key))
        if not _is_number(value):
            raise _Problem(f"must be a finite number, not {_what(value)}", _child(path, key))
    return activations.from_params(base.name, params)


def _check_edges(entries: list[_Entry], known: dict) -> None:
    forward = False  # an edge from a neuron further down the file (made by connect())
    for i, e in enumerate(entries):
        for j, s in enumerate(e.sources):
            path = f"neurons[{i}].inputs[{j}]"
            if s not in known:
                raise _Problem(f"unknown node {s!r}{_suggest(s, known)}: neither an input "
                               f"nor a neuron", path)
            if s == e.name:
                raise _Problem(f"neuron {s!r} reads from itself", path)
            if known[s][0] > i and j == 0:
                raise _Problem(f"the first input of {e.name!r} is {s!r}, a neuron defined "
                               f"later; a first input must be an input or an earlier neuron", path)
            forward = forward or known[s][0] > i
    if forward:  # without forward edges all edges go down the file: no cycle is possible
        graph = nx.DiGraph((s, e.name) for e in entries for s in e.sources)
        if not nx.is_directed_acyclic_graph(graph):
            _report_cycle(graph, entries, known)


def _report_cycle(graph: nx.DiGraph, entries: list[_Entry], known: dict) -> None:
    # A walk inside a strongly connected component must come back to a node it has seen:
    # linear, and several times faster than nx.find_cycle on long cycles.
    part = next(c for c in nx.strongly_connected_components(graph) if len(c) > 1)
    node, seen = min(part, key=lambda n: known[n][0]), {}  # the same message every run
    while node not in seen:
        seen[node] = len(seen)
        node = next(s for s in graph.successors(node) if s in part)
    cycle = list(seen)[seen[node]:]
    shown = cycle if len(cycle) <= 12 else [*cycle[:11], f"... ({len(cycle) - 11} more)"]
    source, target = next((s, t) for s, t in zip(cycle, cycle[1:] + cycle[:1])
                          if known[s][0] > known[t][0])  # the edge up the file
    i = known[target][0]
    raise _Problem(f"the connections make the cycle {' -> '.join([*shown, cycle[0]])}; a "
                   f"feedforward network must be acyclic",
                   f"neurons[{i}].inputs[{entries[i].sources.index(source)}]")


def _is_number(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    # JSON true is not 1; an integer beyond the float range would become inf.
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= _LARGEST


_LARGEST = int(sys.float_info.max)


def _what(value: Any) -> str:
    """A value as messages show it, in JSON's words: 'null', 'a list', "the string 'x'"."""
    if isinstance(value, _Invalid):
        return value.text
    if value is None or isinstance(value, bool):
        return json.dumps(value)  # null, true, false
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "an object"
    if isinstance(value, int) and value.bit_length() > 64:
        return f"an integer of {value.bit_length()} bits"  # repr() of a huge int may raise
    text = repr(value[:40] if isinstance(value, str) else value)  # a long string: its start
    text = text if len(text) <= 40 else text[:37] + "..."
    return ("the string " if isinstance(value, str) else "the number "
            if isinstance(value, (int, float)) else f"a {type(value).__name__} ") + text


def _suggest(name: Any, known: Any) -> str:
    # difflib's time grows with the names' total length: no suggestion among very many.
    if not isinstance(name, str) or sum(map(len, known)) > 100_000:
        return ""
    return did_you_mean(name, known)


def _child(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z_]\w*", key, re.ASCII):
        return f"{path}.{key}" if path else key
    return f"{path}[{key!r}]"


# -- files ---------------------------------------------------------------------------------------
class _Invalid:
    """A token json takes but the format refuses (NaN, Infinity, 1e999, a 5000-digit
    integer), parsed to this marker so that the checks can name its key."""

    def __init__(self, text: str) -> None:
        self.text = text if len(text) <= 24 else f"{text[:20]}... ({len(text)} characters)"


def _parse_float(text: str) -> float | _Invalid:
    value = float(text)
    return value if math.isfinite(value) else _Invalid(text)


def _parse_int(text: str) -> int | _Invalid:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (4300 by default)
        return _Invalid(text)


def _parse_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) < len(pairs):  # json would silently keep the last of a repeated key
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Problem(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return obj


def _parse(data: bytes) -> Any:
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")  # tolerate a byte-order mark
    except UnicodeDecodeError as e:
        raise _Problem(f"not UTF-8 text (byte {e.start}: {data[e.start:e.end]!r})") from None
    if not text.strip():
        raise _Problem("the file is empty")
    try:
        return json.loads(text, parse_float=_parse_float, parse_int=_parse_int,
                          parse_constant=_Invalid, object_pairs_hook=_parse_object)
    except json.JSONDecodeError as e:
        raise _Problem(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise _Problem("not a network file: nested too deeply") from None


def _check_training_numbers(doc: dict) -> None:
    stack = [(doc["training"], "training")] if "training" in doc else []
    while stack:  # its reader checks the rest; no NaN or 1e999 may reach it
        value, path = stack.pop()
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(item, (dict, list)):
                stack.append((item, _child(path, key)))
            elif isinstance(item, _Invalid):
                raise _Problem(f"{item.text} is not a finite number", _child(path, key))


def _file_name(path: Any) -> str:
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise ArgumentTypeError(f"a file path must be a string or a pathlib.Path, not "
                                f"{type(path).__name__} {path!r}")
    return os.fsdecode(path)


def _read(path: str | os.PathLike) -> tuple[dict, tuple[list[str], list[_Entry]], str]:
    file = _file_name(path)
    try:
        data = Path(file).read_bytes()
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        raise FileAccessError(f"cannot read it: {getattr(e, 'strerror', None) or e}",
                              file) from e
    try:
        doc = _parse(data)
        plan = _check_document(doc)
        _check_training_numbers(doc)
    except _Problem as p:
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


def load(path: str | os.PathLike) -> Network:
    """Read a network saved by :func:`save`.

    Raises
    ------
    FileAccessError
        When the file cannot be read (missing, a directory, ...).
    FileFormatError
        When it is not a valid ``neurons.network`` document; the message names the key.
    """
    _, plan, file = _read(path)
    return _build(*plan, file)


def save(net: Network, path: str | os.PathLike) -> Path:
    """Write the network to ``path`` atomically (see :func:`write_document`); return the path.

    Raises
    ------
    ParameterError
        For an activation of the user's own (nothing is written).
    FileAccessError
        When the file cannot be written; an existing file is left as it was.
    """
    return write_document(path, to_dict(net))


def write_document(path: str | os.PathLike, doc: dict[str, Any]) -> Path:
    """Write ``doc`` as JSON to ``path`` atomically, and return the path.

    The whole text is made first, written to a new file in the same folder,
    flushed to disk, and renamed over ``path``. On any error or interrupt the new
    file is removed: ``path`` holds its old content or the new one, never a part.
    A new file gets 0o666 less the umask; a replaced one keeps its permissions.
    """
    target = Path(_file_name(path))
    if not target.name:
        raise FileAccessError("cannot save it: not a file name", str(path))
    data = _encode(doc)
    tmp = None
    try:
        tmp, fd = _new_file(target)
        with open(fd, "wb") as f:
            if target.is_file():
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            _write_all(f, data)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename makes it the file
        os.replace(tmp, target)
    except BaseException as e:  # KeyboardInterrupt too
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if not isinstance(e, OSError):
            raise
        why = (f"the directory {str(target.parent)!r} does not exist"
               if not target.parent.is_dir() else "it is a directory" if target.is_dir()
               else e.strerror or str(e))
        raise FileAccessError(f"cannot save it: {why}", str(target)) from e
    try:  # make the rename durable too (POSIX; elsewhere the data is on disk anyway)
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
    return target


def _new_file(target: Path) -> tuple[Path, int]:
    # Beside the target, as os.replace is atomic only within one file system; os.open with
    # 0o666 lets the umask apply (mkstemp would make 0o600).
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                                | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue


def _write_all(f: Any, data: bytes) -> None:
    f.write(data)


def _encode(doc: dict[str, Any]) -> bytes:
    try:
        try:
            return _layout(doc, ascii_only=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate in a name: \\udxxx escapes read back
            return _layout(doc, ascii_only=True).encode("ascii")
    except (TypeError, ValueError) as e:  # NaN, or a value JSON has no type for
        raise ParameterError(f"the document cannot be written as JSON: {e}") from None


def _layout(doc: dict[str, Any], ascii_only: bool) -> str:
    """One top-level key per line, and one item per line inside a top-level list or object
    of containers (one neuron per line); deeper values stay on one line each, so that a
    neuron's 784 weights make one line, not 784."""
    def one_line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ascii_only, allow_nan=False)

    def block(value: Any) -> str:
        items = value.values() if isinstance(value, dict) else value
        if not isinstance(value, (dict, list)) or not any(
                isinstance(v, (dict, list)) for v in items):
            return one_line(value)
        if isinstance(value, dict):  # '"key": value', the key as json writes it
            return "{\n  " + ",\n  ".join(one_line({k: v})[1:-1] for k, v in value.items()) \
                + "\n }"
        return "[\n  " + ",\n  ".join(map(one_line, value)) + "\n ]"

    return "{\n" + ",\n".join(f" {one_line({k: 0})[1:-4]}: {block(v)}"
                              for k, v in doc.items()) + "\n}\n"
