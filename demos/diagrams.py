# %% [markdown]
# # The worked 2-2-1 network drawn, and the activations
#
# The hand-derivation network (all weights 1, biases 0; one sample x = (-2, -1), y = 1) four
# ways: its weights, a sample's values, the gradients of that sample, and the chain of
# dL/dw1 highlighted; the values again for a phone's screen; and every activation beside its
# derivative. The pictures go to
# diagrams/ (or $NEURONS_DIAGRAMS_DIR) and, in a notebook, show under their cells.
#
# Run: `python demos/diagrams.py` (or open it as a notebook: jupytext, VS Code).

# %%
from neurons import Network, draw, plot_activations
from neurons.tour import publish

net = Network()
net.add_input("x1")
net.add_input("x2")
for h in ("h1", "h2"):
    net.add_neuron(h, {"x1": 1.0, "x2": 1.0})
net.add_neuron("o1", {"h1": 1.0, "h2": 1.0})
x, y = [-2.0, -1.0], 1.0

# %%
pictures = {
    "221_weights": {"names": True},
    "221_values": {"values": x},
    "221_gradients": {"gradients": (x, y, "mse"), "names": True},
    "221_highlight_w1": {"gradients": (x, y, "mse"), "highlight": "w1"},
    # For a phone: texts, neurons and lines twice as large on a diagram as wide, the colour
    # bars under it, so the numbers stay about 11 px high shown 360 px wide.
    "221_values_phone": {"values": x, "text_scale": 2},
}
for stem, options in pictures.items():
    shown = draw(net, **options)  # a NetworkDisplay: its ax, figure and artists
    publish(shown.figure, stem)  # into diagrams/, and under the cell

# %%
publish(plot_activations(), "activations")
