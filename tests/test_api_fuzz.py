"""schemathesis against /api/openapi.json: every operation gets at least 100 generated
requests (valid and invalid ones) with every check schemathesis has, and the stateful
run chains operations through the schema's links; the calls go through Django's WSGI app
in this process (no server), authenticated as the personas with personal access tokens.

Marked ``fuzz``: ``TANDEM_FUZZ_EXAMPLES`` (default 100) sets the examples per operation.

One deliberate setting: ``positive_data_acceptance`` also accepts 409 and 422 for a
request the schema allows, because the API refuses, with a 422 naming the field, input
that only the service's rules can judge (a date in the past, an empty title after
trimming, a mentorship in the wrong state: 409). Anything else a valid request gets
(400, 5xx, an undocumented status or body) still fails.

schemathesis never generates a lone surrogate (its alphabet leaves out the category Cs,
"cannot be encoded for the wire"), yet ``"\ud800"`` is valid JSON and once answered 500
on 13 operations. ``widen_body`` puts them back: a generated JSON body may have a lone
surrogate put into one of its strings, or one of its integers replaced by a value outside
signed 64 bits (or 0, -1). Integers out of range in the path and the query come from the
declared ``minimum``/``maximum`` (negative generation); tests/test_api_bad_input.py sends
them directly too. Every 5xx is a failure (``not_a_server_error``, among all checks).
"""

from __future__ import annotations

import copy
import itertools
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS, load_all_checks

pytestmark = [pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("TANDEM_FUZZ_EXAMPLES", "100"))
PERSONAS = ["mentee", "mentee2", "mentor", "mentor2", "outsider", "coordinator", "staff"]

load_all_checks()
ALL_CHECKS = [check for check in CHECKS.get_all() if not isinstance(check, type)]
assert any(check.__name__ == "not_a_server_error" for check in ALL_CHECKS)

CONFIG = schemathesis.Config.from_dict({
    "checks": {"positive_data_acceptance": {
        "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}},
})
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(),
                                        config=CONFIG)

# Lone high and low surrogates, and two high ones in a row (still not a pair).
SURROGATES = ["\ud800", "\udfff", "\udbff\udbff"]
# Outside signed 64 bits (the first from issue 16), and the edges of an id's range.
OUT_OF_RANGE = [2**63, -(2**63) - 1, 10**30, -3293737330708411030995730432, 0, -1]


def _places(value, path=()):
    """Where a JSON value holds text or a whole number (not a boolean)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))
    elif isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        yield path, value


def _replace(body, path, new):
    if not path:
        return new
    body = copy.deepcopy(body)
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return body


def _worse(path, value, body):
    if isinstance(value, str):
        return st.tuples(st.sampled_from(SURROGATES), st.integers(0, len(value))).map(
            lambda pick: _replace(body, path, value[:pick[1]] + pick[0] + value[pick[1]:]))
    return st.sampled_from(OUT_OF_RANGE).map(lambda number: _replace(body, path, number))


@schema.hook
def flatmap_body(context, body):
    """Half the generated bodies as they are; the other half with one lone surrogate in
    one of their strings, or one integer out of range."""
    places = list(_places(body))
    if not places:
        return st.just(body)
    return st.one_of(st.just(body), st.sampled_from(places).flatmap(
        lambda place: _worse(place[0], place[1], body)))


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same requests on every run, so CI is reproducible
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """The personas (as in conftest.py), made once for the module with a token each,
    inside a transaction rolled back at the end (data migrations' rows stay for the
    modules that follow). Each test's own writes are rolled back in a savepoint."""
    from conftest import make_personas
    from tandem.accounts.services import token_create

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            people = vars(make_personas())
            yield {name: token_create(actor=user, name="fuzz")[1]
                   for name, user in people.items()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _headers(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# Each generated request is sent as the next persona in turn, so every operation is
# called by owners, other parties and outsiders alike.
_turn = itertools.cycle(PERSONAS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_survives_generated_requests(case, tokens, db):
    case.call_and_validate(headers=_headers(tokens[next(_turn)]), checks=ALL_CHECKS)


@pytest.mark.parametrize("persona", ["mentee", "mentor", "staff"])
def test_chains_of_operations_keep_every_check(persona, tokens, db):
    token = tokens[persona]

    class Machine(schema.as_state_machine()):
        # Each scenario starts from the same data (its writes are rolled back), so
        # Hypothesis sees the same API on every run of a scenario.
        def setup(self):
            self._atomic = transaction.atomic()
            self._atomic.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": _headers(token)}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=ALL_CHECKS, headers=kwargs.get("headers"),
                                   transport_kwargs=kwargs)

    Machine.run(settings=settings(max_examples=max(10, EXAMPLES // 5), deadline=None,
                                  derandomize=True, database=None, stateful_step_count=6,
                                  suppress_health_check=list(HealthCheck)))
