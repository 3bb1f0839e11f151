"""``Network``: the facade. A :class:`~neurons.core.NetworkCore` with the algorithms as methods.

Everything a network *is* lives in :mod:`neurons.core` (the graph of neurons, its
wiring, lookups and parameters by name). Everything one *does* with it is a function
of a network in its own module, in the networkx style: the per-neuron path in
:mod:`neurons.backprop`, derivations in :mod:`neurons.explain`, the stepper in
:mod:`neurons.steps`, the vectorized path in :mod:`neurons.compiled`, training in
:mod:`neurons.training`, files in :mod:`neurons.io`, builders in
:mod:`neurons.builders`, pictures in :mod:`neurons.drawing`. Each method here calls
one of them and nothing else; its signature is the function's, less the network, and
``help(net.train)`` shows the function's docstring.

Nothing in the package imports this module but the package itself: it sits on top.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np

from .activations import Activation
from .backprop import Trace, forward_trace, gradients, input_gradients, loss_value, predict
from .builders import dense, from_architecture, rnn
from .checks import keywords_checked
from .compiled import CompiledNetwork, update_from
from .core import NetworkCore, set_default_network_class
from .explain import Derivation, explain
from .history import EarlyStopping, History, set_history_plotter
from .initializers import Initializer, initialize
from .io import from_dict, load, save, to_dict
from .losses import Loss
from .optimizers import Optimizer
from .proba import predict_proba
from .steps import Steps, steps
from .training import Checkpoint, train

__all__ = ["Network"]

F = TypeVar("F", bound=Callable[..., Any])


def _documented_by(function: Callable[..., Any]) -> Callable[[F], F]:
    """Make a facade method of the function it calls.

    The method keeps its own explicit signature (what ``inspect.signature`` and an IDE
    show) and takes the function's docstring, so ``help(net.train)`` shows
    ``neurons.training.train``'s parameters, written once. A misspelled keyword is
    refused as the library refuses a bad argument, naming the closest one (an
    :class:`~neurons.errors.ArgumentTypeError`, which is a ``TypeError``).
    """
    def facade(method: F) -> F:
        call = keywords_checked(method)
        call.__doc__ = function.__doc__
        return call
    return facade


class Network(NetworkCore):
    """A feedforward network of :class:`Neuron` objects in a networkx graph.

    Building, lookups and parameters by name are :class:`~neurons.core.NetworkCore`'s;
    the methods added here run the algorithms on the network.

    Examples
    --------
    The classic 2-2-1 network, every neuron with weights [0, 1] and bias 0:

    >>> net = Network()
    >>> for x in ("x1", "x2"):
    ...     net.add_input(x)
    >>> h1 = net.add_neuron("h1", {"x1": 0, "x2": 1})
    >>> h2 = net.add_neuron("h2", {"x1": 0, "x2": 1})
    >>> o1 = net.add_neuron("o1", {"h1": 0, "h2": 1})
    >>> float(net.feedforward([2, 3])[0])
    0.7216325609518421
    >>> list(net.parameters())
    ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'b1', 'b2', 'b3']
    """

    # -- building (see neurons.builders) ------------------------------------------------------
    @classmethod
    @_documented_by(dense)
    def dense(cls, sizes: Sequence[int], activation: str | Activation = "sigmoid",
              output_activation: str | Activation | None = None,
              init: str | Initializer | None = None, seed: int | None = None,
              bias: bool = True) -> Network:
        # cls=cls: the builders and io make an instance of cls (their signatures, a layer
        # below, say NetworkCore).
        return cast(Network, dense(sizes, activation, output_activation, init, seed, bias,
                                   cls=cls))

    @classmethod
    @_documented_by(from_architecture)
    def from_architecture(cls, layers: Sequence[Mapping[str, Any]],
                          seed: int | None = None) -> Network:
        return cast(Network, from_architecture(layers, seed, cls=cls))

    @classmethod
    @_documented_by(rnn)
    def rnn(cls, n_inputs: int, n_hidden: int, n_outputs: int, steps: int,
            activation: str | Activation = "tanh",
            output_activation: str | Activation = "identity", outputs: str = "each",
            init: str | None = None, seed: int | None = None, *,
            truncate: int | None = None) -> Network:
        return cast(Network, rnn(n_inputs, n_hidden, n_outputs, steps, activation,
                                 output_activation, outputs, init, seed, truncate=truncate,
                                 cls=cls))

    @_documented_by(initialize)
    def initialize(self, init: str | Initializer | None = None, seed: int | None = None) -> None:
        initialize(self, init, seed)

    # -- the per-neuron path (see neurons.backprop) -------------------------------------------
    def feedforward(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        """Return the output neurons' values for one sample (1-D array, one per output).

        The per-neuron path's forward pass (:func:`neurons.backprop.forward_trace`), keeping
        only the outputs.

        Parameters
        ----------
        x : array-like, (inputs,)
            One sample, in ``net.inputs`` order.

        Returns
        -------
        ndarray, (outputs,)
            In ``net.outputs`` order.

        Examples
        --------
        >>> net = Network.dense([2, 1], activation="identity", bias=False, seed=0)
        >>> net.set_parameters({"w1": 1.0, "w2": 2.0})
        >>> net.feedforward([3.0, 4.0]).tolist()
        [11.0]
        """
        return forward_trace(self, x).output

    @_documented_by(forward_trace)
    def forward_trace(self, x: Sequence[float] | np.ndarray) -> Trace:
        return forward_trace(self, x)

    @_documented_by(predict)
    def predict(self, X: Any) -> np.ndarray:
        return predict(self, X)

    @_documented_by(predict_proba)
    def predict_proba(self, X: Any) -> np.ndarray:
        return predict_proba(self, X)

    @_documented_by(loss_value)
    def loss(self, X: Any, Y: Any, loss: str | Loss = "mse") -> float:
        return loss_value(self, X, Y, loss)

    @_documented_by(gradients)
    def gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> dict[str, float]:
        return gradients(self, X, Y, loss)

    @_documented_by(input_gradients)
    def input_gradients(self, X: Any, Y: Any, loss: str | Loss = "mse") -> np.ndarray:
        return input_gradients(self, X, Y, loss)

    # -- the same numbers as the textbook writes them (see neurons.explain, neurons.steps) -----
    @_documented_by(explain)
    def explain(self, name: str, x: Any, y: Any, loss: str | Loss = "mse") -> Derivation:
        return explain(self, name, x, y, loss)

    @_documented_by(steps)
    def steps(self, x: Any, y: Any, loss: str | Loss = "mse", *, lr: float | None = None,
              optimizer: str | Optimizer = "sgd", digits: int = 3,
              max_terms: int = 6) -> Steps:
        return steps(self, x, y, loss, lr=lr, optimizer=optimizer, digits=digits,
                           max_terms=max_terms)

    # -- the vectorized path (see neurons.compiled) -------------------------------------------
    def compile(self, dtype: Any = np.float64) -> CompiledNetwork:
        """Gather the network into per-layer arrays for fast batched computation.

        The result is a snapshot: write trained values back with
        :meth:`update_from`, and call ``compiled.refresh()`` after changing the network.
        See :class:`neurons.compiled.CompiledNetwork`.

        Parameters
        ----------
        dtype : numpy.float64 (default) or numpy.float32

        Examples
        --------
        >>> net = Network.dense([2, 3, 1], seed=0)
        >>> net.compile().forward([[2.0, 3.0]]).shape
        (1, 1)
        """
        return CompiledNetwork(self, dtype)

    @_documented_by(update_from)
    def update_from(self, compiled: CompiledNetwork) -> None:
        update_from(self, compiled)

    # -- training (see neurons.training) ------------------------------------------------------
    @_documented_by(train)
    def train(self, X: Any, Y: Any, *, epochs: int, lr: float, loss: str | Loss = "mse",
              optimizer: str | Optimizer = "sgd", batch_size: int | None = None,
              shuffle: bool = True, seed: int | None = None, path: str = "vectorized",
              dtype: Any = None, validation: tuple[Any, Any] | None = None, l2: float = 0.0,
              progress: bool | None = None, early_stopping: int | EarlyStopping | None = None,
              checkpoint: str | PathLike | None = None,
              resume: Checkpoint | str | PathLike | None = None,
              train_accuracy: str = "batches") -> History:
        return train(
            self, X, Y, epochs=epochs, lr=lr, loss=loss, optimizer=optimizer,
            batch_size=batch_size, shuffle=shuffle, seed=seed, path=path, dtype=dtype,
            validation=validation, l2=l2, progress=progress, early_stopping=early_stopping,
            checkpoint=checkpoint, resume=resume, train_accuracy=train_accuracy)

    # -- keeping work (see neurons.io) --------------------------------------------------------
    @_documented_by(save)
    def save(self, path: str | PathLike) -> Path:
        return save(self, path)

    @classmethod
    @_documented_by(load)
    def load(cls, path: str | PathLike) -> Network:
        return cast(Network, load(path, cls=cls))

    @_documented_by(to_dict)
    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    @classmethod
    @_documented_by(from_dict)
    def from_dict(cls, doc: Mapping[str, Any]) -> Network:
        return cast(Network, from_dict(doc, cls=cls))

    # -- display -----------------------------------------------------------------------------
    def _repr_png_(self) -> bytes | None:
        """Jupyter shows a network as its diagram (:func:`neurons.draw`), rendered to PNG."""
        from .drawing.display import png  # matplotlib loads only when a notebook asks

        return png(self)


def _plot_history(history: History, ax: Any = None, label: str | None = None) -> Any:
    """What :meth:`History.plot` calls: the training curves of :mod:`neurons.drawing`, a view
    that :mod:`neurons.history` (an algorithm) cannot import; matplotlib loads on first use."""
    from .drawing.training_curves import plot_history

    return plot_history(history, ax, label)


set_default_network_class(Network)
set_history_plotter(_plot_history)
