from .consultations import Consultation, ConsultationSettings, ConsultedGroup
from .delivery import Aim, Evidence, Milestone, Recommendation, Review
from .directorates import Directorate, FeedToken
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

__all__ = ["Aim", "Area", "CommitteeDate", "Consultation", "ConsultationSettings", "ConsultedGroup", "Directorate",
           "Evidence", "FeedToken", "FundingScenario", "Gateway", "IndicatorValue", "Milestone", "MinimumPeriods",
           "Project", "Recommendation", "Review", "Task", "Template", "TemplateGateway", "TemplateStage",
           "TemplateTask"]
