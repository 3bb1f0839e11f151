"""Draw the pictures in diagrams/: the worked 2-2-1 network, activations, two moons.

Run: python demos/diagrams.py   (set NEURONS_DIAGRAMS_DIR to write elsewhere)
"""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no window
import matplotlib.pyplot as plt

from neurons import (
    Network,
    draw,
    draw_neuron_maps,
    plot_activations,
    plot_decision_boundary,
    save_figure,
)
from neurons.datasets import two_moons

OUT = Path(os.environ.get("NEURONS_DIAGRAMS_DIR", Path(__file__).resolve().parent.parent
                          / "diagrams"))

# The hand-derivation network: all weights 1, biases 0; one sample x = (-2, -1), y = 1.
net = Network()
net.add_input("x1")
net.add_input("x2")
for h in ("h1", "h2"):
    net.add_neuron(h, {"x1": 1.0, "x2": 1.0})
net.add_neuron("o1", {"h1": 1.0, "h2": 1.0})
x, y = [-2.0, -1.0], 1.0

pictures = {
    "221_weights": {"names": True},
    "221_values": {"values": x},
    "221_gradients": {"gradients": (x, y, "mse"), "names": True},
    "221_highlight_w1": {"gradients": (x, y, "mse"), "highlight": "w1"},
}
for stem, options in pictures.items():
    ax = draw(net, **options)
    for path in save_figure(ax.figure, OUT / stem):
        print("wrote", path)
    plt.close(ax.figure)

fig = plot_activations()
print("wrote", *save_figure(fig, OUT / "activations"))
plt.close(fig)

X, labels = two_moons(300, noise=0.15, seed=0)
moons = Network.dense([2, 8, 8, 1], activation="tanh", output_activation="sigmoid", seed=0)
moons.train(X, labels, epochs=200, lr=0.5, batch_size=32, loss="binary_cross_entropy", seed=0)
ax = plot_decision_boundary(moons, X, labels)
print("wrote", *save_figure(ax.figure, OUT / "two_moons_boundary"))
plt.close(ax.figure)
fig = draw_neuron_maps(moons, X_range=((-1.5, 2.5), (-1.0, 1.5)))
print("wrote", *save_figure(fig, OUT / "two_moons_neuron_maps"))
plt.close(fig)
