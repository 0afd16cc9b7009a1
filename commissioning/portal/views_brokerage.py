"""Portal pages where a provider sees care requirements sent to it (anonymised: the postcode
district only, never a name or date of birth), makes offers, and answers agreements."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import selectors, services
from commissioning.brokerage.choices import AgreementStatus, CompetitionStatus
from commissioning.brokerage.forms import DeclineForm, InviteDeclineForm, OfferForm
from commissioning.brokerage.transitions import TransitionNotAllowed
from commissioning.brokerage.views import agreements_csv
from commissioning.core.errors import form_errors_from
from commissioning.core.money import pence_to_pounds, pounds_to_pence
from commissioning.core.permissions import allow_roles


@allow_roles(Role.PROVIDER_USER)
def competition_list(request):
    """Opportunities sent to the provider: those still to answer first."""
    competitions = selectors.competition_scope(user=request.user).order_by("-opened_at")
    offers = {o.competition_id: o for o in selectors.offer_scope(user=request.user)}
    invites = {i.competition_id: i for i in selectors.own_invites(user=request.user)}
    return render(request, "portal/competition_list.html", {
        "rows": [(c, offers.get(c.pk), invites.get(c.pk)) for c in competitions[:200]], "now": timezone.now()})


@allow_roles(Role.PROVIDER_USER)
def competition(request, pk):
    """One opportunity: the requirement (anonymised), the outcome questions to answer, the lot's
    price limits; offer, revise, withdraw, or decline with a reason."""
    competition = get_object_or_404(selectors.competition_scope(user=request.user), pk=pk)
    offer = selectors.offer_scope(user=request.user).filter(competition=competition).first()
    invite = selectors.own_invites(user=request.user).filter(competition=competition).first()
    is_open = competition.status == CompetitionStatus.OPEN and timezone.now() < competition.closes_at
    questions = list(selectors.competition_questions(user=request.user, competition=competition))
    initial = {}
    if offer:
        initial = {"rate": pence_to_pounds(offer.rate_pence), "start_date": offer.start_date,
                   "outcome_answers": offer.outcome_answers}
        initial.update({f"answer_{a.question_id}": a.text for a in selectors.offer_answers(user=request.user,
                                                                                          offer=offer)})
    action = request.POST.get("action", "offer")
    posted = request.POST if request.method == "POST" and action == "offer" else None
    form = OfferForm(posted, initial=initial, questions=questions) if is_open else None
    decline_form = InviteDeclineForm(request.POST if action == "decline" else None) if is_open else None
    if request.method == "POST" and is_open:
        if action == "withdraw" and offer:
            try:
                services.offer_withdraw(offer=offer, by=request.user)
            except (ValidationError, TransitionNotAllowed) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(request, "Your offer is withdrawn")
            return redirect("portal:competition", pk=pk)
        if action == "decline" and decline_form.is_valid():
            try:
                services.invite_decline(competition=competition, by=request.user,
                                        reason=decline_form.cleaned_data["reason"])
            except ValidationError as error:
                form_errors_from(decline_form, error)
            else:
                messages.success(request, "You have told the council you are not offering")
                return redirect("portal:competition", pk=pk)
        if action == "offer" and form.is_valid():
            try:
                services.offer_submit(competition=competition, by=request.user,
                                      rate_pence=pounds_to_pence(form.cleaned_data["rate"]),
                                      start_date=form.cleaned_data["start_date"],
                                      outcome_answers=form.cleaned_data.get("outcome_answers", ""),
                                      answers=form.answers() if questions else None)
            except TransitionNotAllowed as error:
                form_errors_from(form, ValidationError(str(error)))
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, "Your offer is submitted. You can change it until offers close")
                return redirect("portal:competition", pk=pk)
    total = selectors.competition_offer_count(competition=competition) if not is_open else None
    return render(request, "portal/competition.html", {
        "competition": competition, "care": competition.request, "offer": offer, "form": form,
        "decline_form": decline_form, "invite": invite, "questions": questions,
        "limits": selectors.price_limits_shown(competition), "errors_forms": [f for f in (form, decline_form) if f],
        "revisions": selectors.offer_revisions(user=request.user, offers=[offer]).get(offer.pk, []) if offer else [],
        "is_open": is_open, "total": total, "decided": competition.status in (
            CompetitionStatus.AWARDED, CompetitionStatus.NO_AWARD)})


@allow_roles(Role.PROVIDER_USER)
def agreement_list(request):
    """The provider's agreements, filtered by status; the same filter gives the CSV download."""
    status = request.GET.get("status", "")
    agreements = selectors.agreement_rows(user=request.user, status=status)
    if request.GET.get("format") == "csv":
        return agreements_csv(request, agreements, filters={"status": status}, sees_person=True)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(request, "portal/agreement_list.html", {
        "agreements": agreements[:200], "status": status, "statuses": AgreementStatus.choices,
        "csv_query": query.urlencode()})


@allow_roles(Role.PROVIDER_USER)
def agreement(request, pk):
    agreement = get_object_or_404(selectors.agreement_scope(user=request.user), pk=pk)
    form = DeclineForm(request.POST or None) if request.POST.get("action") == "decline" else DeclineForm()
    if request.method == "POST" and agreement.status == AgreementStatus.OFFERED:
        accept = request.POST.get("action") == "accept"
        if accept or form.is_valid():
            try:
                services.agreement_respond(agreement=agreement, by=request.user, accept=accept,
                                           reason="" if accept else form.cleaned_data["reason"])
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"{agreement.reference} {'accepted' if accept else 'declined'}")
                return redirect("portal:agreement", pk=pk)
    return render(request, "portal/agreement.html", {
        "agreement": agreement, "form": form, "can_answer": agreement.status == AgreementStatus.OFFERED})
