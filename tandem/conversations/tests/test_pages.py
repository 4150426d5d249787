"""The thread, polling, the inbox and search, editing and deleting, as pages."""

from tandem.conversations import selectors
from tandem.conversations.models import Message
from tandem.conversations.tests.conftest import backdate


def url(rel):
    return f"/mentorships/{rel.pk}/messages/"


def test_the_thread_shows_messages_oldest_first_and_marks_them_read(rel, personas, post,
                                                                     client_for):
    post(body="First **bold**")
    post(body="Second <script>alert(1)</script>")
    assert selectors.unread_total(personas.mentee) == 2
    response = client_for(personas.mentee).get(url(rel))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("First") < html.index("Second")
    assert "<strong>bold</strong>" in html and "<script>alert" not in html
    assert 'hx-trigger="every 7s"' in html
    assert selectors.unread_total(personas.mentee) == 0


def test_posting_without_javascript_redirects_to_the_message(rel, personas, client_for):
    response = client_for(personas.mentee).post(url(rel), {"body": "Thanks, Marta!"})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"{url(rel)}#message-{message.pk}")
    assert message.author == personas.mentee


def test_posting_with_a_reference_shows_it_as_a_link(rel, personas, client_for):
    goal = personas.mentee.career_goals.order_by("position", "id").first()
    client_for(personas.mentee).post(url(rel), {"body": "About this", "reference":
                                                f"goal:{goal.pk}"})
    html = client_for(personas.mentor).get(url(rel)).content.decode()
    assert f"/mentorships/{rel.pk}/goals/#goal-{goal.pk}" in html
    assert goal.title in html


def test_an_empty_message_says_what_is_wrong(rel, personas, client_for):
    response = client_for(personas.mentee).post(url(rel), {"body": " "})
    assert response.status_code == 400
    assert "Write a message." in response.content.decode()
    assert not Message.objects.exists()


def test_a_closed_mentorship_shows_why_it_is_read_only(rel, personas, post, client_for):
    from tandem.mentorships.services import relationship_complete

    post(body="Good luck!")
    relationship_complete(actor=personas.mentor, relationship=rel)
    client = client_for(personas.mentee)
    page = client.get(url(rel)).content.decode()
    assert "Good luck!" in page and "can be read but no longer" in page
    assert "<textarea" not in page
    response = client.post(url(rel), {"body": "Hello?"})
    assert response.status_code == 409
    assert Message.objects.count() == 1


def test_polling_returns_only_new_messages_and_the_next_poller(rel, personas, post,
                                                             client_for):
    old = post(body="Old one")
    new = post(body="New one")
    response = client_for(personas.mentee).get(
        f"{url(rel)}new/?after={old.pk}", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "New one" in html and "Old one" not in html
    assert f"?after={new.pk}" in html
    assert "<html" not in html
    assert selectors.unread_total(personas.mentee) == 0


def test_long_threads_page_back(rel, personas, post, client_for):
    for i in range(55):
        post(body=f"msg-{i:02d}.")
    client = client_for(personas.mentee)
    html = client.get(url(rel)).content.decode()
    assert "msg-54." in html and "msg-04." not in html and "Older messages" in html
    first_shown = Message.objects.order_by("id")[5].pk
    older = client.get(f"{url(rel)}?before={first_shown}").content.decode()
    assert "msg-04." in older and "msg-05." not in older and "Newer messages" in older
    assert "hx-trigger" not in older  # only the latest page polls


def test_editing_in_time_shows_edited(rel, personas, post, client_for):
    m = post(body="Meet at 10")
    client = client_for(personas.mentor)
    assert client.get(f"/messages/{m.pk}/edit/").status_code == 200
    response = client.post(f"/messages/{m.pk}/edit/", {"body": "Meet at 11"})
    assert response.status_code == 302
    html = client_for(personas.mentee).get(url(rel)).content.decode()
    assert "Meet at 11" in html and "edited" in html


def test_editing_late_is_refused(personas, post, client_for):
    m = backdate(post(body="Too late"), minutes=20)
    response = client_for(personas.mentor).post(f"/messages/{m.pk}/edit/", {"body": "X"})
    assert response.status_code == 409
    assert Message.objects.get(pk=m.pk).body == "Too late"


def test_the_other_party_may_not_edit_or_delete(personas, post, client_for):
    m = post(body="Marta's")
    client = client_for(personas.mentee)
    assert client.post(f"/messages/{m.pk}/edit/", {"body": "Mia's"}).status_code == 403
    assert client.post(f"/messages/{m.pk}/delete/").status_code == 403
    assert Message.objects.get(pk=m.pk).body == "Marta's"


def test_deleting_leaves_message_deleted(rel, personas, post, client_for):
    m = post(body="Regret this")
    response = client_for(personas.mentor).post(f"/messages/{m.pk}/delete/")
    assert response.status_code == 302
    html = client_for(personas.mentee).get(url(rel)).content.decode()
    assert "Message deleted" in html and "Regret this" not in html


def test_the_inbox_lists_conversations_with_unread_counts(rel, other_rel, personas, post,
                                                          client_for):
    post(body="How did the interview go? It was on Tuesday, right?")
    post(body="Second question")
    html = client_for(personas.mentee).get("/messages/").content.decode()
    assert "Marta Mentor" in html and "2 unread" in html and "Second question" in html
    assert "Omar" not in html


def test_search_links_to_the_message_in_its_thread(rel, other_rel, personas, post,
                                                   client_for):
    m = post(body="The Kubernetes course link")
    post(author=personas.mentor2, relationship=other_rel, body="Kubernetes for Noah")
    html = client_for(personas.mentee).get("/messages/?q=kubernetes").content.decode()
    assert f"{url(rel)}?from={m.pk}#message-{m.pk}" in html
    assert "for Noah" not in html
    page = client_for(personas.mentee).get(f"{url(rel)}?from={m.pk}").content.decode()
    assert f'id="message-{m.pk}"' in page


def test_the_relationship_page_and_dashboard_show_unread(rel, personas, post, client_for):
    post(body="Ping")
    client = client_for(personas.mentee)
    detail = client.get(f"/mentorships/{rel.pk}/").content.decode()
    assert 'data-testid="relationship-unread">1 unread' in detail
    home = client.get("/").content.decode()
    assert 'data-testid="dashboard-unread">1 unread' in home


def test_the_header_count_comes_from_the_context_processor(rel, personas, post, rf):
    from tandem.conversations.context_processors import conversations

    post(body="Ping")
    request = rf.get("/")
    request.user = personas.mentee
    assert conversations(request)["unread_messages"] == 1


def test_the_thread_costs_the_same_queries_for_few_and_many(rel, personas, post,
                                                           client_for, query_budget):
    client = client_for(personas.mentee)
    goal = personas.mentee.career_goals.order_by("position", "id").first()

    def make(n):
        for i in range(n):
            post(body=f"Message {i}", goal_id=goal.pk if i % 2 else None)

    query_budget(make=make, call=lambda: client.get(url(rel)), small=3, large=30)


def test_the_inbox_costs_the_same_queries_for_few_and_many(personas, client_for,
                                                          query_budget):
    from tandem.accounts.tests.factories import make_mentee
    from tandem.conversations.services import message_post
    from tandem.mentorships.services import request_accept, request_create

    client = client_for(personas.mentor)
    personas.mentor.profile.mentor_capacity = 10
    personas.mentor.profile.save(update_fields=["mentor_capacity"])

    def make(n):
        for _ in range(n):
            mentee = make_mentee()
            rel = request_accept(actor=personas.mentor, request=request_create(
                actor=mentee, mentor=personas.mentor, message="Hi"))
            message_post(actor=mentee, relationship=rel, body="Hello Marta")

    query_budget(make=make, call=lambda: client.get("/messages/"), small=2, large=7)
