# %% [markdown]
# # A convolution is neurons with shared weights
#
# Five inputs x1..x5 and three neurons, each reading three neighbours with the same
# kernel k1, k2, k3 and the same bias c: a 1-D convolution, built neuron by neuron. The
# network owns each shared parameter once; every edge that uses one reads its value, and
# the chain rule gives each use its own a_j delta_k: the gradient is their sum.
#
# Run: `python demos/shared_weights.py` (or open it as a notebook: jupytext, VS Code).

# %%
import numpy as np

from neurons import Network, draw
from neurons.tour import publish

net = Network()
for i in range(1, 6):
    net.add_input(f"x{i}")
for name, value in {"k1": 1.0, "k2": 2.0, "k3": -1.0, "c": 0.5}.items():
    net.add_parameter(name, value)
for i in range(1, 4):  # h_i reads x_i, x_(i+1), x_(i+2) with the one kernel
    net.add_neuron(f"h{i}", {f"x{i}": "k1", f"x{i + 1}": "k2", f"x{i + 2}": "k3"},
                   bias="c", activation="identity")
net.add_neuron("o1", {"h1": 0.5, "h2": -1.0, "h3": 0.25}, bias=None, activation="identity")

x, y = [1.0, 2.0, 3.0, 4.0, 5.0], 1.0
trace = net.forward_trace(x)
print("parameters, each once:", net.parameters())
print("k1 is used on", net.parameter_uses("k1"))
print("h =", [trace.a[h] for h in ("h1", "h2", "h3")], " o1 =", trace.a["o1"])
# Each shared parameter one colour, its value written once, in the key below the diagram.
publish(draw(net, values=x).figure, "conv1d_shared_weights")

# %% [markdown]
# dL/dk1 is the sum over its three uses, x1 -> h1, x2 -> h2 and x3 -> h3:

# %%
d = net.explain("k1", x, y)
for line in d.delta_lines():
    print(line)
gradients = net.gradients([x], [y])
print("the same as net.gradients:", d.value == gradients["k1"])
print("both paths agree:", max(abs(gradients[p] - v) for p, v in
                               net.compile().gradients([x], [y]).items()) < 1e-12)

# %% [markdown]
# The same numbers from array code: NumPy's correlation (what deep-learning libraries
# call a convolution), and PyTorch's `conv1d` with autograd when it is installed.

# %%
kernel = np.array([net.parameter(k) for k in ("k1", "k2", "k3")])
h = np.correlate(x, kernel, mode="valid") + net.parameter("c")
print("np.correlate gives the same h:", h.tolist() == [trace.a[f"h{i}"] for i in (1, 2, 3)])
try:
    import torch
except ImportError:
    print("PyTorch is not installed (pip install torch==2.13.0) for the conv1d check")
else:
    k = torch.tensor(kernel.reshape(1, 1, 3), requires_grad=True)
    c = torch.tensor([net.parameter("c")], requires_grad=True, dtype=torch.float64)
    hidden = torch.nn.functional.conv1d(torch.tensor([[x]], dtype=torch.float64), k, c)
    out = hidden[0, 0] @ torch.tensor([0.5, -1.0, 0.25], dtype=torch.float64)
    ((out - y) ** 2).backward()
    same = np.allclose(k.grad.numpy().ravel(), [gradients[p] for p in ("k1", "k2", "k3")],
                       rtol=1e-13, atol=0)
    print("torch.nn.functional.conv1d gives the same h and dL/dk:",
          np.allclose(hidden.detach().numpy().ravel(), h, rtol=1e-15) and same)
