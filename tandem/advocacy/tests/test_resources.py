import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.advocacy import services
from tandem.advocacy.models import Resource
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.mentorships.services import relationship_complete


def add(rel, actor, **kwargs):
    args = {"kind": "book", "title": "The Staff Engineer's Path", "url": "",
            "description": "Chapter 3 on *big-picture thinking*.",
            "tags": ["Leadership", "career growth"], **kwargs}
    return services.resource_add(actor=actor, relationship=rel, **args)


def test_it_lets_either_party_add_resources_both_read(rel, client_for):
    add(rel, rel.mentor)
    add(rel, rel.mentee, kind="video", title="Designing Data-Intensive talk",
        url="https://video.example.org/ddia", tags=[])
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/advocacy/").content.decode()
    assert "The Staff Engineer&#x27;s Path" in page and "Designing Data-Intensive talk" in page
    assert "<em>big-picture thinking</em>" in page
    assert "Added by Marta Mentor" in page


def test_it_needs_a_link_except_for_a_book_or_a_person(rel):
    with pytest.raises(ValidationFailed) as exc:
        add(rel, rel.mentee, kind="article", url="")
    assert exc.value.field == "url"
    add(rel, rel.mentee, kind="person", title="Ask Dana about on-call", url="")
    resource = add(rel, rel.mentee, kind="book", url="")
    with pytest.raises(ValidationFailed) as exc:
        services.resource_update(actor=rel.mentee, resource=resource,
                                 changes={"kind": "course"})
    assert exc.value.field == "url"


@pytest.mark.parametrize("kwargs,field", [
    ({"kind": "scroll"}, "kind"),
    ({"title": ""}, "title"),
    ({"url": "data:text/html,<script>"}, "url"),
    ({"tags": ["x" * 41]}, "tags"),
    ({"tags": [str(i) for i in range(11)]}, "tags"),
    ({"tags": [1, 2]}, "tags"),
    ({"tags": ["ok\x00"]}, "tags"),
    ({"is_public": "yes"}, "is_public"),
    ({"description": "d" * 4001}, "description"),
])
def test_it_names_the_field_at_fault(rel, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        add(rel, rel.mentee, **kwargs)
    assert field in [e["field"] for e in exc.value.errors]


def test_it_folds_tags_that_are_the_same(rel):
    resource = add(rel, rel.mentee, tags=["Machine  learning", "MACHINE LEARNING", " ", "SQL"])
    assert [t["slug"] for t in resource.tags] == ["machine-learning", "sql"]


def test_it_lets_only_the_adder_edit_publish_or_delete(rel, client_for):
    resource = add(rel, rel.mentor)
    with pytest.raises(Forbidden):
        services.resource_update(actor=rel.mentee, resource=resource, changes={"title": "x"})
    assert client_for(rel.mentee).post(f"/resources/{resource.pk}/publish/",
                                       {"public": "1"}).status_code == 403
    assert client_for(rel.mentee).post(f"/resources/{resource.pk}/delete/").status_code == 403
    page = client_for(rel.mentee).get(f"/resources/{resource.pk}/").content.decode()
    assert "Save changes" not in page
    response = client_for(rel.mentor).post(f"/resources/{resource.pk}/", {
        "kind": "book", "title": "An Elegant Puzzle", "url": "", "description": "",
        "tags": "management, systems"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "An Elegant Puzzle"
    assert [t["name"] for t in resource.tags] == ["management", "systems"]
    assert client_for(rel.mentor).post(f"/resources/{resource.pk}/delete/").status_code == 302
    assert not Resource.objects.exists()


def test_it_keeps_private_resources_from_everyone_outside_the_pair(rel, personas, client_for):
    resource = add(rel, rel.mentee)
    for person in (personas.outsider, personas.mentor2, personas.coordinator, personas.staff):
        assert client_for(person).get(f"/resources/{resource.pk}/").status_code == 404
        assert client_for(person).post(f"/resources/{resource.pk}/delete/").status_code == 404
    assert client_for(rel.mentor).get(f"/resources/{resource.pk}/").status_code == 200


def test_it_lets_the_adder_unpublish_even_after_the_mentorship_closed(rel, personas,
                                                                      client_for):
    resource = add(rel, rel.mentee, is_public=True)
    relationship_complete(actor=rel.mentor, relationship=rel)
    resource.refresh_from_db()
    with pytest.raises(Conflict):
        services.resource_update(actor=rel.mentee, resource=resource, changes={"title": "x"})
    with pytest.raises(Conflict):
        add(rel, rel.mentee)
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/advocacy/").content.decode()
    assert "Take out of the community library" in page
    client_for(rel.mentee).post(f"/resources/{resource.pk}/publish/", {"public": "0"})
    resource.refresh_from_db()
    assert not resource.is_public and resource.published_at is None
    assert client_for(personas.outsider).get(f"/resources/{resource.pk}/").status_code == 404
    with pytest.raises(Conflict):
        services.resource_update(actor=rel.mentee, resource=resource,
                                 changes={"is_public": True})


def test_it_manages_resources_over_the_api(rel, other_rel, api_client, personas):
    mentee, mentor = api_client(rel.mentee), api_client(rel.mentor)
    url = f"/api/mentorships/{rel.pk}/resources"
    response = mentee.post(url, {"kind": "course", "title": "Distributed systems course",
                                 "url": "https://course.example.org", "tags": ["Systems"]})
    assert response.status_code == 201, response.content
    rid = response.json()["id"]
    assert response.json()["tags"] == ["Systems"] and response.json()["is_public"] is False
    assert [r["id"] for r in mentor.get(url).json()] == [rid]
    assert mentor.patch(f"/api/resources/{rid}", {"title": "x"}).status_code == 403
    response = mentee.patch(f"/api/resources/{rid}", {"is_public": True})
    assert response.status_code == 200 and response.json()["published_at"]
    assert mentee.patch(f"/api/resources/{rid}", {"is_public": None}).status_code == 422
    assert mentee.patch(f"/api/resources/{rid}", {"tags": "one"}).status_code == 422
    assert mentee.post(url, {"kind": "tool", "title": "x"}).json()["errors"][0]["field"] == "url"
    assert api_client(personas.outsider).get(url).status_code == 404
    assert mentee.get(f"/api/mentorships/{other_rel.pk}/resources").status_code == 404
    # Public: the outsider may see it in the library, but never change it.
    assert api_client(personas.outsider).delete(f"/api/resources/{rid}").status_code == 403
    assert mentee.delete(f"/api/resources/{rid}").status_code == 204


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=250), tags=st.lists(st.text(max_size=50), max_size=12),
       url=st.text(max_size=40))
def test_it_never_fails_on_any_input(rel, title, tags, url):
    try:
        add(rel, rel.mentee, title=title, tags=tags, url=url)
    except ValidationFailed as exc:
        assert all(e["field"] for e in exc.errors)
