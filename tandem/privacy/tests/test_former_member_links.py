"""After an account is erased, the pages the former partner still reads name "Former
member" as plain text: no link to a profile page that answers 404 (issue 16, item 21)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tandem.mentorships.services import request_accept, request_create
from tandem.privacy.services import account_erase


@pytest.fixture
def erased_mentee(personas):
    goals = [g.pk for g in personas.mentee.career_goals.all()]
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!",
                         goal_ids=goals)
    rel = request_accept(actor=personas.mentor, request=req)
    account_erase(actor=personas.mentee, confirmation="mia@example.com")
    return req, rel


def _profile_links(html: str) -> list[str]:
    return re.findall(r'href="(/people/\d+/)"', html)


def test_it_links_no_erased_profile_from_the_mentorship_or_the_request(erased_mentee,
                                                                       personas, client_for):
    req, rel = erased_mentee
    mentor = client_for(personas.mentor)
    gone = reverse("directory:person", args=[personas.mentee.profile.pk])
    assert mentor.get(gone).status_code == 404
    for address in (reverse("mentorships:detail", args=[rel.pk]),
                    reverse("mentorships:request", args=[req.pk])):
        response = mentor.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert "Former member" in html
        assert gone not in html, address
        for link in _profile_links(html):
            assert mentor.get(link).status_code == 200, (address, link)
