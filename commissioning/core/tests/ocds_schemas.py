"""Validation of OCDS 1.1.5 publications offline, for every app that publishes them: the release
package schema of the standard, the UK profile's release schema, and extensions from the shared data
applied to both release schemas as JSON merge patches (RFC 7386), as the standard's tooling does."""
import json
import zipfile
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

UK_PROFILE = "release-schema-1.1.5-uk-profile-patched.json"
STANDARD = "standard-1__1__5-schema.zip"


def format_checker() -> FormatChecker:
    """Draft 4 formats, with date-time and uri checked here (their optional checkers are not installed)."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value):
        return not isinstance(value, str) or ("T" in value and datetime.fromisoformat(value).tzinfo is not None)

    @checker.checks("uri")
    def uri(value):
        return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)

    return checker


def merge_patch(target, patch):
    """RFC 7386: objects merge key by key, null removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def validators(extensions: tuple[str, ...] = ()) -> dict:
    """`package` (the standard's release package) and `uk_release` (the UK profile) validators, each
    release schema patched with the named extensions of `SHARED_DATA_DIR/ocds/extensions/`; skips
    the test when the shared data is not on this machine."""
    folder = settings.SHARED_DATA_DIR / "ocds"
    if not (folder / STANDARD).exists() or not (folder / UK_PROFILE).exists():
        pytest.skip(f"The OCDS schemas are not here: {folder} (settings.SHARED_DATA_DIR) has no ocds/ folder")
    with zipfile.ZipFile(folder / STANDARD) as archive:
        package_schema = json.loads(archive.read("standard-1__1__5/schema/release-package-schema.json"))
        release_schema = json.loads(archive.read("standard-1__1__5/schema/release-schema.json"))
    uk_schema = json.loads((folder / UK_PROFILE).read_text())
    for name in extensions:
        patch = json.loads((folder / "extensions" / name / "release-schema.json").read_text())
        release_schema, uk_schema = merge_patch(release_schema, patch), merge_patch(uk_schema, patch)
    release_url = package_schema["properties"]["releases"]["items"]["$ref"]
    registry = Registry().with_resource(release_url, Resource.from_contents(release_schema,
                                                                            default_specification=DRAFT4))
    checker = format_checker()
    return {
        "package": Draft4Validator(package_schema, registry=registry, format_checker=checker),
        "uk_release": Draft4Validator(uk_schema, format_checker=checker),
    }


def errors(validator, instance) -> list[str]:
    """Each error as `path: message`, so a failing test names where the publication is wrong."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]
