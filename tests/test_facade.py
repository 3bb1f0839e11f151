"""``Network`` is a thin facade: each method shows its function's full signature and docstring,
and the classmethods build the class they are called on."""

from __future__ import annotations

import importlib
import inspect
import pydoc

import pytest

from neurons import Network, backprop, builders, initializers, io, proba
from neurons.compiled import update_from
from neurons.core import NetworkCore, new_network
from neurons.errors import ArgumentTypeError
from neurons.training import load_checkpoint, train

# neurons.explain is the function (the package exports it); its module by its full name.
explain, steps = (importlib.import_module(f"neurons.{m}") for m in ("explain", "steps"))
# Each facade method and the function it calls (the network is the function's first argument,
# except for the builders and readers, which make one).
CALLS = {
    "dense": builders.dense, "from_architecture": builders.from_architecture,
    "initialize": initializers.initialize, "forward_trace": backprop.forward_trace,
    "predict": backprop.predict, "predict_proba": proba.predict_proba,
    "loss": backprop.loss_value, "gradients": backprop.gradients,
    "input_gradients": backprop.input_gradients, "explain": explain.explain,
    "steps": steps.steps, "update_from": update_from, "train": train, "save": io.save,
    "load": io.load, "to_dict": io.to_dict, "from_dict": io.from_dict,
}
MAKERS = {"dense", "from_architecture", "load", "from_dict"}


def parameters(function, drop_first: bool) -> list[tuple[str, object, object]]:
    params = list(inspect.signature(function).parameters.values())
    if drop_first:
        params = params[1:]
    return [(p.name, p.kind, p.default) for p in params if p.name not in ("cls", "file")]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_method_has_its_functions_signature_and_docstring(name):
    method, function = getattr(Network, name), CALLS[name]
    # A classmethod is bound already (no cls); an instance method still has self.
    mine = parameters(method, drop_first=name not in MAKERS)
    theirs = parameters(function, drop_first=name not in MAKERS)
    assert mine == theirs
    assert method.__doc__ == function.__doc__ and "Examples" in method.__doc__


def test_train_shows_every_setting_in_its_signature_and_help():
    keywords = [p.name for p in inspect.signature(Network.train).parameters.values()
                if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert keywords == [p.name for p in inspect.signature(train).parameters.values()
                        if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert len(keywords) == 16 and {"epochs", "lr", "optimizer", "resume"} <= set(keywords)
    text = pydoc.render_doc(Network.train, renderer=pydoc.plaintext)
    assert "Parameters" in text and "train_accuracy" in text and "epochs" in text


def test_no_public_method_hides_its_parameters():
    for name, member in inspect.getmembers(Network, callable):
        if name.startswith("_") or inspect.isclass(member):
            continue
        kinds = {p.kind for p in inspect.signature(member).parameters.values()}
        assert inspect.Parameter.VAR_KEYWORD not in kinds, name
        assert inspect.Parameter.VAR_POSITIONAL not in kinds, name


def test_a_misspelled_keyword_names_the_right_one():
    net = Network.dense([2, 1], seed=0)
    with pytest.raises(ArgumentTypeError, match="did you mean 'loss'"):
        net.gradients([[0.0, 0.0]], [1.0], los="mse")
    with pytest.raises(TypeError, match="missing 1 required"):
        net.gradients([[0.0, 0.0]])  # not a keyword: Python's own message


class Mine(Network):
    """A subclass a user might write."""


def test_classmethods_build_the_class_they_are_called_on(tmp_path):
    net = Mine.dense([2, 2, 1], seed=0)
    assert type(net) is Mine
    assert type(Mine.from_architecture([{"input_dim": 2, "output_dim": 1}], seed=0)) is Mine
    path = net.save(tmp_path / "net.json")
    assert type(Mine.load(path)) is Mine and type(Network.load(path)) is Network
    assert type(Mine.from_dict(net.to_dict())) is Mine
    assert Mine.load(path).parameters() == net.parameters()
    net.train([[0.0, 1.0]], [1.0], epochs=1, lr=0.1, checkpoint=tmp_path / "run.json")
    assert type(load_checkpoint(tmp_path / "run.json", cls=Mine).network) is Mine
    assert type(load_checkpoint(tmp_path / "run.json").network) is Network


def test_functions_build_a_network_by_default_and_a_core_when_asked():
    assert type(builders.dense([2, 1], seed=0)) is Network
    core = builders.dense([2, 1], seed=0, cls=NetworkCore)
    assert type(core) is NetworkCore and not hasattr(core, "train")
    # The algorithms take the core as it is.
    assert backprop.gradients(core, [[0.0, 1.0]], [1.0]) == Network.dense(
        [2, 1], seed=0).gradients([[0.0, 1.0]], [1.0])
    with pytest.raises(ArgumentTypeError, match="subclass of NetworkCore"):
        new_network(dict)
