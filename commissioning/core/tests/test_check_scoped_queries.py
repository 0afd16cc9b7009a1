"""The lint rule that keeps tenancy structural: views and API modules read only through selectors or
`for_user` querysets, never a bare `Model.objects`."""
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "check_scoped_queries.py"

UNSCOPED_VIEW = '''"""Mentions Provider.objects in a docstring, which is not code."""
from .models import Provider


def provider_list(request):
    # Provider.objects in a comment is not code either
    return Provider.objects.all()
'''
UNSCOPED_API = '''from ..models import Service


def services(request):
    return list(Service.objects.filter(status="active"))
'''
SCOPED_VIEW = '''from .selectors import provider_scope


def provider_list(request):
    return provider_scope(user=request.user)
'''
SCOPED_API = '''from ..selectors import service_scope


def services(request):
    return list(service_scope(user=request.user).filter(status="active"))


def own_services(request):
    return request.user.provider.services.all()
'''
SELECTORS = '''from .models import Provider


def provider_scope(*, user):
    return Provider.objects.for_user(user)
'''


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "commissioning" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "commissioning"


def _run(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True, cwd=root.parent,  # noqa: S603
                          check=False)


def test_a_view_or_api_module_reading_model_objects_fails_with_file_and_line(tmp_path):
    root = _tree(tmp_path, {"register/views.py": UNSCOPED_VIEW, "register/api/views.py": UNSCOPED_API,
                            "register/views_import.py": UNSCOPED_VIEW, "register/selectors.py": SELECTORS})
    result = _run(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "commissioning/register/api/views.py:5: unscoped Service.objects in a view or API module: read through "
        "the app's selectors or a for_user(user) queryset",
        "commissioning/register/views.py:7: unscoped Provider.objects in a view or API module: read through "
        "the app's selectors or a for_user(user) queryset",
        "commissioning/register/views_import.py:7: unscoped Provider.objects in a view or API module: read "
        "through the app's selectors or a for_user(user) queryset",
    ]


def test_views_and_api_modules_that_read_through_selectors_pass(tmp_path):
    root = _tree(tmp_path, {"register/views.py": SCOPED_VIEW, "register/api/views.py": SCOPED_API,
                            "register/selectors.py": SELECTORS, "register/services.py": UNSCOPED_API})
    result = _run(root)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_a_view_module_that_is_not_python_fails_rather_than_passing_unread(tmp_path):
    root = _tree(tmp_path, {"register/views.py": "def broken(:\n"})
    result = _run(root)
    assert result.returncode == 1
    assert result.stdout.startswith("commissioning/register/views.py:1: cannot be read as Python")
