"""A real Approved Provider List round through the services, for tests: open, apply, moderate, decide."""
from datetime import date

from commissioning.procurement import selectors, services
from commissioning.procurement.models import Application
from commissioning.providers.tests.factories import ServiceFactory

from .factories import ApprovedListFactory, LotFactory, standard_questions

FUTURE = date(2030, 1, 1)


def opened_list(by, lots=3, limits=(1800, 3000), **fields):
    """A list set up as a draft with lots (each a main hourly rate within `limits`, in pence) and the
    standard questions, then opened by `by`."""
    approved_list = ApprovedListFactory(**fields)
    for number in range(1, lots + 1):
        LotFactory(approved_list=approved_list, number=number, title=f"Lot {number}", main_price=limits)
    standard_questions(approved_list)
    return services.list_transition(approved_list=approved_list, event="open", by=by)


def complete(application, user, lots, insurance=FUTURE, price=2250):
    """Answer every question of the application's list, choose `lots` and tender `price` on each of their lines."""
    questions = list(application.approved_list.questions.order_by("number"))
    answers = {q.pk: {"response": f"Answer {q.number}"} for q in questions}
    answers[questions[1].pk]["evidence_expires_on"] = insurance
    prices = {line.pk: price for lot in lots for line in lot.price_lines.all()}
    return services.application_save_draft(application=application, by=user, lots=lots, answers=answers,
                                           prices=prices)


def submitted(approved_list, provider_user, lots=None, insurance=FUTURE, price=2250):
    """The provider user's complete application, submitted; its provider runs a service rated Good."""
    ServiceFactory(provider=provider_user.provider, cqc_rating="good")
    application = services.application_start(approved_list=approved_list, provider=provider_user.provider,
                                             by=provider_user)
    complete(application, provider_user, lots or list(approved_list.lots.all()[:2]), insurance, price)
    return services.application_submit(application=application, by=provider_user)


def moderated(application, moderator, scores=(4, 4), safeguarding=1):
    """The moderator agrees the evaluator-scored questions of the standard set."""
    questions = {q.number: q for q in selectors.questions_for_evaluators(application.approved_list)}
    agreed = {questions[3].pk: (safeguarding, "Policy seen"), questions[4].pk: (scores[0], "Strong"),
              questions[5].pk: (scores[1], "Good")}
    return services.scores_moderate(application=application, moderator=moderator, agreed=agreed)


def decided(approved_list, provider_user, moderator, admit, reject=()) -> Application:
    """The provider applies to the lots numbered in `admit` and `reject`, and is admitted to the first."""
    lots = {lot.number: lot for lot in approved_list.lots.all()}
    application = moderated(submitted(approved_list, provider_user, lots=[lots[n] for n in (*admit, *reject)]),
                            moderator)
    outcomes = {lots[n].pk: ("admit", "Meets every condition") for n in admit}
    outcomes |= {lots[n].pk: ("reject", "No service in this lot's area") for n in reject}
    return services.application_decide(application=application, by=moderator, outcomes=outcomes)
