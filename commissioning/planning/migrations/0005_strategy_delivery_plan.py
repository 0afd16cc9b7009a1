"""Seed 003's delivery plan: the Adult Social Care Commissioning Strategy 2024-2027's eight aims
("the key things that we want to achieve by 2027") and its recommendations, in the strategy's own
words, with the milestones its words date; and the directorates the calendar starts with (adults,
children's, public health), Adult Social Care commissioning the four care markets. The strategy
names no aim for each recommendation: the aim each sits under is our reading (ADR 0020)."""
from datetime import date

from django.db import migrations

AIMS = [
    (1, "Contracting", "Review our contracts and underpinning business arrangements and processes to make sure they "
                       "are robust, reasonable, proportionate and fit for purpose."),
    (2, "Compliance", "Be clear on commissioned spend and that all care packages and placements are costed "
                      "effectively to achieve outcomes both when they commence and at agreed scheduled reviews, are "
                      "quality-informed, with a revision of current cost models, appropriate fee categories, and "
                      "underpinning contractual Terms & Conditions for commissioned services."),
    (3, "Direct Payments", "Better understand and be able to report upon Direct Payment spend and activity across "
                           "the full range of care and support available to customers."),
    (4, "Intelligence", "Improve oversight of our local care market based on accurate hard and soft intelligence so "
                        "that we can make more informed strategic and operational decisions."),
    (5, "Accommodation", "Work towards our customers living in appropriate accommodation settings with the right "
                         "support that maximises independence and individual potential. There is scope for "
                         "expansion of accommodation and care provisions within Derby."),
    (6, "Collaboration", "Develop more collaborative approaches to commissioning including through strategic "
                         "partnerships as well as other joint opportunities with partners and providers, such as via "
                         "stronger engagement through the Derby Care Association (DeCA) and within specific, "
                         "targeted workstreams."),
    (7, "Coproduction", "Actively listening to our customers, carers and colleagues and join this feedback with that "
                        "of our providers to help inform, influence and co-produce future service development and "
                        "delivery, to achieve better outcomes for individuals."),
    (8, "Engagement", "Strengthen our approach to communications and interaction with providers in opportunities "
                      "requiring their input, or that they could find advantageous, so that this gives them time to "
                      "proactively consider and respond in line with their own business models and potential for "
                      "diversification if this is required."),
]

# (aim, kind, text, [(milestone, target date or None)])
RECOMMENDATIONS = [
    (5, "Strategic", "Finalise the Younger Adults (18-64yrs) Learning Disability & Autism Accommodation Strategy by "
                     "Autumn 2024, and begin delivering on its recommendations within 2024/25.",
     [("Finalise the Younger Adults (18-64yrs) Learning Disability & Autism Accommodation Strategy",
       date(2024, 11, 30)),
      ("Begin delivering on its recommendations", date(2025, 3, 31))]),
    (4, "Strategic", "Produce a gap analysis across markets for specific assessed needs that are not sufficiently met "
                     "and/ or are provided out-of-city to inform future developments for inclusion in future new or "
                     "'in draft' local strategy/ commissioning plans.", []),
    (2, "Strategic", "Develop an approach to manage high-cost placements that will establish the most cost-effective "
                     "solutions but not compromise individual outcomes and wellbeing.", []),
    (8, "Operational", "There are multiple forthcoming tender opportunities and service improvements within the "
                       "timeframe of this Strategy, in the market areas listed below. These are at different stages "
                       "and Lead Commissioners will be communicating opportunities in a timely manner so that "
                       "providers are able to make informed decisions and plan accordingly.",
     [(name, None) for name in ("Extra Care", "Advocacy", "Home care", "Day Opportunities", "Short Breaks",
                                "Carers Support Service", "Supported Living",
                                "Revised Terms and Conditions for Care Homes")]),
    (2, "Business", "Fee Structures: the aspiration is for all markets to have a single standard rate which will "
                    "cover support to meet an agreed criteria of assessed need and associated support solutions.", []),
]

DIRECTORATES = [("Adult Social Care", ["care_homes", "supported_living", "home_care", "specialist"]),
                ("Children's Services", []), ("Public Health", [])]


def forwards(apps, schema_editor):
    Aim = apps.get_model("planning", "Aim")
    Recommendation = apps.get_model("planning", "Recommendation")
    Milestone = apps.get_model("planning", "Milestone")
    Directorate = apps.get_model("planning", "Directorate")
    for number, title, text in AIMS:
        Aim.objects.get_or_create(number=number, defaults={"title": title, "text": text})
    for number, kind, text, milestones in RECOMMENDATIONS:
        recommendation, made = Recommendation.objects.get_or_create(aim=Aim.objects.get(number=number), text=text,
                                                                   defaults={"kind": kind})
        if made:
            Milestone.objects.bulk_create([Milestone(recommendation=recommendation, title=title, target_date=on)
                                           for title, on in milestones])
    if any(f.name == "markets" for f in Directorate._meta.get_fields()):
        # Run again by the tests on today's models, where the markets are rows of accounts.Market.
        Market = apps.get_model("accounts", "Market")
        for name, markets in DIRECTORATES:
            directorate, made = Directorate.objects.get_or_create(name=name)
            if not directorate.markets.exists() and markets:
                directorate.markets.set(Market.objects.filter(code__in=markets))
        return
    for name, markets in DIRECTORATES:
        directorate, made = Directorate.objects.get_or_create(name=name, defaults={"market_areas": markets})
        if not made and not directorate.market_areas and markets:
            directorate.market_areas = markets
            directorate.save(update_fields=["market_areas"])


class Migration(migrations.Migration):
    dependencies = [("planning", "0004_delivery_plan_directorates_feeds")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
