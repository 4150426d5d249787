from tandem.core.sections import dashboard_sections, relationship_sections
from tandem.health.demo import demo_records
from tandem.health.selectors import health_of
from tandem.health.tests.conftest import confirmed_mentorship
from tandem.mentorships.models import Relationship


def test_it_adds_a_card_for_the_pair_and_one_for_staff(mentorship, personas):
    [card] = [s for s in relationship_sections(viewer=mentorship.mentee,
                                               relationship=mentorship)
              if s["template"].startswith("health/")]
    assert card["health"].state == "healthy"
    staff = {s["template"] for s in dashboard_sections(viewer=personas.staff)}
    assert "health/partials/dashboard_card.html" in staff  # the open community's health
    # A coordinator gets their programs' status (with pairs at risk), not the community's.
    coordinator = {s["template"] for s in dashboard_sections(viewer=personas.coordinator)}
    assert "health/partials/program_status.html" in coordinator
    assert "health/partials/dashboard_card.html" not in coordinator
    # The mentor sees their mentees at a glance; the mentee no health card on the home.
    assert "health/partials/dashboard_mentees.html" in {
        s["template"] for s in dashboard_sections(viewer=mentorship.mentor)}
    assert not any(s["template"].startswith("health/")
                   for s in dashboard_sections(viewer=mentorship.mentee))


def test_it_fills_the_demo_with_healthy_and_struggling_pairs(mentorship, draft_mentorship,
                                                           personas):
    third = confirmed_mentorship(personas.mentee2, personas.mentor)
    counts = demo_records(mentee=mentorship.mentee, mentor=mentorship.mentor,
                          relationship=mentorship)
    assert counts["mentorships needing attention"] == 1
    assert counts["mentorships at risk"] == 1
    assert counts["health nudges"] == 2
    assert health_of(mentorship).state == "healthy"
    assert {health_of(Relationship.objects.get(pk=r.pk)).state
            for r in (draft_mentorship, third)} == {"needs_attention", "at_risk"}
