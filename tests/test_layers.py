"""The display layers only display: no module of the app's pages, ``landscape.views``,
``landscape.report`` or the shared ``landscape.present`` imports an analysis. What they show
comes from bundle tables ``landscape analyse`` wrote; what a page does (alerts with edited
rules, group edits) goes through ``landscape.actions``."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DISPLAY = [ROOT / "app.py", *sorted((ROOT / "app_pages").rglob("*.py")),
           *sorted((ROOT / "landscape" / "views").rglob("*.py")),
           *sorted((ROOT / "landscape" / "report").rglob("*.py")),
           *sorted((ROOT / "landscape" / "present").rglob("*.py"))]
FORBIDDEN = "landscape.analyse"


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _absolute(node: ast.ImportFrom, module: str) -> str:
    """``from ..analyse import x`` in ``landscape.report.content`` -> ``landscape.analyse``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")[:-node.level]
    return ".".join(base + ([node.module] if node.module else []))


def _is_analysis(name: str) -> bool:
    return name == FORBIDDEN or name.startswith(FORBIDDEN + ".")


def analysis_imports(source: str, module: str) -> list[str]:
    """Every way ``source`` (the module ``module``) reaches ``landscape.analyse``: import
    statements (absolute or relative, or ``from landscape import analyse``) and
    ``importlib.import_module`` / ``__import__`` calls with a literal name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if _is_analysis(a.name)]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module)
            found += [base] if _is_analysis(base) else [
                f"{base}.{a.name}" for a in node.names if _is_analysis(f"{base}.{a.name}")]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and _is_analysis(node.args[0].value):
                found.append(node.args[0].value)
    return found


def test_the_display_modules_are_all_found():
    names = {p.relative_to(ROOT).as_posix() for p in DISPLAY}
    assert {"app.py", "app_pages/alerts.py", "app_pages/applicants.py", "app_pages/areas.py",
            "landscape/views/applicants.py", "landscape/report/content.py", "landscape/report/excel.py",
            "landscape/present/terrain.py"} <= names


@pytest.mark.parametrize("path", DISPLAY, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_display_module_imports_an_analysis(path):
    assert analysis_imports(path.read_text(encoding="utf-8"), _module_of(path)) == []


@pytest.mark.parametrize("source", [
    "import landscape.analyse.alerts",
    "from landscape.analyse.competitors import top_by_area",
    "from landscape import analyse",
    "from ..analyse import effects",
    "def f():\n    from landscape.analyse.effects import candidate_gaps",
    "import importlib\nm = importlib.import_module('landscape.analyse.alerts')",
    "from importlib import import_module\nm = import_module('landscape.analyse')",
    "m = __import__('landscape.analyse.trends')",
])
def test_every_way_of_importing_an_analysis_is_caught(source):
    assert analysis_imports(source, "landscape.report.content")


@pytest.mark.parametrize("source", [
    "from landscape import actions",
    "from landscape.present.highlights import leading_by_area",
    '"""Reads what landscape.analyse wrote."""',
    "from landscape.analysed_extra import x",
])
def test_what_is_allowed_is_not_flagged(source):
    assert analysis_imports(source, "landscape.report.content") == []
