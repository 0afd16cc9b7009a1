"""JSON shapes of providers and services in the API."""
from rest_framework import serializers

from .. import selectors
from ..models import Provider, Service
from ..validators import normalise_postcode


class ScopedProviderField(serializers.PrimaryKeyRelatedField):
    """A provider chosen by id from those the requesting user may see."""

    def get_queryset(self):
        return selectors.provider_scope(user=getattr(self.context.get("request"), "user", None))


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = [
            "id", "name", "legal_name", "companies_house_number", "cqc_provider_id", "status",
            "contact_name", "contact_email", "contact_phone", "website", "address", "created_at", "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class ServiceSerializer(serializers.ModelSerializer):
    provider = ScopedProviderField()
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    service_types = serializers.SlugRelatedField(slug_field="code", many=True, queryset=selectors.service_types())
    specialisms = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=selectors.specialisms(), required=False
    )
    client_groups = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=selectors.client_groups(), required=False
    )
    locality = serializers.SlugRelatedField(
        slug_field="name", queryset=selectors.localities(), required=False, allow_null=True
    )

    class Meta:
        model = Service
        fields = [
            "id", "provider", "provider_name", "name", "cqc_location_id", "status", "address_line_1",
            "address_line_2", "town", "postcode", "latitude", "longitude", "locality", "service_types",
            "specialisms", "client_groups", "beds", "hours_per_week", "cqc_rating", "cqc_rating_date",
            "telephone", "website", "created_at", "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        """A retired service type, specialism, client group or locality is refused for a new service, and
        for one that does not have it already."""
        service = self.instance
        problems = {}
        for name in ("service_types", "specialisms", "client_groups"):
            kept = set(getattr(service, name).values_list("pk", flat=True)) if service else set()
            retired = [item.name for item in attrs.get(name, []) if item.retired and item.pk not in kept]
            if retired:
                problems[name] = f"{', '.join(retired)} {'is' if len(retired) == 1 else 'are'} retired"
        locality = attrs.get("locality")
        if locality is not None and locality.retired and (service is None or service.locality_id != locality.pk):
            problems["locality"] = f"{locality} is retired"
        if problems:
            raise serializers.ValidationError(problems)
        return super().validate(attrs)

    def validate_postcode(self, value):
        normal = normalise_postcode(value)
        if not normal:
            raise serializers.ValidationError("Enter a real postcode, like DE1 2FS")
        return normal
