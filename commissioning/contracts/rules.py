"""Who may do what in the contracts register."""
from commissioning.accounts.roles import ALL_ROLES, COUNCIL_ROLES, Role

# Council staff read the whole register; a provider user reads its own organisation's contracts.
VIEW = ALL_ROLES
EDIT = frozenset({Role.ADMINISTRATOR, Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER,
                  Role.PROCUREMENT_OFFICER})


def can_edit(user) -> bool:
    return user.is_authenticated and user.role in EDIT


# Spend across the council's departments is the council's own management information.
COUNCIL = COUNCIL_ROLES

# Contract management (meetings, actions, breaches, KPIs): lead commissioners and quality officers
# hold meetings and record breaches; anyone who may read the register reads them, a provider user
# its own organisation's only.
MANAGE = frozenset({Role.LEAD_COMMISSIONER, Role.QUALITY_OFFICER})


def can_manage(user) -> bool:
    return user.is_authenticated and user.role in MANAGE
