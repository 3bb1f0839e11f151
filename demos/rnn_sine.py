# %% [markdown]
# # A recurrent network learns to continue a noisy sine wave
#
# Each sequence is 20 noisy samples of a sine wave with its own period (8 to 16 steps)
# and phase; at every step the network is asked for the next value. One input, 16
# tanh hidden neurons and one output per step, unrolled over the 20 steps: 340 neurons
# sharing 305 parameters. `net.train` runs it on the vectorized path as a loop over
# time, one matrix product per step forward and one back.
#
# Run: `python demos/rnn_sine.py` (or open it as a notebook: jupytext, VS Code).

# %%
import matplotlib.pyplot as plt
import numpy as np

from neurons import Network, datasets
from neurons.tour import publish

X, Y = datasets.sine_sequences(800, steps=20, noise=0.1, seed=0)
X_val, Y_val = datasets.sine_sequences(200, steps=20, noise=0.1, seed=1)
net = Network.rnn(1, 16, 1, steps=20, seed=0)
print(net, "|", net.recurrences[0])
print("X is samples x steps x inputs:", X.shape, " Y is samples x steps:", Y.shape)

history = net.train(X, Y, epochs=40, lr=0.01, optimizer="adam", batch_size=32, seed=0,
                    validation=(X_val, Y_val), progress=False)
print(f"mse {history.loss[0]:.3f} -> {history.loss[-1]:.3f}; validation "
      f"{history.val_loss[-1]:.3f}")

# %% [markdown]
# The first steps have seen too little of the wave to know its period. From step 6 on,
# the network's error is close to the noise's own variance (0.01 on the targets), far
# below "the next value is the last one":

# %%
predicted = net.predict(X_val)
late = slice(5, None)
print(f"from step 6 on: network {np.mean((predicted[:, late] - Y_val[:, late]) ** 2):.4f}, "
      f"repeating the last value {np.mean((X_val[:, late, 0] - Y_val[:, late]) ** 2):.4f}")
fast = net.compile()
print("both paths agree:", np.abs(fast.forward(X_val[:3]) - net.predict(X_val[:3])).max()
      < 1e-12 and max(abs(a - b) for a, b in zip(
          net.gradients(X_val[:3], Y_val[:3]).values(),
          fast.gradients(X_val[:3], Y_val[:3]).values())) < 1e-12)

# %% [markdown]
# The learning curve, and one validation sequence: the inputs, the targets (the next
# values) and the network's prediction at each step.

# %%
publish(history.plot().figure, "rnn_sine_learning_curve")
fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
steps = np.arange(1, 21)
ax.plot(steps, X_val[0, :, 0], "o", color="0.6", label="input x_t")
ax.plot(steps, Y_val[0], "s", mfc="none", color="C0", label="target: x_(t+1)")
ax.plot(steps, predicted[0], "-", color="C1", lw=2, label="prediction y_t")
ax.set(xlabel="time step t", ylabel="value", xticks=steps[::2],
       title="One validation sequence, predicted one step ahead")
fig.legend(loc="outside lower center", ncols=3)  # below the axes, clear of the points
publish(fig, "rnn_sine_prediction")
