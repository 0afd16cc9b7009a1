"""Turning a service's refusal into errors a form shows in its GOV.UK error summary."""
from django.core.exceptions import ValidationError


def form_errors_from(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to a field where one matches, else to the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
