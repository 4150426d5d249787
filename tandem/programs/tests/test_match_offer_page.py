"""A person with a published match waiting for their answer finds Accept and Decline, and
the deadline, on the program's page (docs/programs.md says they are there)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tandem.programs import services


def _publish_for_approval(personas, run):
    program = run.program
    program.approval_required = True
    program.save()
    services.run_publish(actor=personas.coordinator, run=run)
    return program


def test_it_offers_accept_and_decline_on_the_program_page(personas, ready_run, client_for):
    program = _publish_for_approval(personas, ready_run)
    pair = ready_run.pairs.get(mentee=personas.mentee)
    client = client_for(personas.mentee)
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "You are in this program" in page
    assert "Accept the match" in page and ">Decline</button>" in page
    assert f"proposes {pair.mentor.display_name} as your mentor" in page
    local = timezone.localtime(pair.expires_at)
    assert f"Answer by <time datetime=\"{local.isoformat()}\">{local.day} {local:%B %Y, %H:%M}" in page
    response = client.post(reverse("programs:match_respond", args=[pair.pk]),
                           {"answer": "accept", "back": "program"})
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:detail", args=[program.pk])
    pair.refresh_from_db()
    assert pair.mentee_accepted_at is not None
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "You accepted; waiting for the other person." in page
    assert "Accept the match" not in page


def test_the_mentor_can_decline_from_the_program_page(personas, ready_run, client_for):
    program = _publish_for_approval(personas, ready_run)
    pair = ready_run.pairs.get(mentor=personas.mentor2)
    client = client_for(personas.mentor2)
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert f"proposes {pair.mentee.display_name} as your mentee" in page
    client.post(reverse("programs:match_respond", args=[pair.pk]), {"answer": "decline",
                                                                     "back": "program"})
    pair.refresh_from_db()
    assert pair.status == "declined"
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "Accept the match" not in page


def test_nobody_else_sees_the_offer(personas, ready_run, client_for):
    program = _publish_for_approval(personas, ready_run)
    for person in (personas.outsider, personas.coordinator):
        page = client_for(person).get(reverse("programs:detail", args=[program.pk]))
        assert b"Accept the match" not in page.content
