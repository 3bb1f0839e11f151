"""Shared test settings: a headless matplotlib backend, hypothesis profiles, and the demo tour
started in the background at once."""

import os

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

from tests.helpers import session_folder, start_tour

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


def reads_the_tour(item) -> bool:
    return "tour_run" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)  # after pytest-randomly's shuffle, which it keeps otherwise
def pytest_collection_modifyitems(items):
    """The tests that read the demo tour last: the tour (tests/test_demos.py) is the suite's
    longest single step, and it starts at the beginning of the session in the background
    (``tour_in_background``), so by the time they come it has run, and no worker sat
    waiting for it meanwhile."""
    items.sort(key=reads_the_tour)


@pytest.fixture(scope="session", autouse=True)
def tour_in_background(request, tmp_path_factory):
    """Start the demo tour at once when this session has tests that read it: the first
    process (pytest-xdist worker) to get here runs it in a thread beside its tests, and
    waits for it before it ends."""
    if any(map(reads_the_tour, request.session.items)):
        thread = start_tour(session_folder(tmp_path_factory))
        if thread is not None:
            request.addfinalizer(thread.join)
