from .cqc_import import CqcImportRun
from .provider import Provider, ProviderStatusEvent
from .reference import ClientGroup, Locality, ServiceType, Specialism
from .service import Service, ServiceStatusEvent

__all__ = ["ClientGroup", "CqcImportRun", "Locality", "Provider", "ProviderStatusEvent", "Service",
           "ServiceStatusEvent", "ServiceType", "Specialism"]
