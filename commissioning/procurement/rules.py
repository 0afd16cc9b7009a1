"""Who may do what with Approved Provider Lists."""
from commissioning.accounts.roles import COUNCIL_ROLES, Role

VIEW_LISTS = COUNCIL_ROLES
MANAGE_LISTS = frozenset({Role.PROCUREMENT_OFFICER, Role.ADMINISTRATOR})
EVALUATE = frozenset({Role.EVALUATOR, Role.PROCUREMENT_OFFICER})
MODERATE = frozenset({Role.PROCUREMENT_OFFICER})
MANAGE_MEMBERS = frozenset({Role.PROCUREMENT_OFFICER, Role.LEAD_COMMISSIONER, Role.QUALITY_OFFICER,
                            Role.ADMINISTRATOR})
APPLY = frozenset({Role.PROVIDER_USER})


def sees_all_scores(user) -> bool:
    """The moderator sees every evaluator's scores; an evaluator sees only their own until moderation."""
    return user.role in MODERATE
