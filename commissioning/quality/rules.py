"""Who may do what in quality assurance (contract management: contracts.rules.MANAGE)."""
from commissioning.accounts.roles import COUNCIL_ROLES, Role

AUDIT = frozenset({Role.QUALITY_OFFICER})
VIEW = COUNCIL_ROLES - {Role.EVALUATOR}
CONCERNS = frozenset({Role.QUALITY_OFFICER, Role.LEAD_COMMISSIONER, Role.HEAD_OF_COMMISSIONING})
REVIEW = frozenset({Role.LEAD_COMMISSIONER, Role.HEAD_OF_COMMISSIONING, Role.QUALITY_OFFICER})
SAFETY = frozenset({Role.SOCIAL_WORKER, Role.QUALITY_OFFICER, Role.HEAD_OF_COMMISSIONING})
PROVIDER = frozenset({Role.PROVIDER_USER})
