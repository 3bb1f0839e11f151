"""Input checks at the public edge: every entry point checks its arguments here, once.

A teaching library is used by people who make every mistake once, so each
check names what is wrong (the argument, the sample, the input, the label, and
whether it belongs to the validation set) and says what would be right. The
public functions of :mod:`neurons.backprop`, :mod:`neurons.compiled`,
:mod:`neurons.training` and the drawing functions call these; their inner loops
take the checked arrays (``check_input=False``, as scikit-learn does), so a
training step pays for no check.

Every check raises before anything is changed, so a refused call leaves the
network as it was. :mod:`.data` checks samples, targets, labels, weights and
names; :mod:`.settings` checks counts, numbers, flags, choices, paths and the
training settings.

Examples
--------
>>> from neurons import Network
>>> from neurons.validation import check_samples
>>> net = Network.dense([2, 1], seed=0)
>>> check_samples(net, [1, 2]).tolist()
[[1.0, 2.0]]
>>> check_samples(net, [[1, 2, 3]])
Traceback (most recent call last):
...
neurons.errors.ShapeError: X has shape (1, 3); expected (samples, 2) for the inputs x1, x2
"""

from .data import (
    check_data,
    check_labelled,
    check_name,
    check_samples,
    check_targets,
    check_validation,
    check_vector,
    check_weights,
    first_nonfinite,
)
from .settings import (
    check_choice,
    check_count,
    check_dtype,
    check_flag,
    check_keywords,
    check_number,
    check_path,
    check_seed,
    check_training_settings,
)

__all__ = [
    "check_choice",
    "check_count",
    "check_data",
    "check_dtype",
    "check_flag",
    "check_keywords",
    "check_labelled",
    "check_name",
    "check_number",
    "check_path",
    "check_samples",
    "check_seed",
    "check_targets",
    "check_training_settings",
    "check_validation",
    "check_vector",
    "check_weights",
    "first_nonfinite",
]
