"""Erasing a mentee with something in every app: afterwards every page and API address of
what they owned answers 404, their mentorship stays for the mentor with "Former member",
and no text column anywhere in the database holds anything they wrote."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tandem.privacy.services import account_erase
from tandem.privacy.tests.world import build_world

pytestmark = pytest.mark.django_db

# The audit log keeps each entry's actor label as it was written (it is append-only);
# its entries hold ids and field names, never content.
NOT_SEARCHED = {"core.auditentry"}


def database_text() -> str:
    """Every text-like column of every table, as one string."""
    chunks = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in NOT_SEARCHED:
            continue
        names = [f.attname for f in model._meta.concrete_fields
                 if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            chunks.extend(json.dumps(v) if not isinstance(v, str) else v for v in row
                          if v is not None)
    # Lower-cased: some columns are stored folded (journal tags, search text).
    return "\n".join(chunks).lower()


def _former_addresses(w) -> list[str]:
    o, rel = w.objects, w.relationship
    return [
        reverse("journal:entry", args=[o["entry_shared"].pk]),
        reverse("journal:entry", args=[o["entry_private"].pk]),
        reverse("journal:note_edit", args=[o["note_mia_shared"].pk]),
        reverse("feedback:report", args=[o["report_mia"].pk]),
        reverse("advocacy:resource", args=[o["resource_mia"].pk]),
        reverse("plans:item", args=[o["plan_item_mia"].pk]),
        reverse("growth:goal_edit", args=[o["goal"].pk]),
        f"/api/mentorships/{rel.pk}/goals/{o['goal'].pk}/comments",
        f"/api/me/goals/{o['goal'].pk}/milestones",
        f"/api/journal/{o['entry_shared'].pk}",
        f"/api/notes/{o['note_mia_shared'].pk}",
        f"/api/reports/{o['report_mia'].pk}",
        f"/api/plan-items/{o['plan_item_mia'].pk}",
    ]


def test_it_erases_a_mentee_and_keeps_the_mentors_content(personas, client_for):
    w = build_world(personas)
    mentor = client_for(personas.mentor)
    staff = client_for(personas.staff)
    addresses = _former_addresses(w)
    # Before: the mentor reads what Mia shared.
    assert mentor.get(addresses[0]).status_code == 200
    assert mentor.get(addresses[-1]).status_code == 200
    before = database_text()
    assert all(m.lower() in before for m in w.mia_markers), "the world should hold every marker"

    outcome = account_erase(actor=personas.mentee, confirmation="mia@example.com")
    assert outcome == "anonymised"

    for address in addresses:
        for client in (mentor, staff):
            assert client.get(address).status_code == 404, address

    text = database_text()
    left = [m for m in w.mia_markers if m.lower() in text]
    assert not left, f"the erased mentee's writing is still in the database: {left}"
    assert "mia@example.com" not in text
    assert "mia mentee" not in text
    # The mentor's own content stays, and so does the mentorship, closed.
    assert all(m.lower() in text for m in w.marta_markers), [
        m for m in w.marta_markers if m.lower() not in text]
    w.relationship.refresh_from_db()
    assert w.relationship.state == "ended_early"
    page = mentor.get(reverse("mentorships:detail", args=[w.relationship.pk]))
    assert page.status_code == 200
    assert b"Former member" in page.content
    assert mentor.get(reverse("journal:notes", args=[w.relationship.pk])).status_code == 200


def test_the_erased_person_cannot_sign_in_again(personas, client):
    from tandem.accounts.models import User

    build_world(personas)
    account_erase(actor=personas.mentee, confirmation="mia@example.com")
    user = User.objects.get(pk=personas.mentee.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.email.endswith("@erased.invalid")
    assert not client.login(email="mia@example.com", password="anything")
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(user=user).exists()
    assert not user.access_tokens.exists()


def test_it_ends_the_persons_sessions(personas, client_for):
    from django.contrib.sessions.models import Session

    elsewhere = client_for(personas.mentee)
    assert elsewhere.get("/me/data/").status_code == 200
    assert Session.objects.count() >= 1
    account_erase(actor=personas.mentee, confirmation="mia@example.com")
    assert elsewhere.get("/me/data/").status_code == 302


def test_it_deletes_an_account_nothing_refers_to(personas):
    from tandem.accounts.models import User

    outcome = account_erase(actor=personas.outsider, confirmation="oscar@example.com")
    assert outcome == "deleted"
    assert not User.objects.filter(pk=personas.outsider.pk).exists()


def test_it_is_all_or_nothing(personas, monkeypatch):
    """A failure in any app's hook leaves everything as it was."""
    from tandem.accounts.models import User
    from tandem.journal.models import JournalEntry

    w = build_world(personas)
    import tandem.safety.sections as safety_sections

    def boom(*, user):
        raise RuntimeError("disk full")

    monkeypatch.setattr(safety_sections, "erase_user", boom)
    with pytest.raises(RuntimeError):
        account_erase(actor=personas.mentee, confirmation="mia@example.com")
    assert User.objects.get(pk=personas.mentee.pk).email == "mia@example.com"
    assert JournalEntry.objects.filter(pk=w.objects["entry_private"].pk).exists()
    w.relationship.refresh_from_db()
    assert w.relationship.state == "active"


def test_the_export_holds_the_persons_data_and_no_one_elses_private_things(personas,
                                                                           client_for):
    w = build_world(personas)
    body = client_for(personas.mentee).post("/me/data/export.json").content.decode()
    # Everything Mia wrote is in her export, private notes included...
    missing = [m for m in w.mia_markers if m.lower() not in body.lower()]
    assert not missing, missing
    # ...but never Marta's private note, nor any token secret or hash.
    assert w.objects["note_marta_private"].body not in body
    assert "token_hash" not in body and "tdm_" not in body
    # And the mentor's export has her own private note but not Mia's.
    other = client_for(personas.mentor).post("/me/data/export.json").content.decode()
    assert w.objects["note_marta_private"].body in other
    assert w.objects["note_mia_private"].body not in other
    assert w.objects["entry_private"].body not in other


def test_a_second_erasure_of_the_same_account_is_refused(personas):
    from tandem.core.errors import Conflict

    stale = personas.mentee
    account_erase(actor=stale, confirmation="mia@example.com")
    with pytest.raises(Conflict):
        account_erase(actor=stale, confirmation="mia@example.com")
