"""What makes an evaluator's or a moderator's score acceptable, for an application to a list and for
an offer in a competition alike."""


def score_problems(score, reason: str, *, top: int) -> dict[str, str]:
    """The refusal of each field of a score out of `top` with its reason; empty when it is acceptable."""
    problems = {}
    if score is None or not 0 <= score <= top:
        problems["score"] = f"Enter a score from 0 to {top}" + (" (0 fail, 1 pass)" if top == 1 else "")
    if not (reason or "").strip():
        problems["reason"] = "Give the reason for this score"
    return problems
