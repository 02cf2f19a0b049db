"""The layers (issue 14), checked over the import graph of ``src/wirewatch`` (ast, no import).

- The bottom layer is ``wirewatch.store`` with what it stands on (``records``, ``errors``,
  ``settings``): none of its modules imports a feature module (``group``, ``watch``, ``alerts``,
  ``shards``, ...), not even lazily inside a function or under ``TYPE_CHECKING``.
- No module outside ``store/`` touches the ``engine`` of a store: SQL lives behind the store's
  repository methods and modules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import wirewatch

SRC = Path(wirewatch.__file__).parent
BOTTOM = ("wirewatch.store", "wirewatch.records", "wirewatch.errors", "wirewatch.settings")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_bottom(name: str) -> bool:
    return any(name == b or name.startswith(b + ".") for b in BOTTOM)


def imported(tree: ast.AST, package: str) -> Iterator[tuple[int, str]]:
    """Every wirewatch module ``tree`` imports, anywhere in it, with its line; relative imports
    resolved against ``package``; a literal ``importlib.import_module("...")`` counts too."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield node.lineno, base
            yield from ((node.lineno, f"{base}.{a.name}") for a in node.names if base == "wirewatch")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.lineno, node.args[0].value


def upward_imports(name: str, source: str, is_package: bool = False) -> list[str]:
    """The feature modules a bottom-layer module ``name`` imports (``line: module``)."""
    package = name if is_package else name.rpartition(".")[0]
    return [f"{name}:{line}: {mod}" for line, mod in imported(ast.parse(source), package)
            if mod.startswith("wirewatch.") and not is_bottom(mod)]


def _reads_engine(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "engine"
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
            and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "engine")


def engine_uses(name: str, source: str) -> list[str]:
    """Where module ``name`` reads an ``engine`` attribute (``x.engine``, ``getattr(x, "engine")``)."""
    return [f"{name}:{node.lineno}" for node in ast.walk(ast.parse(source)) if _reads_engine(node)]  # type: ignore[attr-defined]


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        yield module_name(path), path


def test_the_checks_see_what_they_look_for() -> None:
    """The two checks find a violation when there is one (so the real checks can fail)."""
    lazy = "def f():\n    from wirewatch.group import incidents\n"
    typing_only = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..watch.tables import feeds\n"
    dynamic = "import importlib\nimportlib.import_module('wirewatch.shards')\n"
    assert upward_imports("wirewatch.store.x", lazy) == ["wirewatch.store.x:2: wirewatch.group"]
    assert upward_imports("wirewatch.store.x", typing_only) == ["wirewatch.store.x:3: wirewatch.watch.tables"]
    assert upward_imports("wirewatch.store.x", dynamic) == ["wirewatch.store.x:2: wirewatch.shards"]
    assert upward_imports("wirewatch.store.x", "from wirewatch import shards\n") == [
        "wirewatch.store.x:1: wirewatch.shards"]
    assert upward_imports("wirewatch.store.x", "from wirewatch.store import schema\nimport wirewatch.errors\n") == []
    assert engine_uses("m", "def f(store):\n    return store.engine.connect()\n") == ["m:2"]
    assert engine_uses("m", "x = getattr(store, 'engine')\n") == ["m:1"]
    assert engine_uses("m", "from sqlalchemy import create_engine\nengine = create_engine('sqlite://')\n") == []


def test_the_bottom_layer_imports_no_feature_module() -> None:
    found = [hit for name, path in modules() if is_bottom(name)
             for hit in upward_imports(name, path.read_text(encoding="utf-8"), path.name == "__init__.py")]
    assert found == [], "the store layer imports feature modules:\n" + "\n".join(found)


def test_no_module_outside_the_store_touches_its_engine() -> None:
    found = [hit for name, path in modules() if not name.startswith("wirewatch.store")
             for hit in engine_uses(name, path.read_text(encoding="utf-8"))]
    assert found == [], "SQL against a store's engine outside wirewatch.store:\n" + "\n".join(found)
