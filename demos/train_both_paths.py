"""Train the classic height/weight network on both paths and get the same network twice.

Run: python demos/train_both_paths.py
"""

from neurons import Network
from neurons.datasets import height_weight

X, y, _ = height_weight("train")
X_new, _, names = height_weight("test")

nets = {}
for path in ("neurons", "vectorized"):
    net = Network.dense([2, 2, 1], seed=1)  # the 2-2-1 sigmoid network, same start
    history = net.train(X, y, epochs=1000, lr=0.1, batch_size=1, shuffle=False, path=path)
    nets[path] = net
    scores = ", ".join(f"{n} {p:.3f}" for n, p in zip(names, net.predict(X_new)[:, 0]))
    print(f"{path:>10} path: loss {history.loss[0]:.4f} -> {history.loss[-1]:.5f}; {scores}")

slow, fast = nets["neurons"].parameters(), nets["vectorized"].parameters()
print(f"largest parameter difference between the two paths: "
      f"{max(abs(slow[p] - fast[p]) for p in slow):.1e}")
