"""The architecture holds: each layer imports only from the layers below it, only the CLI and
rendering layers touch typer or rich, and only the CLI asks the clock what day it is."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "giamngheo"
# From the ground floor up: each may import from those before it, never from those after.
LAYERS = ["core", "model", "calc", "checks", "store", "intake", "views", "render", "cli"]
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def layer_of(module: str) -> str | None:
    """The layer of a module name inside giamngheo (`giamngheo.store.workspace` → `store`)."""
    parts = module.split(".")
    if parts[0] != "giamngheo" or len(parts) < 2:
        return None
    return "cli" if parts[1] in ("cli", "cli_help", "__main__") else parts[1] if parts[1] in LAYERS else None


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module PATH imports, at the top or inside a function, with its line."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return out


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_module_is_in_a_layer() -> None:
    loose = [module_name(p) for p in MODULES if layer_of(module_name(p)) is None and module_name(p) != "giamngheo"]
    assert loose == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_only_from_layers_below(path: Path) -> None:
    own = layer_of(module_name(path))
    if own is None:
        return
    upward = [f"{path.name}:{line}: {name}" for line, name in imports_of(path)
              if (theirs := layer_of(name)) is not None and LAYERS.index(theirs) > LAYERS.index(own)]
    assert upward == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_only_cli_and_render_touch_the_terminal_libraries(path: Path) -> None:
    if layer_of(module_name(path)) in ("cli", "render"):
        return
    used = [f"{path.name}:{line}: {name}" for line, name in imports_of(path) if name.split(".")[0] in ("typer", "rich", "click")]
    assert used == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_only_cli_asks_the_clock(path: Path) -> None:
    if layer_of(module_name(path)) == "cli":
        return
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("today", "now", "utcnow"):
            calls.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert calls == []


def test_the_checks_find_an_upward_import(tmp_path: Path) -> None:
    """The test above would catch a violation: a core module importing the CLI is flagged."""
    bad = tmp_path / "bad.py"
    bad.write_text("from giamngheo.cli import app\n", encoding="utf-8")
    assert [layer_of(name) for _, name in imports_of(bad)] == ["cli", "cli"]
    assert LAYERS.index("cli") > LAYERS.index("core")
