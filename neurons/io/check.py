"""Checking a ``neurons.network`` document: every key, type, name and edge, before building.

The checks run in one pass over the lists, without recursion, so a file's size
costs linear time. The first problem raises :class:`Problem` with its key path
(``neurons[3].inputs[1]``); :mod:`neurons.io` turns it into a FileFormatError.
Version 1 is checked here; version 2 (shared parameters, fixed and max neurons,
grid layers) in :mod:`neurons.io.shared`, with the same helpers.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx

from .. import activations
from ..activations import Activation
from ..errors import UnknownNameError, did_you_mean

if TYPE_CHECKING:
    from ..grids import Grid
    from ..recurrence import Recurrence

__all__ = ["Entry", "Invalid", "Parameter", "Plan", "Problem", "check_header",
           "check_training_numbers", "check_version_1", "child_key", "describe", "is_number",
           "suggest"]

FORMAT = "neurons.network"
VERSION = 1  # a plain network's file (what the PyTorch bridge writes, too)
SHARED_VERSION = 2  # a file with shared parameters, fixed or max neurons, or grid layers
VERSIONS = (VERSION, SHARED_VERSION)  # the versions this library reads
_TOP_KEYS = ("format", "version", "inputs", "neurons")
_NEURON_KEYS = ("name", "activation", "bias", "inputs", "weights")


class Entry(NamedTuple):
    """One neuron of a checked document: a weight or the bias may name a shared parameter
    (version 2); ``fixed`` is True for a max neuron too."""

    name: str
    sources: list[str]
    weights: list[float | str]
    bias: float | str | None
    activation: Activation
    kind: str = "sum"
    fixed: bool = False


class Parameter(NamedTuple):
    """One shared parameter of a checked version-2 document, in table order."""

    name: str
    value: float
    role: str | None


class Plan(NamedTuple):
    """A checked document, ready to build: what :func:`check_version_1` and
    :func:`neurons.io.shared.check_shared` return.

    ``steps`` (version 2) is the build order: ``("parameter", p)``, ``("neuron", i, n)``
    (neuron i made with its first n inputs) and ``("grid", j, i)`` (grid j, whose first
    neuron is neuron i); ``later`` the connections ``(source, target, weight or shared
    name)`` made once all neurons exist; ``recurrences`` the records given back to the
    network once its neurons are built.
    """

    version: int
    inputs: list[str]
    entries: list[Entry]
    parameters: Sequence[Parameter] = ()
    grids: Sequence[Grid] = ()
    steps: Sequence[tuple] = ()
    later: Sequence[tuple[str, str, float | str]] = ()
    recurrences: Sequence[Recurrence] = ()


class Problem(Exception):
    """The first problem of a document: its message and key path."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.message, self.key = message, key


def check_header(doc: Any) -> int:
    """Check a parsed document's ``format`` and ``version`` (first: a newer file may have
    keys unknown here) and return the version; raise :class:`Problem`.
    ``neurons.io.check_document`` then checks the rest as that version says
    (:func:`check_version_1` or :func:`neurons.io.shared.check_shared`)."""
    if not isinstance(doc, dict):
        raise Problem(f"the top level must be a JSON object, not {describe(doc)}")
    for key in ("format", "version"):  # first: a newer file may have keys unknown here
        if key not in doc:
            raise Problem(f'missing key (a network file has "format": "{FORMAT}", '
                           f'"version": {VERSION})', key)
    if not isinstance(doc["format"], str) or doc["format"] != FORMAT:
        raise Problem(f"expected {FORMAT!r}, not {describe(doc['format'])}", "format")
    version = doc["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Problem(f"must be a positive integer, not {describe(version)}", "version")
    if version not in VERSIONS:
        raise Problem(f"format version {version} was made by a newer version of neurons "
                       f"(this one reads versions {' and '.join(map(str, VERSIONS))}); "
                       f"upgrade neurons", "version")
    return version


def check_version_1(doc: dict) -> Plan:
    """Check the rest of a version-1 document whole and return its :class:`Plan`."""
    _check_keys(doc, _TOP_KEYS, "", extra=("training",))
    if not isinstance(doc.get("training", {}), dict):
        raise Problem(f"must be a JSON object, not {describe(doc['training'])}", "training")
    known: dict[str, tuple[int, str]] = {}  # name -> (position, -1 for inputs; its key)
    inputs = [_new_name(x, f"inputs[{j}]", known, -1)
              for j, x in enumerate(_list(doc["inputs"], "inputs"))]
    entries = [_check_neuron(item, i, known)
               for i, item in enumerate(_list(doc["neurons"], "neurons"))]
    _check_edges(entries, known)
    return Plan(1, inputs, entries)


def _check_keys(obj: dict, required: tuple, path: str, extra: tuple = (),
                optional: tuple = ()) -> None:
    # ``extra`` keys are allowed silently (a checkpoint's training); ``optional`` ones are
    # named in the message and suggested.
    for key in obj:  # unknown keys first: a typo also makes a key missing
        if key not in required and key not in extra and key not in optional:
            also = f" (optional: {', '.join(optional)})" if optional else ""
            raise Problem(f"unknown key {key!r}{suggest(key, (*required, *optional))}; "
                           f"expected {', '.join(required)}{also}", child_key(path, key))
    for key in required:
        if key not in obj:
            raise Problem(f"missing key (expected {', '.join(required)})", child_key(path, key))


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise Problem(f"must be a list, not {describe(value)}", path)
    return value


def _new_name(name: Any, path: str, known: dict | set, position: int | None = None) -> str:
    if not isinstance(name, str) or not name:
        raise Problem(f"a name must be a non-empty string, not {describe(name)}", path)
    if isinstance(known, set):  # one neuron's sources
        if name in known:
            raise Problem(f"{name!r} is listed twice in this neuron's inputs", path)
        known.add(name)
    elif name in known:
        raise Problem(f"duplicate name {name!r}: {known[name][1]} has it already", path)
    else:
        known[name] = (position, path)
    return name


def _check_neuron(item: Any, i: int, known: dict) -> Entry:
    path = f"neurons[{i}]"
    if not isinstance(item, dict):
        raise Problem(f"a neuron must be a JSON object, not {describe(item)}", path)
    _check_keys(item, _NEURON_KEYS, path)
    name = _new_name(item["name"], f"{path}.name", known, i)
    activation = _check_activation(item["activation"], f"{path}.activation")
    bias = item["bias"]
    if bias is not None and not is_number(bias):
        raise Problem(f"must be a finite number or null (no bias), not {describe(bias)}",
                       f"{path}.bias")
    sources, weights = _inputs_and_weights(item, path, name)
    for j, w in enumerate(weights):
        if not is_number(w):
            raise Problem(f"a weight must be a finite number, not {describe(w)}",
                           f"{path}.weights[{j}]")
    # Floats from here on (a hand-written 3 is 3.0), so the check after building is exact.
    return Entry(name, sources, list(map(float, weights)), None if bias is None else float(bias),
                  activation)


def _inputs_and_weights(item: dict, path: str, name: str) -> tuple[list[str], list]:
    """A neuron's ``inputs`` (distinct names, at least one) and its ``weights`` list, one
    per input; the weights' values are the caller's to check (the versions differ)."""
    given = _list(item["inputs"], f"{path}.inputs")
    if all(s.__class__ is str and s for s in given) and len(set(given)) == len(given):
        sources = list(given)  # the usual case, checked at once
    else:  # find the first problem
        seen: set[str] = set()
        sources = [_new_name(s, f"{path}.inputs[{j}]", seen) for j, s in enumerate(given)]
    if not sources:
        raise Problem(f"neuron {name!r} needs at least one input", f"{path}.inputs")
    weights = _list(item["weights"], f"{path}.weights")
    if len(weights) != len(sources):
        raise Problem(f"{len(weights)} weights for {len(sources)} inputs of {name!r} (one "
                       f"per input, in input order)", f"{path}.weights")
    return sources, weights


def _check_activation(spec: Any, path: str) -> Activation:
    if not isinstance(spec, (str, dict)):
        raise Problem(f'must be a name such as "sigmoid" or an object such as {{"name": '
                       f'"leaky_relu", "slope": 0.2}}, not {describe(spec)}', path)
    if isinstance(spec, dict) and "name" not in spec:
        raise Problem('missing key (an activation object is {"name": ..., parameters})',
                       f"{path}.name")
    name, where = (spec["name"], f"{path}.name") if isinstance(spec, dict) else (spec, path)
    params = {k: v for k, v in spec.items() if k != "name"} if isinstance(spec, dict) else {}
    if not isinstance(name, str):
        raise Problem(f"an activation name must be a string, not {describe(name)}", where)
    try:
        base = activations.get(name)
    except UnknownNameError:
        raise Problem(f"unknown activation {name!r}{suggest(name, activations.names())}; "
                       f"known: {', '.join(activations.names())}", where) from None
    for key, value in params.items():
        if key not in base.params:
            raise Problem(f"activation {base.name!r} has no parameter {key!r}"
                           f"{suggest(key, base.params)}; its parameters: "
                           f"{', '.join(base.params) or 'none'}", child_key(path, key))
        if not is_number(value):
            raise Problem(f"must be a finite number, not {describe(value)}", child_key(path, key))
    return activations.from_params(base.name, params)


def _check_edges(entries: list[Entry], known: dict) -> None:
    forward = False  # an edge from a neuron further down the file (made by connect())
    for i, e in enumerate(entries):
        for j, s in enumerate(e.sources):
            path = f"neurons[{i}].inputs[{j}]"
            if s not in known:
                raise Problem(f"unknown node {s!r}{suggest(s, known)}: neither an input "
                               f"nor a neuron", path)
            if s == e.name:
                raise Problem(f"neuron {s!r} reads from itself", path)
            if known[s][0] > i and j == 0:
                raise Problem(f"the first input of {e.name!r} is {s!r}, a neuron defined "
                               f"later; a first input must be an input or an earlier neuron", path)
            forward = forward or known[s][0] > i
    if forward:  # without forward edges all edges go down the file: no cycle is possible
        graph = nx.DiGraph((s, e.name) for e in entries for s in e.sources)
        if not nx.is_directed_acyclic_graph(graph):
            _report_cycle(graph, entries, known)


def _report_cycle(graph: nx.DiGraph, entries: list[Entry], known: dict) -> None:
    # A walk inside a strongly connected component must come back to a node it has seen:
    # linear, and several times faster than nx.find_cycle on long cycles.
    part = next(c for c in nx.strongly_connected_components(graph) if len(c) > 1)
    node = min(part, key=lambda n: known[n][0])  # the same message every run
    seen: dict[str, int] = {}
    while node not in seen:
        seen[node] = len(seen)
        node = next(s for s in graph.successors(node) if s in part)
    cycle = list(seen)[seen[node]:]
    shown = cycle if len(cycle) <= 12 else [*cycle[:11], f"... ({len(cycle) - 11} more)"]
    source, target = next((s, t) for s, t in zip(cycle, cycle[1:] + cycle[:1])
                          if known[s][0] > known[t][0])  # the edge up the file
    i = known[target][0]
    raise Problem(f"the connections make the cycle {' -> '.join([*shown, cycle[0]])}; a "
                   f"feedforward network must be acyclic",
                   f"neurons[{i}].inputs[{entries[i].sources.index(source)}]")


def is_number(value: Any) -> bool:
    """Whether a parsed JSON value is a finite number that a float holds (not a bool)."""
    if isinstance(value, float):
        return math.isfinite(value)
    # JSON true is not 1; an integer beyond the float range would become inf.
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= _LARGEST


_LARGEST = int(sys.float_info.max)


def describe(value: Any) -> str:
    """A value as messages show it, in JSON's words: 'null', 'a list', "the string 'x'"."""
    if isinstance(value, Invalid):
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


def suggest(name: Any, known: Any) -> str:
    # difflib's time grows with the names' total length: no suggestion among very many.
    if not isinstance(name, str) or sum(map(len, known)) > 100_000:
        return ""
    return did_you_mean(name, known)


def child_key(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z_]\w*", key, re.ASCII):
        return f"{path}.{key}" if path else key
    return f"{path}[{key!r}]"


class Invalid:
    """A token json takes but the format refuses (NaN, Infinity, 1e999, a 5000-digit
    integer), parsed to this marker so that the checks can name its key."""

    def __init__(self, text: str) -> None:
        self.text = text if len(text) <= 24 else f"{text[:20]}... ({len(text)} characters)"


def check_training_numbers(doc: dict) -> None:
    stack = [(doc["training"], "training")] if "training" in doc else []
    while stack:  # its reader checks the rest; no NaN or 1e999 may reach it
        value, path = stack.pop()
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(item, (dict, list)):
                stack.append((item, child_key(path, key)))
            elif isinstance(item, Invalid):
                raise Problem(f"{item.text} is not a finite number", child_key(path, key))
