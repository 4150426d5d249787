"""The mentor comments on the mentee's shared goals; the mentee reads, acknowledges and
replies; each sees what is unread."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.growth import services
from tandem.growth.models import GoalComment
from tandem.growth.services import goal_create, goal_update
from tandem.notifications.models import Notification


def test_it_lets_the_mentor_comment_and_the_mentee_acknowledge(personas, rel, client_for):
    goal = personas.mentee.career_goals.get(title="Lead a team")
    marta, mia = client_for(personas.mentor), client_for(personas.mentee)
    url = f"/mentorships/{rel.pk}/goals/"
    response = marta.post(f"{url}{goal.pk}/comments/",
                          {"text": "Start by **running one retro**. <script>x()</script>"})
    assert response.status_code == 302
    note = Notification.objects.get(recipient=personas.mentee, kind="goal.comment")
    assert note.url == f"{url}#goal-{goal.pk}"
    page = mia.get(url).content.decode()
    assert "<strong>running one retro</strong>" in page and "<script>x()" not in page
    assert "1 unread comment" in page
    assert "1 unread comment" in mia.get(f"/mentorships/{rel.pk}/").content.decode()
    assert "1 unread comment from Marta Mentor" in mia.get("/").content.decode()
    assert "Not read yet" in marta.get(url).content.decode()

    comment = GoalComment.objects.get()
    assert marta.post(f"/goal-comments/{comment.pk}/acknowledge/").status_code == 403
    assert mia.post(f"/goal-comments/{comment.pk}/acknowledge/").status_code == 302
    comment.refresh_from_db()
    assert comment.read_at is not None
    assert 'data-testid="comment-read"' in marta.get(url).content.decode()
    assert "unread comment" not in mia.get(url).content.decode()
    assert "unread comment" not in mia.get("/").content.decode()


def test_it_gives_the_mentor_an_unread_reply(personas, rel, client_for):
    goal = personas.mentee.career_goals.get(title="Lead a team")
    services.goal_comment_add(actor=rel.mentor, relationship=rel, goal=goal, text="Why?")
    mia = client_for(personas.mentee)
    assert mia.post(f"/mentorships/{rel.pk}/goals/{goal.pk}/comments/",
                    {"text": "Because I like people."}).status_code == 302
    assert Notification.objects.filter(recipient=personas.mentor, kind="goal.comment").exists()
    page = client_for(personas.mentor).get(f"/mentorships/{rel.pk}/").content.decode()
    assert "1 unread comment" in page
    assert client_for(personas.mentor).post(
        f"/mentorships/{rel.pk}/goals/{goal.pk}/read/").status_code == 302
    assert not GoalComment.objects.filter(read_at__isnull=True, author=rel.mentee).exists()
    # The mentor's own comment is still the mentee's to read.
    assert GoalComment.objects.filter(read_at__isnull=True, author=rel.mentor).exists()


def test_it_hides_comments_from_strangers_and_on_unshared_goals(personas, rel, client_for,
                                                               api_client):
    goal = personas.mentee.career_goals.get(title="Speak at a conference")
    comment = services.goal_comment_add(actor=rel.mentor, relationship=rel, goal=goal,
                                        text="Pick a meetup first.")
    for persona in (personas.outsider, personas.coordinator, personas.staff, personas.mentor2):
        assert client_for(persona).get(f"/mentorships/{rel.pk}/goals/").status_code == 404
        assert client_for(persona).post(
            f"/goal-comments/{comment.pk}/acknowledge/").status_code == 404
        assert api_client(persona).get(
            f"/api/mentorships/{rel.pk}/goals/{goal.pk}/comments").status_code == 404
    goal_update(actor=rel.mentee, goal=goal, changes={"visibility": "private"})
    marta = api_client(personas.mentor)
    assert marta.get(f"/api/mentorships/{rel.pk}/goals/{goal.pk}/comments").status_code == 404
    assert marta.post(f"/api/mentorships/{rel.pk}/goals/{goal.pk}/comments",
                      {"text": "Still there?"}).status_code == 404
    assert "Pick a meetup" not in client_for(personas.mentor).get(
        f"/mentorships/{rel.pk}/goals/").content.decode()
    # A goal from another mentorship's mentee does not exist here.
    other = personas.mentee2.career_goals.get()
    assert marta.get(f"/api/mentorships/{rel.pk}/goals/{other.pk}/comments").status_code == 404
    assert marta.get(f"/api/mentorships/{rel.pk}/goals/{2**70}/comments").status_code in (
        404, 422)


def test_it_comments_and_acknowledges_over_the_api(personas, rel, api_client):
    goal = personas.mentee.career_goals.get(title="Lead a team")
    marta, mia = api_client(personas.mentor), api_client(personas.mentee)
    base = f"/api/mentorships/{rel.pk}/goals/{goal.pk}/comments"
    response = marta.post(base, {"text": "Shadow a lead for a sprint."})
    assert response.status_code == 201
    comment_id = response.json()["id"]
    assert response.json()["author_name"] == "Marta Mentor"
    goals = mia.get(f"/api/mentorships/{rel.pk}/goals").json()
    lead = next(g for g in goals if g["id"] == goal.pk)
    assert lead["unread_comments"] == 1 and lead["comments"][0]["read_at"] is None
    assert marta.post(f"/api/goal-comments/{comment_id}/acknowledge").status_code == 403
    body = mia.post(f"/api/goal-comments/{comment_id}/acknowledge").json()
    assert body["read_at"]
    assert mia.post(f"{base}/read").json() == {"acknowledged": 0}
    for payload in ({"text": ""}, {"text": "  "}, {"text": "x" * 4001}, {"text": "a\x00"},
                    {"text": 5}, {}, {"text": "ok", "extra": 1}):
        response = marta.post(base, payload)
        assert response.status_code == 422, payload
        assert response.json()["errors"][0]["field"] in ("text", "extra")
    assert GoalComment.objects.count() == 1


def test_it_refuses_comments_in_a_closed_mentorship(personas, rel, api_client):
    from tandem.mentorships.services import relationship_complete

    goal = personas.mentee.career_goals.get(title="Lead a team")
    relationship_complete(actor=rel.mentor, relationship=rel)
    response = api_client(personas.mentor).post(
        f"/api/mentorships/{rel.pk}/goals/{goal.pk}/comments", {"text": "Late"})
    assert response.status_code == 409


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_it_never_fails_on_any_comment(personas, rel, client_for, text):
    goal = personas.mentee.career_goals.get(title="Lead a team")
    response = client_for(personas.mentor).post(
        f"/mentorships/{rel.pk}/goals/{goal.pk}/comments/", {"text": text})
    assert response.status_code in (302, 400)


def test_it_shows_the_goals_page_at_a_constant_cost(personas, rel, client_for, query_budget):
    client = client_for(personas.mentor)
    made = []

    def make(n):
        for _ in range(n):
            index = len(made)
            goal = goal_create(actor=rel.mentee, title=f"Goal {index}")
            services.milestone_add(actor=rel.mentee, goal=goal, title="Step")
            made.append(services.goal_comment_add(actor=rel.mentor, relationship=rel, goal=goal,
                                                  text=f"Comment {index}"))

    def call():
        assert client.get(f"/mentorships/{rel.pk}/goals/").status_code == 200
        assert client.get(f"/mentorships/{rel.pk}/").status_code == 200
        assert client_for(personas.mentee).get("/").status_code == 200

    query_budget(make=make, call=call, small=3, large=20)
