"""Convolution and pooling against PyTorch, and convolutional networks to PyTorch and back.

The oracle is PyTorch itself, built here with ``torch.nn.functional`` (``conv1d``,
``conv2d``, ``max_pool1d/2d``, ``avg_pool1d/2d``, ``linear``) directly from the network's
parameters read by name (kernel weight ``k{n}_{out}_{in}_{row}_{column}`` is
``weight[out - 1, in - 1, row - 1, column - 1]`` of the n-th convolution), never through
``neurons.torch``: when both of the library's paths give the outputs, the gradient of every
parameter and the input gradients autograd gives, in float64, to 1e-12 of the largest of
their kind, the grids' wiring, the shared parameters' summed gradients and the pooling's
delta routing are right. Padding follows PyTorch's own rules (``padding="same"`` with an
even kernel pads one more zero after than before), and max pooling gives the whole delta
to the first maximal input of its window, as PyTorch's ``max_pool`` does on the CPU (ReLU
before max pooling makes ties of zeros in these cases, so they are exercised).
"""

from __future__ import annotations

import numpy as np
import pytest

from neurons import (
    ArgumentTypeError,
    Network,
    NetworkStructureError,
    NeuronsError,
    ParameterError,
    ShapeError,
)

from .helpers import snapshot

torch = pytest.importorskip("torch")
from neurons import torch as nt  # noqa: E402  (only with PyTorch installed)

nn = torch.nn
F = torch.nn.functional
F64 = torch.float64
# One thread: these tensors are small, and two threads on a busy machine wait on each other.
torch.set_num_threads(1)
# PyTorch warns that padding="same" with an even kernel copies the input: it is meant here.
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same'")

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "identity"]


def tensor(a, **kwargs):
    return torch.tensor(np.asarray(a, dtype=float), dtype=F64, **kwargs)


def relative(ours, reference):
    """max |ours - reference| / max |reference|, as neurons.compare measures."""
    ours, reference = np.asarray(ours, dtype=float), np.asarray(reference, dtype=float)
    assert ours.shape == reference.shape
    diff = float(np.abs(ours - reference).max(initial=0.0))
    return 0.0 if diff == 0.0 else diff / float(np.abs(reference).max())


def relative_named(ours, reference):
    assert list(ours) == list(reference)
    return relative(list(ours.values()), list(reference.values()))


# -- random stacks of grids -------------------------------------------------------------------
def architecture(seed):
    """A random stack: 1-D or 2-D, convolutions (kernel, stride, padding valid / same / zeros
    per axis, bias or not) and pooling (max or average, windows that tile), then 0-2 dense
    layers, every activation; small enough for the per-neuron path. Drawn again while a
    layer leaves a node of the one before unread (it would be an output) or a convolution
    has windows of padding alone (the grids refuse them)."""
    rng = np.random.default_rng(seed)
    while True:
        specs = draw_architecture(rng, dims=1 + seed % 2)
        try:
            net = Network.from_architecture(specs, seed=0)
        except ShapeError:
            continue
        if net.outputs == net.layers[-1]:
            return specs


def draw_architecture(rng, dims):
    shape = (int(rng.integers(1, 3)), *(int(n) for n in rng.integers(4, 8 if dims == 2 else 10,
                                                                      size=dims)))
    patterns = [["conv"], ["conv", "pool"], ["conv", "pool", "conv"], ["pool", "conv"],
                ["conv", "conv", "pool"], ["conv", "pool", "conv", "pool"]]
    specs = []
    current = shape
    for kind in patterns[int(rng.integers(len(patterns)))]:
        spec = {"activation": str(rng.choice(ACTIVATIONS))}
        sizes = current[1:]
        if kind == "conv":
            choice = int(rng.integers(4))
            if choice == 0:
                padding, pads, stride = "same", [None] * dims, (1,) * dims
            else:
                padding = "valid" if choice == 1 else int(rng.integers(0, 3)) if choice == 2 \
                    else tuple(int(p) for p in rng.integers(0, 2, size=dims))
                per_axis = (0,) * dims if padding == "valid" else (
                    (padding,) * dims if isinstance(padding, int) else padding)
                pads = [2 * p for p in per_axis]
                stride = tuple(int(s) for s in rng.integers(1, 3, size=dims))
            kernel = tuple(int(rng.integers(1, min(3, n + (p or 0)) + 1))
                           for n, p in zip(sizes, pads))
            pads = [k - 1 if p is None else p for k, p in zip(kernel, pads)]
            channels = int(rng.integers(1, 4))
            spec |= {"type": f"conv{dims}d", "channels": channels, "kernel": kernel,
                     "stride": stride, "padding": padding, "bias": bool(rng.integers(0, 4))}
            current = (channels, *((n + p - k) // s + 1
                                   for n, p, k, s in zip(sizes, pads, kernel, stride)))
        else:
            size, stride = [], []
            for n in sizes:
                fits = [(k, s) for k in range(1, min(3, n) + 1) for s in range(1, 4)
                        if (n - k) % s == 0 and k * s > 1] or [(1, 1)]
                k, s = fits[int(rng.integers(len(fits)))]
                size.append(k)
                stride.append(s)
            spec |= {"type": f"{rng.choice(['max', 'avg'])}pool{dims}d", "size": tuple(size),
                     "stride": tuple(stride)}
            if rng.integers(3):
                spec["activation"] = "identity"
            current = (current[0], *((n - k) // s + 1 for n, k, s in zip(sizes, size, stride)))
        specs.append(spec)
    specs[0]["in_shape"] = shape
    for _ in range(int(rng.integers(0, 3))):
        specs.append({"type": "dense", "output_dim": int(rng.integers(1, 4)),
                      "activation": str(rng.choice(ACTIVATIONS)),
                      "bias": bool(rng.integers(0, 4))})
    return specs


def twin(name, z):
    return {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
            "leaky_relu": lambda z: F.leaky_relu(z, 0.01),  # the library's default slope
            "softplus": lambda z: torch.logaddexp(z, z.new_zeros(())),
            "identity": lambda z: z}[name](z)


def grid_names(prefix, shape):
    """A grid's node names in PyTorch's flatten order (channel, then row, then column)."""
    return [f"{prefix}_" + "_".join(str(i + 1) for i in idx) for idx in np.ndindex(*shape)]


def oracle(net, specs, X, loss="mse", Y=None):
    """Outputs, dL/dparam by name and dL/dX from torch.nn.functional and autograd, with the
    network's parameters read by name."""
    x = tensor(X, requires_grad=True)
    a = x.reshape(x.shape[0], *specs[0]["in_shape"])
    tensors = []  # (names, tensor) per parameter tensor, to read the gradients by name
    counts = {"conv": 0, "pool": 0, "dense": 0}
    previous = net.inputs
    for spec in specs:
        kind = spec["type"]
        dims = a.dim() - 2
        if kind.startswith("conv"):
            counts["conv"] += 1
            n = counts["conv"]
            shape = (spec["channels"], a.shape[1], *spec["kernel"])
            names = grid_names(f"k{n}", shape)
            W = tensor([net.parameter(p) for p in names]).reshape(shape).requires_grad_()
            tensors.append((names, W))
            b = None
            if spec["bias"]:
                bias_names = [f"kb{n}_{o + 1}" for o in range(spec["channels"])]
                b = tensor([net.parameter(p) for p in bias_names]).requires_grad_()
                tensors.append((bias_names, b))
            conv = F.conv1d if dims == 1 else F.conv2d
            a = conv(a, W, b, stride=spec["stride"], padding=spec["padding"])
            previous = grid_names(f"c{n}", a.shape[1:])
        elif "pool" in kind:
            counts["pool"] += 1
            pool = {("max", 1): F.max_pool1d, ("max", 2): F.max_pool2d,
                    ("avg", 1): F.avg_pool1d, ("avg", 2): F.avg_pool2d}[kind[:3], dims]
            a = pool(a, spec["size"], spec["stride"])
            previous = grid_names(f"p{counts['pool']}", a.shape[1:])
        else:
            a = a.flatten(1)
            layer = net.layers[net.layers.index(previous) + 1]
            W = tensor([[net.weight(s, k) for s in previous] for k in layer]).requires_grad_()
            tensors.append(([net.weight_name(s, k) for k in layer for s in previous], W))
            b = None
            if spec["bias"]:
                b = tensor([net.neuron(k).bias for k in layer]).requires_grad_()
                tensors.append(([net.bias_name(k) for k in layer], b))
            a = F.linear(a, W, b)
            previous = layer
        a = twin(spec["activation"], a)
    out = a.flatten(1)
    if loss == "softmax_cross_entropy":
        F.cross_entropy(out, torch.as_tensor(np.asarray(Y), dtype=torch.long)).backward()
    else:
        F.mse_loss(out, tensor(Y)).backward()
    grads = {}
    for names, t in tensors:
        grads.update(zip(names, t.grad.reshape(-1).tolist()))
    assert sorted(grads) == sorted(net.parameter_names())  # every parameter, once
    return out.detach().numpy(), {p: grads[p] for p in net.parameter_names()}, x.grad.numpy()


def case(seed):
    specs = architecture(seed)
    net = Network.from_architecture(specs, seed=seed)
    rng = np.random.default_rng(100 + seed)
    # Non-zero biases, so that a missing or misplaced bias shows.
    net.set_parameters({p: rng.normal() for p in net.parameters() if p.startswith(("b", "kb"))})
    X = rng.normal(size=(int(rng.integers(1, 5)), len(net.inputs)))
    loss = "mse"
    if len(net.outputs) >= 2 and seed % 3 == 0:
        loss = "softmax_cross_entropy"
        Y = rng.integers(0, len(net.outputs), size=len(X))
    else:
        Y = rng.normal(size=(len(X), len(net.outputs)))
    if loss == "softmax_cross_entropy" and net.neuron(net.outputs[0]).activation.name != \
            "identity":
        specs[-1]["activation"] = "identity"
        values = net.parameters()
        net = Network.from_architecture(specs, seed=seed)
        net.set_parameters(values)
    return specs, net, X, Y, loss


SEEDS = range(24)


def test_the_random_stacks_cover_every_kind_of_layer():
    kinds, paddings, dims = set(), set(), set()
    for seed in SEEDS:
        for spec in architecture(seed):
            kinds.add(spec["type"])
            if spec["type"].startswith("conv"):
                p = spec["padding"]
                paddings.add(p if isinstance(p, str) else type(p).__name__)
                dims.add(tuple(s > 1 for s in spec["stride"]))
    assert kinds == {"conv1d", "conv2d", "maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d",
                     "dense"}
    assert paddings == {"same", "valid", "int", "tuple"}
    assert (True,) in dims and (False, True) in dims  # strides of 2, along one axis or all


@pytest.mark.parametrize("seed", SEEDS)
def test_both_paths_agree_with_torch_functional_to_1e_12(seed):
    specs, net, X, Y, loss = case(seed)
    out, grads, dX = oracle(net, specs, X, loss, Y)
    fast = net.compile()
    assert fast.layout.grid_ops  # the vectorized path runs the grids as convolutions
    worst = {
        "outputs (per-neuron)": relative(net.predict(X), out),
        "outputs (vectorized)": relative(fast.forward(X), out),
        "gradients (per-neuron)": relative_named(net.gradients(X, Y, loss), grads),
        "gradients (vectorized)": relative_named(fast.gradients(X, Y, loss), grads),
        "input gradients (per-neuron)": relative(net.input_gradients(X, Y, loss), dX),
        "input gradients (vectorized)": relative(fast.input_gradients(X, Y, loss), dX),
    }
    for module in (nt.to_torch(net), nt.to_torch(net, sequential=False)):
        x = tensor(X, requires_grad=True)
        y = module(x)
        if loss == "mse":
            F.mse_loss(y, tensor(Y)).backward()
        else:
            F.cross_entropy(y, torch.as_tensor(Y, dtype=torch.long)).backward()
        kind = type(module).__name__
        worst[f"outputs ({kind})"] = relative(y.detach().numpy(), out)
        worst[f"gradients ({kind})"] = relative_named(module.neuron_gradients(), grads)
        worst[f"input gradients ({kind})"] = relative(x.grad.numpy(), dX)
    assert max(worst.values()) <= 1e-12, worst


# -- to PyTorch's own layers and back ---------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_a_stack_becomes_pytorch_layers_and_comes_back_exactly(seed):
    specs, net, *_ = case(seed)
    module = nt.to_torch(net)
    assert isinstance(module, nt.TorchSequential) and isinstance(module, nn.Sequential)
    kinds = [type(m).__name__ for m in module]
    layers = [k for k in kinds if k.startswith(("Conv", "MaxPool", "AvgPool", "Linear"))]
    expected = [{"conv": "Conv", "maxp": "MaxPool", "avgp": "AvgPool", "dens": "Linear"}[
        s["type"][:4]] + (s["type"][-2:] if s["type"] != "dense" else "") for s in specs]
    assert layers == expected
    assert kinds[0] == "Unflatten" and kinds.count("Flatten") == 1
    assert all(p.dtype == F64 for p in module.parameters())
    back = nt.from_torch(module)
    assert list(back.parameters().items()) == list(net.parameters().items())  # exact, names
    assert back.layers == net.layers and back.grids == net.grids
    assert snapshot(back) == snapshot(net)
    # ... and a plain Sequential of the same layers, given the shape, builds the same network
    same = nt.from_torch(module[1:], in_shape=specs[0]["in_shape"])
    assert type(module[1:]) is nn.Sequential
    assert list(same.parameters().items()) == list(net.parameters().items())
    assert module.neuron_parameters() == net.parameters()
    # the gathering module gives its network back too
    gathered = nt.to_torch(net, sequential=False)
    assert list(nt.from_torch(gathered).parameters().items()) == list(net.parameters().items())


def test_kernel_entries_are_where_pytorch_keeps_them():
    net = Network.from_architecture([
        {"type": "conv2d", "in_shape": (2, 5, 4), "channels": 3, "kernel": (3, 2)},
        {"type": "dense", "output_dim": 2},
    ], seed=0)
    conv = nt.to_torch(net)[1]
    assert conv.weight.shape == (3, 2, 3, 2)
    for o, i, r, c in np.ndindex(3, 2, 3, 2):
        assert conv.weight[o, i, r, c].item() == net.parameter(f"k1_{o + 1}_{i + 1}_{r + 1}_"
                                                              f"{c + 1}")
    assert conv.bias.tolist() == [net.parameter(f"kb1_{o}") for o in (1, 2, 3)]


def test_training_in_pytorch_comes_back_with_update_from_torch():
    specs, net, X, Y, _ = case(1)
    module = nt.to_torch(net)
    opt = torch.optim.Adam(module.parameters(), lr=0.05)
    for _ in range(20):
        opt.zero_grad()
        F.mse_loss(module(tensor(X)), tensor(Y)).backward()
        opt.step()
    start = net.parameters()
    nt.update_from_torch(net, module)
    assert net.parameters() == module.neuron_parameters() != start
    assert relative(net.predict(X), module(tensor(X)).detach().numpy()) <= 1e-12
    # a plain Sequential of the same layers takes the network's first grid's shape
    other = Network.from_architecture(specs, seed=99)
    nt.update_from_torch(other, module[1:])
    assert other.parameters() == net.parameters()


def test_a_sequential_written_in_pytorch_becomes_a_network():
    torch.manual_seed(0)
    seq = nn.Sequential(nn.Unflatten(1, (1, 6, 6)), nn.Conv2d(1, 4, 3, padding="same"),
                        nn.LeakyReLU(0.2), nn.AvgPool2d(2), nn.Conv2d(4, 2, 2, stride=1,
                                                                     bias=False),
                        nn.Softplus(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2, 3),
                        nn.Tanh(), nn.Linear(3, 2)).double()
    net = nt.from_torch(seq)
    assert [g.describe() for g in net.grids] == [
        "c1: conv 3x3, 1x6x6 -> 4x6x6", "p1: average pool 2x2, 4x6x6 -> 4x3x3",
        "c2: conv 2x2, 4x3x3 -> 2x2x2", "p2: max pool 2x2, 2x2x2 -> 2x1x1"]
    assert [net.neuron(layer[0]).activation.name for layer in net.layers[1:]] == [
        "leaky_relu", "identity", "softplus", "identity", "tanh", "identity"]
    assert net.neuron("c1_1_1_1").activation.params == {"slope": 0.2}
    assert not net.neuron("c2_1_1_1").has_bias
    X = np.random.default_rng(0).normal(size=(5, 36))
    # nn.Softplus returns z above 20; here |z| is small
    assert relative(net.predict(X), seq(tensor(X)).detach().numpy()) <= 1e-12
    assert relative(net.compile().forward(X), seq(tensor(X)).detach().numpy()) <= 1e-12
    back = nt.to_torch(net)
    assert [type(m).__name__ for m in back] == [
        "Unflatten", "Conv2d", "LeakyReLU", "AvgPool2d", "Conv2d", "ExactSoftplus",
        "MaxPool2d", "Flatten", "Linear", "Tanh", "Linear"]
    for a, b in zip(seq.parameters(), back.parameters()):
        assert torch.equal(a, b)


def test_a_stack_with_pooling_first_and_grids_last_exports_too():
    net = Network.from_architecture([
        {"type": "maxpool1d", "in_shape": (2, 6), "size": 2},
        {"type": "conv1d", "channels": 2, "kernel": 2, "activation": "sigmoid"},
    ], seed=0)
    module = nt.to_torch(net)
    assert [type(m).__name__ for m in module] == ["Unflatten", "MaxPool1d", "Conv1d",
                                                  "Sigmoid", "Flatten"]
    X = np.random.default_rng(0).normal(size=(3, 12))
    assert relative(module(tensor(X)).detach().numpy(), net.predict(X)) <= 1e-12
    assert list(nt.from_torch(module).parameters().items()) == list(net.parameters().items())


def test_plain_dense_networks_still_export_as_before_and_can_be_a_sequential():
    net = Network.dense([3, 4, 2], activation="softplus", seed=0, bias=False)
    assert type(nt.to_torch(net)) is nt.TorchNetwork
    seq = nt.to_torch(net, sequential=True)
    assert [type(m).__name__ for m in seq] == ["Linear", "ExactSoftplus", "Linear",
                                               "ExactSoftplus"]
    assert nt.from_torch(seq).to_dict() == net.to_dict()
    X = np.random.default_rng(0).normal(size=(4, 3))
    assert relative(seq(tensor(X)).detach().numpy(), net.predict(X)) <= 1e-12


# -- training agreement -----------------------------------------------------------------------
TORCH_OPTIMIZERS = {  # ours (its defaults) -> torch.optim with the same settings (test_torch.py)
    "sgd": lambda p, lr: torch.optim.SGD(p, lr=lr),
    "momentum": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
    "nesterov": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True),
    "adagrad": lambda p, lr: torch.optim.Adagrad(p, lr=lr, eps=1e-8,
                                                 initial_accumulator_value=0.0, lr_decay=0.0),
    "rmsprop": lambda p, lr: torch.optim.RMSprop(p, lr=lr, alpha=0.9, eps=1e-8),
    "adam": lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.999), eps=1e-8),
}


def training_net():
    net = Network.from_architecture([
        {"type": "conv2d", "in_shape": (1, 5, 5), "channels": 2, "kernel": 2,
         "activation": "tanh"},
        {"type": "maxpool2d", "size": 2},
        {"type": "conv2d", "channels": 2, "kernel": 2, "padding": "same",
         "activation": "softplus"},
        {"type": "avgpool2d", "size": 2},
        {"type": "dense", "output_dim": 3, "activation": "identity"},
    ], seed=3)
    net.set_parameters({p: 0.1 * i for i, p in enumerate(["kb1_1", "kb1_2", "kb2_1", "b2"])})
    return net


@pytest.mark.parametrize(("module_kind", "path"), [("sequential", "vectorized"),
                                                   ("gathered", "vectorized"),
                                                   ("sequential", "neurons")])
@pytest.mark.parametrize("name", list(TORCH_OPTIMIZERS))
def test_five_steps_of_each_optimizer_agree_with_torch_optim(name, module_kind, path):
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(8, 25)), rng.normal(size=(8, 3))
    net = training_net()
    module = nt.to_torch(net, sequential=module_kind == "sequential")
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
    assert max(abs(net.parameter(p) - v) for p, v in start.items()) > 1e-3  # they did train


# -- shared parameters tied by hand -----------------------------------------------------------
def hand_tied():
    """A 1-D convolution (2 channels in, 2 out, kernel 3, zero padding 1) built neuron by
    neuron with add_parameter, shared biases, max pooling neurons over pairs, and a dense
    output layer: what Grid would build, without a grid."""
    rng = np.random.default_rng(7)
    net = Network()
    c_in, length, c_out = 2, 6, 2
    x = [[f"x{c * length + p + 1}" for p in range(length)] for c in range(c_in)]
    for row in x:
        for name in row:
            net.add_input(name)
    for o in range(c_out):
        net.add_parameter(f"c{o + 1}", rng.normal())
        for i in range(c_in):
            for t in range(3):
                net.add_parameter(f"k_{o + 1}_{i + 1}_{t + 1}", rng.normal())
    for o in range(c_out):
        for p in range(length):
            inputs = {x[i][p - 1 + t]: f"k_{o + 1}_{i + 1}_{t + 1}"
                      for i in range(c_in) for t in range(3) if 0 <= p - 1 + t < length}
            net.add_neuron(f"h_{o + 1}_{p + 1}", inputs, bias=f"c{o + 1}", activation="relu")
    pooled = []
    for o in range(c_out):
        for q in range(length // 2):
            pooled.append(f"m_{o + 1}_{q + 1}")
            net.add_pooling_neuron(pooled[-1], [f"h_{o + 1}_{2 * q + 1}", f"h_{o + 1}_{2 * q + 2}"])
    for k in range(2):
        net.add_neuron(f"o{k + 1}", dict(zip(pooled, rng.normal(size=len(pooled)).tolist())),
                       bias=float(rng.normal()), activation="identity")
    return net


def hand_tied_oracle(net, X, Y):
    x = tensor(X, requires_grad=True)
    W = tensor([[[net.parameter(f"k_{o}_{i}_{t}") for t in (1, 2, 3)] for i in (1, 2)]
                for o in (1, 2)], requires_grad=True)
    c = tensor([net.parameter("c1"), net.parameter("c2")], requires_grad=True)
    pooled = [f"m_{o}_{q}" for o in (1, 2) for q in (1, 2, 3)]
    V = tensor([[net.weight(m, k) for m in pooled] for k in ("o1", "o2")], requires_grad=True)
    b = tensor([net.neuron("o1").bias, net.neuron("o2").bias], requires_grad=True)
    a = F.max_pool1d(torch.relu(F.conv1d(x.reshape(-1, 2, 6), W, c, padding=1)), 2)
    out = F.linear(a.flatten(1), V, b)
    F.mse_loss(out, tensor(Y)).backward()
    grads = {f"k_{o}_{i}_{t}": W.grad[o - 1, i - 1, t - 1].item()
             for o in (1, 2) for i in (1, 2) for t in (1, 2, 3)}
    grads |= {"c1": c.grad[0].item(), "c2": c.grad[1].item()}
    grads |= {net.weight_name(m, k): V.grad[r, j].item()
              for r, k in enumerate(("o1", "o2")) for j, m in enumerate(pooled)}
    grads |= {net.bias_name(k): b.grad[r].item() for r, k in enumerate(("o1", "o2"))}
    return out.detach().numpy(), {p: grads[p] for p in net.parameters()}, x.grad.numpy()


def test_a_convolution_tied_by_hand_agrees_with_conv1d_through_to_torch_and_both_paths():
    net = hand_tied()
    assert not net.grids and len(net.shared_parameters) == 14
    rng = np.random.default_rng(8)
    X, Y = rng.normal(size=(5, 12)), rng.normal(size=(5, 2))
    X[:, 3] = X[:, 2]  # ties for the max pooling (and ReLU zeros make more)
    out, grads, dX = hand_tied_oracle(net, X, Y)
    module = nt.to_torch(net)
    assert type(module) is nt.TorchNetwork and module.shared_names == tuple(
        net.shared_parameters.names)
    assert [n for n, _ in module.named_parameters()] == ["weight_2_3", "bias_3", "shared"]
    x = tensor(X, requires_grad=True)
    y = module(x)
    F.mse_loss(y, tensor(Y)).backward()
    fast = net.compile()
    worst = {
        "outputs (module)": relative(y.detach().numpy(), out),
        "outputs (per-neuron)": relative(net.predict(X), out),
        "outputs (vectorized)": relative(fast.forward(X), out),
        "gradients (module)": relative_named(module.neuron_gradients(), grads),
        "gradients (per-neuron)": relative_named(net.gradients(X, Y, "mse"), grads),
        "gradients (vectorized)": relative_named(fast.gradients(X, Y, "mse"), grads),
        "input gradients (module)": relative(x.grad.numpy(), dX),
        "input gradients (per-neuron)": relative(net.input_gradients(X, Y, "mse"), dX),
        "input gradients (vectorized)": relative(fast.input_gradients(X, Y, "mse"), dX),
    }
    assert max(worst.values()) <= 1e-12, worst
    # ... and comes back with its shared parameters, pooling neurons and names
    back = nt.from_torch(module)
    assert list(back.parameters().items()) == list(net.parameters().items())
    assert back.parameter_uses("k_1_1_1") == net.parameter_uses("k_1_1_1")
    assert back.neuron("m_1_1").kind == "max" and snapshot(back) == snapshot(net)
    again = Network.from_dict(module.to_dict())  # a neurons.io document, shared parameters too
    assert list(again.parameters().items()) == list(net.parameters().items())
    with pytest.raises(NetworkStructureError, match="not a stack"):
        nt.to_torch(net, sequential=True)


def test_a_network_tied_by_hand_trains_in_pytorch_and_comes_back():
    net = hand_tied()
    net.add_parameter("s", 0.3)  # one more: a skip edge with a shared weight of its own
    net.connect("x1", "o2", "s")
    module = nt.to_torch(net)
    rng = np.random.default_rng(9)
    X, Y = rng.normal(size=(6, 12)), rng.normal(size=(6, 2))
    opt = torch.optim.Adam(module.parameters(), lr=0.01)
    for _ in range(5):
        opt.zero_grad()
        F.mse_loss(module(tensor(X)), tensor(Y)).backward()
        opt.step()
    start = net.parameters()
    ours = hand_tied()
    ours.add_parameter("s", 0.3)
    ours.connect("x1", "o2", "s")
    ours.train(X, Y, epochs=5, lr=0.01, optimizer="adam", shuffle=False, progress=False)
    nt.update_from_torch(net, module)
    assert net.parameters() != start
    assert relative_named(net.parameters(), ours.parameters()) <= 1e-12
    assert module.neuron_parameters() == net.parameters()
    # the entries masked out of the blocks (absent, or a shared parameter's) stay zero
    masks = dict(module.named_buffers())
    for name, p in module.named_parameters():
        mask = masks.get(name.replace("weight", "mask").replace("bias", "bias_mask"))
        if mask is not None:
            assert torch.all(p[mask == 0] == 0) and torch.all(p.grad[mask == 0] == 0), name


def test_a_rewired_grid_exports_as_the_gathering_module():
    net = Network.from_architecture([
        {"type": "conv1d", "in_shape": (2, 7), "channels": 2, "kernel": 3, "padding": 1},
        {"type": "maxpool1d", "size": 7},
        {"type": "dense", "output_dim": 2, "activation": "identity"},
    ], seed=0)
    before = nt.to_torch(net)
    net.connect("x1", "c1_1_4", "k1_2_1_1")  # a tie the grid does not have
    module = nt.to_torch(net)
    assert type(module) is nt.TorchNetwork and type(before) is nt.TorchSequential
    with pytest.raises(NetworkStructureError, match="grid layer c1 are no longer wired"):
        nt.to_torch(net, sequential=True)
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(4, 14)), rng.normal(size=(4, 2))
    x = tensor(X, requires_grad=True)
    y = module(x)
    F.mse_loss(y, tensor(Y)).backward()
    assert relative(y.detach().numpy(), net.predict(X)) <= 1e-12
    assert relative_named(module.neuron_gradients(), net.gradients(X, Y, "mse")) <= 1e-12
    assert relative(x.grad.numpy(), net.compile().input_gradients(X, Y, "mse")) <= 1e-12
    snap = snapshot(net)
    with pytest.raises(NetworkStructureError, match=r"'c1_1_4' reads from"):
        nt.update_from_torch(net, before)  # made before the rewiring
    assert snapshot(net) == snap


def test_max_pooling_gives_a_tie_to_the_first_maximal_input_as_pytorch():
    net = Network.from_architecture([{"type": "maxpool1d", "in_shape": (1, 6), "size": 3}])
    X = np.array([[3.0, 3.0, 1.0, 5.0, 2.0, 5.0]])
    Y = np.zeros((1, 2))
    x = tensor(X, requires_grad=True)
    F.max_pool1d(x.reshape(1, 1, 6), 3).sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0, 0.0, 1.0, 0.0, 0.0]]  # PyTorch: the first of equals
    # dL/da = 2 (a - 0) / 2 = a for mse over 2 outputs: 3 to x1, 5 to x4
    expected = [[3.0, 0.0, 0.0, 5.0, 0.0, 0.0]]
    assert net.input_gradients(X, Y, "mse").tolist() == expected
    assert net.compile().input_gradients(X, Y, "mse").tolist() == expected
    module = nt.to_torch(net)
    x = tensor(X, requires_grad=True)
    F.mse_loss(module(x), tensor(Y)).backward()
    assert x.grad.tolist() == expected


# -- refusals ---------------------------------------------------------------------------------
SHAPE = (1, 8, 8)


@pytest.mark.parametrize(("modules", "in_shape", "error", "index", "named"), [
    ([nn.Conv2d(1, 2, 3, dilation=2)], SHAPE, NetworkStructureError, 0, "dilation=1"),
    ([nn.Conv2d(2, 2, 3, groups=2)], (2, 8, 8), NetworkStructureError, 0, "groups=1"),
    ([nn.Conv2d(1, 2, 3, padding=1, padding_mode="reflect")], SHAPE, NetworkStructureError, 0,
     "padding_mode='zeros'"),
    ([nn.Conv2d(1, 2, 3), nn.MaxPool2d(2, padding=1)], SHAPE, NetworkStructureError, 1,
     "padding=0"),
    ([nn.Conv2d(1, 2, 3), nn.MaxPool2d(2, ceil_mode=True)], (1, 7, 7), NetworkStructureError,
     1, "ceil_mode=False"),
    ([nn.Conv2d(1, 2, 3), nn.MaxPool2d(2, dilation=2)], SHAPE, NetworkStructureError, 1,
     "dilation=1"),
    ([nn.Conv2d(1, 2, 3), nn.MaxPool2d(2, return_indices=True)], SHAPE,
     NetworkStructureError, 1, "return_indices=False"),
    ([nn.Conv2d(1, 2, 3), nn.AvgPool2d(2, padding=1)], SHAPE, NetworkStructureError, 1,
     "padding=0"),
    ([nn.Conv2d(1, 2, 3), nn.AvgPool2d(2, divisor_override=3)], SHAPE, NetworkStructureError,
     1, "divisor_override=None"),
    ([nn.Conv2d(1, 2, 3), nn.MaxPool2d(4)], SHAPE, ShapeError, 1, "cover 4 of the 6"),
    ([nn.Conv1d(1, 2, 3), nn.AvgPool1d(4, stride=3)], (1, 10), ShapeError, 1,
     "kernel_size="),
    ([nn.Conv2d(1, 2, 3)], None, ShapeError, 0, "in_shape=(channels, height, width)"),
    ([nn.Conv2d(3, 2, 3)], SHAPE, ShapeError, 0, "takes 3 channels"),
    ([nn.Conv1d(1, 2, 3)], SHAPE, ShapeError, 0, "1-D inputs"),
    ([nn.Conv2d(1, 2, 9)], SHAPE, ShapeError, 0, "larger than the input"),
    ([nn.Conv1d(1, 2, 1, padding=1)], (1, 4), ShapeError, 0, "nothing but padding"),
    ([nn.Conv2d(1, 2, 3), nn.Linear(36, 2)], SHAPE, NetworkStructureError, 1, "nn.Flatten()"),
    ([nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(36, 2)], SHAPE, ShapeError, 2, "gives 72"),
    ([nn.Conv2d(1, 2, 3), nn.Flatten(), nn.ReLU()], SHAPE, NetworkStructureError, 2,
     "follows nn.Flatten"),
    ([nn.Conv2d(1, 2, 3), nn.ReLU(), nn.ReLU()], SHAPE, NetworkStructureError, 2,
     "another activation"),
    ([nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(72, 2), nn.Conv1d(1, 1, 1)], SHAPE,
     NetworkStructureError, 3, "follows a Linear"),
    ([nn.Conv3d(1, 2, 3)], SHAPE, NetworkStructureError, 0, "Conv1d, Conv2d"),
    ([nn.Conv2d(1, 2, 3), nn.AdaptiveAvgPool2d(1)], SHAPE, NetworkStructureError, 1,
     "no neuron counterpart"),
    ([nn.Conv2d(1, 2, 3), nn.Dropout()], SHAPE, NetworkStructureError, 1, "Dropout"),
    ([nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Unflatten(1, (2, 36))], SHAPE,
     NetworkStructureError, 2, "at the start"),
    ([nn.Unflatten(1, (1, 8, 8)), nn.Conv2d(1, 2, 3)], (1, 4, 16), ShapeError, 0,
     "give one of them"),
    ([nn.Unflatten(2, (1, 8)), nn.Conv1d(1, 2, 3)], None, NetworkStructureError, 0,
     "Unflatten(1"),
    ([nn.Conv2d(1, 2, 3), nn.Softplus(beta=2)], SHAPE, ParameterError, 1, "beta=1"),
])
def test_from_torch_refuses_what_it_cannot_build_naming_the_module(modules, in_shape, error,
                                                                   index, named):
    with pytest.raises(error) as caught:
        nt.from_torch(nn.Sequential(*modules), in_shape=in_shape)
    message = str(caught.value)
    assert f"module [{index}]" in message, message
    assert type(modules[index]).__name__ in message and named in message, message
    assert isinstance(caught.value, NeuronsError)


def test_from_torch_refuses_non_finite_kernels_and_misplaced_shapes():
    seq = nn.Sequential(nn.Conv1d(1, 2, 3), nn.Flatten(), nn.Linear(12, 1)).double()
    with torch.no_grad():
        seq[0].weight[1, 0, 2] = float("nan")
    with pytest.raises(ParameterError, match=r"module \[0\].*weight\[1, 0, 2\] = nan"):
        nt.from_torch(seq, in_shape=(1, 8))
    with pytest.raises(ShapeError, match="in_shape"):
        nt.from_torch(nn.Sequential(nn.Linear(2, 1)), in_shape=(1, 2))
    with pytest.raises(ShapeError, match="unflattened_size"):
        nt.from_torch(nn.Sequential(nn.Unflatten(1, (4,)), nn.Conv1d(1, 1, 1)))
    with pytest.raises(ArgumentTypeError, match="sequential"):
        nt.to_torch(Network.dense([2, 1]), sequential="yes")


def test_update_from_torch_refuses_another_network_and_leaves_it_unchanged():
    specs = architecture(5)
    net = Network.from_architecture(specs, seed=0)
    module = nt.to_torch(net)
    others = [
        Network.from_architecture([{**specs[0], "activation": "identity"
                                    if specs[0]["activation"] != "identity" else "tanh"},
                                   *specs[1:]], seed=0),
        Network.from_architecture([{"type": "conv2d", "in_shape": (1, 5, 5), "channels": 2,
                                    "kernel": 2}], seed=0),
        Network.dense([len(net.inputs), 3], seed=0),
        hand_tied(),
    ]
    for other in others:
        before = snapshot(other)
        with pytest.raises(NetworkStructureError, match="not made from this network's wiring"):
            nt.update_from_torch(other, module)
        assert snapshot(other) == before
    with torch.no_grad():
        next(module.parameters()).view(-1)[0] = float("inf")
    before = snapshot(net)
    with pytest.raises(ParameterError, match=r"module \[1\].*Conv\dd, has weight\[0, 0, 0.*= inf"):
        nt.update_from_torch(net, module)
    assert snapshot(net) == before


def test_the_torch_sequential_checks_its_input_and_slices_to_plain_sequentials():
    net = training_net()
    module = nt.to_torch(net)
    with pytest.raises(ShapeError, match="25 inputs"):
        module(tensor(np.zeros((2, 24))))
    one = tensor(np.random.default_rng(0).normal(size=25))
    assert relative(module(one).detach().numpy(), net.feedforward(one.numpy())) <= 1e-12
    assert type(module[1:3]) is nn.Sequential and type(module[1]) is nn.Conv2d
    module[1] = nn.Conv2d(1, 2, 2, dtype=F64)  # a layer replaced: its values are not the net's
    with pytest.raises(NetworkStructureError, match="Conv2d that to_torch made"):
        nt.update_from_torch(net, module)
    module = nt.to_torch(net)
    module.float()  # float32 keeps the names
    assert list(module.neuron_parameters()) == list(net.parameters())
