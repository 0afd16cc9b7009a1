"""Writes to the register's reference data: service types, client groups, specialisms and
localities. The council keeps these lists on its own pages; every add, rename, retirement and
restoration is audited with what changed, so the history shows who changed what and when."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from commissioning.core.audit import Action, Source, audit_record, diff, snapshot

from ..models import ClientGroup, Locality, ServiceType, Specialism
from ..validators import normalise_district


@dataclass(frozen=True)
class ReferenceKind:
    """One list of reference data: its model, the fields a person edits, and its words."""

    slug: str
    model: type
    fields: tuple[str, ...]
    plural: str
    singular: str
    coded: bool = True


REFERENCE_KINDS = {
    kind.slug: kind for kind in (
        ReferenceKind("service-types", ServiceType,
                      ("name", "market_area", "capacity_unit", "regulated", "order", "retired"),
                      "Service types", "service type"),
        ReferenceKind("client-groups", ClientGroup, ("name", "retired"), "Client groups", "client group"),
        ReferenceKind("specialisms", Specialism, ("name", "retired"), "Specialisms", "specialism"),
        ReferenceKind("localities", Locality, ("name", "postcode_districts", "retired"), "Localities", "locality",
                      coded=False),
    )
}


def _kind_of(item) -> ReferenceKind:
    return next(kind for kind in REFERENCE_KINDS.values() if isinstance(item, kind.model))


def _unique_code(model, name: str) -> str:
    """A stable code made from the first name (kept when the item is renamed)."""
    base = slugify(name)[:44] or "item"
    code, n = base, 2
    while model.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


def _districts_problem(locality: Locality) -> str | None:
    """Why a locality's postcode districts cannot be kept: one is not a district, or one is already
    in another locality in use (a district belongs to one locality only); else None."""
    raw = [part for part in (locality.postcode_districts or "").replace(",", " ").split() if part]
    if not raw:
        return "Enter the locality’s postcode districts, like DE1, DE22"
    districts = []
    for part in raw:
        district = normalise_district(part)
        if not district:
            return f"‘{part}’ is not a postcode district (like DE1 or DE22)"
        if district not in districts:
            districts.append(district)
    if not locality.retired:
        for other in Locality.objects.filter(retired=False).exclude(pk=locality.pk):
            taken = [d for d in districts if d in other.districts]
            if taken:
                return f"{', '.join(taken)} {'is' if len(taken) == 1 else 'are'} already in {other}"
    locality.postcode_districts = ",".join(districts)
    return None


@transaction.atomic
def reference_item_save(*, item, by, source: str = Source.WEB):
    """Add or rename (and reclassify) a service type, client group, specialism or locality; audited
    with what changed. A new coded item gets a stable code from its name; renaming keeps the code. A
    locality's postcode districts must be real districts in no other locality in use."""
    kind = _kind_of(item)
    creating = item.pk is None
    item.name = " ".join((item.name or "").split())
    if not item.name:
        raise ValidationError({"name": f"Enter the name of the {kind.singular}"})
    clash = kind.model.objects.filter(name__iexact=item.name).exclude(pk=item.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a {kind.singular} called ‘{item.name}’"})
    if isinstance(item, Locality):
        problem = _districts_problem(item)
        if problem:
            raise ValidationError({"postcode_districts": problem})
    before = dict.fromkeys(kind.fields, "") if creating else snapshot(kind.model.objects.get(pk=item.pk), kind.fields)
    if creating and kind.coded:
        item.code = _unique_code(kind.model, item.name)
    item.full_clean()
    item.save()
    changes = diff(item, before, snapshot(item, kind.fields))
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=item,
                     changes=changes, source=source)
    return item


@transaction.atomic
def reference_item_set_retired(*, item, retired: bool, by, note: str = "", source: str = Source.WEB):
    """Retire an item (kept on the services and requests that have it, offered for no new ones) or
    bring it back; a locality comes back only while none of its districts is in another one in use."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if item.retired == retired:
        return item
    item.retired = retired
    if isinstance(item, Locality) and not retired:
        problem = _districts_problem(item)
        if problem:
            raise ValidationError(f"{item} cannot be brought back: {problem}")
    item.save(update_fields=["retired"])
    audit_record(actor=by, action=Action.UPDATED, obj=item, source=source, note=note,
                 changes={"Retired": ["No", "Yes"] if retired else ["Yes", "No"]})
    return item


def parse_locality_lines(text: str) -> list[tuple[str, list[str]]]:
    """Localities from lines of "DISTRICT Name" ("DE1 Derby city centre"); lines with the same name
    make one locality of several districts. A district may be in one locality only."""
    localities: dict[str, list[str]] = {}
    seen: dict[str, str] = {}
    errors = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        district_text, _, name = line.partition(" ")
        district, name = normalise_district(district_text), " ".join(name.split())
        if not district:
            errors.append(f"Line {number}: ‘{district_text}’ is not a postcode district (like DE1 or DE22)")
            continue
        if not name:
            errors.append(f"Line {number}: give the locality’s name after {district}, like ‘{district} City centre’")
            continue
        key = next((existing for existing in localities if existing.lower() == name.lower()), name)
        if district in seen:
            errors.append(f"Line {number}: {district} is already in {seen[district]}")
            continue
        seen[district] = key
        localities.setdefault(key, []).append(district)
    if errors:
        raise ValidationError(errors)
    if not localities:
        raise ValidationError("Enter at least one locality, like ‘DE1 Derby city centre’")
    return list(localities.items())


@transaction.atomic
def localities_set_up(*, localities: list[tuple[str, list[str]]], by, source: str = Source.WEB) -> list[Locality]:
    """Make the council's localities from its postcode districts at the first run: they replace the
    starting list (any locality no service uses), and each is audited as created."""
    for unused in Locality.objects.filter(services__isnull=True):
        try:
            with transaction.atomic():
                unused.delete()
        except ProtectedError:
            continue  # a care request still names it: kept
    made = []
    for name, districts in localities:
        locality, created = Locality.objects.get_or_create(name=name, defaults={
            "postcode_districts": ",".join(districts)})
        if not created:
            locality.postcode_districts = ",".join(sorted(set(locality.districts) | set(districts)))
            locality.save(update_fields=["postcode_districts"])
        audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=locality, source=source,
                     changes={"Postcode districts": ["", locality.postcode_districts]})
        made.append(locality)
    return made
