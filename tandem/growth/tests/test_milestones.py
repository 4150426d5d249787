from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from tandem.core.errors import ValidationFailed
from tandem.growth import services
from tandem.growth.models import Milestone
from tandem.meetings import services as meetings
from tandem.mentorships.services import request_accept, request_create


def test_it_adds_ticks_off_and_shows_progress_on_the_goals_page(personas, client_for):
    goal = personas.mentee.career_goals.first()
    client = client_for(personas.mentee)
    client.post(f"/goals/{goal.pk}/milestones/", {"title": "Shadow a team lead",
                                                  "due_date": "2030-01-31"})
    client.post(f"/goals/{goal.pk}/milestones/", {"title": "Run a retro"})
    first = Milestone.objects.get(title="Shadow a team lead")
    assert first.due_date == date(2030, 1, 31)
    client.post(f"/milestones/{first.pk}/toggle/", {"done": "yes"})
    page = client.get("/goals/").content.decode()
    assert "50% done" in page and "<s>Shadow a team lead</s>" in page
    response = client.post(f"/goals/{goal.pk}/milestones/", {"title": "  "}, follow=True)
    assert "Milestone not added" in response.content.decode()
    assert client_for(personas.mentee2).post(f"/milestones/{first.pk}/toggle/").status_code == 404


def test_it_turns_a_meeting_action_into_a_milestone_of_a_shared_goal(personas, client_for):
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    rel = request_accept(actor=personas.mentor, request=req)
    meeting = meetings.meeting_schedule(actor=rel.mentor, relationship=rel,
                                        day=timezone.localdate() + timedelta(days=3),
                                        at=time(10, 0), tz="UTC")
    action = meetings.action_add(actor=rel.mentor, meeting=meeting, text="Draft the promotion case",
                                 owner=rel.mentee, due_date=date(2030, 2, 1))
    goal = personas.mentee.career_goals.first()
    client = client_for(rel.mentor)
    client.post(f"/actions/{action.pk}/milestone/", {"goal_id": str(goal.pk)})
    milestone = Milestone.objects.get(source_action=action)
    assert (milestone.goal, milestone.title, milestone.due_date) == (
        goal, "Draft the promotion case", date(2030, 2, 1))
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert '<span class="badge">milestone</span>' in page

    private = personas.mentee.career_goals.last()
    private.visibility = "private"
    private.save()
    other = meetings.action_add(actor=rel.mentor, meeting=meeting, text="Read a book",
                                owner=rel.mentee)
    with pytest.raises(ValidationFailed, match="shared goals"):
        services.milestone_from_action(actor=rel.mentor, action=other, goal_id=private.pk)
    assert private.title not in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_it_manages_milestones_over_the_api(personas, api_client):
    goal = personas.mentee.career_goals.first()
    client = api_client(personas.mentee)
    response = client.post(f"/api/me/goals/{goal.pk}/milestones", {"title": "Step one"})
    assert response.status_code == 201
    milestone_id = response.json()["id"]
    assert client.post(f"/api/milestones/{milestone_id}/done", {"done": True}).json()["done_at"]
    assert [m["title"] for m in client.get(f"/api/me/goals/{goal.pk}/milestones").json()] == [
        "Step one"]
    assert api_client(personas.mentor).delete(f"/api/milestones/{milestone_id}").status_code == 404
    assert client.delete(f"/api/milestones/{milestone_id}").status_code == 204


def test_it_turns_a_long_action_into_a_milestone(personas, client_for):
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    rel = request_accept(actor=personas.mentor, request=req)
    meeting = meetings.meeting_schedule(actor=rel.mentor, relationship=rel,
                                        day=timezone.localdate() + timedelta(days=3),
                                        at=time(10, 0), tz="UTC")
    text = "Draft the promotion case " + "x" * 275
    action = meetings.action_add(actor=rel.mentor, meeting=meeting, text=text, owner=rel.mentee)
    goal = personas.mentee.career_goals.first()
    milestone = services.milestone_from_action(actor=rel.mentor, action=action,
                                               goal_id=goal.pk)
    milestone.refresh_from_db()
    assert len(text) == 300 and milestone.title == text
    with pytest.raises(ValidationFailed, match="At most 300 characters."):
        services.milestone_add(actor=personas.mentee, goal=goal, title="y" * 301)


def test_it_turns_no_action_into_a_milestone_once_the_mentorship_has_closed(personas,
                                                                            api_client):
    from tandem.core.errors import Conflict
    from tandem.mentorships.services import relationship_complete

    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    rel = request_accept(actor=personas.mentor, request=req)
    meeting = meetings.meeting_schedule(actor=rel.mentor, relationship=rel,
                                        day=timezone.localdate() + timedelta(days=3),
                                        at=time(10, 0), tz="UTC")
    action = meetings.action_add(actor=rel.mentor, meeting=meeting, text="Write it up",
                                 owner=rel.mentee)
    goal = personas.mentee.career_goals.first()  # shared with all her mentors
    relationship_complete(actor=rel.mentee, relationship=rel)
    action.meeting.relationship.refresh_from_db()
    with pytest.raises(Conflict, match="closed"):
        services.milestone_from_action(actor=rel.mentor, action=action, goal_id=goal.pk)
    response = api_client(rel.mentor).post(f"/api/actions/{action.pk}/milestone",
                                           {"goal_id": goal.pk})
    assert response.status_code == 409
    assert not Milestone.objects.filter(goal=goal).exists()


def test_it_starts_a_goal_when_its_first_milestone_is_done(personas):
    from tandem.accounts.choices import GoalStatus
    from tandem.growth.services import milestone_add, milestone_set_done

    goal = personas.mentee.career_goals.first()
    assert goal.status == GoalStatus.NOT_STARTED
    step = milestone_add(actor=personas.mentee, goal=goal, title="Draft the outline")
    milestone_set_done(actor=personas.mentee, milestone=step, done=True)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.IN_PROGRESS


def test_it_refuses_a_milestone_due_in_the_past_on_the_page_and_in_the_api(personas, client_for,
                                                                           api_client):
    goal = personas.mentee.career_goals.first()
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(personas.mentee).post(
        f"/goals/{goal.pk}/milestones/", {"title": "Too late", "due_date": yesterday.isoformat()},
        follow=True)
    assert "Milestone not added: Pick a due date from today on." in response.content.decode()
    response = api_client(personas.mentee).post(
        f"/api/me/goals/{goal.pk}/milestones", {"title": "Too late",
                                                "due_date": yesterday.isoformat()})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "due_date",
                                          "message": "Pick a due date from today on."}]
    assert not Milestone.objects.filter(title="Too late").exists()
    today = services.milestone_add(actor=personas.mentee, goal=goal, title="Today is fine",
                                   due_date=timezone.localdate())
    assert today.due_date == timezone.localdate()
