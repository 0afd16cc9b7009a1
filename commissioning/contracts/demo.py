"""Demo contract management, made through the real services: the home care list's meetings with the
first demo provider at its market's frequency, the first held today with an action and a breach
recorded at it with its penalty, and a KPI of the list with last month's return."""
from datetime import date, timedelta

from django.db import transaction

from commissioning.quality.domain.periods import add_months

from . import services
from .models import Contract


@transaction.atomic
def seed_contract_management(*, users: dict, today: date) -> dict:
    lead, provider_user = users["lead.home-care"], users["provider.a"]
    contract = Contract.objects.get(approved_list__reference="APL-HC")
    provider = provider_user.provider
    made = services.meetings_schedule(contract=contract, provider=provider, by=lead, start=today)
    meeting = contract.meetings.filter(provider=provider).order_by("scheduled_for").first()
    services.meeting_record(meeting=meeting, by=lead, held_on=today, compliance="Terms and specification met",
                            breaches="Two missed visits in the month", performance="95% of visits on time",
                            quality="The Amber audit's action plan is under way",
                            improvement="Electronic call monitoring to cover every round")
    services.action_add(meeting=meeting, by=lead, owner=provider_user, what="Send the rota for the Alvaston round",
                        due=today + timedelta(days=14))
    services.breach_record(contract=contract, provider=provider, meeting=meeting, by=lead,
                           what_happened="Two visits missed on the Alvaston round in one week",
                           term="Specification 4.2: every visit made", found_on=today, penalty_pence=25_000,
                           remedy="Cover for the round agreed with a second carer")
    kpi = services.kpi_create(by=lead, contract=contract, name="Visits started within 15 minutes", unit="%",
                              target=95)
    services.kpi_return_submit(kpi=kpi, by=provider_user, period_start=add_months(today.replace(day=1), -1), value=96)
    return {"meetings": made, "breaches": 1}
