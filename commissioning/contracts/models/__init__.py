"""The contracts app's models, one module per part of the register's work (ADR 0026)."""
from .management import Breach, ContractMeeting, KpiDefinition, KpiReturn, MeetingAction
from .register import Contract, ContractFunding, PoolContribution, PooledBudget

__all__ = ["Breach", "Contract", "ContractFunding", "ContractMeeting", "KpiDefinition", "KpiReturn",
           "MeetingAction", "PoolContribution", "PooledBudget"]
