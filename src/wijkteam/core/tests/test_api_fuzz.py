"""API fuzzing with Schemathesis: every operation of the OpenAPI schema, with generated input.

For each operation Schemathesis generates requests from the schema served at ``/api/schema/``
(valid bodies and query strings, and invalid ones) and sends them to the application in-process,
through its WSGI handler, on pytest-django's test database. The caller is a persona of the
persona matrix's world (``access/tests/persona_world.py``) who may use the operation, by its
rule in ``OPERATIONS``; the ids in the path are the world's objects, so the requests reach real
households, cases and plans rather than 404s. Each answer must:

- never be a server error (5xx);
- have a status code the schema documents for the operation;
- have a documented content type and a body that conforms to the schema.

A second test sends every operation without credentials: each must be refused with 401 or 403
(the token endpoint, the login itself, excepted).

Deterministic and bounded: a fixed seed, derandomized generation, a few examples per operation,
no example database. Each example runs in a savepoint that is rolled back, so every request sees
the same world and a failure reproduces from its own request alone.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.access.tests.persona_world import PersonaWorld, build_persona_world
from wijkteam.access.tests.test_persona_matrix import OPERATIONS
from wijkteam.teams.tests.factories import UserFactory

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 6
SEED = 20260  # any fixed number: the same requests on every run

# Who asks: the first persona the operation's rule lets in, in this order. The director for the
# household's casework, the coordinator for the team's, the functional administrator for
# reference data, the back office for its own acts, and so on.
PREFERENCE = (
    "director",
    "coordinator",
    "functional_admin",
    "backoffice",
    "policy",
    "log_officer",
    "colleague",
    "cjg_coach",
    "outsider",
)
# The knowledge network's operations let no persona of the matrix in: its coordinator and a
# municipality's respondent are added for them here.
KNOWLEDGE_NETWORK = {
    "GET /api/knowledge-network/rounds/": "network_coordinator",
    "GET /api/knowledge-network/rounds/{id}/comparison/": "network_coordinator",
    "GET /api/knowledge-network/rounds/{id}/response/": "respondent",
    "PUT /api/knowledge-network/rounds/{id}/response/": "respondent",
}


def persona_for(operation: str) -> str:
    if operation in KNOWLEDGE_NETWORK:
        return KNOWLEDGE_NETWORK[operation]
    rule = OPERATIONS[operation].rule
    return next(persona for persona in PREFERENCE if rule[persona] == "ok")


def _config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "suppress-health-check": ["all"],
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "no-shrink": True,
                "database": "none",
                # The credentials are the test's, not generated ones.
                "with-security-parameters": False,
            },
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
            "checks": {
                "enabled": False,
                "not_a_server_error": {"enabled": True},
                "status_code_conformance": {"enabled": True},
                "content_type_conformance": {"enabled": True},
                "response_schema_conformance": {"enabled": True},
                "response_headers_conformance": {"enabled": True},
            },
        }
    )


APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP, config=_config())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> PersonaWorld:
    """The persona world, built once for the module in a transaction rolled back at its end,
    with the knowledge network's coordinator and one respondent."""
    from wijkteam.knowledgenetwork.models import Participant, ParticipantMember

    with django_db_blocker.unblock(), transaction.atomic():
        built = build_persona_world()
        coordinator = UserFactory(username="kk-fuzz-coordinator")
        coordinator.groups.add(
            Group.objects.get_or_create(name=ROLE_GROUPS[Role.NETWORK_COORDINATOR])[0]
        )
        respondent = UserFactory(username="kk-fuzz-respondent")
        ParticipantMember.objects.create(
            user=respondent, participant=Participant.objects.get(cbs_code="0479")
        )
        built.users.update(network_coordinator=coordinator, respondent=respondent)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def tokens(world) -> dict[str, str]:
    return {
        persona: Token.objects.get_or_create(user=user)[0].key
        for persona, user in world.users.items()
    }


@pytest.fixture
def db(world):
    """pytest-django's ``db``, overridden: a savepoint on the world, rolled back after the test.

    Django's handler closes the database connection at the end of each request unless told
    not to (its test client disconnects the same receivers): the connection is the test's."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fill(case, world: PersonaWorld) -> None:
    """The world's objects in the path (and the query, where the matrix fills it)."""
    row = OPERATIONS[case.operation.label]
    ids = world.ids
    if case.path_parameters:
        case.path_parameters = {name: ids[row.fill[name]] for name in case.path_parameters}
    if row.query:
        for pair in row.query.split("&"):
            name, value = pair.split("=")
            case.query = {**(case.query or {}), name: value.format(**ids)}


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck))
def test_operation_answers_as_documented(case, db, world, tokens):
    persona = persona_for(case.operation.label)
    _fill(case, world)
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Token {tokens[persona]}"})
        transaction.set_rollback(True)


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), max_examples=2)
def test_operation_refuses_without_credentials(case, db, world):
    _fill(case, world)
    with transaction.atomic():
        response = case.call()
        transaction.set_rollback(True)
    if case.operation.label == "POST /api/token/":  # the login itself
        assert response.status_code in {200, 400, 429}, response.status_code
    else:
        assert response.status_code in {401, 403}, (case.operation.label, response.status_code)


@schema.include(path_regex=r"\{id\}").parametrize()
@settings(suppress_health_check=list(HealthCheck), max_examples=2)
def test_operation_on_generated_ids_answers_as_documented(case, db, tokens):
    """The same checks with the ids Schemathesis makes up (0, huge, negative): mostly 404s, in
    the API's error shape, never a 5xx."""
    persona = persona_for(case.operation.label)
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Token {tokens[persona]}"})
        transaction.set_rollback(True)
