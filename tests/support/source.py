"""Reading the project's own source, for tests of how the code is laid out."""

import ast
from pathlib import Path


def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def commits_and_rollbacks(path: Path) -> list[str]:
    """Where the module calls commit() or rollback(), as "line N: commit()"."""
    return [
        f"line {node.lineno}: {node.func.attr}()"
        for node in ast.walk(tree_of(path))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("commit", "rollback")
    ]
