"""Who may do what with direct payments and the Client Level Data return."""
from commissioning.accounts.roles import COUNCIL_ROLES, Role

# A social worker or broker meets a request by a direct payment and records its reviews.
ARRANGE = frozenset({Role.SOCIAL_WORKER, Role.BROKER})
# The agreements carry the person's identity: council staff who work with people or pay them.
VIEW = frozenset({Role.SOCIAL_WORKER, Role.BROKER, Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER,
                  Role.FINANCE_OFFICER, Role.ADMINISTRATOR})
# Finance officers import card statements and decide balance reviews; a reclaim is theirs to record.
OFFICER = frozenset({Role.FINANCE_OFFICER})
# The return: who may build and check it (the failure report names person references only) ...
BUILD_RETURN = frozenset({Role.HEAD_OF_COMMISSIONING, Role.FINANCE_OFFICER, Role.ADMINISTRATOR})
# ... and who may download the file and record that it was sent (it holds NHS numbers and postcodes).
SEND_RETURN = frozenset({Role.HEAD_OF_COMMISSIONING, Role.ADMINISTRATOR})
# Client Level Data details of a person (NHS number, ethnicity, support reason) are kept by social work.
CLIENT_DETAILS = frozenset({Role.SOCIAL_WORKER, Role.BROKER, Role.ADMINISTRATOR})
# Counts with no person in them: the measures and the direct payment intelligence.
MEASURES = COUNCIL_ROLES - {Role.EVALUATOR}
INTELLIGENCE = COUNCIL_ROLES
