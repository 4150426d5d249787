"""The messages API: conversations, a thread (paged, after an id), post, edit, delete,
mark read and search, with the one error shape."""

from tandem.conversations.models import Message
from tandem.conversations.tests.conftest import backdate


def base(rel):
    return f"/api/mentorships/{rel.pk}/messages"


def test_it_posts_and_lists_a_thread(rel, personas, api_client):
    goal = personas.mentee.career_goals.order_by("position", "id").first()
    api = api_client(personas.mentee)
    response = api.post(base(rel), {"body": "Hi **Marta**", "goal_id": goal.pk})
    assert response.status_code == 201
    data = response.json()
    assert data["author_id"] == personas.mentee.pk and data["goal_id"] == goal.pk
    assert data["reference_url"].endswith(f"#goal-{goal.pk}")
    thread = api_client(personas.mentor).get(base(rel)).json()
    assert [m["body"] for m in thread["messages"]] == ["Hi **Marta**"]
    assert thread["unread"] == 1 and thread["writable"] is True


def test_polling_with_after(rel, personas, post, api_client):
    first, second = post(body="One"), post(body="Two")
    data = api_client(personas.mentee).get(base(rel), {"after": first.pk}).json()
    assert [m["id"] for m in data["messages"]] == [second.pk]


def test_paging_with_before_and_limit(rel, personas, post, api_client):
    made = [post(body=f"m{i}") for i in range(5)]
    api = api_client(personas.mentee)
    data = api.get(base(rel), {"limit": 2}).json()
    assert [m["body"] for m in data["messages"]] == ["m3", "m4"] and data["has_older"]
    data = api.get(base(rel), {"limit": 2, "before": made[3].pk}).json()
    assert [m["body"] for m in data["messages"]] == ["m1", "m2"]
    assert api.get(base(rel), {"limit": 0}).status_code == 422


def test_bad_input_names_the_field(rel, personas, api_client):
    api = api_client(personas.mentee)
    response = api.post(base(rel), {"body": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"
    response = api.post(base(rel), {"body": "x", "surprise": 1})
    assert response.status_code == 422
    response = api.post(base(rel), {"body": "x", "meeting_id": 999999})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "meeting_id"
    response = api.post(base(rel), {"body": "x", "goal_id": 2**70})
    assert response.status_code == 422


def test_a_closed_mentorship_answers_409(rel, personas, api_client):
    from tandem.mentorships.services import relationship_complete

    relationship_complete(actor=personas.mentor, relationship=rel)
    response = api_client(personas.mentee).post(base(rel), {"body": "Hi"})
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]


def test_edit_and_delete(rel, personas, post, api_client):
    m = post(body="Typo")
    api = api_client(personas.mentor)
    response = api.patch(f"/api/messages/{m.pk}", {"body": "Fixed"})
    assert response.status_code == 200 and response.json()["edited_at"]
    assert api_client(personas.mentee).patch(f"/api/messages/{m.pk}",
                                             {"body": "No"}).status_code == 403
    backdate(m, minutes=20)
    assert api.patch(f"/api/messages/{m.pk}", {"body": "Late"}).status_code == 409
    assert api_client(personas.mentee).delete(f"/api/messages/{m.pk}").status_code == 403
    assert api.delete(f"/api/messages/{m.pk}").status_code == 204
    data = api_client(personas.mentee).get(f"/api/messages/{m.pk}").json()
    assert data["deleted"] is True and data["body"] == ""


def test_mark_read_and_conversations(rel, personas, post, api_client):
    post(body="Hello")
    api = api_client(personas.mentee)
    convs = api.get("/api/conversations").json()
    assert convs[0]["unread"] == 1 and convs[0]["other_name"] == "Marta Mentor"
    assert convs[0]["last_message"]["body"] == "Hello"
    response = api.post(f"{base(rel)}/read", {})
    assert response.status_code == 200 and response.json()["unread"] == 0
    assert api.get("/api/conversations").json()[0]["unread"] == 0


def test_search(rel, other_rel, personas, post, api_client):
    post(body="Read Designing Data-Intensive Applications")
    post(author=personas.mentor2, relationship=other_rel, body="Designing for Noah")
    found = api_client(personas.mentee).get("/api/messages/search", {"q": "designing"}).json()
    assert [m["body"] for m in found] == ["Read Designing Data-Intensive Applications"]
    assert api_client(personas.mentee).get("/api/messages/search",
                                           {"q": " "}).status_code == 422


def test_non_parties_get_404_everywhere(rel, personas, post, api_client):
    m = post(body="Private")
    for who in (personas.outsider, personas.coordinator, personas.staff, personas.mentor2):
        api = api_client(who)
        assert api.get(base(rel)).status_code == 404
        assert api.post(base(rel), {"body": "x"}).status_code == 404
        assert api.post(f"{base(rel)}/read", {}).status_code == 404
        assert api.get(f"/api/messages/{m.pk}").status_code == 404
        assert api.patch(f"/api/messages/{m.pk}", {"body": "x"}).status_code == 404
        assert api.delete(f"/api/messages/{m.pk}").status_code == 404
        assert api.get("/api/messages/search", {"q": "Private"}).json() == []
        assert api.get("/api/conversations").json() == []
    assert Message.objects.get().body == "Private"
