"""Shared test settings: a headless matplotlib backend, hypothesis profiles, and the tour first."""

import os
import sys

import matplotlib
import pytest
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


@pytest.fixture(autouse=True)
def _no_figure_left_open():
    """Every test starts with no pyplot figure open, whatever ran before it on its worker:
    the figures a test leaves open (the README's and the guide's examples draw, as in a
    notebook, and never close) are closed after it. Tests that count the open figures
    (plt.get_fignums()) depend on it under pytest-randomly's order."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")  # never imported here: only if a test did
    if pyplot is not None:
        pyplot.close("all")


@pytest.hookimpl(trylast=True)  # after pytest-randomly's shuffle, which it keeps otherwise
def pytest_collection_modifyitems(items):
    """One test that reads the demo tour first, the others last: the tour is the suite's
    longest single step (tests/test_demos.py), so under pytest-xdist it starts at once on
    one worker, beside the other tests, instead of by chance last, alone; and no other
    worker draws a tour test early and idles until the tour is done."""
    tour = [item for item in items if "tour_run" in getattr(item, "fixturenames", ())]
    rank = {id(item): 0 if item is tour[0] else 2 for item in tour}
    items.sort(key=lambda item: rank.get(id(item), 1))
