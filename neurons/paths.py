"""The two paths as methods of :class:`neurons.Network`: each hands the network to its module.

:class:`Paths` is a base class of ``Network``. The per-neuron path runs in
:mod:`neurons.backprop` (its forward loop in :mod:`neurons.forward`), derivations in
:mod:`neurons.explain`, and the vectorized path in :mod:`neurons.compiled`; each
method imports its module when called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import NetworkStructureError

if TYPE_CHECKING:
    from .compiled import CompiledNetwork
    from .explain import Derivation
    from .forward import Trace
    from .losses import Loss
    from .steps import Steps

__all__ = ["Paths"]


class Paths:
    """Running a network on data, on either path (mixed into :class:`Network`)."""

    # -- the per-neuron path (see neurons.backprop and neurons.explain) ----------------------
    def feedforward(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        """Return the output neurons' values for one sample (1-D array, one per output)."""
        from .backprop import forward_trace

        return forward_trace(self, x).output

    def forward_trace(self, x: Sequence[float] | np.ndarray) -> Trace:
        """Return every neuron's z and a for one sample (a :class:`neurons.backprop.Trace`)."""
        from .backprop import forward_trace

        return forward_trace(self, x)

    def predict(self, X: Any) -> np.ndarray:
        """Return the outputs for a batch on the per-neuron path (samples x outputs)."""
        from .backprop import predict

        return predict(self, X)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return the outputs read as probabilities (samples x outputs), on the per-neuron path.

        The output neurons' activations decide how (their ``probability`` attribute):

        * all outputs are sigmoids: their values already are probabilities, returned
          as :meth:`predict` gives them. One output gives shape (n, 1), the probability
          of class 1, which ``binary_cross_entropy`` trains (scikit-learn's two columns
          are ``np.hstack([1 - p, p])``); several give one independent probability per
          output neuron (multi-label), so rows need not sum to 1.
        * two or more outputs that are not all sigmoids: the softmax of the outputs
          (:func:`neurons.losses.softmax`), the class probabilities that
          ``softmax_cross_entropy`` trains. Each row sums to 1.
        * one output that is not a sigmoid has no probability to give: an error.

        The network's activations decide, not the loss it was trained with: the class
        probabilities of sigmoid outputs trained with ``softmax_cross_entropy`` are
        ``losses.softmax(net.predict(X))``.

        Raises
        ------
        IncompatibleLossError
            For a single output that is not a sigmoid (e.g. ``identity``).

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 3], activation="identity", seed=0)
        >>> p = net.predict_proba([[1.0, 2.0], [0.0, -1.0]])
        >>> p.shape, p.sum(axis=1).round(12).tolist()
        ((2, 3), [1.0, 1.0])
        >>> Network.dense([2, 1], activation="sigmoid", seed=0).predict_proba([[0.0, 0.0]])
        array([[0.5]])
        """
        from .backprop import predict
        from .proba import output_probabilities

        return output_probabilities(self, X, lambda X: predict(self, X, check_input=False))

    def loss(self, X: Any, Y: Any, loss: str | Loss = "mse") -> float:
        """Return the loss of the network on (X, Y), computed on the per-neuron path."""
        from .backprop import loss_value

        return loss_value(self, X, Y, loss)

    def gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> dict[str, float]:
        """Return dL/dparam for every parameter, averaged over the samples.

        See :func:`neurons.backprop.gradients` for the per-edge delta propagation.
        """
        from .backprop import gradients

        return gradients(self, X, Y, loss)

    def input_gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> np.ndarray:
        """Return dL/dx for every sample and input (samples x inputs), of the batch's mean loss.

        See :func:`neurons.backprop.input_gradients`: the deltas carried one edge further.
        """
        from .backprop import input_gradients

        return input_gradients(self, X, Y, loss)

    def explain(self, name: str, x: Any, y: Any, loss: str | Loss = "mse") -> Derivation:
        """Return the chain-rule derivation of dL/d``name`` for one sample (x, y).

        See :class:`neurons.explain.Derivation`.
        """
        from .explain import explain

        return explain(self, name, x, y, loss)

    def steps(self, x: Any, y: Any, loss: str | Loss = "mse", **options: Any) -> Steps:
        """Return one sample's forward pass, loss, backward pass (and, with ``lr=``, update)
        as ordered steps, each an equation with its numbers; see :mod:`neurons.steps`."""
        from .steps import steps

        return steps(self, x, y, loss, **options)

    # -- the vectorized path (see neurons.compiled) ------------------------------------------
    def compile(self, dtype: Any = np.float64) -> CompiledNetwork:
        """Gather the network into per-layer arrays for fast batched computation.

        The result is a snapshot: write trained values back with
        :meth:`update_from`, and call ``compiled.refresh()`` after changing the network.

        Parameters
        ----------
        dtype : numpy.float64 (default) or numpy.float32
        """
        from .compiled import CompiledNetwork

        return CompiledNetwork(self, dtype)

    def update_from(self, compiled: CompiledNetwork) -> None:
        """Write a compiled network's parameter values back into the neurons and edges.

        Raises
        ------
        NeuronsError
            When ``compiled`` belongs to another network, or the wiring changed since.
        """
        if compiled.net is not self:
            raise NetworkStructureError("this compiled network was made from a different Network")
        compiled.check_current()
        self.set_parameter_vector(compiled.parameter_vector())
