"""JSON shapes of lists, applications and memberships in the API (read only)."""
from types import SimpleNamespace

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commissioning.core.api_rows import plan_for

from ..models import (
    Application,
    ApprovedList,
    Lot,
    LotDecision,
    Membership,
    ModeratedScore,
    PriceLine,
    ReopeningWindow,
    Score,
)
from ..selectors import visible_scores


class PriceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriceLine
        fields = ["id", "number", "name", "unit", "min_pence", "max_pence", "is_main"]


class LotSerializer(serializers.ModelSerializer):
    service_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    localities = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    price_lines = PriceLineSerializer(many=True, read_only=True)
    reserve_for = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Lot
        fields = ["id", "number", "title", "description", "tier", "member_cap", "service_types", "localities",
                  "price_lines", "estimated_value_pence", "minimum_cqc_rating", "regulated_only", "is_reserve",
                  "reserve_for", "suspended_count_against_cap"]


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReopeningWindow
        fields = ["name", "opens_on", "closes_on"]


class ApprovedListSerializer(serializers.ModelSerializer):
    end_date = serializers.DateField(read_only=True)
    # The market's code, read from the list's own column (no query for the market per list)
    market_area = serializers.CharField(source="market_area_id", read_only=True)
    lots = LotSerializer(many=True, read_only=True)
    windows = WindowSerializer(many=True, read_only=True)

    class Meta:
        model = ApprovedList
        fields = [
            "id", "reference", "name", "kind", "market_area", "status", "description", "start_date", "term_months",
            "end_date", "estimated_value_pence", "admission_mode", "max_lots_per_provider", "pass_mark",
            "score_scale_max", "quality_weight", "lots", "windows", "created_at", "updated_at",
        ]


class ListReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApprovedList
        fields = ["id", "reference", "name"]


class DecisionSerializer(serializers.ModelSerializer):
    lot = serializers.IntegerField(source="lot.number", read_only=True)

    class Meta:
        model = LotDecision
        fields = ["lot", "outcome", "reasons", "decided_at"]


class ScoreSerializer(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question.number", read_only=True)
    evaluator = serializers.IntegerField(source="evaluator_id", read_only=True)
    evaluator_name = serializers.CharField(source="evaluator.get_full_name", read_only=True)

    class Meta:
        model = Score
        fields = ["question", "evaluator", "evaluator_name", "score", "reason", "at"]


class ModeratedScoreSerializer(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question.number", read_only=True)

    class Meta:
        model = ModeratedScore
        fields = ["question", "score", "reason", "at"]


class EvaluationSerializer(serializers.Serializer):
    """The council's evaluation of an application; never shown to a provider user."""

    weighted_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    passed_conditions = serializers.BooleanField(allow_null=True)
    extension_reason = serializers.CharField()
    scores = ScoreSerializer(many=True)
    moderated_scores = ModeratedScoreSerializer(many=True)


class ApplicationSerializer(serializers.ModelSerializer):
    """An application, its lots and decisions; `evaluation` is null for a provider user."""

    approved_list = ListReferenceSerializer(read_only=True)
    provider = serializers.IntegerField(source="provider_id", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    lots = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    evaluation = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "approved_list", "provider", "provider_name", "status", "lots", "submitted_at", "decision_due",
                  "decided_at", "decisions", "evaluation", "created_at", "updated_at"]

    @extend_schema_field(EvaluationSerializer(allow_null=True))
    def get_evaluation(self, application):
        user = self.context["request"].user
        if not user.is_council_staff:
            return None
        evaluation = SimpleNamespace(
            weighted_score=application.weighted_score,
            passed_conditions=application.passed_conditions,
            extension_reason=application.extension_reason,
            scores=visible_scores(user=user, application=application),
            moderated_scores=application.moderated_scores.all(),
        )
        plan = plan_for(EvaluationSerializer)  # its fields made once, not for every application
        return plan.row(evaluation) if plan else EvaluationSerializer(evaluation).data


class MembershipSerializer(serializers.ModelSerializer):
    approved_list = ListReferenceSerializer(source="lot.approved_list", read_only=True)
    lot = serializers.IntegerField(source="lot_id", read_only=True)
    lot_number = serializers.IntegerField(source="lot.number", read_only=True)
    lot_title = serializers.CharField(source="lot.title", read_only=True)
    provider = serializers.IntegerField(source="provider_id", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    application = serializers.IntegerField(source="application_id", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "approved_list", "lot", "lot_number", "lot_title", "provider", "provider_name", "application",
                  "admitted_on", "status", "suspended_until", "status_reason", "insurance_expires_on",
                  "needs_reverification", "reverification_reason", "created_at", "updated_at"]
