"""Print the current authenticator code of a demo account (its secret is the published demo one)."""
from django.core.management.base import BaseCommand, CommandError

from commissioning.accounts.models import User
from commissioning.accounts.totp import demo_totp_secret, has_demo_secret, totp_code


class Command(BaseCommand):
    help = "Print the current authenticator-app code of a demo account, for signing in to the demo."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}")
        if not has_demo_secret(user):
            raise CommandError(f"{username!r} does not use a demo authenticator secret, so its code is private")
        self.stdout.write(totp_code(demo_totp_secret(username)))
