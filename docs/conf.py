"""Sphinx configuration of the neurons documentation site.

Build it from the repository's root, with Sphinx, pydata-sphinx-theme, numpydoc,
sphinx-gallery and myst-parser installed in .venv:

    .venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html
    .venv/bin/sphinx-build -W --keep-going -b linkcheck docs docs/_build/linkcheck

The html build runs every demo of the tour (the gallery) and the front page's quick
start, so a broken demo or example breaks the site. What is generated goes to folders
that ``docs/.gitignore`` lists: ``_build/``, ``_generated/``, ``api/generated/``,
``api/modules/`` and ``gallery/``.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))  # this site's own small extensions
sys.path.insert(0, str(DOCS.parent))  # the checkout's neurons, installed or not

import neurons  # noqa: E402

# -- the project ----------------------------------------------------------------------------------
project = "neurons"
author = "The neurons developers"
copyright = "2026, The neurons developers"
version = release = neurons.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
    "api_pages",  # _ext/: the module pages, and links to any path that reaches a name
    "demo_gallery",  # _ext/: the demos as sphinx-gallery reads them, and their pictures
    "mathml",  # _ext/: equations as MathML, as the lesson pages write them
    "quickstart",  # _ext/: the front page's quick start, run, with what it prints and draws
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
default_role = "code"  # `x` is inline code, as in Markdown and in the demos' text
nitpicky = True  # every reference must reach its target, but for the list below
# Names from other projects: there is no network here for intersphinx, so they stay text.
nitpick_ignore_regex = [
    ("py:.*", r"(np|numpy|matplotlib|mpl|networkx|nx|torch|nn|sklearn|ipywidgets|tqdm|"
              r"typing|collections|pathlib|os|io|json|enum|dataclasses|random|types)"
              r"(\..*)?"),
    ("py:.*", r"(Any|Callable|Iterable|Iterator|Mapping|Sequence|Path|PathLike|Figure|Axes|"
              r"Artist|Colormap|Normalize|ndarray|DiGraph|Generator|ArrayLike|TextIO|Self|"
              r"None|NoneType|optional|callable|array-like|array_like|float64|float32|"
              r"dtype|Tensor|Module)"),
    ("py:class", r"(int|float|str|bool|bytes|dict|list|tuple|set|frozenset|object|type|"
                 r"complex|slice|range|Exception|BaseException|ValueError|TypeError|"
                 r"LookupError|OSError|ImportError|FloatingPointError|KeyError)"),
]

# -- API reference: autodoc, autosummary, numpydoc -------------------------------------------------
autosummary_generate = True
autosummary_ignore_module_all = False
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # the numpydoc sections say the types, in words
# The optional extras, where they are not installed, are mocked while the API pages import
# the modules: neurons.torch, neurons.sklearn and neurons.widgets are documented either way.
autodoc_mock_imports = [name for name in ("torch", "sklearn", "ipywidgets")
                        if importlib.util.find_spec(name) is None]
numpydoc_show_class_members = False  # the class pages document every member themselves
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- the guide's Markdown ------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

# -- the gallery of the demos --------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "_generated/demos",  # demos/*.py, converted by _ext/demo_gallery.py
    "gallery_dirs": "gallery",
    "filename_pattern": r".*\.py$",  # run every demo, not only plot_*.py
    "within_subsection_order": "demo_gallery.tour_order",
    "image_scrapers": ("demo_gallery.scrape", "matplotlib"),
    "reset_modules": ("matplotlib", "demo_gallery.before_each_demo"),
    "run_stale_examples": True,  # every build runs every demo: a broken one fails the build
    "capture_repr": ("_repr_html_", "__repr__"),
    "ignore_repr_types": r"neurons\.network\.Network",  # shown as its diagram instead
    "download_all_examples": False,
    "first_notebook_cell": None,
    "show_memory": False,
    "show_signature": False,
    "min_reported_time": 1,
    # The page of computation times loads jQuery and DataTables from CDNs: each demo's
    # page says its own time instead.
    "write_computation_times": False,
}

# -- html ---------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"neurons {release}"
html_static_path = ["_static"]
html_css_files = ["neurons.css"]
html_math_renderer = "mathml"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 4,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_sidebars = {"index": [], "benchmarks": [], "notation": []}

# -- linkcheck: no network here, so only the links inside the site are checked ------------------
linkcheck_ignore = [r"https?://.*"]


# -- pictures and pages open in the browser ------------------------------------------------------
# A link to a file of the repository (a picture in diagrams/, a lesson page) is a download
# link in Sphinx, marked download="" so that the browser saves it. The pictures, the GIFs
# and the self-contained lesson and worksheet pages are made to be looked at: their links
# open them instead.
_SAVED_ONLY = re.compile(
    r'(<a class="reference download internal") download=""( href="[^"]*\.(?:png|gif|svg|html)")')


def _open_in_browser(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = _SAVED_ONLY.sub(r"\1\2", context["body"])


def setup(app):
    app.connect("html-page-context", _open_in_browser)
