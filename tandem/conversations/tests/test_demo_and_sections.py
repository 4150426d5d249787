"""The demo conversation, and the cards on the relationship page and the dashboard."""

from tandem.conversations import selectors
from tandem.conversations.demo import demo_records
from tandem.conversations.models import Message
from tandem.conversations.sections import dashboard_section, relationship_section


def test_the_demo_has_a_believable_conversation_with_one_unread(rel, other_rel, personas):
    from tandem.mentorships.services import relationship_complete, request_accept, request_create

    done = request_accept(actor=personas.mentor, request=request_create(
        actor=personas.mentee2, mentor=personas.mentor, message="Hi"))
    relationship_complete(actor=personas.mentor, relationship=done)
    counts = demo_records(mentee=personas.mentee, mentor=personas.mentor, relationship=rel)
    assert counts["messages"] == Message.objects.count() >= 10
    assert selectors.unread_in(rel, personas.mentee) == 1
    assert selectors.unread_in(rel, personas.mentor) == 0
    assert Message.objects.filter(relationship=rel, goal__isnull=False).exists()
    assert Message.objects.filter(relationship=done).count() == 2
    # Emailed already, as far as the job is concerned: loading the demo sends nothing.
    from tandem.conversations.services import messages_email_unseen

    assert messages_email_unseen() == 0


def test_the_cards_count_unread_for_the_viewer(rel, personas, post):
    post(body="Hi")
    assert relationship_section(viewer=personas.mentee, relationship=rel)["unread"] == 1
    assert relationship_section(viewer=personas.mentor, relationship=rel)["unread"] == 0
    assert dashboard_section(viewer=personas.mentee)["unread"] == 1
    assert dashboard_section(viewer=personas.outsider) is None


def test_the_relationship_card_costs_fixed_queries(rel, personas, post, query_budget):
    query_budget(make=lambda n: [post(body=str(i)) for i in range(n)],
                 call=lambda: relationship_section(viewer=personas.mentee, relationship=rel))
