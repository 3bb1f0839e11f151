"""The size of a recurrence's recurrent weights: the spectral radius of W_hh, and scaling it.

Carried back one step through time, a gradient is multiplied by W_hh^T and by the slopes
f'(z) of the hidden neurons (:mod:`neurons.through_time`). Over many steps the product of
the W_hh^T factors grows or shrinks like rho^d, where rho is the spectral radius of W_hh
(the largest absolute value of its eigenvalues) and d the number of steps: below 1 the
gradient from far back vanishes, above 1 it can explode (the slopes, at most 1 for tanh,
only shrink it further). So rho is the one number to set when showing the two regimes:
:func:`with_spectral_radius` gives a copy of a network whose W_hh is scaled to a chosen
rho, every other parameter unchanged.

Examples
--------
>>> from neurons import Network
>>> net = Network.rnn(1, 2, 1, steps=5, seed=0)
>>> round(spectral_radius(with_spectral_radius(net, 1.5)), 12)
1.5
>>> net.parameter("w_xh_1_1") == with_spectral_radius(net, 0.5).parameter("w_xh_1_1")
True
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from .checks import check_number
from .errors import NetworkStructureError, ParameterError

if TYPE_CHECKING:
    from .core import NetworkCore
    from .recurrence import Recurrence

__all__ = ["recurrent_matrix", "spectral_radius", "with_spectral_radius"]

N = TypeVar("N", bound="NetworkCore")


def _recurrence(net: NetworkCore) -> Recurrence:
    if not net.recurrences:
        raise NetworkStructureError(
            "the spectral radius of W_hh needs a recurrent network (Network.rnn or "
            "add_recurrence); this network has no recurrence (net.recurrences is empty)")
    return net.recurrences[0]


def recurrent_matrix(net: NetworkCore) -> np.ndarray:
    """W_hh of the network's (first) recurrence as a hidden x hidden array, in PyTorch's
    (to, from) order: row j, column l is ``w_hh_j_l``.

    Raises
    ------
    NetworkStructureError
        For a network without a recurrence.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.rnn(1, 2, 1, steps=3)
    >>> net.set_parameters({"w_hh_1_2": 0.5})
    >>> recurrent_matrix(net)[0].tolist()[1]
    0.5
    """
    return _recurrence(net).matrices(net.parameters())[1]


def spectral_radius(net: NetworkCore) -> float:
    """The spectral radius of W_hh: the largest absolute value of its eigenvalues.

    Raises
    ------
    NetworkStructureError
        For a network without a recurrence.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.rnn(1, 2, 1, steps=3)
    >>> net.set_parameters({"w_hh_1_1": 0.5, "w_hh_1_2": 0.0, "w_hh_2_1": 0.0,
    ...                     "w_hh_2_2": -0.8})
    >>> spectral_radius(net)
    0.8
    """
    return float(np.max(np.abs(np.linalg.eigvals(recurrent_matrix(net)))))


def with_spectral_radius(net: N, rho: float) -> N:
    """A copy of ``net`` whose W_hh is scaled so that its spectral radius is ``rho``; every
    other parameter, and ``net`` itself, unchanged.

    Parameters
    ----------
    net : Network
        With a recurrence (``Network.rnn``); its first one is scaled.
    rho : float
        The spectral radius wanted, 0 or more.

    Raises
    ------
    NetworkStructureError
        For a network without a recurrence.
    ParameterError
        For a negative ``rho``, or a W_hh whose spectral radius is 0 (all zeros, or
        nilpotent), which no scaling brings to another value.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.rnn(1, 3, 1, steps=4, seed=1)
    >>> scaled = with_spectral_radius(net, 0.9)
    >>> round(spectral_radius(scaled), 12), scaled is net
    (0.9, False)
    """
    rho = check_number(rho, "rho", non_negative=True)  # a spectral radius
    r = _recurrence(net)
    now = spectral_radius(net)
    if now < 1e-12:
        raise ParameterError(
            f"W_hh has spectral radius {now:g} (all its eigenvalues are 0): scaling it keeps "
            f"it so; set some recurrent weights first (net.set_parameters({{'w_hh_1_1': 0.5}}))")
    twin = copy.deepcopy(net)
    factor = rho / now
    twin.set_parameters({p: net.parameter(p) * factor for p in r.w_hh})
    return twin
