"""neurons: neural networks built neuron by neuron, with backpropagation you can read.

A :class:`Network` is a networkx graph of :class:`Neuron` objects. Its
per-neuron path computes z, a and delta edge by edge, exactly as a hand
derivation does, and :meth:`Network.explain` prints that derivation with its
numbers.

>>> from neurons import Neuron
>>> Neuron([0, 1], 4).feedforward([2, 3])
0.9990889488055994
"""

from typing import TYPE_CHECKING, Any

from . import activations, initializers, losses, optimizers
from .backprop import Trace
from .compare import Comparison, compare
from .compiled import CompiledNetwork
from .errors import (
    ArgumentTypeError,
    CycleError,
    DataError,
    DivergenceError,
    DuplicateNameError,
    FileAccessError,
    FileFormatError,
    IncompatibleLossError,
    MissingDependencyError,
    NetworkStructureError,
    NeuronsError,
    ParameterError,
    ShapeError,
    UnknownNameError,
    UnknownParameterError,
)
from .explain import Derivation, explain
from .gradcheck import GradientCheck, gradient_check
from .network import Network
from .neuron import Neuron
from .training import (
    Checkpoint,
    EarlyStopping,
    History,
    TrainingSettings,
    accuracy,
    load_checkpoint,
    train,
)

__version__ = "0.1.0"

# The drawing functions need matplotlib, which takes a moment to import: they load on first use.
_DRAWING = ("animate_backprop", "animate_training", "draw", "draw_feature_maps",
            "draw_kernels", "draw_neuron_maps", "draw_rolled", "draw_unrolled",
            "draw_weight_images", "lesson", "plot_activations", "plot_decision_boundary",
            "plot_gradient_through_time", "plot_histories", "save_figure")

if TYPE_CHECKING:  # a type checker sees their signatures; Python imports them on first use
    from .drawing import (
        animate_backprop,
        animate_training,
        draw,
        draw_feature_maps,
        draw_kernels,
        draw_neuron_maps,
        draw_rolled,
        draw_unrolled,
        draw_weight_images,
        plot_activations,
        plot_decision_boundary,
        plot_gradient_through_time,
        plot_histories,
        save_figure,
    )
    from .drawing.lesson import lesson


def __getattr__(name: str) -> Any:
    if name in _DRAWING:
        from . import drawing

        return getattr(drawing, name)
    raise AttributeError(f"module 'neurons' has no attribute {name!r}")


__all__ = [
    "ArgumentTypeError",
    "Checkpoint",
    "Comparison",
    "CompiledNetwork",
    "CycleError",
    "DataError",
    "Derivation",
    "DivergenceError",
    "DuplicateNameError",
    "EarlyStopping",
    "FileAccessError",
    "FileFormatError",
    "GradientCheck",
    "History",
    "IncompatibleLossError",
    "MissingDependencyError",
    "Network",
    "NetworkStructureError",
    "Neuron",
    "NeuronsError",
    "ParameterError",
    "ShapeError",
    "Trace",
    "TrainingSettings",
    "UnknownNameError",
    "UnknownParameterError",
    "__version__",
    "accuracy",
    "activations",
    "animate_backprop",
    "animate_training",
    "compare",
    "draw",
    "draw_feature_maps",
    "draw_kernels",
    "draw_neuron_maps",
    "draw_rolled",
    "draw_unrolled",
    "draw_weight_images",
    "explain",
    "gradient_check",
    "initializers",
    "lesson",
    "load_checkpoint",
    "losses",
    "optimizers",
    "plot_activations",
    "plot_decision_boundary",
    "plot_gradient_through_time",
    "plot_histories",
    "save_figure",
    "train",
]
