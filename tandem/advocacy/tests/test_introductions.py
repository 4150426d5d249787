import pytest

from tandem.advocacy import services
from tandem.advocacy.models import Introduction, IntroductionChange
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.mentorships.services import relationship_end_early
from tandem.notifications.models import Notification


def introduce(rel, **kwargs):
    args = {"contact_name": "Grace Kim", "contact_role": "Staff engineer, Acme Payments",
            "contact_url": "https://www.linkedin.com/in/grace-example",
            "why": "She moved from support to backend and loves talking about it.",
            "note": "Mention my name; she prefers email.", **kwargs}
    return services.introduction_propose(actor=rel.mentor, relationship=rel, **args)


def test_it_proposes_an_introduction_and_tells_the_mentee(rel, client_for):
    introduction = introduce(rel)
    assert Notification.objects.filter(recipient=rel.mentee,
                                       kind="advocacy.introduction").exists()
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/advocacy/").content.decode()
    assert "Grace Kim" in page and "Staff engineer, Acme Payments" in page
    assert "Introduction made" in page and "Propose an introduction" not in page
    page = client_for(rel.mentee).get(f"/introductions/{introduction.pk}/").content.decode()
    assert "She moved from support to backend" in page and "Mention my name" in page


def test_it_goes_from_proposed_to_made_to_met_with_how_it_went(rel, client_for):
    introduction = introduce(rel)
    client_for(rel.mentor).post(f"/introductions/{introduction.pk}/status/",
                                {"status": "made"})
    assert Notification.objects.filter(recipient=rel.mentee,
                                       kind="advocacy.introduction_status").exists()
    client_for(rel.mentee).post(f"/introductions/{introduction.pk}/status/",
                                {"status": "met", "back": "detail",
                                 "outcome": "We had coffee; she will review my CV."})
    introduction.refresh_from_db()
    assert introduction.status == "met"
    assert introduction.outcome == "We had coffee; she will review my CV."
    assert Notification.objects.filter(recipient=rel.mentor,
                                       kind="advocacy.introduction_status").exists()
    assert list(IntroductionChange.objects.values_list("to_status", flat=True)) == [
        "made", "met"]
    # The mentee can add to how it went later.
    client_for(rel.mentee).post(f"/introductions/{introduction.pk}/",
                                {"outcome": "Coffee, then a referral!"})
    introduction.refresh_from_db()
    assert introduction.outcome == "Coffee, then a referral!"
    page = client_for(rel.mentor).get(f"/introductions/{introduction.pk}/").content.decode()
    assert "Coffee, then a referral!" in page and "Made → <strong>We met</strong>" in page.replace(
        "Introduction made", "Made")


def test_it_refuses_moves_that_make_no_sense(rel):
    introduction = introduce(rel)
    with pytest.raises(Conflict):
        services.introduction_set_status(actor=rel.mentee, introduction=introduction,
                                         status="met")
    with pytest.raises(ValidationFailed) as exc:
        services.introduction_set_status(actor=rel.mentee, introduction=introduction,
                                         status="made", outcome="Great")
    assert exc.value.field == "outcome"
    with pytest.raises(ValidationFailed) as exc:
        services.introduction_update(actor=rel.mentee, introduction=introduction,
                                     changes={"outcome": "Too early"})
    assert exc.value.field == "outcome"
    services.introduction_set_status(actor=rel.mentee, introduction=introduction,
                                     status="declined")
    services.introduction_set_status(actor=rel.mentor, introduction=introduction,
                                     status="proposed")


def test_it_lets_only_the_introducer_change_the_details(rel, client_for):
    introduction = introduce(rel)
    with pytest.raises(Forbidden):
        services.introduction_update(actor=rel.mentee, introduction=introduction,
                                     changes={"why": "Because"})
    with pytest.raises(Forbidden):
        services.introduction_propose(actor=rel.mentee, relationship=rel, contact_name="X",
                                      why="Y")
    response = client_for(rel.mentor).post(f"/introductions/{introduction.pk}/", {
        "contact_name": "Grace Kim", "contact_role": "", "contact_url": "",
        "why": "She hires juniors.", "note": ""})
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert (introduction.why, introduction.contact_url) == ("She hires juniors.", "")
    assert client_for(rel.mentee).post(
        f"/introductions/{introduction.pk}/delete/").status_code == 403
    assert client_for(rel.mentor).post(
        f"/introductions/{introduction.pk}/delete/").status_code == 302
    assert not Introduction.objects.exists()


@pytest.mark.parametrize("kwargs,field", [
    ({"contact_name": ""}, "contact_name"),
    ({"contact_name": "n" * 121}, "contact_name"),
    ({"why": "  "}, "why"),
    ({"contact_url": "linkedin.com/in/grace"}, "contact_url"),
    ({"contact_url": "javascript:alert(1)"}, "contact_url"),
    ({"note": "x\x00"}, "note"),
    ({"contact_role": "r" * 201}, "contact_role"),
])
def test_it_names_the_field_at_fault(rel, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        introduce(rel, **kwargs)
    assert field in [e["field"] for e in exc.value.errors]


def test_it_shows_a_form_error_on_the_page(rel, client_for):
    response = client_for(rel.mentor).post(f"/mentorships/{rel.pk}/advocacy/introductions/",
                                           {"contact_name": "Grace", "why": "x",
                                            "contact_url": "ftp://grace"})
    assert response.status_code == 400
    assert "starting with http:// or https://" in response.content.decode()


def test_it_is_read_only_once_the_mentorship_ended(rel, client_for):
    introduction = introduce(rel)
    relationship_end_early(actor=rel.mentor, relationship=rel, reason="Moving abroad")
    rel.refresh_from_db()
    introduction.refresh_from_db()
    with pytest.raises(Conflict):
        services.introduction_set_status(actor=rel.mentee, introduction=introduction,
                                         status="made")
    page = client_for(rel.mentee).get(f"/introductions/{introduction.pk}/").content.decode()
    assert "Grace Kim" in page and "Where is it at?" not in page


def test_it_manages_introductions_over_the_api(rel, other_rel, api_client, personas):
    mentor, mentee = api_client(rel.mentor), api_client(rel.mentee)
    url = f"/api/mentorships/{rel.pk}/introductions"
    response = mentor.post(url, {"contact_name": "Ada", "why": "She runs the meetup."})
    assert response.status_code == 201
    iid = response.json()["id"]
    assert mentee.post(url, {"contact_name": "Ada", "why": "x"}).status_code == 403
    assert mentee.post(f"/api/introductions/{iid}/status", {"status": "made"}).status_code == 200
    response = mentee.post(f"/api/introductions/{iid}/status",
                           {"status": "met", "outcome": "Lovely chat."})
    assert response.json()["outcome"] == "Lovely chat."
    assert [h["to_status"] for h in response.json()["history"]] == ["made", "met"]
    assert mentee.patch(f"/api/introductions/{iid}", {"why": "x"}).status_code == 403
    assert mentee.patch(f"/api/introductions/{iid}", {"outcome": "Great."}).status_code == 200
    bad = mentor.post(url, {"contact_name": "", "why": "", "contact_url": "nope"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"contact_name", "why", "contact_url"}
    assert mentee.post(f"/api/introductions/{iid}/status",
                       {"status": "unknown"}).json()["errors"][0]["field"] == "status"
    assert api_client(personas.mentor2).get(f"/api/introductions/{iid}").status_code == 404
    assert mentor.get(f"/api/mentorships/{other_rel.pk}/introductions").status_code == 404
    assert mentor.delete(f"/api/introductions/{iid}").status_code == 204
