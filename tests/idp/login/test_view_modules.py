"""Read from the source: the simulator's views leave commits to the services, and no view module
imports another (what they share lives in a module that is not a view)."""

import ast
from pathlib import Path

import pytest

from tests.support.source import commits_and_rollbacks, tree_of

ROOT = Path(__file__).resolve().parents[3] / "idp_mock"
# What view modules share: console pages and forms, the tester API's blueprint, its models.
NOT_VIEWS = {
    "__init__.py",
    "pages.py",
    "forms.py",
    "persona_forms.py",
    "blueprint.py",
    "bodies.py",
    "contract.py",
    "openapi.py",
    "refusals.py",
    "registry_facts.py",
    "replies.py",
}
VIEW_FOLDERS = ("login/views", "protocol/views", "tester/console", "tester/api")
VIEW_MODULES = sorted(
    path
    for folder in VIEW_FOLDERS
    for path in (ROOT / folder).glob("*.py")
    if path.name not in NOT_VIEWS
)
VIEW_PACKAGES = {f"idp_mock.{folder.replace('/', '.')}" for folder in VIEW_FOLDERS}


def named(paths) -> list:
    return [pytest.param(path, id=str(path.relative_to(ROOT))) for path in paths]


def test_every_area_has_views_to_check():
    folders = {path.parent.relative_to(ROOT).as_posix() for path in VIEW_MODULES}
    assert folders == set(VIEW_FOLDERS) and len(VIEW_MODULES) >= 18


@pytest.mark.parametrize("path", named(VIEW_MODULES))
def test_a_view_module_never_commits_or_rolls_back(path):
    assert commits_and_rollbacks(path) == []


def imported_views(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        found += [m for m in modules if m.rpartition(".")[0] in VIEW_PACKAGES and is_view(m)]
    return found


def is_view(module: str) -> bool:
    return f"{module.rpartition('.')[2]}.py" not in NOT_VIEWS


@pytest.mark.parametrize("path", named(VIEW_MODULES))
def test_a_view_module_imports_no_other_view_module(path):
    assert imported_views(tree_of(path)) == []


def test_one_end_session_in_the_sso_module():
    defined = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.py")
        for node in ast.walk(tree_of(path))
        if isinstance(node, ast.FunctionDef) and node.name == "end_session"
    ]
    assert defined == ["login/sso.py"]
