"""The relationship page's "Report a problem" card, the reviewers' dashboard card, and
the demo data."""

from tandem.core.sections import dashboard_sections, relationship_sections, timeline
from tandem.safety import services
from tandem.safety.demo import demo_records
from tandem.safety.models import Freeze, Report, Status


def test_it_offers_a_report_link_on_the_relationship_page(mentorship, personas, client_for):
    page = client_for(personas.mentee).get(f"/mentorships/{mentorship.pk}/").content.decode()
    assert f'href="/report/?relationship={mentorship.pk}"' in page
    assert "Something wrong?" in page


def test_it_shows_the_reporter_only_their_open_reports(mentorship, personas):
    services.report_create(actor=personas.mentee, category="other", details="x",
                           relationship_id=mentorship.pk)
    [mine] = [s for s in relationship_sections(viewer=personas.mentee,
                                               relationship=mentorship)
              if s["template"].startswith("safety/")]
    [theirs] = [s for s in relationship_sections(viewer=personas.mentor,
                                                 relationship=mentorship)
                if s["template"].startswith("safety/")]
    assert mine["open_reports"] == 1 and theirs["open_reports"] == 0
    assert not [e for e in timeline(viewer=personas.mentor, relationship=mentorship)
                if "report" in e.title.lower() and "safety" in e.title.lower()]


def test_it_shows_reviewers_the_queue_on_their_dashboard(report, personas, client_for):
    home = client_for(personas.staff).get("/").content.decode()
    assert "Safety reports</a>: 1 open, 0 in review." in home
    assert not [s for s in dashboard_sections(viewer=personas.outsider)
                if s["template"].startswith("safety/")]
    mia = client_for(personas.mentee).get("/").content.decode()
    assert "Your reports</a>: 1 not closed yet." in mia


def test_it_fills_the_demo_with_reports_and_a_frozen_account(mentorship, personas):
    counts = demo_records(mentee=mentorship.mentee, mentor=mentorship.mentor,
                          relationship=mentorship)
    assert counts == {"safety reports": 3, "frozen accounts": 1}
    assert set(Report.objects.values_list("status", flat=True)) == {Status.CLOSED,
                                                                    Status.IN_REVIEW}
    freeze = Freeze.objects.get()
    assert not freeze.user.is_active and freeze.report is not None
