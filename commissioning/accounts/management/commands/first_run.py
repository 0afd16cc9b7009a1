"""Set up an empty platform from the command line: the council, its localities and the first
administrator (the same service as the first-run page). Asks for what the flags do not give;
with --no-input every answer must come from the flags, and the administrator's password from the
FIRST_RUN_ADMIN_PASSWORD environment variable, or else they are e-mailed an invitation."""
import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from commissioning.accounts import selectors, services
from commissioning.accounts.models import normalise_ppon, validate_ppon
from commissioning.core.audit import Source
from commissioning.providers.services import parse_locality_lines

PASSWORD_VARIABLE = "FIRST_RUN_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable, not a password


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages]
    return list(error.messages)


class Command(BaseCommand):
    help = ("Set up an empty platform: the council (name and PPON), its localities from postcode districts "
            "and the first administrator. Refused once a council or anybody's account exists.")

    def add_arguments(self, parser):
        parser.add_argument("--council-name")
        parser.add_argument("--ppon", help="Public Procurement Organisation Number, e.g. PQVM-1383-ZBXP")
        parser.add_argument("--locality", action="append", default=[], metavar='"DE1 Derby city centre"',
                            help="A postcode district and the locality's name; repeat for each district")
        parser.add_argument("--market", action="append", default=[], metavar='"Home care"',
                            help="A market area the council commissions; repeat for each. A starting market "
                                 "named keeps its code, one left out is removed. Without any, the four starting "
                                 "market areas are kept")
        parser.add_argument("--admin-username")
        parser.add_argument("--admin-email")
        parser.add_argument("--admin-first-name")
        parser.add_argument("--admin-last-name")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help=f"Ask nothing; the password comes from {PASSWORD_VARIABLE} or an invitation is sent")

    def handle(self, *args, interactive: bool, **options):
        if not selectors.first_run_open():
            raise CommandError("The platform is already set up: a council or people exist. Nothing was changed.")
        self.interactive = interactive
        name = self._answer(options["council_name"], "Council name", lambda v: v.strip() or self._refuse(
            "Enter the council's name"))
        ppon = self._answer(options["ppon"], "PPON (e.g. PQVM-1383-ZBXP)", self._ppon)
        localities = self._localities(options["locality"])
        markets = self._markets(options["market"])
        first = self._answer(options["admin_first_name"], "Administrator's first name",
                             lambda v: v.strip() or self._refuse("Enter the administrator's first name"))
        last = self._answer(options["admin_last_name"], "Administrator's last name",
                            lambda v: v.strip() or self._refuse("Enter the administrator's last name"))
        email = self._answer(options["admin_email"], "Administrator's email address",
                             lambda v: v.strip() or self._refuse("Enter the administrator's email address"))
        username = self._answer(options["admin_username"], "Administrator's username",
                                lambda v: v.strip() or self._refuse("Enter the administrator's username"))
        password = os.environ.get(PASSWORD_VARIABLE) or (self._password() if interactive else None)
        try:
            council, admin = services.council_first_run(
                council_name=name, ppon=ppon, localities=localities, username=username, email=email,
                first_name=first, last_name=last, password=password, markets=markets,
                source=Source.COMMAND)
        except services.FirstRunClosed as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(_messages(error))) from error
        self.stdout.write(self.style.SUCCESS(f"{council} (PPON {council.ppon}) is set up with "
                                             f"{len(localities)} localities."))
        if password:
            self.stdout.write(f"Sign in as {admin.username}, set up an authenticator app, then invite everyone "
                              "else from Users.")
        else:
            self.stdout.write(f"An invitation to choose a password was sent to {admin.email}.")

    def _refuse(self, message: str):
        raise ValidationError(message)

    def _ppon(self, value: str) -> str:
        validate_ppon(value)
        return normalise_ppon(value)

    def _answer(self, given, prompt: str, check):
        """The flag's value if it passes `check`; otherwise ask again (interactive) or stop."""
        value = given
        while True:
            if value is None:
                if not self.interactive:
                    raise CommandError(f"{prompt} is needed: give it as a flag")
                value = input(f"{prompt}: ")
            try:
                return check(value)
            except ValidationError as error:
                if not self.interactive:
                    raise CommandError("; ".join(_messages(error))) from error
                self.stderr.write("; ".join(_messages(error)))
                value = None

    def _localities(self, given: list[str]):
        if given or not self.interactive:
            try:
                return parse_locality_lines("\n".join(given))
            except ValidationError as error:
                raise CommandError("; ".join(_messages(error))) from error
        while True:
            self.stdout.write('Localities: one postcode district a line, then its name ("DE1 Derby city centre"); '
                              "an empty line ends.")
            lines = []
            while line := input("> ").strip():
                lines.append(line)
            try:
                return parse_locality_lines("\n".join(lines))
            except ValidationError as error:
                self.stderr.write("; ".join(_messages(error)))

    def _markets(self, given: list[str]):
        """The market areas named by flags; asked for when interactive (an empty first line keeps the
        starting ones); None keeps the starting ones."""
        if given:
            return services.markets_from_names(given)
        if not self.interactive:
            return None
        from commissioning.accounts.models import Market

        self.stdout.write("Market areas: " + "; ".join(Market.objects.values_list("name", flat=True)) + ".")
        self.stdout.write("Press Enter to keep these, or type the council's market areas one a line (a starting "
                          "one typed as it is keeps its code); an empty line ends.")
        lines = []
        while line := input("> ").strip():
            lines.append(line)
        return services.markets_from_names(lines) if lines else None

    def _password(self) -> str | None:
        while True:
            password = getpass.getpass("Administrator's password (leave empty to e-mail an invitation): ")
            if not password:
                return None
            if getpass.getpass("Confirm the password: ") == password:
                return password
            self.stderr.write("The passwords do not match")
