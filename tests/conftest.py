"""Shared test settings: a headless matplotlib backend and hypothesis profiles."""

import os

import matplotlib
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

# Property tests build networks and run the per-neuron path: allow them time, and in CI
# (CI=true) print the seed of any failure so it can be replayed. For a longer search, set
# NEURONS_HYPOTHESIS_EXAMPLES (e.g. 500) in the environment.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow],
    max_examples=int(os.environ.get("NEURONS_HYPOTHESIS_EXAMPLES", "40")),
)
settings.register_profile(
    "ci", parent=settings.get_profile("default"), print_blob=True
)
settings.load_profile("ci" if os.environ.get("CI") else "default")
