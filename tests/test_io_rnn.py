"""Saving and loading recurrent networks (issue 19): format version 2 keeps the recurrence.

A network built with ``add_recurrence`` (``Network.rnn``) is written with a ``"recurrences"``
list of the records, and loads with ``net.recurrences`` restored, bit for bit in its values
and outputs on both paths. Loading checks each record against the file (its parameters,
its neurons and their wiring) and names the key of the first thing that does not fit; a
version-2 file without the key loads as before.
"""

from __future__ import annotations

import copy
import re

import numpy as np
import pytest

from neurons import Network, io
from neurons.builders import from_architecture
from neurons.errors import FileFormatError
from neurons.recurrence import Recurrence


def bits(values) -> list[int]:
    return np.array(list(values), dtype=np.float64).view(np.uint64).tolist()


def assert_round_trip(net: Network, path) -> Network:
    """save -> load -> save: the same bytes, records, names, roles, values and outputs."""
    first = io.save(net, path).read_bytes()
    loaded = io.load(path)
    assert io.save(loaded, path).read_bytes() == first
    assert loaded.recurrences == net.recurrences
    assert list(loaded.parameter_names()) == list(net.parameter_names())
    assert bits(loaded.parameter_vector()) == bits(net.parameter_vector())
    assert loaded.shared_parameters.role == net.shared_parameters.role
    assert loaded.inputs == net.inputs and loaded.outputs == net.outputs
    assert [(n.name, n.inputs, n.shared, n.shared_bias, n.activation) for n in loaded.neurons] \
        == [(n.name, n.inputs, n.shared, n.shared_bias, n.activation) for n in net.neurons]
    X = np.random.default_rng(0).normal(size=(3, len(net.inputs)))
    assert bits(loaded.compile().forward(X).ravel()) == bits(net.compile().forward(X).ravel())
    assert bits(loaded.predict(X).ravel()) == bits(net.predict(X).ravel())
    # the vectorized path sees the same recurrence in both (a loop over time, where it has one)
    assert getattr(loaded.compile().layout, "recurrent", None) == getattr(
        net.compile().layout, "recurrent", None)
    return loaded


@pytest.mark.parametrize("outputs", ["each", "last"])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("steps", [1, 2, 5])
def test_rnns_round_trip_bit_for_bit(steps, activation, outputs, tmp_path):
    net = Network.rnn(2, 3, 2, steps=steps, activation=activation, outputs=outputs,
                      output_activation="sigmoid", seed=steps)
    rng = np.random.default_rng(steps)
    net.set_parameter_vector(rng.normal(size=net.n_parameters))
    doc = io.to_dict(net)
    assert doc["version"] == 2
    assert doc["recurrences"] == [{"name": "rnn", "n_inputs": 2, "n_hidden": 3, "n_outputs": 2,
                                   "steps": steps, "outputs": outputs}]
    assert_round_trip(net, tmp_path / "rnn.json")


def test_a_one_step_rnn_keeps_the_roles_of_its_unused_recurrent_weights(tmp_path):
    """With one step nothing reads the hidden state: w_hh is used by no neuron, yet it is a
    weight of the recurrence (add_recurrence gives it the role), and the file says so."""
    net = Network.rnn(1, 2, 1, steps=1, seed=0)
    assert net.parameter_uses("w_hh_1_1") == ()
    loaded = assert_round_trip(net, tmp_path / "one.json")
    assert loaded.shared_parameters.role["w_hh_2_2"] == "weight"


def test_a_trained_rnn_with_a_named_record_and_minus_zero_round_trips(tmp_path):
    net = Network()
    net.add_recurrence(Recurrence.elman(1, 2, 1, steps=4, outputs="last", name="encoder"),
                       W_xh=[[0.5], [-0.0]], W_hh=[[0.1, 0.2], [0.3, -0.4]], W_hy=[[1.0, -1.0]],
                       b_h=[-0.0, 0.1], activation="relu")
    X = np.linspace(-1, 1, 12).reshape(3, 4)
    net.train(X, [[0.5], [0.0], [-0.5]], epochs=3, lr=0.1, progress=False)
    net.set_parameters({"w_xh_2_1": -0.0})
    loaded = assert_round_trip(net, tmp_path / "trained.json")
    assert loaded.recurrences[0].name == "encoder"
    assert str(loaded.parameter("w_xh_2_1")) == "-0.0"


def test_a_truncated_rnn_keeps_its_truncation(tmp_path):
    net = Network.rnn(2, 2, 1, steps=4, seed=0, truncate=2)
    assert io.to_dict(net)["recurrences"][0]["truncate"] == 2
    assert assert_round_trip(net, tmp_path / "cut.json").recurrences[0].truncate == 2
    assert "truncate" not in io.to_dict(Network.rnn(2, 2, 1, steps=4))["recurrences"][0]


def test_a_network_changed_after_add_recurrence_keeps_its_record(tmp_path):
    """More inputs connected to the recurrence's neurons later, and other neurons after it:
    the record still holds (its neurons read what it says first), and stays."""
    net = Network.rnn(2, 2, 1, steps=3, seed=0)
    net.connect("x1_1", "h3_2", 0.25)
    net.add_parameter("k", 0.5)
    net.add_neuron("z", {"o3_1": "k", "h2_1": 1.5})
    assert_round_trip(net, tmp_path / "changed.json")


def test_files_without_recurrences_are_unchanged():
    assert "recurrences" not in io.to_dict(Network.dense([2, 2, 1], seed=0))
    cnn = from_architecture([{"type": "conv1d", "in_shape": (1, 5), "channels": 1,
                              "kernel": 2}], seed=0)
    assert list(io.to_dict(cnn)) == ["format", "version", "inputs", "parameters", "neurons",
                                     "grids"]


def test_a_version_2_file_of_an_rnn_without_the_key_still_loads():
    net = Network.rnn(2, 2, 1, steps=3, seed=0)
    doc = io.to_dict(net)
    del doc["recurrences"]
    loaded = io.from_dict(doc)
    assert loaded.recurrences == ()  # the neurons, not a record: computed as any others
    assert loaded.parameters() == net.parameters()
    X = np.random.default_rng(1).normal(size=(2, 6))
    assert bits(loaded.predict(X).ravel()) == bits(net.predict(X).ravel())
    assert np.abs(loaded.compile().forward(X) - net.predict(X)).max() <= 1e-15


# -- records that do not fit their file ---------------------------------------------------------
def rnn_doc(outputs="each"):
    return io.to_dict(Network.rnn(2, 3, 1, steps=4, outputs=outputs, seed=0))


def record(**changes):
    def change(doc):
        doc["recurrences"][0].update(changes)
    return change


def rename_parameter(old, new):
    def change(doc):
        for q in doc["parameters"]:
            if q["name"] == old:
                q["name"] = new
        for n in doc["neurons"]:
            n["weights"] = [new if w == old else w for w in n["weights"]]
    return change


def rewire(neuron, k, weight):
    def change(doc):
        entry = next(n for n in doc["neurons"] if n["name"] == neuron)
        entry["weights"][k] = weight
    return change


def set_role(name, role):
    def change(doc):
        next(q for q in doc["parameters"] if q["name"] == name)["role"] = role
    return change


REFUSED = [
    (record(steps=5), "recurrences[0].steps", "has the neuron 'h5_1', which the file does not "
                                              "have"),
    (record(steps=3), "recurrences[0].steps", "ends at step 3, but neurons[12], 'h4_1', goes "
                                              "on as its step 4 would"),
    (record(n_hidden=4), "recurrences[0].n_hidden", "has the parameter 'b_h_4', which the "
                                                    "file does not have"),
    (record(n_hidden=2), "recurrences[0]", "'w_hh_1_1' is parameters[6], but a recurrence's "
                                           "parameters are one run"),
    (record(n_inputs=3), "recurrences[0].n_inputs", "'w_xh_1_3', which the file does not "
                                                    "have"),
    (record(n_outputs=2), "recurrences[0].n_outputs", "'b_y_2', which the file does not have"),
    (record(outputs="last"), "recurrences[0].outputs", "so recurrence rnn (recurrences[0]: 2 "
                                                       "inputs, 3 hidden, 1 output per step, 4 "
                                                       "steps, outputs at the last step) has it "
                                                       "at neurons[3], which is 'o1_1'"),
    (rename_parameter("w_hh_2_1", "u_2_1"), "recurrences[0]",
     "has the parameter 'w_hh_2_1', which the file's parameters do not list"),
    (rewire("h3_2", 3, "w_hh_1_1"), "neurons[9].weights[3]",
     "says this weight is its shared 'w_hh_2_2', not the string 'w_hh_1_1'"),
    (set_role("w_hy_1_2", "bias"), "parameters[16].role", "'w_hy_1_2' is used as a weight"),
    (record(steps=True), "recurrences[0].steps", "must be a positive integer, not true"),
    (record(steps=2**40), "recurrences[0].steps", "is too large"),
    (record(outputs="every"), "recurrences[0].outputs", 'must be "each" or "last"'),
    (record(name=""), "recurrences[0].name", "must be a non-empty string"),
    (record(truncate=-1), "recurrences[0].truncate", "must be a count of steps from 0"),
    (record(truncate=True), "recurrences[0].truncate", "not true"),
    (record(truncate="2"), "recurrences[0].truncate", "not the string '2'"),
    (record(hidden=3), "recurrences[0].hidden", "unknown key 'hidden'"),
    (record(truncation=3), "recurrences[0].truncation", "unknown key 'truncation' (did you "
                                                        "mean 'truncate'?)"),
    (lambda doc: doc["recurrences"][0].pop("steps"), "recurrences[0].steps", "missing key"),
    (lambda doc: doc.update(recurrences={}), "recurrences", "must be a list"),
    (lambda doc: doc.update(recurrences=[3]), "recurrences[0]", "must be a JSON object"),
    (lambda doc: doc["recurrences"].append(dict(doc["recurrences"][0])), "recurrences[1]",
     "'w_xh_1_1' is a parameter of recurrence rnn already"),
]


@pytest.mark.parametrize(("change", "key", "text"), REFUSED)
def test_records_that_do_not_fit_the_file_are_refused_with_their_key(change, key, text,
                                                                     tmp_path):
    doc = rnn_doc()
    change(doc)
    with pytest.raises(FileFormatError, match=rf"at {re.escape(key)}: .*{re.escape(text)}"):
        io.from_dict(doc)
    path = io.write_document(tmp_path / "bad.json", doc)
    with pytest.raises(FileFormatError, match=re.escape(key)) as error:
        io.load(path)
    assert "bad.json" in str(error.value)


def test_a_record_of_outputs_at_each_step_for_a_file_with_the_last_only_is_refused():
    doc = rnn_doc("last")
    doc["recurrences"][0]["outputs"] = "each"
    with pytest.raises(FileFormatError, match=r"at recurrences\[0\]\.outputs: .*has the "
                                              r"neuron 'o1_1', but the file has no such node"):
        io.from_dict(doc)


def test_the_refusals_are_checked_against_a_valid_document():
    doc = rnn_doc()
    assert io.from_dict(copy.deepcopy(doc)).recurrences == (
        Recurrence.elman(2, 3, 1, steps=4),)
    record(name="renamed")(doc)  # a record's name is a label: any other loads too
    assert io.from_dict(doc).recurrences[0].name == "renamed"
