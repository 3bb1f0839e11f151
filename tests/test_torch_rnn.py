"""Recurrent networks against PyTorch, and to PyTorch and back (issue 19).

The oracle is PyTorch itself: an ``nn.RNN`` and an ``nn.Linear`` made here with random values
(``bias_hh_l0`` zero in half of the cases, random in the others), whose values the network
takes by name (``w_xh_{j}_{i}`` = ``weight_ih_l0[j - 1, i - 1]``, ``b_h_{j}`` =
``bias_ih_l0[j - 1] + bias_hh_l0[j - 1]``, ...), never through ``neurons.torch``. When both of
the library's paths (neuron by neuron and vectorized) give the outputs, the gradient of
every shared parameter and the input gradients autograd gives, in float64, to 1e-12 of the
largest of their kind, the unrolled wiring, the sums over time of backpropagation through
time and the two losses' means are right. The modules ``to_torch`` makes are held to the
same oracle, round trips are exact, and a few steps of training agree with torch.optim.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurons import (
    ArgumentTypeError,
    Network,
    NetworkStructureError,
    ParameterError,
    ShapeError,
    activations,
)
from neurons.backprop import input_gradients

from .helpers import snapshot

torch = pytest.importorskip("torch")
from neurons import torch as nt  # noqa: E402  (only with PyTorch installed)

from .test_torch_conv import relative, relative_named, tensor  # noqa: E402

nn = torch.nn
F64 = torch.float64
torch.set_num_threads(1)  # tiny tensors: one thread is fastest on a busy machine

OUTPUT_ACTIVATIONS = {"identity": None, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh,
                      "softplus": nt.ExactSoftplus}


# -- the oracle -------------------------------------------------------------------------------
class Case:
    """Sizes, settings, PyTorch modules with random values, the network holding them, data."""

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        # The four two-way choices run through all 16 combinations over seeds 0..15.
        self.activation = ("tanh", "relu")[seed % 2]
        self.outputs = ("each", "last")[seed // 2 % 2]
        self.loss = ("mse", "sse")[seed // 4 % 2]
        self.b_hh = seed // 8 % 2 == 1  # a random bias_hh_l0, or zero
        self.n_in, self.n_h = int(rng.integers(1, 4)), int(rng.integers(1, 5))
        self.n_out, self.steps = int(rng.integers(1, 3)), int(rng.integers(1, 7))
        self.g = list(OUTPUT_ACTIVATIONS)[int(rng.integers(len(OUTPUT_ACTIVATIONS)))]
        torch.manual_seed(seed)
        self.rnn = nn.RNN(self.n_in, self.n_h, nonlinearity=self.activation,
                          batch_first=True, dtype=F64)
        self.head = nn.Linear(self.n_h, self.n_out, dtype=F64)
        # N(0, 0.5^2): larger than PyTorch's start, so that relu cuts and tanh bends, but not
        # so large that a sigmoid or tanh output saturates: there 1 - a^2 (a near 1) keeps few
        # digits in float64, in PyTorch and in the library alike (with N(0, 1) both are off
        # the extended-precision gradient by 5e-13 of the largest).
        with torch.no_grad():
            for p in (*self.rnn.parameters(), *self.head.parameters()):
                p.copy_(0.5 * torch.randn(p.shape, dtype=F64))
            if not self.b_hh:
                self.rnn.bias_hh_l0.zero_()
        self.net = Network.rnn(self.n_in, self.n_h, self.n_out, self.steps,
                               activation=self.activation, output_activation=self.g,
                               outputs=self.outputs)
        self.net.set_parameters(self.by_name(lambda p: p.detach(), bias_sum=True))
        n = int(rng.integers(1, 5))
        self.X = rng.normal(size=(n, self.steps * self.n_in))
        self.Y = rng.normal(size=(n, len(self.net.outputs)))

    def by_name(self, read, bias_sum):
        """The modules' tensors (through ``read``) by the network's names; b_h is
        b_ih + b_hh (values) or b_ih's (gradients)."""
        W_ih, W_hh = read(self.rnn.weight_ih_l0), read(self.rnn.weight_hh_l0)
        b_h = read(self.rnn.bias_ih_l0)
        if bias_sum:
            b_h = b_h + read(self.rnn.bias_hh_l0)
        V, c = read(self.head.weight), read(self.head.bias)
        ins, hid = range(1, self.n_in + 1), range(1, self.n_h + 1)
        outs = range(1, self.n_out + 1)
        values = {f"w_xh_{j}_{i}": W_ih[j - 1, i - 1] for j in hid for i in ins}
        values |= {f"w_hh_{j}_{m}": W_hh[j - 1, m - 1] for j in hid for m in hid}
        values |= {f"w_hy_{k}_{j}": V[k - 1, j - 1] for k in outs for j in hid}
        values |= {f"b_h_{j}": b_h[j - 1] for j in hid}
        values |= {f"b_y_{k}": c[k - 1] for k in outs}
        return {name: float(v) for name, v in values.items()}

    def oracle(self):
        """Outputs, dL/dparameter by name and dL/dX, from nn.RNN + Linear and autograd."""
        for p in (*self.rnn.parameters(), *self.head.parameters()):
            p.grad = None
        x = tensor(self.X, requires_grad=True)
        h, _ = self.rnn(x.reshape(len(self.X), self.steps, self.n_in))
        if self.outputs == "last":
            h = h[:, -1:]
        y = self.head(h)
        if OUTPUT_ACTIVATIONS[self.g] is not None:
            y = OUTPUT_ACTIVATIONS[self.g]()(y)
        out = y.reshape(len(self.X), -1)  # step after step, as net.outputs
        loss(out, tensor(self.Y), self.loss).backward()
        # b_ih and b_hh enter every step the same way: the same gradient, b_h's (summed in
        # another order).
        assert relative(self.rnn.bias_hh_l0.grad, self.rnn.bias_ih_l0.grad) <= 1e-14
        grads = self.by_name(lambda p: p.grad, bias_sum=False)
        assert sorted(grads) == sorted(self.net.parameter_names())  # every parameter, once
        return (out.detach().numpy(), {p: grads[p] for p in self.net.parameter_names()},
                x.grad.numpy())


def loss(out, target, name):
    """The library's losses: mse is the mean over samples and outputs (over the steps too),
    sse is 1/n times the sum over outputs."""
    if name == "mse":
        return torch.nn.functional.mse_loss(out, target)
    return ((out - target) ** 2).sum() / out.shape[0]


SEEDS = range(24)


def test_the_cases_cover_every_combination():
    seen = {(c.activation, c.outputs, c.loss, c.b_hh) for c in map(Case, range(16))}
    assert len(seen) == 16
    cases = [Case(seed) for seed in SEEDS]
    assert {c.g for c in cases} == set(OUTPUT_ACTIVATIONS)
    assert {c.steps for c in cases} >= {1, 6} and {c.n_h for c in cases} >= {1, 4}
    assert {c.n_in for c in cases} == {1, 2, 3} and {c.n_out for c in cases} == {1, 2}


@pytest.mark.parametrize("seed", SEEDS)
def test_both_paths_and_the_modules_agree_with_nn_rnn_to_1e_12(seed):
    c = Case(seed)
    out, grads, dX = c.oracle()
    net, X, Y, name = c.net, c.X, c.Y, c.loss
    fast = net.compile()
    worst = {
        ("per-neuron", "outputs"): max(relative(net.predict(X), out),
                                       relative([net.feedforward(x) for x in X], out)),
        ("vectorized", "outputs"): relative(fast.forward(X), out),
        ("per-neuron", "parameter gradients"): relative_named(net.gradients(X, Y, loss=name),
                                                              grads),
        ("vectorized", "parameter gradients"): relative_named(fast.gradients(X, Y, name),
                                                              grads),
        ("per-neuron", "input gradients"): relative(input_gradients(net, X, Y, name), dX),
        ("vectorized", "input gradients"): relative(fast.input_gradients(X, Y, name), dX),
    }
    # The modules to_torch makes, under the same oracle (a TorchRNN, and the gathering
    # TorchNetwork that sequential=False gives).
    for module in (nt.to_torch(net), nt.to_torch(net, sequential=False)):
        x = tensor(X, requires_grad=True)
        y = module(x)
        loss(y, tensor(Y), name).backward()
        kind = type(module).__name__
        worst[kind, "outputs"] = relative(y.detach().numpy(), out)
        worst[kind, "parameter gradients"] = relative_named(module.neuron_gradients(), grads)
        worst[kind, "input gradients"] = relative(x.grad.numpy(), dX)
    assert max(worst.values()) <= 1e-12, worst


def test_relu_at_exactly_zero_gives_no_gradient_in_either():
    """z = 0 exactly at every step (zero biases, zero inputs): relu's derivative is taken as
    0 there by the library and by PyTorch alike."""
    net = Network.rnn(2, 3, 1, steps=3, activation="relu", seed=0)
    X, Y = np.zeros((2, 6)), np.ones((2, 3))
    module = nt.to_torch(net)
    x = tensor(X, requires_grad=True)
    loss(module(x), tensor(Y), "mse").backward()
    for ours in (net.gradients(X, Y), net.compile().gradients(X, Y, "mse")):
        assert relative_named(ours, module.neuron_gradients()) <= 1e-15
        assert all(ours[p] == 0.0 for p in ours if p.startswith(("w_xh", "w_hh", "b_h")))
    assert not input_gradients(net, X, Y, "mse").any() and not x.grad.any()


# -- to PyTorch and back ----------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_to_torch_gives_nn_rnn_and_comes_back_exactly(seed):
    c = Case(seed)
    net = c.net
    module = nt.to_torch(net)
    assert type(module) is nt.TorchRNN
    assert type(module.rnn) is nn.RNN and type(module.head) is nn.Linear
    rnn = module.rnn
    assert (rnn.input_size, rnn.hidden_size, rnn.num_layers, rnn.nonlinearity) == (
        c.n_in, c.n_h, 1, c.activation)
    assert rnn.batch_first and rnn.bias and not rnn.bidirectional
    assert all(p.dtype == F64 for p in module.parameters())
    # b_ih is b_h, b_hh is zero and held there
    assert rnn.bias_ih_l0.tolist() == [net.parameter(p) for p in net.recurrences[0].b_h]
    assert rnn.bias_hh_l0.tolist() == [0.0] * c.n_h and not rnn.bias_hh_l0.requires_grad
    assert module.neuron_parameters() == net.parameters()
    assert list(module.neuron_parameters()) == list(net.parameter_names())
    assert module.inputs == net.inputs and module.outputs == net.outputs
    back = nt.from_torch(module)
    assert list(back.parameters().items()) == list(net.parameters().items())  # names, order
    assert back.recurrences == net.recurrences
    assert snapshot(back) == snapshot(net)
    assert back.to_dict() == net.to_dict()
    # samples x steps x inputs, too
    X = tensor(c.X)
    assert torch.equal(module(X), module(X.reshape(len(X), c.steps, c.n_in)))


def test_round_trips_keep_every_bit_and_the_recurrences_name():
    from neurons.recurrence import Recurrence

    net = Network()
    net.add_recurrence(Recurrence.elman(2, 2, 1, steps=3, outputs="last", name="encoder"),
                       W_xh=[[0.1, -0.0], [0.3, 0.4]], W_hh=[[0.5, 0.6], [-0.7, 0.8]],
                       W_hy=[[0.9, -1.0]], b_h=[-0.0, 0.25], b_y=[-0.0],
                       activation="relu", output_activation="tanh")
    module = nt.to_torch(net)
    assert isinstance(module.activation, nn.Tanh) and module.recurrence.name == "encoder"
    back = nt.from_torch(module)
    bits = lambda n: np.array(list(n.parameters().values())).view(np.uint64).tolist()  # noqa: E731
    assert bits(back) == bits(net)  # -0.0 stays -0.0, b_h included
    assert back.recurrences == net.recurrences
    assert back.neuron("o3_1").activation.name == "tanh"


def test_a_float32_module_computes_the_same_function_to_float32_precision():
    net = Network.rnn(2, 3, 2, steps=4, seed=0)
    module = nt.to_torch(net, torch.float32)
    assert all(p.dtype == torch.float32 for p in module.parameters())
    X = np.random.default_rng(0).normal(size=(3, 8))
    y = module(torch.tensor(X, dtype=torch.float32)).detach().double().numpy()
    assert relative(y, net.predict(X)) <= 1e-6


@pytest.mark.parametrize("batch_first", [True, False])
def test_an_nn_rnn_written_in_pytorch_becomes_a_network(batch_first):
    torch.manual_seed(1)
    rnn = nn.RNN(3, 4, nonlinearity="relu", batch_first=batch_first).double()
    head = nn.Linear(4, 2).double()
    module = nt.TorchRNN(rnn, head, steps=5, outputs="each", activation=nn.Sigmoid())
    net = nt.from_torch(module)  # both biases trained in PyTorch: b_h is their sum
    assert net.recurrences[0].describe() == ("3 inputs, 4 hidden, 2 outputs per step, 5 steps, "
                                             "outputs at each step")
    assert net.parameter("b_h_2") == (rnn.bias_ih_l0[1] + rnn.bias_hh_l0[1]).item()
    assert net.neuron("h5_4").activation.name == "relu"
    assert net.neuron("o5_2").activation.name == "sigmoid"
    X = np.random.default_rng(0).normal(size=(4, 15))
    want = module(tensor(X)).detach().numpy()
    assert relative(net.predict(X), want) <= 1e-12
    assert relative(net.compile().forward(X), want) <= 1e-12
    # and update_from_torch takes it into a network of the same shape
    other = Network.rnn(3, 4, 2, steps=5, activation="relu", output_activation="sigmoid")
    nt.update_from_torch(other, module)
    assert other.parameters() == net.parameters()


# -- training ---------------------------------------------------------------------------------
TORCH_OPTIMIZERS = {  # ours (its defaults) -> torch.optim with the same settings
    "sgd": lambda p, lr: torch.optim.SGD(p, lr=lr),
    "adam": lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.999), eps=1e-8),
}


@pytest.mark.parametrize("path", ["vectorized", "neurons"])
@pytest.mark.parametrize("loss_name", ["mse", "sse"])
@pytest.mark.parametrize("optimizer", list(TORCH_OPTIMIZERS))
def test_training_agrees_with_torch_optim_on_the_exported_module(optimizer, loss_name, path):
    rng = np.random.default_rng(5)
    net = Network.rnn(2, 3, 1, steps=4, activation="tanh", seed=5)
    net.set_parameters({p: 0.1 * i for i, p in enumerate(net.recurrences[0].b_h, start=1)})
    X, Y = rng.normal(size=(6, 8)), rng.normal(size=(6, 4))
    module = nt.to_torch(net)
    lr = 0.1 if optimizer == "sgd" else 0.01
    opt = TORCH_OPTIMIZERS[optimizer](module.parameters(), lr)
    x, y = tensor(X), tensor(Y)
    for _ in range(5):  # full batch, in order
        opt.zero_grad()
        loss(module(x), y, loss_name).backward()
        opt.step()
    start = net.parameters()
    net.train(X, Y, epochs=5, lr=lr, loss=loss_name, optimizer=optimizer, batch_size=None,
              shuffle=False, path=path, progress=False)
    assert relative_named(net.parameters(), module.neuron_parameters()) <= 1e-12
    assert max(abs(net.parameter(p) - v) for p, v in start.items()) > 1e-3  # they did train
    assert module.rnn.bias_hh_l0.tolist() == [0.0] * 3  # held at zero: b_h moved once


def test_update_from_torch_after_training_in_pytorch():
    net = Network.rnn(1, 2, 1, steps=3, outputs="last", activation="relu", seed=0)
    module = nt.to_torch(net)
    opt = torch.optim.Adam(module.parameters(), lr=0.05)
    X, Y = tensor(np.linspace(-1, 1, 12).reshape(4, 3)), tensor(np.ones((4, 1)))
    for _ in range(10):
        opt.zero_grad()
        loss(module(X), Y, "mse").backward()
        opt.step()
    start = net.parameters()
    nt.update_from_torch(net, module)
    assert net.parameters() == module.neuron_parameters() != start
    assert relative(net.predict(X.numpy()), module(X).detach().numpy()) <= 1e-12


# -- what is refused ---------------------------------------------------------------------------
def test_networks_a_torch_rnn_cannot_hold_are_refused_with_a_way_out():
    sigmoid = Network.rnn(1, 2, 1, steps=3, activation="sigmoid", seed=0)
    with pytest.raises(ParameterError, match=r"sigmoid, which nn.RNN does not have .*"
                                             r"sequential=False"):
        nt.to_torch(sigmoid)
    plus = Network.rnn(1, 2, 1, steps=3, seed=0)
    plus.add_neuron("extra", {"o3_1": 1.0})
    with pytest.raises(NetworkStructureError, match=r"also has the neurons \['extra'\]"):
        nt.to_torch(plus)
    more = Network.rnn(1, 2, 1, steps=3, seed=0)
    more.add_input("z")
    with pytest.raises(NetworkStructureError, match=r"also has the inputs \['z'\]"):
        nt.to_torch(more)
    spare = Network.rnn(1, 2, 1, steps=3, seed=0)
    spare.add_parameter("spare", 1.0)
    with pytest.raises(NetworkStructureError, match="shared parameters \\['spare'\\]"):
        nt.to_torch(spare)
    rewired = Network.rnn(1, 2, 1, steps=3, seed=0)
    rewired.connect("x1_1", "h3_2", 0.5)
    with pytest.raises(NetworkStructureError, match="'h3_2' is no longer wired"):
        nt.to_torch(rewired)
    mixed = Network.rnn(1, 2, 1, steps=3, seed=0)
    mixed.neuron("h2_1").activation = activations.get("relu")
    with pytest.raises(NetworkStructureError, match="'h2_1' has the activation relu but "
                                                    "'h1_1' has tanh"):
        nt.to_torch(mixed)
    # ... and each of them becomes a TorchNetwork that computes it, as the messages say
    X = np.random.default_rng(0).normal(size=(2, 3))
    for net in (sigmoid, plus, mixed, rewired):
        before = snapshot(net)
        module = nt.to_torch(net, sequential=False)
        assert type(module) is nt.TorchNetwork
        assert relative(module(tensor(X)).detach().numpy(), net.predict(X)) <= 1e-12
        assert snapshot(net) == before


def test_modules_the_library_cannot_read_are_refused():
    head = nn.Linear(2, 1)
    with pytest.raises(NetworkStructureError, match="num_layers=2: the library's recurrence "
                                                    "is one layer"):
        nt.TorchRNN(nn.RNN(1, 2, num_layers=2), head, steps=3)
    with pytest.raises(NetworkStructureError, match="bidirectional=True"):
        nt.TorchRNN(nn.RNN(1, 2, bidirectional=True), head, steps=3)
    with pytest.raises(NetworkStructureError, match="bias=False"):
        nt.TorchRNN(nn.RNN(1, 2, bias=False), head, steps=3)
    with pytest.raises(ArgumentTypeError, match=r"not LSTM .*gates"):
        nt.TorchRNN(nn.LSTM(1, 2), head, steps=3)
    with pytest.raises(ShapeError, match="reads 3 values but its rnn has hidden_size=2"):
        nt.TorchRNN(nn.RNN(1, 2), nn.Linear(3, 1), steps=3)
    with pytest.raises(NetworkStructureError, match=r"Softmax.*has no neuron counterpart"):
        nt.TorchRNN(nn.RNN(1, 2), head, steps=3, activation=nn.Softmax(dim=1))
    with pytest.raises(ParameterError, match="steps"):
        nt.TorchRNN(nn.RNN(1, 2), head, steps=0)
    # A bare nn.RNN does not say how many steps, nor where the outputs are
    with pytest.raises(ArgumentTypeError, match=r"inside a TorchRNN.*steps=T"):
        nt.from_torch(nn.RNN(1, 2))
    net = Network.rnn(1, 2, 1, steps=3, seed=0)
    before = snapshot(net)
    with pytest.raises(ArgumentTypeError, match="inside a TorchRNN"):
        nt.update_from_torch(net, nn.RNN(1, 2))
    # from_torch checks again: a module swapped in after the TorchRNN was made
    module = nt.to_torch(net)
    module.rnn = nn.RNN(1, 2, num_layers=2, bidirectional=True)
    with pytest.raises(NetworkStructureError, match=r"num_layers=2.*bidirectional=True"):
        nt.from_torch(module)
    module = nt.to_torch(net)
    with torch.no_grad():
        module.rnn.weight_hh_l0[0, 1] = float("nan")
    with pytest.raises(ParameterError, match=r"rnn.weight_hh_l0\[0, 1\] \(the network's "
                                             r"w_hh_1_2\) is nan"):
        nt.from_torch(module)
    with pytest.raises(ParameterError, match="is nan"):
        nt.update_from_torch(net, module)
    assert snapshot(net) == before
    with pytest.raises(ShapeError, match=r"x must be \(samples x 3\) or \(samples x 3 x 1\)"):
        nt.to_torch(net)(torch.zeros(2, 4, dtype=F64))


def test_update_from_torch_refuses_another_recurrence_and_leaves_the_network():
    module = nt.to_torch(Network.rnn(2, 3, 1, steps=4, seed=0))
    for other, why in ((Network.rnn(2, 3, 1, steps=5), "5 steps"),
                       (Network.rnn(2, 3, 1, steps=4, activation="relu"), "hidden activation"),
                       (Network.rnn(2, 3, 1, steps=4, output_activation="sigmoid"),
                        "output activation is sigmoid"),
                       (Network.dense([8, 4]), "holds no recurrence")):
        before = snapshot(other)
        with pytest.raises(NetworkStructureError, match=f"not made from this network's "
                                                        f"wiring: .*{why}"):
            nt.update_from_torch(other, module)
        assert snapshot(other) == before


def test_a_truncated_network_keeps_its_record_and_torch_gives_the_whole_gradient():
    """Truncation is how the library computes gradients, not part of the function: the
    module carries it back to the network, and its autograd goes the whole way back."""
    net = Network.rnn(1, 2, 1, steps=5, seed=2, truncate=1)
    module = nt.to_torch(net)
    assert module.recurrence.truncate == 1 and "truncate=1" in repr(module)
    back = nt.from_torch(module)
    assert back.recurrences == net.recurrences and back.parameters() == net.parameters()
    X, Y = np.random.default_rng(2).normal(size=(3, 5)), np.ones((3, 5))
    loss(module(tensor(X)), tensor(Y), "mse").backward()
    whole = Network.rnn(1, 2, 1, steps=5, seed=2)
    assert relative_named(module.neuron_gradients(), whole.gradients(X, Y)) <= 1e-12
    assert relative_named(module.neuron_gradients(), net.gradients(X, Y)) > 1e-6
