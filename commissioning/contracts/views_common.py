"""What the contracts app's pages share: a GOV.UK form page, a page that asks before it removes,
and running a service for a valid form with its refusals shown on the form's fields."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from commissioning.core.errors import form_errors_from


def form_page(request, form, *, title, back, button, intro=""):
    return render(request, "govuk/simple_form.html", {"form": form, "title": title, "back": back, "button": button,
                                                      "intro": intro})


def confirm_page(request, *, title, warning, back, button):
    return render(request, "contracts/confirm.html", {"title": title, "warning": warning, "back": back,
                                                      "button": button})


def act(request, form, action, success, target):
    """Run `action` when the posted form is valid, then say `success` and go to `target` (either may be
    a function of what the action returned); None when the form is not sent, not valid, or the service
    refused, whose reasons are then on the form's fields."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action()
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(target(result) if callable(target) else target)
    return None
