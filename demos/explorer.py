# %% [markdown]
# # The worked 2-2-1 network in a notebook explorer
#
# The hand-derivation network (all weights 1, biases 0; one sample x = (-2, -1), y = 1)
# with sliders: step through the forward pass, the loss and the backward pass one equation
# at a time, and move a weight or a bias to watch the output, the loss, every gradient,
# the diagram and the derivation of dL/dw1 follow.
#
# Needs the widgets extra (`pip install -e ".[widgets]"`). Open it as a notebook (jupytext,
# VS Code); `python demos/explorer.py` prints the same numbers without the widgets.

# %%
from neurons import Network
from neurons.widgets import explore

net = Network.dense([2, 2, 1])  # x1, x2 -> h1, h2 -> o1, sigmoid
net.set_parameters({"w1": 1.0, "w2": 1.0, "w3": 1.0, "w4": 1.0, "w5": 1.0, "w6": 1.0,
                    "b1": 0.0, "b2": 0.0, "b3": 0.0})

explorer = explore(net, x=[-2.0, -1.0], y=1.0)
explorer

# %% [markdown]
# The next button, from code: each step is an equation with its numbers.

# %%
print(explorer.step.text)
for _ in range(3):
    print(explorer.next().text)

# %% [markdown]
# The w5 slider, from code. The sliders set the parameters of `net` itself; `reset()` puts
# them back.

# %%
explorer.parameter_sliders["w5"].value = 0.5
print(f"w5 = {net.parameter('w5')}: y_pred = {explorer.outputs['o1']:.3f}, "
      f"loss = {explorer.loss:.3f}, dL/dw1 = {explorer.gradients['w1']:.4f}")
explorer.reset()
print(f"w5 = {net.parameter('w5')}: y_pred = {explorer.outputs['o1']:.3f}, "
      f"loss = {explorer.loss:.3f}, dL/dw1 = {explorer.gradients['w1']:.4f}")
