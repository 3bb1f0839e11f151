"""The outputs read as probabilities: the one rule behind ``predict_proba`` on both paths.

The output neurons' activations decide, through their ``probability``
attribute (never their names): sigmoid outputs already are probabilities;
two or more other outputs become class probabilities through
:func:`neurons.losses.softmax`, the probabilities ``softmax_cross_entropy``
trains; a single output that is not a sigmoid has none to give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .backprop import predict_prepared
from .data import check_samples
from .errors import IncompatibleLossError
from .losses import softmax

if TYPE_CHECKING:
    from .core import NetworkCore

__all__ = ["output_probabilities", "predict_proba", "probabilities"]


def predict_proba(net: NetworkCore, X: Any) -> np.ndarray:
    """Return the outputs read as probabilities (samples x outputs), on the per-neuron path.

    The output neurons' activations decide how (their ``probability`` attribute):

    * all outputs are sigmoids: their values already are probabilities, returned
      as :meth:`~neurons.Network.predict` gives them. One output gives shape (n, 1),
      the probability of class 1, which ``binary_cross_entropy`` trains (scikit-learn's
      two columns are ``np.hstack([1 - p, p])``); several give one independent
      probability per output neuron (multi-label), so rows need not sum to 1.
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
    return output_probabilities(net, X, lambda X: predict_prepared(net, X))


def output_probabilities(net: NetworkCore, X: Any,
                         forward: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """The one rule of :meth:`Network.predict_proba <neurons.Network.predict_proba>` and
    :meth:`CompiledNetwork.predict_proba <neurons.CompiledNetwork.predict_proba>`.

    ``forward`` maps checked samples (float64, samples x inputs) to the outputs on one
    path. The output neurons' activations decide, through their ``probability``
    attribute: outputs that are all probabilities (sigmoids) are returned as they are,
    one column per output neuron; otherwise two or more outputs go through
    :func:`neurons.losses.softmax`. The rule is checked before ``forward`` runs.

    Raises
    ------
    IncompatibleLossError
        For a single output that is not a probability.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 3], activation="identity", seed=0)
    >>> p = output_probabilities(net, [[1.0, 2.0]], net.compile().forward)
    >>> p.shape, float(p.sum())
    ((1, 3), 1.0)
    """
    X = check_samples(net, X)
    as_they_are = _already_probabilities(net)  # refused before any work
    outputs = forward(X)
    return outputs if as_they_are else softmax(outputs)


def probabilities(net: NetworkCore, outputs: np.ndarray) -> np.ndarray:
    """The same rule for outputs already computed (samples x outputs, ``net.outputs`` order).

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2], activation="identity", seed=0)
    >>> probabilities(net, np.array([[0.0, 0.0]])).tolist()
    [[0.5, 0.5]]
    """
    return outputs if _already_probabilities(net) else softmax(outputs)


def _already_probabilities(net: NetworkCore) -> bool:
    """True for sigmoid outputs, False for two or more others (a softmax makes them
    probabilities); a single other output has none to give."""
    outputs = net.outputs
    acts = [net.neuron(o).activation for o in outputs]
    if all(act.probability for act in acts):
        return True
    if len(outputs) == 1:
        raise IncompatibleLossError(
            f"predict_proba has no probability to give: the only output neuron "
            f"{outputs[0]!r} has activation {acts[0].name!r}, whose values are not "
            f"probabilities, and a softmax over one output is always 1. Give it the 'sigmoid' "
            f"activation (e.g. Network.dense(..., output_activation='sigmoid')) and train with "
            f"loss='binary_cross_entropy', or use predict() for its value")
    return False  # what softmax_cross_entropy reads the outputs as: scores, one per class
