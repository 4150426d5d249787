from __future__ import annotations

import pytest

from tandem.accounts.models import Profile
from tandem.core.errors import Conflict, ValidationFailed
from tandem.mentorships.models import Agreement, Relationship
from tandem.programs import services
from tandem.programs.models import MatchPair


def _live(run):
    return {(p.mentee_id, p.mentor_id): p for p in run.pairs.filter(status="proposed")}


def test_it_matches_a_small_cohort_with_reasons(personas, ready_run, client_for):
    assert ready_run.status == "ready" and ready_run.mentees == 2 and ready_run.mentors == 2
    pairs = _live(ready_run)
    # Marta offers Python, which both mentees want; the optimal total gives her to one.
    assert len(pairs) == 2
    assert {m for _, m in pairs} == {personas.mentor.pk, personas.mentor2.pk}
    best = max(pairs.values(), key=lambda p: p.score)
    assert best.mentor_id == personas.mentor.pk
    assert best.top_reasons()[0][0] == "skills"
    page = client_for(personas.coordinator).get(f"/programs/{ready_run.program_id}/matching/")
    assert b"skills +" in page.content and b"Proposed pairs" in page.content


def test_it_gives_the_reason_a_mentee_is_unmatched(personas, cohort,
                                                   django_capture_on_commit_callbacks):
    from tandem.accounts.tests.factories import make_mentee

    third = make_mentee(email="zoe@example.com", name="Zoe Third")
    services.participant_apply(actor=third, program=cohort, role="mentee", answers=["x"])
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=personas.coordinator, program=cohort)
    run.refresh_from_db()
    assert list(run.unmatched.values()) == ["capacity ran out"]
    cohort.shared_language = True
    cohort.save()
    Profile.objects.get(user=third).languages.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=personas.coordinator, program=cohort)
    run.refresh_from_db()
    assert run.unmatched[str(third.pk)] == "no candidate passes the constraints"


def test_it_locks_swaps_removes_adds_and_reruns(personas, ready_run, client_for,
                                                django_capture_on_commit_callbacks):
    c = client_for(personas.coordinator)
    pairs = list(_live(ready_run).values())
    a, b = pairs
    before = {a.pk: a.mentor_id, b.pk: b.mentor_id}
    # Swap through the page.
    assert c.post(f"/programs/runs/{ready_run.pk}/swap/",
                  {"first": a.pk, "second": b.pk}).status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.manual and b.manual
    assert (a.mentor_id, b.mentor_id) == (before[b.pk], before[a.pk])
    # Lock one, remove the other: re-running keeps the lock and never proposes the removed.
    assert c.post(f"/programs/pairs/{a.pk}/lock/", {"locked": "true"}).status_code == 302
    with pytest.raises(Conflict):
        services.pair_swap(actor=personas.coordinator, first=MatchPair.objects.get(pk=a.pk),
                           second=MatchPair.objects.get(pk=b.pk))
    assert c.post(f"/programs/pairs/{b.pk}/remove/").status_code == 302
    ready_run.refresh_from_db()
    assert str(b.mentee_id) in ready_run.unmatched
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(f"/programs/runs/{ready_run.pk}/rerun/").status_code == 302
    new = ready_run.program.runs.order_by("-id").first()
    assert new.pk != ready_run.pk and new.status == "ready"
    live = _live(new)
    assert (a.mentee_id, a.mentor_id) in live and live[(a.mentee_id, a.mentor_id)].locked
    assert (b.mentee_id, b.mentor_id) not in live
    ready_run.refresh_from_db()
    assert ready_run.status == "replaced"
    # Add the removed mentee by hand with the one mentor left full: a capacity warning.
    pair = services.pair_add(actor=personas.coordinator, run=new, mentee_id=b.mentee_id,
                             mentor_id=a.mentor_id)
    assert any("free place" in w for w in pair.warnings)
    with pytest.raises(Conflict):
        services.pair_add(actor=personas.coordinator, run=new, mentee_id=b.mentee_id,
                          mentor_id=a.mentor_id)
    with pytest.raises(ValidationFailed) as exc:
        services.pair_add(actor=personas.coordinator, run=new, mentee_id=2**70,
                          mentor_id=personas.outsider.pk)
    assert {e["field"] for e in exc.value.errors} == {"mentee_id"}
    with pytest.raises(ValidationFailed) as exc:
        services.pair_add(actor=personas.coordinator, run=new, mentee_id=a.mentee_id + 10**6,
                          mentor_id=personas.outsider.pk)
    assert {e["field"] for e in exc.value.errors} == {"mentee_id", "mentor_id"}


def test_it_warns_about_a_pair_that_breaks_a_must_have(personas, ready_run):
    program = ready_run.program
    program.max_timezone_gap = 0
    program.save()
    pair = next(iter(_live(ready_run).values()))
    services.pair_remove(actor=personas.coordinator, pair=pair)
    added = services.pair_add(actor=personas.coordinator, run=ready_run,
                              mentee_id=pair.mentee_id, mentor_id=pair.mentor_id)
    assert any("must-have" in w for w in added.warnings)


def test_it_publishes_once_into_mentorships_with_the_template(personas, ready_run, client_for):
    c = client_for(personas.coordinator)
    assert b"Publish 2 matches" in c.get(f"/programs/runs/{ready_run.pk}/publish/").content
    assert c.post(f"/programs/runs/{ready_run.pk}/publish/").status_code == 302
    rels = Relationship.objects.filter(program=ready_run.program)
    assert rels.count() == 2
    agreement = Agreement.objects.get(relationship=rels.first())
    assert agreement.objectives == [{"text": "Meet every two weeks", "goal_id": None}]
    assert personas.mentee.notifications.filter(kind="program.match_started").exists()
    assert personas.mentor.notifications.filter(kind="program.match_started").exists()
    with pytest.raises(Conflict, match="published already"):
        services.run_publish(actor=personas.coordinator, run=ready_run)
    from tandem.programs.permissions import access_run

    response = client_for(personas.coordinator)
    api = response  # the API answers 409 too
    assert api.post(f"/api/matching-runs/{ready_run.pk}/publish").status_code == 409
    assert Relationship.objects.filter(program=ready_run.program).count() == 2
    assert access_run(personas.coordinator, ready_run.pk).status == "published"
    # The coordinator's home shows figures, never content.
    home = c.get(f"/programs/{ready_run.program_id}/")
    assert b"Mentorships running" in home.content
    assert b"Lead a team" not in home.content


def test_it_respects_capacity_on_publish(personas, ready_run):
    # Marta's places fill up elsewhere before publishing.
    Profile.objects.filter(user=personas.mentor).update(places_taken=2, mentor_capacity=2)
    services.run_publish(actor=personas.coordinator, run=ready_run)
    marta = ready_run.pairs.get(mentor=personas.mentor)
    assert marta.status == "not_started" and "no free place" in marta.note
    assert Profile.objects.get(user=personas.mentor).places_taken == 2
    assert Relationship.objects.filter(program=ready_run.program).count() == 1


def test_it_waits_for_both_approvals_when_the_program_asks(personas, ready_run, client_for,
                                                           api_client):
    program = ready_run.program
    program.approval_required = True
    program.save()
    services.run_publish(actor=personas.coordinator, run=ready_run)
    pair = ready_run.pairs.get(mentee=personas.mentee)
    assert pair.status == "awaiting" and not Relationship.objects.filter(program=program)
    mentee_page = client_for(personas.mentee).get(f"/programs/{program.pk}/application/")
    assert b"Accept the match" in mentee_page.content
    assert client_for(personas.mentee).post(f"/programs/matches/{pair.pk}/respond/",
                                            {"answer": "accept"}).status_code == 302
    other = personas.mentor if pair.mentor_id == personas.mentor.pk else personas.mentor2
    assert other.notifications.filter(kind="program.match_accepted").exists()
    assert api_client(personas.mentee).post(f"/api/program-matches/{pair.pk}/respond",
                                            {"accept": True}).status_code == 409
    response = api_client(other).post(f"/api/program-matches/{pair.pk}/respond",
                                      {"accept": True})
    assert response.status_code == 200 and response.json()["status"] == "started"
    assert Relationship.objects.filter(program=program, mentee=personas.mentee).exists()
    declined = ready_run.pairs.get(mentee=personas.mentee2)
    services.pair_respond(actor=personas.mentee2, pair=declined, accept=False)
    declined.refresh_from_db()
    assert declined.status == "declined"
    assert api_client(personas.outsider).post(f"/api/program-matches/{pair.pk}/respond",
                                              {"accept": True}).status_code == 404


def test_it_rematches_a_mentee_after_the_coordinator_ends_it(
        personas, ready_run, client_for, django_capture_on_commit_callbacks):
    services.run_publish(actor=personas.coordinator, run=ready_run)
    rel = Relationship.objects.get(program=ready_run.program, mentee=personas.mentee)
    c = client_for(personas.mentee)
    assert b"Ask the coordinators for a re-match" in c.get(f"/mentorships/{rel.pk}/").content
    assert c.post(f"/mentorships/{rel.pk}/rematch/", {"reason": ""}).status_code == 400
    assert c.post(f"/mentorships/{rel.pk}/rematch/",
                  {"reason": "Our goals differ."}).status_code == 302
    assert client_for(personas.outsider).get(f"/mentorships/{rel.pk}/rematch/").status_code \
        == 404
    rematch = ready_run.program.rematches.get()
    coordinator = client_for(personas.coordinator)
    assert b"Our goals differ." in coordinator.get(
        f"/programs/{ready_run.program_id}/rematches/").content
    assert coordinator.post(f"/programs/rematches/{rematch.pk}/resolve/",
                            {"action": "end"}).status_code == 302
    rel.refresh_from_db()
    assert rel.state == "ended_early"
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=personas.coordinator, program=ready_run.program)
    run.refresh_from_db()
    assert run.mentees == 1  # Mia is back in the pool, Noah is still matched


def test_it_drives_a_run_through_the_api(personas, cohort, api_client,
                                         django_capture_on_commit_callbacks):
    api = api_client(personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(f"/api/programs/{cohort.pk}/runs", {"mode": "stable"})
    assert started.status_code == 201
    run = api.get(f"/api/matching-runs/{started.json()['id']}").json()
    assert run["status"] == "ready" and len(run["pairs"]) == 2
    first, second = run["pairs"]
    assert sum(first["contributions"].values()) == pytest.approx(first["score"], abs=1e-3)
    swapped = api.post(f"/api/matching-runs/{run['id']}/swap",
                       {"first_pair_id": first["id"], "second_pair_id": second["id"]})
    assert swapped.status_code == 200
    assert api.post(f"/api/matching-runs/{run['id']}/swap",
                    {"first_pair_id": first["id"], "second_pair_id": "x"}).status_code == 422
    assert api.post(f"/api/match-pairs/{first['id']}/lock", {"locked": True}).json()["locked"]
    assert api.delete(f"/api/match-pairs/{second['id']}").status_code == 204
    assert api.delete(f"/api/match-pairs/{second['id']}").status_code == 409
    added = api.post(f"/api/matching-runs/{run['id']}/pairs",
                     {"mentee_id": second["mentee_id"], "mentor_id": second["mentor_id"]})
    assert added.status_code == 201 and added.json()["manual"]
    assert api.post(f"/api/matching-runs/{run['id']}/publish").status_code == 200
    assert api.post(f"/api/matching-runs/{run['id']}/publish").status_code == 409
    assert api_client(personas.mentor).get(f"/api/matching-runs/{run['id']}").status_code == 404


def test_it_exports_matches_as_csv(personas, ready_run, client_for):
    body = client_for(personas.coordinator).get(
        f"/programs/runs/{ready_run.pk}/matches.csv").content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("mentee_email,mentee,mentor_email")
    assert personas.mentee.email in body


def test_it_shows_the_review_page_in_constant_queries(personas, program, client_for,
                                                      query_budget,
                                                      django_capture_on_commit_callbacks):
    from tandem.accounts.tests.factories import make_mentee, make_mentor

    c = client_for(personas.coordinator)
    state = {}

    def make(n):
        for _ in range(n):
            services.participant_apply(actor=make_mentee(), program=program, role="mentee",
                                       answers=["x"])
            services.participant_apply(actor=make_mentor(), program=program, role="mentor",
                                       capacity=1)
        with django_capture_on_commit_callbacks(execute=True):
            state["run"] = services.run_start(actor=personas.coordinator, program=program)

    query_budget(make=make, call=lambda: c.get(f"/programs/{program.pk}/matching/"),
                 small=3, large=12)


def test_a_match_waiting_for_approval_expires_unanswered(personas, ready_run, client_for,
                                                          api_client,
                                                          django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from tandem.core.models import AuditEntry

    program = ready_run.program
    program.approval_required, program.request_expiry_days = True, 5
    program.save()
    services.run_publish(actor=personas.coordinator, run=ready_run)
    pair = ready_run.pairs.get(mentee=personas.mentee)
    assert pair.expires_at is not None
    assert abs(pair.expires_at - (ready_run.published_at + timedelta(days=5))) \
        < timedelta(seconds=1)
    page = client_for(personas.mentee).get(f"/programs/{program.pk}/application/")
    assert b"Answer by" in page.content
    assert api_client(personas.mentee).get(f"/api/programs/{program.pk}/matches").json()[0][
        "expires_at"]
    # The mentor accepts; the mentee never answers.
    mentor = personas.mentor if pair.mentor_id == personas.mentor.pk else personas.mentor2
    services.pair_respond(actor=mentor, pair=pair, accept=True)
    assert services.pairs_expire(now=pair.expires_at - timedelta(minutes=1)) == 0
    late = pair.expires_at + timedelta(minutes=1)
    # After the deadline an answer is refused even before the job has run.
    pair.refresh_from_db()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: late)
        with pytest.raises(Conflict, match="expired"):
            services.pair_respond(actor=personas.mentee, pair=pair, accept=True)
    assert services.pairs_expire(now=late) == 2  # Noah's match too
    assert services.pairs_expire(now=late) == 0  # once only
    pair.refresh_from_db()
    assert pair.status == "expired" and not Relationship.objects.filter(program=program)
    mia_note = personas.mentee.notifications.get(kind="program.match_expired")
    assert "by you" in mia_note.body
    assert mentor.notifications.get(kind="program.match_expired").body.endswith(
        "Mia Mentee. Your coordinator can match you again.")
    told = personas.coordinator.notifications.get(kind="program.match_expired")
    assert told.title.startswith("2 proposed matches") and "Noah Second" in told.body
    assert AuditEntry.objects.filter(action="programs.pair.expired").count() == 2
    page = client_for(personas.mentee).get(f"/programs/{program.pk}/application/")
    assert b"Expired unanswered" in page.content and b"Accept the match" not in page.content
    assert api_client(personas.mentee).post(f"/api/program-matches/{pair.pk}/respond",
                                            {"accept": True}).status_code == 409
    # Both mentees are free for the next run.
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=personas.coordinator, program=program)
    run.refresh_from_db()
    assert run.mentees == 2
