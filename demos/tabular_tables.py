# %% [markdown]
# # The 3-input tables: an 11-line training loop, and the same in one line
#
# Four rows of three inputs (the last always 1, standing in for a bias). A single sigmoid
# layer 3 -> 1 learns a copy of the first column; XOR of the first two columns needs a
# hidden layer. The classic loop updates W += X^T delta with delta = (y - out) out (1 - out):
# gradient descent on 1/2 the sum of squared errors with rate 1, which is the library's mean
# squared error (a mean over the 4 rows) with rate 2.
#
# Run: `python demos/tabular_tables.py` (or open it as a notebook: jupytext, VS Code).

# %%
import numpy as np

from neurons import Network, initializers
from neurons.datasets import tabular3

X, y = tabular3("first")
net = Network.dense([3, 1], bias=False, init=initializers.Uniform(1.0), seed=1)

# %%
# The loop, from the network's own starting weights:
W = net.neuron("o1").weights.reshape(3, 1).copy()
for _ in range(10000):
    out = 1 / (1 + np.exp(-(X @ W)))
    delta = (y - out) * out * (1 - out)
    W += X.T @ delta
print("the loop:    ", np.round(out.ravel(), 4).tolist())

# %%
# The library, in one line, and once more on the per-neuron path from the same start:
slow = Network.from_dict(net.to_dict())
net.train(X, y, epochs=10000, lr=2.0, shuffle=False)
slow.train(X, y, epochs=10000, lr=2.0, shuffle=False, path="neurons")
print("the library: ", np.round(net.predict(X).ravel(), 4).tolist())
print("same weights as the loop:", np.allclose(net.neuron("o1").weights, W.ravel(), atol=1e-12),
      "| per-neuron path the same:", np.allclose(slow.predict(X), net.predict(X), atol=1e-12))

# %% [markdown]
# XOR of the first two columns, 3 -> 4 -> 1 without biases, full batch, 60000 steps:

# %%
X, y = tabular3("xor")
net = Network.dense([3, 4, 1], bias=False, init=initializers.Uniform(1.0), seed=1)
W0, W1 = (np.array([net.neuron(n).weights for n in layer]).T for layer in net.layers[1:])
for step in range(60000):  # the loop with a hidden layer, printing its error as it goes
    hidden = 1 / (1 + np.exp(-(X @ W0)))
    out = 1 / (1 + np.exp(-(hidden @ W1)))
    if step % 20000 == 0:
        print(f"the loop, step {step:>5}: mean absolute error {np.abs(y - out).mean():.4f}")
    delta_out = (y - out) * out * (1 - out)
    delta_hidden = delta_out @ W1.T * hidden * (1 - hidden)
    W1 += hidden.T @ delta_out
    W0 += X.T @ delta_hidden
net.train(X, y, epochs=60000, lr=2.0, shuffle=False)  # the library, in one line
print(f"after 60000 steps: the loop {np.abs(y - out).mean():.4f}, "
      f"the library {np.abs(y - net.predict(X)).mean():.4f}")
print("outputs:", np.round(net.predict(X).ravel(), 3).tolist())

# %% [markdown]
# The trained 3-4-1 network (in a notebook, as its diagram):

# %%
net
