# %% [markdown]
# # The chain rule on a computation graph, before any network
#
# L(x) = 3x^2 + 2, computed in three small steps: n = x^2, m = 3n, L = m + 2.
# Forward, each node's value; backward, each node's derivative dL/d(node), from L down to x,
# each one the derivative above it times the local derivative of one step. Backpropagation
# in a network is this walk, done for every neuron.
#
# Run: `python demos/chain_rule.py` (or open it as a notebook: jupytext, VS Code).

# %%
import matplotlib.pyplot as plt
import numpy as np

from neurons.tour import publish

x = 2.0

# forward: one step per node
n = x**2  # n = x^2
m = 3 * n  # m = 3n
L = m + 2  # L = m + 2
print(f"forward:  x = {x:g}, n = x^2 = {n:g}, m = 3n = {m:g}, L = m + 2 = {L:g}")

# %%
# backward: dL/d(node) = dL/d(next node) * d(next node)/d(node)
dL_dL = 1.0
dL_dm = dL_dL * 1.0  # L = m + 2: dL/dm = 1
dL_dn = dL_dm * 3.0  # m = 3n:    dm/dn = 3
dL_dx = dL_dn * (2 * x)  # n = x^2: dn/dx = 2x
print(f"backward: dL/dL = {dL_dL:g}, dL/dm = {dL_dm:g}, dL/dn = {dL_dn:g}, "
      f"dL/dx = 2x * 3 = 6x = {dL_dx:g}")

# %% [markdown]
# The same number from the definition of a derivative, by central differences:


# %%
def loss(x):
    return 3 * x**2 + 2


h = 1e-6
numeric = (loss(x + h) - loss(x - h)) / (2 * h)
print(f"central difference: {numeric:.6f} (chain rule: {dL_dx:g})")

# %% [markdown]
# dL/dx is the slope of L at x = 2: the tangent there rises 12 for each step of 1 in x.
# In a notebook the picture shows under the cell:

# %%
xs = np.linspace(0.0, 3.0, 61)
fig, ax = plt.subplots(figsize=(5, 3.5), layout="constrained")
ax.plot(xs, loss(xs), label="L(x) = 3x^2 + 2")
ax.plot(xs, L + dL_dx * (xs - x), "--", label=f"tangent at x = {x:g}, slope dL/dx = {dL_dx:g}")
ax.plot(x, L, "o", color="black")
ax.set(xlabel="x", ylabel="L", ylim=(0, 30))
ax.legend()
publish(fig)  # no file name: only shown, in a notebook
