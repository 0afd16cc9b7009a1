"""The contracts app's models, one module per part of the register's work (ADR 0026)."""
from .changes import (
    ContractStatusEvent,
    DecommissionPlan,
    DecommissionStep,
    NewArrangement,
    Variation,
    VariationStatusEvent,
)
from .management import Breach, ContractMeeting, KpiDefinition, KpiReturn, MeetingAction
from .payments import ContractPayment
from .register import Contract, ContractFunding, PoolContribution, PooledBudget

__all__ = ["Breach", "Contract", "ContractFunding", "ContractMeeting", "ContractPayment", "ContractStatusEvent",
           "DecommissionPlan", "DecommissionStep", "KpiDefinition", "KpiReturn", "MeetingAction", "NewArrangement",
           "PoolContribution", "PooledBudget", "Variation", "VariationStatusEvent"]
