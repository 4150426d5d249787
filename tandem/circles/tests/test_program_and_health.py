"""Program matching into circles, circle health figures, and the cost of list pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.tests.factories import make_mentee
from tandem.circles import matching, selectors, services
from tandem.circles.models import Circle, CircleMeeting, Membership, Post
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(personas):
    from tandem.programs import services as programs

    today = timezone.localdate()
    made = programs.program_create(
        actor=personas.coordinator, name="Spring cohort",
        applications_open=today - timedelta(days=3), applications_close=today + timedelta(days=3),
        starts_on=today + timedelta(days=10), ends_on=today + timedelta(days=100))
    programs.participant_apply(actor=personas.mentor, program=made, role="mentor", capacity=2)
    programs.participant_apply(actor=personas.mentor2, program=made, role="mentor", capacity=2)
    for person in (personas.mentee, personas.mentee2):
        programs.participant_apply(actor=person, program=made, role="mentee")
    return made


@pytest.fixture
def program_circles(personas, program):
    python = services.circle_create(actor=personas.mentor, topic="Python careers",
                                    mentor_led=True, size_limit=2, program=program,
                                    join_mode="program")
    design = services.circle_create(actor=personas.mentor2, topic="Design leadership",
                                    mentor_led=True, size_limit=2, program=program,
                                    join_mode="program")
    return python, design


def test_only_an_enrolled_mentor_starts_a_program_circle(personas, program):
    with pytest.raises(ValidationFailed) as caught:
        services.circle_create(actor=personas.outsider, topic="x", mentor_led=False,
                               program=program)
    assert caught.value.field == "program"


def test_the_engine_proposes_each_mentee_a_circle_with_reasons(personas, program_circles):
    python, _ = program_circles
    proposal = matching.propose(python.program)
    by_mentee = {row.mentee: row for row in proposal.rows}
    assert set(by_mentee) == {personas.mentee, personas.mentee2}
    # Both mentees want Python, which Marta's circle offers.
    assert by_mentee[personas.mentee].circle == python
    assert all(row.reasons for row in proposal.rows)
    assert not proposal.unmatched


def test_capacity_is_the_circles_free_places(personas, program, program_circles):
    python, design = program_circles
    Circle.objects.filter(pk__in=[python.pk, design.pk]).update(size_limit=2)
    services.circle_update(actor=personas.mentor, circle=python, changes={"size_limit": 2})
    from tandem.programs import services as programs

    extra = [make_mentee(email=f"m{n}@example.com", name=f"Extra {n}") for n in range(3)]
    for person in extra:
        programs.participant_apply(actor=person, program=program, role="mentee")
    proposal = matching.propose(program)
    assert len(proposal.rows) == 4  # two places in each circle
    assert len(proposal.unmatched) == 1


def test_confirming_makes_active_members_and_tells_them(personas, program, program_circles):
    python, _ = program_circles
    proposal = matching.propose(program)
    pairs = [(row.mentee.pk, row.circle.pk) for row in proposal.rows]
    with pytest.raises(Forbidden):
        services.program_assign(actor=personas.mentor, program=program, assignments=pairs)
    services.program_assign(actor=personas.coordinator, program=program, assignments=pairs)
    for user_id, circle_id in pairs:
        m = Membership.objects.get(user_id=user_id, circle_id=circle_id)
        assert m.status == "active" and m.source == "program"
    assert Notification.objects.filter(recipient=personas.mentee, kind="circle.assigned").exists()
    # Placed mentees are not proposed again.
    assert matching.propose(program).rows == []


def test_an_assignment_past_the_free_places_is_refused_whole(personas, program,
                                                             program_circles):
    python, _ = program_circles
    Circle.objects.filter(pk=python.pk).update(size_limit=2)
    from tandem.programs import services as programs

    extra = make_mentee(email="late@example.com", name="Late")
    programs.participant_apply(actor=extra, program=program, role="mentee")
    pairs = [(personas.mentee.pk, python.pk), (personas.mentee2.pk, python.pk),
             (extra.pk, python.pk)]
    with pytest.raises(Conflict, match="no place left"):
        services.program_assign(actor=personas.coordinator, program=program, assignments=pairs)
    assert not Membership.objects.filter(circle=python, source="program").exists()
    with pytest.raises(ValidationFailed):
        services.program_assign(actor=personas.coordinator, program=program,
                                assignments=[(personas.outsider.pk, python.pk)])


def test_the_assignment_page_confirms(personas, program, program_circles, client_for):
    client = client_for(personas.coordinator)
    page = client.get(f"/programs/{program.pk}/circles/assign/")
    assert page.status_code == 200 and "Python careers" in page.content.decode()
    python, _ = program_circles
    client.post(f"/programs/{program.pk}/circles/assign/",
                {"assign": [f"{personas.mentee.pk}:{python.pk}"]})
    assert Membership.objects.get(user=personas.mentee, circle=python).status == "active"
    assert client_for(personas.mentor).get(
        f"/programs/{program.pk}/circles/assign/").status_code == 404


def test_health_figures_and_signals(personas, circle, soon):
    now = timezone.now()
    services.membership_request(actor=personas.mentee, circle=circle)
    services.request_decide(actor=personas.mentor, membership=Membership.objects.get(
        user=personas.mentee), accept=True)
    meetings = services.meetings_schedule(actor=personas.mentor, circle=circle, first_at=soon,
                                          count=2)
    CircleMeeting.objects.filter(pk__in=[m.pk for m in meetings]).update(
        starts_at=now - timedelta(days=1))
    for m in meetings:
        m.refresh_from_db()
    services.attendance_record(actor=personas.mentor, meeting=meetings[0],
                               present=[personas.mentor.pk, personas.mentee2.pk])
    services.attendance_record(actor=personas.mentor, meeting=meetings[1],
                               present=[personas.mentor.pk, personas.mentee.pk])
    services.post_add(actor=personas.mentee2, circle=circle, body="Hello")
    [h] = selectors.health(Circle.objects.filter(pk=circle.pk))
    assert (h.members, h.mentors, h.meetings_held, h.posts_30_days) == (2, 1, 2, 1)
    assert round(h.attendance_rate, 2) == 0.67 and h.signal == "healthy"
    # Nothing for 50 days: at risk, with the reason.
    Circle.objects.filter(pk=circle.pk).update(last_activity_at=now - timedelta(days=50))
    Post.objects.update(created_at=now - timedelta(days=50))
    [h] = selectors.health(Circle.objects.filter(pk=circle.pk))
    assert h.signal == "at_risk" and "50 days" in h.reasons[0]
    Circle.objects.filter(pk=circle.pk).update(last_activity_at=now - timedelta(days=35))
    [h] = selectors.health(Circle.objects.filter(pk=circle.pk))
    assert h.signal == "quiet"


def test_coordinators_see_only_their_programs_circles(personas, program_circles, circle,
                                                      api_client):
    rows = api_client(personas.coordinator).get("/api/circles/health").json()
    assert {r["topic"] for r in rows} == {"Python careers", "Design leadership"}
    rows = api_client(personas.staff).get("/api/circles/health").json()
    assert circle.topic in {r["topic"] for r in rows}
    assert set(rows[0]) >= {"members", "attendance_rate", "posts_30_days", "signal", "reasons"}
    assert "body" not in str(rows)


def test_list_pages_cost_the_same_with_more_circles(personas, client_for, query_budget):
    client = client_for(personas.mentee)
    made = []

    def make(n):
        for _ in range(n):
            c = services.circle_create(actor=personas.mentor, topic=f"Circle {len(made)}",
                                       mentor_led=True, join_mode="request", size_limit=20)
            made.append(c)
            if len(made) % 2:
                services.member_invite(actor=personas.mentor, circle=c, user=personas.mentee)
                services.invitation_respond(actor=personas.mentee, circle=c, accept=True)
            services.meetings_schedule(actor=personas.mentor, circle=c,
                                       first_at=timezone.now() + timedelta(days=3), count=1)

    query_budget(make=make, call=lambda: client.get("/circles/"), small=3, large=12)


def test_the_health_page_costs_the_same_with_more_circles(personas, client_for, query_budget):
    client = client_for(personas.staff)

    def make(n):
        for k in range(n):
            c = services.circle_create(actor=personas.mentor, topic=f"C{k}", mentor_led=True)
            services.post_add(actor=personas.mentor, circle=c, body="Hi")

    query_budget(make=make, call=lambda: client.get("/circles/health/"), small=3, large=12)


def test_the_conversation_costs_the_same_with_more_posts(personas, circle, client_for,
                                                         query_budget):
    client = client_for(personas.mentee2)

    def make(n):
        for k in range(n):
            services.post_add(actor=personas.mentor if k % 2 else personas.mentee2,
                              circle=circle, body=f"Post {k}")

    query_budget(make=make, call=lambda: client.get(f"/circles/{circle.pk}/posts/"))


def test_the_circle_home_costs_the_same_with_more_in_it(personas, circle, client_for,
                                                       query_budget):
    client = client_for(personas.mentee2)
    goals = list(personas.mentee2.career_goals.values_list("pk", flat=True))
    services.goals_share(actor=personas.mentee2, circle=circle, goal_ids=goals)

    def make(n):
        services.meetings_schedule(actor=personas.mentor, circle=circle,
                                   first_at=timezone.now() + timedelta(days=1 + n), count=n)
        for k in range(n):
            services.post_add(actor=personas.mentor, circle=circle, body=f"Post {k}")
            services.resource_add(actor=personas.mentee2, circle=circle, title=f"Book {k}")

    query_budget(make=make, call=lambda: client.get(f"/circles/{circle.pk}/"), small=3,
                 large=12)


