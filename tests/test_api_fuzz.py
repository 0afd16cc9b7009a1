"""The API fuzzed from its own OpenAPI document: every operation, a bounded number of generated
requests each, as a council officer's token and as a provider user's token. No request may get a
server error, and every response must match the document (status codes, content type, and bodies
whose fields are the types the document says: no integer that comes back null)."""
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from commissioning.accounts.roles import Role
from commissioning.accounts.services import api_token_issue

MAX_EXAMPLES = 3
# What the document promises. (Schemathesis's authentication probes are left out: they replay a request
# with the test's own valid token still attached, and the tenancy tests cover who may see what.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _document() -> dict:
    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


schema = schemathesis.openapi.from_dict(_document())
APP = get_wsgi_application()


@pytest.fixture(autouse=True)
def one_connection_for_the_test():
    """The WSGI app closes the database connection after each request, as a server should; the test's
    transaction lives on that connection, so keep it open while the fuzzer calls the app directly."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(make_user, make_member, make_request, provider):
    """A small market with a member, a request and both kinds of user, each with an API token."""
    make_member(provider=provider)
    make_request()
    council = make_user(Role.BROKER)
    provider_user = make_user(Role.PROVIDER_USER, provider=provider)
    return {"council": api_token_issue(user=council, by=council), "provider": api_token_issue(user=provider_user,
                                                                                              by=provider_user)}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["council", "provider"])
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_generated_request_gets_a_server_error_and_every_answer_matches_the_document(case, who, tokens):
    # The answer is read as the document says (JSON), so ask for it uncompressed (GZip is tested apart).
    response = case.call(app=APP, headers={"Authorization": f"Token {tokens[who]}", "Accept-Encoding": "identity"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} answered {response.status_code}"
    case.validate_response(response, checks=CHECKS)
