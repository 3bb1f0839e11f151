# %% [markdown]
# # The same network on both paths: one neuron at a time, and one matrix product per layer
#
# `net.compile()` gathers the neurons' weights into one block per pair of layers (a skip
# connection gets its own block; a missing connection is a zero held by a mask), and
# `compare` runs both paths on the same batch.
#
# Run: `python demos/slow_and_fast.py` (or open it as a notebook: jupytext, VS Code).

# %%
import numpy as np

from neurons import Network, compare, draw
from neurons.tour import publish

net = Network.dense([4, 6, 3], activation="tanh", output_activation="identity", seed=0)
net.connect("x1", "o2", 0.5)  # a skip connection: the graph need not be fully layered

rng = np.random.default_rng(0)
X = rng.normal(size=(8, 4))
labels = rng.integers(0, 3, size=8)
publish(draw(net).figure)  # in a notebook: the diagram, with the skip connection's 0.50

# %%
fast = net.compile()  # per-layer weight blocks gathered from the neurons
print(fast)
print("outputs, per-neuron path:\n", net.predict(X[:2]).round(6))
print("outputs, vectorized path:\n", fast.forward(X[:2]).round(6))
print()
print(compare(net, X, labels, "softmax_cross_entropy"))
