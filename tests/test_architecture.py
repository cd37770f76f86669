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
    """Top-level project modules imported by ``path`` (e.g. "store", "api", "model"), anywhere in
    it: at the top, inside functions and methods (lazy imports) or through ``importlib``."""
    return _project_imports_of_source(path.read_text(encoding="utf-8"), path)


def _project_imports_of_source(source: str, path: Path) -> set[str]:
    tree = ast.parse(source)
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
        elif isinstance(node, ast.Call) and _is_import_module(node.func) and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            name = node.args[0].value
            if name.startswith("frontlines."):
                found.add(name.split(".")[1])
            elif name.startswith(".") and not package:  # relative to the package root
                found.add(name.lstrip(".").split(".")[0])
    return found


def _is_import_module(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "import_module") or \
        (isinstance(func, ast.Name) and func.id in ("import_module", "__import__"))


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


#: the layers above api.py; the CLI may call the others (``frontlines batch`` runs scale.batch)
OUTER = {"web": set(), "scale": set(), "evaluate": set(), "cli": {"web", "scale", "evaluate"}}


@pytest.mark.parametrize("area", sorted(OUTER))
def test_outer_layers_reach_the_rest_only_through_api(area):
    allowed = {area, "api", "model", "errors", "options"} | OUTER[area]
    bad = {}
    for p in MODULES:
        if _area(p) == area:
            hit = _project_imports(p) - allowed
            if hit:
                bad[_rel(p)] = sorted(hit)
    assert not bad, f"{area} imports beyond api/model/errors/options: {bad}"


def test_api_does_not_know_the_layers_above_it():
    """api.py is the face the outer layers call: it imports none of them, even lazily."""
    hit = _project_imports(PKG / "api.py") & (set(OUTER) | {"__main__"})
    assert not hit, f"api.py imports layers that sit above it (move that code up into them): {sorted(hit)}"


@pytest.mark.parametrize(("source", "where", "expected"), [
    ("class A:\n    def m(self):\n        from .scale.batch import run_batch\n", "api.py", "scale"),
    ("def f():\n    import frontlines.web.app\n", "api.py", "web"),
    ("def f():\n    importlib.import_module('.evaluate', 'frontlines')\n", "api.py", "evaluate"),
    ("def f():\n    from ..store import open_store\n", "web/app.py", "store"),
    ("def f():\n    from . import control\n", "api.py", "control"),
])
def test_the_import_scanner_sees_lazy_imports(source, where, expected):
    """The checks above are only as good as the scanner: imports inside functions and methods count."""
    assert expected in _project_imports_of_source(source, PKG / where)


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
