"""Writes to the register (providers and services) and to its reference data, each atomic and audited."""
from .reference import (
    REFERENCE_KINDS,
    ReferenceKind,
    localities_set_up,
    parse_locality_lines,
    reference_item_save,
    reference_item_set_retired,
)
from .register import (
    PROVIDER_FIELDS,
    SERVICE_FIELDS,
    SERVICE_M2M,
    provider_change_status,
    provider_save,
    provider_set_placements_suspended,
    service_change_status,
    service_save,
    service_set_council_rag,
)

__all__ = [
    "PROVIDER_FIELDS", "REFERENCE_KINDS", "SERVICE_FIELDS", "SERVICE_M2M", "ReferenceKind", "localities_set_up",
    "parse_locality_lines", "provider_change_status", "provider_save", "provider_set_placements_suspended",
    "reference_item_save", "reference_item_set_retired", "service_change_status", "service_save",
    "service_set_council_rag",
]
