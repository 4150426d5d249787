"""A completed mentorship has a certificate its two parties can keep or print: their
names, its dates, its program and the objectives they agreed on. Nobody else sees it, and
a mentorship that is still open or ended early has none."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from django.utils import timezone

from tandem.mentorships import services
from tandem.mentorships.models import Agreement, Relationship


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def agreed(rel, objectives):
    draft = services.agreement_propose(actor=rel.mentor, relationship=rel, changes={
        "objectives": [{"text": text, "goal_id": None} for text in objectives]})
    services.agreement_confirm(actor=rel.mentee, relationship=rel, version=draft.version)
    assert Agreement.objects.get(relationship=rel, version=draft.version).status == "confirmed"


def test_it_gives_the_two_parties_a_certificate_once_completed(relationship, client_for,
                                                               personas):
    rel = relationship
    agreed(rel, ["Lead my first team retrospective", "Give feedback that lands"])
    Relationship.objects.filter(pk=rel.pk).update(
        started_at=timezone.now() - timedelta(days=200))
    url = f"/mentorships/{rel.pk}/certificate/"
    assert client_for(rel.mentee).get(url).status_code == 404  # still open: no certificate
    services.relationship_complete(actor=rel.mentee, relationship=rel)

    for party in (rel.mentee, rel.mentor):
        page = client_for(party).get(url)
        assert page.status_code == 200
        text = text_of(page)
        assert (f"This certifies that {rel.mentee.display_name} was mentored by "
                f"{rel.mentor.display_name}") in text
        assert "Lead my first team retrospective" in text and "Give feedback that lands" in text
        assert re.search(r"\((6|7) months\)", text), text
    overview = client_for(rel.mentor).get(f"/mentorships/{rel.pk}/").content.decode()
    assert f'href="{url}"' in overview
    for other in (personas.outsider, personas.mentee2, personas.coordinator):
        assert client_for(other).get(url).status_code == 404


def test_a_mentorship_ended_early_has_no_certificate(relationship, client_for):
    rel = services.relationship_end_early(actor=relationship.mentor, relationship=relationship,
                                          reason="We agreed to stop.")
    assert client_for(rel.mentee).get(f"/mentorships/{rel.pk}/certificate/").status_code == 404
    overview = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/").content.decode()
    assert "/certificate/" not in overview


def test_the_certificate_escapes_names_and_objectives(relationship, client_for):
    rel = relationship
    agreed(rel, ["<script>alert(1)</script>"])
    rel.mentee.profile.display_name = "<b>Mia</b>"
    rel.mentee.profile.save(update_fields=["display_name"])
    services.relationship_complete(actor=rel.mentor, relationship=rel)
    body = client_for(rel.mentor).get(f"/mentorships/{rel.pk}/certificate/").content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert "<b>Mia</b>" not in body
