"""Saving and loading networks (neurons.io): round trips, refused files, atomic writes."""

from __future__ import annotations

import copy
import json
import math
import os
import re
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurons import Network, activations, io
from neurons.activations import LeakyReLU, Sigmoid
from neurons.errors import (
    ArgumentTypeError,
    DivergenceError,
    FileFormatError,
    NeuronsError,
    ParameterError,
)

from .helpers import classic_221, snapshot
from .strategies import data_for, networks


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("io")


def bits(values) -> list[int]:
    """Floats as their 64-bit patterns: equal lists mean equal to the last bit, -0.0 included."""
    return np.array(list(values), dtype=np.float64).view(np.uint64).tolist()


# -- networks with everything the format has to keep ---------------------------------------------
def renamed(net: Network, names: list[str], acts: list) -> Network:
    """A copy of ``net`` (whose neurons read only from earlier nodes) with new node names and,
    where ``acts`` has one, a new activation."""
    new = dict(zip([*net.inputs, *(n.name for n in net.neurons)], names))
    copy_ = Network()
    for x in net.inputs:
        copy_.add_input(new[x])
    for n, act in zip(net.neurons, acts):
        copy_.add_neuron(new[n.name], [new[s] for s in n.inputs], weights=n.weights,
                         bias=n.bias, activation=act or n.activation)
    return copy_


def add_late_neurons(net: Network, seed: int, count: int) -> None:
    """Add neurons that feed neurons created before them (through connect), and chains of them.

    They read from inputs and earlier late neurons only, so no connection can close a cycle.
    """
    rng = np.random.default_rng(seed)
    targets = [n.name for n in net.neurons]
    late = []
    for i in range(count):
        name = f"late {i}"
        while name in net.graph:
            name += "'"
        pool = net.inputs + late
        sources = [s for s in pool if rng.random() < 0.5] or [pool[0]]
        net.add_neuron(name, sources, weights=rng.normal(size=len(sources)),
                       bias=None if rng.random() < 0.5 else float(rng.normal()),
                       activation=activations.names()[rng.integers(6)])
        net.connect(name, targets[rng.integers(len(targets))], float(rng.normal()))
        late.append(name)


activation_choices = st.one_of(
    st.none(), st.sampled_from(activations.names()),
    st.floats(-2, 2, allow_nan=False).map(LeakyReLU))  # -0.0 and non-default slopes too


@st.composite
def varied_networks(draw) -> Network:
    net = draw(networks(activation=draw(st.sampled_from(["mixed", "tanh", "leaky_relu"]))))
    if draw(st.booleans()):  # any unicode names, spaces and punctuation included
        n = len(net.inputs) + len(net.neurons)
        names = draw(st.lists(st.text(min_size=1, max_size=6), min_size=n, max_size=n,
                              unique=True))
        acts = draw(st.lists(activation_choices, min_size=n, max_size=n))
        net = renamed(net, names, acts)
    if draw(st.booleans()):
        add_late_neurons(net, draw(st.integers(0, 2**32 - 1)), draw(st.integers(1, 3)))
    return net


def assert_identical(a: Network, b: Network, X: np.ndarray) -> None:
    sa, sb = snapshot(a), snapshot(b)
    assert sa[0] == sb[0]  # nodes: layer, weights, bias, activation name, input order
    assert sorted(sa[1]) == sorted(sb[1])  # edges with weights (the graph's own order may differ)
    assert sa[2:] == sb[2:]  # parameters in order, layers, inputs, outputs
    assert bits(a.parameters().values()) == bits(b.parameters().values())
    assert bits(w for *_, w in sorted(a.graph.edges(data="weight"))) == \
        bits(w for *_, w in sorted(b.graph.edges(data="weight")))
    assert [n.activation for n in a.neurons] == [n.activation for n in b.neurons]
    assert [type(n.activation) for n in a.neurons] == [type(n.activation) for n in b.neurons]
    assert [bits(n.activation.params.values()) for n in a.neurons] == \
        [bits(n.activation.params.values()) for n in b.neurons]
    assert [n.has_bias for n in a.neurons] == [n.has_bias for n in b.neurons]
    assert bits(a.predict(X).ravel()) == bits(b.predict(X).ravel())
    assert bits(a.compile().forward(X).ravel()) == bits(b.compile().forward(X).ravel())


# -- 1. round trips -------------------------------------------------------------------------------
@given(net=varied_networks(), data=st.data(), trained=st.booleans())
def test_round_trip_is_bit_exact(net, data, trained, folder):
    X, Y = data.draw(data_for(net, "mse"))
    if trained:
        try:
            net.train(X, Y, epochs=3, lr=0.05, progress=False,
                      path=data.draw(st.sampled_from(["vectorized", "neurons"])))
        except DivergenceError:  # the network keeps finite values: still worth saving
            pass
    path = io.save(net, folder / "round trip.json")
    loaded = io.load(path)
    assert_identical(net, loaded, X)
    assert_identical(net, io.from_dict(io.to_dict(net)), X)
    assert io.to_dict(loaded) == io.to_dict(net)
    assert io.save(loaded, folder / "again.json").read_bytes() == path.read_bytes()


def test_round_trip_keeps_negative_zero_and_extreme_values(folder):
    net = Network()
    net.add_input("x")
    values = [-0.0, 5e-324, 1.7976931348623157e308, 0.1, -1 / 3]
    for i, v in enumerate(values):
        net.add_neuron(f"n{i}", {"x": v}, bias=-v, activation=LeakyReLU(-0.0))
    loaded = io.load(io.save(net, folder / "zero.json"))
    assert bits(loaded.parameters().values()) == bits(net.parameters().values())
    assert math.copysign(1.0, loaded.neuron("n0").activation.slope) == -1.0


def test_a_neuron_reading_from_a_neuron_created_later(folder):
    net = Network()
    net.add_input("x1")
    net.add_neuron("o1", {"x1": 0.5}, activation="identity")
    net.add_neuron("h1", {"x1": -1.0})
    net.connect("h1", "o1", 2.0)
    doc = io.to_dict(net)
    assert doc["neurons"][0]["inputs"] == ["x1", "h1"]
    loaded = io.load(io.save(net, folder / "later.json"))
    assert loaded.neuron("o1").inputs == ("x1", "h1")
    assert loaded.parameters() == net.parameters() == {"w1": 0.5, "w2": 2.0, "w3": -1.0,
                                                        "b1": 0.0, "b2": 0.0}
    assert loaded.layers == [["x1"], ["h1"], ["o1"]]


def test_hand_written_integers_are_numbers(folder):
    doc = _classic_doc()
    doc["neurons"][0]["weights"] = [10**300, -0]
    doc["neurons"][0]["bias"] = 2
    net = io.from_dict(doc)
    assert net.neuron("h1").weights.tolist() == [1e300, 0.0] and net.neuron("h1").bias == 2.0


def test_empty_networks_round_trip(folder):
    empty = io.load(io.save(Network(), folder / "empty.json"))
    assert (empty.inputs, empty.neurons) == ([], [])
    only_inputs = Network()
    only_inputs.add_input("x")
    assert io.load(io.save(only_inputs, folder / "inputs.json")).inputs == ["x"]


def test_a_name_with_a_lone_surrogate_round_trips(folder):
    net = Network()
    net.add_input("\ud800 x")
    net.add_neuron("é h", {"\ud800 x": 1.0})
    path = io.save(net, folder / "surrogate.json")
    path.read_bytes().decode("ascii")  # written with \\u escapes, still valid UTF-8 JSON
    assert io.load(path).neuron("é h").inputs == ("\ud800 x",)


def test_the_file_is_the_documented_layout(folder):
    net = classic_221(biases=(0.5, 0, 0))
    net.add_neuron("o2", {"h1": 1.5}, bias=None, activation=LeakyReLU(0.2))
    text = io.save(net, folder / "layout.json").read_text()
    assert text.splitlines()[:5] == ["{", ' "format": "neurons.network",', ' "version": 1,',
                                     ' "inputs": ["x1", "x2"],', ' "neurons": [']
    assert text.splitlines()[5] == ('  {"name": "h1", "activation": "sigmoid", "bias": 0.5, '
                                    '"inputs": ["x1", "x2"], "weights": [0.0, 1.0]},')
    assert ('{"name": "o2", "activation": {"name": "leaky_relu", "slope": 0.2}, "bias": null, '
            '"inputs": ["h1"], "weights": [1.5]}') in text
    assert len(text.splitlines()) == 5 + 4 + 2  # header, one line per neuron, closing lines


def test_documents_with_a_training_part(folder):
    doc = {**io.to_dict(classic_221()), "training": {"epoch": 3, "state": [[0.5, -0.0], []]}}
    path = io.write_document(folder / "checkpoint.json", doc)
    assert io.read_document(path) == doc
    assert io.load(path).parameters() == classic_221().parameters()


def test_activations_rebuild_from_name_and_params():
    for name in activations.names():
        act = activations.get(name)
        rebuilt = activations.from_params(act.name, act.params)
        assert rebuilt == act and (rebuilt is act or act.params)
    assert activations.from_params("leaky_relu", {"slope": 0.3}) == LeakyReLU(0.3)
    assert LeakyReLU(0.2).params == {"slope": 0.2} and Sigmoid().params == {}
    for bad in ({"slop": 1.0}, {"slope": True}, {"slope": math.nan}, {"slope": "0.2"}):
        with pytest.raises((ParameterError, ArgumentTypeError), match="slop"):
            activations.from_params("leaky_relu", bad)


# -- 2. fuzzing: any bytes give a Network or a NeuronsError, fast ----------------------------------
def _base_documents() -> list[dict]:
    late = classic_221()
    late.add_neuron("late", {"x2": 0.25}, bias=None, activation=LeakyReLU(0.3))
    late.connect("late", "h1", -0.5)
    named = renamed(classic_221(), ["x 1", "χ", "h1", "h²", "o"], ["tanh", None, None, None, None])
    return [io.to_dict(n) for n in (classic_221(), late, named)]


BASE_DOCUMENTS = _base_documents()
BASE_TEXTS = [io.files._encode(doc) for doc in BASE_DOCUMENTS]
SPECIAL = [b"[" * 100_000, b'{"a": ' * 50_000, b"1e999", b"-1e999", b"9" * 5000, b"NaN",
           b"-Infinity", b"", b"  ", b"\xff\xfe{", b"null", b"[]", b"{}", b'"x"', b"true",
           b"\xef\xbb\xbf{}", b'{"format": "neurons.network", "version": 1e999}',
           b'{"format": "neurons.network", "version": ' + b"9" * 5000 + b"}"]
TOKENS = [b"NaN", b"Infinity", b"1e999", b"9" * 5000, b"1" + b"0" * 400, b"true", b"null",
          b'"1"', b"[1]", b"{}", b"-0", b'"\\ud800"', b'"\\u0000"']
json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=4)
    | st.sampled_from(["x1", "h1", "o1", "sigmoid", "leaky_relu", "neurons.network"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=6)


def _slots(doc) -> list[tuple]:
    """Every (container, key) in a document, found without recursion."""
    found, stack = [], [doc]
    while stack:
        node = stack.pop()
        for key in (list(node) if isinstance(node, dict) else range(len(node))):
            found.append((node, key))
            if isinstance(node[key], (dict, list)):
                stack.append(node[key])
    return found


@st.composite
def mutated_documents(draw) -> dict:
    doc = copy.deepcopy(draw(st.sampled_from(BASE_DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(doc)
        container, key = draw(st.sampled_from(slots))
        op = draw(st.sampled_from(["drop", "replace", "swap", "add key", "copy name"]))
        if op == "drop":
            del container[key]
        elif op == "replace":
            container[key] = draw(json_values)
        elif op == "swap":
            other, key2 = draw(st.sampled_from(slots))
            container[key], other[key2] = other[key2], container[key]
        elif op == "add key" and isinstance(container, dict):
            container[draw(st.sampled_from(["nme", "training", "__class__", "bias"]))] = 1
        elif op == "copy name":  # duplicates, self loops, edges to later neurons, cycles
            neurons = doc.get("neurons") if isinstance(doc.get("neurons"), list) else []
            names = [n.get("name") for n in neurons if isinstance(n, dict)]
            container[key] = draw(st.sampled_from([*names, "x1", "zz"]))
        if not _slots(doc):
            break
    return doc


@st.composite
def mutated_texts(draw) -> bytes:
    text = draw(st.sampled_from(BASE_TEXTS))
    op = draw(st.sampled_from(["truncate", "insert", "overwrite", "token", "special"]))
    i = draw(st.integers(0, len(text)))
    if op == "truncate":
        return text[:i]
    if op == "insert":
        return text[:i] + draw(st.binary(min_size=1, max_size=8)) + text[i:]
    if op == "overwrite":
        return text[:i] + draw(st.binary(min_size=1, max_size=1)) + text[i + 1:]
    if op == "token":
        spans = [m.span() for m in re.finditer(rb'-?\d+\.\d+|"[^"]*"|null', text)]
        a, b = draw(st.sampled_from(spans))
        return text[:a] + draw(st.sampled_from(TOKENS)) + text[b:]
    return draw(st.sampled_from(SPECIAL))


def load_bytes(path, data: bytes) -> None:
    """Load ``data`` from a file: a Network or a NeuronsError, never anything else, within 1 s.

    The second is CPU time of this process (``process_time``), so a machine busy with other
    work cannot fail the test: it guards against a hang, not for speed.
    """
    path.write_bytes(data)
    start = time.process_time()
    try:
        assert isinstance(io.load(path), Network)
        assert isinstance(io.read_document(path), dict)
    except FileFormatError as e:
        assert e.file == str(path)
    assert time.process_time() - start < 1.0


@settings(max_examples=600)
@given(doc=mutated_documents())
def test_mutated_documents_load_or_raise_a_neurons_error(doc, folder):
    load_bytes(folder / "fuzz doc.json", json.dumps(doc, allow_nan=True).encode("utf-8",
                                                                              "surrogatepass"))
    try:
        io.from_dict(doc)
    except FileFormatError as e:
        assert e.file is None


@settings(max_examples=600)
@given(data=mutated_texts())
def test_mutated_bytes_load_or_raise_a_neurons_error(data, folder):
    load_bytes(folder / "fuzz text.json", data)


@pytest.mark.parametrize("data", SPECIAL, ids=range(len(SPECIAL)))
def test_special_payloads_are_refused(data, folder):
    path = folder / "special.json"
    path.write_bytes(data)
    start = time.process_time()
    with pytest.raises(FileFormatError):
        io.load(path)
    assert time.process_time() - start < 1.0


def test_a_large_file_is_checked_in_linear_time():
    names = [f"x{i}" for i in range(100_000)]
    doc = {**io.to_dict(Network()), "inputs": [*names, "x0"]}
    start = time.process_time()
    with pytest.raises(FileFormatError, match=r"inputs\[100000\].*'x0'"):
        io.from_dict(doc)
    doc = {**doc, "inputs": names, "neurons": [
        {"name": "h", "activation": "relu", "bias": 0.0, "inputs": [*names, "y"],
         "weights": [0.5] * 100_001}]}
    with pytest.raises(FileFormatError, match=r"neurons\[0\]\.inputs\[100000\].*'y'"):
        io.from_dict(doc)
    assert time.process_time() - start < 1.0


# -- 3. each refused document names its key and the offending value ------------------------------
def _edit(path: str, value):
    """An edit of classic_221's document (h1, h2, o1; h2 without bias; o1 leaky): set or
    delete (value ``...``) the item at ``path``, such as "neurons[1].bias"."""
    def edit(doc):
        *parents, last = re.findall(r"\w+|\[\d+\]", path)
        node = doc
        for part in parents:
            node = node[int(part[1:-1])] if part.startswith("[") else node[part]
        key = int(last[1:-1]) if last.startswith("[") else last
        if value is ...:
            del node[key]
        else:
            node[key] = value
    return edit


BAD = [  # (edit, key in the message, text in the message)
    (_edit("version", 2), "version", "newer version of neurons"),
    (_edit("version", 0), "version", "positive integer, not the number 0"),
    (_edit("version", True), "version", "not true"),
    (_edit("version", "1"), "version", "not the string '1'"),
    (_edit("version", ...), "version", "missing key"),
    (_edit("format", ...), "format", "missing key"),
    (_edit("format", "pickle"), "format", "'pickle'"),
    (_edit("neuron", []), "neuron", "did you mean 'neurons'"),
    (_edit("__class__", "os.system"), "__class__", "unknown key '__class__'"),
    (_edit("training", [1]), "training", "must be a JSON object, not a list"),
    (_edit("inputs", "x1"), "inputs", "must be a list, not the string 'x1'"),
    (_edit("inputs[1]", "x1"), "inputs[1]", "duplicate name 'x1'"),
    (_edit("inputs[1]", ""), "inputs[1]", "non-empty string"),
    (_edit("neurons", {}), "neurons", "must be a list, not an object"),
    (_edit("neurons[1]", "h2"), "neurons[1]", "must be a JSON object"),
    (_edit("neurons[1].bias", ...), "neurons[1].bias", "missing key"),
    (_edit("neurons[1].bias", "0"), "neurons[1].bias", "the string '0'"),
    (_edit("neurons[0].weight", [1]), "neurons[0].weight", "did you mean 'weights'"),
    (_edit("neurons[1].name", "x2"), "neurons[1].name", "duplicate name 'x2': inputs[1]"),
    (_edit("neurons[1].name", "h1"), "neurons[1].name", "neurons[0].name has it already"),
    (_edit("neurons[1].name", 7), "neurons[1].name", "not the number 7"),
    (_edit("neurons[0].inputs[1]", 3), "neurons[0].inputs[1]", "not the number 3"),
    (_edit("neurons[0].inputs[1]", "x1"), "neurons[0].inputs[1]", "'x1' is listed twice"),
    (_edit("neurons[2].inputs[1]", "h11"), "neurons[2].inputs[1]",
     "unknown node 'h11' (did you mean 'h1'?)"),
    (_edit("neurons[2].inputs[1]", "o1"), "neurons[2].inputs[1]", "'o1' reads from itself"),
    (_edit("neurons[0].inputs[0]", "h2"), "neurons[0].inputs[0]", "'h2', a neuron defined later"),
    (_edit("neurons[0].inputs[1]", "o1"), "neurons[", "cycle "),
    (_edit("neurons[0].inputs", []), "neurons[0].inputs", "at least one input"),
    (_edit("neurons[0].weights", [1.0]), "neurons[0].weights", "1 weights for 2 inputs"),
    (_edit("neurons[0].weights[1]", True), "neurons[0].weights[1]", "not true"),
    (_edit("neurons[0].weights[1]", None), "neurons[0].weights[1]", "not null"),
    (_edit("neurons[0].weights[1]", math.nan), "neurons[0].weights[1]", "not the number nan"),
    (_edit("neurons[0].weights[1]", 10**400), "neurons[0].weights[1]", "integer of 1329 bits"),
    (_edit("neurons[0].activation", "sigmod"), "neurons[0].activation",
     "unknown activation 'sigmod' (did you mean 'sigmoid'?)"),
    (_edit("neurons[0].activation", 3), "neurons[0].activation", "not the number 3"),
    (_edit("neurons[2].activation.slop", 0.2), "neurons[2].activation.slop",
     "did you mean 'slope'"),
    (_edit("neurons[2].activation.slope", "0.2"), "neurons[2].activation.slope",
     "the string '0.2'"),
    (_edit("neurons[2].activation.name", ...), "neurons[2].activation.name", "missing key"),
    (_edit("neurons[2].activation.name", "swish"), "neurons[2].activation.name",
     "unknown activation 'swish'"),
]


def _classic_doc() -> dict:
    net = classic_221()
    net.add_input("x3")  # unused inputs are fine
    doc = io.to_dict(net)
    doc["neurons"][1]["bias"] = None
    doc["neurons"][2]["activation"] = {"name": "leaky_relu", "slope": 0.2}
    return doc


def test_the_base_document_is_valid():
    net = io.from_dict(_classic_doc())
    assert net.neuron("o1").activation == LeakyReLU(0.2) and not net.neuron("h2").has_bias


@pytest.mark.parametrize(("edit", "key", "text"), BAD, ids=[f"{k}: {t}" for _, k, t in BAD])
def test_refused_documents_name_the_key_and_the_value(edit, key, text, folder):
    doc = _classic_doc()
    edit(doc)
    with pytest.raises(FileFormatError) as info:
        io.from_dict(doc, file="net.json")
    assert info.value.key.startswith(key) and info.value.file == "net.json"
    assert f"at {info.value.key}: " in str(info.value) and text in str(info.value)
    if not any(isinstance(v, float) and math.isnan(v) for v in _leaves(doc)):
        path = folder / "bad.json"
        path.write_text(json.dumps(doc))
        with pytest.raises(FileFormatError, match=re.escape(text)):
            io.load(path)


def _leaves(doc):
    return [c[k] for c, k in _slots(doc)]


def test_a_cycle_is_named_in_order():
    doc = _classic_doc()
    doc["neurons"][0]["inputs"][1] = "o1"
    with pytest.raises(FileFormatError, match=r"cycle (h1 -> o1 -> h1|o1 -> h1 -> o1);"):
        io.from_dict(doc)


@pytest.mark.parametrize(("text", "key", "message"), [
    (b"\xff{}", "", "not UTF-8 text (byte 0"),
    (b'{"format": }', "", "not valid JSON: Expecting value (line 1, column 12)"),
    (b"", "", "the file is empty"),
    (b"[" * 100_000, "", "nested too deeply"),
    (b'{"format": 1, "format": 2}', "", "the key 'format' appears twice"),
    (b"NaN", "", "the top level must be a JSON object, not NaN"),
    (b"WEIGHT=NaN", "neurons[0].weights[0]", "not NaN"),
    (b"WEIGHT=-Infinity", "neurons[0].weights[0]", "not -Infinity"),
    (b"WEIGHT=1e999", "neurons[0].weights[0]", "not 1e999"),
    (b"WEIGHT=" + b"9" * 5000, "neurons[0].weights[0]", "(5000 characters)"),
    (b"TRAINING=NaN", "training.state[1]", "NaN is not a finite number"),
], ids=lambda v: v[:20].decode("latin-1") if isinstance(v, bytes) else None)
def test_refused_files_say_where(text, key, message, folder):
    if text.startswith(b"WEIGHT="):
        text = BASE_TEXTS[0].replace(b"[0.0, 1.0]", b"[" + text[7:] + b", 1.0]", 1)
    elif text.startswith(b"TRAINING="):
        text = BASE_TEXTS[0][:-3] + b',\n "training": {"state": [1, ' + text[9:] + b"]}\n}"
    path = folder / "refused.json"
    path.write_bytes(text)
    for read in (io.load, io.read_document):
        with pytest.raises(FileFormatError) as info:
            read(path)
        assert info.value.key == key and message in str(info.value)
        assert str(info.value).startswith(f"file {str(path)!r}")


def test_unreadable_paths_name_the_file(folder):
    for path in (folder / "missing.json", folder):
        with pytest.raises(io.FileAccessError, match=re.escape(repr(str(path)))) as info:
            io.load(path)
        assert isinstance(info.value, NeuronsError) and isinstance(info.value, OSError)
        assert info.value.file == str(path)


def test_a_path_must_be_a_path_and_a_document_a_dict(folder):
    with pytest.raises(ArgumentTypeError, match="int 123"):
        io.load(123)
    with pytest.raises(ArgumentTypeError, match="int 123"):
        io.save(classic_221(), 123)
    with pytest.raises(ArgumentTypeError, match=r"use load\(\)"):
        io.from_dict(str(folder / "net.json"))
    with pytest.raises(ArgumentTypeError, match="must be a file name"):
        io.save(classic_221(), "")
    with pytest.raises(io.FileAccessError, match="not a file name"):
        io.save(classic_221(), "/")


# -- 4. saving: atomic, nothing written for a network that cannot be saved -----------------------
def test_an_own_activation_cannot_be_saved(folder):
    class Swish(Sigmoid):
        name = "swish"

    with pytest.raises(ParameterError, match="slope of leaky_relu must be finite"):
        LeakyReLU(math.nan)  # refused when made, so it never reaches a file
    for act in (Swish(),):
        net = classic_221()
        net.neuron("h2").activation = act
        with pytest.raises(ParameterError, match=rf"neuron 'h2'.*{re.escape(repr(act))}.*built-in"):
            io.save(net, folder / "own.json")
        assert not (folder / "own.json").exists()


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("error", [Interrupted, KeyboardInterrupt])
def test_an_interrupted_save_leaves_the_old_file(error, tmp_path, monkeypatch):
    path = io.save(classic_221(), tmp_path / "net.json")
    before = path.read_bytes()

    def half_then_fail(f, data):
        f.write(data[: len(data) // 2])
        raise error("stopped")

    monkeypatch.setattr(io.files, "_write_all", half_then_fail)
    with pytest.raises(error):
        io.save(Network.dense([3, 4, 2], seed=0), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.json"]


def test_saving_where_it_cannot_names_the_directory(tmp_path):
    with pytest.raises(io.FileAccessError, match=r"directory .*nowhere.* does not exist"):
        io.save(classic_221(), tmp_path / "nowhere" / "net.json")
    with pytest.raises(io.FileAccessError, match="is a directory"):
        io.save(classic_221(), tmp_path)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saved_files_get_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    path = io.save(classic_221(), tmp_path / "net.json")
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o600)
    io.save(classic_221(), path)
    assert path.stat().st_mode & 0o777 == 0o600


# -- 5. loading never runs code --------------------------------------------------------------------
def test_code_in_a_file_is_only_ever_data(folder):
    """The loader is json plus checks: no pickle, no eval, no import by name. Payloads that
    other formats would run are refused as plain format errors, or stay plain strings."""
    for payload in ('{"__class__": "os.system", "args": ["echo hi"]}',
                    '{"py/object": "os.system"}',
                    "!!python/object/apply:os.system ['echo hi']"):
        path = folder / "payload.json"
        path.write_text(payload)
        with pytest.raises(FileFormatError):
            io.load(path)
    doc = _classic_doc()
    doc["neurons"][0]["activation"] = "__import__('os').system('echo hi')"
    with pytest.raises(FileFormatError, match="unknown activation"):
        io.from_dict(doc)
    doc = _classic_doc()
    doc["inputs"][2] = "__import__('os').system('echo hi')"
    assert io.from_dict(doc).inputs[2] == "__import__('os').system('echo hi')"
