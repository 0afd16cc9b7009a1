"""Who may do what in the directory. Searching it and proposing a listing need no sign-in."""
from commissioning.accounts.roles import Role

# Officers who add community listings, verify them and decide proposals.
MODERATE = frozenset({Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER, Role.PROCUREMENT_OFFICER,
                      Role.ADMINISTRATOR})
# Brokers search the directory from a request's front door and record what they suggested.
FRONT_DOOR = frozenset({Role.BROKER})
PROVIDER = frozenset({Role.PROVIDER_USER})
