"""API endpoints for each step of the list workflow, one operation each.

They call the same services as the pages: a move the transition table does not allow answers
409 Conflict, invalid input 400 with field errors, and scoping hides other organisations' records
(404).
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from commissioning.accounts.roles import Role
from commissioning.core.api import ActionView, StatusSerializer
from commissioning.core.audit import Source

from .. import rules, selectors, services


class _EventInput(serializers.Serializer):
    event = serializers.ChoiceField(choices=["open", "pause", "reopen", "close"])


def _application(request, pk):
    """An application in the user's scope: the council's submitted ones, a provider's own; else 404."""
    return get_object_or_404(selectors.application_scope(user=request.user), pk=pk)


class ListEventView(ActionView):
    allowed_roles = rules.MANAGE_LISTS

    @extend_schema(request=_EventInput, responses={200: StatusSerializer},
                   summary="Open, pause, reopen or close a list")
    def post(self, request, pk):
        approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=pk)
        event = self.valid(_EventInput)["event"]
        return self.run(lambda: services.list_transition(approved_list=approved_list, event=event, by=request.user,
                                                                 source=Source.API))


class _StartInput(serializers.Serializer):
    list = serializers.IntegerField()


class _AnswerInput(serializers.Serializer):
    question = serializers.IntegerField()
    response = serializers.CharField(allow_blank=True)
    evidence_expires_on = serializers.DateField(required=False, allow_null=True)


class _PriceInput(serializers.Serializer):
    price_line = serializers.IntegerField()
    pence = serializers.IntegerField(min_value=1, max_value=10_000_000, allow_null=True,
                                     help_text="The tendered price in pence, for example 2250 for £22.50")


class _DraftInput(serializers.Serializer):
    lots = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    answers = _AnswerInput(many=True)
    prices = _PriceInput(many=True, required=False, help_text="One price per price line of each lot chosen")


class _ScoreInput(serializers.Serializer):
    question = serializers.IntegerField()
    score = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class _ScoresInput(serializers.Serializer):
    scores = _ScoreInput(many=True)


class _LotDecisionInput(serializers.Serializer):
    lot = serializers.IntegerField()
    outcome = serializers.CharField()
    reasons = serializers.CharField(allow_blank=True)


class _DecisionInput(serializers.Serializer):
    lots = _LotDecisionInput(many=True)


class _MembershipEventInput(serializers.Serializer):
    event = serializers.ChoiceField(choices=["suspend", "reinstate", "remove"])
    reason = serializers.CharField(allow_blank=True)
    until = serializers.DateField(required=False, allow_null=True)


class ApplicationStartView(ActionView):
    allowed_roles = frozenset({Role.PROVIDER_USER})

    @extend_schema(request=_StartInput, responses={201: StatusSerializer}, summary="Start a draft application")
    def post(self, request):
        approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=self.valid(_StartInput)["list"])
        return self.run(lambda: services.application_start(
            approved_list=approved_list, provider=request.user.provider, by=request.user), status.HTTP_201_CREATED)


class ApplicationDraftView(ActionView):
    allowed_roles = frozenset({Role.PROVIDER_USER})

    @extend_schema(request=_DraftInput, responses={200: StatusSerializer}, summary="Save lots and answers of a draft")
    def put(self, request, pk):
        application = _application(request, pk)
        data = self.valid(_DraftInput)
        lots = list(application.approved_list.lots.filter(pk__in=data["lots"]))
        if len(lots) != len(set(data["lots"])):
            return Response({"lots": ["Choose lots of this list only"]}, status=status.HTTP_400_BAD_REQUEST)
        answers = {a["question"]: {k: v for k, v in a.items() if k != "question"} for a in data["answers"]}
        prices = {p["price_line"]: p["pence"] for p in data.get("prices", [])}
        return self.run(lambda: services.application_save_draft(application=application, by=request.user, lots=lots,
                                                                answers=answers, prices=prices))


class ApplicationSubmitView(ActionView):
    allowed_roles = frozenset({Role.PROVIDER_USER})

    @extend_schema(request=None, responses={200: StatusSerializer}, summary="Submit a draft application")
    def post(self, request, pk):
        application = _application(request, pk)
        return self.run(lambda: services.application_submit(application=application, by=request.user,
                                                                  source=Source.API))


class ApplicationScoresView(ActionView):
    allowed_roles = rules.EVALUATE

    @extend_schema(request=_ScoresInput, responses={200: StatusSerializer}, summary="Record your own scores")
    def post(self, request, pk):
        application = _application(request, pk)
        rows = self.valid(_ScoresInput)["scores"]
        questions = {q.pk: q for q in application.approved_list.questions.all()}

        def record():
            for row in rows:
                if row["question"] not in questions:
                    raise DjangoValidationError({"question": "Score questions of this application's list only"})
                services.score_record(application=application, question=questions[row["question"]],
                                      evaluator=request.user, score=row["score"], reason=row["reason"])
            application.refresh_from_db()
            return application

        return self.run(record)


class ApplicationModerationView(ActionView):
    allowed_roles = rules.MODERATE

    @extend_schema(request=_ScoresInput, responses={200: StatusSerializer}, summary="Agree the final scores")
    def post(self, request, pk):
        application = _application(request, pk)
        agreed = {row["question"]: (row["score"], row["reason"]) for row in self.valid(_ScoresInput)["scores"]}
        return self.run(lambda: services.scores_moderate(application=application, moderator=request.user,
                                                         agreed=agreed, source=Source.API))


class ApplicationDecisionView(ActionView):
    allowed_roles = rules.MODERATE

    @extend_schema(request=_DecisionInput, responses={200: StatusSerializer}, summary="Admit or reject, per lot")
    def post(self, request, pk):
        application = _application(request, pk)
        outcomes = {row["lot"]: (row["outcome"], row["reasons"]) for row in self.valid(_DecisionInput)["lots"]}
        return self.run(lambda: services.application_decide(application=application, by=request.user,
                                                            outcomes=outcomes, source=Source.API))


class MembershipEventView(ActionView):
    allowed_roles = rules.MANAGE_MEMBERS

    @extend_schema(request=_MembershipEventInput, responses={200: StatusSerializer},
                   summary="Suspend, reinstate or remove a member")
    def post(self, request, pk):
        membership = get_object_or_404(selectors.membership_scope(user=request.user), pk=pk)
        data = self.valid(_MembershipEventInput)
        return self.run(lambda: services.membership_transition(
            membership=membership, event=data["event"], by=request.user, reason=data["reason"],
            until=data.get("until"), source=Source.API))

