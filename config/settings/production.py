"""Production: a strong secret key, the database and hosts from the environment, HTTPS only,
secure cookies, HSTS for a year (subdomains, preload) and the Content-Security-Policy from base."""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env_bool, require_strong_secret_key

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
require_strong_secret_key(SECRET_KEY)
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be the service's https:// address: e-mails link to it.")

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Backbone: the production processes (docs/adr/0012-production-server.md) ------------------------
# PostgreSQL from DATABASE_URL, connections kept open between requests (checked before reuse), and one
# JSON object per log line on standard output. Nothing is kept in one process's memory: sessions,
# the task queue, schedules and heartbeats are in the database, so more machines can be added.
import os  # noqa: E402

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from .base import DATABASES  # noqa: E402

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must point at the PostgreSQL database in production.")
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A load balancer's health check may come over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^health/$"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter",
                            "format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
                            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}, "gunicorn.error": {"level": "INFO"},
                "django_tasks": {"level": "INFO"}, "django_tasks_db": {"level": "INFO"}},
}
# --- end of the backbone block ----------------------------------------------------------------------
