"""Issue an API token for a person, revoking any earlier one, and print it once."""
from django.core.management.base import BaseCommand, CommandError

from commissioning.accounts.models import User
from commissioning.accounts.services import api_token_issue
from commissioning.core.audit import Source


class Command(BaseCommand):
    help = "Issue an API token for USERNAME (revoking any earlier one) and print it."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            person = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No person with username {username!r}") from error
        try:
            key = api_token_issue(user=person, by=None, source=Source.COMMAND)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(key)
