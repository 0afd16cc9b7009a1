"""Writes about people: saving a user and issuing an integration token, both audited."""
from django.db import transaction
from rest_framework.authtoken.models import Token

from commissioning.core.audit import Action, Source, audit_record, diff, snapshot

from .models import User

USER_FIELDS = ["username", "first_name", "last_name", "email", "job_title", "role", "market_area",
               "provider", "is_active"]


@transaction.atomic
def user_save(*, user: User, by, source: str = Source.WEB) -> User:
    """Create or update a person; a new person must set a password by reset before signing in."""
    creating = user.pk is None
    before = dict.fromkeys(USER_FIELDS, "") if creating else snapshot(User.objects.get(pk=user.pk), USER_FIELDS)
    if creating:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    changes = diff(user, before, snapshot(user, USER_FIELDS))
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=user,
                     changes=changes, source=source)
    return user


@transaction.atomic
def api_token_issue(*, user: User, by, source: str = Source.WEB) -> str:
    """Issue a new API token for `user`, revoking any earlier one; the key is shown once."""
    if not user.is_active:
        raise ValueError("Cannot issue a token to a person who cannot sign in")
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_record(actor=by, action=Action.TOKEN_ISSUED, obj=user, source=source,
                 note="Earlier tokens revoked")
    return token.key
