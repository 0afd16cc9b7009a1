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


# Payments to a contract's supplier come from the finance system: finance officers record them too.
PAY = EDIT | {Role.FINANCE_OFFICER}


def can_pay(user) -> bool:
    return user.is_authenticated and user.role in PAY
