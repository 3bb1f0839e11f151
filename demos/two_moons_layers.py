# %% [markdown]
# # A network given as a list of layer dicts, on two moons: ReLU against tanh
#
# The layer-list format many tutorials use, one dict per layer, on the two-moons set with
# binary cross-entropy. The same architecture twice, with ReLU and with tanh hidden layers:
# how well each fits, where each draws the boundary, and what each neuron computes.
#
# Run: `python demos/two_moons_layers.py` (or open it as a notebook: jupytext, VS Code).

# %%
import matplotlib.pyplot as plt

from neurons import Network, accuracy, compare, draw_neuron_maps, plot_decision_boundary
from neurons.datasets import two_moons
from neurons.tour import publish

X, y = two_moons(400, noise=0.15, seed=0)
nets = {}
for hidden in ("relu", "tanh"):
    nets[hidden] = Network.from_architecture([
        {"input_dim": 2, "output_dim": 8, "activation": hidden},
        {"input_dim": 8, "output_dim": 8, "activation": hidden},
        {"input_dim": 8, "output_dim": 1, "activation": "sigmoid"},
    ], seed=0)
    history = nets[hidden].train(X, y, epochs=200, lr=0.5, batch_size=32,
                                 loss="binary_cross_entropy", seed=0)
    print(f"{hidden:>4} hidden layers: loss {history.loss[0]:.3f} -> {history.loss[-1]:.3f}, "
          f"training accuracy {accuracy(nets[hidden], X, y):.1%}")

# %%
print("both paths agree:", compare(nets["tanh"], X[:16], y[:16], "binary_cross_entropy").passed)

# %% [markdown]
# ReLU draws its boundary from straight pieces; tanh bends it smoothly:

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 5), layout="constrained")
for ax, (hidden, net) in zip(axes, nets.items()):
    plot_decision_boundary(net, X, y, ax=ax, resolution=150)
    ax.set_title(f"{hidden} hidden layers: {accuracy(net, X, y):.1%} of the training points")
publish(fig, "two_moons_relu_tanh")  # into diagrams/, and under the cell

# %% [markdown]
# Every neuron's output over the input plane, where it sits in the tanh network: the first
# layer cuts the plane with lines, the second combines them into curves.

# %%
fig = draw_neuron_maps(nets["tanh"], X_range=((-1.5, 2.5), (-1.0, 1.5)))
publish(fig, "two_moons_neuron_maps")
