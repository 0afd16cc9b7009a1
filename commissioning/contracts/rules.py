"""Who may do what in the contracts register."""
from commissioning.accounts.roles import ALL_ROLES, COUNCIL_ROLES, Role
from commissioning.brokerage import rules as brokerage_rules

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


# A variation or extension is approved or refused by the head of commissioning or an administrator,
# never by the person who proposed it (services.changes checks that too).
APPROVE_VARIATIONS = frozenset({Role.HEAD_OF_COMMISSIONING, Role.ADMINISTRATOR})


def can_decide(user, variation) -> bool:
    return (user.is_authenticated and user.role in APPROVE_VARIATIONS
            and variation.proposed_by_id != user.pk)


# Decommissioning plans are the council's: council staff read them, the register's editors keep them.
SEE_PLANS = COUNCIL_ROLES
# The people affected by a decommissioning, by name: the council roles brokerage lets see people.
SEE_PEOPLE = brokerage_rules.VIEW_REQUESTS
# Whether a person affected has a new arrangement is marked by those who review people's care.
MARK_ARRANGED = frozenset({Role.SOCIAL_WORKER, Role.BROKER})


# Contract management (meetings, actions, breaches, KPIs): lead commissioners and quality officers
# hold meetings and record breaches; anyone who may read the register reads them, a provider user
# its own organisation's only.
MANAGE = frozenset({Role.LEAD_COMMISSIONER, Role.QUALITY_OFFICER})


def can_manage(user) -> bool:
    return user.is_authenticated and user.role in MANAGE
