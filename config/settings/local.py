"""Local development: the embedded SQLite default, debug on, a fixed development key."""
from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-key-not-for-production-use-0123456789"
