"""Who may answer subject access requests and apply the retention schedule."""
from commissioning.accounts.roles import Role

DATA_PROTECTION = frozenset({Role.ADMINISTRATOR})
