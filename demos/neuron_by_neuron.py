"""Build the classic 2-2-1 network neuron by neuron and ask it for dL/dw1.

Run: python demos/neuron_by_neuron.py
"""

from neurons import Network

net = Network()
net.add_input("x1")
net.add_input("x2")
net.add_neuron("h1", {"x1": 1.0, "x2": 1.0}, bias=0.0, activation="sigmoid")
net.add_neuron("h2", {"x1": 1.0, "x2": 1.0}, bias=0.0, activation="sigmoid")
net.add_neuron("o1", {"h1": 1.0, "h2": 1.0}, bias=0.0, activation="sigmoid")

print(net)
print(net.parameters())
print()
print(net.explain("w1", x=[-2, -1], y=1, loss="mse"))
