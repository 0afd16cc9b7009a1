"""JSON shapes of the register's contracts in the API (read only), in the register's own fields."""
from rest_framework import serializers

from ..models import Contract, ContractFunding


class FundingSerializer(serializers.ModelSerializer):
    funder = serializers.CharField(read_only=True, help_text="The department, integrated care board or pooled budget")

    class Meta:
        model = ContractFunding
        fields = ["kind", "funder", "financial_year", "amount_pence"]


class ContractSerializer(serializers.ModelSerializer):
    directorate = serializers.CharField(source="directorate.name", read_only=True)
    directorate_id = serializers.IntegerField(read_only=True)
    supplier = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True, allow_null=True)
    supplier_number = serializers.CharField(read_only=True,
                                            help_text="Companies House number, else the charity number")
    lead_commissioner = serializers.PrimaryKeyRelatedField(read_only=True)
    lead_commissioner_name = serializers.CharField(source="lead_commissioner.get_full_name", read_only=True)
    approved_list = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    funding = FundingSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id", "reference", "title", "directorate", "directorate_id", "description", "supplier", "supplier_name",
            "supplier_number", "kind", "value_pence", "annual_value_pence", "irrecoverable_vat_pence", "start_date",
            "end_date", "review_date", "procedure", "supplier_is_sme", "supplier_is_vcse", "lead_commissioner",
            "lead_commissioner_name", "terms_version", "status", "approved_list", "funding", "created_at",
            "updated_at",
        ]
