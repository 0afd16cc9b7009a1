"""Choices of planning, each knowing its GOV.UK tag colour."""
from commissioning.core.choices import ColouredChoices, tag_colours


@tag_colours(GREEN="green", AMBER="yellow", RED="red")
class Rag(ColouredChoices):
    """A gateway's Red/Amber/Green rating (seed 003)."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


@tag_colours(DONE="green", LATE="red", DUE="blue")
class TaskState(ColouredChoices):
    """Where a timetable task stands today: done (an actual date), late (target passed), or due."""

    DUE = "due", "Due"
    LATE = "late", "Late"
    DONE = "done", "Done"


class Committee(ColouredChoices):
    """The council meetings a procurement's decisions go to."""

    CABINET = "cabinet", "Cabinet"
    SCRUTINY = "scrutiny", "Scrutiny board"
    PROJECT_BOARD = "project_board", "Project board"


class Period(ColouredChoices):
    """Minimum periods a task lasts, set on the configuration page rather than in code."""

    TENDER = "tender", "Tender period"
    EVALUATION = "evaluation", "Evaluation"
    STANDSTILL = "standstill", "Standstill"
    MOBILISATION = "mobilisation", "Mobilisation"


class Method(ColouredChoices):
    """How a consultation asks people."""

    SURVEY = "survey", "Survey"
    EVENT = "event", "Event or workshop"
    FOCUS_GROUP = "focus_group", "Focus group"
    PROVIDER_FORUM = "provider_forum", "Provider forum"
    INTERVIEWS = "interviews", "Interviews"
