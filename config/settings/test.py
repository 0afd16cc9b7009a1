"""Tests: fast password hashing, tasks run at once in the process that enqueues them, a fixed key.
A test that needs the real queue (a worker restart, the production processes) uses the database backend."""
from .base import *  # noqa: F401,F403
from .base import STATICFILES_DIRS

SECRET_KEY = "test-key-not-for-production-use-0123456789abcdef"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_URL = "https://care.example.gov.uk"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
assert STATICFILES_DIRS
