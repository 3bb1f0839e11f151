"""Numerics: inputs of magnitude up to 1e4 give finite values and gradients, and no warnings.

The activations and losses are checked one by one in their own test modules; here the
whole chain runs, on both paths, for every activation and loss (warnings are errors in
this suite, so an overflow or invalid-value warning anywhere fails the test).
"""

import numpy as np
import pytest

from neurons import Network, activations, losses

X = np.array([[1e4, -1e4, 0.5], [-1e4, 1e4, -1e4], [1e4, 1e4, 1e4], [-1e4, -1e4, -1e4]])


@pytest.mark.parametrize("loss", losses.names())
@pytest.mark.parametrize("activation", activations.names())
def test_inputs_of_1e4_give_finite_outputs_losses_and_gradients(activation, loss):
    outputs = 2 if loss == "softmax_cross_entropy" else 1
    out = "sigmoid" if loss == "binary_cross_entropy" else activation
    net = Network.dense([3, 4, outputs], activation=activation, output_activation=out, seed=0)
    Y = [0, 1, 1, 0] if outputs == 2 else [1.0, 0.0, 1.0, 0.0]
    fast = net.compile()
    for values in (net.predict(X), fast.forward(X)):
        assert np.isfinite(values).all()
    for value in (net.loss(X, Y, loss), fast.loss(X, Y, loss)):
        assert np.isfinite(value)
    for grads in (net.gradients(X, Y, loss), fast.gradients(X, Y, loss)):
        assert np.isfinite(list(grads.values())).all()
