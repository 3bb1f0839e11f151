"""Shared test settings: a headless matplotlib backend and hypothesis profiles."""

import os

import matplotlib
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

# Property tests build networks and run the per-neuron path: allow them time, and in CI
# (CI=true) print the seed of any failure so it can be replayed.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=40
)
settings.register_profile(
    "ci", parent=settings.get_profile("default"), print_blob=True
)
settings.load_profile("ci" if os.environ.get("CI") else "default")
