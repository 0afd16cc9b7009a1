"""Writes of the Market Position Statement: the commissioner's words, and publishing an edition."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commissioning.accounts.models import Market
from commissioning.core.audit import Action, audit_record

from ..models import Figure, StatementDraft, StatementEdition, financial_year_label

MAX_WORDS_CHARACTERS = 20_000


@transaction.atomic
def statement_draft_save(*, context: str, intentions: dict[str, str], working_with_us: str, by) -> StatementDraft:
    """Keep the commissioner's words for the next edition; intentions only for the council's market areas."""
    unknown = set(intentions) - set(Market.objects.values_list("code", flat=True))
    if unknown:
        raise ValidationError({"intentions": ["Commissioning intentions must be for one of the market areas"]})
    errors = {name: [f"The {label} must be {MAX_WORDS_CHARACTERS:,} characters or fewer"]
              for name, label, text in (("context", "context", context),
                                        ("working_with_us", "section on working with us", working_with_us))
              if len(text) > MAX_WORDS_CHARACTERS}
    if errors:
        raise ValidationError(errors)
    draft = StatementDraft.objects.select_for_update().first() or StatementDraft()
    created = draft.pk is None
    draft.context, draft.working_with_us, draft.updated_by = context.strip(), working_with_us.strip(), by
    draft.intentions = {k: v.strip() for k, v in intentions.items() if v.strip()}
    draft.save()
    audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=draft,
                 note="Words for the next Market Position Statement")
    return draft


def _snapshot_figures() -> list[dict]:
    shown = ("demand.", "supply.", "vacancies.", "direct_payments.")
    return [{"key": f.key, "label": f.label, "section": f.section, "value": None if f.value is None else str(f.value),
             "unit": f.unit, "as_of": f.as_of.isoformat(), "source": f.source, "band": "",
             "detail": f.detail if f.key == "demand.forecast" else {}}
            for f in Figure.objects.all() if f.key.startswith(shown)]


def _snapshot_benchmarks(by) -> list[dict]:
    from ..selectors import benchmark_rows, benchmark_years, comparator_groups

    years, groups = benchmark_years(user=by), list(comparator_groups(user=by))
    if not years or not groups:
        return []
    group, year = groups[0], years[0]
    rows = [r for r in benchmark_rows(user=by, group=group, financial_year=year)
            if r.support_type == "Long term" and r.primary_support_reason == "" and r.own is not None]
    return [{"key": "benchmark." + "|".join(r.key), "label": f"Unit cost, {r.age_category.lower()}, "
             f"{r.delivery_mechanism.lower()} (£ a week, {financial_year_label(year)})", "unit": "pounds",
             "value": str(r.own), "band": r.band, "shift": r.shift, "group": group.name,
             "england": None if r.england is None else str(r.england),
             "source": f"NHS Digital, PSS Expenditure and Unit Costs {financial_year_label(year)}, against "
                       f"{group.name}"} for r in rows]


@transaction.atomic
def statement_publish(*, by) -> StatementEdition:
    """Publish the next edition: the draft's words and a snapshot of every figure as it stands now."""
    draft = StatementDraft.objects.select_for_update().first()
    errors = {}
    if draft is None or not draft.context:
        errors["context"] = ["Enter the context before publishing"]
    if draft is None or not draft.working_with_us:
        errors["working_with_us"] = ["Enter how providers can work with the council before publishing"]
    if not Figure.objects.exists():
        errors["__all__"] = ["Refresh the market figures before publishing"]
    if errors:
        raise ValidationError(errors)
    number = (StatementEdition.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    edition = StatementEdition.objects.create(
        number=number, published_at=timezone.now(), published_by=by, context=draft.context,
        intentions=draft.intentions, working_with_us=draft.working_with_us, figures=_snapshot_figures(),
        benchmarks=_snapshot_benchmarks(by))
    audit_record(actor=by, action=Action.CREATED, obj=edition, note=f"Published edition {number}")
    return edition
