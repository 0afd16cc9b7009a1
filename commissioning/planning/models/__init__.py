from .funding import Area, FundingScenario, IndicatorValue
from .timetables import (
    CommitteeDate,
    Gateway,
    MinimumPeriods,
    Project,
    Task,
    Template,
    TemplateGateway,
    TemplateStage,
    TemplateTask,
)

__all__ = ["Area", "CommitteeDate", "FundingScenario", "Gateway", "IndicatorValue", "MinimumPeriods", "Project",
           "Task", "Template", "TemplateGateway", "TemplateStage", "TemplateTask"]
