"""Optimizers: how a gradient becomes a parameter update.

Each optimizer is one small class whose :meth:`Optimizer.step` updates a list
of NumPy arrays in place from their gradients. Every rule here is elementwise,
so the same object serves both paths: the per-neuron path hands it one flat
vector of all parameters (in the order of ``net.parameters()``), the
vectorized path its weight blocks and bias vectors; each parameter sees the
same arithmetic either way. State (velocities, running averages) is kept per
parameter, in arrays shaped like the parameters, and starts from zero at
:meth:`Optimizer.reset`.

=============  ============================================================
``sgd``        w <- w - lr g
``momentum``   v <- mu v - lr g;  w <- w + v                    (mu = 0.9)
``nesterov``   v <- mu v - lr g;  w <- w + mu v - lr g          (mu = 0.9)
``adagrad``    G <- G + g^2;  w <- w - lr g / (sqrt(G) + eps)
``rmsprop``    E <- rho E + (1 - rho) g^2;  w <- w - lr g / (sqrt(E) + eps)
``adam``       m, v: running means of g and g^2 (beta1 = 0.9, beta2 = 0.999),
               bias-corrected; w <- w - lr m_hat / (sqrt(v_hat) + eps)
=============  ============================================================

Examples
--------
>>> import numpy as np
>>> w, g = np.array([1.0, 2.0]), np.array([0.5, -1.0])
>>> opt = Momentum(mu=0.9)
>>> opt.reset([w])
>>> opt.step([w], [g], lr=0.1)
>>> w.tolist()
[0.95, 2.1]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from . import notation
from .checks import check_number
from .errors import ParameterError, lookup
from .notation import Equation

__all__ = ["SGD", "Adagrad", "Adam", "Momentum", "Nesterov", "Optimizer", "RMSprop",
           "from_config", "get"]

Arrays = Sequence[np.ndarray]


class Optimizer:
    """Base class: ``reset(params)`` once, then ``step(params, grads, lr)`` per update.

    ``slots`` names the per-parameter state (lists of arrays shaped like the
    parameters, e.g. Adam's ``m`` and ``v``); with the step count ``t`` they
    are everything a checkpoint must keep to resume exactly.
    """

    name = ""
    slots: tuple[str, ...] = ()

    def reset(self, params: Arrays) -> None:
        """Forget all state; size it for ``params``."""
        self.t = 0

    def describe_first_step(self, name: str, w: float, g: float, lr: float, new: float,
                            digits: int = 3) -> tuple[Equation, ...]:
        """The first update of parameter ``name`` (from fresh state) as equations with their
        numbers (:mod:`neurons.notation`, ``digits`` significant figures): ``w`` before,
        gradient ``g``, learning rate ``lr``, ``new`` after. Used by :mod:`neurons.steps`;
        optimizers with a short rule override it.

        Examples
        --------
        >>> print(*Adam().describe_first_step("w1", 1.0, 0.5, 0.1, 0.9))
        w1 <- w1 + (adam step) = 1 + (-0.1) = 0.9
        >>> print(*SGD().describe_first_step("w1", 1.0, -0.5, 0.1, 1.05))
        w1 <- w1 - lr dL/dw1 = 1 - 0.1 * (-0.5) = 1.05
        """
        return (notation.optimizer_update(name, self.name, w, new, digits=digits),)

    def step(self, params: Arrays, grads: Arrays, lr: float) -> None:
        """Update every array of ``params`` in place from its gradient."""
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        """The step count ``t`` and each slot's list of arrays (the live arrays, not copies)."""
        return {"t": self.t, **{slot: getattr(self, slot) for slot in self.slots}}

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Continue from ``state`` (as :meth:`state` gives it); call after :meth:`reset`.

        The values are copied into the arrays :meth:`reset` made, keeping their dtype.
        """
        self.t = int(state["t"])
        for slot in self.slots:
            for mine, saved in zip(getattr(self, slot), state[slot]):
                mine[...] = saved

    def config(self) -> dict[str, float | str]:
        """The name and the settings, from which :func:`from_config` makes the same optimizer.

        Examples
        --------
        >>> Momentum(mu=0.5).config()
        {'name': 'momentum', 'mu': 0.5}
        """
        return {"name": self.name, **{k: v for k, v in vars(self).items()
                                      if isinstance(v, float)}}

    def _zeros(self, params: Arrays) -> list[np.ndarray]:
        return [np.zeros_like(p) for p in params]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in vars(self).items()
                         if isinstance(v, float))
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Plain gradient descent, w <- w - lr g."""

    name = "sgd"

    def describe_first_step(self, name: str, w: float, g: float, lr: float, new: float,
                            digits: int = 3) -> tuple[Equation, ...]:
        return (notation.sgd_update(name, w, g, lr, new, digits=digits),)

    def step(self, params: Arrays, grads: Arrays, lr: float) -> None:
        for w, g in zip(params, grads):
            w -= lr * g


class Momentum(Optimizer):
    """Classic momentum: v <- mu v - lr g, then w <- w + v, one velocity per parameter."""

    name = "momentum"
    slots = ("v",)

    def describe_first_step(self, name: str, w: float, g: float, lr: float, new: float,
                            digits: int = 3) -> tuple[Equation, ...]:
        return notation.momentum_update(name, w, g, lr, self.mu, new, digits=digits)

    def __init__(self, mu: float = 0.9) -> None:
        self.mu = _fraction(mu, "mu")

    def reset(self, params: Arrays) -> None:
        super().reset(params)
        self.v = self._zeros(params)

    def step(self, params: Arrays, grads: Arrays, lr: float) -> None:
        for w, g, v in zip(params, grads, self.v):
            v *= self.mu
            v -= lr * g
            w += v


class Nesterov(Momentum):
    """Nesterov momentum, in the form that needs no look-ahead evaluation:
    v <- mu v - lr g, then w <- w + mu v - lr g."""

    name = "nesterov"
    describe_first_step = Optimizer.describe_first_step  # not momentum's rule

    def step(self, params: Arrays, grads: Arrays, lr: float) -> None:
        for w, g, v in zip(params, grads, self.v):
            v *= self.mu
            v -= lr * g
            w += self.mu * v - lr * g


class Adagrad(Optimizer):
    """Adagrad: each parameter's step shrinks with its summed squared gradients."""

    name = "adagrad"
    slots = ("G",)

    def __init__(self, eps: float = 1e-8) -> None:
        self.eps = check_number(eps, "eps", non_negative=True)

    def reset(self, params: Arrays) -> None:
        super().reset(params)
        self.G = self._zeros(params)

    def step(self, params: Arrays, grads: Arrays, lr: float) -> None:
        for w, g, G in zip(params, grads, self.G):
            G += g * g
            w -= lr * g / (np.sqrt(G) + self.eps)


class RMSprop(Optimizer):
    """RMSprop: like Adagrad with a running mean (decay ``rho``) instead of a sum."""

    name = "rmsprop"
    slots = ("E",)

    def __init__(self, rho: float = 0.9, eps: float = 1e-8) -> None:
        self.rho = _fraction(rho, "rho")
        self.eps = check_number(eps, "eps", non_negative=True)

    def reset(self, params: Arrays) -> None:
        super().reset(params)
        self.E = self._zeros(params)

    def step(self, params: Arrays, grads: Arrays, lr: float) -> None:
        for w, g, E in zip(params, grads, self.E):
            E *= self.rho
            E += (1.0 - self.rho) * g * g
            w -= lr * g / (np.sqrt(E) + self.eps)


class Adam(Optimizer):
    """Adam: running means of g and g^2, corrected for their zero start."""

    name = "adam"
    slots = ("m", "v")

    def __init__(self, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.beta1 = _fraction(beta1, "beta1")
        self.beta2 = _fraction(beta2, "beta2")
        self.eps = check_number(eps, "eps", non_negative=True)

    def reset(self, params: Arrays) -> None:
        super().reset(params)
        self.m = self._zeros(params)
        self.v = self._zeros(params)

    def step(self, params: Arrays, grads: Arrays, lr: float) -> None:
        self.t += 1
        c1 = 1.0 - self.beta1**self.t  # bias corrections: m and v start at zero
        c2 = 1.0 - self.beta2**self.t
        for w, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            w -= lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def _fraction(value: float, what: str) -> float:
    value = check_number(value, what)
    if not 0.0 <= value < 1.0:
        raise ParameterError(f"{what} must be in [0, 1), not {value:g}")
    return value


_REGISTRY = {cls.name: cls for cls in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam)}


def from_config(config: dict) -> Optimizer:
    """Make the optimizer that ``Optimizer.config()`` describes (fresh state).

    Examples
    --------
    >>> from_config({"name": "adam", "beta1": 0.8})
    Adam(beta1=0.8, beta2=0.999, eps=1e-08)
    """
    settings = dict(config)
    return lookup(_REGISTRY, settings.pop("name", None), "optimizer", "optimizers")(**settings)


def get(optimizer: str | Optimizer) -> Optimizer:
    """Return a new optimizer called ``optimizer`` (default settings), or the object itself.

    Examples
    --------
    >>> get("adam")
    Adam(beta1=0.9, beta2=0.999, eps=1e-08)
    """
    if isinstance(optimizer, Optimizer):
        return optimizer
    return lookup(_REGISTRY, optimizer, "optimizer", "optimizers")()
