# %% [markdown]
# # Watching a network learn two moons
#
# A 2-4-1 network (tanh hidden neurons, a sigmoid output) trained in 20 chunks of epochs:
# after each chunk one frame shows the diagram (edge colours and numbers are the weights at
# that moment) and the loss curve so far. The weights grow from their small random start
# as the hidden neurons find the directions that separate the moons.
#
# Run: `python demos/training_gif.py` (or open it as a notebook: jupytext, VS Code).

# %%
from neurons import Network, accuracy, animate_training, compare
from neurons.datasets import two_moons
from neurons.tour import diagrams_folder, publish

X, y = two_moons(200, noise=0.15, seed=0)
net = Network.dense([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)
gif, losses, _ = animate_training(net, X, y, epochs=200, lr=0.5, frames=20, batch_size=20,
                                  loss="binary_cross_entropy", shuffle=False, dpi=120,
                                  path=diagrams_folder() / "two_moons_training.gif")
print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f} over {len(losses)} epochs, training accuracy "
      f"{accuracy(net, X, y):.0%}; wrote {gif.name} ({gif.stat().st_size / 1e6:.2f} MB)")
print("both paths agree on the trained network:", compare(net, X, y, "binary_cross_entropy").passed)
publish(gif)  # in a notebook, the GIF plays under the cell
