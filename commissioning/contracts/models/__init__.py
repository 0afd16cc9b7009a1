"""The contracts app's models, one module per part of the register's work (ADR 0026)."""
from .changes import (
    ContractStatusEvent,
    DecommissionPlan,
    DecommissionStep,
    NewArrangement,
    Variation,
    VariationStatusEvent,
)
from .payments import ContractPayment
from .register import Contract, ContractFunding, PoolContribution, PooledBudget

__all__ = ["Contract", "ContractFunding", "ContractPayment", "ContractStatusEvent", "DecommissionPlan",
           "DecommissionStep", "NewArrangement", "PoolContribution", "PooledBudget", "Variation",
           "VariationStatusEvent"]
