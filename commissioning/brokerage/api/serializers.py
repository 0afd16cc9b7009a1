"""What the brokerage API shows. Nothing here carries a person's name, date of birth or full
postcode: the person is a reference and the area a postcode district."""
from rest_framework import serializers

from ..models import Agreement, CareRequest, Competition, Offer


class CareRequestSerializer(serializers.ModelSerializer):
    """A request as council systems read it (council staff only)."""

    reference = serializers.CharField(read_only=True)
    person = serializers.CharField(source="person.reference")
    service_type = serializers.CharField(source="service_type.code")
    locality = serializers.CharField(source="locality.name")
    postcode_district = serializers.CharField()
    weekly_hours = serializers.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        model = CareRequest
        fields = ["id", "reference", "person", "status", "urgency", "lot", "service_type", "weekly_hours",
                  "visits_per_day", "minutes_per_visit", "days_per_week", "postcode_district", "locality",
                  "start_date", "budget_pence", "unmet_reason", "waiting_since", "sourced_at", "created_at"]


class CompetitionSerializer(serializers.ModelSerializer):
    """A care requirement as providers see it: anonymised."""

    reference = serializers.CharField(read_only=True)
    service_type = serializers.CharField(source="request.service_type.code")
    postcode_district = serializers.CharField(source="request.postcode_district")
    locality = serializers.CharField(source="request.locality.name")
    weekly_hours = serializers.DecimalField(source="request.weekly_hours", max_digits=6, decimal_places=2)
    visits_per_day = serializers.IntegerField(source="request.visits_per_day")
    minutes_per_visit = serializers.IntegerField(source="request.minutes_per_visit")
    days_per_week = serializers.IntegerField(source="request.days_per_week")
    wanted_start = serializers.DateField(source="request.start_date")
    urgency = serializers.CharField(source="request.urgency")
    needs = serializers.CharField(source="request.needs")
    outcomes = serializers.CharField(source="request.outcomes")

    class Meta:
        model = Competition
        fields = ["id", "reference", "lot", "status", "opened_at", "closes_at", "quality_weight", "service_type",
                  "postcode_district", "locality", "weekly_hours", "visits_per_day", "minutes_per_visit",
                  "days_per_week", "wanted_start", "urgency", "needs", "outcomes"]


class OfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = ["id", "competition", "provider", "rate_pence", "weekly_cost_pence", "start_date",
                  "outcome_answers", "submitted_at", "status", "quality_points", "price_points", "total_points",
                  "rank"]


class AgreementSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    person = serializers.CharField(source="person.reference")

    class Meta:
        model = Agreement
        fields = ["id", "reference", "person", "provider", "service", "lot", "route", "award_reason", "rate_pence",
                  "counts_beds", "hours_per_week", "visits_per_day", "minutes_per_visit", "days_per_week",
                  "start_date", "weekly_cost_pence", "status", "responded_at", "decline_reason", "created_at"]


class OfferInput(serializers.Serializer):
    rate_pence = serializers.IntegerField(min_value=1)
    start_date = serializers.DateField()
    answers = serializers.DictField(child=serializers.CharField(), required=False,
                                    help_text="The answer to each outcome question, by the question's id")
    outcome_answers = serializers.CharField(required=False, default="",
                                            help_text="The answer when the competition asks a single question")


class DeclineInput(serializers.Serializer):
    reason = serializers.CharField()
