"""Settings shared by every environment; the environment decides the rest.

Everything a deployment may change is read from environment variables. With no
DATABASE_URL the platform runs on an embedded SQLite database.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "commissioning.core",
    "commissioning.accounts",
    "commissioning.providers",
    "commissioning.procurement",
    "commissioning.brokerage",
    "commissioning.quality",
    "commissioning.finance",
    "commissioning.portal",
    "commissioning.privacy",
    "commissioning.planning",
    "commissioning.intelligence",
    "commissioning.directpayments",
    "commissioning.directory",
    "commissioning.contracts",
    "commissioning.demo",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers compressed (static files come compressed from WhiteNoise, above it).
    # Django's GZip pads each response at random against BREACH (ADR 0024).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "commissioning.core.sessions.IdleTimeoutMiddleware",
    "commissioning.core.second_factor.SecondFactorRequiredMiddleware",
    "commissioning.core.permissions.RoleRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commissioning.core.context_processors.navigation",
                "commissioning.accounts.context_processors.session_timeout",
                "commissioning.accounts.context_processors.council",
            ],
        },
    },
]
FORM_RENDERER = "commissioning.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "commissioning.accounts.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["commissioning.core.permissions.HasAllowedRole"],
    # django-filter's backend, skipping the FilterSet when the request names no filter (ADR 0024).
    "DEFAULT_FILTER_BACKENDS": ["commissioning.core.api_lists.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None,
    "DEFAULT_THROTTLE_CLASSES": [
        # Counted in one row per client in the database, one query a request (ADR 0024).
        "commissioning.core.throttling.AnonRateThrottle",
        "commissioning.core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE_ANON", "60/minute"),
        "user": os.environ.get("API_RATE_USER", "1200/minute"),
        "failed_token": os.environ.get("API_RATE_FAILED_TOKEN", "20/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Care Commissioning Platform API",
    "DESCRIPTION": (
        "The register of care providers and their services. Token authentication for "
        "integrations; a provider organisation's token sees only its own records."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "commissioning.core.api_schema.add_error_responses",
    ],
}

# Where the public data sets live (population, postcodes, CQC samples). Optional: the
# demo generator falls back to built-in district centroids when it is missing.
SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

# The council this deployment serves.
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Derby City Council")
# Its Public Procurement Organisation Number on the Central Digital Platform (the default is Derby's).
COUNCIL_PPON = os.environ.get("COUNCIL_PPON", "GB-PPON-PQVM-1383-ZBXP")
# The OCDS prefix the council registered with the Open Contracting Partnership; every published list's
# ocid is "<prefix>-<list reference>". The default is a placeholder, not a registered prefix.
OCDS_OCID_PREFIX = os.environ.get("OCDS_OCID_PREFIX", "ocds-commissioning")
# Direct payments: a balance above this many weeks' payments is flagged for review (ADR 0023).
DIRECT_PAYMENT_SURPLUS_WEEKS = int(os.environ.get("DIRECT_PAYMENT_SURPLUS_WEEKS", "8"))
# The council's CASSR code, the Client Level Data return's LA Code (507 is Derby).
CLD_LA_CODE = os.environ.get("CLD_LA_CODE", "507")
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Care commissioning")

# A CQC import writes this many rows per transaction; a worker that stops resumes after the last one.
CQC_IMPORT_CHUNK_SIZE = int(os.environ.get("CQC_IMPORT_CHUNK_SIZE", "200"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}


def require_strong_secret_key(key: str) -> None:
    """Refuse to start with a missing, short, repetitive or published secret key."""
    if not key:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set outside local development.")
    # The development and test keys both say "not-for-production"; Django's generated ones start "django-insecure-".
    if key.startswith("django-insecure-") or "not-for-production" in key or key.lower() in {"changeme", "secret"}:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is a published default key: generate a new one.")
    if len(key) < 50 or len(set(key)) < 20:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak: use at least 50 random characters, for example from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
        )


def require_secret_key() -> None:
    require_strong_secret_key(SECRET_KEY)

# Data protection: adult social care records are kept this many years after the last activity, then
# anonymised (Records Management Code of Practice 2021: 8 years after the conclusion of care).
PERSONAL_DATA_RETENTION_YEARS = int(os.environ.get("PERSONAL_DATA_RETENTION_YEARS", "8"))

# Brokerage: how long providers have to offer in a further competition, by urgency. A value in
# hours runs on the clock; a value in working days skips weekends and English bank holidays.
BROKERAGE_RESPONSE_WINDOWS = {
    "emergency": {"hours": 24},
    "urgent": {"hours": 48},
    "standard": {"working_days": 5},
}

# Quality: contract management meetings every this many months, by market area (Derby 2024-27).
CONTRACT_MEETING_MONTHS = {"care_homes": 3, "supported_living": 3, "home_care": 2, "specialist": 3}
QUALITY_CHALLENGE_DAYS = 14  # days a provider has to challenge the facts of a draft report
QUALITY_ACTION_PLAN_DAYS = 14  # days a provider has to send an action plan after an Amber or Red audit
QUALITY_REAUDIT_MONTHS = 6

# Finance: the locality band each locality's rates use, and the payment rules a new agreement starts with.
FINANCE_LOCALITY_BANDS = {"Central": "urban", "West": "urban", "East": "urban", "South": "rural"}
FINANCE_DEFAULT_PAYMENT_RULES = {"basis": "actual", "rounding": "nearest", "step": 5, "cap_tolerance": 10,
                                 "minimum_minutes": None, "late_after": 15, "short_below_percent": 75,
                                 "in_home_target_percent": 85, "exception_percent": 10}


# --- Backbone: jobs, schedules, e-mail, health (docs/adr/0011, 0012, 0013) -------------------------
# Background work runs as tasks in the database queue (django-tasks-db); `manage.py db_worker` runs
# them and `manage.py run_scheduler` enqueues the periodic ones. Every process shares only the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# While this file exists, long jobs wait between two committed steps (maintenance; the restart test).
JOBS_PAUSE_FILE = os.environ.get("JOBS_PAUSE_FILE", "")
# A running job whose progress has not moved for this long is handed to another worker.
JOBS_STALLED_AFTER_SECONDS = int(os.environ.get("JOBS_STALLED_AFTER_SECONDS", "900"))
# /healthz/ fails when the worker's last heartbeat is older than this, or the oldest queued task is.
HEALTH_HEARTBEAT_MAX_AGE_SECONDS = int(os.environ.get("HEALTH_HEARTBEAT_MAX_AGE_SECONDS", "180"))
HEALTH_QUEUE_MAX_AGE_SECONDS = int(os.environ.get("HEALTH_QUEUE_MAX_AGE_SECONDS", "900"))
# Reminders go this many days before a KPI return or an action plan is due.
REMINDER_DAYS_BEFORE = [int(d) for d in os.environ.get("REMINDER_DAYS_BEFORE", "7,1").split(",") if d.strip()]
# The public directory: a listing not checked for this many days is flagged to whoever keeps it up to date.
DIRECTORY_VERIFY_AFTER_DAYS = int(os.environ.get("DIRECTORY_VERIFY_AFTER_DAYS", "365"))

# Links in e-mail are absolute: the address people reach the service on.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "brokerage@council.example.gov.uk")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
USE_GOV_NOTIFY = env_bool("USE_GOV_NOTIFY", False)
GOV_NOTIFY_API_KEY = os.environ.get("GOV_NOTIFY_API_KEY", "")
GOV_NOTIFY_TEMPLATE_ID = os.environ.get("GOV_NOTIFY_TEMPLATE_ID", "")
if USE_GOV_NOTIFY:
    if not GOV_NOTIFY_API_KEY or not GOV_NOTIFY_TEMPLATE_ID:
        raise ImproperlyConfigured("USE_GOV_NOTIFY is on: set GOV_NOTIFY_API_KEY and GOV_NOTIFY_TEMPLATE_ID.")
    EMAIL_BACKEND = "commissioning.core.mail.GovNotifyEmailBackend"
# --- end of the backbone block ----------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------
# Accounts and security: sign-in with a second factor, invitations, lock-outs, idle sessions,
# and the Content-Security-Policy (ADR 0014).
# ---------------------------------------------------------------------------------------------
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
# Lock-outs and used TOTP codes must be seen by every process: the database cache (the API's rate
# limits have their own table, `core.RateWindow`).
# `manage.py createcachetable` runs wherever `migrate` does (`make demo`; the test database).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_table",
    }
}
INVITATION_EXPIRY_DAYS = int(os.environ.get("INVITATION_EXPIRY_DAYS", "7"))
# Signed-in sessions end after this many minutes without a request; a warning shows first.
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_IDLE_WARNING_MINUTES = int(os.environ.get("SESSION_IDLE_WARNING_MINUTES", "2"))
# Council staff always need a second factor; provider users only when this is on.
MFA_REQUIRED_FOR_PROVIDERS = env_bool("MFA_REQUIRED_FOR_PROVIDERS", False)

# NCSC password guidance: length over complexity, a deny list, no forced expiry.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "commissioning.accounts.passwords.GuessablePatternValidator"},
]

ACCOUNT_ADAPTER = "commissioning.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{SERVICE_NAME}: "
ACCOUNT_FORMS = {
    "login": "commissioning.accounts.forms.SignInForm",
    "reset_password": "commissioning.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "commissioning.accounts.forms.ResetPasswordKeyForm",
    "change_password": "commissioning.accounts.forms.ChangePasswordForm",
    "set_password": "commissioning.accounts.forms.SetPasswordForm",
    "reauthenticate": "commissioning.accounts.forms.ReauthenticateForm",
}
# Failed sign-ins: one account is slowed after 5 in 5 minutes and locked after 10 in an hour;
# one address is slowed after 20 in a minute and locked after 100 in an hour.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,100/h/ip,5/5m/key,10/h/key",
    "login": "60/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # The directory's public proposal forms: each proposal waits for an officer, so a flood from one
    # address would bury the real ones (a council sees a few a week).
    "directory_proposal": os.environ.get("DIRECTORY_PROPOSALS_RATE", "5/h/ip,20/d/ip"),
}
MFA_ADAPTER = "commissioning.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME
MFA_TOTP_PERIOD = 30
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "authenticate": "commissioning.accounts.forms.SecondFactorForm",
    "reauthenticate": "commissioning.accounts.forms.SecondFactorReauthenticateForm",
    "activate_totp": "commissioning.accounts.forms.ActivateAuthenticatorForm",
    "deactivate_totp": "commissioning.accounts.forms.DeactivateAuthenticatorForm",
    "generate_recovery_codes": "commissioning.accounts.forms.GenerateRecoveryCodesForm",
}
USERSESSIONS_TRACK_ACTIVITY = False

# No inline scripts or styles anywhere: every script and stylesheet is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
