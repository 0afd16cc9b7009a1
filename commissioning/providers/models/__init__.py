from .cqc_import import CqcImportRun, CqcImportRunStatusEvent
from .provider import Provider, ProviderStatusEvent
from .reference import ClientGroup, Locality, ServiceType, Specialism
from .service import Service, ServiceStatusEvent

__all__ = ["ClientGroup", "CqcImportRun", "CqcImportRunStatusEvent", "Locality", "Provider", "ProviderStatusEvent",
           "Service", "ServiceStatusEvent", "ServiceType", "Specialism"]
