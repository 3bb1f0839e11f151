# %% [markdown]
# # XOR on a 2-2-1 network, built neuron by neuron
#
# No single neuron can separate XOR; two hidden neurons can. The network is wired by hand
# with small weights that differ from neuron to neuron (all-equal weights would keep the two
# hidden neurons identical forever), then trained on the per-neuron path: every step runs
# z, a and delta along the edges, one neuron at a time.
#
# Run: `python demos/xor_by_hand.py` (or open it as a notebook: jupytext, VS Code).

# %%
import numpy as np

from neurons import Network, accuracy, draw
from neurons.datasets import xor
from neurons.tour import publish

net = Network()
net.add_input("x1")
net.add_input("x2")
net.add_neuron("h1", {"x1": 0.3, "x2": -0.2}, bias=0.0, activation="sigmoid")
net.add_neuron("h2", {"x1": -0.4, "x2": 0.6}, bias=0.0, activation="sigmoid")
net.add_neuron("o1", {"h1": 0.5, "h2": -0.3}, bias=0.0, activation="sigmoid")
fast = Network.from_dict(net.to_dict())  # the same start, for the vectorized path

# %%
X, y = xor()
history = net.train(X, y, epochs=2000, lr=2.0, loss="binary_cross_entropy", shuffle=False,
                    path="neurons")
print(f"loss {history.loss[0]:.3f} -> {history.loss[-1]:.4f}; outputs "
      f"{np.round(net.predict(X).ravel(), 3).tolist()}; accuracy {accuracy(net, X, y):.0%}")

# %%
fast.train(X, y, epochs=2000, lr=2.0, loss="binary_cross_entropy", shuffle=False)
gap = max(abs(a - b) for a, b in zip(net.parameters().values(), fast.parameters().values()))
print(f"the vectorized path learns the same weights: largest difference {gap:.0e}")

# %% [markdown]
# The learned weights: each hidden neuron became one half of XOR (one fires for x1 and not
# x2, the other for x2 and not x1), and the output adds them up.

# %%
shown = draw(net, names=True)
publish(shown.figure, "xor_221_learned")  # into diagrams/, and under the cell
