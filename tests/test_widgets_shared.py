"""The notebook explorer on a network with shared parameters (issue 18): a slider per shared
parameter sets it for every edge that uses it (the widgets extra; CI installs it)."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from neurons.widgets import explore

from .test_shared_weights import X5, conv1d_by_hand


def test_a_shared_parameter_slider_moves_every_use():
    net = conv1d_by_hand(activation="identity")
    net.add_neuron("o1", {"h1": 0.5, "h2": -1.0, "h3": 0.25}, bias=None, activation="identity")
    explorer = explore(net, X5, 1.0)
    assert list(explorer.parameter_sliders) == ["w1", "w2", "w3", "k1", "k2", "k3", "c"]
    explorer.parameter_sliders["k2"].value = 1.5
    assert [net.weight(f"x{i + 2}", f"h{i + 1}") for i in range(3)] == [1.5] * 3
    assert explorer.outputs == {"o1": net.feedforward(X5)[0]}
    assert explorer.loss == pytest.approx((net.feedforward(X5)[0] - 1.0) ** 2, rel=1e-15)
    explorer.reset()
    assert net.parameter("k2") == -0.3
