from tandem.advocacy import services
from tandem.advocacy.models import Resource


def share(rel, actor, title, **kwargs):
    args = {"kind": "article", "url": "https://blog.example.org/" + str(len(title)),
            "description": "", "tags": [], "is_public": True, **kwargs}
    return services.resource_add(actor=actor, relationship=rel, title=title, **args)


def test_it_shows_public_resources_to_everyone_without_the_mentorship(rel, personas,
                                                                      client_for):
    public = share(rel, rel.mentor, "Writing a promotion packet", tags=["Career growth"])
    share(rel, rel.mentee, "My private reading list", is_public=False)
    page = client_for(personas.outsider).get("/resources/").content.decode()
    assert "Writing a promotion packet" in page and "Recommended by Marta Mentor" in page
    assert "My private reading list" not in page
    assert f"/mentorships/{rel.pk}/" not in page
    detail = client_for(personas.outsider).get(f"/resources/{public.pk}/").content.decode()
    assert "Writing a promotion packet" in detail and f"/mentorships/{rel.pk}" not in detail
    assert client_for(None).get("/resources/").status_code == 302


def test_it_searches_by_words_tag_and_kind(rel, personas, client_for):
    share(rel, rel.mentor, "Staff engineering essays", tags=["Leadership"])
    share(rel, rel.mentor, "Kubernetes the hard way", kind="course", tags=["DevOps"])
    share(rel, rel.mentee, "Talking to recruiters", kind="podcast",
          description="How to **negotiate** salary")
    client = client_for(personas.outsider)

    def titles(query):
        page = client.get("/resources/", query).content.decode()
        return sorted(t for t in ("Staff engineering essays", "Kubernetes the hard way",
                                  "Talking to recruiters") if t in page)

    assert titles({"q": "NEGOTIATE"}) == ["Talking to recruiters"]
    assert titles({"q": "hard kubernetes"}) == ["Kubernetes the hard way"]
    assert titles({"tag": "leadership"}) == ["Staff engineering essays"]
    assert titles({"tag": "Leadership"}) == ["Staff engineering essays"]
    assert titles({"kind": "course"}) == ["Kubernetes the hard way"]
    assert titles({"kind": "nonsense"}) == titles({})
    assert titles({"q": "nothing like this"}) == []
    for odd in ({"q": "a\x00b"}, {"page": "-5"}, {"page": "abc"}, {"page": str(10**30)},
                {"tag": "x" * 500}, {"q": "%_"}):
        assert client.get("/resources/", odd).status_code == 200


def test_it_adds_a_resource_straight_to_the_library(personas, client_for):
    client = client_for(personas.outsider)
    response = client.post("/resources/", {"kind": "book", "title": "Range",
                                           "description": "Why generalists triumph.",
                                           "tags": "careers"})
    assert response.status_code == 302
    resource = Resource.objects.get(title="Range")
    assert resource.is_public and resource.relationship is None
    assert "Range" in client_for(personas.mentee).get("/resources/").content.decode()
    response = client.post("/resources/", {"kind": "video", "title": "No link"})
    assert response.status_code == 400 and "Give a link" in response.content.decode()
    response = client.post(f"/resources/{resource.pk}/", {"kind": "book", "title": "Range!",
                                                         "tags": ""})
    assert response.status_code == 302
    assert client_for(personas.mentee).post(f"/resources/{resource.pk}/",
                                            {"kind": "book", "title": "x"}).status_code == 403


def test_it_pages_the_library_in_a_fixed_number_of_queries(rel, personas, client_for,
                                                           query_budget):
    client = client_for(personas.outsider)
    count = [0]

    def make(n):
        for _ in range(n):
            count[0] += 1
            share(rel, rel.mentor, f"Resource number {count[0]}", tags=["a", "b"])

    query_budget(make=make, call=lambda: client.get("/resources/"))
    page = client.get("/resources/", {"page": 3}).content.decode()
    assert "Page 3 of 3" in page and "Resource number 1<" in page


def test_it_serves_the_library_over_the_api(rel, personas, api_client):
    share(rel, rel.mentor, "Public one", tags=["Python"])
    share(rel, rel.mentor, "Private one", is_public=False)
    client = api_client(personas.outsider)
    body = client.get("/api/community/resources", {"tag": "python"}).json()
    assert body["total"] == 1
    [item] = body["results"]
    assert item["title"] == "Public one" and item["recommended_by"] == "Marta Mentor"
    assert "relationship_id" not in item and "added_by_id" not in item
    assert client.get("/api/community/resources", {"page": 0}).status_code == 422
    response = client.post("/api/community/resources", {"kind": "tool", "title": "ruff",
                                                        "url": "https://docs.astral.sh/ruff"})
    assert response.status_code == 201
    assert client.get("/api/community/resources", {"q": "ruff"}).json()["total"] == 1
    assert client.post("/api/community/resources",
                       {"kind": "tool", "title": "x", "is_public": False}).status_code == 422
    rid = response.json()["id"]
    bad = client.patch(f"/api/resources/{rid}", {"is_public": False})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "is_public"
    assert api_client(None).get("/api/community/resources").status_code == 401
