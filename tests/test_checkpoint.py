"""Checkpoints: split training equals one run, bit for bit, the second half in a new process."""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from neurons import (
    ArgumentTypeError,
    EarlyStopping,
    FileFormatError,
    Network,
    ParameterError,
    load_checkpoint,
)
from neurons.datasets import two_moons

from .helpers import snapshot

OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
CASES = [(opt, path, None) for opt in OPTIMIZERS for path in ("vectorized", "neurons")]
CASES += [("adam", "vectorized", "float32")]


def data():
    X, y = two_moons(40, noise=0.2, seed=0)
    return X, y


def fresh_net():
    return Network.dense([2, 4, 3, 1], activation="tanh", output_activation="sigmoid", seed=5)


def settings(optimizer, path, dtype):
    X, y = data()
    return dict(epochs=10, lr=0.05, loss="binary_cross_entropy", optimizer=optimizer,
                batch_size=8, shuffle=True, seed=7, path=path, dtype=dtype, l2=1e-3,
                validation=(X[:10], y[:10]), early_stopping=EarlyStopping(patience=50),
                progress=False)


def bits(params):
    return np.array(list(params.values())).view(np.uint64).tolist()


# The second half runs here, in a new Python process: nothing but the file carries the state.
RESUME = textwrap.dedent("""
    import json, sys
    from neurons import load_checkpoint
    from neurons.datasets import two_moons

    X, y = two_moons(40, noise=0.2, seed=0)
    out = {}
    for name, file in json.loads(sys.argv[1]).items():
        run = load_checkpoint(file)
        history = run.resume(X, y, epochs=10, validation=(X[:10], y[:10]), progress=False,
                             checkpoint=None)
        out[name] = {"params": run.network.parameters(), "loss": history.loss,
                     "val_loss": history.val_loss, "epochs": history.epochs}
    print(json.dumps(out))
""")


def test_split_training_in_a_new_process_equals_one_run(tmp_path):
    X, y = data()
    files, whole = {}, {}
    for optimizer, path, dtype in CASES:
        name = f"{optimizer}-{path}-{dtype}"
        one = fresh_net()
        h = one.train(X, y, **{**settings(optimizer, path, dtype), "epochs": 20})
        whole[name] = (one.parameters(), h)
        files[name] = str(tmp_path / f"{name}.json")
        fresh_net().train(X, y, **settings(optimizer, path, dtype), checkpoint=files[name])
    done = subprocess.run([sys.executable, "-c", RESUME, json.dumps(files)], check=True,
                          capture_output=True, text=True, timeout=120)
    resumed = json.loads(done.stdout)
    for name, (params, h) in whole.items():
        got = resumed[name]
        assert list(got["params"]) == list(params), name
        assert bits(got["params"]) == bits(params), name  # bit for bit, not approximately
        assert got["epochs"] == 20
        assert got["loss"] == h.loss and got["val_loss"] == h.val_loss, name


def test_the_checkpoint_holds_the_state_after_every_epoch(tmp_path):
    X, y = data()
    net = fresh_net()
    file = tmp_path / "run.json"
    h = net.train(X, y, epochs=3, lr=0.1, optimizer="adam", batch_size=10, seed=1,
                  checkpoint=file)
    run = load_checkpoint(file)
    assert run.epoch == 3 and run.history.loss == h.loss
    assert run.network.parameters() == net.parameters()
    assert run.optimizer_state["t"] == 3 * 4  # four batches of 10 per epoch
    assert len(run.optimizer_state["m"]) == len(net.parameters())
    assert run.settings["lr"] == 0.1 and run.settings["optimizer"].name == "adam"
    assert Network.load(file).parameters() == net.parameters()  # a checkpoint is a network too
    doc = json.loads(file.read_text())
    assert doc["training"]["settings"]["optimizer"] == {
        "name": "adam", "beta1": 0.9, "beta2": 0.999, "eps": 1e-08}


def test_resume_continues_the_file_and_counts_epochs_on(tmp_path):
    X, y = data()
    file = tmp_path / "run.json"
    fresh_net().train(X, y, epochs=2, lr=0.1, optimizer="momentum", seed=1, checkpoint=file)
    run = load_checkpoint(file)
    history = run.resume(X, y, epochs=3)
    assert history.epochs == run.epoch == 5  # the object moves on with the run
    assert load_checkpoint(file).epoch == 5  # resume goes on writing the same file
    one = fresh_net()
    one.train(X, y, epochs=7, lr=0.1, optimizer="momentum", seed=1)
    run.resume(X, y, epochs=2, checkpoint=None)  # resuming again continues from epoch 5
    assert bits(run.network.parameters()) == bits(one.parameters())
    with pytest.raises(ArgumentTypeError, match="did you mean 'epochs'"):
        run.resume(X, y, epochs=1, epoch=3)


def test_resume_refuses_another_network_or_optimizer(tmp_path):
    X, y = data()
    file = tmp_path / "run.json"
    fresh_net().train(X, y, epochs=1, lr=0.1, optimizer="adam", checkpoint=file)
    run = load_checkpoint(file)
    other = Network.dense([2, 3, 1], seed=0)
    before = snapshot(other)
    with pytest.raises(ParameterError, match=r"w1\.\.b4"):
        other.train(X, y, epochs=1, lr=0.1, optimizer="adam", resume=run)
    assert snapshot(other) == before
    with pytest.raises(ParameterError, match="'adam' optimizer"):
        run.resume(X, y, epochs=1, optimizer="sgd")


def test_train_resumes_from_a_file_with_the_settings_given(tmp_path):
    X, y = data()
    file = tmp_path / "run.json"
    fresh_net().train(X, y, epochs=2, lr=0.1, optimizer="rmsprop", seed=4, checkpoint=file)
    net = Network.load(file)
    history = net.train(X, y, epochs=3, lr=0.1, optimizer="rmsprop", resume=file)
    one = fresh_net()
    one.train(X, y, epochs=5, lr=0.1, optimizer="rmsprop", seed=4)
    assert history.epochs == 5 and bits(net.parameters()) == bits(one.parameters())
    with pytest.raises(ArgumentTypeError, match="resume takes a Checkpoint"):
        net.train(X, y, epochs=1, lr=0.1, resume=3)


def test_a_plain_save_is_not_a_checkpoint(tmp_path):
    file = fresh_net().save(tmp_path / "net.json")
    with pytest.raises(FileFormatError, match=r"Network\.load"):
        load_checkpoint(file)


@pytest.mark.parametrize(("where", "value", "key"), [
    (("epoch",), "3", "training.epoch"),
    (("optimizer_state", "m"), [0.0], "training.optimizer_state.m"),
    (("optimizer_state", "v", 2), "x", "training.optimizer_state.v[2]"),
    (("optimizer_state", "m", 0), 10**400, "training.optimizer_state.m[0]"),  # beyond a float
    (("rng", "state"), {"state": "no"}, "training.rng"),
    (("settings", "lr"), -1.0, "training.settings"),
    (("settings", "optimizer"), {"name": "adamm"}, "training.settings"),
    (("history", "loss", 0), None, "training.history.loss[0]"),
    (("surprise",), 1, "training.surprise"),
])
def test_a_bad_training_section_names_its_key(tmp_path, where, value, key):
    X, y = data()
    file = tmp_path / "run.json"
    fresh_net().train(X, y, epochs=1, lr=0.1, optimizer="adam", checkpoint=file)
    doc = json.loads(file.read_text())
    node = doc["training"]
    for k in where[:-1]:
        node = node[k]
    node[where[-1]] = value
    file.write_text(json.dumps(doc))
    with pytest.raises(FileFormatError) as info:
        load_checkpoint(file)
    assert info.value.key == key and key in str(info.value)
