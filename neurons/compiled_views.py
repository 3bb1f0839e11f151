"""A compiled network's answers on raw data: the checks at the edge, and the same views as
the per-neuron path.

:class:`CompiledViews` is a base class of :class:`neurons.compiled.CompiledNetwork`.
Each method here checks its arguments once (:mod:`neurons.validation`), runs the
matrix products of :mod:`neurons.compiled` and returns what :class:`neurons.Network`
returns for the same question: outputs, probabilities, the loss, and gradients by
parameter name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from . import losses
from .errors import NetworkStructureError
from .validation import check_data, check_samples

if TYPE_CHECKING:
    from .activations import Activation
    from .layout import Layout
    from .losses import Loss
    from .network import Network

__all__ = ["CompiledViews"]


class CompiledViews:
    """Checked entry points and named views (mixed into :class:`CompiledNetwork`)."""

    net: Network
    dtype: np.dtype
    layout: Layout
    vector: np.ndarray
    _version: int | None
    _output_activation: Activation | None

    # -- checking the data once --------------------------------------------------------------
    def prepare(self, X: Any, Y: Any, loss: str | Loss,
                what: str = "") -> tuple[np.ndarray, np.ndarray]:
        """Check X and Y once and return them as arrays of the compiled dtype.

        ``what`` names the data in messages (``"validation"``).
        """
        self.check_current()
        X, T = check_data(self.net, X, Y, losses.get(loss), what=what)
        return X.astype(self.dtype, copy=False), T.astype(self.dtype, copy=False)

    def _inputs(self, X: Any) -> np.ndarray:
        self.check_current()
        return check_samples(self.net, X).astype(self.dtype, copy=False)

    def check_current(self) -> None:
        """Raise :class:`NetworkStructureError` if the network was rewired since compiling."""
        if self._version != self.net.wiring_version:
            raise NetworkStructureError(
                "the network's wiring changed after it was compiled; call refresh() "
                "(or compile again) before using these arrays with it"
            )

    # -- outputs -----------------------------------------------------------------------------
    def layer_outputs(self, X: Any, *, check_input: bool = True) -> list[np.ndarray]:
        """Return every layer's values for a batch: ``[X, A_1, ..., A_L]``, each samples x nodes
        of that layer (``net.layers`` order), from one forward pass.

        Examples
        --------
        >>> from neurons import Network
        >>> A = Network.dense([2, 3, 1], seed=0).compile().layer_outputs([[0.0, 1.0]])
        >>> [a.shape for a in A]
        [(1, 2), (1, 3), (1, 1)]
        """
        if check_input:
            X = self._inputs(X)
        return self._forward(X)[1]

    def forward(self, X: Any, *, check_input: bool = True) -> np.ndarray:
        """Return the outputs for a batch: a 2-D array, samples x output neurons.

        ``check_input=False`` takes X as :meth:`prepare` returns it, unchecked.
        """
        if check_input:
            X = self._inputs(X)
        return self._gather_outputs(self._forward(X)[1])

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return the outputs read as probabilities (samples x outputs), as
        :meth:`Network.predict_proba <neurons.Network.predict_proba>` does: sigmoid outputs as
        they are, two or more other outputs through :func:`neurons.losses.softmax`.

        Raises
        ------
        IncompatibleLossError
            For a single output that is not a sigmoid: it has no probability to give
            (the same rule, and the same message, as the per-neuron path).

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 4, 3], output_activation="identity", seed=0)
        >>> p = net.compile().predict_proba([[1.0, 2.0]])
        >>> bool(abs(p - net.predict_proba([[1.0, 2.0]])).max() < 1e-15), round(float(p.sum()), 12)
        (True, 1.0)
        """
        from .proba import output_probabilities

        self.check_current()
        return output_probabilities(
            self.net, X, lambda X: self.forward(X.astype(self.dtype, copy=False),
                                                check_input=False))

    def outputs_and_z(self, X: Any, *, check_input: bool = True
                      ) -> tuple[np.ndarray, np.ndarray]:
        """Return the outputs and the output neurons' weighted inputs z (the scores before
        the activation), both samples x outputs, from one forward pass.

        Examples
        --------
        >>> from neurons import Network
        >>> out, z = Network.dense([2, 1], seed=0).compile().outputs_and_z([[0.0, 0.0]])
        >>> out.tolist(), z.tolist()
        ([[0.5]], [[0.0]])
        """
        if check_input:
            X = self._inputs(X)
        Z, A = self._forward(X)
        return self._gather_outputs(A), self._gather_outputs(Z)

    def evaluate(self, X: Any, Y: Any, loss: str | Loss = "mse", *,
                 check_input: bool = True) -> tuple[float, np.ndarray]:
        """Return the loss on (X, Y) and the outputs (samples x outputs).

        ``check_input=False`` takes X and Y as :meth:`prepare` returns them.
        """
        loss = losses.get(loss)
        if check_input:
            X, Y = self.prepare(X, Y, loss)
        Z, A = self._forward(X)
        out = self._gather_outputs(A)
        return loss.output_value(out, self._gather_outputs(Z), Y, self._output_activation), out

    # -- the same views as the per-neuron path -----------------------------------------------
    def gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> dict[str, float]:
        """Return dL/dparam by name, averaged over the samples (as ``Network.gradients``)."""
        loss = losses.get(loss)
        X, T = self.prepare(X, Y, loss)
        dW, db, _ = self.backward(X, T, loss)
        return self.named(dW, db)

    def input_gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> np.ndarray:
        """Return dL/dx for every sample and input, samples x inputs (as
        :func:`neurons.backprop.input_gradients`, of the batch's mean loss).

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.dense([2, 2, 1])
        >>> net.set_parameters({f"w{i}": 1.0 for i in range(1, 7)} | {"b1": 0, "b2": 0, "b3": 0})
        >>> net.compile().input_gradients([-2, -1], 1).round(4).tolist()
        [[-0.0215, -0.0215]]
        """
        loss = losses.get(loss)
        X, T = self.prepare(X, Y, loss)
        return self.backward(X, T, loss, inputs=True)[3]

    def loss(self, X: Any, Y: Any, loss: str | Loss = "mse") -> float:
        """Return the loss on (X, Y)."""
        return self.evaluate(X, Y, loss)[0]

    def parameters(self) -> dict[str, float]:
        """Every parameter's current value, by name, in the network's order."""
        return dict(zip(self.net.parameter_slots(), self.parameter_vector().tolist()))

    def named(self, W: list[np.ndarray], b: list[np.ndarray]) -> dict[str, float]:
        """Map arrays shaped like ``blocks`` and ``biases`` (gradients, optimizer state) to
        parameter names, in the network's order; masked entries are left out."""
        flat = np.concatenate([w.reshape(-1) for w in W] + list(b))
        return dict(zip(self.net.parameter_slots(), self.layout.to_parameters(flat).tolist()))

    def unnamed(self, values: Mapping[str, float]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The inverse of :meth:`named`: arrays shaped like ``blocks`` and ``biases``, holding
        ``values`` (parameter name -> number; every parameter) and zero where masked."""
        vector = np.array([values[n] for n in self.net.parameter_slots()], dtype=float)
        return self.layout.views(self.layout.to_compiled(vector, np.empty_like(self.vector)))
