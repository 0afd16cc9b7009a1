"""Who may do what in brokerage."""
from commissioning.accounts.roles import COUNCIL_ROLES, Role

REQUEST_CARE = frozenset({Role.SOCIAL_WORKER, Role.BROKER})
BROKER = frozenset({Role.BROKER})
VIEW_REQUESTS = frozenset({Role.SOCIAL_WORKER, Role.BROKER, Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER,
                           Role.ADMINISTRATOR})
APPROVE_WAIVER = frozenset({Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER})
DASHBOARD = frozenset({Role.BROKER, Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER, Role.ADMINISTRATOR,
                       Role.FINANCE_OFFICER})
VIEW_AGREEMENTS = COUNCIL_ROLES - {Role.EVALUATOR}
PROVIDER = frozenset({Role.PROVIDER_USER})
SCORE_OFFERS = frozenset({Role.EVALUATOR, Role.PROCUREMENT_OFFICER})
MODERATE_OFFERS = frozenset({Role.PROCUREMENT_OFFICER})
# A request is met by a direct payment instead of a package by a social worker or a broker.
ARRANGE_DIRECT_PAYMENT = REQUEST_CARE
