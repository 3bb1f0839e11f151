"""The demo tour: ``python -m neurons tour``.

For now it walks through the classic worked examples that the library pins in
its tests: one neuron, the 2-2-1 network, the mean squared error, and the hand
derivation of one partial derivative, printed factor by factor, checked
against central differences and against the vectorized path, and the
height/weight network trained on both paths. Later walkthroughs (diagrams)
join it as they land.
"""

from __future__ import annotations

import numpy as np

from .compare import compare
from .datasets import height_weight
from .gradcheck import gradient_check
from .losses import get as get_loss
from .network import Network
from .neuron import Neuron


def build_221(w: tuple[float, ...], b: tuple[float, ...] = (0.0, 0.0, 0.0)) -> Network:
    """The classic 2-2-1 sigmoid network, wired neuron by neuron."""
    net = Network()
    net.add_input("x1")
    net.add_input("x2")
    net.add_neuron("h1", {"x1": w[0], "x2": w[1]}, bias=b[0])
    net.add_neuron("h2", {"x1": w[2], "x2": w[3]}, bias=b[1])
    net.add_neuron("o1", {"h1": w[4], "h2": w[5]}, bias=b[2])
    return net


def main() -> None:
    """Print the tour."""
    print("1. One neuron: weights [0, 1], bias 4, input [2, 3]")
    print(f"   output = sigmoid(7) = {Neuron([0, 1], 4).feedforward([2, 3])!r}\n")

    net = build_221((0, 1, 0, 1, 0, 1))
    print("2. The 2-2-1 network, every neuron with weights [0, 1] and bias 0, input [2, 3]")
    print(net.forward_trace([2, 3]), "\n")

    mse = get_loss("mse").value(np.zeros((4, 1)), np.array([[1.0], [0.0], [0.0], [1.0]]))
    print(f"3. Mean squared error of [1, 0, 0, 1] against [0, 0, 0, 0]: {mse}\n")

    net = build_221((1, 1, 1, 1, 1, 1))
    print("4. All weights 1, biases 0; one sample x = (-2, -1), y = 1:\n")
    print(net.explain("w1", [-2, -1], 1))
    print("   (Hand derivations often round y_pred to 0.524 first and so print dL/dy_pred as\n"
          "   -2 (1 - 0.524) = -0.952; unrounded it is -0.9526.)\n")

    check = gradient_check(net, [[-2, -1], [1.0, 0.5]], [1, 0])
    print("5. Every gradient against central differences:")
    print(check, "\n")

    print("6. The same network on the vectorized path (one matrix product per layer):")
    print(compare(net, [[-2, -1], [1.0, 0.5]], [1, 0]), "\n")

    X, y, _ = height_weight("train")
    X_new, _, names = height_weight("test")
    print("7. Training the 2-2-1 network on the four people (per-sample SGD, 1000 epochs):")
    for path in ("neurons", "vectorized"):
        trained = Network.dense([2, 2, 1], seed=1)
        history = trained.train(X, y, epochs=1000, lr=0.1, batch_size=1, shuffle=False,
                                path=path)
        scores = ", ".join(f"{n} {p:.3f}" for n, p in zip(names, trained.predict(X_new)[:, 0]))
        print(f"   {path:>10} path: loss {history.loss[0]:.4f} -> {history.loss[-1]:.5f}; "
              f"{scores} (1 = female)")


if __name__ == "__main__":
    main()
