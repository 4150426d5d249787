"""The guard for item 9 of issue 16: on the demo data (every feature used), no person's
timeline, record page or record export shows Python data or UTC clock times."""

from __future__ import annotations

import re

from django.urls import reverse

from tandem.mentorships.models import Relationship

PYTHON_DATA = re.compile(r"\[?\{'|\{&#x27;|<QuerySet|object at 0x|\bNone\b|\d{2}:\d{2} UTC")


def test_it_shows_no_python_data_on_any_demo_timeline_or_record(demo_data, client):
    rels = list(Relationship.objects.select_related("mentee", "mentor"))
    assert rels
    people = {}
    for rel in rels:
        for user in (rel.mentee, rel.mentor):
            people.setdefault(user.pk, user)
    for user in people.values():
        client.force_login(user)
        for address in [reverse("record:record"), reverse("record:record_markdown")] + [
                reverse("record:timeline", args=[rel.pk]) for rel in rels
                if user.pk in (rel.mentee_id, rel.mentor_id)]:
            response = client.get(address)
            assert response.status_code == 200, address
            found = PYTHON_DATA.findall(response.content.decode())
            assert not found, (user.email, address, found)
