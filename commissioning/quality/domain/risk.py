"""The order of the audit programme: riskiest service first. A pure score from what the council
knows; each part and its weight is stated so an officer can see why a service is high."""
from dataclasses import dataclass
from datetime import date

CQC_RISK = {"inadequate": 40, "requires_improvement": 25, "not_yet_rated": 15, "": 15, "good": 5,
            "outstanding": 0}
COUNCIL_RISK = {"red": 30, "amber": 15, "green": 0, "": 10}


@dataclass(frozen=True)
class RiskFacts:
    cqc_rating: str
    cqc_rating_date: date | None
    council_rag: str
    open_concerns: int
    safeguardings_last_year: int
    last_audit: date | None


def risk_score(facts: RiskFacts, today: date) -> tuple[int, list[str]]:
    """A score (higher is riskier) and the reasons behind it."""
    reasons = []
    score = CQC_RISK.get(facts.cqc_rating, 15)
    if score:
        reasons.append(f"CQC {facts.cqc_rating.replace('_', ' ') or 'unrated'} (+{score})")
    if facts.cqc_rating_date and (today - facts.cqc_rating_date).days > 2 * 365:
        score += 10
        reasons.append("CQC rating over 2 years old (+10)")
    council = COUNCIL_RISK.get(facts.council_rag, 10)
    if council:
        score += council
        reasons.append(f"council RAG {facts.council_rag or 'none yet'} (+{council})")
    if facts.open_concerns:
        score += 20 * facts.open_concerns
        reasons.append(f"{facts.open_concerns} open concern case(s) (+{20 * facts.open_concerns})")
    if facts.safeguardings_last_year:
        extra = min(5 * facts.safeguardings_last_year, 25)
        score += extra
        reasons.append(f"{facts.safeguardings_last_year} safeguarding(s) in the last year (+{extra})")
    if facts.last_audit is None:
        score += 20
        reasons.append("never audited (+20)")
    else:
        months = (today - facts.last_audit).days // 30
        if months >= 12:
            extra = min(months - 11, 20)
            score += extra
            reasons.append(f"last audited {months} months ago (+{extra})")
    return score, reasons
