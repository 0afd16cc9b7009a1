"""Who may do what in market intelligence."""
from commissioning.accounts.roles import COUNCIL_ROLES, Role

VIEW = COUNCIL_ROLES
IMPORT = frozenset({Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER, Role.FINANCE_OFFICER, Role.ADMINISTRATOR})
MANAGE_GROUPS = frozenset({Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER, Role.ADMINISTRATOR})
PROVIDER = frozenset({Role.PROVIDER_USER})
