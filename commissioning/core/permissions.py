"""Deny by default: every view names the roles that may use it, or is public by name.

A view declares `allowed_roles` (a class attribute, or the `allow_roles` decorator for a
function). The middleware refuses any signed-in request to a view that declares nothing, so a
forgotten declaration fails closed. API views authenticate in Django REST Framework (tokens
arrive there, not in the session), so the same declaration is enforced by `HasAllowedRole`.
Which records a permitted user sees is the selectors' job (see `scope` functions per app).
"""
from collections.abc import Iterable

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from commissioning.accounts.roles import ALL_ROLES, Role


def allow_roles(*roles: Iterable[Role] | Role):
    """Decorate a function view with the roles that may use it."""
    allowed = _flatten(roles)

    def decorate(view):
        view.allowed_roles = allowed
        return view

    return decorate


def allow_anonymous(view):
    """Mark a view public by name (health checks, the sign-in page, the API schema)."""
    view = login_not_required(view)
    view.allowed_roles = PUBLIC
    return view


PUBLIC = frozenset({"__public__"})


def _flatten(roles) -> frozenset[str]:
    out: set[str] = set()
    for r in roles:
        if isinstance(r, (set, frozenset, list, tuple)):
            out.update(str(x) for x in r)
        else:
            out.add(str(r))
    unknown = out - set(ALL_ROLES) - PUBLIC
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    return frozenset(out)


def declared_roles(view_func) -> frozenset[str] | None:
    """The roles a resolved view declares, looking through class-based and API views."""
    for holder in (view_func, getattr(view_func, "view_class", None), getattr(view_func, "cls", None)):
        roles = getattr(holder, "allowed_roles", None)
        if roles is not None:
            return _flatten([roles])
    return None


def user_may(user, roles: frozenset[str]) -> bool:
    if roles == PUBLIC:
        return True
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


def may_open(user, path: str) -> bool:
    """Whether `user`'s role may open the page at `path`, as the page's view declares: the one test
    behind the menu and every link a page shows."""
    from django.urls import Resolver404, resolve

    try:
        view = resolve(str(path).split("?")[0]).func
    except Resolver404:
        return False
    return user_may(user, declared_roles(view) or frozenset())


class RoleRequiredMiddleware:
    """Refuse a signed-in user whose role the view does not name; refuse undeclared views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "cls", None) is not None:
            return None  # Django REST Framework checks roles after token authentication.
        roles = declared_roles(view_func)
        if roles == PUBLIC:
            return None
        if roles is None or not user_may(request.user, roles):
            raise PermissionDenied
        return None


class HasAllowedRole(BasePermission):
    """API permission: the view's declared roles, denying views that declare none."""

    def has_permission(self, request, view):
        roles = getattr(view, "allowed_roles", None)
        if roles is None:
            return False
        roles = _flatten([roles])
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            roles = _flatten([getattr(view, "write_roles", frozenset())])
        return user_may(request.user, roles)
