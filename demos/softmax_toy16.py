# %% [markdown]
# # A linear layer with a softmax: the 16-point toy set
#
# Sixteen rows of four 0/1 features; the label is simply the third feature. One linear
# layer 4 -> 2 (identity outputs, the class scores), a softmax over the two scores and the
# cross-entropy of the correct class; random mini-batches of 4 from the 8 training rows.
#
# Run: `python demos/softmax_toy16.py` (or open it as a notebook: jupytext, VS Code).

# %%
import numpy as np

from neurons import Network, accuracy, compare, initializers, losses
from neurons.datasets import toy16

s = toy16()  # rows 0-7 train, 8-11 validation, 12-15 test
net = Network.dense([4, 2], activation="identity", init=initializers.Normal(1.0), seed=0)
history = net.train(s.X_train, s.y_train, epochs=2000, lr=0.01, batch_size=4,  # 4000 steps
                    loss="softmax_cross_entropy", seed=0, validation=(s.X_val, s.y_val))
print(f"loss {history.loss[0]:.3f} -> {history.loss[-1]:.3f}; "
      f"validation accuracy {accuracy(net, s.X_val, s.y_val):.0%}, "
      f"test accuracy {accuracy(net, s.X_test, s.y_test):.0%}")

# %% [markdown]
# The trained layer (in a notebook, as its diagram): the weights from x3, the feature the
# label copies, are the largest, pushing o2 up and o1 down.

# %%
net

# %% [markdown]
# The gradient of softmax + cross-entropy with respect to the scores is the softmax output
# with 1 subtracted at the correct class (divided by the batch size, for the mean). For one
# batch of four:

# %%
X, y = s.X_train[:4], s.y_train[:4]
p = net.predict_proba(X)  # the softmax of the two scores
one_hot = np.eye(2)[y]
print("softmax - one_hot, per sample:")
print(np.round(p - one_hot, 4))
dL_dscores = losses.get("softmax_cross_entropy").gradient(net.predict(X), one_hot)
print("the loss's own gradient times 4 is the same:", np.allclose(4 * dL_dscores, p - one_hot))

# %% [markdown]
# A bias's gradient is the sum of its column over the batch (here divided by 4, the mean);
# both paths compute the same:

# %%
grads = net.gradients(X, y, "softmax_cross_entropy")
print("dL/db1, dL/db2 =", round(grads["b1"], 6), round(grads["b2"], 6),
      "| mean of the columns:", np.round((p - one_hot).mean(axis=0), 6).tolist())
print("both paths agree:", compare(net, X, y, "softmax_cross_entropy").passed)
