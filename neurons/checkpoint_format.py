"""A checkpoint file's ``training`` section (see :mod:`neurons.checkpoint`): written from a
:class:`~neurons.checkpoint.Checkpoint`, and read back checked key by key.

The network part of the file is :mod:`neurons.io`'s; this module knows only the section
that holds the state of the training run, and refuses a bad one naming the key path of
what is wrong (``training.optimizer_state.m[3]``) before anything is built from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import losses, optimizers
from .errors import FileFormatError, NeuronsError
from .history import EarlyStopping, History
from .io.check import describe, is_number
from .validation import check_training_settings

if TYPE_CHECKING:
    from .checkpoint import Checkpoint

__all__ = ["from_section", "to_section"]

_HISTORY_LISTS = ("loss", "val_loss", "accuracy", "val_accuracy", "time")
_SETTINGS = ("loss", "optimizer", "lr", "batch_size", "shuffle", "seed", "path", "dtype", "l2",
             "early_stopping")


def to_section(checkpoint: Checkpoint) -> dict[str, Any]:
    """The ``training`` section of ``checkpoint``: plain JSON values (the optimizer as its
    config, early stopping as its settings, the history as lists)."""
    h = checkpoint.history
    settings = dict(checkpoint.settings)
    settings["optimizer"] = optimizers.get(settings["optimizer"]).config()
    stop = settings["early_stopping"]
    if stop is not None:
        settings["early_stopping"] = {"patience": stop.patience,
                                      "min_delta": float(stop.min_delta)}
    return {
        "epoch": checkpoint.epoch, "settings": settings,
        "optimizer_state": checkpoint.optimizer_state, "rng": checkpoint.rng_state,
        "history": {"path": h.path, **{k: list(getattr(h, k)) for k in _HISTORY_LISTS},
                    "stopped_early": h.stopped_early, "best_epoch": h.best_epoch},
        "early_stopping": checkpoint.early_stopping,
    }


def from_section(section: Any, n_params: int, file: str) -> dict[str, Any]:
    """Check a ``training`` section read from ``file`` (its network has ``n_params``
    parameters) and return :class:`~neurons.checkpoint.Checkpoint`'s fields from it:
    ``epoch``, ``settings``, ``optimizer_state``, ``rng_state``, ``history``,
    ``early_stopping``.

    Raises
    ------
    FileFormatError
        Naming the key of the first thing wrong.
    """
    return _Reader(file).training(section, n_params)


class _Reader:
    """Checks the ``training`` section, naming the key path of anything wrong."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, message: str) -> FileFormatError:
        return FileFormatError(message, key=key, file=self.file)

    def get(self, obj: dict, name: str, key: str, kind: Any) -> Any:
        if name not in obj:
            raise self.fail(f"{key}.{name}", "missing")
        return self.check(obj[name], f"{key}.{name}", kind)

    def check(self, value: Any, key: str, kind: Any) -> Any:
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "number": is_number(value),  # the network part's rule: finite, within a float
            "bool": isinstance(value, bool), "str": isinstance(value, str),
            "dict": isinstance(value, dict), "list": isinstance(value, list),
            None: value is None,
        }
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not any(ok[k] for k in kinds):
            want = " or ".join("null" if k is None else k for k in kinds)
            raise self.fail(key, f"expected {want}, found {describe(value)}")
        return value

    def numbers(self, values: Any, key: str, length: int | None = None) -> list:
        self.check(values, key, "list")
        if length is not None and len(values) != length:
            raise self.fail(key, f"has {len(values)} values; the network has {length} parameters")
        for i, v in enumerate(values):
            self.check(v, f"{key}[{i}]", "number")
        return values

    def training(self, section: Any, n_params: int) -> dict[str, Any]:
        key = "training"
        self.check(section, key, "dict")
        extra = set(section) - {"epoch", "settings", "optimizer_state", "rng", "history",
                                "early_stopping"}
        if extra:
            raise self.fail(f"{key}.{sorted(extra)[0]}", "unknown key")
        epoch = self.get(section, "epoch", key, "int")
        settings = self.settings(self.get(section, "settings", key, "dict"))
        state = self.get(section, "optimizer_state", key, "dict")
        self.get(state, "t", f"{key}.optimizer_state", "int")
        opt = settings["optimizer"]
        for slot in opt.slots:
            self.numbers(self.get(state, slot, f"{key}.optimizer_state", "list"),
                         f"{key}.optimizer_state.{slot}", n_params)
        rng = self.get(section, "rng", key, "dict")
        try:  # the generator checks its own state; a bad one must not reach the training run
            np.random.default_rng().bit_generator.state = rng
        except (TypeError, ValueError, KeyError, OverflowError) as error:
            raise self.fail(f"{key}.rng", f"not a random generator state ({error})") from None
        early = self.get(section, "early_stopping", key, ("dict", None))
        if early is not None:
            k = f"{key}.early_stopping"
            self.get(early, "best_val_loss", k, ("number", None))
            self.get(early, "waited", k, "int")
            best = self.get(early, "best", k, ("list", None))
            if best is not None:
                self.numbers(best, f"{k}.best", n_params)
        return {"epoch": epoch, "settings": settings, "optimizer_state": state,
                "rng_state": rng, "history": self.history(section), "early_stopping": early}

    def settings(self, s: dict) -> dict[str, Any]:
        key = "training.settings"
        for name in _SETTINGS:
            if name not in s:
                raise self.fail(f"{key}.{name}", "missing")
        settings = {k: s[k] for k in _SETTINGS}
        if "train_accuracy" in s:  # recorded since it was added; older files use the default
            settings["train_accuracy"] = s["train_accuracy"]
            if s["train_accuracy"] not in ("batches", "full"):
                raise self.fail(f"{key}.train_accuracy", 'must be "batches" or "full"')
        self.check(s["optimizer"], f"{key}.optimizer", "dict")
        stop = self.check(s["early_stopping"], f"{key}.early_stopping", ("dict", None))
        try:
            settings["optimizer"] = optimizers.from_config(s["optimizer"])
            if stop is not None:
                settings["early_stopping"] = EarlyStopping(**stop)
            losses.get(s["loss"])
            check_training_settings(1, s["lr"], s["batch_size"], s["shuffle"], s["seed"],
                                    s["path"], s["dtype"], s["l2"], None, (),
                                    settings["early_stopping"])
        except (NeuronsError, TypeError) as error:
            raise self.fail(key, f"not valid training settings: {error}") from None
        return settings

    def history(self, section: dict) -> History:
        key = "training.history"
        h = self.get(section, "history", "training", "dict")
        lists = {name: self.numbers(self.get(h, name, key, "list"), f"{key}.{name}")
                 for name in _HISTORY_LISTS}
        return History(path=self.get(h, "path", key, "str"), **lists,
                       stopped_early=self.get(h, "stopped_early", key, "bool"),
                       best_epoch=self.get(h, "best_epoch", key, ("int", None)))
