"""What every signed-in page pays before its own work (issue 19): with a warm cache, one
query (the user row, which the authentication middleware loads; the session comes from
the cache, the timezone from the user row, the header's figures from the per-person
cache); at most one more, for all the header's figures, after a write changed them.

And the figures are never stale: after each write that changes one, the next page shows
what a count made here, independently of the app's own code, says."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import enable_totp
from tandem.core.cache import header_changed

pytestmark = pytest.mark.django_db

MINIMAL_PAGE = "/settings/tokens/"  # the person's access tokens: one query of its own
PROGRAMS_LINK = 'href="/programs/" >Programs<'


def _tables(queries) -> list[str]:
    """The table each query reads (its last FROM: the outer one, after any subquery)."""
    return [re.findall(r'FROM "(\w+)"', q["sql"])[-1] for q in queries]


def _count(page: str, testid: str) -> int:
    found = re.search(rf'data-testid="{testid}">(\d+)<', page)
    return int(found.group(1)) if found else 0


def unread_notifications(page: str) -> int:
    return _count(page, "unread-count")


def unread_messages(page: str) -> int:
    return _count(page, "unread-messages")


def _unread_notifications_counted(user) -> int:
    from tandem.notifications.models import Notification

    return sum(1 for n in Notification.objects.filter(recipient=user) if n.read_at is None)


def _unread_messages_counted(user) -> int:
    """Counted row by row: the messages of the person's mentorships that someone else
    wrote, not deleted, after the person's read mark in that mentorship."""
    from tandem.conversations.models import Message, ReadState
    from tandem.mentorships.models import Relationship

    mine = {r.pk for r in Relationship.objects.all() if user.pk in (r.mentee_id, r.mentor_id)}
    marks = {s.relationship_id: s.last_read_id for s in ReadState.objects.filter(user=user)}
    return sum(1 for m in Message.objects.all()
               if m.relationship_id in mine and m.author_id != user.pk
               and m.deleted_at is None and m.pk > marks.get(m.relationship_id, 0))


@pytest.fixture
def rel(personas):
    from tandem.mentorships.services import request_accept, request_create

    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!",
                         goal_ids=[])
    return request_accept(actor=personas.mentor, request=req)


@pytest.mark.parametrize("who", ["mentee", "outsider", "coordinator", "staff"])
def test_a_minimal_page_costs_one_query_more_than_its_own_with_a_warm_cache(
        who, personas, client_for):
    client = client_for(getattr(personas, who))
    client.get(MINIMAL_PAGE)  # the first page fills the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(MINIMAL_PAGE)
    assert response.status_code == 200
    # The user row, then the page's own list: no session, profile (timezone), unread
    # counts, Programs entry or two-factor check.
    assert _tables(queries) == ["accounts_user", "accounts_accesstoken"], (
        "\n".join(q["sql"][:160] for q in queries.captured_queries))


def test_the_header_figures_cost_one_query_after_a_change(personas, client_for):
    client = client_for(personas.mentee)
    client.get(MINIMAL_PAGE)
    header_changed(personas.mentee.pk)
    with CaptureQueriesContext(connection) as queries:
        client.get(MINIMAL_PAGE)
    assert _tables(queries) == ["accounts_user", "accounts_user", "accounts_accesstoken"]
    header = queries.captured_queries[1]["sql"]
    assert "notifications_notification" in header and "conversations_message" in header
    assert "programs_program" in header


def test_an_api_call_or_a_page_without_the_header_costs_no_header_query(
        personas, client_for):
    client = client_for(personas.mentee)
    client.get("/api/me/tokens")
    header_changed(personas.mentee.pk)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/me/tokens").status_code == 200
    assert _tables(queries) == ["accounts_user", "accounts_accesstoken"]


def test_the_times_follow_a_timezone_change_on_the_next_page_in_every_session(
        personas, client_for):
    from tandem.accounts.services import profile_update
    from tandem.notifications.models import Notification
    from tandem.notifications.services import notify

    mia = personas.mentee
    n = notify(recipient=mia, kind="meeting.moved", title="Moved", url="/x/", email=False)
    Notification.objects.filter(pk=n.pk).update(created_at=datetime(2026, 1, 15, 12, tzinfo=UTC))
    here, elsewhere = client_for(mia), client_for(mia)
    profile_update(actor=mia, profile=mia.profile, changes={"timezone": "Europe/Lisbon"})
    assert 'datetime="2026-01-15T12:00:00+00:00"' in here.get("/notifications/").content.decode()
    assert 'datetime="2026-01-15T12:00:00+00:00"' in elsewhere.get("/notifications/").content.decode()
    # Changed on the first-run wizard's timezone step, in one of the two sessions.
    assert here.post("/welcome/timezone/", {"timezone": "Asia/Tokyo"}).status_code == 302
    for client in (here, elsewhere):
        page = client.get("/notifications/").content.decode()
        assert 'datetime="2026-01-15T21:00:00+09:00"' in page


def test_the_timezone_costs_no_profile_query(personas, client_for, django_assert_num_queries):
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils import timezone

    from tandem.accounts.middleware import UserTimezoneMiddleware
    from tandem.accounts.models import User
    from tandem.accounts.services import profile_update

    profile_update(actor=personas.mentor, profile=personas.mentor.profile,
                   changes={"timezone": "America/Sao_Paulo"})
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=personas.mentor.pk)  # as the auth middleware loads it
    seen = []
    middleware = UserTimezoneMiddleware(
        lambda r: seen.append(timezone.get_current_timezone_name()) or HttpResponse())
    with django_assert_num_queries(0):
        middleware(request)
    assert seen == ["America/Sao_Paulo"]


def test_the_user_row_keeps_the_profiles_timezone_through_every_writer(personas):
    from tandem.accounts.models import User
    from tandem.accounts.services import (
        ImportedPerson,
        accounts_create_imported,
        profile_refresh_derived,
    )

    (imported,) = accounts_create_imported(actor=personas.coordinator, people=[
        ImportedPerson(email="kenji@example.com", timezone="Asia/Tokyo")])
    assert User.objects.get(pk=imported.pk).timezone == "Asia/Tokyo"
    # The admin saves the profile form itself, then refreshes what derives from it.
    profile = personas.outsider.profile
    profile.timezone = "Australia/Perth"
    profile.save(update_fields=["timezone"])
    profile_refresh_derived(actor=personas.staff, profile=profile, fields=["timezone"])
    assert User.objects.get(pk=personas.outsider.pk).timezone == "Australia/Perth"
    for user in User.objects.select_related("profile"):
        assert user.timezone == user.profile.timezone, user.email


def test_the_notification_count_is_right_after_each_write(personas, client_for):
    from tandem.notifications.models import Notification
    from tandem.notifications.services import (
        notification_mark_read,
        notification_mark_unread,
        notifications_mark_all_read,
        notify,
    )

    mia = personas.mentee
    client = client_for(mia)

    def shown() -> int:
        figure = unread_notifications(client.get(MINIMAL_PAGE).content.decode())
        assert figure == _unread_notifications_counted(mia)
        return figure

    start = shown()  # cached from here on
    made = [notify(recipient=mia, kind=kind, title=kind, url=f"/{kind}/", email=False)
            for kind in ("meeting.moved", "request.accepted", "agreement.proposed")]
    assert shown() == start + 3
    # The same event again while unread refreshes it: still three more.
    notify(recipient=mia, kind="meeting.moved", title="Again", url="/meeting.moved/",
           email=False)
    assert shown() == start + 3
    notify(recipient=personas.mentor, kind="meeting.moved", title="Not hers", url="/m/",
           email=False)
    assert shown() == start + 3
    notification_mark_read(actor=mia, notification=made[0])
    assert shown() == start + 2
    notification_mark_unread(actor=mia, notification=Notification.objects.get(pk=made[0].pk))
    assert shown() == start + 3
    # Through the pages: one read, then all.
    client.post(f"/notifications/{made[1].pk}/read/")
    assert shown() == start + 2
    notifications_mark_all_read(actor=mia)
    assert shown() == 0


def test_the_message_count_is_right_after_each_write(personas, client_for, rel):
    from tandem.conversations.services import conversation_mark_read, message_delete, message_post

    mia, marta = personas.mentee, personas.mentor
    mia_client, marta_client = client_for(mia), client_for(marta)

    def shown(client, user) -> int:
        figure = unread_messages(client.get(MINIMAL_PAGE).content.decode())
        assert figure == _unread_messages_counted(user)
        return figure

    assert shown(mia_client, mia) == 0 and shown(marta_client, marta) == 0  # cached
    first = message_post(actor=marta, relationship=rel, body="Hi Mia")
    message_post(actor=marta, relationship=rel, body="Are you there?")
    assert shown(mia_client, mia) == 2 and shown(marta_client, marta) == 0
    message_delete(actor=marta, message=first)
    assert shown(mia_client, mia) == 1
    # Mia reads the thread on its page.
    assert mia_client.get(f"/mentorships/{rel.pk}/messages/").status_code == 200
    assert shown(mia_client, mia) == 0
    message_post(actor=mia, relationship=rel, body="Here!")
    assert shown(marta_client, marta) == 1 and shown(mia_client, mia) == 0
    # Writing moves the writer's own mark past what they had not read.
    message_post(actor=marta, relationship=rel, body="Great")
    assert shown(mia_client, mia) == 1 and shown(marta_client, marta) == 0
    message_post(actor=mia, relationship=rel, body="Yes")
    assert shown(mia_client, mia) == 0 and shown(marta_client, marta) == 1
    conversation_mark_read(actor=marta, relationship=rel)
    assert shown(marta_client, marta) == 0


def test_the_programs_entry_follows_joining_leaving_and_coordinating(personas, client_for):
    from tandem.accounts.models import User
    from tandem.programs.models import Participant
    from tandem.programs.services import coordinator_add, participant_apply, program_create
    from tandem.programs.services.enrolment import participant_withdraw
    from tandem.programs.tests.conftest import program_data

    mia, oscar = personas.mentee, personas.outsider

    def shows(user) -> bool:
        return PROGRAMS_LINK in client_for(user).get(MINIMAL_PAGE).content.decode()

    assert not shows(mia) and not shows(oscar)  # cached from here on
    program = program_create(actor=personas.coordinator, **program_data())
    participant_apply(actor=mia, program=program, role="mentee", answers=["Leadership"])
    assert shows(mia)
    participant_withdraw(actor=mia, participant=Participant.objects.get(user=mia))
    assert not shows(mia)
    participant_apply(actor=mia, program=program, role="mentee", answers=["Leadership"])
    assert shows(mia)
    # The coordinator flag is read from the user row on every page: no cache to renew.
    enable_totp(oscar)  # which coordinators must have
    User.objects.filter(pk=oscar.pk).update(is_coordinator=True)
    assert shows(oscar)
    User.objects.filter(pk=oscar.pk).update(is_coordinator=False)
    assert not shows(oscar)
    # Named a program's coordinator (as staff can be without the flag).
    coordinator_add(actor=personas.coordinator, program=program, email=personas.staff.email)
    User.objects.filter(pk=personas.staff.pk).update(is_staff=False, is_superuser=False)
    assert shows(personas.staff)


def test_the_admin_renews_the_programs_entry_of_coordinators_it_names_or_removes(
        personas, client_for):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from tandem.programs.models import Program
    from tandem.programs.services import program_create
    from tandem.programs.tests.conftest import program_data

    marta = personas.mentor
    program = program_create(actor=personas.coordinator, **program_data())

    def shows() -> bool:
        return PROGRAMS_LINK in client_for(marta).get(MINIMAL_PAGE).content.decode()

    assert not shows()
    admin = site._registry[Program]
    request = RequestFactory().post("/")
    request.user = personas.staff

    class Form:
        instance = program

        def save_m2m(self):
            program.coordinators.add(marta)

    admin.save_related(request, Form(), [], change=True)
    assert shows()
    admin.delete_model(request, program)
    assert not shows()
