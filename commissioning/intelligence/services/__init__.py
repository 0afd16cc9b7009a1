"""Writes of market intelligence, one module per aggregate."""
from .benchmarks import (
    benchmark_import_execute,
    benchmark_import_job,
    benchmark_import_stage,
    benchmark_import_start,
    comparator_group_save,
)
from .figures import compute_figures, figures_refresh, figures_refresh_start
from .scrutiny import saving_record, staffing_line_add
from .statement import statement_draft_save, statement_publish
from .vacancies import vacancy_return_submit

__all__ = [
    "benchmark_import_execute", "benchmark_import_job", "benchmark_import_stage", "benchmark_import_start",
    "comparator_group_save", "compute_figures", "figures_refresh", "figures_refresh_start", "vacancy_return_submit",
    "saving_record", "staffing_line_add", "statement_draft_save", "statement_publish",
]
