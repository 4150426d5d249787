"""Kudos on a mentor's public page: only what mentees consented to share."""

from django.urls import reverse

from tandem.feedback import services
from tandem.mentorships.services import request_accept, request_create


def test_it_shows_consented_kudos_on_the_mentors_page_only(personas, client_for,
                                                           query_budget):
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    rel = request_accept(actor=personas.mentor, request=req)
    services.mentor_feedback_give(actor=personas.mentee, relationship=rel,
                                  what_helped="Private thanks", could_be_better="Be on time")
    services.mentor_feedback_give(actor=personas.mentee, relationship=rel,
                                  what_helped="Patient and precise.", kudos_consent=True)
    url = reverse("directory:person", args=[personas.mentor.profile.pk])
    page = client_for(personas.outsider).get(url).content.decode()
    assert "Kudos from mentees" in page and "Patient and precise." in page
    assert "Private thanks" not in page and "Be on time" not in page
    other = reverse("directory:person", args=[personas.mentor2.profile.pk])
    assert "Kudos from mentees" not in client_for(personas.outsider).get(other).content.decode()

    def make(n):
        for index in range(n):
            services.mentor_feedback_give(actor=personas.mentee, relationship=rel,
                                          what_helped=f"Thanks {index}", kudos_consent=True)

    query_budget(make=make, call=lambda: client_for(personas.outsider).get(url))
