from datetime import timedelta

from django.utils import timezone

from tandem.advocacy import sections, services
from tandem.advocacy.demo import demo_records
from tandem.core.sections import timeline


def fill(rel):
    soon = services.opportunity_post(actor=rel.mentor, relationship=rel, kind="job",
                                     title="Backend role at Acme",
                                     deadline=timezone.localdate() + timedelta(days=5))
    services.opportunity_post(actor=rel.mentor, relationship=rel, kind="event",
                              title="Far conference",
                              deadline=timezone.localdate() + timedelta(days=60))
    intro = services.introduction_propose(actor=rel.mentor, relationship=rel,
                                          contact_name="Grace Kim", why="Hiring manager")
    services.introduction_set_status(actor=rel.mentor, introduction=intro, status="made")
    services.resource_add(actor=rel.mentee, relationship=rel, kind="book", title="Range",
                          tags=["careers"], is_public=True)
    return soon


def test_it_shows_an_advocacy_card_on_the_relationship_page(rel, client_for):
    fill(rel)
    page = client_for(rel.mentor).get(f"/mentorships/{rel.pk}/tab/goals/").content.decode()
    assert 'data-testid="advocacy-section"' in page
    assert "Backend role at Acme" in page and "Grace Kim" in page
    assert "1 resource in your shared library" in page


def test_it_lists_near_deadlines_and_introductions_on_the_mentees_dashboard(rel, client_for):
    fill(rel)
    page = client_for(rel.mentee).get("/").content.decode()
    assert "Deadlines in the next 14 days" in page
    assert "Backend role at Acme" in page and "Far conference" not in page
    assert "Introductions to follow up" in page and "Grace Kim" in page
    mentor_page = client_for(rel.mentor).get("/").content.decode()
    assert "Backend role at Acme" not in mentor_page


def test_it_puts_every_step_on_the_timeline(rel):
    fill(rel)
    events = timeline(viewer=rel.mentee, relationship=rel, kinds={"advocacy"})
    titles = [e.title for e in events]
    assert titles.count("Opportunity shared: Job") == 1
    assert "Introduction proposed" in titles and "Introduction: Introduction made" in titles
    assert "Resource added: Book" in titles
    assert all(e.kind == "advocacy" for e in events)


def test_it_costs_the_same_queries_on_the_relationship_page_and_timeline(rel, query_budget):
    def make(n):
        for _ in range(n):
            fill(rel)

    query_budget(make=make, call=lambda: (
        sections.relationship_section(viewer=rel.mentee, relationship=rel),
        sections.dashboard_section(viewer=rel.mentee),
        sections.timeline_events(viewer=rel.mentee, relationship=rel),
        sections.record_markdown(user=rel.mentee)))


def test_it_writes_the_record_from_the_persons_side(rel, personas):
    fill(rel)
    mentee = sections.record_markdown(user=rel.mentee)
    assert "## Opportunities, introductions and resources" in mentee
    assert "Job from Marta Mentor: **Backend role at Acme**" in mentee
    assert "**Grace Kim**" in mentee and "Range" in mentee
    mentor = sections.record_markdown(user=rel.mentor)
    assert "Job for Mia Mentee" in mentor and "Range" not in mentor  # Mia's resource
    assert sections.record_markdown(user=personas.outsider) == ""


def test_it_fills_the_demo_mentorship(rel, personas, client_for):
    counts = demo_records(mentee=rel.mentee, mentor=rel.mentor, relationship=rel)
    assert counts["opportunities"] == 4 and counts["introductions"] == 3
    assert counts["resources"] >= 6
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/advocacy/").content.decode()
    assert "Senior backend engineer, Northwind" in page and "Inês Carvalho" in page
    library = client_for(personas.outsider).get("/resources/").content.decode()
    assert "Designing Data-Intensive Applications" in library
    assert "Excalidraw" not in library  # private to the pair


def test_it_shows_the_home_card_only_to_whom_something_waits(rel, personas, client_for):
    # Nothing coming up: no card, for the mentee, the mentor or a coordinator.
    for person in (rel.mentee, rel.mentor, personas.coordinator):
        assert sections.dashboard_section(viewer=person) is None
    fill(rel)
    page = client_for(rel.mentee).get("/").content.decode()
    assert 'data-testid="advocacy-dashboard"' in page and "Backend role at Acme" in page
    for person in (rel.mentor, personas.coordinator):
        assert sections.dashboard_section(viewer=person) is None
