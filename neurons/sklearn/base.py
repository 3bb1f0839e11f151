"""What :class:`NeuronsClassifier` and :class:`NeuronsRegressor` share: the settings, building
the network, training it (``fit``, ``partial_fit``, early stopping) and the forward pass their
predictions read.

scikit-learn is optional: without it (or with one too old for ``validate_data``) this module
still imports, :data:`SKLEARN_IMPORT_ERROR` says why, and the estimator base is not defined.
"""

from __future__ import annotations

import copy
import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import optimizers
from ..builders import dense
from ..checks import check_count, check_flag, check_number
from ..compiled import CompiledNetwork
from ..core import NetworkCore
from ..errors import ArgumentTypeError, ParameterError
from ..history import EarlyStopping, History
from ..training import train

try:  # scikit-learn is optional: the estimators need it, importing this module does not
    from sklearn.base import BaseEstimator
    from sklearn.model_selection import train_test_split
    from sklearn.utils import check_random_state
    from sklearn.utils.validation import check_is_fitted, validate_data
except ImportError as error:  # pragma: no cover - the suite also runs without scikit-learn
    SKLEARN_IMPORT_ERROR: ImportError | None = error
else:
    SKLEARN_IMPORT_ERROR = None

if TYPE_CHECKING:
    from sklearn.utils import Tags

__all__ = ["SKLEARN_IMPORT_ERROR", "NeuronsEstimator"]


class _Continuing(optimizers.Optimizer):
    """An optimizer that :func:`neurons.train`'s ``reset`` does not clear, so that
    ``partial_fit`` calls (and a ``partial_fit`` after ``fit``) go on as one run: Adam's
    running means and step count, momentum's velocity, carry over."""

    def __init__(self, inner: optimizers.Optimizer) -> None:
        self.inner = inner
        self.name = inner.name

    def reset(self, params: optimizers.Arrays) -> None:
        saved = self.inner.state() if hasattr(self.inner, "t") else None
        self.inner.reset(params)
        if saved is not None:  # reset made new arrays: the saved ones are intact
            self.inner.load_state(saved)

    def step(self, params: optimizers.Arrays, grads: optimizers.Arrays, lr: float) -> None:
        self.inner.step(params, grads, lr)


if SKLEARN_IMPORT_ERROR is None:
    class NeuronsEstimator(BaseEstimator):
        """What the classifier and the regressor share: settings, building, training.

        A subclass says how its targets become the loss's (``_targets``) and whether the
        validation split keeps the classes' proportions (``_stratify``).
        """

        def __init__(self, hidden_layer_sizes: Any = (32,), activation: str = "relu", *,
                     optimizer: Any = "adam", lr: float = 0.01,
                     batch_size: int | None = 32, epochs: int = 200, l2: float = 0.0,
                     shuffle: bool = True, early_stopping: bool = False,
                     validation_fraction: float = 0.1, n_iter_no_change: int = 10,
                     init: str | None = None, random_state: Any = None, dtype: Any = None,
                     verbose: bool = False) -> None:
            self.hidden_layer_sizes = hidden_layer_sizes
            self.activation = activation
            self.optimizer = optimizer
            self.lr = lr
            self.batch_size = batch_size
            self.epochs = epochs
            self.l2 = l2
            self.shuffle = shuffle
            self.early_stopping = early_stopping
            self.validation_fraction = validation_fraction
            self.n_iter_no_change = n_iter_no_change
            self.init = init
            self.random_state = random_state
            self.dtype = dtype
            self.verbose = verbose

        # The fitted attributes _fit sets (annotations only: not class attributes, so that
        # hasattr and check_is_fitted see them only once the estimator is fitted).
        network_: NetworkCore
        history_: History
        _rng: np.random.RandomState
        _optimizer: optimizers.Optimizer

        # -- what the subclasses say -------------------------------------------------------
        _y_numeric = True

        def _targets(self, y: Any, first: bool, incremental: bool,
                     classes: Any) -> tuple[np.ndarray, dict[str, Any]]:
            """The targets as the loss takes them, and (on the first call) the fitted
            attributes they decide: ``n_outputs_``, the output activation and the loss."""
            raise NotImplementedError

        def _stratify(self, y: np.ndarray, fitted: dict[str, Any],
                      fraction: float) -> np.ndarray | None:
            """The labels the validation split keeps the proportions of (None: a plain
            random split)."""
            return None

        # -- fitting -----------------------------------------------------------------------
        def fit(self, X: Any, y: Any) -> Any:
            """Build a new network and train it for ``epochs`` epochs (fewer with
            ``early_stopping``) on (X, y). Returns the estimator."""
            return self._fit(X, y, incremental=False)

        def partial_fit(self, X: Any, y: Any) -> Any:
            """Train for one epoch on (X, y), going on from the current network (a new one
            on the first call) and optimizer state. ``early_stopping`` is not used."""
            return self._fit(X, y, incremental=True)

        def _fit(self, X: Any, y: Any, incremental: bool, classes: Any = None) -> Any:
            first = not (incremental and hasattr(self, "network_"))
            sizes = self._hidden_sizes()
            early = (not incremental) and check_flag(self.early_stopping, "early_stopping")
            if early:
                fraction = check_number(self.validation_fraction, "validation_fraction")
                if not 0.0 < fraction < 1.0:
                    raise ParameterError(f"validation_fraction must be between 0 and 1 "
                                         f"(exclusive), not {fraction:g}")
                patience = check_count(self.n_iter_no_change, "n_iter_no_change")
            opt = optimizers.get(self.optimizer if isinstance(self.optimizer, str)
                                 else copy.deepcopy(self.optimizer))  # never the setting itself
            X, y = validate_data(self, X, y, reset=first, multi_output=True,
                                 y_numeric=self._y_numeric, dtype=(np.float64, np.float32))
            # Nothing of the estimator changes until training has succeeded (but
            # validate_data's n_features_in_, and a partial_fit's network in place).
            T, fitted = self._targets(y, first, incremental, classes)
            rng = check_random_state(self.random_state) if first else self._rng
            seeds = rng.randint(0, 2**31 - 1, size=3)
            if first:
                net = dense([X.shape[1], *sizes, fitted["n_outputs_"]], self.activation,
                                    fitted["_output_activation"], init=self.init,
                                    seed=int(seeds[0]))
                loss = fitted["_loss"]
            else:
                net, loss = self.network_, self._loss
                opt = _Continuing(self._optimizer)
            settings: dict[str, Any] = {}
            if early:
                stratify = self._stratify(y, fitted, fraction)
                X, X_val, T, T_val = train_test_split(X, T, test_size=fraction,
                                                      random_state=int(seeds[2]),
                                                      stratify=stratify)
                settings = {"validation": (X_val, T_val), "early_stopping":
                            EarlyStopping(patience)}
            history = train(net, X, T, epochs=1 if incremental else self.epochs, lr=self.lr,
                                loss=loss, optimizer=opt, batch_size=self.batch_size,
                                shuffle=self.shuffle, seed=int(seeds[1]), path="vectorized",
                                dtype=self.dtype, l2=self.l2, progress=self.verbose,
                                **settings)
            for name, value in fitted.items():
                setattr(self, name, value)
            self.network_, self._rng = net, rng
            self._optimizer = opt.inner if isinstance(opt, _Continuing) else opt
            self.history_ = history if first else _joined(self.history_, history)
            self.n_iter_ = self.history_.epochs
            self.loss_ = self.history_.loss[-1]
            return self

        def _hidden_sizes(self) -> list[int]:
            sizes = self.hidden_layer_sizes
            if isinstance(sizes, numbers.Integral) and not isinstance(sizes, bool):
                sizes = (sizes,)  # one hidden layer, as MLPClassifier reads an int
            if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (Sequence, np.ndarray)):
                raise ArgumentTypeError(
                    f"hidden_layer_sizes must be a tuple of layer widths such as (32,) or "
                    f"(64, 32) (or () for none), not {type(sizes).__name__} {sizes!r}")
            return [check_count(n, f"every width in hidden_layer_sizes {tuple(sizes)}")
                    for n in sizes]

        # -- predicting --------------------------------------------------------------------
        def _forward(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
            """The output neurons' activations and weighted inputs z (samples x outputs), on
            the vectorized path; X is checked as scikit-learn checks it."""
            check_is_fitted(self)
            X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
            fast = CompiledNetwork(self.network_, np.float64 if self.dtype is None else self.dtype)
            # A fresh compile: network_ may have been changed (set_parameters) since fit.
            # One forward pass gives both: z is what decision_function returns.
            return fast.outputs_and_z_prepared(X.astype(fast.dtype, copy=False))

        def __sklearn_tags__(self) -> Tags:
            tags = super().__sklearn_tags__()
            tags.target_tags.multi_output = True
            return tags


def _joined(before: History, after: History) -> History:
    """One history for consecutive runs (``partial_fit``): lists joined, time going on."""
    offset = before.time[-1] if before.time else 0.0
    return History(path=before.path, loss=before.loss + after.loss,
                   val_loss=before.val_loss + after.val_loss,
                   accuracy=before.accuracy + after.accuracy,
                   val_accuracy=before.val_accuracy + after.val_accuracy,
                   time=before.time + [t + offset for t in after.time])
