"""Demo quality assurance: the audit year planned by risk, a published Amber audit of the first
demo provider's home care branch (its action plan, contract review and safety check open), a Good
one of the second and a concern case (contract meetings and KPIs: contracts.demo). Made through
the real services."""
import random
from datetime import date, timedelta

from django.db import transaction

from commissioning.procurement.models import ApprovedList

from . import selectors, services


def _audit(service, officer, provider_user, rating, rng, today):
    audit = selectors.audit_scope(user=officer).filter(service=service, status="planned").first()
    if audit is None:
        audit = services.visit_add(service=service, by=officer, planned_for=today - timedelta(days=20),
                                   reason="Annual audit", kind="announced")
    services.audit_start(audit=audit, by=officer)
    standards = selectors.standards_of(audit.framework)
    ratings = {s.pk: (rating if rng.random() < 0.7 else "good", f"Seen on the visit: standard {s.number}")
               for s in standards}
    services.audit_rate(audit=audit, by=officer, ratings=ratings, summary="Two days on site; records and staff seen")
    audit = services.audit_issue_draft(audit=audit, by=officer)
    services.draft_agree(audit=audit, by=provider_user)
    return services.audit_publish(audit=audit, by=officer)


@transaction.atomic
def seed_quality(*, rng: random.Random, users: dict, today: date) -> dict:
    officer, a, b = users["quality"], users["provider.a"], users["provider.b"]
    counts = {"planned": services.plan_year(by=officer, start=today)}
    for user, rating in ((a, "requires_improvement"), (b, "good")):
        service = user.provider.services.first()
        if service is not None:
            _audit(service, officer, user, rating, rng, today)
    audits = selectors.audit_scope(user=officer)
    counts["published"] = audits.filter(status="final").count()
    counts["escalated"] = audits.filter(status="final", rag__in=["amber", "red"]).count()
    other = next((p for p in ApprovedList.objects.get(reference="APL-CH").lots.first().memberships.all()), None)
    if other is not None:
        services.concern_open(provider=other.provider, by=officer,
                              summary="Two safeguarding referrals about night staffing in a month")
    return counts
