"""Load the demo care market and one login per role, once; print the logins and the time taken."""
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.selectors import first_run_open
from commissioning.brokerage.demo import seed_brokerage
from commissioning.contracts.demo import seed_contract_management
from commissioning.demo.calibration import targets
from commissioning.demo.generator import DEFAULT_SEED, REFERENCE_DAY, Generator
from commissioning.demo.loader import DEMO_PASSWORD, LOGINS, demo_rng, load_market, load_users, set_up_council
from commissioning.finance.demo import seed_finance
from commissioning.planning.demo import seed_planning
from commissioning.procurement.demo import seed_lists
from commissioning.quality.demo import seed_quality


class Command(BaseCommand):
    help = ("Load the deterministic demo data (providers, services, lists, requests, audits, payments, one login "
            "per role) into an empty database, if not loaded. With --scale N (2 to 100), for the benchmarks: a market "
            "N times larger, about N times the lists' applications and members, a book of about 5,000 placed "
            "packages per unit of scale over the past year, audits across the grown services and a year of daily "
            "visits for 300 home care packages per unit.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--url", default="http://127.0.0.1:8000/")
        parser.add_argument("--scale", type=int, default=1, choices=range(1, 101), metavar="N",
                            help="build a demo N times larger (1 to 100; default 1, the ordinary demo): providers, "
                                 "services, list members, requests and agreements, audits and a year of visits, "
                                 "for the benchmarks")

    def handle(self, *args, seed, url, scale, **options):
        if User.objects.filter(username=LOGINS[0].username).exists():
            self.stdout.write("The demo data is already loaded.")
        elif not first_run_open():
            raise CommandError("The platform is already set up (a council or people exist): the demo loads only "
                               "into an empty database. Nothing was changed.")
        else:
            started, cpu = time.perf_counter(), time.process_time()
            users = self._load(seed, scale)
            if scale > 1:
                self._scale(seed, scale, users)
            self.stdout.write(f"Loaded in {time.perf_counter() - started:.1f} s ({time.process_time() - cpu:.1f} s "
                              "of this process's CPU; the rest is the database and other work on the machine).")
        self._print_logins(url)

    def _load(self, seed: int, scale: int = 1) -> dict:
        shared = settings.SHARED_DATA_DIR
        goal = targets(shared)
        generator = Generator(goal, shared, seed=seed)
        market = generator.market(scale=scale)
        council = set_up_council(name=settings.COUNCIL_NAME, ppon=settings.COUNCIL_PPON)
        providers = load_market(market)
        users = load_users(providers)
        lists = seed_lists(rng=demo_rng(seed), officer=users["procurement"],
                           evaluators=[users["evaluator"], users["evaluator.two"]],
                           leads={u.market_area_id: u for u in users.values() if u.market_area_id},
                           today=REFERENCE_DAY)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                               TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
            # Nobody is told about demo requests: the e-mails are sent at once, to memory, not queued.
            brokerage = seed_brokerage(rng=demo_rng(seed + 1), users=users, today=timezone.localdate())
            quality = seed_quality(rng=demo_rng(seed + 2), users=users, today=timezone.localdate())
            seed_contract_management(users=users, today=timezone.localdate())
            finance = seed_finance(rng=demo_rng(seed + 3), users=users, today=timezone.localdate())
            seed_planning(rng=demo_rng(seed + 4), users=users, today=timezone.localdate())
        services = [s for p in market for s in p.services]
        beds = sum(s.beds or 0 for s in services)
        nursing = sum(s.beds or 0 for s in services if "care-home-nursing" in s.types)
        hours = sum(s.hours_per_week or 0 for s in services if s.types[0].startswith("home-care"))
        source = "shared public data" if goal.from_shared_data else "built-in cited figures"
        postcodes = "ONS postcode lookup" if generator.postcodes.real else "built-in district centroids"
        self.stdout.write(f"{council} (PPON {council.ppon}) set up by the first run, with its administrator.")
        self.stdout.write(f"Calibrated on {source}: Derby, {goal.population:,} people, {goal.aged_65_plus:,} aged 65+.")
        self.stdout.write(f"  care home beds   target {goal.care_home_beds:>6,}  made {beds:>6,}")
        self.stdout.write(f"  nursing beds     target {goal.nursing_beds:>6,}  made {nursing:>6,}")
        self.stdout.write(f"  home care hours  target {goal.home_care_hours:>6,}  made {hours:>6,} a week"
                          " (an assumed rate)")
        self.stdout.write(f"Loaded {len(providers)} providers and {len(services)} services (postcodes: {postcodes}); "
                          f"{lists['lists']} lists with {lists['lots']} lots, {lists['applications']} applications, "
                          f"{lists['members']} members, {lists['awaiting']} awaiting a decision.")
        self.stdout.write(f"Brokerage: {brokerage['requests']} requests for care, {brokerage.get('placed', 0)} placed, "
                          f"{brokerage.get('awaiting', 0)} awaiting the provider, {brokerage.get('competitions', 0)} "
                          f"out to competition, {brokerage.get('unmet', 0)} unmet, {brokerage.get('waivers', 0)} "
                          "waiver to approve.")
        self.stdout.write(f"Quality: {quality['planned']} audits planned by risk, {quality['published']} published "
                          f"({quality['escalated']} Amber or Red, with action plan, review and safety check). "
                          "Payments: a rate card, "
                          f"{finance['visits']} visits reconciled, {finance['invoices']} invoice to approve.")
        return users

    def _scale(self, seed: int, scale: int, users: dict) -> None:
        """Grow the ordinary demo to `scale` times (`demo.scale`), printing what was made and the time."""
        from commissioning.demo import scale as scaled

        started, cpu = time.perf_counter(), time.process_time()
        self.stdout.write(f"Scaling the demo to {scale} times:")
        made = scaled.build(scale=scale, seed=seed, users=users, today=timezone.localdate(), out=self.stdout)
        self.stdout.write(f"Made at {scale} times, in {time.perf_counter() - started:.1f} s "
                          f"({time.process_time() - cpu:.1f} s of this process's CPU):")
        for kind, count in made.items():
            self.stdout.write(f"  {count:>10,} {kind}")

    def _print_logins(self, url: str) -> None:
        from commissioning.accounts.totp import demo_authenticator_ensure, totp_code

        self.stdout.write(f"\nSign in at {url} with password {DEMO_PASSWORD!r}, then a code from an authenticator "
                          "app. Add each account's setup key to any authenticator app (type: time-based), or run "
                          "`python manage.py totp_code <username>` for the current code.")
        width = max(len(login.label) for login in LOGINS)
        users = {u.username: u for u in User.objects.filter(username__in=[login.username for login in LOGINS])}
        self.stdout.write(f"  {'Role':<{width}}  {'Username':<24} {'Authenticator setup key':<34} Code now")
        for login in LOGINS:
            user = users.get(login.username)
            if user is None:
                continue
            secret = demo_authenticator_ensure(user)
            self.stdout.write(f"  {login.label:<{width}}  {login.username:<24} {secret:<34} {totp_code(secret)}")
