""""Suggested for you": the directory, the dashboard and the API."""

from __future__ import annotations

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.accounts.models import Profile
from tandem.accounts.services import availability_replace, profile_update
from tandem.accounts.tests.factories import make_mentee, make_mentor, make_user
from tandem.directory.features import Person
from tandem.directory.suggestions import reasons_for, suggestions_for
from tandem.growth.services import goal_create
from tandem.mentorships.services import request_accept, request_create, request_decline


def _suggested(user) -> list:
    return [s.profile.user for s in suggestions_for(user).items]


def test_it_shows_suggested_mentors_with_reasons_on_the_directory(personas, client_for):
    page = client_for(personas.mentee).get("/mentors/").content.decode()
    assert "Suggested for you" in page
    card = page.split('data-testid="suggestions"')[1].split("</section>")[0]
    assert "Marta Mentor" in card
    # A compact card: the strongest reason only (the dashboard lists them all).
    assert "Offers Python, which you want to learn" in card
    assert "You both speak English" not in card
    assert 'class="suggestion-row"' in card
    # Omar offers Design, which Mia does not want: no reason of substance to suggest him.
    assert "Omar Second" not in card
    # The search comes first; the suggestions follow it, before the results.
    assert page.index('role="search"') < page.index('data-testid="suggestions"') \
        < page.index('id="results"')


def test_it_shows_the_card_on_the_dashboard(personas, client_for):
    page = client_for(personas.mentee).get("/").content.decode()
    card = page.split('data-testid="suggestions"')[1].split("</section>")[0]
    assert "Marta Mentor" in card and "Search all mentors" in card
    assert "Offers Python, which you want to learn" in card
    assert "You both speak English" in card


def test_it_leaves_out_mentors_who_cannot_take_this_mentee(personas):
    mentee = personas.mentee
    full = make_mentor(name="Full Fiona", capacity=1)
    Profile.objects.filter(user=full).update(places_taken=1)
    closed = make_mentor(name="Closed Carl")
    Profile.objects.filter(user=closed).update(open_to_requests=False)
    gone = make_mentor(name="Gone Gina")
    gone.is_active = False
    gone.save()
    make_mentor(name="Only French", languages=["fr"])
    asked = make_mentor(name="Asked Ana")
    request_create(actor=mentee, mentor=asked, message="Hello")
    mentoring = make_mentor(name="Mentoring Max")
    request_accept(actor=mentoring,
                   request=request_create(actor=mentee, mentor=mentoring, message="Hi"))
    declined = make_mentor(name="Declined Dan")
    request_decline(actor=declined,
                    request=request_create(actor=mentee, mentor=declined, message="Hi"),
                    text="No time, sorry")
    # Mia is also a mentor offering Python: never suggested to herself.
    profile_update(actor=mentee, profile=mentee.profile, changes={
        "is_mentor": True, "skills_offered": ["Python"], "mentor_capacity": 1,
        "open_to_requests": True})
    fits = make_mentor(name="Fitting Fred")
    suggested = _suggested(mentee)
    assert set(suggested) == {personas.mentor, fits}
    # Noah sees the mentors Mia asked or works with.
    assert {asked, mentoring, declined} <= set(_suggested(personas.mentee2))


def test_it_drops_a_mentor_at_once_when_asked_even_while_cached(personas):
    assert _suggested(personas.mentee) == [personas.mentor]
    request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello")
    assert _suggested(personas.mentee) == []
    assert suggestions_for(personas.mentee).status == "ready"
    # The same for a mentor who stops taking requests while everyone's ranking is cached.
    assert _suggested(personas.mentee2) == [personas.mentor]
    profile_update(actor=personas.mentor, profile=personas.mentor.profile,
                   changes={"open_to_requests": False})
    assert _suggested(personas.mentee2) == []


def test_it_refreshes_when_the_mentee_changes_their_profile(personas):
    assert personas.mentor2 not in _suggested(personas.mentee)
    profile_update(actor=personas.mentee, profile=personas.mentee.profile,
                   changes={"skills_wanted": ["Python", "Design"]})
    assert personas.mentor2 in _suggested(personas.mentee)


def test_it_suggests_from_shared_goals_alone(db):
    mentee = make_mentee(goals=["Become a kubernetes platform engineer"])
    profile_update(actor=mentee, profile=mentee.profile, changes={"skills_wanted": []})
    mentor = make_mentor(skills=["Cooking"], bio="Ten years running kubernetes platforms.")
    found = suggestions_for(mentee)
    assert [s.profile.user for s in found.items] == [mentor]
    assert "Their experience fits your goals" in found.items[0].reasons


def test_it_ranks_the_better_fit_first(personas):
    better = make_mentor(name="Better Bea", skills=["Python"], timezone="Europe/Lisbon")
    assert _suggested(personas.mentee)[:2] == [better, personas.mentor]


def test_it_words_the_reasons():
    mentee = Person(user_id=1, wanted={1: "Python", 2: "Leadership"}, interests={3: "Chess"},
                    languages=["en", "pt"], windows=[(0, 240), (10020, 10140)],
                    offset_minutes=0, industries=[(7, "Fintech")])
    mentor = Person(user_id=2, offered={1: "Python", 2: "Leadership", 3: "Chess"},
                    languages=["pt"], windows=[(0, 180), (10050, 10080)],
                    offset_minutes=60, industries=[(7, "Fintech")], experience_years=9)
    contributions = {"skills": 4.0, "goals": 0.0, "language": 1.0, "timezone": 0.9,
                     "availability": 1.0, "industry": 0.0, "seniority": 0.0,
                     "preference": 0.0}
    assert reasons_for(contributions, mentee, mentor) == [
        "Offers Leadership and Python, which you want to learn",
        "You both speak Portuguese",
        # Three hours on Monday, half an hour before midnight on Sunday: 4 hours.
        "Available when you are: 4 hours a week",
    ]
    contributions = {"skills": 0.0, "goals": 1.5, "language": 0.0, "timezone": 0.9,
                     "availability": 0.0, "industry": 1.0, "seniority": 0.6,
                     "preference": 0.0}
    assert reasons_for(contributions, mentee, mentor) == [
        "Their experience fits your goals", "Also works in Fintech",
        "Close to your time zone: 1 hour apart"]
    interests_only = Person(user_id=3, interests={3: "Chess"}, languages=["en"])
    assert reasons_for({"skills": 2.0}, interests_only, mentor) == [
        "Offers Chess, which you are interested in"]


def test_it_explains_what_to_add_to_an_incomplete_profile(db, client_for, api_client):
    mentee = make_mentee(goals=[])
    profile_update(actor=mentee, profile=mentee.profile,
                   changes={"skills_wanted": [], "languages": []})
    make_mentor()
    page = client_for(mentee).get("/mentors/").content.decode()
    assert "Suggested for you" in page
    assert "skills you want to learn" in page and "the languages you speak" in page
    assert "Complete my profile" in page
    body = api_client(mentee).get("/api/directory/suggestions").json()
    assert body["status"] == "incomplete" and body["results"] == []
    assert len(body["missing"]) == 2


def test_it_shows_nothing_to_someone_not_looking_for_a_mentor(personas, client_for, api_client):
    for user in (personas.mentor, personas.outsider):
        assert "Suggested for you" not in client_for(user).get("/mentors/").content.decode()
        assert "Suggested for you" not in client_for(user).get("/").content.decode()
    body = api_client(personas.mentor).get("/api/directory/suggestions").json()
    assert body["status"] == "not_mentee" and body["results"] == []
    assert "I want a mentor" in body["message"]


def test_it_answers_the_api_with_mentors_scores_and_reasons(personas, api_client):
    better = make_mentor(name="Better Bea", skills=["Python"], timezone="Europe/Lisbon")
    response = api_client(personas.mentee).get("/api/directory/suggestions")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready" and body["message"] == "" and body["missing"] == []
    first, second = body["results"]
    assert first["mentor"]["id"] == better.profile.pk
    assert first["mentor"]["display_name"] == "Better Bea"
    assert first["mentor"]["skills_offered"] == ["Python"]
    assert isinstance(first["score"], float) and first["score"] > second["score"] > 0
    assert "Offers Python, which you want to learn" in first["reasons"]
    assert second["mentor"]["id"] == personas.mentor.profile.pk
    bad = api_client(personas.mentee).get("/api/directory/suggestions?limit=3")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "limit"


def test_it_asks_anonymous_visitors_to_sign_in(db, client_for):
    assert client_for(None).get("/mentors/").status_code == 302
    assert client_for(None).get("/api/directory/suggestions").status_code == 401


def test_it_says_so_when_no_mentor_fits(db, client_for):
    mentee = make_mentee()
    make_mentor(skills=["Knitting"])
    page = client_for(mentee).get("/mentors/").content.decode()
    assert "No mentor with a free place fits your profile right now" in page


def test_it_costs_the_same_queries_for_5_or_50_mentors(personas, client_for, query_budget):
    client = client_for(personas.mentee)
    availability_replace(actor=personas.mentee, profile=personas.mentee.profile,
                         windows=[{"weekday": 1, "start": "17:00", "end": "19:00"}])
    goal_create(actor=personas.mentee, title="Python leadership", why="Lead a python team")

    def make(n):
        for _ in range(n):
            make_mentor(skills=["Python", "Leadership"], industries=["Fintech"],
                        experience_years=8)

    def cold_page():
        cache.clear()  # measure the ranking, not the cached answer
        response = client.get("/mentors/")
        assert response.status_code == 200

    query_budget(make=make, call=cold_page, small=5, large=50)
    query_budget(make=lambda n: None, call=lambda: client.get("/mentors/"), small=0, large=0)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300).filter(lambda t: "\x00" not in t))
def test_it_never_fails_on_odd_profile_text(personas, text):
    # Whatever a mentor writes in headline and bio, scoring and reasons keep working.
    Profile.objects.filter(user=personas.mentor).update(headline=text[:140], bio=text)
    cache.clear()
    found = suggestions_for(personas.mentee)
    assert found.status == "ready"
    assert all(isinstance(r, str) for s in found.items for r in s.reasons)


def test_it_counts_only_mentees_who_said_they_want_a_mentor(db):
    user = make_user(skills_wanted=["Python"], languages=["en"])
    make_mentor()
    assert suggestions_for(user).status == "not_mentee"
