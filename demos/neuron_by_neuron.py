# %% [markdown]
# # One neuron, the 2-2-1 network, and dL/dw1 by hand
#
# The first lesson of most courses, number by number: one neuron's output, a 2-2-1
# network's feedforward, the mean squared error, one partial derivative by the chain rule,
# and the height/weight people learned by the same network.
#
# Run: `python demos/neuron_by_neuron.py` (or open it as a notebook: jupytext, VS Code).

# %%
import numpy as np

from neurons import Network, Neuron, compare, gradient_check, losses
from neurons.datasets import height_weight

print("one neuron, w = [0, 1], b = 4, x = [2, 3]:", Neuron([0, 1], 4).feedforward([2, 3]))

net = Network()  # the 2-2-1 network, wired neuron by neuron
net.add_input("x1")
net.add_input("x2")
net.add_neuron("h1", {"x1": 0.0, "x2": 1.0}, bias=0.0, activation="sigmoid")
net.add_neuron("h2", {"x1": 0.0, "x2": 1.0}, bias=0.0, activation="sigmoid")
net.add_neuron("o1", {"h1": 0.0, "h2": 1.0}, bias=0.0, activation="sigmoid")
print("2-2-1, every neuron w = [0, 1], b = 0, x = [2, 3]:", net.feedforward([2, 3])[0])
print("MSE of [1, 0, 0, 1] against 0:", losses.get("mse").value(np.zeros((4, 1)),
                                                                np.array([[1], [0], [0], [1]])))

# %% [markdown]
# With every weight 1 and every bias 0, one sample x = (-2, -1), y = 1: dL/dw1 factor by
# factor (hand derivations round y_pred to 0.524 first and print -0.952 and 0.0214):

# %%
net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)})
derivation = net.explain("w1", x=[-2, -1], y=1, loss="mse")
print(derivation)

# %% [markdown]
# In a notebook the derivation shows as LaTeX, and the network as its diagram:

# %%
derivation

# %%
net

# %%
print(str(gradient_check(net, [[-2, -1], [1.0, 0.5]], [1, 0])).splitlines()[-1])
print(str(compare(net, [[-2, -1], [1.0, 0.5]], [1, 0])).splitlines()[-1])

# %% [markdown]
# The height/weight people (weight - 135 lb, height - 66 in; 1 = female): per-sample SGD,
# 1000 epochs, on each path from the same start.

# %%
X, y, _ = height_weight("train")
X_new, _, names = height_weight("test")
for path in ("neurons", "vectorized"):
    people = Network.dense([2, 2, 1], seed=1)
    history = people.train(X, y, epochs=1000, lr=0.1, batch_size=1, shuffle=False, path=path)
    scores = ", ".join(f"{n} {p:.3f}" for n, p in zip(names, people.predict(X_new)[:, 0]))
    print(f"{path:>10} path: loss {history.loss[0]:.4f} -> {history.loss[-1]:.5f}; {scores}")
