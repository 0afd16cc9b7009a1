"""Writes the generated market and one demo login per role into the database."""
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.accounts.roles import DEFAULT_MARKETS, MarketArea, Role
from commissioning.providers.models import Provider

from .generator import ProviderSpec

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - local demo only, printed by make run


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    first_name: str
    last_name: str
    market_area: str = ""
    provider_index: int | None = None

    @property
    def label(self) -> str:
        label = Role(self.role).label
        if self.market_area:
            label += f", {dict(DEFAULT_MARKETS)[self.market_area].lower()}"
        return label


LOGINS = [
    Login("head", Role.HEAD_OF_COMMISSIONING, "Helen", "Marsh"),
    Login("lead.care-homes", Role.LEAD_COMMISSIONER, "Ravi", "Kapoor", MarketArea.CARE_HOMES),
    Login("lead.supported-living", Role.LEAD_COMMISSIONER, "Claire", "Dunn", MarketArea.SUPPORTED_LIVING),
    Login("lead.home-care", Role.LEAD_COMMISSIONER, "Martin", "Hale", MarketArea.HOME_CARE),
    Login("lead.specialist", Role.LEAD_COMMISSIONER, "Aisha", "Begum", MarketArea.SPECIALIST),
    Login("procurement", Role.PROCUREMENT_OFFICER, "Gemma", "Cole"),
    Login("evaluator", Role.EVALUATOR, "Tom", "Reid"),
    Login("evaluator.two", Role.EVALUATOR, "Nadia", "Hussain"),
    Login("broker", Role.BROKER, "Lucy", "Grant"),
    Login("social.worker", Role.SOCIAL_WORKER, "Daniel", "Price"),
    Login("quality", Role.QUALITY_OFFICER, "Sarah", "Boyle"),
    Login("finance", Role.FINANCE_OFFICER, "Peter", "Lowe"),
    Login("admin", Role.ADMINISTRATOR, "Joe", "Bishop"),
    Login("provider.a", Role.PROVIDER_USER, "Kerry", "Shaw", provider_index=0),
    Login("provider.b", Role.PROVIDER_USER, "Vikram", "Sandhu", provider_index=1),
]


def set_up_council(*, name: str, ppon: str):
    """The council, its localities and the first administrator through the first run (the same service as
    `/accounts/first-run/` and `manage.py first_run`), answered as Derby's administrator would."""
    from commissioning.accounts.services import council_first_run
    from commissioning.core.audit import Source

    from .generator import DISTRICTS

    localities: dict[str, list[str]] = {}
    for district, (locality, _, _) in DISTRICTS.items():
        localities.setdefault(locality, []).append(district)
    admin = next(login for login in LOGINS if login.role == Role.ADMINISTRATOR)
    council, _ = council_first_run(council_name=name, ppon=ppon, localities=list(localities.items()),
                                username=admin.username, email=f"{admin.username}@example.org.uk",
                                first_name=admin.first_name, last_name=admin.last_name, password=DEMO_PASSWORD,
                                source=Source.COMMAND)
    return council


def load_market(market: list[ProviderSpec]) -> list[Provider]:
    """Write providers and services through the register's services (each validated and audited)."""
    from commissioning.providers.demo import seed_register

    return seed_register(market=market)


@transaction.atomic
def load_users(providers: list[Provider]) -> dict[str, User]:
    """One login per role, each with an authenticator app on a published secret; the two provider users
    belong to two different active providers. The administrator made by the first run is kept."""
    from commissioning.accounts.totp import demo_authenticator_ensure

    active = [p for p in providers if p.status == "active" and p.cqc_provider_id]
    users = {}
    existing = {u.username: u for u in User.objects.filter(username__in=[login.username for login in LOGINS])}
    # Every demo login has the same published password: it is hashed once, with the production hasher
    # (a hash costs about a second of CPU by design, and the demo has fifteen logins).
    hashed = make_password(DEMO_PASSWORD)
    for login in LOGINS:
        if login.username in existing:
            user = existing[login.username]
            demo_authenticator_ensure(user)
            users[login.username] = user
            continue
        user = User(username=login.username, first_name=login.first_name, last_name=login.last_name,
                    email=f"{login.username}@example.org.uk", role=login.role, market_area_id=login.market_area or None,
                    provider=active[login.provider_index] if login.provider_index is not None else None,
                    job_title=login.label)
        user.password = hashed
        user.save()
        demo_authenticator_ensure(user)
        users[login.username] = user
    return users


def demo_rng(seed: int) -> random.Random:
    return random.Random(seed * 31 + 7)
