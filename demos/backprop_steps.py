# %% [markdown]
# # Backpropagation one step at a time, on the diagram
#
# The worked 2-2-1 network again (all weights 1, biases 0; x = (-2, -1), y = 1, MSE), as the
# list of steps a hand derivation goes through: the forward pass neuron by neuron, the loss,
# the backward pass (each neuron's delta, then the gradients of its weights and bias), and
# one gradient-descent update with lr = 0.1. Each step is one equation with its numbers.
# Drawn at a step, the diagram looks like the page does once that step is done: what is
# known stands beside the neurons and on the edges, what is still to come is blank.
#
# Run: `python demos/backprop_steps.py` (or open it as a notebook: jupytext, VS Code).

# %%
from neurons import Network, animate_backprop, draw
from neurons.tour import diagrams_folder, publish

OUT = diagrams_folder()

net = Network.dense([2, 2, 1])  # x1, x2 -> h1, h2 -> o1, every neuron a sigmoid
net.set_parameter_vector([1.0] * 6 + [0.0] * 3)  # w1..w6 = 1, b1..b3 = 0
x, y = [-2.0, -1.0], 1.0

# %% [markdown]
# Every step in order: 3 forward steps, the loss, then 3 backward steps, each followed by the
# gradients of its neuron's weights and bias, and last the 9 updates.

# %%
steps = net.steps(x, y, loss="mse", lr=0.1)
print(f"{len(steps)} steps")
print(steps)

# %% [markdown]
# The gradients are the ones `net.gradients` gives, and the updates are one training step:

# %%
found = {s.parameter: s.value for s in steps if s.kind == "gradient"}
print("the same as net.gradients:", found == net.gradients(x, y, "mse"))
trained = Network.from_dict(net.to_dict())
trained.train([x], [y], epochs=1, lr=0.1, loss="mse", progress=False)
updated = {s.parameter: s.value for s in steps if s.kind == "update"}
print("one training step gives the same parameters:", updated == trained.parameters())

# %% [markdown]
# One backward step: delta_h1 needs only delta_o1 and the weight w5 between them. Drawn at
# that step, the deltas of o1 and h2 (done before) and of h1 are written; the gradients of
# w1, w2 and b1, and every update, are still blank.

# %%
step = next(s for s in steps if s.kind == "backward" and s.node == "h1")
print(step.text)
shown = draw(net, step=step)
publish(shown.figure, "backprop_step_delta_h1")  # into diagrams/, and under the cell

# %% [markdown]
# All the steps as a GIF, one frame per step, two seconds each:

# %%
gif = animate_backprop(net, x, y, loss="mse", lr=0.1, path=OUT / "backprop_steps.gif")
print(f"wrote {gif.path.name}: {len(gif.frames)} frames, one per step "
      f"({gif.path.stat().st_size / 1e6:.1f} MB)")
publish(gif.path)  # in a notebook, the GIF plays under the cell
