"""PyTorch as an oracle, and moving networks to PyTorch and back (neurons.torch).

PyTorch's autograd knows nothing of neurons, deltas or graphs: when both of the
library's paths give the outputs and gradients autograd gives, to 1e-12 of the largest
of their kind, the backpropagation is right. The conventions differ in places, noted
where they matter:

* mse: ``F.mse_loss`` (mean over samples *and* outputs), as ours.
* binary_cross_entropy on sigmoid outputs: ``F.binary_cross_entropy_with_logits`` on the
  output neurons' z. Ours works from z too (value y softplus(-z) + (1 - y) softplus(z),
  delta (a - y) / n); ``BCELoss`` on the probabilities clamps p (1 - p) at 1e-12 and
  log p at -100, so it differs on saturated outputs.
* softmax_cross_entropy: ``F.cross_entropy`` on the identity scores with class indices
  (mean over samples), as ours.

Optimizers, ours against ``torch.optim`` (full batch, constant learning rate):

==========  ===============================  ============================================
ours        update                           torch.optim, same steps
==========  ===============================  ============================================
sgd         w -= lr g                        SGD(lr)
momentum    v = mu v - lr g; w += v          SGD(lr, momentum=mu): b = mu b + g;
                                             w -= lr b. Same, v = -lr b (a changing lr
                                             would make them differ).
nesterov    v = mu v - lr g;                 SGD(lr, momentum=mu, nesterov=True):
            w += mu v - lr g                 b = mu b + g; w -= lr (g + mu b). Same,
                                             v = -lr b.
adagrad     G += g^2;                        Adagrad(lr, eps=1e-8): torch's default eps is
            w -= lr g / (sqrt(G) + eps)      1e-10, ours 1e-8; initial_accumulator_value=0
                                             and lr_decay=0 (torch's defaults) match ours.
rmsprop     E = rho E + (1 - rho) g^2;       RMSprop(lr, alpha=rho, eps=1e-8): torch's
            w -= lr g / (sqrt(E) + eps)      default alpha is 0.99, our rho 0.9.
adam        bias-corrected m, v;             Adam(lr, betas=(beta1, beta2), eps): the same
            w -= lr m^ / (sqrt(v^) + eps)    defaults (0.9, 0.999, 1e-8), passed anyway.
==========  ===============================  ============================================
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurons import (
    ArgumentTypeError,
    Network,
    NetworkStructureError,
    NeuronsError,
    ParameterError,
    ShapeError,
    activations,
    backprop,
    losses,
    optimizers,
)

from .helpers import snapshot
from .strategies import data_for, networks

torch = pytest.importorskip("torch")
from neurons import torch as nt  # noqa: E402  (only with PyTorch installed)

nn = torch.nn
F = torch.nn.functional
torch.set_num_threads(2)

F64 = torch.float64
ACTIVATIONS = [*activations.names(), "mixed"]  # "mixed": every hidden neuron its own


def tensor(a, **kwargs):
    return torch.tensor(np.asarray(a, dtype=float), dtype=F64, **kwargs)


def relative(ours, reference):
    """max |ours - reference| / max |reference|, as neurons.compare measures."""
    ours, reference = np.asarray(ours, dtype=float), np.asarray(reference, dtype=float)
    diff = float(np.abs(ours - reference).max(initial=0.0))
    if diff == 0.0:
        return 0.0
    return diff / float(np.abs(reference).max())


def relative_named(ours, reference):
    assert list(ours) == list(reference)
    return relative(list(ours.values()), list(reference.values()))


def with_activations(net, change):
    """A copy of ``net`` (same names, wiring, values) with some neurons' activations changed."""
    doc = net.to_dict()
    for entry in doc["neurons"]:
        if entry["name"] in change:
            entry["activation"] = change[entry["name"]]
    return Network.from_dict(doc)


def torch_loss(loss, out, Y):
    if loss == "softmax_cross_entropy":
        return F.cross_entropy(out, torch.as_tensor(np.asarray(Y), dtype=torch.long))
    if loss == "binary_cross_entropy":  # out are the sigmoid outputs' z here, see autograd()
        return F.binary_cross_entropy_with_logits(out, tensor(Y).reshape(out.shape))
    if loss == "mse":
        return F.mse_loss(out, tensor(Y).reshape(out.shape))
    # The textbooks' squared errors: half or not, mean or sum over the samples.
    squares = F.mse_loss(out, tensor(Y).reshape(out.shape), reduction="sum")
    half = 0.5 if loss.startswith("quadratic") else 1.0
    return half * squares / (1 if loss.endswith("_sum") else out.shape[0])


def autograd(net, X, Y, loss):
    """Outputs, dL/dparam by name and dL/dX, from PyTorch's autograd."""
    if loss == "binary_cross_entropy":  # train on the logits: same wiring, identity outputs
        module = nt.to_torch(with_activations(net, dict.fromkeys(net.outputs, "identity")))
    else:
        module = nt.to_torch(net)
    x = tensor(X, requires_grad=True)
    out = module(x)
    torch_loss(loss, out, Y).backward()
    if loss == "binary_cross_entropy":
        out = torch.sigmoid(out)
    return out.detach().numpy(), module.neuron_gradients(), x.grad.numpy()


def oracle(net, X, Y, loss, reference=None):
    """The largest relative difference of each kind between both neurons paths and PyTorch.

    ``reference`` (a network with the same wiring and values) gives PyTorch its function;
    by default ``net`` itself.
    """
    out, grads, dX = autograd(reference or net, X, Y, loss)
    fast = net.compile()
    return {
        "outputs (per-neuron)": relative(net.predict(X), out),
        "outputs (vectorized)": relative(fast.forward(X), out),
        "gradients (per-neuron)": relative_named(net.gradients(X, Y, loss), grads),
        "gradients (vectorized)": relative_named(fast.gradients(X, Y, loss), grads),
        "input gradients (per-neuron)": relative(net.input_gradients(X, Y, loss), dX),
        "input gradients (vectorized)": relative(fast.input_gradients(X, Y, loss), dX),
    }


EPS = np.finfo(float).eps


def derivative_condition(net, X):
    """How much an activation whose derivative is written in its value (tanh: 1 - a^2,
    sigmoid: a (1 - a)) amplifies a unit of rounding in a: the largest relative condition
    |a g'(a) / g(a)| of g(a) = f'(z) over the neurons and samples, at least 1. NumPy and
    PyTorch may round tanh(z) one unit apart; near saturation, where 1 - a^2 = 1e-4, that
    unit is 2e4 units in f'(z), and in every gradient through the neuron."""
    kappa, h = 1.0, 1e-7
    for x in np.asarray(X, dtype=float).reshape(len(X), -1).tolist():
        trace = backprop.forward_sample(net, x)
        for neuron in net.neurons:
            z, a = trace.z[neuron.name], trace.a[neuron.name]
            g = float(neuron.activation.derivative(z, a))
            if g != 0.0 and a != 0.0:  # g(a) as the activation writes it, at a and a (1 + h)
                shifted = float(neuron.activation.derivative(z, a * (1 + h)))
                kappa = max(kappa, abs((shifted - g) / (h * g)))
    return kappa


def test_the_derivative_condition_of_tanh_is_2a2_over_1_minus_a2():
    net = Network()
    net.add_input("x1")
    net.add_neuron("o1", {"x1": 1.0}, bias=0.0, activation="tanh")
    a = np.tanh(3.0)
    assert derivative_condition(net, [[3.0]]) == pytest.approx(2 * a**2 / (1 - a**2), rel=1e-5)
    assert derivative_condition(net, [[0.01]]) == 1.0  # at least 1: no amplification


def draw_case(data, loss):
    activation = data.draw(st.sampled_from(ACTIVATIONS))
    out = "sigmoid" if loss == "binary_cross_entropy" else None
    net = data.draw(networks(activation, out, min_outputs=2 if "softmax" in loss else 1))
    X, Y = data.draw(data_for(net, loss))
    return net, X, Y


# -- the oracle -------------------------------------------------------------------------------
@pytest.mark.parametrize("loss", losses.names())
@given(data=st.data())
def test_both_paths_agree_with_pytorch_autograd_to_1e_12(loss, data):
    """Missing and skip edges, biases or not, every activation and mixed ones, 1-6 samples."""
    net, X, Y = draw_case(data, loss)
    worst = oracle(net, X, Y, loss)
    # 1e-12, and a few units of rounding in any a as far as f'(z) amplifies them
    assert max(worst.values()) <= 1e-12 + 4 * EPS * derivative_condition(net, X), worst


def skip_net(activation="tanh", output="identity"):
    """Missing edges, a skip connection, neurons without a bias, mixed activations in a
    layer, and an output (o2) that sits in layer 1, before the last layer."""
    net = Network()
    for x in ("x1", "x2", "x3"):
        net.add_input(x)
    net.add_neuron("h1", {"x1": 0.3, "x2": -0.8}, bias=0.1, activation=activation)
    net.add_neuron("h2", {"x2": 0.5, "x3": 0.9}, bias=None, activation="sigmoid")
    net.add_neuron("h3", {"x1": -0.4, "x3": 0.7}, bias=-0.2, activation="softplus")
    net.add_neuron("o1", {"h1": 1.1, "h2": -0.6, "x3": 0.25}, bias=0.05, activation=output)
    net.add_neuron("o2", {"x1": 0.6, "x2": -0.3}, bias=None, activation=output)
    net.add_neuron("o3", {"h2": 0.4, "h3": -0.9}, bias=0.3, activation=output)
    return net


@pytest.mark.parametrize("loss", losses.names())
def test_the_oracle_on_a_hand_wired_network(loss):
    out = "sigmoid" if loss == "binary_cross_entropy" else "identity"
    net = skip_net(output=out)
    assert net.layers == [["x1", "x2", "x3"], ["h1", "h2", "h3", "o2"], ["o1", "o3"]]
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 3))
    Y = rng.integers(0, 3, 7) if "softmax" in loss else rng.integers(0, 2, (7, 3)).astype(float)
    worst = oracle(net, X, Y, loss)
    assert max(worst.values()) <= 1e-12, worst


class WrongSigmoid(activations.Sigmoid):
    """A sigmoid whose derivative is 0.1% too large: a bug the oracle must see."""

    def derivative(self, z, a):
        return 1.001 * super().derivative(z, a)


def test_the_oracle_catches_a_derivative_that_is_a_little_wrong():
    right = Network.dense([2, 3, 2], seed=0)
    wrong = Network()  # the same network, but h2 has a fresh, wrong activation object
    for x in right.inputs:
        wrong.add_input(x)
    for n in right.neurons:
        act = WrongSigmoid() if n.name == "h2" else n.activation
        wrong.add_neuron(n.name, list(n.inputs), weights=n.weights, bias=n.bias, activation=act)
    assert wrong.parameters() == right.parameters()
    assert activations.get("sigmoid").derivative(0.0, 0.5) == 0.25  # the registry untouched
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))

    assert max(oracle(right, X, Y, "mse").values()) <= 1e-12
    worst = oracle(wrong, X, Y, "mse", reference=right)
    assert worst["outputs (per-neuron)"] <= 1e-12  # the values are right, ...
    assert worst["gradients (per-neuron)"] > 1e-6  # ... the gradients are not: caught
    assert worst["gradients (vectorized)"] > 1e-6
    assert worst["input gradients (per-neuron)"] > 1e-6
    with pytest.raises(ParameterError, match=r"'h2'.*WrongSigmoid"):
        nt.to_torch(wrong)  # no PyTorch twin for an activation it cannot vouch for


# -- training agreement -----------------------------------------------------------------------
TORCH_OPTIMIZERS = {  # ours (its defaults) -> torch.optim with the same settings, see the table
    "sgd": lambda p, lr: torch.optim.SGD(p, lr=lr),
    "momentum": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
    "nesterov": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True),
    "adagrad": lambda p, lr: torch.optim.Adagrad(p, lr=lr, eps=1e-8,
                                                 initial_accumulator_value=0.0, lr_decay=0.0),
    "rmsprop": lambda p, lr: torch.optim.RMSprop(p, lr=lr, alpha=0.9, eps=1e-8),
    "adam": lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.999), eps=1e-8),
}


def test_the_table_matches_our_defaults():
    assert optimizers.Momentum().mu == optimizers.Nesterov().mu == 0.9
    assert optimizers.Adagrad().eps == optimizers.RMSprop().eps == optimizers.Adam().eps == 1e-8
    assert optimizers.RMSprop().rho == 0.9
    assert (optimizers.Adam().beta1, optimizers.Adam().beta2) == (0.9, 0.999)


@pytest.mark.parametrize("path", ["vectorized", "neurons"])
@pytest.mark.parametrize("name", list(TORCH_OPTIMIZERS))
def test_five_steps_of_each_optimizer_agree_with_torch_optim(name, path):
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
    net = skip_net()
    module = nt.to_torch(net)
    lr = 0.1 if name in ("sgd", "momentum", "nesterov") else 0.01
    opt = TORCH_OPTIMIZERS[name](module.parameters(), lr)
    x, y = tensor(X), tensor(Y)
    for _ in range(5):
        opt.zero_grad()
        F.mse_loss(module(x), y).backward()
        opt.step()
    start = net.parameters()
    net.train(X, Y, epochs=5, lr=lr, optimizer=name, batch_size=None, shuffle=False,
              path=path, progress=False)
    assert relative_named(net.parameters(), module.neuron_parameters()) <= 1e-12
    moved = [abs(net.parameter(p) - v) for p, v in start.items()]
    assert max(moved) > 1e-3  # they did train


# -- the round trip ---------------------------------------------------------------------------
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize(("sizes", "activation", "output"), [
    ([2, 1], "sigmoid", None),
    ([2, 3, 1], "tanh", "sigmoid"),
    ([3, 4, 5, 2], "relu", "identity"),
    ([2, 3, 3, 3, 1], "softplus", None),
    ([4, 2, 3], activations.LeakyReLU(0.2), "identity"),
])
def test_dense_networks_go_to_pytorch_and_back(sizes, activation, output, bias):
    net = Network.dense(sizes, activation, output, seed=1, bias=bias)
    module = nt.to_torch(net)
    # An nn.Sequential's tensors: one weight per layer (targets x sources), one bias or none.
    expected = [f"weight_{t - 1}_{t}" for t in range(1, len(sizes))]
    if bias:
        expected = [n for t, w in enumerate(expected, start=1) for n in (w, f"bias_{t}")]
    assert [n for n, _ in module.named_parameters()] == expected
    assert list(module.buffers()) == []  # nothing is masked in a dense network
    back = nt.from_torch(module)
    assert back.to_dict() == net.to_dict()  # names, wiring, activations, values
    X = np.random.default_rng(0).normal(size=(6, sizes[0]))
    assert relative(back.predict(X), module(tensor(X)).detach().numpy()) <= 1e-12
    assert relative(back.compile().forward(X), net.predict(X)) <= 1e-12


def sequential_for(net):
    """The nn.Sequential a PyTorch user would write for a dense network."""
    mods = []
    layers = net.layers
    for t in range(1, len(layers)):
        first = net.neuron(layers[t][0])
        linear = nn.Linear(len(layers[t - 1]), len(layers[t]), bias=first.has_bias, dtype=F64)
        with torch.no_grad():
            linear.weight.copy_(tensor([net.neuron(n).weights for n in layers[t]]))
            if first.has_bias:
                linear.bias.copy_(tensor([net.neuron(n).bias for n in layers[t]]))
        mods.append(linear)
        act = first.activation
        mods += {"sigmoid": [nn.Sigmoid()], "tanh": [nn.Tanh()], "relu": [nn.ReLU()],
                 "identity": [], "softplus": [nn.Softplus()],
                 "leaky_relu": [nn.LeakyReLU(act.params.get("slope"))]}[act.name]
    return nn.Sequential(*mods)


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize(("sizes", "activation"), [
    ([2, 1], "sigmoid"), ([2, 3, 1], "tanh"), ([3, 4, 5, 2], "relu"),
    ([2, 3, 2], activations.LeakyReLU(0.3)), ([2, 2, 2, 2, 1], "identity"),
])
def test_a_sequential_becomes_the_network_dense_would_build(sizes, activation, bias):
    net = Network.dense(sizes, activation, seed=2, bias=bias)
    seq = sequential_for(net)
    built = nt.from_torch(seq)
    assert built.to_dict() == net.to_dict()  # x1.., h1.. or h1_1.., o1.., and w1.., b1..
    # ... and to_torch gives the Sequential's own tensors back
    module = nt.to_torch(built)
    assert [torch.equal(a, b) for a, b in zip(module.parameters(), seq.parameters())] == [
        True] * len(list(seq.parameters()))
    X = np.random.default_rng(0).normal(size=(5, sizes[0]))
    assert relative(built.predict(X), seq(tensor(X)).detach().numpy()) <= 1e-12
    other = Network.dense(sizes, activation, seed=3, bias=bias)
    nt.update_from_torch(other, seq)  # a dense network takes a Sequential's values too
    assert other.parameters() == net.parameters()


def test_a_linear_without_activation_is_identity_and_float32_works():
    seq = nn.Sequential(nn.Linear(3, 4), nn.Softplus(), nn.Linear(4, 2))  # float32
    net = nt.from_torch(seq)
    assert [n.activation.name for n in net.neurons] == ["softplus"] * 4 + ["identity"] * 2
    X = np.random.default_rng(0).normal(size=(5, 3))
    # nn.Softplus returns z above 20: here |z| is small, and float32 rounds at 1e-7
    assert relative(net.predict(X), seq(torch.tensor(X, dtype=torch.float32)).detach()) < 1e-6
    module = nt.to_torch(net, dtype=torch.float32)
    assert module.weight_0_1.dtype == torch.float32
    assert torch.equal(module.weight_0_1, seq[0].weight)


@given(data=st.data())
def test_every_network_comes_back_from_pytorch_as_it_was(data):
    """Skip and missing edges, neurons without a bias, mixed activations."""
    net = data.draw(networks(data.draw(st.sampled_from(ACTIVATIONS))))
    module = nt.to_torch(net)
    back = nt.from_torch(module)
    assert back.to_dict() == net.to_dict()
    assert snapshot(back) == snapshot(net)
    X = np.random.default_rng(0).normal(size=(4, len(net.inputs)))
    assert relative(back.predict(X), module(tensor(X)).detach().numpy()) <= 1e-12


def masked_places(module):
    """(tensor name, index) of every masked entry."""
    places = []
    for name, mask in module.named_buffers():
        tensor_name = name.replace("bias_mask", "bias").replace("mask", "weight")
        places += [(tensor_name, tuple(i.tolist())) for i in (mask == 0).nonzero()]
    return places


def test_absent_connections_stay_absent_through_pytorch_training_and_back():
    net = skip_net()
    names_before = list(net.parameters())
    module = nt.to_torch(net)
    places = masked_places(module)
    assert ("weight_0_1", (0, 2)) in places  # h1 does not read x3
    assert ("bias_1", (1,)) in places  # h2 has no bias
    assert ("weight_0_2", (0, 0)) in places  # o1 reads x3 (a skip connection), not x1
    rng = np.random.default_rng(4)
    x, y = tensor(rng.normal(size=(10, 3))), tensor(rng.normal(size=(10, 3)))
    opt = torch.optim.SGD(module.parameters(), lr=0.1)
    for _ in range(100):
        opt.zero_grad()
        F.mse_loss(module(x), y).backward()
        opt.step()
    for name, index in places:
        assert getattr(module, name)[index].item() == 0.0, (name, index)
        assert getattr(module, name).grad[index].item() == 0.0
    start = net.parameters()
    nt.update_from_torch(net, module)
    assert list(net.parameters()) == names_before
    assert not net.graph.has_edge("x3", "h1") and not net.graph.has_edge("x1", "o1")
    assert not net.neuron("h2").has_bias
    assert net.parameters() == module.neuron_parameters() != start
    out = module(x).detach().numpy()
    assert relative(net.predict(x.numpy()), out) <= 1e-12
    assert relative(net.compile().forward(x.numpy()), out) <= 1e-12


def test_gradients_and_values_by_the_networks_names():
    net = Network.dense([2, 2, 1])
    net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)} | {"b1": 0, "b2": 0, "b3": 0})
    module = nt.to_torch(net)
    assert module.neuron_gradients() == dict.fromkeys(net.parameters(), 0.0)
    F.mse_loss(module(tensor([[-2, -1]])), tensor([[1]])).backward()
    assert round(module.neuron_gradients()["w1"], 4) == 0.0215  # the classic dL/dw1
    assert module.neuron_parameters() == net.parameters()


# -- refusals ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("modules", "error", "index", "named"), [
    ([nn.Linear(4, 3), nn.ReLU(), nn.Conv2d(1, 2, 3)], NetworkStructureError, 2, "Conv2d"),
    ([nn.Linear(2, 3), nn.Dropout(0.5), nn.Linear(3, 1)], NetworkStructureError, 1, "Dropout"),
    ([nn.Linear(2, 3), nn.BatchNorm1d(3)], NetworkStructureError, 1, "BatchNorm1d"),
    ([nn.Linear(2, 3), nn.Softplus(beta=2)], ParameterError, 1, "Softplus(beta=2"),
    ([nn.Linear(2, 3), nn.Softplus(threshold=5)], ParameterError, 1, "Softplus"),
    ([nn.Linear(2, 3), nn.ELU()], NetworkStructureError, 1, "ELU"),
    ([nn.Linear(2, 3), nn.Sequential(nn.Linear(3, 1))], NetworkStructureError, 1, "Sequential"),
    ([nn.Linear(2, 3), nn.Tanh(), nn.Linear(4, 1)], ShapeError, 2, "Linear(in_features=4"),
    ([nn.ReLU(), nn.Linear(2, 1)], NetworkStructureError, 0, "ReLU"),
    ([nn.Linear(2, 3), nn.ReLU(), nn.Sigmoid()], NetworkStructureError, 2, "Sigmoid"),
])
def test_from_torch_refuses_what_it_cannot_build_naming_the_module(modules, error, index, named):
    with pytest.raises(error) as caught:
        nt.from_torch(nn.Sequential(*modules))
    assert f"module [{index}]" in str(caught.value)
    assert named in str(caught.value)


def test_from_torch_refuses_other_modules_and_non_finite_weights():
    with pytest.raises(ArgumentTypeError, match="Linear"):
        nt.from_torch(nn.Linear(2, 1))  # a layer, not a Sequential
    with pytest.raises(ArgumentTypeError, match="list"):
        nt.from_torch([nn.Linear(2, 1)])
    with pytest.raises(NetworkStructureError, match="no Linear"):
        nt.from_torch(nn.Sequential())
    seq = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
    with torch.no_grad():
        seq[1].weight[0, 1] = float("nan")
    with pytest.raises(ParameterError, match=r"module \[1\].*weight\[0, 1\] = nan"):
        nt.from_torch(seq)
    module = nt.to_torch(Network.dense([2, 1], seed=0))
    with torch.no_grad():
        module.bias_1[0] = float("inf")
    with pytest.raises(ParameterError, match=r"bias_1\[0\] \(the network's b1\) is inf"):
        nt.from_torch(module)


def test_update_from_torch_refuses_another_wiring_and_leaves_the_network_unchanged():
    net = skip_net()
    module = nt.to_torch(net)
    cases = [
        (Network.dense([3, 4, 3], seed=0), "neuron 'h1' reads from"),
        (Network.dense([2, 2, 1], seed=0), "inputs"),
        (with_activations(net, {"h3": "tanh"}), "'h3' has the activation tanh"),
        (with_activations(net, {"h1": {"name": "leaky_relu", "slope": 0.2}}),
         r"leaky_relu\(slope=0.2\)"),
    ]
    grown = skip_net()
    grown.connect("x3", "h1", 0.5)  # the wiring changed after to_torch
    cases.append((grown, r"'h1' reads from \['x1', 'x2', 'x3'\] in the network"))
    for other, message in cases:
        before = snapshot(other)
        with pytest.raises(NetworkStructureError, match=message):
            nt.update_from_torch(other, module)
        assert snapshot(other) == before
    with pytest.raises(ArgumentTypeError):
        nt.update_from_torch(net, "module")


def test_to_torch_checks_its_arguments():
    with pytest.raises(NetworkStructureError, match="no neurons"):
        nt.to_torch(Network())
    with pytest.raises(ArgumentTypeError, match="dtype"):
        nt.to_torch(Network.dense([2, 1]), dtype=np.float64)
    with pytest.raises(ShapeError, match="3 inputs"):
        nt.to_torch(skip_net())(tensor([[1.0, 2.0]]))


def test_without_pytorch_the_functions_say_so(monkeypatch):
    monkeypatch.setattr(nt.base, "torch", None)  # the package's own reference, nothing shared
    for call in (lambda: nt.to_torch(Network.dense([2, 1])), lambda: nt.from_torch(None),
                 lambda: nt.update_from_torch(Network.dense([2, 1]), None)):
        with pytest.raises(nt.MissingDependencyError, match="pip install torch") as caught:
            call()
        assert isinstance(caught.value, NeuronsError) and isinstance(caught.value, ImportError)


def test_import_neurons_does_not_import_torch():
    code = ("import sys, neurons, neurons.compiled, neurons.training; "
            "assert 'torch' not in sys.modules and 'neurons.torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
