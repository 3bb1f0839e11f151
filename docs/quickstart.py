from neurons import Network, draw
from neurons.datasets import xor

X, y = xor()                                      # XOR's four rows
net = Network.dense([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=1)
history = net.train(X, y, epochs=300, lr=0.02, loss="binary_cross_entropy",
                    optimizer="adam")
print(history, net.predict(X).round(2).ravel())   # outputs near 0 1 1 0
draw(net, values=X[2]).figure.savefig("xor.png")  # every neuron's z and a for (1, 0)
print(net.explain("w1", x=X[2], y=y[2], loss="binary_cross_entropy"))  # dL/dw1
