"""The contracts app's models, one module per part of the register's work (ADR 0026)."""
from .payments import ContractPayment
from .register import Contract, ContractFunding, PoolContribution, PooledBudget

__all__ = ["Contract", "ContractFunding", "ContractPayment", "PoolContribution", "PooledBudget"]
