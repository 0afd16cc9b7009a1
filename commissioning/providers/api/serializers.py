"""JSON shapes of providers and services in the API."""
from rest_framework import serializers

from ..models import ClientGroup, Locality, Provider, Service, ServiceType, Specialism
from ..validators import normalise_postcode


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = [
            "id", "name", "legal_name", "companies_house_number", "cqc_provider_id", "status",
            "contact_name", "contact_email", "contact_phone", "website", "address", "created_at", "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class ServiceSerializer(serializers.ModelSerializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all())
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    service_types = serializers.SlugRelatedField(slug_field="code", many=True, queryset=ServiceType.objects.all())
    specialisms = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Specialism.objects.all(), required=False
    )
    client_groups = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ClientGroup.objects.all(), required=False
    )
    locality = serializers.SlugRelatedField(
        slug_field="name", queryset=Locality.objects.all(), required=False, allow_null=True
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

    def validate_postcode(self, value):
        normal = normalise_postcode(value)
        if not normal:
            raise serializers.ValidationError("Enter a real postcode, like DE1 2FS")
        return normal
