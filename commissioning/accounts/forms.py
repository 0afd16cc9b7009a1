"""Sign-in and user management forms."""
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from commissioning.core.forms import GovukFormMixin

from .models import User


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Contact your administrator.",
    }


class UserForm(GovukFormMixin, forms.ModelForm):
    """An administrator's form for a person's role, organisation and market area."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "job_title", "role", "market_area",
                  "provider", "is_active"]
        help_texts = {
            "market_area": "Lead commissioners only.",
            "provider": "Provider users only: the organisation they work for.",
            "is_active": "Untick to stop this person signing in. Their history is kept.",
            "username": "",
        }
        labels = {"is_active": "Can sign in"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["provider"].queryset = self.fields["provider"].queryset.order_by("name")
