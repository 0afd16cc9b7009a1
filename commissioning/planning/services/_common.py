from django.core.exceptions import PermissionDenied

from commissioning.accounts.roles import Role


def require(by, roles: frozenset[Role], what: str) -> None:
    if getattr(by, "role", None) not in roles:
        raise PermissionDenied(f"Your role may not {what}")
