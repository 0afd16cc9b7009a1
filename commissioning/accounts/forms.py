"""Sign-in, password, second-factor and user-management forms, in GOV.UK Frontend's patterns.

The django-allauth forms keep their checks; these subclasses give them GOV.UK classes, error
summaries and the platform's words (labels in sentence case, hints instead of placeholders)."""
from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.recovery_codes import forms as recovery_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.contrib.auth import password_validation

from commissioning.core.audit import Action, audit_record
from commissioning.core.forms import GovukFormMixin

from .models import User
from .selectors import offer_current_markets

CHOOSING_ADVICE = ("At least 12 characters. Three or more random words are easy to remember and hard to guess, "
                 "for example ‘kettle ladder orchard’.")


def _plain(form, labels: dict[str, str], hints: dict[str, str] | None = None) -> None:
    """Sentence-case labels, GOV.UK hints and no placeholders."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        field.help_text = (hints or {}).get(name, "")


class SignInForm(GovukFormMixin, allauth_forms.LoginForm):
    """Username and password; too many failures lock the account for a while (ACCOUNT_RATE_LIMITS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self, {"login": "Username", "password": "Password"})
        self.fields["login"].widget.attrs.update({"autocapitalize": "none", "spellcheck": "false"})


class ResetPasswordForm(GovukFormMixin, allauth_forms.ResetPasswordForm):
    """Ask for a reset link; the page says the same whether or not the address is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self, {"email": "Email address"},
               {"email": "We will send a link to choose a new password if this address belongs to an account."})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def save(self, request, **kwargs):
        for user in self.users:
            audit_record(actor=None, action=Action.PASSWORD_RESET, obj=user, note="Reset link e-mailed")
        return super().save(request, **kwargs)


class _NewPasswordMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self, {"password1": "New password", "password2": "Confirm new password",
                      "oldpassword": "Current password"}, {"password1": CHOOSING_ADVICE})


class ResetPasswordKeyForm(GovukFormMixin, _NewPasswordMixin, allauth_forms.ResetPasswordKeyForm):
    """Choose a new password from a reset link."""


class ChangePasswordForm(GovukFormMixin, _NewPasswordMixin, allauth_forms.ChangePasswordForm):
    """Change a password, knowing the current one."""


class SetPasswordForm(GovukFormMixin, _NewPasswordMixin, allauth_forms.SetPasswordForm):
    """Set a password on an account that has none."""


class ReauthenticateForm(GovukFormMixin, allauth_forms.ReauthenticateForm):
    """Confirm the password before changing how the account signs in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self, {"password": "Password"})


class _CodeMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self, {"code": "Code from your authenticator app"},
               {"code": "The 6-digit code your app shows now, or one of your recovery codes."})
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false",
                                                 "class": "govuk-input--width-10"})


class SecondFactorForm(GovukFormMixin, _CodeMixin, mfa_forms.AuthenticateForm):
    """The second step of signing in: a code from the person's authenticator app."""


class SecondFactorReauthenticateForm(GovukFormMixin, _CodeMixin, mfa_forms.ReauthenticateForm):
    """Confirm the second factor before a sensitive change."""


class ActivateAuthenticatorForm(GovukFormMixin, totp_forms.ActivateTOTPForm):
    """Prove the app is set up by entering the code it shows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self, {"code": "Code from your authenticator app"},
               {"code": "After adding the account, your app shows a 6-digit code that changes every 30 seconds."})
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "numeric",
                                                 "spellcheck": "false", "class": "govuk-input--width-10"})


class DeactivateAuthenticatorForm(GovukFormMixin, totp_forms.DeactivateTOTPForm):
    """Remove the authenticator app (staff must then set one up again)."""


class GenerateRecoveryCodesForm(GovukFormMixin, recovery_forms.GenerateRecoveryCodesForm):
    """Make new recovery codes; the old ones stop working."""


class InvitationAcceptForm(GovukFormMixin, forms.Form):
    """Choose a password from an invitation, checked against the NCSC-based password rules."""

    password1 = forms.CharField(label="Create a password", help_text=CHOOSING_ADVICE, strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Confirm password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password1(self):
        password = self.cleaned_data["password1"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", "The passwords do not match")
        return cleaned


class UserForm(GovukFormMixin, forms.ModelForm):
    """An administrator's form for a person's role, organisation and market area."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "job_title", "role", "market_area", "provider"]
        help_texts = {
            "market_area": "Lead commissioners only.",
            "provider": "Provider users only: the organisation they work for.",
            "username": "",
            "email": "A new person is sent an invitation to this address to choose their password.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["provider"].queryset = self.fields["provider"].queryset.order_by("name")
        offer_current_markets(self)


class DeactivateForm(GovukFormMixin, forms.Form):
    """Why an administrator stops a person signing in (kept on the audit trail)."""

    reason = forms.CharField(label="Reason (optional)", required=False, max_length=400,
                             help_text="For example, ‘Left the council on 3 March’.")


class FirstRunForm(GovukFormMixin, forms.Form):
    """The first run of an empty platform: the council, its localities and the first administrator."""

    council_name = forms.CharField(label="Council name", max_length=200, help_text="For example, ‘Derby City Council’.",
                                   error_messages={"required": "Enter the council’s name"})
    ppon = forms.CharField(label="Public Procurement Organisation Number (PPON)", max_length=30,
                           help_text="From Find a Tender, in the format PABC-1234-ABCD.",
                           error_messages={"required": "Enter the council’s PPON"},
                           widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}))
    localities = forms.CharField(
        label="Localities", widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text="One postcode district a line, then the locality’s name, for example ‘DE1 Derby city centre’. "
                  "Give several districts the same name to make them one locality.",
        error_messages={"required": "Enter at least one locality, like ‘DE1 Derby city centre’"})
    first_name = forms.CharField(label="Your first name", max_length=150,
                                 error_messages={"required": "Enter your first name"})
    last_name = forms.CharField(label="Your last name", max_length=150,
                                error_messages={"required": "Enter your last name"})
    email = forms.EmailField(label="Your email address", error_messages={
        "required": "Enter your email address", "invalid": "Enter an email address like name@council.gov.uk"})
    username = forms.CharField(label="Your username", max_length=150, help_text="You sign in with this.",
                               error_messages={"required": "Enter the username you will sign in with"},
                               widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}))
    password1 = forms.CharField(label="Create a password", help_text=CHOOSING_ADVICE, strip=False,
                                error_messages={"required": "Create a password"},
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Confirm password", strip=False,
                                error_messages={"required": "Confirm your password"},
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_ppon(self):
        from .models import normalise_ppon, validate_ppon

        value = self.cleaned_data["ppon"]
        validate_ppon(value)
        return normalise_ppon(value)

    # Blank boxes after the starting market areas, for the council to add its own.
    EXTRA_MARKETS = 2

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Market

        self.starting_markets = list(Market.objects.values_list("code", "name"))
        names = []
        for n, (_, name) in enumerate(self.starting_markets):
            self.fields[f"market_{n}"] = forms.CharField(
                label=f"Market area {n + 1}", max_length=120, required=False, initial=name,
                help_text="Change the words to rename it; clear the box to remove it." if n == 0 else "")
            names.append(f"market_{n}")
        for n in range(len(self.starting_markets), len(self.starting_markets) + self.EXTRA_MARKETS):
            self.fields[f"market_{n}"] = forms.CharField(
                label=f"Market area {n + 1} (optional)", max_length=120, required=False,
                help_text="For example, ‘Children’s residential care’." if n == len(self.starting_markets) else "")
            names.append(f"market_{n}")
        order = list(self.fields)
        order = [f for f in order if f not in names]
        at = order.index("localities") + 1
        self.order_fields(order[:at] + names + order[at:])

    def _markets_given(self) -> bool:
        """Whether the answers include the market boxes (the page always sends them; a post without
        any keeps the starting market areas)."""
        return any(key.startswith("market_") for key in self.data)

    def markets(self) -> list[tuple[str | None, str]] | None:
        """The market areas typed: (code of the starting market kept, or None for a new one, name)."""
        if not self._markets_given():
            return None
        codes = [code for code, _ in self.starting_markets]
        out = []
        for n in range(len(codes) + self.EXTRA_MARKETS):
            out.append((codes[n] if n < len(codes) else None, self.cleaned_data.get(f"market_{n}", "")))
        return out

    def clean_localities(self):
        from commissioning.providers.services import parse_locality_lines

        return parse_locality_lines(self.cleaned_data["localities"])

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, str] = {}
        fields = [f for f in self.fields if f.startswith("market_")] if self._markets_given() else []
        for field in fields:
            name = " ".join((cleaned.get(field) or "").split())
            cleaned[field] = name
            if name and name.lower() in seen:
                self.add_error(field, f"‘{name}’ is already market area {seen[name.lower()]}: give each one once")
            elif name:
                seen[name.lower()] = str(int(field.removeprefix("market_")) + 1)
        if fields and not seen:
            self.add_error(fields[0], "Enter at least one market area")
        password = cleaned.get("password1")
        if password and cleaned.get("password2") and password != cleaned["password2"]:
            self.add_error("password2", "The passwords do not match")
        elif password:
            person = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""),
                          first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class MarketForm(GovukFormMixin, forms.Form):
    """A market area's name and its place in lists."""

    name = forms.CharField(label="Name of the market area", max_length=120,
                           help_text="For example, ‘Children’s residential care’.",
                           error_messages={"required": "Enter the name of the market area",
                                           "max_length": "The name must be 120 characters or fewer"})
    position = forms.IntegerField(label="Position in lists", min_value=0, max_value=1000, required=False,
                                  help_text="Lower numbers come first. Leave blank to put a new one last.",
                                  error_messages={"invalid": "The position must be a whole number, like 5",
                                                  "min_value": "The position must be 0 or more",
                                                  "max_value": "The position must be 1000 or less"})
    meeting_every_months = forms.IntegerField(
        label="Months between contract meetings", min_value=1, max_value=12, required=False,
        help_text="How often the council meets each provider holding a contract in this market, for example 3. "
                  "Leave blank to keep it as it is (a new market area: every 3 months)",
        error_messages={"invalid": "The months between contract meetings must be a whole number, like 3",
                        "min_value": "The months between contract meetings must be 1 or more",
                        "max_value": "The months between contract meetings must be 12 or fewer"})
