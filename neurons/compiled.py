"""The vectorized path: the same network and the same mathematics, one matrix product per layer.

:meth:`Network.compile` gathers the neurons' weights into arrays. Nodes keep
their layer (``net.layers``); for every pair (source layer s, target layer t)
that has at least one connection there is a block ``W[s, t]`` of shape
(nodes in s) x (neurons in t), whose entry [j, k] is w_jk. A connection the
graph does not have is a zero held fixed by a mask, so networks that are not
fully connected, and connections that skip layers, compile too. A neuron
without a bias has a fixed zero bias.

Each line below replaces a loop of :mod:`neurons.backprop` (rows are samples)::

    Z_t = sum_s A_s @ W[s, t] + b_t        # z_k = sum_j w_jk a_j + b_k, every k and sample
    A_t = f(Z_t)                           # a_k = f(z_k)
    delta_t = dL/dA_t * f'(Z_t, A_t)       # delta_k = dL/da_k f'(z_k)
    dW[s, t] = A_s.T @ delta_t             # dL/dw_jk = sum over samples of a_j delta_k
    db_t = delta_t.sum(axis=0)             # dL/db_k = sum over samples of delta_k
    dL/dA_s += delta_t @ W[s, t].T         # delta_j collects w_jk delta_k
    dL/dX = sum_t delta_t @ W[0, t].T      # dL/dx_j = sum_k w_jk delta_k (input_gradients)

A network that is one recurrence unrolled over time (``Network.rnn``), still wired as
its record says, runs as a loop over the steps instead, with the same sums::

    Z_t = X_t @ W_xh.T + H_(t-1) @ W_hh.T + b_h    # one product per step (the X part: once)
    delta_t = (dL/dH_t + delta_(t+1) @ W_hh) * f'(Z_t)      # back through time, one product
    dW_hh = sum over t of delta_t.T @ H_(t-1)                # every step in one product

The activations and losses are the very objects the per-neuron path uses.
All weight blocks and bias vectors are views into one flat array,
``compiled.vector``; :mod:`neurons.layout` maps it to the network's parameter
order, so compiling and writing back cost a few array copies.

Public methods take data as users give it and check it once (:mod:`neurons.data`);
their ``*_prepared`` twins and :meth:`CompiledNetwork.backward` take arrays as
:meth:`CompiledNetwork.prepare` returns them and check nothing, for training loops.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np

from . import losses
from .activations import Activation
from .checks import check_dtype
from .data import check_data, check_samples
from .errors import NetworkStructureError, ShapeError
from .layout import GridOp, Layout, MaxOp, RecurrentOp
from .proba import output_probabilities

if TYPE_CHECKING:
    from .core import NetworkCore
    from .losses import Loss

__all__ = ["CompiledNetwork", "WeightBlock", "update_from"]


@dataclass
class WeightBlock:
    """The connections from layer ``s`` into layer ``t`` as one matrix (rows: sources)."""

    index: int  # position in CompiledNetwork.blocks (and in the gradients list)
    s: int
    t: int
    W: np.ndarray  # a view into CompiledNetwork.vector
    mask: np.ndarray | None  # 1 where a connection exists; None: every entry is one


class CompiledNetwork:
    """A :class:`Network` gathered into per-layer arrays for batched computation.

    Make one with ``net.compile()``; train on it and write the values back
    with ``net.update_from(compiled)``; after changing the network, call
    :meth:`refresh`.

    Attributes
    ----------
    blocks : list of WeightBlock
        Weight blocks, by target layer then source layer; ``block.W`` is the array.
    biases : list of np.ndarray
        ``biases[t - 1]`` is layer t's bias vector.
    vector : np.ndarray
        All of them in one flat array (the blocks and biases are views into it).
    shared : np.ndarray
        The shared parameters' values, in the network's order: the end of ``vector``,
        from ``layout.shared_offset`` on (empty when the network has none).
    bias_masks : list of np.ndarray or None
        1 where a neuron of layer t has a bias; None when all have one.
    activation_groups : list of list of (Activation, column indices or None)
        Per layer, its neurons grouped by activation (None: the whole layer).
    layout : neurons.layout.Layout
        Where each parameter sits in ``vector``.
    dtype : numpy dtype

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 3, 1], seed=0)
    >>> fast = net.compile()
    >>> bool(abs(fast.forward([[2.0, 3.0]])[0, 0] - net.feedforward([2.0, 3.0])[0]) < 1e-15)
    True
    """

    def __init__(self, net: NetworkCore, dtype: Any = np.float64) -> None:
        self.net = net
        self.dtype = check_dtype(dtype)
        self._version: int | None = None
        self.refresh()

    # -- gathering from the graph ------------------------------------------------------------
    def refresh(self) -> None:
        """Gather the arrays from the network again (after its wiring or values changed)."""
        net, dt = self.net, self.dtype
        if not net.outputs:
            raise NetworkStructureError("the network has no neurons yet: add some with add_neuron")
        if self._version != net.wiring_version:  # the map from names to arrays: per wiring
            self.layout = net.derived("compiled layout", lambda: Layout(net))
            self._version = net.wiring_version
            if self.layout.recurrent is None and any(r.truncate is not None
                                                     for r in net.recurrences):
                raise NetworkStructureError(
                    "truncated backpropagation through time runs on a network that is one "
                    "recurrence wired as its record says; this one was changed since it was "
                    "built: use the per-neuron path, or build it again")
        layout = self.layout
        self.sizes = layout.sizes
        self.vector = layout.to_compiled(net.parameter_vector(), np.empty(layout.size, dt))
        W, self.biases = layout.views(self.vector)
        self.blocks = [WeightBlock(i, b.s, b.t, w, None if b.mask is None else b.mask.astype(dt))
                       for i, (b, w) in enumerate(zip(layout.blocks, W))]
        self.bias_masks = [None if m is None else m.astype(dt) for m in layout.bias_masks]
        self._into: list[list[WeightBlock]] = [[] for _ in self.sizes]
        for block in self.blocks:
            self._into[block.t].append(block)
        self._views: tuple[np.ndarray | None, list, list] = (None, [], [])
        self._refresh_shared(net, layout)

        # Activations per layer: one group per activation (usually the whole layer).
        self.activation_groups: list[list[tuple[Activation, np.ndarray | None]]] = [[]]
        for layer in net.layers[1:]:
            groups: dict[Activation, list[int]] = {}
            for i, name in enumerate(layer):
                groups.setdefault(net.neuron(name).activation, []).append(i)
            if len(groups) == 1:
                self.activation_groups.append([(next(iter(groups)), None)])
            else:
                self.activation_groups.append(
                    [(a, np.array(c, dtype=np.intp)) for a, c in groups.items()])

        # Where the outputs are: (layer, column) each, in net.outputs order.
        pos = {name: (t, i) for t, layer in enumerate(net.layers) for i, name in enumerate(layer)}
        self._out_pos = [pos[o] for o in net.outputs]
        last = len(self.sizes) - 1
        self._outputs_are_last_layer = self._out_pos == [(last, i)
                                                         for i in range(self.sizes[last])]
        self._output_activation = net.output_activation

    def _refresh_shared(self, net: NetworkCore, layout: Layout) -> None:
        # Shared parameters, constants of fixed neurons, grid layers and max neurons.
        dt = self.dtype
        self.shared = self.vector[layout.shared_offset:]
        self._tied = [(b.tied_rows.size or b.fixed_rows.size) > 0 for b in layout.blocks]
        self._fixed_values: list[np.ndarray | None] = [None] * len(layout.blocks)
        self._bias_fixed: list[np.ndarray | None] = []
        if not layout.plain:
            weights = None
            for i, b in enumerate(layout.blocks):
                if b.fixed_edges.size:
                    if weights is None:  # every edge's weight, in edge order
                        weights = np.concatenate([n.weights for n in net.neurons])
                    self._fixed_values[i] = weights[b.fixed_edges].astype(dt)
            for _, names in layout.bias_fixed:
                self._bias_fixed.append(np.array([net.neuron(k).bias for k in names], dtype=dt)
                                        if names else None)
        self._grid_into: list[list[GridOp]] = [[] for _ in self.sizes]
        self._pool_weights: dict[int, np.ndarray] = {}
        for op in layout.grid_ops:
            self._grid_into[op.t].append(op)
            if op.grid.kind == "average":  # the fixed weights, as the neurons hold them now
                self._pool_weights[id(op)] = np.array(
                    [net.neuron(k).weights for k in op.neurons], dtype=dt)
        self._max_into: list[list[MaxOp]] = [[] for _ in self.sizes]
        for mop in layout.max_ops:
            self._max_into[mop.t].append(mop)
        # Whether layer t has any bias outside its grids (a layer of a convolution has none:
        # the grid adds its channels' biases itself).
        self._layer_bias = [
            m is None or bool(m.any()) or bool(tied[0].size) or bool(fixed[0].size)
            for m, tied, fixed in zip(layout.bias_masks, layout.bias_tied, layout.bias_fixed)]

    def parameter_vector(self) -> np.ndarray:
        """Every parameter's current value as one float64 array, in the network's order
        (as :meth:`Network.parameter_vector <neurons.Network.parameter_vector>`)."""
        return self.layout.to_parameters(self.vector)

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
    def layer_outputs(self, X: Any) -> list[np.ndarray]:
        """Return every layer's values for a batch: ``[X, A_1, ..., A_L]``, each samples x nodes
        of that layer (``net.layers`` order), from one forward pass.

        Examples
        --------
        >>> from neurons import Network
        >>> A = Network.dense([2, 3, 1], seed=0).compile().layer_outputs([[0.0, 1.0]])
        >>> [a.shape for a in A]
        [(1, 2), (1, 3), (1, 1)]
        """
        return self._forward(self._inputs(X))[1]

    def forward(self, X: Any) -> np.ndarray:
        """Return the outputs for a batch: a 2-D array, samples x output neurons."""
        return self.forward_prepared(self._inputs(X))

    def forward_prepared(self, X: np.ndarray) -> np.ndarray:
        """:meth:`forward` for X as :meth:`prepare` returns it (no checks)."""
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
        self.check_current()
        return output_probabilities(
            self.net, X, lambda X: self.forward_prepared(X.astype(self.dtype, copy=False)))

    def outputs_and_z(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        """Return the outputs and the output neurons' weighted inputs z (the scores before
        the activation), both samples x outputs, from one forward pass.

        Examples
        --------
        >>> from neurons import Network
        >>> out, z = Network.dense([2, 1], seed=0).compile().outputs_and_z([[0.0, 0.0]])
        >>> out.tolist(), z.tolist()
        ([[0.5]], [[0.0]])
        """
        return self.outputs_and_z_prepared(self._inputs(X))

    def outputs_and_z_prepared(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`outputs_and_z` for X as :meth:`prepare` returns it (no checks)."""
        Z, A = self._forward(X)
        return self._gather_outputs(A), self._gather_outputs(Z)

    def evaluate(self, X: Any, Y: Any, loss: str | Loss = "mse") -> tuple[float, np.ndarray]:
        """Return the loss on (X, Y) and the outputs (samples x outputs)."""
        loss = losses.get(loss)
        return self.evaluate_prepared(*self.prepare(X, Y, loss), loss)

    def evaluate_prepared(self, X: np.ndarray, Y: np.ndarray,
                          loss: Loss) -> tuple[float, np.ndarray]:
        """:meth:`evaluate` for X and Y as :meth:`prepare` returns them (no checks)."""
        Z, A = self._forward(X)
        out = self._gather_outputs(A)
        return loss.output_value(out, self._gather_outputs(Z), Y, self._output_activation), out

    # -- the same views as the per-neuron path -----------------------------------------------
    def gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> dict[str, float]:
        """Return dL/dparam by name, averaged over the samples (as ``Network.gradients``)."""
        loss = losses.get(loss)
        X, T = self.prepare(X, Y, loss)
        grad = np.empty_like(self.vector)
        dW, db, _ = self.backward(X, T, loss, out=grad)
        return self.named(dW, db, grad[self.layout.shared_offset:])

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
        return dict(zip(self.net.parameter_names(), self.parameter_vector().tolist()))

    def named(self, W: list[np.ndarray], b: list[np.ndarray],
              *shared: np.ndarray) -> dict[str, float]:
        """Map arrays shaped like ``blocks`` and ``biases`` (gradients, optimizer state), and
        one shaped like ``shared`` when the network has shared parameters, to parameter
        names, in the network's order; masked entries are left out.

        Raises
        ------
        ShapeError
            For a network with shared parameters, when ``shared`` is not given.
        """
        if self.layout.n_shared and len(shared) != 1:
            raise ShapeError(
                f"the network has {self.layout.n_shared} shared parameters: pass their array "
                f"too, named(W, b, flat[compiled.layout.shared_offset:])")
        flat = np.concatenate([w.reshape(-1) for w in W] + list(b) + list(shared))
        return dict(zip(self.net.parameter_names(), self.layout.to_parameters(flat).tolist()))

    def unnamed(self, values: Mapping[str, float]) -> tuple[Any, ...]:
        """The inverse of :meth:`named`: arrays shaped like ``blocks`` and ``biases``, holding
        ``values`` (parameter name -> number; every parameter) and zero where masked, and,
        when the network has shared parameters, a third item shaped like ``shared``;
        so ``named(*unnamed(values)) == values``.

        Examples
        --------
        >>> from neurons import Network
        >>> net = Network.rnn(1, 2, 1, steps=2, seed=0)
        >>> fast = net.compile()
        >>> fast.named(*fast.unnamed(net.parameters())) == net.parameters()
        True
        """
        vector = np.array([values[n] for n in self.net.parameter_names()], dtype=float)
        flat = self.layout.to_compiled(vector, np.empty_like(self.vector))
        W, b = self.layout.views(flat)
        if self.layout.n_shared:
            return W, b, flat[self.layout.shared_offset:]
        return W, b

    # -- forward -----------------------------------------------------------------------------
    def _forward(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Every layer's Z and A."""
        return self._run(X)[:2]

    def _run(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray], dict]:
        """Every layer's Z and A, and what the backward pass reuses (``scratch``: the blocks
        and biases with their shared entries filled in, each convolution's input windows,
        each max operation's winners)."""
        if self.layout.recurrent is not None:
            return _rnn_layers(self, self.layout.recurrent, X)
        Z: list[np.ndarray] = [X]
        A: list[np.ndarray] = [X]
        scratch: dict[Any, Any] = {}
        for t in range(1, len(self.sizes)):
            z = None
            for block in self._into[t]:
                # z_k = sum_j a_j w_jk + b_k, for every neuron k of the layer and every sample
                W = self._filled(block, scratch)
                if z is None:
                    z = A[block.s] @ W
                else:  # connections that skip layers
                    z += A[block.s] @ W
            for op in self._grid_into[t]:
                value = _grid_forward(self, op, A[op.s], scratch)
                if op.out is not None:
                    if z is None:
                        z = np.zeros((X.shape[0], self.sizes[t]), dtype=X.dtype)
                    z[:, op.out] += value
                elif z is None:  # the grid is the whole layer (a convolution's usual case)
                    z = value
                else:
                    z += value
            if z is None:  # the layer is computed by max operations alone
                z = np.zeros((X.shape[0], self.sizes[t]), dtype=X.dtype)
            if self._layer_bias[t - 1]:
                z += self._bias(t, scratch)
            for mop in self._max_into[t]:
                _max_forward(mop, A, z, scratch)
            groups = self.activation_groups[t]
            if groups[0][1] is None:
                a = groups[0][0].value(z)
            else:
                a = np.empty_like(z)
                for act, cols in groups:
                    a[:, cols] = act.value(z[:, cols])
            Z.append(z)
            A.append(a)
        return Z, A, scratch

    def _filled(self, block: WeightBlock, scratch: dict) -> np.ndarray:
        # The block as the products need it: its own weights, and the edges that use a shared
        # parameter (or a fixed neuron's constant) filled in.
        if not self._tied[block.index]:
            return block.W
        b = self.layout.blocks[block.index]
        W = block.W.copy()
        if b.fixed_rows.size:
            W[b.fixed_rows, b.fixed_cols] = self._fixed_values[block.index]
        if b.tied_rows.size:
            W[b.tied_rows, b.tied_cols] = self.shared[b.tied_index]
        scratch[block.index] = W
        return W

    def _bias(self, t: int, scratch: dict) -> np.ndarray:
        b = self.biases[t - 1]
        if self.layout.plain:
            return b
        tied_cols, tied_index = self.layout.bias_tied[t - 1]
        fixed_cols = self.layout.bias_fixed[t - 1][0]
        if not tied_cols.size and not fixed_cols.size:
            return b
        b = b.copy()
        if tied_cols.size:
            b[tied_cols] = self.shared[tied_index]
        if fixed_cols.size:
            b[fixed_cols] = self._bias_fixed[t - 1]
        return b

    def _gather_outputs(self, A: list[np.ndarray]) -> np.ndarray:
        if self._outputs_are_last_layer:
            return A[-1]
        return np.stack([A[t][:, i] for t, i in self._out_pos], axis=1)

    # -- backward ----------------------------------------------------------------------------
    @overload
    def backward(self, X: np.ndarray, T: np.ndarray, loss: str | Loss, *,
                 inputs: Literal[False] = False, out: np.ndarray | None = None,
                 ) -> tuple[list[np.ndarray], list[np.ndarray], float]: ...
    @overload
    def backward(self, X: np.ndarray, T: np.ndarray, loss: str | Loss, *,
                 inputs: Literal[True], out: np.ndarray | None = None,
                 ) -> tuple[list[np.ndarray], list[np.ndarray], float, np.ndarray]: ...
    def backward(self, X: np.ndarray, T: np.ndarray, loss: str | Loss, *,
                 inputs: bool = False, out: np.ndarray | None = None,
                 ) -> (tuple[list[np.ndarray], list[np.ndarray], float]
                       | tuple[list[np.ndarray], list[np.ndarray], float, np.ndarray]):
        """One forward and backward pass on prepared arrays; no checks, for training loops.

        Parameters
        ----------
        X : ndarray (samples x inputs) of the compiled dtype
        T : ndarray of targets as ``loss.targets`` returns them, same dtype
        loss : str or Loss
        inputs : bool, default False
            Also carry the deltas back into the inputs, dL/dX = sum over the blocks
            from layer 0 of delta_t @ W[0, t].T, and return it as a fourth item.
            Training leaves it off and does not pay for the products.
        out : ndarray, optional
            Where to write the gradients: a flat array shaped like ``vector`` (the
            same layout). A training loop passes the same one every step; by default a
            new one is made.

        Returns
        -------
        (dW, db, value), or (dW, db, value, dX) with ``inputs=True``
            ``dW[i]`` is the gradient of ``blocks[i].W`` (masked), ``db[t - 1]`` of
            ``biases[t - 1]`` (masked), both views into ``out``; ``value`` the loss.
            ``dX`` (samples x inputs) is dL/dx for every sample, of the batch's mean loss.
        """
        grad = np.empty_like(self.vector) if out is None else out
        value, _, dX = self._backprop(X, T, losses.get(loss), grad, inputs)
        dW, db = self._gradient_views(grad)
        if not inputs:
            return dW, db, value
        assert dX is not None  # _backprop carries the deltas into the inputs when asked
        return dW, db, value, dX

    def loss_gradient(self, X: np.ndarray, T: np.ndarray, loss: Loss,
                      out: np.ndarray) -> tuple[float, np.ndarray]:
        """One training step's pass: write the flat gradient into ``out`` (shaped like
        ``vector``) and return the loss and the batch's outputs (samples x outputs).

        As :meth:`backward`, on prepared arrays and without checks.
        """
        value, outputs, _ = self._backprop(X, T, loss, out, False)
        return value, outputs

    def _gradient_views(self, grad: np.ndarray) -> tuple[list, list]:
        # A training loop passes one buffer every step: its views are made once.
        if self._views[0] is not grad:
            self._views = (grad, *self.layout.views(grad))
        return self._views[1], self._views[2]

    def _backprop(self, X: np.ndarray, T: np.ndarray, loss: Loss, grad: np.ndarray,
                  inputs: bool) -> tuple[float, np.ndarray, np.ndarray | None]:
        if self.layout.recurrent is not None:
            return _rnn_backprop(self, self.layout.recurrent, X, T, loss, grad, inputs)
        Z, A, scratch = self._run(X)
        Y = self._gather_outputs(A)
        value, dY, delta_out = loss.at_outputs(Y, self._gather_outputs(Z), T,
                                               self._output_activation)  # dY includes 1/n
        n_layers = len(self.sizes) - 1
        dA: list[np.ndarray | None] = [None] * (n_layers + 1)
        if self._outputs_are_last_layer:
            dA[n_layers] = dY
        else:
            for o, (t, i) in enumerate(self._out_pos):
                dA_t = dA[t]
                if dA_t is None:
                    dA_t = dA[t] = np.zeros_like(A[t])
                dA_t[:, i] += dY[:, o]
        dW, db = self._gradient_views(grad)
        d_shared = grad[self.layout.shared_offset:]
        d_shared[...] = 0.0  # the uses of each shared parameter are added up here
        for t in range(n_layers, 0, -1):
            delta = self._delta(t, Z[t], A[t], dA[t])
            if delta_out is not None:  # the loss gives the outputs' deltas in closed form
                if self._outputs_are_last_layer and t == n_layers:
                    delta = delta_out
                else:
                    for o, (lt, i) in enumerate(self._out_pos):
                        if lt == t:
                            delta[:, i] = delta_out[:, o]
            g_b = np.add.reduce(delta, axis=0, out=db[t - 1])  # dL/db_k = sum of delta_k
            if not self.layout.plain:
                tied_cols, tied_index = self.layout.bias_tied[t - 1]
                if tied_cols.size:  # a shared bias: the sum over the neurons that use it
                    d_shared += np.bincount(tied_index, g_b[tied_cols], d_shared.size)
            if self.bias_masks[t - 1] is not None:
                g_b *= self.bias_masks[t - 1]
            for block in self._into[t]:
                # dL/dw_jk = sum over samples of a_j delta_k
                g_W = np.matmul(A[block.s].T, delta, out=dW[block.index])
                W = block.W
                if self._tied[block.index]:
                    W = scratch[block.index]
                    b = self.layout.blocks[block.index]
                    if b.tied_rows.size:  # each use of a shared weight adds its a_j delta_k
                        d_shared += np.bincount(b.tied_index, g_W[b.tied_rows, b.tied_cols],
                                                d_shared.size)
                if block.mask is not None:
                    g_W *= block.mask
                if block.s > 0 or inputs:  # the inputs only when asked: they have no delta
                    back = delta @ W.T  # delta_j collects w_jk delta_k
                    dA[block.s] = back if dA[block.s] is None else dA[block.s] + back
            for op in self._grid_into[t]:
                _grid_backward(self, op, delta, A, dA, d_shared, scratch, inputs)
            for mop in self._max_into[t]:
                _max_backward(mop, delta, A, dA, scratch, inputs)
        dX = None
        if inputs:
            # dL/dx_j = sum_k w_jk delta_k; a masked (absent) connection holds w_jk = 0, so
            # an input nothing reads gets 0.
            dX = np.zeros_like(X) if dA[0] is None else dA[0]
        return value, Y, dX

    def _delta(self, t: int, z: np.ndarray, a: np.ndarray, dA: np.ndarray | None) -> np.ndarray:
        if dA is None:  # nothing downstream reads this layer (cannot happen for hidden layers)
            return np.zeros_like(z)
        groups = self.activation_groups[t]
        if groups[0][1] is None:
            act = groups[0][0]
            if act.linear:
                return dA
            fp = act.derivative(z, a)
            if type(fp) is np.ndarray and fp.shape == dA.shape and fp.dtype == dA.dtype:
                fp *= dA  # f'(z) is a fresh array: reuse it for the delta
                return fp
            return dA * fp
        delta = np.empty_like(z)
        for act, cols in groups:
            delta[:, cols] = dA[:, cols] * act.derivative(z[:, cols], a[:, cols])
        return delta

    def __repr__(self) -> str:
        return (f"<CompiledNetwork {'-'.join(map(str, self.sizes))}, {len(self.blocks)} weight "
                f"blocks, {self.dtype.name}>")


# -- grid layers and max neurons ---------------------------------------------------------------
# A convolution runs as im2col: every window of the (zero-padded) input becomes a row of
# ``cols`` (samples x positions, in-channels x kernel taps), and one product with the kernel
# gives every neuron's z; the same rows give the kernel's gradient. This is the per-neuron
# sum z_k = sum_j w_jk a_j + b_k with the kernel read once per channel, not once per edge.

def _geometry(op: GridOp) -> tuple[tuple[int, ...], tuple[int, int], tuple[int, int],
                                   tuple[tuple[int, int], ...], tuple[int, int]]:
    # A 1-D layer is a 2-D one of height 1: (c_in, h, w), kernel, stride, padding, out.
    g = op.grid
    if g.dims == 1:
        return (g.in_shape[0], 1, g.in_shape[1]), (1, g.kernel[0]), (1, g.stride[0]), \
            ((0, 0), g.padding[0]), (1, g.out_shape[1])
    return (g.in_shape, g.kernel, g.stride, g.padding,  # type: ignore[return-value]
            g.out_shape[1:])


def _im2col(op: GridOp, a: np.ndarray) -> np.ndarray:
    """Every window of the zero-padded input as a column: (in-channels x kernel) rows,
    (samples x positions) columns, made one kernel tap at a time (a strided slice copy
    each), so that one matrix product with the kernel gives every z of the layer."""
    (c_in, h, w), (kh, kw), (sh, sw), pads, (ho, wo) = _geometry(op)
    n = a.shape[0]
    x = (a if op.src is None else a[:, op.src]).reshape(n, c_in, h, w)
    if any(p for pair in pads for p in pair):
        x = np.pad(x, ((0, 0), (0, 0), *pads))
    x = x.transpose(1, 0, 2, 3)  # in-channels first, as the rows of the columns
    cols = np.empty((c_in, kh, kw, n, ho, wo), dtype=a.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, i, j] = x[:, :, i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw]
    return cols.reshape(c_in * kh * kw, n * ho * wo)


def _tiles(op: GridOp, a: np.ndarray) -> np.ndarray | None:
    """Pooling windows side by side over a whole layer, as a view: samples x channels x
    out-rows x kernel-rows x out-columns x kernel-columns; None for other pooling."""
    g = op.grid
    if op.src is not None or g.stride != g.kernel:
        return None
    (c, _, _), (kh, kw), _, _, (ho, wo) = _geometry(op)
    return a.reshape(a.shape[0], c, ho, kh, wo, kw)


def _grid_forward(fast: CompiledNetwork, op: GridOp, a: np.ndarray,
                  scratch: dict) -> np.ndarray:
    """The z of a grid layer's neurons, samples x neurons (the grid's order)."""
    g = op.grid
    n = a.shape[0]
    if g.kind == "conv":
        cols = _im2col(op, a)
        c_out = g.out_shape[0]
        K = fast.vector[op.kernel_offset:op.kernel_offset + c_out * cols.shape[0]]
        out = K.reshape(c_out, -1) @ cols  # out-channels x (samples x positions): one product
        z = np.ascontiguousarray(out.reshape(c_out, n, -1).transpose(1, 0, 2))
        if op.bias_offset is not None:  # one bias per output channel
            z += fast.vector[op.bias_offset:op.bias_offset + c_out][:, None]
        scratch[id(op)] = cols
        return z.reshape(n, -1)
    tiles = _tiles(op, a)
    if tiles is not None:
        taps = [tiles[:, :, :, i, :, j] for i in range(tiles.shape[3])
                for j in range(tiles.shape[5])]
    else:
        taps = [a[:, op.windows[:, p]] for p in range(op.windows.shape[1])]
    if g.kind == "max":
        z = taps[0].copy()
        for tap in taps[1:]:
            np.maximum(z, tap, out=z)
        # Which input won, the first of equal maxima (as the per-neuron path): one mask each.
        free = np.ones(z.shape, dtype=bool)
        won = []
        for tap in taps:
            mask = (tap == z) & free
            free &= ~mask
            won.append(mask)
        scratch[id(op)] = won
    else:
        w = fast._pool_weights[id(op)]
        if tiles is not None:
            w = w.reshape(tiles.shape[1], tiles.shape[2], tiles.shape[4], -1)
        z = taps[0] * w[..., 0]
        for p, tap in enumerate(taps[1:], start=1):
            z += tap * w[..., p]
    return z.reshape(n, -1)


def _into(dA: list, s: int, a: np.ndarray) -> np.ndarray:
    # dL/dA of layer s, made when the first contribution arrives.
    if dA[s] is None:
        dA[s] = np.zeros_like(a)
    return dA[s]


def _grid_backward(fast: CompiledNetwork, op: GridOp, delta: np.ndarray, A: list, dA: list,
                   d_shared: np.ndarray, scratch: dict, inputs: bool) -> None:
    g = op.grid
    d = delta if op.out is None else delta[:, op.out]
    n = d.shape[0]
    wanted = op.s > 0 or inputs
    if g.kind == "conv":
        cols = scratch[id(op)]
        c_out = g.out_shape[0]
        D = d.reshape(n, c_out, -1).transpose(1, 0, 2).reshape(c_out, -1)
        start = op.kernel_offset - fast.layout.shared_offset
        # dL/dk = sum over every use (sample, position) of a_j delta_k: one product
        dK = D @ cols.T
        d_shared[start:start + dK.size] += dK.reshape(-1)
        if op.bias_offset is not None:
            b = op.bias_offset - fast.layout.shared_offset
            d_shared[b:b + c_out] += D.sum(axis=1)
        if wanted:
            K = fast.vector[op.kernel_offset:op.kernel_offset + dK.size].reshape(c_out, -1)
            _col2im(op, K.T @ D, A[op.s], _into(dA, op.s, A[op.s]))
        return
    if not wanted:
        return
    target = _into(dA, op.s, A[op.s])
    tiles = _tiles(op, target)
    if tiles is not None:
        d = d.reshape(tiles.shape[0], tiles.shape[1], tiles.shape[2], tiles.shape[4])
    if g.kind == "max":
        shares = [d * won for won in scratch[id(op)]]  # the delta goes to the input that won
    else:
        w = fast._pool_weights[id(op)]
        if tiles is not None:
            w = w.reshape(tiles.shape[1], tiles.shape[2], tiles.shape[4], -1)
        shares = [d * w[..., p] for p in range(w.shape[-1])]
    if tiles is not None:
        for p, share in enumerate(shares):
            tiles[:, :, :, p // tiles.shape[5], :, p % tiles.shape[5]] += share
        return
    for p, share in enumerate(shares):
        cols = op.windows[:, p]
        if op.unique[p]:
            target[:, cols] += share
        else:  # overlapping windows: one input in several windows at this tap
            # (numpy's stubs leave out the tuple index that ufunc.at's docs show)
            np.add.at(target, (slice(None), cols), share)  # type: ignore[arg-type]


def _col2im(op: GridOp, dcols: np.ndarray, a: np.ndarray, target: np.ndarray) -> None:
    """Add each window column's dL/d(input) back where the window read it (the transpose
    of :func:`_im2col`), dropping the padding."""
    (c_in, h, w), (kh, kw), (sh, sw), pads, (ho, wo) = _geometry(op)
    n = a.shape[0]
    d = dcols.reshape(c_in, kh, kw, n, ho, wo)
    (top, bottom), (left, right) = pads
    dx = np.zeros((c_in, n, h + top + bottom, w + left + right), dtype=a.dtype)
    for i in range(kh):
        for j in range(kw):
            dx[:, :, i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw] += d[:, i, j]
    dx = dx[:, :, top:top + h, left:left + w].transpose(1, 0, 2, 3).reshape(n, -1)
    if op.src is None:
        target += dx
    else:
        target[:, op.src] += dx


def _max_forward(op: MaxOp, A: list, z: np.ndarray, scratch: dict) -> None:
    # Max neurons built by hand: their candidates, gathered from the layers they read.
    C = np.empty((z.shape[0], op.out.size, op.fan_in), dtype=z.dtype)
    for s in np.unique(op.layers).tolist():
        sel = op.layers == s
        C[:, op.rows[sel], op.taps[sel]] = A[s][:, op.cols[sel]]
    win = C.argmax(axis=2)  # the first of equal maxima
    scratch[id(op)] = win
    z[:, op.out] = np.take_along_axis(C, win[:, :, None], axis=2)[:, :, 0]


def _max_backward(op: MaxOp, delta: np.ndarray, A: list, dA: list, scratch: dict,
                  inputs: bool) -> None:
    win = scratch[id(op)]
    d = delta[:, op.out]
    for s in np.unique(op.layers).tolist():
        if s == 0 and not inputs:
            continue
        sel = op.layers == s
        rows, taps = op.rows[sel], op.taps[sel]
        np.add.at(_into(dA, s, A[s]), (slice(None), op.cols[sel]),  # type: ignore[arg-type]
                  d[:, rows] * (win[:, rows] == taps))


# -- a recurrent network, unrolled ---------------------------------------------------------------
# The per-neuron sums of one step, for every hidden neuron and sample at once; the weights are
# the same at every step, so the input part of every step is one product before the loop,
# the recurrent part one product per step, and the outputs one product after it. Arrays are
# steps x samples x neurons (time first), so that a step is a contiguous slice and any run
# of steps a matrix without a copy.

def _rnn_forward(fast: CompiledNetwork, op: RecurrentOp,
                 X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Z_h and H (steps x samples x hidden), and the outputs' Z and A (samples x outputs,
    in ``net.outputs`` order)."""
    r = op.recurrence
    n, T, n_in = X.shape[0], r.steps, r.n_inputs
    W_xh, W_hh, W_hy, b_h, b_y = op.views(fast.vector)
    # z_t = W_xh x_t + b_h for every step at once; then the loop adds W_hh h_(t-1)
    Zh = np.matmul(X.reshape(n, T, n_in).transpose(1, 0, 2), W_xh.T)
    Zh += b_h
    Hs = np.empty_like(Zh)
    Hs[0] = op.f.value(Zh[0])  # h_0 = 0: step 1 has no recurrent part
    W_hh_T = W_hh.T
    for t in range(1, T):
        Zh[t] += Hs[t - 1] @ W_hh_T
        Hs[t] = op.f.value(Zh[t])
    if r.outputs == "each":  # y_t = g(W_hy h_t + b_y), every step in one product
        Zo = np.matmul(Hs, W_hy.T)
        Zo += b_y
        Zo = Zo.transpose(1, 0, 2).reshape(n, -1)  # samples x (o1_1 .. o1_K, o2_1, ...)
    else:
        Zo = Hs[-1] @ W_hy.T + b_y
    return Zh, Hs, Zo, op.g.value(Zo)


def _rnn_layers(fast: CompiledNetwork, op: RecurrentOp,
                X: np.ndarray) -> tuple[list, list, dict]:
    # Every layer's Z and A as the block path gives them (layer t holds h_t and o_(t-1)).
    Zh, Hs, Zo, Ao = _rnn_forward(fast, op, X)
    n, n_out, H = X.shape[0], op.recurrence.n_outputs, Hs.shape[2]
    Z = [X] + [np.empty((n, size), dtype=X.dtype) for size in fast.sizes[1:]]
    A = [X] + [np.empty((n, size), dtype=X.dtype) for size in fast.sizes[1:]]
    for t, ((lh, ch), out) in enumerate(zip(op.hidden_at, op.output_at)):
        Z[lh][:, ch:ch + H], A[lh][:, ch:ch + H] = Zh[t], Hs[t]
        if out is not None:
            lo, co = out
            each = op.recurrence.outputs == "each"
            k = slice(t * n_out, (t + 1) * n_out) if each else slice(None)
            Z[lo][:, co:co + n_out], A[lo][:, co:co + n_out] = Zo[:, k], Ao[:, k]
    return Z, A, {}


def _rnn_backprop(fast: CompiledNetwork, op: RecurrentOp, X: np.ndarray, T: np.ndarray,
                  loss: Loss, grad: np.ndarray,
                  inputs: bool) -> tuple[float, np.ndarray, np.ndarray | None]:
    """Backpropagation through time: the deltas of every output at once, then a loop back
    over the steps, delta_t = (dL/dh_t from the outputs + W_hh^T delta_(t+1)) * f'(z_t),
    and each parameter's gradient, the sum over the steps, as one product over all of them.
    With ``truncate = k`` in the record, the part of the loss at step tau reaches steps
    tau .. tau - k only (each term is carried back at most k times through W_hh)."""
    r = op.recurrence
    n, steps, n_in, H, n_out = X.shape[0], r.steps, r.n_inputs, r.n_hidden, r.n_outputs
    W_xh, W_hh, W_hy, _, _ = op.views(fast.vector)
    Zh, Hs, Zo, Y = _rnn_forward(fast, op, X)
    value, dY, delta_o = loss.at_outputs(Y, Zo, T, op.g)  # dY includes 1/n
    if delta_o is None:
        delta_o = dY if op.g.linear else dY * op.g.derivative(Zo, Y)
    grad[...] = 0.0  # only the recurrence's entries are parameters; the rest stay 0
    dW_xh, dW_hh, dW_hy, db_h, db_y = op.views(grad)
    # dL/dh_t from the outputs: one product for every step
    if r.outputs == "each":
        D = np.ascontiguousarray(delta_o.reshape(n, steps, n_out).transpose(1, 0, 2))
        np.matmul(D.reshape(-1, n_out).T, Hs.reshape(-1, H), out=dW_hy)
        db_y[...] = D.sum(axis=(0, 1))
        dH = np.matmul(D, W_hy)
    else:
        np.matmul(delta_o.T, Hs[-1], out=dW_hy)
        db_y[...] = delta_o.sum(axis=0)
        dH = np.zeros_like(Hs)
        dH[-1] = delta_o @ W_hy
    fp = op.f.derivative(Zh, Hs)  # f'(z_t) for every step at once
    k = r.truncate
    if k is None or k >= steps - 1:  # the whole way back
        Delta = dH  # overwritten step by step, latest first: each dH[t] is read once
        Delta[-1] *= fp[-1]
        for t in range(steps - 2, -1, -1):
            Delta[t] += Delta[t + 1] @ W_hh  # delta_(t+1)'s share: sum_j w_jl delta_j
            Delta[t] *= fp[t]
    else:
        Delta = np.empty_like(Zh)
        # Carried parts kept apart by how far they came: row m has come m + 1 steps back.
        carried = np.zeros((k, n, H), dtype=X.dtype)
        for t in range(steps - 1, -1, -1):
            parts = np.concatenate([dH[None, t], carried[:k - 1]]) if k else None
            Delta[t] = (dH[t] + carried.sum(axis=0)) * fp[t]
            if k:
                carried = (parts * fp[t]) @ W_hh  # the k-th step back is dropped
    # Each parameter's gradient: the sum over its uses, every step and sample in one product.
    flat = Delta.reshape(-1, H)
    Xt = X.reshape(n, steps, n_in).transpose(1, 0, 2)
    dW_xh[...] = np.tensordot(Delta, Xt, axes=([0, 1], [0, 1]))
    if steps > 1:
        np.matmul(Delta[1:].reshape(-1, H).T, Hs[:-1].reshape(-1, H), out=dW_hh)
    db_h[...] = flat.sum(axis=0)
    dX = None
    if inputs:
        dX = np.matmul(Delta, W_xh).transpose(1, 0, 2).reshape(n, steps * n_in)
    return value, Y, dX


def update_from(net: NetworkCore, compiled: CompiledNetwork) -> None:
    """Write a compiled network's parameter values back into the neurons and edges.

    Raises
    ------
    NetworkStructureError
        When ``compiled`` belongs to another network, or the wiring changed since.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 1], seed=0)
    >>> fast = net.compile()
    >>> fast.vector[:] = 0.5
    >>> update_from(net, fast)
    >>> net.parameters()
    {'w1': 0.5, 'w2': 0.5, 'b1': 0.5}
    """
    if compiled.net is not net:
        raise NetworkStructureError("this compiled network was made from a different Network")
    compiled.check_current()
    net.set_parameter_vector(compiled.parameter_vector())
