"""Who may do what in planning."""
from commissioning.accounts.roles import COUNCIL_ROLES, Role

VIEW = COUNCIL_ROLES - {Role.EVALUATOR}
FUNDING = frozenset({Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER, Role.FINANCE_OFFICER})
APPROVE = frozenset({Role.HEAD_OF_COMMISSIONING})
PLAN = frozenset({Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER, Role.PROCUREMENT_OFFICER})
