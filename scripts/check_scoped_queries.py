"""Refuse unscoped queries in the modules that answer people: views and the API.

Tenancy is structural (ADR 0003): a provider user must see only its own organisation's records, so
every page and every API endpoint reads through a selector or a `for_user(user)` queryset. A bare
`Provider.objects` in a view forgets the user and leaks other organisations' rows the day someone
drops the filter, so this check fails the build on any `SomeModel.objects` (a capitalised name
followed by `.objects`) in a `views*.py` module or in any module of an `api/` package under the
given root (default: `commissioning/` beside this script). It reads the code as Python (the
standard library's `ast`), so docstrings and comments that mention the pattern are not flagged.

Usage: python scripts/check_scoped_queries.py [ROOT]; exit status 1 and one `file:line: message`
per finding when there are any.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "commissioning"


def is_checked(path: Path, root: Path) -> bool:
    """A views module anywhere, or any module inside an `api` package."""
    parts = path.relative_to(root).parts
    return path.suffix == ".py" and (path.name.startswith("views") or "api" in parts[:-1])


def _model_name(node: ast.expr) -> str | None:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    return name if name and name[0].isupper() else None


def findings(path: Path) -> list[tuple[int, str]]:
    """(line, message) for every `Model.objects` in one module, or its syntax error."""
    source = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as error:
        return [(error.lineno or 1, f"cannot be read as Python: {error.msg}")]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            model = _model_name(node.value)
            if model:
                found.append((node.lineno, f"unscoped {model}.objects in a view or API module: read through "
                                           "the app's selectors or a for_user(user) queryset"))
    return sorted(found)


def check(root: Path) -> list[str]:
    """Every finding under `root`, as `file:line: message`, in file order."""
    messages = []
    for path in sorted(root.rglob("*.py")):
        if is_checked(path, root):
            shown = _shown(path)
            messages.extend(f"{shown}:{line}: {message}" for line, message in findings(path))
    return messages


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT_ROOT
    if not root.is_dir():
        print(f"{root}: no such directory", file=sys.stderr)
        return 2
    messages = check(root.resolve())
    for message in messages:
        print(message)
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
