"""Who may do what in the provider register."""
from commissioning.accounts.roles import ALL_ROLES, COUNCIL_ROLES, Role

VIEW_REGISTER = ALL_ROLES
EDIT_REGISTER = frozenset({
    Role.ADMINISTRATOR,
    Role.HEAD_OF_COMMISSIONING,
    Role.LEAD_COMMISSIONER,
    Role.PROCUREMENT_OFFICER,
    Role.QUALITY_OFFICER,
})
IMPORT_CQC = frozenset({Role.ADMINISTRATOR, Role.QUALITY_OFFICER, Role.PROCUREMENT_OFFICER})
VIEW_HISTORY = ALL_ROLES
# The register's reference data (service types, client groups, specialisms) is council configuration.
MANAGE_REFERENCE = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})
EXPORT_REGISTER = COUNCIL_ROLES
COUNCIL_ONLY = COUNCIL_ROLES


def can_edit_register(user) -> bool:
    return user.is_authenticated and user.role in EDIT_REGISTER


def can_import_cqc(user) -> bool:
    return user.is_authenticated and user.role in IMPORT_CQC


def can_manage_reference(user) -> bool:
    return user.is_authenticated and user.role in MANAGE_REFERENCE


def can_export_register(user) -> bool:
    return user.is_authenticated and user.role in EXPORT_REGISTER
