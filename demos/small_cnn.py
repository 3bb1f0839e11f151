# %% [markdown]
# # A small convolutional network on stroke images
#
# `datasets.shapes` draws 8x8 images of one stroke each, in four directions, anywhere it
# fits: no linear model of the pixels tells them apart, a small convolution does. The
# layer dicts build the network neuron by neuron (144 convolution neurons sharing 4
# kernels of 3x3, 36 max-pooling neurons, 4 outputs); `net.train` runs the convolution
# as a convolution on the vectorized path.
#
# Run: `python demos/small_cnn.py` (or open it as a notebook: jupytext, VS Code).

# %%
import numpy as np

from neurons import Network, datasets, draw, draw_feature_maps, draw_kernels
from neurons.history import accuracy
from neurons.tour import publish

X, y, names = datasets.shapes(1200, noise=0.1, seed=0)
X_test, y_test, _ = datasets.shapes(400, noise=0.1, seed=1)
net = Network.from_architecture([
    {"type": "conv2d", "in_shape": (1, 8, 8), "channels": 4, "kernel": 3, "activation": "relu"},
    {"type": "maxpool2d", "size": 2},
    {"type": "dense", "output_dim": 4, "activation": "identity"},
], seed=0)
print(net, "|", len(net.shared_parameters), "shared parameters in", net.grids[0].describe(),
      "and", net.grids[1].describe())

history = net.train(X, y, epochs=30, lr=0.01, loss="softmax_cross_entropy", optimizer="adam",
                    batch_size=32, seed=0, progress=False)
print(f"loss {history.loss[0]:.3f} -> {history.loss[-1]:.3f}; training accuracy "
      f"{accuracy(net, X, y):.1%}, test accuracy {accuracy(net, X_test, y_test):.1%}")
linear = Network.dense([64, 4], output_activation="identity", seed=0)
linear.train(X, y, epochs=30, lr=0.01, loss="softmax_cross_entropy", optimizer="adam",
             batch_size=32, seed=0, progress=False)
print(f"a linear model of the pixels: test accuracy {accuracy(linear, X_test, y_test):.1%}")

# %% [markdown]
# What it learned: each channel's 3x3 kernel, what the channels make of one test image,
# and the receptive field of one pooled neuron (the 4x4 patch of the image it sees,
# through the kernel of channel 2 and the max over four convolution neurons).

# %%
publish(draw_kernels(net, "c1").figure, "small_cnn_kernels")
publish(draw_feature_maps(net, X_test[0]).figure, "small_cnn_feature_maps")
publish(draw(net, highlight="p1_2_2_2", values=X_test[0]).figure, "small_cnn_field")

# %% [markdown]
# The per-neuron path computes the same network, one edge at a time: on a few images
# both paths give the same outputs and gradients.

# %%
fast = net.compile()
g_slow = net.gradients(X[:3], y[:3], loss="softmax_cross_entropy")
g_fast = fast.gradients(X[:3], y[:3], loss="softmax_cross_entropy")
print("both paths agree:", np.abs(net.predict(X[:3]) - fast.forward(X[:3])).max() < 1e-12
      and max(abs(g_slow[p] - g_fast[p]) for p in g_slow) < 1e-12)
