"""pytest at the repository root: what the doctest run over ``neurons`` must skip."""

import importlib.util

import pytest

# neurons.widgets needs the optional `widgets` extra: importing it without ipywidgets
# raises MissingDependencyError (as it should), so its doctests run only where it is
# installed (.ci/run's extras line).
collect_ignore = [] if importlib.util.find_spec("ipywidgets") else ["neurons/widgets.py"]


def _copied_docstrings() -> set[str]:
    """The doctest names of Network's facade methods whose docstring is their function's
    (``help(net.train)`` shows ``neurons.training.train``'s): those examples run once, with
    the function, not a second time under the method's name."""
    from neurons.network import Network

    names = set()
    for name in dir(Network):
        wrapped = getattr(getattr(Network, name), "__wrapped__", None)
        if wrapped is not None and wrapped.__doc__ is None:
            names.add(f"neurons.network.Network.{name}")
    return names


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    copied = _copied_docstrings()
    # A doctest item carries its example as .dtest (the same in every pytest version).
    again = [item for item in items if getattr(item, "dtest", None) is not None
             and item.name in copied]
    if again:
        config.hook.pytest_deselected(items=again)
        items[:] = [item for item in items if item not in again]
