"""What paying providers puts under "Waiting for you" on a home page: for a finance officer, weeks to
review and invoice, invoices to approve and payment runs due; for a broker, exception weeks to review;
for a provider user, its invoices in dispute and draft invoices to check, and remittance advice of the
last 7 days. A few COUNT queries each, and every link is one the role may open."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.core.home import WorkItem

from . import selectors
from .choices import InvoiceStatus, WeekReview


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def work_for(user) -> list[WorkItem]:
    """The finance work waiting for this person, by role (and for a provider user, its organisation)."""
    role = getattr(user, "role", None)
    if role == Role.FINANCE_OFFICER:
        weeks = selectors.weeks_ready_to_invoice(user=user).count()
        drafts = selectors.invoices_for(user=user).filter(status=InvoiceStatus.DRAFT).count()
        runs = selectors.runs_due(user=user)
        return [
            WorkItem(f"{_plural(weeks, 'Reconciled week', 'Reconciled weeks')} to review and invoice", weeks,
                     reverse("finance:index")),
            WorkItem(f"{_plural(drafts, 'Invoice', 'Invoices')} to approve", drafts,
                     reverse("finance:invoices") + f"?status={InvoiceStatus.DRAFT}"),
            WorkItem(f"{_plural(runs, 'Payment run', 'Payment runs')} due", runs, reverse("finance:run_create")),
        ]
    if role == Role.BROKER:
        weeks = selectors.weeks_for(user=user).filter(review=WeekReview.WITH_BROKERAGE).count()
        return [WorkItem(f"{_plural(weeks, 'Week', 'Weeks')} over the exception level to review", weeks,
                         reverse("finance:index"))]
    if role == Role.PROVIDER_USER and getattr(user, "provider_id", None):
        invoices = selectors.invoices_for(user=user)
        disputed = invoices.filter(status=InvoiceStatus.DISPUTED).count()
        drafts = invoices.filter(status=InvoiceStatus.DRAFT).count()
        since = timezone.now() - timedelta(days=7)
        remittances = selectors.payment_runs_for(user=user).filter(completed_at__gte=since).count()
        url = reverse("portal:invoices")
        return [
            WorkItem(f"{_plural(disputed, 'Invoice', 'Invoices')} in dispute to follow up", disputed,
                     url + f"?status={InvoiceStatus.DISPUTED}"),
            WorkItem(f"{_plural(drafts, 'Invoice', 'Invoices')} to check before approval", drafts,
                     url + f"?status={InvoiceStatus.DRAFT}"),
            WorkItem("Remittance advice from payments in the last 7 days", remittances, url),
        ]
    return []
