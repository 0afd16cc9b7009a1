"""Seed 002's procurement timetable (Leeds, Neighbourhood Networks review, project 4092, v10) as a
template: its 36 tasks in order with their owners, in its four stages. The seed gives target
months, not durations; the working days here are the gaps its dates imply, and the tender,
evaluation, standstill and mobilisation tasks take the configured minimum periods."""
from django.db import migrations

NAME = "Open procedure re-tender (Neighbourhood Networks, project 4092)"
STAGES = ["Pre Procurement Stage", "Shortlisting / Tender stage", "Contract award and lead in",
          "Review of Procurement Process"]
# (number, stage, activity, responsibility, working days, period, committee, follows)
TASKS = [
    (1, 0, "Project Scoping", "Project team", 10, "", "", []),
    (2, 0, "Identification of funding agreements", "Project team", 10, "", "", [1]),
    (3, 0, "Draft PID / Project timetable", "Project Manager", 10, "", "", [1]),
    (4, 0, "Promote consultation day events", "Project manager", 10, "", "", [3]),
    (5, 0, "Consult Stakeholders through consultation / communication events (5 or 6) held geographically in "
           "Leeds", "Project team (inc Supporting people / PCT)", 30, "", "", [4]),
    (6, 0, "Analysis of Neighbourhood Networks self assessment forms", "Project leader to coordinate", 20, "", "",
     [5]),
    (7, 0, "Baseline assessment of all funding agreements / contracts", "Project team", 20, "", "", [2]),
    (8, 0, "Decision if contracts or grants or combination of both", "Project manager / Project Board", 5, "", "",
     [6, 7]),
    (9, 0, "Draft Project Brief to Project Board", "Project Manager", 5, "", "", [8]),
    (10, 0, "Seek legal advise as to TUPE applying to funding agreements", "Project manager/PU", 10, "", "", [7]),
    (11, 0, "Hold Options Appraisal workshop", "Project team", 1, "", "", [9, 10]),
    (12, 0, "Risk analysis", "Project team", 5, "", "", [11]),
    (13, 0, "Decision re Service Mapping / Funding Formulae", "Project team", 10, "", "", [12]),
    (14, 0, "Identify Service Packaging", "Project team / Project Board", 10, "", "", [12]),
    (15, 0, "Agree tendering strategy", "Project team / project Board", 5, "", "", [13, 14]),
    (16, 0, "Neighbourhood network information awareness sessions", "Project team", 10, "", "", [15]),
    (17, 0, "Soft Market testing", "Project Team", 15, "", "", [15]),
    (18, 1, "** Project brief to be prepared – Incorporate into the Pre-Qualification Questionnaire (PQQ)",
     "Project Manager", 5, "", "", [15]),
    (19, 1, "** Create technical questions for PQQ", "Project team", 5, "", "", [18]),
    (20, 1, "** Drafting, consulting and finalising the outcome based specification", "Project Manager", 20, "", "",
     [17]),
    (21, 1, "Draft evaluation criteria", "Project team", 5, "", "", [20]),
    (22, 1, "Identify evaluation team", "Project team", 5, "", "", [15]),
    (23, 1, "Terms & Conditions applicable to Contracts", "PU Legal team", 10, "", "", [15]),
    (24, 1, "Advertise (YP / SCMS / VAL etc)", "Project team / PU", 1, "", "", [16, 19, 21, 22, 23]),
    (25, 1, "Period for submission of applications", "", 0, "tender", "", [24]),
    (26, 1, "Period of city-wide consultations with Elected members", "Project Team", 20, "", "", [24]),
    (27, 1, "Place on Forward Plan", "Project Manager", 20, "", "", [24]),
    (28, 1, "Disseminate submissions for evaluation", "Project team", 2, "", "", [25]),
    (29, 1, "Evaluation of application proposals / method statements", "Project team / Evaluation team", 0,
     "evaluation", "", [28]),
    (30, 1, "Select organisations for awards", "Project team / Evaluation team", 5, "", "", [29]),
    (31, 1, "Project Board ratify decision for awards", "Project Board", 5, "", "", [30, 26]),
    (32, 2, "Delegated decision process for all awards – Key Decision (also to the PCT Board)", "Project Manager",
     0, "", "cabinet", [31, 27]),
    (33, 2, "Award Contracts", "Adult Social Care contracts team – contracts drafted by PU legal team", 0,
     "standstill", "", [32]),
    (34, 2, "TUPE lead in period if TUPE was to apply", "", 60, "", "", [33]),
    (35, 2, "Lead-in period / mobilisation period", "", 0, "mobilisation", "", [34]),
    (36, 2, "Start date for Contract", "", 0, "", "", [35]),
]
GATEWAYS = [("Tendering strategy signed off by the Project Board", 15),
            ("Awards ratified by the Project Board", 31),
            ("Review of the procurement process (Adult Commissioning Board)", 36)]


def forwards(apps, schema_editor):
    Template = apps.get_model("planning", "Template")
    Stage = apps.get_model("planning", "TemplateStage")
    Task = apps.get_model("planning", "TemplateTask")
    Gateway = apps.get_model("planning", "TemplateGateway")
    template = Template.objects.create(name=NAME, basis="Open procedure process for Annexe 1B service; timetable "
                                                        "accounts for the full potential of TUPE transfer of staff")
    stages = [Stage.objects.create(template=template, order=n, name=name) for n, name in enumerate(STAGES, start=1)]
    for number, stage, activity, who, days, period, committee, after in TASKS:
        Task.objects.create(stage=stages[stage], number=number, activity=activity, responsibility=who,
                            working_days=days, period=period, committee=committee, after=after)
    for name, after in GATEWAYS:
        Gateway.objects.create(template=template, name=name, after_task=after)


def backwards(apps, schema_editor):
    apps.get_model("planning", "Template").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
