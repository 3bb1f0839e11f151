"""The package's layers, read from the source with ``ast``: no import cycle, nothing upward.

Every import that runs counts, at module level and inside functions; only blocks under
``if TYPE_CHECKING:`` are left out (they never run). The layers, each importing only
itself and the layers below it:

1. base: errors, checks of plain values, activations, losses, optimizers, initializers,
   number and equation formatting;
2. core: ``Neuron``, the graph, the network core;
3. algorithms, functions of a network: forward and backprop, layout and compiled,
   explain, steps, gradcheck, training and history, io, builders, data checks;
4. views and bridges: drawing, widgets, exercises, worksheets, torch, sklearn;
5. the ``Network`` facade and the package's entry points.

An import inside a function is kept for what cannot load at import time: an optional
extra (torch, sklearn, ipywidgets: not the package's own modules) and matplotlib, which
loads with :mod:`neurons.drawing` when a picture is first asked for. So the only
in-function imports of the package's own modules allowed are of the drawing package,
from outside it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "neurons"

BASE, CORE, ALGORITHMS, VIEWS, FACADE = 1, 2, 3, 4, 5
LAYER_OF = {
    "neurons.errors": BASE, "neurons.checks": BASE, "neurons.activations": BASE,
    "neurons.losses": BASE, "neurons.optimizers": BASE, "neurons.initializers": BASE,
    "neurons.notation": BASE,
    "neurons.neuron": CORE, "neurons.graph": CORE, "neurons.core": CORE,
    "neurons.parameters": CORE, "neurons.grids": CORE, "neurons.recurrence": CORE,
    "neurons.data": ALGORITHMS, "neurons.backprop": ALGORITHMS, "neurons.proba": ALGORITHMS,
    "neurons.layout": ALGORITHMS, "neurons.compiled": ALGORITHMS,
    "neurons.explain": ALGORITHMS, "neurons.steps": ALGORITHMS,
    "neurons.through_time": ALGORITHMS, "neurons.spectral": ALGORITHMS,
    "neurons.gradcheck": ALGORITHMS, "neurons.compare": ALGORITHMS,
    "neurons.history": ALGORITHMS, "neurons.training": ALGORITHMS, "neurons.io": ALGORITHMS,
    "neurons.builders": ALGORITHMS, "neurons.datasets": ALGORITHMS,
    "neurons.drawing": VIEWS, "neurons.widgets": VIEWS, "neurons.exercises": VIEWS,
    "neurons.mistakes": VIEWS, "neurons.worksheets": VIEWS, "neurons.torch": VIEWS,
    "neurons.sklearn": VIEWS, "neurons.pages": VIEWS,
    "neurons.chains": VIEWS, "neurons.answer_keys": VIEWS, "neurons.worksheet_page": VIEWS,
    "neurons.network": FACADE, "neurons": FACADE, "neurons.__main__": FACADE,
    "neurons.tour": FACADE,
}
LAYER_NAMES = {BASE: "base", CORE: "core", ALGORITHMS: "algorithms", VIEWS: "views",
               FACADE: "facade"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    """A module's layer: its own entry, or that of the subpackage holding it."""
    name = module
    while name not in LAYER_OF:
        name = name.rpartition(".")[0]
        if name in ("", "neurons"):  # the package's own entry is its __init__'s only
            raise KeyError(f"{module} has no layer: add it to LAYER_OF")
    return LAYER_OF[name]


def resolve(importer: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package modules an import statement loads (a name imported from a package is
    its submodule when there is one)."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        if node.level:
            is_package = MODULES[importer].name == "__init__.py"
            base = importer.split(".")
            base = base[: len(base) - (node.level - (1 if is_package else 0))]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module
                   for a in node.names]
    found = []
    for target in targets:
        if not (target == "neurons" or target.startswith("neurons.")):
            continue
        while target not in MODULES:
            target = target.rpartition(".")[0]
        if target != importer:
            found.append(target)
    return found


def imports(module: str) -> list[tuple[str, bool, int]]:
    """(target, inside a function, line) for every import of the package's own modules that
    runs: ``if TYPE_CHECKING:`` blocks are skipped, their ``else`` branches are not."""
    found: list[tuple[str, bool, int]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for stmt in child.orelse:
                    visit_one(stmt, in_function)
                continue
            visit_one(child, in_function)

    def visit_one(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.extend((t, in_function, node.lineno) for t in resolve(module, node))
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                 ast.Lambda))
        visit(node, inner)

    visit(ast.parse(MODULES[module].read_text(encoding="utf-8")), False)
    return found


GRAPH = nx.DiGraph()
GRAPH.add_nodes_from(MODULES)
EDGES = {m: imports(m) for m in MODULES}
for m, targets in EDGES.items():
    GRAPH.add_edges_from((m, t) for t, _, _ in targets)


def test_the_import_reader_finds_what_runs():
    # The reader itself: known imports are found, TYPE_CHECKING ones are not.
    found = {t for t, _, _ in EDGES["neurons.training"]}
    assert {"neurons.compiled", "neurons.history", "neurons.io", "neurons.losses"} <= found
    assert "neurons.core" not in found  # only under TYPE_CHECKING there
    assert ("neurons.drawing.display", True) in {(t, f) for t, f, _ in EDGES["neurons.network"]}
    assert len(MODULES) > 40 and GRAPH.number_of_edges() > 150


def test_every_module_has_a_layer():
    assert layer("neurons.drawing.animate") == VIEWS and layer("neurons") == FACADE
    with pytest.raises(KeyError):
        layer("neurons.somewhere_new")
    for module in MODULES:
        assert layer(module) in LAYER_NAMES, module


def test_no_import_cycle():
    cycles = [sorted(c) for c in nx.strongly_connected_components(GRAPH) if len(c) > 1]
    assert not cycles, f"import cycles (counting imports in functions): {cycles}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_import(module):
    for target, _, line in EDGES[module]:
        assert layer(target) <= layer(module), (
            f"{module} (line {line}, {LAYER_NAMES[layer(module)]}) imports {target} "
            f"({LAYER_NAMES[layer(target)]}), a layer above it")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_inside_functions_are_only_the_lazy_drawing_package(module):
    for target, in_function, line in EDGES[module]:
        if in_function:
            assert target.startswith("neurons.drawing") and not module.startswith(
                "neurons.drawing"), (
                f"{module} imports {target} inside a function (line {line}): import it at "
                f"the top; only optional extras and matplotlib (neurons.drawing) load late")


def test_the_checks_import_nothing_but_the_errors():
    assert {t for t, _, _ in EDGES["neurons.checks"]} == {"neurons.errors"}


def test_the_base_knows_no_network_and_no_matplotlib():
    for module, path in MODULES.items():
        if layer(module) == BASE:
            source = path.read_text(encoding="utf-8")
            assert "matplotlib" not in source.replace("matplotlib's", ""), module
            assert all(layer(t) == BASE for t, _, _ in EDGES[module]), module
