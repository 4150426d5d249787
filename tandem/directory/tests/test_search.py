import pytest

from tandem.accounts.services import availability_replace, profile_update
from tandem.accounts.tests.factories import make_mentor, make_user
from tandem.core.errors import ValidationFailed
from tandem.directory.selectors import DirectoryQuery, mentor_search


def names(page) -> list[str]:
    return [p.display_name for p in page.results]


def search(viewer, **filters):
    return mentor_search(viewer=viewer, query=DirectoryQuery(**filters))


@pytest.fixture
def mentors(personas):
    """Besides the personas' two mentors (Berlin): three more, spread around the world."""
    return {
        "ana": make_mentor(name="Ana Pereira", skills=["Python", "Data engineering"],
                           languages=["pt", "en"], timezone="America/Sao_Paulo",
                           bio="I moved from teaching into data engineering.",
                           industries=["Education"], experience_years=12,
                           windows=[{"weekday": 2, "start": "19:00", "end": "21:00"}]),
        "kenji": make_mentor(name="Kenji Ito", skills=["Go", "Distributed systems"],
                             languages=["ja", "en"], timezone="Asia/Tokyo", capacity=1,
                             experience_years=20,
                             windows=[{"weekday": 0, "start": "07:00", "end": "09:00"}]),
        "full": make_mentor(name="Fiona Full", skills=["Python"], languages=["en"],
                            timezone="Europe/London", capacity=0),
    }


def test_it_lists_only_mentors_and_never_the_viewer(personas, mentors):
    found = names(search(personas.mentor))
    assert "Marta Mentor" not in found  # herself
    assert {"Omar Second", "Ana Pereira", "Kenji Ito", "Fiona Full"} <= set(found)
    assert "Mia Mentee" not in found and "Oscar Outsider" not in found


def test_it_searches_words_in_name_headline_bio_and_skills(personas, mentors):
    assert names(search(personas.mentee, q="teaching")) == ["Ana Pereira"]
    assert names(search(personas.mentee, q="KENJI distributed")) == ["Kenji Ito"]
    assert names(search(personas.mentee, q="python data")) == ["Ana Pereira"]
    assert names(search(personas.mentee, q="nobody-has-this")) == []


def test_it_filters_by_skill_language_and_industry(personas, mentors):
    python = set(names(search(personas.mentee, skills=["python"])))
    assert python == {"Marta Mentor", "Ana Pereira", "Fiona Full"}
    assert names(search(personas.mentee, skills=["python", "data-engineering"])) == ["Ana Pereira"]
    assert names(search(personas.mentee, language="ja")) == ["Kenji Ito"]
    assert names(search(personas.mentee, industry="education")) == ["Ana Pereira"]


def test_it_filters_by_a_range_of_utc_offsets(personas, mentors):
    # The mentee lives in Lisbon (UTC+0 in winter, +1 in summer).
    near = set(names(search(personas.mentee, within_hours=3)))
    assert "Kenji Ito" not in near and "Fiona Full" in near
    tokyo_only = names(search(personas.mentee, offset_min=9 * 60, offset_max=9 * 60))
    assert tokyo_only == ["Kenji Ito"]


def test_it_finds_mentors_available_when_i_am_across_timezones(personas, mentors):
    viewer = make_user(name="Viewer", timezone="America/Los_Angeles")
    # Sunday 15:00-17:00 in Los Angeles is Monday 07:00-09:00 in Tokyo (in winter and
    # summer alike, as Tokyo has no DST and LA is 16 or 17 hours behind).
    availability_replace(actor=viewer, profile=viewer.profile,
                         windows=[{"weekday": 6, "start": "14:00", "end": "17:00"}])
    assert names(search(viewer, overlaps_mine=True)) == ["Kenji Ito"]
    availability_replace(actor=viewer, profile=viewer.profile, windows=[])
    assert names(search(viewer, overlaps_mine=True)) == []


def test_it_keeps_mentors_with_free_places_first_and_can_hide_full_ones(personas, mentors):
    found = names(search(personas.mentee))
    assert found.index("Fiona Full") == len(found) - 1
    assert "Fiona Full" not in names(search(personas.mentee, has_free_places=True))
    profile_update(actor=mentors["ana"], profile=mentors["ana"].profile,
                   changes={"open_to_requests": False})
    assert "Ana Pereira" not in names(search(personas.mentee, has_free_places=True))


def test_it_sorts_and_paginates(personas, mentors):
    assert names(search(personas.mentee, sort="name"))[:2] == ["Ana Pereira", "Fiona Full"]
    assert names(search(personas.mentee, sort="experience"))[0] == "Kenji Ito"
    for _ in range(21):
        make_mentor(skills=["Cooking"])
    first = search(personas.mentee, skills=["cooking"])
    second = search(personas.mentee, skills=["cooking"], page=2)
    assert (first.total, first.pages, len(first.results), len(second.results)) == (21, 2, 20, 1)
    assert not set(names(first)) & set(names(second))


@pytest.mark.parametrize("filters,field", [
    ({"language": "klingon"}, "language"), ({"sort": "random"}, "sort"),
    ({"page": 0}, "page"), ({"offset_min": 120, "offset_max": 60}, "offset_max"),
    ({"within_hours": 30}, "within_hours"), ({"q": "x" * 201}, "q"), ({"q": "a\x00"}, "q"),
])
def test_it_refuses_bad_filters_by_name(personas, filters, field):
    with pytest.raises(ValidationFailed) as exc:
        search(personas.mentee, **filters)
    assert exc.value.errors[0]["field"] == field


def test_it_filters_live_with_htmx_and_without_javascript(personas, mentors, client_for):
    client = client_for(personas.mentee)
    full = client.get("/mentors/", {"language": "ja"})
    assert full.status_code == 200
    page = full.content.decode()
    assert "<html" in page and "1 mentor found" in page and "Kenji Ito" in page
    partial = client.get("/mentors/", {"language": "ja"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "Kenji Ito" in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    restore = client.get("/mentors/", {"language": "ja"}, HTTP_HX_REQUEST="true",
                         HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()
    bad = client.get("/mentors/", {"sort": "random"})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()


def test_it_searches_over_the_api_with_named_errors(personas, mentors, api_client):
    client = api_client(personas.mentee)
    body = client.get("/api/directory/mentors", {"skill": ["python"], "has_free_places": "true",
                                                 "sort": "name"}).json()
    assert [m["display_name"] for m in body["results"]] == ["Ana Pereira", "Marta Mentor"]
    assert body["count"] == 2 and body["results"][0]["has_free_places"] is True
    response = client.get("/api/directory/mentors", {"language": "xx"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "language",
                                          "message": "Unknown language code 'xx'."}]
    response = client.get("/api/directory/mentors", {"page": "two"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "page"


def test_it_costs_the_same_queries_for_5_and_50_mentors(personas, client_for, api_client,
                                                       query_budget):
    def make(n):
        for _ in range(n):
            make_mentor(skills=["Python", "Rust"], languages=["en", "de"],
                        windows=[{"weekday": 1, "start": "10:00", "end": "11:00"},
                                 {"weekday": 3, "start": "10:00", "end": "11:00"}])

    page_client = client_for(personas.mentee)
    query_budget(make=make, call=lambda: page_client.get("/mentors/?skill=python"))
    api = api_client(personas.mentee)
    query_budget(make=make, call=lambda: api.get("/api/directory/mentors?skill=python"))


def test_it_shows_filter_errors_in_an_htmx_swap(personas, client_for):
    client = client_for(personas.mentee)
    response = client.get("/mentors/", {"sort": "random"}, HTTP_HX_REQUEST="true")
    # htmx 2 swaps no 4xx answer: a 400 would leave the old results and no message.
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and "Select a valid choice" in page
    response = client.get("/mentors/", {"language": "xx"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_it_sorts_names_regardless_of_case(personas, mentors):
    make_mentor(name="anna lowercase", skills=["Python"])
    make_mentor(name="Zoe Upper", skills=["Python"])
    found = names(search(personas.mentee, sort="name"))
    assert found == sorted(found, key=str.lower)
    assert found.index("anna lowercase") < found.index("Marta Mentor")
    found = names(search(personas.mentee, sort="available"))
    assert found.index("anna lowercase") < found.index("Zoe Upper")


def test_it_never_counts_more_pages_than_it_will_show(personas, mentors, api_client,
                                                      monkeypatch):
    from tandem.directory import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    monkeypatch.setattr(selectors, "MAX_PAGE", 3)
    client = api_client(personas.mentee)
    body = client.get("/api/directory/mentors").json()
    assert body["count"] == 5 and body["pages"] == 3
    last = client.get("/api/directory/mentors", {"page": body["pages"]})
    assert last.status_code == 200 and len(last.json()["results"]) == 1


def test_it_refuses_a_misspelt_filter_over_the_api(personas, mentors, api_client):
    client = api_client(personas.mentee)
    response = client.get("/api/directory/mentors", {"languag": "ja"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "languag"
    assert "Unknown filter 'languag'" in response.json()["detail"]
    body = client.get("/api/directory/mentors", {"language": "ja", "skill": ["go"]}).json()
    assert [m["display_name"] for m in body["results"]] == ["Kenji Ito"]


def test_it_names_the_shown_filters_in_the_address_bar(personas, mentors, client_for):
    """With htmx, the answer tells the browser the URL of what it shows: the filters it
    was found with, empty ones left out, so a bookmark reproduces the list."""
    client = client_for(personas.mentee)
    partial = client.get("/mentors/", {"q": "", "language": "ja", "skill": "", "sort": "name",
                                       "within_hours": ""}, HTTP_HX_REQUEST="true")
    assert partial["HX-Push-Url"] == "/mentors/?language=ja&sort=name"
    cleared = client.get("/mentors/", {"q": "", "language": ""}, HTTP_HX_REQUEST="true")
    assert cleared["HX-Push-Url"] == "/mentors/"
    bookmark = client.get("/mentors/?language=ja&sort=name").content.decode()
    assert "1 mentor found" in bookmark and "Kenji Ito" in bookmark
    assert "HX-Push-Url" not in client.get("/mentors/", {"language": "ja"})
