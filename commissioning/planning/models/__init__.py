from .consultations import Consultation, ConsultationSettings, ConsultedGroup
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

__all__ = ["Area", "CommitteeDate", "Consultation", "ConsultationSettings", "ConsultedGroup", "FundingScenario",
           "Gateway", "IndicatorValue", "MinimumPeriods", "Project", "Task", "Template", "TemplateGateway",
           "TemplateStage", "TemplateTask"]
