"""Who may do what in paying providers."""
from commissioning.accounts.roles import Role

FINANCE = frozenset({Role.FINANCE_OFFICER})
VIEW = frozenset({Role.FINANCE_OFFICER, Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER, Role.ADMINISTRATOR})
REVIEW_WEEKS = frozenset({Role.BROKER, Role.FINANCE_OFFICER})
APPROVE_UPLIFT = frozenset({Role.HEAD_OF_COMMISSIONING, Role.FINANCE_OFFICER})
PROVIDER = frozenset({Role.PROVIDER_USER})
