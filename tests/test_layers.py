"""The package's layers, read from the source with ``ast``: every import, at module level,
inside functions and under ``TYPE_CHECKING`` alike, goes down the stack (or stays within
its layer), and no two modules import each other, directly or round a loop.

Bottom to top: errors → model → activations → registry and plugins → expressions → parsing
→ compute → io → render → cli → the ``actplot`` facade. A module may import from its own
layer or any layer below; matplotlib only in render, scipy only behind
``activations/_special.py``, numba only in ``activations/_kernels.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "actplot"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("actplot.errors",),
    ("actplot.model",),
    ("actplot.activations",),
    ("actplot.registry", "actplot.plugins"),
    ("actplot.expressions",),
    ("actplot.parsing",),
    ("actplot.compute",),
    ("actplot.io",),
    ("actplot.render",),
    ("actplot.cli", "actplot.__main__"),
    ("actplot",),  # the facade: __init__.py re-exports the public API
)
# Third-party packages allowed only in some places: where they are needed, lazily.
CONFINED = {
    "matplotlib": ("actplot.render",),
    "scipy": ("actplot.activations._special",),
    "numba": ("actplot.activations._kernels",),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def layer_of(module: str) -> int:
    """The index of the layer whose prefix matches `module` most closely."""
    best, rank = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), i
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS"
    return rank


def typing_only(tree: ast.Module) -> set[ast.AST]:
    """The import nodes under ``if TYPE_CHECKING:``: never run, so never part of a cycle."""
    out: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            out.update(n for stmt in node.body for n in ast.walk(stmt))
    return out


def imports(module: str, runtime: bool = False) -> list[tuple[str, int]]:
    """(imported name, line) for every import in `module` (with `runtime`, those that can
    run: not under TYPE_CHECKING), relative ones resolved; for ``from P import N`` the
    module P.N when there is one, else P."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    here = module if is_package(module) else module.rpartition(".")[0]
    skip = typing_only(tree) if runtime else set()
    found = []
    for node in ast.walk(tree):
        if node in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in MODULES else base, node.lineno))
    return found


def internal_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for name, _ in imports(module, runtime=True):
            if name in MODULES and name != module:
                edges[module].add(name)
    return edges


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module: str) -> None:
    own = layer_of(module)
    upward = [
        f"line {line}: {name} (layer {layer_of(name)} > {own})"
        for name, line in imports(module)
        if name in MODULES and layer_of(name) > own
    ]
    assert not upward, f"{module} imports upwards: " + "; ".join(upward)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_heavy_libraries_stay_where_they_are_needed(module: str) -> None:
    for name, line in imports(module):
        top = name.partition(".")[0]
        allowed = CONFINED.get(top)
        if allowed is not None:
            ok = any(module == a or module.startswith(a + ".") for a in allowed)
            assert ok, f"{module} line {line} imports {name}; only {allowed} may"


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the components with more than one module (the cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    """Imports that run, at module level or inside functions (TYPE_CHECKING ones never do)."""
    cycles = strongly_connected(internal_edges())
    assert not cycles, "import cycles (lazy imports included): " + "; ".join(
        " <-> ".join(c) for c in cycles
    )


def test_the_checker_sees_an_upward_import_and_a_cycle() -> None:
    """The rules above fail on what they are meant to catch."""
    assert layer_of("actplot.compute.curves") > layer_of("actplot.registry")
    assert layer_of("actplot.render.figure") > layer_of("actplot.compute.curves")
    assert layer_of("actplot") == len(LAYERS) - 1
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert "actplot.errors" in [n for n, _ in imports("actplot.model.validation")]


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer_of(module)
