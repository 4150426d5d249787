"""Every route, for every persona, answers what it should.

The routes come from the URLconf and the operations from the OpenAPI schema: a route or
operation with no entry in MATRIX fails the suite, so no feature can forget its access
rules. Object routes are called with objects that belong to the mentee (a goal, a token)
or to the mentor (the public profile) so that everyone else's answer is checked too:
another user's object answers 404, never 403, so its existence is not revealed.
"""

from __future__ import annotations

import os
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import PERSONA_NAMES
from tests.authz import (
    ANON,
    FEATURES,
    SIGNED_IN,
    api_only,
    api_signed_in,
    everyone,
    only,
    signed_in,
    signed_out_only,
)

# Object arguments: name -> function(objects) -> value. ``objects`` is made by the
# ``objects`` fixture below.
ARGS = {
    "goal_id": lambda o: o["goal"].pk,
    "token_id": lambda o: o["token"].pk,
    "profile_id": lambda o: o["mentor_profile"].pk,
    "request_id": lambda o: o["request"].pk,
    "relationship_id": lambda o: o["relationship"].pk,
    "version": lambda o: 1,
    "notification_id": lambda o: o["notification"].pk,
    "meeting_id": lambda o: o["meeting"].pk,
    "series_id": lambda o: o["series"].pk,
    "offer_id": lambda o: o["offer"].pk,
    "agenda_id": lambda o: o["agenda"].pk,
    "action_id": lambda o: o["action"].pk,
    "secret": lambda o: "not-a-real-secret",
    "report_id": lambda o: o["report"].pk,
    "milestone_id": lambda o: o["milestone"].pk,
    "due": lambda o: "2030-01-01",
    "key": lambda o: "not-a-real-key",
    "uidb36": lambda o: "zz",
}

# Route (URL name, or "METHOD /api/path" for API operations) -> method -> persona -> status.
# A route may list several cases: (description, args override, expectations).
MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "home": {"GET": everyone(200), "POST": everyone(302)},  # POST hides "Getting started"
    "healthz": {"GET": everyone(200)},
    "favicon": {"GET": everyone(200), "HEAD": everyone(200)},
    # allauth: sign-in pages send signed-in people home; account pages need a login.
    "account_login": {"GET": signed_out_only(200)},
    "account_signup": {"GET": signed_out_only(200)},
    "account_logout": {"GET": signed_in(200, anon=302), "POST": everyone(302)},
    "account_inactive": {"GET": everyone(200)},
    "account_reauthenticate": {"GET": signed_in(200)},
    # Re-authenticating with a code sent by email (allauth 65.22) is turned off: only the
    # password or the authenticator will do (settings.ACCOUNT_REAUTHENTICATION_METHODS).
    "account_request_reauthentication_code": {"GET": signed_in(403), "POST": signed_in(403)},
    "account_confirm_reauthentication_code": {"GET": signed_in(403), "POST": signed_in(403)},
    "account_email": {"GET": signed_in(200)},
    "account_email_verification_sent": {"GET": everyone(200)},
    "account_change_password": {"GET": signed_in(200)},
    "account_set_password": {"GET": signed_in(302)},  # they have one: go to change it
    "account_reset_password": {"GET": everyone(200)},
    "account_reset_password_done": {"GET": everyone(200)},
    "account_reset_password_from_key": {"GET": everyone(200)},  # shows "bad token"
    "account_reset_password_from_key_done": {"GET": everyone(200)},
    "account_confirm_email": {"GET": everyone(200)},  # shows "invalid link"
    "account_confirm_login_code": {"GET": everyone(302)},  # no code flow in progress
    "mfa_index": {"GET": signed_in(200)},
    "mfa_authenticate": {"GET": everyone(302)},  # no 2FA login in progress
    # Coordinators and staff have an authenticator (two-factor is required for them).
    "mfa_reauthenticate": {"GET": signed_in(302) | {"coordinator": 200, "staff": 200}},
    "mfa_activate_totp": {"GET": signed_in(302)},  # asks to re-enter the password first
    # None is active, except for coordinators and staff: re-enter the password first.
    "mfa_deactivate_totp": {"GET": signed_in(404) | {"coordinator": 302, "staff": 302}},
    "mfa_view_recovery_codes": {"GET": signed_in(404)},
    "mfa_generate_recovery_codes": {"GET": signed_in(302)},  # needs an authenticator first
    "mfa_download_recovery_codes": {"GET": signed_in(404)},
    # Tandem pages.
    "accounts:profile": {"GET": signed_in(200), "POST": signed_in(400)},  # empty form: errors
    "accounts:availability": {"GET": signed_in(200), "POST": signed_in(302)},
    # The first-run wizard: everyone's own profile. An empty post has no languages (a valid
    # answer); people with no role have no skills step and are sent back to the roles.
    "accounts:welcome": {"GET": signed_in(302)},
    "accounts:welcome_roles": {"GET": signed_in(200), "POST": signed_in(400)},
    "accounts:welcome_timezone": {"GET": signed_in(200), "POST": signed_in(400)},
    "accounts:welcome_languages": {"GET": signed_in(200), "POST": signed_in(302)},
    "accounts:welcome_skills": {
        "GET": signed_in(302) | {p: 200 for p in ("mentee", "mentee2", "mentor", "mentor2")},
        "POST": signed_in(302) | {"mentor": 400, "mentor2": 400}},  # a mentor's capacity
    "accounts:welcome_skip": {"POST": signed_in(302), "GET": signed_in(405)},
    "growth:goals": {"GET": signed_in(200), "POST": signed_in(400)},
    "growth:goal_edit": {"GET": only(200, ["mentee"]), "POST": only(400, ["mentee"])},
    "growth:goal_delete": {"GET": only(405, ["mentee"], others=405),
                             "POST": only(302, ["mentee"])},
    "accounts:tokens": {"GET": signed_in(200), "POST": signed_in(400)},
    "accounts:token_revoke": {"POST": only(302, ["mentee"]),
                              "GET": only(405, ["mentee"], others=405)},
    "directory:mentors": {"GET": signed_in(200)},
    "directory:person": {"GET": signed_in(200)},
    # Mentorships. The request is Mia (mentee) asking Marta (mentor); the relationship is
    # Noah (mentee2) mentored by Marta, its agreement still a draft.
    "mentorships:request_new": {
        "GET": only(200, SIGNED_IN, others=200) | {"mentee": 302},  # Mia asked already
        "POST": only(400, SIGNED_IN) | {"mentee": 302}},
    "mentorships:requests": {"GET": signed_in(200)},
    "mentorships:request": {"GET": only(200, ["mentee", "mentor"])},
    "mentorships:request_accept": {"POST": only(302, ["mentor"]) | {"mentee": 403},
                                   "GET": only(405, [], others=405)},
    "mentorships:request_decline": {"POST": only(400, ["mentor"]) | {"mentee": 403}},
    "mentorships:request_ask": {"POST": only(400, ["mentor"]) | {"mentee": 403}},
    "mentorships:request_reply": {"POST": only(400, ["mentee"]) | {"mentor": 403}},
    "mentorships:request_withdraw": {"POST": only(302, ["mentee"]) | {"mentor": 403}},
    "mentorships:list": {"GET": signed_in(200)},
    "mentorships:detail": {"GET": only(200, ["mentee2", "mentor"])},
    # Pause, resume, complete and end early: tests/authz/mentorships.py.
    "mentorships:reflection": {"GET": only(200, ["mentee2", "mentor"]),
                               "POST": only(400, ["mentee2", "mentor"])},
    # The matrix's mentorship is open, so it has no certificate yet: 404 to everyone
    # (tandem/mentorships/tests/test_certificate.py covers a completed one).
    "mentorships:certificate": {"GET": only(404, [])},
    "mentorships:agreement": {"GET": only(200, ["mentee2", "mentor"]),
                              "POST": only(400, ["mentee2", "mentor"])},
    "mentorships:agreement_confirm": {"POST": only(302, ["mentee2", "mentor"])},
    "mentorships:agreement_version": {"GET": only(200, ["mentee2", "mentor"])},
    "mentorships:agreement_withdraw": {"POST": only(302, ["mentee2", "mentor"])},
    "mentorships:become_mentor": {"GET": signed_in(200), "POST": signed_in(400)},
    "notifications:list": {"GET": signed_in(200)},
    "notifications:read_all": {"POST": signed_in(302)},
    "notifications:open": {"GET": only(302, ["mentee"])},
    "notifications:preferences": {"GET": signed_in(200), "POST": signed_in(302)},
    # Meetings of the Noah-Marta mentorship; the time offer is Marta's, the agenda item
    # Noah's.
    "meetings:list": {"GET": only(200, ["mentee2", "mentor"])},
    "meetings:schedule": {"POST": only(400, ["mentee2", "mentor"])},
    "meetings:series_create": {"POST": only(400, ["mentee2", "mentor"])},
    "meetings:offer_create": {"POST": only(400, ["mentee2", "mentor"])},
    "meetings:offer_pick": {"POST": only(302, ["mentee2"]) | {"mentor": 403}},
    "meetings:offer_withdraw": {"POST": only(302, ["mentor"]) | {"mentee2": 403}},
    "meetings:detail": {"GET": only(200, ["mentee2", "mentor"])},
    "meetings:move": {"POST": only(400, ["mentee2", "mentor"])},
    "meetings:cancel": {"POST": only(400, ["mentee2", "mentor"])},
    "meetings:record": {"POST": only(302, ["mentee2", "mentor"])},
    "meetings:notes": {"POST": only(302, ["mentee2", "mentor"])},
    "meetings:agenda_add": {"POST": only(400, ["mentee2", "mentor"])},
    "meetings:agenda_remove": {"POST": only(302, ["mentee2"]) | {"mentor": 403}},
    "meetings:action_add": {"POST": only(400, ["mentee2", "mentor"])},
    "meetings:action_toggle": {"POST": only(302, ["mentee2", "mentor"])},
    "meetings:ics": {"GET": only(200, ["mentee2", "mentor"])},
    "meetings:series_ics": {"GET": only(200, ["mentee2", "mentor"])},
    "meetings:feed": {"GET": signed_in(200), "POST": signed_in(200)},
    # The feed is read by calendar programs without a session: only its secret opens it.
    "meetings:feed_ics": {"GET": everyone(404)},
    "growth:milestone_add": {"POST": only(302, ["mentee"])},
    "growth:milestone_toggle": {"POST": only(302, ["mentee"])},
    "growth:milestone_delete": {"POST": only(302, ["mentee"])},
    "meetings:action_milestone": {"POST": only(302, ["mentee2", "mentor"])},
    "feedback:reports": {"GET": only(200, ["mentee2", "mentor"])},
    "feedback:report_new": {"GET": only(200, ["mentee2", "mentor"]),
                            "POST": only(400, ["mentee2", "mentor"])},
    "feedback:history": {"GET": only(200, ["mentee2", "mentor"])},
    "feedback:report": {"GET": only(200, ["mentee2", "mentor"])},
    # API docs are public: they describe the API, not anyone's data.
    "api:openapi-json": {"GET": everyone(200)},
    "api:openapi-view": {"GET": everyone(200)},
    "api:api-root": {"GET": everyone(404)},
    "GET /api/me": {"GET": api_signed_in(200)},
    "GET /api/me/profile": {"GET": api_signed_in(200)},
    "PATCH /api/me/profile": {"PATCH": api_signed_in(200)},
    "PUT /api/me/availability": {"PUT": api_signed_in(200)},
    "GET /api/me/goals": {"GET": api_signed_in(200)},
    "POST /api/me/goals": {"POST": api_signed_in(422)},  # empty body: title required
    "GET /api/me/goals/{goal_id}": {"GET": api_only(200, ["mentee"])},
    "PATCH /api/me/goals/{goal_id}": {"PATCH": api_only(200, ["mentee"])},
    "DELETE /api/me/goals/{goal_id}": {"DELETE": api_only(204, ["mentee"])},
    "GET /api/me/tokens": {"GET": api_signed_in(200)},
    "POST /api/me/tokens": {"POST": api_signed_in(422)},
    "DELETE /api/me/tokens/{token_id}": {"DELETE": api_only(204, ["mentee"])},
    "GET /api/profiles/{profile_id}": {"GET": api_signed_in(200)},
    "GET /api/directory/mentors": {"GET": api_signed_in(200)},
    "GET /api/requests": {"GET": api_signed_in(200)},
    "POST /api/requests": {"POST": api_signed_in(422)},
    "GET /api/requests/{request_id}": {"GET": api_only(200, ["mentee", "mentor"])},
    "POST /api/requests/{request_id}/accept": {
        "POST": api_only(201, ["mentor"]) | {"mentee": 403}},
    # An empty body is refused before the request is even looked up, for anyone.
    "POST /api/requests/{request_id}/decline": {
        "POST": api_only(422, ["mentor"]) | {"mentee": 403}},
    "POST /api/requests/{request_id}/ask": {"POST": api_signed_in(422)},
    "POST /api/requests/{request_id}/reply": {"POST": api_signed_in(422)},
    "POST /api/requests/{request_id}/withdraw": {
        "POST": api_only(200, ["mentee"]) | {"mentor": 403}},
    "GET /api/decline-reasons": {"GET": api_signed_in(200)},
    "GET /api/mentorships": {"GET": api_signed_in(200)},
    "GET /api/mentorships/{relationship_id}": {"GET": api_only(200, ["mentee2", "mentor"])},
    "POST /api/mentorships/{relationship_id}/pause": {
        "POST": api_only(200, ["mentee2", "mentor"])},
    "POST /api/mentorships/{relationship_id}/resume": {
        "POST": api_only(409, ["mentee2", "mentor"])},  # it is not paused
    "POST /api/mentorships/{relationship_id}/complete": {
        "POST": api_only(200, ["mentee2", "mentor"])},
    "POST /api/mentorships/{relationship_id}/end": {"POST": api_signed_in(422)},
    "GET /api/mentorships/{relationship_id}/reflections": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "POST /api/mentorships/{relationship_id}/reflections": {"POST": api_signed_in(422)},
    "POST /api/me/become-mentor": {"POST": api_signed_in(422)},
    "GET /api/mentorships/{relationship_id}/agreement": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "GET /api/mentorships/{relationship_id}/agreement/versions/{version}": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "PATCH /api/mentorships/{relationship_id}/agreement": {
        "PATCH": api_only(200, ["mentee2", "mentor"])},
    "POST /api/mentorships/{relationship_id}/agreement/confirm": {"POST": api_signed_in(422)},
    # Nothing is confirmed yet in the matrix's mentorship, so there is no change to withdraw.
    "POST /api/mentorships/{relationship_id}/agreement/withdraw": {
        "POST": api_only(409, ["mentee2", "mentor"])},
    "GET /api/notifications": {"GET": api_signed_in(200)},
    "POST /api/notifications/{notification_id}/read": {"POST": api_only(200, ["mentee"])},
    "POST /api/notifications/read-all": {"POST": api_signed_in(204)},
    "GET /api/notifications/preferences": {"GET": api_signed_in(200)},
    "PATCH /api/notifications/preferences": {"PATCH": api_signed_in(200)},
    "GET /api/mentorships/{relationship_id}/meetings": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "POST /api/mentorships/{relationship_id}/meetings": {"POST": api_signed_in(422)},
    "POST /api/mentorships/{relationship_id}/meeting-series": {"POST": api_signed_in(422)},
    "GET /api/mentorships/{relationship_id}/free-slots": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "POST /api/mentorships/{relationship_id}/time-offers": {"POST": api_signed_in(422)},
    "POST /api/time-offers/{offer_id}/pick": {"POST": api_signed_in(422)},
    "POST /api/time-offers/{offer_id}/withdraw": {
        "POST": api_only(200, ["mentor"]) | {"mentee2": 403}},
    "GET /api/meetings/{meeting_id}": {"GET": api_only(200, ["mentee2", "mentor"])},
    "POST /api/meetings/{meeting_id}/move": {"POST": api_signed_in(422)},
    "POST /api/meetings/{meeting_id}/cancel": {"POST": api_signed_in(422)},
    "POST /api/meetings/{meeting_id}/record": {"POST": api_signed_in(422)},
    "PUT /api/meetings/{meeting_id}/notes": {"PUT": api_only(200, ["mentee2", "mentor"])},
    "POST /api/meetings/{meeting_id}/agenda": {"POST": api_signed_in(422)},
    "DELETE /api/agenda/{agenda_id}": {"DELETE": api_only(204, ["mentee2"]) | {"mentor": 403}},
    "POST /api/meetings/{meeting_id}/actions": {"POST": api_signed_in(422)},
    "POST /api/actions/{action_id}/done": {"POST": api_signed_in(422)},
    "GET /api/meetings/{meeting_id}/calendar.ics": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "GET /api/meeting-series/{series_id}/calendar.ics": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "POST /api/me/calendar-feed": {"POST": api_signed_in(201)},
    "DELETE /api/me/calendar-feed": {"DELETE": api_signed_in(204)},
    "GET /api/mentorships/{relationship_id}/reports": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "POST /api/mentorships/{relationship_id}/reports": {"POST": api_signed_in(422)},
    "GET /api/reports/{report_id}": {"GET": api_only(200, ["mentee2", "mentor"])},
    "GET /api/me/goals/{goal_id}/milestones": {"GET": api_only(200, ["mentee"])},
    "POST /api/me/goals/{goal_id}/milestones": {"POST": api_signed_in(422)},
    "POST /api/milestones/{milestone_id}/done": {"POST": api_signed_in(422)},
    "DELETE /api/milestones/{milestone_id}": {"DELETE": api_only(204, ["mentee"])},
    "POST /api/actions/{action_id}/milestone": {"POST": api_signed_in(422)},
}

# Extra cases for object routes: another person's object that is not public. Mia's profile
# is a mentee's: only she and Marta, whom she asked to mentor her, see it.
PRIVATE_OBJECT_CASES = {
    "directory:person": ({"profile_id": lambda o: o["mentee_profile"].pk},
                         {"GET": only(200, ["mentee", "mentor"])}),
    "GET /api/profiles/{profile_id}": ({"profile_id": lambda o: o["mentee_profile"].pk},
                                       {"GET": api_only(200, ["mentee", "mentor"])}),
}

JSON_BODIES = {"PUT /api/me/availability": [], "PATCH /api/me/profile": {},
               "PUT /api/meetings/{meeting_id}/notes": {"notes": "Agreed next steps."},
               "PATCH /api/mentorships/{relationship_id}/agreement": {"weekday": 2},
               "PATCH /api/me/goals/{goal_id}": {}}


def _merge_features():
    from importlib import import_module

    for name in FEATURES:
        try:
            module = import_module(f"tests.authz.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.authz.{name}":
                raise
            continue
        for ours, theirs in ((ARGS, "ARGS"), (MATRIX, "MATRIX"), (JSON_BODIES, "JSON_BODIES"),
                             (PRIVATE_OBJECT_CASES, "PRIVATE_OBJECT_CASES")):
            extra = getattr(module, theirs, {})
            clash = set(extra) & set(ours)
            assert not clash, f"tests/authz/{name}.py repeats {sorted(clash)}"
            ours.update(extra)
        if hasattr(module, "objects"):
            FEATURE_OBJECTS.append(module.objects)


FEATURE_OBJECTS: list = []
_merge_features()


def url_routes():
    """(name, route) for every named URL pattern; admin routes are checked separately."""

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def api_operations():
    from tandem.api import api

    schema = api.get_openapi_schema()
    return [f"{method.upper()} {path}" for path, item in schema["paths"].items()
            for method in item]


def api_route_names():
    return {name for name, _ in url_routes() if name.startswith("api:")}


def test_it_has_an_entry_for_every_route_and_operation():
    names = {name for name, _ in url_routes() if not name.startswith("admin:")}
    api_names_in_matrix = {"api:openapi-json", "api:openapi-view", "api:api-root"}
    page_names = {n for n in names if not n.startswith("api:")} | api_names_in_matrix
    operations = set(api_operations())
    missing = (page_names | operations) - set(MATRIX)
    assert not missing, f"routes with no authorization entry: {sorted(missing)}"
    stale = set(MATRIX) - page_names - operations
    assert not stale, f"entries for routes that no longer exist: {sorted(stale)}"


# The PostgreSQL pass of `make test` (scripts/test.sh) runs each route as the personas it
# serves (2xx) and one it hides from (404): that is every query the route runs, on
# PostgreSQL. Who gets which answer is the same Python on either database, and is checked
# for all the personas on SQLite (about 4,500 cases there, 2,000 here).
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _personas_for(expected: dict) -> list[str]:
    if not ON_POSTGRES:
        return list(PERSONA_NAMES)
    served = [p for p in PERSONA_NAMES if expected[p] < 300]
    hidden = [p for p in PERSONA_NAMES if expected[p] == 404][:1]
    return served + hidden or list(PERSONA_NAMES)


def _cases():
    for key, methods in MATRIX.items():
        for method, expected in methods.items():
            for persona in _personas_for(expected):
                yield pytest.param(key, method, persona, expected[persona], None,
                                   id=f"{key}|{method}|{persona}")
    for key, (args, methods) in PRIVATE_OBJECT_CASES.items():
        for method, expected in methods.items():
            for persona in _personas_for(expected):
                yield pytest.param(key, method, persona, expected[persona], args,
                                   id=f"{key}|{method}|{persona}|private")


@pytest.fixture
def objects(personas):
    return build_objects(personas)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The personas and their objects, made once per module (and test process) inside a
    transaction that is rolled back at the end; each test runs in a savepoint of it and
    its writes are rolled back (Django's ``setUpTestData`` pattern). Thousands of cases
    then cost one set-up instead of one each."""
    from django.core.cache import cache
    from django.db import transaction

    from conftest import make_personas

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            personas = make_personas()
            world = build_objects(personas)
            cache.clear()
            yield personas, world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_objects(personas):
    from tandem.accounts.services import token_create
    from tandem.mentorships.services import request_accept, request_create
    from tandem.notifications.services import notify

    token, _ = token_create(actor=personas.mentee, name="script")
    from tandem.growth.services import milestone_add

    milestone = milestone_add(actor=personas.mentee, goal=personas.mentee.career_goals.first(),
                              title="A first step")
    asked = request_create(actor=personas.mentee2, mentor=personas.mentor, message="Hello")
    from datetime import date, time, timedelta

    from django.utils import timezone

    from tandem.feedback.models import ProgressReport
    from tandem.meetings import services as meetings

    relationship = request_accept(actor=personas.mentor, request=asked)
    later = timezone.localdate() + timedelta(days=30)
    meeting = meetings.meeting_schedule(actor=personas.mentee2, relationship=relationship,
                                        day=later, at=time(10, 0), tz="UTC")
    series = meetings.series_create(actor=personas.mentor, relationship=relationship,
                                    day=later + timedelta(days=1), at=time(10, 0), tz="UTC",
                                    frequency="WEEKLY", interval=1, count=3)
    soon = timezone.now().replace(microsecond=0) + timedelta(days=3)
    base = {
        "request": request_create(actor=personas.mentee, mentor=personas.mentor,
                                  message="Please mentor me."),
        "relationship": relationship,
        "milestone": milestone,
        "meeting": meeting,
        "series": series,
        "offer": meetings.offer_create(actor=personas.mentor, relationship=relationship,
                                       slots=[soon]),
        "agenda": meetings.agenda_add(actor=personas.mentee2, meeting=meeting, text="Topic"),
        # Written directly: a real one needs weeks of a confirmed agreement.
        "report": ProgressReport.objects.create(
            relationship=relationship, author=personas.mentee2, due_date=date(2030, 1, 1),
            went_well="Good", satisfaction=4, cadence_fit="right"),
        "action": meetings.action_add(actor=personas.mentor, meeting=meeting, text="Do it",
                                      owner=personas.mentee2, due_date=date(2030, 1, 1)),
        "notification": notify(recipient=personas.mentee, kind="test", title="Hi",
                               url="/goals/", email=False),
        "goal": personas.mentee.career_goals.first(),
        "token": token,
        "mentor_profile": personas.mentor.profile,
        "mentee_profile": personas.mentee.profile,
    }
    for make in FEATURE_OBJECTS:
        extra = make(personas, base)
        clash = set(extra) & set(base)
        assert not clash, f"feature objects repeat {sorted(clash)}"
        base.update(extra)
    return base


def _path(key: str, objects, override) -> str:
    getters = {**ARGS, **(override or {})}
    if " " in key:  # an API operation: "METHOD /api/path/{arg}"
        path = key.split(" ", 1)[1]
        return re.sub(r"{(\w+)}", lambda m: str(getters[m[1]](objects)), path)
    route = dict(url_routes())[key]
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(getters[m[1]](objects)), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(getters[m[1]](objects)), route)
    return "/" + route


@pytest.mark.parametrize("key,method,persona,expected,override", list(_cases()))
def test_it_answers_each_persona_as_listed(key, method, persona, expected, override,
                                          shared_world, db, client_for):
    personas, objects = shared_world
    client = client_for(personas.get(persona))
    path = _path(key, objects, override)
    kwargs = {}
    if key in JSON_BODIES:
        import json

        kwargs = {"data": json.dumps(JSON_BODIES[key]), "content_type": "application/json"}
    elif method in ("POST", "PATCH", "PUT") and key.startswith(("POST /api", "PATCH /api")):
        kwargs = {"data": "{}", "content_type": "application/json"}
    response = getattr(client, method.lower())(path, **kwargs)
    assert response.status_code == expected, (
        f"{method} {path} as {persona}: expected {expected}, got {response.status_code}"
    )
    if expected == 302 and persona == ANON and key in MATRIX and "account_" not in key \
            and not key.startswith("mfa_"):
        assert "/accounts/login/" in response["Location"]
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        reprs = python_reprs(response.content.decode())
        assert not reprs, f"{method} {path} as {persona} shows Python data: {reprs}"


# What a template prints when it is handed a Python object instead of text: a dict or a
# list of dicts, a queryset, a method, an object's default repr, or None.
PYTHON_REPR = re.compile(r"\[?\{'|<QuerySet|<bound method|object at 0x|>\s*None\s*<")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def python_reprs(html: str) -> list[str]:
    """Each Python repr in the page's markup (scripts and styles left out), in context."""
    text = SCRIPT_OR_STYLE.sub("", html).replace("&#x27;", "'").replace("&#39;", "'") \
        .replace("&lt;", "<").replace("&gt;", ">")
    return [text[max(m.start() - 60, 0):m.end() + 60].strip()
            for m in PYTHON_REPR.finditer(text)]


def test_it_finds_python_reprs_in_a_page():
    assert python_reprs("<p>{&#x27;user_id&#x27;: 5, &#x27;report_id&#x27;: None}</p>")
    assert python_reprs("<td>[{'field': 'cadence'}]</td>")
    assert python_reprs("<dd> None </dd>")
    assert python_reprs("<p>&lt;QuerySet []&gt;</p>")
    assert python_reprs("<p><Goal object at 0x7f></p>")
    assert not python_reprs('<p>None of your goals</p><script>x = {\'a\': 1}</script>'
                            '<div hx-vals=\'{"a": 1}\'>Nothing</div>')


ADMIN_PERSONAS = ["anonymous", "mentee", "mentor", "coordinator"]


@pytest.mark.parametrize("persona", ADMIN_PERSONAS + ["staff"])
def test_it_keeps_every_admin_page_for_staff(persona, shared_world, db, client_for):
    """Every admin route without an object id: staff get in, nobody else does."""
    personas, _ = shared_world
    client = client_for(personas.get(persona))
    routes = [(n, r) for n, r in url_routes() if n.startswith("admin:") and "<" not in r
              and "(?P" not in r and n not in {"admin:logout", "admin:login"}]
    assert routes
    for name, route in routes:
        response = client.get("/" + route)
        if persona == "staff":
            # 403 where the admin itself refuses: "add" on read-only models such as the
            # audit log, and autocomplete without its query parameters.
            assert response.status_code in (200, 302, 403), f"{name}: {response.status_code}"
            assert "/admin/login/" not in response.get("Location", "")
        else:
            assert response.status_code == 302, f"{name} as {persona}: {response.status_code}"
            assert "/admin/login/" in response["Location"]
