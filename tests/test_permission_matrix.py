"""Who may open what: every page and API endpoint, for anonymous visitors, every role, and a
provider user of another organisation. Deny by default is checked too: every URL in the project
declares its roles, and this matrix covers every named URL."""
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from commissioning.accounts.roles import ALL_ROLES, COUNCIL_ROLES, Role
from commissioning.brokerage import rules as brokerage_rules
from commissioning.brokerage.models import Agreement, AllocationRun, CareRequest, Competition, CompetitionInvite, Offer
from commissioning.brokerage.models import Person as CarePerson
from commissioning.contracts import rules as contracts_rules
from commissioning.core.models import Job
from commissioning.core.permissions import PUBLIC, declared_roles
from commissioning.directory import rules as directory_rules
from commissioning.directpayments import rules as dp_rules
from commissioning.directpayments.tests.factories import dp_objects
from commissioning.finance import rules as finance_rules
from commissioning.finance.models import Invoice, InvoiceLine, PaymentRun, ProviderWeek, RateCard, UpliftScenario
from commissioning.intelligence import rules as intelligence_rules
from commissioning.planning import rules as planning_rules
from commissioning.planning.tests.factories import planning_objects
from commissioning.procurement import rules as procurement_rules
from commissioning.procurement.models import Answer, Application, Membership
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers import rules
from commissioning.providers.models import CqcImportRun
from commissioning.providers.tests.factories import ServiceFactory
from commissioning.quality import rules as quality_rules
from commissioning.quality.models import (
    ActionItem,
    ActionPlan,
    Audit,
    Challenge,
    ConcernCase,
    ContractReview,
    Framework,
    SafetyCheck,
)

EDIT = rules.EDIT_REGISTER
ALL = ALL_ROLES
ADMIN = frozenset({Role.ADMINISTRATOR})
PROVIDER = frozenset({Role.PROVIDER_USER})
COUNCIL = COUNCIL_ROLES
MANAGE_LISTS = procurement_rules.MANAGE_LISTS
EVALUATE = procurement_rules.EVALUATE
MODERATE = procurement_rules.MODERATE
MANAGE_MEMBERS = procurement_rules.MANAGE_MEMBERS
BROKER = brokerage_rules.BROKER
VIEW_REQUESTS = brokerage_rules.VIEW_REQUESTS
VIEW_AGREEMENTS = brokerage_rules.VIEW_AGREEMENTS


def _procurement_round(approved_list):
    """The list's first admission round (made here: the open-list factory sets the status directly)."""
    return approved_list.windows.first() or approved_list.windows.create(
        name="Opening round", opens_on=approved_list.start_date, closes_on=approved_list.end_date)


# url name → (how to build its arguments from the fixture objects, roles allowed, scoped to own provider)
PAGES = {
    "core:home": (lambda o: {}, ALL, False),
    "core:job_list": (lambda o: {}, ALL, False),
    "core:job_detail": (lambda o: {"pk": o["job"].pk}, ALL, True),
    "providers:provider_list": (lambda o: {}, ALL, False),
    "providers:provider_create": (lambda o: {}, EDIT, False),
    "providers:provider_detail": (lambda o: {"pk": o["service"].provider_id}, ALL, True),
    "providers:provider_edit": (lambda o: {"pk": o["service"].provider_id}, EDIT, True),
    "providers:service_create": (lambda o: {"provider_pk": o["service"].provider_id}, EDIT, True),
    "providers:service_list": (lambda o: {}, ALL, False),
    "providers:service_detail": (lambda o: {"pk": o["service"].pk}, ALL, True),
    "providers:service_edit": (lambda o: {"pk": o["service"].pk}, EDIT, True),
    "portal:home": (lambda o: {}, PROVIDER, False),
    "accounts:user_list": (lambda o: {}, ADMIN, False),
    "accounts:user_create": (lambda o: {}, ADMIN, False),
    "accounts:user_detail": (lambda o: {"pk": o["admin"].pk}, ADMIN, False),
    "accounts:user_edit": (lambda o: {"pk": o["admin"].pk}, ADMIN, False),
    "accounts:user_token": (lambda o: {"pk": o["admin"].pk}, ADMIN, False),
    "accounts:logout": (lambda o: {}, ALL, False),
    "privacy:index": (lambda o: {}, ADMIN, False),
    "privacy:person_detail": (lambda o: {"pk": o["care"].person_id}, ADMIN, False),
    "privacy:person_export": (lambda o: {"pk": o["care"].person_id}, ADMIN, False),
    "privacy:retention": (lambda o: {}, ADMIN, False),
    "account_logout": (lambda o: {}, ALL, False),
    "accounts:sign_out_everywhere": (lambda o: {}, ALL, False),
    "accounts:keep_alive": (lambda o: {}, ALL, False),
    "accounts:user_invite": (lambda o: {"pk": o["admin"].pk}, ADMIN, False),
    "accounts:user_deactivate": (lambda o: {"pk": o["admin"].pk}, ADMIN, False),
    "accounts:user_reactivate": (lambda o: {"pk": o["admin"].pk}, ADMIN, False),
    "accounts:audit_list": (lambda o: {}, ADMIN, False),
    "accounts:audit_csv": (lambda o: {}, ADMIN, False),
    "account_change_password": (lambda o: {}, ALL, False),
    "account_set_password": (lambda o: {}, ALL, False),
    "account_reauthenticate": (lambda o: {}, ALL, False),
    "mfa_index": (lambda o: {}, ALL, False),
    "mfa_reauthenticate": (lambda o: {}, ALL, False),
    "mfa_activate_totp": (lambda o: {}, ALL, False),
    "mfa_deactivate_totp": (lambda o: {}, ALL, False),
    "mfa_view_recovery_codes": (lambda o: {}, ALL, False),
    "mfa_generate_recovery_codes": (lambda o: {}, ALL, False),
    "mfa_download_recovery_codes": (lambda o: {}, ALL, False),
    "procurement:list_index": (lambda o: {}, COUNCIL, False),
    "procurement:list_create": (lambda o: {}, MANAGE_LISTS, False),
    "procurement:application_queue": (lambda o: {}, COUNCIL, False),
    "procurement:list_detail": (lambda o: {"pk": o["list"].pk}, COUNCIL, False),
    "procurement:list_edit": (lambda o: {"pk": o["list"].pk}, MANAGE_LISTS, False),
    "procurement:list_transition": (lambda o: {"pk": o["list"].pk}, MANAGE_LISTS, False),
    "procurement:lot_create": (lambda o: {"list_pk": o["list"].pk}, MANAGE_LISTS, False),
    "procurement:lot_edit": (lambda o: {"list_pk": o["list"].pk, "pk": o["lot"].pk}, MANAGE_LISTS, False),
    "procurement:question_create": (lambda o: {"list_pk": o["list"].pk}, MANAGE_LISTS, False),
    "procurement:question_edit": (lambda o: {"list_pk": o["list"].pk, "pk": o["question"].pk}, MANAGE_LISTS, False),
    "procurement:window_create": (lambda o: {"list_pk": o["list"].pk}, MANAGE_LISTS, False),
    "procurement:application_detail": (lambda o: {"pk": o["application"].pk}, COUNCIL, False),
    "procurement:application_score": (lambda o: {"pk": o["application"].pk}, EVALUATE, False),
    "procurement:application_moderate": (lambda o: {"pk": o["application"].pk}, MODERATE, False),
    "procurement:application_decide": (lambda o: {"pk": o["application"].pk}, MODERATE, False),
    "procurement:application_clarify": (lambda o: {"pk": o["application"].pk}, MODERATE, False),
    "procurement:application_extend": (lambda o: {"pk": o["application"].pk}, MODERATE, False),
    "procurement:answer_attachment": (lambda o: {"pk": o["answer"].pk}, ALL, True),
    "procurement:membership_detail": (lambda o: {"pk": o["membership"].pk}, COUNCIL, False),
    "procurement:membership_action": (lambda o: {"pk": o["membership"].pk, "event": "suspend"}, MANAGE_MEMBERS,
                                      False),
    "procurement:price_line_create": (lambda o: {"list_pk": o["list"].pk, "lot_pk": o["lot"].pk}, MANAGE_LISTS,
                                      False),
    "procurement:price_line_edit": (lambda o: {"list_pk": o["list"].pk, "lot_pk": o["lot"].pk,
                                               "pk": o["lot"].price_lines.first().pk}, MANAGE_LISTS, False),
    "procurement:lot_rank": (lambda o: {"list_pk": o["list"].pk, "lot_pk": o["lot"].pk,
                                        "window_pk": _procurement_round(o["list"]).pk}, MODERATE, False),
    "procurement:rate_review": (lambda o: {"list_pk": o["list"].pk, "lot_pk": o["lot"].pk}, MODERATE, False),
    "procurement:members_csv": (lambda o: {"pk": o["list"].pk}, COUNCIL, False),
    "procurement:applications_csv": (lambda o: {"pk": o["list"].pk}, COUNCIL, False),
    "providers:import_start": (lambda o: {}, rules.IMPORT_CQC, False),
    "providers:import_detail": (lambda o: {"pk": o["run"].pk}, rules.IMPORT_CQC, False),
    "providers:import_progress": (lambda o: {"pk": o["run"].pk}, rules.IMPORT_CQC, False),
    "portal:list_index": (lambda o: {}, PROVIDER, False),
    "portal:application_start": (lambda o: {"list_pk": o["list"].pk}, PROVIDER, False),
    "portal:application": (lambda o: {"pk": o["application"].pk}, PROVIDER, True),
    "brokerage:queue": (lambda o: {}, BROKER, False),
    "brokerage:request_list": (lambda o: {}, VIEW_REQUESTS, False),
    "brokerage:request_create": (lambda o: {}, brokerage_rules.REQUEST_CARE, False),
    "brokerage:request_detail": (lambda o: {"pk": o["care"].pk}, VIEW_REQUESTS, False),
    "brokerage:front_door": (lambda o: {"pk": o["care"].pk}, BROKER, False),
    "brokerage:front_door_directory": (lambda o: {"pk": o["care"].pk}, BROKER, False),
    "brokerage:direct_award": (lambda o: {"pk": o["care"].pk}, BROKER, False),
    "brokerage:competition_open": (lambda o: {"pk": o["care"].pk}, BROKER, False),
    "brokerage:mark_unmet": (lambda o: {"pk": o["care"].pk}, BROKER, False),
    "brokerage:waiver": (lambda o: {"pk": o["care"].pk}, BROKER, False),
    "brokerage:waiver_decide": (lambda o: {"pk": o["care"].pk}, brokerage_rules.APPROVE_WAIVER, False),
    "brokerage:competition_detail": (lambda o: {"pk": o["competition"].pk}, VIEW_REQUESTS, False),
    "brokerage:agreement_list": (lambda o: {}, VIEW_AGREEMENTS, False),
    "brokerage:agreement_detail": (lambda o: {"pk": o["agreement"].pk}, VIEW_AGREEMENTS, False),
    "brokerage:dashboard": (lambda o: {}, brokerage_rules.DASHBOARD, False),
    "brokerage:allocation_create": (lambda o: {}, BROKER, False),
    "brokerage:allocation_detail": (lambda o: {"pk": o["allocation"].pk}, BROKER, False),
    "brokerage:send_to_reserve": (lambda o: {"pk": o["care"].pk}, BROKER, False),
    "brokerage:scoring_list": (lambda o: {}, brokerage_rules.SCORE_OFFERS, False),
    "brokerage:competition_scoring": (lambda o: {"pk": o["competition"].pk}, brokerage_rules.SCORE_OFFERS, False),
    "brokerage:fairness": (lambda o: {}, brokerage_rules.DASHBOARD, False),
    "portal:competition_list": (lambda o: {}, PROVIDER, False),
    "portal:competition": (lambda o: {"pk": o["competition"].pk}, PROVIDER, True),
    "portal:agreement_list": (lambda o: {}, PROVIDER, False),
    "portal:agreement": (lambda o: {"pk": o["agreement"].pk}, PROVIDER, True),
    "quality:index": (lambda o: {}, quality_rules.VIEW, False),
    "quality:audit_detail": (lambda o: {"pk": o["audit"].pk}, quality_rules.VIEW, False),
    "quality:audit_rate": (lambda o: {"pk": o["audit"].pk}, quality_rules.AUDIT, False),
    "quality:audit_event": (lambda o: {"pk": o["audit"].pk, "event": "publish"}, quality_rules.AUDIT, False),
    "quality:challenge_answer": (lambda o: {"pk": o["challenge"].pk}, quality_rules.AUDIT, False),
    "quality:visit_add": (lambda o: {"service_pk": o["service"].pk}, quality_rules.AUDIT, False),
    "quality:safeguarding_add": (lambda o: {"service_pk": o["service"].pk}, quality_rules.AUDIT, False),
    "quality:feedback_add": (lambda o: {"service_pk": o["service"].pk}, quality_rules.AUDIT, False),
    "quality:plan_detail": (lambda o: {"pk": o["plan"].pk}, quality_rules.VIEW, False),
    "quality:review_list": (lambda o: {}, quality_rules.REVIEW, False),
    "quality:review_detail": (lambda o: {"pk": o["review"].pk}, quality_rules.REVIEW, False),
    "quality:safety_list": (lambda o: {}, quality_rules.SAFETY, False),
    "quality:safety_check": (lambda o: {"pk": o["safety"].pk}, quality_rules.SAFETY, False),
    "quality:concern_list": (lambda o: {}, quality_rules.CONCERNS, False),
    "quality:concern_detail": (lambda o: {"pk": o["concern"].pk}, quality_rules.CONCERNS, False),
    "quality:provider_quality": (lambda o: {"pk": o["service"].provider_id}, quality_rules.VIEW, False),
    "quality:failure": (lambda o: {"pk": o["service"].provider_id}, quality_rules.CONCERNS | quality_rules.REVIEW,
                        False),
    "quality:framework": (lambda o: {}, quality_rules.AUDIT, False),
    "portal:audit_list": (lambda o: {}, PROVIDER, False),
    "portal:audit": (lambda o: {"pk": o["audit"].pk}, PROVIDER, True),
    "portal:plan": (lambda o: {"pk": o["plan"].pk}, PROVIDER, True),
    "portal:plan_item": (lambda o: {"pk": o["item"].pk}, PROVIDER, True),
    "portal:kpi_returns": (lambda o: {}, PROVIDER, False),
    "finance:index": (lambda o: {}, finance_rules.VIEW | finance_rules.REVIEW_WEEKS, False),
    "finance:week_detail": (lambda o: {"pk": o["week"].pk}, finance_rules.VIEW | finance_rules.REVIEW_WEEKS, False),
    "finance:invoice_detail": (lambda o: {"pk": o["invoice"].pk}, finance_rules.VIEW, False),
    "finance:schedule_invoices": (lambda o: {}, finance_rules.FINANCE, False),
    "finance:run_create": (lambda o: {}, finance_rules.FINANCE, False),
    "finance:run_detail": (lambda o: {"pk": o["payment_run"].pk}, finance_rules.VIEW, False),
    "finance:run_csv": (lambda o: {"pk": o["payment_run"].pk}, finance_rules.VIEW, False),
    "finance:rate_cards": (lambda o: {}, finance_rules.VIEW, False),
    "finance:rate_card": (lambda o: {"pk": o["card"].pk}, finance_rules.VIEW, False),
    "finance:criterion_add": (lambda o: {}, finance_rules.FINANCE, False),
    "finance:agreement_price": (lambda o: {"pk": o["agreement"].pk}, finance_rules.VIEW, False),
    "finance:scenarios": (lambda o: {}, finance_rules.VIEW, False),
    "finance:scenario_detail": (lambda o: {"pk": o["scenario"].pk}, finance_rules.VIEW, False),
    "finance:spend": (lambda o: {}, finance_rules.VIEW, False),
    "finance:invoices": (lambda o: {}, finance_rules.VIEW, False),
    "finance:runs": (lambda o: {}, finance_rules.VIEW, False),
    "finance:budget": (lambda o: {"pk": o["budget"].pk}, finance_rules.VIEW, False),
    "portal:actuals": (lambda o: {}, PROVIDER, False),
    "portal:invoices": (lambda o: {}, PROVIDER, False),
    "portal:invoice": (lambda o: {"pk": o["invoice"].pk}, PROVIDER, True),
    "portal:remittance": (lambda o: {"pk": o["payment_run"].pk}, PROVIDER, True),
    "planning:index": (lambda o: {}, planning_rules.VIEW, False),
    "planning:funding": (lambda o: {}, planning_rules.VIEW, False),
    "planning:area_add": (lambda o: {}, planning_rules.FUNDING, False),
    "planning:area_edit": (lambda o: {"pk": planning_objects(o)["area"].pk}, planning_rules.FUNDING, False),
    "planning:indicators_upload": (lambda o: {}, planning_rules.FUNDING, False),
    "planning:scenario_add": (lambda o: {}, planning_rules.FUNDING, False),
    "planning:scenario_detail": (lambda o: {"pk": planning_objects(o)["scenario"].pk}, planning_rules.VIEW, False),
    "planning:scenario_approve": (lambda o: {"pk": planning_objects(o)["scenario"].pk}, planning_rules.APPROVE,
                                  False),
    "planning:project_list": (lambda o: {}, planning_rules.VIEW, False),
    "planning:project_add": (lambda o: {}, planning_rules.PLAN, False),
    "planning:project_detail": (lambda o: {"pk": planning_objects(o)["project"].pk}, planning_rules.VIEW, False),
    "planning:task_done": (lambda o: {"pk": planning_objects(o)["task"].pk}, planning_rules.PLAN, False),
    "planning:gateway_edit": (lambda o: {"pk": planning_objects(o)["gateway"].pk}, planning_rules.PLAN, False),
    "planning:template_detail": (lambda o: {"pk": planning_objects(o)["template"].pk}, planning_rules.VIEW, False),
    "planning:committee_list": (lambda o: {}, planning_rules.VIEW, False),
    "planning:committee_edit": (lambda o: {"pk": planning_objects(o)["meeting"].pk}, planning_rules.PLAN, False),
    "planning:periods_edit": (lambda o: {}, planning_rules.PLAN, False),
    "planning:calendar": (lambda o: {}, planning_rules.VIEW, False),
    "planning:calendar_ics": (lambda o: {}, planning_rules.VIEW, False),
    # Market intelligence
    "intelligence:benchmarks": (lambda o: {}, intelligence_rules.VIEW, False),
    "intelligence:benchmark_upload": (lambda o: {}, intelligence_rules.IMPORT, False),
    "intelligence:benchmark_import": (lambda o: {"pk": _intelligence_import().pk}, intelligence_rules.IMPORT, False),
    "intelligence:group_create": (lambda o: {}, intelligence_rules.MANAGE_GROUPS, False),
    "intelligence:group_edit": (lambda o: {"pk": _intelligence_group().pk}, intelligence_rules.MANAGE_GROUPS, False),
    "intelligence:market": (lambda o: {}, intelligence_rules.VIEW, False),
    "intelligence:market_refresh": (lambda o: {}, intelligence_rules.IMPORT, False),
    "intelligence:cycle": (lambda o: {}, intelligence_rules.VIEW, False),
    "intelligence:gaps": (lambda o: {}, intelligence_rules.VIEW, False),
    "intelligence:supply": (lambda o: {}, intelligence_rules.VIEW, False),
    "intelligence:vacancy_return": (lambda o: {}, PROVIDER, False),
    "intelligence:statement_edit": (lambda o: {}, intelligence_rules.MANAGE_GROUPS, False),
    "planning:consultation_list": (lambda o: {}, planning_rules.VIEW, False),
    "planning:consultation_add": (lambda o: {}, planning_rules.VIEW, False),
    "planning:consultation_limit": (lambda o: {}, planning_rules.PLAN, False),
    "planning:consultation_detail": (lambda o: {"pk": planning_objects(o)["consultation"].pk}, planning_rules.VIEW,
                                     False),
    "planning:calendar_csv": (lambda o: {}, planning_rules.VIEW, False),
    "planning:calendar_feed_manage": (lambda o: {}, planning_rules.FEED, False),
    "planning:directorate_list": (lambda o: {}, planning_rules.VIEW, False),
    "planning:directorate_edit": (lambda o: {"pk": planning_objects(o)["directorate"].pk},
                                  planning_rules.DIRECTORATES, False),
    "planning:delivery_plan": (lambda o: {}, planning_rules.VIEW, False),
    "planning:recommendation_add": (lambda o: {}, planning_rules.DELIVERY, False),
    "planning:recommendation_detail": (lambda o: {"pk": planning_objects(o)["recommendation"].pk},
                                       planning_rules.VIEW, False),
    "planning:recommendation_edit": (lambda o: {"pk": planning_objects(o)["recommendation"].pk},
                                     planning_rules.DELIVERY, False),
    "planning:recommendation_review": (lambda o: {"pk": planning_objects(o)["recommendation"].pk},
                                       planning_rules.DELIVERY, False),
    "planning:milestone_add": (lambda o: {"pk": planning_objects(o)["recommendation"].pk},
                               planning_rules.DELIVERY, False),
    "planning:milestone_edit": (lambda o: {"pk": planning_objects(o)["milestone"].pk}, planning_rules.DELIVERY,
                                False),
    "planning:evidence_add": (lambda o: {"pk": planning_objects(o)["recommendation"].pk},
                              planning_rules.DELIVERY, False),
    "intelligence:scrutiny": (lambda o: {"year": 2026}, intelligence_rules.VIEW, False),
    "intelligence:scrutiny_pdf": (lambda o: {"year": 2026}, intelligence_rules.VIEW, False),
}
PUBLIC_PAGES = {"core:health", "core:healthz", "accounts:login", "api-schema", "ocds-lists", "ocds-list",
                "account_login", "account_inactive", "account_reset_password", "account_reset_password_done",
                "account_reset_password_from_key", "account_reset_password_from_key_done", "mfa_authenticate",
                "accounts:invitation_accept",
                "intelligence:statement", "intelligence:statement_edition", "intelligence:statement_pdf"}
PUBLIC_PAGES |= {"planning:opportunities", "planning:you_said_we_did", "planning:calendar_feed"}
POSTS = {"accounts:user_token", "accounts:logout", "account_logout", "accounts:sign_out_everywhere",
         "accounts:user_invite", "accounts:user_reactivate", "privacy:person_export"}
# The first run, the register's reference data and its CSV downloads.
PAGES.update({
    "providers:provider_csv": (lambda o: {}, rules.EXPORT_REGISTER, False),
    "providers:service_csv": (lambda o: {}, rules.EXPORT_REGISTER, False),
    "providers:reference_index": (lambda o: {}, rules.MANAGE_REFERENCE, False),
    "providers:reference_list": (lambda o: {"kind": "service-types"}, rules.MANAGE_REFERENCE, False),
    "providers:reference_create": (lambda o: {"kind": "specialisms"}, rules.MANAGE_REFERENCE, False),
    "providers:reference_edit": (lambda o: {"kind": "service-types", "pk": o["service"].service_types.first().pk},
                                 rules.MANAGE_REFERENCE, False),
    "providers:reference_retire": (lambda o: {"kind": "service-types", "pk": o["service"].service_types.first().pk},
                                   rules.MANAGE_REFERENCE, False),
})
PUBLIC_PAGES |= {"accounts:first_run"}
# The council's market areas, kept by administrators and the head of commissioning.
MARKET_KEEPERS = frozenset({Role.ADMINISTRATOR, Role.HEAD_OF_COMMISSIONING})
PAGES.update({
    "accounts:market_list": (lambda o: {}, MARKET_KEEPERS, False),
    "accounts:market_edit": (lambda o: {"pk": o["service"].service_types.first().market_area.pk}, MARKET_KEEPERS,
                             False),
    "accounts:market_retire": (lambda o: {"pk": o["service"].service_types.first().market_area.pk}, MARKET_KEEPERS,
                               False),
})
# Direct payments and the Client Level Data return.
PAGES.update({
    "directpayments:index": (lambda o: {}, dp_rules.VIEW, False),
    "directpayments:agreement_create": (lambda o: {"pk": o["care"].pk}, dp_rules.ARRANGE, False),
    "directpayments:agreement_detail": (lambda o: {"pk": dp_objects(o)["agreement"].pk}, dp_rules.VIEW, False),
    "directpayments:agreement_end": (lambda o: {"pk": dp_objects(o)["agreement"].pk}, dp_rules.ARRANGE, False),
    "directpayments:support_review_add": (lambda o: {"pk": dp_objects(o)["agreement"].pk}, dp_rules.ARRANGE, False),
    "directpayments:client_details": (lambda o: {"pk": dp_objects(o)["person"].pk}, dp_rules.CLIENT_DETAILS, False),
    "directpayments:run_detail": (lambda o: {"pk": dp_objects(o)["run"].pk}, dp_rules.VIEW, False),
    "directpayments:card_import": (lambda o: {}, dp_rules.OFFICER, False),
    "directpayments:card_import_detail": (lambda o: {"pk": dp_objects(o)["statement"].pk}, dp_rules.VIEW, False),
    "directpayments:review_detail": (lambda o: {"pk": dp_objects(o)["review"].pk}, dp_rules.VIEW, False),
    "directpayments:review_decide": (lambda o: {"pk": dp_objects(o)["review"].pk}, dp_rules.OFFICER, False),
    "directpayments:return_list": (lambda o: {}, dp_rules.BUILD_RETURN, False),
    "directpayments:return_detail": (lambda o: {"pk": dp_objects(o)["submission"].pk}, dp_rules.BUILD_RETURN,
                                     False),
    "directpayments:return_download": (lambda o: {"pk": dp_objects(o)["submission"].pk}, dp_rules.SEND_RETURN,
                                       False),
    "directpayments:return_sent": (lambda o: {"pk": dp_objects(o)["submission"].pk}, dp_rules.SEND_RETURN, False),
    "directpayments:measures": (lambda o: {}, dp_rules.MEASURES, False),
    "directpayments:intelligence": (lambda o: {}, dp_rules.INTELLIGENCE, False),
})
POSTS |= {"directpayments:return_sent"}
# The public directory and its Open Referral UK API (no sign-in); its officers' and portal pages.
PUBLIC_PAGES |= {"directory:search", "directory:listing", "directory:propose_change", "directory:propose",
                 "directory:proposed", "directory:open_data", "directory:open_data_csv"}
PUBLIC_PAGES |= {f"openreferral:{name}" for name in (
    "root", "services", "service", "service_at_locations", "service_at_location", "organizations", "organization",
    "taxonomies", "taxonomy", "taxonomy_terms", "taxonomy_term", "bulk_json", "bulk_csv")}
PAGES.update({
    "directory:manage": (lambda o: {}, directory_rules.MODERATE, False),
    "directory:listing_add": (lambda o: {}, directory_rules.MODERATE, False),
    "directory:listing_edit": (lambda o: {"pk": o["service"].listing.pk}, directory_rules.MODERATE, False),
    "directory:listing_verify": (lambda o: {"pk": o["service"].listing.pk}, directory_rules.MODERATE, False),
    "directory:listing_withdraw": (lambda o: {"pk": _community_listing().pk}, directory_rules.MODERATE, False),
    "directory:proposal": (lambda o: {"pk": _directory_proposal(o).pk}, directory_rules.MODERATE, False),
    "directory:portal": (lambda o: {}, PROVIDER, False),
    "directory:portal_listing": (lambda o: {"pk": o["service"].listing.pk}, PROVIDER, True),
})
POSTS |= {"directory:listing_verify"}


def _own_contract(o):
    """A contract the provider user's own organisation holds (made once per test)."""
    from commissioning.contracts.models import Contract
    from commissioning.contracts.tests.factories import ContractFactory

    return Contract.objects.filter(supplier=o["own"].provider).first() or ContractFactory(supplier=o["own"].provider)


def _pool():
    from commissioning.contracts.models import PooledBudget
    from commissioning.contracts.tests.factories import directorate

    return PooledBudget.objects.get_or_create(name="Better Care Fund", defaults={
        "agreement": "Section 75 agreement", "host": directorate()})[0]


def _funding_line(o):
    """A funding line of the provider user's own contract: the department funds part of it."""
    from commissioning.contracts.models import ContractFunding
    from commissioning.contracts.tests.factories import directorate

    contract = _own_contract(o)
    return contract.funding.first() or ContractFunding.objects.create(
        contract=contract, kind="directorate", directorate=directorate(), financial_year=2026, amount_pence=100_00)


def _contribution():
    from commissioning.contracts.models import PoolContribution

    budget = _pool()
    return budget.contributions.first() or PoolContribution.objects.create(
        budget=budget, partner="NHS Derby and Derbyshire ICB", financial_year=2026, quarter=1, amount_pence=500_00,
        created_by=_any_user())


def _payment(o):
    from commissioning.contracts.models import ContractPayment

    contract = _own_contract(o)
    return contract.payments.first() or ContractPayment.objects.create(
        contract=contract, paid_on=contract.start_date, amount_pence=100_00, reference="INV-1", created_by=_any_user())


def _any_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.order_by("pk").first()


# The contracts register: council staff see it all; a provider user only its own contracts.
PAGES.update({
    "contracts:contract_list": (lambda o: {}, contracts_rules.VIEW, False),
    "contracts:contract_create": (lambda o: {}, contracts_rules.EDIT, False),
    "contracts:contract_detail": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.VIEW, True),
    "contracts:contract_edit": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.EDIT, False),
    "contracts:spend_by_directorate": (lambda o: {}, contracts_rules.COUNCIL, False),
    "contracts:register_import": (lambda o: {}, contracts_rules.EDIT, False),
    "contracts:funding_add": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.EDIT, False),
    "contracts:pool_list": (lambda o: {}, contracts_rules.COUNCIL, False),
    "contracts:pool_create": (lambda o: {}, contracts_rules.EDIT, False),
    "contracts:pool_detail": (lambda o: {"pk": _pool().pk}, contracts_rules.COUNCIL, False),
    "contracts:contribution_add": (lambda o: {"pk": _pool().pk}, contracts_rules.EDIT, False),
    "contracts:funding_edit": (lambda o: {"pk": _own_contract(o).pk, "line": _funding_line(o).pk},
                               contracts_rules.EDIT, False),
    "contracts:funding_remove": (lambda o: {"pk": _own_contract(o).pk, "line": _funding_line(o).pk},
                                 contracts_rules.EDIT, False),
    "contracts:payments_import": (lambda o: {}, contracts_rules.PAY, False),
    "contracts:payment_add": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.PAY, False),
    "contracts:payment_remove": (lambda o: {"pk": _own_contract(o).pk, "line": _payment(o).pk},
                                 contracts_rules.PAY, False),
    "contracts:contribution_edit": (lambda o: {"pk": _pool().pk, "line": _contribution().pk},
                                    contracts_rules.EDIT, False),
    "contracts:contribution_remove": (lambda o: {"pk": _pool().pk, "line": _contribution().pk},
                                      contracts_rules.EDIT, False),
    "contracts:provider_view": (lambda o: {"pk": _own_contract(o).supplier_id}, contracts_rules.COUNCIL, False),
})


def _own_meeting(o):
    """A contract meeting with the provider user's own organisation, on its own contract."""
    from commissioning.contracts.models import ContractMeeting

    contract = _own_contract(o)
    return ContractMeeting.objects.get_or_create(contract=contract, provider=contract.supplier,
                                                 market_area_id="care_homes", scheduled_for="2027-01-01")[0]


def _own_action(o):
    from commissioning.contracts.models import MeetingAction

    meeting = _own_meeting(o)
    return MeetingAction.objects.get_or_create(meeting=meeting, what="Send the rota", owner=o["own"],
                                               due="2027-02-01")[0]


def _own_breach(o):
    from commissioning.contracts.models import Breach

    meeting = _own_meeting(o)
    return Breach.objects.get_or_create(contract=meeting.contract, provider=meeting.provider, meeting=meeting,
                                        what_happened="Visits missed", term="Clause 4.2", found_on="2026-11-01",
                                        penalty_pence=25_000, recorded_by=o["admin"])[0]


# Contract management (moved from quality): anyone who reads the register reads meetings, actions and
# breaches (a provider user its own organisation's only); lead commissioners and quality officers
# schedule and record them. An action's page is open to its owner too (the provider user here).
PAGES.update({
    "contracts:meeting_list": (lambda o: {}, contracts_rules.VIEW, False),
    "contracts:meeting_detail": (lambda o: {"pk": _own_meeting(o).pk}, contracts_rules.VIEW, True),
    "contracts:meeting_schedule": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.MANAGE, False),
    "contracts:action_add": (lambda o: {"pk": _own_meeting(o).pk}, contracts_rules.MANAGE, False),
    "contracts:action_list": (lambda o: {}, contracts_rules.VIEW, False),
    "contracts:action_edit": (lambda o: {"pk": _own_action(o).pk}, contracts_rules.MANAGE | PROVIDER, True),
    "contracts:breach_add": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.MANAGE, False),
    "contracts:breach_add_at_meeting": (lambda o: {"pk": _own_meeting(o).pk}, contracts_rules.MANAGE, False),
    "contracts:breach_detail": (lambda o: {"pk": _own_breach(o).pk}, contracts_rules.VIEW, True),
    "contracts:kpi_add": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.MANAGE, False),
    "contracts:kpi_list": (lambda o: {}, contracts_rules.MANAGE, False),
})
PUBLIC_PAGES |= {"contracts:transparency_csv"}


def _variation(o):
    """A variation of the provider user's own contract, proposed by the administrator of the fixtures."""
    from commissioning.contracts.models import Variation

    contract = _own_contract(o)
    return Variation.objects.filter(contract=contract).first() or Variation.objects.create(
        contract=contract, number=1, kind="variation", reason="More hours", value_change_pence=10_000_00,
        takes_effect_on=date(2026, 4, 1), proposed_by=o["admin"])


def _decommissioning(o, contract=None):
    """The decommissioning plan of a contract (the provider user's own unless named), with one step."""
    from commissioning.contracts.models import Contract, DecommissionPlan

    contract = contract or _own_contract(o)
    plan = DecommissionPlan.objects.filter(contract=contract).first()
    if plan is None:
        Contract.objects.filter(pk=contract.pk).update(status="decommissioning")
        plan = DecommissionPlan.objects.create(contract=contract, reason="Replaced", replacement="A new list",
                                               service_stops_on=contract.end_date, created_by=o["admin"])
        plan.steps.create(description="Tell the provider", owner=o["admin"], due_on=contract.end_date)
    return plan


def _person_affected(o):
    """The decommissioning of the fixtures' list, and the accepted agreement on its lot it affects."""
    Agreement.objects.filter(pk=o["agreement"].pk).update(status="accepted")
    plan = _decommissioning(o, o["list"].register_entry)
    return {"pk": plan.contract_id, "agreement_pk": o["agreement"].pk}


# Changes to contracts: variations (approved by those with approval authority) and decommissioning,
# which is the council's own (a provider user never reaches it, nor the people it affects).
PAGES.update({
    "contracts:variation_list": (lambda o: {}, contracts_rules.APPROVE_VARIATIONS, False),
    "contracts:variation_propose": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.EDIT, False),
    "contracts:variation_detail": (lambda o: {"pk": _variation(o).pk}, contracts_rules.VIEW, True),
    "contracts:variation_approve": (lambda o: {"pk": _variation(o).pk}, contracts_rules.APPROVE_VARIATIONS, False),
    "contracts:variation_refuse": (lambda o: {"pk": _variation(o).pk}, contracts_rules.APPROVE_VARIATIONS, False),
    "contracts:decommission_start": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.EDIT, False),
    "contracts:decommission_plan": (lambda o: {"pk": _decommissioning(o).contract_id}, contracts_rules.SEE_PLANS,
                                    False),
    "contracts:decommission_step_add": (lambda o: {"pk": _decommissioning(o).contract_id}, contracts_rules.EDIT,
                                        False),
    "contracts:decommission_step_done": (lambda o: {"pk": _decommissioning(o).steps.get().pk},
                                         contracts_rules.SEE_PLANS, False),
    "contracts:decommission_arrangement": (_person_affected, contracts_rules.MARK_ARRANGED, False),
    "contracts:decommission_complete": (lambda o: {"pk": _decommissioning(o).contract_id}, contracts_rules.EDIT,
                                        False),
})
POSTS |= {"contracts:variation_approve", "contracts:decommission_step_done", "contracts:decommission_complete"}

# The register's open data (OCDS): anyone, no sign-in.
PUBLIC_PAGES |= {"ocds-contracts", "ocds-contract"}
POSTS |= {"providers:reference_retire"}
POSTS |= {"accounts:market_retire"}
API = {
    "provider-list": (lambda o: {}, ALL, False),
    "provider-detail": (lambda o: {"pk": o["service"].provider_id}, ALL, True),
    "service-list": (lambda o: {}, ALL, False),
    "service-detail": (lambda o: {"pk": o["service"].pk}, ALL, True),
    "approved-list-list": (lambda o: {}, ALL, False),
    "approved-list-detail": (lambda o: {"pk": o["list"].pk}, ALL, False),
    "application-list": (lambda o: {}, ALL, False),
    "application-detail": (lambda o: {"pk": o["application"].pk}, ALL, True),
    "membership-list": (lambda o: {}, ALL, False),
    "membership-detail": (lambda o: {"pk": o["membership"].pk}, ALL, True),
    "care-request-list": (lambda o: {}, VIEW_REQUESTS, False),
    "care-request-detail": (lambda o: {"pk": o["care"].pk}, VIEW_REQUESTS, False),
    "competition-list": (lambda o: {}, VIEW_REQUESTS | PROVIDER, False),
    "competition-detail": (lambda o: {"pk": o["competition"].pk}, VIEW_REQUESTS | PROVIDER, True),
    "offer-list": (lambda o: {}, VIEW_REQUESTS | PROVIDER, False),
    "offer-detail": (lambda o: {"pk": o["offer"].pk}, VIEW_REQUESTS | PROVIDER, True),
    "agreement-list": (lambda o: {}, VIEW_AGREEMENTS | PROVIDER, False),
    "agreement-detail": (lambda o: {"pk": o["agreement"].pk}, VIEW_AGREEMENTS | PROVIDER, True),
    # The contracts register: every role, a provider user only the contracts its organisation supplies.
    "contract-list": (lambda o: {}, contracts_rules.VIEW, False),
    "contract-detail": (lambda o: {"pk": _own_contract(o).pk}, contracts_rules.VIEW, True),
}
# Workflow operations (POST or PUT): url name → (arguments, roles allowed)
ACTIONS = {
    "list-events": (lambda o: {"pk": o["list"].pk}, MANAGE_LISTS),
    "application-start": (lambda o: {}, PROVIDER),
    "application-draft": (lambda o: {"pk": o["application"].pk}, PROVIDER),
    "application-submit": (lambda o: {"pk": o["application"].pk}, PROVIDER),
    "application-scores": (lambda o: {"pk": o["application"].pk}, EVALUATE),
    "application-moderation": (lambda o: {"pk": o["application"].pk}, MODERATE),
    "application-decision": (lambda o: {"pk": o["application"].pk}, MODERATE),
    "membership-events": (lambda o: {"pk": o["membership"].pk}, MANAGE_MEMBERS),
    "competition-offer": (lambda o: {"pk": o["competition"].pk}, PROVIDER),
    "agreement-accept": (lambda o: {"pk": o["agreement"].pk}, PROVIDER),
    "agreement-decline": (lambda o: {"pk": o["agreement"].pk}, PROVIDER),
}
WRITE_API = {"provider-list", "provider-detail", "service-list", "service-detail"}


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def test_every_url_declares_who_may_use_it():
    undeclared = [name for name, pattern in _named_urls() if declared_roles(pattern.callback) is None]
    assert undeclared == []


def test_the_matrix_covers_every_named_url():
    names = {name for name, _ in _named_urls() if not name.endswith("-root")}
    assert names - set(PAGES) - set(API) - set(ACTIONS) - PUBLIC_PAGES == set()


def test_public_urls_are_exactly_the_ones_named_public():
    public = {name for name, p in _named_urls() if declared_roles(p.callback) == PUBLIC}
    assert public == PUBLIC_PAGES


@pytest.fixture
def objects(db, provider_user, administrator):
    approved_list = OpenListFactory()
    lot = approved_list.lots.first()
    application = Application.objects.create(approved_list=approved_list, provider=provider_user.provider,
                                             status="submitted", decision_due="2030-01-01")
    application.lots.add(lot)
    answer = Answer.objects.create(application=application, question=approved_list.questions.first(),
                                   response="Yes", attachment=ContentFile(b"policy", name="policy.pdf"))
    membership = Membership.objects.create(lot=lot, provider=provider_user.provider, application=application,
                                           admitted_on="2026-01-01")
    service = ServiceFactory(provider=provider_user.provider)
    care = CareRequest.objects.create(
        person=CarePerson.objects.create(reference="P-000001", name="Ada Lovelace", date_of_birth="1940-01-01",
                                         address="1 Friar Gate", postcode="DE1 1BX"),
        requested_by=administrator, needs="Help each morning", outcomes="Stay at home", lot=lot,
        service_type=service.service_types.first(), hours_per_week=10, postcode="DE1 1BX",
        locality=service.locality, start_date="2030-01-01", budget_pence=40000, status="waiver_pending",
        waiting_since="2026-01-01T09:00Z")
    competition = Competition.objects.create(request=care, lot=lot, opened_at="2026-01-01T09:00Z",
                                             closes_at="2026-01-02T09:00Z", opened_by=administrator,
                                             quality_weight=60, status="closed")
    invite = CompetitionInvite.objects.create(competition=competition, provider=provider_user.provider,
                                              service=service, quality_score=70)
    offer = Offer.objects.create(competition=competition, provider=provider_user.provider, invite=invite,
                                 rate_pence=2000, weekly_cost_pence=20000, start_date="2030-01-01",
                                 outcome_answers="A steady team", submitted_at="2026-01-01T10:00Z",
                                 submitted_by=provider_user)
    agreement = Agreement.objects.create(request=care, person=care.person, provider=provider_user.provider,
                                         service=service, lot=lot, route="direct", awarded_by=administrator,
                                         rate_pence=2000, hours_per_week=10, start_date="2030-01-01",
                                         weekly_cost_pence=20000)
    allocation = AllocationRun.objects.create(lot=lot, created_by=administrator, score=0, bound=0, greedy_score=0,
                                              seconds=0)
    audit = Audit.objects.create(service=service, framework=Framework.objects.get(is_default=True), kind="announced",
                                 planned_for="2026-01-01", status="draft", comments_due="2030-01-01",
                                 overall_rating="poor", rag="red", published_on="2026-01-10")
    plan = ActionPlan.objects.create(audit=audit, due="2030-01-01", status="accepted")
    item = ActionItem.objects.create(plan=plan, issue="Records", action="Audit records", owner="Manager",
                                     due="2030-01-01")
    from commissioning.finance.models import Budget as finance_budget  # noqa: N813
    run = PaymentRun.objects.create(kind="weekly", period_end="2026-11-01", key="weekly:2026-11-01",
                                    created_by=administrator)
    invoice = Invoice.objects.create(provider=provider_user.provider, kind="actuals", period_start="2026-10-26",
                                     period_end="2026-11-01", status="paid", payment_run=run, total_pence=20000)
    InvoiceLine.objects.create(invoice=invoice, agreement=agreement, description="ISA: 7 visits", amount_pence=20000)
    extra = {
        "payment_run": run, "invoice": invoice,
        "budget": finance_budget.objects.create(market_area_id="home_care", financial_year=2026,
                                                amount_pence=100_000_00),
        "week": ProviderWeek.objects.create(provider=provider_user.provider, week=date(2026, 10, 26), visits=7,
                                            amount_pence=20000, missed=0, late=0, short=0, manual=0,
                                            meets_in_home_target=True, exception=False),
        "card": RateCard.objects.create(service_type=service.service_types.first(), financial_year=2026,
                                        effective_from="2026-04-06"),
        "scenario": UpliftScenario.objects.create(name="NLW", service_type=service.service_types.first(),
                                                  financial_year=2027, effective_from="2027-04-05",
                                                  nlw_rise_percent=6, staffing_share_percent=70, inflation_percent=2),
        "audit": audit, "plan": plan, "item": item,
        "job": Job.objects.create(kind="cqc_import", title="Import of the CQC file cqc.csv", task_path="x.y",
                                  provider=provider_user.provider),
        "challenge": Challenge.objects.create(audit=audit, text="Wrong date", raised_by=provider_user),
        "review": ContractReview.objects.create(audit=audit, market_area_id="care_homes"),
        "safety": SafetyCheck.objects.create(audit=audit),
        "concern": ConcernCase.objects.create(provider=provider_user.provider, opened_by=administrator,
                                              summary="Concerns"),
    }
    return {**extra, "service": service, "admin": administrator, "care": care, "competition": competition,
            "offer": offer, "agreement": agreement, "allocation": allocation,
            "own": provider_user, "list": approved_list, "lot": lot, "question": approved_list.questions.first(),
            "application": application, "answer": answer, "membership": membership,
            "run": CqcImportRun.objects.create(file_name="cqc.csv", sha256="0" * 64, file_format="directory")}


def _users(make_user, objects):
    users = {role: make_user(role) for role in ALL_ROLES - {Role.PROVIDER_USER}}
    users[Role.PROVIDER_USER] = objects["own"]
    return users


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_permissions(name, client, make_user, objects, other_provider_user):
    build, allowed, scoped = PAGES[name]
    url = reverse(name, kwargs=build(objects))
    method = "post" if name in POSTS else "get"

    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], "anonymous"

    for role, user in _users(make_user, objects).items():
        client.force_login(user)
        status = getattr(client, method)(url).status_code
        if role in allowed:
            assert status in (200, 204, 302), f"{role} should reach {name}, got {status}"
        else:
            assert status == 403, f"{role} must be refused {name}, got {status}"

    if Role.PROVIDER_USER in allowed and scoped:
        client.force_login(other_provider_user)
        assert getattr(client, method)(url).status_code == 404, "another provider's user"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(API))
def test_api_read_permissions(name, client, make_user, objects, other_provider_user):
    build, allowed, scoped = API[name]
    url = reverse(name, kwargs=build(objects))
    assert client.get(url).status_code == 401, "anonymous"
    for role, user in _users(make_user, objects).items():
        token = Token.objects.create(user=user)
        status = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}").status_code
        assert status == (200 if role in allowed else 403), f"{role} on {name}: {status}"
    if scoped:
        token = Token.objects.create(user=other_provider_user)
        assert client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WRITE_API))
def test_api_write_permissions(name, client, make_user, objects):
    build, _, _ = API[name]
    url = reverse(name, kwargs=build(objects))
    method = client.post if name.endswith("-list") else client.patch
    for role, user in _users(make_user, objects).items():
        token = Token.objects.create(user=user)
        status = method(url, data={}, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Token {token.key}").status_code
        if role in EDIT:
            assert status in (200, 201, 400), f"{role} may write {name}: {status}"
        else:
            assert status == 403, f"{role} must not write {name}: {status}"


def test_council_roles_are_every_role_but_provider_user():
    assert ALL_ROLES - {Role.PROVIDER_USER} == COUNCIL_ROLES


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_api_action_permissions(name, client, make_user, objects):
    build, allowed = ACTIONS[name]
    url = reverse(name, kwargs=build(objects))
    method = client.put if name == "application-draft" else client.post
    assert method(url, data={}, content_type="application/json").status_code == 401, "anonymous"
    for role, user in _users(make_user, objects).items():
        token = Token.objects.create(user=user)
        status = method(url, data={}, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Token {token.key}").status_code
        if role in allowed:
            assert status != 403 and status < 500, f"{role} may call {name}: {status}"
        else:
            assert status == 403, f"{role} must not call {name}: {status}"


def _intelligence_import():
    from commissioning.intelligence.models import BenchmarkImport

    return BenchmarkImport.objects.create(file_name="unit-costs.csv", sha256="0" * 64, financial_year=2014,
                                          content=b"")


def _intelligence_group():
    from commissioning.intelligence.models import ComparatorGroup

    return ComparatorGroup.objects.get_or_create(name="East Midlands", own_code="507",
                                                 member_codes=["506", "507", "512"])[0]


def _community_listing():
    from commissioning.directory.tests.factories import CommunityListingFactory

    return CommunityListingFactory()


def _directory_proposal(objects):
    from commissioning.directory.models import ListingProposal

    return ListingProposal.objects.create(listing=objects["service"].listing, provider=objects["service"].provider,
                                          changes={"description": "A friendly home"}, proposer_name="Sam",
                                          proposer_email="sam@provider.example")
