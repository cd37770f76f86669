"""The arrows that must never exist (shared/ARCHITECTURE.md), checked on the source itself."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "frontlines"
MODULES = sorted(p for p in PKG.rglob("*.py"))
MAX_LINES = 400


def _rel(path: Path) -> str:
    return path.relative_to(PKG).as_posix()


def _project_imports(path: Path) -> set[str]:
    """Top-level project modules imported by ``path`` (e.g. "store", "api", "model")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = path.relative_to(PKG).with_suffix("").parts
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("frontlines."):
                    found.add(alias.name.split(".")[1])
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("frontlines."):
                    found.add(node.module.split(".")[1])
                continue
            base = list(package)
            if node.level > 1:
                base = base[: len(base) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            if target:
                found.add(target[0])
            else:  # "from . import x" at the package root
                found.update(a.name for a in node.names)
    return found


def _area(path: Path) -> str:
    return path.relative_to(PKG).parts[0].removesuffix(".py")


def test_modules_stay_small():
    big = {_rel(p): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines (split them): {big}"


def test_model_imports_nothing_of_the_project():
    assert _project_imports(PKG / "model.py") == set()


@pytest.mark.parametrize("area", ["extract", "ingest", "geo"])
def test_pipeline_never_reaches_store_web_cli_scale(area):
    bad = {}
    for p in MODULES:
        if _area(p) == area:
            hit = _project_imports(p) & {"store", "web", "cli", "scale", "api", "evaluate"}
            if hit:
                bad[_rel(p)] = sorted(hit)
    assert not bad, f"{area} must not import these: {bad}"


@pytest.mark.parametrize("area", ["web", "cli", "scale", "evaluate"])
def test_outer_layers_reach_the_rest_only_through_api(area):
    allowed = {area, "api", "model", "errors", "options"}
    bad = {}
    for p in MODULES:
        if _area(p) == area:
            hit = _project_imports(p) - allowed
            if hit:
                bad[_rel(p)] = sorted(hit)
    assert not bad, f"{area} imports beyond api/model/errors/options: {bad}"


def test_only_cli_prints_or_exits():
    offenders = []
    for p in MODULES:
        if _area(p) == "cli":
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else "")
                owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
                if name == "print" and isinstance(f, ast.Name) or (name == "exit" and owner == "sys"):
                    offenders.append(f"{_rel(p)}:{node.lineno}")
    assert not offenders, f"library code prints or exits (log and raise instead): {offenders}"


def test_no_module_level_mutable_state():
    """Module-level lists/dicts/sets assigned to lower-case names are mutable globals."""
    offenders = []
    for p in MODULES:
        for node in ast.parse(p.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                value = node.value
                for t in targets:
                    if isinstance(t, ast.Name) and not t.id.isupper() and not t.id.startswith("__") \
                            and isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp)):
                        offenders.append(f"{_rel(p)}:{node.lineno} {t.id}")
    assert not offenders, f"module-level mutable state: {offenders}"
