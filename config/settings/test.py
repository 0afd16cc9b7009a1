"""Tests: fast password hashing, imports run in the request, a fixed key."""
from .base import *  # noqa: F401,F403
from .base import STATICFILES_DIRS

SECRET_KEY = "test-key-not-for-production-use-0123456789abcdef"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CQC_IMPORT_RUN_INLINE = True
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
assert STATICFILES_DIRS
