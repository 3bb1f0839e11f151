# %% [markdown]
# # Vanishing and exploding gradients through time
#
# Carried back one step, dL/dh_t is multiplied by W_hh^T and by the hidden neurons'
# slopes f'(z): dL/dh_(t-1) = W_hh^T (dL/dh_t * f'(z_t)). Over d steps that is d such
# factors, so its size goes like rho^d, rho the spectral radius of W_hh (its largest
# eigenvalue in absolute value): below 1 the loss hardly reaches the early steps, above 1
# it can blow up. Here the same 8-neuron recurrent network over 30 steps, with W_hh scaled
# to rho = 0.5, 0.9, 1.1 and 1.5, tanh against ReLU, the loss at the last step only.
#
# Run: `python demos/vanishing_gradients.py` (or open it as a notebook: jupytext, VS Code).

# %%
import numpy as np

from neurons import Network, plot_gradient_through_time
from neurons.spectral import spectral_radius, with_spectral_radius
from neurons.through_time import hidden_gradients, through_time
from neurons.tour import publish

T = 30
x = np.random.default_rng(0).normal(size=(T, 1))  # one sequence: 30 steps of 1 input
y = [1.0]
nets = []
for activation in ("tanh", "relu"):
    base = Network.rnn(1, 8, 1, steps=T, activation=activation, outputs="last", seed=1)
    for rho in (0.5, 0.9, 1.1, 1.5):
        net = with_spectral_radius(base, rho)
        nets.append(net)
        g = np.linalg.norm(hidden_gradients(net, x, y), axis=1)  # ||dL/dh_t||, t = 1..30
        print(f"{activation:>4}, rho(W_hh) = {spectral_radius(net):.1f}: ||dL/dh_t|| at t = 30, "
              f"20, 10, 1: " + ", ".join(f"{g[t - 1]:.2e}" for t in (30, 20, 10, 1)))

# %% [markdown]
# Plotted against the distance from the loss, on a log scale: straight lines are
# geometric decay or growth. With tanh the slopes are at most 1, and rho decides: 0.5
# loses ten orders of magnitude over 29 steps, 1.5 grows. A ReLU's slope is 1 where the
# neuron is active and 0 where it is not, so a step back multiplies by W_hh restricted to
# the neurons active at that step, whose size is below rho when some are off: here even
# rho = 1.1 fades, and 1.5 only holds level.

# %%
ax = plot_gradient_through_time(nets, x, y)
publish(ax.figure, "rnn_gradient_through_time")

# %% [markdown]
# The same story in the gradient of one recurrent weight: its sum over time, grouped by
# how many recurrent factors each term carries. With rho = 0.5 the terms from more than a
# few steps back add almost nothing: what the network learns is what happened lately.

# %%
small = nets[0]
sums = through_time(small, "w_hh_1_2", x, y).by_distance()
print("tanh, rho = 0.5, dL/dw_hh_1_2 by distance:",
      ", ".join(f"{d}: {v:.1e}" for d, v in list(sums.items())[:8]), "...")
print(f"the terms 10 or more steps back add up to {sum(v for d, v in sums.items() if d >= 10):.1e}"
      f" of dL/dw_hh_1_2 = {sum(sums.values()):.2e}")
