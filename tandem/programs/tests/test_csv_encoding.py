"""A program's CSV downloads are UTF-8 with a byte-order mark (issue 16, item 24)."""

from django.urls import reverse


def test_it_sends_participants_and_matches_as_utf8_with_a_bom(personas, program, ready_run,
                                                             client_for):
    client = client_for(personas.coordinator)
    for address in (reverse("programs:participants_csv", args=[program.pk]),
                    reverse("programs:matches_csv", args=[ready_run.pk])):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Type"] == "text/csv; charset=utf-8", address
        assert response.content.startswith(b"\xef\xbb\xbf"), address
