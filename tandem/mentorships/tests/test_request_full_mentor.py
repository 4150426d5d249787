"""A mentor with no free place sees it on the request before answering, with the ways to
make room, and Accept is not the main button then."""

import re

from tandem.accounts.services import profile_update
from tandem.mentorships import services


def _answer_section(page: str) -> str:
    return page[page.index('id="answer-title"'):page.index("</section>", page.index(
        'id="answer-title"'))]


def test_it_tells_a_full_mentor_before_they_click(personas, ask, client_for):
    profile_update(actor=personas.mentor, profile=personas.mentor.profile,
                   changes={"mentor_capacity": 1})
    first, second = ask(), ask(mentee=personas.mentee2)
    services.request_accept(actor=personas.mentor, request=first)
    page = client_for(personas.mentor).get(f"/requests/{second.pk}/").content.decode()
    section = _answer_section(page)
    assert "All your 1 places are taken" not in section  # said properly for one place
    assert "Your only place is taken" in section
    assert 'href="/profile/"' in section and "raise your capacity" in section
    assert 'href="/mentorships/"' in section and "complete or end" in section
    assert "Full at the moment" in section
    accept = re.search(r'<button type="submit" class="([^"]*)">Accept</button>', section)
    assert accept and accept.group(1) != "button", "Accept must not be the main button"


def test_it_names_the_number_of_places_and_keeps_accept_primary_when_free(personas, ask,
                                                                         client_for):
    profile_update(actor=personas.mentor, profile=personas.mentor.profile,
                   changes={"mentor_capacity": 2})
    first, second, third = ask(), ask(mentee=personas.mentee2), ask(mentee=personas.outsider)
    client = client_for(personas.mentor)
    section = _answer_section(client.get(f"/requests/{second.pk}/").content.decode())
    assert "places are taken" not in section.split("You have")[0]
    assert '<button type="submit" class="button">Accept</button>' in section
    services.request_accept(actor=personas.mentor, request=first)
    services.request_accept(actor=personas.mentor, request=second)
    section = _answer_section(client.get(f"/requests/{third.pk}/").content.decode())
    assert "All your 2 places are taken" in section
    assert '<button type="submit" class="button">Accept</button>' not in section
