"""The rules of a variation or extension, as a pure function over integer pence and dates (ADR 0026)."""
from dataclasses import dataclass
from datetime import date

from commissioning.core.money import format_pounds


@dataclass(frozen=True)
class Terms:
    """What a contract is worth and when it ends, now or after a change."""

    value_pence: int
    annual_value_pence: int
    start_date: date
    end_date: date


def varied(terms: Terms, *, value_change_pence: int, annual_value_change_pence: int,
           new_end_date: date | None) -> Terms:
    """The terms after the change: the amounts added (a negative change reduces them), the end moved."""
    return Terms(value_pence=terms.value_pence + value_change_pence,
                 annual_value_pence=terms.annual_value_pence + annual_value_change_pence,
                 start_date=terms.start_date, end_date=new_end_date or terms.end_date)


def variation_errors(terms: Terms, *, extension: bool, value_change_pence: int, annual_value_change_pence: int,
                     new_end_date: date | None, takes_effect_on: date | None, committed_pence: int) -> dict:
    """Why a change cannot be made to a contract of `terms`, by field (empty when it can). A reduction
    may not take the value below `committed_pence`, what is already spent or committed on the
    contract (to its end after the change); an extension must end later than the contract does now;
    a variation that is not an extension changes an amount."""
    errors: dict[str, str] = {}
    if extension:
        if new_end_date is None:
            errors["new_end_date"] = "Enter the new end date of the contract"
        elif new_end_date <= terms.end_date:
            errors["new_end_date"] = (f"The new end date must be after the contract's current end, "
                                      f"{terms.end_date:%-d %B %Y}: an extension cannot shorten it")
    elif new_end_date is not None:
        errors["new_end_date"] = "Only an extension changes the end date: choose extension, or leave the date blank"
    elif not value_change_pence and not annual_value_change_pence:
        errors["value_change"] = "Enter a change to the value over the term or the value a year"
    if takes_effect_on is not None and not terms.start_date <= takes_effect_on <= terms.end_date:
        errors["takes_effect_on"] = (f"The date it takes effect must be within the contract's term, "
                                     f"{terms.start_date:%-d %B %Y} to {terms.end_date:%-d %B %Y}")
    after = varied(terms, value_change_pence=value_change_pence, annual_value_change_pence=annual_value_change_pence,
                   new_end_date=new_end_date if extension and "new_end_date" not in errors else None)
    if after.value_pence < 0:
        errors["value_change"] = (f"The reduction is more than the contract's value of "
                                  f"{format_pounds(terms.value_pence)}")
    elif after.value_pence < committed_pence:
        errors["value_change"] = (f"The change would take the value to {format_pounds(after.value_pence)}, below "
                                  f"the {format_pounds(committed_pence)} already spent or committed on the contract")
    if after.annual_value_pence < 0:
        errors["annual_value_change"] = (f"The reduction is more than the contract's value a year of "
                                         f"{format_pounds(terms.annual_value_pence)}")
    elif after.value_pence >= 0 and after.annual_value_pence > after.value_pence:
        errors["annual_value_change"] = (f"The value a year would be {format_pounds(after.annual_value_pence)}, "
                                         f"more than the value over the term of {format_pounds(after.value_pence)}")
    return errors
