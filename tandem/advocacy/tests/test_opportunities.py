from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.advocacy import services
from tandem.advocacy.models import Opportunity, OpportunityChange
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.mentorships.services import relationship_complete
from tandem.notifications.models import Notification


def post(rel, **kwargs):
    args = {"kind": "talk", "title": "PyCon lightning talks",
            "description": "Five minutes on **anything** you learned.",
            "url": "https://pycon.example.org/talks",
            "deadline": timezone.localdate() + timedelta(days=10), **kwargs}
    return services.opportunity_post(actor=rel.mentor, relationship=rel, **args)


def test_it_shows_a_posted_opportunity_to_the_mentee_and_tells_her(rel, client_for):
    opportunity = post(rel)
    note = Notification.objects.get(recipient=rel.mentee, kind="advocacy.opportunity")
    assert note.url == f"/opportunities/{opportunity.pk}/"
    assert "PyCon" not in note.title  # the content stays behind the link
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/advocacy/").content.decode()
    assert "PyCon lightning talks" in page and "<strong>anything</strong>" in page
    assert "I applied" in page and "Not for me" in page
    assert "Pass on an opportunity" not in page  # only the mentor posts


def test_it_moves_through_applied_and_done_keeping_the_history(rel, client_for):
    opportunity = post(rel)
    client = client_for(rel.mentee)
    response = client.post(f"/opportunities/{opportunity.pk}/status/", {"status": "applied"})
    assert response.status_code == 302
    client.post(f"/opportunities/{opportunity.pk}/status/", {"status": "done",
                                                             "back": "detail"})
    opportunity.refresh_from_db()
    assert opportunity.status == "done"
    changes = list(OpportunityChange.objects.filter(opportunity=opportunity)
                   .values_list("from_status", "to_status"))
    assert changes == [("suggested", "applied"), ("applied", "done")]
    assert Notification.objects.filter(recipient=rel.mentor,
                                       kind="advocacy.opportunity_status").exists()
    page = client_for(rel.mentor).get(f"/opportunities/{opportunity.pk}/").content.decode()
    assert "Suggested → <strong>Applied</strong>" in page
    assert "Applied → <strong>Done</strong>" in page
    with pytest.raises(Conflict):
        services.opportunity_set_status(actor=rel.mentee, opportunity=opportunity,
                                        status="applied")


def test_it_keeps_a_reason_when_it_is_not_for_the_mentee(rel, client_for):
    opportunity = post(rel)
    client_for(rel.mentee).post(f"/opportunities/{opportunity.pk}/status/",
                                {"status": "declined", "reason": "I am not ready to move.",
                                 "back": "detail"})
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.decline_reason) == ("declined",
                                                                "I am not ready to move.")
    page = client_for(rel.mentor).get(f"/opportunities/{opportunity.pk}/").content.decode()
    assert "I am not ready to move." in page and "Reconsider" in page
    services.opportunity_set_status(actor=rel.mentor, opportunity=opportunity,
                                    status="suggested")
    opportunity.refresh_from_db()
    assert opportunity.decline_reason == ""
    with pytest.raises(ValidationFailed) as exc:
        services.opportunity_set_status(actor=rel.mentee, opportunity=opportunity,
                                        status="applied", reason="Why not")
    assert exc.value.field == "reason"


def test_it_lets_only_the_mentor_post_and_edit(rel, client_for):
    with pytest.raises(Forbidden):
        services.opportunity_post(actor=rel.mentee, relationship=rel, kind="job", title="X")
    response = client_for(rel.mentee).post(f"/mentorships/{rel.pk}/advocacy/opportunities/",
                                           {"kind": "job", "title": "X"})
    assert response.status_code == 403
    opportunity = post(rel)
    response = client_for(rel.mentee).post(f"/opportunities/{opportunity.pk}/",
                                           {"kind": "job", "title": "Changed"})
    assert response.status_code == 403
    client_for(rel.mentor).post(f"/opportunities/{opportunity.pk}/",
                                {"kind": "job", "title": "Staff engineer role",
                                 "url": "", "description": "", "deadline": ""})
    opportunity.refresh_from_db()
    assert (opportunity.kind, opportunity.title, opportunity.url) == (
        "job", "Staff engineer role", "")


def test_it_hides_opportunities_from_everyone_outside_the_pair(rel, personas, client_for,
                                                                api_client):
    opportunity = post(rel)
    for person in (personas.mentee2, personas.mentor2, personas.outsider,
                   personas.coordinator, personas.staff):
        assert client_for(person).get(f"/opportunities/{opportunity.pk}/").status_code == 404
        assert client_for(person).get(f"/mentorships/{rel.pk}/advocacy/").status_code == 404
        assert api_client(person).post(f"/api/opportunities/{opportunity.pk}/status",
                                       {"status": "applied"}).status_code == 404


@pytest.mark.parametrize("kwargs,field", [
    ({"kind": "lottery"}, "kind"),
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"title": "a\x00b"}, "title"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "ftp://files.example.org"}, "url"),
    ({"url": "https://"}, "url"),
    ({"description": "d" * 5001}, "description"),
    ({"deadline": "soon"}, "deadline"),
])
def test_it_names_the_field_at_fault(rel, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        post(rel, **kwargs)
    assert field in [e["field"] for e in exc.value.errors]
    assert not Opportunity.objects.exists()


def test_it_names_every_bad_field_at_once(rel):
    with pytest.raises(ValidationFailed) as exc:
        post(rel, kind="x", title="", url="mailto:a@b.c")
    assert {e["field"] for e in exc.value.errors} == {"kind", "title", "url"}


def test_it_refuses_deadlines_long_past_or_far_ahead(rel):
    today = timezone.localdate()
    for day in (today - timedelta(days=30), today + timedelta(days=365 * 6)):
        with pytest.raises(ValidationFailed) as exc:
            post(rel, deadline=day)
        assert exc.value.field == "deadline"
    opportunity = post(rel, deadline=today)
    # An old deadline can stay as it is when other fields change.
    Opportunity.objects.filter(pk=opportunity.pk).update(deadline=today - timedelta(days=90))
    opportunity.refresh_from_db()
    services.opportunity_update(actor=rel.mentor, opportunity=opportunity,
                                changes={"title": "Renamed", "deadline": opportunity.deadline})


def test_it_reports_a_bad_form_on_the_page_with_status_400(rel, client_for):
    response = client_for(rel.mentor).post(f"/mentorships/{rel.pk}/advocacy/opportunities/",
                                           {"kind": "job", "title": "Role",
                                            "url": "javascript:alert(1)"})
    assert response.status_code == 400
    assert "starting with http:// or https://" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_it_makes_a_closed_mentorship_read_only(rel, client_for):
    opportunity = post(rel)
    relationship_complete(actor=rel.mentee, relationship=rel)
    rel.refresh_from_db()
    opportunity.refresh_from_db()
    with pytest.raises(Conflict):
        post(rel)
    with pytest.raises(Conflict):
        services.opportunity_set_status(actor=rel.mentee, opportunity=opportunity,
                                        status="applied")
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/advocacy/").content.decode()
    assert "PyCon lightning talks" in page and "I applied" not in page
    response = client_for(rel.mentee).post(f"/opportunities/{opportunity.pk}/status/",
                                           {"status": "applied"}, follow=True)
    assert "closed" in response.content.decode()


def test_it_lets_the_poster_remove_it(rel, client_for):
    opportunity = post(rel)
    assert client_for(rel.mentee).post(
        f"/opportunities/{opportunity.pk}/delete/").status_code == 403
    assert client_for(rel.mentor).post(
        f"/opportunities/{opportunity.pk}/delete/").status_code == 302
    assert not Opportunity.objects.exists()


def test_it_manages_opportunities_over_the_api(rel, api_client, personas):
    mentor, mentee = api_client(rel.mentor), api_client(rel.mentee)
    url = f"/api/mentorships/{rel.pk}/opportunities"
    response = mentor.post(url, {"kind": "project", "title": "Open-source sprint",
                                 "url": "https://sprint.example.org",
                                 "deadline": str(timezone.localdate() + timedelta(days=3))})
    assert response.status_code == 201, response.content
    oid = response.json()["id"]
    assert mentee.post(url, {"kind": "job", "title": "x"}).status_code == 403
    response = mentee.post(f"/api/opportunities/{oid}/status", {"status": "applied"})
    assert response.status_code == 200 and response.json()["status"] == "applied"
    assert [h["to_status"] for h in response.json()["history"]] == ["applied"]
    assert mentee.post(f"/api/opportunities/{oid}/status",
                       {"status": "applied"}).status_code == 409
    response = mentor.patch(f"/api/opportunities/{oid}", {"title": "Open-source sprint 2"})
    assert response.json()["title"] == "Open-source sprint 2"
    assert mentee.patch(f"/api/opportunities/{oid}", {"title": "x"}).status_code == 403
    listed = mentee.get(url).json()
    assert [o["id"] for o in listed] == [oid]
    bad = mentor.post(url, {"kind": "job", "title": "x", "url": "file:///etc/passwd"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "url"
    wrong = mentor.post(url, {"kind": "job", "title": 5, "extra": 1})
    assert wrong.status_code == 422
    assert mentor.post(url, {"kind": "job", "title": "x",
                             "deadline": "99999-01-01"}).status_code == 422
    assert mentor.get(f"/api/opportunities/{2**70}").status_code in (404, 422)
    assert api_client(personas.outsider).get(f"/api/opportunities/{oid}").status_code == 404
    assert mentor.delete(f"/api/opportunities/{oid}").status_code == 204


def test_it_answers_404_for_an_opportunity_of_another_mentorship(rel, other_rel, api_client):
    theirs = services.opportunity_post(actor=other_rel.mentor, relationship=other_rel,
                                       kind="job", title="Designer role")
    client = api_client(rel.mentor)
    assert client.get(f"/api/opportunities/{theirs.pk}").status_code == 404
    assert client.patch(f"/api/opportunities/{theirs.pk}", {"title": "x"}).status_code == 404
    assert client.get(f"/api/mentorships/{other_rel.pk}/opportunities").status_code == 404


def test_it_costs_the_same_queries_however_many_opportunities(rel, client_for, query_budget):
    client = client_for(rel.mentee)

    def make(n):
        for index in range(n):
            opportunity = post(rel, title=f"Opportunity {index}")
            services.opportunity_set_status(actor=rel.mentee, opportunity=opportunity,
                                            status="applied")

    query_budget(make=make, call=lambda: client.get(f"/mentorships/{rel.pk}/advocacy/"))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=300), url=st.text(max_size=60), description=st.text(max_size=50))
def test_it_never_fails_on_any_text(rel, title, url, description):
    try:
        post(rel, title=title, url=url, description=description)
    except ValidationFailed as exc:
        assert exc.errors and all(e["field"] for e in exc.errors)
