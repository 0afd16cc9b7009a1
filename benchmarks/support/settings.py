"""The production settings, serving the benchmark's two ceilings beside the platform's own pages."""
from pathlib import Path

from config.settings.production import *  # noqa: F401,F403
from config.settings.production import TEMPLATES

ROOT_URLCONF = "benchmarks.support.urls"
TEMPLATES[0]["DIRS"] = [Path(__file__).resolve().parent / "templates", *TEMPLATES[0]["DIRS"]]
