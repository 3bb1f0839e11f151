"""The API reference's module pages, and links to any name the way Python reaches it.

Every public name (a module's ``__all__``) is documented once, on a page that autosummary
generates (``:toctree:``), under its shortest public path: ``neurons.Network`` rather than
``neurons.network.Network``, ``neurons.drawing.network_picture`` rather than
``neurons.drawing.picture.network_picture``. The hand-written ``api/index.rst`` documents
``neurons.__all__`` (and :func:`check_index` keeps it complete); :func:`write_pages` writes
one page per submodule into ``api/generated/`` (``config-inited``, before autosummary reads
them): the module's docstring, the names it is the home of, and a table of the names it
exports from elsewhere, linked to their home.

A docstring may name an object by any path that reaches it (``neurons.drawing.network.draw``,
``neurons.draw``, or ``draw`` inside a module that imported it): :func:`resolve` (on
``missing-reference``) follows that path as Python would and links the object's page.
:func:`skip_foreign` keeps members inherited from outside the package (``tuple.count``,
``nn.Module.forward``, ``Exception.add_note``) off the class pages.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import io
import pkgutil
import re
import tokenize
import types
from pathlib import Path
from types import ModuleType
from typing import Any

from sphinx.application import Sphinx
from sphinx.ext.autodoc.mock import mock
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

logger = logging.getLogger(__name__)

PACKAGE = "neurons"
SKIPPED = {"neurons.__main__"}  # the command line: documented in the guide, not an API

_home: dict[int, str] = {}  # id(object) -> the full name it is documented under
_modules: dict[str, ModuleType] = {}


def _import_all(app: Sphinx) -> None:
    """Import every module of the package, the optional extras mocked where missing."""
    with mock(app.config.autodoc_mock_imports):
        package = importlib.import_module(PACKAGE)
        names = [m.name for m in pkgutil.walk_packages(package.__path__, PACKAGE + ".")]
        _modules[PACKAGE] = package
        for name in sorted(set(names) - SKIPPED):
            _modules[name] = importlib.import_module(name)


def _assigned(module: ModuleType) -> set[str]:
    """The names a module's own source binds at its top level (not by importing them)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return set()
    names = set()
    for node in tree.body:
        targets = ([node.target] if isinstance(node, ast.AnnAssign) else
                   node.targets if isinstance(node, ast.Assign) else [])
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _kind(obj: Any) -> str:
    if isinstance(obj, (types.GenericAlias, types.UnionType)):
        return "Type aliases"
    if inspect.isclass(obj):
        return "Exceptions" if issubclass(obj, BaseException) else "Classes"
    if inspect.isroutine(obj):
        return "Functions"
    return "Data"


def _homes() -> dict[str, dict[str, str]]:
    """For each module, its public names and where each is documented ({name: home})."""
    exported: dict[str, dict[str, Any]] = {
        m: {n: getattr(mod, n) for n in getattr(mod, "__all__", ())}
        for m, mod in _modules.items()}
    homes: dict[str, dict[str, str]] = {}
    for modname, names in exported.items():
        homes[modname] = {}
        for name, obj in names.items():
            if inspect.ismodule(obj):
                continue  # a submodule has its own page; another package is not ours
            if _kind(obj) in ("Data", "Type aliases"):  # at home where the source assigns it
                owners = [m for m, ns in exported.items()
                          if ns.get(name) is obj and name in _assigned(_modules[m])]
            else:  # a class or function: every public module that exports it
                owners = [m for m, ns in exported.items() if ns.get(name) is obj]
            owners = owners or [modname]
            home = min(owners, key=lambda m: (m.count("."), m != getattr(obj, "__module__", m)))
            homes[modname][name] = f"{home}.{name}"
            if home == modname and _kind(obj) in ("Classes", "Exceptions", "Functions"):
                _home[id(obj)] = f"{home}.{name}"
    return homes


def _assignment(module: ModuleType, name: str) -> tuple[str, list[str]] | None:
    """Where a module's source assigns ``name`` at its top level: the value as written,
    and the comment that says what it is (the lines of ``#`` just above, or else the
    comment at the end of the assignment)."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return None
    lines = source.splitlines()
    for node in ast.parse(source).body:
        targets = ([node.target] if isinstance(node, ast.AnnAssign) else
                   node.targets if isinstance(node, ast.Assign) else [])
        if getattr(node, "value", None) is None or not any(
                isinstance(t, ast.Name) and t.id == name for t in targets):
            continue
        comment, row = [], node.lineno - 2
        while row >= 0 and lines[row].lstrip().startswith("#"):
            comment.insert(0, lines[row].strip().lstrip("#").strip())
            row -= 1
        if not comment:  # a comment ending the statement's last line
            tokens = tokenize.generate_tokens(io.StringIO(lines[node.end_lineno - 1]).readline)
            with contextlib.suppress(tokenize.TokenError):
                comment = [t.string.lstrip("#").strip() for t in tokens
                           if t.type == tokenize.COMMENT]
        return ast.get_source_segment(source, node.value) or "", comment
    return None


def _alias(module: ModuleType, name: str) -> str:
    """A type alias as reST: its definition as written, and the comment that says what it is."""
    found = _assignment(module, name)
    if found is None:
        return f".. py:data:: {name}\n"
    value, comment = found
    text = "".join(f"   {line}\n" for line in comment)
    return f".. py:data:: {name}\n   :value: {value}\n\n{text}"


def describe_data(app: Sphinx, what: str, name: str, obj: Any, options: Any,
                  lines: list[str]) -> None:
    """``autodoc-process-docstring``: a module's constant (``SMALL_PT = 10.0``) has no
    docstring of its own, and autodoc would show its type's (``float``'s); it gets the
    comment its source gives it instead, or nothing."""
    kind = type(obj)
    if what != "data" or kind.__module__.startswith(PACKAGE) or obj.__doc__ != kind.__doc__:
        return
    module, _, attribute = name.rpartition(".")
    found = _assignment(_modules[module], attribute) if module in _modules else None
    lines[:] = found[1] if found else []


def _table(entries: list[str], toctree: bool) -> str:
    options = "   :toctree: ../generated\n   :nosignatures:\n" if toctree else "   :nosignatures:\n"
    return ".. autosummary::\n" + options + "\n" + "".join(f"   {e}\n" for e in entries)


def _page(modname: str, homes: dict[str, str], documented: set[str]) -> str:
    module = _modules[modname]
    out = [f"{modname}\n{'=' * len(modname)}\n"]
    if modname in documented:  # neurons.compare is the function: Python reaches that first
        out.append(f"The module. In code, ``{modname}`` is the function :obj:`{modname}`, "
                   "which hides it.\n")
    out.append(f".. automodule:: {modname}\n"
               + ("   :no-index:\n" if modname in documented else ""))
    out.append(f".. currentmodule:: {modname}\n")
    groups: dict[str, list[str]] = {"Classes": [], "Exceptions": [], "Functions": [],
                                    "Data": [], "Type aliases": []}
    elsewhere = []
    for name, home in homes.items():
        if home == f"{modname}.{name}":
            groups[_kind(getattr(module, name))].append(name)
        else:
            elsewhere.append(f"~{home}")
    for heading, names in groups.items():
        if names and heading == "Type aliases":  # autosummary cannot document these
            out.append(f"{heading}\n{'-' * len(heading)}\n\n"
                       + "\n".join(_alias(module, n) for n in names))
        elif names:
            out.append(f"{heading}\n{'-' * len(heading)}\n\n{_table(names, True)}")
    if elsewhere:
        heading = "Also importable from here"
        out.append(f"{heading}\n{'-' * len(heading)}\n\nDocumented where they are at home.\n\n"
                   + _table(elsewhere, False))
    children = sorted(m for m in _modules if m.rpartition(".")[0] == modname)
    if children:
        out.append("Submodules\n----------\n\n"
                   + _table([c.rpartition(".")[2] for c in children], False)
                   + "\n.. toctree::\n   :hidden:\n\n" + "".join(f"   {c}\n" for c in children))
    return "\n".join(out)


def write_pages(app: Sphinx, config: Any) -> None:
    """``config-inited``: one page per submodule in ``api/generated/``, rewritten only
    when its text changes (so that an unchanged page is not read again); a page or stub
    of a module or name that is gone is deleted."""
    _import_all(app)
    homes = _homes()
    folder = Path(app.srcdir) / "api" / "modules"
    folder.mkdir(parents=True, exist_ok=True)
    keep = set()
    documented = {home for names in homes.values() for home in names.values()}
    for modname in _modules:
        if modname == PACKAGE:
            continue  # api/index.rst, written by hand
        path = folder / f"{modname}.rst"
        keep.add(path.name)
        text = _page(modname, homes[modname], documented)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    listing = folder / "modules.inc"  # included by api/index.rst: every module, linked
    submodules = sorted(m for m in _modules if m != PACKAGE)
    text = (_table([m.partition(".")[2] for m in submodules], False)
            + "\n.. toctree::\n   :hidden:\n\n"
            + "".join(f"   modules/{m}\n" for m in submodules if m.count(".") == 1))
    if not listing.is_file() or listing.read_text(encoding="utf-8") != text:
        listing.write_text(text, encoding="utf-8")
    for path in folder.glob("*.rst"):
        if path.name not in keep:  # a module that is gone
            path.unlink()
    stubs = Path(app.srcdir) / "api" / "generated"
    for path in stubs.glob("*.rst"):
        if path.stem not in documented:  # a name that is gone, or documented elsewhere now
            path.unlink()
    check_index(app, homes[PACKAGE])


def check_index(app: Sphinx, names: dict[str, str]) -> None:
    """Warn (so that the -W build fails) when ``api/index.rst`` leaves out a name of
    ``neurons.__all__``, or lists one that is not there."""
    index = Path(app.srcdir) / "api" / "index.rst"
    text = index.read_text(encoding="utf-8")
    listed = set(re.findall(r"^ {3}(\w+)$", text, flags=re.M))  # autosummary entries
    listed |= set(re.findall(r"^\.\. autodata:: (\w+)$", text, flags=re.M))
    wanted = set(_modules[PACKAGE].__all__)
    for name in sorted(wanted - listed):
        logger.warning("api/index.rst does not list neurons.%s (in neurons.__all__)", name,
                       location=str(index))
    for name in sorted(listed - wanted):
        logger.warning("api/index.rst lists %s, which is not in neurons.__all__", name,
                       location=str(index))


# -- links ----------------------------------------------------------------------------------------
def _follow(path: str) -> tuple[Any, list[str]] | None:
    """The object a dotted path reaches, as Python gets it (``neurons.compare`` is the
    function, which hides the module of that name), and the path's parts past the deepest
    object with a documented home: (that object, the rest)."""
    parts = path.split(".")
    if parts[0] != PACKAGE:
        return None
    obj, found = _modules[PACKAGE], None
    for i, part in enumerate(parts[1:], start=1):
        prefix = ".".join(parts[:i])
        if inspect.isclass(obj):
            try:
                obj = inspect.getattr_static(obj, part)
            except AttributeError:
                return None
            obj = getattr(obj, "__func__", obj)  # a classmethod or staticmethod, as defined
        elif hasattr(obj, part):
            obj = getattr(obj, part)
        elif f"{prefix}.{part}" in _modules:  # a submodule not imported into its package
            obj = _modules[f"{prefix}.{part}"]
        elif prefix in _modules and hasattr(_modules[prefix], part):
            obj = getattr(_modules[prefix], part)  # neurons.explain.explain: in the module
        else:
            return None
        if id(obj) in _home:
            found = (obj, parts[i + 1:])
    return found


def _context(node: Any) -> list[str]:
    """Where a reference is written, innermost first: the documented class and module,
    and the module (and class) whose source holds the docstring ("docstring of ...")."""
    module, cls = node.get("py:module"), node.get("py:class")
    scopes = [f"{module}.{cls}", module] if cls else [module] if module else []
    source = str(node.source or "")
    if "docstring of " in source:
        parts = source.rpartition("docstring of ")[2].split(".")
        for cut in range(len(parts), 0, -1):
            name = ".".join(parts[:cut])
            if name in _modules:
                scopes += ([f"{name}.{parts[cut]}"] if cut < len(parts) - 1 else []) + [name]
                break
    return [*scopes, PACKAGE]


def resolve(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    """``missing-reference``: a Python reference to any path that reaches a documented
    object, as Python would find it where the reference is written, or else a unique
    documented object of that name; a module hidden by a function of its name."""
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip(".~")
    if node["reftype"] == "mod" and target in _modules and target != PACKAGE:
        return make_refnode(app.builder, node["refdoc"], f"api/modules/{target}", "",
                            contnode)
    domain = env.get_domain("py")
    for scope in [*_context(node), None]:
        found = _follow(f"{scope}.{target}" if scope else target)
        if found is None:
            continue
        obj, rest = found
        name = ".".join([_home[id(obj)], *rest])
        if name in domain.objects:
            entry = domain.objects[name]  # the text stays as written
            return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id,
                                contnode)
    # As Sphinx's own search with a leading dot: the one documented object of that name.
    matches = [name for name, entry in domain.objects.items()
               if name.endswith(f".{target}") and not entry.aliased]
    if len(matches) == 1:
        entry = domain.objects[matches[0]]
        return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id,
                            contnode)
    return None


# -- class pages ----------------------------------------------------------------------------------
def skip_foreign(app: Sphinx, what: str, name: str, obj: Any, skip: bool,
                 options: Any) -> bool | None:
    """``autodoc-skip-member``: a member defined outside the package (inherited from
    ``tuple``, ``Exception``, ``nn.Module``, scikit-learn's ``BaseEstimator``) is left out,
    and so is an override without a docstring of its own whose docstring autodoc would
    take from such a class (``EdgeData.update``, from ``MutableMapping``)."""
    # (a property's getter, a classmethod's function, a cached_property's function)
    target = (getattr(obj, "fget", None) or getattr(obj, "__func__", None)
              or getattr(obj, "func", None) or obj)
    owner = getattr(target, "__objclass__", None)  # a slot or method of a built-in type
    module = getattr(owner or target, "__module__", None)
    if isinstance(module, str) and not module.startswith(PACKAGE):
        return True
    if owner is None and module is None and inspect.isroutine(target):
        return True  # a built-in method without a module
    if inspect.isfunction(target) and target.__doc__ is None and module:
        found = _follow(".".join([module, *target.__qualname__.split(".")[:-1]]))
        cls = found[0] if found and not found[1] else None
        for base in inspect.getmro(cls)[1:] if inspect.isclass(cls) else ():
            inherited = base.__dict__.get(name)
            if getattr(inherited, "__doc__", None):
                return True if not base.__module__.startswith(PACKAGE) else None
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", write_pages, priority=400)
    app.connect("missing-reference", resolve)
    app.connect("autodoc-skip-member", skip_foreign)
    app.connect("autodoc-process-docstring", describe_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

