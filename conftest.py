"""pytest at the repository root: what the doctest run over ``neurons`` must skip."""

import importlib.util

# neurons.widgets needs the optional `widgets` extra: importing it without ipywidgets
# raises MissingDependencyError (as it should), so its doctests run only where it is
# installed (.ci/run's extras line).
collect_ignore = [] if importlib.util.find_spec("ipywidgets") else ["neurons/widgets.py"]
