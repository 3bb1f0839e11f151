# %% [markdown]
# # A 3-3-3-1 sigmoid network: initialisation, momentum, and a gradient check
#
# XOR of the first two of three inputs (the 3-input table), learned by two hidden layers of
# three sigmoid neurons. How the weights start decides whether plain gradient descent gets
# anywhere; momentum (v <- mu v - lr g; w <- w + v, mu = 0.9, one velocity per weight) gets
# there much sooner.
#
# Run: `python demos/momentum_init.py` (or open it as a notebook: jupytext, VS Code).

# %%
import warnings

import numpy as np

from neurons import Network, compare, gradient_check, plot_histories
from neurons.datasets import tabular3
from neurons.tour import publish

X, y = tabular3("xor")
runs = {}
for init in ("normal", "he"):  # small random (randn * 0.1), and He (randn * sqrt(2 / fan_in))
    for optimizer in ("sgd", "momentum"):
        net = Network.dense([3, 3, 3, 1], init=init, seed=0)
        history = net.train(X, y, epochs=3000, lr=0.5, optimizer=optimizer, shuffle=False)
        runs[f"{init} init, {optimizer}"] = history
        print(f"{init:>6} init, {optimizer:>8}: loss {history.loss[0]:.4f} -> "
              f"{history.loss[-1]:.4f}, outputs {np.round(net.predict(X).ravel(), 2).tolist()}")

# %% [markdown]
# Small random weights leave a deep sigmoid network on a plateau (every output near 0.5);
# He's larger start lets gradient descent move, and momentum finishes the job:

# %%
curves = plot_histories(runs)  # a HistoryDisplay: the loss axes, the legend, the runs
curves.ax.set_title("gradient descent against momentum, from two starts")
curves.ax.set_yscale("log")
publish(curves.figure, "momentum_vs_gradient_descent")  # into diagrams/, and under the cell

# %% [markdown]
# Backpropagation against central differences, on the He-initialised network:

# %%
net = Network.dense([3, 3, 3, 1], init="he", seed=0)
check = gradient_check(net, X, y)
print(f"gradient check: worst relative error {check.worst_relative_error:.1e} "
      f"({check.worst_parameter}), {'passed' if check.passed else 'FAILED'}")
print("both paths agree:", compare(net, X, y).passed)

# %% [markdown]
# All-zero weights: the hidden neurons of a layer get identical gradients, so they stay
# identical however long they train (the library warns about it):

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    net.initialize("zeros")
print("warning:", caught[0].message)
net.train(X, [0.0, 0.0, 0.0, 1.0], epochs=500, lr=2.0, shuffle=False)  # AND, to move at all
hidden = [net.neuron(h).weights for h in net.layers[1]]
print("hidden layer 1 weights after training:", [np.round(w, 3).tolist() for w in hidden])
print("all three identical:", all(np.array_equal(w, hidden[0]) for w in hidden))
