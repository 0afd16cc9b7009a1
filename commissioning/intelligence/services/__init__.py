"""Writes of market intelligence, one module per aggregate."""
from .benchmarks import (
    benchmark_import_execute,
    benchmark_import_job,
    benchmark_import_stage,
    benchmark_import_start,
    comparator_group_save,
)

__all__ = ["benchmark_import_execute", "benchmark_import_job", "benchmark_import_stage", "benchmark_import_start",
           "comparator_group_save"]
