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
