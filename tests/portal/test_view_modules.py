"""Read from the source: the cabinet's views leave commits to the services, and no view module
imports another (what they share lives in `views/shared.py` and `views/buttons.py`)."""

import ast
from pathlib import Path

import pytest

from tests.support.source import commits_and_rollbacks, tree_of

VIEWS = Path(__file__).resolve().parents[2] / "portal" / "views"


def has_blueprint(path: Path) -> bool:
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "bp" for t in node.targets)
        for node in tree_of(path).body
    )


VIEW_MODULES = sorted(path for path in VIEWS.glob("*.py") if has_blueprint(path))
VIEW_NAMES = {path.stem for path in VIEW_MODULES}


def named(paths) -> list:
    return [pytest.param(path, id=path.name) for path in paths]


def test_the_cabinet_has_its_views_to_check():
    assert {"applications", "wizard", "status", "documents", "review", "auth"} <= VIEW_NAMES


@pytest.mark.parametrize("path", named(VIEW_MODULES))
def test_a_view_module_never_commits_or_rolls_back(path):
    assert commits_and_rollbacks(path) == []


def imported_siblings(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "portal.views":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("portal.views."):
            found.add(node.module.rpartition(".")[2])
    return found


@pytest.mark.parametrize("path", named(VIEW_MODULES))
def test_a_view_module_imports_no_other_view_module(path):
    assert imported_siblings(tree_of(path)) & VIEW_NAMES == set()
