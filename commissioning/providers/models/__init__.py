from .cqc_import import CqcImportRun
from .provider import Provider
from .reference import ClientGroup, Locality, ServiceType, Specialism
from .service import Service

__all__ = ["ClientGroup", "CqcImportRun", "Locality", "Provider", "Service", "ServiceType", "Specialism"]
