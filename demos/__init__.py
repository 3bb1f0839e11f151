"""The demo tour's walkthroughs, one script each (see :mod:`neurons.tour`).

This folder is the repository's ``demos/`` and, installed, the package ``neurons.demos``
(setup.cfg maps one to the other), so that ``python -m neurons tour`` runs them from a
wheel as from a checkout. Each script runs on its own (``python demos/<name>.py``) and
opens as a notebook (the "percent" cell format); importing this package runs none.
"""
