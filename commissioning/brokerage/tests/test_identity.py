"""The identity check on the free text a provider reads, as pure functions (no database): every
probe that once slipped through is refused with what to remove, and ordinary needs text passes."""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning.brokerage.domain.identity import Identity, identity_problems

ALAN = Identity(name="Alan Allsop", date_of_birth=date(1936, 1, 1), postcode="DE22 3AB")


@pytest.mark.parametrize("text", ["Mr Allsop's wife helps in the evenings", "A. Allsop needs two carers",
                                  "Alan Allsop needs help to wash", "Mrs allsop is his carer", "AA Allsop"])
def test_the_persons_names_or_initials_with_surname_are_refused(text):
    problems = identity_problems(text, ALAN, "needs")
    assert len(problems) == 1 and problems[0].startswith("Remove the person's name from the needs")


@pytest.mark.parametrize("text", ["Born 1 January 1936", "DOB 01-01-1936", "DOB 1/1/1936", "1936-01-01",
                                  "1st Jan 1936", "born on the 1st of January 1936", "Jan 1st, 1936", "01.01.36",
                                  "01011936", "D.O.B. 1 Jan 1936"])
def test_the_date_of_birth_in_any_common_format_is_refused(text):
    problems = identity_problems(f"Lives alone. {text}. Needs help each morning.", ALAN, "outcomes")
    assert len(problems) == 1 and problems[0].startswith("Remove the date of birth from the outcomes")


def test_any_date_labelled_as_a_date_of_birth_is_refused_even_if_it_is_not_theirs():
    assert identity_problems("DOB 3/4/1950", ALAN, "needs")[0].startswith("Remove the date of birth")


@pytest.mark.parametrize("text", ["de22-3ab", "DE223AB", "de22 3ab", "DE22  3AB", "d e 2 2 3 a b", "De22.3Ab"])
def test_the_postcode_in_any_spacing_or_case_is_refused(text):
    problems = identity_problems(f"Care at {text} each morning", ALAN, "needs")
    assert problems == [f"Remove the full postcode from the needs (“{text}”): providers see the postcode "
                        "district only"]


def test_each_problem_says_what_to_remove_and_from_which_field():
    problems = identity_problems("Alan Allsop, born 1/1/1936, of DE22 3AB", ALAN, "outcomes")
    assert problems == [
        "Remove the person's name from the outcomes (“Alan Allsop”): providers read this text",
        "Remove the date of birth from the outcomes (“born 1/1/1936”): providers read this text",
        "Remove the full postcode from the outcomes (“DE22 3AB”): providers see the postcode district only",
    ]


@pytest.mark.parametrize("text", ["Lives in DE22, near the park", "Review on 1 January 2027",
                                  "Four visits a day from 1/1/2027", "Help at 10:15 and 19:36 each day",
                                  "Prefers female carers; all needs in the care plan of 2024-01-01"])
def test_the_district_and_other_dates_are_allowed(text):
    assert identity_problems(text, ALAN, "needs") == []


CARE_WORDS = ["help", "to", "wash", "and", "dress", "each", "morning", "prompting", "with", "medication",
              "stay", "living", "at", "home", "safely", "keep", "attending", "the", "lunch", "club", "two",
              "carers", "hoist", "transfer", "meals", "evening", "visit", "night", "sitting", "dementia",
              "support", "shopping", "prefers", "female", "carer", "daughter", "visits", "weekly", "Monday",
              "from", "on", "in", "DE22", "Derby", "hours", "45", "minutes", "1", "January", "2027", "review"]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(CARE_WORDS), min_size=1, max_size=40),
       punctuation=st.sampled_from([" ", ", ", ". ", "; "]))
def test_ordinary_needs_text_without_the_identity_passes(words, punctuation):
    assert identity_problems(punctuation.join(words), ALAN, "needs") == []
