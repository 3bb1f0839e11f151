# %% [markdown]
# # The delta notation, and why backpropagation needs it
#
# Each neuron k gets one number, its delta: delta_k = dL/dz_k. At an output it is
# dL/da_k * f'(z_k); further back, delta_j = f'(z_j) * sum_k w_jk delta_k. Every gradient is
# then one product, dL/dw_jk = a_j delta_k. Written out without deltas, every path from a
# weight to the loss is a chain of its own, and the chains multiply with depth and width.
#
# Run: `python demos/delta_notation.py` (or open it as a notebook: jupytext, VS Code).

# %%
from neurons import Network, compare

net = Network.dense([2, 2, 2], bias=False, seed=0)  # 2-2-2, no biases: 8 weights
x, y = [0.5, -1.0], [1.0, 0.0]
net  # in a notebook a network shows as its diagram

# %% [markdown]
# The recurrence for w1 (x1 -> h1), layer by layer from the outputs back:

# %%
derivation = net.explain("w1", x, y, loss="mse")
print("\n".join(derivation.delta_lines(digits=4)))

# %% [markdown]
# Written out in full instead, every weight's derivative is a sum of chains of single
# partial derivatives. Counting their factors for the two classic shapes:


# %%
def expanded_factors(sizes):
    net = Network.dense(sizes, bias=False, seed=0)
    x, y = [0.5] * sizes[0], [1.0] * sizes[-1]
    return sum(net.explain(w, x, y).n_factors for w in net.parameters())


for sizes in ([1, 1, 1], [2, 2, 2]):
    print(f"{'-'.join(map(str, sizes))} without biases: {expanded_factors(sizes)} factors")

# %% [markdown]
# The deltas are what both paths compute: one loop over the neurons, or one matrix product
# per layer. They agree:

# %%
report = compare(net, [x], [y])
print(f"both paths agree: {report.passed} (largest gradient difference "
      f"{report.gradient_rel:.0e} of the largest gradient)")
